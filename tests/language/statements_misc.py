# Simple statements: pass, semicolons, chained assignment, line continuation.
a = b = c = [0]
print(a is c, a, b)
x = 1; y = 2; z = x + y
print(x, y, z)
total = 1 + \
    2 + \
    3
print(total)
values = [
    1,
    2,  # trailing comment
    3,
]
print(values, (
    'implicit'
    ' join'
))
def noop():
    pass
class Nothing:
    pass
print(noop(), Nothing.__name__)
if x: print('inline if')
for i in range(2): print('inline for', i)
while False: pass
i = j = 0
i += 1
print(i, j)
first, second = second, first = 1, 2
print(first, second)
data = {'k': [1, {'n': 2}]}
data['k'][1]['n'] += 1
print(data)
print(1 if x else 0); print('two statements')
