# exec/eval with separate globals and locals, as dataclasses and typing use
# them: module-level names read the locals first, stores go to the locals.
g = {"base": 10}
l = {"x": 3}
exec("print(x, base)", g, l)
exec("y = x + base\ndef f():\n    return base * 2\nz = f()", g, l)
print(sorted(l), "y" in g, l["z"], l["y"])
print(eval("x * y", g, l), eval("base", g))
ns = {}
exec("def __create_fn__(a):\n    def inner(self):\n        return a\n    return inner", {}, ns)
print(ns["__create_fn__"](5)(None))
code = compile("w = 1\nprint(w, base)", "<gen>", "exec")
loc = {}
exec(code, g, loc)
print(loc)
exec("global q\nq = 7", g, l)
print(g["q"], "q" in l)
try:
    exec("print(undefined_name)", g, l)
except NameError as e:
    print("NameError:", e)


def scope():
    a = 1
    return eval("a + 1"), sorted(locals())


print(scope())
v = 0


def walrus_global():
    global v
    [v := i for i in range(3)]
    return v


print(walrus_global(), v)
