/* memoryview.c — views of another object's buffer.
 *
 * A memoryview holds the Buffer it took from its exporter (src) for its
 * whole life, until release() or its finalizer gives it back; slices,
 * casts and memoryview(view) take a fresh Buffer from the same exporter
 * and describe their own layout (buf, shape, strides, format), so that
 * releasing the original view does not invalidate them (CPython's managed
 * buffer, without a separate object).  A view exports its own layout to
 * consumers (bytes(v), file.write(v), zlib…) and counts those exports:
 * release() with live exports raises BufferError.
 *
 * Items are read and written by format for the native single-character
 * formats, as CPython's memoryview does; casting is restricted to
 * C-contiguous views, 1-D <-> N-D, and at least one byte format.
 */
#include "bytes.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

typedef struct {
    Obj obj;
    Buffer src;          /* from the exporter (src.obj is mv.obj) */
    uint8_t *buf;
    int64_t len;         /* nbytes */
    int64_t itemsize;
    int ndim;
    bool readonly, released;
    ObjStr *format;
    int64_t *shape, *strides; /* mem_alloc'd, ndim entries (NULL if 0) */
    BufferExport *export;     /* buffers this view handed out */
    int64_t hash;
} ObjMemoryView;

#define AS_MV(v) ((ObjMemoryView *)AS_OBJ(v))
#define IS_MV(v) IS_TYPE_EXACT(v, &type_memoryview)

static ObjStr *s_fmt_B;

static void mv_trace(Obj *o)
{
    ObjMemoryView *m = (ObjMemoryView *)o;
    gc_mark(m->src.obj);
    gc_mark_obj((Obj *)m->format);
}

static void set_ndim(ObjMemoryView *m, int ndim)
{
    if (m->shape) {
        mem_free(m->shape, sizeof(int64_t) * (size_t)m->ndim);
        mem_free(m->strides, sizeof(int64_t) * (size_t)m->ndim);
    }
    m->ndim = ndim;
    m->shape = ndim ? mem_alloc(sizeof(int64_t) * (size_t)ndim) : NULL;
    m->strides = ndim ? mem_alloc(sizeof(int64_t) * (size_t)ndim) : NULL;
}

static void mv_finalize(Obj *o)
{
    ObjMemoryView *m = (ObjMemoryView *)o;
    if (!m->released) buffer_release(&m->src);
    m->released = true;
    set_ndim(m, 0);
    buffer_export_free(&m->export);
}

static int check_released(ObjMemoryView *m)
{
    if (m->released) {
        err_set(exc_ValueError, "operation forbidden on released memoryview object");
        return -1;
    }
    return 0;
}

/* A new view of the same exporter as `like` (or of obj), layout copied. */
static ObjMemoryView *mv_alloc(void)
{
    return (ObjMemoryView *)gc_new(&type_memoryview, sizeof(ObjMemoryView));
}

static Value mv_from_object(Value obj)
{
    if (IS_MV(obj)) {
        ObjMemoryView *o = AS_MV(obj);
        if (check_released(o) < 0) return VNULL;
        ObjMemoryView *m = mv_alloc();
        if (obj_getbuffer(o->src.obj, &m->src, BUF_STRIDED) < 0) return VNULL;
        m->buf = o->buf;
        m->len = o->len;
        m->itemsize = o->itemsize;
        m->readonly = o->readonly;
        m->format = o->format;
        m->hash = -1;
        set_ndim(m, o->ndim);
        for (int d = 0; d < o->ndim; d++) { m->shape[d] = o->shape[d]; m->strides[d] = o->strides[d]; }
        return OBJ_VAL(m);
    }
    ObjMemoryView *m = mv_alloc();
    m->hash = -1;
    if (obj_getbuffer_msg(obj, &m->src, BUF_STRIDED, "memoryview: a bytes-like object is required, not '%s'") < 0) {
        m->released = true;
        return VNULL;
    }
    Buffer *b = &m->src;
    m->buf = b->buf;
    m->len = b->len;
    m->itemsize = b->itemsize;
    m->readonly = b->readonly;
    m->format = b->format && strcmp(b->format, "B") ? str_intern_cstr(b->format) : s_fmt_B;
    set_ndim(m, b->ndim);
    if (b->shape) {
        for (int d = 0; d < b->ndim; d++) { m->shape[d] = b->shape[d]; m->strides[d] = b->strides[d]; }
    } else if (b->ndim == 1) {
        m->shape[0] = b->len / b->itemsize;
        m->strides[0] = b->itemsize;
    }
    return OBJ_VAL(m);
}

