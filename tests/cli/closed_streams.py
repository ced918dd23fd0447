# The interpreter started with fd 0, 1 or 2 closed (`>&-`, `<&-`, `2>&-`):
# the stream is None in sys (and sys.__stdout__ ...), print() to a missing
# stdout does nothing, input() raises RuntimeError, and with no stderr an
# uncaught exception is lost (exit status 1).  A file opened later gets the
# free fd.
import os
import subprocess
import sys

TMP = "_tmp_closed_streams.txt"
SHOW = ("import sys\n"
        "with open(%r, 'w') as f:\n"
        "    print([type(s).__name__ for s in (sys.stdin, sys.stdout, sys.stderr)],\n"
        "          sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__,\n"
        "          sys.stdin is sys.__stdin__, f.fileno(), file=f)\n" % TMP)
CASES = [
    ("print", 'print("hello"); print("to stderr", file=__import__("sys").stderr)'),
    ("show", SHOW),
    ("raise", 'raise ValueError("boom")'),
    ("input", 'input()'),
    ("exit", 'import sys; sys.exit("bye")'),
    ("write", 'import sys; sys.stdout.write("x\\n")'),
    ("thread", 'import threading\nt = threading.Thread(target=print, args=("t",))\n'
               't.start(); t.join(); print("main")'),
    ("del", 'class A:\n    def __del__(self): 1/0\na = A(); del a\n'
            'import gc; gc.collect(); print("after")'),
]

for redir in (">&-", "<&-", "2>&-", "<&- >&- 2>&-"):
    print("==", redir)
    for name, code in CASES:
        p = subprocess.run(["sh", "-c", 'exec "$0" -c "$1" ' + redir, sys.executable, code],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        err = p.stderr.strip().splitlines()
        extra = ""
        if os.path.exists(TMP):
            with open(TMP) as f:
                extra = f.read().strip()
            os.unlink(TMP)
        print(name, p.returncode, repr(p.stdout), err[-1:] if err else "", extra)

# sys.stderr set to None by the script: the traceback is lost too
p = subprocess.run([sys.executable, "-c", "import sys; sys.stderr = None; 1/0"],
                   capture_output=True, text=True)
print("stderr None:", p.returncode, repr(p.stdout), repr(p.stderr))
# no stdin at all and nothing on the command line: nothing to run
p = subprocess.run(["sh", "-c", 'exec "$0" <&-', sys.executable], capture_output=True, text=True)
print("no stdin:", p.returncode, repr(p.stdout), repr(p.stderr))
# the REPL (-i) with no stdout: an echoed value is "lost sys.stdout"; with
# no stderr the prompts and the newline at EOF go nowhere
for redir in (">&-", "2>&-"):
    p = subprocess.run(["sh", "-c", 'exec "$0" -i -c "x = 1" ' + redir, sys.executable],
                       input="1 + 1\n", capture_output=True, text=True)
    print("repl", redir, p.returncode, repr(p.stdout), repr(p.stderr[-40:]))
