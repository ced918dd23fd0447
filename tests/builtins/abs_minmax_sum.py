# abs, min, max (key/default), sum (start).
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-10 ** 30), abs(True))
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max('hello'), min('b', 'a'))
print(max([1, -5, 3], key=abs), min(['aa', 'b', 'ccc'], key=len), max([], default='empty'))
print(min((), default=None), max([(1, 'b'), (1, 'a')]), max([2, 2.0]), max([2.0, 2]))
print(max([3, 1, 3], key=lambda x: -x), max({'a': 1, 'b': 0}), min({'a': 5, 'b': 1}.items(), key=lambda kv: kv[1]))
print(sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum([0.1] * 3), sum([[1], [2]], []), sum(range(10 ** 5)))
print(sum([1, 2.5]), sum((x for x in range(4)), start=100))
for call in [lambda: max([]), lambda: min(), lambda: max(1), lambda: sum(['a', 'b']),
             lambda: sum(['a'], ''), lambda: max(1, 'a')]:
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ':', e)
print(max(1, 2, key=lambda x: -x), min([[3], [1, 2]], key=len))
