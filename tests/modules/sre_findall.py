# _sre: findall, finditer, split, sub/subn with a callable and with a
# literal, scanner, and the pos/endpos arguments, on ASCII str and bytes.
from _sre_cases import STR_CASES, BYTES_CASES
from _sre_util import cases, desc


def bracket(m):
    g = m.group()
    return (b'[' + g + b']') if isinstance(g, bytes) else '[' + g + ']'


for p, subjects in cases(STR_CASES, BYTES_CASES):
    dash = '-' if isinstance(p.pattern, str) else b'-'
    for s in subjects:
        print(repr(p.pattern), repr(s))
        print('  findall', p.findall(s))
        print('  finditer', [m.span() for m in p.finditer(s)])
        print('  split', p.split(s), p.split(s, 1))
        print('  sub', repr(p.sub(bracket, s)), p.subn(dash, s, 2))
        n = len(s)
        print('  pos', desc(p.search(s, 1)), desc(p.match(s, 1, n - 1)),
              desc(p.fullmatch(s, 0, n - 1)), p.findall(s, 1, n - 1))
        sc = p.scanner(s)
        print('  scanner', desc(sc.match()), desc(sc.search()), desc(sc.match()))
