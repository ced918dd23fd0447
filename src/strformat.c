/* strformat.c — everything that turns values into formatted text:
 * the format mini-language (format(), f-string specs, __format__ of int,
 * float, str and bool), str.format / format_map, and printf-style `%`.
 *
 * All three share one layout step: digits (or text) are produced first,
 * then sign, prefix, grouping and padding are put around them, the way
 * CPython's Python/formatter_unicode.c does.  Floats are printed with the C
 * library ("%.*e", "%.*f", "%.*g" are correctly rounded in glibc), ints
 * with GMP for the big ones.  Error messages are CPython's word for word.
 */
#include <math.h>

#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

/* ---- parsing a format spec -------------------------------------------- */

typedef struct {
    uint32_t fill;
    char align;     /* 0 (default) < > ^ = */
    char sign;      /* 0 + - space */
    bool z;         /* 'z': coerce negative zero */
    bool alt;       /* '#' */
    bool zero;      /* '0' before width */
    int64_t width;  /* -1: none */
    char grouping;  /* 0 , _ */
    int64_t prec;   /* -1: none */
    uint32_t type;  /* 0: none */
} Spec;

static Value invalid_spec(ObjStr *spec, Value v)
{
    return err_format(exc_ValueError, "Invalid format specifier '%s' for object of type '%s'",
                      spec->data, TYPE(v)->name);
}

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

static int parse_spec(ObjStr *s, Spec *sp, Value v)
{
    const char *p = s->data, *e = s->data + s->len;
    sp->fill = ' ';
    sp->align = 0;
    sp->sign = 0;
    sp->z = sp->alt = sp->zero = false;
    sp->width = sp->prec = -1;
    sp->grouping = 0;
    sp->type = 0;
    if (p == e) return 0;
    int n;
    uint32_t c0 = utf8_decode(p, (size_t)(e - p), &n);
    bool fill_given = false;
    if (p + n < e && is_align((uint8_t)p[n])) {
        sp->fill = c0;
        sp->align = p[n];
        p += n + 1;
        fill_given = true;
    } else if (is_align(c0)) {
        sp->align = (char)c0;
        p++;
    }
    if (p < e && (*p == '+' || *p == '-' || *p == ' ')) sp->sign = *p++;
    if (p < e && *p == 'z') { sp->z = true; p++; }
    if (p < e && *p == '#') { sp->alt = true; p++; }
    if (p < e && *p == '0') {
        sp->zero = true;
        if (!fill_given) sp->fill = '0';
        /* '=' only where the default alignment is right (numbers); a str
         * stays left-aligned, padded with zeros (Python 3.10) */
        if (!sp->align && !(v && (IS_STR(v) || STR_CHECK(v)))) sp->align = '=';
        p++;
    }
    if (p < e && *p >= '0' && *p <= '9') {
        int64_t w = 0;
        while (p < e && *p >= '0' && *p <= '9') {
            if (w > ((int64_t)1 << 40)) { err_set(exc_ValueError, "Too many decimal digits in format string"); return -1; }
            w = w * 10 + (*p++ - '0');
        }
        sp->width = w;
    }
    if (p < e && (*p == ',' || *p == '_')) {
        sp->grouping = *p++;
        if (p < e && (*p == ',' || *p == '_')) {
            err_set(exc_ValueError, "Cannot specify both ',' and '_'.");
            return -1;
        }
    }
    if (p < e && *p == '.') {
        p++;
        if (p >= e || *p < '0' || *p > '9') {
            err_set(exc_ValueError, "Format specifier missing precision");
            return -1;
        }
        int64_t pr = 0;
        while (p < e && *p >= '0' && *p <= '9') {
            if (pr > ((int64_t)1 << 40)) { err_set(exc_ValueError, "Too many decimal digits in format string"); return -1; }
            pr = pr * 10 + (*p++ - '0');
        }
        sp->prec = pr;
    }
    if (p < e) {
        uint32_t t = utf8_decode(p, (size_t)(e - p), &n);
        if (p + n != e) { invalid_spec(s, v); return -1; }
        sp->type = t;
    }
    if (sp->grouping && sp->type) {
        uint32_t t = sp->type;
        bool ok = t == 'd' || t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%' ||
                  (sp->grouping == '_' && (t == 'b' || t == 'o' || t == 'x' || t == 'X'));
        if (!ok) {
            if (t < 128) err_format(exc_ValueError, "Cannot specify '%c' with '%c'.", sp->grouping, (int)t);
            else err_format(exc_ValueError, "Cannot specify '%c' with '\\x%x'.", sp->grouping, t);
            return -1;
        }
    }
    return 0;
}

static Value unknown_code(uint32_t t, Value v)
{
    if (t < 128 && t > 32)
        return err_format(exc_ValueError, "Unknown format code '%c' for object of type '%s'", (int)t, TYPE(v)->name);
    return err_format(exc_ValueError, "Unknown format code '\\x%x' for object of type '%s'", t, TYPE(v)->name);
}

/* ---- layout ----------------------------------------------------------- */

