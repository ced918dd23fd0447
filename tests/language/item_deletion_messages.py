# The TypeError of item assignment and deletion on objects without them:
# CPython says "doesn't support item deletion" through the sequence
# protocol (an index on a type with sequence slots, or any class) and
# "does not" otherwise; a class defining only one of __setitem__ and
# __delitem__ raises AttributeError naming the other.
class C:
    pass

class OnlySet:
    def __setitem__(self, k, v):
        pass

class OnlyDel:
    def __delitem__(self, k):
        pass

class Idx:
    def __index__(self):
        return 0

for o in ("ab", b"ab", (1,), range(2), frozenset(), 5, None, iter([]), C(), 1.5):
    for key in (0, Idx(), "k"):
        try:
            o[key] = 1
        except TypeError as e:
            print("set", e)
        try:
            del o[key]
        except TypeError as e:
            print("del", e)
try:
    del OnlySet()[0]
except AttributeError as e:
    print("AttributeError", e)
try:
    OnlyDel()[0] = 1
except AttributeError as e:
    print("AttributeError", e)
