/* modules/_locale.c — _locale, the C half of CPython's Lib/locale.py:
 * setlocale, localeconv, nl_langinfo and its constants, getencoding,
 * strcoll/strxfrm, the gettext family, and locale.Error.
 *
 * baton's main sets LC_CTYPE from the environment at start-up, as CPython
 * does (with PEP 538's coercion of the C locale to C.UTF-8), so a query
 * gives what python3 gives.  Strings from the C library are decoded as
 * UTF-8 with surrogateescape (the locale encoding of every locale baton
 * coerces to).
 */
#include <langinfo.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

#include "codec.h"
#include "exceptions.h"
#include "gc.h"
#include "modules.h"
#include "posix.h"
#include "str.h"

static Value locale_error; /* the locale.Error class */

void locale_startup(void)
{
    const char *ctype = setlocale(LC_CTYPE, "");
    const char *all = getenv("LC_ALL"), *coerce = getenv("PYTHONCOERCECLOCALE");
    if (ctype && (!strcmp(ctype, "C") || !strcmp(ctype, "POSIX")) && !(all && *all) &&
        !(coerce && !strcmp(coerce, "0"))) {
        static const char *const targets[] = {"C.UTF-8", "C.utf8", "UTF-8"};
        for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
            if (setlocale(LC_CTYPE, targets[i])) {
                setenv("LC_CTYPE", targets[i], 1);
                break;
            }
        }
    }
}

/* As CPython's PyUnicode_DecodeLocale: surrogateescape. */
static Value decode(const char *s)
{
    return codec_fs_decode(s, strlen(s));
}

static Value raise_error(const char *msg)
{
    Value e = obj_call1(locale_error, str_from_cstr(msg));
    return e ? err_set_value(e) : VNULL;
}

static Value m_setlocale(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"category", "locale", NULL};
    Value a[2];
    int cat;
    if (args_parse("setlocale", args, nargs, kw, params, 1, 2, a) < 0 || posix_c_int(a[0], &cat, true) < 0)
        return VNULL;
    if (a[1] && !IS_NONE(a[1])) {
        if (!IS_STR(a[1]))
            return err_format(exc_TypeError, "setlocale() argument 2 must be str or None, not %T", a[1]);
        const char *loc = str_cstr(AS_STR(a[1]));
        if (strlen(loc) != (size_t)AS_STR(a[1])->len)
            return err_set(exc_ValueError, "embedded null character");
        const char *r = setlocale(cat, loc);
        if (!r)
            return raise_error("unsupported locale setting");
        return decode(r);
    }
    const char *r = setlocale(cat, NULL);
    if (!r)
        return raise_error("locale query failed");
    return decode(r);
}

/* A grouping string as CPython's list: the sizes, then the 0 or CHAR_MAX
 * that ends it. */
static Value grouping(const char *s)
{
    Value l = list_new(0);
    if (!s[0])
        return l;
    int i = 0;
    do {
        if (list_append(l, MK_INT((signed char)s[i])) < 0)
            return VNULL;
    } while (s[i] != 0 && s[i++] != CHAR_MAX);
    return l;
}

static Value m_localeconv(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("localeconv", nargs, kw, 0, 0) < 0)
        return VNULL;
    struct lconv *lc = localeconv();
    Value d = dict_new();
    struct { const char *name; const char *s; } strs[] = {
        {"int_curr_symbol", lc->int_curr_symbol}, {"currency_symbol", lc->currency_symbol},
        {"mon_decimal_point", lc->mon_decimal_point}, {"mon_thousands_sep", lc->mon_thousands_sep},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (dict_set(d, str_from_cstr(strs[i].name), decode(strs[i].s)) < 0)
            return VNULL;
    if (dict_set(d, str_from_cstr("mon_grouping"), grouping(lc->mon_grouping)) < 0 ||
        dict_set(d, str_from_cstr("positive_sign"), decode(lc->positive_sign)) < 0 ||
        dict_set(d, str_from_cstr("negative_sign"), decode(lc->negative_sign)) < 0)
        return VNULL;
    struct { const char *name; char c; } chars[] = {
        {"int_frac_digits", lc->int_frac_digits}, {"frac_digits", lc->frac_digits},
        {"p_cs_precedes", lc->p_cs_precedes}, {"p_sep_by_space", lc->p_sep_by_space},
        {"n_cs_precedes", lc->n_cs_precedes}, {"n_sep_by_space", lc->n_sep_by_space},
        {"p_sign_posn", lc->p_sign_posn}, {"n_sign_posn", lc->n_sign_posn},
    };
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
        if (dict_set(d, str_from_cstr(chars[i].name), MK_INT((signed char)chars[i].c)) < 0)
            return VNULL;
    if (dict_set(d, str_from_cstr("decimal_point"), decode(lc->decimal_point)) < 0 ||
        dict_set(d, str_from_cstr("thousands_sep"), decode(lc->thousands_sep)) < 0 ||
        dict_set(d, str_from_cstr("grouping"), grouping(lc->grouping)) < 0)
        return VNULL;
    return d;
}