Value memoryview_new(Value obj) { return mv_from_object(obj); }

static Value mv_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"object", NULL};
    Value a[1];
    if (args_parse("memoryview", args, nargs, kwnames, params, 1, 1, a) < 0) return VNULL;
    return mv_from_object(a[0]);
}

/* ---- items by format -------------------------------------------------- */

static char fmt_char(ObjMemoryView *m)
{
    const char *f = m->format->data;
    if (f[0] == '@') f++;
    if (f[0] && !f[1]) return f[0];
    return 0;
}

static int64_t native_size(char c)
{
    switch (c) {
    case 'c': case 'b': case 'B': case '?': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': case 'q': case 'Q': case 'n': case 'N': case 'd': case 'P': return 8;
    default: return 0;
    }
}

static Value unsupported_format(ObjMemoryView *m)
{
    return err_format(exc_NotImplementedError, "memoryview: format %s not supported", m->format->data);
}

static Value unpack_item(ObjMemoryView *m, const uint8_t *p)
{
    char c = fmt_char(m);
#define GET(T) ({ T v_; memcpy(&v_, p, sizeof v_); v_; })
    switch (c) {
    case 'B': return MK_INT(*p);
    case 'b': return MK_INT((int8_t)*p);
    case 'c': return bytes_new(p, 1);
    case '?': return BOOL_V(*p != 0);
    case 'h': return MK_INT(GET(int16_t));
    case 'H': return MK_INT(GET(uint16_t));
    case 'i': return MK_INT(GET(int32_t));
    case 'I': return MK_INT(GET(uint32_t));
    case 'l': case 'q': case 'n': return int_from_i64(GET(int64_t));
    case 'L': case 'Q': case 'N': case 'P': return int_from_u64(GET(uint64_t));
    case 'f': return float_new(GET(float));
    case 'd': return float_new(GET(double));
    default: return unsupported_format(m);
    }
#undef GET
}

static int invalid_type(ObjMemoryView *m)
{
    err_format(exc_TypeError, "memoryview: invalid type for format '%s'", m->format->data);
    return -1;
}
static int invalid_value(ObjMemoryView *m)
{
    err_format(exc_ValueError, "memoryview: invalid value for format '%s'", m->format->data);
    return -1;
}

