# Decorators: plain, with arguments, stacked, on methods, class decorators.
def trace(fn):
    def wrapper(*args, **kwargs):
        print('call', fn.__name__, args)
        return fn(*args, **kwargs)
    return wrapper
@trace
def add(a, b):
    return a + b
print(add(1, 2))
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return 'hi ' + name
print(hello('bo'))
def tag(t):
    def deco(fn):
        return lambda *a: '<%s>%s</%s>' % (t, fn(*a), t)
    return deco
@tag('b')
@tag('i')
def text(s):
    return s
print(text('x'))
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def one(): pass
@register
def two(): pass
print(registry, one is not None)
class Counter:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
    def __call__(self, *a):
        self.calls += 1
        return self.fn(*a)
@Counter
def square(x):
    return x * x
print(square(3), square(4), square.calls)
def add_greet(cls):
    cls.greet = lambda self: 'hello from ' + type(self).__name__
    return cls
@add_greet
class Person:
    pass
print(Person().greet())
def method_deco(fn):
    def w(self, *a):
        return fn(self, *a) * 2
    return w
class M:
    @method_deco
    def val(self, x):
        return x + 1
print(M().val(4))
def order(label):
    print('evaluating', label)
    def deco(fn):
        print('applying', label)
        return fn
    return deco
@order('outer')
@order('inner')
def f():
    pass
