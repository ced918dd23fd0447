# compare: stderr -- the ~~^^ lines under subscripts and item assignment
class Obj:
    pass


def nested(n):
    o = Obj()
    try:
        if n == 0:
            return [1, 2][5]
        if n == 1:
            return {}['key']
        if n == 2:
            return [1][0][0]
        if n == 3:
            return (1 , 2) [3]
        if n == 4:
            return o[1:2]
        if n == 5:
            return o[1, 2]
        if n == 6:
            return [1][1 :2 :0]
        if n == 7:
            return {'a': 1}['b'
                            ]
        if n == 8:
            return [1, 2][
                5]
        if n == 9:
            return 1 if [][0] else 2
        if n == 10:
            o[1] = 2
        if n == 11:
            d = {1: 2}; d[[1]]
        if n == 12:
            d = {}; d['k'] += 1
    except Exception:
        if n < 12:
            nested(n + 1)
        raise


nested(0)
