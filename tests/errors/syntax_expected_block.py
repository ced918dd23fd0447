# syntax error: missing block
if True:
print(1)
