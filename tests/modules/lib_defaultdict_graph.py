# defaultdict for graphs: adjacency lists, topological sort, reachability.
from collections import defaultdict, deque
edges = [('shirt', 'tie'), ('tie', 'jacket'), ('pants', 'shoes'), ('pants', 'belt'),
         ('belt', 'jacket'), ('shirt', 'belt'), ('socks', 'shoes')]
graph = defaultdict(list)
indeg = defaultdict(int)
for a, b in edges:
    graph[a].append(b)
    indeg[b] += 1
    indeg[a] += 0
order = []
ready = deque(sorted(n for n in indeg if indeg[n] == 0))
while ready:
    n = ready.popleft()
    order.append(n)
    for m in sorted(graph[n]):
        indeg[m] -= 1
        if indeg[m] == 0:
            ready.append(m)
print(order)
print(dict(graph))
print(graph.default_factory, len(graph), 'watch' in graph, graph.get('watch'))
nested = defaultdict(lambda: defaultdict(int))
for word in ['ab', 'ac', 'ba', 'ab']:
    nested[word[0]][word[1]] += 1
print({k: dict(v) for k, v in nested.items()})
