# ljust / rjust / center / zfill.
print('[' + 'abc'.ljust(6) + ']', '[' + 'abc'.rjust(6) + ']', '[' + 'abc'.center(6) + ']')
print('[' + 'abc'.ljust(6, '*') + ']', '[' + 'abc'.rjust(2) + ']', '[' + 'abc'.center(7, '-') + ']')
print('[' + 'ab'.center(5) + ']', '[' + 'ab'.center(6) + ']', '[' + 'a'.center(4, '.') + ']')
print('[' + 'abc'.center(4) + ']', '[' + 'abcd'.center(7) + ']', '[' + ''.center(3, 'x') + ']')
print('42'.zfill(5), '-42'.zfill(5), '+42'.zfill(5), 'abc'.zfill(5), '12345'.zfill(3))
print(''.zfill(3), '-'.zfill(3), '3.14'.zfill(8))
for name, qty in [('apple', 3), ('kiwi', 12), ('watermelon', 100)]:
    print(name.ljust(12, '.') + str(qty).rjust(5))
try:
    'a'.center(5, 'ab')
except TypeError as e:
    print('TypeError:', e)
print('[' + '\u00e9'.center(5, '\u2022') + ']')
