# float() of bytes-like objects: bytes, bytearray, memoryview, array; the
# error shows the bytes.
import array
print(float(b"3.5"), float(bytearray(b" -1.25 ")), float(memoryview(b"1e3")))
print(float(array.array("b", [52, 46, 53])), float(bytearray(b"inf")), float(b"1_0.5"))
for bad in (b"x", bytearray(b"1.2.3"), b"", b"1__0"):
    try:
        float(bad)
    except ValueError as e:
        print("ValueError", e)
class B(bytes):
    pass
print(float(B(b"2.5")))
try:
    float([1])
except TypeError as e:
    print(e)
