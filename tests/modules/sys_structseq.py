# sys.version_info, sys.flags, sys.float_info, sys.int_info, sys.hash_info
# and sys.thread_info are struct sequences (only what baton and CPython
# share is printed: not the micro version, the digit size or the str hash).
import sys
vi = sys.version_info
print(type(vi).__name__, vi[:2], vi.major, vi.minor, vi.releaselevel, vi >= (3, 8), len(vi), tuple(vi)[:2])
print(type(sys.flags).__name__, type(sys.flags).n_fields, type(sys.flags).__match_args__[:4])
f = sys.flags
print(f.debug, f.optimize, f.verbose, f.isolated, f.dev_mode, f.utf8_mode, f.safe_path, f.int_max_str_digits)
print(sys.float_info)
print(sys.float_info.max == 1.7976931348623157e+308, sys.float_info[8], len(sys.float_info))
print(type(sys.int_info).__name__, sys.int_info.default_max_str_digits, sys.int_info.str_digits_check_threshold)
h = sys.hash_info
print(h.width, h.modulus, h.inf, h.nan, h.imag, h.modulus == 2**61 - 1, hash(float('inf')) == h.inf)
print(sys.thread_info.name, sys.thread_info.lock, type(sys.thread_info).n_sequence_fields)
try:
    sys.flags.debug = 1
except AttributeError as e:
    print(e)
