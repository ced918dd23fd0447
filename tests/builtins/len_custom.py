# len() of custom objects: __len__ must return a non-negative int.
class L:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
print(len(L(0)), len(L(5)), bool(L(0)), bool(L(2)))
for bad in [-1, 'x', 2.0]:
    try:
        len(L(bad))
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
try:
    len(L(10 ** 30))
except OverflowError as e:
    print('OverflowError:', e)
print(len([L(1)]), len({'k': L(1)}))
