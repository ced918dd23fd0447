# Module objects: attributes, aliasing, from-imports of lib and C modules.
import math as m, string as s
from collections import deque as D, Counter
from os import path as p
import sys
print(m.__name__, s.__name__, D.__name__, Counter.__name__)
print(m.sqrt(81), s.digits[:3], list(D([1, 2])), p.join('x', 'y'))
print(hasattr(m, 'pi'), hasattr(m, 'no_such_attr'), getattr(s, 'octdigits'))
print('math' in sys.modules, 'collections' in sys.modules)
import math
print(math is m)
try:
    m.no_such_attr
except AttributeError as e:
    print('AttributeError:', e)
