# Relative imports: from . import x, from .. import x, from .mod import x,
# and CPython's ImportErrors outside a package.
import _relimp
import _relimp.inner
print(_relimp.value, _relimp.sub.where(), _relimp.name)
print(_relimp.inner.parent_sub.value, _relimp.inner.where())
print(_relimp.inner.deep.value, _relimp.inner.deep.w(), _relimp.inner.deep.level)
try:
    exec('from . import something', {'__name__': 'toplevel'})
except ImportError as e:
    print(type(e).__name__, e)
try:
    exec('from ... import something', {'__name__': 'a.b', '__package__': 'a'})
except ImportError as e:
    print(type(e).__name__, e)
