# compare: stderr -- what try/except* raises again when clauses raise and
# parts are unmatched: a new group of the raised exceptions and the rest
def work():
    raise ExceptionGroup("work", [ValueError(1), TypeError(2), KeyError(3)])

def handle():
    try:
        work()
    except* ValueError as e:
        raise RuntimeError("while handling values")
    except* KeyError:
        raise

handle()
