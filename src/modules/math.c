/* modules/math.c — the math module.
 *
 * Float functions follow CPython's error convention: a NaN result from a
 * non-NaN argument is "math domain error" (ValueError), an infinite result
 * from a finite argument is "math range error" (OverflowError) for the
 * functions that can overflow.  Integer functions (factorial, gcd, isqrt,
 * comb, perm) are exact through GMP; floor/ceil/trunc return ints of any
 * size.  fsum is Shewchuk's exact partial-sums algorithm, as in CPython.
 */
#include <errno.h>
#include <float.h>
#include <math.h>

#include "exceptions.h"
#include "gc.h"
#include "str.h"

static ObjStr *s_floor, *s_ceil, *s_trunc;

/* An int or float argument as a double; TypeError "must be real number". */
static int real(Value v, double *out)
{
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return 0;
    }
    if (IS_INT(v)) {
        *out = (double)AS_INT(v);
        return 0;
    }
    if (int_check(v))
        return int_as_double(int_exact(v), out);
    if (TYPE(v)->nb_float) {
        Value f = TYPE(v)->nb_float(v);
        if (!f)
            return -1;
        if (!IS_FLOAT(f)) {
            err_format(exc_TypeError, "%T.__float__ returned non-float (type %T)", v, f);
            return -1;
        }
        *out = AS_FLOAT(f);
        return 0;
    }
    err_format(exc_TypeError, "must be real number, not %T", v);
    return -1;
}

static Value domain(void) { return err_set(exc_ValueError, "math domain error"); }
static Value range_err(void) { return err_set(exc_OverflowError, "math range error"); }

/* Check a libm result the CPython way. */
static Value result(double x, double r, bool can_overflow)
{
    if (isnan(r) && !isnan(x))
        return domain();
    if (isinf(r) && isfinite(x))
        return can_overflow ? range_err() : domain();
    return float_new(r);
}

static Value one_arg(Value *args, int nargs, ObjTuple *kw, const char *name, double (*f)(double),
                     bool can_overflow)
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    return result(x, f(x), can_overflow);
}

