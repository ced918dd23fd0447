/* int.c — the int and bool types, and obj_True / obj_False.
 *
 * Ints that fit in 63 bits are unboxed Values (value.h); bigger ones are
 * ObjInt holding a GMP mpz.  Every result that fits is returned small, so
 * equal ints always have the same representation.  Each operator has a
 * small-int fast path with overflow checks and a GMP slow path.
 *
 * bool is a subclass of int: True and False are static objects whose value
 * is their identity, so every int operation here accepts them as 1 and 0.
 * Float operands are left to float.c's slots (we return NotImplemented).
 */
#include <math.h>

#include "exceptions.h"
#include "bytes.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

#define HASH_MOD (((int64_t)1 << 61) - 1)
/* Refuse to build ints beyond this many bits (a MemoryError instead of
 * eating all memory on 10 ** 10 ** 12). */
#define MAX_INT_BITS ((uint64_t)1 << 34)

int64_t int_max_str_digits = 4300;

/* GMP allocates through our allocator so the collector sees its memory. */
static void *gmp_alloc(size_t n) { return mem_alloc(n); }
static void *gmp_realloc(void *p, size_t o, size_t n) { return mem_realloc(p, o, n); }
static void gmp_free(void *p, size_t n) { mem_free(p, n); }

bool int_check(Value v) { return INT_CHECK(v); }

/* A small-int-representable operand as int64 (bools included). */
static inline bool small_of(Value v, int64_t *out)
{
    if (IS_INT(v)) { *out = AS_INT(v); return true; }
    if (v == TRUE_V) { *out = 1; return true; }
    if (v == FALSE_V) { *out = 0; return true; }
    return false;
}

Value int_exact(Value v)
{
    if (IS_INT(v)) return v;
    if (v == TRUE_V) return MK_INT(1);
    if (v == FALSE_V) return MK_INT(0);
    /* an instance of an int subclass holds its value as a big int */
    if (IS_OBJ(v) && AS_OBJ(v)->type != &type_int) return int_from_mpz(AS_BIGINT(v)->z);
    return v;
}

static ObjInt *big_alloc(void)
{
    ObjInt *o = (ObjInt *)gc_new(&type_int, sizeof(ObjInt));
    mpz_init(o->z);
    return o;
}

/* Normalise a freshly computed big result: small if it fits. */
static Value big_result(ObjInt *o)
{
    if (mpz_fits_slong_p(o->z)) {
        long l = mpz_get_si(o->z);
        if (FITS_SMALLINT(l)) return MK_INT(l);
    }
    return OBJ_VAL(o);
}

Value int_from_i64(int64_t i)
{
    if (FITS_SMALLINT(i)) return MK_INT(i);
    ObjInt *o = big_alloc();
    mpz_set_si(o->z, (long)i);
    return OBJ_VAL(o);
}

Value int_from_u64(uint64_t u)
{
    if (u <= (uint64_t)SMALLINT_MAX) return MK_INT((int64_t)u);
    ObjInt *o = big_alloc();
    mpz_set_ui(o->z, (unsigned long)u);
    return OBJ_VAL(o);
}

Value int_from_mpz(const mpz_t z)
{
    if (mpz_fits_slong_p(z)) {
        long l = mpz_get_si(z);
        if (FITS_SMALLINT(l)) return MK_INT(l);
    }
    ObjInt *o = big_alloc();
    mpz_set(o->z, z);
    return OBJ_VAL(o);
}

void int_to_mpz(Value v, mpz_t out)
{
    int64_t i;
    if (small_of(v, &i)) mpz_set_si(out, (long)i);
    else mpz_set(out, AS_BIGINT(v)->z);
}

/* Borrow an mpz view of an int operand without copying big ones. */
typedef struct { mpz_t tmp; mpz_srcptr p; bool owned; } ZArg;
static void zarg(ZArg *a, Value v)
{
    int64_t i;
    if (small_of(v, &i)) { mpz_init_set_si(a->tmp, (long)i); a->p = a->tmp; a->owned = true; }
    else { a->p = AS_BIGINT(v)->z; a->owned = false; }
}
static void zdone(ZArg *a) { if (a->owned) mpz_clear(a->tmp); }

int int_sign(Value v)
{
    int64_t i;
    if (small_of(v, &i)) return (i > 0) - (i < 0);
    return mpz_sgn(AS_BIGINT(v)->z);
}

Value int_from_double(double d)
{
    if (isinf(d)) return err_set(exc_OverflowError, "cannot convert float infinity to integer");
    if (isnan(d)) return err_set(exc_ValueError, "cannot convert float NaN to integer");
    d = trunc(d);
    if (d >= -4.0e18 && d <= 4.0e18) return int_from_i64((int64_t)d);
    ObjInt *o = big_alloc();
    mpz_set_d(o->z, d);
    return big_result(o);
}

