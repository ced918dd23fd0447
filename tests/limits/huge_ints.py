# Huge integers: powers, modular reduction, digit counts.
n = 2 ** 10000
print(n % 1000007, len(str(n)), n.bit_length())
print(str(n)[:20], str(n)[-20:])
f = 1
for i in range(1, 1001):
    f *= i
print(len(str(f)), f % (10 ** 9 + 7), str(f).rstrip('0')[-10:])
print(pow(3, 10 ** 5, 10 ** 9 + 9), (3 ** 10000) // (3 ** 9990))
a = 7 ** 3000
b = 11 ** 2000
print((a * b) % 999983, (a // b) % 1000, a > b, (a - b) % 12345)
print(sum(int(d) for d in str(2 ** 5000)))
x = 10 ** 500 + 1
print(x * x % (10 ** 9), -x // 7 % 1000, (x << 1000) >> 1000 == x)
