# compare: stderr
x = [1]
print([(x[0] := 1) for i in x])
