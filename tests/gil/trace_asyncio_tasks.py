# baton only (the gil module): asyncio tasks in the GIL trace.  Three
# tasks each await asyncio.sleep(0) three times: the event loop runs their
# steps round-robin in one thread, and the JSON trace has a track per task
# (named by Task.get_name(), under its thread) whose "task step" spans come
# in exactly that order, with "awaiting" spans between a task's steps.
# sys.gil_stats() counts the same task switches.
import asyncio
import gil
import os
import sys
from _gilcheck import load_trace

PATH = "_tmp_tasks.json"


async def worker():
    for _ in range(3):
        await asyncio.sleep(0)


async def main():
    tasks = [asyncio.create_task(worker(), name=n) for n in ("a", "b", "c")]
    await asyncio.gather(*tasks)
    t = asyncio.current_task()
    t.set_name("main, renamed")  # its next step is on a new track
    await asyncio.sleep(0)


before = sys.gil_stats()["threads"][0]["task_switches"]
gil.trace_start(PATH)
asyncio.run(main())
gil.trace_stop()
after = sys.gil_stats()["threads"][0]["task_switches"]

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
tracks = {}
for e in events:
    if e["ph"] == "M" and e["name"] == "thread_name" and "task" in e["args"]:
        tracks[e["tid"]] = e["args"]
print("tracks:", [tracks[t]["name"] for t in sorted(tracks)])
print("under the main thread:", all(a["thread_tid"] == 1 for a in tracks.values()))
steps = sorted((e["ts"], e["dur"], e["args"]["task"]) for e in events
               if e["ph"] == "X" and e["args"]["state"] == "task step")
order = [n for ts, d, n in steps]
print("steps in order:", order)
print("steps never overlap:", all(steps[i][0] + steps[i][1] <= steps[i + 1][0] + 0.001
                                  for i in range(len(steps) - 1)))
for tid in sorted(tracks):
    spans = sorted((e["ts"], e["dur"], e["args"]["state"]) for e in events
                   if e["ph"] == "X" and e["tid"] == tid)
    states = [s for ts, d, s in spans]
    touching = all(abs(spans[i][0] + spans[i][1] - spans[i + 1][0]) < 0.01
                   for i in range(len(spans) - 1))
    print(" ", tracks[tid]["task"], states.count("task step"), "steps,",
          states.count("awaiting"), "awaits, alternating:",
          all(states[i] != states[i + 1] for i in range(len(states) - 1)), "touching:", touching)
switches = sum(order[i] != order[i + 1] for i in range(len(order) - 1))
print("switches in the trace:", switches)
# The trace counts a change of track (the renamed main task's next step is
# on a new one); gil_stats counts a step of another task (the same task,
# renamed, is not a switch), and not the first step of all.
print("gil_stats task switches:", after - before)
