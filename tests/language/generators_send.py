# Generators: send, throw, close, try/finally inside.
def accumulator():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return total
g = accumulator()
print(next(g), g.send(5), g.send(10))
try:
    g.send(None)
except StopIteration as e:
    print('final', e.value)
def echo():
    try:
        while True:
            try:
                v = yield
                print('echo', v)
            except ValueError as e:
                print('caught', e)
    finally:
        print('cleanup')
e = echo()
next(e)
e.send(1)
e.throw(ValueError('boom'))
e.send(2)
e.close()
print('closed')
def gen():
    yield 1
g = gen()
try:
    g.send(5)
except TypeError as ex:
    print('TypeError:', ex)
def closer():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print('got GeneratorExit')
        raise
c = closer()
print(next(c))
c.close()
c.close()
print(list(c))
def thrower():
    yield 1
t = thrower()
next(t)
try:
    t.throw(KeyError('k'))
except KeyError as ex:
    print('propagated', repr(ex))
