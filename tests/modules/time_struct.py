# time: time tuples in and out (struct_time, gmtime, mktime, strftime, asctime), their errors, clocks.
import time
T=(2024,2,29,13,5,9,3,60,0)
for f in [lambda: time.strftime('%Y', 5), lambda: time.strftime('%Y', (1,2,3)), lambda: time.strftime('%Y', (2024,13,1,0,0,0,0,1,0)),
 lambda: time.strftime('%Y', (2024,0,0,0,0,0,0,0,0)), lambda: time.strftime('%Y', (2024,1,1,24,0,0,0,1,0)), lambda: time.strftime('%Y', (2024,1,1,0,60,0,0,1,0)),
 lambda: time.strftime('%Y', (2024,1,1,0,0,62,0,1,0)), lambda: time.strftime('%Y', (2024,1,1,0,0,0,-1,1,0)), lambda: time.strftime('%Y', (2024,1,1,0,0,0,7,1,0)),
 lambda: time.strftime('%Y', (2024,1,1,0,0,0,0,367,0)), lambda: time.strftime('%Y', (2024,1,1,0,0,0,0,-1,0)), lambda: time.strftime('%Y %Z', (2024,1,1,0,0,0,0,1,5)),
 lambda: time.strftime('a\0b'), lambda: time.strftime(5), lambda: time.strftime('%'), lambda: time.strftime('%Q|%-d', T), lambda: time.strftime('%Y', ('a',)*9),
 lambda: time.strftime('%Y', (2024.5,1,1,0,0,0,0,1,0)), lambda: time.asctime((2024,1,1,0,0,0,0,1,0)), lambda: time.asctime(T), lambda: time.asctime((-5,1,1,0,0,0,0,1,0)),
 lambda: time.mktime((2024,1,1,0,0,0,0,1,0)), lambda: time.mktime(5), lambda: time.gmtime('x'), lambda: time.gmtime(float('nan')), lambda: time.gmtime(1e20), lambda: time.gmtime(-1.5),
 lambda: time.strftime('%j %U %w %a %A %b %B %c %x %X %p %y %G %V %u %e %%', T), lambda: time.ctime(0), lambda: time.mktime((2024,1,1,0,0,0,0,1,-1)), lambda: time.mktime(time.gmtime(86400*365)),
 lambda: time.gmtime(2**31), lambda: time.struct_time((1,)*9), lambda: time.struct_time((1,)*11).tm_zone, lambda: time.struct_time((1,)*12), lambda: time.asctime((2024,1,1,0,0,0,0,1)),
 lambda: time.strftime('%Y', (10**10,1,1,0,0,0,0,1,0)), lambda: time.strftime('%Y', (-1,1,1,0,0,0,0,1,0)), lambda: time.clock_gettime(99), lambda: time.get_clock_info('x'),
 lambda: time.sleep(-1), lambda: time.sleep('x'), lambda: time.strftime('%Y', (2**31,1,1,0,0,0,0,1,0)), lambda: time.strftime('%Y %m %d', (2024,1,1,0,0,0,0,1,0,'ABC',3600)),
 lambda: time.gmtime(0).tm_zone, lambda: time.gmtime(0).tm_gmtoff, lambda: time.struct_time(T).tm_zone, lambda: time.gmtime(10**9) == (2001, 9, 9, 1, 46, 40, 6, 252, 0),
 lambda: time.strftime('%Z|%z', time.gmtime(0)), lambda: [time.get_clock_info(c).implementation for c in ('time', 'monotonic', 'perf_counter', 'process_time', 'thread_time')], lambda: time.get_clock_info('monotonic').resolution < 1e-3, lambda: time.get_clock_info('time').adjustable, lambda: 0 < time.clock_getres(time.CLOCK_MONOTONIC) < 1e-3, lambda: type(time.get_clock_info('time')).__name__,
 lambda: time.gmtime(0).__reduce__(), lambda: len(time.localtime()), lambda: time.struct_time.n_fields, lambda: time._STRUCT_TM_ITEMS,
 lambda: [type(time.clock_gettime_ns(time.CLOCK_REALTIME)).__name__, type(time.thread_time_ns()).__name__], lambda: time.asctime(time.gmtime(0)), lambda: time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(1.7e9)),
 lambda: time.mktime(time.localtime(1700000000)), lambda: time.gmtime(-86400 * 366 * 100)]:
  try: print(repr(f()))
  except Exception as e: print(type(e).__name__, e)
