/* codec.c — the C codecs, their error handlers and the codec registry
 * (codec.h).
 *
 * An encoder walks the code points of a str and asks its codec whether
 * each one can be encoded (Enc.can) and to encode it (Enc.put); a run of
 * code points it cannot encode goes to enc_error, which applies the error
 * handler.  A decoder reports a bad byte range with a reason to dec_error.
 * The built-in handlers are done in C; any other name is a function from
 * codecs.register_error, called with a UnicodeEncodeError/DecodeError that
 * carries the whole input, as CPython calls it.
 *
 * The registry (search functions, the lookup cache and the error
 * handlers) is the one codecs.register & co. manage; the first lookup
 * imports the `encodings` package, which registers its search function.
 */
#include "codec.h"

#include "containers.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"
#include "unicode.h"
#include "vm.h"

/* ---- exceptions -------------------------------------------------------- */

static Value uexc_new(Type *t, const char *encoding, Value obj, int64_t start, int64_t end, const char *reason)
{
    Value args = tuple_new(5);
    if (!args) return VNULL;
    ObjTuple *a = AS_TUPLE(args);
    a->items[0] = str_from_cstr(encoding);
    a->items[1] = obj;
    a->items[2] = int_from_i64(start);
    a->items[3] = int_from_i64(end);
    a->items[4] = str_from_cstr(reason);
    for (int i = 0; i < 5; i++)
        if (!a->items[i]) return VNULL;
    return exc_new(t, a);
}

/* ---- error handler names ----------------------------------------------- */

enum { EH_UNKNOWN, EH_STRICT, EH_IGNORE, EH_REPLACE, EH_BACKSLASH, EH_XMLCHARREF, EH_NAMEREPLACE,
       EH_SURROGATEESCAPE, EH_SURROGATEPASS, EH_CUSTOM };

static Value error_registry; /* dict: name -> handler (register_error) */

static int handler_kind(const char *errors)
{
    static const char *const names[] = {"strict", "ignore", "replace", "backslashreplace",
                                        "xmlcharrefreplace", "namereplace", "surrogateescape",
                                        "surrogatepass", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(errors, names[i])) return i + 1;
    return EH_UNKNOWN;
}

/* The registered handler for errors (a built-in name may have been
 * replaced by register_error), or VNULL with LookupError. */
static Value custom_handler(const char *errors)
{
    Value h = error_registry ? dict_get(error_registry, str_from_cstr(errors)) : VNULL;
    if (h) return h;
    if (!err_occurred()) err_format(exc_LookupError, "unknown error handler name '%s'", errors);
    return VNULL;
}

/* ---- encoding ---------------------------------------------------------- */

typedef struct Enc Enc;
struct Enc {
    const char *encoding, *errors, *reason;
    ObjStr *s;
    uint32_t *u;
    int64_t n;
    StrBuf out;
    bool (*can)(Enc *e, uint32_t cp);
    void (*put)(Enc *e, uint32_t cp);
    void (*pass)(Enc *e, uint32_t cp); /* surrogatepass; NULL: not supported */
    int kind;                          /* EH_*, resolved at the first error */
    Value handler;
    uint32_t limit;                    /* ascii / latin-1 */
    int order;                         /* utf-16/32: -1 little, 1 big */
    int unit;                          /* utf-16/32: 2/4: bytes replacements come in units; errors
                                        * are reported one code point at a time */
    bool rep_ascii;                    /* utf-8/16/32: a str replacement must be ASCII */
    bool esc_partial;                  /* utf-8: surrogateescape what it can, then raise */
    Value mapping;                     /* charmap */
};

static void enc_start(Enc *e, ObjStr *s, const char *encoding, const char *errors, const char *reason)
{
    memset(e, 0, sizeof *e);
    e->encoding = encoding;
    e->errors = errors ? errors : "strict";
    e->reason = reason;
    e->s = s;
    e->n = s->ncp;
    e->u = str_code_points(s);
    sb_init(&e->out);
}

static void enc_done(Enc *e)
{
    mem_free(e->u, (size_t)(e->n + 1) * 4);
    sb_free(&e->out);
}

static Value enc_raise(Enc *e, int64_t start, int64_t end)
{
    Value x = uexc_new(exc_UnicodeEncodeError, e->encoding, OBJ_VAL(e->s), start, end, e->reason);
    return x ? err_set_value(x) : VNULL;
}

static int put_ascii_text(Enc *e, const char *t, int64_t start, int64_t end)
{
    for (; *t; t++) {
        if (!e->can(e, (uint8_t)*t)) {
            enc_raise(e, start, end);
            return -1;
        }
        e->put(e, (uint8_t)*t);
    }
    return 0;
}

/* The text backslashreplace / xmlcharrefreplace / namereplace put for cp. */
static void replacement_text(int kind, uint32_t cp, char *buf)
{
    if (kind == EH_XMLCHARREF) {
        sprintf(buf, "&#%u;", cp);
        return;
    }
    if (kind == EH_NAMEREPLACE) {
        char name[UNICODE_NAME_MAX + 1];
        if (unicode_name(cp, name)) {
            sprintf(buf, "\\N{%s}", name);
            return;
        }
    }
    sprintf(buf, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
}

/* Apply the error handler to u[start..end); the new position or -1. */
static int64_t enc_error(Enc *e, int64_t start, int64_t end)
{
    if (!e->kind) e->kind = handler_kind(e->errors);
    if (e->kind == EH_UNKNOWN) {
        if (!e->handler && !(e->handler = custom_handler(e->errors))) return -1;
        e->kind = EH_CUSTOM;
    }
    char buf[UNICODE_NAME_MAX + 8];
    switch (e->kind) {
    case EH_STRICT: enc_raise(e, start, end); return -1;
    case EH_IGNORE: return end;
    case EH_REPLACE:
        for (int64_t k = start; k < end; k++)
            if (put_ascii_text(e, "?", start, end) < 0) return -1;
        return end;
    case EH_BACKSLASH: case EH_XMLCHARREF: case EH_NAMEREPLACE:
        for (int64_t k = start; k < end; k++) {
            replacement_text(e->kind, e->u[k], buf);
            if (put_ascii_text(e, buf, start, end) < 0) return -1;
        }
        return end;
    case EH_SURROGATEESCAPE:
        for (int64_t k = start; k < end; k++)
            if (e->u[k] < 0xDC80 || e->u[k] > 0xDCFF || e->unit > 1) {
                /* utf-8 keeps the bytes before the first bad one and
                 * reports from there (CPython's fast path) */
                if (e->esc_partial) {
                    for (int64_t j = start; j < k; j++) sb_addc(&e->out, (char)(e->u[j] - 0xDC00));
                    start = k;
                }
                enc_raise(e, start, end);
                return -1;
            }
        for (int64_t k = start; k < end; k++) sb_addc(&e->out, (char)(e->u[k] - 0xDC00));
        return end;
    case EH_SURROGATEPASS:
        for (int64_t k = start; k < end; k++)
            if (!e->pass || e->u[k] < 0xD800 || e->u[k] > 0xDFFF) { enc_raise(e, start, end); return -1; }
        for (int64_t k = start; k < end; k++) e->pass(e, e->u[k]);
        return end;
    default: break;
    }
    Value x = uexc_new(exc_UnicodeEncodeError, e->encoding, OBJ_VAL(e->s), start, end, e->reason);
    if (!x) return -1;
    Value r = obj_call(e->handler, &x, 1, NULL);
    if (!r) return -1;
    if (!IS_TUPLE(r) || AS_TUPLE(r)->len != 2 || !(IS_STR(AS_TUPLE(r)->items[0]) || IS_BYTES(AS_TUPLE(r)->items[0])) ||
        !int_check(AS_TUPLE(r)->items[1])) {
        err_set(exc_TypeError, "encoding error handler must return (str/bytes, int) tuple");
        return -1;
    }
    Value rep = AS_TUPLE(r)->items[0];
    int64_t pos;
    if (obj_as_int64(AS_TUPLE(r)->items[1], &pos) < 0) return -1;
    if (pos < 0) pos += e->n;
    if (pos < 0 || pos > e->n) {
        err_format(exc_IndexError, "position %lld from error handler out of bounds", (long long)AS_INT(AS_TUPLE(r)->items[1]));
        return -1;
    }
    if (IS_BYTES(rep)) {
        if (e->unit > 1 && AS_BYTES(rep)->len % e->unit) { enc_raise(e, start, end); return -1; }
        sb_add(&e->out, (const char *)AS_BYTES(rep)->data, (size_t)AS_BYTES(rep)->len);
    } else {
        ObjStr *t = AS_STR(rep);
        if (e->rep_ascii && !t->ascii) { enc_raise(e, start, end); return -1; }
        for (int64_t i = 0; i < t->len;) {
            int k;
            uint32_t cp = utf8_decode(t->data + i, (size_t)(t->len - i), &k);
            if (!e->can(e, cp)) { enc_raise(e, start, end); return -1; }
            e->put(e, cp);
            i += k;
        }
    }
    return pos;
}

static Value enc_run(Enc *e)
{
    for (int64_t i = 0; i < e->n;) {
        if (e->can(e, e->u[i])) {
            e->put(e, e->u[i]);
            i++;
            continue;
        }
        int64_t end = i + 1;
        while (!e->unit && end < e->n && !e->can(e, e->u[end])) end++;
        i = enc_error(e, i, end);
        if (i < 0) {
            enc_done(e);
            return VNULL;
        }
    }
    Value b = bytes_new((const uint8_t *)e->out.data, e->out.len);
    enc_done(e);
    return b;
}

static bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

bool codec_has_surrogates(ObjStr *s)
{
    if (s->ascii) return false;
    const uint8_t *p = (const uint8_t *)s->data, *end = p + s->len;
    while ((p = memchr(p, 0xED, (size_t)(end - p))) && p + 1 < end) {
        if (p[1] >= 0xA0) return true;
        p++;
    }
    return false;
}

static bool can_utf8(Enc *e, uint32_t cp) { (void)e; return !is_surrogate(cp); }
static void put_utf8(Enc *e, uint32_t cp)
{
    char b[4];
    sb_add(&e->out, b, (size_t)utf8_encode(cp, b));
}

Value codec_utf8_encode(ObjStr *s, const char *errors)
{
    if (!codec_has_surrogates(s)) return bytes_new((const uint8_t *)s->data, (size_t)s->len);
    Enc e;
    enc_start(&e, s, "utf-8", errors, "surrogates not allowed");
    e.can = can_utf8;
    e.put = put_utf8;
    e.pass = put_utf8;
    e.rep_ascii = e.esc_partial = true;
    return enc_run(&e);
}

static bool can_limit(Enc *e, uint32_t cp) { return cp < e->limit; }
static void put_byte(Enc *e, uint32_t cp) { sb_addc(&e->out, (char)cp); }

static Value encode_8bit(ObjStr *s, const char *errors, const char *name, uint32_t limit)
{
    if (s->ascii) return bytes_new((const uint8_t *)s->data, (size_t)s->len);
    Enc e;
    enc_start(&e, s, name, errors, limit == 128 ? "ordinal not in range(128)" : "ordinal not in range(256)");
    e.limit = limit;
    e.esc_partial = true;
    e.can = can_limit;
    e.put = put_byte;
    return enc_run(&e);
}

Value codec_latin1_encode(ObjStr *s, const char *errors) { return encode_8bit(s, errors, "latin-1", 256); }
Value codec_ascii_encode(ObjStr *s, const char *errors) { return encode_8bit(s, errors, "ascii", 128); }

static void put_unit16(Enc *e, uint32_t u)
{
    char b[2];
    if (e->order < 0) { b[0] = (char)(u & 0xff); b[1] = (char)(u >> 8); }
    else { b[0] = (char)(u >> 8); b[1] = (char)(u & 0xff); }
    sb_add(&e->out, b, 2);
}

static void put_utf16(Enc *e, uint32_t cp)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        put_unit16(e, 0xD800 | (cp >> 10));
        put_unit16(e, 0xDC00 | (cp & 0x3FF));
    } else {
        put_unit16(e, cp);
    }
}

