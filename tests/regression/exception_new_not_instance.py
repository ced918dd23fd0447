# An exception class whose __new__ returns something else: raising the
# class, or throwing it into a generator, names the class in the TypeError.
class Bad(BaseException):
    def __new__(cls, *args):
        return 1

class Other(Exception):
    def __new__(cls, *args):
        return ValueError(*args)

def gen():
    yield

for how in ("raise class", "raise call", "throw"):
    try:
        if how == "raise class":
            raise Bad
        elif how == "raise call":
            raise Bad("x")
        else:
            gen().throw(Bad)
    except TypeError as e:
        print(how, e)

try:
    raise Other("swapped")
except ValueError as e:
    print(type(e).__name__, e)
g = gen()
next(g)
try:
    g.throw(Other, "v")
except ValueError as e:
    print("throw", type(e).__name__, e)
