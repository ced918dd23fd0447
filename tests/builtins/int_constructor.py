# int() from strings, floats, bases, and errors.
print(int(), int(3.9), int(-3.9), int('42'), int('-17'), int('0x10', 16), int('10', 16))
print(int('777', 8), int('11', 2), int('0b11', 2), int('0o11', 8), int('Zz', 36), int('0', 0))
print(int('1_000_000'), int(' 5\n'), int(True), int(False), int('00012'))
print(int('12345678901234567890'), int(1e20), int(-0.0))
for bad in ['', 'abc', '1.5', '0x', '1__0', '_1', '12a']:
    try:
        int(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    int('9', 8)
except ValueError as e:
    print('ValueError:', e)
try:
    int(None)
except TypeError as e:
    print('TypeError:', e)
try:
    int(float('inf'))
except OverflowError as e:
    print('OverflowError:', e)
try:
    int(float('nan'))
except ValueError as e:
    print('ValueError:', e)
try:
    int('5', 1)
except ValueError as e:
    print('ValueError:', e)
print(int('  -0x1F  ', 16), int('+0b1', 0))