/* Correctly rounded (half-even) conversion of an mpz to double. */
static int mpz_as_double(mpz_srcptr z, double *out)
{
    size_t bits = mpz_sizeinbase(z, 2);
    if (bits <= 53) { *out = mpz_get_d(z); return 0; }
    if (bits > 1024) goto overflow;
    {
        /* keep the top 55 bits plus a sticky bit, let the FPU round */
        mpz_t t;
        mpz_init(t);
        mpz_abs(t, z);
        size_t shift = bits - 55;
        bool sticky = mpz_scan1(t, 0) < shift;
        mpz_tdiv_q_2exp(t, t, shift);
        uint64_t top = mpz_get_ui(t) | (sticky ? 1u : 0u);
        mpz_clear(t);
        double d = ldexp((double)top, (int)shift);
        if (isinf(d)) goto overflow;
        *out = mpz_sgn(z) < 0 ? -d : d;
        return 0;
    }
overflow:
    err_set(exc_OverflowError, "int too large to convert to float");
    return -1;
}

int int_as_double(Value v, double *out)
{
    int64_t i;
    if (small_of(v, &i)) { *out = (double)i; return 0; }
    return mpz_as_double(AS_BIGINT(v)->z, out);
}

double int_to_double(Value v, bool *overflow)
{
    double d = 0;
    *overflow = false;
    int64_t i;
    if (small_of(v, &i)) return (double)i;
    if (mpz_as_double(AS_BIGINT(v)->z, &d) < 0) {
        err_clear();
        *overflow = true;
        return mpz_sgn(AS_BIGINT(v)->z) < 0 ? -HUGE_VAL : HUGE_VAL;
    }
    return d;
}

/* ---- conversion to and from text --------------------------------------- */

static Value digits_limit_error(void)
{
    return err_format(exc_ValueError,
                      "Exceeds the limit (%lld digits) for integer string conversion; "
                      "use sys.set_int_max_str_digits() to increase the limit",
                      (long long)int_max_str_digits);
}

Value int_to_str(Value v, int base)
{
    int64_t i;
    const char *prefix = base == 2 ? "0b" : base == 8 ? "0o" : base == 16 ? "0x" : "";
    if (small_of(v, &i)) {
        char buf[80];
        char *p = buf + sizeof buf;
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        *--p = 0;
        if (base == 10) /* a constant divisor: multiplies, not divisions */
            do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
        else
            do { *--p = "0123456789abcdef"[u % (unsigned)base]; u /= (unsigned)base; } while (u);
        size_t pl = strlen(prefix);
        p -= pl;
        memcpy(p, prefix, pl);
        if (i < 0) *--p = '-';
        return str_new_ascii(p, (size_t)(buf + sizeof buf - 1 - p));
    }
    mpz_srcptr z = AS_BIGINT(v)->z;
    if (base == 10 && int_max_str_digits > 0) {
        size_t est = mpz_sizeinbase(z, 10);
        if (est > (size_t)int_max_str_digits + 1) return digits_limit_error();
    }
    size_t n = mpz_sizeinbase(z, base) + 4;
    char *buf = mem_alloc(n);
    int neg = mpz_sgn(z) < 0;
    mpz_get_str(buf + 2, base, z); /* may write '-' */
    char *digits = buf + 2 + neg;
    size_t nd = strlen(digits);
    if (base == 10 && int_max_str_digits > 0 && nd > (size_t)int_max_str_digits) {
        mem_free(buf, n);
        return digits_limit_error();
    }
    /* rebuild as sign + prefix + digits */
    StrBuf sb;
    sb_init(&sb);
    if (neg) sb_addc(&sb, '-');
    sb_adds(&sb, prefix);
    sb_add(&sb, digits, nd);
    mem_free(buf, n);
    return sb_finish(&sb);
}

static int digit_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == '\x1c' || c == '\x1d' || c == '\x1e' || c == '\x1f'; }

static Value invalid_literal(const char *s, size_t len, int base)
{
    Value str = str_new(s, len);
    if (!str) return VNULL;
    return err_format(exc_ValueError, "invalid literal for int() with base %d: %R", base, str);
}

/* int(s, base) of a str: non-ASCII digits and spaces count, and the error
 * shows the string as given. */
/* int_from_str's "invalid literal" ValueError (pending), showing `shown`
 * instead of the ASCII text it parsed; other errors stay. */
static Value literal_error_as(Value shown, int base)
{
    Value e = err_fetch();
    Value m = obj_str(e);
    if (m && shown && !strncmp(str_cstr(AS_STR(m)), "invalid literal", 15))
        return err_format(exc_ValueError, "invalid literal for int() with base %d: %R", base, shown);
    return err_set_value(e);
}

static Value int_from_ustr(ObjStr *s, int base)
{
    Value a = str_numeric_ascii(s);
    if (!a) return VNULL;
    Value r = int_from_str(AS_STR(a)->data, (size_t)AS_STR(a)->len, base);
    if (!r && !s->ascii && err_matches(exc_ValueError))
        return literal_error_as(str_new(s->data, (size_t)s->len), base);
    return r;
}

/* int() of bytes or a bytearray: the error shows the bytes, b'x'. */
static Value int_from_bytes_data(const uint8_t *p, size_t n, int base)
{
    Value r = int_from_str(n ? (const char *)p : "", n, base);
    if (!r && err_matches(exc_ValueError))
        return literal_error_as(bytes_new(p, n), base);
    return r;
}

