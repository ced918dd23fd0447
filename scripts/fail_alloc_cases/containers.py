d = {}
for i in range(300):
    d[str(i)] = [i] * (i % 7)
s = "-".join(d)
print(len(s), sum(len(v) for v in d.values()))
t = tuple(sorted(d, key=len))
print(t[:3], b"ab" * 3, {1, 2, 3} | {4})
