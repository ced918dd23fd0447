# classes, closures, generators and exceptions under allocation failure
class P:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"P({self.x}, {self.y})"
def gen(n):
    for i in range(n):
        yield P(i, i * i)
def outer(k):
    def inner(v):
        return v + k
    return inner
pts = list(gen(200))
fs = [outer(i) for i in range(50)]
print(pts[-1], sum(f(1) for f in fs))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
import json
print(json.dumps({"a": [1, 2, {"b": None}]}, sort_keys=True))
