/* modules/_codecs.c — the _codecs module: the codec registry and the codec
 * functions CPython's Lib/codecs.py and Lib/encodings modules call, over the
 * core's codecs (src/codec.h).
 *
 * Encoders take (str, errors=None, ...) and return (bytes, len(str));
 * decoders take (data, errors=None, ...) and return (str, bytes consumed).
 * Arguments are positional only, as in CPython.
 */
#include "codec.h"
#include "gc.h"
#include "modules.h"
#include "str.h"
#include "vm.h"

/* Positional-only arguments: "f expected at least 1 argument, got 0" and
 * "_codecs.f() takes no keyword arguments". */
static int check_args(const char *fname, int nargs, ObjTuple *kw, int min, int max)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "_codecs.%s() takes no keyword arguments", fname);
        return -1;
    }
    return args_check(fname, nargs, NULL, min, max);
}

static int str_arg(const char *fname, Value *args, int nargs, int i, ObjStr **out)
{
    if (!IS_STR(args[i])) {
        err_format(exc_TypeError, "%s() argument %d must be str, not %s", fname, i + 1, IS_NONE(args[i]) ? "None" : TYPE(args[i])->name);
        return -1;
    }
    (void)nargs;
    *out = AS_STR(args[i]);
    return 0;
}

/* errors: str or None (NULL: strict) */
static int errors_arg(const char *fname, Value *args, int nargs, int i, const char **out)
{
    *out = NULL;
    if (i >= nargs || IS_NONE(args[i])) return 0;
    if (!IS_STR(args[i])) {
        err_format(exc_TypeError, "%s() argument %d must be str or None, not %s", fname, i + 1, IS_NONE(args[i]) ? "None" : TYPE(args[i])->name);
        return -1;
    }
    *out = str_cstr(AS_STR(args[i]));
    return 0;
}

/* data: a bytes-like object (with_str: a str too, as UTF-8) */
static int data_arg(Value v, bool with_str, const uint8_t **p, size_t *n)
{
    if (IS_BYTES(v)) {
        *p = AS_BYTES(v)->data;
        *n = (size_t)AS_BYTES(v)->len;
        return 0;
    }
    if (with_str && IS_STR(v)) {
        *p = (const uint8_t *)AS_STR(v)->data;
        *n = (size_t)AS_STR(v)->len;
        return 0;
    }
    /* any other bytes-like object (bytearray, memoryview, array): a bytes
     * copy, which the caller's C frame keeps alive, so that an error
     * handler changing the original cannot pull the data away */
    Buffer view;
    if (obj_getbuffer(v, &view, BUF_SIMPLE) < 0) return -1;
    Value b = bytes_new(view.buf, (size_t)view.len);
    buffer_release(&view);
    if (!b) return -1;
    *p = AS_BYTES(b)->data;
    *n = (size_t)AS_BYTES(b)->len;
    return 0;
}