static void add_fill(StrBuf *b, uint32_t fill, int64_t n)
{
    char fb[4];
    int fl = utf8_encode(fill, fb);
    for (int64_t i = 0; i < n; i++) sb_add(b, fb, (size_t)fl);
}

/* Append digits d[0..n) grouped by `interval` with `sep`, padded with
 * leading zeros until the grouped text is at least minw characters. */
static void add_grouped(StrBuf *b, const char *d, int64_t n, int interval, char sep, int64_t minw)
{
    int64_t k = n;
    if (sep) {
        while (k + (k - 1) / interval < minw) k++;
    } else if (k < minw) {
        k = minw;
    }
    for (int64_t i = 0; i < k; i++) {
        char c = i < k - n ? '0' : d[i - (k - n)];
        if (sep && i > 0 && (k - i) % interval == 0) sb_addc(b, sep);
        sb_addc(b, c);
    }
}

/* Lay out a number: sign, prefix, integer digits (grouped), rest
 * (fraction/exponent/suffix), padded to sp->width. */
static Value layout_number(Spec *sp, bool neg, const char *prefix, const char *digits, int64_t nd,
                           const char *rest, int interval)
{
    char sign = neg ? '-' : sp->sign == '+' ? '+' : sp->sign == ' ' ? ' ' : 0;
    size_t plen = strlen(prefix), rlen = strlen(rest);
    int64_t left = (sign ? 1 : 0) + (int64_t)plen;
    int64_t grouped = nd + (sp->grouping && nd > 0 ? (nd - 1) / interval : 0);
    int64_t total = left + grouped + (int64_t)rlen;
    char align = sp->align ? sp->align : '>';
    int64_t padn = sp->width > total ? sp->width - total : 0;
    StrBuf b;
    sb_init(&b);
    if (align == '=' && sp->fill == '0' && padn > 0) {
        /* zero padding goes into the digits, and is grouped with them */
        if (sign) sb_addc(&b, sign);
        sb_add(&b, prefix, plen);
        add_grouped(&b, digits, nd, interval, sp->grouping, sp->width - left - (int64_t)rlen);
        sb_add(&b, rest, rlen);
        return sb_finish(&b);
    }
    int64_t lpad = 0, rpad = 0;
    if (align == '<') rpad = padn;
    else if (align == '^') { lpad = padn / 2; rpad = padn - lpad; }
    else if (align == '>') lpad = padn;
    if (align != '=') add_fill(&b, sp->fill, lpad);
    if (sign) sb_addc(&b, sign);
    sb_add(&b, prefix, plen);
    if (align == '=') add_fill(&b, sp->fill, padn);
    add_grouped(&b, digits, nd, interval, sp->grouping, 0);
    sb_add(&b, rest, rlen);
    add_fill(&b, sp->fill, rpad);
    return sb_finish(&b);
}

static Value pad_text(Spec *sp, const char *s, int64_t len, int64_t ncp, char defalign)
{
    char align = sp->align ? sp->align : defalign;
    int64_t padn = sp->width > ncp ? sp->width - ncp : 0;
    if (padn == 0) return str_new(s, (size_t)len);
    int64_t l = align == '>' ? padn : align == '^' ? padn / 2 : 0;
    StrBuf b;
    sb_init(&b);
    add_fill(&b, sp->fill, l);
    sb_add(&b, s, (size_t)len);
    add_fill(&b, sp->fill, padn - l);
    return sb_finish(&b);
}

/* ---- str -------------------------------------------------------------- */

static Value format_str_with(Value v, Spec *sp)
{
    ObjStr *s = AS_STR(v);
    if (sp->type && sp->type != 's') return unknown_code(sp->type, v);
    if (sp->sign) return err_set(exc_ValueError, "Sign not allowed in string format specifier");
    if (sp->alt) return err_set(exc_ValueError, "Alternate form (#) not allowed in string format specifier");
    if (sp->align == '=') return err_set(exc_ValueError, "'=' alignment not allowed in string format specifier");
    if (sp->grouping) return err_format(exc_ValueError, "Cannot specify '%c' with 's'.", sp->grouping);
    int64_t len = s->len, ncp = s->ncp;
    if (sp->prec >= 0 && sp->prec < ncp) {
        ncp = sp->prec;
        len = str_byte_offset(s, ncp);
    }
    if (sp->width <= ncp && len == s->len) return v;
    return pad_text(sp, s->data, len, ncp, '<');
}

Value strformat_str(Value v, ObjStr *spec)
{
    if (spec->len == 0) return v;
    Spec sp;
    if (parse_spec(spec, &sp, v) < 0) return VNULL;
    return format_str_with(v, &sp);
}

/* ---- float ------------------------------------------------------------ */

/* snprintf into a growable buffer */
static char *fmt_double(const char *cfmt, int prec, double d, size_t *outlen)
{
    int n = snprintf(NULL, 0, cfmt, prec, d);
    char *buf = mem_alloc((size_t)n + 1);
    snprintf(buf, (size_t)n + 1, cfmt, prec, d);
    *outlen = (size_t)n + 1;
    return buf;
}

