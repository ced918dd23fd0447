/* bytes.c — the immutable bytes type and its iterator, and the one
 * implementation of every method bytes shares with bytearray (bytes.h):
 * a common method reads self's bytes whichever of the two it is and
 * returns an object of self's type.  bytes.decode goes to the codecs
 * (codec.c).
 */
#include "bytes.h"
#include "codec.h"
#include "gc.h"
#include "str.h"
#include "vm.h"


Value bytes_new(const uint8_t *s, size_t len)
{
    ObjBytes *b = (ObjBytes *)gc_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    b->len = (int64_t)len;
    b->hash = -1;
    if (len) memcpy(b->data, s, len);
    b->data[len] = 0;
    return OBJ_VAL(b);
}

ObjBytes *bytes_try_alloc(size_t len)
{
    if (len > ((size_t)1 << 62)) return NULL;
    ObjBytes *b = (ObjBytes *)gc_try_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    if (!b) return NULL;
    b->len = (int64_t)len;
    b->hash = -1;
    b->data[len] = 0;
    return b;
}

ObjBytes *bytes_alloc(size_t len)
{
    ObjBytes *b = (ObjBytes *)gc_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    b->len = (int64_t)len;
    b->hash = -1;
    b->data[len] = 0;
    return b;
}

/* bytearray's repr (a prefix) escapes every single quote, as CPython's does */
Value bytes_repr_data(const uint8_t *p, int64_t n, const char *prefix, const char *suffix)
{
    bool sq = n && memchr(p, '\'', (size_t)n) != NULL;
    bool dq = n && memchr(p, '"', (size_t)n) != NULL;
    char q = sq && !dq ? '"' : '\'';
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, prefix);
    sb_addc(&b, 'b');
    sb_addc(&b, q);
    for (int64_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == (uint8_t)q || c == '\\' || (*prefix && c == '\'')) { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
        else if (c == '\n') sb_add(&b, "\\n", 2);
        else if (c == '\r') sb_add(&b, "\\r", 2);
        else if (c == '\t') sb_add(&b, "\\t", 2);
        else if (c < 0x20 || c >= 0x7f) sb_printf(&b, "\\x%02x", c);
        else sb_addc(&b, (char)c);
    }
    sb_addc(&b, q);
    sb_adds(&b, suffix);
    return sb_finish(&b);
}

Value bytes_repr(Value v) { return bytes_repr_data(AS_BYTES(v)->data, AS_BYTES(v)->len, "", ""); }

/* ---- decoding --------------------------------------------------------- */

Value bytes_decode(const uint8_t *s, size_t len, const char *encoding, const char *errors)
{
    return codec_decode_bytes(s, len, encoding, errors);
}

/* ---- construction ----------------------------------------------------- */


/* ---- helpers shared with bytearray.c -------------------------------- */

int bytes_byte_value(Value v, uint8_t *out, const char *range_msg)
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
        err_set(exc_ValueError, range_msg);
        return -1;
    }
    *out = (uint8_t)AS_INT(i);
    return 0;
}

int bytes_fill_from_ints(Value *items, int64_t n, uint8_t *out)
{
    for (int64_t i = 0; i < n; i++)
        if (bytes_byte_value(items[i], &out[i], "bytes must be in range(0, 256)") < 0) return -1;
    return 0;
}

int bytes_memcmp(const uint8_t *a, int64_t na, const uint8_t *b, int64_t nb)
{
    int64_t n = na < nb ? na : nb;
    int c = n ? memcmp(a, b, (size_t)n) : 0;
    if (c == 0) c = (na > nb) - (na < nb);
    return c;
}

Value bytes_cmp_result(int c, int op)
{
    switch (op) {
    case CMP_LT: return BOOL_V(c < 0);
    case CMP_LE: return BOOL_V(c <= 0);
    case CMP_EQ: return BOOL_V(c == 0);
    case CMP_NE: return BOOL_V(c != 0);
    case CMP_GT: return BOOL_V(c > 0);
    default: return BOOL_V(c >= 0);
    }
}

static ObjStr *s_bytes_dunder;

Value bytes_call_dunder(Value v)
{
    if (!s_bytes_dunder) s_bytes_dunder = str_intern_cstr("__bytes__");
    if (!(TYPE(v)->flags & TF_HEAPTYPE)) return VNULL;
    Value f = type_lookup(TYPE(v), s_bytes_dunder);
    if (!f) return VNULL;
    Value r = obj_call_method(v, s_bytes_dunder, NULL, 0);
    if (!r) return VNULL;
    if (!BYTES_CHECK(r))
        return err_format(exc_TypeError, "__bytes__ returned non-bytes (type %s)", TYPE(r)->name);
    return r;
}

static Value bytes_from_buffer(Value x)
{
    Buffer b;
    if (obj_getbuffer(x, &b, BUF_STRIDED) < 0) return VNULL;
    ObjBytes *o = bytes_alloc((size_t)b.len);
    buffer_to_contig(&b, o->data);
    buffer_release(&b);
    return OBJ_VAL(o);
}

static Value bytes_from_iterable(Value x)
{
    Value list = (IS_LIST(x) || IS_TUPLE(x)) ? x : obj_to_list(x);
    if (!list) return VNULL;
    Value *items = IS_LIST(list) ? AS_LIST(list)->items : AS_TUPLE(list)->items;
    int64_t n = IS_LIST(list) ? AS_LIST(list)->len : AS_TUPLE(list)->len;
    ObjBytes *b = bytes_alloc((size_t)n);
    /* a list can change under __index__: re-read its length each item */
    for (int64_t i = 0; i < n; i++) {
        if (IS_LIST(list) && i >= AS_LIST(list)->len) { b->len = i; b->data[i] = 0; break; }
        items = IS_LIST(list) ? AS_LIST(list)->items : items;
        if (bytes_byte_value(items[i], &b->data[i], "bytes must be in range(0, 256)") < 0) return VNULL;
    }
    return OBJ_VAL(b);
}

Value bytes_from_object(Value x, const char *tname)
{
    if (IS_BYTES(x)) return x;
    if (BYTES_CHECK(x)) return bytes_new(AS_BYTES(x)->data, (size_t)AS_BYTES(x)->len);
    if (obj_has_buffer(x)) return bytes_from_buffer(x);
    if (int_check(x) || (!IS_FLOAT(x) && !IS_STR(x) && TYPE(x)->nb_int && !TYPE(x)->iter)) {
        Value i = int_exact(int_check(x) ? x : obj_index(x));
        if (!i) return VNULL;
        if (int_sign(i) < 0) return err_set(exc_ValueError, "negative count");
        if (!IS_INT(i))
            return err_format(exc_OverflowError, "cannot fit '%s' into an index-sized integer", TYPE(x)->name);
        if (AS_INT(i) > buffer_max_size()) return err_no_memory();
        ObjBytes *b = bytes_try_alloc((size_t)AS_INT(i));
        if (!b) return err_no_memory();
        memset(b->data, 0, (size_t)AS_INT(i));
        return OBJ_VAL(b);
    }
    if (IS_STR(x)) return err_set(exc_TypeError, "string argument without an encoding");
    if (!TYPE(x)->iter && !TYPE(x)->getitem)
        return err_format(exc_TypeError, "cannot convert '%s' object to %s", TYPE(x)->name, tname);
    return bytes_from_iterable(x);
}

/* bytes(), bytes(n), bytes(iterable), bytes(buffer), bytes(str, encoding[, errors]) */
static Value bytes_tp_new_exact(Type *t, Value *args, int nargs, ObjTuple *kwnames)
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
        return str_encode(AS_STR(x), str_cstr(AS_STR(a[1])), a[2] ? str_cstr(AS_STR(a[2])) : NULL);
    }
    if (a[1]) return err_set(exc_TypeError, "encoding without a string argument");
    if (a[2]) return err_set(exc_TypeError, "errors without a string argument");
    Value r = bytes_call_dunder(x);
    if (r || err_occurred()) return r;
    return bytes_from_object(x, "bytes");
}

