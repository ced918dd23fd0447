# Module functions: resolution of numeric and loopback names, address
# conversions, byte order, constants as IntEnums, fromfd/dup.
import socket

print(socket.getaddrinfo('127.0.0.1', 80, type=socket.SOCK_STREAM))
print(socket.getaddrinfo('127.0.0.1', '8080', socket.AF_INET, socket.SOCK_DGRAM))
print(socket.getaddrinfo(None, 0, socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_PASSIVE))
print(socket.getaddrinfo('::1', 80, socket.AF_INET6, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST))
print(socket.getaddrinfo('localhost', 80, socket.AF_INET, socket.SOCK_STREAM))
print(socket.gethostbyname('127.0.0.1'), socket.gethostbyname('localhost'))
print(type(socket.gethostname()).__name__)
print(socket.getnameinfo(('127.0.0.1', 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))
print(socket.inet_aton('1.2.3.4'), socket.inet_aton('127.1'))
print(socket.inet_ntoa(b'\x7f\0\0\1'))
print(socket.inet_pton(socket.AF_INET6, '::1'), socket.inet_ntop(socket.AF_INET6, b'\0' * 15 + b'\1'))
print(socket.inet_ntop(socket.AF_INET, b'\x0a\0\0\x01'))
for f, a in [(socket.inet_aton, ('x',)), (socket.inet_pton, (socket.AF_INET, 'x')),
             (socket.inet_ntoa, (b'12345',)), (socket.inet_ntop, (socket.AF_INET, b'1'))]:
    try:
        f(*a)
    except (OSError, ValueError) as e:
        print(f.__name__, type(e).__name__, e)
print(socket.htons(1), socket.ntohs(256), socket.htonl(1), socket.ntohl(16777216))
for v in [-1, 70000, 'x']:
    try:
        socket.htons(v)
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)
print(socket.AF_INET, repr(socket.AF_INET6), repr(socket.SOCK_DGRAM), socket.SOL_SOCKET)
print(repr(socket.AddressFamily(1)), socket.SocketKind.SOCK_STREAM.name)
print(isinstance(socket.MSG_PEEK, socket.MsgFlag), int(socket.AI_PASSIVE))
print(socket.error is OSError, issubclass(socket.gaierror, OSError), issubclass(socket.herror, OSError))
print(socket.SocketType is socket._socket.socket, socket.socket.__mro__[1] is socket._socket.socket)

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE))
print(len(s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)))
s2 = socket.fromfd(s.fileno(), socket.AF_INET, socket.SOCK_DGRAM)
print(s2.fileno() != s.fileno(), s2.family, s2.type)
s3 = s.dup()
print(s3.type, s3.family, s3.getsockname() == s.getsockname())
s4 = socket.socket(fileno=s3.detach())
print(s4.type, s4.family, s4.proto)
for x in (s, s2, s4):
    x.close()
