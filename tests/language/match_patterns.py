# The match statement: every pattern kind, guards, soft keywords, and a
# failed case binding nothing.
class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y

def describe(v):
    match v:
        case 0 | 1 as small:
            return f'small {small}'
        case None:
            return 'none'
        case True:
            return 'true'
        case -3:
            return 'minus three'
        case 'hello':
            return 'greeting'
        case [x, y, *rest] if x == y:
            return f'pair start {x} rest {rest}'
        case [x, *_, z]:
            return f'seq {x}..{z}'
        case (x,):
            return f'one {x}'
        case []:
            return 'empty seq'
        case {'k': val, **others}:
            return f'map k={val} others={others}'
        case {}:
            return 'any map'
        case Point(0, y=yy):
            return f'on y axis at {yy}'
        case Point(x, y) if x == y:
            return f'diagonal {x}'
        case Point(x=px):
            return f'point x={px}'
        case int(n) | float(n):
            return f'number {n}'
        case str() as s:
            return f'str {s!r}'
        case _:
            return 'other'

for v in [0, 1, None, True, -3, 'hello', [1, 1, 2, 3], [1, 2, 3], (5,), [], {'k': 1, 'z': 2},
          {'a': 1}, Point(0, 5), Point(2, 2), Point(3, 4), 42, 2.5, 'abc', object, (1, 2)]:
    print(describe(v))
match = 3
case = 4
_ = 5
print(match, case, _)
match (1, 2):
    case (a, 3):
        pass
    case _:
        pass
try:
    print(a)
except NameError as e:
    print(e)
