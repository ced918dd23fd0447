/* bytes.c — the immutable bytes type, its iterator, and the codecs
 * (utf-8, ascii, latin-1) shared with str.encode / bytes.decode.
 *
 * Decoding errors are reported the way CPython's UTF-8 decoder does
 * ("invalid start byte", "invalid continuation byte", "unexpected end of
 * data", with the byte range), since tests compare the messages.
 */
#include "gc.h"
#include "str.h"
#include "vm.h"

int str_codec(const char *enc); /* str.c */

Value bytes_new(const uint8_t *s, size_t len)
{
    ObjBytes *b = (ObjBytes *)gc_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    b->len = (int64_t)len;
    b->hash = -1;
    if (len) memcpy(b->data, s, len);
    b->data[len] = 0;
    return OBJ_VAL(b);
}

static ObjBytes *bytes_raw(size_t len)
{
    ObjBytes *b = (ObjBytes *)gc_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    b->len = (int64_t)len;
    b->hash = -1;
    b->data[len] = 0;
    return b;
}

Value bytes_repr(Value v)
{
    ObjBytes *s = AS_BYTES(v);
    bool sq = memchr(s->data, '\'', (size_t)s->len) != NULL;
    bool dq = memchr(s->data, '"', (size_t)s->len) != NULL;
    char q = sq && !dq ? '"' : '\'';
    StrBuf b;
    sb_init(&b);
    sb_addc(&b, 'b');
    sb_addc(&b, q);
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        if (c == (uint8_t)q || c == '\\') { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
        else if (c == '\n') sb_add(&b, "\\n", 2);
        else if (c == '\r') sb_add(&b, "\\r", 2);
        else if (c == '\t') sb_add(&b, "\\t", 2);
        else if (c < 0x20 || c >= 0x7f) sb_printf(&b, "\\x%02x", c);
        else sb_addc(&b, (char)c);
    }
    sb_addc(&b, q);
    return sb_finish(&b);
}

/* ---- decoding --------------------------------------------------------- */

static Value decode_error(const char *codec, const uint8_t *s, int64_t start, int64_t end, const char *why)
{
    if (end - start == 1)
        return err_format(exc_UnicodeDecodeError, "'%s' codec can't decode byte 0x%02x in position %lld: %s",
                          codec, s[start], (long long)start, why);
    return err_format(exc_UnicodeDecodeError, "'%s' codec can't decode bytes in position %lld-%lld: %s",
                      codec, (long long)start, (long long)end - 1, why);
}

/* Length of the valid UTF-8 sequence at s[i] (1..4), or 0 with *bad_end
 * and *why describing the error. */
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

