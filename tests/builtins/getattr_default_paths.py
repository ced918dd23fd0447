# getattr(obj, name, default) and hasattr(): the default / False for every
# way an attribute can be missing (plain objects, None, __getattr__ and
# properties raising AttributeError, modules, classes, __slots__), and
# other errors still propagate.
import sys


class Plain:
    pass


class Dyn:
    def __getattr__(self, name):
        if name == "boom":
            raise ValueError("boom")
        raise AttributeError(name)


class Prop:
    @property
    def missing(self):
        raise AttributeError("from the property")

    @property
    def broken(self):
        raise KeyError("k")


class Slots:
    __slots__ = ("a",)


for obj in (Plain(), None, 5, Dyn(), Prop(), sys, Plain, Slots()):
    for name in ("nope", "missing", "a", "__class__"):
        print(type(obj).__name__, name, getattr(obj, name, "default") is not None
              and getattr(obj, name, "default") == "default", hasattr(obj, name))
for obj, name in ((Dyn(), "boom"), (Prop(), "broken")):
    for f in (lambda: getattr(obj, name, 1), lambda: hasattr(obj, name)):
        try:
            f()
        except Exception as e:
            print(type(e).__name__, e)
s = Slots()
s.a = 1
print(getattr(s, "a", 0), hasattr(s, "a"))
print(getattr(None, "_asyncio_future_blocking", None))