Value int_from_str(const char *s, size_t len, int base)
{
    const char *p = s, *e = s + len;
    int obase = base;
    if (base != 0 && (base < 2 || base > 36))
        return err_set(exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    while (p < e && is_space(*p)) p++;
    while (e > p && is_space(e[-1])) e--;
    bool neg = false;
    if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
    bool prefixed = false;
    if (e - p >= 2 && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) { base = pb; p += 2; prefixed = true; }
    }
    if (base == 0) {
        /* decimal with base 0: no leading zeros unless the value is 0 */
        base = 10;
        if (p < e && *p == '0') {
            const char *q = p;
            while (q < e && (*q == '0' || *q == '_')) q++;
            if (q != e) return invalid_literal(s, len, obase);
        }
    }
    /* validate: digits, single underscores between digits (or right
     * after a base prefix) */
    size_t ndig = 0;
    bool last_us = !prefixed; /* an underscore may not come first (except after prefix) */
    if (prefixed) last_us = false;
    const char *q = p;
    if (q == e) return invalid_literal(s, len, obase);
    if (*q == '_' && !prefixed) return invalid_literal(s, len, obase);
    last_us = false;
    for (; q < e; q++) {
        if (*q == '_') {
            if (last_us) return invalid_literal(s, len, obase);
            last_us = true;
            continue;
        }
        if (digit_val(*q) >= base) return invalid_literal(s, len, obase);
        last_us = false;
        ndig++;
    }
    if (last_us || ndig == 0) return invalid_literal(s, len, obase);
    if ((base & (base - 1)) != 0 && int_max_str_digits > 0 && ndig > (size_t)int_max_str_digits)
        return err_format(exc_ValueError,
                          "Exceeds the limit (%lld digits) for integer string conversion: "
                          "value has %zu digits; use sys.set_int_max_str_digits() to "
                          "increase the limit", (long long)int_max_str_digits, ndig);
    if (ndig <= 12) {
        int64_t acc = 0;
        for (q = p; q < e; q++)
            if (*q != '_') acc = acc * base + digit_val(*q);
        return MK_INT(neg ? -acc : acc);
    }
    char *buf = mem_alloc(ndig + 1);
    size_t k = 0;
    for (q = p; q < e; q++)
        if (*q != '_') buf[k++] = *q;
    buf[k] = 0;
    ObjInt *o = big_alloc();
    mpz_set_str(o->z, buf, base);
    mem_free(buf, ndig + 1);
    if (neg) mpz_neg(o->z, o->z);
    return big_result(o);
}

/* ---- hashing and comparison ------------------------------------------- */

int64_t int_hash(Value v)
{
    int64_t i;
    if (small_of(v, &i)) {
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        int64_t h = (int64_t)(u % (uint64_t)HASH_MOD);
        if (i < 0) h = -h;
        return h == -1 ? -2 : h;
    }
    mpz_srcptr z = AS_BIGINT(v)->z;
    int64_t h = (int64_t)mpz_tdiv_ui(z, (unsigned long)HASH_MOD);
    if (mpz_sgn(z) < 0) h = -h;
    return h == -1 ? -2 : h;
}

int int_cmp(Value a, Value b)
{
    int64_t x, y;
    bool sa = small_of(a, &x), sb = small_of(b, &y);
    if (sa && sb) return (x > y) - (x < y);
    int r;
    if (sa) r = -mpz_cmp_si(AS_BIGINT(b)->z, (long)x);
    else if (sb) r = mpz_cmp_si(AS_BIGINT(a)->z, (long)y);
    else r = mpz_cmp(AS_BIGINT(a)->z, AS_BIGINT(b)->z);
    return (r > 0) - (r < 0);
}

static Value int_richcmp(Value a, Value b, int op)
{
    if (!int_check(a) || !int_check(b)) return NOTIMPL;
    int c = int_cmp(a, b);
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return BOOL_V(r);
}

/* ---- arithmetic -------------------------------------------------------- */

Value int_add(Value a, Value b)
{
    int64_t x, y;
    if (small_of(a, &x) && small_of(b, &y)) return int_from_i64(x + y);
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    ObjInt *o = big_alloc();
    mpz_add(o->z, za.p, zb.p);
    zdone(&za); zdone(&zb);
    return big_result(o);
}

Value int_sub(Value a, Value b)
{
    int64_t x, y;
    if (small_of(a, &x) && small_of(b, &y)) return int_from_i64(x - y);
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    ObjInt *o = big_alloc();
    mpz_sub(o->z, za.p, zb.p);
    zdone(&za); zdone(&zb);
    return big_result(o);
}

Value int_mul(Value a, Value b)
{
    int64_t x, y, r;
    if (small_of(a, &x) && small_of(b, &y) && !__builtin_mul_overflow(x, y, &r))
        return int_from_i64(r);
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    ObjInt *o = big_alloc();
    mpz_mul(o->z, za.p, zb.p);
    zdone(&za); zdone(&zb);
    return big_result(o);
}

