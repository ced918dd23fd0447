# str and bytes % take a tuple subclass (a struct sequence, a user class)
# as the tuple of arguments.
import os
import time

class T(tuple):
    pass

print("%s-%s" % T((1, 2)), b"%d:%d" % T((3, 4)))
u = os.uname()
print(("%s " * len(u)) % u == " ".join(u) + " ")
t = time.gmtime(0)
print("%d/%d/%d" % t[:3], "%d" % T((5,)))
try:
    "%s %s" % T((1,))
except TypeError as e:
    print(e)
try:
    "%s" % T((1, 2))
except TypeError as e:
    print(e)
