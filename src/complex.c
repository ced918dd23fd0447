/* complex.c — the complex type: construction (numbers, strings,
 * __complex__), arithmetic mixed with int and float, repr/str/format and
 * hash as CPython 3.11 prints and computes them.
 *
 * Division is Smith's algorithm and integer powers below 100 go by
 * repeated squaring, as in CPython, so results agree to the last bit;
 * other powers use the polar form.
 */
#include "complexobj.h"

#include <errno.h>
#include <math.h>

#include "exceptions.h"
#include "gc.h"
#include "lexer.h"
#include "str.h"
#include "vm.h"

Value complex_new(double re, double im)
{
    ObjComplex *c = (ObjComplex *)gc_new(&type_complex, sizeof(ObjComplex));
    c->re = re;
    c->im = im;
    return OBJ_VAL(c);
}

static Value complex_of_type(Type *t, double re, double im)
{
    if (t == &type_complex) return complex_new(re, im);
    ObjComplex *c = (ObjComplex *)type_alloc(t, sizeof(ObjComplex));
    if (!c) return VNULL;
    c->re = re;
    c->im = im;
    return OBJ_VAL(c);
}

/* int, bool, float or complex (subclasses too) as a complex; 0 when v is
 * none of them, -1 on error (an int too large). */
static int as_complex(Value v, double *re, double *im)
{
    if (IS_COMPLEX_ANY(v)) {
        *re = AS_COMPLEX(v)->re;
        *im = AS_COMPLEX(v)->im;
        return 1;
    }
    if (IS_OBJ(v) && (AS_OBJ(v)->type->flags & TF_FLOAT_SUB)) {
        *re = AS_FLOAT(v);
        *im = 0.0;
        return 1;
    }
    if (int_check(v)) {
        if (int_as_double(v, re) < 0) return -1;
        *im = 0.0;
        return 1;
    }
    return 0;
}

#define OPERANDS(a, b)                                                                                                 \
    double ar, ai, br, bi;                                                                                             \
    do {                                                                                                               \
        int ra_ = as_complex(a, &ar, &ai), rb_ = ra_ > 0 ? as_complex(b, &br, &bi) : 0;                                \
        if (ra_ < 0 || rb_ < 0) return VNULL;                                                                          \
        if (!ra_ || !rb_) return NOTIMPL;                                                                              \
    } while (0)

typedef struct { double re, im; } Cx;

static Cx c_prod(Cx a, Cx b) { return (Cx){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }

/* a / b by Smith's algorithm; errno EDOM for b == 0. */
static Cx c_quot(Cx a, Cx b)
{
    double abr = fabs(b.re), abi = fabs(b.im);
    Cx r;
    if (abr >= abi) {
        if (abr == 0.0) {
            errno = EDOM;
            return (Cx){0.0, 0.0};
        }
        double ratio = b.im / b.re, denom = b.re + b.im * ratio;
        r.re = (a.re + a.im * ratio) / denom;
        r.im = (a.im - a.re * ratio) / denom;
    } else if (abi >= abr) {
        double ratio = b.re / b.im, denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    } else {
        r.re = r.im = NAN; /* a NaN in b */
    }
    return r;
}

static Cx c_pow(Cx a, Cx b)
{
    if (b.re == 0.0 && b.im == 0.0) return (Cx){1.0, 0.0};
    if (a.re == 0.0 && a.im == 0.0) {
        if (b.im != 0.0 || b.re < 0.0) errno = EDOM;
        return (Cx){0.0, 0.0};
    }
    double vabs = hypot(a.re, a.im), len = pow(vabs, b.re), at = atan2(a.im, a.re), phase = at * b.re;
    if (b.im != 0.0) {
        len /= exp(at * b.im);
        phase += b.im * log(vabs);
    }
    return (Cx){len * cos(phase), len * sin(phase)};
}

static Cx c_powu(Cx x, long n)
{
    Cx r = {1.0, 0.0}, p = x;
    for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
        if (n & mask) r = c_prod(r, p);
        p = c_prod(p, p);
    }
    return r;
}

static Cx c_powi(Cx x, long n)
{
    if (n > 0) return c_powu(x, n);
    return c_quot((Cx){1.0, 0.0}, c_powu(x, -n));
}

