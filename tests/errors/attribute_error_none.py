# AttributeError on None (a common bug).
def find(xs, v):
    for x in xs:
        if x == v:
            return x
result = find([1, 2], 5)
result.upper()
