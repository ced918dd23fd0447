# An uncaught KeyboardInterrupt (raised, or a real SIGINT) still finalises
# as a normal exit does: the traceback, then the non-daemon threads are
# waited for, the atexit handlers run (multiprocessing's joins its children
# there), the streams are flushed; only then does the process kill itself
# with SIGINT (exit status -2, 130 in a shell).
import os
import signal
import subprocess
import sys
import time

TMP = os.path.abspath("_tmp_ki_child_done")

CHILD = r'''
import atexit, os, sys, threading, time
TMP = sys.argv[1]
atexit.register(lambda: print("last handler: child finished", os.path.exists(TMP)))
import multiprocessing
def child():
    time.sleep(0.5)
    open(TMP, "w").close()
p = multiprocessing.Process(target=child)
p.start()
atexit.register(lambda: print("atexit ran"))
def work():
    time.sleep(0.3)
    print("thread done")
threading.Thread(target=work).start()
print("main started", flush=True)
if sys.argv[2] == "raise":
    raise KeyboardInterrupt
time.sleep(60)
'''


def sigint_default():
    # shells start background jobs with SIGINT ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


for how in ("raise", "signal"):
    if os.path.exists(TMP):
        os.unlink(TMP)
    p = subprocess.Popen([sys.executable, "-c", CHILD, TMP, how], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, preexec_fn=sigint_default)
    first = p.stdout.readline()
    if how == "signal":
        time.sleep(0.1)
        p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    err = err.strip().splitlines()
    print(how, repr(first), repr(out), err[0], err[-1], p.returncode)
    if os.path.exists(TMP):
        os.unlink(TMP)

# in a shell: status 130
p = subprocess.run(["sh", "-c", '"$0" -c "raise KeyboardInterrupt" 2>/dev/null; echo $?',
                    sys.executable], capture_output=True, text=True, preexec_fn=sigint_default)
print("shell status", p.stdout.strip())
