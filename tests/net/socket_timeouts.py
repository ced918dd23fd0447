# Timeouts and blocking modes, with CPython's semantics: None blocks, 0 is
# non-blocking (BlockingIOError), a number raises TimeoutError.
import socket

a, b = socket.socketpair()
print(a.gettimeout(), a.getblocking(), a.timeout)
b.settimeout(0.05)
print(b.gettimeout(), b.getblocking(), b.timeout)
try:
    b.recv(1)
except socket.timeout as e:
    print('recv:', type(e).__name__, e, socket.timeout is TimeoutError)
b.setblocking(False)
print(b.gettimeout(), b.getblocking())
try:
    b.recv(1)
except BlockingIOError as e:
    print('non-blocking recv:', type(e).__name__, e.errno)
a.send(b'ready')
b.setblocking(True)
print(b.gettimeout(), b.recv(5))
b.settimeout(1)
a.send(b'x')
print(b.recv(1), b.gettimeout())
for bad in ['1', -1, float('nan')]:
    try:
        b.settimeout(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

print(socket.getdefaulttimeout())
socket.setdefaulttimeout(2.5)
c = socket.socket()
print(c.gettimeout(), socket.getdefaulttimeout())
c.close()
socket.setdefaulttimeout(None)
c = socket.socket()
print(c.gettimeout())
c.close()

# accept with a timeout
srv = socket.create_server(('127.0.0.1', 0))
srv.settimeout(0.05)
try:
    srv.accept()
except TimeoutError as e:
    print('accept:', e)
srv.setblocking(False)
try:
    srv.accept()
except BlockingIOError:
    print('accept: would block')
# a connection waiting in the backlog is accepted at once
cl = socket.create_connection(srv.getsockname(), timeout=1)
srv.settimeout(1)
conn, _ = srv.accept()
print(conn.gettimeout(), cl.gettimeout())
cl.sendall(b'abc')
print(conn.recv(3))
for s in (a, b, srv, cl, conn):
    s.close()
