# Mapping and sequence patterns: **rest, get() on mappings, what counts as a
# sequence (not str/bytes), star sub-patterns, nesting, duplicate keys.


class Lookup(dict):
    def __missing__(self, key):
        return 'made up'


def classify(v):
    match v:
        case {'type': 'point', 'x': x, 'y': y}:
            return f'point {x} {y}'
        case {'type': kind, **rest} if rest:
            return f'{kind} with {sorted(rest.items())}'
        case {'type': kind}:
            return f'bare {kind}'
        case []:
            return 'empty'
        case [[a, b], [c, d]]:
            return f'matrix {a}{b}{c}{d}'
        case [x]:
            return f'single {x}'
        case [first, *middle, last]:
            return f'first {first} middle {middle} last {last}'
        case {}:
            return 'some mapping'
        case str() | bytes():
            return 'text is not a sequence here'
    return 'other'


for v in [{'type': 'point', 'x': 1, 'y': 2}, {'type': 'box', 'w': 3, 'h': 4}, {'type': 'dot'},
          Lookup(type='lookup'), [], [[1, 2], [3, 4]], (7,), range(5), 'abc', b'xy',
          Lookup(a=1), [1, 2], {'other': 1}, 3]:
    print(classify(v))

match {'a': 1, 'b': 2, 'c': 3}:
    case {'a': 1, **rest}:
        print(sorted(rest.items()))

key = 'b'


class K:
    key = 'b'


try:
    match {'b': 1}:
        case {K.key: x, K.key: y}:
            print('no')
        case {K.key: x}:
            print('one key', x)
except ValueError as e:
    print(e)
try:
    match {'b': 1, 'c': 2}:
        case {K.key: x, K.key: y}:
            print('no')
except ValueError as e:
    print('ValueError', e)

match (1, 2, 3, 4, 5):
    case (1, *_, 5) as whole:
        print('whole', whole)
match [1, [2, [3, [4]]]]:
    case [a, [b, [c, [d]]]]:
        print(a + b + c + d)
for v in [bytearray(b'ab'), memoryview(b'xy'), b'cd']:
    match v:
        case [a, b]:
            print('seq', a, b)
        case bytearray(x):
            print('bytearray', x)
        case _:
            print('other', v)
