# from module import * skips underscore names.
from _helper_mod import *
print(VALUE, greet('star'))
try:
    _private
except NameError as e:
    print('NameError:', e)
print(Thing('t'))