static Value bytes_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value v = bytes_tp_new_exact(t, args, nargs, kwnames);
    return t == &type_bytes || !v ? v : type_adopt(t, v);
}

/* ---- bytes' slots ------------------------------------------------------ */

static int bytes_hash(Value v, int64_t *out)
{
    ObjBytes *b = AS_BYTES(v);
    if (b->hash == -1) {
        b->hash = str_hash_bytes(b->data, (size_t)b->len); /* CPython's */
    }
    *out = b->hash;
    return 0;
}

/* bytes compares only with bytes; bytearray's and memoryview's slots
 * compare with any buffer (CPython's rules) and answer for bytes too. */
static Value bytes_richcmp(Value a, Value b, int op)
{
    if (!BYTES_CHECK(a) || !BYTES_CHECK(b)) return NOTIMPL;
    ObjBytes *x = AS_BYTES(a), *y = AS_BYTES(b);
    if (op == CMP_EQ || op == CMP_NE) {
        bool eq = x == y || (x->len == y->len && (x->len == 0 || (x->data[0] == y->data[0] &&
                             memcmp(x->data, y->data, (size_t)x->len) == 0)));
        return BOOL_V(eq == (op == CMP_EQ));
    }
    return bytes_cmp_result(bytes_memcmp(x->data, x->len, y->data, y->len), op);
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
        ObjBytes *o = bytes_alloc((size_t)n);
        for (int64_t k = 0, i = start; k < n; k++, i = slice_next(i, step)) o->data[k] = s->data[i];
        return OBJ_VAL(o);
    }
    if (IS_BIGINT(key)) return err_format(exc_IndexError, "cannot fit 'int' into an index-sized integer");
    if (!IS_FLOAT(key) && TYPE(key)->nb_int && (TYPE(key)->flags & TF_HEAPTYPE)) {
        Value i = obj_index(key);
        if (!i) return VNULL;
        return bytes_getitem(self, i);
    }
    return err_format(exc_TypeError, "byte indices must be integers or slices, not %s", TYPE(key)->name);
}

static const uint8_t *find_sub(const uint8_t *h, int64_t hn, const uint8_t *nd, int64_t nn);

/* `item in data` for bytes and bytearray */
static int contains_impl(const uint8_t *p, int64_t n, Value item)
{
    if (int_check(item) || (!IS_FLOAT(item) && !obj_has_buffer(item) && TYPE(item)->nb_int)) {
        uint8_t c;
        if (bytes_byte_value(item, &c, "byte must be in range(0, 256)") < 0) return -1;
        return n && memchr(p, c, (size_t)n) != NULL;
    }
    Buffer b;
    if (obj_getbuffer(item, &b, BUF_SIMPLE) < 0) return -1;
    int r = find_sub(p, n, b.buf, b.len) != NULL;
    buffer_release(&b);
    return r;
}

static int bytes_contains(Value self, Value item)
{
    return contains_impl(AS_BYTES(self)->data, AS_BYTES(self)->len, item);
}

static Value bytes_add(Value a, Value b)
{
    if (!BYTES_CHECK(a)) return NOTIMPL;
    Buffer y;
    if (!obj_has_buffer(b)) {
        if (TYPE(b)->flags & TF_HEAPTYPE) return NOTIMPL;
        return err_format(exc_TypeError, "can't concat %s to bytes", TYPE(b)->name);
    }
    if (obj_getbuffer(b, &y, BUF_SIMPLE) < 0) return VNULL;
    ObjBytes *x = AS_BYTES(a);
    ObjBytes *o = bytes_try_alloc((size_t)(x->len + y.len));
    if (!o) { buffer_release(&y); return err_no_memory(); }
    memcpy(o->data, x->data, (size_t)x->len);
    if (y.len) memcpy(o->data + x->len, y.buf, (size_t)y.len);
    buffer_release(&y);
    return OBJ_VAL(o);
}

/* repeat count for seq * n: -1 error; NOTIMPL via *notimpl */
static int repeat_count(Value n, int64_t len, int64_t *out, bool *notimpl)
{
    *notimpl = false;
    if (!int_check(n)) {
        if (!IS_FLOAT(n) && TYPE(n)->nb_int && (TYPE(n)->flags & TF_HEAPTYPE)) {
            n = obj_index(n);
            if (!n) return -1;
        } else {
            if (TYPE(n)->flags & TF_HEAPTYPE) { *notimpl = true; return -1; }
            err_format(exc_TypeError, "can't multiply sequence by non-int of type '%s'", TYPE(n)->name);
            return -1;
        }
    }
    n = int_exact(n);
    if (int_sign(n) <= 0 || len == 0) { *out = 0; return 0; }
    if (!IS_INT(n)) {
        err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (len > buffer_max_size() / AS_INT(n)) { err_no_memory(); return -1; }
    *out = AS_INT(n);
    return 0;
}

static void repeat_into(uint8_t *dst, const uint8_t *src, int64_t len, int64_t k)
{
    if (len == 1) { memset(dst, src[0], (size_t)k); return; }
    if (!k) return;
    memcpy(dst, src, (size_t)len);
    int64_t done = len, total = len * k;
    while (done < total) { /* doubling copies */
        int64_t c = done < total - done ? done : total - done;
        memcpy(dst + done, dst, (size_t)c);
        done += c;
    }
}

static Value bytes_mul(Value a, Value b)
{
    Value s = BYTES_CHECK(a) ? a : b, n = BYTES_CHECK(a) ? b : a;
    if (!BYTES_CHECK(s)) return NOTIMPL;
    if (UNLIKELY(!IS_BYTES(s))) s = bytes_new(AS_BYTES(s)->data, (size_t)AS_BYTES(s)->len);
    ObjBytes *x = AS_BYTES(s);
    int64_t k;
    bool ni;
    if (repeat_count(n, x->len, &k, &ni) < 0) return ni ? NOTIMPL : VNULL;
    if (k == 1) return s;
    ObjBytes *o = bytes_try_alloc((size_t)(x->len * k));
    if (!o) return err_no_memory();
    repeat_into(o->data, x->data, x->len, k);
    return OBJ_VAL(o);
}

static Value bytes_mod(Value a, Value b)
{
    if (!BYTES_CHECK(a)) return NOTIMPL;
    return bytes_format(&type_bytes, AS_BYTES(a)->data, AS_BYTES(a)->len, b);
}

static int bytes_truth(Value v) { return AS_BYTES(v)->len != 0; }

static int bytes_getbuffer(Value self, Buffer *view, int flags)
{
    return buffer_fill(view, self, AS_BYTES(self)->data, AS_BYTES(self)->len, true, flags, NULL);
}

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

/* ---- the methods bytes and bytearray share ---------------------------- */

static Value hex_of(const uint8_t *p, int64_t n, char sep, int64_t per);

static void reverse_list(Value list)
{
    ObjList *l = AS_LIST(list);
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
}

/* self's bytes; results are of type t (bytes or bytearray, also for
 * subclasses, as in CPython); exact: self is exactly bytes, so a result
 * equal to self may be self */
typedef struct { const uint8_t *p; int64_t n; Type *t; Value v; bool exact; } BSelf;

static BSelf bself(Value v)
{
    if (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_bytearray))
        return (BSelf){AS_BYTEARRAY(v)->data, AS_BYTEARRAY(v)->len, &type_bytearray, v, false};
    return (BSelf){AS_BYTES(v)->data, AS_BYTES(v)->len, &type_bytes, v, IS_BYTES(v)};
}

/* A new object of self's type holding n bytes at *data (to be filled). */
static Value bnew_raw(Type *t, int64_t n, uint8_t **data)
{
    if (n > buffer_max_size()) { *data = NULL; return err_no_memory(); }
    if (t == &type_bytes) {
        ObjBytes *b = bytes_alloc((size_t)n);
        *data = b->data;
        return OBJ_VAL(b);
    }
    Value r = bytearray_alloc(n);
    *data = AS_BYTEARRAY(r)->data;
    return r;
}