static bool can_utf16(Enc *e, uint32_t cp) { (void)e; return !is_surrogate(cp); }

static void put_utf32(Enc *e, uint32_t cp)
{
    char b[4];
    for (int i = 0; i < 4; i++) b[e->order < 0 ? i : 3 - i] = (char)((cp >> (8 * i)) & 0xff);
    sb_add(&e->out, b, 4);
}

/* UTF-16 / UTF-32: byteorder 0 writes a BOM, then little-endian */
static Value encode_wide(ObjStr *s, const char *errors, int byteorder, bool utf32)
{
    static const char *const names[2][3] = {{"utf-16-le", "utf-16", "utf-16-be"}, {"utf-32-le", "utf-32", "utf-32-be"}};
    Enc e;
    enc_start(&e, s, names[utf32][byteorder + 1], errors, "surrogates not allowed");
    e.order = byteorder ? byteorder : -1;
    e.unit = utf32 ? 4 : 2;
    e.rep_ascii = true;
    e.can = can_utf16;
    e.put = e.pass = utf32 ? put_utf32 : put_utf16;
    if (byteorder == 0) e.put(&e, 0xFEFF);
    return enc_run(&e);
}

Value codec_utf16_encode(ObjStr *s, const char *errors, int byteorder) { return encode_wide(s, errors, byteorder, false); }
Value codec_utf32_encode(ObjStr *s, const char *errors, int byteorder) { return encode_wide(s, errors, byteorder, true); }

/* ---- decoding ---------------------------------------------------------- */

typedef struct {
    const char *encoding, *errors;
    const uint8_t *p;
    int64_t n;
    Value obj; /* the input as bytes, made at the first error */
    StrBuf out;
    int kind;
    Value handler;
} Dec;

static void dec_start(Dec *d, const uint8_t *p, size_t n, const char *encoding, const char *errors)
{
    memset(d, 0, sizeof *d);
    d->encoding = encoding;
    d->errors = errors ? errors : "strict";
    d->p = p;
    d->n = (int64_t)n;
    sb_init(&d->out);
}

static void out_cp(StrBuf *b, uint32_t cp)
{
    char u[4];
    sb_add(b, u, (size_t)utf8_encode(cp, u));
}

static Value dec_exc(Dec *d, int64_t start, int64_t end, const char *reason)
{
    if (!d->obj && !(d->obj = bytes_new(d->p, (size_t)d->n))) return VNULL;
    return uexc_new(exc_UnicodeDecodeError, d->encoding, d->obj, start, end, reason);
}

static int64_t dec_raise(Dec *d, int64_t start, int64_t end, const char *reason)
{
    Value x = dec_exc(d, start, end, reason);
    if (x) err_set_value(x);
    return -1;
}

/* Apply the error handler to p[start..end); the new position or -1. */
static int64_t dec_error(Dec *d, int64_t start, int64_t end, const char *reason)
{
    if (!d->kind) d->kind = handler_kind(d->errors);
    if (d->kind == EH_UNKNOWN) {
        if (!d->handler && !(d->handler = custom_handler(d->errors))) return -1;
        d->kind = EH_CUSTOM;
    }
    switch (d->kind) {
    case EH_STRICT: case EH_SURROGATEPASS: return dec_raise(d, start, end, reason);
    case EH_IGNORE: return end;
    case EH_REPLACE: out_cp(&d->out, 0xFFFD); return end;
    case EH_BACKSLASH:
        for (int64_t k = start; k < end; k++) {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", d->p[k]);
            sb_adds(&d->out, buf);
        }
        return end;
    case EH_SURROGATEESCAPE: {
        /* CPython's handler: up to 4 leading bytes >= 128; an ASCII byte
         * first is refused */
        int64_t k = start;
        while (k < end && k < start + 4 && d->p[k] >= 0x80) out_cp(&d->out, 0xDC00 + d->p[k++]);
        if (k == start) return dec_raise(d, start, end, reason);
        return k;
    }
    case EH_XMLCHARREF: case EH_NAMEREPLACE:
        err_set(exc_TypeError, "don't know how to handle UnicodeDecodeError in error callback");
        return -1;
    default: break;
    }
    Value x = dec_exc(d, start, end, reason);
    if (!x) return -1;
    Value r = obj_call(d->handler, &x, 1, NULL);
    if (!r) return -1;
    if (!IS_TUPLE(r) || AS_TUPLE(r)->len != 2 || !IS_STR(AS_TUPLE(r)->items[0]) || !int_check(AS_TUPLE(r)->items[1])) {
        err_set(exc_TypeError, "decoding error handler must return (str, int) tuple");
        return -1;
    }
    int64_t pos;
    if (obj_as_int64(AS_TUPLE(r)->items[1], &pos) < 0) return -1;
    if (pos < 0) pos += d->n;
    if (pos < 0 || pos > d->n) {
        err_format(exc_IndexError, "position %lld from error handler out of bounds", (long long)pos);
        return -1;
    }
    ObjStr *t = AS_STR(AS_TUPLE(r)->items[0]);
    sb_add(&d->out, t->data, (size_t)t->len);
    return pos;
}

static Value dec_finish(Dec *d, bool ok)
{
    if (!ok) {
        sb_free(&d->out);
        return VNULL;
    }
    return sb_finish(&d->out);
}

/* Length of the valid UTF-8 sequence at s[i] (1..4), or 0 with *bad_end
 * and *why describing the error (CPython's ranges and reasons). */