#define LANGINFO(C) C(CODESET) C(D_T_FMT) C(D_FMT) C(T_FMT) C(T_FMT_AMPM) C(AM_STR) C(PM_STR) \
    C(DAY_1) C(DAY_2) C(DAY_3) C(DAY_4) C(DAY_5) C(DAY_6) C(DAY_7)                          \
    C(ABDAY_1) C(ABDAY_2) C(ABDAY_3) C(ABDAY_4) C(ABDAY_5) C(ABDAY_6) C(ABDAY_7)            \
    C(MON_1) C(MON_2) C(MON_3) C(MON_4) C(MON_5) C(MON_6) C(MON_7) C(MON_8) C(MON_9)        \
    C(MON_10) C(MON_11) C(MON_12) C(ABMON_1) C(ABMON_2) C(ABMON_3) C(ABMON_4) C(ABMON_5)    \
    C(ABMON_6) C(ABMON_7) C(ABMON_8) C(ABMON_9) C(ABMON_10) C(ABMON_11) C(ABMON_12)         \
    C(RADIXCHAR) C(THOUSEP) C(YESEXPR) C(NOEXPR) C(CRNCYSTR) C(ERA) C(ERA_D_FMT)            \
    C(ALT_DIGITS) C(ERA_D_T_FMT) C(ERA_T_FMT) C(_DATE_FMT)
#define LANGINFO_ENTRY(n) {#n, n},
static const IntConstDef langinfo_keys[] = {LANGINFO(LANGINFO_ENTRY){NULL, 0}};

static Value m_nl_langinfo(Value *args, int nargs, ObjTuple *kw)
{
    int key;
    if (args_check("nl_langinfo", nargs, kw, 1, 1) < 0 || posix_c_int(args[0], &key, true) < 0)
        return VNULL;
    for (const IntConstDef *d = langinfo_keys; d->name; d++)
        if (d->value == key)
            return decode(nl_langinfo((nl_item)key));
    return err_set(exc_ValueError, "unsupported langinfo constant");
}

static Value m_getencoding(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getencoding", nargs, kw, 0, 0) < 0)
        return VNULL;
    const char *e = nl_langinfo(CODESET);
    return str_from_cstr(e && *e ? e : "UTF-8");
}

/* s as a NUL-terminated wide string (malloc'd), or NULL with an error. */
static wchar_t *wide(Value v, const char *fn, int argno)
{
    if (!IS_STR(v)) {
        if (argno)
            err_format(exc_TypeError, "%s() argument %d must be str, not %T", fn, argno, v);
        else
            err_format(exc_TypeError, "%s() argument must be str, not %T", fn, v);
        return NULL;
    }
    ObjStr *s = AS_STR(v);
    wchar_t *w = malloc(((size_t)s->ncp + 1) * sizeof(wchar_t));
    if (!w) {
        err_no_memory();
        return NULL;
    }
    size_t n = 0;
    for (int64_t i = 0; i < s->len;) {
        int len;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &len);
        if (cp == 0) {
            free(w);
            err_set(exc_ValueError, "embedded null character");
            return NULL;
        }
        w[n++] = (wchar_t)cp;
        i += len;
    }
    w[n] = 0;
    return w;
}

static Value m_strcoll(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("strcoll", nargs, kw, 2, 2) < 0)
        return VNULL;
    wchar_t *a = wide(args[0], "strcoll", 1), *b = a ? wide(args[1], "strcoll", 2) : NULL;
    if (!b) {
        free(a);
        return VNULL;
    }
    /* only the sign means anything: glibc's value depends on where the
     * strings are in memory */
    int r = wcscoll(a, b);
    free(a);
    free(b);
    return MK_INT((r > 0) - (r < 0));
}

static Value m_strxfrm(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("strxfrm", nargs, kw, 1, 1) < 0)
        return VNULL;
    wchar_t *s = wide(args[0], "strxfrm", 0);
    if (!s)
        return VNULL;
    size_t n = wcsxfrm(NULL, s, 0) + 1;
    wchar_t *out = malloc(n * sizeof(wchar_t));
    if (!out) {
        free(s);
        return err_no_memory();
    }
    wcsxfrm(out, s, n);
    free(s);
    StrBuf b;
    sb_init(&b);
    for (size_t i = 0; out[i]; i++) {
        char u[4];
        sb_add(&b, u, (size_t)utf8_encode((uint32_t)out[i], u));
    }
    free(out);
    return sb_finish(&b);
}

/* ---- gettext ------------------------------------------------------------ */

