# compare: stderr
print([i for i in (i := [1])])
