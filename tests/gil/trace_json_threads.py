# baton only (the gil module): trace four CPU-bound threads to Chrome
# trace JSON, read it back, and check that it proves the GIL: the running
# spans of different threads never overlap, and every thread that ran
# bytecode has at least one.
import gil
import os
import sys
import threading
from _gilcheck import load_trace, running, overlaps, thread_names, spans

PATH = "_tmp_threads.json"


def count(n):
    while n > 0:
        n -= 1


gil.set_policy("new")  # the instant events below are the new GIL's
sys.setswitchinterval(0.001)
print(gil.trace_start(PATH))
workers = [threading.Thread(target=count, args=(500_000,), name="worker-%d" % i)
           for i in range(4)]
for t in workers:
    t.start()
for t in workers:
    t.join()
print(gil.trace_stop())

doc = load_trace(PATH)
os.remove(PATH)
events = doc["traceEvents"]
print("displayTimeUnit", doc["displayTimeUnit"])
print("phases", sorted(set(e["ph"] for e in events)))
pids = set(e["pid"] for e in events)
print("processes", len(pids), "ours", pids == {os.getpid()})
names = sorted(thread_names(events).values())
print("threads", names)
tid_of = {v: k[1] for k, v in thread_names(events).items()}
rs = running(events)
print("running spans of different threads overlap:", overlaps(rs, 0.01))
ran = set(tid for a, b, tid, pid in rs)
print("every thread has a running span:", all(tid_of[n] in ran for n in names))
print("switches between workers:", len(rs) > 8)
print("all spans within the trace:", all(a >= 0 and b >= a
      for ss in spans(events).values() for a, b, name in ss))
kinds = set(e["name"] for e in events if e["ph"] == "i")
print("instant events", sorted(kinds))
counters = [e for e in events if e["ph"] == "C"]
print("waiting counter", counters[0]["name"], max(e["args"]["waiting"] for e in counters) >= 1)
states = set(e["args"]["state"] for e in events if e["ph"] == "X")
print("states", sorted(states))
main = tid_of["MainThread"]
reasons = set(e["args"].get("reason") for e in events if e["ph"] == "X"
              and e["tid"] == main and e["args"]["state"] == "blocked")
print("main thread blocked while joining:", bool(reasons & {"join", "lock"}))
