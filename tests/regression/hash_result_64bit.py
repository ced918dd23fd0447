# A __hash__ result that fits in 64 bits is the hash as it is, as in
# CPython (dataclasses hash a tuple: its hash is not reduced mod 2**61-1)
class A:
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v
for v in (5, -1, 2**61 - 1, 2**61, 2**63 - 1, -2**63, 2**63, 2**64 + 7, -2**70, True):
    print(v, hash(A(v)))
print(hash(A(hash((4,)))) == hash((4,)))
