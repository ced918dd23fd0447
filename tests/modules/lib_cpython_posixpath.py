# CPython's own Lib/stat.py, genericpath.py and posixpath.py, run from the
# machine's /usr/lib/python3.11 on top of _stat, posix and os: loaded with
# exec() under their own names, so both interpreters run that same code.
import posix, sys
LIB = '/usr/lib/python3.11/'
sys.path.append(LIB)   # genericpath and posixpath import stat (python3 has it already)


def load(name):
    ns = {'__name__': name + '_cpython', '__file__': LIB + name + '.py'}
    with open(LIB + name + '.py') as f:
        exec(compile(f.read(), LIB + name + '.py', 'exec'), ns)
    return ns


st = load('stat')
gp = load('genericpath')
pp = load('posixpath')
print(st['filemode'](0o100644), st['filemode'](0o40755), st['S_ISDIR'](0o40755), st['S_IMODE'](0o104755))
d = '_tmp_cpy_posixpath'
posix.mkdir(d)
with open(d + '/f.txt', 'w') as f:
    f.write('12345')
posix.symlink('f.txt', d + '/link')
print(gp['exists'](d), gp['isdir'](d), gp['isfile'](d + '/f.txt'), gp['getsize'](d + '/f.txt'))
print(gp['exists'](d + '/nope'), gp['isfile'](d), gp['commonprefix'](['/usr/lib', '/usr/local']))
print(pp['islink'](d + '/link'), pp['lexists'](d + '/link'), pp['samefile'](d + '/f.txt', d + '/link'))
print(pp['normpath']('a//b/../c/.'), pp['normpath']('/x/../y/'), pp['normpath'](''))
print(pp['join']('a', 'b', '/c', 'd'), pp['split']('/a/b/c'), pp['splitext']('x.tar.gz'), pp['basename']('/q/r'))
print(pp['isabs']('/x'), pp['dirname']('/a/b/'), pp['relpath']('/a/b/c', '/a/d'), pp['commonpath'](['/a/b/c', '/a/b/d']))
print(pp['realpath'](d + '/link') == pp['abspath'](d + '/f.txt'), pp['abspath']('.') == posix.getcwd())
print(pp['expanduser']('~nosuchuser_xyz/x'), pp['ismount']('/'))
print(pp['splitdrive']('/a/b'), pp['normcase']('AbC'), pp['sep'], pp['curdir'], pp['devnull'])
print(pp['getmtime'](d) > 0, pp['getatime'](d + '/f.txt') > 0, type(pp['getctime'](d)).__name__)
posix.unlink(d + '/link')
posix.unlink(d + '/f.txt')
posix.rmdir(d)
print(gp['exists'](d))
