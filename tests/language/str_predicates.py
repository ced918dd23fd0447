# is* predicates.
tests = ['abc', 'ABC', 'Abc', '123', '12.5', '', ' ', '\t\n', 'abc123', 'a b',
         'Hello World', 'hello world', '\u00e9', '\u0661\u0662', '_x', 'x1', '1x', '\u00b2']
for t in tests:
    print(repr(t), t.isalpha(), t.isdigit(), t.isalnum(), t.isspace(),
          t.isupper(), t.islower(), t.istitle(), t.isdecimal(), t.isnumeric(),
          t.isidentifier(), t.isprintable(), t.isascii())
print('\x00'.isprintable(), '\n'.isprintable(), 'for'.isidentifier())
