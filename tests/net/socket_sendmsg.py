# socket.sendmsg / recvmsg / recvmsg_into: scatter/gather I/O, passing file
# descriptors with SCM_RIGHTS (socket.send_fds / recv_fds, as
# multiprocessing.reduction does), truncated ancillary data, UDP addresses,
# CMSG_LEN / CMSG_SPACE, and CPython's errors.
import array
import os
import socket

a, b = socket.socketpair()
print(a.sendmsg([b"ab", memoryview(b"cd"), bytearray(b"ef")]))
print(b.recvmsg(10))
print(a.sendmsg([]), a.sendmsg([b"x"], [], 0), b.recvmsg(4, 0, 0))

# file descriptors cross the socket: write into the received copy of a pipe
r, w = os.pipe()
fds = array.array("i", [r, w])
a.sendmsg([b"fd"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
msg, anc, flags, addr = b.recvmsg(10, socket.CMSG_SPACE(fds.itemsize * 2))
level, kind, data = anc[0]
got = array.array("i", data)
print(msg, len(anc), level == socket.SOL_SOCKET, kind == socket.SCM_RIGHTS, len(got), flags, addr)
os.write(got[1], b"through the copy")
print(os.read(r, 100))
for fd in got:
    os.close(fd)

# the high-level helpers of socket.py
socket.send_fds(a, [b"two"], [r])
msg, fds2, flags, addr = socket.recv_fds(b, 10, 1)
print(msg, len(fds2), fds2[0] != r, flags, addr)
os.close(fds2[0])

# room for one descriptor only: truncated, MSG_CTRUNC
a.sendmsg([b"t"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r, w]))])
msg, anc, flags, addr = b.recvmsg(10, socket.CMSG_LEN(4))
print(msg, [(l, t, len(d)) for l, t, d in anc], flags == socket.MSG_CTRUNC)
for l, t, d in anc:
    os.close(array.array("i", d)[0])

a.send(b"hello")
one, two = bytearray(3), bytearray(10)
print(b.recvmsg_into([one, memoryview(two)[2:]]), one, two)

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(v.sendmsg([b"dg", b"ram"], [], 0, u.getsockname()))
msg, anc, flags, addr = u.recvmsg(10)
print(msg, anc, flags, addr[0], addr[1] == v.getsockname()[1])
u.close()
v.close()

print(socket.CMSG_LEN(0), socket.CMSG_SPACE(0), socket.CMSG_SPACE(1), socket.CMSG_LEN(7))
print(socket.CMSG_LEN(2**31 - 17), socket.CMSG_SPACE(2**31 - 25))
bad = [lambda: a.sendmsg(5), lambda: a.sendmsg(["s"]), lambda: a.sendmsg([b"x"], 5),
       lambda: a.sendmsg([b"x"], [5]), lambda: a.sendmsg([b"x"], [(1, 2)]),
       lambda: a.sendmsg([b"x"], [(1, 2, "s")]), lambda: a.sendmsg([b"x"], [("a", 1, b"")]),
       lambda: b.recvmsg(-1), lambda: b.recvmsg(1, -1), lambda: b.recvmsg("x"),
       lambda: b.recvmsg(1.5), lambda: b.recvmsg(1, 2, 3, 4), lambda: b.recvmsg(bufsize=1),
       lambda: b.recvmsg(), lambda: a.sendmsg(), lambda: a.sendmsg([b""], [], 0, None, 5),
       lambda: socket.CMSG_LEN(-1), lambda: socket.CMSG_LEN(2**31 - 16),
       lambda: socket.CMSG_SPACE(2**31 - 24), lambda: socket.CMSG_SPACE(2**63),
       lambda: b.recvmsg_into(5), lambda: b.recvmsg_into([b"abc"]),
       lambda: a.sendmsg([b"x"], [], 0, ("127.0.0.1", 1))]
for f in bad:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
b.settimeout(0.05)
try:
    b.recvmsg(10)
except TimeoutError as e:
    print("TimeoutError", e)
os.close(r)
os.close(w)
a.close()
b.close()
try:
    a.sendmsg([b"x"])
except OSError as e:
    print("OSError", e.errno)