static Value cx_add(Value a, Value b)
{
    OPERANDS(a, b);
    return complex_new(ar + br, ai + bi);
}

static Value cx_sub(Value a, Value b)
{
    OPERANDS(a, b);
    return complex_new(ar - br, ai - bi);
}

static Value cx_mul(Value a, Value b)
{
    OPERANDS(a, b);
    Cx r = c_prod((Cx){ar, ai}, (Cx){br, bi});
    return complex_new(r.re, r.im);
}

bool complex_div(double ar, double ai, double br, double bi, double *re, double *im)
{
    errno = 0;
    Cx r = c_quot((Cx){ar, ai}, (Cx){br, bi});
    *re = r.re;
    *im = r.im;
    return errno != EDOM;
}

static Value cx_div(Value a, Value b)
{
    OPERANDS(a, b);
    double re, im;
    if (!complex_div(ar, ai, br, bi, &re, &im)) return err_set(exc_ZeroDivisionError, "complex division by zero");
    return complex_new(re, im);
}

static Value cx_pow(Value a, Value b)
{
    OPERANDS(a, b);
    Cx x = {ar, ai}, e = {br, bi}, r;
    errno = 0;
    if (e.im == 0.0 && e.re == (double)(long)e.re && fabs(e.re) <= 100.0) r = c_powi(x, (long)e.re);
    else r = c_pow(x, e);
    if (errno == EDOM) return err_set(exc_ZeroDivisionError, "0.0 to a negative or complex power");
    if (isinf(r.re) || isinf(r.im)) {
        if (isfinite(ar) && isfinite(ai) && isfinite(br) && isfinite(bi))
            return err_set(exc_OverflowError, "complex exponentiation");
    }
    return complex_new(r.re, r.im);
}

static Value cx_neg(Value v) { return complex_new(-AS_COMPLEX(v)->re, -AS_COMPLEX(v)->im); }
static Value cx_pos(Value v) { return complex_new(AS_COMPLEX(v)->re, AS_COMPLEX(v)->im); }
static int cx_truth(Value v) { return AS_COMPLEX(v)->re != 0.0 || AS_COMPLEX(v)->im != 0.0; }

Value complex_abs(double re, double im)
{
    if (isinf(re) || isinf(im)) return float_new(INFINITY);
    if (isnan(re) || isnan(im)) return float_new(NAN);
    double r = hypot(re, im);
    if (isinf(r)) return err_set(exc_OverflowError, "absolute value too large");
    return float_new(r);
}


static Value cx_richcmp(Value a, Value b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return NOTIMPL;
    if (!IS_COMPLEX_ANY(a)) {
        Value t = a;
        a = b;
        b = t;
    }
    ObjComplex *c = AS_COMPLEX(a);
    if (int_check(b) || (IS_OBJ(b) && (AS_OBJ(b)->type->flags & TF_FLOAT_SUB))) {
        /* equal to an int or a float when the imaginary part is 0 and the
         * real part equals it exactly */
        if (c->im != 0.0) return BOOL_V(op == CMP_NE);
        Value f = float_new(c->re);
        return f ? obj_richcmp(f, b, op) : VNULL;
    }
    if (!IS_COMPLEX_ANY(b)) return NOTIMPL;
    bool eq = c->re == AS_COMPLEX(b)->re && c->im == AS_COMPLEX(b)->im;
    return BOOL_V(eq == (op == CMP_EQ));
}

static int cx_hash(Value v, int64_t *out)
{
    uint64_t hr = (uint64_t)float_hash(AS_COMPLEX(v)->re), hi = (uint64_t)float_hash(AS_COMPLEX(v)->im);
    int64_t h = (int64_t)(hr + 1000003u * hi);
    *out = h == -1 ? -2 : h;
    return 0;
}

/* ---- text ----------------------------------------------------------- */

/* repr() of a double without the ".0" a float's repr adds. */
static void repr_part(double d, char *out, size_t n)
{
    float_format_repr(d, out, n);
    size_t l = strlen(out);
    if (l > 2 && strcmp(out + l - 2, ".0") == 0) out[l - 2] = 0;
}

Value complex_repr_str(double re, double im)
{
    char a[64], b[64];
    repr_part(im, b, sizeof b);
    if (re == 0.0 && !signbit(re)) return str_printf("%sj", b);
    repr_part(re, a, sizeof a);
    return str_printf("(%s%s%sj)", a, b[0] == '-' ? "" : "+", b);
}

