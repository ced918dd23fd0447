# functools.partial in callbacks, with keywords overriding, and reduce pipelines.
from functools import partial, reduce
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
cube = partial(power, exp=3)
print([square(i) for i in range(5)], cube(3), square(2, exp=10))
two_to = partial(power, 2)
print([two_to(i) for i in range(8)])
def log(level, msg, *, sep=': '):
    return level + sep + msg
warn = partial(log, 'WARN')
print(warn('disk low'), warn('x', sep=' - '), partial(warn, sep='|')('y'))
compose = lambda *fs: reduce(lambda f, g: lambda x: g(f(x)), fs)
pipeline = compose(lambda x: x + 1, square, str)
print(pipeline(4), type(pipeline(4)).__name__)
print(reduce(lambda acc, w: acc + len(w), ['ab', 'cde', ''], 0))
print(reduce(max, [3, 9, 2]), reduce(lambda d, kv: {**d, kv[0]: kv[1]}, [('a', 1), ('b', 2)], {}))
