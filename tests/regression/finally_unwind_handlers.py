# return/break/continue leaving a try runs the finally body inline; that
# body runs under the handler outside the try (an exception in it is not
# caught by the try's own except or finally again), and a continue/break
# in it drops the pending return value.
def raise_in_finally(x):
    try:
        if x:
            return 42
    finally:
        try:
            print("f1")
            raise ValueError
        finally:
            print("f2")

try:
    print(raise_in_finally(1))
except ValueError:
    print("caught ValueError")

def except_then_finally():
    try:
        try:
            return 1
        except ValueError:
            print("wrong handler")
    finally:
        raise KeyError("k")

try:
    except_then_finally()
except KeyError as e:
    print("caught", e)

def continue_in_finally(n):
    out = []
    for i in range(n):
        try:
            return i
        finally:
            out.append(i)
            continue
    return out

print(continue_in_finally(3))

def break_in_nested_finally():
    while True:
        try:
            pass
        finally:
            try:
                try:
                    print("body")
                finally:
                    try:
                        1 / 0
                    finally:
                        return "inner"
            finally:
                print("outer finally")
                break
    return "after loop"

print(break_in_nested_finally())

def return_replaced():
    try:
        return 1
    finally:
        try:
            return 2
        finally:
            print("last")

print(return_replaced())