static Value format_float_with(double d, Spec *sp, Value v)
{
    uint32_t t = sp->type;
    if (!(t == 0 || t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == 'n' || t == '%'))
        return unknown_code(t, v);
    if (sp->alt && t == 0 && false) return VNULL;
    if (sp->prec > 100000000) return err_set(exc_ValueError, "precision too big");
    bool neg = signbit(d) && !isnan(d);
    double a = fabs(d);
    if (t == '%') a *= 100;
    if (sp->z && neg) {
        /* 'z': negative zero after rounding becomes positive */
        neg = false;
    }
    char cfmt[8];
    int prec = sp->prec < 0 ? 6 : (int)sp->prec;
    char ct = t == 0 ? 'g' : t == 'n' ? 'g' : t == '%' ? 'f' : (char)t;
    bool add_dot0 = false, repr_mode = false;
    if (t == 0) {
        if (sp->prec < 0) repr_mode = true;
        else add_dot0 = true;
        if (prec == 0) prec = 1;
    }
    if ((ct == 'g' || ct == 'G') && prec == 0) prec = 1;
    char *buf;
    size_t cap;
    if (!isfinite(a)) {
        const char *txt = isnan(a) ? "nan" : "inf";
        bool upper = t == 'E' || t == 'F' || t == 'G';
        cap = 5;
        buf = mem_alloc(cap);
        for (int i = 0; i < 4; i++) buf[i] = upper && txt[i] ? (char)(txt[i] - 32) : txt[i];
        strcat(buf, t == '%' ? "%" : "");
    } else if (repr_mode) {
        cap = 40;
        buf = mem_alloc(cap);
        float_format_repr(a, buf, cap);
    } else {
        snprintf(cfmt, sizeof cfmt, "%%%s.*%c", sp->alt ? "#" : "", ct);
        buf = fmt_double(cfmt, prec, a, &cap);
        if (add_dot0 && !strchr(buf, 'e')) {
            /* no type + precision: exponent form once the integer part has
             * `prec` digits (CPython's format_float_short rule) */
            int64_t ip = 0;
            while (buf[ip] >= '0' && buf[ip] <= '9') ip++;
            if (ip >= prec && !(buf[0] == '0' && a != 0)) {
                mem_free(buf, cap);
                buf = fmt_double(sp->alt ? "%#.*e" : "%.*e", prec - 1, a, &cap);
                if (!sp->alt && memchr(buf, '.', (size_t)(strchr(buf, 'e') - buf))) {
                    char *ep = strchr(buf, 'e');
                    char *m = ep;
                    while (m > buf && m[-1] == '0') m--;
                    if (m > buf && m[-1] == '.') m--;
                    memmove(m, ep, strlen(ep) + 1);
                }
            }
        }
        if (add_dot0 && !strpbrk(buf, ".e")) {
            size_t l = strlen(buf);
            buf = mem_realloc(buf, cap, l + 3);
            cap = l + 3;
            strcat(buf, ".0");
        }
        if (t == '%') {
            size_t l = strlen(buf);
            buf = mem_realloc(buf, cap, l + 2);
            cap = l + 2;
            strcat(buf, "%");
        }
    }
    if (sp->z && signbit(d)) {
        /* check whether the formatted magnitude is all zeros */
        bool allzero = true;
        for (char *q = buf; *q && *q != 'e' && *q != 'E'; q++)
            if (*q >= '1' && *q <= '9') { allzero = false; break; }
        neg = !allzero;
    }
    /* split integer digits from the rest */
    int64_t nd = 0;
    while (buf[nd] >= '0' && buf[nd] <= '9') nd++;
    if (!isfinite(a)) nd = 0;
    Spec sp2 = *sp;
    if (!isfinite(a) && sp2.fill == '0' && sp2.align == '=' && sp->zero) {
        /* CPython pads inf/nan with the fill, not grouped zeros */
    }
    Value r;
    if (!isfinite(a)) {
        char sign = neg ? '-' : sp->sign == '+' ? '+' : sp->sign == ' ' ? ' ' : 0;
        StrBuf b;
        sb_init(&b);
        int64_t tl = (int64_t)strlen(buf) + (sign ? 1 : 0);
        int64_t padn = sp->width > tl ? sp->width - tl : 0;
        char align = sp->align ? sp->align : '>';
        int64_t l = align == '>' ? padn : align == '^' ? padn / 2 : 0;
        if (align == '=') {
            if (sign) sb_addc(&b, sign);
            add_fill(&b, sp->fill, padn);
        } else {
            add_fill(&b, sp->fill, l);
            if (sign) sb_addc(&b, sign);
        }
        sb_adds(&b, buf);
        if (align != '=') add_fill(&b, sp->fill, padn - l);
        r = sb_finish(&b);
    } else {
        r = layout_number(&sp2, neg, "", buf, nd, buf + nd, 3);
    }
    mem_free(buf, cap);
    return r;
}

Value strformat_float(double d, ObjStr *spec)
{
    if (spec->len == 0) return float_repr_str(d);
    Spec sp;
    Value v = float_new(d);
    if (parse_spec(spec, &sp, v) < 0) return VNULL;
    return format_float_with(d, &sp, v);
}

