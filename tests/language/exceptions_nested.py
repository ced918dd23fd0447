# Nested handlers, exceptions in handlers, exceptions across calls.
def level3():
    raise KeyError('deep')
def level2():
    try:
        level3()
    except ValueError:
        print('not me')
def level1():
    try:
        level2()
    except KeyError as e:
        return 'level1 caught ' + repr(e)
print(level1())
try:
    try:
        raise ValueError('first')
    except ValueError:
        try:
            raise TypeError('second')
        except TypeError as e:
            print('inner handler', e)
        print('back in outer handler')
except Exception:
    print('never')
results = []
for v in ['1', 'x', '3', None]:
    try:
        results.append(int(v))
    except ValueError:
        results.append('bad')
    except TypeError:
        results.append('none')
print(results)
def gen():
    try:
        yield 1
        raise ValueError('from gen')
    except ValueError as e:
        yield 'handled ' + str(e)
print(list(gen()))
try:
    try:
        raise OSError('os')
    except OSError as e:
        raise
except OSError as e:
    print('outer', e)
import sys
try:
    raise ValueError('exc_info')
except ValueError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v)
print(sys.exc_info())
def handler_in_loop():
    total = 0
    for i in range(5):
        try:
            total += 10 // (i - 2)
        except ZeroDivisionError:
            continue
    return total
print(handler_in_loop())
