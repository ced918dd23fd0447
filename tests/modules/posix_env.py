# posix.environ (bytes keys and values), putenv/unsetenv, system information.
import posix
env = posix.environ
print(type(env).__name__, all(type(k) is bytes and type(v) is bytes for k, v in env.items()))
print(env.get(b'BATON_SURELY_UNSET'), b'PATH' in env)
posix.putenv('BATON_TEST_VAR', 'value 1')
posix.putenv(b'BATON_TEST_VAR2', b'two')
print(b'BATON_TEST_VAR' in posix.environ)   # a snapshot: putenv does not change it
r, w = posix.pipe()
pid = posix.fork()
if pid == 0:
    posix.close(r)
    e = posix.environ
    posix.write(w, repr(e.get(b'BATON_TEST_VAR')).encode())
    posix._exit(0)
posix.close(w)
posix.waitpid(pid, 0)
print(posix.read(r, 100))
posix.close(r)
posix.unsetenv('BATON_TEST_VAR')
for bad in (lambda: posix.putenv('', 'x'), lambda: posix.putenv('A=B', 'x'),
            lambda: posix.putenv('A\0', 'x'), lambda: posix.putenv(1, 'x'),
            lambda: posix.unsetenv('A=B'), lambda: posix.putenv('A', 'x\0')):
    try:
        bad()
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
u = posix.uname()
print(type(u).__name__, len(u), u.sysname, u[0] == u.sysname, list(type(u).__match_args__))
t = posix.times()
print(type(t).__name__, len(t), all(isinstance(x, float) for x in t), t.elapsed > 0)
print(isinstance(posix.cpu_count(), int), posix.cpu_count() >= 1)
b = posix.urandom(16)
print(type(b).__name__, len(b), len(posix.urandom(0)))
print(posix.strerror(2), posix.strerror(13))
print(posix.fspath('a'), posix.fspath(b'b'))
for bad in (1, None, [1]):
    try:
        posix.fspath(bad)
    except TypeError as e:
        print(e)
class Bad:
    def __fspath__(self):
        return 1
try:
    posix.fspath(Bad())
except TypeError as e:
    print(e)
for p in ['a//b/./../c/', '/../x/..', '', '//a/b', '///a', '../../a/..', 'a/..', '.', './', '/.',
          '//', './..', '.a', 'a/../../b', 'a/b/../..', '/a/..']:
    print(repr(p), repr(posix._path_normpath(p)))
try:
    posix._path_normpath(b'x')
except TypeError as e:
    print(e)
print(posix.major(posix.makedev(8, 1)), posix.minor(posix.makedev(8, 1)))
print('HAVE_FSTATAT' in posix._have_functions, posix.error is OSError)
try:
    posix.get_terminal_size(posix.open('/dev/null', posix.O_RDONLY))
except OSError as e:
    print(e)
print(posix.terminal_size((80, 24)), posix.terminal_size((80, 24)).columns)
