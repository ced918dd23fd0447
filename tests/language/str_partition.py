# partition / rpartition.
print('key=value=x'.partition('='), 'key=value=x'.rpartition('='))
print('novalue'.partition('='), 'novalue'.rpartition('='))
print('a::b::c'.partition('::'), 'a::b::c'.rpartition('::'))
print(''.partition('x'), 'x'.partition('x'))
try:
    'abc'.partition('')
except ValueError as e:
    print('ValueError:', e)
config = 'host = localhost\nport = 8080\n# comment\nname = baton'
settings = {}
for line in config.split('\n'):
    if line.startswith('#'):
        continue
    k, sep, v = line.partition('=')
    settings[k.strip()] = v.strip()
print(settings)
head, _, tail = 'path/to/file.txt'.rpartition('/')
print(head, tail, tail.rpartition('.')[2])
