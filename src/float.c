/* float.c — the float type: boxed doubles with CPython's repr, hashing,
 * arithmetic sign rules, exact int/float comparison and round().
 *
 * repr is the shortest string that round-trips (found with "%.*e" and
 * strtod, as old CPythons did without dtoa.c) laid out the way Python does:
 * fixed notation for decimal exponents in [-4, 16), scientific otherwise,
 * and always a ".0" on integral values.  The float slots also serve mixed
 * int/float operands, since int.c hands those back as NotImplemented.
 */
#include <errno.h>
#include <math.h>

#include "exceptions.h"
#include "complexobj.h"
#include "bytes.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

#define HASH_MOD (((uint64_t)1 << 61) - 1)
#define HASH_BITS 61
#define HASH_INF 314159

Value float_new(double d)
{
    ObjFloat *f = (ObjFloat *)gc_new(&type_float, sizeof(ObjFloat));
    f->d = d;
    return OBJ_VAL(f);
}

/* ---- repr ------------------------------------------------------------- */

/* "d.ddde+XX" with its last mantissa digit incremented (carrying); false
 * when the carry would change the exponent. */
static bool bump_last_digit(const char *in, char *out, size_t n)
{
    snprintf(out, n, "%s", in);
    char *e = strchr(out, 'e');
    if (!e) return false;
    for (char *q = e - 1; q >= out; q--) {
        if (*q == '.') continue;
        if (*q < '9') { (*q)++; return true; }
        *q = '0';
    }
    return false;
}

/* Shortest digits of d (d finite, non-zero, positive): digits into dig
 * (NUL-terminated, no dot), returns the decimal exponent of the first
 * digit (d = 0.d1d2... * 10**(exp+1)). */
static int shortest_digits(double d, char *dig)
{
    char buf[40];
    int p = 1;
    /* the length that round-trips is monotonic except next to powers of
     * two, where the rounding interval is lopsided: search linearly there */
    int m;
    double fr = frexp(d, &m);
    if (fr == 0.5) {
        /* the interval above d is twice as wide as below: when the nearest
         * p-digit decimal fails, the next one up may still round-trip */
        for (p = 1; p < 17; p++) {
            snprintf(buf, sizeof buf, "%.*e", p - 1, d);
            if (strtod(buf, NULL) == d) break;
            char up[40];
            if (bump_last_digit(buf, up, sizeof up) && strtod(up, NULL) == d) {
                memcpy(buf, up, sizeof up);
                goto have;
            }
        }
    } else {
        /* most computed floats need 16 or 17 digits: probe those first */
        int lo = 1, hi = 17;
        snprintf(buf, sizeof buf, "%.*e", 15, d);
        if (strtod(buf, NULL) != d) {
            lo = 17;
        } else {
            hi = 16;
            snprintf(buf, sizeof buf, "%.*e", 14, d);
            if (strtod(buf, NULL) != d) lo = 16;
            else hi = 15;
        }
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            snprintf(buf, sizeof buf, "%.*e", mid - 1, d);
            if (strtod(buf, NULL) == d) hi = mid;
            else lo = mid + 1;
        }
        p = lo;
    }
    snprintf(buf, sizeof buf, "%.*e", p - 1, d);
have:
    /* buf is d[.ddd]e[+-]XX */
    int n = 0;
    char *s = buf;
    for (; *s && *s != 'e'; s++)
        if (*s != '.') dig[n++] = *s;
    while (n > 1 && dig[n - 1] == '0') n--;
    dig[n] = 0;
    return atoi(s + 1);
}