static int utf8_seq(const uint8_t *s, int64_t len, int64_t i, int64_t *bad_end, const char **why)
{
    uint8_t c = s[i];
    if (c < 0x80) return 1;
    int n;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else { *bad_end = i + 1; *why = "invalid start byte"; return 0; }
    for (int k = 1; k < n; k++) {
        if (i + k >= len) { *bad_end = len; *why = "unexpected end of data"; return 0; }
        uint8_t d = s[i + k];
        uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (d < l || d > h) { *bad_end = i + k; *why = "invalid continuation byte"; return 0; }
    }
    return n;
}

Value codec_utf8_decode(const uint8_t *s, size_t len, const char *errors, bool final, size_t *consumed)
{
    Dec d;
    dec_start(&d, s, len, "utf-8", errors);
    int64_t n = (int64_t)len, i = 0;
    bool ok = true;
    while (i < n) {
        int64_t j = i;
        while (j < n && s[j] < 0x80) j++;
        if (j > i) {
            sb_add(&d.out, (const char *)s + i, (size_t)(j - i));
            i = j;
            if (i >= n) break;
        }
        int64_t bad_end;
        const char *why;
        int k = utf8_seq(s, n, i, &bad_end, &why);
        if (k) {
            sb_add(&d.out, (const char *)s + i, (size_t)k);
            i += k;
            continue;
        }
        if (!final && bad_end == n && !strcmp(why, "unexpected end of data")) break;
        /* surrogatepass: an encoded surrogate ED A0..BF 80..BF */
        if (s[i] == 0xED && i + 2 < n && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF && (s[i + 2] & 0xC0) == 0x80) {
            if (!d.kind) d.kind = handler_kind(d.errors);
            if (d.kind == EH_SURROGATEPASS) {
                sb_add(&d.out, (const char *)s + i, 3);
                i += 3;
                continue;
            }
        }
        i = dec_error(&d, i, bad_end, why);
        if (i < 0) { ok = false; break; }
    }
    if (consumed) *consumed = (size_t)(i < 0 ? 0 : i);
    return dec_finish(&d, ok);
}

Value codec_fs_decode(const char *p, size_t n)
{
    if (utf8_valid(p, n)) return str_new(p, n);
    return codec_utf8_decode((const uint8_t *)p, n, "surrogateescape", true, NULL);
}

Value codec_fs_encode(ObjStr *s) { return codec_utf8_encode(s, "surrogateescape"); }

static Value decode_8bit(const uint8_t *s, size_t len, const char *errors, bool latin1)
{
    Dec d;
    dec_start(&d, s, len, latin1 ? "latin-1" : "ascii", errors);
    bool ok = true;
    for (int64_t i = 0; i < (int64_t)len;) {
        uint8_t c = s[i];
        if (c < 0x80) { sb_addc(&d.out, (char)c); i++; continue; }
        if (latin1) { out_cp(&d.out, c); i++; continue; }
        i = dec_error(&d, i, i + 1, "ordinal not in range(128)");
        if (i < 0) { ok = false; break; }
    }
    return dec_finish(&d, ok);
}

Value codec_latin1_decode(const uint8_t *p, size_t n, const char *errors) { return decode_8bit(p, n, errors, true); }
Value codec_ascii_decode(const uint8_t *p, size_t n, const char *errors) { return decode_8bit(p, n, errors, false); }

