# Building dicts keyed by strings, and building strings piece by piece.
def main():
    counts = {}
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]
    for i in range(300000):
        key = words[i % 7] + str(i % 1000)
        counts[key] = counts.get(key, 0) + 1
    parts = []
    for i in range(200000):
        parts.append(str(i))
    s = ",".join(parts)
    acc = ""
    for i in range(100000):
        acc += "ab"
    index = {}
    for k in counts:
        index[k.upper()] = len(k)
    print(len(counts), sum(counts.values()), len(s), len(acc), sum(index.values()))


main()
