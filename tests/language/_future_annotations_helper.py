# Helper for future_annotations.py: annotations kept as their normalised source text.
from __future__ import annotations
def f(x: int, *a: list[str], y: 'float' = 2, **k: dict[str, int | None]) -> Callable[[int], str]:
    pass
print(f.__annotations__)
class C:
    a: int
    b: x.y.z[1:2, ::3] = 'x'
    c: (lambda a, *b, c=1: a) if q else {1: 2, **d}
    d: -x ** 2 + (a or b and not c) * [i for i in y if i] @ f(*a, b=1, **k)
    f: {1, 2} | {'a': 1}.keys() >> 3
    g: 1 .real + 1.5 + 1e300 * 1e300 + 2j
    h: f'{x!r:>{w}} {{a}}'
    k: ...
    l: (x for x in y)
    m: -(-1) ** -x
print(C.__annotations__)
