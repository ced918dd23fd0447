# The C _abc under Lib/abc.py: abstract methods (properties, static and
# class methods too), register() and its caches, the collection flags that
# make registered and collections.abc classes match as sequences/mappings,
# _get_dump/_reset_*, the errors, and registered classes staying collectable.
import abc, collections.abc as cabc, sys
print('_abc' in sys.modules, abc.ABCMeta.__module__)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
    @property
    @abc.abstractmethod
    def p(self): ...
print(sorted(A.__abstractmethods__))
try: A()
except TypeError as e: print(e)
class B(A):
    def f(self): return 1
print(sorted(B.__abstractmethods__))
class C(B):
    p = 3
print(C().f(), C.__abstractmethods__)
class X: pass
A.register(X)
print(issubclass(X, A), isinstance(X(), A), issubclass(int, A))
print(abc.get_cache_token() >= 1)
class MySeq:
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i
    def __len__(self): return 3
cabc.Sequence.register(MySeq)
class SubSeq(MySeq): pass
def m(x):
    match x:
        case [a, b, *rest]: return ('seq', a, b)
        case {'k': v}: return ('map', v)
        case _: return 'other'
import collections, array, types
print(m(MySeq()), m(SubSeq()), m(collections.deque([1,2,3])), m(array.array('i',[4,5])))
print(m(types.MappingProxyType({'k': 9})), m(collections.OrderedDict(k=1)), m("ab"))
class M(cabc.Mapping):
    def __getitem__(self, k): return 5
    def __len__(self): return 1
    def __iter__(self): return iter(['k'])
print(m(M()), '__abc_tpflags__' in cabc.Sequence.__dict__)
print(isinstance([], cabc.Iterable), isinstance(3, cabc.Iterable), issubclass(dict, cabc.Mapping))
print(isinstance({}.keys(), cabc.Set), issubclass(list, cabc.Hashable), issubclass(int, cabc.Hashable))
r, c, n, v = abc._get_dump(A)
print(sorted(x().__name__ for x in r), type(v))
abc._reset_registry(A); abc._reset_caches(A)
print(issubclass(X, A))
try: A.register(3)
except TypeError as e: print(e)
try: issubclass(3, A)
except TypeError as e: print(e)
class H:
    @classmethod
    def __subclasshook__(cls, C): return 42
class HH(H, metaclass=abc.ABCMeta): pass
try: issubclass(int, HH)
except AssertionError as e: print(e)
print(type(A._abc_impl).__name__, A.__flags__ & (1<<20) != 0, cabc.Sequence.__flags__ & 32, cabc.Mapping.__flags__ & 64)
try:
    A.register(B); B.register(A)
except RuntimeError as e: print(e)
import gc
class Tmp: pass
A.register(Tmp); del Tmp; gc.collect()
print(len(abc._get_dump(A)[0]))
