# baton only (the gil module): threads blocked in socket calls and select
# show in the GIL trace as blocked with the reasons "accept", "recv",
# "connect", "send" and "select".
import gil
import os
import select
import socket
import threading
import time
from _gilcheck import blocked_reasons, load_trace

PATH = "_tmp_socket_reasons.json"
srv = socket.create_server(('127.0.0.1', 0))
got = []


def server():
    conn, _ = srv.accept()
    with conn:
        got.append(conn.recv(5))
        conn.sendall(b'reply')


def waiter(sock):
    select.select([sock], [], [], 2)
    got.append(sock.recv(5))


print(gil.trace_start(PATH))
t = threading.Thread(target=server, name="server")
t.start()
time.sleep(0.05)
c = socket.create_connection(srv.getsockname())
w = threading.Thread(target=waiter, args=(c,), name="waiter")
w.start()
time.sleep(0.05)
c.sendall(b'hello')
t.join()
w.join()
c.close()
srv.close()
print(gil.trace_stop(), got)

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
def reasons(name):
    return blocked_reasons(events, name)


print("server blocked in accept:", "accept" in reasons("server"))
print("server blocked in recv:", "recv" in reasons("server"))
print("waiter blocked in select:", "select" in reasons("waiter"))
print("main blocked in connect or send:", bool({"connect", "send"} & reasons("MainThread")))
