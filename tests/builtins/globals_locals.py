# globals(), locals() basics.
x = 10
g = globals()
print(g['x'], 'g' in g, '__name__' in g, g['__name__'])
g['created_via_globals'] = 'yes'
print(created_via_globals)
def f(a, b=2):
    c = a + b
    return sorted(locals().items())
print(f(1))
def names():
    inner = 1
    return list(locals())
print(names())
