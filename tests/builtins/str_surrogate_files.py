# Surrogates at the edges: a text file's error handler, file names that
# only surrogateescape can carry (os.listdir gives them back).
import os
with open('_tmp_sur.txt', 'w', errors='surrogateescape') as f:
    print(f.errors)
    f.write('a\udcffb\n')
with open('_tmp_sur.txt', 'rb') as f:
    print(f.read())
with open('_tmp_sur.txt', errors='surrogateescape') as f:
    print(ascii(f.read()))
with open('_tmp_sur.txt', errors='replace') as f:
    print(ascii(f.read()))
try:
    with open('_tmp_sur.txt') as f:
        f.read()
except UnicodeDecodeError as e:
    print(e)
try:
    with open('_tmp_sur.txt', 'w') as f:
        f.write('\ud800')
except UnicodeEncodeError as e:
    print(e)
os.remove('_tmp_sur.txt')
name = b'_tmp_\xff\xfe.txt'.decode('utf-8', 'surrogateescape')
open(name, 'w').close()
print([ascii(n) for n in sorted(os.listdir('.')) if n.startswith('_tmp_')])
print([n for n in sorted(os.listdir(b'.')) if n.startswith(b'_tmp_')])
os.remove(name)
print([n for n in os.listdir('.') if n.startswith('_tmp_')])
