# syntax error: unterminated string
print('hello)