static int pack_item(ObjMemoryView *m, uint8_t *p, Value v)
{
    char c = fmt_char(m);
    switch (c) {
    case 'c':
        if (!IS_BYTES(v)) return invalid_type(m);
        if (AS_BYTES(v)->len != 1) return invalid_value(m);
        *p = AS_BYTES(v)->data[0];
        return 0;
    case '?': {
        int t = obj_truthy(v);
        if (t < 0) return -1;
        *p = (uint8_t)t;
        return 0;
    }
    case 'f': case 'd': {
        double d;
        if (!IS_FLOAT(v) && !int_check(v)) return invalid_type(m);
        if (num_to_double(v, &d) < 0) return -1;
        if (c == 'f') { float f = (float)d; memcpy(p, &f, 4); }
        else memcpy(p, &d, 8);
        return 0;
    }
    case 'b': case 'B': case 'h': case 'H': case 'i': case 'I': case 'l': case 'L':
    case 'q': case 'Q': case 'n': case 'N': case 'P': {
        if (!int_check(v)) {
            if (IS_FLOAT(v) || !TYPE(v)->nb_int) return invalid_type(m);
            v = obj_index(v);
            if (!v) return -1;
        }
        v = int_exact(v);
        bool is_unsigned = c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N' || c == 'P';
        int64_t sz = native_size(c);
        if (is_unsigned) {
            if (int_sign(v) < 0) return invalid_value(m);
            mpz_t z;
            mpz_init(z);
            int_to_mpz(v, z);
            bool fits = mpz_sizeinbase(z, 2) <= (size_t)sz * 8;
            uint64_t u = fits ? (uint64_t)mpz_get_ui(z) : 0;
            mpz_clear(z);
            if (!fits) return invalid_value(m);
            if (sz == 1) *p = (uint8_t)u;
            else if (sz == 2) { uint16_t x = (uint16_t)u; memcpy(p, &x, 2); }
            else if (sz == 4) { uint32_t x = (uint32_t)u; memcpy(p, &x, 4); }
            else memcpy(p, &u, 8);
        } else {
            if (!IS_INT(v)) return invalid_value(m);
            int64_t i = AS_INT(v);
            int64_t lo = sz == 8 ? INT64_MIN : -((int64_t)1 << (sz * 8 - 1));
            int64_t hi = sz == 8 ? INT64_MAX : ((int64_t)1 << (sz * 8 - 1)) - 1;
            if (i < lo || i > hi) return invalid_value(m);
            if (sz == 1) *p = (uint8_t)(int8_t)i;
            else if (sz == 2) { int16_t x = (int16_t)i; memcpy(p, &x, 2); }
            else if (sz == 4) { int32_t x = (int32_t)i; memcpy(p, &x, 4); }
            else memcpy(p, &i, 8);
        }
        return 0;
    }
    default:
        unsupported_format(m);
        return -1;
    }
}

/* ---- slots ------------------------------------------------------------ */

static Value mv_repr(Value v)
{
    return str_printf(AS_MV(v)->released ? "<released memory at %p>" : "<memory at %p>", (void *)AS_OBJ(v));
}

static int64_t mv_len(Value v)
{
    ObjMemoryView *m = AS_MV(v);
    if (check_released(m) < 0) return -1;
    if (m->ndim == 0) { err_set(exc_TypeError, "0-dim memory has no length"); return -1; }
    return m->shape[0];
}

static int mv_getbuffer(Value self, Buffer *view, int flags)
{
    ObjMemoryView *m = AS_MV(self);
    if (check_released(m) < 0) return -1;
    if ((flags & BUF_WRITABLE) && m->readonly) {
        err_set(exc_BufferError, "memoryview: underlying buffer is not writable");
        return -1;
    }
    if (buffer_fill(view, self, m->buf, m->len, m->readonly, 0, &m->export) < 0) return -1;
    view->itemsize = m->itemsize;
    view->format = m->format->data;
    view->ndim = m->ndim;
    view->shape = m->shape;
    view->strides = m->strides;
    if (m->ndim == 1 && m->strides[0] == m->itemsize) view->shape = view->strides = NULL;
    return 0;
}

/* a view's layout as a Buffer without taking an export (internal reads) */
static Buffer layout(ObjMemoryView *m)
{
    Buffer b;
    memset(&b, 0, sizeof b);
    b.obj = OBJ_VAL(m);
    b.buf = m->buf;
    b.len = m->len;
    b.itemsize = m->itemsize;
    b.format = m->format->data;
    b.ndim = m->ndim;
    b.readonly = m->readonly;
    b.shape = m->shape;
    b.strides = m->strides;
    return b;
}

static bool mv_contig(ObjMemoryView *m)
{
    Buffer b = layout(m);
    return buffer_is_contig(&b);
}

static Value mv_tobytes_raw(ObjMemoryView *m)
{
    ObjBytes *o = bytes_alloc((size_t)m->len);
    Buffer b = layout(m);
    buffer_to_contig(&b, o->data);
    return OBJ_VAL(o);
}

static int index_arg(Value key, int64_t *out)
{
    if (int_check(key)) {
        Value i = int_exact(key);
        if (!IS_INT(i)) {
            err_set(exc_IndexError, "cannot fit 'int' into an index-sized integer");
            return -1;
        }
        *out = AS_INT(i);
        return 1;
    }
    if (!IS_FLOAT(key) && !IS_STR(key) && TYPE(key)->nb_int && (TYPE(key)->flags & TF_HEAPTYPE)) {
        Value i = obj_index(key);
        if (!i) return -1;
        return index_arg(i, out);
    }
    return 0;
}

