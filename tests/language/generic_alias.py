# types.GenericAlias (list[int]) and types.UnionType (int | None), as
# runtime annotations use them.
GenericAlias = type(list[int])
UnionType = type(int | str)

a = list[int]
print(a, type(a).__name__, type(a).__module__, a.__origin__ is list, a.__args__, a.__parameters__)
print(dict[str, list[int]], tuple[int, ...], tuple[()], type[int], set[str], frozenset[bytes])
print(a() == [], type(a()).__name__, a([1, 2]), list[int] == list[int], list[int] == list[str])
print(hash(list[int]) == hash(list[int]), {list[int]: 1}[list[int]])
try:
    isinstance([], list[int])
except TypeError as e:
    print("TypeError:", e)


class MyList(list[int]):
    pass


print(MyList.__bases__, MyList.__orig_bases__, MyList([3]))

u = int | None
print(u, type(u).__name__, type(u).__module__, u.__args__, int | str == str | int, int | int)
print(hash(int | str) == hash(str | int), (int | str) | float, int | list[int], None | int)
print(isinstance(3, int | str), isinstance(None, int | None), isinstance(2.0, int | str))
print(issubclass(bool, int | str), issubclass(float, int | str))
try:
    isinstance(1, int | list[int])
except TypeError as e:
    print("TypeError:", e)
try:
    int | 3
except TypeError as e:
    print("TypeError:", e)


class Box:
    def __class_getitem__(cls, item):
        return GenericAlias(cls, item)


print(Box[int], Box[int].__origin__ is Box, repr(Box[int, str]))
print(list.__class_getitem__(int), dict.__class_getitem__((str, int)))
