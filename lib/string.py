"""string: the constants and capwords, in baton itself.

Same values as CPython's Lib/string.py; Template and Formatter are not
provided (they need re and format internals baton does not expose)."""

whitespace = ' \t\n\r\x0b\x0c'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    # split/join rather than str.title(): apostrophes must not start words
    return (sep or ' ').join(map(str.capitalize, s.split(sep)))
