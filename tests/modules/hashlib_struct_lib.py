# CPython's own Lib/hashlib.py and Lib/struct.py running on the native
# modules under them (_hashlib, _blake2, _struct).
import hashlib
import struct

for name in sorted(hashlib.algorithms_guaranteed):
    h = hashlib.new(name, b'The quick brown fox')
    h.update(b' jumps over the lazy dog' * 200)
    if name.startswith('shake'):
        print(name, h.hexdigest(16))
    else:
        print(name, h.name, h.digest_size, h.block_size, h.hexdigest()[:40], h.copy().digest() == h.digest())
print(hashlib.sha256(b'abc').hexdigest(), hashlib.md5(usedforsecurity=False).hexdigest())
print(hashlib.blake2b(b'abc', digest_size=16, key=b'k', salt=b's', person=b'p').hexdigest())
print(hashlib.blake2s(b'abc', digest_size=8).hexdigest(), hashlib.sha3_256().name)
print(hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 100, 16).hex())
print(hashlib.scrypt(b'password', salt=b'salt', n=16, r=8, p=1, dklen=16).hex())
try:
    hashlib.new('foo')
except ValueError as e:
    print('ValueError', e)
try:
    hashlib.sha256('text')
except TypeError as e:
    print('TypeError', e)
print(struct.pack('>I', 7), struct.unpack('<hh', b'\x01\x00\x02\x00'), struct.calcsize('@iq'), struct.Struct('2s').pack(b'ab'))
print(struct.pack('!HHI', 1, 2, 3), list(struct.iter_unpack('>H', b'\x00\x01\x00\x02')), struct.error.__name__)
try:
    struct.pack('>h', 40000)
except struct.error as e:
    print('struct.error', e)
