# Bugs found by outside test programs (issue 12): "%(k)s %s" % dict raises;
# StopIteration(42) from a user __next__ keeps its value through next(),
# yield from, enumerate, map and zip; gen.throw() passes its own arguments
# to a delegating iterator's throw(); built-in functions are hashable.
try:
    print("%(foo)s %s" % {"foo": 1})
except TypeError as e:
    print("TypeError:", e)


class It:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 2:
            raise StopIteration(42)
        return self.n


try:
    it = It(); next(it); next(it); next(it)
except StopIteration as e:
    print("next:", e.value)


def deleg():
    r = yield from It()
    print("yield from got", r)


print(list(deleg()))
for wrap in (enumerate, lambda x: map(str, x), lambda x: zip(x, x)):
    w = wrap(It())
    try:
        while True:
            next(w)
    except StopIteration as e:
        print("wrapped:", e.value)


class Thrower:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def throw(self, *args):
        print("throw got", [type(a).__name__ if not isinstance(a, int) else a for a in args])
        raise StopIteration("done")


def outer():
    return (yield from Thrower())


g = outer()
next(g)
try:
    g.throw(123)
except StopIteration as e:
    print("result", e.value)
g = outer()
next(g)
try:
    g.throw(ValueError)
except StopIteration as e:
    print("result", e.value)
print(hash(print) == hash(print), hash([].pop) is not None)
