# Exceptions crossing generator, method and lambda frames are caught correctly.
class Parser:
    def parse(self, items):
        return [self.one(i) for i in items]
    def one(self, item):
        conv = lambda s: int(s)
        return conv(item)
try:
    Parser().parse(['1', 'x'])
except ValueError as e:
    print('ValueError:', e)
def gen():
    yield 1
    raise KeyError('from generator')
try:
    for v in gen():
        print('got', v)
except KeyError as e:
    print('KeyError:', e)
def deep(n):
    if n == 0:
        raise RuntimeError('bottom')
    return deep(n - 1)
try:
    deep(50)
except RuntimeError as e:
    print('RuntimeError:', e)
def handler():
    try:
        deep(3)
    except RuntimeError:
        return 'handled in caller'
print(handler())
results = []
for f in [lambda: 1 / 0, lambda: [][1], lambda: {}['k'], lambda: None.x, lambda: int('z')]:
    try:
        f()
    except Exception as e:
        results.append(type(e).__name__)
print(results)
