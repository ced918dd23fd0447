# Truncated \x escape: CPython names the byte range.
x = "ab\x4"
