# posix file descriptors: open/read/write/lseek/pread/pwrite/dup/pipe/flags.
import posix
fn = '_tmp_posix_files'
fd = posix.open(fn, posix.O_RDWR | posix.O_CREAT | posix.O_TRUNC, 0o600)
print(posix.get_inheritable(fd), posix.get_blocking(fd), posix.isatty(fd))
print(posix.write(fd, b'0123456789'), posix.lseek(fd, 0, 1))
print(posix.lseek(fd, 2, 0), posix.read(fd, 3), posix.read(fd, 100), posix.read(fd, 5))
print(posix.pread(fd, 4, 1), posix.lseek(fd, 0, 1))
print(posix.pwrite(fd, b'AB', 8), posix.pread(fd, 20, 0))
posix.ftruncate(fd, 4)
print(posix.fstat(fd).st_size, posix.lseek(fd, 0, 2))
posix.fsync(fd)
posix.fdatasync(fd)
fd2 = posix.dup(fd)
print(fd2 != fd, posix.get_inheritable(fd2), posix.pread(fd2, 10, 0))
fd3 = posix.dup2(fd, fd2)
print(fd3 == fd2, posix.get_inheritable(fd3))
posix.set_inheritable(fd3, False)
print(posix.get_inheritable(fd3))
posix.close(fd3)
posix.set_blocking(fd, False)
print(posix.get_blocking(fd))
posix.set_blocking(fd, True)
print(posix.get_blocking(fd))
posix.close(fd)
posix.truncate(fn, 2)
print(posix.stat(fn).st_size)
try:
    posix.close(fd)
except OSError as e:
    print(type(e).__name__, e.errno, e)
for call in (lambda: posix.read(fd, 1), lambda: posix.write(fd, b'x'), lambda: posix.fstat(fd),
             lambda: posix.lseek(fd, 0, 0), lambda: posix.read(0, -1)):
    try:
        call()
    except OSError as e:
        print(type(e).__name__, e)
for bad in (lambda: posix.write(1, 'str'), lambda: posix.read('x', 1), lambda: posix.close(1.5),
            lambda: posix.close(2**40), lambda: posix.open(fn)):
    try:
        bad()
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)
r, w = posix.pipe()
print(posix.get_inheritable(r), posix.get_inheritable(w))
posix.write(w, b'through the pipe')
print(posix.read(r, 7), posix.read(r, 100))
posix.close(w)
print(posix.read(r, 10))
posix.close(r)
r, w = posix.pipe2(posix.O_NONBLOCK)
print(posix.get_blocking(r))
try:
    posix.read(r, 10)
except BlockingIOError as e:
    print(type(e).__name__, e.errno == 11)
posix.close(r)
posix.close(w)
try:
    posix.open('_tmp_no_such_dir/x', posix.O_RDONLY)
except FileNotFoundError as e:
    print(e)
fd = posix.open(fn, posix.O_WRONLY | posix.O_APPEND)
posix.write(fd, b'zz')
posix.close(fd)
with open(fn, 'rb') as f:
    print(f.read())
posix.unlink(fn)
print(posix.device_encoding(posix.open('/dev/null', posix.O_RDONLY)))
