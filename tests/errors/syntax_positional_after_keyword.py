# compare: stderr
print(sep="", 1, 2)
