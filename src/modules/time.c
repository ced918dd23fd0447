/* modules/time.c — the time module.
 *
 * Clocks map onto clock_gettime (CPython's choices, reported by
 * get_clock_info).  localtime/gmtime return time.struct_time, a struct
 * sequence (structseq.h) with the nine tuple fields and tm_zone/tm_gmtoff.
 * Time tuples going the other way (mktime, strftime, asctime) are checked
 * as CPython's gettmarg/checktm do, messages included.  timezone, altzone,
 * daylight and tzname come from localtime() in January and July of the
 * current year, as CPython computes them on glibc; tzset() recomputes them.
 * strptime is CPython's Lib/_strptime.py.  sleep releases the GIL around
 * nanosleep only, restarts after EINTR, and stops early with
 * KeyboardInterrupt when a SIGINT arrived.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <time.h>

#include "codec.h"
#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "namespace.h"
#include "posix.h"
#include "signals.h"
#include "structseq.h"

static const char *const tm_fields[] = {"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec", "tm_wday", "tm_yday", "tm_isdst", "tm_zone",
                                        "tm_gmtoff", NULL};
static const StructSeqDesc struct_time_desc = {"time.struct_time", tm_fields, 9,
    "The time value as returned by gmtime(), localtime(), and strptime(), and\n"
    " accepted by asctime(), mktime() and strftime().  May be considered as a\n"
    " sequence of 9 integers."};
static StructSeqType struct_time_type;
#define TM_N 9

/* ---- clocks ------------------------------------------------------------- */

static int64_t now_ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static Value clock_f(Value *args, int nargs, ObjTuple *kw, const char *name, clockid_t c, bool ns)
{
    (void)args;
    if (args_check(name, nargs, kw, 0, 0) < 0)
        return VNULL;
    int64_t t = now_ns(c);
    if (ns)
        return int_from_i64(t);
    return float_new((double)t / 1e9);
}

#define CLOCK_FN(NAME, CLK, NS) \
    static Value m_##NAME(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, #NAME, CLK, NS); }
CLOCK_FN(time, CLOCK_REALTIME, false)
CLOCK_FN(time_ns, CLOCK_REALTIME, true)
CLOCK_FN(perf_counter, CLOCK_MONOTONIC, false)
CLOCK_FN(perf_counter_ns, CLOCK_MONOTONIC, true)
CLOCK_FN(monotonic, CLOCK_MONOTONIC, false)
CLOCK_FN(monotonic_ns, CLOCK_MONOTONIC, true)
CLOCK_FN(process_time, CLOCK_PROCESS_CPUTIME_ID, false)
CLOCK_FN(process_time_ns, CLOCK_PROCESS_CPUTIME_ID, true)
CLOCK_FN(thread_time, CLOCK_THREAD_CPUTIME_ID, false)
CLOCK_FN(thread_time_ns, CLOCK_THREAD_CPUTIME_ID, true)

static int clk_arg(Value v, clockid_t *out)
{
    int64_t c;
    if (obj_as_int64(v, &c) < 0)
        return -1;
    if (c < INT32_MIN || c > INT32_MAX) {
        err_set(exc_OverflowError, "signed integer is greater than maximum");
        return -1;
    }
    *out = (clockid_t)c;
    return 0;
}

static Value clock_gettime_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool ns)
{
    clockid_t c;
    if (args_check(fn, nargs, kw, 1, 1) < 0 || clk_arg(args[0], &c) < 0)
        return VNULL;
    struct timespec ts;
    if (clock_gettime(c, &ts) < 0)
        return err_from_errno(exc_OSError, NULL);
    int64_t t = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    return ns ? int_from_i64(t) : float_new((double)t / 1e9);
}

static Value m_clock_gettime(Value *a, int n, ObjTuple *k) { return clock_gettime_common("clock_gettime", a, n, k, false); }
static Value m_clock_gettime_ns(Value *a, int n, ObjTuple *k) { return clock_gettime_common("clock_gettime_ns", a, n, k, true); }

static Value clock_settime_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool ns)
{
    clockid_t c;
    if (args_check(fn, nargs, kw, 2, 2) < 0 || clk_arg(args[0], &c) < 0)
        return VNULL;
    struct timespec ts;
    if (ns) {
        int64_t t;
        if (obj_as_int64(args[1], &t) < 0)
            return VNULL;
        ts.tv_sec = (time_t)(t / 1000000000);
        ts.tv_nsec = (long)(t % 1000000000);
        if (ts.tv_nsec < 0) {
            ts.tv_sec--;
            ts.tv_nsec += 1000000000;
        }
    } else {
        double d;
        if (num_to_double(args[1], &d) < 0)
            return VNULL;
        double s = floor(d);
        ts.tv_sec = (time_t)s;
        ts.tv_nsec = (long)((d - s) * 1e9);
    }
    if (clock_settime(c, &ts) < 0)
        return err_from_errno(exc_OSError, NULL);
    return NONE;
}