void float_format_repr(double d, char *out, size_t n)
{
    char buf[64];
    char *o = buf;
    if (isnan(d)) { snprintf(out, n, "nan"); return; }
    if (isinf(d)) { snprintf(out, n, d < 0 ? "-inf" : "inf"); return; }
    if (signbit(d)) { *o++ = '-'; d = -d; }
    if (d == 0) { strcpy(o, "0.0"); snprintf(out, n, "%s", buf); return; }
    char dig[24];
    int e = shortest_digits(d, dig);
    int nd = (int)strlen(dig);
    if (e >= -5 + 1 && e < 16) {
        if (e < 0) {
            *o++ = '0'; *o++ = '.';
            for (int i = 0; i < -e - 1; i++) *o++ = '0';
            memcpy(o, dig, (size_t)nd); o += nd;
        } else {
            for (int i = 0; i <= e; i++) *o++ = i < nd ? dig[i] : '0';
            *o++ = '.';
            if (nd > e + 1) { memcpy(o, dig + e + 1, (size_t)(nd - e - 1)); o += nd - e - 1; }
            else *o++ = '0';
        }
        *o = 0;
    } else {
        *o++ = dig[0];
        if (nd > 1) { *o++ = '.'; memcpy(o, dig + 1, (size_t)(nd - 1)); o += nd - 1; }
        snprintf(o, sizeof buf - (size_t)(o - buf), "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    snprintf(out, n, "%s", buf);
}

Value float_repr_str(double d)
{
    char buf[64];
    float_format_repr(d, buf, sizeof buf);
    return str_new(buf, strlen(buf));
}

static Value float_repr(Value v) { return float_repr_str(AS_FLOAT(v)); }

/* ---- hashing ---------------------------------------------------------- */

int64_t float_hash(double v)
{
    if (!isfinite(v)) return isinf(v) ? (v > 0 ? HASH_INF : -HASH_INF) : 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) { sign = -1; m = -m; }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MOD) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MOD) x -= HASH_MOD;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MOD) | x >> (HASH_BITS - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

static int float_hash_slot(Value v, int64_t *out) { *out = float_hash(AS_FLOAT(v)); return 0; }

/* ---- conversions ------------------------------------------------------ */

int num_to_double(Value v, double *out)
{
    if (FLOAT_CHECK(v) && (IS_FLOAT(v) || TYPE(v)->nb_float == type_float.nb_float)) {
        *out = AS_FLOAT(v);
        return 0;
    }
    if (int_check(v)) return int_as_double(v, out);
    if (IS_OBJ(v) && TYPE(v)->nb_float) {
        Value f = TYPE(v)->nb_float(v);
        if (!f) return -1;
        if (!FLOAT_CHECK(f)) {
            err_format(exc_TypeError, "%s.__float__ returned non-float (type %s)", TYPE(v)->name, TYPE(f)->name);
            return -1;
        }
        *out = AS_FLOAT(f);
        return 0;
    }
    err_format(exc_TypeError, "must be real number, not %s", TYPE(v)->name);
    return -1;
}

static bool ci_eq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((a[i] | 0x20) != b[i]) return false;
    return true;
}

static bool fl_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

Value float_from_str(const char *s, size_t len)
{
    const char *p = s, *e = s + len;
    while (p < e && fl_space(*p)) p++;
    while (e > p && fl_space(e[-1])) e--;
    const char *q = p;
    bool neg = false;
    if (q < e && (*q == '+' || *q == '-')) neg = *q++ == '-';
    size_t n = (size_t)(e - q);
    if (ci_eq(q, n, "inf") || ci_eq(q, n, "infinity")) return float_new(neg ? -INFINITY : INFINITY);
    if (ci_eq(q, n, "nan")) return float_new(neg ? -NAN : NAN);
    /* digits [. digits] [e [sign] digits], underscores only between digits */
    char *buf = mem_alloc((size_t)(e - p) + 2);
    size_t k = 0;
    const char *r = p;
    if (r < e && (*r == '+' || *r == '-')) buf[k++] = *r++;
    int nd = 0;
    bool ok = true;
    #define DIGITS(count)                                                   \
        while (r < e && (*r >= '0' && *r <= '9')) {                         \
            buf[k++] = *r++; count++;                                       \
            if (r + 1 < e && *r == '_' && r[1] >= '0' && r[1] <= '9') r++;  \
        }
    DIGITS(nd);
    if (r < e && *r == '.') {
        buf[k++] = *r++;
        int fd = 0;
        if (r < e && *r == '_') ok = false;
        DIGITS(fd);
        nd += fd;
    }
    if (nd == 0) ok = false;
    if (ok && r < e && (*r == 'e' || *r == 'E')) {
        buf[k++] = *r++;
        if (r < e && (*r == '+' || *r == '-')) buf[k++] = *r++;
        int ed = 0;
        if (r < e && *r == '_') ok = false;
        DIGITS(ed);
        if (ed == 0) ok = false;
    }
    #undef DIGITS
    if (r != e) ok = false;
    buf[k] = 0;
    double d = ok ? strtod(buf, NULL) : 0;
    mem_free(buf, (size_t)(e - p) + 2);
    if (!ok) {
        Value str = str_new(s, len);
        if (!str) return VNULL;
        return err_format(exc_ValueError, "could not convert string to float: %R", str);
    }
    return float_new(d);
}

