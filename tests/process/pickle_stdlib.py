# What CPython's Lib collections, functools and operator make crosses
# processes: pickled by the reduce protocol (__reduce_ex__), and a
# functools.partial of a module function as a Pool task.
import collections
import functools
import heapq
import multiprocessing
import operator
import pickle

P = collections.namedtuple("P", "x y")


def scale(x, factor=1, offset=0):
    return x * factor + offset


values = [
    collections.deque([1, 2, 3], 5),
    collections.defaultdict(list, a=[1], b=[2, 3]),
    collections.OrderedDict([("z", 1), ("a", 2)]),
    P(1, [2]),
    collections.Counter("abracadabra"),
    functools.partial(scale, 2, offset=1),
    functools.reduce,
    operator.itemgetter(1, 0),
    operator.attrgetter("x"),
    operator.add,
    heapq.heappush,
]
for v in values:
    w = pickle.loads(pickle.dumps(v))
    print(type(w).__name__, w if not callable(w) or isinstance(w, type) else "callable")

shared = [1, 2]
d = pickle.loads(pickle.dumps(collections.deque([shared, shared])))
print(d, d[0] is d[1])
f = pickle.loads(pickle.dumps(functools.partial(scale, 3, offset=2)))
print(f(1), f.args, f.keywords)
print(pickle.loads(pickle.dumps(operator.itemgetter(1, 0)))("ab"))
print(pickle.loads(pickle.dumps(collections.Counter("aab"))).most_common())

if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        print(pool.map(functools.partial(scale, factor=10, offset=1), range(5)))
        print(pool.map(functools.partial(P, 0), [1, 2]))
        print(sorted(pool.map(collections.Counter, ["ab", "bb"]), key=len))
