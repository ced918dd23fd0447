# types.SimpleNamespace, found as type(sys.implementation) the way Lib/types.py does.
import sys
SimpleNamespace = type(sys.implementation)
print(SimpleNamespace.__name__, SimpleNamespace.__module__, repr(SimpleNamespace))
n = SimpleNamespace(a=1, b='x')
print(n, n == SimpleNamespace(b='x', a=1), n != SimpleNamespace(a=2), n == 1, n.__reduce__())
try:
    SimpleNamespace(1)
except TypeError as e:
    print(e)
n.c = n
print(n)
del n.c
n.d = [1, 2]
print(n.a, vars(n), n, repr(SimpleNamespace()))
try:
    n.zz
except AttributeError as e:
    print(e)
print(sorted(k for k in vars(sys.implementation)), type(sys.implementation.name).__name__)
import time
info = time.get_clock_info('perf_counter')
print(type(info) is SimpleNamespace, info.monotonic, info.adjustable)
