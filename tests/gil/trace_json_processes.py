# baton only (the gil module): two CPU-bound processes (os.fork) run in
# parallel: each has its own GIL, so in the merged trace their running
# spans overlap, while within each process they never do.  The children's
# records reach the parent's file when gil.trace_stop() merges the
# children that have exited.
import gil
import os
from _gilcheck import load_trace, running, overlaps, process_names, thread_names

PATH = "_tmp_processes.json"


def count(n):
    while n > 0:
        n -= 1


def work(i):
    # Count until both children have started (each leaves a file), so
    # they surely run at the same time however loaded the machine is.
    open("_tmp_ready_%d" % i, "w").close()
    while not (os.path.exists("_tmp_ready_0") and os.path.exists("_tmp_ready_1")):
        count(20_000)
    count(1_000_000)


gil.trace_start(PATH)
children = []
for i in range(2):
    pid = os.fork()
    if pid == 0:
        work(i)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
gil.trace_stop()
for i in range(2):
    os.remove("_tmp_ready_%d" % i)

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
procs = process_names(events)
print("processes", len(procs))
print("parent first:", [e["pid"] for e in events][0] == os.getpid())
print("children merged:", sorted(procs) == sorted([os.getpid()] + children))
print("children named:", all(procs[c] == "child of %d (pid %d)" % (os.getpid(), c)
                              for c in children))
print("one thread each:", sorted(thread_names(events).values()))
a = running(events, children[0])
b = running(events, children[1])
print("each child ran:", len(a) >= 1 and len(b) >= 1)
both = max(a[0][0], b[0][0]) < min(a[-1][1], b[-1][1])
print("the children's running spans overlap:", both)
for p in sorted(procs):
    print("within one process, overlaps:", overlaps(running(events, p), 0.01))
forks = [e for e in events if e["name"] == "fork"]
print("fork events:", sorted(e["args"]["child"] for e in forks) == sorted(children))
print("no files left:", [f for f in os.listdir(os.environ.get("TMPDIR", "/tmp"))
                         if f.startswith("baton-trace.%d." % os.getpid())])
