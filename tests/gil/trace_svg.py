# baton only (the gil module): the SVG picture of a trace is well-formed
# XML with a title, a time axis, one labelled row per thread grouped by
# process, one coloured rect per span, and a legend of the three states.
import gil
import os
import threading
import time
from _gilcheck import xml_check

PATH = "_tmp_picture.svg"


def count(n):
    while n > 0:
        n -= 1


def nap():
    for _ in range(3):
        time.sleep(0.002)


gil.set_policy("new")  # the marks and legend below are the new GIL's
gil.trace_start(PATH)
threads = [threading.Thread(target=count, args=(200_000,), name="cpu <&> \"bound\""),
           threading.Thread(target=nap, name="sleeper")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(gil.trace_stop())

with open(PATH) as f:
    svg = f.read()
os.remove(PATH)
tags = xml_check(svg)
print("well-formed, root:", tags[0])
print("tags:", sorted(set(tags) - {"path"}))  # path: drop requests, if any
print("self-contained:", "xlink:href" not in svg and "<image" not in svg
      and "<script" not in svg)
print("size:", svg[:80].split(" viewBox")[0])
groups = [g.split('"')[1] for g in svg.split('<g class=')[1:]]
print("groups:", groups)
axis = svg.split('<g class="axis">')[1].split("</g>")[0]
labels = [t.split(">")[1].split("<")[0] for t in axis.split("<text")[1:]]
print("axis labels:", len(labels) >= 5, labels[0], all(l.endswith("s") for l in labels[1:]))
rows = []
for g in svg.split('<g class="thread">')[1:]:
    rows.append(g.split(">", 2)[1].split("<")[0])
print("rows:", rows)
print("escaped name:", "cpu &lt;&amp;&gt; &quot;bound&quot;" in svg)
legend = svg.split('<g class="legend">')[1].split("</g>")[0]
print("legend:", [t.split(">")[1].split("<")[0] for t in legend.split("<text")[1:]])
fills = set(r.split('fill="')[1].split('"')[0] for r in svg.split("<rect")[1:])
print("running and blocked colours used:", sorted(fills & {"#2e7d32", "#90caf9"}))
titles = set(t.split("</title>")[0] for t in svg.split("<title>")[1:])
print("sleep spans:", "blocked: sleep" in titles, "running spans:", "running" in titles)
