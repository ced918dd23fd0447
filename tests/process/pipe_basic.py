# Pipe: duplex and one-way, send/recv/poll/close, EOFError.
import multiprocessing as mp


def echo(conn, other):
    other.close()  # the forked child inherited the parent's end too
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            break
        conn.send(("echo", msg))
    conn.close()


def writer(w, r):
    r.close()
    for i in range(3):
        w.send(i * i)
    w.close()


if __name__ == "__main__":
    a, b = mp.Pipe()
    p = mp.Process(target=echo, args=(b, a))
    p.start()
    b.close()
    print(a.poll(), a.poll(0.05))
    for m in (1, "two", [3.0, None], {"four": (4,)}, b"five"):
        a.send(m)
        print(a.poll(5), a.recv())
    a.close()
    p.join()
    print("echo exit", p.exitcode)
    try:
        a.recv()
    except OSError as e:
        print("OSError", e)

    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=writer, args=(w, r))
    p.start()
    w.close()
    got = []
    while True:
        try:
            got.append(r.recv())
        except EOFError:
            print("EOFError")
            break
    p.join()
    print(got)
    try:
        r.send(1)
    except OSError as e:
        print("OSError", e)
    r.close()

    x, y = mp.Pipe()
    x.send_bytes(b"raw bytes")
    print(y.recv_bytes())
    with x, y:
        pass
