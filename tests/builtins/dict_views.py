# dict views: live updates, set operations, iteration.
d = {'a': 1, 'b': 2, 'c': 3}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it)
d['d'] = 4
del d['a']
print(list(k), list(v), list(it), len(k))
print(k & {'b', 'x'}, sorted(k | {'z'}), sorted(k - {'b'}), ('b', 2) in it, 3 in v)
print(sorted(k ^ {'b', 'q'}), k == {'b', 'c', 'd'}, isinstance(list(k), list))
for key, val in d.items():
    print(key, '=>', val)
print(list(reversed(d.keys())), list(reversed(d.values())))
try:
    for key in d:
        d['new' + key] = 0
except RuntimeError as e:
    print('RuntimeError:', e)
e = {}
print(list(e.items()), e.keys(), len(e.values()))
