# Helper: run this interpreter (sys.executable) with arguments, stdin text
# and environment changes; returns (exit status, stdout, stderr) as text.
import os
import sys


def run(args, stdin="", env=None, cwd=None):
    e = dict(os.environ)
    for k, v in (env or {}).items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    i_r, i_w = os.pipe()
    o_r, o_w = os.pipe()
    x_r, x_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            if cwd:
                os.chdir(cwd)
            os.dup2(i_r, 0)
            os.dup2(o_w, 1)
            os.dup2(x_w, 2)
            for fd in (i_r, i_w, o_r, o_w, x_r, x_w):
                os.close(fd)
            os.execve(sys.executable, [sys.executable] + args, e)
        finally:
            os._exit(127)
    for fd in (i_r, o_w, x_w):
        os.close(fd)
    os.write(i_w, stdin.encode())
    os.close(i_w)
    out = b""
    while True:
        b = os.read(o_r, 65536)
        if not b:
            break
        out += b
    err = b""
    while True:
        b = os.read(x_r, 65536)
        if not b:
            break
        err += b
    os.close(o_r)
    os.close(x_r)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode(), err.decode()
