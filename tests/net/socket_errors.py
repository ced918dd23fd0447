# The errors CPython raises: refused connections, bad addresses and
# arguments, operations on closed sockets.
import errno
import socket

srv = socket.create_server(('127.0.0.1', 0))
port = srv.getsockname()[1]
srv.close()
s = socket.socket()
print('connect_ex:', errno.errorcode[s.connect_ex(('127.0.0.1', port))])
s.close()
try:
    socket.create_connection(('127.0.0.1', port))
except ConnectionRefusedError as e:
    print(type(e).__name__, e.errno == errno.ECONNREFUSED, e)

s = socket.socket()
for addr in [1, ('h',), ('127.0.0.1', 70000), ('127.0.0.1', 'x'), ('127.0.0.1', -1),
             (1, 2), ('1.2.3', 80, 1), ['127.0.0.1', 80]]:
    try:
        s.connect(addr)
    except (TypeError, OverflowError, OSError) as e:
        print(repr(addr), type(e).__name__, e)
for args in [(-1,), (1.5,), ('x',)]:
    try:
        s.recv(*args)
    except (TypeError, ValueError) as e:
        print('recv', args, type(e).__name__, e)
try:
    s.send('text')
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.recv_into(bytearray(2), 5)
except ValueError as e:
    print(type(e).__name__, e)
s.close()
s.close()
for op in (lambda: s.recv(1), lambda: s.send(b'x'), lambda: s.getsockname(),
           lambda: s.bind(('127.0.0.1', 0)), lambda: s.listen(), lambda: s.accept()):
    try:
        op()
    except OSError as e:
        print(type(e).__name__, e)
print(s.fileno(), s.detach())

b1 = socket.create_server(('127.0.0.1', 0))
b2 = socket.socket()
try:
    b2.bind(b1.getsockname())
except OSError as e:
    print(type(e).__name__, e.errno == errno.EADDRINUSE)
b1.close()
b2.close()

u = socket.socket(socket.AF_UNIX)
print(repr(u.getsockname()))
for bad in [3, '/nonexistent/dir/sock']:
    try:
        u.connect(bad)
    except (TypeError, OSError) as e:
        print(type(e).__name__, e)
u.close()
try:
    socket.socket(12345)
except OSError as e:
    print(type(e).__name__, e)
try:
    socket.getaddrinfo('not a number', 80, flags=socket.AI_NUMERICHOST)
except socket.gaierror as e:
    print(type(e).__name__, e.args, isinstance(e, OSError))
