# A comment that ends with a backslash does not continue the line (CPython
# Lib/ntpath.py has one right after an if): the block below is indented.
if True:
    # for UNC paths the prefix is \\?\UNC\
    x = 1
print(x)
