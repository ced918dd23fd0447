# compare: stderr -- a capture pattern that is not last makes the rest unreachable
def f(v):
    match v:
        case x:
            return x
        case 1:
            return 1
