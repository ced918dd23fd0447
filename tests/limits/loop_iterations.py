# Many loop iterations: integer loops and while loops finish with the right totals.
total = 0
for i in range(3 * 10 ** 6):
    total += i & 7
print(total)
n = 0
k = 0
while n < 10 ** 6:
    n += 3
    k ^= n
print(n, k)
acc = 0.0
for i in range(1, 200001):
    acc += 1.0 / (i * i)
print(round(acc, 6))
