# sys: argv, platform, recursion limit, stdout.write, maxsize, version type checks.
import sys
print(len(sys.argv), type(sys.argv[0]).__name__, sys.argv[0].endswith('sys_basic.py'))
print(sys.platform, type(sys.version).__name__)
print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
n = sys.stdout.write('written directly\n')
print(n)
print(sys.maxsize == 2 ** 63 - 1, type(sys.modules).__name__, 'sys' in sys.modules)
print(isinstance(sys.path, list))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print('ValueError:', e)