Value bytes_decode(const uint8_t *s, size_t len, const char *encoding, const char *errors)
{
    int codec = str_codec(encoding);
    if (codec < 0) return err_format(exc_LookupError, "unknown encoding: %s", encoding);
    bool ignore = !strcmp(errors, "ignore"), replace = !strcmp(errors, "replace");
    if (!ignore && !replace && strcmp(errors, "strict"))
        return err_format(exc_LookupError, "unknown error handler name '%s'", errors);
    StrBuf b;
    sb_init(&b);
    int64_t n = (int64_t)len;
    if (codec == 0) {
        int64_t i = 0;
        while (i < n) {
            /* copy ASCII runs quickly */
            int64_t j = i;
            while (j < n && s[j] < 0x80) j++;
            if (j > i) { sb_add(&b, (const char *)s + i, (size_t)(j - i)); i = j; if (i >= n) break; }
            int64_t bad_end;
            const char *why;
            int k = utf8_seq(s, n, i, &bad_end, &why);
            if (k) { sb_add(&b, (const char *)s + i, (size_t)k); i += k; continue; }
            if (ignore) { i = bad_end; continue; }
            if (replace) { sb_add(&b, "\xEF\xBF\xBD", 3); i = bad_end; continue; }
            sb_free(&b);
            return decode_error("utf-8", s, i, bad_end, why);
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            uint8_t c = s[i];
            if (c < 0x80) { sb_addc(&b, (char)c); continue; }
            if (codec == 2) {
                char buf[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
                sb_add(&b, buf, 2);
                continue;
            }
            if (ignore) continue;
            if (replace) { sb_add(&b, "\xEF\xBF\xBD", 3); continue; }
            sb_free(&b);
            return err_format(exc_UnicodeDecodeError,
                              "'ascii' codec can't decode byte 0x%02x in position %lld: ordinal not in range(128)",
                              c, (long long)i);
        }
    }
    return sb_finish(&b);
}

/* ---- construction ----------------------------------------------------- */

static int byte_value(Value v, uint8_t *out)
{
    Value i = v;
    if (!int_check(v)) {
        if (IS_FLOAT(v) || IS_STR(v) || !TYPE(v)->nb_int) {
            err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
            return -1;
        }
        i = obj_index(v);
        if (!i) return -1;
    }
    i = int_exact(i);
    if (!IS_INT(i) || AS_INT(i) < 0 || AS_INT(i) > 255) {
        err_set(exc_ValueError, "bytes must be in range(0, 256)");
        return -1;
    }
    *out = (uint8_t)AS_INT(i);
    return 0;
}

static Value bytes_from_iterable(Value x)
{
    Value list = (IS_LIST(x) || IS_TUPLE(x)) ? x : obj_to_list(x);
    if (!list) return VNULL;
    Value *items = IS_LIST(list) ? AS_LIST(list)->items : AS_TUPLE(list)->items;
    int64_t n = IS_LIST(list) ? AS_LIST(list)->len : AS_TUPLE(list)->len;
    ObjBytes *b = bytes_raw((size_t)n);
    for (int64_t i = 0; i < n; i++)
        if (byte_value(items[i], &b->data[i]) < 0) return VNULL;
    return OBJ_VAL(b);
}

/* bytes(), bytes(n), bytes(iterable), bytes(str, encoding[, errors]) */
static Value bytes_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"source", "encoding", "errors", NULL};
    Value a[3];
    if (args_parse("bytes", args, nargs, kwnames, params, 0, 3, a) < 0) return VNULL;
    Value x = a[0];
    if (!x) {
        if (a[1] || a[2]) return err_set(exc_TypeError, a[1] ? "encoding without a string argument" : "errors without a string argument");
        return bytes_new(NULL, 0);
    }
    if (a[1] && !IS_STR(a[1]))
        return err_format(exc_TypeError, "bytes() argument 'encoding' must be str, not %s", TYPE(a[1])->name);
    if (a[2] && !IS_STR(a[2]))
        return err_format(exc_TypeError, "bytes() argument 'errors' must be str, not %s", TYPE(a[2])->name);
    if (IS_STR(x)) {
        if (!a[1]) return err_set(exc_TypeError, "string argument without an encoding");
        return str_encode(AS_STR(x), AS_STR(a[1])->data, a[2] ? AS_STR(a[2])->data : "strict");
    }
    if (a[1]) return err_set(exc_TypeError, "encoding without a string argument");
    if (a[2]) return err_set(exc_TypeError, "errors without a string argument");
    if (IS_BYTES(x)) return x;
    if (int_check(x)) {
        Value i = int_exact(x);
        if (int_sign(i) < 0) return err_set(exc_ValueError, "negative count");
        if (!IS_INT(i) || AS_INT(i) > ((int64_t)1 << 40))
            return err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        ObjBytes *b = bytes_raw((size_t)AS_INT(i));
        memset(b->data, 0, (size_t)AS_INT(i));
        return OBJ_VAL(b);
    }
    if (!TYPE(x)->iter && !TYPE(x)->getitem)
        return err_format(exc_TypeError, "cannot convert '%s' object to bytes", TYPE(x)->name);
    return bytes_from_iterable(x);
}

/* ---- slots ------------------------------------------------------------ */

static int bytes_hash(Value v, int64_t *out)
{
    ObjBytes *b = AS_BYTES(v);
    if (b->hash == -1) {
        /* FNV-1a, folded to a non-negative value (never -1) */
        uint64_t h = 0xcbf29ce484222325ull;
        for (int64_t i = 0; i < b->len; i++) h = (h ^ b->data[i]) * 0x100000001b3ull;
        b->hash = (int64_t)(h >> 2);
    }
    *out = b->hash;
    return 0;
}

static Value bytes_richcmp(Value a, Value b, int op)
{
    if (!IS_BYTES(a) || !IS_BYTES(b)) return NOTIMPL;
    ObjBytes *x = AS_BYTES(a), *y = AS_BYTES(b);
    int64_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->data, y->data, (size_t)n) : 0;
    if (c == 0) c = (x->len > y->len) - (x->len < y->len);
    switch (op) {
    case CMP_LT: return BOOL_V(c < 0);
    case CMP_LE: return BOOL_V(c <= 0);
    case CMP_EQ: return BOOL_V(c == 0);
    case CMP_NE: return BOOL_V(c != 0);
    case CMP_GT: return BOOL_V(c > 0);
    default: return BOOL_V(c >= 0);
    }
}

