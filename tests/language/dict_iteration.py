# Dict iteration order, mutation during iteration, deletion and reinsertion.
d = {}
for k in 'hello world':
    d[k] = d.get(k, 0) + 1
print(d)
print(list(d)[:3], list(d.values())[-2:])
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print('RuntimeError:', e)
d2 = {i: i * i for i in range(6)}
for k in list(d2):
    if k % 2:
        del d2[k]
print(d2)
d2[1] = 'back'
print(d2, list(d2.items())[-1])
for k in d2:
    d2[k] = str(d2[k])
print(d2)
big = {}
for i in range(1000):
    big[str(i)] = i
for i in range(0, 1000, 2):
    del big[str(i)]
print(len(big), list(big)[:5], list(big)[-3:])
nested = {'a': {'b': {'c': 1}}}
print(nested['a']['b']['c'], nested.get('x', {}).get('y'))
inv = {v: k for k, v in {'x': 1, 'y': 2}.items()}
print(inv)
merged = {**{'a': 1, 'b': 2}, **{'b': 3, 'c': 4}}
print(merged, {1: 'a', True: 'b', 1.0: 'c'})
