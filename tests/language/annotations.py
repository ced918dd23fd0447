# Annotations evaluated into __annotations__: functions (parameters, *args,
# **kwargs, return), module and class bodies (also inside if/for), names
# annotated without a value; none for function locals or lambdas.
def f(x: int, *a: str, y: 'float' = 2, **k: list) -> bool:
    pass
print(f.__annotations__)
class C:
    a: int
    b: str = 'x'
    print(__annotations__)
print(C.__annotations__)
x: int = 3
y: 'hello'
print(__annotations__)
class D:
    if True:
        z: list[int]
    for i in range(1):
        w: 'x' = 1
print(D.__annotations__)
def g():
    local: undefined_name = 1
    return local
print(g(), g.__annotations__)
lam = lambda q: q
print(lam.__annotations__)
(p): int = 5
print(__annotations__)
