# CPython's subprocess over _posixsubprocess.fork_exec: pipes, shell,
# errors from the child (exec and chdir), environment, exit codes.
import subprocess
import sys
print(subprocess.run(['echo', 'hi there'], capture_output=True))
print(subprocess.check_output('echo $((1+2)); echo err >&2', shell=True, stderr=subprocess.STDOUT))
try:
    subprocess.run(['/nonexistent/prog'])
except FileNotFoundError as e:
    print(type(e).__name__, e)
try:
    subprocess.run(['true'], cwd='/nonexistent')
except FileNotFoundError as e:
    print(type(e).__name__, e)
p = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
print(p.communicate(b'via cat'), p.returncode)
print(subprocess.call(['sh', '-c', 'exit 3']))
print(subprocess.run(['env'], env={'A': 'b'}, capture_output=True, text=True).stdout)
r = subprocess.run([sys.executable, '-c', 'import sys; print(sys.argv[1:]); sys.exit(4)', 'a b', 'c'],
                   capture_output=True, text=True)
print(r.returncode, r.stdout, r.stderr)
p = subprocess.Popen(['sh', '-c', 'echo $0; read x; echo got $x', 'zero'], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, text=True)
out, _ = p.communicate('line\n')
print(out, p.returncode)
print(subprocess.run(['pwd'], cwd='/', capture_output=True).stdout)
print(subprocess.run(['sh', '-c', 'ls /proc/self/fd | wc -l'], capture_output=True).stdout.strip() <= b'5')
try:
    subprocess.check_call(['false'])
except subprocess.CalledProcessError as e:
    print(e)
