# A str subclass is a path (pdb's _ScriptTarget is one): os.stat, open,
# os.path.abspath / normpath accept it as CPython does
import os

class Target(str):
    pass

name = Target('_tmp_path_str_subclass.txt')
with open(name, 'w') as f:
    f.write('hi\n')
try:
    print(os.path.exists(name), os.stat(name).st_size)
    with open(name) as f:
        print(f.read().strip(), type(f.name).__name__)
    print(os.path.basename(os.path.abspath(name)))
    print(os.path.normpath(Target('a//b/../c')))
finally:
    os.remove(name)
print(os.path.exists(name))
