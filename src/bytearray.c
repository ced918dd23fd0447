/* bytearray.c — the mutable bytes type.
 *
 * Storage is one mem_alloc'd block, over-allocated so that append and +=
 * are amortised O(1), always NUL-terminated.  Its methods shared with
 * bytes come from bytes.c (bytes_common_methods); what is here is what
 * mutates.  Memory handed out through the buffer protocol must not move:
 * every operation that changes the size first checks the export count and
 * raises CPython's BufferError.
 */
#include "bytes.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

/* CPython frees a temporary view (m[1:3].tobytes()) at once by reference
 * counting; here it lingers until a collection.  So before refusing a
 * resize, collect: views nothing refers to any more release their export
 * in their finalizer.  Only this rare path pays, and a native may collect
 * (the C stack is scanned conservatively, as for any native that calls
 * back into Python). */
/* bytearray or a subclass (a class statement may derive from it) */
#define BA_CHECK(v) (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_bytearray))

static int check_resize(ObjByteArray *b)
{
    if (BUFFER_EXPORTS(b->export))
        gc_collect();
    if (BUFFER_EXPORTS(b->export)) {
        err_set(exc_BufferError, "Existing exports of data: object cannot be re-sized");
        return -1;
    }
    return 0;
}

/* Make room for n bytes (n <= cap keeps the block).  No export check. */
static int reserve(ObjByteArray *b, int64_t n)
{
    if (n <= b->cap && b->data) return 0;
    int64_t cap = n + (n >> 3) + (n < 9 ? 3 : 6); /* CPython's growth */
    uint8_t *d = b->data ? mem_try_realloc(b->data, (size_t)b->cap + 1, (size_t)cap + 1)
                         : mem_try_alloc((size_t)cap + 1);
    if (!d) { err_no_memory(); return -1; }
    b->data = d;
    b->cap = cap;
    return 0;
}

/* Set the length to n (bytes past the old length are not initialised). */
static int resize(ObjByteArray *b, int64_t n)
{
    if (n != b->len && check_resize(b) < 0) return -1;
    if (n > buffer_max_size()) { err_no_memory(); return -1; }
    if (n > b->cap && reserve(b, n) < 0) return -1;
    else if (n < b->cap / 2 && b->cap > 64) {
        /* shrink, as CPython does when less than half is used */
        int64_t cap = n + (n >> 3) + 6;
        b->data = mem_realloc(b->data, (size_t)b->cap + 1, (size_t)cap + 1);
        b->cap = cap;
    }
    b->len = n;
    b->data[n] = 0;
    return 0;
}

static ObjByteArray *ba_empty(void)
{
    ObjByteArray *b = (ObjByteArray *)gc_new(&type_bytearray, sizeof(ObjByteArray));
    b->cap = 0;
    b->data = mem_alloc(1);
    b->data[0] = 0;
    return b;
}

Value bytearray_new(const uint8_t *s, size_t len)
{
    ObjByteArray *b = ba_empty();
    if (len) {
        if (reserve(b, (int64_t)len) < 0) return VNULL;
        if (s) memcpy(b->data, s, len);
        else memset(b->data, 0, len);
    }
    b->len = (int64_t)len;
    b->data[len] = 0;
    return OBJ_VAL(b);
}

Value bytearray_alloc(int64_t len) { return bytearray_new(NULL, (size_t)len); }

static void ba_finalize(Obj *o)
{
    ObjByteArray *b = (ObjByteArray *)o;
    if (b->data) mem_free(b->data, (size_t)b->cap + 1);
    b->data = NULL;
    buffer_export_free(&b->export);
}

