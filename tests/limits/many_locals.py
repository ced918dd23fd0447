# Many locals in one function, many globals, many arguments.
def f():
    a0 = 0; a1 = 1; a2 = 2; a3 = 3; a4 = 4; a5 = 5; a6 = 6; a7 = 7; a8 = 8; a9 = 9
    b0 = 10; b1 = 11; b2 = 12; b3 = 13; b4 = 14; b5 = 15; b6 = 16; b7 = 17; b8 = 18; b9 = 19
    c0 = 20; c1 = 21; c2 = 22; c3 = 23; c4 = 24; c5 = 25; c6 = 26; c7 = 27; c8 = 28; c9 = 29
    d0 = 30; d1 = 31; d2 = 32; d3 = 33; d4 = 34; d5 = 35; d6 = 36; d7 = 37; d8 = 38; d9 = 39
    e0 = 40; e1 = 41; e2 = 42; e3 = 43; e4 = 44; e5 = 45; e6 = 46; e7 = 47; e8 = 48; e9 = 49
    total = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9
             + c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9
             + e0 + e1 + e2 + e3 + e4 + e5 + e6 + e7 + e8 + e9)
    return total, len(locals())
print(f())
def many_args(*args, **kwargs):
    return len(args), len(kwargs), sum(args), sum(kwargs.values())
print(many_args(*range(1000), **{'k%d' % i: i for i in range(500)}))
g = globals()
for i in range(1000):
    g['var%d' % i] = i
print(var0 + var999, len([k for k in g if k.startswith('var')]))
def wide(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t):
    return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t
print(wide(*range(20)))
