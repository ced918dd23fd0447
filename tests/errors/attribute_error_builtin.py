# AttributeError on a built-in type.
items = [1, 2]
items.push(3)