/* bytearray(), bytearray(n), bytearray(iterable|buffer), bytearray(str, encoding[, errors]) */
static Value ba_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"source", "encoding", "errors", NULL};
    Value a[3];
    if (args_parse("bytearray", args, nargs, kwnames, params, 0, 3, a) < 0) return VNULL;
    Value x = a[0];
    if (!x) {
        if (a[1] || a[2]) return err_set(exc_TypeError, a[1] ? "encoding without a string argument" : "errors without a string argument");
        return bytearray_new(NULL, 0);
    }
    if (a[1] && !IS_STR(a[1]))
        return err_format(exc_TypeError, "bytearray() argument 'encoding' must be str, not %s", TYPE(a[1])->name);
    if (a[2] && !IS_STR(a[2]))
        return err_format(exc_TypeError, "bytearray() argument 'errors' must be str, not %s", TYPE(a[2])->name);
    Value raw;
    if (IS_STR(x)) {
        if (!a[1]) return err_set(exc_TypeError, "string argument without an encoding");
        raw = str_encode(AS_STR(x), str_cstr(AS_STR(a[1])), a[2] ? str_cstr(AS_STR(a[2])) : "strict");
    } else {
        if (a[1]) return err_set(exc_TypeError, "encoding without a string argument");
        if (a[2]) return err_set(exc_TypeError, "errors without a string argument");
        raw = bytes_from_object(x, "bytearray");
    }
    if (!raw) return VNULL;
    if (t == &type_bytearray) return bytearray_new(AS_BYTES(raw)->data, (size_t)AS_BYTES(raw)->len);
    ObjByteArray *b = (ObjByteArray *)type_alloc(t, sizeof(ObjByteArray));
    int64_t n = AS_BYTES(raw)->len;
    b->data = mem_alloc(1);
    b->cap = 0;
    if (reserve(b, n) < 0) return VNULL;
    if (n) memcpy(b->data, AS_BYTES(raw)->data, (size_t)n);
    b->len = n;
    b->data[n] = 0;
    return OBJ_VAL(b);
}

/* ---- slots ------------------------------------------------------------ */

static Value ba_repr(Value v)
{
    ObjByteArray *b = AS_BYTEARRAY(v);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s(", TYPE(v)->name); /* a subclass shows its name */
    return bytes_repr_data(b->data, b->len, prefix, ")");
}

/* bytearray compares with anything that has a buffer (bytes included) */
static Value ba_richcmp(Value a, Value b, int op)
{
    if (!obj_has_buffer(a) || !obj_has_buffer(b)) return NOTIMPL;
    if (IS_TYPE_EXACT(a, &type_memoryview) || IS_TYPE_EXACT(b, &type_memoryview)) return NOTIMPL;
    Buffer x, y;
    if (obj_getbuffer(a, &x, BUF_SIMPLE) < 0) { err_clear(); return NOTIMPL; }
    if (obj_getbuffer(b, &y, BUF_SIMPLE) < 0) { buffer_release(&x); err_clear(); return NOTIMPL; }
    Value r;
    if ((op == CMP_EQ || op == CMP_NE) && x.len != y.len) r = BOOL_V(op == CMP_NE);
    else r = bytes_cmp_result(bytes_memcmp(x.buf, x.len, y.buf, y.len), op);
    buffer_release(&x);
    buffer_release(&y);
    return r;
}

static int ba_truth(Value v) { return AS_BYTEARRAY(v)->len != 0; }
static int64_t ba_len(Value v) { return AS_BYTEARRAY(v)->len; }

static int ba_getbuffer(Value self, Buffer *view, int flags)
{
    ObjByteArray *b = AS_BYTEARRAY(self);
    return buffer_fill(view, self, b->data, b->len, false, flags, &b->export);
}

/* an index argument: int or __index__; IndexError text for big ints */
static int index_of(Value key, int64_t *out, bool *is_index)
{
    *is_index = false;
    if (IS_INT(key) || IS_BOOL(key)) { *out = IS_INT(key) ? AS_INT(key) : key == TRUE_V; *is_index = true; return 0; }
    if (IS_BIGINT(key) || (!IS_FLOAT(key) && !IS_STR(key) && TYPE(key)->nb_int && TYPE(key) != &type_slice)) {
        Value i = IS_BIGINT(key) ? key : obj_index(key);
        if (!i) return -1;
        if (!IS_INT(i)) {
            err_format(exc_IndexError, "cannot fit '%s' into an index-sized integer", TYPE(key)->name);
            return -1;
        }
        *out = AS_INT(i);
        *is_index = true;
    }
    return 0;
}

static Value ba_getitem(Value self, Value key)
{
    ObjByteArray *b = AS_BYTEARRAY(self);
    int64_t i;
    bool is_index;
    if (index_of(key, &i, &is_index) < 0) return VNULL;
    if (is_index) {
        if (i < 0) i += b->len;
        if (i < 0 || i >= b->len) return err_set(exc_IndexError, "bytearray index out of range");
        return MK_INT(b->data[i]);
    }
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        int64_t start, stop, step, n;
        if (slice_indices(key, b->len, &start, &stop, &step, &n) < 0) return VNULL;
        if (n <= 0) return bytearray_new(NULL, 0);
        if (step == 1) return bytearray_new(b->data + start, (size_t)n);
        Value r = bytearray_alloc(n);
        uint8_t *o = AS_BYTEARRAY(r)->data;
        for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) o[k] = b->data[j];
        return r;
    }
    return err_format(exc_TypeError, "bytearray indices must be integers or slices, not %s", TYPE(key)->name);
}

