# baton only (the gil module): a thread blocked in a read of a pipe, and
# writes through _io/posix, show in the GIL trace as blocked with the
# reasons "read" and "write".
import gil
import os
import threading
import time
from _gilcheck import blocked_reasons, load_trace

PATH = "_tmp_io_reasons.json"
r, w = os.pipe()
got = []


def reader():
    with open(r, 'rb', buffering=0) as f:
        got.append(f.read(5))


print(gil.trace_start(PATH))
t = threading.Thread(target=reader, name="reader")
t.start()
time.sleep(0.05)
with open(w, 'wb') as f:
    f.write(b'hello')
t.join()
print(gil.trace_stop(), got)

events = load_trace(PATH)["traceEvents"]
os.remove(PATH)
def reasons(name):
    return blocked_reasons(events, name)


print("reader blocked in read:", "read" in reasons("reader"))
print("main blocked in write:", "write" in reasons("MainThread"))
