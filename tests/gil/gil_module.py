# baton only (the gil module): the API around tracing.  A second
# trace_start() starts a new trace that leaves the first one's threads out;
# misuse raises RuntimeError/TypeError.
import gil
import threading

print(gil.holder())
print(gil.switch_interval())
print(sorted(gil.stats()), [t["name"] for t in gil.stats()["threads"]])

try:
    gil.trace_stop()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    gil.trace_start(42)
except TypeError as e:
    print("TypeError:", e)


def work():
    n = 10_000
    while n:
        n -= 1


gil.trace_start()
try:
    gil.trace_start()
except RuntimeError as e:
    print("RuntimeError:", e)
t = threading.Thread(target=work, name="first-trace")
t.start()
t.join()
print(gil.trace_stop())
print([l.split()[0] for l in gil.timeline().split("\n")[5:7]])

gil.trace_start(path=None)
t = threading.Thread(target=work, name="second-trace")
t.start()
t.join()
gil.trace_stop()
print([l.split()[0] for l in gil.timeline().split("\n")[5:7]])
print(gil.timeline().split("\n")[1].split(",")[1])
