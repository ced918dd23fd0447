# import forms: import m, import as, from m import a, b, re-import is cached.
import _helper_mod
import _helper_mod as hm
from _helper_mod import greet, Thing
from _helper_mod import VALUE as V, bump
import _helper_pkg_a
print(_helper_mod.VALUE, hm is _helper_mod, V)
print(greet('world'), Thing(3))
print(bump(), bump(), _helper_mod.counter)
print(_helper_pkg_a.double_value())
print(_helper_mod.__name__, hm._private)
import sys
print('_helper_mod' in sys.modules)
import math, string
print(math.floor(2.5), string.digits)
try:
    from _helper_mod import nope
except ImportError as e:
    print('ImportError:', str(e).split(' (')[0])
try:
    import no_such_module_xyz
except ImportError as e:
    print(type(e).__name__, e)
def local_import():
    from _helper_mod import greet as g
    return g('local')
print(local_import())
print(type(_helper_mod).__name__)
