# Native methods called through CALL's fast path (a method called on an
# instance of exactly its owner type) and through the checked path
# (subclass instances, wrong types, no self), and plain-function calls
# that take and skip push_frame's CO_SIMPLE shortcut.
class S(list): pass
print(str.upper("ab"), list.copy(S([1])), list.append.__name__)
l = []
list.append(l, 3); print(l)
for bad in [lambda: str.upper(5), lambda: list.append((), 1), lambda: dict.get([], 1), lambda: str.upper()]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
d = {"a": 1}
print(d.get("a"), d.get("b", 2), "x".join(["a", "b"]))
def f(a, b=2, *, c=3): return a + b + c
def g(*a): return a
def h(x):
    def inner(): return x
    return inner()
print(f(1), f(1, c=5), g(1, 2), h(4))
