# Helper for the tests that compare every code point with CPython.
#
# baton's tables come from the installed UCD (15.0.0 on Debian 12), CPython
# 3.11's from Unicode 14.0.0.  So these tests leave out exactly the code
# points whose data differ between the two versions:
#   * every code point assigned after 14.0 (DerivedAge.txt of the installed
#     UCD says which), and
#   * the five modifier letters Unicode 15.0 gave the Lowercase property
#     (Other_Lowercase: U+10FC, U+A7F2..U+A7F4, U+AB69), which changes
#     str.islower() for them.
# With a 14.0 UCD installed nothing would be left out.
M = (1 << 31) - 1  # keeps the arithmetic in small ints


def _newer_than_14():
    skip = set()
    with open('/usr/share/unicode/DerivedAge.txt', encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            cps, age = [x.strip() for x in line.split(';')]
            if tuple(int(x) for x in age.split('.')) <= (14, 0):
                continue
            first, _, last = cps.partition('..')
            skip.update(range(int(first, 16), int(last or first, 16) + 1))
    return skip


SKIP = _newer_than_14()
if SKIP:
    SKIP.update([0x10FC, 0xA7F2, 0xA7F3, 0xA7F4, 0xAB69])


def checksums(name, fn, block=0x4000):
    """Print one checksum of fn(chr(c)) (a sequence of ints) per block of
    code points, so a difference points at the block that has it."""
    total = 0
    for start in range(0, 0x110000, block):
        h = 0
        for c in range(start, start + block):
            if c in SKIP:
                continue
            for v in fn(chr(c)):
                h = (h * 1000003 + v + 1) % M
            h = (h * 1000003) % M
        total = (total * 31 + h) % M
        print(name, '%06X' % start, h)
    print(name, 'total', total)
