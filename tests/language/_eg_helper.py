# helpers for the exception group tests: a group's tree as text, and a
# call that reports what it returned or raised
def leaves(e):
    if isinstance(e, BaseExceptionGroup):
        return "%s(%r, [%s])" % (type(e).__name__, e.message, ", ".join(leaves(x) for x in e.exceptions))
    return repr(e)


def run(f):
    try:
        r = f()
        print("  returned", r)
    except BaseException as e:
        print("  raised", leaves(e))
