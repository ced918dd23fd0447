# str methods on non-ASCII text: final sigma, full case mappings, title
# casing, Unicode white space in split/strip, line breaks, identifiers,
# int()/float() of non-ASCII digits.
words = ['ΣΑΣ', 'ὈΔΥΣΣΕΎΣ', 'Σ', 'aΣ', 'aΣb', 'aΣ.', "a'Σ", 'Σa', 'ΣΣ', 'straße', 'ǆemal',
         'ﬁne', 'İstanbul', 'ŉ', 'ΐ', 'ᾳ', 'ﬃ', 'Ǆ', 'ǅ', 'ß', 'ᲀ', 'Ꭰꭰ']
for w in words:
    print(w.lower(), w.upper(), w.title(), w.casefold(), w.swapcase(), w.capitalize(),
          w.isupper(), w.islower(), w.istitle())
print('ǅungla Ǆ'.istitle(), 'ǅ'.isupper(), 'ǅ'.islower(), 'Ǆa'.istitle())
text = '\u3000 a\u2003b\x1cc\x85d\u2028e\u2029f\xa0g\u200bh '
print(text.split(), text.strip(), len(text.lstrip()), len(text.rstrip()))
print(text.split(None, 2), text.rsplit(None, 2))
print('a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i\r\nj'.splitlines(keepends=True))
for s in ['ℌ', 'x\u0300', '\u0300x', '_٣', '٣', 'a\u200c', 'α_β', 'A\u2118', '\u212e', 'x·']:
    print(ascii(s), s.isidentifier())
for s in ['٣', ' ١٢٣ ', '\u3000 42\u2003', '１２', '4\u0664', '²', '1_٣', '٣.٥', '\u0661e\u0663', '-٣', '٣x']:
    for f in (int, float):
        try:
            print(repr(s), f.__name__, f(s))
        except ValueError as e:
            print(repr(s), f.__name__, 'ValueError', e)
print(int('٣٤', 16), int('\u0e51\u0e52', 8), int('\uff11\uff10', 0))
print(repr('\u200b\xa0\u0378\U0001f600\u00ad\ue000\U000e0001\u2028'), ascii('é\U0001f600'))
print('ΑΒΓ'.center(9, '·'), 'abc'.zfill(6), '٣'.zfill(4), 'éa'.ljust(4, 'é'))
