# compare: stderr -- groups deeper than 10 levels and wider than 15
# exceptions are cut short as CPython's printer does
e = ValueError(0)
for i in range(12):
    e = ExceptionGroup(f"d{i}", [e, KeyError(i)] if i < 2 else [e])
big = ExceptionGroup("big", [TypeError(i) for i in range(17)])
raise ExceptionGroup("top", [e, big])
