# frame.f_lineno set by a trace function: the jump and CPython's refusals
import sys

def f():
    x = 1
    x = 2
    for i in range(2):
        x += 10
    print('x', x)
    return x

def tr(frame, ev, arg):
    if frame.f_code.co_name != 'f':
        return tr
    rel = frame.f_lineno - frame.f_code.co_firstlineno
    if ev == 'call':
        try:
            frame.f_lineno = 5
        except ValueError as e:
            print(e)
    if ev == 'line':
        print('line', rel)
        if rel == 1 and not hasattr(tr, 'done'):
            tr.done = 1
            frame.f_lineno += 1          # skip x = 1
        elif rel == 4:
            for target in (100, -100):
                try:
                    frame.f_lineno = frame.f_code.co_firstlineno + target
                except ValueError as e:
                    print(e.args[0].replace(str(frame.f_code.co_firstlineno + target), 'N'))
            try:
                frame.f_lineno = 'a'
            except ValueError as e:
                print(e)
        elif rel == 5:
            frame.f_lineno = frame.f_code.co_firstlineno + 6   # skip the print
    if ev == 'return':
        try:
            frame.f_lineno = frame.f_code.co_firstlineno + 1
        except ValueError as e:
            print(e)
    return tr

try:
    sys._getframe().f_lineno = 3
except ValueError as e:
    print(e)
sys.settrace(tr)
print('result', f())
sys.settrace(None)
try:
    del sys._getframe().f_lineno
except AttributeError as e:
    print(e)
