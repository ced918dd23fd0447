# sys.exit() with no argument exits with status 0; finally blocks run.
import sys
try:
    print('in try')
    sys.exit()
finally:
    print('finally runs')
print('never')