static int bool_arg(Value *args, int nargs, int i, bool dflt, bool *out)
{
    *out = dflt;
    if (i >= nargs) return 0;
    int t = obj_truthy(args[i]);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

static int int_arg(Value *args, int nargs, int i, int *out)
{
    *out = 0;
    if (i >= nargs) return 0;
    int64_t v;
    if (obj_as_int64(args[i], &v) < 0) return -1;
    *out = v < 0 ? -1 : v > 0 ? 1 : 0;
    return 0;
}

static Value pair(Value a, int64_t n)
{
    if (!a) return VNULL;
    Value t = tuple_new(2);
    if (!t) return VNULL;
    AS_TUPLE(t)->items[0] = a;
    AS_TUPLE(t)->items[1] = int_from_i64(n);
    return t;
}

/* ---- encoders ----------------------------------------------------------- */

enum { E_UTF8, E_UTF7, E_LATIN1, E_ASCII, E_UTF16, E_UTF16LE, E_UTF16BE, E_UTF32, E_UTF32LE, E_UTF32BE,
       E_UNIESC, E_RAWUNIESC };

static Value encoder(const char *fname, int which, Value *args, int nargs, ObjTuple *kw)
{
    bool bo_arg = which == E_UTF16 || which == E_UTF32;
    if (check_args(fname, nargs, kw, 1, bo_arg ? 3 : 2) < 0) return VNULL;
    ObjStr *s;
    const char *errors;
    int bo = 0;
    if (str_arg(fname, args, nargs, 0, &s) < 0 || errors_arg(fname, args, nargs, 1, &errors) < 0) return VNULL;
    if (bo_arg && int_arg(args, nargs, 2, &bo) < 0) return VNULL;
    Value r;
    switch (which) {
    case E_UTF8: r = codec_utf8_encode(s, errors); break;
    case E_UTF7: r = codec_utf7_encode(s, errors); break;
    case E_LATIN1: r = codec_latin1_encode(s, errors); break;
    case E_ASCII: r = codec_ascii_encode(s, errors); break;
    case E_UTF16: r = codec_utf16_encode(s, errors, bo); break;
    case E_UTF16LE: r = codec_utf16_encode(s, errors, -1); break;
    case E_UTF16BE: r = codec_utf16_encode(s, errors, 1); break;
    case E_UTF32: r = codec_utf32_encode(s, errors, bo); break;
    case E_UTF32LE: r = codec_utf32_encode(s, errors, -1); break;
    case E_UTF32BE: r = codec_utf32_encode(s, errors, 1); break;
    case E_UNIESC: r = codec_unicode_escape_encode(s, false); break;
    default: r = codec_unicode_escape_encode(s, true); break;
    }
    return pair(r, s->ncp);
}

#define ENCODER(fn, name, which) \
    static Value fn(Value *a, int n, ObjTuple *k) { return encoder(name, which, a, n, k); }
ENCODER(m_utf_8_encode, "utf_8_encode", E_UTF8)
ENCODER(m_utf_7_encode, "utf_7_encode", E_UTF7)
ENCODER(m_latin_1_encode, "latin_1_encode", E_LATIN1)
ENCODER(m_ascii_encode, "ascii_encode", E_ASCII)
ENCODER(m_utf_16_encode, "utf_16_encode", E_UTF16)
ENCODER(m_utf_16_le_encode, "utf_16_le_encode", E_UTF16LE)
ENCODER(m_utf_16_be_encode, "utf_16_be_encode", E_UTF16BE)
ENCODER(m_utf_32_encode, "utf_32_encode", E_UTF32)
ENCODER(m_utf_32_le_encode, "utf_32_le_encode", E_UTF32LE)
ENCODER(m_utf_32_be_encode, "utf_32_be_encode", E_UTF32BE)
ENCODER(m_unicode_escape_encode, "unicode_escape_encode", E_UNIESC)
ENCODER(m_raw_unicode_escape_encode, "raw_unicode_escape_encode", E_RAWUNIESC)

/* ---- decoders ----------------------------------------------------------- */

static Value decoder(const char *fname, int which, bool ex, Value *args, int nargs, ObjTuple *kw)
{
    bool simple = which == E_LATIN1 || which == E_ASCII; /* no `final` */
    if (check_args(fname, nargs, kw, 1, ex ? 4 : simple ? 2 : 3) < 0) return VNULL;
    const uint8_t *p;
    size_t n, used = 0;
    const char *errors;
    bool final;
    int bo = 0;
    bool escapes = which == E_UNIESC || which == E_RAWUNIESC;
    if (data_arg(args[0], escapes, &p, &n) < 0 || errors_arg(fname, args, nargs, 1, &errors) < 0) return VNULL;
    int fpos = ex ? 3 : 2;
    if (ex && int_arg(args, nargs, 2, &bo) < 0) return VNULL;
    if (bool_arg(args, nargs, simple ? nargs : fpos, simple || escapes, &final) < 0) return VNULL;
    size_t *c = final ? NULL : &used;
    Value r;
    switch (which) {
    case E_UTF8: r = codec_utf8_decode(p, n, errors, final, c); break;
    case E_UTF7: r = codec_utf7_decode(p, n, errors, final, c); break;
    case E_LATIN1: r = codec_latin1_decode(p, n, errors); break;
    case E_ASCII: r = codec_ascii_decode(p, n, errors); break;
    case E_UTF16: r = codec_utf16_decode(p, n, errors, &bo, final, c); break;
    case E_UTF16LE: bo = -1; r = codec_utf16_decode(p, n, errors, &bo, final, c); break;
    case E_UTF16BE: bo = 1; r = codec_utf16_decode(p, n, errors, &bo, final, c); break;
    case E_UTF32: r = codec_utf32_decode(p, n, errors, &bo, final, c); break;
    case E_UTF32LE: bo = -1; r = codec_utf32_decode(p, n, errors, &bo, final, c); break;
    case E_UTF32BE: bo = 1; r = codec_utf32_decode(p, n, errors, &bo, final, c); break;
    case E_UNIESC: r = codec_unicode_escape_decode(p, n, errors, false, final, c); break;
    default: r = codec_unicode_escape_decode(p, n, errors, true, final, c); break;
    }
    if (!r) return VNULL;
    int64_t consumed = final ? (int64_t)n : (int64_t)used;
    if (!ex) return pair(r, consumed);
    Value t = tuple_new(3);
    if (!t) return VNULL;
    AS_TUPLE(t)->items[0] = r;
    AS_TUPLE(t)->items[1] = int_from_i64(consumed);
    AS_TUPLE(t)->items[2] = MK_INT(bo);
    return t;
}

#define DECODER(fn, name, which, ex) \
    static Value fn(Value *a, int n, ObjTuple *k) { return decoder(name, which, ex, a, n, k); }
DECODER(m_utf_8_decode, "utf_8_decode", E_UTF8, false)
DECODER(m_utf_7_decode, "utf_7_decode", E_UTF7, false)
DECODER(m_latin_1_decode, "latin_1_decode", E_LATIN1, false)
DECODER(m_ascii_decode, "ascii_decode", E_ASCII, false)
DECODER(m_utf_16_decode, "utf_16_decode", E_UTF16, false)
DECODER(m_utf_16_le_decode, "utf_16_le_decode", E_UTF16LE, false)
DECODER(m_utf_16_be_decode, "utf_16_be_decode", E_UTF16BE, false)
DECODER(m_utf_16_ex_decode, "utf_16_ex_decode", E_UTF16, true)
DECODER(m_utf_32_decode, "utf_32_decode", E_UTF32, false)
DECODER(m_utf_32_le_decode, "utf_32_le_decode", E_UTF32LE, false)
DECODER(m_utf_32_be_decode, "utf_32_be_decode", E_UTF32BE, false)
DECODER(m_utf_32_ex_decode, "utf_32_ex_decode", E_UTF32, true)
DECODER(m_unicode_escape_decode, "unicode_escape_decode", E_UNIESC, false)
DECODER(m_raw_unicode_escape_decode, "raw_unicode_escape_decode", E_RAWUNIESC, false)

/* ---- the others --------------------------------------------------------- */

static Value m_escape_encode(Value *args, int nargs, ObjTuple *kw)
{
    if (check_args("escape_encode", nargs, kw, 1, 2) < 0) return VNULL;
    if (!IS_BYTES(args[0]))
        return err_format(exc_TypeError, "escape_encode() argument 1 must be bytes, not %s", IS_NONE(args[0]) ? "None" : TYPE(args[0])->name);
    const char *errors;
    if (errors_arg("escape_encode", args, nargs, 1, &errors) < 0) return VNULL;
    return pair(codec_escape_encode(AS_BYTES(args[0])->data, (size_t)AS_BYTES(args[0])->len), AS_BYTES(args[0])->len);
}

/* (data, errors=None[, mapping]): the arguments of the byte-input
 * functions below */
static int bytes_in(const char *fname, Value *args, int nargs, ObjTuple *kw, int max, bool with_str,
                    const uint8_t **p, size_t *n, const char **errors)
{
    if (check_args(fname, nargs, kw, 1, max) < 0) return -1;
    if (data_arg(args[0], with_str, p, n) < 0) return -1;
    return errors_arg(fname, args, nargs, 1, errors);
}

static Value m_escape_decode(Value *args, int nargs, ObjTuple *kw)
{
    const uint8_t *p;
    size_t n;
    const char *errors;
    if (bytes_in("escape_decode", args, nargs, kw, 2, true, &p, &n, &errors) < 0) return VNULL;
    return pair(codec_escape_decode(p, n, errors), (int64_t)n);
}

static Value m_readbuffer_encode(Value *args, int nargs, ObjTuple *kw)
{
    const uint8_t *p;
    size_t n;
    const char *errors;
    if (bytes_in("readbuffer_encode", args, nargs, kw, 2, true, &p, &n, &errors) < 0) return VNULL;
    return pair(bytes_new(p, n), (int64_t)n);
}

static Value m_charmap_encode(Value *args, int nargs, ObjTuple *kw)
{
    if (check_args("charmap_encode", nargs, kw, 1, 3) < 0) return VNULL;
    ObjStr *s;
    const char *errors;
    if (str_arg("charmap_encode", args, nargs, 0, &s) < 0 || errors_arg("charmap_encode", args, nargs, 1, &errors) < 0)
        return VNULL;
    return pair(codec_charmap_encode(s, errors, nargs > 2 ? args[2] : NONE), s->ncp);
}

static Value m_charmap_decode(Value *args, int nargs, ObjTuple *kw)
{
    const uint8_t *p;
    size_t n;
    const char *errors;
    if (bytes_in("charmap_decode", args, nargs, kw, 3, false, &p, &n, &errors) < 0) return VNULL;
    return pair(codec_charmap_decode(p, n, errors, nargs > 2 ? args[2] : NONE), (int64_t)n);
}

static Value m_charmap_build(Value *args, int nargs, ObjTuple *kw)
{
    if (check_args("charmap_build", nargs, kw, 1, 1) < 0) return VNULL;
    ObjStr *s;
    if (str_arg("charmap_build", args, nargs, 0, &s) < 0) return VNULL;
    return codec_charmap_build(s);
}

/* ---- the registry ------------------------------------------------------- */

static Value m_register(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_codecs.register", nargs, kw, 1, 1) < 0) return VNULL;
    return codec_register(args[0]);
}

static Value m_unregister(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_codecs.unregister", nargs, kw, 1, 1) < 0) return VNULL;
    return codec_unregister(args[0]);
}

static Value m_lookup(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_codecs.lookup", nargs, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[0])) return err_format(exc_TypeError, "lookup() argument must be str, not %s", IS_NONE(args[0]) ? "None" : TYPE(args[0])->name);
    return codec_lookup(AS_STR(args[0]));
}

static Value m_forget_codec(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_codecs._forget_codec", nargs, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "_forget_codec() argument must be str, not %s", IS_NONE(args[0]) ? "None" : TYPE(args[0])->name);
    return codec_forget(AS_STR(args[0]));
}

static Value m_register_error(Value *args, int nargs, ObjTuple *kw)
{
    if (check_args("register_error", nargs, kw, 2, 2) < 0) return VNULL;
    ObjStr *name;
    if (str_arg("register_error", args, nargs, 0, &name) < 0) return VNULL;
    return codec_register_error(name, args[1]);
}

static Value m_lookup_error(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_codecs.lookup_error", nargs, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "lookup_error() argument must be str, not %s", IS_NONE(args[0]) ? "None" : TYPE(args[0])->name);
    return codec_lookup_error(AS_STR(args[0]));
}

/* encode(obj, encoding='utf-8', errors='strict'): any codec, any types */
static Value generic(const char *fname, int k, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"obj", "encoding", "errors", NULL};
    Value a[3];
    if (args_parse(fname, args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    for (int i = 1; i < 3; i++)
        if (a[i] && !IS_STR(a[i]))
            return err_format(exc_TypeError, "%s() argument '%s' must be str, not %s", fname, params[i],
                              TYPE(a[i])->name);
    const char *enc = a[1] ? str_cstr(AS_STR(a[1])) : "utf-8";
    const char *errors = a[2] ? str_cstr(AS_STR(a[2])) : NULL;
    /* the codecs baton has in C: directly (the same functions the
     * encodings package would find) */
    if (codec_is_builtin(enc) && k == 0 && IS_STR(a[0])) return codec_encode_str(AS_STR(a[0]), enc, errors);
    if (codec_is_builtin(enc) && k == 1 && IS_BYTES(a[0]))
        return codec_decode_bytes(AS_BYTES(a[0])->data, (size_t)AS_BYTES(a[0])->len, enc, errors);
    Value info = codec_lookup(AS_STR(a[1] ? a[1] : str_from_cstr(enc)));
    if (!info) return VNULL;
    return codec_call(info, k, a[0], enc, errors ? errors : "strict");
}

static Value m_encode(Value *a, int n, ObjTuple *k) { return generic("encode", 0, a, n, k); }
static Value m_decode(Value *a, int n, ObjTuple *k) { return generic("decode", 1, a, n, k); }

static const MethodDef codecs_fns[] = {
    {"register", m_register}, {"unregister", m_unregister}, {"lookup", m_lookup},
    {"_forget_codec", m_forget_codec}, {"register_error", m_register_error}, {"lookup_error", m_lookup_error},
    {"encode", m_encode}, {"decode", m_decode},
    {"utf_8_encode", m_utf_8_encode}, {"utf_8_decode", m_utf_8_decode},
    {"utf_7_encode", m_utf_7_encode}, {"utf_7_decode", m_utf_7_decode},
    {"utf_16_encode", m_utf_16_encode}, {"utf_16_decode", m_utf_16_decode},
    {"utf_16_le_encode", m_utf_16_le_encode}, {"utf_16_le_decode", m_utf_16_le_decode},
    {"utf_16_be_encode", m_utf_16_be_encode}, {"utf_16_be_decode", m_utf_16_be_decode},
    {"utf_16_ex_decode", m_utf_16_ex_decode},
    {"utf_32_encode", m_utf_32_encode}, {"utf_32_decode", m_utf_32_decode},
    {"utf_32_le_encode", m_utf_32_le_encode}, {"utf_32_le_decode", m_utf_32_le_decode},
    {"utf_32_be_encode", m_utf_32_be_encode}, {"utf_32_be_decode", m_utf_32_be_decode},
    {"utf_32_ex_decode", m_utf_32_ex_decode},
    {"latin_1_encode", m_latin_1_encode}, {"latin_1_decode", m_latin_1_decode},
    {"ascii_encode", m_ascii_encode}, {"ascii_decode", m_ascii_decode},
    {"unicode_escape_encode", m_unicode_escape_encode}, {"unicode_escape_decode", m_unicode_escape_decode},
    {"raw_unicode_escape_encode", m_raw_unicode_escape_encode},
    {"raw_unicode_escape_decode", m_raw_unicode_escape_decode},
    {"escape_encode", m_escape_encode}, {"escape_decode", m_escape_decode},
    {"charmap_encode", m_charmap_encode}, {"charmap_decode", m_charmap_decode},
    {"charmap_build", m_charmap_build}, {"readbuffer_encode", m_readbuffer_encode},
    {NULL, NULL},
};

Value mod_codecs_init(void)
{
    Value mv = module_new(str_intern_cstr("_codecs"));
    if (!mv) return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = codecs_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    return err_occurred() ? VNULL : mv;
}
