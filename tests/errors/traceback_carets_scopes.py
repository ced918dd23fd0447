# compare: stderr -- markers in lambdas, comprehensions, generators, class
# bodies, assert, raise, chained causes
def gen():
    yield 1 / 0


def nested(n):
    try:
        if n == 0:
            return (lambda q: q.nope)(3)
        if n == 1:
            return [x.y for x in [1]]
        if n == 2:
            return sum(i.x for i in range(3))
        if n == 3:
            return {k: v.q for k, v in {1: 2}.items()}
        if n == 4:
            return [[x for x in 5] for y in [1]]
        if n == 5:
            return list(gen())
        if n == 6:
            class Q:
                z = 1 + None
        if n == 7:
            assert n == 0, 'msg'
        if n == 8:
            assert n is not None and not n
        if n == 9:
            raise KeyError('a') from ValueError('b')
        if n == 10:
            for i in 5:
                pass
        if n == 11:
            with 3:
                pass
        if n == 12:
            f'{1 + "a"}'
        if n == 13:
            def inner():
                return q + 1
            q = None
            inner()
    except Exception:
        if n < 13:
            nested(n + 1)
        raise


nested(0)
