# open in binary mode: bytes in, bytes out; text with UTF-8.
import os
name = '_tmp_open_binary.bin'
with open(name, 'wb') as f:
    print(f.write(bytes(range(256))))
with open(name, 'rb') as f:
    data = f.read()
print(len(data), data[:5], data[-3:], type(data).__name__)
with open(name, 'rb') as f:
    print(f.read(4), f.read(2))
with open(name, 'w', encoding='utf-8') as f:
    f.write('h\u00e9llo \u2603\n')
with open(name, 'rb') as f:
    raw = f.read()
print(raw, len(raw))
with open(name, encoding='utf-8') as f:
    print(f.read().strip(), len(raw.decode('utf-8')))
with open(name, 'wb') as f:
    f.write(b'line1\nline2\n')
with open(name, 'rb') as f:
    print(f.readlines())
try:
    with open(name, 'wb') as f:
        f.write('text')
except TypeError as e:
    print('TypeError')
os.remove(name)
print(os.path.exists(name))
