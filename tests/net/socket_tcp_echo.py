# TCP over loopback: a server thread echoes upper-cased data back;
# create_connection, sendall/recv, makefile, shutdown, peer names.
import socket
import threading

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 0))
srv.listen()
host, port = srv.getsockname()
print(host, port > 0, srv.family, srv.type, srv.proto, srv.gettimeout())
print(repr(srv.family), repr(srv.type))


def serve(n):
    for _ in range(n):
        conn, addr = srv.accept()
        with conn:
            print('server: peer is loopback', addr[0], conn.getsockname() == ('127.0.0.1', port))
            while True:
                data = conn.recv(7)
                if not data:
                    break
                conn.sendall(data.upper())


t = threading.Thread(target=serve, args=(2,))
t.start()

with socket.create_connection(('127.0.0.1', port)) as s:
    s.sendall(b'hello, world')
    got = b''
    while len(got) < 12:
        got += s.recv(100)
    print(got)
    f = s.makefile('rwb')
    f.write(b'line one\nline two\n')
    f.flush()
    print(f.readline(), f.readline())
    f.close()
    s.shutdown(socket.SHUT_WR)
    print(s.recv(10))

with socket.socket() as s:
    s.connect(('localhost', port))
    big = bytes(range(256)) * 400
    s.sendall(big)
    s.shutdown(socket.SHUT_WR)
    buf = bytearray(4096)
    total = bytearray()
    while True:
        n = s.recv_into(buf)
        if not n:
            break
        total += buf[:n]
    print(len(total), bytes(total) == big.upper())

t.join()
srv.close()
print(srv.fileno(), repr(srv).startswith('<socket.socket [closed] fd=-1'))