#define UNARY(cname, fn, ovf)                                           \
    static Value cname(Value *args, int nargs, ObjTuple *kw)            \
    {                                                                   \
        return one_arg(args, nargs, kw, #fn, fn, ovf);                  \
    }
UNARY(m_sin, sin, false)
UNARY(m_cos, cos, false)
UNARY(m_tan, tan, false)
UNARY(m_asin, asin, false)
UNARY(m_acos, acos, false)
UNARY(m_atan, atan, false)
UNARY(m_sinh, sinh, true)
UNARY(m_cosh, cosh, true)
UNARY(m_tanh, tanh, false)
UNARY(m_asinh, asinh, false)
UNARY(m_acosh, acosh, false)
UNARY(m_atanh, atanh, false)
UNARY(m_exp, exp, true)
UNARY(m_exp2, exp2, true)
UNARY(m_expm1, expm1, true)
UNARY(m_cbrt, cbrt, false)
UNARY(m_erf, erf, false)
UNARY(m_erfc, erfc, false)
UNARY(m_fabs, fabs, false)

static Value m_sqrt(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("sqrt", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    if (x < 0)
        return domain();
    return float_new(sqrt(x));
}

/* ---- gamma and lgamma ---------------------------------------------------
 * CPython does not use the C library's tgamma/lgamma but its own Lanczos
 * approximation (N = 13, g = 6.024680040776729583740234375, Boost's
 * parameters, the sum as a rational function); the same method with the
 * same operations in the same order gives the same bits on every
 * platform.  Negative arguments go through the reflection formula. */

#define LANCZOS_N 13
static const double lz_g = 6.024680040776729583740234375;
static const double lz_g_half = 5.524680040776729583740234375; /* g - 0.5 */
static const double lz_num[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
/* the denominator x (x+1) ... (x+11) as a polynomial */
static const double lz_den[LANCZOS_N] = {0.0,      39916800.0, 120543840.0, 150917976.0, 105258076.0,
                                         45995730.0, 13339535.0, 2637558.0, 357423.0,    32670.0,
                                         1925.0,   66.0,       1.0};
static const double m_pi = 3.141592653589793238462643383279502884197;
static const double m_logpi = 1.144729885849400174143427351353058711647;

/* sin(pi x) without the rounding error of pi * x for large x. */
static double sin_pi(double x)
{
    double y = fmod(fabs(x), 2.0), r;
    switch ((int)round(2.0 * y)) {
    case 0: r = sin(m_pi * y); break;
    case 1: r = cos(m_pi * (y - 0.5)); break;
    case 2: r = sin(m_pi * (1.0 - y)); break; /* not -sin(pi (y-1)): -0.0 at 1 */
    case 3: r = -cos(m_pi * (y - 1.5)); break;
    default: r = sin(m_pi * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

static double lanczos(double x) /* x > 0 */
{
    double num = 0.0, den = 0.0;
    if (x < 5.0) {
        for (int i = LANCZOS_N - 1; i >= 0; i--) {
            num = num * x + lz_num[i];
            den = den * x + lz_den[i];
        }
    } else { /* as a function of 1/x, which cannot overflow */
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lz_num[i];
            den = den / x + lz_den[i];
        }
    }
    return num / den;
}

/* Gamma(x); *err is 'd' (domain) or 'r' (range) when CPython raises. */
static double gamma_of(double x, char *err)
{
    if (isnan(x) || x == INFINITY)
        return x;
    if (x == -INFINITY || x == 0.0 || (x == floor(x) && x < 0.0)) {
        *err = 'd';
        return NAN;
    }
    if (x == floor(x) && x <= 23.0) { /* (n-1)! exactly */
        double f = 1.0;
        for (int i = 2; i < (int)x; i++)
            f *= i;
        return f;
    }
    double ax = fabs(x);
    if (ax < 1e-20) {
        double r = 1.0 / x;
        if (isinf(r))
            *err = 'r';
        return r;
    }
    if (ax > 200.0) {
        if (x < 0.0)
            return 0.0 / sin_pi(x);
        *err = 'r';
        return INFINITY;
    }
    /* y = ax + g - 0.5 rounded; z corrects for that rounding error */
    double y = ax + lz_g_half, z;
    if (ax > lz_g_half) {
        volatile double q = y - ax;
        z = q - lz_g_half;
    } else {
        volatile double q = y - lz_g_half;
        z = q - ax;
    }
    z = z * lz_g / y;
    double r;
    if (x < 0.0) {
        r = -m_pi / sin_pi(ax) / ax * exp(y) / lanczos(ax);
        r -= z * r;
        if (ax < 140.0) {
            r /= pow(y, ax - 0.5);
        } else {
            double h = pow(y, ax / 2.0 - 0.25);
            r /= h;
            r /= h;
        }
    } else {
        r = lanczos(ax) / exp(y);
        r += z * r;
        if (ax < 140.0) {
            r *= pow(y, ax - 0.5);
        } else {
            double h = pow(y, ax / 2.0 - 0.25);
            r *= h;
            r *= h;
        }
    }
    if (isinf(r))
        *err = 'r';
    return r;
}

static double lgamma_of(double x, char *err)
{
    if (isnan(x))
        return x;
    if (isinf(x))
        return INFINITY;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0)
            *err = 'd';
        return x <= 0.0 ? INFINITY : 0.0;
    }
    double ax = fabs(x);
    if (ax < 1e-20)
        return -log(ax);
    double r = log(lanczos(ax)) - lz_g;
    r += (ax - 0.5) * (log(ax + lz_g - 0.5) - 1);
    if (x < 0.0)
        r = m_logpi - log(fabs(sin_pi(ax))) - log(ax) - r;
    if (isinf(r))
        *err = 'r';
    return r;
}

static Value gamma_fn(Value *args, int nargs, ObjTuple *kw, const char *name,
                      double (*f)(double, char *))
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    char err = 0;
    double r = f(x, &err);
    if (err == 'd')
        return domain();
    if (err == 'r')
        return range_err();
    return float_new(r);
}

static Value m_gamma(Value *args, int nargs, ObjTuple *kw)
{
    return gamma_fn(args, nargs, kw, "gamma", gamma_of);
}

static Value m_lgamma(Value *args, int nargs, ObjTuple *kw)
{
    return gamma_fn(args, nargs, kw, "lgamma", lgamma_of);
}

/* ---- nextafter and ulp ------------------------------------------------- */

static Value m_nextafter(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (args_check("nextafter", nargs, kw, 2, 2) < 0 || real(args[0], &x) < 0 ||
        real(args[1], &y) < 0)
        return VNULL;
    return float_new(nextafter(x, y));
}

static Value m_ulp(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("ulp", nargs, kw, 1, 1) < 0 || real(args[0], &x) < 0)
        return VNULL;
    if (isnan(x))
        return float_new(x);
    x = fabs(x);
    if (isinf(x))
        return float_new(x);
    double up = nextafter(x, INFINITY);
    if (isinf(up)) /* the largest float: the gap below it */
        return float_new(x - nextafter(x, -INFINITY));
    return float_new(up - x);
}

/* A positive int too big for a double as m * 2**e, 0.5 <= m < 1, m
 * rounded to 53 bits half to even (CPython's _PyLong_Frexp). */
static double big_frexp(const mpz_t z, int64_t *e)
{
    size_t bits = mpz_sizeinbase(z, 2);
    mpz_t q;
    mpz_init(q);
    size_t shift = bits > 54 ? bits - 54 : 0;
    mpz_tdiv_q_2exp(q, z, shift); /* the top 54 bits */
    bool sticky = shift && mpz_scan1(z, 0) < shift;
    uint64_t top = mpz_get_ui(q) << (54 - (bits - shift)); /* exactly 54 bits */
    mpz_clear(q);
    if ((top & 1) && (sticky || (top & 2)))
        top += 2;
    top >>= 1; /* 53 bits, or 2**53 after rounding up */
    double m = ldexp((double)top, -53);
    *e = (int64_t)bits;
    if (m == 1.0) {
        m = 0.5;
        (*e)++;
    }
    return m;
}

/* CPython's loghelper: an int, however big, by its value (func(m) +
 * func(2) * e past the double range); anything else as a float. */
static int log_of(Value v, double (*func)(double), double *out)
{
    if (int_check(v)) {
        Value i = int_exact(v);
        if (int_sign(i) <= 0) {
            domain();
            return -1;
        }
        bool overflow = false;
        double x = int_to_double(i, &overflow);
        if (!overflow) {
            *out = func(x);
            return 0;
        }
        int64_t e;
        double m = big_frexp(AS_BIGINT(i)->z, &e);
        *out = func(m) + func(2.0) * (double)e;
        return 0;
    }
    double x;
    if (real(v, &x) < 0)
        return -1;
    double r = func(x);
    if ((isnan(r) && !isnan(x)) || (isinf(r) && isfinite(x))) {
        domain();
        return -1;
    }
    *out = r;
    return 0;
}

static Value m_log(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log", nargs, kw, 1, 2) < 0)
        return VNULL;
    double n, d;
    if (log_of(args[0], log, &n) < 0)
        return VNULL;
    if (nargs == 1)
        return float_new(n);
    if (log_of(args[1], log, &d) < 0)
        return VNULL;
    if (d == 0)
        return err_set(exc_ZeroDivisionError, "float division by zero");
    return float_new(n / d);
}

static Value m_log2(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("log2", nargs, kw, 1, 1) < 0 || log_of(args[0], log2, &x) < 0)
        return VNULL;
    return float_new(x);
}