/* address of the item at index i of dimension d from p */
static int item_ptr(ObjMemoryView *m, uint8_t **p, int d, int64_t i)
{
    int64_t n = m->shape[d];
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        err_format(exc_IndexError, "index out of bounds on dimension %d", d + 1);
        return -1;
    }
    *p += i * m->strides[d];
    return 0;
}

/* new view of the same exporter with the same layout as m */
static ObjMemoryView *mv_clone(ObjMemoryView *m)
{
    Value v = mv_from_object(OBJ_VAL(m));
    return v ? AS_MV(v) : NULL;
}

/* resolve a key to an item pointer: 1 item, 0 not an item key, -1 error */
static int key_item(ObjMemoryView *m, Value key, uint8_t **p)
{
    *p = m->buf;
    int64_t i;
    int r = index_arg(key, &i);
    if (r < 0) return -1;
    if (r) {
        if (m->ndim == 0) { err_set(exc_TypeError, "invalid indexing of 0-dim memory"); return -1; }
        if (m->ndim > 1) { err_set(exc_NotImplementedError, "multi-dimensional sub-views are not implemented"); return -1; }
        return item_ptr(m, p, 0, i) < 0 ? -1 : 1;
    }
    if (IS_TUPLE(key)) {
        ObjTuple *t = AS_TUPLE(key);
        if (t->len == 0 && m->ndim == 0) return 1;
        bool all_int = true;
        for (int64_t k = 0; k < t->len; k++) all_int &= int_check(t->items[k]);
        if (!all_int) {
            for (int64_t k = 0; k < t->len; k++)
                if (!(IS_OBJ(t->items[k]) && AS_OBJ(t->items[k])->type == &type_slice)) {
                    err_set(exc_TypeError, "memoryview: invalid slice key");
                    return -1;
                }
            err_set(exc_NotImplementedError, "multi-dimensional slicing is not implemented");
            return -1;
        }
        if (t->len < m->ndim) { err_set(exc_NotImplementedError, "sub-views are not implemented"); return -1; }
        if (t->len > m->ndim) {
            err_format(exc_TypeError, "cannot index %d-dimension view with %lld-element tuple", m->ndim,
                       (long long)t->len);
            return -1;
        }
        for (int d = 0; d < m->ndim; d++) {
            if (index_arg(t->items[d], &i) < 0 || item_ptr(m, p, d, i) < 0) return -1;
        }
        return 1;
    }
    return 0;
}

static Value mv_getitem(Value self, Value key)
{
    ObjMemoryView *m = AS_MV(self);
    if (check_released(m) < 0) return VNULL;
    if (key == ELLIPSIS && m->ndim == 0) return self;
    uint8_t *p;
    int r = key_item(m, key, &p);
    if (r < 0) return VNULL;
    if (r) return unpack_item(m, p);
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        if (m->ndim == 0) return err_set(exc_TypeError, "invalid indexing of 0-dim memory");
        int64_t start, stop, step, n;
        if (slice_indices(key, m->shape[0], &start, &stop, &step, &n) < 0) return VNULL;
        ObjMemoryView *o = mv_clone(m);
        if (!o) return VNULL;
        o->buf = m->buf + start * m->strides[0];
        o->shape[0] = n < 0 ? 0 : n;
        o->strides[0] = m->strides[0] * step;
        o->len = o->len / (m->shape[0] ? m->shape[0] : 1) * o->shape[0];
        if (m->shape[0] == 0) o->len = 0;
        return OBJ_VAL(o);
    }
    if (m->ndim == 0 && IS_TUPLE(key)) return err_set(exc_TypeError, "invalid indexing of 0-dim memory");
    return err_set(exc_TypeError, "memoryview: invalid slice key");
}

