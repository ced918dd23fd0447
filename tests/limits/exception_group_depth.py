# split()/subgroup()/except* on a group nested 2000 deep: RecursionError, as
# CPython counts the walk against the recursion limit
e = ValueError(0)
for i in range(2000): e = ExceptionGroup('d', [e])
try: e.split(TypeError)
except RecursionError as x: print(x)
try: e.subgroup(TypeError)
except RecursionError as x: print(x)
try: e.subgroup(lambda x: False)
except RecursionError as x: print(x)
try:
    try:
        raise e
    except* TypeError:
        pass
except RecursionError as x: print(x)
print(len(e.split(lambda x: True)[0].exceptions))
