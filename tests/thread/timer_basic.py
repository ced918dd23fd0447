# Timer runs a function after a delay; cancel() stops it.
import threading

fired = []
t = threading.Timer(0.02, fired.append, args=["fired"])
t.start()
t.join()
print(fired)
c = threading.Timer(10, fired.append, args=["never"])
c.start()
c.cancel()
c.join()
print(fired)
