# Generators as methods, __iter__ generators, pipelines, generator state.
class Tree:
    def __init__(self, val, *kids):
        self.val, self.kids = val, kids
    def __iter__(self):
        yield self.val
        for k in self.kids:
            yield from k
    def depth_first(self, depth=0):
        yield depth, self.val
        for k in self.kids:
            yield from k.depth_first(depth + 1)
t = Tree(1, Tree(2, Tree(4)), Tree(3, Tree(5), Tree(6)))
print(list(t), sum(t), max(t))
for d, v in t.depth_first():
    print('  ' * d + str(v))
def numbers():
    n = 0
    while True:
        yield n
        n += 1
def evens(src):
    return (x for x in src if x % 2 == 0)
def take(n, src):
    for i, x in enumerate(src):
        if i >= n:
            return
        yield x
print(list(take(5, evens(numbers()))))
def stateful():
    yield 'a'
    yield 'b'
g = stateful()
print(next(g))
for rest in g:
    print('rest', rest)
def gen_with_finally():
    try:
        yield 1
        yield 2
    finally:
        print('generator finalized')
# close explicitly: baton has no reference counting to finalize it at once
gf = gen_with_finally()
for v in gf:
    print('v', v)
    break
print('after break')
gf.close()
def running():
    yield 1
r = running()
print(list(r), list(r))
