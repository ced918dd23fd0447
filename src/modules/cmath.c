/* modules/cmath.c — the cmath module.
 *
 * Finite arguments go through the formulas CPython uses (Kahan's "Branch
 * Cuts for Complex Elementary Functions": the square roots, the scaled
 * hypot near overflow and underflow, log1p near |z| = 1), so the results
 * agree to the last bit.  Infinite and NaN parts get C99 Annex G's special
 * values, which is what CPython's tables hold; the libm functions compute
 * them, and C99's "invalid" case (a NaN made from no NaN) is CPython's EDOM.  Errors are
 * CPython's: "math domain error" (ValueError) and "math range error"
 * (OverflowError).
 */
#include <complex.h>
#include <errno.h>
#include <float.h>
#include <math.h>

#include "complexobj.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"

typedef struct { double re, im; } Cx;

#define LARGE_DOUBLE (DBL_MAX / 4.)
#define SQRT_LARGE_DOUBLE 6.703903964971298e+153 /* sqrt(LARGE_DOUBLE) */
#define LOG_LARGE_DOUBLE 708.3964185322641       /* log(LARGE_DOUBLE) */
#define SQRT_DBL_MIN 1.4916681462400413e-154     /* sqrt(DBL_MIN) */
#define SCALE_UP 53                              /* 2 * (DBL_MANT_DIG / 2) + 1 */
#define SCALE_DOWN (-27)                         /* -(SCALE_UP + 1) / 2 */

/* The error the formulas found (EDOM / ERANGE); libm's errno is not used,
 * as CPython ignores it (an underflow inside is fine). */
static int cm_err;

static Value domain(void) { return err_set(exc_ValueError, "math domain error"); }
static Value range_err(void) { return err_set(exc_OverflowError, "math range error"); }

/* A number argument (int, float, complex, __complex__, __float__,
 * __index__) as a complex. */
static int arg(Value v, Cx *z)
{
    if (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_complex)) {
        z->re = AS_COMPLEX(v)->re;
        z->im = AS_COMPLEX(v)->im;
        return 0;
    }
    if (IS_FLOAT(v)) {
        *z = (Cx){AS_FLOAT(v), 0.0};
        return 0;
    }
    if (int_check(v)) {
        z->im = 0.0;
        return int_as_double(int_exact(v), &z->re);
    }
    static ObjStr *s_complex;
    if (!s_complex) s_complex = str_intern_cstr("__complex__");
    if (type_lookup(TYPE(v), s_complex) || TYPE(v)->nb_float || TYPE(v)->nb_int) {
        Value c = obj_call1(OBJ_VAL(&type_complex), v);
        if (!c) return -1;
        z->re = AS_COMPLEX(c)->re;
        z->im = AS_COMPLEX(c)->im;
        return 0;
    }
    err_format(exc_TypeError, "must be real number, not %s", TYPE(v)->name);
    return -1;
}

static int real_arg(Value v, double *d)
{
    if (IS_FLOAT(v)) {
        *d = AS_FLOAT(v);
        return 0;
    }
    if (int_check(v)) return int_as_double(int_exact(v), d);
    if (TYPE(v)->nb_float || TYPE(v)->nb_int) {
        Value f = obj_call1(OBJ_VAL(&type_float), v);
        if (!f) return -1;
        *d = AS_FLOAT(f);
        return 0;
    }
    err_format(exc_TypeError, "must be real number, not %s", TYPE(v)->name);
    return -1;
}

static bool is_fin(Cx z) { return isfinite(z.re) && isfinite(z.im); }
static Cx from_c(double complex c) { return (Cx){creal(c), cimag(c)}; }
static double complex to_c(Cx z) { return CMPLX(z.re, z.im); }

/* ---- the functions on finite arguments (errno EDOM / ERANGE) -------- */

static Cx c_sqrt(Cx z)
{
    if (z.re == 0. && z.im == 0.) return (Cx){0., z.im};
    double ax = fabs(z.re), ay = fabs(z.im), s, d;
    if (ax < DBL_MIN && ay < DBL_MIN) {
        /* hypot(ax, ay) would be subnormal: scale up first */
        ax = ldexp(ax, SCALE_UP);
        s = ldexp(sqrt(ax + hypot(ax, ldexp(ay, SCALE_UP))), SCALE_DOWN);
    } else {
        ax /= 8.;
        s = 2. * sqrt(ax + hypot(ax, ay / 8.));
    }
    d = ay / (2. * s);
    if (z.re >= 0.) return (Cx){s, copysign(d, z.im)};
    return (Cx){d, copysign(s, z.im)};
}