static uint32_t rd16(const uint8_t *p, int order) { return order < 0 ? p[0] | (uint32_t)p[1] << 8 : (uint32_t)p[0] << 8 | p[1]; }
static uint32_t rd32(const uint8_t *p, int order)
{
    return order < 0 ? p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
                     : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

Value codec_utf16_decode(const uint8_t *s, size_t len, const char *errors, int *byteorder, bool final,
                         size_t *consumed)
{
    int order = *byteorder;
    int64_t n = (int64_t)len, i = 0;
    if (order == 0 && n >= 2) {
        uint32_t bom = rd16(s, -1);
        if (bom == 0xFEFF) { order = -1; i = 2; }
        else if (bom == 0xFFFE) { order = 1; i = 2; }
    }
    if (order != 0) *byteorder = order;
    Dec d;
    dec_start(&d, s, len, order <= 0 ? "utf-16-le" : "utf-16-be", errors); /* CPython's names */
    if (order == 0) order = -1;
    bool ok = true;
    while (i < n) {
        const char *why = NULL;
        int64_t end = 0;
        if (n - i < 2) {
            if (!final) break;
            why = "truncated data";
            end = n;
        } else {
            uint32_t u = rd16(s + i, order);
            if (u < 0xD800 || u > 0xDFFF) { out_cp(&d.out, u); i += 2; continue; }
            if (u >= 0xDC00) { why = "illegal encoding"; end = i + 2; }
            else if (n - i < 4) {
                if (!final) break;
                why = "unexpected end of data";
                end = n;
            } else {
                uint32_t v = rd16(s + i + 2, order);
                if (v >= 0xDC00 && v <= 0xDFFF) {
                    out_cp(&d.out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                    i += 4;
                    continue;
                }
                why = "illegal UTF-16 surrogate";
                end = i + 2;
            }
            if (!d.kind) d.kind = handler_kind(d.errors);
            if (d.kind == EH_SURROGATEPASS) { out_cp(&d.out, u); i += 2; continue; }
        }
        i = dec_error(&d, i, end, why);
        if (i < 0) { ok = false; break; }
    }
    if (consumed) *consumed = (size_t)(i < 0 ? 0 : i);
    return dec_finish(&d, ok);
}

Value codec_utf32_decode(const uint8_t *s, size_t len, const char *errors, int *byteorder, bool final,
                         size_t *consumed)
{
    int order = *byteorder;
    int64_t n = (int64_t)len, i = 0;
    if (order == 0 && n >= 4) {
        uint32_t bom = rd32(s, -1);
        if (bom == 0xFEFF) { order = -1; i = 4; }
        else if (bom == 0xFFFE0000u) { order = 1; i = 4; }
    }
    if (order != 0) *byteorder = order;
    Dec d;
    dec_start(&d, s, len, order <= 0 ? "utf-32-le" : "utf-32-be", errors);
    if (order == 0) order = -1;
    bool ok = true;
    while (i < n) {
        const char *why;
        int64_t end;
        if (n - i < 4) {
            if (!final) break;
            why = "truncated data";
            end = n;
        } else {
            uint32_t u = rd32(s + i, order);
            if (u < 0x110000 && !is_surrogate(u)) { out_cp(&d.out, u); i += 4; continue; }
            end = i + 4;
            if (u >= 0x110000) {
                why = "code point not in range(0x110000)";
            } else {
                why = "code point in surrogate code point range(0xd800, 0xe000)";
                if (!d.kind) d.kind = handler_kind(d.errors);
                if (d.kind == EH_SURROGATEPASS) { out_cp(&d.out, u); i += 4; continue; }
            }
        }
        i = dec_error(&d, i, end, why);
        if (i < 0) { ok = false; break; }
    }
    if (consumed) *consumed = (size_t)(i < 0 ? 0 : i);
    return dec_finish(&d, ok);
}

/* ---- unicode_escape / raw_unicode_escape / escape ----------------------- */

Value codec_unicode_escape_encode(ObjStr *s, bool raw)
{
    StrBuf b;
    sb_init(&b);
    for (int64_t i = 0; i < s->len;) {
        int k;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &k);
        i += k;
        char buf[16];
        if (raw) {
            if (cp < 0x100) sb_addc(&b, (char)cp);
            else {
                snprintf(buf, sizeof buf, cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
                sb_adds(&b, buf);
            }
            continue;
        }
        if (cp == '\\') sb_add(&b, "\\\\", 2);
        else if (cp == '\t') sb_add(&b, "\\t", 2);
        else if (cp == '\n') sb_add(&b, "\\n", 2);
        else if (cp == '\r') sb_add(&b, "\\r", 2);
        else if (cp >= 0x20 && cp < 0x7f) sb_addc(&b, (char)cp);
        else {
            snprintf(buf, sizeof buf, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
            sb_adds(&b, buf);
        }
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
}

static int hexval(uint8_t c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

Value codec_unicode_escape_decode(const uint8_t *s, size_t len, const char *errors, bool raw, bool final,
                                  size_t *consumed)
{
    Dec d;
    dec_start(&d, s, len, raw ? "rawunicodeescape" : "unicodeescape", errors);
    int64_t n = (int64_t)len, i = 0;
    bool ok = true;
    while (i < n) {
        uint8_t c = s[i];
        if (c != '\\') { out_cp(&d.out, c); i++; continue; }
        int64_t start = i;
        if (i + 1 >= n) {
            if (!final) break;
            if (raw) { sb_addc(&d.out, '\\'); i++; continue; }
            i = dec_error(&d, start, n, "\\ at end of string");
            if (i < 0) { ok = false; break; }
            continue;
        }
        uint8_t e = s[i + 1];
        if (raw && e != 'u' && e != 'U') { sb_addc(&d.out, '\\'); i++; continue; }
        i += 2;
        uint32_t cp = 0;
        int nd = 0;
        const char *trunc = NULL;
        switch (e) {
        case '\n': continue;
        case '\\': cp = '\\'; break;
        case '\'': cp = '\''; break;
        case '"': cp = '"'; break;
        case 'b': cp = 8; break;
        case 'f': cp = 12; break;
        case 't': cp = 9; break;
        case 'n': cp = 10; break;
        case 'r': cp = 13; break;
        case 'v': cp = 11; break;
        case 'a': cp = 7; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            cp = (uint32_t)(e - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++) cp = cp * 8 + (uint32_t)(s[i++] - '0');
            break;
        case 'x': nd = 2; trunc = "truncated \\xXX escape"; break;
        case 'u': nd = 4; trunc = "truncated \\uXXXX escape"; break;
        case 'U': nd = 8; trunc = "truncated \\UXXXXXXXX escape"; break;
        case 'N': {
            /* as CPython: the error range ends where the scan stopped */
            const char *msg = "malformed \\N character escape";
            bool incomplete = i >= n;
            if (!incomplete && s[i] == '{') {
                int64_t name = ++i;
                while (i < n && s[i] != '}') i++;
                incomplete = i >= n;
                if (!incomplete && i > name) {
                    uint32_t found[4];
                    i++;
                    if (unicode_lookup((const char *)s + name, (size_t)(i - 1 - name), false, found)) {
                        out_cp(&d.out, found[0]);
                        continue;
                    }
                    msg = "unknown Unicode character name";
                }
            }
            if (incomplete && !final) { i = start; goto stop; }
            i = dec_error(&d, start, i, msg);
            if (i < 0) { ok = false; goto stop; }
            continue;
        }
        default:
            sb_addc(&d.out, '\\');
            out_cp(&d.out, e);
            continue;
        }
        if (nd) {
            int k = 0;
            for (; k < nd && i < n && hexval(s[i]) >= 0; k++) cp = cp * 16 + (uint32_t)hexval(s[i++]);
            if (k < nd) {
                if (i >= n && !final) { i = start; break; }
                i = dec_error(&d, start, i, trunc);
                if (i < 0) { ok = false; break; }
                continue;
            }
            if (cp > 0x10FFFF) {
                i = dec_error(&d, start, i, raw ? "\\Uxxxxxxxx out of range" : "illegal Unicode character");
                if (i < 0) { ok = false; break; }
                continue;
            }
        }
        out_cp(&d.out, cp);
    }
stop:
    if (consumed) *consumed = (size_t)(i < 0 ? 0 : i);
    return dec_finish(&d, ok);
}

Value codec_escape_encode(const uint8_t *p, size_t n)
{
    StrBuf b;
    sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\\' || c == '\'') { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
        else if (c == '\t') sb_add(&b, "\\t", 2);
        else if (c == '\n') sb_add(&b, "\\n", 2);
        else if (c == '\r') sb_add(&b, "\\r", 2);
        else if (c < 0x20 || c >= 0x7f) sb_printf(&b, "\\x%02x", c);
        else sb_addc(&b, (char)c);
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
}

Value codec_escape_decode(const uint8_t *s, size_t n, const char *errors)
{
    StrBuf b;
    sb_init(&b);
    bool ignore = errors && !strcmp(errors, "ignore"), replace = errors && !strcmp(errors, "replace");
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i++];
        if (c != '\\') { sb_addc(&b, (char)c); continue; }
        if (i >= n) { sb_free(&b); return err_set(exc_ValueError, "Trailing \\ in string"); }
        uint8_t e = s[i++];
        switch (e) {
        case '\n': break;
        case '\\': sb_addc(&b, '\\'); break;
        case '\'': sb_addc(&b, '\''); break;
        case '"': sb_addc(&b, '"'); break;
        case 'b': sb_addc(&b, 8); break;
        case 'f': sb_addc(&b, 12); break;
        case 't': sb_addc(&b, 9); break;
        case 'n': sb_addc(&b, 10); break;
        case 'r': sb_addc(&b, 13); break;
        case 'v': sb_addc(&b, 11); break;
        case 'a': sb_addc(&b, 7); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(e - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++) v = v * 8 + (unsigned)(s[i++] - '0');
            sb_addc(&b, (char)(v & 0xff));
            break;
        }
        case 'x':
            if (i + 1 < n && hexval(s[i]) >= 0 && hexval(s[i + 1]) >= 0) {
                sb_addc(&b, (char)(hexval(s[i]) * 16 + hexval(s[i + 1])));
                i += 2;
                break;
            }
            if (ignore) { while (i < n && hexval(s[i]) >= 0) i++; break; }
            if (replace) { sb_addc(&b, '?'); while (i < n && hexval(s[i]) >= 0) i++; break; }
            sb_free(&b);
            if (errors && strcmp(errors, "strict"))
                return err_format(exc_ValueError, "decoding error; unknown error handling code: %s", errors);
            return err_format(exc_ValueError, "invalid \\x escape at position %zu", i - 2);
        default:
            sb_addc(&b, '\\');
            sb_addc(&b, (char)e);
            break;
        }
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
}

/* ---- utf-7 (RFC 2152, as CPython) --------------------------------------- */

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64val(uint8_t c)
{
    const char *p = c ? strchr(b64chars, c) : NULL;
    return p ? (int)(p - b64chars) : -1;
}

/* Characters encoded directly (CPython's "set D" plus the optional set O
 * characters it leaves direct, and whitespace). */
static bool utf7_direct(uint32_t c)
{
    if (c >= 128) return false;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return strchr("'(),-./:? \t\r\n!\"#$%&*;<=>@[]^_`{|}", (int)c) != NULL && c != 0;
}

Value codec_utf7_encode(ObjStr *s, const char *errors)
{
    (void)errors;
    StrBuf b;
    sb_init(&b);
    bool inshift = false;
    int bits = 0;
    uint32_t acc = 0;
    for (int64_t i = 0; i < s->len;) {
        int k;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &k);
        i += k;
        if (inshift) {
            if (utf7_direct(cp)) {
                if (bits) sb_addc(&b, b64chars[(acc << (6 - bits)) & 0x3f]);
                /* a '-' ends the shift when the next char could be base64 */
                if (b64val((uint8_t)cp) >= 0 || cp == '-') sb_addc(&b, '-');
                inshift = false;
                bits = 0;
                acc = 0;
                sb_addc(&b, (char)cp);
                continue;
            }
        } else if (cp == '+') {
            sb_add(&b, "+-", 2);
            continue;
        } else if (utf7_direct(cp)) {
            sb_addc(&b, (char)cp);
            continue;
        } else {
            sb_addc(&b, '+');
            inshift = true;
        }
        uint32_t units[2];
        int nu = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 | ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 | ((cp - 0x10000) & 0x3FF);
            nu = 2;
        } else {
            units[0] = cp;
        }
        for (int u = 0; u < nu; u++) {
            acc = (acc << 16) | units[u];
            bits += 16;
            while (bits >= 6) {
                bits -= 6;
                sb_addc(&b, b64chars[(acc >> bits) & 0x3f]);
            }
            acc &= (1u << bits) - 1;
        }
    }
    if (inshift) {
        if (bits) sb_addc(&b, b64chars[(acc << (6 - bits)) & 0x3f]);
        sb_addc(&b, '-');
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
}

Value codec_utf7_decode(const uint8_t *s, size_t len, const char *errors, bool final, size_t *consumed)
{
    Dec d;
    dec_start(&d, s, len, "utf7", errors);
    int64_t n = (int64_t)len, i = 0, shift_start = 0, out_at_shift = 0;
    bool inshift = false, ok = true;
    int bits = 0;
    uint32_t acc = 0, high = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (inshift) {
            int v = b64val(c);
            if (v >= 0) {
                acc = (acc << 6) | (uint32_t)v;
                bits += 6;
                i++;
                if (bits >= 16) {
                    bits -= 16;
                    uint32_t u = (acc >> bits) & 0xFFFF;
                    acc &= (1u << bits) - 1;
                    if (high) {
                        if (u >= 0xDC00 && u <= 0xDFFF) {
                            out_cp(&d.out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
                            high = 0;
                            continue;
                        }
                        out_cp(&d.out, high);
                        high = 0;
                    }
                    if (u >= 0xD800 && u <= 0xDBFF) high = u;
                    else out_cp(&d.out, u);
                }
                continue;
            }
            /* end of the shift sequence */
            inshift = false;
            if (high && c < 0x80 && c != '+') out_cp(&d.out, high);
            high = 0;
            if (bits >= 6 || acc) {
                /* as CPython: the terminating character goes with the error */
                i = dec_error(&d, shift_start, i + 1, bits >= 6 ? "partial character in shift sequence"
                                                                : "non-zero padding bits in shift sequence");
                if (i < 0) { ok = false; break; }
                bits = 0;
                acc = 0;
                continue;
            }
            bits = 0;
            acc = 0;
            if (c == '-') { i++; continue; }
            continue;
        }
        if (c == '+') {
            shift_start = i;
            out_at_shift = (int64_t)d.out.len;
            i++;
            if (i < n && s[i] == '-') { sb_addc(&d.out, '+'); i++; continue; }
            if (i < n && b64val(s[i]) < 0) {
                i = dec_error(&d, shift_start, i + 1, "ill-formed sequence");
                if (i < 0) { ok = false; break; }
                continue;
            }
            inshift = true;
            continue;
        }
        if (c >= 0x80) {
            i = dec_error(&d, i, i + 1, "unexpected special character");
            if (i < 0) { ok = false; break; }
            continue;
        }
        sb_addc(&d.out, (char)c);
        i++;
    }
    if (ok && inshift) {
        if (!final) {
            /* leave the unfinished shift sequence for the next call */
            d.out.len = (size_t)out_at_shift;
            i = shift_start;
        } else {
            if (high || bits >= 6 || acc) {
                int64_t r = dec_error(&d, shift_start, n, "unterminated shift sequence");
                if (r < 0) ok = false;
            }
        }
    }
    if (consumed) *consumed = (size_t)(i < 0 ? 0 : i);
    return dec_finish(&d, ok);
}

/* ---- charmap ----------------------------------------------------------- */

typedef struct { Obj obj; int count; uint32_t cp[256]; uint8_t byte[256]; } ObjEncodingMap;

static Value encmap_size(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("size", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return MK_INT(sizeof(ObjEncodingMap) + 256 * 5);
}

Type type_encoding_map = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "EncodingMap",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjEncodingMap),
};

static void encmap_add(ObjEncodingMap *m, uint32_t cp, int b)
{
    /* insertion into the sorted array; the last byte for a cp wins */
    int j = m->count;
    while (j > 0 && m->cp[j - 1] > cp) j--;
    if (j > 0 && m->cp[j - 1] == cp) {
        m->byte[j - 1] = (uint8_t)b;
        return;
    }
    memmove(&m->cp[j + 1], &m->cp[j], (size_t)(m->count - j) * 4);
    memmove(&m->byte[j + 1], &m->byte[j], (size_t)(m->count - j));
    m->cp[j] = cp;
    m->byte[j] = (uint8_t)b;
    m->count++;
}

Value codec_charmap_build(ObjStr *table)
{
    /* CPython builds its three-level EncodingMap only for a full 256-entry
     * table of BMP characters starting with NUL; anything else is a dict
     * {ord(c): i} */
    bool dict = table->ncp != 256 || table->data[0] != 0;
    for (int64_t i = 0; i < table->len && !dict; i++)
        if ((uint8_t)table->data[i] >= 0xF0) dict = true;
    if (dict) {
        Value d = dict_new();
        int64_t k = 0;
        for (int64_t i = 0; i < table->len; k++) {
            int n;
            uint32_t cp = utf8_decode(table->data + i, (size_t)(table->len - i), &n);
            i += n;
            if (dict_set(d, MK_INT(cp), MK_INT(k)) < 0) return VNULL;
        }
        return d;
    }
    ObjEncodingMap *m = (ObjEncodingMap *)gc_new(&type_encoding_map, sizeof(ObjEncodingMap));
    m->count = 0;
    int64_t b = 0;
    for (int64_t i = 0; i < table->len && b < 256; b++) {
        int k;
        uint32_t cp = utf8_decode(table->data + i, (size_t)(table->len - i), &k);
        i += k;
        if (cp == 0xFFFE) continue;
        encmap_add(m, cp, (int)b);
    }
    return OBJ_VAL(m);
}

static int encmap_find(ObjEncodingMap *m, uint32_t cp)
{
    int lo = 0, hi = m->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (m->cp[mid] < cp) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->count && m->cp[lo] == cp ? m->byte[lo] : -1;
}

/* Look cp up in a charmap encoding mapping: 1 found (bytes appended to
 * out when out != NULL), 0 undefined, -1 error. */
static int charmap_lookup(Value mapping, uint32_t cp, StrBuf *out)
{
    if (IS_OBJ(mapping) && AS_OBJ(mapping)->type == &type_encoding_map) {
        int b = encmap_find((ObjEncodingMap *)AS_OBJ(mapping), cp);
        if (b < 0) return 0;
        if (out) sb_addc(out, (char)b);
        return 1;
    }
    Value r = obj_getitem(mapping, MK_INT(cp));
    if (!r) {
        if (err_matches(exc_LookupError)) { err_clear(); return 0; }
        return -1;
    }
    if (IS_NONE(r)) return 0;
    if (IS_INT(r)) {
        if (AS_INT(r) < 0 || AS_INT(r) > 255) {
            err_set(exc_TypeError, "character mapping must be in range(256)");
            return -1;
        }
        if (out) sb_addc(out, (char)AS_INT(r));
        return 1;
    }
    if (IS_BYTES(r)) {
        if (out) sb_add(out, (const char *)AS_BYTES(r)->data, (size_t)AS_BYTES(r)->len);
        return 1;
    }
    err_set(exc_TypeError, "character mapping must return integer, bytes or None, not str");
    return -1;
}

static bool charmap_failed;
static bool can_charmap(Enc *e, uint32_t cp)
{
    int r = charmap_lookup(e->mapping, cp, NULL);
    if (r < 0) charmap_failed = true;
    return r != 0;
}
static void put_charmap(Enc *e, uint32_t cp) { charmap_lookup(e->mapping, cp, &e->out); }

Value codec_charmap_encode(ObjStr *s, const char *errors, Value mapping)
{
    if (!mapping || IS_NONE(mapping)) return codec_latin1_encode(s, errors);
    Enc e;
    enc_start(&e, s, "charmap", errors, "character maps to <undefined>");
    e.mapping = mapping;
    e.can = can_charmap;
    e.put = put_charmap;
    charmap_failed = false;
    Value r = enc_run(&e);
    if (charmap_failed && err_occurred()) return VNULL;
    return r;
}

Value codec_charmap_decode(const uint8_t *s, size_t len, const char *errors, Value mapping)
{
    if (!mapping || IS_NONE(mapping)) return codec_latin1_decode(s, len, errors);
    Dec d;
    dec_start(&d, s, len, "charmap", errors);
    bool ok = true;
    ObjStr *table = IS_STR(mapping) ? AS_STR(mapping) : NULL;
    uint32_t *tab = table ? str_code_points(table) : NULL;
    for (int64_t i = 0; i < (int64_t)len;) {
        uint8_t c = s[i];
        if (tab) {
            if (c < table->ncp && tab[c] != 0xFFFE) { out_cp(&d.out, tab[c]); i++; continue; }
        } else {
            Value r = obj_getitem(mapping, MK_INT(c));
            if (!r && !err_matches(exc_LookupError)) { ok = false; break; }
            if (!r) err_clear();
            else if (IS_INT(r)) {
                if (AS_INT(r) < 0 || AS_INT(r) > 0x10FFFF) {
                    err_set(exc_TypeError, "character mapping must be in range(0x110000)");
                    ok = false;
                    break;
                }
                if (AS_INT(r) != 0xFFFE) { out_cp(&d.out, (uint32_t)AS_INT(r)); i++; continue; }
            } else if (IS_STR(r)) {
                if (!(AS_STR(r)->ncp == 1 && !strcmp(AS_STR(r)->data, "\xEF\xBF\xBE"))) {
                    sb_add(&d.out, AS_STR(r)->data, (size_t)AS_STR(r)->len);
                    i++;
                    continue;
                }
            } else if (!IS_NONE(r)) {
                err_set(exc_TypeError, "character mapping must return integer, None or str");
                ok = false;
                break;
            }
        }
        i = dec_error(&d, i, i + 1, "character maps to <undefined>");
        if (i < 0) { ok = false; break; }
    }
    if (tab) mem_free(tab, (size_t)(table->ncp + 1) * 4);
    return dec_finish(&d, ok);
}

/* ---- the single-byte codecs of the encodings package -------------------- */

#include "charmaps.h"

#define NCHARMAPS (sizeof charmap_tables / sizeof charmap_tables[0])
static Value charmap_encmaps[NCHARMAPS]; /* EncodingMap per table, made at first use */

/* The table codec a normalized name stands for, or -1. */
static int table_codec(const char *norm)
{
    for (size_t i = 0; i < sizeof charmap_aliases / sizeof charmap_aliases[0]; i++)
        if (!strcmp(norm, charmap_aliases[i].alias)) {
            norm = charmap_aliases[i].name;
            break;
        }
    for (size_t i = 0; i < NCHARMAPS; i++)
        if (!strcmp(norm, charmap_tables[i].name)) return (int)i;
    return -1;
}

static Value table_encode(ObjStr *s, const char *errors, int k)
{
    if (!charmap_encmaps[k]) {
        ObjEncodingMap *m = (ObjEncodingMap *)gc_new(&type_encoding_map, sizeof(ObjEncodingMap));
        m->count = 0;
        for (int b = 0; b < 256; b++)
            if (charmap_tables[k].table[b] != 0xFFFE) encmap_add(m, charmap_tables[k].table[b], b);
        charmap_encmaps[k] = OBJ_VAL(m);
        gc_add_root_value(&charmap_encmaps[k]);
    }
    return codec_charmap_encode(s, errors, charmap_encmaps[k]);
}

static Value table_decode(const uint8_t *p, size_t n, const char *errors, int k)
{
    const uint16_t *t = charmap_tables[k].table;
    Dec d;
    dec_start(&d, p, n, "charmap", errors);
    bool ok = true;
    for (int64_t i = 0; i < (int64_t)n;) {
        if (t[p[i]] != 0xFFFE) {
            out_cp(&d.out, t[p[i]]);
            i++;
            continue;
        }
        i = dec_error(&d, i, i + 1, "character maps to <undefined>");
        if (i < 0) { ok = false; break; }
    }
    return dec_finish(&d, ok);
}

/* ---- names and dispatch ------------------------------------------------- */

void codec_normalize(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    bool punct = false;
    for (; *in && k + 2 < cap; in++) {
        char c = *in;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
        if (!keep) { punct = true; continue; }
        if (punct && k) out[k++] = '_';
        punct = false;
        out[k++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    out[k] = 0;
}

enum { C_NONE, C_UTF8, C_LATIN1, C_ASCII, C_UTF16, C_UTF16LE, C_UTF16BE, C_UTF32, C_UTF32LE, C_UTF32BE,
       C_UTF7, C_UNIESC, C_RAWUNIESC, C_TABLE /* + index in charmap_tables */ };

/* The C codec a normalized name stands for (the aliases of CPython's
 * encodings.aliases for these codecs). */
static int builtin_codec(const char *encoding)
{
    static const struct { const char *name; int codec; } names[] = {
        {"utf_8", C_UTF8}, {"utf8", C_UTF8}, {"u8", C_UTF8}, {"utf", C_UTF8}, {"utf8_ucs2", C_UTF8},
        {"utf8_ucs4", C_UTF8}, {"cp65001", C_UTF8},
        {"latin_1", C_LATIN1}, {"latin1", C_LATIN1}, {"iso8859_1", C_LATIN1}, {"iso_8859_1", C_LATIN1},
        {"8859", C_LATIN1}, {"cp819", C_LATIN1}, {"l1", C_LATIN1}, {"latin", C_LATIN1},
        {"iso_ir_100", C_LATIN1}, {"csisolatin1", C_LATIN1}, {"ibm819", C_LATIN1},
        {"iso_8859_1_1987", C_LATIN1}, {"charmap", C_LATIN1} /* no mapping: latin-1 */,
        {"ascii", C_ASCII}, {"us_ascii", C_ASCII}, {"646", C_ASCII}, {"ansi_x3.4_1968", C_ASCII},
        {"ansi_x3_4_1968", C_ASCII}, {"ansi_x3.4_1986", C_ASCII}, {"cp367", C_ASCII}, {"csascii", C_ASCII},
        {"ibm367", C_ASCII}, {"iso646_us", C_ASCII}, {"iso_646.irv_1991", C_ASCII}, {"iso_ir_6", C_ASCII},
        {"us", C_ASCII},
        {"utf_16", C_UTF16}, {"u16", C_UTF16}, {"utf16", C_UTF16},
        {"utf_16_le", C_UTF16LE}, {"utf_16le", C_UTF16LE}, {"unicodelittleunmarked", C_UTF16LE},
        {"utf_16_be", C_UTF16BE}, {"utf_16be", C_UTF16BE}, {"unicodebigunmarked", C_UTF16BE},
        {"utf_32", C_UTF32}, {"u32", C_UTF32}, {"utf32", C_UTF32},
        {"utf_32_le", C_UTF32LE}, {"utf_32le", C_UTF32LE}, {"utf_32_be", C_UTF32BE}, {"utf_32be", C_UTF32BE},
        {"utf_7", C_UTF7}, {"u7", C_UTF7}, {"utf7", C_UTF7}, {"unicode_1_1_utf_7", C_UTF7},
        {"unicode_escape", C_UNIESC}, {"raw_unicode_escape", C_RAWUNIESC},
    };
    char norm[64];
    if (strlen(encoding) >= sizeof norm) return C_NONE;
    codec_normalize(encoding, norm, sizeof norm);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(norm, names[i].name)) return names[i].codec;
    int k = table_codec(norm);
    return k < 0 ? C_NONE : C_TABLE + k;
}

bool codec_is_builtin(const char *encoding) { return builtin_codec(encoding) != C_NONE; }

static Value registry_lookup_text(const char *encoding)
{
    Value info = codec_lookup(AS_STR(str_from_cstr(encoding)));
    if (!info) return VNULL;
    Value flag = obj_getattr_opt(info, str_intern_cstr("_is_text_encoding"));
    if (flag) {
        int t = obj_truthy(flag);
        if (t < 0) return VNULL;
        if (!t)
            return err_format(exc_LookupError,
                              "'%s' is not a text encoding; use codecs.%s() to handle arbitrary codecs",
                              encoding, "encode");
    } else if (err_occurred()) {
        return VNULL;
    }
    return info;
}

/* CPython's wrap_codec_error: an exception of a plain built-in type
 * (not a UnicodeError, which carries attributes) raised inside a codec
 * becomes the same type saying "encoding with 'X' codec failed (T: msg)",
 * caused by the original. */
static void wrap_codec_error(const char *op, const char *encoding)
{
    Value e = err_fetch();
    if (!e) return;
    Type *t = TYPE(e);
    if ((t->flags & TF_HEAPTYPE) || type_is_subtype(t, exc_UnicodeError) || AS_EXC(e)->dict->len) {
        err_set_value(e);
        return;
    }
    Value m = obj_str(e);
    if (!m) return;
    Value msg = str_printf("%s with '%s' codec failed (%s: %s)", op, encoding, t->name, str_cstr(AS_STR(m)));
    Value w = msg ? exc_new_msg(t, str_cstr(AS_STR(msg))) : VNULL;
    if (!w) return;
    AS_EXC(w)->cause = e;
    AS_EXC(w)->suppress_context = true;
    err_set_value(w);
}

/* info[k](obj[, errors]) -> its result's [0] (errors NULL: not passed,
 * as CPython calls a codec when no error handler was given) */
Value codec_call(Value info, int k, Value obj, const char *encoding, const char *errors)
{
    Value f = obj_getitem(info, MK_INT(k));
    if (!f) return VNULL;
    Value args[2] = {obj, errors ? str_from_cstr(errors) : VNULL};
    Value r = obj_call(f, args, errors ? 2 : 1, NULL);
    if (!r) {
        wrap_codec_error(k == 0 ? "encoding" : "decoding", encoding);
        return VNULL;
    }
    if (!IS_TUPLE(r) || AS_TUPLE(r)->len != 2)
        return err_set(exc_TypeError, k == 0 ? "encoder must return a tuple (object, integer)"
                                             : "decoder must return a tuple (object,integer)");
    return AS_TUPLE(r)->items[0];
}

/* The names CPython's str.encode / bytes.decode serve without the
 * registry (lower case, '_' as '-'); for every other name CPython's codec
 * runs behind codecs.lookup, whose wrap_codec_error baton applies too. */
static bool cpython_fast_name(const char *enc)
{
    static const char *const fast[] = {"utf-8", "utf8", "utf-16", "utf16", "utf-32", "utf32", "ascii",
                                       "us-ascii", "latin1", "latin-1", "iso-8859-1", "iso8859-1", NULL};
    char low[16];
    size_t i = 0;
    for (; enc[i] && i < sizeof low - 1; i++)
        low[i] = enc[i] == '_' ? '-' : (char)(enc[i] >= 'A' && enc[i] <= 'Z' ? enc[i] + 32 : enc[i]);
    if (enc[i]) return false;
    low[i] = 0;
    for (int k = 0; fast[k]; k++)
        if (!strcmp(low, fast[k])) return true;
    return false;
}

static int byteorder_of(int c, int plain, int le)
{
    return c == plain ? 0 : c == le ? -1 : 1;
}

static Value encode_builtin(ObjStr *s, const char *errors, int c)
{
    if (c >= C_TABLE) return table_encode(s, errors, c - C_TABLE);
    switch (c) {
    case C_UTF8: return codec_utf8_encode(s, errors);
    case C_LATIN1: return codec_latin1_encode(s, errors);
    case C_ASCII: return codec_ascii_encode(s, errors);
    case C_UTF16: case C_UTF16LE: case C_UTF16BE:
        return codec_utf16_encode(s, errors, byteorder_of(c, C_UTF16, C_UTF16LE));
    case C_UTF32: case C_UTF32LE: case C_UTF32BE:
        return codec_utf32_encode(s, errors, byteorder_of(c, C_UTF32, C_UTF32LE));
    case C_UTF7: return codec_utf7_encode(s, errors);
    case C_UNIESC: return codec_unicode_escape_encode(s, false);
    default: return codec_unicode_escape_encode(s, true);
    }
}

static Value decode_builtin(const uint8_t *p, size_t n, const char *errors, int c)
{
    int bo;
    if (c >= C_TABLE) return table_decode(p, n, errors, c - C_TABLE);
    switch (c) {
    case C_UTF8: return codec_utf8_decode(p, n, errors, true, NULL);
    case C_LATIN1: return codec_latin1_decode(p, n, errors);
    case C_ASCII: return codec_ascii_decode(p, n, errors);
    case C_UTF16: case C_UTF16LE: case C_UTF16BE:
        bo = byteorder_of(c, C_UTF16, C_UTF16LE);
        return codec_utf16_decode(p, n, errors, &bo, true, NULL);
    case C_UTF32: case C_UTF32LE: case C_UTF32BE:
        bo = byteorder_of(c, C_UTF32, C_UTF32LE);
        return codec_utf32_decode(p, n, errors, &bo, true, NULL);
    case C_UTF7: return codec_utf7_decode(p, n, errors, true, NULL);
    case C_UNIESC: return codec_unicode_escape_decode(p, n, errors, false, true, NULL);
    default: return codec_unicode_escape_decode(p, n, errors, true, true, NULL);
    }
}

Value codec_encode_str(ObjStr *s, const char *encoding, const char *errors)
{
    int c = builtin_codec(encoding);
    if (c != C_NONE) {
        Value r = encode_builtin(s, errors, c);
        if (!r && !cpython_fast_name(encoding)) wrap_codec_error("encoding", encoding);
        return r;
    }
    Value info = registry_lookup_text(encoding);
    if (!info) return VNULL;
    Value r = codec_call(info, 0, OBJ_VAL(s), encoding, errors);
    if (r && !IS_BYTES(r))
        return err_format(exc_TypeError,
                          "'%s' encoder returned '%s' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
                          encoding, TYPE(r)->name);
    return r;
}

Value codec_decode_bytes(const uint8_t *p, size_t n, const char *encoding, const char *errors)
{
    int c = builtin_codec(encoding);
    if (c != C_NONE) {
        Value r = decode_builtin(p, n, errors, c);
        if (!r && !cpython_fast_name(encoding)) wrap_codec_error("decoding", encoding);
        return r;
    }
    Value info = registry_lookup_text(encoding);
    if (!info) return VNULL;
    Value b = bytes_new(p, n);
    Value r = b ? codec_call(info, 1, b, encoding, errors) : VNULL;
    if (r && !IS_STR(r))
        return err_format(exc_TypeError,
                          "'%s' decoder returned '%s' instead of 'str'; use codecs.decode() to decode to arbitrary types",
                          encoding, TYPE(r)->name);
    return r;
}

/* ---- the registry -------------------------------------------------------- */

static Value search_path;   /* list of search functions */
static Value search_cache;  /* dict: normalized name -> CodecInfo */
static bool encodings_imported;

static void registry_init(void)
{
    if (search_path) return;
    search_path = list_new(0);
    gc_add_root_value(&search_path);
    search_cache = dict_new();
    gc_add_root_value(&search_cache);
    if (!error_registry) {
        error_registry = dict_new();
        gc_add_root_value(&error_registry);
    }
}

Value codec_register(Value search)
{
    registry_init();
    if (!TYPE(search)->call) return err_set(exc_TypeError, "argument must be callable");
    return list_append(search_path, search) < 0 ? VNULL : NONE;
}

Value codec_unregister(Value search)
{
    registry_init();
    ObjList *l = AS_LIST(search_path);
    for (int64_t i = 0; i < l->len; i++)
        if (l->items[i] == search) {
            memmove(&l->items[i], &l->items[i + 1], (size_t)(l->len - i - 1) * sizeof(Value));
            l->len--;
            dict_clear(search_cache);
            break;
        }
    return NONE;
}

Value codec_lookup(ObjStr *encoding)
{
    registry_init();
    if (!encodings_imported) {
        /* CPython imports the encodings package when the registry starts;
         * here at the first lookup.  Without it only the search functions
         * registered by hand are asked. */
        encodings_imported = true;
        if (!vm_import(str_intern_cstr("encodings"))) err_clear();
    }
    char norm[256];
    const char *e = str_cstr(encoding);
    if (strlen(e) >= sizeof norm) return err_format(exc_LookupError, "unknown encoding: %s", e);
    codec_normalize(e, norm, sizeof norm);
    Value key = str_from_cstr(norm);
    if (!key) return VNULL;
    Value hit = dict_get(search_cache, key);
    if (hit) return hit;
    if (err_occurred()) return VNULL;
    ObjList *l = AS_LIST(search_path);
    for (int64_t i = 0; i < l->len; i++) {
        Value r = obj_call(l->items[i], &key, 1, NULL);
        if (!r) return VNULL;
        if (IS_NONE(r)) continue;
        if (!(IS_TUPLE(r) || (IS_OBJ(r) && type_is_subtype(AS_OBJ(r)->type, &type_tuple))) ||
            obj_len(r) != 4) {
            err_clear();
            return err_set(exc_TypeError, "codec search functions must return 4-tuples");
        }
        if (dict_set(search_cache, key, r) < 0) return VNULL;
        return r;
    }
    return err_format(exc_LookupError, "unknown encoding: %s", e);
}

Value codec_forget(ObjStr *encoding)
{
    registry_init();
    char norm[256];
    codec_normalize(str_cstr(encoding), norm, sizeof norm);
    Value key = str_from_cstr(norm);
    if (dict_get(search_cache, key) && dict_del(search_cache, key) < 0) return VNULL;
    return NONE;
}

Value codec_register_error(ObjStr *name, Value handler)
{
    registry_init();
    if (!TYPE(handler)->call) return err_set(exc_TypeError, "handler must be callable");
    return dict_set(error_registry, OBJ_VAL(name), handler) < 0 ? VNULL : NONE;
}

/* The built-in handlers as Python functions: handler(exc) -> (str, pos). */
static int exc_range(Value exc, Value *obj, int64_t *start, int64_t *end)
{
    Value s = obj_getattr(exc, str_intern_cstr("start")), e = s ? obj_getattr(exc, str_intern_cstr("end")) : VNULL;
    *obj = e ? obj_getattr(exc, str_intern_cstr("object")) : VNULL;
    if (!*obj || obj_as_int64(s, start) < 0 || obj_as_int64(e, end) < 0) return -1;
    return 0;
}

static bool is_a(Value v, Type *t) { return IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, t); }

static Value wrong_exc(Value exc)
{
    return err_format(exc_TypeError, "don't know how to handle %s in error callback", TYPE(exc)->name);
}

static Value handler_common(Value *args, int nargs, ObjTuple *kw, int kind)
{
    if (args_check("handler", nargs, kw, 1, 1) < 0) return VNULL;
    Value exc = args[0];
    if (kind == EH_STRICT) {
        if (is_a(exc, exc_BaseException)) return err_set_value(exc);
        return err_set(exc_TypeError, "codec must pass exception instance");
    }
    bool enc = is_a(exc, exc_UnicodeEncodeError), dec = is_a(exc, exc_UnicodeDecodeError),
         tr = is_a(exc, exc_UnicodeTranslateError);
    if (!enc && !dec && !tr) return wrong_exc(exc);
    Value obj;
    int64_t start, end;
    if (exc_range(exc, &obj, &start, &end) < 0) return VNULL;
    StrBuf b;
    sb_init(&b);
    bool bytes_out = false;
    if (dec) {
        if (!IS_BYTES(obj)) { sb_free(&b); return err_set(exc_TypeError, "object attribute must be bytes"); }
        ObjBytes *o = AS_BYTES(obj);
        if (start < 0) start = 0;
        if (end > o->len) end = o->len;
        switch (kind) {
        case EH_IGNORE: break;
        case EH_REPLACE: out_cp(&b, 0xFFFD); break;
        case EH_BACKSLASH:
            for (int64_t k = start; k < end; k++) sb_printf(&b, "\\x%02x", o->data[k]);
            break;
        case EH_SURROGATEESCAPE: {
            int64_t k = start;
            while (k < end && k < start + 4 && o->data[k] >= 0x80) out_cp(&b, 0xDC00 + o->data[k++]);
            if (k == start) { sb_free(&b); return err_set_value(exc); }
            end = k;
            break;
        }
        case EH_SURROGATEPASS: {
            /* one encoded surrogate in UTF-8 */
            const uint8_t *p = o->data + start;
            if (end - start >= 1 && o->len - start >= 3 && p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF &&
                (p[2] & 0xC0) == 0x80) {
                out_cp(&b, (uint32_t)((p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F)));
                end = start + 3;
                break;
            }
            sb_free(&b);
            return err_set_value(exc);
        }
        default: sb_free(&b); return wrong_exc(exc);
        }
    } else {
        if (!IS_STR(obj)) { sb_free(&b); return err_set(exc_TypeError, "object attribute must be unicode"); }
        uint32_t *u = str_code_points(AS_STR(obj));
        int64_t n = AS_STR(obj)->ncp;
        if (start < 0) start = 0;
        if (end > n) end = n;
        for (int64_t k = start; k < end; k++) {
            char buf[UNICODE_NAME_MAX + 8];
            switch (kind) {
            case EH_IGNORE: break;
            case EH_REPLACE: if (tr) out_cp(&b, 0xFFFD); else sb_addc(&b, '?'); break;
            case EH_BACKSLASH: case EH_XMLCHARREF: case EH_NAMEREPLACE:
                if (!enc && kind != EH_BACKSLASH) goto wrong;
                replacement_text(kind, u[k], buf);
                sb_adds(&b, buf);
                break;
            case EH_SURROGATEESCAPE:
                if (!enc) goto wrong;
                if (u[k] < 0xDC80 || u[k] > 0xDCFF) goto raise;
                sb_addc(&b, (char)(u[k] - 0xDC00));
                bytes_out = true;
                break;
            case EH_SURROGATEPASS:
                if (!enc) goto wrong;
                if (!is_surrogate(u[k])) goto raise;
                out_cp(&b, u[k]);
                bytes_out = true;
                break;
            default: goto wrong;
            }
        }
        mem_free(u, (size_t)(n + 1) * 4);
        goto done;
    raise:
        mem_free(u, (size_t)(n + 1) * 4);
        sb_free(&b);
        return err_set_value(exc);
    wrong:
        mem_free(u, (size_t)(n + 1) * 4);
        sb_free(&b);
        return wrong_exc(exc);
    }
done:;
    Value rep = bytes_out ? bytes_new((const uint8_t *)b.data, b.len) : str_new(b.data ? b.data : "", b.len);
    sb_free(&b);
    if (!rep) return VNULL;
    Value t = tuple_new(2);
    if (!t) return VNULL;
    AS_TUPLE(t)->items[0] = rep;
    AS_TUPLE(t)->items[1] = int_from_i64(end);
    return t;
}

#define HANDLER(fn, kind) \
    static Value fn(Value *args, int nargs, ObjTuple *kw) { return handler_common(args, nargs, kw, kind); }
HANDLER(h_strict, EH_STRICT)
HANDLER(h_ignore, EH_IGNORE)
HANDLER(h_replace, EH_REPLACE)
HANDLER(h_backslash, EH_BACKSLASH)
HANDLER(h_xmlcharref, EH_XMLCHARREF)
HANDLER(h_namereplace, EH_NAMEREPLACE)
HANDLER(h_surrogateescape, EH_SURROGATEESCAPE)
HANDLER(h_surrogatepass, EH_SURROGATEPASS)

Value codec_lookup_error(ObjStr *name)
{
    registry_init();
    Value h = dict_get(error_registry, OBJ_VAL(name));
    if (h) return h;
    if (err_occurred()) return VNULL;
    return err_format(exc_LookupError, "unknown error handler name '%s'", str_cstr(name));
}

void codec_init(void)
{
    registry_init();
    static const struct { const char *name, *fname; NativeFn fn; } builtin[] = {
        {"strict", "strict_errors", h_strict}, {"ignore", "ignore_errors", h_ignore},
        {"replace", "replace_errors", h_replace}, {"backslashreplace", "backslashreplace_errors", h_backslash},
        {"xmlcharrefreplace", "xmlcharrefreplace_errors", h_xmlcharref},
        {"namereplace", "namereplace_errors", h_namereplace},
        {"surrogateescape", "surrogateescape", h_surrogateescape},
        {"surrogatepass", "surrogatepass", h_surrogatepass},
    };
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        dict_set(error_registry, str_from_cstr(builtin[i].name), native_new(builtin[i].fname, builtin[i].fn, VNULL));
    static const MethodDef m[] = {{"size", encmap_size}, {NULL, NULL}};
    type_ready(&type_encoding_map, m);
}

/* ---- source encodings (PEP 263) ------------------------------------------ */

/* The coding spec of one line (CPython's get_coding_spec): the line must be
 * a comment; "coding" followed by ':' or '=', blanks, then [-\w.]+. */
static bool coding_spec(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')) i++;
    if (i >= n || s[i] != '#') return false;
    for (; i + 6 < n; i++) {
        if (memcmp(s + i, "coding", 6) || (s[i + 6] != ':' && s[i + 6] != '=')) continue;
        size_t j = i + 7;
        while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
        size_t b = j;
        while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9') ||
                         s[j] == '-' || s[j] == '_' || s[j] == '.'))
            j++;
        if (j > b && j - b < cap) {
            memcpy(out, s + b, j - b);
            out[j - b] = 0;
            return true;
        }
    }
    return false;
}

