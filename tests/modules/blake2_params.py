# _blake2 (written from RFC 7693): blake2b and blake2s with every parameter
# of the parameter block, streaming in pieces, copy, and the errors.
import _blake2

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(sorted(n for n in dir(_blake2) if not n.startswith('__')))
for T in (_blake2.blake2b, _blake2.blake2s):
    print(T.__name__, T.SALT_SIZE, T.PERSON_SIZE, T.MAX_KEY_SIZE, T.MAX_DIGEST_SIZE)
    for n in (0, 1, 63, 64, 65, 127, 128, 129, 1000, 5000):
        data = bytes(range(256)) * (n // 256 + 1)
        data = data[:n]
        h = T(data)
        p = T()
        for i in range(0, n, 37):
            p.update(data[i:i + 37])
        print(n, h.hexdigest()[:24], p.digest() == h.digest())
    h = T(b'abc', digest_size=16, key=b'secret', salt=b'salty', person=b'me', fanout=2, depth=3,
          leaf_size=4096, node_offset=5, node_depth=6, inner_size=7, last_node=True, usedforsecurity=False)
    c = h.copy()
    c.update(b'def')
    print(h.name, h.digest_size, h.block_size, h.hexdigest(), c.hexdigest(), T(b'abcdef', digest_size=16, key=b'secret',
          salt=b'salty', person=b'me', fanout=2, depth=3, leaf_size=4096, node_offset=5, node_depth=6, inner_size=7,
          last_node=True).hexdigest() == c.hexdigest())
    print(T(key=b'k' * T.MAX_KEY_SIZE, digest_size=T.MAX_DIGEST_SIZE).hexdigest()[:32], T(bytearray(b'x')).hexdigest()[:16],
          T(memoryview(b'x' * 3000)).hexdigest()[:16], T(fanout=0, depth=255, node_depth=255).hexdigest()[:16])
    print(repr(T()).startswith('<_blake2.%s object at 0x' % T.__name__))
    show(lambda: T(digest_size=0))
    show(lambda: T(digest_size=T.MAX_DIGEST_SIZE + 1))
    show(lambda: T(salt=b'x' * (T.SALT_SIZE + 1)))
    show(lambda: T(person=b'x' * (T.PERSON_SIZE + 1)))
    show(lambda: T(fanout=256))
    show(lambda: T(depth=0))
    show(lambda: T(leaf_size=-1))
    show(lambda: T(leaf_size=2**32))
    show(lambda: T(node_offset=-1))
    show(lambda: T(node_depth=256))
    show(lambda: T(inner_size=T.MAX_DIGEST_SIZE + 1))
    show(lambda: T(key=b'x' * (T.MAX_KEY_SIZE + 1)))
    show(lambda: T('str'))
    show(lambda: T(data=b'x'))
    show(lambda: T(digest_size=1.0))
    show(lambda: T().update(5))
show(lambda: _blake2.blake2s(node_offset=2**48))
print(_blake2.blake2s(node_offset=2**48 - 1).hexdigest()[:16], _blake2.blake2b(node_offset=2**63 - 1).hexdigest()[:16])
