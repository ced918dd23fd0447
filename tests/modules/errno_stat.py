# errno (names, errorcode) and _stat (S_IS*, S_IMODE, S_IFMT, filemode, constants).
import errno, _stat
print(errno.ENOENT, errno.errorcode[2], errno.errorcode[11], len(errno.errorcode))
print(sorted(errno.errorcode.items())[:5])
for m in (0o100644, 0o40755, 0o120777, 0o4755, 0o1777|0o40000, 0o2644|0o100000, 0o60000|0o660, 0,
          0o10600, 0o140755, 0o20620, 0o1644 | 0o100000, 0o6711 | 0o100000):
    print(_stat.filemode(m), _stat.S_ISDIR(m), _stat.S_ISREG(m), _stat.S_ISLNK(m), _stat.S_ISFIFO(m),
          _stat.S_ISSOCK(m), _stat.S_ISCHR(m), _stat.S_ISBLK(m), _stat.S_IMODE(m), _stat.S_IFMT(m))
for bad in ('x', -1, 2**40, 2**70, 1.5, True):
    try: print(_stat.S_ISDIR(bad))
    except Exception as e: print(type(e).__name__, e)
print(_stat.ST_MTIME, _stat.S_IFSOCK, _stat.UF_HIDDEN, _stat.S_ISDOOR(0o100644), _stat.S_IFDOOR)
print(sorted(n for n in dir(errno) if n.startswith('E'))[:8], len([n for n in dir(errno) if n.startswith('E')]))
print(errno.EWOULDBLOCK == errno.EAGAIN, errno.errorcode[errno.EDEADLK], errno.errorcode[errno.ENOTSUP])
print(list(errno.errorcode.items())[:4])
print([n for n in dir(_stat) if not n.startswith('_')][:12])
