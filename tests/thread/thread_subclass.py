# Subclassing Thread and overriding run(); names, daemon flag, ident.
import threading


class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name="worker-%d" % n)
        self.n = n
        self.total = 0

    def run(self):
        for i in range(self.n * 1000):
            self.total += i


ws = [Worker(i) for i in range(1, 5)]
print([w.name for w in ws])
print([w.daemon for w in ws])
for w in ws:
    w.start()
for w in ws:
    w.join()
print([w.total for w in ws])
print(all(isinstance(w.ident, int) for w in ws))
print(all(isinstance(w.native_id, int) for w in ws))
t = threading.Thread(target=print, args=("daemon thread ran",), daemon=True)
print(t.daemon)
t.start()
t.join()
