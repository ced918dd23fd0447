# _pickle's Pickler/Unpickler: persistent ids, __getnewargs_ex__, state
# setters, dispatch_table, reducer_override, memo, fast mode, PickleBuffer
# and out-of-band buffers, file streams, find_class, and the errors.
import _pickle, copyreg
def t(f):
    try: r = f()
    except Exception as e: r = f'{type(e).__name__}: {e}'
    print(r)

class F:
    def __init__(self): self.data = []
    def write(self, b): self.data.append(bytes(b)); return len(b)
class R:
    def __init__(self, b): self.b = b; self.pos = 0; self.calls = 0
    def read(self, n):
        self.calls += 1
        r = self.b[self.pos:self.pos + n]; self.pos += len(r); return r
    def readline(self):
        self.calls += 1
        i = self.b.find(b'\n', self.pos)
        i = len(self.b) if i < 0 else i + 1
        r = self.b[self.pos:i]; self.pos = i; return r

class Obj:
    def __init__(self, name): self.name = name
    def __repr__(self): return f'Obj({self.name!r})'

class PP(_pickle.Pickler):
    def persistent_id(self, obj):
        return ('obj', obj.name) if isinstance(obj, Obj) else None
class UU(_pickle.Unpickler):
    def persistent_load(self, pid):
        return Obj('loaded-' + pid[1])
for proto in (0, 2, 4, 5):
    f = F()
    PP(f, proto).dump([Obj('a'), 1, Obj('b')])
    data = b''.join(f.data)
    print(proto, data.hex(), UU(R(data)).load())
t(lambda: _pickle.loads(_pickle.dumps(1).replace(b'K', b'Q')))

class NX:
    def __init__(self, a, k=0): self.a, self.k = a, k
    def __getnewargs_ex__(self): return ((self.a,), {'k': self.k})
    def __reduce_ex__(self, proto): return copyreg.__reduce_ex__(self, proto) if False else object.__reduce_ex__(self, proto)
for proto in (4,):
    d = _pickle.dumps(NX(1, 2), proto)
    t(lambda: (d.hex() if proto == 4 else len(d), vars(_pickle.loads(d))))

class SS:
    def __init__(self): self.v = 1
    def __reduce__(self): return (SS, (), {'v': 5}, None, None, set_state)
def set_state(obj, state): obj.v = state['v'] * 10
t(lambda: (_pickle.dumps(SS(), 4).hex(), _pickle.loads(_pickle.dumps(SS(), 4)).v))

class St:
    def __getstate__(self): return {'x': 9}
    def __setstate__(self, s): self.y = s
t(lambda: vars(_pickle.loads(_pickle.dumps(St()))))

class DT(_pickle.Pickler):
    dispatch_table = {complex: lambda c: (complex, (c.imag, c.real))}
f = F(); DT(f, 2).dump(1+2j); t(lambda: (b''.join(f.data).hex(), _pickle.loads(b''.join(f.data))))
class RO(_pickle.Pickler):
    def reducer_override(self, obj):
        if obj == 42: return (int, ('43',))
        return NotImplemented
f = F(); RO(f, 4).dump([42, 7]); t(lambda: _pickle.loads(b''.join(f.data)))

def g(): pass
def local():
    def inner(): pass
    return inner
