# The IP-level constants of socket (IPPROTO_*, IP_*, IPV6_*, UDPLITE_*),
# names and values as CPython's _socket has them on this system; UDP-Lite
# sockets work with their checksum-coverage options.
import socket

names = sorted(n for n in dir(socket) if n.startswith(("IPPROTO_", "IP_", "IPV6_", "UDPLITE_")))
print(len(names))
for n in names:
    print(n, int(getattr(socket, n)))
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDPLITE)
except OSError as e:
    print("no UDP-Lite here:", e.errno)
else:
    s.setsockopt(socket.IPPROTO_UDPLITE, socket.UDPLITE_SEND_CSCOV, 20)
    print(s.getsockopt(socket.IPPROTO_UDPLITE, socket.UDPLITE_SEND_CSCOV))
    s.bind(("127.0.0.1", 0))
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDPLITE)
    c.sendto(b"lite", s.getsockname())
    print(s.recvfrom(10)[0])
    c.close()
    s.close()