static Value bmake(Type *t, const uint8_t *p, int64_t n)
{
    return t == &type_bytes ? bytes_new(p, (size_t)n) : bytearray_new(p, (size_t)n);
}

/* self unchanged: bytes returns itself, bytearray a copy */
static Value bsame(BSelf s) { return s.exact ? s.v : bmake(s.t, s.p, s.n); }

static Value sb_to(Type *t, StrBuf *b)
{
    Value r = bmake(t, (const uint8_t *)(b->data ? b->data : ""), (int64_t)b->len);
    sb_free(b);
    return r;
}

#define SELF_ARGS(nm, min, max) \
    if (args_check(nm, nargs - 1, kw, min, max) < 0) return VNULL

static bool bspace(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }
static bool blower(uint8_t c) { return c >= 'a' && c <= 'z'; }
static bool bupper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static bool balpha(uint8_t c) { return blower(c) || bupper(c); }
static bool bdigit(uint8_t c) { return c >= '0' && c <= '9'; }

/* start/end of find, count, startswith…: None or an index (clamped) */
static int slice_index(Value v, int64_t *out)
{
    if (!v || IS_NONE(v)) return 0;
    if (!int_check(v)) {
        if (IS_FLOAT(v) || !TYPE(v)->nb_int || IS_STR(v)) {
            err_set(exc_TypeError, "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        v = obj_index(v);
        if (!v) return -1;
    }
    v = int_exact(v);
    if (IS_INT(v)) *out = AS_INT(v);
    else *out = int_sign(v) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return 0;
}

static void clamp_range(int64_t n, int64_t *b, int64_t *e)
{
    if (*e > n) *e = n;
    else if (*e < 0) { *e += n; if (*e < 0) *e = 0; }
    if (*b < 0) { *b += n; if (*b < 0) *b = 0; }
}

/* The sub argument of find/count/index: a buffer or an int byte. */
typedef struct { Buffer b; uint8_t one; const uint8_t *p; int64_t n; bool has_buf; } SubArg;

static int sub_arg(Value v, SubArg *s)
{
    s->has_buf = false;
    if (!obj_has_buffer(v)) {
        if (!int_check(v) && (IS_FLOAT(v) || IS_STR(v) || !TYPE(v)->nb_int)) {
            err_format(exc_TypeError, "argument should be integer or bytes-like object, not '%s'", TYPE(v)->name);
            return -1;
        }
        if (bytes_byte_value(v, &s->one, "byte must be in range(0, 256)") < 0) return -1;
        s->p = &s->one;
        s->n = 1;
        return 0;
    }
    if (obj_getbuffer(v, &s->b, BUF_SIMPLE) < 0) return -1;
    s->has_buf = true;
    s->p = s->b.buf;
    s->n = s->b.len;
    return 0;
}
static void sub_release(SubArg *s) { if (s->has_buf) buffer_release(&s->b); }

/* How common a byte is in typical data (text first): higher is more
 * common.  Searching for a short needle runs memchr on its rarest byte,
 * so that false hits stay few (the "rare byte" trick of Rust's memchr). */
static int byte_rank(uint8_t c)
{
    static const char freq[] = "etaoinshrdlcumwfgypbvkjxqz"; /* English, most common first */
    if (c == ' ') return 255;
    if (c >= 'a' && c <= 'z') return 250 - (int)(strchr(freq, c) - freq) * 3;
    if (c >= 'A' && c <= 'Z') return 150 - (int)(strchr(freq, c + 32) - freq) * 2;
    if (c == '\n' || c == ',' || c == '.' || c == '0' || c == '1') return 160;
    if (c >= '0' && c <= '9') return 140;
    if (c >= 0x20 && c < 0x7f) return 100;
    if (c == 0 || c == 0xff) return 90;
    return 50;
}

/* First occurrence of a needle: memchr for one byte; for short needles
 * memchr on the needle's rarest byte then memcmp, which beats memmem's
 * set-up when there are many matches (count, replace, split); memmem
 * (two-way) for long ones. */
static const uint8_t *find_sub(const uint8_t *h, int64_t hn, const uint8_t *nd, int64_t nn)
{
    if (nn == 0) return h;
    if (hn < nn) return NULL;
    if (nn == 1) return memchr(h, nd[0], (size_t)hn);
    if (nn <= 32) {
        int64_t r = 0;
        for (int64_t i = 1; i < nn; i++)
            if (byte_rank(nd[i]) < byte_rank(nd[r])) r = i;
        const uint8_t *p = h + r, *end = h + hn - nn + r + 1; /* candidates for nd[r] */
        while (p < end && (p = memchr(p, nd[r], (size_t)(end - p)))) {
            if (memcmp(p - r, nd, (size_t)nn) == 0) return p - r;
            p++;
        }
        return NULL;
    }
    return memmem(h, (size_t)hn, nd, (size_t)nn);
}

static const uint8_t *rmemmem(const uint8_t *h, int64_t hn, const uint8_t *nd, int64_t nn)
{
    if (nn == 0) return h + hn;
    if (nn == 1) return memrchr(h, nd[0], (size_t)hn);
    for (int64_t i = hn - nn; i >= 0; i--) {
        const uint8_t *q = memrchr(h, nd[0], (size_t)i + 1);
        if (!q) return NULL;
        i = q - h;
        if (memcmp(q, nd, (size_t)nn) == 0) return q;
    }
    return NULL;
}

/* find / rfind / index / rindex / count (kind 4) */
static Value find_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev, bool raise,
                         bool count)
{
    SELF_ARGS(name, 1, 3);
    int64_t b = 0, e = INT64_MAX;
    if (slice_index(nargs > 2 ? args[2] : VNULL, &b) < 0 || slice_index(nargs > 3 ? args[3] : VNULL, &e) < 0)
        return VNULL;
    SubArg sub;
    if (sub_arg(args[1], &sub) < 0) return VNULL;
    BSelf s = bself(args[0]);
    int64_t n = s.n;
    clamp_range(n, &b, &e);
    int64_t found = -1, c = 0;
    if (count) {
        if (b <= n && e >= b) {
            if (sub.n == 0) c = e - b + 1;
            else if (sub.n == 1) {
                for (const uint8_t *q = s.p + b, *end = s.p + e; (q = memchr(q, sub.p[0], (size_t)(end - q))); q++) c++;
            } else {
                for (int64_t i = b; i + sub.n <= e;) {
                    const uint8_t *q = find_sub(s.p + i, e - i, sub.p, sub.n);
                    if (!q) break;
                    c++;
                    i = q - s.p + sub.n;
                }
            }
        }
        sub_release(&sub);
        return MK_INT(c);
    }
    if (b <= n && e - b >= sub.n) {
        const uint8_t *q;
        if (!rev) q = find_sub(s.p + b, e - b, sub.p, sub.n);
        else q = rmemmem(s.p + b, e - b, sub.p, sub.n);
        if (q) found = q - s.p;
    }
    sub_release(&sub);
    if (found < 0 && raise) return err_set(exc_ValueError, "subsection not found");
    return MK_INT(found);
}
static Value m_find(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "find", false, false, false); }
static Value m_rfind(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rfind", true, false, false); }
static Value m_index(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "index", false, true, false); }
static Value m_rindex(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rindex", true, true, false); }
static Value m_count(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "count", false, false, true); }

