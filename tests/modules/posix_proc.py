# posix processes: fork, waitpid and the W* macros, register_at_fork, exec, kill.
import posix, sys
calls = []
posix.register_at_fork(before=lambda: calls.append('before1'),
                       after_in_parent=lambda: calls.append('parent1'),
                       after_in_child=lambda: calls.append('child1'))
posix.register_at_fork(before=lambda: calls.append('before2'),
                       after_in_parent=lambda: calls.append('parent2'),
                       after_in_child=lambda: calls.append('child2'))
r, w = posix.pipe()
pid = posix.fork()
if pid == 0:
    posix.write(w, ' '.join(calls).encode())
    posix._exit(7)
pid2, status = posix.waitpid(pid, 0)
print(pid2 == pid, posix.WIFEXITED(status), posix.WEXITSTATUS(status), posix.WIFSIGNALED(status))
print(posix.waitstatus_to_exitcode(status), posix.read(r, 200))
print(calls)
for bad in (lambda: posix.register_at_fork(), lambda: posix.register_at_fork(before=1),
            lambda: posix.waitpid(-1, 0), lambda: posix.kill(2**22 + 12345, 0),
            lambda: posix.waitstatus_to_exitcode(0x7f), lambda: posix.execv('/bin/true', []),
            lambda: posix.execv('/bin/true', 'ab'), lambda: posix.execv('/bin/true', ['']),
            lambda: posix.execve('/bin/true', ['x'], 5),
            lambda: posix.execv('/_tmp_no_such_program', ['x'])):
    try:
        bad()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e)
calls.clear()
pid = posix.fork()
if pid == 0:
    posix.kill(posix.getpid(), 9)
_, status = posix.waitpid(pid, 0)
print(posix.WIFSIGNALED(status), posix.WTERMSIG(status), posix.waitstatus_to_exitcode(status))
pid = posix.fork()
if pid == 0:
    posix.execv(sys.executable, [sys.executable, '-c', 'import sys; sys.exit(3)'])
_, status = posix.waitpid(pid, 0)
print(posix.WEXITSTATUS(status))
pid = posix.fork()
if posix.fork and pid == 0:
    posix.dup2(w, 1)
    posix.execve('/bin/sh', ['sh', '-c', 'echo "$X:$Y"'], {'X': 'ex', b'Y': b'why'})
posix.waitpid(pid, 0)
print(posix.read(r, 100))
print(posix.waitpid(-1, posix.WNOHANG) if False else posix.WNOHANG)
print(posix.getppid() != posix.getpid(), posix.getuid() == posix.geteuid(), posix.getpgrp() > 0)
print(posix.getpgid(0) == posix.getpgrp(), posix.getsid(0) > 0, type(posix.getgroups()).__name__)
print(posix.WIFSTOPPED(0x137f), posix.WSTOPSIG(0x137f), posix.WIFCONTINUED(0xffff), posix.WCOREDUMP(0x80 | 6))
print(posix.EX_OK, posix.EX_USAGE, posix.EX_SOFTWARE, posix.P_PID, posix.WUNTRACED)
print(posix.system('exit 3') >> 8)
