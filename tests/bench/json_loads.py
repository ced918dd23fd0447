# json.loads (CPython's Lib/json over _json's c_make_scanner and
# scanstring), in the style of pyperformance's bm_json_loads: documents of
# different shapes decoded many times; prints a checksum of what was read.
import json

DICT = {'ads_flags': 0, 'age': 18, 'bulletin_count': 0, 'comment_count': 0, 'country': 'BR',
        'encrypted_id': 'G9urXXAJwjE', 'favorite_artists': ['Geo\u00e9 ', 'Marcelo Nova', 'Raul Seixas'],
        'favorite_authors': 'Isaac Asimov, Frank Herbert', 'gender': 'm', 'first_name': 'Ricardo',
        'score': 12.5, 'ratio': -0.0125, 'nested': {'a': [1, 2, 3, [4, 5, {'b': None, 'c': True}]]}}
TUPLE = ([265867233, 265868503, 265252341, 265243910, 265879514, 266219766, 266021701, 265843726],
         60)
DOCS = [json.dumps(DICT), json.dumps(TUPLE), json.dumps([DICT] * 100), json.dumps('x\\n\u20ac' * 50)]

check = 0
for _ in range(300):
    for doc in DOCS:
        obj = json.loads(doc)
        check += len(obj) if hasattr(obj, '__len__') else 1
for _ in range(3000):
    check += json.loads(DOCS[1])[1]
print(check)
