# Stores and loads of globals new to a big namespace cost O(1) each: the  (baton: heavy)
# inline caches of STORE_GLOBAL / LOAD_GLOBAL find a name's entry with a
# hash probe, not a scan of the dict (a scan made 50,000 new names in a
# namespace of a million take minutes; the runner's timeout fails it).
# (baton: heavy)
N = 50000
g = {"k%d" % i: i for i in range(1000000)}
exec(compile("\n".join("x%d = %d" % (i, i) for i in range(N)), "<stores>", "exec"), g)
print(len(g), g["x0"], g["x%d" % (N - 1)])

exec(compile("def total():\n    t = 0\n" + "".join("    t += x%d\n" % i for i in range(N)) +
             "    return t\n", "<loads>", "exec"), g)
print(g["total"](), sum(range(N)))

# a module run as a script: 200,000 globals of its own
import os, subprocess, sys
TMP = "_tmp_many_globals.py"
with open(TMP, "w") as f:
    f.write("\n".join("x%d = %d" % (i, i) for i in range(200000)))
    f.write("\nprint(sum(not k.startswith('__') for k in globals()), x199999)\n")
try:
    p = subprocess.run([sys.executable, TMP], capture_output=True, text=True)
    print(p.returncode, p.stdout.strip())
finally:
    os.unlink(TMP)