static Value m_decode(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"encoding", "errors", NULL};
    Value a[2];
    if (args_parse("decode", args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return VNULL;
    if (a[0] && !IS_STR(a[0]))
        return err_format(exc_TypeError, "decode() argument 'encoding' must be str, not %s", TYPE(a[0])->name);
    if (a[1] && !IS_STR(a[1]))
        return err_format(exc_TypeError, "decode() argument 'errors' must be str, not %s", TYPE(a[1])->name);
    BSelf s = bself(args[0]);
    return bytes_decode(s.p, (size_t)s.n, a[0] ? str_cstr(AS_STR(a[0])) : "utf-8",
                        a[1] ? str_cstr(AS_STR(a[1])) : NULL);
}

Value bytes_hex_impl(Value obj, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"sep", "bytes_per_sep", NULL};
    Value a[2];
    if (args_parse("hex", args, nargs, kw, params, 0, 2, a) < 0) return VNULL;
    char sep = 0;
    int64_t per = 1;
    if (a[0]) {
        if (IS_STR(a[0])) {
            if (AS_STR(a[0])->ncp != 1) return err_set(exc_ValueError, "sep must be length 1.");
            if (!AS_STR(a[0])->ascii) return err_set(exc_ValueError, "sep must be ASCII.");
            sep = AS_STR(a[0])->data[0];
        } else if (IS_BYTES(a[0]) || IS_BYTEARRAY(a[0])) {
            BSelf sp = bself(a[0]);
            if (sp.n != 1) return err_set(exc_ValueError, "sep must be length 1.");
            if (sp.p[0] >= 128) return err_set(exc_ValueError, "sep must be ASCII.");
            sep = (char)sp.p[0];
        } else {
            return err_set(exc_TypeError, "sep must be str or bytes.");
        }
    }
    if (a[1] && obj_as_int64(a[1], &per) < 0) return VNULL;
    Buffer view;
    if (obj_getbuffer(obj, &view, BUF_STRIDED) < 0) return VNULL;
    int64_t n = view.len;
    uint8_t *copy = NULL;
    const uint8_t *p = view.buf;
    if (!buffer_is_contig(&view)) {
        copy = mem_alloc((size_t)n + 1);
        buffer_to_contig(&view, copy);
        p = copy;
    }
    Value r = hex_of(p, n, sep, per);
    if (copy) mem_free(copy, (size_t)n + 1);
    buffer_release(&view);
    return r;
}

static Value hex_of(const uint8_t *p, int64_t n, char sep, int64_t per)
{
    int64_t absper = per < 0 ? -per : per;
    if (!sep || absper == 0 || n == 0) {
        char *buf = mem_alloc((size_t)n * 2 + 1);
        for (int64_t i = 0; i < n; i++) {
            buf[2 * i] = "0123456789abcdef"[p[i] >> 4];
            buf[2 * i + 1] = "0123456789abcdef"[p[i] & 15];
        }
        Value r = str_new_ascii(buf, (size_t)n * 2);
        mem_free(buf, (size_t)n * 2 + 1);
        return r;
    }
    int64_t nsep = (n - 1) / absper;
    size_t total = (size_t)(n * 2 + nsep);
    char *buf = mem_alloc(total + 1), *w = buf;
    /* per > 0 groups from the right, per < 0 from the left */
    int64_t first = per > 0 ? (n % absper ? n % absper : absper) : absper;
    for (int64_t i = 0; i < n; i++) {
        if (i && (i == first || (i > first && (i - first) % absper == 0))) *w++ = sep;
        *w++ = "0123456789abcdef"[p[i] >> 4];
        *w++ = "0123456789abcdef"[p[i] & 15];
    }
    Value r = str_new_ascii(buf, total);
    mem_free(buf, total + 1);
    return r;
}

static Value m_hex(Value *args, int nargs, ObjTuple *kw)
{
    return bytes_hex_impl(args[0], args + 1, nargs - 1, kw);
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (uint8_t)(c | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

Value bytes_fromhex_impl(Type *t, Value sv)
{
    if (!IS_STR(sv))
        return err_format(exc_TypeError, "fromhex() argument must be str, not %s", TYPE(sv)->name);
    ObjStr *s = AS_STR(sv);
    const uint8_t *d = (const uint8_t *)s->data;
    uint8_t *buf = mem_alloc((size_t)s->len / 2 + 1);
    size_t k = 0;
    int64_t i = 0;
    while (i < s->len) {
        uint8_t c = d[i];
        if (bspace(c)) { i++; continue; }
        int hi = hexval(c);
        int lo = i + 1 < s->len ? hexval(d[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            mem_free(buf, (size_t)s->len / 2 + 1);
            int64_t at = hi < 0 ? i : i + 1;
            /* position in code points */
            int64_t cp = 0;
            for (int64_t j = 0; j < at; j++) cp += (d[j] & 0xC0) != 0x80;
            return err_format(exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %lld",
                              (long long)cp);
        }
        buf[k++] = (uint8_t)(hi * 16 + lo);
        i += 2;
    }
    Value r = bmake(t, buf, (int64_t)k);
    mem_free(buf, (size_t)s->len / 2 + 1);
    return r;
}

static Value m_fromhex(Value *args, int nargs, ObjTuple *kw)
{
    Type *t = &type_bytes;
    if (nargs > 0 && IS_TYPEOBJ(args[0])) { t = AS_TYPE(args[0]); args++; nargs--; }
    if (args_check("fromhex", nargs, kw, 1, 1) < 0) return VNULL;
    Type *base = type_is_subtype(t, &type_bytearray) ? &type_bytearray : &type_bytes;
    Value r = bytes_fromhex_impl(base, args[0]);
    if (r && t != base) r = obj_call1(OBJ_VAL(t), r);
    return r;
}

static Value m_join(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("join", 1, 1);
    Value list = obj_to_list(args[1]);
    if (!list) return VNULL;
    ObjList *l = AS_LIST(list);
    BSelf s = bself(args[0]);
    int64_t total = 0;
    for (int64_t i = 0; i < l->len; i++) {
        Value it = l->items[i];
        int64_t n;
        if (IS_BYTES(it)) n = AS_BYTES(it)->len;
        else if (IS_BYTEARRAY(it)) n = AS_BYTEARRAY(it)->len;
        else if (obj_has_buffer(it)) {
            Buffer b;
            if (obj_getbuffer(it, &b, BUF_SIMPLE) < 0) return VNULL;
            n = b.len;
            buffer_release(&b);
        } else {
            return err_format(exc_TypeError, "sequence item %lld: expected a bytes-like object, %s found",
                              (long long)i, TYPE(it)->name);
        }
        total += n + (i ? s.n : 0);
    }
    if (s.t == &type_bytes && l->len == 1 && IS_BYTES(l->items[0])) return l->items[0];
    uint8_t *w;
    Value r = bnew_raw(s.t, total, &w);
    if (!r) return VNULL;
    for (int64_t i = 0; i < l->len; i++) {
        if (i && s.n) { memcpy(w, s.p, (size_t)s.n); w += s.n; }
        Buffer b;
        if (obj_getbuffer(l->items[i], &b, BUF_SIMPLE) < 0) return VNULL;
        if (b.len) memcpy(w, b.buf, (size_t)b.len);
        w += b.len;
        buffer_release(&b);
    }
    return r;
}

/* split / rsplit */
static Value split_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev)
{
    static const char *const params[] = {"sep", "maxsplit", NULL};
    Value a[2];
    if (args_parse(name, args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return VNULL;
    int64_t maxsplit = -1;
    if (a[1] && obj_as_int64(a[1], &maxsplit) < 0) return VNULL;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    Buffer sep;
    bool has_sep = a[0] && !IS_NONE(a[0]);
    if (has_sep) {
        if (obj_getbuffer(a[0], &sep, BUF_SIMPLE) < 0) return VNULL;
        if (sep.len == 0) { buffer_release(&sep); return err_set(exc_ValueError, "empty separator"); }
    }
    BSelf s = bself(args[0]);
    const uint8_t *d = s.p;
    int64_t n = s.n;
    Value list = list_new(0);
    if (has_sep) {
        if (!rev) {
            int64_t pos = 0;
            while (maxsplit-- > 0) {
                const uint8_t *q = find_sub(d + pos, n - pos, sep.buf, sep.len);
                if (!q) break;
                list_append(list, bmake(s.t, d + pos, q - d - pos));
                pos = q - d + sep.len;
            }
            if (s.exact && pos == 0) list_append(list, s.v);
            else list_append(list, bmake(s.t, d + pos, n - pos));
        } else {
            int64_t end = n;
            while (maxsplit-- > 0) {
                const uint8_t *q = rmemmem(d, end, sep.buf, sep.len);
                if (!q) break;
                list_append(list, bmake(s.t, q + sep.len, d + end - q - sep.len));
                end = q - d;
            }
            if (s.exact && end == n) list_append(list, s.v);
            else list_append(list, bmake(s.t, d, end));
            reverse_list(list);
        }
        buffer_release(&sep);
        return list;
    }
    if (!rev) {
        int64_t i = 0;
        while (i < n) {
            while (i < n && bspace(d[i])) i++;
            if (i >= n) break;
            int64_t j = i;
            if (maxsplit-- <= 0) {
                j = n; /* the rest, trailing whitespace included */
            } else {
                while (j < n && !bspace(d[j])) j++;
            }
            if (s.exact && i == 0 && j == n) list_append(list, s.v);
            else list_append(list, bmake(s.t, d + i, j - i));
            i = j;
        }
    } else {
        int64_t j = n;
        while (j > 0) {
            while (j > 0 && bspace(d[j - 1])) j--;
            if (j <= 0) break;
            int64_t i = j;
            if (maxsplit-- <= 0) {
                i = 0; /* the rest, leading whitespace included */
            } else {
                while (i > 0 && !bspace(d[i - 1])) i--;
            }
            if (s.exact && i == 0 && j == n) list_append(list, s.v);
            else list_append(list, bmake(s.t, d + i, j - i));
            j = i;
        }
        reverse_list(list);
    }
    return list;
}
static Value m_split(Value *a, int n, ObjTuple *k) { return split_common(a, n, k, "split", false); }
static Value m_rsplit(Value *a, int n, ObjTuple *k) { return split_common(a, n, k, "rsplit", true); }

static Value do_strip(Value *args, int nargs, ObjTuple *kw, const char *name, bool l, bool r)
{
    SELF_ARGS(name, 0, 1);
    Buffer chars;
    bool has = nargs > 1 && !IS_NONE(args[1]);
    if (has && obj_getbuffer(args[1], &chars, BUF_SIMPLE) < 0) return VNULL;
    BSelf s = bself(args[0]);
    int64_t b = 0, e = s.n;
    bool table[256] = {false};
    if (has) for (int64_t i = 0; i < chars.len; i++) table[chars.buf[i]] = true;
    else for (int c = 0; c < 256; c++) table[c] = bspace((uint8_t)c);
    if (l) while (b < e && table[s.p[b]]) b++;
    if (r) while (e > b && table[s.p[e - 1]]) e--;
    if (has) buffer_release(&chars);
    if (b == 0 && e == s.n) return bsame(s);
    return bmake(s.t, s.p + b, e - b);
}
static Value m_strip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "strip", true, true); }
static Value m_lstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "lstrip", true, false); }
static Value m_rstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "rstrip", false, true); }

