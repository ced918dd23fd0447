# Counter over words, most_common ordering with ties (insertion order).
from collections import Counter
text = 'b a c a b d a e b f'
c = Counter(text.split())
print(c.most_common(), c.most_common(3), c.most_common(0))
print(sorted(c), sum(c.values()), len(c))
c2 = Counter({'x': 2, 'y': 5})
c2['z'] += 1
print(c2, 'x' in c2, 'q' in c2)
del c2['x']
del c2['never']
print(c2, Counter() == Counter(a=0))
