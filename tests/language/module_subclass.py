# types.ModuleType can be subclassed (importlib.util's _LazyModule, runpy):
# methods, properties, __getattribute__, module.__class__ assignment to a
# subclass and back, vars(), sys.modules entries.
import types, sys
class M(types.ModuleType):
    x = 5
    def hello(self): return "hi " + self.__name__
    @property
    def p(self): return 42
m = M("mm", "docs")
print(m, m.__name__, m.__doc__, m.x, m.hello(), m.p, type(m).__name__, isinstance(m, types.ModuleType))
m.y = 3
print(m.y, sorted(k for k in m.__dict__ if not k.startswith('__')), vars(m)['y'])
import json
json.__class__ = M
print(type(json).__name__, json.hello(), json.dumps([1]))
json.__class__ = types.ModuleType
sys.modules['mm'] = m
import mm
print(mm is m)
class L(types.ModuleType):
    def __getattribute__(self, name):
        return "lazy:" + name
l = L("l")
print(l.anything)
import importlib.util
print(importlib.util.LazyLoader.__name__)
import runpy
print(runpy.run_module.__name__)