/* Copy src's items into dst's places (same shape, itemsize, format). */
static void copy_strided(ObjMemoryView *dst, uint8_t *dp, const Buffer *src, const uint8_t *sp, int d)
{
    int64_t n = dst->shape[d];
    int64_t ss = src->strides ? src->strides[d] : src->itemsize;
    for (int64_t i = 0; i < n; i++) {
        if (d == dst->ndim - 1) memmove(dp, sp, (size_t)dst->itemsize);
        else copy_strided(dst, dp, src, sp, d + 1);
        dp += dst->strides[d];
        sp += ss;
    }
}

static int mv_setitem(Value self, Value key, Value v)
{
    ObjMemoryView *m = AS_MV(self);
    if (check_released(m) < 0) return -1;
    if (m->readonly) { err_set(exc_TypeError, "cannot modify read-only memory"); return -1; }
    if (!v) { err_set(exc_TypeError, "cannot delete memory"); return -1; }
    if (m->ndim == 0 && (key == ELLIPSIS || (IS_TUPLE(key) && AS_TUPLE(key)->len == 0)))
        return pack_item(m, m->buf, v);
    uint8_t *p;
    int r = key_item(m, key, &p);
    if (r < 0) return -1;
    if (r) return pack_item(m, p, v);
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        if (m->ndim != 1) {
            err_set(exc_NotImplementedError, "memoryview slice assignments are currently restricted to ndim = 1");
            return -1;
        }
        int64_t start, stop, step, n;
        if (slice_indices(key, m->shape[0], &start, &stop, &step, &n) < 0) return -1;
        Buffer src;
        if (obj_getbuffer(v, &src, BUF_STRIDED) < 0) return -1;
        int64_t sn = src.ndim == 1 ? (src.shape ? src.shape[0] : src.len / src.itemsize) : -1;
        const char *sf = src.format ? src.format : "B";
        const char *df = m->format->data;
        if (*sf == '@') sf++;
        if (*df == '@') df++;
        if (src.ndim != 1 || sn != (n < 0 ? 0 : n) || src.itemsize != m->itemsize || strcmp(sf, df)) {
            buffer_release(&src);
            err_set(exc_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
            return -1;
        }
        ObjMemoryView tmp = *m;
        int64_t shape0 = n < 0 ? 0 : n, stride0 = m->strides[0] * step;
        tmp.shape = &shape0;
        tmp.strides = &stride0;
        /* overlapping source (a view of the same memory): copy it out first */
        uint8_t *copy = NULL;
        const uint8_t *sp = src.buf;
        Buffer sview = src;
        int64_t sstride = src.strides ? src.strides[0] : src.itemsize;
        if (src.len) {
            copy = mem_alloc((size_t)src.len);
            buffer_to_contig(&src, copy);
            sp = copy;
            sview.strides = NULL;
            sstride = src.itemsize;
        }
        (void)sstride;
        copy_strided(&tmp, m->buf + start * m->strides[0], &sview, sp, 0);
        if (copy) mem_free(copy, (size_t)src.len);
        buffer_release(&src);
        return 0;
    }
    err_set(exc_TypeError, "memoryview: invalid slice key");
    return -1;
}

static Value list_dim(ObjMemoryView *m, const uint8_t *p, int d)
{
    int64_t n = m->shape[d];
    Value l = list_new(n);
    for (int64_t i = 0; i < n; i++, p += m->strides[d]) {
        Value it = d == m->ndim - 1 ? unpack_item(m, p) : list_dim(m, p, d + 1);
        if (!it) return VNULL;
        AS_LIST(l)->items[i] = it;
    }
    return l;
}

static Value mv_tolist_impl(ObjMemoryView *m)
{
    if (!fmt_char(m) || !native_size(fmt_char(m))) return unsupported_format(m);
    if (m->ndim == 0) return unpack_item(m, m->buf);
    return list_dim(m, m->buf, 0);
}

