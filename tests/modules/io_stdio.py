# sys.stdout/stderr as _io objects: print's fast path, write() results,
# replacing sys.stdout, output still buffered at fork and at exit.
import _io, posix, sys
print('plain', 1, 2.5, None, sep='|', end='<\n')
print(sys.stdout.write('written\n'), sys.stdout.write(''), sys.stdout.write('é☃\n'))
sys.stdout.writelines(['a', 'b', '\n'])
saved = sys.stdout
sys.stdout = _io.StringIO()
print('into a StringIO', end='')
captured = sys.stdout.getvalue()
sys.stdout = saved
print(repr(captured))
buf = _io.StringIO()
print('to file=', 42, file=buf, flush=True)
print(repr(buf.getvalue()))
try:
    sys.stdout.write(b'bytes')
except TypeError as e:
    print(e)
try:
    print('x', file=_io.BytesIO())
except TypeError as e:
    print(type(e).__name__, e)
print(sys.stdout.closed, sys.stdout.fileno(), sys.stdout.isatty() in (True, False), sys.stdout.seekable() in (True, False))
print('before fork, unflushed', end='')
pid = posix.fork()
if pid == 0:
    print(' (child)')
    sys.exit(0)
posix.waitpid(pid, 0)
print(' (parent)')
print('last line, no newline, flushed at exit', end='')
