# A module namespace with 50,000 distinct globals, filled 40 times: one
# code object of `x0 = 0 ... x49999 = 49999` (STORE_GLOBAL, each name new
# to the dict) exec'd into fresh dicts, then every 7th name read back through
# a generated function's LOAD_GLOBALs.  Each first store of a name misses
# the inline cache; the miss must cost O(1), not a scan of the dict.
N = 50000
ROUNDS = 40

store = compile("\n".join("x%d = %d" % (i, i) for i in range(N)), "<globals>", "exec")
load = compile("def total():\n    t = 0\n" + "".join("    t += x%d\n" % i for i in range(0, N, 7)) +
               "    return t\n", "<loads>", "exec")
check = 0
for r in range(ROUNDS):
    g = {}
    exec(store, g)
    exec(load, g)
    check = (check + len(g) + g["total"]() + r) % 1000003
print(check)
