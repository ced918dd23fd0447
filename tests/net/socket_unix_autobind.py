# AF_UNIX addresses as CPython passes them: "" autobinds to an abstract
# name, the length limits of paths and abstract names; getnameinfo's
# flowinfo check and IPv4 tuples; a service name is encoded strictly.
import os
import socket

s = socket.socket(socket.AF_UNIX)
s.bind("")
name = s.getsockname()
print(type(name).__name__, len(name), name[:1], all(chr(c) in "0123456789abcdef" for c in name[1:]))
s.close()
for p in ["_tmp_" + "x" * 102, "_tmp_" + "x" * 103, b"\0" + b"y" * 107, b"\0" + b"y" * 108]:
    s2 = socket.socket(socket.AF_UNIX)
    try:
        s2.bind(p)
        print("bound", len(s2.getsockname()))
    except OSError as e:
        print(type(e).__name__, e)
    s2.close()
os.unlink("_tmp_" + "x" * 102)

flags = socket.NI_NUMERICHOST | socket.NI_NUMERICSERV
print(socket.getnameinfo(("127.0.0.1", 80), flags))
print(socket.getnameinfo(("::1", 80, 0, 0), flags))
print(socket.getnameinfo(("::1", 80, 1048575), flags))
for f in [lambda: socket.getnameinfo(("::1", 0, 0xffffffff), 0),
          lambda: socket.getnameinfo(("::1", 0, 1048576), 0),
          lambda: socket.getnameinfo(("127.0.0.1", 80, 0, 0), 0),
          lambda: socket.getaddrinfo("localhost", "\uD800"),
          lambda: socket.getaddrinfo("127.0.0.1", "80", type=socket.SOCK_STREAM)[0][4]]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