static int64_t bytes_len(Value v) { return AS_BYTES(v)->len; }

static Value bytes_getitem(Value self, Value key)
{
    ObjBytes *s = AS_BYTES(self);
    if (IS_INT(key) || IS_BOOL(key)) {
        int64_t i = IS_INT(key) ? AS_INT(key) : key == TRUE_V;
        if (i < 0) i += s->len;
        if (i < 0 || i >= s->len) return err_set(exc_IndexError, "index out of range");
        return MK_INT(s->data[i]);
    }
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        int64_t start, stop, step, n;
        if (slice_indices(key, s->len, &start, &stop, &step, &n) < 0) return VNULL;
        if (n <= 0) return bytes_new(NULL, 0);
        if (step == 1) {
            if (n == s->len) return self;
            return bytes_new(s->data + start, (size_t)n);
        }
        ObjBytes *o = bytes_raw((size_t)n);
        for (int64_t k = 0, i = start; k < n; k++, i += step) o->data[k] = s->data[i];
        return OBJ_VAL(o);
    }
    if (IS_BIGINT(key)) return err_set(exc_IndexError, "cannot fit 'int' into an index-sized integer");
    return err_format(exc_TypeError, "byte indices must be integers or slices, not %s", TYPE(key)->name);
}

static int bytes_contains(Value self, Value item)
{
    ObjBytes *s = AS_BYTES(self);
    if (IS_BYTES(item)) {
        ObjBytes *sub = AS_BYTES(item);
        if (sub->len == 0) return 1;
        return memmem(s->data, (size_t)s->len, sub->data, (size_t)sub->len) != NULL;
    }
    if (int_check(item)) {
        Value i = int_exact(item);
        if (!IS_INT(i) || AS_INT(i) < 0 || AS_INT(i) > 255) {
            err_set(exc_ValueError, "byte must be in range(0, 256)");
            return -1;
        }
        return memchr(s->data, (int)AS_INT(i), (size_t)s->len) != NULL;
    }
    err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(item)->name);
    return -1;
}

static Value bytes_add(Value a, Value b)
{
    if (!IS_BYTES(a)) return NOTIMPL;
    if (!IS_BYTES(b)) {
        if (TYPE(b)->flags & TF_HEAPTYPE) return NOTIMPL;
        return err_format(exc_TypeError, "can't concat %s to bytes", TYPE(b)->name);
    }
    ObjBytes *x = AS_BYTES(a), *y = AS_BYTES(b);
    ObjBytes *o = bytes_raw((size_t)(x->len + y->len));
    memcpy(o->data, x->data, (size_t)x->len);
    memcpy(o->data + x->len, y->data, (size_t)y->len);
    return OBJ_VAL(o);
}

static Value bytes_mul(Value a, Value b)
{
    Value s = IS_BYTES(a) ? a : b, n = IS_BYTES(a) ? b : a;
    if (!IS_BYTES(s)) return NOTIMPL;
    if (!int_check(n)) {
        if (TYPE(n)->flags & TF_HEAPTYPE) return NOTIMPL;
        return err_format(exc_TypeError, "can't multiply sequence by non-int of type '%s'", TYPE(n)->name);
    }
    n = int_exact(n);
    if (IS_BIGINT(n)) return err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    ObjBytes *x = AS_BYTES(s);
    if (int_sign(n) <= 0 || x->len == 0) return bytes_new(NULL, 0);
    if (!IS_INT(n) || x->len > ((int64_t)1 << 40) / AS_INT(n)) return err_no_memory();
    int64_t k = AS_INT(n);
    ObjBytes *o = bytes_raw((size_t)(x->len * k));
    for (int64_t i = 0; i < k; i++) memcpy(o->data + i * x->len, x->data, (size_t)x->len);
    return OBJ_VAL(o);
}

/* bytes % args: run str's printf over latin-1 views of the bytes (each
 * byte one code point), then encode back.  %s of a bytes argument inserts
 * its bytes. */
static Value latin1_view(const uint8_t *s, int64_t n) { return bytes_decode(s, (size_t)n, "latin-1", "strict"); }

