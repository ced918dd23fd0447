# ascii() escapes non-ASCII like repr() does for non-printables.
for s in ['plain', 'caf\u00e9', '\u2603 snow', '\U0001F600', 'tab\t', "q'\"", '\x7f\x80']:
    print(ascii(s), repr(s))
print(ascii(['\u00e9', 1, {'\u00fc': b'\xff'}]), ascii(None), ascii(3.5))
