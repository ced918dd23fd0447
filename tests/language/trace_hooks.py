# sys.settrace / setprofile: local trace functions, errors in hooks,
# opcode events, f_locals writes, threads, profile events
import sys
import threading

def short(fr):
    return fr.f_code.co_name, fr.f_lineno - fr.f_code.co_firstlineno

def work(n):
    s = 0
    for i in range(n):
        s += i
    return s

# a global trace function returning another (local) function, or None
log = []
def local(frame, event, arg):
    log.append(('local', event) + short(frame))
    return local
def glob(frame, event, arg):
    log.append(('global', event) + short(frame))
    if frame.f_code.co_name == 'work':
        return local
    return None
def outer():
    return work(2)
sys.settrace(glob)
outer()
sys.settrace(None)
for e in log: print(*e)
log.clear()

# a local trace function returning None keeps the frame traced
def keep(frame, event, arg):
    log.append((event,) + short(frame))
    return None
def first(frame, event, arg):
    frame.f_trace = keep
    return None
sys.settrace(first)
work(1)
sys.settrace(None)
print(log)
log.clear()

# an exception in the trace function turns tracing off and propagates
def bad(frame, event, arg):
    if event == 'line':
        raise KeyError('from tracer')
    return bad
sys.settrace(bad)
try:
    work(3)
except KeyError as e:
    print('caught', e, sys.gettrace())

# f_trace_opcodes: an 'opcode' event before each instruction (counted)
ops = []
def opc(frame, event, arg):
    if frame.f_code.co_name != 'work':
        return None
    frame.f_trace_opcodes = True
    ops.append(event)
    return opc
sys.settrace(opc)
work(1)
sys.settrace(None)
print('opcode' in ops, ops[0], ops[-1])

# f_trace_lines = False: no line events
def nolines(frame, event, arg):
    frame.f_trace_lines = False
    log.append(event)
    return nolines
sys.settrace(nolines)
work(2)
sys.settrace(None)
print(log)
log.clear()

# writes to f_locals from a trace function reach the frame
def setter(frame, event, arg):
    if event == 'line' and frame.f_code.co_name == 'victim' and \
            frame.f_lineno - frame.f_code.co_firstlineno == 2:
        frame.f_locals['x'] = 42
    return setter
def victim():
    x = 1
    return x
sys.settrace(setter)
print('victim', victim())
sys.settrace(None)

# the trace function is not traced, and sees the frame objects
seen = []
def tr(frame, event, arg):
    seen.append(frame is sys._getframe(1))
    return tr
sys.settrace(tr)
work(1)
sys.settrace(None)
print(all(seen), len(seen) > 0)

# threads: sys.settrace is per thread; threading.settrace is for new ones
tlog = []
def ttrace(frame, event, arg):
    if event == 'call':
        tlog.append((threading.current_thread().name, frame.f_code.co_name))
    return None
def in_thread():
    sys.settrace(ttrace)
    work(1)
    sys.settrace(None)
t = threading.Thread(target=in_thread, name='T1')
t.start(); t.join()
work(1)
print(tlog)
tlog.clear()
threading.settrace(ttrace)
print(threading.gettrace() is ttrace)
t = threading.Thread(target=work, args=(2,), name='T2')
t.start(); t.join()
threading.settrace(None)
print([x for x in tlog if x[1] == 'work'], sys.gettrace())

# setprofile: call/return of Python functions, c_call/c_return of built-ins
plog = []
def prof(frame, event, arg):
    name = arg.__name__ if event.startswith('c_') else frame.f_code.co_name
    plog.append((event, name))
def pwork():
    x = len([1, 2])
    try:
        int('x')
    except ValueError:
        pass
    try:
        divmod(1, 0)
    except ZeroDivisionError:
        pass
    return x
sys.setprofile(prof)
pwork()
sys.setprofile(None)
print(plog)
print(sys.getprofile())

# generators: a frame object lives across suspensions
gframes = []
def gtr(frame, event, arg):
    if frame.f_code.co_name == 'g':
        gframes.append((event, id(frame)))
    return gtr
def g():
    yield 1
    yield 2
sys.settrace(gtr)
list(g())
sys.settrace(None)
print([e for e, _ in gframes], len({i for _, i in gframes}))
