# string module constants and capwords.
import string
print(string.ascii_letters)
print(string.ascii_lowercase, string.ascii_uppercase)
print(string.digits, string.hexdigits, string.octdigits)
print(string.punctuation)
print(repr(string.whitespace), len(string.printable))
print(string.capwords('hello   world, it\'s  baton'), string.capwords('a-b-c', '-'))
print(all(c in string.printable for c in 'Hello, World!'))