static Value bytes_mod(Value a, Value b)
{
    if (!IS_BYTES(a)) return NOTIMPL;
    Value fmt = latin1_view(AS_BYTES(a)->data, AS_BYTES(a)->len);
    if (!fmt) return VNULL;
    Value args = b;
    if (IS_BYTES(b)) {
        args = latin1_view(AS_BYTES(b)->data, AS_BYTES(b)->len);
    } else if (IS_TUPLE(b)) {
        int64_t n = AS_TUPLE(b)->len;
        args = tuple_new(n);
        for (int64_t i = 0; i < n; i++) {
            Value it = AS_TUPLE(b)->items[i];
            if (IS_BYTES(it)) it = latin1_view(AS_BYTES(it)->data, AS_BYTES(it)->len);
            if (!it) return VNULL;
            AS_TUPLE(args)->items[i] = it;
        }
    }
    if (!args) return VNULL;
    Value r = strformat_bytes_mod(fmt, args);
    if (!r) return VNULL;
    return str_encode(AS_STR(r), "latin-1", "strict");
}

static int bytes_truth(Value v) { return AS_BYTES(v)->len != 0; }

/* str(b) is repr(b) (CPython without -b) */

/* ---- iterator --------------------------------------------------------- */

typedef struct { Obj obj; ObjBytes *b; int64_t i; } ObjBytesIter;

static void bytesiter_trace(Obj *o) { gc_mark_obj(&((ObjBytesIter *)o)->b->obj); }
static Value bytesiter_next(Value v)
{
    ObjBytesIter *it = (ObjBytesIter *)AS_OBJ(v);
    if (it->i >= it->b->len) return VNULL;
    return MK_INT(it->b->data[it->i++]);
}
static Value iter_self(Value v) { return v; }

static Type type_bytesiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bytes_iterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBytesIter),
    .trace = bytesiter_trace,
    .iter = iter_self,
    .next = bytesiter_next,
};

static Value bytes_iter(Value v)
{
    ObjBytesIter *it = (ObjBytesIter *)gc_new(&type_bytesiter, sizeof(ObjBytesIter));
    it->b = AS_BYTES(v);
    it->i = 0;
    return OBJ_VAL(it);
}

/* ---- methods ---------------------------------------------------------- */

#define SELF(nm)                                                                          \
    if (nargs < 1 || !IS_BYTES(args[0]))                                                    \
        return err_format(exc_TypeError, "descriptor '%s' for 'bytes' objects doesn't apply to a '%s' object", \
                          nm, nargs ? TYPE(args[0])->name : "NULL");                      \
    ObjBytes *self = AS_BYTES(args[0])
#define ARGS(nm, min, max) SELF(nm); if (args_check(nm, nargs - 1, kw, min, max) < 0) return VNULL

static int need_bytes(Value v, ObjBytes **out)
{
    if (!IS_BYTES(v)) {
        err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(v)->name);
        return -1;
    }
    *out = AS_BYTES(v);
    return 0;
}

