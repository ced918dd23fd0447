# time zones: tzset with TZ set, localtime/mktime/strftime across DST, tz variables.
import posix, time
for tz in ('UTC0', 'EST+05EDT,M3.2.0,M11.1.0', 'AEST-10AEDT,M10.1.0,M4.1.0/3', 'JST-9'):
    posix.putenv('TZ', tz)
    time.tzset()
    print(tz, time.timezone, time.altzone, time.daylight, time.tzname)
    for secs in (0, 1700000000, 1720000000):
        t = time.localtime(secs)
        print(' ', t[:], t.tm_zone, t.tm_gmtoff, time.mktime(t) == secs,
              time.strftime('%Y-%m-%d %H:%M:%S %Z %z', t), time.ctime(secs))
    print(' ', time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, -1)), time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, 0)))
posix.unsetenv('TZ')
time.tzset()
print(type(time.timezone).__name__, type(time.tzname).__name__, len(time.tzname))
