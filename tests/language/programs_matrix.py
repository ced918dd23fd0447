# Small program: matrices as nested lists.
def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]
def transpose(m):
    return [list(r) for r in zip(*m)]
def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b), transpose([[1, 2, 3], [4, 5, 6]]))
print(matmul(a, identity(2)) == a)
def mpow(m, n):
    r = identity(len(m))
    while n:
        if n & 1:
            r = matmul(r, m)
        m = matmul(m, m)
        n >>= 1
    return r
print(mpow([[1, 1], [1, 0]], 90)[0][1])
grid = [[(r * 3 + c) % 5 for c in range(4)] for r in range(3)]
for row in grid:
    print(' '.join('%2d' % v for v in row))
print([sum(col) for col in zip(*grid)], [max(r) for r in grid])
def det(m):
    if len(m) == 1:
        return m[0][0]
    return sum((-1) ** j * m[0][j] * det([r[:j] + r[j + 1:] for r in m[1:]]) for j in range(len(m)))
print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det(identity(4)))
