# Exception raised while handling another (implicit chaining).
try:
    [][1]
except IndexError:
    x = {}['nope']
