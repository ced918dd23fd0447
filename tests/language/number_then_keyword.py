# A number directly followed by a keyword that may follow it is two tokens
# (CPython warns on stderr); 'e' starting 'else' is not an exponent.
print(eval("1if 1else 0"), eval("1if 0else 2"), eval("1.5if 0else 2.5"))
print(eval("1and 0"), eval("1or 0"), eval("0x1for x in []") if False else eval("0x1f"))
print([x for x in [1, 2]if x>1], eval("[1e5for x in [1]]"), eval("1 in[1]"))
for src in ("1ex", "1e+", "0b1else 0", "1_else"):
    try:
        compile(src, "<s>", "eval")
        print(src, "compiled")
    except SyntaxError as e:
        print(src, "SyntaxError", e.msg)
