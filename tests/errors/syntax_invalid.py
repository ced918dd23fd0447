# syntax error: invalid syntax
x = 1 +* 2
print(x)