/* A str argument, or NULL for None when nullable. */
static int cstr_arg(Value v, bool nullable, const char *fn, const char **out)
{
    if (nullable && (!v || IS_NONE(v))) {
        *out = NULL;
        return 0;
    }
    if (!IS_STR(v)) {
        err_format(exc_TypeError, "%s() argument must be str%s, not %T", fn, nullable ? " or None" : "", v);
        return -1;
    }
    *out = str_cstr(AS_STR(v));
    return 0;
}

static Value m_gettext(Value *args, int nargs, ObjTuple *kw)
{
    const char *msg;
    if (args_check("gettext", nargs, kw, 1, 1) < 0 || cstr_arg(args[0], false, "gettext", &msg) < 0)
        return VNULL;
    return decode(gettext(msg));
}

static Value m_dgettext(Value *args, int nargs, ObjTuple *kw)
{
    const char *dom, *msg;
    if (args_check("dgettext", nargs, kw, 2, 2) < 0 || cstr_arg(args[0], true, "dgettext", &dom) < 0 ||
        cstr_arg(args[1], false, "dgettext", &msg) < 0)
        return VNULL;
    return decode(dgettext(dom, msg));
}

static Value m_dcgettext(Value *args, int nargs, ObjTuple *kw)
{
    const char *dom, *msg;
    int cat;
    if (args_check("dcgettext", nargs, kw, 3, 3) < 0 || cstr_arg(args[0], true, "dcgettext", &dom) < 0 ||
        cstr_arg(args[1], false, "dcgettext", &msg) < 0 || posix_c_int(args[2], &cat, true) < 0)
        return VNULL;
    return decode(dcgettext(dom, msg, cat));
}

static Value m_textdomain(Value *args, int nargs, ObjTuple *kw)
{
    const char *dom;
    if (args_check("textdomain", nargs, kw, 1, 1) < 0 || cstr_arg(args[0], true, "textdomain", &dom) < 0)
        return VNULL;
    const char *r = textdomain(dom);
    return r ? decode(r) : err_from_errno(exc_OSError, NULL);
}

static Value m_bindtextdomain(Value *args, int nargs, ObjTuple *kw)
{
    const char *dom, *dir;
    if (args_check("bindtextdomain", nargs, kw, 2, 2) < 0 ||
        cstr_arg(args[0], false, "bindtextdomain", &dom) < 0 ||
        cstr_arg(args[1], true, "bindtextdomain", &dir) < 0)
        return VNULL;
    if (!*dom)
        return err_set(exc_ValueError, "empty string");
    const char *r = bindtextdomain(dom, dir);
    return r ? decode(r) : err_from_errno(exc_OSError, NULL);
}

static Value m_bind_textdomain_codeset(Value *args, int nargs, ObjTuple *kw)
{
    const char *dom, *cs;
    if (args_check("bind_textdomain_codeset", nargs, kw, 2, 2) < 0 ||
        cstr_arg(args[0], false, "bind_textdomain_codeset", &dom) < 0 ||
        cstr_arg(args[1], true, "bind_textdomain_codeset", &cs) < 0)
        return VNULL;
    const char *r = bind_textdomain_codeset(dom, cs);
    return r ? decode(r) : NONE;
}

static const MethodDef locale_fns[] = {
    {"setlocale", m_setlocale}, {"localeconv", m_localeconv}, {"nl_langinfo", m_nl_langinfo},
    {"getencoding", m_getencoding}, {"strcoll", m_strcoll}, {"strxfrm", m_strxfrm},
    {"gettext", m_gettext}, {"dgettext", m_dgettext}, {"dcgettext", m_dcgettext},
    {"textdomain", m_textdomain}, {"bindtextdomain", m_bindtextdomain},
    {"bind_textdomain_codeset", m_bind_textdomain_codeset}, {NULL, NULL},
};

static const IntConstDef locale_consts[] = {
    {"LC_CTYPE", LC_CTYPE}, {"LC_COLLATE", LC_COLLATE}, {"LC_TIME", LC_TIME},
    {"LC_MONETARY", LC_MONETARY}, {"LC_NUMERIC", LC_NUMERIC}, {"LC_ALL", LC_ALL},
    {"LC_MESSAGES", LC_MESSAGES}, {"CHAR_MAX", CHAR_MAX}, {NULL, 0},
};

Value mod_locale_init(void)
{
    Value mv = module_new(str_intern_cstr("_locale"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    if (!locale_error) {
        Value ns = dict_new(), bases = tuple_pack(1, OBJ_VAL(exc_Exception));
        if (!ns || !bases || dict_set_str(AS_DICT(ns), str_intern_cstr("__module__"),
                                          str_from_cstr("locale")) < 0)
            return VNULL;
        locale_error = type_new_class(str_intern_cstr("Error"), AS_TUPLE(bases), AS_DICT(ns));
        if (!locale_error)
            return VNULL;
        gc_add_root_value(&locale_error);
    }
    for (const MethodDef *d = locale_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add_ints(m, locale_consts);
    module_add_ints(m, langinfo_keys);
    module_add(m, "Error", locale_error);
    return mv;
}