/* floor division and modulo with Python's signs; which: 0 div, 1 mod */
static Value int_divmod_op(Value a, Value b, int which)
{
    int64_t x, y;
    if (int_sign(b) == 0)
        return err_set(exc_ZeroDivisionError, which == 1 ? "integer modulo by zero"
                                                           : "integer division or modulo by zero");
    if (small_of(a, &x) && small_of(b, &y)) {
        int64_t q = x / y, r = x % y;
        if (r && ((r ^ y) < 0)) { r += y; q--; }
        return int_from_i64(which ? r : q);
    }
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    ObjInt *o = big_alloc();
    if (which) mpz_fdiv_r(o->z, za.p, zb.p);
    else mpz_fdiv_q(o->z, za.p, zb.p);
    zdone(&za); zdone(&zb);
    return big_result(o);
}

/* Correctly rounded a / b for ints. */
static Value int_truediv(Value a, Value b)
{
    int64_t x, y;
    if (int_sign(b) == 0) return err_set(exc_ZeroDivisionError, "division by zero");
    if (small_of(a, &x) && small_of(b, &y)) {
        const int64_t lim = (int64_t)1 << 53;
        if (x > -lim && x < lim && y > -lim && y < lim) return float_new((double)x / (double)y);
    }
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    mpz_t n, d, q, r;
    mpz_inits(n, d, q, r, NULL);
    mpz_abs(n, za.p); mpz_abs(d, zb.p);
    bool neg = (mpz_sgn(za.p) < 0) != (mpz_sgn(zb.p) < 0);
    zdone(&za); zdone(&zb);
    double res = 0;
    bool overflow = false;
    if (mpz_sgn(n) != 0) {
        long na = (long)mpz_sizeinbase(n, 2), nb = (long)mpz_sizeinbase(d, 2);
        long diff = na - nb;
        if (diff > 1025) overflow = true;
        else if (diff < -1080) res = 0.0;
        else {
            long shift = 55 - diff; /* q gets 55 or 56 bits */
            if (shift >= 0) mpz_mul_2exp(n, n, (unsigned long)shift);
            else mpz_mul_2exp(d, d, (unsigned long)-shift);
            mpz_tdiv_qr(q, r, n, d);
            uint64_t top = mpz_get_ui(q) | (mpz_sgn(r) != 0 ? 1u : 0u);
            res = ldexp((double)top, (int)-shift);
            if (isinf(res)) overflow = true;
        }
    }
    mpz_clears(n, d, q, r, NULL);
    if (overflow) return err_set(exc_OverflowError, "integer division result too large for a float");
    return float_new(neg ? -res : res);
}

