# _string (under CPython's Lib/string.py) and str.format read templates
# alike: formatter_parser's pieces, formatter_field_name_split, and the
# same ValueErrors from both.
import _string
import string

TEMPLATES = ['a{0!r:>{w}}b{{c}}d{x.y[1]}', '', 'abc', '{}', '{:}', '{!r}', '}}',
             '{{', 'x}', '{', '{0!é}', '{a[1:2]}', '{a{b}', '{0!}', '{0!r', '{0!rx}',
             '{0:', '{0', '{0[}', '{0:{}', 'x{0:{{}}}', '{0:}}']
for f in TEMPLATES:
    try:
        print(repr(f), list(_string.formatter_parser(f)))
    except ValueError as e:
        print(repr(f), "ValueError:", e)

for f in ['a.b[0][x].c', '', '0.b', '12', 'a[', 'a.', 'a]', 'a[]', '0[1]x',
          '9' * 30, 'a[' + '9' * 30 + ']']:
    try:
        first, rest = _string.formatter_field_name_split(f)
        print(repr(f), repr(first), type(rest).__name__, list(rest))
    except ValueError as e:
        print(repr(f), "ValueError:", e)

for bad in (1, None, b"{}"):
    for fn in (_string.formatter_parser, _string.formatter_field_name_split):
        try:
            fn(bad)
        except TypeError as e:
            print("TypeError:", e)


class O:
    x = 5

    def __repr__(self):
        return "O()"

    def __getitem__(self, k):
        return ("item", k)


for f in ["{0.x}", "{0[1]}", "{0[x]}", "{0[x].x}", "a{{b}}c", "{0!r}", "{0!s:>5}",
          "{0!x}", "{0!é}", "{0:{1}}", "{0:{1:{2}}}", "{0[1]x}", "{0.}", "{0[]}",
          "{}{0}", "{0}{}", "{99999999999999999999999}", "{:>{}}", "{a{b}", "{0!rx}",
          "{0:{}", "{[}"] + TEMPLATES[4:12]:
    try:
        print(repr(f), repr(f.format(O(), 1, 2, a=3, w=4, x=O())))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as e:
        print(repr(f), type(e).__name__, e)
for f in ["{0}", "{a}", "{}"]:
    try:
        print(repr(f), repr(f.format_map({"a": 1})))
    except ValueError as e:
        print(repr(f), "ValueError:", e)

fmt = string.Formatter()
print(fmt.format("{0}-{x.real}-{1[0]}-{y!r:>6}", 1, [2], x=3j, y="s"))
print(list(fmt.parse("a{b!s:c}d")), fmt.get_field("0.imag", (2j,), {}))
print(string.Template("$a ${b} $$").substitute(a=1, b=2), string.capwords(" hello  world "))
print(string.__file__.endswith("string.py"), _string.__name__)

# after an error the iterator goes on from where the scan stopped
for f in ["a}b{0}", "x{0!", "{0:{", "{a{b}c{1}", "}}x}y"]:
    it = _string.formatter_parser(f)
    out = []
    for _ in range(4):
        try:
            out.append(next(it))
        except StopIteration:
            out.append("stop")
            break
        except ValueError as e:
            out.append(str(e))
    print(repr(f), out)
for call in (lambda: _string.formatter_parser(), lambda: _string.formatter_field_name_split("a", "b"),
             lambda: type(_string.formatter_parser(""))()):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