/* float(b) of bytes or another bytes-like b: its bytes parsed; the error
 * shows b itself, as CPython's does. */
static Value float_from_buffer(Value x)
{
    Value b = bytes_from_object(x, "bytes"); /* x itself when it is bytes */
    if (!b) return VNULL;
    Value r = float_from_str((const char *)AS_BYTES(b)->data, (size_t)AS_BYTES(b)->len);
    if (!r && err_matches(exc_ValueError)) {
        err_clear();
        return err_format(exc_ValueError, "could not convert string to float: %R", x);
    }
    return r;
}

static Value float_tp_new_exact(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (args_check("float", nargs, kwnames, 0, 1) < 0) return VNULL;
    if (nargs == 0) return float_new(0.0);
    Value x = args[0];
    if (IS_FLOAT(x)) return x;
    if (int_check(x)) {
        double d;
        if (int_as_double(x, &d) < 0) return VNULL;
        return float_new(d);
    }
    if (IS_STR(x) && !AS_STR(x)->ascii) {
        /* non-ASCII digits and spaces count; the error shows x as given */
        Value a = str_numeric_ascii(AS_STR(x));
        Value r = a ? float_from_str(AS_STR(a)->data, (size_t)AS_STR(a)->len) : VNULL;
        if (!r && err_matches(exc_ValueError)) {
            err_clear();
            return err_format(exc_ValueError, "could not convert string to float: %R", x);
        }
        return r;
    }
    if (IS_STR(x)) return float_from_str(AS_STR(x)->data, (size_t)AS_STR(x)->len);
    if (IS_BYTES(x)) return float_from_buffer(x);
    Type *xt = TYPE(x);
    if (xt->nb_float) {
        Value f = xt->nb_float(x);
        if (!f) return VNULL;
        if (!FLOAT_CHECK(f))
            return err_format(exc_TypeError, "%s.__float__ returned non-float (type %s)", xt->name, TYPE(f)->name);
        return IS_FLOAT(f) ? f : float_new(AS_FLOAT(f));
    }
    if (xt->nb_int) {
        Value i = xt->nb_int(x);
        if (!i) return VNULL;
        double d;
        if (!int_check(i)) return err_format(exc_TypeError, "__index__ returned non-int (type %s)", TYPE(i)->name);
        if (int_as_double(i, &d) < 0) return VNULL;
        return float_new(d);
    }
    if (obj_has_buffer(x)) return float_from_buffer(x);
    return err_format(exc_TypeError, "float() argument must be a string or a real number, not '%s'", xt->name);
}

static Value float_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value v = float_tp_new_exact(t, args, nargs, kwnames);
    return t == &type_float ? v : type_adopt(t, v);
}

/* ---- comparison ------------------------------------------------------- */

/* Compare int i with double d exactly: -1, 0, 1; 2 when d is nan. */
static int cmp_int_double(Value i, double d)
{
    if (isnan(d)) return 2;
    if (isinf(d)) return d > 0 ? -1 : 1;
    if (IS_INT(i) || IS_BOOL(i)) {
        int64_t x = IS_INT(i) ? AS_INT(i) : (i == TRUE_V);
        const int64_t lim = (int64_t)1 << 53;
        if (x > -lim && x < lim) { double dx = (double)x; return (dx > d) - (dx < d); }
        mpz_t z;
        mpz_init_set_si(z, (long)x);
        int c = mpz_cmp_d(z, d);
        mpz_clear(z);
        return (c > 0) - (c < 0);
    }
    int c = mpz_cmp_d(AS_BIGINT(i)->z, d);
    return (c > 0) - (c < 0);
}

static Value cmp_result(int c, int op)
{
    if (c == 2) return BOOL_V(op == CMP_NE);
    switch (op) {
    case CMP_LT: return BOOL_V(c < 0);
    case CMP_LE: return BOOL_V(c <= 0);
    case CMP_EQ: return BOOL_V(c == 0);
    case CMP_NE: return BOOL_V(c != 0);
    case CMP_GT: return BOOL_V(c > 0);
    default: return BOOL_V(c >= 0);
    }
}

