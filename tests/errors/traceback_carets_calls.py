# compare: stderr -- the ^^^^ lines under calls and attribute chains, and
# none when the failing expression is the whole line
import _tb_helper


class Obj:
    def method(self, **kw):
        return kw['z']


def nested(n):
    o = Obj()
    o.inner = Obj()
    try:
        if n == 0:
            return o.inner.missing.x
        if n == 1:
            return len(5)
        if n == 2:
            return o.inner.method(a=1)
        if n == 3:
            return abs(1, 2) + 2
        if n == 4:
            return int(str(len([]))[5:] or 'z')
        if n == 5:
            return (o
                    .missing)
        if n == 6:
            return o.method(
                q=1)
        if n == 7:
            return (Obj()
                    .method(q=1))
        if n == 8:
            o.inner.a.b = 1
        if n == 9:
            del o.missing
        if n == 10:
            o.inner.zz += 1
        if n == 11:
            return undefined_name
        if n == 12:
            a, b = 1, 2, 3
        if n == 13:
            return print(*5)
        if n == 14:
            return _tb_helper.lookup({'k': 'v'}, 'k')
        if n == 15:
            return _tb_helper.Box(Obj()).size()
        if n == 16:
            max(1, key=5)
        if n == 17:
            o.method(**{'z': 1}, y=2)['q']
    except Exception:
        if n < 17:
            nested(n + 1)
        raise


nested(0)
