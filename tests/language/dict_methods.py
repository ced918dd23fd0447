# dict methods, views, ordering, errors.
d = {'a': 1, 'b': 2}
d['c'] = 3
print(d, len(d), d['a'], d.get('z'), d.get('z', 0))
print(list(d.keys()), list(d.values()), list(d.items()))
print('a' in d, 'z' not in d, 1 in d)
print(d.pop('b'), d.pop('zz', 'dflt'), d)
print(d.setdefault('a', 100), d.setdefault('n', []), d)
d.update({'x': 9}, y=8)
d.update([('p', 1)])
print(d)
print(d.popitem(), d)
del d['n']
print(d)
e = dict(a=1, b=2)
f = dict([('k', 'v')])
g = dict.fromkeys('ab', 0)
print(e, f, g, dict(e, c=3), dict(zip('xy', [1, 2])))
print(e == {'b': 2, 'a': 1}, e != g)
print(e | {'c': 3}, {'a': 0} | e)
e |= {'z': 26}
print(e)
try:
    d['missing']
except KeyError as ex:
    print('KeyError:', ex)
try:
    {}.popitem()
except KeyError as ex:
    print('KeyError:', ex)
try:
    {[1]: 2}
except TypeError as ex:
    print('TypeError:', ex)
h = {1: 'int', 1.0: 'float', True: 'bool'}
print(h)
keys = e.keys()
e['new'] = 0
print(keys, len(keys), 'new' in keys)
print(e.values(), e.items())
cp = e.copy(); cp.clear(); print(cp, len(e))
ordered = {}
for k in ['z', 'y', 'x']:
    ordered[k] = len(ordered)
del ordered['y']
ordered['y'] = 'back'
print(ordered, list(reversed(ordered)))
print({k: v for k, v in sorted(ordered.items(), key=lambda kv: str(kv[1]))})
print(sorted({'b': 1, 'a': 2}), dict(sorted({'b': 1, 'a': 2}.items())))