/* == and != only: equal when shapes and item values are equal */
static Value mv_richcmp(Value a, Value b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return NOTIMPL;
    Value mv = IS_MV(a) ? a : b, other = IS_MV(a) ? b : a;
    if (!IS_MV(mv)) return NOTIMPL;
    if (a == b) return BOOL_V(op == CMP_EQ);
    ObjMemoryView *m = AS_MV(mv);
    if (m->released || (IS_MV(other) && AS_MV(other)->released)) return BOOL_V(op == CMP_NE);
    if (!obj_has_buffer(other)) return NOTIMPL;
    Value ov = mv_from_object(other);
    if (!ov) { err_clear(); return NOTIMPL; }
    ObjMemoryView *o = AS_MV(ov);
    bool eq = m->ndim == o->ndim;
    for (int d = 0; eq && d < m->ndim; d++) eq = m->shape[d] == o->shape[d];
    if (eq) {
        char fa = fmt_char(m), fb = fmt_char(o);
        bool bytes_like = (fa == 'B' || fa == 'b' || fa == 'c') && fa == fb;
        if (bytes_like) {
            Value x = mv_tobytes_raw(m), y = mv_tobytes_raw(o);
            eq = AS_BYTES(x)->len == AS_BYTES(y)->len &&
                 memcmp(AS_BYTES(x)->data, AS_BYTES(y)->data, (size_t)AS_BYTES(x)->len) == 0;
        } else {
            Value x = mv_tolist_impl(m);
            Value y = x ? mv_tolist_impl(o) : VNULL;
            if (!x || !y) {
                mv_finalize((Obj *)o);
                if (err_matches(exc_NotImplementedError)) { err_clear(); return NOTIMPL; }
                return VNULL;
            }
            int r = obj_eq(x, y);
            if (r < 0) { mv_finalize((Obj *)o); return VNULL; }
            eq = r;
        }
    }
    mv_finalize((Obj *)o);
    return BOOL_V(eq == (op == CMP_EQ));
}

static int mv_hash(Value self, int64_t *out)
{
    ObjMemoryView *m = AS_MV(self);
    if (m->hash != -1) { *out = m->hash; return 0; }
    if (check_released(m) < 0) return -1;
    if (!m->readonly) { err_set(exc_ValueError, "cannot hash writable memoryview object"); return -1; }
    char f = fmt_char(m);
    if (f != 'B' && f != 'b' && f != 'c') {
        err_set(exc_ValueError, "memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
        return -1;
    }
    /* equal to the hash of the bytes (CPython's rule) */
    if (obj_hash(mv_tobytes_raw(m), &m->hash) < 0) return -1;
    *out = m->hash;
    return 0;
}

/* ---- iterator ------------------------------------------------------------ */

typedef struct { Obj obj; ObjMemoryView *m; int64_t i; } ObjMVIter;
static void mviter_trace(Obj *o) { gc_mark_obj((Obj *)((ObjMVIter *)o)->m); }
static Value mviter_next(Value v)
{
    ObjMVIter *it = (ObjMVIter *)AS_OBJ(v);
    if (!it->m) return VNULL;
    if (check_released(it->m) < 0) return VNULL;
    if (it->i >= it->m->shape[0]) { it->m = NULL; return VNULL; }
    return unpack_item(it->m, it->m->buf + it->i++ * it->m->strides[0]);
}
static Value iter_self(Value v) { return v; }
static Type type_mviter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "memory_iterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjMVIter),
    .trace = mviter_trace,
    .iter = iter_self,
    .next = mviter_next,
};

static Value mv_iter(Value self)
{
    ObjMemoryView *m = AS_MV(self);
    if (check_released(m) < 0) return VNULL;
    if (m->ndim == 0) return err_set(exc_TypeError, "invalid indexing of 0-dim memory");
    if (m->ndim > 1) return err_set(exc_NotImplementedError, "multi-dimensional sub-views are not implemented");
    if (!fmt_char(m) || !native_size(fmt_char(m))) return unsupported_format(m);
    ObjMVIter *it = (ObjMVIter *)gc_new(&type_mviter, sizeof(ObjMVIter));
    it->m = m;
    return OBJ_VAL(it);
}

/* ---- methods and properties --------------------------------------------- */

#define SELF(nm, min, max)                                                  \
    if (args_check(nm, nargs - 1, kw, min, max) < 0) return VNULL;          \
    ObjMemoryView *self = AS_MV(args[0]);                                   \
    if (check_released(self) < 0) return VNULL

