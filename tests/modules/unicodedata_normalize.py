# unicodedata.normalize / is_normalized in the four forms for every code  (baton: heavy)
# point (see _ucd.py for the code points left out), and for sequences
# that reorder combining marks, compose, and involve Hangul.
import unicodedata as u
from _ucd import checksums

FORMS = ('NFC', 'NFD', 'NFKC', 'NFKD')


def norm(ch):
    r = []
    for f in FORMS:
        s = u.normalize(f, ch)
        r.append(len(s))
        r.extend(map(ord, s))
        r.append(u.is_normalized(f, ch))
    return r


checksums('norm', norm, 0x10000)
samples = ['e\u0301', '\u1e9b\u0323', 'a\u0328\u0301\u0323', '\u0041\u030a', '\u212b',
           '\u1100\u1161\u11a8', '\uac00\u11a8', '\u1100\u1161', 'ﬁ\u2075', 'Å\u0316\u0301',
           '\u0958\u093c', 'q\u0307\u0323', '\u00c5\u0300', 'x\u0300\u0315\u0301', '\u0f73\u0f75']
for s in samples:
    print(ascii(s), [ascii(u.normalize(f, s)) for f in FORMS], [u.is_normalized(f, s) for f in FORMS])