/* ---- int -------------------------------------------------------------- */

static Value format_int_with(Value v, Spec *sp)
{
    uint32_t t = sp->type;
    if (t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%') {
        double d;
        if (int_as_double(v, &d) < 0) return VNULL;
        return format_float_with(d, sp, v);
    }
    if (!(t == 0 || t == 'd' || t == 'b' || t == 'o' || t == 'x' || t == 'X' || t == 'c' || t == 'n'))
        return unknown_code(t, v);
    if (sp->prec >= 0) return err_set(exc_ValueError, "Precision not allowed in integer format specifier");
    if (sp->z) return err_set(exc_ValueError, "Negative zero coercion (z) not allowed in integer format specifier");
    if (t == 'n' && sp->grouping) return err_format(exc_ValueError, "Cannot specify '%c' with 'n'.", sp->grouping);
    if (t == 'c') {
        if (sp->sign) return err_set(exc_ValueError, "Sign not allowed with integer format specifier 'c'");
        if (sp->alt) return err_set(exc_ValueError, "Alternate form (#) not allowed with integer format specifier 'c'");
        if (!IS_INT(v) || AS_INT(v) < 0 || AS_INT(v) > 0x10ffff)
            return err_set(exc_OverflowError, "%c arg not in range(0x110000)");
        Value ch = str_from_cp((uint32_t)AS_INT(v));
        Spec s2 = *sp;
        if (s2.align == '=') s2.align = '>';
        return pad_text(&s2, AS_STR(ch)->data, AS_STR(ch)->len, 1, '>');
    }
    int base = t == 'b' ? 2 : t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
    bool neg = int_sign(v) < 0;
    Value digits;
    if (neg) {
        Value a = obj_unary(v, UN_NEG);
        if (!a) return VNULL;
        digits = int_to_str(a, base);
    } else {
        digits = int_to_str(v, base);
    }
    if (!digits) return VNULL;
    ObjStr *ds = AS_STR(digits);
    const char *d = ds->data;
    int64_t nd = ds->len;
    if (base != 10) { d += 2; nd -= 2; } /* drop int_to_str's prefix */
    char *tmp = NULL;
    if (t == 'X') {
        tmp = mem_alloc((size_t)nd + 1);
        for (int64_t i = 0; i < nd; i++) tmp[i] = (d[i] >= 'a' && d[i] <= 'f') ? (char)(d[i] - 32) : d[i];
        d = tmp;
    }
    const char *prefix = "";
    if (sp->alt) prefix = t == 'b' ? "0b" : t == 'o' ? "0o" : t == 'x' ? "0x" : t == 'X' ? "0X" : "";
    Value r = layout_number(sp, neg, prefix, d, nd, "", base == 10 ? 3 : 4);
    if (tmp) mem_free(tmp, (size_t)nd + 1);
    return r;
}

Value strformat_int(Value v, ObjStr *spec)
{
    if (spec->len == 0) return int_to_str(int_exact(v), 10);
    Spec sp;
    if (parse_spec(spec, &sp, v) < 0) return VNULL;
    return format_int_with(int_exact(v), &sp);
}

/* ---- format(v, spec) -------------------------------------------------- */

static ObjStr *s_format;

Value str_format_spec(Value v, ObjStr *spec)
{
    if (IS_STR(v)) return strformat_str(v, spec);
    if (IS_INT(v) || IS_BIGINT(v)) return strformat_int(v, spec);
    if (IS_FLOAT(v)) return strformat_float(AS_FLOAT(v), spec);
    Type *t = TYPE(v);
    if (!s_format) s_format = str_intern_cstr("__format__");
    Value f = type_lookup(t, s_format); /* built-in types (complex…) use theirs below */
    if (t->flags & TF_HEAPTYPE) {
        if (f && obj_is_user(f)) {
            Value args[2] = {v, OBJ_VAL(spec)};
            Value r = obj_call_found(f, v, args + 1, 1);
            if (!r) return VNULL;
            if (!STR_CHECK(r))
                return err_format(exc_TypeError, "__format__ must return a str, not %s", TYPE(r)->name);
            return r;
        }
    }
    /* the built-in a class derives from formats its value */
    if (IS_BOOL(v) || (INT_CHECK(v) && t->flags & TF_HEAPTYPE && type_is_subtype(t, &type_bool))) {
        if (spec->len == 0) return str_from_cstr(v == TRUE_V ? "True" : "False");
        return strformat_int(int_exact(v), spec);
    }
    if (STR_CHECK(v)) return strformat_str(v, spec);
    if (INT_CHECK(v)) return strformat_int(int_exact(v), spec);
    if (FLOAT_CHECK(v)) return strformat_float(AS_FLOAT(v), spec);
    if (f && f != type_lookup(&type_object, s_format)) {
        Value r = obj_call_found(f, v, (Value *)&spec, 1);
        if (!r) return VNULL;
        if (!STR_CHECK(r))
            return err_format(exc_TypeError, "__format__ must return a str, not %s", TYPE(r)->name);
        return r;
    }
    if (spec->len == 0) return obj_str(v);
    return err_format(exc_TypeError, "unsupported format string passed to %s.__format__", t->name);
}