static Value m_clock_settime(Value *a, int n, ObjTuple *k) { return clock_settime_common("clock_settime", a, n, k, false); }
static Value m_clock_settime_ns(Value *a, int n, ObjTuple *k) { return clock_settime_common("clock_settime_ns", a, n, k, true); }

static Value m_clock_getres(Value *args, int nargs, ObjTuple *kw)
{
    clockid_t c;
    if (args_check("clock_getres", nargs, kw, 1, 1) < 0 || clk_arg(args[0], &c) < 0)
        return VNULL;
    struct timespec ts;
    if (clock_getres(c, &ts) < 0)
        return err_from_errno(exc_OSError, NULL);
    return float_new((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
}

static Value m_pthread_getcpuclockid(Value *args, int nargs, ObjTuple *kw)
{
    int64_t tid;
    if (args_check("pthread_getcpuclockid", nargs, kw, 1, 1) < 0 || obj_as_int64(args[0], &tid) < 0)
        return VNULL;
    clockid_t c;
    int r = pthread_getcpuclockid((pthread_t)tid, &c);
    if (r) {
        errno = r;
        return err_from_errno(exc_OSError, NULL);
    }
    return MK_INT(c);
}

static Value m_get_clock_info(Value *args, int nargs, ObjTuple *kw)
{
    static const struct { const char *name, *impl; clockid_t c; bool monotonic, adjustable; } clocks[] = {
        {"time", "clock_gettime(CLOCK_REALTIME)", CLOCK_REALTIME, false, true},
        {"monotonic", "clock_gettime(CLOCK_MONOTONIC)", CLOCK_MONOTONIC, true, false},
        {"perf_counter", "clock_gettime(CLOCK_MONOTONIC)", CLOCK_MONOTONIC, true, false},
        {"process_time", "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", CLOCK_PROCESS_CPUTIME_ID, true, false},
        {"thread_time", "clock_gettime(CLOCK_THREAD_CPUTIME_ID)", CLOCK_THREAD_CPUTIME_ID, true, false},
    };
    if (args_check("get_clock_info", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "get_clock_info() argument must be str, not %T", args[0]);
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        if (strcmp(clocks[i].name, AS_STR(args[0])->data) != 0)
            continue;
        struct timespec res;
        clock_getres(clocks[i].c, &res);
        Value ns = namespace_new();
        if (namespace_set(ns, "implementation", str_from_cstr(clocks[i].impl)) < 0 ||
            namespace_set(ns, "monotonic", BOOL_V(clocks[i].monotonic)) < 0 ||
            namespace_set(ns, "adjustable", BOOL_V(clocks[i].adjustable)) < 0 ||
            namespace_set(ns, "resolution",
                          float_new((double)res.tv_sec + (double)res.tv_nsec * 1e-9)) < 0)
            return VNULL;
        return ns;
    }
    return err_set(exc_ValueError, "unknown clock");
}

/* ---- sleep -------------------------------------------------------------- */

/* GIL: released here.  0 when the time has passed, -1 with an exception
 * (KeyboardInterrupt) when a signal handler raised. */
static int sleep_for(double secs)
{
    int64_t deadline = now_ns(CLOCK_MONOTONIC) + (int64_t)(secs * 1e9);
    for (;;) {
        int64_t left = deadline - now_ns(CLOCK_MONOTONIC);
        if (left <= 0)
            return 0;
        struct timespec ts = {(time_t)(left / 1000000000), (long)(left % 1000000000)};
        int r, saved;
        GIL_RELEASE(BLOCK_SLEEP);
        r = nanosleep(&ts, NULL);
        saved = errno;
        GIL_ACQUIRE();
        if (r == 0)
            return 0;
        if (signal_retry_or_raise(saved) < 0)
            return -1;
    }
}

static Value m_sleep(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("sleep", nargs, kw, 1, 1) < 0)
        return VNULL;
    double secs;
    if (!IS_FLOAT(args[0]) && !IS_INT(args[0]) && !IS_BIGINT(args[0]) && !IS_BOOL(args[0]))
        return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", args[0]);
    if (num_to_double(args[0], &secs) < 0)
        return VNULL;
    if (isnan(secs))
        return err_set(exc_ValueError, "Invalid value NaN (not a number)");
    if (secs < 0)
        return err_set(exc_ValueError, "sleep length must be non-negative");
    if (secs > 9.2e9)
        return err_set(exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
    return sleep_for(secs) < 0 ? VNULL : NONE;
}

/* ---- struct_time -------------------------------------------------------- */

static Value struct_time_new(const struct tm *tm)
{
    Value t = structseq_new(&struct_time_type);
    int64_t v[TM_N] = {tm->tm_year + 1900LL, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
                       tm->tm_sec, (tm->tm_wday + 6) % 7, tm->tm_yday + 1, tm->tm_isdst};
    for (int i = 0; i < TM_N; i++)
        STRUCTSEQ_SET(t, i, MK_INT(v[i]));
    Value zone = tm->tm_zone ? str_from_cstr(tm->tm_zone) : NONE;
    if (!zone)
        return VNULL;
    STRUCTSEQ_SET(t, 9, zone);
    STRUCTSEQ_SET(t, 10, int_from_i64(tm->tm_gmtoff));
    return t;
}

/* A struct_time or 9-tuple to struct tm (CPython's gettmarg).  zone
 * receives a copy of tm_zone for tm->tm_zone to point at. */
static int to_tm(Value v, struct tm *tm, const char *fn, char *zone, size_t zlen)
{
    if (!IS_TUPLE(v) && !structseq_check(v)) {
        err_set(exc_TypeError, "Tuple or struct_time argument required");
        return -1;
    }
    bool st = structseq_check(v) && AS_OBJ(v)->type == &struct_time_type.type;
    if (!IS_TUPLE(v) && !st) {
        err_set(exc_TypeError, "Tuple or struct_time argument required");
        return -1;
    }
    if (AS_TUPLE(v)->len != TM_N) {
        err_format(exc_TypeError, "%s(): illegal time tuple argument", fn);
        return -1;
    }
    int f[TM_N];
    for (int i = 0; i < TM_N; i++)
        if (posix_c_int(AS_TUPLE(v)->items[i], &f[i], true) < 0)
            return -1;
    memset(tm, 0, sizeof *tm);
    if ((int64_t)f[0] - 1900 < INT32_MIN) {
        err_set(exc_OverflowError, "year out of range");
        return -1;
    }
    tm->tm_year = f[0] - 1900;
    tm->tm_mon = f[1] - 1;
    tm->tm_mday = f[2];
    tm->tm_hour = f[3];
    tm->tm_min = f[4];
    tm->tm_sec = f[5];
    tm->tm_wday = (f[6] + 1) % 7;
    tm->tm_yday = f[7] - 1;
    tm->tm_isdst = f[8];
    if (st) {
        Value z = STRUCTSEQ_GET(v, 9), off = STRUCTSEQ_GET(v, 10);
        if (IS_STR(z)) {
            snprintf(zone, zlen, "%s", AS_STR(z)->data);
            tm->tm_zone = zone;
        }
        int64_t o;
        if (!IS_NONE(off)) {
            if (obj_as_int64(off, &o) < 0)
                return -1;
            tm->tm_gmtoff = o;
        }
    }
    return 0;
}

static int range_error(const char *msg)
{
    err_set(exc_ValueError, msg);
    return -1;
}

/* CPython's checktm: normalise the 0 "unknown" values, reject the rest. */
static int check_tm(struct tm *tm)
{
    if (tm->tm_mon == -1)
        tm->tm_mon = 0;
    else if (tm->tm_mon < 0 || tm->tm_mon > 11)
        return range_error("month out of range");
    if (tm->tm_mday == 0)
        tm->tm_mday = 1;
    else if (tm->tm_mday < 0 || tm->tm_mday > 31)
        return range_error("day of month out of range");
    if (tm->tm_hour < 0 || tm->tm_hour > 23)
        return range_error("hour out of range");
    if (tm->tm_min < 0 || tm->tm_min > 59)
        return range_error("minute out of range");
    if (tm->tm_sec < 0 || tm->tm_sec > 61)
        return range_error("seconds out of range");
    if (tm->tm_wday < 0)
        return range_error("day of week out of range");
    if (tm->tm_yday == -1)
        tm->tm_yday = 0;
    else if (tm->tm_yday < 0 || tm->tm_yday > 365)
        return range_error("day of year out of range");
    return 0;
}

/* The optional seconds argument of localtime/gmtime/ctime (rounded down,
 * as _PyTime_ObjectToTime_t with _PyTime_ROUND_FLOOR). */
static int secs_arg(Value *args, int nargs, time_t *out)
{
    if (nargs == 0 || IS_NONE(args[0])) {
        *out = time(NULL);
        return 0;
    }
    if (IS_FLOAT(args[0])) {
        double d = AS_FLOAT(args[0]);
        if (isnan(d)) {
            err_set(exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        d = floor(d);
        if (!(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)) {
            err_set(exc_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        *out = (time_t)d;
        return 0;
    }
    Value i = obj_index(args[0]);
    if (!i)
        return -1;
    if (!IS_INT(i)) {
        err_set(exc_OverflowError, "timestamp out of range for platform time_t");
        return -1;
    }
    *out = (time_t)AS_INT(i);
    return 0;
}

static Value conv_time(Value *args, int nargs, ObjTuple *kw, bool local)
{
    if (args_check(local ? "localtime" : "gmtime", nargs, kw, 0, 1) < 0)
        return VNULL;
    time_t t;
    struct tm tm;
    if (secs_arg(args, nargs, &t) < 0)
        return VNULL;
    errno = 0;
    if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm))) {
        if (errno == 0 || errno == EOVERFLOW)
            return err_set(exc_OverflowError, "timestamp out of range for platform time_t");
        return err_from_errno(exc_OSError, NULL);
    }
    return struct_time_new(&tm);
}

static Value m_localtime(Value *a, int n, ObjTuple *k) { return conv_time(a, n, k, true); }
static Value m_gmtime(Value *a, int n, ObjTuple *k) { return conv_time(a, n, k, false); }

static Value m_mktime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("mktime", nargs, kw, 1, 1) < 0)
        return VNULL;
    struct tm tm;
    char zone[64];
    if (to_tm(args[0], &tm, "mktime", zone, sizeof zone) < 0)
        return VNULL;
    tm.tm_wday = -1; /* mktime sets it on success */
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1)
        return err_set(exc_OverflowError, "mktime argument out of range");
    return float_new((double)t);
}

