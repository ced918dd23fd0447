# os and os.path basics (only values that do not depend on the machine).
import os
import os.path
print(type(os.getpid()).__name__, os.getpid() > 0)
cwd = os.getcwd()
print(os.path.basename(cwd), os.path.isabs(cwd))
print(os.path.join('a', 'b', 'c.txt'), os.path.join('/root', 'x'), os.path.join('a', '/abs'))
print(os.path.basename('/usr/lib/x.py'), os.path.dirname('/usr/lib/x.py'), os.path.split('/a/b'))
print(os.path.splitext('archive.tar.gz'), os.path.splitext('noext'), os.path.exists('os_basic.py'))
print(os.path.exists('_no_such_file_'), os.path.isfile('os_basic.py'), os.path.isdir('.'))
print(os.environ.get('BATON_SURELY_UNSET_VAR'), os.environ.get('BATON_SURELY_UNSET_VAR', 'dflt'))
print(os.sep, os.path.normpath('a//b/../c'), os.path.abspath('.') == cwd)
print('os_basic.py' in os.listdir('.'))
name = '_tmp_os_basic.txt'
with open(name, 'w') as f:
    f.write('abc')
print(os.path.getsize(name), os.path.exists(name))
os.remove(name)
print(os.path.exists(name))