static Value m_tobytes(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"order", NULL};
    Value a[1];
    if (args_parse("tobytes", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    ObjMemoryView *self = AS_MV(args[0]);
    if (check_released(self) < 0) return VNULL;
    if (a[0] && !IS_NONE(a[0])) {
        if (!IS_STR(a[0]))
            return err_format(exc_TypeError, "tobytes() argument 'order' must be str or None, not %s",
                              TYPE(a[0])->name);
        const char *o = AS_STR(a[0])->data;
        if (strcmp(o, "C") && strcmp(o, "F") && strcmp(o, "A"))
            return err_set(exc_ValueError, "order must be 'C', 'F' or 'A'");
        if (!strcmp(o, "F") && self->ndim > 1)
            return err_set(exc_NotImplementedError, "tobytes(order='F') of a multi-dimensional view");
    }
    return mv_tobytes_raw(self);
}

static Value m_tolist(Value *args, int nargs, ObjTuple *kw)
{
    SELF("tolist", 0, 0);
    return mv_tolist_impl(self);
}

static Value m_hex(Value *args, int nargs, ObjTuple *kw)
{
    ObjMemoryView *self = AS_MV(args[0]);
    if (check_released(self) < 0) return VNULL;
    return bytes_hex_impl(args[0], args + 1, nargs - 1, kw);
}

static Value m_release(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("release", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjMemoryView *self = AS_MV(args[0]);
    if (self->released) return NONE;
    int64_t n = BUFFER_EXPORTS(self->export);
    if (n) return err_format(exc_BufferError, "memoryview has %lld exported buffer%s", (long long)n, n > 1 ? "s" : "");
    buffer_release(&self->src);
    self->released = true;
    return NONE;
}

static Value m_enter(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__enter__", 0, 0);
    return args[0];
}

static Value m_exit(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs;
    return m_release(args, 1, kw);
}

static Value m_toreadonly(Value *args, int nargs, ObjTuple *kw)
{
    SELF("toreadonly", 0, 0);
    ObjMemoryView *o = mv_clone(self);
    if (!o) return VNULL;
    o->readonly = true;
    return OBJ_VAL(o);
}

static bool byte_format(char c) { return c == 'B' || c == 'b' || c == 'c'; }

static Value m_cast(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"format", "shape", NULL};
    Value a[2];
    if (args_parse("cast", args + 1, nargs - 1, kw, params, 1, 2, a) < 0) return VNULL;
    ObjMemoryView *self = AS_MV(args[0]);
    if (check_released(self) < 0) return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "cast() argument 'format' must be str, not %s", TYPE(a[0])->name);
    if (!mv_contig(self)) return err_set(exc_TypeError, "memoryview: casts are restricted to C-contiguous views");
    const char *f = AS_STR(a[0])->data;
    const char *fc = f[0] == '@' ? f + 1 : f;
    int64_t isz = fc[0] && !fc[1] ? native_size(fc[0]) : 0;
    if (!isz)
        return err_set(exc_ValueError,
                       "memoryview: destination format must be a native single character format prefixed with an optional '@'");
    char src_f = fmt_char(self);
    if (!byte_format(src_f) && !byte_format(fc[0]))
        return err_set(exc_TypeError, "memoryview: cannot cast between two non-byte formats");
    Value shape = a[1] && !IS_NONE(a[1]) ? a[1] : VNULL;
    int64_t nd = 1;
    Value *items = NULL;
    if (shape) {
        if (!IS_LIST(shape) && !IS_TUPLE(shape)) return err_set(exc_TypeError, "shape must be a list or a tuple");
        items = IS_LIST(shape) ? AS_LIST(shape)->items : AS_TUPLE(shape)->items;
        nd = IS_LIST(shape) ? AS_LIST(shape)->len : AS_TUPLE(shape)->len;
        if (nd > BUF_MAX_NDIM)
            return err_set(exc_ValueError, "memoryview: number of dimensions must not exceed 64");
    }
    if (self->ndim != 1 && nd != 1)
        return err_set(exc_TypeError, "memoryview: cast must be 1D -> ND or ND -> 1D");
    int64_t dims[BUF_MAX_NDIM];
    if (shape) {
        int64_t prod = 1;
        for (int64_t i = 0; i < nd; i++) {
            int64_t x = 0;
            if (!IS_INT(items[i]) || (x = AS_INT(items[i])) <= 0)
                return err_set(exc_ValueError, "memoryview.cast(): elements of shape must be integers > 0");
            if (prod > INT64_MAX / x) return err_set(exc_ValueError, "memoryview.cast(): product(shape) > SSIZE_MAX");
            prod *= x;
            dims[i] = x;
        }
        if (prod * isz != self->len)
            return err_set(exc_TypeError, "memoryview: product(shape) * itemsize != buffer size");
    } else {
        if (self->len % isz) return err_set(exc_TypeError, "memoryview: length is not a multiple of itemsize");
        dims[0] = self->len / isz;
    }
    ObjMemoryView *o = mv_clone(self);
    if (!o) return VNULL;
    o->format = str_intern_cstr(f);
    o->itemsize = isz;
    set_ndim(o, (int)nd);
    int64_t st = isz;
    for (int64_t d = nd - 1; d >= 0; d--) {
        o->shape[d] = dims[d];
        o->strides[d] = st;
        st *= dims[d];
    }
    return OBJ_VAL(o);
}

