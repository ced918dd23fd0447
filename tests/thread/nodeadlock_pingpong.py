# Threads that are all blocked at once again and again, for a moment only:
# two threads hand a token back and forth 1000 times through Conditions
# while the main thread joins them, and a three-stage pipeline of bounded
# queues.  At every hand-off each thread is waiting for the other; baton
# must never mistake that for a deadlock.
import queue
import threading

N = 1000
cond = threading.Condition()
turn = [0]
log = []


def player(me):
    for _ in range(N):
        with cond:
            while turn[0] != me:
                cond.wait()
            log.append(me)
            turn[0] = 1 - me
            cond.notify()


ps = [threading.Thread(target=player, args=(i,)) for i in range(2)]
for p in ps:
    p.start()
for p in ps:
    p.join()
print(len(log), log[:6], all(log[i] != log[i + 1] for i in range(len(log) - 1)))

q1, q2 = queue.Queue(2), queue.Queue(2)
out = []


def stage(src, dst):
    while True:
        item = src.get()
        dst.put(item if item is None else item * 2)
        if item is None:
            return


def sink():
    while True:
        item = q2.get()
        if item is None:
            return
        out.append(item)


ts = [threading.Thread(target=stage, args=(q1, q2)), threading.Thread(target=sink)]
for t in ts:
    t.start()
for i in range(N):
    q1.put(i)
q1.put(None)
for t in ts:
    t.join()
print(len(out), sum(out))
