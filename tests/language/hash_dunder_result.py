# __hash__'s result is the hash when it fits (CPython's slot_tp_hash): a
# class that returns hash(text) hashes like text (ElementTree's QName);
# -1 becomes -2; ints past 64 bits are hashed as ints.
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v if isinstance(self.v, int) else hash(self.v)
for v in ["{uri}key", "abc" * 50, "", 12345, -1, 2**62 + 7, -2**63, 2**63, 2**100, -2**100]:
    print(repr(v)[:20], hash(K(v)) == (hash(v) if not isinstance(v, int) or -2**63 <= v < 2**63 else hash(v)),
          hash(K(v)) if isinstance(v, int) else "")
class B:
    def __hash__(self):
        return True
print(hash(B()))
d = {K("x"): 1}
print(hash(K("x")) == hash("x"))
