# hasattr swallows only AttributeError; getattr default with properties.
class C:
    @property
    def missing(self):
        raise AttributeError('computed missing')
    @property
    def broken(self):
        raise ValueError('broken property')
    @property
    def fine(self):
        return 'fine'
c = C()
print(hasattr(c, 'missing'), hasattr(c, 'fine'), getattr(c, 'missing', 'dflt'), c.fine)
try:
    hasattr(c, 'broken')
except ValueError as e:
    print('ValueError:', e)
try:
    c.missing
except AttributeError as e:
    print('AttributeError:', e)