/* ---- str.format ------------------------------------------------------- */

typedef struct {
    Value *args;
    int nargs;
    ObjTuple *kwnames;   /* keyword values follow args (str.format) */
    Value mapping;       /* or a mapping (format_map) */
    int auto_idx;        /* -1 once manual numbering was used */
    bool manual;
} FmtCtx;

static Value vformat(FmtCtx *c, ObjStr *fmt, int depth);

static Value key_error(Value key)
{
    Value t = tuple_pack(1, key);
    if (!t) return VNULL;
    Value e = exc_new(exc_KeyError, AS_TUPLE(t));
    if (!e) return VNULL;
    return err_set_value(e);
}

static Value lookup_kw(FmtCtx *c, const char *name, size_t len)
{
    Value key = str_new(name, len);
    if (!key) return VNULL;
    if (c->mapping) return obj_getitem(c->mapping, key);
    if (c->kwnames)
        for (int64_t i = 0; i < c->kwnames->len; i++) {
            ObjStr *k = AS_STR(c->kwnames->items[i]);
            if ((size_t)k->len == len && memcmp(k->data, name, len) == 0) return c->args[c->nargs + i];
        }
    return key_error(key);
}

/* ---- the template scanner (str.format and _string share it) ------------ */

/* A template error: the scan goes on from where it stopped, as CPython's
 * (a formatter_parser iterator ends after it). */
static int scan_error(size_t *pos, size_t stopped, const char *msg)
{
    *pos = stopped;
    err_set(exc_ValueError, msg);
    return -1;
}

/* The next piece of s[0..len) from *pos: literal text, then (if
 * out->field) one replacement field.  An escaped brace ends a literal
 * (it includes one brace, no field).  1 a piece, 0 the end, -1 ValueError. */