static Value float_richcmp(Value a, Value b, int op)
{
    if (FLOAT_CHECK(a) && FLOAT_CHECK(b)) {
        double x = AS_FLOAT(a), y = AS_FLOAT(b);
        switch (op) {
        case CMP_LT: return BOOL_V(x < y);
        case CMP_LE: return BOOL_V(x <= y);
        case CMP_EQ: return BOOL_V(x == y);
        case CMP_NE: return BOOL_V(x != y);
        case CMP_GT: return BOOL_V(x > y);
        default: return BOOL_V(x >= y);
        }
    }
    if (FLOAT_CHECK(a) && int_check(b)) {
        int c = cmp_int_double(b, AS_FLOAT(a));
        return cmp_result(c == 2 ? 2 : -c, op);
    }
    if (int_check(a) && FLOAT_CHECK(b)) return cmp_result(cmp_int_double(a, AS_FLOAT(b)), op);
    return NOTIMPL;
}

/* ---- arithmetic ------------------------------------------------------- */

/* Both operands as doubles if each is a float or an int; 0 = not ours. */
static int operands(Value a, Value b, double *x, double *y)
{
    if (FLOAT_CHECK(a)) *x = AS_FLOAT(a);
    else if (int_check(a)) { if (int_as_double(a, x) < 0) return -1; }
    else return 0;
    if (FLOAT_CHECK(b)) *y = AS_FLOAT(b);
    else if (int_check(b)) { if (int_as_double(b, y) < 0) return -1; }
    else return 0;
    return 1;
}

#define FLOAT_OPERANDS(a, b, x, y)                 \
    double x, y;                                   \
    {                                              \
        int r_ = operands(a, b, &x, &y);           \
        if (r_ <= 0) return r_ < 0 ? VNULL : NOTIMPL; \
    }

static Value fl_add(Value a, Value b) { FLOAT_OPERANDS(a, b, x, y); return float_new(x + y); }
static Value fl_sub(Value a, Value b) { FLOAT_OPERANDS(a, b, x, y); return float_new(x - y); }
static Value fl_mul(Value a, Value b) { FLOAT_OPERANDS(a, b, x, y); return float_new(x * y); }
static Value fl_div(Value a, Value b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0) return err_set(exc_ZeroDivisionError, "float division by zero");
    return float_new(x / y);
}

static void float_divmod_d(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) { m += wx; div -= 1.0; }
    } else {
        m = copysign(0.0, wx);
    }
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5) fd += 1.0;
    } else {
        fd = copysign(0.0, vx / wx);
    }
    *floordiv = fd;
    *mod = m;
}

static Value fl_floordiv(Value a, Value b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0) return err_set(exc_ZeroDivisionError, "float floor division by zero");
    double q, m;
    float_divmod_d(x, y, &q, &m);
    return float_new(q);
}

static Value fl_mod(Value a, Value b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0) return err_set(exc_ZeroDivisionError, "float modulo");
    double m = fmod(x, y);
    if (m) {
        if ((y < 0) != (m < 0)) m += y;
    } else {
        m = copysign(0.0, y);
    }
    return float_new(m);
}

Value num_divmod(Value a, Value b)
{
    if (int_check(a) && int_check(b)) {
        Value q = obj_binop(a, b, NB_FLOORDIV);
        if (!q) return VNULL;
        Value m = obj_binop(a, b, NB_MOD);
        if (!m) return VNULL;
        return tuple_pack(2, q, m);
    }
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0) return err_set(exc_ZeroDivisionError, "float divmod()");
    double q, m;
    float_divmod_d(x, y, &q, &m);
    Value fq = float_new(q);
    Value fm = float_new(m);
    return tuple_pack(2, fq, fm);
}