static Cx c_exp(Cx z)
{
    double l;
    Cx r;
    if (z.re > LOG_LARGE_DOUBLE) {
        l = exp(z.re - 1.);
        r.re = l * cos(z.im) * M_E;
        r.im = l * sin(z.im) * M_E;
    } else {
        l = exp(z.re);
        r.re = l * cos(z.im);
        r.im = l * sin(z.im);
    }
    if (isinf(r.re) || isinf(r.im)) cm_err = ERANGE;
    return r;
}

static Cx c_log(Cx z)
{
    double ax = fabs(z.re), ay = fabs(z.im);
    Cx r;
    if (ax > LARGE_DOUBLE || ay > LARGE_DOUBLE) {
        r.re = log(hypot(ax / 2., ay / 2.)) + M_LN2;
    } else if (ax < DBL_MIN && ay < DBL_MIN) {
        if (ax > 0. || ay > 0.) {
            r.re = log(hypot(ldexp(ax, DBL_MANT_DIG), ldexp(ay, DBL_MANT_DIG))) - DBL_MANT_DIG * M_LN2;
        } else {
            r.re = -INFINITY; /* log(0) */
            cm_err = EDOM;
        }
    } else {
        double h = hypot(ax, ay);
        if (0.71 <= h && h <= 1.73) {
            double am = ax > ay ? ax : ay, an = ax > ay ? ay : ax;
            r.re = log1p((am - 1) * (am + 1) + an * an) / 2.;
        } else {
            r.re = log(h);
        }
    }
    r.im = atan2(z.im, z.re);
    return r;
}

static Cx c_asinh(Cx z)
{
    Cx r;
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE) {
        if (z.im >= 0.) r.re = copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., z.re);
        else r.re = -copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., -z.re);
        r.im = atan2(z.im, fabs(z.re));
    } else {
        Cx s1 = c_sqrt((Cx){1. + z.im, -z.re}), s2 = c_sqrt((Cx){1. - z.im, z.re});
        r.re = asinh(s1.re * s2.im - s2.re * s1.im);
        r.im = atan2(z.im, s1.re * s2.re - s1.im * s2.im);
    }
    return r;
}

static Cx c_asin(Cx z)
{
    Cx s = c_asinh((Cx){-z.im, z.re});
    return (Cx){s.im, -s.re};
}

static Cx c_acos(Cx z)
{
    Cx r;
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE) {
        r.re = atan2(fabs(z.im), z.re);
        if (z.re < 0) r.im = -copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., z.im);
        else r.im = copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., -z.im);
    } else {
        Cx s1 = c_sqrt((Cx){1. - z.re, -z.im}), s2 = c_sqrt((Cx){1. + z.re, z.im});
        r.re = 2. * atan2(s1.re, s2.re);
        r.im = asinh(s2.re * s1.im - s2.im * s1.re);
    }
    return r;
}

static Cx c_acosh(Cx z)
{
    Cx r;
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE) {
        r.re = log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2.;
        r.im = atan2(z.im, z.re);
    } else {
        Cx s1 = c_sqrt((Cx){z.re - 1., z.im}), s2 = c_sqrt((Cx){z.re + 1., z.im});
        r.re = asinh(s1.re * s2.re + s1.im * s2.im);
        r.im = 2. * atan2(s1.im, s2.re);
    }
    return r;
}

static Cx c_atanh(Cx z)
{
    if (z.re < 0.) {
        Cx r = c_atanh((Cx){-z.re, -z.im});
        return (Cx){-r.re, -r.im};
    }
    double ay = fabs(z.im);
    Cx r;
    if (z.re > SQRT_LARGE_DOUBLE || ay > SQRT_LARGE_DOUBLE) {
        double h = hypot(z.re / 2., z.im / 2.);
        r.re = z.re / 4. / h / h;
        r.im = -copysign(M_PI / 2., -z.im);
    } else if (z.re == 1. && ay < SQRT_DBL_MIN) {
        if (ay == 0.) {
            r.re = INFINITY;
            r.im = z.im;
            cm_err = EDOM;
        } else {
            r.re = -log(sqrt(ay) / sqrt(hypot(ay, 2.)));
            r.im = copysign(atan2(2., -ay) / 2, z.im);
        }
    } else {
        r.re = log1p(4. * z.re / ((1 - z.re) * (1 - z.re) + ay * ay)) / 4.;
        r.im = -atan2(-2. * z.im, (1 - z.re) * (1 + z.re) - ay * ay) / 2.;
    }
    return r;
}

