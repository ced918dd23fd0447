# Manager: dict, list and Namespace proxies shared with children.
import multiprocessing as mp


def work(d, l, ns, i):
    d[i] = i * i
    l.append(i)
    with_lock = ns.total
    ns.total = with_lock  # read-modify-write is not atomic: only read here


if __name__ == "__main__":
    with mp.Manager() as m:
        d = m.dict()
        l = m.list([100])
        ns = m.Namespace()
        ns.total = 5
        ps = [mp.Process(target=work, args=(d, l, ns, i)) for i in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(d.items()), len(d), 1 in d, d.get(9, "none"))
        print(sorted(l), len(l), l[0])
        print(ns.total)
        d["x"] = [1, 2]
        print(d["x"], d.pop("x"), "x" in d)
        l.extend([7, 8])
        print(l[-2:], l.count(7))
        try:
            d["missing"]
        except KeyError as e:
            print("KeyError", e)
        try:
            ns.nothing
        except AttributeError as e:
            print("AttributeError")
        print(dict(d.items()) == {0: 0, 1: 1, 2: 4})
    print(mp.active_children())
