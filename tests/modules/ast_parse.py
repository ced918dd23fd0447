# ast.parse (compile with PyCF_ONLY_AST) on a corpus of statements and
# expressions: ast.dump with positions (columns in UTF-8 bytes) must equal
# CPython's; also modes eval/single, compile() with the flag, syntax errors.
import ast

src = '''
import os, sys as s
from . import x
from ..a.b import (c as d, e)
x = 1 + 2 * (3 - y)
a, *b = f(1, *c, k=2, **d)
del a[1:2], b.c
x += 1
y: int = 3
(z): list[int]
def f(a, /, b=1, *c, d, e=2, **g) -> None:
    """doc"""
    global q
    return lambda x, y=3: x if y else not -x
@dec
class C(B, metaclass=M):
    pass
async def g():
    async with a as b, c:
        await x
    async for i in y: yield i
    yield from z
for i in range(3):
    break
else:
    continue
while x < y <= z is not None:
    pass
if a and b or c:
    pass
elif d:
    pass
else:
    pass
try:
    pass
except ValueError as e:
    raise X from e
except:
    pass
else:
    pass
finally:
    pass
with open(f) as (a, b):
    pass
assert x, "m"
print(f"a{b!r:>{w}} c {d=}")
l = [i for i in x if i], {i: j for i, j in y}, {k for k in z}, (g for g in h)
if (n := 10) > 5: pass
match p:
    case 1 | 2: pass
    case [a, *rest]: pass
    case {"k": v, **kw}: pass
    case Point(x=0, y=yy) as pt if yy > 0: pass
    case None: pass
    case _: pass
s = 'ü' + "é" + x
t = ..., b'x', 1.5, 2j, True
x = ("é" "ü"
     f"{a}" 'z')
@a.b(1)
@c
def h(*, k): ...
def n(x,): pass
lambda: 0
lambda *a, **k: a
x = 1  # type: int
print(x[1:2, ::3], x[...], -y ** 2, ~z, +w, a @ b, a // b % c << d >> e & f | g ^ h)
try:
    pass
except* (A, B):
    pass
class D: x: int = 1
nonlocal_ok = [*a, *b], {**c, 'k': 1}
neg = -1, - 2, x[-3:], -(4)
fs = (f"a{b:#x}c"
      f"d{e:>{w}}")
'''
print(ast.dump(ast.parse(src), include_attributes=True, indent=1))
print(ast.dump(ast.parse("x + 1", mode="eval"), include_attributes=True))
print(ast.dump(ast.parse("x = 1; y", mode="single")))
print(ast.dump(compile("a if b else c", "<s>", "eval", ast.PyCF_ONLY_AST)))
print(ast.dump(compile(b"del x", "<s>", "exec", ast.PyCF_ONLY_AST)))
print(ast.unparse(ast.parse("def f(a, b=2, *c, d=4, **e): return [x async for x in a]")))
print(ast.get_docstring(ast.parse('"""Doc."""\nx = 1')))
print([type(n).__name__ for n in ast.walk(ast.parse("for i in x: f(i)"))])
for bad in ["x +", "def f(:", "a = = 1", "f(**x, *y)"]:
    try:
        ast.parse(bad)
    except SyntaxError as e:
        print('SyntaxError', e.msg, e.lineno, e.offset)