static Value m_decode(Value *args, int nargs, ObjTuple *kw)
{
    SELF("decode");
    static const char *const params[] = {"encoding", "errors", NULL};
    Value a[2];
    if (args_parse("decode", args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return VNULL;
    if (a[0] && !IS_STR(a[0]))
        return err_format(exc_TypeError, "decode() argument 'encoding' must be str, not %s", TYPE(a[0])->name);
    if (a[1] && !IS_STR(a[1]))
        return err_format(exc_TypeError, "decode() argument 'errors' must be str, not %s", TYPE(a[1])->name);
    return bytes_decode(self->data, (size_t)self->len, a[0] ? AS_STR(a[0])->data : "utf-8",
                        a[1] ? AS_STR(a[1])->data : "strict");
}

static Value m_hex(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("hex", 0, 1);
    const char *sep = NULL;
    size_t sl = 0;
    if (nargs > 1) {
        if (!IS_STR(args[1])) return err_set(exc_TypeError, "sep must be str or bytes.");
        sep = AS_STR(args[1])->data;
        sl = (size_t)AS_STR(args[1])->len;
        if (AS_STR(args[1])->ncp != 1) return err_set(exc_ValueError, "sep must be length 1.");
    }
    StrBuf b;
    sb_init(&b);
    for (int64_t i = 0; i < self->len; i++) {
        if (sep && i) sb_add(&b, sep, sl);
        sb_addc(&b, "0123456789abcdef"[self->data[i] >> 4]);
        sb_addc(&b, "0123456789abcdef"[self->data[i] & 15]);
    }
    return sb_finish(&b);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static Value m_fromhex(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs > 0 && IS_TYPEOBJ(args[0])) { args++; nargs--; }
    if (args_check("fromhex", nargs, kw, 1, 1) < 0) return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "fromhex() argument must be str, not %s", TYPE(args[0])->name);
    ObjStr *s = AS_STR(args[0]);
    uint8_t *buf = mem_alloc((size_t)s->len / 2 + 1);
    size_t k = 0;
    int64_t i = 0;
    while (i < s->len) {
        char c = s->data[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) { i++; continue; }
        int hi = hexval(c);
        int lo = i + 1 < s->len ? hexval(s->data[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            mem_free(buf, (size_t)s->len / 2 + 1);
            return err_format(exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %lld",
                              (long long)(hi < 0 ? i : i + 1));
        }
        buf[k++] = (uint8_t)(hi * 16 + lo);
        i += 2;
    }
    Value r = bytes_new(buf, k);
    mem_free(buf, (size_t)s->len / 2 + 1);
    return r;
}

static Value m_join(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("join", 1, 1);
    Value list = obj_to_list(args[1]);
    if (!list) return VNULL;
    ObjList *l = AS_LIST(list);
    size_t total = 0;
    for (int64_t i = 0; i < l->len; i++) {
        if (!IS_BYTES(l->items[i]))
            return err_format(exc_TypeError, "sequence item %lld: expected a bytes-like object, %s found",
                              (long long)i, TYPE(l->items[i])->name);
        total += (size_t)AS_BYTES(l->items[i])->len + (i ? (size_t)self->len : 0);
    }
    ObjBytes *o = bytes_raw(total);
    uint8_t *w = o->data;
    for (int64_t i = 0; i < l->len; i++) {
        if (i) { memcpy(w, self->data, (size_t)self->len); w += self->len; }
        ObjBytes *it = AS_BYTES(l->items[i]);
        memcpy(w, it->data, (size_t)it->len);
        w += it->len;
    }
    return OBJ_VAL(o);
}

static bool bspace(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }

static Value m_split(Value *args, int nargs, ObjTuple *kw)
{
    SELF("split");
    static const char *const params[] = {"sep", "maxsplit", NULL};
    Value a[2];
    if (args_parse("split", args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return VNULL;
    int64_t maxsplit = -1;
    if (a[1] && obj_as_int64(a[1], &maxsplit) < 0) return VNULL;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    Value list = list_new(0);
    const uint8_t *d = self->data;
    int64_t n = self->len;
    if (a[0] && !IS_NONE(a[0])) {
        ObjBytes *sep;
        if (need_bytes(a[0], &sep) < 0) return VNULL;
        if (sep->len == 0) return err_set(exc_ValueError, "empty separator");
        int64_t pos = 0;
        while (maxsplit-- > 0) {
            const uint8_t *q = memmem(d + pos, (size_t)(n - pos), sep->data, (size_t)sep->len);
            if (!q) break;
            if (list_append(list, bytes_new(d + pos, (size_t)(q - d - pos))) < 0) return VNULL;
            pos = q - d + sep->len;
        }
        if (list_append(list, bytes_new(d + pos, (size_t)(n - pos))) < 0) return VNULL;
        return list;
    }
    int64_t i = 0;
    while (i < n) {
        while (i < n && bspace(d[i])) i++;
        if (i >= n) break;
        int64_t j = i;
        if (maxsplit-- <= 0) {
            j = n;
        } else {
            while (j < n && !bspace(d[j])) j++;
        }
        if (list_append(list, bytes_new(d + i, (size_t)(j - i))) < 0) return VNULL;
        i = j;
    }
    return list;
}

static Value do_strip(Value *args, int nargs, ObjTuple *kw, const char *name, bool l, bool r)
{
    ARGS(name, 0, 1);
    ObjBytes *chars = NULL;
    if (nargs > 1 && !IS_NONE(args[1]) && need_bytes(args[1], &chars) < 0) return VNULL;
    int64_t b = 0, e = self->len;
#define STRIPPED(c) (chars ? memchr(chars->data, (c), (size_t)chars->len) != NULL : bspace(c))
    if (l) while (b < e && STRIPPED(self->data[b])) b++;
    if (r) while (e > b && STRIPPED(self->data[e - 1])) e--;
#undef STRIPPED
    if (b == 0 && e == self->len) return args[0];
    return bytes_new(self->data + b, (size_t)(e - b));
}
static Value m_strip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "strip", true, true); }
static Value m_lstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "lstrip", true, false); }
static Value m_rstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "rstrip", false, true); }