static Value int_pow(Value a, Value b)
{
    int64_t x, y;
    if (int_sign(b) < 0) {
        /* negative exponent: float result */
        double da, db;
        if (int_as_double(a, &da) < 0 || int_as_double(b, &db) < 0) return VNULL;
        if (da == 0.0) return err_set(exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        double r = pow(da, db);
        if (isinf(r)) return err_set(exc_OverflowError, "(34, 'Numerical result out of range')");
        return float_new(r);
    }
    if (small_of(a, &x) && small_of(b, &y)) {
        if (x == 0) return MK_INT(y == 0);
        if (x == 1) return MK_INT(1);
        if (x == -1) return MK_INT(y & 1 ? -1 : 1);
        int64_t r = 1, base = x, e = y;
        bool ok = true;
        while (e) {
            if (e & 1) { if (__builtin_mul_overflow(r, base, &r)) { ok = false; break; } }
            e >>= 1;
            if (e && __builtin_mul_overflow(base, base, &base)) { ok = false; break; }
        }
        if (ok) return int_from_i64(r);
    }
    ZArg za;
    zarg(&za, a);
    if (mpz_cmpabs_ui(za.p, 1) <= 0) {
        /* 0, 1, -1 to a big power */
        long v = mpz_get_si(za.p);
        zdone(&za);
        if (v == 0) return MK_INT(int_sign(b) == 0);
        if (v == 1) return MK_INT(1);
        return MK_INT(mpz_odd_p(IS_BIGINT(b) ? AS_BIGINT(b)->z : NULL) ? -1 : 1);
    }
    if (!IS_INT(b) && !IS_BOOL(b)) { zdone(&za); return err_no_memory(); }
    uint64_t e = (uint64_t)AS_INT(int_exact(b));
    uint64_t bits = mpz_sizeinbase(za.p, 2);
    if (e > MAX_INT_BITS || (e && bits - 1 > MAX_INT_BITS / e)) { zdone(&za); return err_no_memory(); }
    ObjInt *o = big_alloc();
    mpz_pow_ui(o->z, za.p, (unsigned long)e);
    zdone(&za);
    return big_result(o);
}

Value int_powmod(Value a, Value b, Value m)
{
    if (!int_check(a) || !int_check(b) || !int_check(m))
        return err_set(exc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    if (int_sign(m) == 0) return err_set(exc_ValueError, "pow() 3rd argument cannot be 0");
    ZArg za, zb, zm;
    zarg(&za, a); zarg(&zb, b); zarg(&zm, m);
    mpz_t mod, base;
    mpz_init(mod); mpz_init_set(base, za.p);
    mpz_abs(mod, zm.p);
    ObjInt *o = big_alloc();
    Value res = VNULL;
    if (mpz_sgn(zb.p) < 0) {
        if (!mpz_invert(base, base, mod)) {
            err_set(exc_ValueError, "base is not invertible for the given modulus");
            goto done;
        }
        mpz_t e;
        mpz_init(e);
        mpz_neg(e, zb.p);
        mpz_powm(o->z, base, e, mod);
        mpz_clear(e);
    } else {
        mpz_powm(o->z, base, zb.p, mod);
    }
    if (mpz_sgn(zm.p) < 0 && mpz_sgn(o->z) != 0) mpz_add(o->z, o->z, zm.p);
    res = big_result(o);
done:
    mpz_clear(mod); mpz_clear(base);
    zdone(&za); zdone(&zb); zdone(&zm);
    return res;
}

static Value int_shift(Value a, Value b, bool left)
{
    if (int_sign(b) < 0) return err_set(exc_ValueError, "negative shift count");
    int64_t x, y;
    if (small_of(a, &x) && small_of(b, &y)) {
        if (!left) return MK_INT(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
        if (x == 0) return MK_INT(0);
        if (y < 62) {
            int64_t r = (int64_t)((uint64_t)x << y);
            if ((r >> y) == x && FITS_SMALLINT(r)) return MK_INT(r);
        }
    }
    if (!left) {
        if (!IS_INT(int_exact(b))) return MK_INT(int_sign(a) < 0 ? -1 : 0);
        ZArg za;
        zarg(&za, a);
        ObjInt *o = big_alloc();
        mpz_fdiv_q_2exp(o->z, za.p, (unsigned long)AS_INT(int_exact(b)));
        zdone(&za);
        return big_result(o);
    }
    if (int_sign(a) == 0) return MK_INT(0);
    if (!IS_INT(int_exact(b)) || (uint64_t)AS_INT(int_exact(b)) > MAX_INT_BITS) {
        if (!IS_INT(int_exact(b))) return err_set(exc_OverflowError, "too many digits in integer");
        return err_no_memory();
    }
    ZArg za;
    zarg(&za, a);
    ObjInt *o = big_alloc();
    mpz_mul_2exp(o->z, za.p, (unsigned long)AS_INT(int_exact(b)));
    zdone(&za);
    return big_result(o);
}

static Value int_bitop(Value a, Value b, int op)
{
    int64_t x, y;
    if (small_of(a, &x) && small_of(b, &y))
        return MK_INT(op == NB_AND ? (x & y) : op == NB_OR ? (x | y) : (x ^ y));
    ZArg za, zb;
    zarg(&za, a); zarg(&zb, b);
    ObjInt *o = big_alloc();
    if (op == NB_AND) mpz_and(o->z, za.p, zb.p);
    else if (op == NB_OR) mpz_ior(o->z, za.p, zb.p);
    else mpz_xor(o->z, za.p, zb.p);
    zdone(&za); zdone(&zb);
    return big_result(o);
}

#define INT_BINARY(name, expr)                                   \
    static Value name(Value a, Value b)                          \
    {                                                            \
        if (!int_check(a) || !int_check(b)) return NOTIMPL;      \
        return expr;                                             \
    }
static Value nb_add(Value a, Value b)
{
    if (IS_INT(a) && IS_INT(b)) return int_from_i64(AS_INT(a) + AS_INT(b));
    if (!int_check(a) || !int_check(b)) return NOTIMPL;
    return int_add(a, b);
}
static Value nb_sub(Value a, Value b)
{
    if (IS_INT(a) && IS_INT(b)) return int_from_i64(AS_INT(a) - AS_INT(b));
    if (!int_check(a) || !int_check(b)) return NOTIMPL;
    return int_sub(a, b);
}
INT_BINARY(nb_mul, int_mul(a, b))
INT_BINARY(nb_truediv, int_truediv(a, b))
INT_BINARY(nb_floordiv, int_divmod_op(a, b, 0))
INT_BINARY(nb_mod, int_divmod_op(a, b, 1))
INT_BINARY(nb_pow, int_pow(a, b))
INT_BINARY(nb_lshift, int_shift(a, b, true))
INT_BINARY(nb_rshift, int_shift(a, b, false))
INT_BINARY(nb_and, int_bitop(a, b, NB_AND))
INT_BINARY(nb_or, int_bitop(a, b, NB_OR))
INT_BINARY(nb_xor, int_bitop(a, b, NB_XOR))

/* bool & | ^ bool stays bool; anything else is int arithmetic */
static Value bool_and(Value a, Value b) { return IS_BOOL(a) && IS_BOOL(b) ? BOOL_V(a == TRUE_V && b == TRUE_V) : nb_and(a, b); }
static Value bool_or(Value a, Value b) { return IS_BOOL(a) && IS_BOOL(b) ? BOOL_V(a == TRUE_V || b == TRUE_V) : nb_or(a, b); }
static Value bool_xor(Value a, Value b) { return IS_BOOL(a) && IS_BOOL(b) ? BOOL_V(a != b) : nb_xor(a, b); }

static Value un_neg(Value v)
{
    int64_t x;
    if (small_of(v, &x)) return int_from_i64(-x);
    ObjInt *o = big_alloc();
    mpz_neg(o->z, AS_BIGINT(v)->z);
    return big_result(o);
}
static Value un_pos(Value v) { return int_exact(v); }
static Value un_invert(Value v)
{
    int64_t x;
    if (small_of(v, &x)) return MK_INT(~x);
    ObjInt *o = big_alloc();
    mpz_com(o->z, AS_BIGINT(v)->z);
    return big_result(o);
}

static Value int_nb_int(Value v) { return int_exact(v); }
static Value int_nb_float(Value v)
{
    double d;
    if (int_as_double(v, &d) < 0) return VNULL;
    return float_new(d);
}

/* ---- type slots ------------------------------------------------------- */

static Value int_repr(Value v) { return int_to_str(v, 10); }
static Value bool_repr(Value v) { return str_from_cstr(v == TRUE_V ? "True" : "False"); }

static int int_hash_slot(Value v, int64_t *out) { *out = int_hash(v); return 0; }
static int int_truth(Value v) { return int_sign(v) != 0; }

static void int_finalize(Obj *o) { mpz_clear(((ObjInt *)o)->z); }

/* int(b) of another bytes-like b (memoryview, array): its bytes parsed;
 * the error shows them as bytes, as CPython's does. */
static Value int_from_buffer(Value x, int base)
{
    Value b = bytes_from_object(x, "bytes");
    if (!b) return VNULL;
    return int_from_bytes_data(AS_BYTES(b)->data, (size_t)AS_BYTES(b)->len, base);
}

/* int(x=0, base=10) */
static Value int_tp_new_exact(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"", "base", NULL};
    Value a[2];
    if (args_parse("int", args, nargs, kwnames, params, 0, 2, a) < 0) return VNULL;
    Value x = a[0];
    if (!x) {
        if (a[1]) return err_set(exc_TypeError, "int() missing string argument");
        return MK_INT(0);
    }
    if (a[1]) {
        int64_t base;
        if (obj_as_int64(a[1], &base) < 0) return VNULL;
        if (base != 0 && (base < 2 || base > 36))
            return err_set(exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (STR_CHECK(x)) return int_from_ustr(AS_STR(x), (int)base);
        if (BYTES_CHECK(x)) return int_from_bytes_data(AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len, (int)base);
        if (IS_OBJ(x) && type_is_subtype(TYPE(x), &type_bytearray)) {
            ObjByteArray *ba = (ObjByteArray *)AS_OBJ(x);
            return int_from_bytes_data(ba->data, (size_t)ba->len, (int)base);
        }
        return err_set(exc_TypeError, "int() can't convert non-string with explicit base");
    }
    if (int_check(x)) return int_exact(x);
    if (IS_FLOAT(x)) return int_from_double(AS_FLOAT(x));
    if (IS_STR(x)) return int_from_ustr(AS_STR(x), 10);
    if (IS_BYTES(x)) return int_from_bytes_data(AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len, 10);
    Type *xt = TYPE(x);
    if (xt->nb_int) {
        Value r = xt->nb_int(x);
        if (!r) return VNULL;
        if (!int_check(r))
            return err_format(exc_TypeError, "__int__ returned non-int (type %s)", TYPE(r)->name);
        return int_exact(r);
    }
    if (xt->nb_float && IS_FLOAT(x)) return int_from_double(AS_FLOAT(x));
    if (STR_CHECK(x) || BYTES_CHECK(x) || type_is_subtype(xt, &type_bytearray)) {
        Value ten = MK_INT(10);
        return int_tp_new_exact(&type_int, (Value[]){x, ten}, 2, NULL);
    }
    if (obj_has_buffer(x)) return int_from_buffer(x, 10); /* memoryview, array */
    return err_format(exc_TypeError,
                      "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                      xt->name);
}

static Value int_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value v = int_tp_new_exact(t, args, nargs, kwnames);
    return t == &type_int ? v : type_adopt(t, v);
}

static Value bool_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (args_check("bool", nargs, kwnames, 0, 1) < 0) return VNULL;
    if (nargs == 0) return FALSE_V;
    int r = obj_truthy(args[0]);
    if (r < 0) return VNULL;
    return BOOL_V(r);
}

/* ---- methods ---------------------------------------------------------- */

static Value m_bit_length(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("bit_length", nargs, kw, 1, 1) < 0) return VNULL;
    int64_t x;
    if (small_of(args[0], &x)) {
        uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        return MK_INT(u ? 64 - __builtin_clzll(u) : 0);
    }
    return MK_INT((int64_t)mpz_sizeinbase(AS_BIGINT(args[0])->z, 2));
}

static Value m_bit_count(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("bit_count", nargs, kw, 1, 1) < 0) return VNULL;
    int64_t x;
    if (small_of(args[0], &x)) {
        uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        return MK_INT(__builtin_popcountll(u));
    }
    mpz_t t;
    mpz_init(t);
    mpz_abs(t, AS_BIGINT(args[0])->z);
    int64_t n = (int64_t)mpz_popcount(t);
    mpz_clear(t);
    return MK_INT(n);
}