/* The time tuple argument of strftime/asctime, or now. */
static int tm_or_now(Value *args, int nargs, int idx, struct tm *tm, const char *fn,
                     char *zone, size_t zlen)
{
    if (nargs > idx) {
        if (to_tm(args[idx], tm, fn, zone, zlen) < 0 || check_tm(tm) < 0)
            return -1;
        return 0;
    }
    time_t t = time(NULL);
    localtime_r(&t, tm);
    return 0;
}

static Value m_strftime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("strftime", nargs, kw, 1, 2) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "strftime() argument 1 must be str, not %T", args[0]);
    struct tm tm;
    char zone[64];
    if (tm_or_now(args, nargs, 1, &tm, "strftime", zone, sizeof zone) < 0)
        return VNULL;
    if (tm.tm_isdst < -1)
        tm.tm_isdst = -1;
    else if (tm.tm_isdst > 1)
        tm.tm_isdst = 1;
    ObjStr *fmt = AS_STR(args[0]);
    Value fb = VNULL; /* the locale encoding with surrogateescape, as CPython */
    if (codec_has_surrogates(fmt) && !(fb = codec_utf8_encode(fmt, "surrogateescape")))
        return VNULL;
    const char *f = fb ? (const char *)AS_BYTES(fb)->data : str_cstr(fmt);
    size_t flen = fb ? (size_t)AS_BYTES(fb)->len : (size_t)fmt->len;
    if (strlen(f) != flen)
        return err_set(exc_ValueError, "embedded null character");
    if (!*f)
        return str_new("", 0);
    /* strftime returns 0 both for "too small" and for an empty result:
     * grow the buffer up to 256 times the format, as CPython does. */
    for (size_t cap = 1024; ; cap *= 2) {
        char *buf = malloc(cap);
        if (!buf)
            return err_no_memory();
        size_t n = strftime(buf, cap, f, &tm);
        if (n > 0 || cap >= 256 * flen) {
            Value s = codec_utf8_decode((const uint8_t *)buf, n, "surrogateescape", true, NULL);
            free(buf);
            return s;
        }
        free(buf);
    }
}

