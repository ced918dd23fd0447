/* mod_time.c — the time module.
 *
 * Clocks map onto clock_gettime.  localtime/gmtime return a struct_time:
 * a tuple subtype (the tuple layout, so indexing, unpacking and len work
 * through the inherited tuple slots) with tm_* attribute descriptors and
 * CPython's repr.  sleep releases the GIL around nanosleep only, restarts
 * after EINTR, and stops early with KeyboardInterrupt when a SIGINT arrived.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "signals.h"

static Type type_struct_time;

static const char *const tm_names[] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                       "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};
#define TM_N 9

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

static Value m_time(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "time", CLOCK_REALTIME, false); }
static Value m_time_ns(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "time_ns", CLOCK_REALTIME, true); }
static Value m_perf(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "perf_counter", CLOCK_MONOTONIC, false); }
static Value m_perf_ns(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "perf_counter_ns", CLOCK_MONOTONIC, true); }
static Value m_mono(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "monotonic", CLOCK_MONOTONIC, false); }
static Value m_mono_ns(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "monotonic_ns", CLOCK_MONOTONIC, true); }
static Value m_proc(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "process_time", CLOCK_PROCESS_CPUTIME_ID, false); }
static Value m_proc_ns(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "process_time_ns", CLOCK_PROCESS_CPUTIME_ID, true); }
static Value m_thread_time(Value *a, int n, ObjTuple *k) { return clock_f(a, n, k, "thread_time", CLOCK_THREAD_CPUTIME_ID, false); }

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

/* ---- struct_time ------------------------------------------------------ */

static Value struct_time_new(const struct tm *tm)
{
    ObjTuple *t = (ObjTuple *)gc_new(&type_struct_time, sizeof(ObjTuple) + TM_N * sizeof(Value));
    t->len = TM_N;
    t->hash = -1;
    int64_t v[TM_N] = {tm->tm_year + 1900LL, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
                       tm->tm_sec, (tm->tm_wday + 6) % 7, tm->tm_yday + 1, tm->tm_isdst};
    for (int i = 0; i < TM_N; i++)
        t->items[i] = MK_INT(v[i]);
    return OBJ_VAL(t);
}

static void struct_time_trace(Obj *o)
{
    ObjTuple *t = (ObjTuple *)o;
    for (int64_t i = 0; i < t->len; i++)
        gc_mark(t->items[i]);
}

static Value struct_time_repr(Value self)
{
    ObjTuple *t = AS_TUPLE(self);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, "time.struct_time(");
    for (int i = 0; i < TM_N && i < t->len; i++) {
        sb_printf(&b, "%s%s=", i ? ", " : "", tm_names[i]);
        if (sb_addv(&b, t->items[i], true) < 0) {
            sb_free(&b);
            return VNULL;
        }
    }
    sb_addc(&b, ')');
    return sb_finish(&b);
}

#define TM_GETTER(i) \
    static Value get_tm##i(Value self) { return AS_TUPLE(self)->items[i]; }
TM_GETTER(0) TM_GETTER(1) TM_GETTER(2) TM_GETTER(3) TM_GETTER(4)
TM_GETTER(5) TM_GETTER(6) TM_GETTER(7) TM_GETTER(8)
static const GetterFn tm_getters[TM_N] = {get_tm0, get_tm1, get_tm2, get_tm3, get_tm4,
                                          get_tm5, get_tm6, get_tm7, get_tm8};

/* A struct_time or 9-tuple back to struct tm. */
static int to_tm(Value v, struct tm *tm, const char *fn)
{
    Value t = v;
    if (!IS_TUPLE(t) && !IS_TYPE_EXACT(t, &type_struct_time)) {
        err_format(exc_TypeError, "Tuple or struct_time argument required");
        return -1;
    }
    (void)fn;
    if (AS_TUPLE(t)->len != TM_N) {
        err_set(exc_TypeError, "function takes exactly 9 arguments");
        return -1;
    }
    int64_t f[TM_N];
    for (int i = 0; i < TM_N; i++)
        if (obj_as_int64(AS_TUPLE(t)->items[i], &f[i]) < 0)
            return -1;
    memset(tm, 0, sizeof *tm);
    if (f[0] < -100000 || f[0] > 100000) {
        err_set(exc_OverflowError, "year out of range");
        return -1;
    }
    tm->tm_year = (int)(f[0] - 1900);
    tm->tm_mon = (int)(f[1] == 0 ? 0 : f[1] - 1);
    tm->tm_mday = (int)(f[2] == 0 ? 1 : f[2]);
    tm->tm_hour = (int)f[3];
    tm->tm_min = (int)f[4];
    tm->tm_sec = (int)f[5];
    tm->tm_wday = (int)((f[6] + 1) % 7);
    tm->tm_yday = (int)(f[7] == 0 ? 0 : f[7] - 1);
    tm->tm_isdst = (int)f[8];
    if (tm->tm_mon < 0 || tm->tm_mon > 11) {
        err_set(exc_ValueError, "month out of range");
        return -1;
    }
    if (tm->tm_mday < 1 || tm->tm_mday > 31) {
        err_set(exc_ValueError, "day of month out of range");
        return -1;
    }
    if (tm->tm_hour < 0 || tm->tm_hour > 23) {
        err_set(exc_ValueError, "hour out of range");
        return -1;
    }
    if (tm->tm_min < 0 || tm->tm_min > 59) {
        err_set(exc_ValueError, "minute out of range");
        return -1;
    }
    if (tm->tm_sec < 0 || tm->tm_sec > 61) {
        err_set(exc_ValueError, "seconds out of range");
        return -1;
    }
    if (f[6] < 0) {
        err_set(exc_ValueError, "day of week out of range");
        return -1;
    }
    return 0;
}

