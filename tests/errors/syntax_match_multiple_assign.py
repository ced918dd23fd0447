# compare: stderr
match [1, 2]:
    case [a, {"k": a}]:
        pass