int fmt_next_piece(const char *s, size_t len, size_t *pos, FmtPiece *out)
{
    memset(out, 0, sizeof *out);
    size_t i = *pos;
    if (i >= len)
        return 0;
    out->lit = s + i;
    while (i < len && s[i] != '{' && s[i] != '}')
        i++;
    if (i >= len) {
        out->lit_len = i - *pos;
        *pos = i;
        return 1;
    }
    char brace = s[i++];
    if (i < len && s[i] == brace) { /* {{ or }}: the literal keeps one */
        out->lit_len = i - *pos;
        *pos = i + 1;
        return 1;
    }
    if (brace == '}') {
        return scan_error(pos, i, "Single '}' encountered in format string");
    }
    if (i >= len) {
        return scan_error(pos, i, "Single '{' encountered in format string");
    }
    out->lit_len = i - 1 - *pos;
    out->field = true;
    /* the field name ends at '}', ':' or '!'; [keys] may hold those */
    out->name = s + i;
    char c = 0;
    while (i < len) {
        c = s[i++];
        if (c == '{') {
            return scan_error(pos, i, "unexpected '{' in field name");
        }
        if (c == '[') {
            while (i < len && s[i] != ']')
                i++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!')
            break;
    }
    if (c != '}' && c != ':' && c != '!') {
        return scan_error(pos, i, "expected '}' before end of string");
    }
    out->name_len = (size_t)(s + i - 1 - out->name);
    if (c == '}') {
        *pos = i;
        return 1;
    }
    if (c == '!') {
        if (i >= len) {
            return scan_error(pos, i, "end of string while looking for conversion specifier");
        }
        int n = 1;
        out->conv_cp = utf8_decode(s + i, len - i, &n);
        out->conv = s + i;
        out->conv_len = (size_t)n;
        i += (size_t)n;
        if (i < len) {
            c = s[i++];
            if (c == '}') {
                *pos = i;
                return 1;
            }
            if (c != ':') {
                return scan_error(pos, i, "expected ':' after conversion specifier");
            }
        }
    }
    out->spec = s + i;
    out->has_spec = true;
    for (int depth = 1; i < len; i++) {
        if (s[i] == '{') {
            out->spec_nested = true;
            depth++;
        } else if (s[i] == '}' && --depth == 0) {
            out->spec_len = (size_t)(s + i - out->spec);
            *pos = i + 1;
            return 1;
        }
    }
    return scan_error(pos, i, "unmatched '{' in format spec");
}

/* s[0..n) as an index: -1 when not all ASCII digits (or empty), -2 with
 * ValueError when too long. */
static int64_t field_index(const char *s, size_t n)
{
    if (n == 0)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > (INT64_MAX - (s[i] - '0')) / 10) {
            err_set(exc_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int64_t fmt_field_first(const char *s, size_t len, size_t *first_len)
{
    size_t i = 0;
    while (i < len && s[i] != '.' && s[i] != '[')
        i++;
    *first_len = i;
    return field_index(s, i);
}

int fmt_field_next(const char *s, size_t len, size_t *pos, FmtPart *out)
{
    size_t i = *pos;
    if (i >= len)
        return 0;
    char c = s[i++];
    out->name = s + i;
    out->index = -1;
    if (c == '.') {
        out->is_attr = true;
        while (i < len && s[i] != '.' && s[i] != '[')
            i++;
        out->name_len = (size_t)(s + i - out->name);
    } else if (c == '[') {
        out->is_attr = false;
        while (i < len && s[i] != ']')
            i++;
        if (i >= len) {
            err_set(exc_ValueError, "Missing ']' in format string");
            return -1;
        }
        out->name_len = (size_t)(s + i - out->name);
        i++;
        out->index = field_index(out->name, out->name_len);
        if (out->index == -2)
            return -1;
    } else {
        err_set(exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
        return -1;
    }
    if (out->name_len == 0) {
        err_set(exc_ValueError, "Empty attribute in format string");
        return -1;
    }
    *pos = i;
    return 1;
}

/* ---- str.format -------------------------------------------------------- */

/* The object field name s[0..len) names: arg_name ('.' attr | '[' key ']')* */
static Value get_field(FmtCtx *c, const char *s, size_t len)
{
    size_t first_len;
    int64_t idx = fmt_field_first(s, len, &first_len);
    if (idx == -2)
        return VNULL;
    Value obj;
    if (first_len == 0 || idx >= 0) {
        if (first_len == 0) {
            if (c->manual) return err_set(exc_ValueError, "cannot switch from manual field specification to automatic field numbering");
            idx = c->auto_idx++;
        } else {
            if (c->auto_idx > 0) return err_set(exc_ValueError, "cannot switch from automatic field numbering to manual field specification");
            c->manual = true;
        }
        if (c->mapping)
            return err_set(exc_ValueError, "Format string contains positional fields");
        if (idx >= c->nargs)
            return err_format(exc_IndexError, "Replacement index %lld out of range for positional args tuple", (long long)idx);
        obj = c->args[idx];
    } else {
        obj = lookup_kw(c, s, first_len);
        if (!obj) return VNULL;
    }
    size_t pos = first_len;
    FmtPart part;
    int r;
    while ((r = fmt_field_next(s, len, &pos, &part)) > 0) {
        if (part.is_attr) {
            obj = obj_getattr(obj, str_intern(part.name, part.name_len));
        } else {
            Value key = part.index >= 0 ? int_from_i64(part.index) : str_new(part.name, part.name_len);
            obj = key ? obj_getitem(obj, key) : VNULL;
        }
        if (!obj) return VNULL;
    }
    return r < 0 ? VNULL : obj;
}

static Value vformat(FmtCtx *c, ObjStr *fmt, int depth)
{
    if (depth > 1) return err_set(exc_ValueError, "Max string recursion exceeded"); /* PEP 3101: two levels */
    StrBuf b;
    sb_init(&b);
    size_t pos = 0;
    FmtPiece f;
    int more;
    while ((more = fmt_next_piece(fmt->data, (size_t)fmt->len, &pos, &f)) > 0) {
        sb_add(&b, f.lit, f.lit_len);
        if (!f.field)
            continue;
        Value obj = get_field(c, f.name, f.name_len);
        if (!obj) { sb_free(&b); return VNULL; }
        if (f.conv) {
            uint32_t cv = f.conv_cp;
            if (cv == 'r') obj = obj_repr(obj);
            else if (cv == 's') obj = obj_str(obj);
            else if (cv == 'a') obj = obj_ascii(obj);
            else if (cv > 32 && cv < 127) obj = err_format(exc_ValueError, "Unknown conversion specifier %c", (int)cv);
            else obj = err_format(exc_ValueError, "Unknown conversion specifier \\x%x", (unsigned)cv);
            if (!obj) { sb_free(&b); return VNULL; }
        }
        Value specv;
        if (f.has_spec) {
            Value raw = str_new(f.spec, f.spec_len);
            if (!raw) { sb_free(&b); return VNULL; }
            specv = f.spec_nested ? vformat(c, AS_STR(raw), depth + 1) : raw;
        } else {
            specv = str_empty();
        }
        if (!specv) { sb_free(&b); return VNULL; }
        Value r = str_format_spec(obj, AS_STR(specv));
        if (!r) { sb_free(&b); return VNULL; }
        sb_add(&b, AS_STR(r)->data, (size_t)AS_STR(r)->len);
    }
    if (more < 0) { sb_free(&b); return VNULL; }
    return sb_finish(&b);
}

Value str_format_method(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 1 || !IS_STR(args[0]))
        return err_set(exc_TypeError, "descriptor 'format' for 'str' objects doesn't apply to this object");
    FmtCtx c = {args + 1, nargs - 1, kwnames, VNULL, 0, false};
    return vformat(&c, AS_STR(args[0]), 0);
}

Value str_format_map_method(Value *args, int nargs, ObjTuple *kwnames);
Value str_format_map_method(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 1 || !IS_STR(args[0]))
        return err_set(exc_TypeError, "descriptor 'format_map' for 'str' objects doesn't apply to this object");
    if (args_check("format_map", nargs - 1, kwnames, 1, 1) < 0) return VNULL;
    FmtCtx c = {NULL, 0, NULL, args[1], 0, false};
    return vformat(&c, AS_STR(args[0]), 0);
}

/* ---- printf-style % --------------------------------------------------- */

static Value pct_next_arg(Value *items, int64_t n, int64_t *idx)
{
    if (*idx >= n) return err_set(exc_TypeError, "not enough arguments for format string");
    return items[(*idx)++];
}

/* integer conversion for %d %i %u %x %X %o %c */
static Value pct_int_arg(Value v, char type)
{
    if (int_check(v)) return int_exact(v);
    if (type == 'd' || type == 'i' || type == 'u') {
        if (IS_FLOAT(v)) return int_from_double(AS_FLOAT(v));
        if (IS_OBJ(v) && (TYPE(v)->nb_int) && !IS_STR(v)) {
            Value r = TYPE(v)->nb_int(v);
            if (!r) return VNULL;
            return int_exact(r);
        }
        return err_format(exc_TypeError, "%%%c format: a real number is required, not %s", type, TYPE(v)->name);
    }
    if (IS_OBJ(v) && !IS_FLOAT(v) && TYPE(v)->nb_int && (TYPE(v)->flags & TF_HEAPTYPE)) {
        Value r = obj_index(v);
        if (!r) return VNULL;
        return int_exact(r);
    }
    return err_format(exc_TypeError, "%%%c format: an integer is required, not %s", type, TYPE(v)->name);
}

static Value mod_format(Value fmtv, Value args, bool for_bytes);

Value str_mod_format(Value fmtv, Value args) { return mod_format(fmtv, args, false); }
Value strformat_bytes_mod(Value fmtv, Value args) { return mod_format(fmtv, args, true); }

static Value mod_format(Value fmtv, Value args, bool for_bytes)
{
    ObjStr *fmt = AS_STR(fmtv);
    Value *items;
    int64_t nitems;
    Value single[1] = {args};
    bool is_tuple = TUPLE_CHECK(args); /* a tuple subclass (namedtuple) too */
    if (is_tuple) { items = AS_TUPLE(args)->items; nitems = AS_TUPLE(args)->len; }
    else { items = single; nitems = 1; }
    bool mapping = !is_tuple && !IS_STR(args) && TYPE(args)->getitem != NULL;
    int64_t idx = 0;
    bool used_mapping = false;
    const char *p = fmt->data, *e = p + fmt->len;
    StrBuf b;
    sb_init(&b);
#define FAIL do { sb_free(&b); return VNULL; } while (0)
    while (p < e) {
        const char *lit = p;
        while (p < e && *p != '%') p++;
        sb_add(&b, lit, (size_t)(p - lit));
        if (p >= e) break;
        const char *start = p++;
        Value arg = VNULL;
        if (p < e && *p == '(') {
            if (!mapping) { sb_free(&b); return err_set(exc_TypeError, "format requires a mapping"); }
            const char *k = ++p;
            int depth = 1;
            while (p < e) {
                if (*p == '(') depth++;
                else if (*p == ')' && --depth == 0) break;
                p++;
            }
            if (p >= e) { sb_free(&b); return err_set(exc_ValueError, "incomplete format key"); }
            Value key = str_new(k, (size_t)(p - k));
            if (!key) FAIL;
            p++;
            arg = obj_getitem(args, key);
            if (!arg) FAIL;
            used_mapping = true;
            /* as CPython: after a keyed conversion the mapping is no
             * positional argument any more ("%(a)s %s" % {...} fails) */
            nitems = 0;
            idx = 0;
        }
        bool left = false, plus = false, space = false, alt = false, zero = false;
        for (; p < e; p++) {
            if (*p == '-') left = true;
            else if (*p == '+') plus = true;
            else if (*p == ' ') space = true;
            else if (*p == '#') alt = true;
            else if (*p == '0') zero = true;
            else break;
        }
        int64_t width = -1, prec = -1;
        if (p < e && *p == '*') {
            p++;
            Value w = pct_next_arg(items, nitems, &idx);
            if (!w) FAIL;
            if (!int_check(w)) { sb_free(&b); return err_set(exc_TypeError, "* wants int"); }
            if (obj_as_int64(w, &width) < 0) FAIL;
            if (width < 0) { left = true; width = -width; }
        } else {
            while (p < e && *p >= '0' && *p <= '9') {
                width = (width < 0 ? 0 : width) * 10 + (*p++ - '0');
                if (width > ((int64_t)1 << 31)) { sb_free(&b); return err_set(exc_ValueError, "width too big"); }
            }
        }
        if (p < e && *p == '.') {
            p++;
            prec = 0;
            if (p < e && *p == '*') {
                p++;
                Value w = pct_next_arg(items, nitems, &idx);
                if (!w) FAIL;
                if (!int_check(w)) { sb_free(&b); return err_set(exc_TypeError, "* wants int"); }
                if (obj_as_int64(w, &prec) < 0) FAIL;
                if (prec < 0) prec = 0;
            } else {
                while (p < e && *p >= '0' && *p <= '9') {
                    prec = prec * 10 + (*p++ - '0');
                    if (prec > ((int64_t)1 << 31)) { sb_free(&b); return err_set(exc_ValueError, "precision too big"); }
                }
            }
        }
        while (p < e && (*p == 'h' || *p == 'l' || *p == 'L')) p++;
        if (p >= e) { sb_free(&b); return err_set(exc_ValueError, "incomplete format"); }
        char type = *p++;
        if (type == '%') {
            sb_addc(&b, '%');
            continue;
        }
        if (!arg) {
            arg = pct_next_arg(items, nitems, &idx);
            if (!arg) FAIL;
        }
        Spec sp;
        sp.fill = ' ';
        sp.align = left ? '<' : '>';
        sp.sign = plus ? '+' : space ? ' ' : 0;
        sp.z = false;
        sp.alt = alt;
        sp.zero = false;
        sp.width = width;
        sp.grouping = 0;
        sp.prec = -1;
        sp.type = 0;
        Value piece;
        switch (type) {
        case 's': case 'r': case 'a': {
            Value s = type == 's' ? obj_str(arg) : type == 'r' ? obj_repr(arg) : obj_ascii(arg);
            if (!s) FAIL;
            ObjStr *so = AS_STR(s);
            int64_t len = so->len, ncp = so->ncp;
            if (prec >= 0 && prec < ncp) { ncp = prec; len = str_byte_offset(so, prec); }
            piece = pad_text(&sp, so->data, len, ncp, '>');
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            Value iv = pct_int_arg(arg, type);
            if (!iv) FAIL;
            int base = type == 'x' || type == 'X' ? 16 : type == 'o' ? 8 : 10;
            bool neg = int_sign(iv) < 0;
            Value av = neg ? obj_unary(iv, UN_NEG) : iv;
            if (!av) FAIL;
            Value ds = int_to_str(av, base);
            if (!ds) FAIL;
            const char *d = AS_STR(ds)->data + (base != 10 ? 2 : 0);
            int64_t nd = AS_STR(ds)->len - (base != 10 ? 2 : 0);
            StrBuf db;
            sb_init(&db);
            for (int64_t k = nd; k < prec; k++) sb_addc(&db, '0');
            for (int64_t k = 0; k < nd; k++)
                sb_addc(&db, type == 'X' && d[k] >= 'a' ? (char)(d[k] - 32) : d[k]);
            const char *prefix = alt ? (type == 'x' ? "0x" : type == 'X' ? "0X" : type == 'o' ? "0o" : "") : "";
            if (zero && !left) { sp.fill = '0'; sp.align = '='; }
            piece = layout_number(&sp, neg, prefix, db.data ? db.data : "", (int64_t)db.len, "", 3);
            sb_free(&db);
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            double dv;
            if (IS_FLOAT(arg)) dv = AS_FLOAT(arg);
            else if (num_to_double(arg, &dv) < 0) {
                if (err_matches(exc_TypeError)) {
                    err_clear();
                    sb_free(&b);
                    return err_format(exc_TypeError, "must be real number, not %s", TYPE(arg)->name);
                }
                FAIL;
            }
            sp.prec = prec < 0 ? 6 : prec;
            sp.type = (uint32_t)type;
            if (zero && !left) { sp.fill = '0'; sp.align = '='; sp.zero = true; }
            piece = format_float_with(dv, &sp, arg);
            break;
        }
        case 'c': {
            uint32_t cp;
            if (IS_STR(arg)) {
                if (AS_STR(arg)->ncp != 1) { sb_free(&b); return err_set(exc_TypeError, "%c requires int or char"); }
                int n;
                cp = utf8_decode(AS_STR(arg)->data, (size_t)AS_STR(arg)->len, &n);
            } else if (int_check(arg)) {
                Value iv = int_exact(arg);
                if (!IS_INT(iv) || AS_INT(iv) < 0 || AS_INT(iv) > 0x10ffff) {
                    sb_free(&b);
                    return err_set(exc_OverflowError, "%c arg not in range(0x110000)");
                }
                cp = (uint32_t)AS_INT(iv);
            } else {
                sb_free(&b);
                return err_set(exc_TypeError, "%c requires int or char");
            }
            Value ch = str_from_cp(cp);
            piece = pad_text(&sp, AS_STR(ch)->data, AS_STR(ch)->len, 1, '>');
            break;
        }
        default:
            sb_free(&b);
            if ((uint8_t)type < 128)
                return err_format(exc_ValueError, "unsupported format character '%c' (0x%x) at index %lld",
                                  type, (unsigned)(uint8_t)type, (long long)(p - 1 - fmt->data));
            return err_format(exc_ValueError, "unsupported format character at index %lld",
                              (long long)(p - 1 - fmt->data));
        }
        (void)start;
        if (!piece) FAIL;
        sb_add(&b, AS_STR(piece)->data, (size_t)AS_STR(piece)->len);
    }
#undef FAIL
    if (idx < nitems && !mapping && !used_mapping) {
        sb_free(&b);
        return err_set(exc_TypeError, for_bytes ? "not all arguments converted during bytes formatting"
                                                : "not all arguments converted during string formatting");
    }
    return sb_finish(&b);
}