/* The optional seconds argument of localtime/gmtime/ctime. */
static int secs_arg(Value *args, int nargs, time_t *out)
{
    if (nargs == 0 || IS_NONE(args[0])) {
        *out = time(NULL);
        return 0;
    }
    double d;
    if (num_to_double(args[0], &d) < 0)
        return -1;
    if (isnan(d)) {
        err_set(exc_ValueError, "Invalid value NaN (not a number)");
        return -1;
    }
    if (d > 1e15 || d < -1e15) {
        err_set(exc_OverflowError, "timestamp out of range for platform time_t");
        return -1;
    }
    *out = (time_t)floor(d);
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
    if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)))
        return err_from_errno(exc_OverflowError, NULL);
    return struct_time_new(&tm);
}

static Value m_localtime(Value *a, int n, ObjTuple *k) { return conv_time(a, n, k, true); }
static Value m_gmtime(Value *a, int n, ObjTuple *k) { return conv_time(a, n, k, false); }

static Value m_mktime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("mktime", nargs, kw, 1, 1) < 0)
        return VNULL;
    struct tm tm;
    if (to_tm(args[0], &tm, "mktime") < 0)
        return VNULL;
    tm.tm_wday = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1)
        return err_set(exc_OverflowError, "mktime argument out of range");
    return float_new((double)t);
}

static Value format_tm(const char *fmt, const struct tm *tm)
{
    if (!*fmt)
        return str_new("", 0);
    size_t cap = 256 + strlen(fmt) * 4;
    for (int tries = 0; tries < 12; tries++, cap *= 2) {
        char *buf = malloc(cap);
        if (!buf)
            return err_no_memory();
        size_t n = strftime(buf, cap, fmt, tm);
        if (n > 0 || cap > 65536) {
            Value s = utf8_valid(buf, n) ? str_new(buf, n) : str_new("", 0);
            free(buf);
            return s;
        }
        free(buf);
    }
    return str_new("", 0);
}

static Value m_strftime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("strftime", nargs, kw, 1, 2) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "strftime() argument 1 must be str, not %T", args[0]);
    struct tm tm;
    if (nargs == 2) {
        if (to_tm(args[1], &tm, "strftime") < 0)
            return VNULL;
    } else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    return format_tm(AS_STR(args[0])->data, &tm);
}

static Value m_asctime(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("asctime", nargs, kw, 0, 1) < 0)
        return VNULL;
    struct tm tm;
    if (nargs == 1) {
        if (to_tm(args[0], &tm, "asctime") < 0)
            return VNULL;
    } else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return str_printf("%s %s %2d %02d:%02d:%02d %d", days[(tm.tm_wday % 7 + 7) % 7],
                      mons[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                      tm.tm_year + 1900);
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
    Value st = struct_time_new(&tm);
    return m_asctime(&st, 1, NULL);
}

static const MethodDef time_fns[] = {
    {"time", m_time},           {"time_ns", m_time_ns},     {"perf_counter", m_perf},
    {"perf_counter_ns", m_perf_ns}, {"monotonic", m_mono},  {"monotonic_ns", m_mono_ns},
    {"process_time", m_proc},   {"process_time_ns", m_proc_ns}, {"thread_time", m_thread_time},
    {"sleep", m_sleep},         {"localtime", m_localtime}, {"gmtime", m_gmtime},
    {"mktime", m_mktime},       {"strftime", m_strftime},   {"asctime", m_asctime},
    {"ctime", m_ctime},         {NULL, NULL},
};

Value mod_time_init(void)
{
    if (!type_struct_time.name) {
        type_struct_time.name = "struct_time";
        type_struct_time.base = &type_tuple;
        type_struct_time.kind = KIND_OTHER;
        type_struct_time.inst_size = sizeof(ObjTuple);
        type_struct_time.trace = struct_time_trace;
        type_struct_time.repr = struct_time_repr;
        type_ready(&type_struct_time, NULL);
        type_struct_time.module = str_intern_cstr("time");
        for (int i = 0; i < TM_N; i++)
            exc_add_getset(&type_struct_time, tm_names[i], tm_getters[i], NULL);
    }
    Value mv = module_new(str_intern_cstr("time"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = time_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add(m, "struct_time", OBJ_VAL(&type_struct_time));
    tzset();
    module_add(m, "timezone", int_from_i64((int64_t)timezone));
    module_add(m, "altzone", int_from_i64((int64_t)timezone - (daylight ? 3600 : 0)));
    module_add(m, "daylight", MK_INT(daylight));
    module_add(m, "tzname", tuple_pack(2, str_from_cstr(tzname[0]), str_from_cstr(tzname[1])));
    return err_occurred() ? VNULL : mv;
}