static Value asctime_of(const struct tm *tm)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return str_printf("%s %s%3d %02d:%02d:%02d %lld", days[tm->tm_wday % 7], mons[tm->tm_mon],
                      tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, 1900LL + tm->tm_year);
}

static Value m_asctime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("asctime", nargs, kw, 0, 1) < 0)
        return VNULL;
    struct tm tm;
    char zone[64];
    if (tm_or_now(args, nargs, 0, &tm, "asctime", zone, sizeof zone) < 0)
        return VNULL;
    return asctime_of(&tm);
}

static Value m_ctime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ctime", nargs, kw, 0, 1) < 0)
        return VNULL;
    time_t t;
    struct tm tm;
    if (secs_arg(args, nargs, &t) < 0)
        return VNULL;
    if (!localtime_r(&t, &tm))
        return err_set(exc_OverflowError, "timestamp out of range for platform time_t");
    return asctime_of(&tm);
}

static Value m_strptime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("strptime", nargs, kw, 1, 2) < 0)
        return VNULL;
    Value mod = vm_import(str_intern_cstr("_strptime"));
    if (!mod)
        return VNULL;
    Value f = obj_getattr(mod, str_intern_cstr("_strptime_time"));
    return f ? obj_call(f, args, nargs, NULL) : VNULL;
}

