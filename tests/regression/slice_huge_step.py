# Extended slices with a huge step: one item, no overflow past it (UBSan
# reported signed overflow stepping past the last index), get and set, on
# every sequence type that slices.
import sys, array
big = sys.maxsize
for seq in ([1, 2, 3], (1, 2, 3), "abc", b"abc", bytearray(b"abc"), array.array("i", [1, 2, 3]), range(3)):
    print(type(seq).__name__, seq[::big], seq[1::big], seq[::-big], seq[-1::-big])
l = [1, 2, 3]
l[::big] = [9]
l[-1::-big] = [8]
print(l)
b = bytearray(b"abc")
b[::big] = b"z"
print(b)
a = array.array("i", [1, 2, 3])
a[::big] = array.array("i", [7])
print(a)
print("é€x"[::big], "é€x"[2::-big])
