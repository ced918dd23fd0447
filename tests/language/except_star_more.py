# except*: clauses in generators and nested try/except*, `raise e` of the
# match (a new raise, not a re-raise), errors in a clause's type expression,
# return from the try body, sys.exc_info() in each clause
from _eg_helper import leaves, run
import sys

def gen():
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        yield leaves(e)
        yield leaves(sys.exc_info()[1])
    except* TypeError as e:
        yield leaves(e)
print(list(gen()))

def nested():
    try:
        raise ExceptionGroup("outer", [ValueError(1), KeyError(2)])
    except* ValueError as e:
        try:
            raise ExceptionGroup("inner", [OSError(3), IndexError(4)])
        except* OSError as inner:
            print("  inner", leaves(inner), leaves(sys.exc_info()[1]))
        print("  after inner", leaves(sys.exc_info()[1]))
run(nested)

def raise_match():
    try:
        raise ExceptionGroup("m", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise e
run(raise_match)

def bad_type_expr():
    try:
        raise ExceptionGroup("m", [ValueError(1)])
    except* undefined_name:
        pass
try:
    bad_type_expr()
except NameError as e:
    print("  NameError", e, leaves(e.__context__))

def return_from_body():
    try:
        return "from body"
    except* ValueError:
        pass
    finally:
        print("  finally runs")
run(return_from_body)

def exc_info_each():
    try:
        raise ExceptionGroup("m", [ValueError(1), TypeError(2)])
    except* ValueError:
        print("  first", leaves(sys.exc_info()[1]))
    except* TypeError:
        print("  second", leaves(sys.exc_info()[1]))
    return leaves(sys.exc_info()[1]) if sys.exc_info()[1] else None
run(exc_info_each)

def keeps_traceback():
    def inner():
        raise ExceptionGroup("tb", [ValueError(1), TypeError(2)])
    try:
        inner()
    except* ValueError:
        pass
try:
    keeps_traceback()
except ExceptionGroup as e:
    tb, names = e.__traceback__, []
    while tb:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print("  rest traceback", names, leaves(e))

def in_except():
    try:
        raise KeyError("outer")
    except KeyError:
        try:
            raise ExceptionGroup("x", [ValueError(1)])
        except* ValueError as e:
            print("  context", repr(e.__context__), leaves(sys.exc_info()[1]))
        print("  restored", repr(sys.exc_info()[1]))
run(in_except)
print(sys.exc_info())
