# unicodedata's errors, word for word.
import unicodedata as u

calls = [
    lambda: u.category(), lambda: u.category('ab'), lambda: u.category(1),
    lambda: u.category(chr=1), lambda: u.name('ab'), lambda: u.name('\u0378'),
    lambda: u.name(), lambda: u.name('a', None, 1), lambda: u.decimal('a'),
    lambda: u.digit('x'), lambda: u.numeric('x'), lambda: u.decimal('', 1),
    lambda: u.normalize('NFX', 'a'), lambda: u.normalize(1, 'a'),
    lambda: u.normalize('NFC', 1), lambda: u.is_normalized('X', 'a'),
    lambda: u.lookup(1), lambda: u.lookup('x' * 300), lambda: u.lookup('NO SUCH'),
    lambda: u.mirrored(''), lambda: u.combining(None), lambda: u.decomposition('xy'),
    lambda: u.east_asian_width([]), lambda: u.bidirectional('ab'),
]
for f in calls:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
print(u.unidata_version.count('.'), u.decimal('a', 'd'), u.name('\u0378', 7), u.numeric('x', 0.5))
