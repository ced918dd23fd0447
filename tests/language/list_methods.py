# list methods and operators.
a = [3, 1, 4, 1, 5]
a.append(9); print(a)
a.extend([2, 6]); print(a)
a.insert(0, 'first'); a.insert(100, 'last'); a.insert(-1, 'x'); print(a)
print(a.pop(), a.pop(0), a.pop(-1), a)
a.remove(1); print(a, a.index(5), a.count(1), a.count(7))
a.reverse(); print(a)
a.sort(); print(a)
a.sort(reverse=True); print(a)
b = a.copy(); b.append(0); print(a, b)
b.clear(); print(b, len(a))
print([1, 2] + [3], [0] * 3, 3 * [1, 2], [] * 5)
print([1, 2, 3] == [1, 2, 3], [1, 2] < [1, 2, 3], [2] > [1, 9])
print(2 in [1, 2], [1] in [[1], 2], len([[], []]))
try:
    [].pop()
except IndexError as e:
    print('IndexError:', e)
try:
    [1].remove(2)
except ValueError as e:
    print('ValueError:', e)
try:
    [1].index(2)
except ValueError as e:
    print('ValueError:', e)
try:
    [1, 2][5]
except IndexError as e:
    print('IndexError:', e)
try:
    x = [1]
    x[3] = 0
except IndexError as e:
    print('IndexError:', e)
nested = [[0] * 2 for _ in range(2)]
nested[0][0] = 1; print(nested)
shared = [[0] * 2] * 2
shared[0][0] = 1; print(shared)
c = [5, 3, 8]
del c[1]; print(c)
print(list('abc'), list(range(3)), list((1, 2)), list({'a': 1}))
print(a.index(4, 1), [1, 2, 1].index(1, 1))
words = ['bb', 'a', 'ccc', 'dd']
words.sort(key=len); print(words)
print(sorted([3, 1, 2]), [1, 2] * 0, [None] * 2)
