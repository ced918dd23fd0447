# _sre: match / search / fullmatch of CPython-compiled code on ASCII str
# and bytes subjects: spans, groups, lastindex, lastgroup, regs.
import _sre
from _sre_cases import MAGIC, STR_CASES, BYTES_CASES
from _sre_util import cases, desc

print(_sre.MAGIC == MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)
print(_sre.getcodesize(), repr(_sre.copyright))
for p, subjects in cases(STR_CASES, BYTES_CASES):
    for s in subjects:
        print(repr(p.pattern), p.flags, repr(s))
        print('  match', desc(p.match(s)))
        print('  search', desc(p.search(s)))
        print('  fullmatch', desc(p.fullmatch(s)))