static Value starts_ends(Value *args, int nargs, ObjTuple *kw, const char *name, bool ends)
{
    SELF_ARGS(name, 1, 3);
    int64_t b = 0, e = INT64_MAX;
    if (slice_index(nargs > 2 ? args[2] : VNULL, &b) < 0 || slice_index(nargs > 3 ? args[3] : VNULL, &e) < 0)
        return VNULL;
    Value pre = args[1];
    Value *items = &pre;
    int64_t np = 1;
    if (IS_TUPLE(pre)) { items = AS_TUPLE(pre)->items; np = AS_TUPLE(pre)->len; }
    for (int64_t i = 0; i < np; i++) {
        Buffer p;
        if (obj_getbuffer_msg(items[i], &p, BUF_SIMPLE, NULL) < 0) {
            if (!err_matches(exc_TypeError) || obj_has_buffer(items[i])) return VNULL;
            err_clear();
            if (IS_TUPLE(pre))
                return err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(items[i])->name);
            return err_format(exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name,
                              TYPE(items[i])->name);
        }
        BSelf s = bself(args[0]);
        int64_t bb = b, ee = e;
        clamp_range(s.n, &bb, &ee);
        bool ok = false;
        if (bb <= s.n && ee - bb >= p.len) {
            const uint8_t *at = ends ? s.p + ee - p.len : s.p + bb;
            ok = p.len == 0 || memcmp(at, p.buf, (size_t)p.len) == 0;
        }
        buffer_release(&p);
        if (ok) return TRUE_V;
    }
    return FALSE_V;
}
static Value m_startswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "startswith", false); }
static Value m_endswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "endswith", true); }

static Value m_replace(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("replace", 2, 3);
    int64_t count = -1;
    if (nargs > 3 && obj_as_int64(args[3], &count) < 0) return VNULL;
    if (count < 0) count = INT64_MAX;
    Buffer old, rep;
    if (obj_getbuffer(args[1], &old, BUF_SIMPLE) < 0) return VNULL;
    if (obj_getbuffer(args[2], &rep, BUF_SIMPLE) < 0) { buffer_release(&old); return VNULL; }
    BSelf s = bself(args[0]);
    const uint8_t *d = s.p;
    int64_t n = s.n;
    if (old.len == rep.len && old.len > 0) {
        /* same length: copy once, then patch each match in place (one search pass) */
        const uint8_t *q = find_sub(d, n, old.buf, old.len);
        Value r;
        if (!q || count == 0) {
            r = bsame(s);
        } else {
            uint8_t *w;
            r = bnew_raw(s.t, n, &w);
            if (r) {
                memcpy(w, d, (size_t)n);
                for (int64_t done = 0; q && done < count; done++) {
                    memcpy(w + (q - d), rep.buf, (size_t)rep.len);
                    int64_t i = q - d + old.len;
                    q = find_sub(d + i, n - i, old.buf, old.len);
                }
            }
        }
        buffer_release(&old);
        buffer_release(&rep);
        return r;
    }
    /* count first, then build the result at its exact size */
    int64_t k = 0;
    if (old.len == 0) {
        k = n + 1 < count ? n + 1 : count;
    } else {
        for (int64_t i = 0; k < count;) {
            const uint8_t *q = find_sub(d + i, n - i, old.buf, old.len);
            if (!q) break;
            k++;
            i = q - d + old.len;
        }
    }
    Value r;
    if (k == 0) {
        r = bsame(s);
    } else {
        uint8_t *w;
        r = bnew_raw(s.t, n + k * (rep.len - old.len), &w);
        if (!r) { buffer_release(&old); buffer_release(&rep); return VNULL; }
        int64_t i = 0;
        if (old.len == 0) {
            for (int64_t j = 0; j < k; j++) {
                memcpy(w, rep.buf, (size_t)rep.len);
                w += rep.len;
                if (i < n) *w++ = d[i++];
            }
        } else {
            for (int64_t j = 0; j < k; j++) {
                const uint8_t *q = find_sub(d + i, n - i, old.buf, old.len);
                memcpy(w, d + i, (size_t)(q - d - i));
                w += q - d - i;
                memcpy(w, rep.buf, (size_t)rep.len);
                w += rep.len;
                i = q - d + old.len;
            }
        }
        memcpy(w, d + i, (size_t)(n - i));
    }
    buffer_release(&old);
    buffer_release(&rep);
    return r;
}

