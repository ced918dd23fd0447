# _pickle.dumps gives CPython's bytes for every protocol (0-5) on the common
# types, shared and recursive references, instances, globals; loads reads
# them back.
import _pickle
def t(f):
    try: r = f()
    except Exception as e: r = f'{type(e).__name__}: {e}'
    print(r)
class A:
    def __init__(self): self.x = 1; self.y = [1, 2]
class B:
    __slots__ = ('p', 'q')
class C(int): pass
class L(list): pass
class E(Exception): pass
def f(): pass
b = B(); b.p = 3
shared = [1, 2]
rec = []; rec.append(rec)
d = {}; d['me'] = d
tr = ([],); tr[0].append(tr)
vals = [None, True, False, 0, 1, -1, 255, 256, 65535, 65536, -129, 2**31-1, 2**31, -2**31, -2**31-1, 2**63, -2**64, 2**1000, -(2**1000),
        0.0, -0.0, 1.5, 1e300, float('inf'), float('-inf'), 'a', '', 'é€😀', 'x' * 300, '\ud800', 'a\\b\nc\r\x00\x1a', b'', b'abc', b'\x00\xff' * 200,
        bytearray(b'xy'), bytearray(), (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1], [1, 2], list(range(2500)), {}, {1: 2}, {i: str(i) for i in range(1100)},
        set(), {1, 2, 3}, frozenset(), frozenset({4, 5}), [shared, shared], rec, d, tr, A(), b, C(5), L([1, 2]), E('boom', 1), ValueError('v'),
        f, A, int, type(None), None.__class__, Ellipsis, NotImplemented, range(1, 10, 2), slice(1, 2), 1+2j, len, print, [1.5, 'x', (2, [3])],
        {'nested': {'deep': [{'k': (1, 2)}]}}, list(range(1000)), dict.fromkeys(range(1000)), set(range(1500)), ('a', 'a', 'b')]
for proto in range(6):
    for v in vals:
        try:
            data = _pickle.dumps(v, proto)
        except Exception as e:
            print(proto, type(v).__name__, 'ERR', type(e).__name__, e)
            continue
        print(proto, type(v).__name__, len(data), data[:200].hex(), data[-60:].hex())
        try:
            back = _pickle.loads(data)
            ok = repr(back) == repr(v) if not isinstance(v, (A, B, E, ValueError, list, dict, tuple)) or v in (vals[0],) else None
            print('   back', type(back).__name__, (repr(back) if not callable(back) or isinstance(back, type) else back.__name__)[:80] if type(back).__name__ not in ('A', 'B') else sorted(vars(back).items()) if hasattr(back, '__dict__') else back.p)
        except Exception as e:
            print('   LOADERR', type(e).__name__, e)
