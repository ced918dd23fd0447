# sort/sorted: keys, reverse, stability, tuples, custom objects.
data = [('b', 2), ('a', 2), ('c', 1), ('d', 3), ('e', 1)]
print(sorted(data, key=lambda t: t[1]))
print(sorted(data, key=lambda t: t[1], reverse=True))
print(sorted(data))
print(sorted([5, -3, 2, -8], key=abs), sorted(['b', 'A', 'c'], key=str.lower))
nums = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = ['pear', 'fig', 'apple', 'kiwi', 'banana', 'date']
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)))
print(sorted(words, key=len, reverse=True))
recs = [{'n': 'x', 'age': 30}, {'n': 'y', 'age': 25}, {'n': 'z', 'age': 30}]
print([r['n'] for r in sorted(recs, key=lambda r: r['age'])])
print(sorted('hello'), sorted({3: 'a', 1: 'b'}), sorted((2, 1)), sorted(range(5, 0, -1)))
print(sorted([1.5, 1, -2, 0.5]), sorted([[2, 1], [1, 2], [1]]))
big = [(i * 7919) % 1000 for i in range(1000)]
s = sorted(big)
print(s[:5], s[-5:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
stable = sorted([(i % 3, i) for i in range(12)], key=lambda t: t[0])
print(stable)
try:
    sorted([1, 'a'])
except TypeError as e:
    print('TypeError:', e)
lst = [3, 2, 1]
print(lst.sort(), lst)
print(sorted([], reverse=True), sorted([True, False, 0, 1]))
