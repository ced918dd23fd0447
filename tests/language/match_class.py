# Class patterns: __match_args__, keyword sub-patterns, the built-ins that
# match themselves, and CPython's TypeErrors.
class Point:
    __match_args__ = ('x', 'y')

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3(Point):
    __match_args__ = ('x', 'y', 'z')

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class NoArgs:
    pass


def where(p):
    match p:
        case Point3(x, y, z=0):
            return f'flat {x},{y}'
        case Point3(x, y, z):
            return f'3d {x},{y},{z}'
        case Point(x=0, y=0):
            return 'origin'
        case Point(0, y):
            return f'y axis {y}'
        case Point(x, 0):
            return f'x axis {x}'
        case Point(x=a, y=b) if a == b:
            return f'diagonal {a}'
        case Point():
            return 'somewhere'
        case NoArgs(missing=1):
            return 'never'
        case NoArgs():
            return 'no args'
        case bool(b):
            return f'bool {b}'
        case int(i):
            return f'int {i}'
        case str(s) | bytes(s):
            return f'text {s!r}'
        case list([first, *_]):
            return f'list starting {first}'
        case dict(d):
            return f'dict {sorted(d)}'
        case tuple((a, b)):
            return f'pair {a} {b}'
    return 'nothing'


for p in [Point3(1, 2, 0), Point3(1, 2, 3), Point(0, 0), Point(0, 5), Point(7, 0), Point(4, 4),
          Point(1, 2), NoArgs(), True, 12, 'ab', b'cd', [9, 8], {'b': 1, 'a': 2}, (1, 2), 1.5]:
    print(where(p))


def attempt(pattern_src, subject):
    code = f'match subject:\n    case {pattern_src}:\n        result = "matched"\n'
    env = {'subject': subject, 'result': 'no match'}
    env.update(globals())
    try:
        exec(code, env)
        print(pattern_src, '->', env['result'])
    except TypeError as e:
        print(pattern_src, '->', type(e).__name__, e)


attempt('int(1, 2)', 5)
attempt('Point(1, 2, 3)', Point(1, 2))
attempt('NoArgs(1)', NoArgs())
attempt('Point(1, x=1)', Point(1, 2))
attempt('NoArgs(1)', 5)


class BadArgs:
    __match_args__ = ['x']


class BadName:
    __match_args__ = (1,)


attempt('BadArgs(1)', BadArgs())
attempt('BadName(1)', BadName())
notatype = 3
env = {'notatype': notatype}
try:
    exec('match 1:\n    case notatype(): pass\n', env)
except TypeError as e:
    print(e)
