# sys.displayhook / sys.__displayhook__: print repr, set builtins._
import builtins
import sys

print(sys.displayhook is sys.__displayhook__)
sys.displayhook(None)
print(hasattr(builtins, '_'))
sys.displayhook([1, 'a'])
print(builtins._)
sys.displayhook(None)
print(builtins._)
try:
    sys.displayhook()
except TypeError as e:
    print(e)
old = sys.stdout
sys.stdout = None
try:
    sys.displayhook(5)
except RuntimeError as e:
    sys.stdout = old
    print(e)
