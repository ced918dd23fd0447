# A class that sets one dunder to another's slot wrapper (enum's IntEnum:
# __str__ = int.__repr__) must call that wrapper, not its own slot.
import enum


class Color(enum.IntEnum):
    RED = 1


class Loud(int):
    def __repr__(self):
        return 'Loud!'


class Quiet(Loud):
    pass


Quiet.__str__ = int.__repr__
print(str(Color.RED), repr(Color.RED), format(Color.RED), f'{Color.RED}')
print(str(Quiet(5)), repr(Quiet(5)))
