# _hashlib (OpenSSL): new() and the openssl_* constructors, HASH/HASHXOF
# objects, HMAC as Lib/hmac.py uses it, pbkdf2_hmac, scrypt,
# compare_digest, and the errors.
import _hashlib

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(sorted(n for n in dir(_hashlib) if not n.startswith('__')))
print(sorted(_hashlib.openssl_md_meth_names))
data = b'The quick brown fox jumps over the lazy dog' * 100
for name in ('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512'):
    f = getattr(_hashlib, 'openssl_' + name)
    h = f(data[:10], usedforsecurity=False)
    h.update(bytearray(data[10:3000]))
    h.update(memoryview(data)[3000:])
    c = h.copy()
    c.update(b'more')
    print(name, h.name, h.digest_size, h.block_size, h.hexdigest()[:32], h.digest() == f(data).digest(),
          c.hexdigest() == f(data + b'more').hexdigest(), _hashlib.new(name, data).hexdigest() == h.hexdigest())
for name in ('shake_128', 'shake_256'):
    x = getattr(_hashlib, 'openssl_' + name)(data)
    print(type(x).__name__, x.name, x.digest_size, x.block_size, x.hexdigest(20), x.digest(5), len(x.digest(1000)))
    show(lambda: x.digest())
    show(lambda: x.digest(-1))
print(_hashlib.new('SHA256').name, _hashlib.new('sha512_256', b'x').hexdigest()[:16], _hashlib.new('md5-sha1').digest_size,
      _hashlib.new('blake2b').name, _hashlib.new(name='ripemd160', string=b'abc').hexdigest())
print(type(_hashlib.openssl_sha256()).__name__, _hashlib.HASHXOF.__mro__[1].__name__, _hashlib.openssl_sha1(string=b'x').hexdigest())
print(repr(_hashlib.new('sha256')).startswith('<sha256 _hashlib.HASH object @ 0x'))
show(lambda: _hashlib.new('foo'))
show(lambda: _hashlib.new('sha256', 'str'))
show(lambda: _hashlib.openssl_sha256(5))
show(lambda: _hashlib.new(name='md5', data=b'x'))
show(lambda: _hashlib.openssl_md5().update('s'))
print(_hashlib.UnsupportedDigestmodError.__mro__[1].__name__)
m = _hashlib.hmac_new(b'key', b'msg', digestmod='sha256')
m.update(b'-more' * 1000)
m2 = m.copy()
m2.update(b'x')
print(type(m).__name__, m.name, m.digest_size, m.block_size, m.hexdigest(), m2.hexdigest()[:16])
print(repr(m).startswith('<sha256 HMAC object @ 0x'))
print(_hashlib.hmac_new(b'k', digestmod=_hashlib.openssl_md5).hexdigest(), _hashlib.hmac_digest(b'key', b'msg', 'sha1').hex())
print(_hashlib.hmac_digest(bytearray(b'k' * 200), memoryview(b'm'), _hashlib.openssl_sha512).hex()[:32])
show(lambda: _hashlib.hmac_new(b'k'))
show(lambda: _hashlib.hmac_new(b'k', digestmod='foo'))
show(lambda: _hashlib.hmac_new(b'k', digestmod=len))
show(lambda: _hashlib.hmac_new('k', digestmod='md5'))
print(_hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 1000).hex(), _hashlib.pbkdf2_hmac('sha1', b'pw', b'salt', 2, 10).hex())
show(lambda: _hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 0))
show(lambda: _hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 1, 0))
show(lambda: _hashlib.pbkdf2_hmac('nope', b'pw', b'salt', 1))
print(_hashlib.scrypt(b'pw', salt=b'salt', n=16, r=8, p=1).hex()[:32], _hashlib.scrypt(b'pw', salt=b's', n=4, r=1, p=1, dklen=8).hex())
show(lambda: _hashlib.scrypt(b'pw', n=16, r=8, p=1))
show(lambda: _hashlib.scrypt(b'pw', salt=b's', n=15, r=8, p=1))
show(lambda: _hashlib.scrypt(b'pw', salt=b's', r=8, p=1))
show(lambda: _hashlib.scrypt(b'pw', salt=b's', n=2**20, r=8, p=1))
print(_hashlib.compare_digest(b'abc', b'abc'), _hashlib.compare_digest(b'abc', bytearray(b'abd')), _hashlib.compare_digest('ab', 'ab'),
      _hashlib.compare_digest(b'a', b'ab'), _hashlib.get_fips_mode())
show(lambda: _hashlib.compare_digest('a', b'a'))
show(lambda: _hashlib.compare_digest('é', 'é'))
show(lambda: _hashlib.compare_digest(1, 2))
print(sorted(_hashlib._constructors.values()))
