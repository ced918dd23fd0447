# baton only: under --gil=fair the GIL goes to the waiters in the order they
# asked.  Four CPU-bound threads: while all four are alive, the running
# spans of the trace follow one fixed order round and round: each thread
# gets the GIL again only after the three others.  (Their shares of the
# time are measured by scripts/bench.py: they depend on how busy the
# machine is.)
import gil
import os
import sys
import threading
from _gilcheck import load_trace, running, spans, thread_names

PATH = "_tmp_fair.json"


def count(n):
    go.wait()  # all four start together, however slowly they were started
    while n > 0:
        n -= 1


gil.set_policy("fair")
sys.setswitchinterval(0.001)
go = threading.Barrier(5)
gil.trace_start(PATH)
workers = [threading.Thread(target=count, args=(6_000_000,), name="w%d" % i) for i in range(4)]
for t in workers:
    t.start()
go.wait()
for t in workers:
    t.join()
gil.trace_stop()
print(gil.policy())

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
names = thread_names(events)
tids = {tid: names[(pid, tid)] for pid, tid in names}
rs = [(a, b, tids[tid]) for a, b, tid, pid in running(events) if tids[tid] != "MainThread"]
# From the moment the last worker is back from the barrier (its last
# blocked span ends) to the last span before the first one ends, all four
# are queued or running, and the order never changes.
back = max(b for (pid, tid), ss in spans(events).items() if tids[tid] != "MainThread"
           for a, b, name in ss if name == "blocked")
last_of = {}
for a, b, name in rs:
    last_of[name] = b
hi = min(last_of.values())
rounds = [name for a, b, name in rs if a >= back and b <= hi]
print("turns once all four are queued:", len(rounds) >= 12)
print("round robin:", all(rounds[i] == rounds[i - 4] for i in range(4, len(rounds))))
print("each of the four in every round:",
      all(len(set(rounds[i:i + 4])) == 4 for i in range(len(rounds) - 3)))