static Value m_identity(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__int__", nargs, kw, 1, 1) < 0) return VNULL;
    return int_exact(args[0]);
}

static Value m_float(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__float__", nargs, kw, 1, 1) < 0) return VNULL;
    return int_nb_float(args[0]);
}

static Value m_abs(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__abs__", nargs, kw, 1, 1) < 0) return VNULL;
    return int_sign(args[0]) < 0 ? un_neg(args[0]) : int_exact(args[0]);
}

Value int_round(Value v, Value nd)
{
    if (!nd || IS_NONE(nd)) return int_exact(v);
    Value ndi = obj_index(nd);
    if (!ndi) return VNULL;
    if (int_sign(ndi) >= 0) return int_exact(v);
    /* round half even to a multiple of 10 ** -ndigits */
    if (!IS_INT(ndi) || AS_INT(ndi) < -100000) return MK_INT(0);
    unsigned long k = (unsigned long)-AS_INT(ndi);
    mpz_t p, q, r, half;
    mpz_inits(p, q, r, half, NULL);
    mpz_ui_pow_ui(p, 10, k);
    ZArg za;
    zarg(&za, v);
    mpz_fdiv_qr(q, r, za.p, p);
    zdone(&za);
    mpz_mul_2exp(half, r, 1);
    int c = mpz_cmp(half, p);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p);
    Value res = int_from_mpz(q);
    mpz_clears(p, q, r, half, NULL);
    return res;
}

