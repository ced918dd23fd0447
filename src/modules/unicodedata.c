/* modules/unicodedata.c — the unicodedata module over the core's Unicode
 * database (src/unicode.h).
 *
 * Every function of CPython 3.11's module except ucd_3_2_0 (the Unicode
 * 3.2 view IDNA uses): it needs the 3.2 UnicodeData deltas, which the
 * installed UCD does not contain (docs/language.md).  The data is the
 * installed UCD's, so unidata_version may be newer than CPython 3.11's
 * 14.0.0.
 */
#include "gc.h"
#include "modules.h"
#include "str.h"
#include "unicode.h"
#include "vm.h"

/* The one character of v; TypeError "f() argument must be a unicode
 * character, not str" (argnum "argument 1" for the two-argument ones). */
static int one_char(const char *fname, const char *arg, Value v, uint32_t *cp)
{
    if (!IS_STR(v) || AS_STR(v)->ncp != 1) {
        err_format(exc_TypeError, "%s() %s must be a unicode character, not %s", fname, arg,
                   IS_NONE(v) ? "None" : TYPE(v)->name);
        return -1;
    }
    int n;
    *cp = utf8_decode(AS_STR(v)->data, (size_t)AS_STR(v)->len, &n);
    return 0;
}

/* The METH_O functions: one positional argument, a character. */
static int meth_o(const char *fname, Value *args, int nargs, ObjTuple *kw, uint32_t *cp)
{
    char full[64];
    snprintf(full, sizeof full, "unicodedata.%s", fname);
    if (args_check(full, nargs, kw, 1, 1) < 0) return -1;
    return one_char(fname, "argument", args[0], cp);
}

enum { P_CATEGORY, P_BIDI, P_COMBINING, P_MIRRORED, P_WIDTH };

static Value property(const char *fname, int which, Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp;
    if (meth_o(fname, args, nargs, kw, &cp) < 0) return VNULL;
    switch (which) {
    case P_CATEGORY: return str_from_cstr(unicode_category_name(cp));
    case P_BIDI: return str_from_cstr(unicode_bidirectional(cp));
    case P_COMBINING: return MK_INT(unicode_combining(cp));
    case P_MIRRORED: return MK_INT(unicode_mirrored(cp));
    default: return str_from_cstr(unicode_east_asian_width(cp));
    }
}

#define PROPERTY(fn, name, which) \
    static Value fn(Value *a, int n, ObjTuple *k) { return property(name, which, a, n, k); }
PROPERTY(m_category, "category", P_CATEGORY)
PROPERTY(m_bidirectional, "bidirectional", P_BIDI)
PROPERTY(m_combining, "combining", P_COMBINING)
PROPERTY(m_mirrored, "mirrored", P_MIRRORED)
PROPERTY(m_east_asian_width, "east_asian_width", P_WIDTH)

static Value m_decomposition(Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp, d[18];
    if (meth_o("decomposition", args, nargs, kw, &cp) < 0) return VNULL;
    const char *tag;
    int n = unicode_decomposition(cp, &tag, d);
    char buf[16 + 18 * 7];
    size_t len = strlen(tag);
    memcpy(buf, tag, len);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, len ? " %04X" : "%04X", d[i]);
    return str_new_ascii(buf, len);
}

/* decimal/digit/numeric/name(chr, default=None, /) */
static int chr_default(const char *fname, Value *args, int nargs, ObjTuple *kw, uint32_t *cp)
{
    if (args_check(fname, nargs, kw, 1, 2) < 0) return -1;
    return one_char(fname, "argument 1", args[0], cp);
}

static Value no_value(Value *args, int nargs, const char *msg)
{
    if (nargs > 1) return args[1];
    return err_set(exc_ValueError, msg);
}

static Value m_decimal(Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp;
    if (chr_default("decimal", args, nargs, kw, &cp) < 0) return VNULL;
    int d = unicode_decimal(cp);
    return d < 0 ? no_value(args, nargs, "not a decimal") : MK_INT(d);
}

static Value m_digit(Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp;
    if (chr_default("digit", args, nargs, kw, &cp) < 0) return VNULL;
    int d = unicode_digit(cp);
    return d < 0 ? no_value(args, nargs, "not a digit") : MK_INT(d);
}

static Value m_numeric(Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp;
    if (chr_default("numeric", args, nargs, kw, &cp) < 0) return VNULL;
    if (!unicode_isnumeric(cp)) return no_value(args, nargs, "not a numeric character");
    return float_new(unicode_numeric(cp));
}

static Value m_name(Value *args, int nargs, ObjTuple *kw)
{
    uint32_t cp;
    if (chr_default("name", args, nargs, kw, &cp) < 0) return VNULL;
    char buf[UNICODE_NAME_MAX + 1];
    int n = unicode_name(cp, buf);
    if (!n) return no_value(args, nargs, "no such name");
    return str_new_ascii(buf, (size_t)n);
}

