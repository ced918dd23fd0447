# TypeError: object is not callable.
count = 5
print(count)
count()