static Value int_tuple(const int64_t *v, int n)
{
    Value t = tuple_new(n);
    for (int i = 0; i < n; i++) AS_TUPLE(t)->items[i] = int_from_i64(v[i]);
    return t;
}

#define PROP(name, expr)                                                        \
    static Value p_##name(Value v)                                              \
    {                                                                           \
        ObjMemoryView *self = AS_MV(v);                                         \
        if (check_released(self) < 0) return VNULL;                             \
        return (expr);                                                          \
    }
PROP(obj, self->src.obj)
PROP(nbytes, int_from_i64(self->len))
PROP(readonly, BOOL_V(self->readonly))
PROP(itemsize, int_from_i64(self->itemsize))
PROP(format, OBJ_VAL(self->format))
PROP(ndim, MK_INT(self->ndim))
PROP(shape, int_tuple(self->shape, self->ndim))
PROP(strides, int_tuple(self->strides, self->ndim))
PROP(suboffsets, tuple_new(0))
PROP(c_contiguous, BOOL_V(mv_contig(self)))
PROP(contiguous, BOOL_V(mv_contig(self)))
PROP(f_contiguous, BOOL_V(self->ndim <= 1 ? mv_contig(self) : false))


static const MethodDef mv_methods[] = {
    {"tobytes", m_tobytes}, {"tolist", m_tolist}, {"hex", m_hex}, {"release", m_release},
    {"__enter__", m_enter}, {"__exit__", m_exit}, {"toreadonly", m_toreadonly}, {"cast", m_cast},
    {NULL, NULL},
};

Type type_memoryview = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "memoryview",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjMemoryView),
    .tp_new = mv_tp_new,
    .trace = mv_trace,
    .finalize = mv_finalize,
    .repr = mv_repr,
    .hash = mv_hash,
    .richcmp = mv_richcmp,
    .iter = mv_iter,
    .len = mv_len,
    .getitem = mv_getitem,
    .setitem = mv_setitem,
    .getbuffer = mv_getbuffer,
};

void memoryview_init(void)
{
    s_fmt_B = str_intern_cstr("B");
    type_ready(&type_memoryview, mv_methods);
    static const struct { const char *name; GetterFn fn; } props[] = {
        {"obj", p_obj}, {"nbytes", p_nbytes}, {"readonly", p_readonly}, {"itemsize", p_itemsize},
        {"format", p_format}, {"ndim", p_ndim}, {"shape", p_shape}, {"strides", p_strides},
        {"suboffsets", p_suboffsets}, {"c_contiguous", p_c_contiguous}, {"contiguous", p_contiguous},
        {"f_contiguous", p_f_contiguous}, {NULL, NULL},
    };
    for (int i = 0; props[i].name; i++) exc_add_getset(&type_memoryview, props[i].name, props[i].fn, NULL);
    type_ready(&type_mviter, NULL);
}
