# eval(), exec() and compile() take any bytes-like source (bytearray,
# memoryview), decoded like bytes.
print(eval(bytearray(b"1 + 1")), eval(memoryview(b"2 * 3")))
exec(bytearray(b"x = 5\nprint(x)"))
exec(memoryview(b"print('mv')"))
c = compile(bytearray(b"40 + 2"), "<buf>", "eval")
print(eval(c))
for bad in (1, [b"1"], None):
    try:
        eval(bad)
    except TypeError as e:
        print(e)
try:
    exec(bytearray(b"1 +"))
except SyntaxError as e:
    print("SyntaxError", e.msg)
