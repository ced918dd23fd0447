# deque as a queue: BFS over a grid, sliding window maximum.
from collections import deque
grid = ['S.#.....',
        '.##.###.',
        '....#...',
        '.##...#E']
rows, cols = len(grid), len(grid[0])
start = (0, 0)
goal = (3, 7)
dist = {start: 0}
q = deque([start])
while q:
    r, c = q.popleft()
    for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        nr, nc = r + dr, c + dc
        if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != '#' and (nr, nc) not in dist:
            dist[(nr, nc)] = dist[(r, c)] + 1
            q.append((nr, nc))
print(dist[goal], len(dist))
def window_max(xs, k):
    dq, out = deque(), []
    for i, x in enumerate(xs):
        while dq and xs[dq[-1]] <= x:
            dq.pop()
        dq.append(i)
        if dq[0] <= i - k:
            dq.popleft()
        if i >= k - 1:
            out.append(xs[dq[0]])
    return out
print(window_max([1, 3, -1, -3, 5, 3, 6, 7], 3))
big = deque()
for i in range(100000):
    big.append(i)
total = 0
while big:
    total += big.popleft()
print(total)
