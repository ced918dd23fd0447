# An empty string as the first write to a file object: the buffer does not
# exist yet, and copying zero bytes from it was undefined behaviour
# (memcpy with a NULL pointer, reported by UBSan; found by the fuzzer).
import sys

print("", end="")
sys.stdout.write("")
sys.stderr.write("")
with open("_tmp_empty_write.txt", "w") as f:
    print(f.write(""))
    f.write("after")
with open("_tmp_empty_write.txt", "wb") as f:
    print(f.write(b""))
with open("_tmp_empty_write.txt", "a") as f:
    print(f.write(""))
with open("_tmp_empty_write.txt") as f:
    print(repr(f.read()))
import os
os.remove("_tmp_empty_write.txt")
print("done")