static Value cx_repr(Value v) { return complex_repr_str(AS_COMPLEX(v)->re, AS_COMPLEX(v)->im); }

/* Parse complex(str): [ws] [(] [ws] number [ws] [)] [ws], where number is
 * x, xj, x+yj, x-yj, j, +j, -j and x, y are floats (with inf/nan and
 * underscores between digits). */
static bool parse_float_at(const char *s, const char **end, double *out)
{
    char buf[512];
    size_t k = 0;
    const char *p = s;
    if (*p == '+' || *p == '-') buf[k++] = *p++;
    while (*p && k < sizeof buf - 1) {
        char c = *p;
        if (c == '_') {
            if (!(p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')) return false;
            p++;
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '.' || ((c == 'e' || c == 'E') && k > 0) ||
            ((c == '+' || c == '-') && k > 0 && (buf[k - 1] == 'e' || buf[k - 1] == 'E')) ||
            strchr("infatyINFATY", c)) {
            buf[k++] = c;
            p++;
            continue;
        }
        break;
    }
    buf[k] = 0;
    if (k == 0) return false;
    char *e;
    double d = strtod(buf, &e);
    if (e == buf) return false;
    /* strtod accepted a prefix: give back what it did not use */
    size_t used = (size_t)(e - buf);
    const char *q = s;
    size_t seen = 0;
    while (seen < used) {
        if (*q != '_') seen++;
        q++;
    }
    /* hex floats and "infinity"-like words strtod takes beyond Python's */
    for (size_t i = 0; i < used; i++)
        if (buf[i] == 'x' || buf[i] == 'X' || buf[i] == 'p' || buf[i] == 'P') return false;
    *end = q;
    *out = d;
    return true;
}

static bool cx_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static Value complex_from_str(Type *t, const char *s, size_t len)
{
    char *buf = mem_alloc(len + 1);
    if (!buf) return err_no_memory();
    /* underscores only between digits (PEP 515), then dropped */
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '_') {
            buf[k++] = s[i];
            continue;
        }
        if (!(i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            mem_free(buf, len + 1);
            Value str = str_new(s, len);
            return str ? err_format(exc_ValueError, "could not convert string to complex: %R", str) : VNULL;
        }
    }
    buf[k] = 0;
    size_t cap = len + 1;
    len = k;
    bool ok = strlen(buf) == len; /* no NUL inside */
    const char *p = buf, *end = buf + len;
    double re = 0.0, im = 0.0;
    while (p < end && cx_space(*p)) p++;
    bool paren = p < end && *p == '(';
    if (paren) {
        p++;
        while (p < end && cx_space(*p)) p++;
    }
    const char *q;
    double x;
    if (ok && parse_float_at(p, &q, &x)) {
        p = q;
        if (p < end && (*p == '+' || *p == '-')) {
            /* x+yj or x+j */
            re = x;
            double y;
            if (parse_float_at(p, &q, &y)) {
                im = y;
                p = q;
            } else {
                im = *p == '-' ? -1.0 : 1.0;
                p++;
            }
            if (p < end && (*p == 'j' || *p == 'J')) p++;
            else ok = false;
        } else if (p < end && (*p == 'j' || *p == 'J')) {
            im = x;
            p++;
        } else {
            re = x;
        }
    } else if (ok) {
        /* j, +j, -j */
        double sign = 1.0;
        if (p < end && (*p == '+' || *p == '-')) sign = *p++ == '-' ? -1.0 : 1.0;
        if (p < end && (*p == 'j' || *p == 'J')) {
            im = sign;
            p++;
        } else {
            ok = false;
        }
    }
    while (p < end && cx_space(*p)) p++;
    if (paren) {
        if (p < end && *p == ')') p++;
        else ok = false;
        while (p < end && cx_space(*p)) p++;
    }
    if (p != end) ok = false;
    mem_free(buf, cap);
    if (!ok) return err_set(exc_ValueError, "complex() arg is a malformed string");
    return complex_of_type(t, re, im);
}

/* x.__complex__() if x's type has it: 1 with *out set, 0 if it has none. */
static int try_dunder_complex(Value x, Value *out)
{
    static ObjStr *name;
    if (!name) name = str_intern_cstr("__complex__");
    Value m = type_lookup(TYPE(x), name);
    if (!m) return 0;
    Value r = IS_FUNCTION(m) || IS_NATIVE(m) ? obj_call1(m, x) : obj_call_method(x, name, NULL, 0);
    if (!r) return -1;
    if (!IS_COMPLEX_ANY(r)) {
        err_format(exc_TypeError, "__complex__ returned non-complex (type %s)", TYPE(r)->name);
        return -1;
    }
    *out = r;
    return 1;
}

/* A real number argument of complex(): float(x) for objects with
 * __float__ or __index__. */
static int real_arg(Value x, double *out, const char *which)
{
    int r = as_complex(x, out, &(double){0});
    if (r) return r < 0 ? -1 : 0;
    Type *xt = TYPE(x);
    if (xt->nb_float || xt->nb_int) {
        Value f = obj_call1(OBJ_VAL(&type_float), x);
        if (!f) return -1;
        *out = AS_FLOAT(f);
        return 0;
    }
    err_format(exc_TypeError, "complex() %s must be a string or a number, not '%s'", which, xt->name);
    return -1;
}

static Value complex_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"real", "imag", NULL};
    Value a[2] = {VNULL, VNULL};
    if (args_parse("complex", args, nargs, kwnames, params, 0, 2, a) < 0) return VNULL;
    Value r = a[0], i = a[1];
    if (r && IS_STR(r)) {
        if (i) return err_set(exc_TypeError, "complex() can't take second arg if first is a string");
        return complex_from_str(t, AS_STR(r)->data, (size_t)AS_STR(r)->len);
    }
    if (i && IS_STR(i)) return err_set(exc_TypeError, "complex() second arg can't be a string");
    double rr = 0.0, ri = 0.0, ir = 0.0, ii = 0.0;
    bool r_complex = false;
    if (r) {
        if (t == &type_complex && !i && IS_COMPLEX(r)) return r;
        Value c;
        int dc = try_dunder_complex(r, &c);
        if (dc < 0) return VNULL;
        if (dc) {
            rr = AS_COMPLEX(c)->re;
            ri = AS_COMPLEX(c)->im;
            r_complex = true;
        } else if (IS_COMPLEX_ANY(r)) {
            rr = AS_COMPLEX(r)->re;
            ri = AS_COMPLEX(r)->im;
            r_complex = true;
        } else {
            int k = as_complex(r, &rr, &ri);
            if (k < 0) return VNULL;
            if (!k) {
                Type *xt = TYPE(r);
                if (!xt->nb_float && !xt->nb_int)
                    return err_format(exc_TypeError,
                                      "complex() first argument must be a string or a number, not '%s'", xt->name);
                if (real_arg(r, &rr, "first argument") < 0) return VNULL;
            }
        }
    }
    if (i) {
        if (IS_COMPLEX_ANY(i)) {
            ir = AS_COMPLEX(i)->re;
            ii = AS_COMPLEX(i)->im;
        } else {
            int k = as_complex(i, &ir, &ii);
            if (k < 0) return VNULL;
            if (!k) {
                Type *xt = TYPE(i);
                if (!xt->nb_float && !xt->nb_int)
                    return err_format(exc_TypeError, "complex() second argument must be a number, not '%s'",
                                      xt->name);
                if (real_arg(i, &ir, "second argument") < 0) return VNULL;
            }
        }
    }
    /* real + imag * 1j, adding only the parts there are (signed zeros) */
    double re = rr, im = ir;
    if (i && IS_COMPLEX_ANY(i)) re -= ii;
    if (r_complex && i) im += ri;
    else if (!i) im = ri;
    return complex_of_type(t, re, im);
}

