# _csv.reader: CPython's parsing rules for every dialect option (quotechar,
# doublequote, escapechar, skipinitialspace, strict, QUOTE_NONE,
# QUOTE_NONNUMERIC, newlines inside quoted fields) and its errors.
import _csv

def rd(lines, **kw):
    r = _csv.reader(lines, **kw)
    out = []
    try:
        for row in r:
            out.append(row)
    except (_csv.Error, ValueError) as e:
        out.append(f'{type(e).__name__}: {e}')
    return out, r.line_num

cases = [
    ['a,b,c'], ['a,b,c\r\n', '1,2,3\r\n'], ['"a,b",c'], ['"a""b",c'], ['"a"b,c'], ['a"b,c'],
    [''], ['\r\n'], [',', ',,'], ['"multi\n', 'line",x'], ['"multi\r\n', 'line"\r\n'],
    ['"unterminated'], ['a, b,  c'], ['"a" ,b'], ['é,ü€,😀'], ['a\\,b,c'], ['"a\\"b",c'],
    ['a\tb'], ['a\rb'], ['a\r', 'b'], ['x\n'], ['"x"y"z"'], ['a\0b,c'], ['1,2.5,x'], [' 1, 2 ,"3"'],
    ['a;b;c'], ["'a;b';c"], ['a\\\nb,c'], ['"a\\\nb",c'], ['a,\\'], ['"a",'], ['a,"'],
]
opts = [{}, {'strict': True}, {'skipinitialspace': True}, {'escapechar': '\\'},
        {'doublequote': False, 'escapechar': '\\'}, {'quoting': _csv.QUOTE_NONE},
        {'quoting': _csv.QUOTE_NONE, 'escapechar': '\\'}, {'quoting': _csv.QUOTE_NONNUMERIC},
        {'delimiter': ';', 'quotechar': "'"}, {'delimiter': '\t'}, {'quotechar': None}]
for kw in opts:
    print(kw)
    for c in cases:
        print('  ', c, rd(c, **kw))

print(rd(['a,b'], dialect='excel-nope') if False else 'ok')
_csv.register_dialect('pipes', delimiter='|', skipinitialspace=True)
print(rd(['a| b|"c|d"'], dialect='pipes'), rd(['a| b'], dialect='pipes', delimiter=','))
class Custom:
    delimiter = ':'
    quotechar = '%'
    doublequote = True
    skipinitialspace = False
    lineterminator = '\n'
    quoting = _csv.QUOTE_MINIMAL
    escapechar = None
    strict = False
print(rd(['a:%b:c%:d'], dialect=Custom))
old = _csv.field_size_limit(5)
print(rd(['12345,123456']), rd(['"12345"']), rd(['"123456"']))
_csv.field_size_limit(old)
print(rd(iter(['a', 'b'])), rd(['x'] * 3))
def gen():
    yield 'a,b'
    raise KeyError('boom')
try:
    list(_csv.reader(gen()))
except KeyError as e:
    print('KeyError', e)
r = _csv.reader(['a,b', 'c'])
print(next(r), r.line_num, next(r), r.line_num, iter(r) is r)
