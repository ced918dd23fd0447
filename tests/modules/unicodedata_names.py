# unicodedata.name() for every code point and lookup() of every name,  (baton: heavy)
# compared with CPython (see _ucd.py for the code points left out); the
# algorithmic names (Hangul syllables, CJK unified ideographs), aliases
# and named sequences.
import unicodedata as u
from _ucd import checksums


def names(ch):
    n = u.name(ch, '')
    if n and u.lookup(n) != ch:
        return [-1]
    return [ord(c) for c in n]


checksums('name', names, 0x10000)
for n in ['LATIN SMALL LETTER A', 'latin small letter a', 'HANGUL SYLLABLE GGAG',
          'HANGUL SYLLABLE A', 'CJK UNIFIED IDEOGRAPH-4E00', 'CJK UNIFIED IDEOGRAPH-2A6DF',
          'NBSP', 'BYTE ORDER MARK', 'LINE FEED', 'latin capital letter gha',
          'LATIN CAPITAL LETTER A WITH MACRON AND GRAVE', 'KEYCAP NUMBER SIGN']:
    print(n, ascii(u.lookup(n)))
for n in ['HANGUL SYLLABLE ', 'hangul syllable ga', 'CJK UNIFIED IDEOGRAPH-4e00',
          'CJK UNIFIED IDEOGRAPH-9FFFF', 'NOT A NAME', '', 'LATIN SMALL LETTER A ']:
    try:
        u.lookup(n)
    except KeyError as e:
        print(repr(e))
print(u.lookup(b'EURO SIGN'), u.name('\uac00'), u.name('\U00020000'), u.name('\x00', None))
print("\N{EURO SIGN}\N{nbsp}\N{LATIN SMALL LETTER SHARP S}" == '\u20ac\xa0\xdf')
