# _posixsubprocess.fork_exec, the function under subprocess.Popen: pipes
# onto 0/1/2, cwd, env, pass_fds with close_fds, umask, preexec_fn, and the
# child's error reports through errpipe ("OSError:<hex errno>:[noexec]",
# "SubprocessError:0:...") that subprocess.py parses.
import os
import _posixsubprocess


def read_all(fd):
    out = b""
    while True:
        b = os.read(fd, 4096)
        if not b:
            break
        out += b
    os.close(fd)
    return out


def run(args, exe=None, cwd=None, env=None, stdin=b"", pass_fds=(), umask=-1,
        preexec=None, close_fds=True, setsid=False):
    i_r, i_w = os.pipe()
    o_r, o_w = os.pipe()
    er, ew = os.pipe()
    for fd in (i_r, i_w, o_r, o_w, er, ew):
        os.set_inheritable(fd, False)
    keep = tuple(sorted(set(pass_fds) | {ew}))
    pid = _posixsubprocess.fork_exec(
        args, [exe or args[0]], close_fds, keep, cwd, env,
        i_r, i_w, o_r, o_w, -1, o_w, er, ew,
        True, setsid, -1, None, None, None, umask, preexec, True)
    for fd in (i_r, o_w, ew):
        os.close(fd)
    os.write(i_w, stdin)
    os.close(i_w)
    err = read_all(er)
    out = read_all(o_r)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


print(run([b"/bin/echo", "hello", b"world"]))
print(run([b"/bin/cat"], stdin=b"through stdin\n"))
print(run([b"/bin/sh", b"-c", b"pwd"], cwd="/"))
print(run([b"/bin/sh", b"-c", b"echo $FOO-$BAR"], env=[b"FOO=1", b"BAR=two"]))
print(run([b"/bin/sh", b"-c", b"umask"], umask=0o27))
print(run([b"/bin/sh", b"-c", b"exit 7"]))
print(run([b"/bin/sh", b"-c", b"echo err >&2"]))
# an fd passed on survives close_fds; one not passed is closed
r, w = os.pipe()
os.set_inheritable(w, False)
code = "echo kept >&%d && echo yes || echo closed" % w
print(run([b"/bin/sh", b"-c", code.encode()], pass_fds=(w,)))
os.close(w)
print(read_all(r))
r, w = os.pipe()
rc, out, err = run([b"/bin/sh", b"-c", ("(echo x >&%d) 2>/dev/null && echo open || echo closed" % w).encode()])
print(rc, out, err)
os.close(w)
os.close(r)
# the child's errors
print(run([b"nope"], exe=b"/nonexistent/nope"))
print(run([b"x"], exe=b"/bin/true", cwd="/nonexistent/dir"))
print(run([b"x"], exe=b"/etc/passwd"))
# preexec_fn runs in the child before exec; an exception in it is reported
print(run([b"/bin/sh", b"-c", b"pwd"], cwd="/tmp", preexec=lambda: os.chdir("/")))
print(run([b"/bin/sh", b"-c", b"echo $PRE"], env=[b"PRE=env"], preexec=lambda: None))


def boom():
    raise RuntimeError("no")


print(run([b"/bin/true"], preexec=boom))
print(run([b"/bin/true"], preexec=5))
print(run([b"/bin/sh", b"-c", b"ps -o sid= -p $$ | tr -d ' ' > /dev/null; echo ok"], setsid=True))
# argument errors
base = [[b"x"], [b"/bin/true"], True, (), None, None, -1, -1, -1, -1, -1, -1, 3, 4,
        True, False, -1, None, None, None, -1, None, True]
for i, bad in [(3, (5, 3)), (3, (-1,)), (13, 1), (3, [4]), (0, [1]), (4, 3),
               (5, ["A=1"]), (1, ["/bin/true"]), (0, [b"a\0b"])]:
    a = list(base)
    a[i] = bad
    try:
        _posixsubprocess.fork_exec(*a)
    except (TypeError, ValueError) as e:
        print(i, type(e).__name__, e)
try:
    _posixsubprocess.fork_exec(*base[:5])
except TypeError as e:
    print("TypeError")
