# raise from, implicit context, re-raise, __cause__/__context__/__suppress_context__.
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError('converted') from e
except ValueError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    try:
        {}['k']
    except KeyError:
        raise RuntimeError('during handling')
except RuntimeError as e:
    print(repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        raise TypeError('a')
    except TypeError:
        raise ValueError('b') from None
except ValueError as e:
    print(e.__cause__, repr(e.__context__), e.__suppress_context__)
def reraise():
    try:
        raise KeyError('orig')
    except KeyError:
        print('logging and re-raising')
        raise
try:
    reraise()
except KeyError as e:
    print('re-raised', repr(e))
def reraise_as():
    try:
        raise IndexError('idx')
    except IndexError as err:
        raise err
try:
    reraise_as()
except IndexError as e:
    print('again', e)
try:
    raise ValueError('no ctx')
except ValueError as e:
    print(e.__context__, e.__cause__)
err = RuntimeError('stored')
try:
    raise err
except RuntimeError as e:
    print(e is err)
try:
    raise TypeError('t') from ValueError('v')
except TypeError as e:
    print(type(e.__cause__).__name__, e.__cause__)
