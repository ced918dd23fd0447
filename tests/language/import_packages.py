# Packages: relative imports (from . / .. / .mod), __package__, __spec__,
# __path__, submodules as attributes, __all__ with import *, namespace
# packages, __import__ and importlib-style errors.
import sys

import _relpkg
print(_relpkg.A, _relpkg.beta.B, _relpkg.__package__, _relpkg.__spec__.name)
print(_relpkg.__spec__.parent, _relpkg.__spec__.submodule_search_locations == _relpkg.__path__)
print(_relpkg.__path__[0].endswith("_relpkg"), _relpkg.__file__.endswith("__init__.py"))
import _relpkg.sub
print(_relpkg.sub.SUB, _relpkg.sub.deep.__package__, _relpkg.sub.__spec__.parent)
from _relpkg.sub import deep as dp
print(dp.D, dp.__spec__.name, dp.__spec__.parent, "_relpkg.sub.deep" in sys.modules)
import _relpkg.alpha as al
print(al.A, al is sys.modules["_relpkg.alpha"])
from _relpkg import *
print(A, beta.__name__, gamma_value)
print(sorted(k for k in dir() if k in ("alpha", "_private", "hidden")))

import _nspkg.part.mod
print(_nspkg.part.mod.VALUE, _nspkg.__spec__.origin, _nspkg.__file__ if hasattr(_nspkg, "__file__") else "no file")
print(type(_nspkg.__path__).__name__ in ("list", "_NamespacePath"))

m = __import__("_relpkg.alpha")
print(m.__name__)
m = __import__("_relpkg.alpha", fromlist=["A"])
print(m.__name__)
m = __import__("alpha", globals={"__package__": "_relpkg", "__name__": "x"}, level=1)
print(m.__name__)

try:
    import _relpkg.missing
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, e.name)
try:
    from _relpkg import nothing_here
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
try:
    import _relpkg.alpha.notpkg
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    exec("from . import x", {"__name__": "top"})
except ImportError as e:
    print("ImportError:", e)
try:
    exec("from .. import x", {"__name__": "a.b", "__package__": "a"})
except ImportError as e:
    print("ImportError:", e)
sys.modules["_blocked"] = None
try:
    import _blocked
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)


class Fake:
    __all__ = ["x"]
    x = 1
    y = 2


sys.modules["_fake_mod"] = Fake()
ns = {}
exec("from _fake_mod import *", ns)
print(sorted(k for k in ns if not k.startswith("__")))
sys.modules["_replaced"] = "a string module"
import _replaced
print(_replaced)
