# compare: stderr -- __notes__ of every kind under an uncaught exception: a
# str (each character a note), line breaks inside notes, an empty note
e = KeyError("x")
e.__notes__ = "abc"
g = KeyError("y")
g.__notes__ = ["a\rb", "c\r\nd", "", "last\n"]
raise ExceptionGroup("g", [e, g])
