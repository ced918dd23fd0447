# product, permutations, combinations, combinations_with_replacement:
# every output against a reference built from the definitions, edge cases
# (r = 0, r > n, empty pools), and result tuples that stay valid.
from itertools import product, permutations, combinations, combinations_with_replacement as cwr


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


def ref_product(*pools, repeat=1):
    pools = [tuple(p) for p in pools] * repeat
    result = [[]]
    for pool in pools:
        result = [x + [y] for x in result for y in pool]
    return [tuple(r) for r in result]


ok = True
for n in range(5):
    s = 'abcde'[:n]
    for r in range(6):
        c = list(combinations(s, r))
        p = list(permutations(s, r))
        w = list(cwr(s, r))
        ok &= c == [x for x in p if list(x) == sorted(x)]
        ok &= w == [x for x in ref_product(s, repeat=r) if list(x) == sorted(x)]
        ok &= len(set(p)) == len(p) and all(len(set(x)) == r for x in p)
        ok &= list(product(s, repeat=r)) == ref_product(s, repeat=r)
print(ok)
print(list(product('ab', range(2))), list(product()), list(product('ab', [])), list(product('a', repeat=0)))
print(list(permutations(range(3))), list(permutations('ab', 3)), list(permutations('ab', 0)))
print(list(combinations('abcd', 2)), list(combinations('ab', 3)), list(combinations(range(4), 0)))
print(list(cwr('abc', 2)), list(cwr('', 2)), list(cwr('', 0)), list(permutations('abc', r=None))[-1])
kept = list(product('ab', 'cd'))
print(kept, len(list(product(range(4), repeat=4))), len(list(permutations(range(6)))))
print(sum(1 for _ in combinations(range(20), 3)), sum(1 for _ in cwr(range(10), 4)))
for bad in [lambda: product(1), lambda: product('a', repeat=-1), lambda: product('a', x=1),
            lambda: product('a', repeat='x'), lambda: permutations('a', -1), lambda: permutations('a', 'x'),
            lambda: permutations('a', 1.0), lambda: permutations(), lambda: combinations('a', -1),
            lambda: combinations('a'), lambda: cwr('a', -1), lambda: cwr('a'), lambda: combinations(5, 2)]:
    t(bad)