/* Replace [lo, hi) by n bytes from src (src may alias self's data). */
static int splice(ObjByteArray *b, int64_t lo, int64_t hi, const uint8_t *src, int64_t n)
{
    int64_t old = hi - lo, tail = b->len - hi, newlen = b->len - old + n;
    if (old != n) {
        if (check_resize(b) < 0) return -1;
        if (n > old) {
            if (reserve(b, newlen) < 0) return -1;
            memmove(b->data + lo + n, b->data + hi, (size_t)tail);
        } else {
            memmove(b->data + lo + n, b->data + hi, (size_t)tail);
        }
        if (resize(b, newlen) < 0) return -1;
    }
    if (n) memcpy(b->data + lo, src, (size_t)n);
    return 0;
}

static int ba_setitem(Value self, Value key, Value v)
{
    ObjByteArray *b = AS_BYTEARRAY(self);
    int64_t i;
    bool is_index;
    if (index_of(key, &i, &is_index) < 0) return -1;
    if (is_index) {
        uint8_t c = 0;
        if (v && bytes_byte_value(v, &c, "byte must be in range(0, 256)") < 0) return -1;
        if (i < 0) i += b->len;
        if (i < 0 || i >= b->len) { err_set(exc_IndexError, "bytearray index out of range"); return -1; }
        if (v) { b->data[i] = c; return 0; }
        return splice(b, i, i + 1, NULL, 0);
    }
    if (!IS_OBJ(key) || AS_OBJ(key)->type != &type_slice) {
        err_format(exc_TypeError, "bytearray indices must be integers or slices, not %s", TYPE(key)->name);
        return -1;
    }
    Value src = VNULL; /* the new bytes, as a bytes object */
    if (v) {
        if (IS_STR(v) || int_check(v) || IS_FLOAT(v)) {
            err_set(exc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        }
        src = bytes_from_object(v, "bytearray");
        if (!src) return -1;
    }
    int64_t start, stop, step, n;
    if (slice_indices(key, b->len, &start, &stop, &step, &n) < 0) return -1;
    const uint8_t *sp = src ? AS_BYTES(src)->data : NULL;
    int64_t sn = src ? AS_BYTES(src)->len : 0;
    if (step == 1) {
        if (stop < start) stop = start;
        return splice(b, start, stop, sp, sn);
    }
    if (src) {
        if (sn != n) {
            err_format(exc_ValueError, "attempt to assign bytes of size %lld to extended slice of size %lld",
                       (long long)sn, (long long)n);
            return -1;
        }
        for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) b->data[j] = sp[k];
        return 0;
    }
    if (n <= 0) return 0;
    if (check_resize(b) < 0) return -1;
    /* delete an extended slice: walk forward keeping what is not in it */
    if (step < 0) { start = start + step * (n - 1); step = -step; }
    int64_t w = start;
    for (int64_t r = start, k = 0; r < b->len; r++) {
        if (k < n && r == start + k * step) { k++; continue; }
        b->data[w++] = b->data[r];
    }
    return resize(b, w);
}

static int ba_contains(Value self, Value item)
{
    /* the item's buffer may be self: bytes_contains_impl reads it first */
    ObjByteArray *b = AS_BYTEARRAY(self);
    return bytes_contains_impl(b->data, b->len, item);
}

/* the right operand of + and +=: 1 with its buffer, 0 NotImplemented, -1 error */
static int concat_arg(Value a, Value b, Buffer *y)
{
    if (!BA_CHECK(a)) return 0;
    if (!obj_has_buffer(b)) {
        if (TYPE(b)->flags & TF_HEAPTYPE) return 0;
        err_format(exc_TypeError, "can't concat %s to bytearray", TYPE(b)->name);
        return -1;
    }
    return obj_getbuffer(b, y, BUF_SIMPLE) < 0 ? -1 : 1;
}

static Value ba_add(Value a, Value b)
{
    Buffer y;
    int c = concat_arg(a, b, &y);
    if (c <= 0) return c ? VNULL : NOTIMPL;
    ObjByteArray *x = AS_BYTEARRAY(a);
    Value r = bytearray_alloc(x->len + y.len);
    memcpy(AS_BYTEARRAY(r)->data, x->data, (size_t)x->len);
    if (y.len) memcpy(AS_BYTEARRAY(r)->data + x->len, y.buf, (size_t)y.len);
    buffer_release(&y);
    return r;
}

