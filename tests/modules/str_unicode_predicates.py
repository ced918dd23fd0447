# str's is*() predicates and splitlines() for every code point, compared  (baton: heavy)
# with CPython (see _ucd.py for the code points left out).
from _ucd import checksums


def preds(ch):
    return (ch.isalpha(), ch.isdecimal(), ch.isdigit(), ch.isnumeric(),
            ch.isalnum(), ch.isspace(), ch.isupper(), ch.islower(),
            ch.istitle(), ch.isprintable(), ch.isidentifier(),
            ('a' + ch).isidentifier(), len(('a' + ch + 'b').splitlines()),
            len(('a' + ch + 'b').split()))


checksums('pred', preds, 0x10000)
