# compare: stderr -- inside a group: SyntaxErrors (their text and caret lines
# get no margin), multi-line messages and notes, a note whose str() fails,
# __notes__ that is not a list (its repr, with no newline)
try:
    compile("x = (1 +\n", "<s>", "exec")
except SyntaxError as e:
    s = e
try:
    compile("x = 1 +\n", "f.py", "exec")
except SyntaxError as e:
    s2 = e
v = ValueError("a\nb")
v.add_note("n1\n")
v.__notes__.append(3)
class B:
    def __str__(self): raise KeyError
v.__notes__.append(B())
k = KeyError("x")
k.__notes__ = 5
raise ExceptionGroup("g\nh", [s, s2, v, k])
