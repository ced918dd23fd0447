# int() of bytes-like objects: bytes and bytearray with or without a base,
# any buffer (memoryview, array) without one; errors show the bytes.
import array
print(int(b"12"), int(bytearray(b" 12 ")), int(bytearray(b"ff"), 16), int(b"0x1f", 0))
print(int(memoryview(b"-34")), int(array.array("b", [52, 50])))
print(int(bytearray(b"1_000")), int(b"z", 36))
for x, base in ((b"x", 10), (bytearray(b"x"), 16), (memoryview(b"1 2"), None),
                (b"", 10), (bytearray(b"12"), 1)):
    try:
        print(int(x) if base is None else int(x, base))
    except ValueError as e:
        print("ValueError", e)
for x in (memoryview(b"12"), array.array("b", [49])):
    try:
        int(x, 10)
    except TypeError as e:
        print("TypeError", e)
class B(bytes):
    pass
print(int(B(b"77")), int(B(b"77"), 8))
