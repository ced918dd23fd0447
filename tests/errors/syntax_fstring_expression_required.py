# compare: stderr
print(f"{!r}")