enum { MAP_UPPER, MAP_LOWER, MAP_SWAP, MAP_CAP, MAP_TITLE };
static Value map_bytes(Value *args, int nargs, ObjTuple *kw, const char *name, int mode)
{
    SELF_ARGS(name, 0, 0);
    BSelf s = bself(args[0]);
    uint8_t *o;
    Value r = bnew_raw(s.t, s.n, &o);
    bool prev_cased = false;
    for (int64_t i = 0; i < s.n; i++) {
        uint8_t c = s.p[i];
        switch (mode) {
        case MAP_UPPER: if (blower(c)) c -= 32; break;
        case MAP_LOWER: if (bupper(c)) c += 32; break;
        case MAP_SWAP: if (blower(c)) c -= 32; else if (bupper(c)) c += 32; break;
        case MAP_CAP: if (i == 0) { if (blower(c)) c -= 32; } else if (bupper(c)) c += 32; break;
        default:
            if (prev_cased) { if (bupper(c)) c += 32; }
            else if (blower(c)) c -= 32;
            prev_cased = balpha(c);
        }
        o[i] = c;
    }
    return r;
}
static Value m_upper(Value *a, int n, ObjTuple *k) { return map_bytes(a, n, k, "upper", MAP_UPPER); }
static Value m_lower(Value *a, int n, ObjTuple *k) { return map_bytes(a, n, k, "lower", MAP_LOWER); }
static Value m_swapcase(Value *a, int n, ObjTuple *k) { return map_bytes(a, n, k, "swapcase", MAP_SWAP); }
static Value m_capitalize(Value *a, int n, ObjTuple *k) { return map_bytes(a, n, k, "capitalize", MAP_CAP); }
static Value m_title(Value *a, int n, ObjTuple *k) { return map_bytes(a, n, k, "title", MAP_TITLE); }

enum { IS_DIGIT, IS_ALPHA, IS_SPACE, IS_ALNUM, IS_ASCII, IS_LOWER, IS_UPPER, IS_TITLE };
static Value test_bytes(Value *args, int nargs, ObjTuple *kw, const char *name, int kind)
{
    SELF_ARGS(name, 0, 0);
    BSelf s = bself(args[0]);
    if (kind == IS_ASCII) {
        for (int64_t i = 0; i < s.n; i++) if (s.p[i] >= 128) return FALSE_V;
        return TRUE_V;
    }
    if (kind == IS_LOWER || kind == IS_UPPER) {
        bool cased = false;
        for (int64_t i = 0; i < s.n; i++) {
            if (kind == IS_LOWER ? bupper(s.p[i]) : blower(s.p[i])) return FALSE_V;
            if (balpha(s.p[i])) cased = true;
        }
        return BOOL_V(cased);
    }
    if (kind == IS_TITLE) {
        bool cased = false, prev = false;
        for (int64_t i = 0; i < s.n; i++) {
            uint8_t c = s.p[i];
            if (bupper(c)) { if (prev) return FALSE_V; prev = cased = true; }
            else if (blower(c)) { if (!prev) return FALSE_V; prev = cased = true; }
            else prev = false;
        }
        return BOOL_V(cased);
    }
    if (s.n == 0) return FALSE_V;
    for (int64_t i = 0; i < s.n; i++) {
        uint8_t c = s.p[i];
        bool ok = kind == IS_DIGIT ? bdigit(c) : kind == IS_ALPHA ? balpha(c) : kind == IS_SPACE ? bspace(c)
                                                                            : (bdigit(c) || balpha(c));
        if (!ok) return FALSE_V;
    }
    return TRUE_V;
}
static Value m_isdigit(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isdigit", IS_DIGIT); }
static Value m_isalpha(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isalpha", IS_ALPHA); }
static Value m_isspace(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isspace", IS_SPACE); }
static Value m_isalnum(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isalnum", IS_ALNUM); }
static Value m_isascii(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isascii", IS_ASCII); }
static Value m_islower(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "islower", IS_LOWER); }
static Value m_isupper(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "isupper", IS_UPPER); }
static Value m_istitle(Value *a, int n, ObjTuple *k) { return test_bytes(a, n, k, "istitle", IS_TITLE); }

/* center / ljust / rjust (width, fillchar=b' ') */
static Value pad_common(Value *args, int nargs, ObjTuple *kw, const char *name, int where)
{
    SELF_ARGS(name, 1, 2);
    int64_t width;
    if (!int_check(args[1]) && (IS_FLOAT(args[1]) || !TYPE(args[1])->nb_int))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(args[1])->name);
    if (obj_as_int64(args[1], &width) < 0) return VNULL;
    uint8_t fill = ' ';
    if (nargs > 2) {
        Value f = args[2];
        if ((IS_BYTES(f) || IS_BYTEARRAY(f)) && bself(f).n == 1) fill = bself(f).p[0];
        else return err_format(exc_TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name,
                               TYPE(f)->name);
    }
    BSelf s = bself(args[0]);
    if (width <= s.n) return bsame(s);
    int64_t pad = width - s.n, left;
    if (where < 0) left = 0;
    else if (where > 0) left = pad;
    else left = pad / 2 + (pad & width & 1);
    uint8_t *o;
    Value r = bnew_raw(s.t, width, &o);
    if (!r) return VNULL;
    memset(o, fill, (size_t)left);
    if (s.n) memcpy(o + left, s.p, (size_t)s.n);
    memset(o + left + s.n, fill, (size_t)(pad - left));
    return r;
}
static Value m_center(Value *a, int n, ObjTuple *k) { return pad_common(a, n, k, "center", 0); }
static Value m_ljust(Value *a, int n, ObjTuple *k) { return pad_common(a, n, k, "ljust", -1); }
static Value m_rjust(Value *a, int n, ObjTuple *k) { return pad_common(a, n, k, "rjust", 1); }

static Value m_zfill(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("zfill", 1, 1);
    int64_t width;
    if (!int_check(args[1]) && (IS_FLOAT(args[1]) || !TYPE(args[1])->nb_int))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(args[1])->name);
    if (obj_as_int64(args[1], &width) < 0) return VNULL;
    BSelf s = bself(args[0]);
    if (width <= s.n) return bsame(s);
    int64_t pad = width - s.n;
    uint8_t *o;
    Value r = bnew_raw(s.t, width, &o);
    if (!r) return VNULL;
    memset(o, '0', (size_t)pad);
    if (s.n) memcpy(o + pad, s.p, (size_t)s.n);
    if (s.n && (s.p[0] == '+' || s.p[0] == '-')) { o[0] = s.p[0]; o[pad] = '0'; }
    return r;
}

static Value m_expandtabs(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"tabsize", NULL};
    Value a[1];
    if (args_parse("expandtabs", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    int64_t ts = 8;
    if (a[0] && obj_as_int64(a[0], &ts) < 0) return VNULL;
    if (ts > INT32_MAX || ts < INT32_MIN) return err_set(exc_OverflowError, "Python int too large to convert to C int");
    BSelf s = bself(args[0]);
    StrBuf b;
    sb_init(&b);
    int64_t col = 0;
    for (int64_t i = 0; i < s.n; i++) {
        uint8_t c = s.p[i];
        if (c == '\t') {
            if (ts > 0) {
                int64_t k = ts - col % ts;
                for (int64_t j = 0; j < k; j++) sb_addc(&b, ' ');
                col += k;
            }
        } else {
            sb_addc(&b, (char)c);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
    }
    return sb_to(s.t, &b);
}

static Value m_splitlines(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"keepends", NULL};
    Value a[1];
    if (args_parse("splitlines", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    int keep = 0;
    if (a[0]) {
        if (IS_FLOAT(a[0])) return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
        if ((keep = obj_truthy(a[0])) < 0) return VNULL;
    }
    BSelf s = bself(args[0]);
    Value list = list_new(0);
    int64_t i = 0;
    while (i < s.n) {
        int64_t j = i;
        while (j < s.n && s.p[j] != '\n' && s.p[j] != '\r') j++;
        int64_t eol = j;
        if (j < s.n) {
            if (s.p[j] == '\r' && j + 1 < s.n && s.p[j + 1] == '\n') j += 2;
            else j++;
            if (keep) eol = j;
        }
        if (s.exact && i == 0 && eol == s.n) list_append(list, s.v);
        else list_append(list, bmake(s.t, s.p + i, eol - i));
        i = j;
    }
    return list;
}

static Value partition_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev)
{
    SELF_ARGS(name, 1, 1);
    Buffer sep;
    if (obj_getbuffer(args[1], &sep, BUF_SIMPLE) < 0) return VNULL;
    if (sep.len == 0) { buffer_release(&sep); return err_set(exc_ValueError, "empty separator"); }
    BSelf s = bself(args[0]);
    const uint8_t *q = rev ? rmemmem(s.p, s.n, sep.buf, sep.len) : find_sub(s.p, s.n, sep.buf, sep.len);
    Value r;
    if (!q) {
        Value e = bmake(s.t, NULL, 0), e2 = bmake(s.t, NULL, 0);
        r = rev ? tuple_pack(3, e, e2, bsame(s)) : tuple_pack(3, bsame(s), e, e2);
    } else {
        Value sepv = s.t == &type_bytes && IS_BYTES(args[1]) ? args[1] : bmake(s.t, sep.buf, sep.len);
        r = tuple_pack(3, bmake(s.t, s.p, q - s.p), sepv, bmake(s.t, q + sep.len, s.p + s.n - q - sep.len));
    }
    buffer_release(&sep);
    return r;
}
static Value m_partition(Value *a, int n, ObjTuple *k) { return partition_common(a, n, k, "partition", false); }
static Value m_rpartition(Value *a, int n, ObjTuple *k) { return partition_common(a, n, k, "rpartition", true); }

static Value m_maketrans(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("maketrans", nargs, kw, 2, 2) < 0) return VNULL;
    Buffer f, t;
    if (obj_getbuffer(args[0], &f, BUF_SIMPLE) < 0) return VNULL;
    if (obj_getbuffer(args[1], &t, BUF_SIMPLE) < 0) { buffer_release(&f); return VNULL; }
    Value r = VNULL;
    if (f.len != t.len) {
        err_set(exc_ValueError, "maketrans arguments must have same length");
    } else {
        ObjBytes *o = bytes_alloc(256);
        for (int c = 0; c < 256; c++) o->data[c] = (uint8_t)c;
        for (int64_t i = 0; i < f.len; i++) o->data[f.buf[i]] = t.buf[i];
        r = OBJ_VAL(o);
    }
    buffer_release(&f);
    buffer_release(&t);
    return r;
}

static Value m_translate(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"table", "delete", NULL};
    Value a[2];
    if (args_parse("translate", args + 1, nargs - 1, kw, params, 1, 2, a) < 0) return VNULL;
    Buffer tb, db;
    bool has_t = !IS_NONE(a[0]), has_d = a[1] != VNULL;
    if (has_t) {
        if (obj_getbuffer(a[0], &tb, BUF_SIMPLE) < 0) return VNULL;
        if (tb.len != 256) {
            buffer_release(&tb);
            return err_set(exc_ValueError, "translation table must be 256 characters long");
        }
    }
    if (has_d && obj_getbuffer(a[1], &db, BUF_SIMPLE) < 0) { if (has_t) buffer_release(&tb); return VNULL; }
    BSelf s = bself(args[0]);
    if (!has_d) { /* a plain byte map: straight into the result */
        uint8_t *o;
        Value r = bnew_raw(s.t, s.n, &o);
        uint8_t diff = 0;
        const uint8_t *t = has_t ? tb.buf : NULL;
        if (t)
            for (int64_t i = 0; i < s.n; i++) diff |= (uint8_t)((o[i] = t[s.p[i]]) ^ s.p[i]);
        else if (s.n)
            memcpy(o, s.p, (size_t)s.n);
        if (has_t) buffer_release(&tb);
        return !diff && s.exact ? s.v : r;
    }
    bool del[256] = {false};
    for (int64_t i = 0; i < db.len; i++) del[db.buf[i]] = true;
    uint8_t *tmp = mem_alloc((size_t)s.n + 1);
    int64_t k = 0;
    bool changed = false;
    for (int64_t i = 0; i < s.n; i++) {
        uint8_t c = s.p[i];
        if (del[c]) { changed = true; continue; }
        uint8_t m = has_t ? tb.buf[c] : c;
        changed |= m != c;
        tmp[k++] = m;
    }
    Value r = !changed && s.exact ? s.v : bmake(s.t, tmp, k);
    mem_free(tmp, (size_t)s.n + 1);
    if (has_t) buffer_release(&tb);
    if (has_d) buffer_release(&db);
    return r;
}

static Value prefix_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool suffix)
{
    SELF_ARGS(name, 1, 1);
    Buffer p;
    if (obj_getbuffer(args[1], &p, BUF_SIMPLE) < 0) return VNULL;
    BSelf s = bself(args[0]);
    bool has = p.len && s.n >= p.len && memcmp(suffix ? s.p + s.n - p.len : s.p, p.buf, (size_t)p.len) == 0;
    int64_t plen = p.len;
    buffer_release(&p);
    if (!has) return bsame(s);
    return bmake(s.t, suffix ? s.p : s.p + plen, s.n - plen);
}
static Value m_removeprefix(Value *a, int n, ObjTuple *k) { return prefix_common(a, n, k, "removeprefix", false); }
static Value m_removesuffix(Value *a, int n, ObjTuple *k) { return prefix_common(a, n, k, "removesuffix", true); }