static Cx c_atan(Cx z)
{
    Cx s = c_atanh((Cx){-z.im, z.re});
    return (Cx){s.im, -s.re};
}

/* cosh or sinh; past LOG_LARGE_DOUBLE through x - 1, times e */
static Cx cosh_sinh(Cx z, bool is_sinh)
{
    double x = z.re;
    bool scaled = fabs(x) > LOG_LARGE_DOUBLE;
    if (scaled) x -= copysign(1., x);
    double ch = cosh(x), sh = sinh(x);
    Cx r = is_sinh ? (Cx){cos(z.im) * sh, sin(z.im) * ch} : (Cx){cos(z.im) * ch, sin(z.im) * sh};
    if (scaled) {
        r.re *= M_E;
        r.im *= M_E;
    }
    if (isinf(r.re) || isinf(r.im)) cm_err = ERANGE;
    return r;
}

static Cx c_cosh(Cx z) { return cosh_sinh(z, false); }
static Cx c_sinh(Cx z) { return cosh_sinh(z, true); }

static Cx c_tanh(Cx z)
{
    Cx r;
    if (fabs(z.re) > LOG_LARGE_DOUBLE) {
        r.re = copysign(1., z.re);
        r.im = 4. * sin(z.im) * cos(z.im) * exp(-2. * fabs(z.re));
    } else {
        double tx = tanh(z.re), ty = tan(z.im), cx = 1. / cosh(z.re), txty = tx * ty, denom = 1. + txty * txty;
        r.re = tx * (1. + ty * ty) / denom;
        r.im = ((ty / denom) * cx) * cx;
    }
    return r;
}

static Cx c_cos(Cx z) { return c_cosh((Cx){-z.im, z.re}); }

static Cx c_sin(Cx z)
{
    Cx s = c_sinh((Cx){-z.im, z.re});
    return (Cx){s.im, -s.re};
}

static Cx c_tan(Cx z)
{
    Cx s = c_tanh((Cx){-z.im, z.re});
    return (Cx){s.im, -s.re};
}

/* ---- the special values: Annex G through libm ----------------------- */

typedef struct {
    const char *name;
    Cx (*fn)(Cx);
    double complex (*c99)(double complex);
} Func;

/* Annex G's value for a non-finite argument; "invalid" is EDOM.  Where
 * C11 changed an entry CPython keeps C99's (tanh(±0 + nanj), acosh(±0 +
 * nanj) are nan+nanj). */
/* Annex G's "invalid": a NaN made from arguments without one. */
static bool invalid(Cx z, Cx r)
{
    return !isnan(z.re) && !isnan(z.im) && (isnan(r.re) || isnan(r.im));
}

static Cx special(const Func *f, Cx z)
{
    bool tan_like = f->fn == c_tan;
    Cx w = tan_like ? (Cx){-z.im, z.re} : z; /* tan(z) = -i tanh(iz) */
    if ((tan_like || f->fn == c_tanh || f->fn == c_acosh) && w.re == 0. && isnan(w.im)) {
        Cx r = {NAN, NAN};
        return tan_like ? (Cx){r.im, -r.re} : r;
    }
    Cx r = from_c(tan_like ? ctanh(to_c(w)) : f->c99(to_c(z)));
    if (invalid(z, r)) cm_err = EDOM;
    if (tan_like) r = (Cx){r.im, -r.re};
    /* the signs C99 leaves unspecified, as CPython's tables have them */
    Cx (*fn)(Cx) = f->fn;
    if (fn == c_exp && z.re == -INFINITY && !isfinite(z.im)) r = (Cx){0., 0.};
    else if (fn == c_acos && isinf(z.re) && isnan(z.im)) r.im = INFINITY;
    else if (fn == c_asin && isinf(z.re) && isnan(z.im)) r.im = -INFINITY;
    else if (fn == c_atan && isinf(z.re) && isnan(z.im)) r.im = -0.;
    else if (fn == c_cos && z.re == 0. && isnan(z.im)) r.im = 0.;
    else if (fn == c_sin && isnan(z.re) && isinf(z.im)) r.im = -INFINITY;
    else if (fn == c_sin && isnan(z.re) && z.im == 0. && !signbit(z.im)) r.im = -0.;
    else if (fn == c_tan && isinf(z.re) && isinf(z.im)) r.re = 0.;
    else if (fn == c_cosh && isnan(z.re) && z.im == 0.) r.im = 0.;
    else if (fn == c_sinh && z.re == 0. && isnan(z.im)) r.re = 0.;
    else if (fn == c_tanh && isinf(z.re) && isinf(z.im)) r.im = 0.;
    return r;
}

