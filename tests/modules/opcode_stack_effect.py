# _opcode.stack_effect: CPython 3.11's stack effects for every opcode number,
# with and without jump, and its errors.
import _opcode

def eff(*args, **kw):
    try:
        return _opcode.stack_effect(*args, **kw)
    except (ValueError, TypeError, OverflowError) as e:
        return f'{type(e).__name__}: {e}'

valid = 0
for op in range(-12, 260):
    row = []
    for arg in ([None] if op < 90 else [0, 1, 2, 3, 4, 5, 7, 8, 9, 0x10, 0x11, 0x102, 0x1ff]):
        for jump in (None, True, False):
            r = eff(op, arg, jump=jump)
            row.append(r)
    if not all(isinstance(r, str) for r in row):
        valid += 1
        print(op, row)
print('valid opcodes:', valid)

print(eff(1, 0), eff(100), eff(100, None), eff(300, 1), eff(3))
print(eff(100, 'x'), eff(100, 2.0), eff(1.0), eff(1 << 70), eff(102, 1 << 64))
print(eff(102, 1 << 40), eff(102, (1 << 32) + 3), eff(102, -5), eff(True), eff(100, True))
print(eff(100, 1, 2), eff(), eff(102, oparg=3), eff(102, 1, foo=1))
print(eff(100, 1, jump=3), eff(93, 1, jump=[]), eff(93, 1, jump=1))
print(_opcode.get_specialization_stats())