static Value ba_iadd(Value a, Value b)
{
    Buffer y;
    int c = concat_arg(a, b, &y);
    if (c <= 0) return c ? VNULL : NOTIMPL;
    ObjByteArray *x = AS_BYTEARRAY(a);
    int64_t old = x->len, n = y.len;
    /* b += b raises BufferError, as in CPython: the export is live */
    int rc = n ? resize(x, old + n) : 0;
    if (rc == 0 && n) memcpy(x->data + old, y.buf, (size_t)n);
    buffer_release(&y);
    return rc < 0 ? VNULL : a;
}

static Value ba_mul(Value a, Value b)
{
    Value s = BA_CHECK(a) ? a : b, n = BA_CHECK(a) ? b : a;
    if (!BA_CHECK(s)) return NOTIMPL;
    ObjByteArray *x = AS_BYTEARRAY(s);
    int64_t k;
    bool ni;
    if (bytes_repeat_count(n, x->len, &k, &ni) < 0) return ni ? NOTIMPL : VNULL;
    Value r = bytearray_alloc(x->len * k);
    bytes_repeat_into(AS_BYTEARRAY(r)->data, x->data, x->len, k);
    return r;
}

static Value ba_imul(Value a, Value b)
{
    if (!BA_CHECK(a)) return NOTIMPL;
    ObjByteArray *x = AS_BYTEARRAY(a);
    int64_t k;
    bool ni;
    if (bytes_repeat_count(b, x->len, &k, &ni) < 0) return ni ? NOTIMPL : VNULL;
    int64_t old = x->len;
    if (resize(x, old * k) < 0) return VNULL;
    if (k > 1) bytes_repeat_into(x->data, x->data, old, k);
    return a;
}

static Value ba_mod(Value a, Value b)
{
    if (!BA_CHECK(a)) return NOTIMPL;
    return bytes_format(&type_bytearray, AS_BYTEARRAY(a)->data, AS_BYTEARRAY(a)->len, b);
}

/* ---- iterator: reads the live bytearray ------------------------------- */

typedef struct { Obj obj; ObjByteArray *b; int64_t i; } ObjBAIter;

static void baiter_trace(Obj *o) { gc_mark_obj((Obj *)((ObjBAIter *)o)->b); }
static Value baiter_next(Value v)
{
    ObjBAIter *it = (ObjBAIter *)AS_OBJ(v);
    if (!it->b || it->i >= it->b->len) { it->b = NULL; return VNULL; }
    return MK_INT(it->b->data[it->i++]);
}
static Value iter_self(Value v) { return v; }

static Type type_baiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bytearray_iterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBAIter),
    .trace = baiter_trace,
    .iter = iter_self,
    .next = baiter_next,
};

static Value ba_iter(Value v)
{
    ObjBAIter *it = (ObjBAIter *)gc_new(&type_baiter, sizeof(ObjBAIter));
    it->b = AS_BYTEARRAY(v);
    it->i = 0;
    return OBJ_VAL(it);
}

/* ---- methods that mutate ---------------------------------------------- */

#define SELF_ARGS(nm, min, max) \
    if (args_check(nm, nargs - 1, kw, min, max) < 0) return VNULL; \
    ObjByteArray *self = AS_BYTEARRAY(args[0])

static Value m_append(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("append", 1, 1);
    uint8_t c;
    if (bytes_byte_value(args[1], &c, "byte must be in range(0, 256)") < 0) return VNULL;
    if (resize(self, self->len + 1) < 0) return VNULL;
    self->data[self->len - 1] = c;
    return NONE;
}

static Value m_extend(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("extend", 1, 1);
    Value x = args[1];
    if (!obj_has_buffer(x) && !TYPE(x)->iter && !TYPE(x)->getitem)
        return err_format(exc_TypeError, "can't extend bytearray with %s", TYPE(x)->name);
    if (IS_STR(x)) {
        if (AS_STR(x)->len) return err_set(exc_TypeError, "'str' object cannot be interpreted as an integer");
        return NONE;
    }
    Value src = bytes_from_object(x, "bytearray");
    if (!src) return VNULL;
    int64_t old = self->len, n = AS_BYTES(src)->len;
    if (n && resize(self, old + n) < 0) return VNULL;
    if (n) memcpy(self->data + old, AS_BYTES(src)->data, (size_t)n);
    return NONE;
}

