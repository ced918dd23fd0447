# Building strings in loops, join vs +=, formatting tables.
parts = []
for i in range(10):
    parts.append(str(i * i))
print(','.join(parts))
s = ''
for c in 'abcdef':
    s += c.upper() + '-'
print(s[:-1])
row = ''
for i in range(1, 6):
    row += '%4d' % (i * 7)
print(row)
table = [('alice', 30, 1.5), ('bob', 4, 22.25), ('carol', 100, 0.125)]
for name, n, f in table:
    print(f'{name:<8}|{n:>5}|{f:8.3f}')
print('\n'.join(' '.join(str(r * c) for c in range(1, 4)) for r in range(1, 4)))
big = 'x' * 10000
print(len(big), big.count('x'), len(big + big))
rev = ''.join(reversed('hello world'))
print(rev, rev[::-1])
words = 'the rain in spain stays mainly in the plain'.split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
acro = ''.join(w[0] for w in 'portable network graphics'.split()).upper()
print(acro)
print(str(123) + str(4.5) + str(None) + str([1]) + str((2,)))
print('-' * 20)
caesar = ''.join(chr((ord(c) - 97 + 3) % 26 + 97) if c.isalpha() else c for c in 'hello, world')
print(caesar)