/* CPython's get_normal_name: utf-8 and latin-1 spellings. */
static const char *normal_name(const char *s)
{
    char buf[13];
    int i = 0;
    for (; i < 12 && s[i]; i++) buf[i] = s[i] == '_' ? '-' : (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    buf[i] = 0;
    if (!strcmp(buf, "utf-8") || !strncmp(buf, "utf-8-", 6)) return "utf-8";
    if (!strcmp(buf, "latin-1") || !strcmp(buf, "iso-8859-1") || !strcmp(buf, "iso-latin-1") ||
        !strncmp(buf, "latin-1-", 8) || !strncmp(buf, "iso-8859-1-", 11) || !strncmp(buf, "iso-latin-1-", 12))
        return "iso-8859-1";
    return s;
}

static bool blank_or_comment(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '#') return true;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\r') return false;
    }
    return true;
}

static Value source_error(const char *msg, const char *filename, bool file)
{
    if (file) {
        Value e = exc_new_msg(exc_SyntaxError, msg);
        return e ? err_set_value(e) : VNULL;
    }
    return err_syntax(exc_SyntaxError, msg, filename, 0, -1, NULL);
}

Value codec_source_text(const char *src, size_t len, const char *filename, bool file)
{
    bool bom = len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3);
    const char *p = bom ? src + 3 : src, *end = src + len;
    char spec[128];
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l1 = nl ? (size_t)(nl - p) : (size_t)(end - p);
    bool found = coding_spec(p, l1, spec, sizeof spec);
    if (!found && nl && blank_or_comment(p, l1)) {
        const char *q = nl + 1, *nl2 = memchr(q, '\n', (size_t)(end - q));
        found = coding_spec(q, nl2 ? (size_t)(nl2 - q) : (size_t)(end - q), spec, sizeof spec);
    }
    if (!found) return NONE;
    const char *name = normal_name(spec);
    char msg[200];
    if (!strcmp(name, "utf-8")) return NONE;
    if (bom) {
        snprintf(msg, sizeof msg, "encoding problem: %s with BOM", name);
        return source_error(msg, filename, file);
    }
    Value text = codec_decode_bytes((const uint8_t *)src, len, name, "strict");
    if (text) {
        /* the declaration itself must read the same: the codec has to be
         * ASCII-compatible (utf-16, say, is refused as in CPython) */
        size_t head = nl ? (size_t)(nl - src) : len;
        if ((size_t)AS_STR(text)->len < head || memcmp(AS_STR(text)->data, src, head)) {
            snprintf(msg, sizeof msg, "encoding problem: %s", name);
            return source_error(msg, filename, file);
        }
        return text;
    }
    if (file) {
        err_clear();
        snprintf(msg, sizeof msg, "encoding problem: %s", name);
        return source_error(msg, filename, file);
    }
    if (err_matches(exc_LookupError)) {
        err_clear();
        snprintf(msg, sizeof msg, "unknown encoding: %s", name);
        return source_error(msg, filename, file);
    }
    Value e = err_fetch();
    Value s = e ? obj_str(e) : VNULL;
    if (!s) return VNULL;
    return source_error(str_cstr(AS_STR(s)), filename, file);
}
