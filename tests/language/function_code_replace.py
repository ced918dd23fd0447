# types.FunctionType(code, globals, name, argdefs, closure) builds a
# function from a code object with CPython's checks, and code.replace()
# copies a code object with fields changed (types.coroutine uses co_flags).
import types

def f():
    return a

g1 = types.FunctionType(f.__code__, {"a": 1})
g2 = types.FunctionType(f.__code__, {"a": 2}, "renamed")
print(g1(), g2(), g2.__name__, g1.__name__, type(g1) is types.FunctionType)

def adder(x, y=10):
    return x + y

h = types.FunctionType(adder.__code__, globals(), None, (5,))
print(h(1), h.__defaults__)

def outer():
    z = 7
    def inner():
        return z
    return inner

inner = outer()
k = types.FunctionType(inner.__code__, {}, "k", None, inner.__closure__)
print(k(), inner.__code__.co_freevars)

for bad in ((None, {}), (f.__code__, None), (f.__code__, {}, 3), (f.__code__, {}, None, [1]),
            (inner.__code__, {}), (inner.__code__, {}, None, None, (1,)),
            (inner.__code__, {}, None, None, ()), (f.__code__, {}, None, None, 5)):
    try:
        types.FunctionType(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

c2 = f.__code__.replace(co_name="other")
print(c2.co_name, f.__code__.co_name, c2 is f.__code__, c2.co_varnames == f.__code__.co_varnames)
print(types.FunctionType(c2, {"a": 3})())

@types.coroutine
def gen():
    r = yield "step"
    return r * 2

async def main():
    return await gen()

co = main()
print(co.send(None))
try:
    co.send(21)
except StopIteration as e:
    print("result", e.value)
print(bool(gen.__code__.co_flags & 0x100))
