# Deeply nested containers: moderate-depth repr, and a 100000-deep repr that must
# either succeed or raise RecursionError (CPython raises), never crash.
x = []
for _ in range(200):
    x = [x]
r = repr(x)
print(len(r), r[:10], r[-10:])
d = {}
cur = d
for i in range(100):
    cur['k'] = {}
    cur = cur['k']
print(len(repr(d)))
deep = []
for _ in range(100000):
    deep = [deep]
try:
    s = repr(deep)
    print('deep repr finished')
except RecursionError:
    print('deep repr finished')
n = 0
node = deep
while node:
    node = node[0]
    n += 1
print(n)
