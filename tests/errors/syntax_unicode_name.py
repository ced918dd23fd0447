# A \N{...} escape with a name the Unicode database does not have.
print("ok")
x = "abc\N{LATIN SMALL LETTER NOPE}"
