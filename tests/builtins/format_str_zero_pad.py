# A '0' before the width of a str format pads with zeros on the left-aligned
# default (Python 3.10+), and explicit alignments keep their side; numbers
# still put the zeros after the sign.
for spec in ("0s", "06s", "<06s", ">06s", "^07s", "06", "x<06s", "06.1s"):
    print(spec, repr(format("ab", spec)), repr(("{:" + spec + "}").format("ab")))
print(format(-5, "06"), format(-2.5, "08.2f"), format(3, "<06"))
class S(str):
    pass
print(repr(format(S("q"), "04")))
for bad in ("=06s", "+06s"):
    try:
        format("ab", bad)
    except ValueError as e:
        print(e)