const MethodDef bytes_common_methods[] = {
    {"capitalize", m_capitalize}, {"center", m_center}, {"count", m_count}, {"decode", m_decode},
    {"endswith", m_endswith}, {"expandtabs", m_expandtabs}, {"find", m_find}, {"fromhex", m_fromhex},
    {"hex", m_hex}, {"index", m_index}, {"isalnum", m_isalnum}, {"isalpha", m_isalpha},
    {"isascii", m_isascii}, {"isdigit", m_isdigit}, {"islower", m_islower}, {"isspace", m_isspace},
    {"istitle", m_istitle}, {"isupper", m_isupper}, {"join", m_join}, {"ljust", m_ljust},
    {"lower", m_lower}, {"lstrip", m_lstrip}, {"maketrans", m_maketrans}, {"partition", m_partition},
    {"removeprefix", m_removeprefix}, {"removesuffix", m_removesuffix}, {"replace", m_replace},
    {"rfind", m_rfind}, {"rindex", m_rindex}, {"rjust", m_rjust}, {"rpartition", m_rpartition},
    {"rsplit", m_rsplit}, {"rstrip", m_rstrip}, {"split", m_split}, {"splitlines", m_splitlines},
    {"startswith", m_startswith}, {"strip", m_strip}, {"swapcase", m_swapcase}, {"title", m_title},
    {"translate", m_translate}, {"upper", m_upper}, {"zfill", m_zfill},
    {NULL, NULL},
};

/* ---- bytes % args (and bytearray % args) ------------------------------ */

static Value next_arg(Value *items, int64_t n, int64_t *idx)
{
    if (*idx >= n) return err_set(exc_TypeError, "not enough arguments for format string");
    return items[(*idx)++];
}

