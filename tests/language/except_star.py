# try/except*: each clause gets the matching subgroup; what is not matched
# and what the clauses raise is raised again, together
from _eg_helper import leaves, run
import sys

def group():
    return ExceptionGroup("eg", [ValueError(1), TypeError(2), ExceptionGroup("in", [ValueError(3), KeyError(4)])])

def clauses():
    try:
        raise group()
    except* ValueError as e:
        print("  V", leaves(e), leaves(sys.exc_info()[1]))
    except* (TypeError, KeyError) as e:
        print("  TK", leaves(e))
    except* OSError:
        print("  never")
run(clauses)

def unmatched():
    try:
        raise group()
    except* TypeError as e:
        print("  T", leaves(e))
run(unmatched)

def raising():
    try:
        raise group()
    except* ValueError:
        raise IndexError(5)
    except* TypeError:
        raise
    except* KeyError as e:
        raise RuntimeError("from") from e
run(raising)

def naked():
    try:
        raise ValueError("naked")
    except* ValueError as e:
        print("  wrapped", leaves(e), e.__traceback__, e.exceptions[0].__traceback__ is not None)
run(naked)

def naked_unmatched():
    try:
        raise ValueError("naked")
    except* TypeError:
        print("  never")
run(naked_unmatched)

def naked_reraise():
    try:
        raise ValueError("naked")
    except* ValueError:
        raise
run(naked_reraise)

def naked_raise_other():
    try:
        raise ValueError("naked")
    except* ValueError:
        raise KeyError("other")
try:
    naked_raise_other()
except KeyError as e:
    print("  context", leaves(e.__context__))

def base_group():
    try:
        raise BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
    except* KeyboardInterrupt as e:
        print("  K", leaves(e))
run(base_group)

def flow():
    for i in range(3):
        try:
            if i == 1:
                raise ExceptionGroup("x", [OSError(i)])
            if i == 2:
                raise ExceptionGroup("x", [ValueError(i)])
        except* OSError as e:
            print("  os", i, leaves(e))
        except* ValueError as e:
            print("  value", i, leaves(e))
        else:
            print("  else", i)
        finally:
            print("  finally", i)
    try:
        e
    except NameError:
        print("  e is unbound after the clause")
run(flow)

def in_handler_loop():
    try:
        raise ExceptionGroup("x", [ValueError(1)])
    except* ValueError:
        for k in range(5):
            if k == 2:
                break
            for j in range(2):
                continue
        print("  loop in clause", k)
    def inner():
        return "return in a nested function is fine"
    print(" ", inner())
run(in_handler_loop)

def bad_types():
    for t in (ExceptionGroup, BaseExceptionGroup, (ValueError, ExceptionGroup), int, (ValueError, 1)):
        try:
            try:
                raise ExceptionGroup("x", [ValueError(1)])
            except* t:
                pass
        except TypeError as e:
            print("  TypeError:", e)
run(bad_types)
print(sys.exc_info())
