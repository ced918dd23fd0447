# compare: stderr
match 3:
    case (1 | _) | 2:
        pass
