# select.select, poll and epoll on pipes and sockets, and CPython's
# selectors on top of them.
import os
import select
import selectors
import socket

r, w = os.pipe()
print(select.select([r], [w], [], 0))
os.write(w, b'abc')
print(select.select([r], [w], [r], 0.5))
print(select.select([], [], [], 0.01))
a, b = socket.socketpair()
rl, wl, xl = select.select([a, b], [], [], 0)
print(rl, xl)
b.send(b'ping')
rl, wl, xl = select.select([a, b], [a], [], 1)
print(rl == [a], wl == [a])
for bad in [([-1], [], []), (['x'], [], []), (5, [], []), ([], [], [], 'x'), ([], [], [], -1)]:
    try:
        select.select(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

p = select.poll()
p.register(r, select.POLLIN)
p.register(w, select.POLLOUT)
print(sorted(p.poll(0)) == sorted([(r, select.POLLIN), (w, select.POLLOUT)]))
p.modify(w, select.POLLIN)
print(p.poll(10) == [(r, select.POLLIN)])
p.unregister(w)
os.read(r, 3)
print(p.poll(0))
try:
    p.unregister(w)
except KeyError as e:
    print('KeyError', e)
try:
    p.modify(w, 1)
except OSError as e:
    print(type(e).__name__, e)
p.register(a)
print(p.poll(100) == [(a.fileno(), select.POLLIN | select.POLLOUT)])

ep = select.epoll()
print(ep.closed, ep.fileno() > 2)
ep.register(a.fileno(), select.EPOLLIN)
print(ep.poll(1) == [(a.fileno(), select.EPOLLIN)])
print(a.recv(10))
print(ep.poll(0))
ep.modify(a, select.EPOLLOUT)
print(ep.poll(0) == [(a.fileno(), select.EPOLLOUT)])
ep.unregister(a)
print(ep.poll(0.01))
ep.close()
print(ep.closed)
try:
    ep.poll()
except ValueError as e:
    print(type(e).__name__, e)
with select.epoll() as ep2:
    print(ep2.closed)
print(ep2.closed)

with selectors.DefaultSelector() as sel:
    print(type(sel).__name__)
    sel.register(a, selectors.EVENT_READ, data='a-data')
    sel.register(r, selectors.EVENT_READ, data='pipe')
    print(sel.select(0))
    b.send(b'x')
    os.write(w, b'y')
    events = sel.select(1)
    print(sorted((key.data, mask) for key, mask in events))
    print(sel.get_key(a).fileobj is a, len(sel.get_map()))
    sel.unregister(r)
    print(sorted(sel.get_map()))
for cls in (selectors.SelectSelector, selectors.PollSelector, selectors.EpollSelector):
    with cls() as sel:
        sel.register(b, selectors.EVENT_WRITE)
        print(cls.__name__, [(k.fileobj is b, m) for k, m in sel.select(1)])
for x in (a, b):
    x.close()
os.close(r)
os.close(w)
