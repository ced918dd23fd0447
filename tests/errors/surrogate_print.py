# Printing a lone surrogate to stdout (strict, as with PYTHONIOENCODING=utf-8)
# raises CPython's UnicodeEncodeError.
print('before')
print('x\ud800y')
