# syntax error: unclosed paren
print('a'
x = 2
