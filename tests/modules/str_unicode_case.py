# str's case mappings (full: SpecialCasing, CaseFolding) for every code  (baton: heavy)
# point, compared with CPython (see _ucd.py for the code points left out).
from _ucd import checksums


def case(ch):
    r = []
    for s in (ch.lower(), ch.upper(), ch.title(), ch.casefold(),
              ch.swapcase(), (ch + 'A').capitalize()):
        r.append(len(s))
        r.extend(map(ord, s))
    return r


checksums('case', case, 0x10000)
