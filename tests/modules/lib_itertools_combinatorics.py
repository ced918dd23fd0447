# itertools for small combinatorics puzzles.
from itertools import permutations, combinations, product, accumulate, groupby, count, islice
words = ['send', 'more']
print(sum(1 for p in permutations(range(10), 3) if p[0] != 0))
print([c for c in combinations(range(1, 10), 3) if sum(c) == 15][:5])
print(sum(1 for a, b, c in product(range(1, 7), repeat=3) if a + b + c == 10))
print(list(accumulate(range(1, 11), lambda a, b: a * b))[-1])
runs = [(k, len(list(g))) for k, g in groupby('aaabbbbccddddde')]
print(runs, max(runs, key=lambda kv: kv[1]))
triangular = (n * (n + 1) // 2 for n in count(1))
print(list(islice(triangular, 10)))
print(next(p for p in permutations('abcd') if p[0] == 'c' and p[3] == 'a'))
print(len(list(combinations('abcdefgh', 4))), len(list(product('ab', 'cd', 'ef'))))
