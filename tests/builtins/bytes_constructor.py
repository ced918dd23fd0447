# bytes() constructor and bytes methods.
print(bytes(), bytes(4), bytes([1, 2, 255]), bytes(b'ab'), bytes('h\u00e9', 'utf-8'), bytes(range(65, 70)))
for call in [lambda: bytes([256]), lambda: bytes('abc'), lambda: bytes(-1), lambda: bytes([1.5])]:
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
b = b'Hello, World'
print(b.lower(), b.upper(), b.split(b', '), b.find(b'o'), b.rfind(b'o'), b.index(b'W'))
print(b[0], b[-1], b[:5], b[::-1], b.count(b'l'), b.isalpha(), b'123'.isdigit())
print(b.startswith(b'Hell'), b.replace(b'World', b'baton'), b.strip(b'Hd'), len(b))
print(b'%d-%s' % (5, b'x'), b'ab' < b'b', b'a' * 3, b''.join([b'x', b'y']))
print(b.hex(), bytes.fromhex('ff00'), list(b'\x00\x7f\x80'))
print(repr(b'\x00\r\n\x7f\x80'), b'abc'.decode('ascii'), str(b'abc'))
