# itertools: every function, compared with CPython's own module.
import itertools as it
from itertools import islice, count
print(list(islice(count(10, 5), 4)), list(islice(it.cycle('ab'), 5)), list(it.repeat('x', 3)))
print(list(it.chain('ab', [1, 2])), list(it.chain.from_iterable(['xy', 'z'])))
print(list(islice(range(10), 3)), list(islice(range(10), 2, 8, 2)), list(islice('abcdef', 3, None)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)), list(it.accumulate([1, 2], initial=100)))
print(list(it.product('ab', repeat=2)), len(list(it.product(range(3), range(4)))))
print(list(it.permutations('abc', 2)), len(list(it.permutations(range(5)))))
print(list(it.combinations('abcd', 2)), list(it.combinations_with_replacement('ab', 3)))
print(list(it.zip_longest('abc', [1], fillvalue=0)))
print([(k, list(g)) for k, g in it.groupby('aaabccdd')])
print([(k, len(list(g))) for k, g in it.groupby(sorted([3, 1, 3, 2, 1, 3]))])
print(list(it.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(it.starmap(pow, [(2, 5), (3, 2)])), list(it.pairwise('abcd')))
a, b = it.tee(range(4))
print(list(a), list(b))
print(list(it.filterfalse(lambda x: x % 2, range(7))), list(it.compress('abcdef', [1, 0, 1, 0, 1, 1])))
print(sum(1 for _ in it.combinations(range(10), 3)))
