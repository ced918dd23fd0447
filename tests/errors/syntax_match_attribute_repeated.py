# compare: stderr
class C:
    pass
match C():
    case C(x=1, y=2, x=3):
        pass
