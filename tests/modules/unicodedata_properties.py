# unicodedata's per-character properties for every code point, compared  (baton: heavy)
# with CPython (see _ucd.py for the code points left out).
import unicodedata as u
from _ucd import checksums

ids = {}  # each distinct string -> a number, in order of first appearance


def num(x):
    return -1 if x is None else int(x * 1000000)


def props(ch):
    return (ids.setdefault(u.category(ch), len(ids)), ids.setdefault(u.bidirectional(ch), len(ids)),
            ids.setdefault(u.east_asian_width(ch), len(ids)), ids.setdefault(u.decomposition(ch), len(ids)),
            u.combining(ch), u.mirrored(ch), u.decimal(ch, -1), u.digit(ch, -1), num(u.numeric(ch, None)))


checksums('prop', props, 0x10000)
print(len(ids))
print(u.category('A'), u.bidirectional('\u05d0'), u.combining('\u0301'),
      u.east_asian_width('\u3042'), u.mirrored('('), u.decomposition('\xbc'),
      u.numeric('\u2155'), u.digit('\u2460'), u.decimal('\u0663'))
print(u.numeric('\u4e07'), u.numeric('\U0001f10c', 'none'), u.category('\U000e0001'))
