# Datagrams over IPv4 and IPv6 loopback, Unix stream and datagram sockets
# (a path in this folder and the abstract namespace), socketpair.
import os
import socket

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.bind(('127.0.0.1', 0))
for i in range(3):
    v.sendto(b'dgram %d' % i, u.getsockname())
for i in range(3):
    data, addr = u.recvfrom(100)
    print(data, addr == v.getsockname())
buf = bytearray(10)
v.sendto(b'into', u.getsockname())
n, addr = u.recvfrom_into(buf)
print(n, bytes(buf[:n]), addr == v.getsockname())
v.connect(u.getsockname())
v.send(b'connected')
print(u.recv(100), v.getpeername() == u.getsockname())
u.close()
v.close()

if socket.has_ipv6:
    try:
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s6.bind(('::1', 0))
    except OSError:
        s6 = None
        print('no ::1 (skipped)', ('::1', 0, 0, 0))
    if s6:
        addr = s6.getsockname()
        print(addr[0], len(addr), addr[2:])
        c6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        c6.sendto(b'six', addr)
        print(s6.recvfrom(10)[0])
        s6.close()
        c6.close()

path = '_tmp_unix_sock'
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
print(srv.getsockname(), srv.family)
c = socket.socket(socket.AF_UNIX)
c.connect(path)
conn, addr = srv.accept()
print(repr(addr), c.getpeername())
c.sendall(b'over unix')
print(conn.recv(100))
for s in (c, conn, srv):
    s.close()
os.unlink(path)

name = b'\0baton-net-test-%d' % os.getpid()
d1 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
d1.bind(name)
print(d1.getsockname() == name)
d2 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
d2.sendto(b'abstract', name)
print(d1.recv(100))
d1.close()
d2.close()

a, b = socket.socketpair()
print(a.family, a.type, type(a).__name__)
a.sendall(b'x' * 10)
print(b.recv(4), b.recv(10))
a.close()
print(b.recv(10))
b.close()
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.send(b'one')
a.send(b'two')
print(b.recv(10), b.recv(10))
a.close()
b.close()
