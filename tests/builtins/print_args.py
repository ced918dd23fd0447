# print: sep, end, file, flush, multiple args, no args.
import sys
print()
print('a', 'b', 'c')
print('a', 'b', sep='')
print('a', 'b', sep=' -> ', end='!\n')
print(1, 2, end='')
print(' same line')
print('x', sep=None, end=None)
print(*range(5), sep=',')
print('to stdout', file=sys.stdout)
print('flushed', flush=True)
print(None, True, 1.5, [1, 'a'], {'k': (1,)})
print('multi\nline')
print('', '', sep='|')
print(*[], sep='x')
try:
    print('x', sep=5)
except TypeError as e:
    print('TypeError:', e)
class W:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
w = W()
print('into', 'object', file=w)
print(w.parts)
sys.stdout.write('direct write\n')
