# syntax error: stray closing paren
x = 1)
