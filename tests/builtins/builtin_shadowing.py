# Built-in names can be shadowed locally and globally, and restored.
def f():
    list = 'local list'
    return list
print(f(), list('ab'))
sum = lambda xs: 'shadowed sum'
print(sum([1, 2]))
del sum
print(sum([1, 2]))
import builtins
print(builtins.len('abc'), builtins.max(1, 2), hasattr(builtins, 'print'))
def uses_max():
    return max(3, 4)
max = min
print(uses_max())
del max
print(uses_max())
