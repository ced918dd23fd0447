# code.co_positions() and co_lines(): baton's instructions are not
# CPython's, so this compares the set of spans (without zero-width ones such
# as CPython's RESUME) and the lines past the def line.
def f(a, b, c):
    return a + b * c


def g(x):
    y = [x,
         x + 1]
    return len(y)


def spans(fn):
    return sorted(set(p for p in fn.__code__.co_positions()
                      if p[2] is not None and (p[2] != p[3] or p[0] != p[1])))


def lines(fn):
    code = fn.__code__
    return sorted(set(l for s, e, l in code.co_lines() if l != code.co_firstlineno))


for fn in (f, g):
    print(fn.__name__, spans(fn))
    print(fn.__name__, lines(fn))
p = next(iter(f.__code__.co_positions()))
print(type(p).__name__, len(p))
starts = [s for s, e, l in f.__code__.co_lines()]
print(starts == sorted(starts), starts[0])