/* ---- format() ------------------------------------------------------- */

static Value format_part(double d, char type, int prec, bool alt, char *out, size_t n)
{
    if (type == 'r') {
        repr_part(fabs(d), out, n);
        return NONE;
    }
    if (!isfinite(d)) {
        const char *txt = isnan(d) ? "nan" : "inf";
        snprintf(out, n, "%s", txt);
        if (type == 'E' || type == 'F' || type == 'G')
            for (char *c = out; *c; c++) *c = (char)(*c - 32);
        return NONE;
    }
    char cfmt[8];
    snprintf(cfmt, sizeof cfmt, "%%%s.*%c", alt ? "#" : "", type);
    snprintf(out, n, cfmt, prec, fabs(d));
    return NONE;
}

/* Insert sep every 3 digits of the integer part of a formatted number. */
static void group_digits(char *buf, size_t cap, char sep)
{
    size_t nd = 0;
    while (buf[nd] >= '0' && buf[nd] <= '9') nd++;
    if (nd <= 3) return;
    size_t nsep = (nd - 1) / 3, len = strlen(buf);
    if (len + nsep + 1 > cap) return;
    memmove(buf + nd + nsep, buf + nd, len - nd + 1);
    size_t src = nd, dst = nd + nsep;
    for (size_t k = 0; k < nd; k++) {
        buf[--dst] = buf[--src];
        if ((k + 1) % 3 == 0 && src > 0) buf[--dst] = sep;
    }
}

