# atexit: callbacks run at exit, last registered first, with their arguments;
# unregister, errors reported without stopping the others, late registrations.
import atexit, sys
base = atexit._ncallbacks()   # CPython's site may have registered one
def f(*a, **k):
    print('f', a, sorted(k.items()))
def g():
    raise ValueError('boom')
def h():
    sys.exit(3)
atexit.register(f, 1, x=2, y=3)
atexit.register(g)
atexit.register(h)
atexit.register(f, 'second')
atexit.register(lambda: atexit.register(f, 'registered while exiting'))
atexit.register(print, 'print', 'with', 'args', sep='-')
print(atexit._ncallbacks() - base)
for bad in ((5,), ()):
    try:
        atexit.register(*bad)
    except TypeError as e:
        print(e)
print(atexit.register(f) is f)
atexit.unregister(f)
atexit.register(f, 'third')
atexit.unregister(len)
print(atexit._ncallbacks() - base)
print('end of script')