static Value m_lookup(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unicodedata.lookup", nargs, kw, 1, 1) < 0) return VNULL;
    const char *name;
    size_t len;
    if (IS_STR(args[0])) {
        name = str_cstr(AS_STR(args[0]));
        len = (size_t)AS_STR(args[0])->len;
    } else if (IS_BYTES(args[0])) {
        name = (const char *)AS_BYTES(args[0])->data;
        len = (size_t)AS_BYTES(args[0])->len;
    } else {
        return err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(args[0])->name);
    }
    if (len > UNICODE_NAME_MAX) return err_set(exc_KeyError, "name too long");
    uint32_t cps[4];
    int n = unicode_lookup(name, len, true, cps);
    if (!n) {
        Value s = IS_STR(args[0]) ? args[0] : bytes_decode((const uint8_t *)name, len, "latin-1", "strict");
        if (!s) return VNULL;
        Value msg = str_printf("undefined character name '%s'", str_cstr(AS_STR(s)));
        if (!msg) return VNULL;
        Value e = exc_new_msg(exc_KeyError, str_cstr(AS_STR(msg)));
        return e ? err_set_value(e) : VNULL;
    }
    return str_from_code_points(cps, (size_t)n);
}

/* ---- normalization ---------------------------------------------------- */

static int form_of(Value v)
{
    const char *f = str_cstr(AS_STR(v));
    if (!strcmp(f, "NFC")) return UNORM_NFC;
    if (!strcmp(f, "NFKC")) return UNORM_NFKC;
    if (!strcmp(f, "NFD")) return UNORM_NFD;
    if (!strcmp(f, "NFKD")) return UNORM_NFKD;
    err_set(exc_ValueError, "invalid normalization form");
    return -1;
}

static int norm_args(const char *fname, Value *args, int nargs, ObjTuple *kw, int *form)
{
    if (args_check(fname, nargs, kw, 2, 2) < 0) return -1;
    for (int i = 0; i < 2; i++)
        if (!IS_STR(args[i])) {
            err_format(exc_TypeError, "%s() argument %d must be str, not %s", fname, i + 1, IS_NONE(args[i]) ? "None" : TYPE(args[i])->name);
            return -1;
        }
    return (*form = form_of(args[0])) < 0 ? -1 : 0;
}

/* Normalized copy of s, or VNULL (no error) when the quick check says s
 * already is normalized (yes_only: a "maybe" counts as "no"). */
static Value normalized(ObjStr *s, int form, int *qc)
{
    uint32_t *a = str_code_points(s);
    size_t n = (size_t)s->ncp;
    *qc = unicode_quickcheck(form, a, n);
    Value r = VNULL;
    if (*qc != 1) {
        uint32_t *out;
        size_t cap, m = unicode_normalize(form, a, n, &out, &cap);
        r = str_from_code_points(out, m);
        if (out) mem_free(out, cap * 4);
        if (!r) *qc = -2;
    }
    mem_free(a, (size_t)(s->ncp + 1) * 4);
    return r;
}

static Value m_normalize(Value *args, int nargs, ObjTuple *kw)
{
    int form, qc;
    if (norm_args("normalize", args, nargs, kw, &form) < 0) return VNULL;
    if (AS_STR(args[1])->ascii) return args[1];
    Value r = normalized(AS_STR(args[1]), form, &qc);
    if (qc == -2) return VNULL;
    return qc == 1 ? args[1] : r;
}

static Value m_is_normalized(Value *args, int nargs, ObjTuple *kw)
{
    int form, qc;
    if (norm_args("is_normalized", args, nargs, kw, &form) < 0) return VNULL;
    if (AS_STR(args[1])->ascii) return TRUE_V;
    Value r = normalized(AS_STR(args[1]), form, &qc);
    if (qc == -2) return VNULL;
    if (qc == 1) return TRUE_V;
    if (qc == 0) return FALSE_V;
    return BOOL_V(str_eq(AS_STR(r), AS_STR(args[1])));
}

static const MethodDef unicodedata_fns[] = {
    {"lookup", m_lookup},           {"name", m_name},
    {"decimal", m_decimal},         {"digit", m_digit},
    {"numeric", m_numeric},         {"category", m_category},
    {"bidirectional", m_bidirectional}, {"combining", m_combining},
    {"east_asian_width", m_east_asian_width}, {"mirrored", m_mirrored},
    {"decomposition", m_decomposition}, {"normalize", m_normalize},
    {"is_normalized", m_is_normalized}, {NULL, NULL},
};

Value mod_unicodedata_init(void)
{
    Value mv = module_new(str_intern_cstr("unicodedata"));
    if (!mv) return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = unicodedata_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add(m, "unidata_version", str_from_cstr(unicode_version));
    return err_occurred() ? VNULL : mv;
}