static Value apply(const Func *f, Value *args, int nargs, ObjTuple *kw)
{
    if (args_check(f->name, nargs, kw, 1, 1) < 0) return VNULL;
    Cx z;
    if (arg(args[0], &z) < 0) return VNULL;
    Cx r;
    cm_err = 0;
    if (is_fin(z)) {
        r = f->fn(z);
    } else {
        r = special(f, z);
    }
    if (cm_err == EDOM) return domain();
    if (cm_err == ERANGE) return range_err();
    return complex_new(r.re, r.im);
}

/* tan/tanh overflow only in CPython's eyes when a finite argument gives an
 * infinite part; sqrt never errs */
#define FUNC(n, c99fn)                                                                                                \
    static const Func f_##n = {#n, c_##n, c99fn};                                                                      \
    static Value m_##n(Value *args, int nargs, ObjTuple *kw) { return apply(&f_##n, args, nargs, kw); }

FUNC(sqrt, csqrt)
FUNC(exp, cexp)
FUNC(acos, cacos)
FUNC(asin, casin)
FUNC(atan, catan)
FUNC(acosh, cacosh)
FUNC(asinh, casinh)
FUNC(atanh, catanh)
FUNC(cos, ccos)
FUNC(sin, csin)
FUNC(tan, ctan)
FUNC(cosh, ccosh)
FUNC(sinh, csinh)
FUNC(tanh, ctanh)

static Value log_of(Cx z, Cx *out)
{
    cm_err = 0;
    if (is_fin(z)) {
        *out = c_log(z);
    } else {
        *out = from_c(clog(to_c(z)));
        if (invalid(z, *out)) cm_err = EDOM;
    }
    return cm_err == EDOM ? domain() : NONE;
}

static Value m_log(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"x", "base", NULL};
    Value a[2] = {VNULL, VNULL};
    if (args_parse("log", args, nargs, kw, params, 1, 2, a) < 0) return VNULL;
    Cx z, r;
    if (arg(a[0], &z) < 0 || !log_of(z, &r)) return VNULL;
    if (a[1]) {
        Cx b, lb;
        if (arg(a[1], &b) < 0 || !log_of(b, &lb)) return VNULL;
        double qr, qi;
        if (!complex_div(r.re, r.im, lb.re, lb.im, &qr, &qi)) return domain();
        return complex_new(qr, qi);
    }
    return complex_new(r.re, r.im);
}

static Value m_log10(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("log10", nargs, kw, 1, 1) < 0) return VNULL;
    Cx z, r;
    if (arg(args[0], &z) < 0 || !log_of(z, &r)) return VNULL;
    return complex_new(r.re / M_LN10, r.im / M_LN10);
}

static Value m_phase(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("phase", nargs, kw, 1, 1) < 0) return VNULL;
    Cx z;
    if (arg(args[0], &z) < 0) return VNULL;
    return float_new(atan2(z.im, z.re));
}

static Value m_polar(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("polar", nargs, kw, 1, 1) < 0) return VNULL;
    Cx z;
    if (arg(args[0], &z) < 0) return VNULL;
    double r = hypot(z.re, z.im);
    if (isinf(r) && is_fin(z)) return range_err();
    Value t = tuple_new(2);
    if (!t) return VNULL;
    AS_TUPLE(t)->items[0] = float_new(r);
    AS_TUPLE(t)->items[1] = float_new(atan2(z.im, z.re));
    return t;
}