static Value cx_format(Value self, ObjStr *spec)
{
    double re = AS_COMPLEX(self)->re, im = AS_COMPLEX(self)->im;
    if (spec->len == 0) return obj_str(self);
    /* [[fill]align][sign][z][#][0][width][,|_][.precision][type] */
    const char *s = spec->data, *e = s + spec->len;
    uint32_t fill = ' ';
    char align = 0, sign = 0, grouping = 0, type = 0;
    bool alt = false, zero = false;
    int64_t width = -1, prec = -1;
    int n0;
    uint32_t c0 = lex_utf8(s, e, &n0);
    if (s + n0 < e && strchr("<>=^", s[n0])) {
        fill = c0;
        align = s[n0];
        s += n0 + 1;
    } else if (s < e && strchr("<>=^", *s)) {
        align = *s++;
    }
    if (s < e && strchr("+- ", *s)) sign = *s++;
    if (s < e && *s == 'z') s++;
    if (s < e && *s == '#') {
        alt = true;
        s++;
    }
    if (s < e && *s == '0') {
        zero = true;
        s++;
    }
    if (s < e && *s >= '0' && *s <= '9') {
        width = 0;
        while (s < e && *s >= '0' && *s <= '9') width = width * 10 + (*s++ - '0');
    }
    if (s < e && (*s == ',' || *s == '_')) grouping = *s++;
    if (s < e && *s == '.') {
        s++;
        if (s >= e || *s < '0' || *s > '9') return err_set(exc_ValueError, "Format specifier missing precision");
        prec = 0;
        while (s < e && *s >= '0' && *s <= '9') prec = prec * 10 + (*s++ - '0');
    }
    if (s < e) type = *s++;
    if (s < e) return err_set(exc_ValueError, "Invalid format specifier");
    if (type && !strchr("eEfFgGn", type))
        return err_format(exc_ValueError, "Unknown format code '%c' for object of type 'complex'", type);
    if (zero) return err_set(exc_ValueError, "Zero padding is not allowed in complex format specifier");
    if (align == '=') return err_set(exc_ValueError, "'=' alignment flag is not allowed in complex format specifier");
    bool skip_re = false, parens = false;
    if (!type) {
        type = 'r';
        if (re == 0.0 && !signbit(re)) skip_re = true;
        else parens = true;
        if (prec >= 0) type = 'g';
    }
    if (type == 'n') type = 'g';
    if (prec < 0) prec = 6;
    if (prec > 100000000) return err_set(exc_ValueError, "precision too big");
    char rb[512], ib[512];
    format_part(re, type, (int)prec, alt, rb, sizeof rb);
    format_part(im, type, (int)prec, alt, ib, sizeof ib);
    if (grouping) {
        group_digits(rb, sizeof rb, grouping);
        group_digits(ib, sizeof ib, grouping);
    }
    StrBuf b;
    sb_init(&b);
    if (parens) sb_addc(&b, '(');
    if (!skip_re) {
        if (signbit(re) && !isnan(re)) sb_addc(&b, '-');
        else if (sign == '+' || sign == ' ') sb_addc(&b, sign);
        sb_adds(&b, rb);
    }
    if (signbit(im) && !isnan(im)) sb_addc(&b, '-');
    else if (!skip_re) sb_addc(&b, '+');
    else if (sign == '+' || sign == ' ') sb_addc(&b, sign);
    sb_adds(&b, ib);
    sb_addc(&b, 'j');
    if (parens) sb_addc(&b, ')');
    Value body = sb_finish(&b);
    if (!body || width <= AS_STR(body)->ncp) return body;
    int64_t pad = width - AS_STR(body)->ncp;
    if (pad <= 0) return body;
    char al = align ? align : '>';
    int64_t left = al == '>' ? pad : al == '^' ? pad / 2 : 0;
    StrBuf o;
    sb_init(&o);
    char fb[8];
    int fl = lex_utf8_put(fill, fb);
    for (int64_t k = 0; k < left; k++) sb_add(&o, fb, (size_t)fl);
    sb_add(&o, AS_STR(body)->data, (size_t)AS_STR(body)->len);
    for (int64_t k = 0; k < pad - left; k++) sb_add(&o, fb, (size_t)fl);
    return sb_finish(&o);
}

