# marshal: code objects round-trip (baton's own format), dump/load through files.
import marshal
src = '''
def f(a, b=2, *c, d=4, **e):
    total = [i * a for i in range(b)]
    try:
        1 / 0
    except ZeroDivisionError as exc:
        total.append(type(exc).__name__)
    def inner():
        return a + d
    return total, inner(), c, e
class K:
    def m(self):
        return 'method'
result = f(3, 3, 9, d=5, z=1), K().m()
'''
code = compile(src, 'mod', 'exec')
data = marshal.dumps(code)
code2 = marshal.loads(data)
print(type(code2).__name__, code2.co_name if hasattr(code2, 'co_name') else '<module>')
ns = {}
exec(code2, ns)
print(ns['result'])
name = '_tmp_marshal.bin'
with open(name, 'wb') as fh:
    marshal.dump({'a': [1, 2.5, 'x']}, fh)
    marshal.dump((None, b'z'), fh, 2)
with open(name, 'rb') as fh:
    print(marshal.load(fh), marshal.load(fh))
    try:
        marshal.load(fh)
    except EOFError as e:
        print(e)
import os
os.remove(name)
