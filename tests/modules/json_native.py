# _json used directly (as Lib/json does): scanstring, make_scanner over a
# decoder-like context, make_encoder, encode_basestring(_ascii).
import _json

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

ss = _json.scanstring
for s, i in [('"abc" ', 1), ('x"a\\tb"', 2), ('"\\u00e9\\n\\"\\\\\\/\\b\\f\\r"', 1),
             ('"\\ud834\\udd1e"', 1), ('"\\ud800"', 1), ('"\\ud800\\u0041"', 1), ('"é€😀"', 1),
             ('["ünï", "cödé"]', 9), ('"\\udc00\\ud800"', 1)]:
    t(lambda: ss(s, i))
t(lambda: ss('abc', 5)); t(lambda: ss('abc', -1)); t(lambda: ss(b'"x"', 1))
t(lambda: ss('"a\tb"', 1, False)); t(lambda: ss('"abc"', 1.0))

class Ctx:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {'NaN': float('nan'), 'Infinity': float('inf'), '-Infinity': float('-inf')}.__getitem__
    memo = {}

sc = _json.make_scanner(Ctx())
print(type(sc).__name__, type(sc).__module__, sc.strict, sc.parse_int is int)
docs = ['[1,2] x', '{"a": [1, 2.5, -3e2, 1E+2, 0.0], "b": {"c": null, "d": true, "e": false}}',
        '  1', '"str"', '-0', '-12.5e-3', '123456789012345678901234567890', '[NaN, Infinity, -Infinity]',
        '{"é": "ü", "k": ["\\u20ac", "x"]}', '[[[]], {}, [{}]]', '1.5E3', '12e', '12.', '0123',
        '[true,false,null]', '{"a" : 1 , "b":2}', '[\n1,\t2\r]', 'x', '-', '-I', '', 'tru', 'nul']
for d in docs:
    for idx in (0, 2):
        try:
            print(repr(d), idx, repr(sc(d, idx)))
        except StopIteration as e:
            print(repr(d), idx, 'StopIteration', e.value)
        except Exception as e:
            print(repr(d), idx, type(e).__name__)
t(lambda: sc('x', -1)); t(lambda: sc(b'x', 0)); t(lambda: sc(string='[1]', idx=0))

class Hooks(Ctx):
    object_hook = staticmethod(lambda d: ('hooked', sorted(d.items())))
    parse_float = staticmethod(lambda s: ('float', s))
    parse_int = staticmethod(lambda s: ('int', s))
    parse_constant = staticmethod(lambda s: ('const', s))
print(_json.make_scanner(Hooks())('{"a": [1, 2.0, NaN], "b": {"c": -Infinity}}', 0))
class Pairs(Ctx):
    object_pairs_hook = list
print(_json.make_scanner(Pairs())('{"a": 1, "a": 2, "b": {}}', 0))
class Loose(Ctx):
    strict = False
print(_json.make_scanner(Loose())('["a\tb\nc"]', 0))
print(sc('[' * 200 + ']' * 200, 0)[1])

ea, eb = _json.encode_basestring_ascii, _json.encode_basestring
s = 'a"\\\x00\x1f\x7f\xe9\u20ac\U0001f600\ud800\n\t\b\f\r/'
print(ea(s), ascii(eb(s)), ea(""), eb("plain"))
t(lambda: ea(1)); t(lambda: eb(b'x'))

def default(o):
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f'Object of type {type(o).__name__} is not JSON serializable')

def enc(o, **kw):
    args = dict(markers={}, default=default, encoder=ea, indent=None, key_separator=': ',
                item_separator=', ', sort_keys=False, skipkeys=False, allow_nan=True)
    args.update(kw)
    e = _json.make_encoder(*args.values())
    try:
        r = e(o, 0)
        return type(r).__name__, r
    except Exception as ex:
        return type(ex).__name__, str(ex)

print(enc([1, 2.5, 'x', None, True, False, {'a': [1, {}]}, [], (1, 2), 1e100, -0.0, 10**30]))
print(enc({'b': 1, 'a': 2, 1: 3, 2.5: 4, True: 5, None: 6, False: 7}))
print(enc({'b': 1, 'a': 2, 'c': {'z': 1, 'y': 2}}, sort_keys=True))
print(enc({1: 2, 'a': 3}, sort_keys=True))
print(enc({(1, 2): 3}), enc({(1, 2): 3, 'x': 1}, skipkeys=True))
print(enc([float('nan'), float('inf'), -float('inf')]), enc([float('nan')], allow_nan=False))
print(enc({float('inf'): 1}), enc({float('inf'): 1}, allow_nan=False))
print(enc({1, 2}), enc(object()), enc('é€😀'), enc('é€😀', encoder=eb))
print(enc({'a': 'é'}, encoder=lambda s: '<' + s + '>'), enc(['x'], encoder=lambda s: 1))
print(enc([1, 2], item_separator=',', key_separator=':'), enc({'a': 1}, item_separator=',', key_separator=':'))
loop = []
loop.append(loop)
print(enc(loop), enc({'a': loop}))
d = {}
d['self'] = d
print(enc(d))
print(enc([1, [2]], markers=None))
class I(int): pass
class F(float): pass
class S(str): pass
print(enc([I(5), F(2.5), S('s'), {S('k'): I(1)}]))
t(lambda: _json.make_encoder(1, None, ea, None, ':', ',', False, False, True))
t(lambda: _json.make_encoder({}, None, ea, None, 1, ',', False, False, True))
t(lambda: _json.make_encoder())
print(type(_json.make_encoder({}, None, ea, None, ':', ',', False, False, True)).__name__)
