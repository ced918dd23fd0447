# Deep recursion raises RecursionError, which is caught; the program continues.
import sys
def down(n):
    return down(n + 1) + 1
try:
    down(0)
except RecursionError as e:
    print('RecursionError:', e)
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
d = depth(0)
print(d > 100, d <= sys.getrecursionlimit())
print('still running', sum(range(10)))
try:
    down(0)
except RecursionError:
    print('caught again')
