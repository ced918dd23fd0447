# sys.exit raises SystemExit, which can be caught and inspected.
import sys
for arg in [(), (0,), (3,), ('message',), (None,)]:
    try:
        sys.exit(*arg)
    except SystemExit as e:
        print('SystemExit code:', repr(e.code), 'args:', e.args)
try:
    raise SystemExit(5)
except BaseException as e:
    print(type(e).__name__, e.code, isinstance(e, Exception))
def cleanup():
    try:
        sys.exit(2)
    finally:
        print('finally before exit')
try:
    cleanup()
except SystemExit as e:
    print('exit', e.code)
