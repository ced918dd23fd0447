# Helper: run Python source in a child of this interpreter (sys.executable)
# under shell `ulimit` settings; returns (exit status as the shell reports
# it, stdout text, last line of stderr).  Only os-level calls, so it works
# where subprocess is not available.
import os
import sys


def run_limited(limits, source):
    rout, wout = os.pipe()
    rerr, werr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(wout, 1)
        os.dup2(werr, 2)
        for fd in (rout, wout, rerr, werr):
            os.close(fd)
        script = limits + ' && exec "$0" -c "$1"'
        os.execv("/bin/sh", ["sh", "-c", script, sys.executable, source])
    os.close(wout)
    os.close(werr)
    out = read_all(rout)
    err = read_all(rerr)
    _, status = os.waitpid(pid, 0)
    lines = err.decode(errors="replace").strip().splitlines()
    return os.waitstatus_to_exitcode(status), out.decode(), lines[-1] if lines else ""


def read_all(fd):
    chunks = []
    while True:
        b = os.read(fd, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(fd)
    return b"".join(chunks)
