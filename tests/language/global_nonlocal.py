# global and nonlocal statements.
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter)
def create_global():
    global created
    created = 'yes'
create_global()
print(created)
x = 'global x'
def reads():
    return x
def shadows():
    x = 'local x'
    return x
print(reads(), shadows(), x)
def outer():
    y = 1
    def inner():
        nonlocal y
        y += 10
        return y
    inner()
    return inner(), y
print(outer())
def both():
    global counter
    n = 0
    def step():
        nonlocal n
        global counter
        n += 1
        counter += 100
    step(); step()
    return n
print(both(), counter)
def del_global():
    global created
    del created
del_global()
print('created' in globals())
def uses_builtin():
    return len('abc')
print(uses_builtin())
len_backup = len
def len(x):
    return 'shadowed'
print(len([1]))
del len
print(len([1]))