static Value m_log10(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("log10", nargs, kw, 1, 1) < 0 || log_of(args[0], log10, &x) < 0)
        return VNULL;
    return float_new(x);
}

static Value m_log1p(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log1p", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    if (x <= -1)
        return domain();
    return float_new(log1p(x));
}

static int two_reals(Value *args, int nargs, ObjTuple *kw, const char *name, double *x, double *y)
{
    if (args_check(name, nargs, kw, 2, 2) < 0)
        return -1;
    if (real(args[0], x) < 0 || real(args[1], y) < 0)
        return -1;
    return 0;
}

static Value m_pow(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (two_reals(args, nargs, kw, "pow", &x, &y) < 0)
        return VNULL;
    if (x == 0 && y < 0 && isfinite(y))
        return domain();
    double r = pow(x, y);
    if (isfinite(x) && isfinite(y)) {
        if (isnan(r))
            return domain();
        if (isinf(r))
            return range_err();
    }
    return float_new(r);
}

static Value m_atan2(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (two_reals(args, nargs, kw, "atan2", &y, &x) < 0)
        return VNULL;
    return float_new(atan2(y, x));
}

static Value m_copysign(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (two_reals(args, nargs, kw, "copysign", &x, &y) < 0)
        return VNULL;
    return float_new(copysign(x, y));
}

