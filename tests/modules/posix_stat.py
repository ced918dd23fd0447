# posix.stat and os.stat_result: fields, tuple behaviour, construction, errors.
import posix, _stat
fn = '_tmp_posix_stat'
fd = posix.open(fn, posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
print(posix.write(fd, b'hello world'))
posix.close(fd)
st = posix.stat(fn)
print(type(st).__name__, type(st).__module__, isinstance(st, tuple), len(st))
print(st.st_size, st[6], _stat.S_ISREG(st.st_mode), _stat.S_IMODE(st.st_mode) & 0o600)
print(st.st_mtime_ns // 10**9 == st[8] == st.st_mtime // 1, type(st.st_atime).__name__)
print(st == tuple(st), hash(st) == hash(tuple(st)), st[:3] == tuple(st)[:3])
m, ino, dev, nl, uid, gid, size, a, mt, c = st
print(size, nl)
print(posix.stat_result.n_fields, posix.stat_result.n_sequence_fields, posix.stat_result.n_unnamed_fields)
r = posix.stat_result(tuple(range(10)))
print(r, r.st_atime, r.st_rdev)
print(r.__reduce__()[1][0], sorted(r.__reduce__()[1][1].items())[:3])
try: posix.stat_result((1,2))
except TypeError as e: print(e)
try: st.st_size = 3
except AttributeError as e: print(e)
try: st.foo
except AttributeError as e: print(e)
print(posix.lstat(fn).st_size, posix.fstat(0) is not None)
for bad in ('_tmp_nonexistent', b'_tmp_nonexistent'):
    try: posix.stat(bad)
    except FileNotFoundError as e: print(e, e.errno, e.filename, e.strerror)
try: posix.stat(['x'])
except TypeError as e: print(e)
try: posix.stat('a\0b')
except ValueError as e: print(e)
try: posix.mkdir(3)
except TypeError as e: print(e)
class P:
    def __fspath__(self): return fn
print(posix.stat(P()).st_size, posix.fspath(P()))
try: posix.unlink(P()); posix.unlink(P())
except FileNotFoundError as e: print(type(e.filename).__name__, posix.access(fn, posix.F_OK))
print(posix.stat_result.st_mode)