static Value m_round(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__round__", nargs, kw, 1, 2) < 0) return VNULL;
    return int_round(args[0], nargs > 1 ? args[1] : VNULL);
}

static Value m_conjugate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("conjugate", nargs, kw, 1, 1) < 0) return VNULL;
    return int_exact(args[0]);
}

static Value m_as_integer_ratio(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("as_integer_ratio", nargs, kw, 1, 1) < 0) return VNULL;
    return tuple_pack(2, int_exact(args[0]), MK_INT(1));
}

static Value m_format(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__format__", nargs, kw, 2, 2) < 0) return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "__format__() argument must be str, not %s", TYPE(args[1])->name);
    return str_format_spec(args[0], AS_STR(args[1]));
}

static int bytes_order(Value v, bool *little)
{
    if (!IS_STR(v))
        return err_format(exc_TypeError, "to_bytes() argument 'byteorder' must be str, not %s",
                          TYPE(v)->name), -1;
    if (!strcmp(AS_STR(v)->data, "little")) *little = true;
    else if (!strcmp(AS_STR(v)->data, "big")) *little = false;
    else return err_set(exc_ValueError, "byteorder must be either 'little' or 'big'"), -1;
    return 0;
}

/* int.to_bytes(length=1, byteorder='big', *, signed=False) */
static Value m_to_bytes(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "length", "byteorder", "signed", NULL};
    Value a[4];
    if (args_parse("to_bytes", args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    int64_t length = 1;
    bool little = false, sgn = false;
    if (a[1] && obj_as_int64(a[1], &length) < 0) return VNULL;
    if (length < 0) return err_set(exc_ValueError, "length argument must be non-negative");
    if (a[2] && bytes_order(a[2], &little) < 0) return VNULL;
    if (a[3]) { int t = obj_truthy(a[3]); if (t < 0) return VNULL; sgn = t; }
    if (length > ((int64_t)1 << 40)) return err_no_memory();
    mpz_t z, lim;
    mpz_init(z);
    mpz_init(lim);
    int_to_mpz(a[0], z);
    bool bad;
    if (sgn) {
        /* -2**(8L-1) <= z < 2**(8L-1) */
        if (length == 0) bad = mpz_sgn(z) != 0;
        else {
            mpz_setbit(lim, (mp_bitcnt_t)(8 * length - 1));
            bad = mpz_cmp(z, lim) >= 0;
            mpz_neg(lim, lim);
            bad = bad || mpz_cmp(z, lim) < 0;
        }
    } else {
        if (mpz_sgn(z) < 0) {
            mpz_clear(z); mpz_clear(lim);
            return err_set(exc_OverflowError, "can't convert negative int to unsigned");
        }
        bad = mpz_sgn(z) != 0 && mpz_sizeinbase(z, 2) > (size_t)(8 * length);
    }
    if (bad) {
        mpz_clear(z); mpz_clear(lim);
        return err_set(exc_OverflowError, "int too big to convert");
    }
    if (mpz_sgn(z) < 0) {
        mpz_set_ui(lim, 0);
        mpz_setbit(lim, (mp_bitcnt_t)(8 * length));
        mpz_add(z, z, lim);
    }
    mpz_clear(lim);
    uint8_t *buf = mem_calloc((size_t)length + 1, 1);
    size_t count = 0;
    if (mpz_sgn(z)) mpz_export(buf, &count, -1, 1, 0, 0, z); /* little endian */
    mpz_clear(z);
    if (!little)
        for (int64_t i = 0; i < length / 2; i++) {
            uint8_t c = buf[i]; buf[i] = buf[length - 1 - i]; buf[length - 1 - i] = c;
        }
    Value r = bytes_new(buf, (size_t)length);
    mem_free(buf, (size_t)length + 1);
    return r;
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False) (called on the class) */
static Value m_from_bytes(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"bytes", "byteorder", "signed", NULL};
    Value a[3];
    /* tolerate being called through the class with the type as self */
    if (nargs > 0 && IS_TYPEOBJ(args[0])) { args++; nargs--; }
    if (args_parse("from_bytes", args, nargs, kw, params, 1, 2, a) < 0) return VNULL;
    bool little = false, sgn = false;
    if (a[1] && bytes_order(a[1], &little) < 0) return VNULL;
    if (a[2]) { int t = obj_truthy(a[2]); if (t < 0) return VNULL; sgn = t; }
    Value b = a[0];
    if (!IS_BYTES(b)) {
        Value bt[1] = {b};
        b = type_bytes.tp_new(&type_bytes, bt, 1, NULL);
        if (!b) return VNULL;
    }
    ObjBytes *bs = AS_BYTES(b);
    mpz_t z;
    mpz_init(z);
    if (bs->len) mpz_import(z, (size_t)bs->len, little ? -1 : 1, 1, 0, 0, bs->data);
    if (sgn && bs->len) {
        uint8_t top = little ? bs->data[bs->len - 1] : bs->data[0];
        if (top & 0x80) {
            mpz_t m;
            mpz_init(m);
            mpz_setbit(m, (mp_bitcnt_t)(8 * bs->len));
            mpz_sub(z, z, m);
            mpz_clear(m);
        }
    }
    Value r = int_from_mpz(z);
    mpz_clear(z);
    return r;
}

