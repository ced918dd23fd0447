# posix directories and names: mkdir/listdir/scandir/rename/link/symlink/utime.
import posix, _stat
d = '_tmp_posix_dirs'
posix.mkdir(d, 0o755)
print(_stat.S_ISDIR(posix.stat(d).st_mode), posix.listdir(d))
for name in ('b.txt', 'a.txt'):
    fd = posix.open(d + '/' + name, posix.O_WRONLY | posix.O_CREAT, 0o644)
    posix.write(fd, name.encode())
    posix.close(fd)
posix.mkdir(d + '/sub')
posix.symlink('a.txt', d + '/link')
posix.symlink('missing', d + '/dangling')
print(sorted(posix.listdir(d)), sorted(posix.listdir(d.encode())))
print(posix.readlink(d + '/link'), posix.readlink((d + '/link').encode()))
with posix.scandir(d) as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
          e.is_file(follow_symlinks=False), e.inode() == posix.lstat(e.path).st_ino,
          e.stat(follow_symlinks=False).st_size == posix.lstat(e.path).st_size,
          posix.fspath(e) == e.path)
try:
    entries[1].stat()
except FileNotFoundError as e:
    print(e)
print([e.name for e in sorted(posix.scandir(d.encode()), key=lambda e: e.name)][:2])
it = posix.scandir(d)
next(it)
it.close()
print(list(it))
try:
    posix.DirEntry()
except TypeError as e:
    print(e)
posix.rename(d + '/b.txt', d + '/c.txt')
posix.replace(d + '/c.txt', d + '/a.txt')
print(sorted(posix.listdir(d)))
posix.link(d + '/a.txt', d + '/hard')
print(posix.stat(d + '/hard').st_nlink, posix.stat(d + '/a.txt').st_ino == posix.stat(d + '/hard').st_ino)
posix.chmod(d + '/a.txt', 0o600)
print(oct(_stat.S_IMODE(posix.stat(d + '/a.txt').st_mode)))
posix.utime(d + '/a.txt', (1000000000, 1500000000.25))
st = posix.stat(d + '/a.txt')
print(st.st_atime, st.st_mtime, st[8], st.st_mtime_ns)
posix.utime(d + '/a.txt', ns=(123456789123456789, 5))
st = posix.stat(d + '/a.txt')
print(st.st_atime_ns, st.st_mtime_ns, st.st_atime)
print(posix.access(d + '/a.txt', posix.R_OK), posix.access(d + '/nope', posix.F_OK))
for call in (lambda: posix.rename(d + '/nope', d + '/x'), lambda: posix.mkdir(d),
             lambda: posix.rmdir(d), lambda: posix.rmdir(d + '/a.txt'),
             lambda: posix.unlink(d + '/sub'), lambda: posix.link(d + '/nope', d + '/y'),
             lambda: posix.symlink('x', d + '/link'), lambda: posix.readlink(d + '/a.txt'),
             lambda: posix.listdir(d + '/a.txt'), lambda: posix.scandir(d + '/nope'),
             lambda: posix.chdir(d + '/nope'), lambda: posix.utime(d, (1,)),
             lambda: posix.utime(d, (1, 2), ns=(1, 2))):
    try:
        call()
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__, e)
cwd = posix.getcwd()
posix.chdir(d)
print(posix.getcwd() == cwd + '/' + d, posix.getcwdb() == (cwd + '/' + d).encode())
posix.chdir('..')
old = posix.umask(0o22)
print(posix.umask(old) == 0o22)
for name in ('a.txt', 'hard', 'link', 'dangling'):
    posix.remove(d + '/' + name)
posix.rmdir(d + '/sub')
posix.rmdir(d)
print(posix.access(d, posix.F_OK))
