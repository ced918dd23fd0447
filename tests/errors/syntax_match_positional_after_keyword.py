# compare: stderr
match 1:
    case int(x=1, 2):
        pass
