# baton only: under --gil=old (CPython 2's lock) the holder lets go every
# check interval and takes the GIL straight back; a waiter woken for
# nothing records a false alarm.  No drop requests exist under this policy.
# The trace's false-alarm marks are the same events as the statistics'
# counts, thread by thread.  (How many there are depends on how busy the
# machine's cores are: see docs/gil.md.)
import gil
import os
import sys
import threading
from _gilcheck import load_trace, thread_names

PATH = "_tmp_old.json"


def count(n):
    while n > 0:
        n -= 1


gil.set_policy("old")
sys.setcheckinterval(100)
print(gil.policy(), sys.getcheckinterval())
gil.trace_start(PATH)
workers = [threading.Thread(target=count, args=(1_000_000,), name="w%d" % i) for i in range(2)]
for t in workers:
    t.start()
for t in workers:
    t.join()
gil.trace_stop()

stats = {t["name"]: t for t in gil.stats()["threads"]}
events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
names = thread_names(events)
marks = {}
for e in events:
    if e["ph"] == "i":
        name = names[(e["pid"], e["tid"])]
        marks.setdefault((name, e["name"]), 0)
        marks[(name, e["name"])] += 1
for w in ("w0", "w1"):
    print(w, "false alarms in the trace == in the stats:",
          marks.get((w, "false alarm"), 0) == stats[w]["false_alarms"])
print("drop requests:", sum(t["drop_requests"] for t in stats.values()),
      sum(n for (w, k), n in marks.items() if k == "drop request"))
print("statistics name the policy:", gil.stats()["policy"], gil.stats()["check_interval"])
