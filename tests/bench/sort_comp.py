# Sorting (plain, keyed, reversed) and list/dict/set comprehensions.
def main():
    x = 12345
    data = []
    for i in range(200000):
        x = (x * 1103515245 + 12345) % 2147483648
        data.append(x % 100000)
    a = sorted(data)
    b = sorted(data, key=lambda v: (v % 1000, v))
    c = sorted(data, reverse=True)
    squares = [v * v for v in data if v % 3 == 0]
    buckets = {v % 97: v for v in data}
    uniq = {v // 10 for v in data}
    pairs = [(v, -v) for v in a[:50000]]
    pairs.sort()
    print(a[0], a[-1], b[0], b[-1], c[0], len(squares), sum(squares) % 1000003,
          len(buckets), len(uniq), pairs[100])


main()
