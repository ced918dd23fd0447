# syntax error: missing colon
if True
    print(1)
