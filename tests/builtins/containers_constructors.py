# list/tuple/dict/set/frozenset constructors from many iterables.
print(list(), list('ab'), list((1, 2)), list(range(3)), list({'x': 1, 'y': 2}), list({5}))
print(tuple(), tuple('ab'), tuple([1, [2]]), tuple(x for x in range(3)))
print(dict(), dict(a=1), dict([('a', 1), ('b', 2)]), dict({'k': 'v'}, z=0), dict(zip('ab', 'cd')))
print(set(), set('aab') == {'a', 'b'}, set([3, 3, 1]), set(range(4)), set({1: 2}))
print(frozenset(), frozenset([1, 1]), frozenset('a'))
try:
    dict([1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    dict([('a', 1, 2)])
except ValueError as e:
    print('ValueError:', e)
try:
    list(5)
except TypeError as e:
    print('TypeError:', e)
l = [1, 2]
l2 = list(l)
l2.append(3)
print(l, l2, l is not l2)
print(list(map(int, '123')), tuple(enumerate('ab')), dict(enumerate('xy')))
print(dict.fromkeys([1, 2]), dict.fromkeys('ab', []))
