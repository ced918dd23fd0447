# compile(..., "single") of a complete compound statement compiles (only
# the interactive prompt waits for a blank line); expression statements
# print their value.
exec(compile("if 1: 10 + 1\n", "file", "single"))
exec(compile("for i in range(2): i\n", "file", "single"))
exec(compile("x = 5\n", "file", "single"))
exec(compile("x * 2", "file", "single"))
exec(compile("None", "file", "single"))
exec(compile("def f():\n    return 3\n", "file", "single"))
exec(compile("f()", "file", "single"))
for src in ("x = 1\ny = 2\n", "if 1:\n", "(1,"):
    try:
        compile(src, "file", "single")
        print("compiled", repr(src))
    except SyntaxError as e:
        print("SyntaxError", repr(src), e.msg)
