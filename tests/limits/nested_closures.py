# 100 levels of nested function closures built dynamically.
def make(n, inner):
    def f(x):
        return inner(x) + n
    return f
fn = lambda x: x
for i in range(100):
    fn = make(i, fn)
print(fn(0), fn(1000))
def chain(depth):
    if depth == 0:
        return lambda: 0
    prev = chain(depth - 1)
    return lambda: prev() + 1
print(chain(100)())
def counters(n):
    out = []
    for i in range(n):
        def c(i=i):
            return i * i
        out.append(c)
    return out
print(sum(c() for c in counters(1000)))
