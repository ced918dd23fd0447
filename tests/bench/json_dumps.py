# json.dumps (CPython's Lib/json over _json's c_make_encoder), in the style
# of pyperformance's bm_json_dumps: a few documents of different shapes
# encoded 2,000 times each; prints the total length as a checksum.
import json

EMPTY = ({}, 2000)
SIMPLE_DATA = {'key1': 0, 'key2': True, 'key3': 'value', 'key4': 'foo', 'key5': 'string'}
SIMPLE = (SIMPLE_DATA, 1000)
NESTED_DATA = {'key1': 0, 'key2': SIMPLE[0], 'key3': 'value', 'key4': SIMPLE[0], 'key5': SIMPLE[0],
               'key': '\u0105\u0107\u017c'}
NESTED = (NESTED_DATA, 1000)
HUGE = ([NESTED[0]] * 1000, 1)
MIXED = ([{'id': i, 'score': i * 1.25, 'tags': ['a', 'b', str(i)], 'ok': i % 3 == 0, 'none': None}
          for i in range(100)], 20)

total = 0
for _ in range(2):
    for obj, n in (EMPTY, SIMPLE, NESTED, HUGE, MIXED):
        for _ in range(n):
            total += len(json.dumps(obj))
        total += len(json.dumps(obj, sort_keys=True, ensure_ascii=False))
print(total)