/* real, imag, numerator, denominator: read-only attributes, as CPython's
 * getset descriptors ("attribute 'real' of 'int' objects is not writable") */
static Value p_self(Value self) { return int_exact(self); }
static Value p_zero(Value self) { (void)self; return MK_INT(0); }
static Value p_one(Value self) { (void)self; return MK_INT(1); }

static const MethodDef int_methods[] = {
    {"bit_length", m_bit_length},
    {"bit_count", m_bit_count},
    {"to_bytes", m_to_bytes},
    {"from_bytes", m_from_bytes},
    {"conjugate", m_conjugate},
    {"as_integer_ratio", m_as_integer_ratio},
    {"__index__", m_identity},
    {"__int__", m_identity},
    {"__trunc__", m_identity},
    {"__floor__", m_identity},
    {"__ceil__", m_identity},
    {"__float__", m_float},
    {"__abs__", m_abs},
    {"__round__", m_round},
    {"__format__", m_format},
    {NULL, NULL},
};

Type type_int = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "int",
    .base = &type_object,
    .flags = TF_BASETYPE | TF_INT_SUB,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjInt),
    .tp_new = int_tp_new,
    .finalize = int_finalize,
    .repr = int_repr,
    .hash = int_hash_slot,
    .richcmp = int_richcmp,
    .truth = int_truth,
    .nb = {
        [NB_ADD] = nb_add, [NB_SUB] = nb_sub, [NB_MUL] = nb_mul,
        [NB_TRUEDIV] = nb_truediv, [NB_FLOORDIV] = nb_floordiv, [NB_MOD] = nb_mod,
        [NB_POW] = nb_pow, [NB_LSHIFT] = nb_lshift, [NB_RSHIFT] = nb_rshift,
        [NB_AND] = nb_and, [NB_OR] = nb_or, [NB_XOR] = nb_xor,
    },
    .unary = {[UN_NEG] = un_neg, [UN_POS] = un_pos, [UN_INVERT] = un_invert},
    .nb_int = int_nb_int,
    .nb_float = int_nb_float,
};

Type type_bool = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bool",
    .base = &type_int,
    .kind = KIND_OTHER,
    .inst_size = sizeof(Obj),
    .tp_new = bool_tp_new,
    .repr = bool_repr,
    .nb = {[NB_AND] = bool_and, [NB_OR] = bool_or, [NB_XOR] = bool_xor},
};

Obj obj_True = STATIC_OBJ_HEAD(&type_bool);
Obj obj_False = STATIC_OBJ_HEAD(&type_bool);

void int_init(void)
{
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
    type_ready(&type_int, int_methods);
    type_ready(&type_bool, NULL);
    str_wrap_method(&type_int, "from_bytes", &type_classmethod);
    exc_add_getset(&type_int, "real", p_self, NULL);
    exc_add_getset(&type_int, "imag", p_zero, NULL);
    exc_add_getset(&type_int, "numerator", p_self, NULL);
    exc_add_getset(&type_int, "denominator", p_one, NULL);
}