static Value m_rect(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("rect", nargs, kw, 2, 2) < 0) return VNULL;
    double r, phi;
    if (real_arg(args[0], &r) < 0 || real_arg(args[1], &phi) < 0) return VNULL;
    Cx z;
    if (!isfinite(r) || !isfinite(phi)) {
        if (isinf(r) && isfinite(phi) && phi != 0.) {
            /* the sign of infinity follows cos/sin of the angle */
            z.re = r > 0 ? copysign(INFINITY, cos(phi)) : -copysign(INFINITY, cos(phi));
            z.im = r > 0 ? copysign(INFINITY, sin(phi)) : -copysign(INFINITY, sin(phi));
        } else if (isnan(r)) {
            z = (Cx){NAN, (isfinite(phi) && phi == 0.) ? 0. : NAN};
            if (isinf(phi)) z = (Cx){NAN, NAN};
        } else if (isinf(r) && phi == 0.) {
            z = (Cx){r, r > 0 ? phi : -phi};
        } else if (isinf(phi)) {
            if (r == 0.) {
                z = (Cx){0., 0.};
            } else {
                z = (Cx){isinf(r) ? INFINITY : NAN, NAN};
                if (isinf(r)) z.re = INFINITY, z.im = NAN;
                return domain();
            }
        } else {
            /* phi is NaN */
            if (r == 0.) z = (Cx){0., 0.};
            else z = (Cx){isinf(r) ? INFINITY : NAN, NAN};
        }
        return complex_new(z.re, z.im);
    }
    if (phi == 0.0) {
        z.re = r;
        z.im = r * phi;
    } else {
        z.re = r * cos(phi);
        z.im = r * sin(phi);
    }
    return complex_new(z.re, z.im);
}

static Value pred(Value *args, int nargs, ObjTuple *kw, const char *name, int which)
{
    if (args_check(name, nargs, kw, 1, 1) < 0) return VNULL;
    Cx z;
    if (arg(args[0], &z) < 0) return VNULL;
    if (which == 0) return BOOL_V(is_fin(z));
    if (which == 1) return BOOL_V(isnan(z.re) || isnan(z.im));
    return BOOL_V(isinf(z.re) || isinf(z.im));
}

static Value m_isfinite(Value *args, int nargs, ObjTuple *kw) { return pred(args, nargs, kw, "isfinite", 0); }
static Value m_isnan(Value *args, int nargs, ObjTuple *kw) { return pred(args, nargs, kw, "isnan", 1); }
static Value m_isinf(Value *args, int nargs, ObjTuple *kw) { return pred(args, nargs, kw, "isinf", 2); }

static Value m_isclose(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    Value v[4] = {VNULL, VNULL, VNULL, VNULL};
    if (args_parse("isclose", args, nargs, kw, params, 2, 4, v) < 0) return VNULL;
    if (nargs > 2) return err_format(exc_TypeError, "isclose() takes exactly 2 positional arguments (%d given)", nargs);
    Cx a, b;
    double rel = 1e-09, abs_tol = 0.0;
    if (arg(v[0], &a) < 0 || arg(v[1], &b) < 0) return VNULL;
    if (v[2] && real_arg(v[2], &rel) < 0) return VNULL;
    if (v[3] && real_arg(v[3], &abs_tol) < 0) return VNULL;
    if (rel < 0.0 || abs_tol < 0.0) return err_set(exc_ValueError, "tolerances must be non-negative");
    if (a.re == b.re && a.im == b.im) return TRUE_V;
    if (isinf(a.re) || isinf(a.im) || isinf(b.re) || isinf(b.im)) return FALSE_V;
    double diff = hypot(a.re - b.re, a.im - b.im);
    return BOOL_V((diff <= rel * hypot(b.re, b.im)) || (diff <= rel * hypot(a.re, a.im)) || diff <= abs_tol);
}

static const MethodDef cmath_fns[] = {
    {"sqrt", m_sqrt},   {"exp", m_exp},     {"log", m_log},     {"log10", m_log10},       {"acos", m_acos},
    {"asin", m_asin},   {"atan", m_atan},   {"acosh", m_acosh}, {"asinh", m_asinh},       {"atanh", m_atanh},
    {"cos", m_cos},     {"sin", m_sin},     {"tan", m_tan},     {"cosh", m_cosh},         {"sinh", m_sinh},
    {"tanh", m_tanh},   {"phase", m_phase}, {"polar", m_polar}, {"rect", m_rect},         {"isfinite", m_isfinite},
    {"isnan", m_isnan}, {"isinf", m_isinf}, {"isclose", m_isclose}, {NULL, NULL},
};

Value mod_cmath_init(void)
{
    Value mv = module_new(str_intern_cstr("cmath"));
    if (!mv) return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = cmath_fns; d->name; d++) module_add_fn(m, d->name, d->fn);
    module_add(m, "pi", float_new(M_PI));
    module_add(m, "e", float_new(M_E));
    module_add(m, "tau", float_new(2 * M_PI));
    module_add(m, "inf", float_new(INFINITY));
    module_add(m, "nan", float_new(NAN));
    module_add(m, "infj", complex_new(0.0, INFINITY));
    module_add(m, "nanj", complex_new(0.0, NAN));
    return err_occurred() ? VNULL : mv;
}
