# compare: stderr
class A:
    v = [(q := i) for i in range(3)]
