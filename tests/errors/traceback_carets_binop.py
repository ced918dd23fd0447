# compare: stderr -- the ~~^^ lines under binary operators (CPython's anchors)
def nested(n):
    try:
        if n == 0:
            return 1 + 'a'
        if n == 1:
            return (1 + 2) * 'a' - 3
        if n == 2:
            return 10 // 0
        if n == 3:
            x = 2; return x ** 'y'
        if n == 4:
            return ( 1 ) + ( 'a' )
        if n == 5:
            return 1 +  \
                'a'
        if n == 6:
            return ((1)
                + 'x')
        if n == 7:
            return 'é' + 1 + 'ü'
        if n == 8:
            y = 'text'; y -= 1
        if n == 9:
            return 1 < 'a'
        if n == 10:
            return -'a'
        if n == 11:
            return 1 + 2 + None
        if n == 12:
            return '%d' % 'a'
    except Exception:
        if n < 12:
            nested(n + 1)
        raise


nested(0)
