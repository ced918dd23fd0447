# syntax error: unexpected indent
x = 1
    y = 2
