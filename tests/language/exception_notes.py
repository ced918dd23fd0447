# add_note() and __notes__ (PEP 678): the argument checks, a __notes__ that
# is not a list, a deleted __notes__
e = ValueError()
for f in (lambda: e.add_note(), lambda: e.add_note(1), lambda: e.add_note("a", "b"), lambda: e.add_note(note="x")):
    try: f()
    except TypeError as x: print(x)
e.add_note("ok"); print(e.__notes__)
e.__notes__ = ("t",)
try: e.add_note("z")
except TypeError as x: print(x)
del e.__notes__
e.add_note("new"); print(e.__notes__)