static int range_args(ObjBytes *s, Value *args, int nargs, int64_t *b, int64_t *e)
{
    *b = 0;
    *e = s->len;
    if (nargs > 2 && !IS_NONE(args[2]) && obj_as_int64(args[2], b) < 0) return -1;
    if (nargs > 3 && !IS_NONE(args[3]) && obj_as_int64(args[3], e) < 0) return -1;
    if (*b < 0) { *b += s->len; if (*b < 0) *b = 0; }
    if (*e < 0) { *e += s->len; if (*e < 0) *e = 0; }
    if (*e > s->len) *e = s->len;
    return 0;
}

static int sub_arg(Value v, ObjBytes **sub, uint8_t *one)
{
    if (int_check(v)) {
        if (byte_value(v, one) < 0) return -1;
        *sub = NULL;
        return 0;
    }
    return need_bytes(v, sub);
}

static Value find_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev, bool raise)
{
    ARGS(name, 1, 3);
    ObjBytes *sub;
    uint8_t one;
    int64_t b, e;
    if (sub_arg(args[1], &sub, &one) < 0 || range_args(self, args, nargs, &b, &e) < 0) return VNULL;
    const uint8_t *needle = sub ? sub->data : &one;
    int64_t nl = sub ? sub->len : 1;
    int64_t found = -1;
    if (e - b >= nl && b <= self->len) {
        if (!rev) {
            const uint8_t *q = nl ? memmem(self->data + b, (size_t)(e - b), needle, (size_t)nl) : self->data + b;
            if (q) found = q - self->data;
        } else {
            for (int64_t i = e - nl; i >= b; i--)
                if (memcmp(self->data + i, needle, (size_t)nl) == 0) { found = i; break; }
        }
    }
    if (found < 0 && raise) return err_set(exc_ValueError, "subsection not found");
    return MK_INT(found);
}
static Value m_find(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "find", false, false); }
static Value m_rfind(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rfind", true, false); }
static Value m_index(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "index", false, true); }
static Value m_rindex(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rindex", true, true); }

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("count", 1, 3);
    ObjBytes *sub;
    uint8_t one;
    int64_t b, e;
    if (sub_arg(args[1], &sub, &one) < 0 || range_args(self, args, nargs, &b, &e) < 0) return VNULL;
    const uint8_t *needle = sub ? sub->data : &one;
    int64_t nl = sub ? sub->len : 1;
    if (e < b) return MK_INT(0);
    if (nl == 0) return MK_INT(e - b + 1);
    int64_t c = 0;
    for (int64_t i = b; i + nl <= e;) {
        const uint8_t *q = memmem(self->data + i, (size_t)(e - i), needle, (size_t)nl);
        if (!q) break;
        c++;
        i = q - self->data + nl;
    }
    return MK_INT(c);
}

static Value starts_ends(Value *args, int nargs, ObjTuple *kw, const char *name, bool ends)
{
    ARGS(name, 1, 3);
    int64_t b, e;
    if (range_args(self, args, nargs, &b, &e) < 0) return VNULL;
    Value pre = args[1];
    Value *items = &pre;
    int64_t np = 1;
    if (IS_TUPLE(pre)) { items = AS_TUPLE(pre)->items; np = AS_TUPLE(pre)->len; }
    for (int64_t i = 0; i < np; i++) {
        if (!IS_BYTES(items[i]))
            return err_format(exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name,
                              TYPE(items[i])->name);
        ObjBytes *p = AS_BYTES(items[i]);
        if (b > self->len || e - b < p->len) continue;
        const uint8_t *at = ends ? self->data + e - p->len : self->data + b;
        if (memcmp(at, p->data, (size_t)p->len) == 0) return TRUE_V;
    }
    return FALSE_V;
}
static Value m_startswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "startswith", false); }
static Value m_endswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "endswith", true); }

