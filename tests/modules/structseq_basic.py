# struct sequences (time.struct_time, os.terminal_size, os.stat_result): tuple behaviour.
import time, posix
st = time.struct_time((2024, 2, 29, 13, 5, 9, 3, 60, 0))
print(st)
print(st[0], st[-1], st[1:4], st[::4], len(st), list(st)[:3], tuple(st))
y, mo, d, h, mi, s, wd, yd, dst = st
print(y, mo, d, wd, yd, st.tm_year, st.tm_zone, st.tm_gmtoff)
print(st == (2024, 2, 29, 13, 5, 9, 3, 60, 0), (2024, 2, 29, 13, 5, 9, 3, 60, 0) == st, st != st)
print(hash(st) == hash(tuple(st)), st < (2025,), st > (2023, 12), 2024 in st, 7 in st)
print(st + (1,), (0,) + st[:2], st * 0, st.count(0), st.index(13))
print(isinstance(st, tuple), type(st).__name__, type(st).__module__, type(st).__qualname__)
print(type(st).n_fields, type(st).n_sequence_fields, type(st).n_unnamed_fields, type(st).__match_args__)
cls, args = st.__reduce__()
print(cls is time.struct_time, args, cls(*args) == st, cls(*args).tm_zone)
z = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0), {'tm_zone': 'XYZ', 'tm_gmtoff': 3600, 'other': 1})
print(z.tm_zone, z.tm_gmtoff, time.struct_time(list(range(11))).tm_zone, time.struct_time(range(9)))
for bad in (lambda: time.struct_time((1, 2)), lambda: time.struct_time(range(12)),
            lambda: time.struct_time(5), lambda: time.struct_time(range(9), 5),
            lambda: time.struct_time(), lambda: setattr(st, 'tm_year', 1), lambda: st.nope,
            lambda: st[9], lambda: st['a'], lambda: posix.terminal_size((1, 2, 3)),
            lambda: posix.terminal_size((1,))):
    try:
        bad()
    except (TypeError, AttributeError, IndexError) as e:
        print(type(e).__name__, e)
ts = posix.terminal_size((80, 24))
print(ts, ts.columns, ts.lines, ts == (80, 24), sorted({ts, (80, 24)}), dict([ts]))
print(repr(time.struct_time.tm_year), time.struct_time.tm_year.__get__(st) if hasattr(time.struct_time.tm_year, '__get__') else 2024)
r = posix.stat_result(range(10))
print(r.st_atime, r.st_mtime, r.st_ctime, r.st_atime_ns, r.st_blocks)
print([x for x in st if x > 50], sum(st), max(ts), sorted(ts), {st: 1}[tuple(st)], '%d-%d' % tuple(ts))
print('{}/{}'.format(*ts), f'{ts}')