static Value fl_pow(Value a, Value b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0) return float_new(1.0);
    if (isnan(x)) return float_new(y == 0 ? 1.0 : x);
    if (isnan(y)) return float_new(x == 1.0 ? 1.0 : y);
    if (x == 0.0 && y < 0.0 && !isinf(y))
        return err_set(exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (x < 0.0 && isfinite(x) && isfinite(y) && floor(y) != y) {
        /* a negative number to a non-integer power is complex, as CPython's */
        Value cx = complex_new(x, 0.0);
        Value cy = cx ? complex_new(y, 0.0) : VNULL;
        return cy ? obj_binop(cx, cy, NB_POW) : VNULL;
    }
    errno = 0;
    double r = pow(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return err_set(exc_OverflowError, "(34, 'Numerical result out of range')");
    return float_new(r);
}

static Value fl_neg(Value v) { return float_new(-AS_FLOAT(v)); }
static Value fl_pos(Value v) { return v; }
static int fl_truth(Value v) { return AS_FLOAT(v) != 0.0; }
static Value fl_nb_int(Value v) { return int_from_double(AS_FLOAT(v)); }
static Value fl_nb_float(Value v) { return IS_FLOAT(v) ? v : float_new(AS_FLOAT(v)); }

/* ---- round ------------------------------------------------------------ */

Value float_round(double x, Value nd)
{
    if (!nd || IS_NONE(nd)) {
        double r = round(x);
        if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);
        return int_from_double(r);
    }
    Value ndi = obj_index(nd);
    if (!ndi) return VNULL;
    if (!isfinite(x) || x == 0.0) return float_new(x);
    int64_t n;
    if (!IS_INT(ndi)) n = int_sign(ndi) > 0 ? 1000 : -1000;
    else n = AS_INT(ndi);
    if (n > 323) return float_new(x);
    if (n < -308) return float_new(copysign(0.0, x));
    if (n >= 0) {
        /* glibc's %f is exact and rounds half-even on the true binary value,
         * which is what CPython's dtoa-based round does */
        char buf[720];
        snprintf(buf, sizeof buf, "%.*f", (int)n, x);
        return float_new(strtod(buf, NULL));
    }
    /* negative ndigits: exact rational rounding to a multiple of 10**-n */
    mpq_t q;
    mpz_t p, quo, rem, half;
    mpq_init(q);
    mpz_inits(p, quo, rem, half, NULL);
    mpq_set_d(q, x);
    mpz_ui_pow_ui(p, 10, (unsigned long)-n);
    mpz_mul(mpq_denref(q), mpq_denref(q), p);
    mpz_fdiv_qr(quo, rem, mpq_numref(q), mpq_denref(q));
    mpz_mul_2exp(half, rem, 1);
    int c = mpz_cmp(half, mpq_denref(q));
    if (c > 0 || (c == 0 && mpz_odd_p(quo))) mpz_add_ui(quo, quo, 1);
    mpz_mul(quo, quo, p);
    Value iv = int_from_mpz(quo);
    mpq_clear(q);
    mpz_clears(p, quo, rem, half, NULL);
    double r;
    if (int_as_double(iv, &r) < 0) {
        err_clear();
        return err_set(exc_OverflowError, "rounded value too large to represent");
    }
    if (r == 0) r = copysign(0.0, x);
    return float_new(r);
}

/* ---- methods ---------------------------------------------------------- */

#define SELF_D(name) \
    if (args_check(name, nargs, kw, 1, 1) < 0) return VNULL; \
    double d = AS_FLOAT(args[0])

static Value m_is_integer(Value *args, int nargs, ObjTuple *kw)
{
    SELF_D("is_integer");
    return BOOL_V(isfinite(d) && floor(d) == d);
}

static Value m_as_integer_ratio(Value *args, int nargs, ObjTuple *kw)
{
    SELF_D("as_integer_ratio");
    if (isinf(d)) return err_set(exc_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(d)) return err_set(exc_ValueError, "cannot convert NaN to integer ratio");
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, d);
    Value n = int_from_mpz(mpq_numref(q));
    Value dn = int_from_mpz(mpq_denref(q));
    mpq_clear(q);
    return tuple_pack(2, n, dn);
}

static Value m_trunc(Value *args, int nargs, ObjTuple *kw) { SELF_D("__trunc__"); return int_from_double(d); }
static Value m_floor(Value *args, int nargs, ObjTuple *kw) { SELF_D("__floor__"); return int_from_double(floor(d)); }
static Value m_ceil(Value *args, int nargs, ObjTuple *kw) { SELF_D("__ceil__"); return int_from_double(ceil(d)); }
static Value m_abs(Value *args, int nargs, ObjTuple *kw) { SELF_D("__abs__"); return float_new(fabs(d)); }
static Value m_self(Value *args, int nargs, ObjTuple *kw) { SELF_D("__float__"); (void)d; return args[0]; }

static Value m_round(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__round__", nargs, kw, 1, 2) < 0) return VNULL;
    return float_round(AS_FLOAT(args[0]), nargs > 1 ? args[1] : VNULL);
}

