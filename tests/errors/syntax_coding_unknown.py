# -*- coding: no-such-codec -*-
# An unknown source encoding (PEP 263).
print("never")
