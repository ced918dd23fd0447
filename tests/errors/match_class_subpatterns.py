# compare: stderr -- MATCH_CLASS's TypeError, with its traceback markers
class Empty:
    pass


def check(v):
    match v:
        case Empty(kind):
            return kind


print(check(1))
check(Empty())
