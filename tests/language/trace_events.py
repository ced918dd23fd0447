# sys.settrace: the events a trace function sees, as CPython reports them
import sys

events = []

def tracer(frame, event, arg):
    co = frame.f_code
    if co.co_filename != __file__:
        return None
    a = arg
    if event == 'exception':
        a = (arg[0].__name__, str(arg[1]))
    elif event == 'return' or event == 'call':
        a = arg if isinstance(arg, (int, str, type(None))) else type(arg).__name__
    events.append((event, co.co_name, frame.f_lineno - co.co_firstlineno, a))
    return tracer

def show(title):
    print(title)
    for e in events:
        print('  ', *e)
    events.clear()

def add(a, b):
    c = a + b
    return c

def loop(n):
    total = 0
    for i in range(n):
        total += i
    while n > 0:
        n -= 1
    return total

def raiser():
    raise ValueError("boom")

def catcher():
    try:
        raiser()
    except ValueError as e:
        x = 1
    finally:
        y = 2
    return 3

def tryfinally():
    try:
        return 1
    finally:
        z = 5

def gen(n):
    for i in range(n):
        yield i
    return 'end'

def use_gen():
    out = []
    for v in gen(2):
        out.append(v)
    return len(out)

def unwinds():
    raiser()

def one_liner(): return 7

class K:
    a = 1
    def m(self):
        return self.a

sys.settrace(tracer)
add(1, 2)
sys.settrace(None)
show('add')

sys.settrace(tracer)
loop(2)
sys.settrace(None)
show('loop')

sys.settrace(tracer)
catcher()
sys.settrace(None)
show('catcher')

sys.settrace(tracer)
tryfinally()
sys.settrace(None)
show('tryfinally')

sys.settrace(tracer)
use_gen()
sys.settrace(None)
show('generator')

sys.settrace(tracer)
try:
    unwinds()
except ValueError:
    pass
sys.settrace(None)
show('unwind')

sys.settrace(tracer)
one_liner()
K().m()
sys.settrace(None)
show('one-liner and method')

print(sys.gettrace())
sys.settrace(tracer)
print(sys.gettrace() is tracer)
sys.settrace(None)
print(sys.gettrace())
