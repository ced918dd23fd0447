# bytes/bytearray split() and rsplit() on whitespace with maxsplit: the
# unsplit rest keeps its trailing (split) or leading (rsplit) whitespace.
for b in (b"   a   b  c  ", b"a b", b"  ", b"", b"\ta\n\nb\x0bc\x0c"):
    for n in (-1, 0, 1, 2, 5):
        print(b.split(None, n), b.rsplit(None, n))
        print(bytearray(b).split(maxsplit=n), bytearray(b).rsplit(maxsplit=n))
print(b"  x  y  ".split(b" ", 2), b"  x  y  ".rsplit(b" ", 2))
