# except* in a class body, a coroutine and exec'd code
class C:
    try:
        raise ExceptionGroup("cls", [ValueError(1)])
    except* ValueError as e:
        caught = repr(e)
print(C.caught, hasattr(C, "e"))
async def co():
    try:
        raise ExceptionGroup("co", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        return_value = repr(e)
    except* TypeError:
        pass
    return return_value
c = co()
try:
    c.send(None)
except StopIteration as s:
    print(s.value)
exec("try:\n    raise ValueError(3)\nexcept* ValueError as e:\n    print('exec', repr(e))\n", {})
