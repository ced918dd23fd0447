# current_process / parent_process names, daemon, default names.
import multiprocessing as mp
import os


def show(q):
    cp = mp.current_process()
    pp = mp.parent_process()
    q.put((cp.name, cp.daemon, pp.name, pp.pid == os.getppid(), cp.pid == os.getpid()))


if __name__ == "__main__":
    print(mp.current_process().name, mp.parent_process())
    q = mp.Queue()
    p = mp.Process(target=show, args=(q,), name="kid")
    p.start()
    print(q.get(timeout=5))
    p.join()
    d = mp.Process(target=show, args=(q,), daemon=True)
    d.start()
    name, daemon, parent, ok1, ok2 = q.get(timeout=5)
    d.join()
    print(name.startswith("Process-"), daemon, parent, ok1, ok2)
    print(mp.cpu_count() >= 1)
    print(mp.active_children())