/* %s / %b: the bytes of a bytes-like object or of __bytes__ */
static Value format_obj(Value v)
{
    if (IS_BYTES(v)) return v;
    if (obj_has_buffer(v)) return bytes_from_buffer(v);
    Value r = bytes_call_dunder(v);
    if (r || err_occurred()) return r;
    return err_format(exc_TypeError,
                      "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                      TYPE(v)->name);
}

Value bytes_format(Type *t, const uint8_t *fmt, int64_t n, Value args)
{
    Value *items;
    int64_t nitems;
    Value single[1] = {args};
    bool is_tuple = TUPLE_CHECK(args); /* a tuple subclass (namedtuple) too */
    if (is_tuple) { items = AS_TUPLE(args)->items; nitems = AS_TUPLE(args)->len; }
    else { items = single; nitems = 1; }
    bool mapping = !is_tuple && !IS_BYTES(args) && !IS_STR(args) && TYPE(args)->getitem != NULL;
    int64_t idx = 0;
    const uint8_t *p = fmt, *e = fmt + n;
    StrBuf b;
    sb_init(&b);
    /* the format may be a bytearray that __index__/__bytes__ code resizes:
     * work on a copy */
    Value keep = bytes_new(fmt, (size_t)n);
    p = AS_BYTES(keep)->data;
    e = p + n;
    const uint8_t *base = p;
#define FAIL do { sb_free(&b); return VNULL; } while (0)
    while (p < e) {
        const uint8_t *lit = p;
        const uint8_t *pct = memchr(p, '%', (size_t)(e - p));
        p = pct ? pct : e;
        sb_add(&b, (const char *)lit, (size_t)(p - lit));
        if (p >= e) break;
        p++;
        Value arg = VNULL;
        if (p < e && *p == '(') {
            if (!mapping) { sb_free(&b); return err_set(exc_TypeError, "format requires a mapping"); }
            const uint8_t *k = ++p;
            int depth = 1;
            while (p < e) {
                if (*p == '(') depth++;
                else if (*p == ')' && --depth == 0) break;
                p++;
            }
            if (p >= e) { sb_free(&b); return err_set(exc_ValueError, "incomplete format key"); }
            Value key = bytes_new(k, (size_t)(p - k));
            p++;
            arg = obj_getitem(args, key);
            if (!arg) FAIL;
        }
        char flags[8];
        int nf = 0;
        bool left = false;
        for (; p < e && nf < 7; p++) {
            if (*p == '-') left = true;
            else if (*p != '+' && *p != ' ' && *p != '#' && *p != '0') break;
            if (!memchr(flags, *p, (size_t)nf)) flags[nf++] = (char)*p;
        }
        for (; p < e && (*p == '-' || *p == '+' || *p == ' ' || *p == '#' || *p == '0'); p++) {}
        flags[nf] = 0;
        int64_t width = -1, prec = -1;
        if (p < e && *p == '*') {
            p++;
            Value w = next_arg(items, nitems, &idx);
            if (!w) FAIL;
            if (!int_check(w)) { sb_free(&b); return err_set(exc_TypeError, "* wants int"); }
            if (obj_as_int64(w, &width) < 0) FAIL;
            if (width < 0) { left = true; width = -width; }
        } else {
            while (p < e && *p >= '0' && *p <= '9') {
                width = (width < 0 ? 0 : width) * 10 + (*p++ - '0');
                if (width > INT32_MAX) { sb_free(&b); return err_set(exc_ValueError, "width too big"); }
            }
        }
        if (p < e && *p == '.') {
            p++;
            prec = 0;
            if (p < e && *p == '*') {
                p++;
                Value w = next_arg(items, nitems, &idx);
                if (!w) FAIL;
                if (!int_check(w)) { sb_free(&b); return err_set(exc_TypeError, "* wants int"); }
                if (obj_as_int64(w, &prec) < 0) FAIL;
                if (prec < 0) prec = 0;
            } else {
                while (p < e && *p >= '0' && *p <= '9') {
                    prec = prec * 10 + (*p++ - '0');
                    if (prec > INT32_MAX) { sb_free(&b); return err_set(exc_ValueError, "precision too big"); }
                }
            }
        }
        while (p < e && (*p == 'h' || *p == 'l' || *p == 'L')) p++;
        if (p >= e) { sb_free(&b); return err_set(exc_ValueError, "incomplete format"); }
        uint8_t type = *p++;
        if (type == '%') { sb_addc(&b, '%'); continue; }
        if (!arg) {
            arg = next_arg(items, nitems, &idx);
            if (!arg) FAIL;
        }
        const uint8_t *text = NULL;
        int64_t tlen = 0;
        uint8_t ch;
        Value piece = VNULL;
        switch (type) {
        case 's': case 'b': case 'r': case 'a': {
            if (type == 'r' || type == 'a') {
                Value s = obj_ascii(arg);
                if (!s) FAIL;
                piece = s;
                text = (const uint8_t *)AS_STR(s)->data;
                tlen = AS_STR(s)->len;
            } else {
                piece = format_obj(arg);
                if (!piece) FAIL;
                text = AS_BYTES(piece)->data;
                tlen = AS_BYTES(piece)->len;
            }
            if (prec >= 0 && prec < tlen) tlen = prec;
            break;
        }
        case 'c':
            if ((IS_BYTES(arg) || IS_BYTEARRAY(arg)) && bself(arg).n == 1) {
                ch = bself(arg).p[0];
            } else if (int_check(arg) || (!IS_FLOAT(arg) && !obj_has_buffer(arg) && TYPE(arg)->nb_int)) {
                Value iv = int_check(arg) ? int_exact(arg) : obj_index(arg);
                if (!iv) FAIL;
                if (!IS_INT(iv) || AS_INT(iv) < 0 || AS_INT(iv) > 255) {
                    sb_free(&b);
                    return err_set(exc_OverflowError, "%c arg not in range(256)");
                }
                ch = (uint8_t)AS_INT(iv);
            } else {
                sb_free(&b);
                return err_set(exc_TypeError, "%c requires an integer in range(256) or a single byte");
            }
            text = &ch;
            tlen = 1;
            break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            /* numbers format exactly as str % does: let it, then take its ASCII */
            char spec[64];
            int k = snprintf(spec, sizeof spec, "%%%s", flags);
            if (width >= 0) k += snprintf(spec + k, sizeof spec - (size_t)k, "%lld", (long long)width);
            if (prec >= 0) k += snprintf(spec + k, sizeof spec - (size_t)k, ".%lld", (long long)prec);
            snprintf(spec + k, sizeof spec - (size_t)k, "%c", type);
            Value s = str_mod_format(str_from_cstr(spec), tuple_pack(1, arg));
            if (!s) FAIL;
            sb_add(&b, AS_STR(s)->data, (size_t)AS_STR(s)->len);
            continue;
        }
        default:
            sb_free(&b);
            if (type < 128)
                return err_format(exc_ValueError, "unsupported format character '%c' (0x%x) at index %lld",
                                  type, (unsigned)type, (long long)(p - 1 - base));
            return err_format(exc_ValueError, "unsupported format character '\\x%02x' (0x%x) at index %lld",
                              type, (unsigned)type, (long long)(p - 1 - base));
        }
        if (!left) for (int64_t i = tlen; i < width; i++) sb_addc(&b, ' ');
        sb_add(&b, (const char *)text, (size_t)tlen);
        if (left) for (int64_t i = tlen; i < width; i++) sb_addc(&b, ' ');
        (void)piece;
    }
#undef FAIL
    if (idx < nitems && !mapping) {
        sb_free(&b);
        return err_set(exc_TypeError, "not all arguments converted during bytes formatting");
    }
    (void)*(volatile Value *)&keep;
    return sb_to(t, &b);
}

/* ---- the bytes type ----------------------------------------------------- */

static Value m_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__getnewargs__", 0, 0);
    return tuple_pack(1, bytes_new(AS_BYTES(args[0])->data, (size_t)AS_BYTES(args[0])->len));
}

static Value m_bytes_bytes(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__bytes__", 0, 0);
    if (IS_BYTES(args[0])) return args[0];
    return bytes_new(AS_BYTES(args[0])->data, (size_t)AS_BYTES(args[0])->len);
}

static const MethodDef bytes_methods[] = {
    {"__getnewargs__", m_getnewargs}, {"__bytes__", m_bytes_bytes},
    {NULL, NULL},
};

Type type_bytes = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bytes",
    .flags = TF_BASETYPE | TF_BYTES_SUB,
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
    .getbuffer = bytes_getbuffer,
};

int bytes_contains_impl(const uint8_t *p, int64_t n, Value item) { return contains_impl(p, n, item); }
int bytes_repeat_count(Value n, int64_t len, int64_t *out, bool *notimpl) { return repeat_count(n, len, out, notimpl); }
void bytes_repeat_into(uint8_t *dst, const uint8_t *src, int64_t len, int64_t k) { repeat_into(dst, src, len, k); }

void bytes_init(void)
{
    type_ready(&type_bytes, bytes_methods);
    for (const MethodDef *m = bytes_common_methods; m->name; m++)
        type_add_method(&type_bytes, m->name, m->fn);
    str_wrap_method(&type_bytes, "fromhex", &type_classmethod);
    str_wrap_method(&type_bytes, "maketrans", &type_staticmethod);
    type_ready(&type_bytesiter, NULL);
    bytearray_init();
    memoryview_init();
}
