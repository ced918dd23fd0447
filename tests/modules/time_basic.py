# time: monotonic increases, sleep, gmtime/strftime of a fixed time.
import time
t0 = time.monotonic()
time.sleep(0.01)
t1 = time.monotonic()
print(t1 > t0, t1 - t0 >= 0.009)
p0 = time.perf_counter()
print(time.perf_counter() >= p0, type(time.time()).__name__, time.time() > 1.6e9)
print(time.strftime('%Y', time.gmtime(0)))
print(time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(86400 * 365 + 3661)))
g = time.gmtime(1000000000)
print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday, g.tm_yday)
print(type(time.time_ns()).__name__ if hasattr(time, 'time_ns') else 'int')
