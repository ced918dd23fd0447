# open: write, read, append, readline, readlines, iteration, with; cleanup.
import os
name = '_tmp_open_text.txt'
with open(name, 'w') as f:
    print(f.write('line one\n'), f.write('line two\n'))
    f.write('third')
with open(name) as f:
    print(repr(f.read()))
with open(name, 'r') as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open(name) as f:
    print(f.readlines())
with open(name) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip('\n'))
with open(name, 'a') as f:
    f.write('\nappended')
f = open(name)
data = f.read()
f.close()
print(data.splitlines(), f.closed)
with open(name, 'w') as f:
    f.writelines(['a\n', 'b\n'])
with open(name) as f:
    print(f.read(1), f.read(2), repr(f.read()))
print(os.path.exists(name))
os.remove(name)
print(os.path.exists(name))
try:
    open('_definitely_missing_file.txt')
except FileNotFoundError as e:
    print('FileNotFoundError', e.errno, e.strerror)
try:
    with open(name, 'w') as f:
        f.write('x')
        raise ValueError('inside with')
except ValueError:
    print('closed after error:', f.closed)
os.remove(name)
try:
    f.read()
except ValueError as e:
    print('ValueError:', e)