static Value m_fmod(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (two_reals(args, nargs, kw, "fmod", &x, &y) < 0)
        return VNULL;
    if (isinf(y) && isfinite(x))
        return float_new(x);
    if ((isinf(x) || y == 0) && !isnan(x) && !isnan(y))
        return domain();
    return float_new(fmod(x, y));
}

static Value m_remainder(Value *args, int nargs, ObjTuple *kw)
{
    double x, y;
    if (two_reals(args, nargs, kw, "remainder", &x, &y) < 0)
        return VNULL;
    if ((isinf(x) || y == 0) && !isnan(x) && !isnan(y))
        return domain();
    return float_new(remainder(x, y));
}

/* The Euclidean norm of vec[0..n) (absolute values, max their largest) as
 * CPython computes it: scaled by a power of two so that the largest is in
 * [0.5, 1), the squares summed exactly in double-length arithmetic (FMA
 * for the low half of each product), one square root and one Newton
 * correction.  Accurate to about one ulp and the same bits as CPython. */
static double vector_norm(int64_t n, double *vec, double max, bool found_nan)
{
    if (isinf(max))
        return max;
    if (found_nan)
        return NAN;
    if (max == 0.0 || n <= 1)
        return max;
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) { /* subnormals: make them normal first */
        for (int64_t i = 0; i < n; i++)
            vec[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    double scale = ldexp(1.0, -max_e);
    double csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double x = vec[i] * scale;
        double sq = x * x, sq_lo = fma(x, x, -sq);
        double sum = csum + sq;
        frac2 += (csum - sum) + sq;
        csum = sum;
        frac1 += sq_lo;
    }
    double h = sqrt(csum - 1.0 + (frac1 + frac2));
    double sq = -h * h, sq_lo = fma(-h, h, -sq);
    double sum = csum + sq;
    frac2 += (csum - sum) + sq;
    csum = sum;
    frac1 += sq_lo;
    double x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

/* Scratch for vector_norm: on the stack for short vectors. */
typedef struct { double small[16]; double *v; } NormBuf;

static double *normbuf_get(NormBuf *b, int64_t n)
{
    b->v = n <= 16 ? b->small : malloc((size_t)n * sizeof(double));
    if (!b->v)
        err_no_memory();
    return b->v;
}

static void normbuf_free(NormBuf *b)
{
    if (b->v != b->small)
        free(b->v);
}

static Value m_hypot(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hypot", nargs, kw, 0, 1 << 30) < 0)
        return VNULL;
    NormBuf nb;
    double *v = normbuf_get(&nb, nargs), max = 0.0;
    if (!v)
        return VNULL;
    bool found_nan = false;
    for (int i = 0; i < nargs; i++) {
        double x;
        if (real(args[i], &x) < 0) {
            normbuf_free(&nb);
            return VNULL;
        }
        x = fabs(x);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    double r = vector_norm(nargs, v, max, found_nan);
    normbuf_free(&nb);
    return float_new(r);
}

static Value m_dist(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "dist() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "dist expected 2 arguments, got %d", nargs);
    Value p = TUPLE_CHECK(args[0]) ? args[0] : obj_to_tuple(args[0]);
    if (!p)
        return VNULL;
    Value q = TUPLE_CHECK(args[1]) ? args[1] : obj_to_tuple(args[1]);
    if (!q)
        return VNULL;
    /* obj_to_tuple leaves a list as it is: both have items and len */
    const Value *pi = IS_LIST(p) ? AS_LIST(p)->items : AS_TUPLE(p)->items;
    int64_t n = IS_LIST(p) ? AS_LIST(p)->len : AS_TUPLE(p)->len;
    int64_t m = IS_LIST(q) ? AS_LIST(q)->len : AS_TUPLE(q)->len;
    if (n != m)
        return err_set(exc_ValueError, "both points must have the same number of dimensions");
    NormBuf nb;
    double *v = normbuf_get(&nb, n), max = 0.0;
    if (!v)
        return VNULL;
    bool found_nan = false;
    for (int64_t i = 0; i < n; i++) {
        const Value *qi = IS_LIST(q) ? AS_LIST(q)->items : AS_TUPLE(q)->items;
        pi = IS_LIST(p) ? AS_LIST(p)->items : AS_TUPLE(p)->items; /* __float__ may resize */
        double a, b;
        if ((IS_LIST(p) && i >= AS_LIST(p)->len) || (IS_LIST(q) && i >= AS_LIST(q)->len)) {
            normbuf_free(&nb);
            return err_set(exc_ValueError, "both points must have the same number of dimensions");
        }
        if (real(pi[i], &a) < 0 || real(qi[i], &b) < 0) {
            normbuf_free(&nb);
            return VNULL;
        }
        double x = fabs(a - b);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    double r = vector_norm(n, v, max, found_nan);
    normbuf_free(&nb);
    return float_new(r);
}

static Value m_degrees(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("degrees", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    return float_new(x * (180.0 / M_PI));
}

static Value m_radians(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("radians", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    return float_new(x * (M_PI / 180.0));
}

/* floor/ceil/trunc: ints unchanged, floats to ints, others by dunder. */
static Value rounding(Value *args, int nargs, ObjTuple *kw, const char *name, ObjStr *dunder,
                      double (*f)(double))
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = args[0];
    if (IS_INT(v) || IS_BIGINT(v))
        return v;
    if (IS_FLOAT(v))
        return int_from_double(f(AS_FLOAT(v)));
    Value m = type_lookup(TYPE(v), dunder);
    if (m)
        return obj_call1(m, v);
    if (f == trunc)
        return err_format(exc_TypeError, "type %s doesn't define __trunc__ method", TYPE(v)->name);
    double d;
    if (real(v, &d) < 0)
        return VNULL;
    return int_from_double(f(d));
}

static Value m_floor(Value *args, int nargs, ObjTuple *kw) { return rounding(args, nargs, kw, "floor", s_floor, floor); }
static Value m_ceil(Value *args, int nargs, ObjTuple *kw) { return rounding(args, nargs, kw, "ceil", s_ceil, ceil); }
static Value m_trunc(Value *args, int nargs, ObjTuple *kw) { return rounding(args, nargs, kw, "trunc", s_trunc, trunc); }

static Value m_modf(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("modf", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x, ip;
    if (real(args[0], &x) < 0)
        return VNULL;
    if (isinf(x))
        return tuple_pack(2, float_new(copysign(0.0, x)), float_new(x));
    double fp = modf(x, &ip);
    return tuple_pack(2, float_new(fp), float_new(ip));
}

static Value m_frexp(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("frexp", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    int e = 0;
    double m = (isnan(x) || isinf(x) || x == 0) ? x : frexp(x, &e);
    return tuple_pack(2, float_new(m), MK_INT(e));
}

static Value m_ldexp(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ldexp", nargs, kw, 2, 2) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    if (!int_check(args[1]))
        return err_set(exc_TypeError, "Expected an int as second argument to ldexp.");
    Value ev = int_exact(args[1]);
    long e;
    if (IS_INT(ev))
        e = AS_INT(ev) > 100000 ? 100000 : AS_INT(ev) < -100000 ? -100000 : (long)AS_INT(ev);
    else
        e = int_sign(ev) > 0 ? 100000 : -100000;
    if (x == 0 || !isfinite(x))
        return float_new(x);
    double r = ldexp(x, (int)e);
    if (isinf(r))
        return range_err();
    return float_new(r);
}

static Value m_isfinite(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("isfinite", nargs, kw, 1, 1) < 0 || real(args[0], &x) < 0)
        return VNULL;
    return BOOL_V(isfinite(x));
}

static Value m_isinf(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("isinf", nargs, kw, 1, 1) < 0 || real(args[0], &x) < 0)
        return VNULL;
    return BOOL_V(isinf(x));
}

static Value m_isnan(Value *args, int nargs, ObjTuple *kw)
{
    double x;
    if (args_check("isnan", nargs, kw, 1, 1) < 0 || real(args[0], &x) < 0)
        return VNULL;
    return BOOL_V(isnan(x));
}

static Value m_isclose(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    Value a[4];
    if (args_parse("isclose", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    double x, y, rt = 1e-9, at = 0.0;
    if (real(a[0], &x) < 0 || real(a[1], &y) < 0 || (a[2] && real(a[2], &rt) < 0) ||
        (a[3] && real(a[3], &at) < 0))
        return VNULL;
    if (rt < 0 || at < 0)
        return err_set(exc_ValueError, "tolerances must be non-negative");
    if (x == y)
        return TRUE_V;
    if (isinf(x) || isinf(y))
        return FALSE_V;
    double diff = fabs(y - x);
    return BOOL_V((diff <= fabs(rt * y)) || (diff <= fabs(rt * x)) || diff <= at);
}

/* ---- exact integer functions ------------------------------------------ */

/* An int argument (bools too) as an mpz; TypeError for floats etc. */
static int int_arg(Value v, mpz_t out)
{
    Value i = obj_index(v);
    if (!i)
        return -1;
    mpz_init(out);
    int_to_mpz(i, out);
    return 0;
}

static Value m_factorial(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("factorial", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = obj_index(args[0]);
    if (!v)
        return VNULL;
    if (int_sign(v) < 0)
        return err_set(exc_ValueError, "factorial() not defined for negative values");
    if (!IS_INT(v) || AS_INT(v) > 100000000)
        return err_set(exc_OverflowError, "factorial() argument should not exceed 9223372036854775807");
    mpz_t r;
    mpz_init(r);
    mpz_fac_ui(r, (unsigned long)AS_INT(v));
    Value res = int_from_mpz(r);
    mpz_clear(r);
    return res;
}

static Value gcd_lcm(Value *args, int nargs, ObjTuple *kw, bool lcm)
{
    if (args_check(lcm ? "lcm" : "gcd", nargs, kw, 0, 1 << 30) < 0)
        return VNULL;
    mpz_t acc, x;
    mpz_init_set_ui(acc, lcm ? 1 : 0);
    for (int i = 0; i < nargs; i++) {
        if (int_arg(args[i], x) < 0) {
            mpz_clear(acc);
            return VNULL;
        }
        if (lcm)
            mpz_lcm(acc, acc, x);
        else
            mpz_gcd(acc, acc, x);
        mpz_clear(x);
    }
    Value r = int_from_mpz(acc);
    mpz_clear(acc);
    return r;
}

static Value m_gcd(Value *args, int nargs, ObjTuple *kw) { return gcd_lcm(args, nargs, kw, false); }
static Value m_lcm(Value *args, int nargs, ObjTuple *kw) { return gcd_lcm(args, nargs, kw, true); }

static Value m_isqrt(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("isqrt", nargs, kw, 1, 1) < 0)
        return VNULL;
    mpz_t x;
    if (int_arg(args[0], x) < 0)
        return VNULL;
    if (mpz_sgn(x) < 0) {
        mpz_clear(x);
        return err_set(exc_ValueError, "isqrt() argument must be nonnegative");
    }
    mpz_sqrt(x, x);
    Value r = int_from_mpz(x);
    mpz_clear(x);
    return r;
}

static Value comb_perm(Value *args, int nargs, ObjTuple *kw, bool comb)
{
    if (args_check(comb ? "comb" : "perm", nargs, kw, comb ? 2 : 1, 2) < 0)
        return VNULL;
    if (!comb && (nargs == 1 || IS_NONE(args[1]))) {
        Value a = args[0];
        return m_factorial(&a, 1, NULL);
    }
    mpz_t n, k, r;
    if (int_arg(args[0], n) < 0)
        return VNULL;
    if (int_arg(args[1], k) < 0) {
        mpz_clear(n);
        return VNULL;
    }
    Value res = VNULL;
    if (mpz_sgn(n) < 0) {
        err_set(exc_ValueError, "n must be a non-negative integer");
    } else if (mpz_sgn(k) < 0) {
        err_set(exc_ValueError, "k must be a non-negative integer");
    } else if (mpz_cmp(k, n) > 0) {
        res = MK_INT(0);
    } else if (!mpz_fits_ulong_p(k)) {
        err_set(exc_OverflowError, "min(n - k, k) must not exceed 9223372036854775807");
    } else {
        mpz_init(r);
        unsigned long kk = mpz_get_ui(k);
        if (comb) {
            mpz_t nk;
            mpz_init(nk);
            mpz_sub(nk, n, k);
            if (mpz_cmp(nk, k) < 0 && mpz_fits_ulong_p(nk))
                kk = mpz_get_ui(nk);
            mpz_clear(nk);
            mpz_bin_ui(r, n, kk);
        } else {
            mpz_set_ui(r, 1);
            mpz_t f;
            mpz_init_set(f, n);
            for (unsigned long i = 0; i < kk; i++) {
                mpz_mul(r, r, f);
                mpz_sub_ui(f, f, 1);
            }
            mpz_clear(f);
        }
        res = int_from_mpz(r);
        mpz_clear(r);
    }
    mpz_clear(n);
    mpz_clear(k);
    return res;
}

static Value m_comb(Value *args, int nargs, ObjTuple *kw) { return comb_perm(args, nargs, kw, true); }
static Value m_perm(Value *args, int nargs, ObjTuple *kw) { return comb_perm(args, nargs, kw, false); }

/* ---- sums and products ------------------------------------------------ */

static Value m_fsum(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("fsum", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    size_t n = 0, cap = 32;
    double *p = malloc(cap * sizeof(double));
    double special = 0.0, infsum = 0.0;
    bool have_special = false;
    if (!p)
        return err_no_memory();
    Value v;
    while ((v = obj_next(it))) {
        double x;
        if (real(v, &x) < 0) {
            free(p);
            return VNULL;
        }
        if (!isfinite(x)) {
            if (isinf(x))
                infsum += x;
            special += x;
            have_special = true;
            continue;
        }
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0 && !isfinite(x)) {
            free(p);
            return err_set(exc_OverflowError, "intermediate overflow in fsum");
        }
        if (n + 1 > cap) {
            double *np = realloc(p, cap * 2 * sizeof(double));
            if (!np) {
                free(p);
                return err_no_memory();
            }
            p = np;
            cap *= 2;
        }
        p[n++] = x;
    }
    if (err_occurred()) {
        free(p);
        return VNULL;
    }
    if (have_special) {
        free(p);
        if (isnan(infsum))
            return err_set(exc_ValueError, "-inf + inf in fsum");
        return float_new(special);
    }
    double hi = 0.0;
    if (n > 0) {
        double lo = 0.0;
        hi = p[--n];
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        /* round half-even correctly when the rest would tip it */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    free(p);
    return float_new(hi);
}

static Value m_prod(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "start", NULL};
    Value a[2];
    if (args_parse("prod", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    Value acc = a[1] ? a[1] : MK_INT(1);
    Value it = obj_iter(a[0]);
    if (!it)
        return VNULL;
    Value x;
    while ((x = obj_next(it))) {
        int64_t r;
        if (IS_INT(acc) && IS_INT(x) && !__builtin_mul_overflow(AS_INT(acc), AS_INT(x), &r) &&
            FITS_SMALLINT(r))
            acc = MK_INT(r);
        else if (!(acc = obj_binop(acc, x, NB_MUL)))
            return VNULL;
    }
    return err_occurred() ? VNULL : acc;
}

static const MethodDef math_fns[] = {
    {"sqrt", m_sqrt},   {"pow", m_pow},       {"exp", m_exp},         {"exp2", m_exp2},
    {"expm1", m_expm1}, {"log", m_log},       {"log2", m_log2},       {"log10", m_log10},
    {"log1p", m_log1p}, {"sin", m_sin},       {"cos", m_cos},         {"tan", m_tan},
    {"asin", m_asin},   {"acos", m_acos},     {"atan", m_atan},       {"atan2", m_atan2},
    {"sinh", m_sinh},   {"cosh", m_cosh},     {"tanh", m_tanh},       {"asinh", m_asinh},
    {"acosh", m_acosh}, {"atanh", m_atanh},   {"hypot", m_hypot},     {"dist", m_dist},
    {"floor", m_floor}, {"ceil", m_ceil},     {"trunc", m_trunc},     {"fabs", m_fabs},
    {"factorial", m_factorial}, {"gcd", m_gcd}, {"lcm", m_lcm},       {"isqrt", m_isqrt},
    {"comb", m_comb},   {"perm", m_perm},     {"isclose", m_isclose}, {"isfinite", m_isfinite},
    {"isinf", m_isinf}, {"isnan", m_isnan},   {"degrees", m_degrees}, {"radians", m_radians},
    {"fsum", m_fsum},   {"prod", m_prod},     {"copysign", m_copysign}, {"fmod", m_fmod},
    {"remainder", m_remainder}, {"modf", m_modf}, {"frexp", m_frexp}, {"ldexp", m_ldexp},
    {"cbrt", m_cbrt},   {"erf", m_erf},       {"erfc", m_erfc},       {"gamma", m_gamma},
    {"lgamma", m_lgamma}, {"nextafter", m_nextafter}, {"ulp", m_ulp}, {NULL, NULL},
};

Value mod_math_init(void)
{
    s_floor = str_intern_cstr("__floor__");
    s_ceil = str_intern_cstr("__ceil__");
    s_trunc = str_intern_cstr("__trunc__");
    gc_add_root_obj((Obj **)&s_floor);
    gc_add_root_obj((Obj **)&s_ceil);
    gc_add_root_obj((Obj **)&s_trunc);
    Value mv = module_new(str_intern_cstr("math"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = math_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add(m, "pi", float_new(M_PI));
    module_add(m, "e", float_new(M_E));
    module_add(m, "tau", float_new(2 * M_PI));
    module_add(m, "inf", float_new(INFINITY));
    module_add(m, "nan", float_new(NAN));
    return err_occurred() ? VNULL : mv;
}