t(lambda: _pickle.dumps(lambda: 1)); t(lambda: _pickle.dumps(local())); t(lambda: _pickle.dumps(local(), 2))
t(lambda: _pickle.dumps(1, 6)); t(lambda: _pickle.dumps(1, -1)[:2]); t(lambda: _pickle.dumps(1, buffer_callback=print))
t(lambda: _pickle.Pickler(1)); t(lambda: _pickle.Unpickler(1)); t(lambda: _pickle.loads(b''))
t(lambda: _pickle.loads(b'\x80\x04')); t(lambda: _pickle.loads(b'K')); t(lambda: _pickle.loads(b'z')); t(lambda: _pickle.loads(b'\xf0'))
t(lambda: _pickle.loads(b'\x80\x07.')); t(lambda: _pickle.loads(b'.')); t(lambda: _pickle.loads(b'(.'))
t(lambda: _pickle.loads(b'h\x05.')); t(lambda: _pickle.loads(b'a.')); t(lambda: _pickle.loads(b'cnope\nx\n.'))
t(lambda: _pickle.loads(b'cbuiltins\nnope\n.')); t(lambda: _pickle.loads(b'\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00K\x01.'))
t(lambda: _pickle.loads('x')); t(lambda: _pickle.loads(b"S'abc'\n.")); t(lambda: _pickle.loads(b"S'ab\\x41'\n.", encoding='bytes'))
t(lambda: _pickle.loads(b"U\x03\xe9ab.", encoding='latin1')); t(lambda: _pickle.loads(b"U\x03\xe9ab.")); t(lambda: _pickle.loads(b"U\x03\xe9ab.", encoding='bytes'))
t(lambda: _pickle.loads(b'c__builtin__\nset\n(]K\x01atR.'))
t(lambda: _pickle.loads(b'I12345678901234567890\n.')); t(lambda: _pickle.loads(b'L-5L\n.')); t(lambda: _pickle.loads(b'F1.5\n.'))
t(lambda: _pickle.loads(b'Vab\\u20ac\n.')); t(lambda: _pickle.loads(b'(I1\nI2\nl.')); t(lambda: _pickle.loads(b'(dp0\nVa\np1\nI1\ns.'))
t(lambda: _pickle.loads(b'(K\x01K\x02t0.')); t(lambda: _pickle.loads(b'(K\x011.'))
# two pickles in one stream
f = F(); p = _pickle.Pickler(f, 4); p.dump('one'); p.dump(['two', 'one']); data = b''.join(f.data)
r = R(data); u = _pickle.Unpickler(r); t(lambda: (u.load(), u.load(), r.pos == len(data)))
t(lambda: u.load())
f = F(); p = _pickle.Pickler(f, 2); s = 'shared'; p.dump(s); p.dump(s); t(lambda: b''.join(f.data).hex())
t(lambda: sorted(v[0] for v in p.memo.copy().values())); p.clear_memo(); t(lambda: len(p.memo.copy()))
f = F(); p = _pickle.Pickler(f, 2); p.fast = True; t(lambda: p.fast); p.dump([s, s]); t(lambda: b''.join(f.data).hex())
f = F(); p = _pickle.Pickler(f, 2); p.fast = True; lst = []; lst.append(lst)
try:
    p.dump(lst)
except ValueError as e:
    print(str(e).split(' at ')[0])
pb = _pickle.PickleBuffer(b'abc')
t(lambda: (bytes(pb.raw()), _pickle.dumps(pb, 5).hex())); t(lambda: _pickle.dumps(pb, 4))
t(lambda: _pickle.dumps(_pickle.PickleBuffer(bytearray(b'xy')), 5).hex())
bufs = []
d = _pickle.dumps([pb, _pickle.PickleBuffer(bytearray(b'q'))], 5, buffer_callback=bufs.append)
t(lambda: (d.hex(), len(bufs))); t(lambda: [bytes(x) for x in _pickle.loads(d, buffers=bufs)]); t(lambda: _pickle.loads(d))
t(lambda: type(_pickle.loads(d, buffers=[b'x', bytearray(b'y')])[0]).__name__)
print(_pickle.PickleError.__mro__[1:3], _pickle.UnpicklingError.__module__, _pickle.Pickler.__name__, _pickle.PickleBuffer.__module__)
t(lambda: _pickle.dumps(copyreg))
big = 'y' * 70000
t(lambda: (len(_pickle.dumps(big)), _pickle.dumps(big)[:20].hex(), _pickle.dumps([big, 1])[-20:].hex()))
f = F(); _pickle.Pickler(f, 4).dump(['s', b'z' * 70000, 's']); t(lambda: [len(x) for x in f.data])
t(lambda: _pickle.loads(b''.join(f.data))[2])
class Sub(_pickle.Pickler):
    def __init__(self): pass
t(lambda: Sub().dump(1)); 
class USub(_pickle.Unpickler):
    def __init__(self): pass
t(lambda: USub().load())
class FC(_pickle.Unpickler):
    def find_class(self, m, n): return ('found', m, n)
t(lambda: FC(R(_pickle.dumps(len, 0))).load()); t(lambda: FC(R(_pickle.dumps(len, 4))).load())
t(lambda: _pickle.loads(_pickle.dumps(f, 2)) is not None)
t(lambda: _pickle.loads(b'\x80\x02c__builtin__\nxrange\nK\x01K\x03K\x01\x87R.'))
t(lambda: _pickle.dumps(range(3), 2).hex())
