# bytes % args and bytearray % args (PEP 461): %s/%b take bytes-like objects
# or __bytes__, %r/%a give ascii(), numbers format as str % does.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

class B:
    def __bytes__(self):
        return b'<B>'

show(lambda: b'%r' % b'str')
show(lambda: b'%a|%r' % ('é', [1, b'x']))
show(lambda: b'%s %b' % (b'x', bytearray(b'y')))
show(lambda: b'%s' % memoryview(b'mv'))
show(lambda: b'%s' % B())
show(lambda: b'%5s|%-5s|%.2s' % (b'ab', b'cd', b'efg'))
show(lambda: b'%d %i %u %x %X %o %#x %#o' % (1, -2, 3, 255, 255, 8, 255, 8))
show(lambda: b'%05d|%+d|% d|%-6d|' % (42, 42, 42, 42))
show(lambda: b'%f %.2f %e %g %10.3E' % (1.5, 2.345, 12345.678, 0.0001, 3.0))
show(lambda: b'%c%c%c' % (65, b'B', bytearray(b'C')))
show(lambda: b'%*d|%-*d|%.*f' % (5, 1, 4, 2, 2, 3.14159))
show(lambda: b'%(a)s-%(b)d' % {b'a': b'A', b'b': 7})
show(lambda: b'100%%' % ())
show(lambda: bytearray(b'%s!') % b'hi')
show(lambda: b'%s' % 'str')
show(lambda: b'%s' % 5)
show(lambda: b'%c' % 256)
show(lambda: b'%c' % b'ab')
show(lambda: b'%d' % 'x')
show(lambda: b'%x' % 1.5)
show(lambda: b'%d %d' % (1,))
show(lambda: b'%d' % (1, 2))
show(lambda: b'%q' % 1)
show(lambda: b'%' % ())
show(lambda: b'%(a)s' % (1,))
show(lambda: b'%s' % (b'a',))
show(lambda: b'no args' % ())
show(lambda: b'%s' % [b'list'])
