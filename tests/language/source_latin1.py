# -*- coding: latin-1 -*-
# A source file in Latin-1 (PEP 263): its bytes are decoded before lexing.
s = "café à la crème, § ½"
print(s, len(s), ascii(s))
print("\N{EURO SIGN}", ascii("ÿ"))
