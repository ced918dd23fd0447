# setrecursionlimit higher, then recurse 5000 deep.
import sys
old = sys.getrecursionlimit()
sys.setrecursionlimit(12000)
print(sys.getrecursionlimit())
def count(n):
    return 0 if n == 0 else 1 + count(n - 1)
print(count(5000))
def sum_list(xs, i=0):
    if i == len(xs):
        return 0
    return xs[i] + sum_list(xs, i + 1)
print(sum_list(list(range(5000))))
sys.setrecursionlimit(old)
print(sys.getrecursionlimit() == old)
