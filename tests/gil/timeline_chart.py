# baton only (the gil module): gil.timeline(columns) returns the chart that
# --timeline prints at exit: a header, a time axis with ticks, one row per
# thread under its process, exactly `columns` wide, a legend and totals.
# No colour codes: colour is only for a terminal.
import gil
import threading
import time


def count(n):
    while n > 0:
        n -= 1


gil.trace_start()
t = threading.Thread(target=count, args=(300_000,), name="counter")
t.start()
time.sleep(0.003)
t.join()
print(gil.trace_stop())

for columns in (100, 160):
    text = gil.timeline(columns)
    lines = text.split("\n")
    print("columns", columns)
    print("  starts with a blank line:", lines[0] == "")
    print("  header:", lines[1].split(",")[0], "|", lines[1].split(",")[1])
    axis, ticks = lines[2], lines[3]
    print("  axis starts at 0:", axis.split()[0:2], "ticks:", ticks.count("|"))
    print("  axis width:", len(axis) == columns, len(ticks) == columns)
    print("  process row:", lines[4].split()[0], lines[4].split()[2])
    rows = lines[5:7]
    print("  thread rows:", [r[:26].strip() for r in rows])
    print("  rows are", set(len(r) for r in rows) == {columns}, "wide")
    print("  counter ran:", "\u2588" in rows[1][26:])
    print("  main slept or waited:", "\u2500" in rows[0][26:] or "\u2591" in rows[0][26:])
    print("  legend:", lines[7].startswith("legend: \u2588 running"),
          "waiting for the GIL" in lines[7], "blocked" in lines[7])
    print("  totals:", lines[8].split(",")[0], "switches" in lines[8], len(lines) == 10)
    print("  no escape codes:", "\033" not in text, "ends with newline:", text.endswith("\n"))

try:
    gil.timeline(10)
except ValueError as e:
    print("ValueError:", e)
