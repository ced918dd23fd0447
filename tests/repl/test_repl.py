#!/usr/bin/env python3
"""Drive baton's REPL through a pseudo-terminal, as a person would.

usage: test_repl.py BATON   (python3 works as BATON too, to check the test)

Types an expression, a for block, an exception, an assignment and a name,
a tab completion, Ctrl-C at the prompt and during a running loop, then
Ctrl-D, and checks what the terminal shows.  Prints `N passed, N failed`.
"""
import os
import pty
import re
import select
import shutil
import signal
import sys
import tempfile
import time

ANSI = re.compile(rb'\x07|\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r')
PROMPT = b'>>> '
MORE = b'... '


class Repl:
    def __init__(self, argv, home):
        env = dict(os.environ, HOME=home, TERM='xterm', PYTHONHASHSEED='0',
                   PYTHONSTARTUP='', LC_ALL='C.UTF-8')
        env.pop('PYTHONSTARTUP')
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.seen = b''     # everything read, escapes and \r removed
        self.pos = 0        # how far expect() has consumed

    def read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            return None
        if not data:
            return None
        self.seen += ANSI.sub(b'', data)
        return True

    def expect(self, what, timeout=10.0):
        """Wait until `what` (bytes) appears after the last match."""
        deadline = time.monotonic() + timeout
        while True:
            i = self.seen.find(what, self.pos)
            if i >= 0:
                got = self.seen[self.pos:i]
                self.pos = i + len(what)
                return got
            left = deadline - time.monotonic()
            if left <= 0 or self.read(left) is None:
                raise TimeoutError('waiting for %r; screen since last match: %r'
                                   % (what, self.seen[self.pos:]))

    def send(self, s):
        os.write(self.fd, s.encode() if isinstance(s, str) else s)

    def wait_exit(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self.read(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        return None


def main():
    baton = sys.argv[1] if len(sys.argv) > 1 else 'build/normal/baton'
    passed = failed = 0
    home = tempfile.mkdtemp(prefix='baton-repl-')
    r = Repl([baton], home)

    def step(name, fn):
        nonlocal passed, failed
        try:
            fn()
            passed += 1
        except (AssertionError, TimeoutError) as e:
            failed += 1
            print('FAIL repl %s: %s' % (name, e))
            # resynchronise on the next prompt if we can
            try:
                r.expect(PROMPT, 2)
            except TimeoutError:
                pass

    def banner():
        r.expect(PROMPT)

    def expression():
        r.send('1+1\r')
        out = r.expect(PROMPT)
        assert b'\n2\n' in out, out

    def block():
        r.send('for i in range(3):\r')
        r.expect(MORE)
        r.send('    print(i * 10)\r')
        r.expect(MORE)
        r.send('\r')
        out = r.expect(PROMPT)
        assert b'0\n10\n20\n' in out, out

    def exception():
        r.send('1/0\r')
        out = r.expect(PROMPT)
        assert b'Traceback (most recent call last):' in out, out
        assert b'ZeroDivisionError: division by zero' in out, out

    def assign():
        r.send('x = 5\r')
        out = r.expect(PROMPT)
        assert out.strip() == b'x = 5', out
        r.send('x\r')
        out = r.expect(PROMPT)
        assert out.split(b'\n')[1:] == [b'5', b''], out

    def completion():
        r.send('pri\t')
        deadline = time.monotonic() + 5
        while not r.seen.rstrip().endswith((b'print', b'print(')):
            assert time.monotonic() < deadline, r.seen[r.pos:]
            r.read(0.1)
        r.send("'ok')\r" if r.seen.endswith(b'(') else "('ok')\r")
        out = r.expect(PROMPT)
        assert b"\nok\n" in out, out

    def ctrl_c_line():
        r.send('abc')
        r.expect(b'abc')
        r.send('\x03')
        out = r.expect(PROMPT)
        assert b'KeyboardInterrupt' in out, out
        r.send('"still here"\r')
        out = r.expect(PROMPT)
        assert b"'still here'" in out, out

    def ctrl_c_running():
        r.send('while True: pass\r')
        r.expect(MORE)
        r.send('\r')
        time.sleep(0.5)
        r.send('\x03')
        out = r.expect(PROMPT)
        assert b'KeyboardInterrupt' in out, out
        r.send('x + 1\r')
        out = r.expect(PROMPT)
        assert b'\n6\n' in out, out

    def thread_runs_while_typing():
        # The REPL releases the GIL while it waits for a line: a thread
        # started here keeps counting while nobody types.
        r.send('import threading, time\r')
        r.expect(PROMPT)
        r.send('ticks = []\r')
        r.expect(PROMPT)
        r.send('t = threading.Thread(target=lambda: [ticks.append(time.sleep(0.01)) for _ in range(30)]); t.start()\r')
        r.expect(PROMPT)
        time.sleep(1.5)
        r.send('len(ticks)\r')
        out = r.expect(PROMPT)
        assert b'\n30\n' in out, out

    def ctrl_d():
        r.send('\x04')
        code = r.wait_exit()
        assert code == 0, 'exit code %r' % code

    for name, fn in [('banner', banner), ('expression', expression),
                     ('block', block), ('exception', exception),
                     ('assign', assign), ('completion', completion),
                     ('ctrl-c-line', ctrl_c_line),
                     ('ctrl-c-running', ctrl_c_running),
                     ('thread-runs-while-typing', thread_runs_while_typing),
                     ('ctrl-d', ctrl_d)]:
        step(name, fn)
    if failed:
        print('screen:\n' + r.seen.decode('utf-8', 'replace'))
    try:
        os.kill(r.pid, signal.SIGKILL)
        os.waitpid(r.pid, 0)
    except OSError:
        pass
    # The temporary HOME (history file) goes too: no file outlives the test.
    shutil.rmtree(home, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
