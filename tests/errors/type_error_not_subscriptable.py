# TypeError: None is not subscriptable.
value = None
print(value[0])