/* ---- methods -------------------------------------------------------- */

#define SELF(name)                                                                                                     \
    if (nargs < 1 || !IS_COMPLEX_ANY(args[0]))                                                                         \
        return err_format(exc_TypeError, "descriptor '%s' requires a 'complex' object", name);                        \
    ObjComplex *self = AS_COMPLEX(args[0])

static Value m_conjugate(Value *args, int nargs, ObjTuple *kw)
{
    SELF("conjugate");
    if (args_check("conjugate", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return complex_new(self->re, -self->im);
}

static Value m_complex(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__complex__");
    if (args_check("__complex__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return IS_COMPLEX(args[0]) ? args[0] : complex_new(self->re, self->im);
}

static Value m_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__getnewargs__");
    if (args_check("__getnewargs__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    Value t = tuple_new(2);
    if (!t) return VNULL;
    AS_TUPLE(t)->items[0] = float_new(self->re);
    AS_TUPLE(t)->items[1] = float_new(self->im);
    return t;
}

static Value m_format(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__format__");
    (void)self;
    if (args_check("__format__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "__format__() argument must be str, not %s", TYPE(args[1])->name);
    return cx_format(args[0], AS_STR(args[1]));
}

static Value p_real(Value v) { return float_new(AS_COMPLEX(v)->re); }
static Value p_imag(Value v) { return float_new(AS_COMPLEX(v)->im); }

static Value cx_unsupported(Value a, Value b)
{
    (void)a;
    (void)b;
    return NOTIMPL; /* no //, %, divmod for complex: the generic TypeError */
}

Type type_complex = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "complex",
    .flags = TF_BASETYPE,
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjComplex),
    .tp_new = complex_tp_new,
    .repr = cx_repr,
    .hash = cx_hash,
    .richcmp = cx_richcmp,
    .truth = cx_truth,
    .nb = {
        [NB_ADD] = cx_add, [NB_SUB] = cx_sub, [NB_MUL] = cx_mul, [NB_TRUEDIV] = cx_div,
        [NB_FLOORDIV] = cx_unsupported, [NB_MOD] = cx_unsupported, [NB_POW] = cx_pow,
    },
    .unary = {[UN_NEG] = cx_neg, [UN_POS] = cx_pos},
};

static const MethodDef complex_methods[] = {
    {"conjugate", m_conjugate}, {"__complex__", m_complex}, {"__getnewargs__", m_getnewargs},
    {"__format__", m_format}, {NULL, NULL},
};

/* __pow__(other[, mod]): pow(z, w, m) is "complex modulo" */
static Value m_pow(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__pow__");
    (void)self;
    if (args_check("__pow__", nargs - 1, kw, 1, 2) < 0) return VNULL;
    if (nargs > 2 && !IS_NONE(args[2])) return err_set(exc_ValueError, "complex modulo");
    return cx_pow(args[0], args[1]);
}

static Value m_abs(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__abs__");
    if (args_check("__abs__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return complex_abs(self->re, self->im);
}

void complex_init(void)
{
    type_ready(&type_complex, complex_methods);
    type_add_method(&type_complex, "__abs__", m_abs);
    type_add_method(&type_complex, "__pow__", m_pow);
    exc_add_getset(&type_complex, "real", p_real, NULL);
    exc_add_getset(&type_complex, "imag", p_imag, NULL);
}
