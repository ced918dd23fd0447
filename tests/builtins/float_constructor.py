# float() constructor and errors.
print(float(), float(3), float('2.5'), float(' -1e3 '), float('.5'), float('5.'), float('1_0.5'))
print(float('inf'), float('-Infinity'), float('nan'), float(True), float(10 ** 20))
print(float('1e-400'), float('1e400'), float('-0'))
for bad in ['', 'abc', '1.2.3', '1e', 'infx', '0x10']:
    try:
        float(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    float(None)
except TypeError as e:
    print('TypeError:', e)
try:
    float(10 ** 400)
except OverflowError as e:
    print('OverflowError:', e)
print(float(2 ** 53 + 1), float(-2 ** 63))
print(float('  3.25\t'), float('+1.5'))