static Value m_replace(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("replace", 2, 3);
    ObjBytes *old, *rep;
    if (need_bytes(args[1], &old) < 0 || need_bytes(args[2], &rep) < 0) return VNULL;
    int64_t count = -1;
    if (nargs > 3 && obj_as_int64(args[3], &count) < 0) return VNULL;
    if (count < 0) count = INT64_MAX;
    StrBuf b;
    sb_init(&b);
    const uint8_t *d = self->data;
    int64_t n = self->len, i = 0;
    if (old->len == 0) {
        for (; i <= n && count > 0; count--) {
            sb_add(&b, (const char *)rep->data, (size_t)rep->len);
            if (i < n) sb_addc(&b, (char)d[i]);
            i++;
        }
        if (i < n) sb_add(&b, (const char *)d + i, (size_t)(n - i));
    } else {
        while (count-- > 0) {
            const uint8_t *q = memmem(d + i, (size_t)(n - i), old->data, (size_t)old->len);
            if (!q) break;
            sb_add(&b, (const char *)d + i, (size_t)(q - d - i));
            sb_add(&b, (const char *)rep->data, (size_t)rep->len);
            i = q - d + old->len;
        }
        sb_add(&b, (const char *)d + i, (size_t)(n - i));
    }
    Value r = bytes_new((const uint8_t *)(b.data ? b.data : ""), b.len);
    sb_free(&b);
    return r;
}

static Value map_bytes(ObjBytes *s, int mode)
{
    ObjBytes *o = bytes_raw((size_t)s->len);
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        if (mode == 0 && c >= 'a' && c <= 'z') c -= 32;
        else if (mode == 1 && c >= 'A' && c <= 'Z') c += 32;
        o->data[i] = c;
    }
    return OBJ_VAL(o);
}
static Value m_upper(Value *args, int nargs, ObjTuple *kw) { ARGS("upper", 0, 0); return map_bytes(self, 0); }
static Value m_lower(Value *args, int nargs, ObjTuple *kw) { ARGS("lower", 0, 0); return map_bytes(self, 1); }

static Value all_bytes(ObjBytes *s, int kind)
{
    if (s->len == 0) return FALSE_V;
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        bool ok = kind == 0 ? (c >= '0' && c <= '9')
                : kind == 1 ? ((c | 32) >= 'a' && (c | 32) <= 'z')
                : kind == 2 ? bspace(c)
                : ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'));
        if (!ok) return FALSE_V;
    }
    return TRUE_V;
}
static Value m_isdigit(Value *args, int nargs, ObjTuple *kw) { ARGS("isdigit", 0, 0); return all_bytes(self, 0); }
static Value m_isalpha(Value *args, int nargs, ObjTuple *kw) { ARGS("isalpha", 0, 0); return all_bytes(self, 1); }
static Value m_isspace(Value *args, int nargs, ObjTuple *kw) { ARGS("isspace", 0, 0); return all_bytes(self, 2); }
static Value m_isalnum(Value *args, int nargs, ObjTuple *kw) { ARGS("isalnum", 0, 0); return all_bytes(self, 3); }

static const MethodDef bytes_methods[] = {
    {"decode", m_decode}, {"hex", m_hex}, {"fromhex", m_fromhex}, {"join", m_join},
    {"split", m_split}, {"strip", m_strip}, {"lstrip", m_lstrip}, {"rstrip", m_rstrip},
    {"find", m_find}, {"rfind", m_rfind}, {"index", m_index}, {"rindex", m_rindex},
    {"count", m_count}, {"startswith", m_startswith}, {"endswith", m_endswith},
    {"replace", m_replace}, {"upper", m_upper}, {"lower", m_lower},
    {"isdigit", m_isdigit}, {"isalpha", m_isalpha}, {"isspace", m_isspace}, {"isalnum", m_isalnum},
    {NULL, NULL},
};

Type type_bytes = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bytes",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBytes),
    .tp_new = bytes_tp_new,
    .repr = bytes_repr,
    .hash = bytes_hash,
    .richcmp = bytes_richcmp,
    .truth = bytes_truth,
    .iter = bytes_iter,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .contains = bytes_contains,
    .nb = {[NB_ADD] = bytes_add, [NB_MUL] = bytes_mul, [NB_MOD] = bytes_mod},
};

void bytes_init(void)
{
    type_ready(&type_bytes, bytes_methods);
    str_wrap_method(&type_bytes, "fromhex", &type_classmethod);
    type_ready(&type_bytesiter, NULL);
}
