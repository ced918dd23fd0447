# marshal: every non-code type in format version 4 (and 0-3), byte for byte, and loads() errors.
# (Values come from variables and constants, which CPython flags as shared: see modules/marshal.c.)
import marshal
x = [1, 'a', (2, 3)]
vals = [x, 1, 10**6, 'abc', ('a', 'a'), [x, x], 1.5, 2**100, -2**40, None, {1: 2}, {1, 2},
        frozenset(), b'xy', (1, 2), 'é', ..., StopIteration, ('x', 1.5), True, False,
        ('x', 1.5, 1000, 'hello world', b'by', (1, 2)), {'k': [1, 2.5], 'z': None},
        -1, 0, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**63, -2**63, 2**15, 2**30 - 1, 2**30,
        'x' * 300, 'é' * 3, (), [], {}, 'hello world', ' ', '', -0.0, float('inf'), (1, 1, 1000, 1000),
        tuple(range(300)), {'a': 'a'}, [[], []], 'a b', 'A_1', b'', 1e300]
for v in vals:
    b = marshal.dumps(v)
    print(b if len(b) < 120 else (len(b), b[:40]), marshal.loads(b) == v or repr(v))
for ver in (0, 1, 2, 3):
    print(ver, marshal.dumps((1.5, 'ab', 'é', (1,), 'ab'), ver))
print(marshal.version)
for bad in (b'', b'i\x01', b'q', b'r\x05\x00\x00\x00', b'l\x01\x00\x00\x00\x00\x00', b'l\x01\x00\x00\x00\xff\xff',
            b'(\xff\xff\xff\xff', b')\x01', b')\x010', b'0', b'\xda\x05ab', b'u\x02\x00\x00\x00\xff\xfe', 'str',
            b'c\x00\x00\x00\x00', b'[\x01\x00\x00\x000', b'{N'):
    try:
        print(marshal.loads(bad))
    except Exception as e:
        print(type(e).__name__, e)
for bad in (object(), [1, object()], print):
    try: marshal.dumps(bad)
    except ValueError as e: print(e)
deep = []
for i in range(3000): deep = [deep]
try: marshal.dumps(deep)
except ValueError as e: print(e)
print(marshal.loads(b'\xe9\x01\x00\x00\x00extra'), marshal.loads(marshal.dumps(-(2**200))) == -(2**200))
l = []; l.append(l)
r = marshal.loads(marshal.dumps(l)); print(r[0] is r)
