# Value and Array in shared memory; get_lock makes a 4-process counter exact.
import multiprocessing as mp


def add(counter, arr, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1
    with arr.get_lock():
        for i in range(len(arr)):
            arr[i] += 1


def fill(raw, dbl):
    raw[0] = 7
    dbl.value = 2.5


if __name__ == "__main__":
    counter = mp.Value("i", 0)
    arr = mp.Array("d", [0.5, 1.5, 2.5])
    ps = [mp.Process(target=add, args=(counter, arr, 2000)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("counter", counter.value)
    print("array", arr[:], list(arr), len(arr))
    raw = mp.Array("i", 3, lock=False)
    dbl = mp.Value("d", 0.0)
    p = mp.Process(target=fill, args=(raw, dbl))
    p.start()
    p.join()
    print(raw[:], dbl.value)
    a = mp.Array("i", range(5))
    a[1:3] = [10, 20]
    print(a[:], a[-1], a[::2])
    try:
        a[9]
    except IndexError as e:
        print("IndexError", e)
    c = mp.Value("c", b"x")
    print(c.value)
    b = mp.Array("c", b"hello")
    print(b.value, b[:])
    print(type(counter.get_lock()).__name__)
