# finally with return/break/continue, and the overriding rules.
def ret_in_finally():
    try:
        return 'try'
    finally:
        print('cleanup')
print(ret_in_finally())
def override():
    try:
        return 'try'
    finally:
        return 'finally'
print(override())
def swallow():
    try:
        raise ValueError('lost')
    finally:
        return 'swallowed'
print(swallow())
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print('body', i)
    finally:
        print('finally', i)
def loop_return():
    for i in range(3):
        try:
            return i
        finally:
            print('leaving with', i)
print(loop_return())
def counter():
    n = 0
    while True:
        try:
            n += 1
            if n == 3:
                return n
        finally:
            print('iter', n)
print(counter())
def nested_finally():
    try:
        try:
            return 'inner'
        finally:
            print('f1')
    finally:
        print('f2')
print(nested_finally())
def finally_runs_on_exception():
    try:
        try:
            raise KeyError('x')
        finally:
            print('finally before propagate')
    except KeyError:
        print('caught after finally')
finally_runs_on_exception()
def value_changed():
    x = 1
    try:
        return x
    finally:
        x = 2
print(value_changed())
