# A decimal int literal past the int string-conversion limit (4300 digits)
# is a SyntaxError with CPython's message and position, in compile(),
# exec() and eval(); hexadecimal literals and a raised limit are fine.
import sys

for src in ["x = " + "1" * 5000 + "\n", "y = 2 + " + "9" * 4301, "1" * 100000]:
    for mode in ("exec", "eval"):
        if mode == "eval" and "=" in src:
            continue
        try:
            compile(src, "huge.py", mode)
            print("compiled")
        except SyntaxError as e:
            print(type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, len(e.text.rstrip("\n")))
            print(e.msg)
print(eval("0x" + "f" * 5000).bit_length())
ok = "1" * 4300
print(eval(ok) % 97)
sys.set_int_max_str_digits(0)
print(eval("1" * 6000) % 97)
try:
    exec("z = " + "3" * 4301)
except SyntaxError as e:
    print("exec: no error with the limit off")
else:
    print("exec fine with the limit off")
