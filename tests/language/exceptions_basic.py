# try/except/else/finally ordering and flow.
def attempt(x):
    try:
        print('try', x)
        r = 10 // x
    except ZeroDivisionError:
        print('except')
        return 'err'
    else:
        print('else')
        return r
    finally:
        print('finally')
print(attempt(2))
print(attempt(0))
try:
    int('abc')
except (TypeError, ValueError) as e:
    print(type(e).__name__, e)
try:
    [][0]
except LookupError as e:
    print('LookupError caught', type(e).__name__)
try:
    {}['k']
except IndexError:
    print('wrong')
except KeyError as e:
    print('KeyError', e, e.args)
try:
    raise ValueError
except ValueError as e:
    print('bare class raised:', repr(e), e.args)
try:
    raise RuntimeError('with msg', 42)
except Exception as e:
    print(e, e.args, str(e), repr(e))
try:
    try:
        raise TypeError('inner')
    finally:
        print('inner finally')
except TypeError as e:
    print('outer caught', e)
e = None
try:
    1 / 0
except ZeroDivisionError as e:
    pass
try:
    print(e)
except NameError as ne:
    print('NameError:', ne)
def nested():
    try:
        try:
            raise KeyError('a')
        except KeyError:
            raise ValueError('b')
    except ValueError as v:
        return 'converted ' + str(v)
print(nested())
try:
    pass
except Exception:
    print('never')
else:
    print('no exception -> else')
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, LookupError), issubclass(StopIteration, Exception), issubclass(KeyboardInterrupt, Exception))
