# posix with file names that are not UTF-8: str names carry the bytes as
# surrogateescape code points (the file system encoding) both ways.
import posix
raw = b'_tmp_\xff\xfe_name'
name = raw.decode('utf-8', 'surrogateescape')
fd = posix.open(name, posix.O_WRONLY | posix.O_CREAT, 0o644)
posix.write(fd, b'data')
posix.close(fd)
print(ascii([n for n in posix.listdir('.') if n.startswith('_tmp_')]))
print([n for n in posix.listdir(b'.') if n.startswith(b'_tmp_')])
print(posix.stat(name).st_size, posix.stat(raw).st_size, posix.access(name, posix.F_OK))
print([ascii(e.name) for e in posix.scandir('.') if e.name.startswith('_tmp_')])
posix.symlink(name, '_tmp_link')
print(ascii(posix.readlink('_tmp_link')), posix.readlink(b'_tmp_link'))
posix.rename(name, '_tmp_plain')
try:
    posix.stat(name)
except FileNotFoundError as e:
    print(ascii(e.filename), e.errno)
posix.unlink('_tmp_link')
posix.unlink('_tmp_plain')
try:
    posix.stat('\ud800')
except UnicodeEncodeError as e:
    print(e)
posix.putenv('BATON_SURR', name)
print([k for k in posix.environ if k == b'BATON_SURR'])
