# syntax error: unmatched bracket
x = [1, 2)
