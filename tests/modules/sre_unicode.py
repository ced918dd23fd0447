# _sre on non-ASCII str subjects (Latin-1 text is read one byte a
# character, wider text four): Unicode \w \d \s \b, case-insensitive
# matching with Unicode case rules, sets beyond Latin-1, astral characters,
# and group slices at the right code points.
from _sre_cases import UNI_CASES
from _sre_util import cases, desc

for p, subjects in cases(UNI_CASES):
    for s in subjects:
        print(ascii(p.pattern), p.flags, ascii(s))
        print('  match', ascii(desc(p.match(s))))
        print('  search', ascii(desc(p.search(s))))
        print('  findall', ascii(p.findall(s)))
        print('  split', ascii(p.split(s)))
        print('  sub', ascii(p.sub(lambda m: '<' + m.group() + '>', s)))
        print('  iter', [(m.span(), ascii(m.group())) for m in p.finditer(s, 1)])
