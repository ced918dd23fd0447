/* mod_math.c — the math module.
 *
 * Float functions follow CPython's error convention: a NaN result from a
 * non-NaN argument is "math domain error" (ValueError), an infinite result
 * from a finite argument is "math range error" (OverflowError) for the
 * functions that can overflow.  Integer functions (factorial, gcd, isqrt,
 * comb, perm) are exact through GMP; floor/ceil/trunc return ints of any
 * size.  fsum is Shewchuk's exact partial-sums algorithm, as in CPython.
 */
#include <errno.h>
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

static Value m_gamma(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("gamma", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    if ((x <= 0 && x == floor(x)) || (isinf(x) && x < 0))
        return domain();
    return result(x, tgamma(x), true);
}

static Value m_lgamma(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("lgamma", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (real(args[0], &x) < 0)
        return VNULL;
    if (x <= 0 && x == floor(x))
        return domain();
    return result(x, lgamma(x), true);
}

/* log of any int, even one too big for a double: m * 2**e. */
static int log_of(Value v, double *out)
{
    if (int_check(v)) {
        Value i = int_exact(v);
        if (int_sign(i) <= 0) {
            domain();
            return -1;
        }
        if (IS_BIGINT(i)) {
            long e;
            double m = mpz_get_d_2exp(&e, AS_BIGINT(i)->z);
            *out = log(m) + (double)e * log(2.0);
            return 0;
        }
        *out = log((double)AS_INT(i));
        return 0;
    }
    double x;
    if (real(v, &x) < 0)
        return -1;
    if (isnan(x)) {
        *out = x;
        return 0;
    }
    if (x <= 0) {
        domain();
        return -1;
    }
    *out = log(x);
    return 0;
}

static Value m_log(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log", nargs, kw, 1, 2) < 0)
        return VNULL;
    double n, d;
    if (log_of(args[0], &n) < 0)
        return VNULL;
    if (nargs == 1)
        return float_new(n);
    if (log_of(args[1], &d) < 0)
        return VNULL;
    if (d == 0)
        return err_set(exc_ZeroDivisionError, "float division by zero");
    return float_new(n / d);
}

static Value m_log2(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log2", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (IS_FLOAT(args[0]) || IS_INT(args[0])) {
        if (real(args[0], &x) < 0)
            return VNULL;
        if (x <= 0)
            return domain();
        return float_new(log2(x));
    }
    if (log_of(args[0], &x) < 0)
        return VNULL;
    return float_new(x / log(2.0));
}

static Value m_log10(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log10", nargs, kw, 1, 1) < 0)
        return VNULL;
    double x;
    if (IS_FLOAT(args[0]) || IS_INT(args[0])) {
        if (real(args[0], &x) < 0)
            return VNULL;
        if (x <= 0)
            return domain();
        return float_new(log10(x));
    }
    if (log_of(args[0], &x) < 0)
        return VNULL;
    return float_new(x / log(10.0));
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

static Value m_hypot(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hypot", nargs, kw, 0, 1 << 30) < 0)
        return VNULL;
    double r = 0;
    bool inf = false, nan_ = false;
    for (int i = 0; i < nargs; i++) {
        double x;
        if (real(args[i], &x) < 0)
            return VNULL;
        if (isinf(x))
            inf = true;
        if (isnan(x))
            nan_ = true;
        r = hypot(r, x);
    }
    if (inf)
        return float_new(INFINITY);
    if (nan_)
        return float_new(NAN);
    return float_new(r);
}

static Value m_dist(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("dist", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_TUPLE(args[0]) && !IS_LIST(args[0]))
        return err_set(exc_TypeError, "dist(): argument 1 must be tuple");
    Value p = obj_to_tuple(args[0]), q = obj_to_tuple(args[1]);
    if (!p || !q)
        return VNULL;
    if (AS_TUPLE(p)->len != AS_TUPLE(q)->len)
        return err_set(exc_ValueError, "both points must have the same number of dimensions");
    double r = 0;
    for (int64_t i = 0; i < AS_TUPLE(p)->len; i++) {
        double a, b;
        if (real(AS_TUPLE(p)->items[i], &a) < 0 || real(AS_TUPLE(q)->items[i], &b) < 0)
            return VNULL;
        r = hypot(r, a - b);
    }
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
    {"lgamma", m_lgamma}, {NULL, NULL},
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
