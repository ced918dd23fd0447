# while/for with else, break, continue, nested loops.
for i in range(3):
    print('for', i)
else:
    print('for else runs')
for i in range(10):
    if i == 2:
        break
else:
    print('not printed')
print('broke at', i)
n = 0
while n < 3:
    n += 1
else:
    print('while else', n)
while True:
    n -= 1
    if n == 0:
        break
print('n', n)
for i in range(6):
    if i % 2:
        continue
    print('even', i)
def find_prime_factor(n):
    for d in range(2, n):
        if n % d == 0:
            return d
    else:
        return None
print(find_prime_factor(91), find_prime_factor(13))
for x in range(2, 20):
    for y in range(2, x):
        if x % y == 0:
            break
    else:
        print(x, end=' ')
print()
for i in []:
    print('never')
else:
    print('empty for else')
i = 0
while i < 10:
    i += 1
    if i < 8:
        continue
    print('i', i)
outer_done = False
for a in range(3):
    for b in range(3):
        if a * b == 2:
            outer_done = True
            break
    if outer_done:
        break
print(a, b)
for i in range(3):
    pass
print(i)
for i in range(10, 0, -3):
    print(i, end=',')
print()