/* ---- time zones --------------------------------------------------------- */

/* timezone, altzone, daylight and tzname from localtime() half a year
 * apart, the way CPython's init_timezone does where tm_gmtoff exists. */
static void set_timezone(ObjModule *m)
{
    const time_t year = (365 * 24 + 6) * 3600;
    time_t t = (time(NULL) / year) * year;
    struct tm jan, jul;
    localtime_r(&t, &jan);
    t += year / 2;
    localtime_r(&t, &jul);
    long janzone = -jan.tm_gmtoff, julzone = -jul.tm_gmtoff;
    const char *janname = jan.tm_zone ? jan.tm_zone : "   ";
    const char *julname = jul.tm_zone ? jul.tm_zone : "   ";
    bool south = janzone < julzone; /* DST is reversed in the southern hemisphere */
    module_add(m, "timezone", int_from_i64(south ? julzone : janzone));
    module_add(m, "altzone", int_from_i64(south ? janzone : julzone));
    module_add(m, "daylight", MK_INT(janzone != julzone));
    module_add(m, "tzname", tuple_pack(2, str_from_cstr(south ? julname : janname),
                                       str_from_cstr(south ? janname : julname)));
}

static Value time_module;

static Value m_tzset(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("tzset", nargs, kw, 0, 0) < 0)
        return VNULL;
    tzset();
    set_timezone(AS_MODULE(time_module));
    return err_occurred() ? VNULL : NONE;
}

static const MethodDef time_fns[] = {
    {"time", m_time}, {"time_ns", m_time_ns}, {"perf_counter", m_perf_counter},
    {"perf_counter_ns", m_perf_counter_ns}, {"monotonic", m_monotonic},
    {"monotonic_ns", m_monotonic_ns}, {"process_time", m_process_time},
    {"process_time_ns", m_process_time_ns}, {"thread_time", m_thread_time},
    {"thread_time_ns", m_thread_time_ns}, {"clock_gettime", m_clock_gettime},
    {"clock_gettime_ns", m_clock_gettime_ns}, {"clock_settime", m_clock_settime},
    {"clock_settime_ns", m_clock_settime_ns}, {"clock_getres", m_clock_getres},
    {"pthread_getcpuclockid", m_pthread_getcpuclockid}, {"get_clock_info", m_get_clock_info},
    {"sleep", m_sleep}, {"localtime", m_localtime}, {"gmtime", m_gmtime}, {"mktime", m_mktime},
    {"strftime", m_strftime}, {"strptime", m_strptime}, {"asctime", m_asctime},
    {"ctime", m_ctime}, {"tzset", m_tzset}, {NULL, NULL},
};

static const IntConstDef time_consts[] = {
    {"CLOCK_REALTIME", CLOCK_REALTIME}, {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
    {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
    {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
    {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID}, {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
    {"CLOCK_TAI", CLOCK_TAI}, {"_STRUCT_TM_ITEMS", 11}, {NULL, 0},
};

Value mod_time_init(void)
{
    if (time_module)
        return time_module;
    structseq_init_type(&struct_time_type, &struct_time_desc);
    Value mv = module_new(str_intern_cstr("time"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = time_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add_ints(m, time_consts);
    module_add(m, "struct_time", OBJ_VAL(&struct_time_type.type));
    tzset();
    set_timezone(m);
    if (err_occurred())
        return VNULL;
    time_module = mv;
    gc_add_root_value(&time_module);
    return mv;
}
