# str and bytes hash as CPython 3.11 (SipHash-1-3 keyed by PYTHONHASHSEED:
# the runner sets 0), so sets and dicts of str iterate in CPython's order;
# other seeds, "random" and a bad value, in child processes
import subprocess
import sys

words = ['pear', 'apple', 'fig', 'kiwi', 'banana', 'cherry', 'é', '日本', '😀', 'a b', '']
print([hash(w) for w in words])
print(hash(b''), hash(b'abc'), hash(memoryview(b'abc')) == hash(b'abc'), hash('\udc80'))
s = set()
for w in words:
    s.add(w)
print(s)
print(set('abcdefghijklmnop'), {w: len(w) for w in words}.keys() == set(words))
print(frozenset(x * 3 for x in 'xyz'), sys.hash_info.algorithm, sys.hash_info.seed_bits,
      sys.flags.hash_randomization)

code = 'import sys; print(hash("abc"), hash(b"abc"), sorted({"q", "r"}), sys.flags.hash_randomization)'
for seed in ('1', '4294967295', '0'):
    r = subprocess.run([sys.executable, '-c', code], env={'PYTHONHASHSEED': seed},
                       capture_output=True, text=True)
    print(seed, r.stdout.strip())
runs = {subprocess.run([sys.executable, '-c', 'print(hash("abc"))'], env={'PYTHONHASHSEED': 'random'},
                       capture_output=True, text=True).stdout for _ in range(3)}
print('random runs differ:', len(runs) > 1)
for bad in ('-1', '4294967296', 'x'):
    r = subprocess.run([sys.executable, '-c', 'pass'], env={'PYTHONHASHSEED': bad},
                       capture_output=True, text=True)
    print(bad, r.returncode, r.stderr.splitlines()[0])
