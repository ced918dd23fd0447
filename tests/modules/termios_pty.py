# termios over a pseudo-terminal: attributes, raw mode through tty, window
# size, flushing, errors; the constants CPython exports.
import os
import termios
import tty

names = sorted(n for n in dir(termios) if n.isupper())
print(len(names), names[:5], names[-5:])
print(termios.TCSANOW, termios.TCSADRAIN, termios.TCSAFLUSH, termios.NCCS, termios.VMIN,
      termios.VTIME, termios.ICANON, termios.ECHO, termios.B38400, termios.VSWTCH)
print(sum(getattr(termios, n) for n in names))
print(termios.error.__mro__, termios.error.__module__)

master, slave = os.openpty()
print(os.get_inheritable(master), os.get_inheritable(slave), os.isatty(slave), os.ttyname(slave).startswith("/dev/pts/"))
attrs = termios.tcgetattr(slave)
print(len(attrs), [type(a).__name__ for a in attrs], len(attrs[6]))
print(attrs[6][termios.VINTR], attrs[6][termios.VEOF], bool(attrs[3] & termios.ICANON))

# non-canonical: VMIN and VTIME come back as ints
new = termios.tcgetattr(slave)
new[3] &= ~(termios.ICANON | termios.ECHO)
new[6][termios.VMIN] = 1
new[6][termios.VTIME] = 0
termios.tcsetattr(slave, termios.TCSANOW, new)
got = termios.tcgetattr(slave)
print(bool(got[3] & termios.ICANON), got[6][termios.VMIN], got[6][termios.VTIME])
termios.tcsetattr(slave, termios.TCSADRAIN, attrs)
print(termios.tcgetattr(slave) == attrs)

# speeds
s = termios.tcgetattr(slave)
s[4] = s[5] = termios.B9600
termios.tcsetattr(slave, termios.TCSANOW, s)
print(termios.tcgetattr(slave)[4:6] == [termios.B9600, termios.B9600])

# a file object works as the fd
with open(slave, "rb", buffering=0, closefd=False) as f:
    print(termios.tcgetattr(f) == termios.tcgetattr(slave))

# tty.setraw / setcbreak from Lib
tty.setraw(slave)
raw = termios.tcgetattr(slave)
print(bool(raw[3] & termios.ECHO), bool(raw[3] & termios.ICANON), bool(raw[1] & termios.OPOST))
tty.setcbreak(slave)
print(bool(termios.tcgetattr(slave)[3] & termios.ICANON))
termios.tcsetattr(slave, termios.TCSAFLUSH, attrs)

# window size
print(termios.tcgetwinsize(slave))
termios.tcsetwinsize(slave, (24, 80))
print(termios.tcgetwinsize(master), termios.tcgetwinsize(slave))
termios.tcsetwinsize(slave, [50, 132])
print(termios.tcgetwinsize(slave))

# flush, flow, drain, break (a pty has no line to wait on: they return at once)
os.write(master, b"typed ahead\n")
termios.tcflush(slave, termios.TCIFLUSH)
os.set_blocking(slave, False)
try:
    os.read(slave, 100)
except BlockingIOError:
    print("input flushed")
os.set_blocking(slave, True)
termios.tcflow(slave, termios.TCOON)
termios.tcdrain(slave)
termios.tcsendbreak(slave, 0)
print("drained")

def err(f, *a):
    try:
        f(*a)
    except Exception as e:
        print(f.__name__, type(e).__name__, e.args)

err(termios.tcgetattr)
err(termios.tcgetattr, 1, 2)
err(termios.tcsetattr, slave)
err(termios.tcsendbreak)
err(termios.tcflush, slave, "x")
err(termios.tcgetattr, "x")
err(termios.tcgetattr, -1)
err(termios.tcsetattr, slave, 0, (1, 2, 3, 4, 5, 6, []))
err(termios.tcsetattr, slave, 0, [1, 2, 3, 4, 5, 6, []])
err(termios.tcsetattr, slave, 0, [1, 2, "3", 4, 5, 6, [0] * termios.NCCS])
err(termios.tcsetattr, slave, 0, [1, 2, 3, 4, 5, 6, [1.0] * termios.NCCS])
err(termios.tcsetwinsize, slave, 5)
err(termios.tcsetwinsize, slave, (1, 2, 3))
err(termios.tcsetwinsize, slave, (1 << 20, 2))
err(termios.tcsetwinsize, slave, ("a", 2))
r, w = os.pipe()
err(termios.tcgetattr, r)
err(termios.tcgetwinsize, r)
err(termios.tcdrain, r)
os.close(r)
err(termios.tcgetattr, r)
err(termios.tcflow, w, termios.TCOOFF)
os.close(w)
os.close(master)
os.close(slave)

import pty
print(pty.STDIN_FILENO, callable(pty.fork), callable(pty.spawn))
