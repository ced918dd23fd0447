# User exception classes, hierarchy, attributes, str/repr.
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, name):
        super().__init__('not found: ' + name)
        self.name = name
class Invalid(AppError):
    def __init__(self, field, reason):
        self.field = field
        self.reason = reason
    def __str__(self):
        return '%s is invalid (%s)' % (self.field, self.reason)
for exc in [NotFound('x.txt'), Invalid('age', 'negative'), AppError('generic'), AppError()]:
    try:
        raise exc
    except NotFound as e:
        print('NotFound', e, e.name, e.args)
    except AppError as e:
        print(type(e).__name__, '|', e, '|', repr(e), '|', e.args)
print(issubclass(NotFound, AppError), issubclass(NotFound, Exception), isinstance(NotFound('a'), BaseException))
print([c.__name__ for c in NotFound.__mro__])
class WithDefault(ValueError):
    def __init__(self, msg='default message'):
        super().__init__(msg)
try:
    raise WithDefault
except ValueError as e:
    print('caught as ValueError:', e)
print(repr(Exception('a', 1)), str(Exception('a', 1)), str(Exception()), repr(Exception()))
print(repr(KeyError('k')), str(KeyError('k')), str(KeyError('a', 'b')))
e = ValueError('x')
e.extra = 5
print(e.extra, e.args)
class Tagged(Exception):
    code = 7
try:
    raise Tagged('t')
except Exception as e:
    print(e.code, type(e) is Tagged)
