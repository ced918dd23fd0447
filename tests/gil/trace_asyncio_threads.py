# baton only (the gil module): every thread that runs an event loop has its
# own asyncio tasks, and a forked child process its own too.  Two threads
# each run asyncio.run() with two tasks, a child process does the same:
# each task's track sits under its own thread (and process), the steps in
# each thread go round-robin whatever the other thread does, and
# sys.gil_stats() counts each thread's task switches.
import asyncio
import gil
import os
import sys
import threading
from _gilcheck import load_trace, thread_names

PATH = "_tmp_tasks_threads.json"


async def worker():
    for _ in range(2):
        await asyncio.sleep(0)


async def main(prefix):
    await asyncio.gather(*(asyncio.create_task(worker(), name="%s-%d" % (prefix, i))
                           for i in range(2)))


gil.trace_start(PATH)
threads = [threading.Thread(target=asyncio.run, args=(main(p),), name=p)
           for p in ("left", "right")]
for t in threads:
    t.start()
for t in threads:
    t.join()
pid = os.fork()
if pid == 0:
    asyncio.run(main("child"))
    os._exit(0)
os.waitpid(pid, 0)
gil.trace_stop()

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
names = thread_names(events)
tracks = {(e["pid"], e["tid"]): e["args"] for e in events
          if e["ph"] == "M" and e["name"] == "thread_name" and "task" in e["args"]}
by_thread = {}
for (p, tid), a in sorted(tracks.items()):
    owner = "child" if p != os.getpid() else names[(p, a["thread_tid"])]
    by_thread.setdefault(owner, []).append(a["task"])
for owner in sorted(by_thread):
    tasks = by_thread[owner]
    print(owner, "has tracks for", [t for t in tasks if not t.startswith("Task-")])
    steps = sorted((e["ts"], e["args"]["task"]) for e in events if e["ph"] == "X"
                   and (e["pid"], e["tid"]) in tracks and e["args"]["state"] == "task step"
                   and e["args"]["task"] in tasks)
    print("  its steps:", [n if not n.startswith("Task-") else "main" for ts, n in steps])
stats = {t["name"]: t["task_switches"] for t in sys.gil_stats()["threads"]}
print("task switches:", stats["left"], stats["right"])
