# CPython's command-line options: -c, -O/-OO, -B, -E, -I, -P, -q, -u, -W,
# -X, -x, -i, combined letters, and the environment variables behind them.
import os
from _run import run

HERE = os.path.dirname(os.path.abspath(__file__))


def show(args, stdin="", env=None, err_last=False, cwd=None):
    rc, out, err = run(args, stdin, env, cwd)
    print(args[:-1] if args and args[-1].count(" ") > 2 else args, "->", rc)
    print("  out:", out.rstrip("\n").splitlines())
    if err_last:
        lines = err.rstrip("\n").splitlines()
        print("  err:", lines[-1:] if lines else [])


FLAGS = "import sys; f = sys.flags; print(f.optimize, f.dont_write_bytecode, f.ignore_environment, f.isolated, f.safe_path, f.quiet, f.inspect, f.no_site, f.no_user_site, f.verbose, f.bytes_warning)"
show(["-c", FLAGS])
show(["-O", "-c", FLAGS])
show(["-OO", "-B", "-c", FLAGS])
show(["-EsS", "-c", FLAGS])
show(["-I", "-c", FLAGS])
show(["-qbv", "-c", FLAGS], err_last=False)
show(["-c", FLAGS], env={"PYTHONOPTIMIZE": "2", "PYTHONDONTWRITEBYTECODE": "1"})
show(["-E", "-c", FLAGS], env={"PYTHONOPTIMIZE": "2"})

# -O: assert statements vanish and __debug__ is False; -OO drops docstrings
prog = "def f():\n    'doc'\nassert False, 'boom'\nprint(__debug__, f.__doc__)"
show(["-c", prog], err_last=True)
show(["-O", "-c", prog])
show(["-OO", "-c", prog])
show(["-c", "print(compile('assert 0', 's', 'exec', optimize=1) is not None); exec(compile('assert 0', 's', 'exec', optimize=1)); print('no assert')"])

# sys.path[0]: '' for -c; nothing added under -P and -I
show(["-c", "import sys; print(sys.path[0] == '')"])
show(["-P", "-c", "import sys; print('' in sys.path)"])
show(["-c", "import sys; print('/nowhere' in sys.path)"], env={"PYTHONPATH": "/nowhere"})
show(["-E", "-c", "import sys; print('/nowhere' in sys.path)"], env={"PYTHONPATH": "/nowhere"})

# -W and PYTHONWARNINGS fill sys.warnoptions (environment first); -X
show(["-W", "ignore", "-Werror::DeprecationWarning", "-c", "import sys; print(sys.warnoptions)"],
     env={"PYTHONWARNINGS": "default,always::UserWarning"})
show(["-X", "a=1", "-Xb", "-c", "import sys; print(sorted(sys._xoptions.items()))"])
show(["-c", "import sys; print(sys.orig_argv[1:])", "x", "-O"])
show(["-c", "import sys; print(sys.argv)", "-u", "arg"])

# -u: stdout and stderr without a buffer
show(["-u", "-c", "import sys; print(type(sys.stdout.buffer).__name__, type(sys.stderr.buffer).__name__)"])
show(["-c", "import sys; print(type(sys.stdout.buffer).__name__)"], env={"PYTHONUNBUFFERED": "1"})
show(["-c", "import sys; print(type(sys.stdout.buffer).__name__)"], env={"PYTHONUNBUFFERED": None})

# -x skips the first line, which still counts in tracebacks' line numbers
path = os.path.join(HERE, "_tmp_x_script.py")
with open(path, "w") as f:
    f.write("this is not Python\nimport sys\nprint(sys.argv[1:])\nprint(1 / 0)\n")
rc, out, err = run(["-x", path, "a"])
print(rc, out.splitlines(), err.splitlines()[-2:])
os.remove(path)

# -i: the REPL after the command, in its namespace (prompts go to stderr),
# even after SystemExit; a script's error is printed before it
show(["-i", "-c", "x = 21"], stdin="print(x * 2)\n")
show(["-i", "-c", "import sys; x = 5; sys.exit(3)"], stdin="print(x)\n", err_last=True)
show(["-i", "-c", "x = 1 / 0"], stdin="print('after')\nexit(4)\n")

# errors: unknown options and missing arguments exit 2
for bad in (["-Z"], ["-c"], ["-W"], ["--no-such-option"]):
    rc, out, err = run(bad)
    print(bad, rc, out == "", err.splitlines()[0].replace("unknown option --no-such-option", "unknown option --no-such-option"))

# what site adds to builtins: exit/quit that say how to leave, help,
# copyright, credits, license; none of them under -S
show(["-c", "print(repr(exit)); print(repr(quit)); print(repr(help)); print(type(credits).__name__)"])
show(["-c", "exit(5)"])
show(["-c", "quit('bye')"], err_last=True)
show(["-S", "-c", "exit()"], err_last=True)
