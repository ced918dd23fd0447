# compile(..., 'single') code run with separate globals and locals stores
# and loads names in the locals (pdb's `!x = 1` relies on it)
import sys

g, l = {}, {'n': 3}
exec(compile('n = 7\n', '<stdin>', 'single'), g, l)
print(l, 'n' in g)
exec(compile('m = n * 2\n', '<stdin>', 'single'), g, l)
print(sorted(l.items()))
sys.displayhook = lambda v: print('shown', v)
exec(compile('n + 1\n', '<stdin>', 'single'), g, l)
sys.displayhook = sys.__displayhook__
exec(compile('del n\n', '<stdin>', 'single'), g, l)
print(l)
