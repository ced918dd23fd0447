# Unicode in str literals: \N{...} (names, aliases, any case), \u and \U
# escapes including lone surrogates, and identifiers that NFKC-normalize.
print("\N{GREEK SMALL LETTER ALPHA}\N{greek small letter beta}\N{NBSP}\N{LINE FEED}".encode())
print(ascii("\N{EM DASH}\N{HANGUL SYLLABLE GA}\N{CJK UNIFIED IDEOGRAPH-4E00}\N{BYTE ORDER MARK}"))
print(ascii("\ud800\udfff\U0001F600\u00e9\x41\101"), len("\ud83d\ude00"), len("\U0001f600"))
print(ascii(f"\N{BULLET} {1 + 1} \N{BULLET}"), ascii(rf"\N{{BULLET}}"), r"\N{BULLET}", b"\N{BULLET}")
print(ascii('\N{LATIN CAPITAL LETTER A WITH RING ABOVE}' '\u212b'), '\N{DIGIT ONE}' + '\N{SPACE}' == '1 ')
print(ascii("""\N{SNOWMAN}
\N{COMET}"""))
