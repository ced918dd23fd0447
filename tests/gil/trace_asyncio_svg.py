# baton only (the gil module): the SVG picture and the terminal chart show
# a thread's asyncio tasks as lanes under the thread's own row, named by
# Task.get_name(), at most 16 of them and then a row saying how many more
# there are; the legend explains the two task colours, the chart's totals
# count the switches between tasks.
import asyncio
import gil
import os
from _gilcheck import xml_check

PATH = "_tmp_tasks.svg"


async def worker():
    for _ in range(2):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*(asyncio.create_task(worker(), name="t%02d" % i)
                           for i in range(20)))


gil.trace_start(PATH)
asyncio.run(main())
gil.trace_stop()

with open(PATH) as f:
    svg = f.read()
os.remove(PATH)
xml_check(svg)
print("subtitle:", svg.split("</tspan>")[0].rsplit(", ", 1)[1])
rows = [g.split(">", 2)[1].split("<")[0] for g in svg.split('<g class="task">')[1:]]
print("task rows:", rows)
print("after them:", svg.split('<g class="task">')[-1].split("</g>")[1].split(">")[1].split("<")[0])
print("thread row first:", svg.index("MainThread</text>") < svg.index('<g class="task">'))
legend = svg.split('<g class="legend">')[1]
print("legend:", [t.split("<")[0] for t in legend.split('font-size="12">')[1:]])
print("step spans drawn:", svg.count(": a step (its coroutine runs)</title>"))  # 2 + 15 * 3

chart = gil.timeline(100).split("\n")
i = next(k for k, l in enumerate(chart) if l.startswith("  MainThread"))
print("chart rows:", [l[:26].strip() for l in chart[i:i + 18]])
print("chart widths:", set(len(l) for l in chart[i + 1:i + 17]))
print([l for l in chart if l.startswith("\u2588 asyncio")])
print([l.split(",")[0] for l in chart if "between asyncio tasks" in l])