static Value m_insert(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("insert", 2, 2);
    int64_t i;
    if (!int_check(args[1]) && (IS_FLOAT(args[1]) || !TYPE(args[1])->nb_int))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(args[1])->name);
    if (obj_as_int64(args[1], &i) < 0) return VNULL;
    uint8_t c;
    if (bytes_byte_value(args[2], &c, "byte must be in range(0, 256)") < 0) return VNULL;
    if (i < 0) { i += self->len; if (i < 0) i = 0; }
    if (i > self->len) i = self->len;
    if (splice(self, i, i, &c, 1) < 0) return VNULL;
    return NONE;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("pop", 0, 1);
    int64_t i = -1;
    if (nargs > 1) {
        if (!int_check(args[1]) && (IS_FLOAT(args[1]) || !TYPE(args[1])->nb_int))
            return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(args[1])->name);
        if (obj_as_int64(args[1], &i) < 0) return VNULL;
    }
    if (self->len == 0) return err_set(exc_IndexError, "pop from empty bytearray");
    if (i < 0) i += self->len;
    if (i < 0 || i >= self->len) return err_set(exc_IndexError, "pop index out of range");
    uint8_t c = self->data[i];
    if (splice(self, i, i + 1, NULL, 0) < 0) return VNULL;
    return MK_INT(c);
}

static Value m_remove(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("remove", 1, 1);
    uint8_t c;
    if (bytes_byte_value(args[1], &c, "byte must be in range(0, 256)") < 0) return VNULL;
    uint8_t *q = self->len ? memchr(self->data, c, (size_t)self->len) : NULL;
    if (!q) return err_set(exc_ValueError, "value not found in bytearray");
    if (splice(self, q - self->data, q - self->data + 1, NULL, 0) < 0) return VNULL;
    return NONE;
}

static Value m_reverse(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("reverse", 0, 0);
    for (int64_t i = 0, j = self->len - 1; i < j; i++, j--) {
        uint8_t t = self->data[i];
        self->data[i] = self->data[j];
        self->data[j] = t;
    }
    return NONE;
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("clear", 0, 0);
    if (resize(self, 0) < 0) return VNULL;
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("copy", 0, 0);
    return bytearray_new(self->data, (size_t)self->len);
}

static Value m_alloc(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__alloc__", 0, 0);
    return MK_INT(self->len ? self->cap + 1 : 0);
}

static Value m_sizeof(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__sizeof__", 0, 0);
    return MK_INT(56 + (self->len ? self->cap + 1 : 0));
}

/* (bytearray, (str, 'latin-1') | (bytes,), None): what pickle needs */
static Value reduce_common(ObjByteArray *self, int64_t proto)
{
    Value args;
    if (proto < 3) {
        Value s = bytes_decode(self->data, (size_t)self->len, "latin-1", "strict");
        if (!s) return VNULL;
        args = tuple_pack(2, s, str_from_cstr("latin-1"));
    } else {
        args = tuple_pack(1, bytes_new(self->data, (size_t)self->len));
    }
    return tuple_pack(3, OBJ_VAL(&type_bytearray), args, NONE);
}

static Value m_reduce(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__reduce__", 0, 0);
    return reduce_common(self, 0);
}

static Value m_reduce_ex(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ARGS("__reduce_ex__", 0, 1);
    int64_t proto = 0;
    if (nargs > 1 && obj_as_int64(args[1], &proto) < 0) return VNULL;
    return reduce_common(self, proto);
}

static const MethodDef ba_methods[] = {
    {"append", m_append}, {"extend", m_extend}, {"insert", m_insert}, {"pop", m_pop},
    {"remove", m_remove}, {"reverse", m_reverse}, {"clear", m_clear}, {"copy", m_copy},
    {"__alloc__", m_alloc}, {"__sizeof__", m_sizeof}, {"__reduce__", m_reduce},
    {"__reduce_ex__", m_reduce_ex},
    {NULL, NULL},
};

Type type_bytearray = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "bytearray",
    .flags = TF_BASETYPE,
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjByteArray),
    .tp_new = ba_tp_new,
    .finalize = ba_finalize,
    .repr = ba_repr,
    .richcmp = ba_richcmp,
    .truth = ba_truth,
    .iter = ba_iter,
    .len = ba_len,
    .getitem = ba_getitem,
    .setitem = ba_setitem,
    .contains = ba_contains,
    .nb = {[NB_ADD] = ba_add, [NB_MUL] = ba_mul, [NB_MOD] = ba_mod},
    .nb_inplace = {[NB_ADD] = ba_iadd, [NB_MUL] = ba_imul},
    .getbuffer = ba_getbuffer,
};

void bytearray_init(void)
{
    type_ready(&type_bytearray, ba_methods);
    for (const MethodDef *m = bytes_common_methods; m->name; m++)
        type_add_method(&type_bytearray, m->name, m->fn);
    str_wrap_method(&type_bytearray, "fromhex", &type_classmethod);
    str_wrap_method(&type_bytearray, "maketrans", &type_staticmethod);
    type_ready(&type_baiter, NULL);
}
