# strings, bytes and formatting under allocation failure
words = ["w%d" % i for i in range(500)]
s = " ".join(words)
print(len(s), s.upper()[:20], s.split()[-1])
acc = ""
for w in words:
    acc += w
print(len(acc), acc.count("w"), acc.replace("w", "--")[:12])
b = s.encode() * 3
print(len(b), b[:10].hex(), "%s-%d-%.2f" % ("x", 42, 3.14159))
print(f"{len(words):>8}|{words[7]!r:^10}|", sorted(set(s))[:5])
