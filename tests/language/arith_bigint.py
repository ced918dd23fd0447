# Big-integer arithmetic (beyond 64 bits) and mixing with small ints.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
print(fact(20), fact(21), fact(30))
print(fact(50))
print(2 ** 200)
print(-(2 ** 100), (-2) ** 101)
a = 2 ** 100 + 12345
b = 3 ** 50
print(a + b, a - b, b - a, a * b)
print(a // b, a % b, -a // b, -a % b, a // -b)
print(divmod(a, 97), divmod(-a, 97))
print(a // 3, a % 1000000007)
print(pow(2, 1000, 10 ** 9 + 7), pow(3, 200) % 1000)
print(a > b, a == a + 0, (a - a) == 0, a != b)
print(abs(-a), -(-a) == a)
print(a >> 50, a << 20, (a << 20) >> 20 == a)
print(a & 0xFFFF, a | 1, a ^ a, ~a)
print(-a & 0xFFFFFFFF, -a >> 3)
print(str(10 ** 40), len(str(fact(100))))
print(int('9' * 30) + 1)
print(hex(2 ** 70), oct(2 ** 70), bin(2 ** 70))
print(a / b)
print((10 ** 30) / (10 ** 10), 10 ** 30 // 10 ** 10)
x = 1
for i in range(70):
    x = x * 3 + 1
print(x, x.bit_length())
print(sum(range(10 ** 6)) * 10 ** 12)
print(2 ** 64 - 1 == 18446744073709551615, (2 ** 64) // (2 ** 32))