static Value m_format(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__format__", nargs, kw, 2, 2) < 0) return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "__format__() argument must be str, not %s", TYPE(args[1])->name);
    return strformat_float(AS_FLOAT(args[0]), AS_STR(args[1]));
}

static Value m_hex(Value *args, int nargs, ObjTuple *kw)
{
    SELF_D("hex");
    if (isnan(d)) return str_from_cstr("nan");
    if (isinf(d)) return str_from_cstr(d < 0 ? "-inf" : "inf");
    if (d == 0) return str_from_cstr(signbit(d) ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(d), &e); /* m in [0.5, 1) */
    m *= 2; e -= 1;                /* m in [1, 2) */
    if (e < -1022) { m = ldexp(m, e + 1022); e = -1022; }
    StrBuf sb;
    sb_init(&sb);
    if (d < 0) sb_addc(&sb, '-');
    sb_printf(&sb, "0x%d.", (int)m);
    m -= (int)m;
    for (int i = 0; i < 13; i++) {
        m *= 16;
        int dg = (int)m;
        sb_addc(&sb, "0123456789abcdef"[dg]);
        m -= dg;
    }
    sb_printf(&sb, "p%+d", e);
    return sb_finish(&sb);
}

static Value m_conjugate(Value *args, int nargs, ObjTuple *kw) { SELF_D("conjugate"); (void)d; return args[0]; }

static Value m_fromhex(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs > 0 && IS_TYPEOBJ(args[0])) { args++; nargs--; }
    if (args_check("fromhex", nargs, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[0])) return err_format(exc_TypeError, "fromhex() argument must be str, not %s", TYPE(args[0])->name);
    const char *s = str_cstr(AS_STR(args[0]));
    char *end;
    while (fl_space(*s)) s++;
    double d = strtod(s, &end);
    while (fl_space(*end)) end++;
    if (*end || end == s) return err_set(exc_ValueError, "invalid hexadecimal floating-point string");
    return float_new(d);
}

static Value p_real(Value self) { return self; }
static Value p_imag(Value self) { (void)self; return float_new(0.0); }

/* float.__getformat__(typestr), a class method (test.support asks it) */
static Value m_getformat(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__getformat__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    Value a = args[nargs - 1];
    if (!IS_STR(a))
        return err_format(exc_TypeError, "__getformat__() argument must be str, not %s", TYPE(a)->name);
    const char *s = AS_STR(a)->data;
    if (strcmp(s, "double") && strcmp(s, "float"))
        return err_set(exc_ValueError, "__getformat__() argument 1 must be 'double' or 'float'");
    uint32_t one = 1;
    return str_from_cstr(*(uint8_t *)&one ? "IEEE, little-endian" : "IEEE, big-endian");
}

static const MethodDef float_methods[] = {
    {"__getformat__", m_getformat},
    {"is_integer", m_is_integer},
    {"as_integer_ratio", m_as_integer_ratio},
    {"hex", m_hex},
    {"fromhex", m_fromhex},
    {"conjugate", m_conjugate},
    {"__trunc__", m_trunc},
    {"__int__", m_trunc},
    {"__floor__", m_floor},
    {"__ceil__", m_ceil},
    {"__abs__", m_abs},
    {"__float__", m_self},
    {"__round__", m_round},
    {"__format__", m_format},
    {NULL, NULL},
};

Type type_float = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "float",
    .flags = TF_BASETYPE | TF_FLOAT_SUB,
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjFloat),
    .tp_new = float_tp_new,
    .repr = float_repr,
    .hash = float_hash_slot,
    .richcmp = float_richcmp,
    .truth = fl_truth,
    .nb = {
        [NB_ADD] = fl_add, [NB_SUB] = fl_sub, [NB_MUL] = fl_mul,
        [NB_TRUEDIV] = fl_div, [NB_FLOORDIV] = fl_floordiv, [NB_MOD] = fl_mod,
        [NB_POW] = fl_pow,
    },
    .unary = {[UN_NEG] = fl_neg, [UN_POS] = fl_pos},
    .nb_int = fl_nb_int,
    .nb_float = fl_nb_float,
};

void float_init(void)
{
    type_ready(&type_float, float_methods);
    str_wrap_method(&type_float, "fromhex", &type_classmethod);
    str_wrap_method(&type_float, "__getformat__", &type_classmethod);
    exc_add_getset(&type_float, "real", p_real, NULL);
    exc_add_getset(&type_float, "imag", p_imag, NULL);
}
