/* modules/_io_bytesio.c — _io.BytesIO: a binary stream over an in-memory,
 * growable byte buffer (mem_alloc'd).  Writing past the end fills the gap
 * with zeros; seeking past the end is allowed, as in CPython.
 */
#include "_io.h"

#define AS_BIO(v) ((ObjBytesIO *)AS_OBJ(v))

static int check(ObjBytesIO *b)
{
    if (b->closed_) {
        io_closed_error(NULL);
        return -1;
    }
    return 0;
}

static ObjBytesIO *self_bio(Value *args) { return AS_BIO(args[0]); }

/* CPython refuses to change the data while getbuffer() views exist. */
static int check_exports(ObjBytesIO *b)
{
    if (BUFFER_EXPORTS(b->export) == 0)
        return 0;
    err_set(exc_BufferError, "Existing exports of data: object cannot be re-sized");
    return -1;
}

static int reserve(ObjBytesIO *b, int64_t need)
{
    if (need <= b->cap)
        return 0;
    int64_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    b->data = b->data ? mem_realloc(b->data, (size_t)b->cap, (size_t)ncap) : mem_alloc((size_t)ncap);
    b->cap = ncap;
    return 0;
}

static int bio_write_bytes(ObjBytesIO *b, const uint8_t *p, size_t n)
{
    if (check_exports(b) < 0)
        return -1;
    if (n == 0)
        return 0;
    int64_t end = b->pos + (int64_t)n;
    if (reserve(b, end) < 0)
        return -1;
    if (b->pos > b->len)
        memset(b->data + b->len, 0, (size_t)(b->pos - b->len));
    memcpy(b->data + b->pos, p, n);
    b->pos = end;
    if (end > b->len)
        b->len = end;
    return 0;
}

/* write(v) for any bytes-like v: the bytes written, or -1 */
static int64_t write_value(ObjBytesIO *b, Value v)
{
    Buffer view;
    if (obj_getbuffer(v, &view, BUF_SIMPLE) < 0)
        return -1;
    int64_t n = view.len;
    int r = bio_write_bytes(b, view.buf, (size_t)n);
    buffer_release(&view);
    return r < 0 ? -1 : n;
}

static Value bio_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"initial_bytes", NULL};
    Value a[1];
    if (args_parse("BytesIO", args + 1, nargs - 1, kw, params, 0, 1, a) < 0)
        return VNULL;
    ObjBytesIO *b = self_bio(args);
    b->len = b->pos = 0; /* before the check, as CPython */
    if (check_exports(b) < 0)
        return VNULL;
    b->closed_ = false;
    if (a[0] && !IS_NONE(a[0])) {
        if (write_value(b, a[0]) < 0)
            return VNULL;
        b->pos = 0;
    }
    return NONE;
}

static Value bio_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    return io_tp_new_init(t, args, nargs, kw, sizeof(ObjBytesIO), bio_init);
}

static void bio_finalize(Obj *o)
{
    ObjBytesIO *b = (ObjBytesIO *)o;
    buffer_export_free(&b->export);
    if (b->data)
        mem_free(b->data, (size_t)b->cap);
    b->data = NULL;
}

/* n bytes from the position (n < 0: to the end) as bytes, moving past them. */
static Value take(ObjBytesIO *b, int64_t n)
{
    int64_t avail = b->len > b->pos ? b->len - b->pos : 0;
    if (n < 0 || n > avail)
        n = avail;
    Value r = bytes_new(b->data ? b->data + b->pos : NULL, (size_t)n);
    b->pos += n;
    return r;
}

static Value read_common(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    ObjBytesIO *b = self_bio(args);
    int64_t n;
    if (args_check(name, nargs - 1, kw, 0, 1) < 0 || check(b) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    return take(b, n);
}

static Value bio_read(Value *a, int n, ObjTuple *k) { return read_common(a, n, k, "read"); }
static Value bio_read1(Value *a, int n, ObjTuple *k) { return read_common(a, n, k, "read1"); }

static int64_t line_len(ObjBytesIO *b, int64_t limit)
{
    int64_t avail = b->len > b->pos ? b->len - b->pos : 0;
    if (limit >= 0 && limit < avail)
        avail = limit;
    const uint8_t *nl = avail ? memchr(b->data + b->pos, '\n', (size_t)avail) : NULL;
    return nl ? nl - (b->data + b->pos) + 1 : avail;
}

static Value bio_readline(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    int64_t n;
    if (args_check("readline", nargs - 1, kw, 0, 1) < 0 || check(b) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    return take(b, line_len(b, n));
}

static Value bio_readlines(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    int64_t hint;
    if (args_check("readlines", nargs - 1, kw, 0, 1) < 0 || check(b) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &hint) < 0)
        return VNULL;
    Value l = list_new(0);
    int64_t total = 0;
    for (;;) {
        int64_t n = line_len(b, -1);
        if (n == 0)
            break;
        if (list_append(l, take(b, n)) < 0)
            return VNULL;
        total += n;
        if (hint > 0 && total >= hint)
            break;
    }
    return l;
}

static Value bio_readinto(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    Buffer view;
    if (args_check("readinto", nargs - 1, kw, 1, 1) < 0 || check(b) < 0 ||
        io_writable_buffer(args[1], &view) < 0)
        return VNULL;
    int64_t avail = b->len > b->pos ? b->len - b->pos : 0;
    int64_t n = view.len < avail ? view.len : avail;
    if (n)
        memcpy(view.buf, b->data + b->pos, (size_t)n);
    b->pos += n;
    buffer_release(&view);
    return int_from_i64(n);
}

static Value bio_write(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("write", nargs - 1, kw, 1, 1) < 0 || check(b) < 0)
        return VNULL;
    int64_t n = write_value(b, args[1]);
    return n < 0 ? VNULL : int_from_i64(n);
}

static Value bio_writelines(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("writelines", nargs - 1, kw, 1, 1) < 0 || check(b) < 0)
        return VNULL;
    Value it = obj_iter(args[1]), line;
    if (!it)
        return VNULL;
    while ((line = obj_next(it)))
        if (write_value(b, line) < 0)
            return VNULL;
    return err_occurred() ? VNULL : NONE;
}

static Value bio_seek(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    int64_t pos, whence = 0;
    if (args_check("seek", nargs - 1, kw, 1, 2) < 0 || check(b) < 0)
        return VNULL;
    if (io_seek_args(args, nargs, &pos, &whence) < 0)
        return VNULL;
    if (whence < 0 || whence > 2)
        return err_format(exc_ValueError, "invalid whence (%lld, should be 0, 1 or 2)", (long long)whence);
    if (pos < 0 && whence == 0)
        return err_format(exc_ValueError, "negative seek value %lld", (long long)pos);
    if (whence == 1)
        pos += b->pos;
    else if (whence == 2)
        pos += b->len;
    if (pos < 0)
        pos = 0;
    b->pos = pos;
    return int_from_i64(pos);
}

static Value bio_tell(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("tell", nargs - 1, kw, 0, 0) < 0 || check(b) < 0)
        return VNULL;
    return int_from_i64(b->pos);
}

static Value bio_truncate(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    int64_t size;
    if (args_check("truncate", nargs - 1, kw, 0, 1) < 0 || check(b) < 0)
        return VNULL;
    if (io_truncate_arg(args, nargs, b->pos, "negative size value %lld", &size) < 0)
        return VNULL;
    if (size < b->len) {
        if (check_exports(b) < 0)
            return VNULL;
        b->len = size;
    }
    return int_from_i64(size);
}

static Value bio_getvalue(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("getvalue", nargs - 1, kw, 0, 0) < 0 || check(b) < 0)
        return VNULL;
    return bytes_new(b->data, (size_t)b->len);
}

static Value true_if_open(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    if (args_check(name, nargs - 1, kw, 0, 0) < 0 || check(self_bio(args)) < 0)
        return VNULL;
    return TRUE_V;
}

static Value bio_readable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "readable"); }
static Value bio_writable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "writable"); }
static Value bio_seekable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "seekable"); }

static Value bio_flush(Value *args, int nargs, ObjTuple *kw)
{
    return true_if_open(args, nargs, kw, "flush") ? NONE : VNULL;
}

static Value bio_isatty(Value *args, int nargs, ObjTuple *kw)
{
    return true_if_open(args, nargs, kw, "isatty") ? FALSE_V : VNULL;
}

static Value bio_close(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    if (check_exports(b) < 0)
        return VNULL;
    b->closed_ = true;
    b->base.closed = true;
    return NONE;
}

static Value bio_getstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("__getstate__", nargs - 1, kw, 0, 0) < 0 || check(b) < 0)
        return VNULL;
    Value d = b->base.dict ? dict_copy(OBJ_VAL(b->base.dict)) : NONE;
    return tuple_pack(3, bytes_new(b->data, (size_t)b->len), int_from_i64(b->pos), d);
}

static Value bio_setstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("__setstate__", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value st = args[1];
    if (!IS_TUPLE(st) || AS_TUPLE(st)->len < 3)
        return err_format(exc_TypeError, "%s.__setstate__ argument should be 3-tuple, got %T",
                          TYPE(args[0])->name, st);
    ObjTuple *t = AS_TUPLE(st);
    int64_t pos;
    if (!IS_ANYINT(t->items[1]))
        return err_format(exc_TypeError, "second item of state must be an integer, not %T", t->items[1]);
    if (obj_as_int64(t->items[1], &pos) < 0)
        return VNULL;
    if (pos < 0)
        return err_set(exc_ValueError, "position value cannot be negative");
    b->len = b->pos = 0;
    if (write_value(b, t->items[0]) < 0)
        return VNULL;
    b->pos = pos;
    if (io_setstate_dict(&b->base, t->items[2], "third") < 0)
        return VNULL;
    return NONE;
}

static Value bio_next(Value self)
{
    ObjBytesIO *b = AS_BIO(self);
    if (check(b) < 0)
        return VNULL;
    int64_t n = line_len(b, -1);
    return n ? take(b, n) : VNULL;
}

/* getbuffer(): a memoryview of the data through this small exporter (as
 * CPython's _io._BytesIOBuffer), counted in the BytesIO's export record. */
typedef struct { Obj obj; Value source; } ObjBioBuf;

static int biobuf_getbuffer(Value self, Buffer *view, int flags)
{
    ObjBytesIO *b = AS_BIO(((ObjBioBuf *)AS_OBJ(self))->source);
    if (!b->data && reserve(b, 1) < 0)
        return -1;
    return buffer_fill(view, self, b->data, b->len, false, flags, &b->export);
}

static void biobuf_trace(Obj *o) { gc_mark(((ObjBioBuf *)o)->source); }

static Type type_biobuf = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_io._BytesIOBuffer",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBioBuf),
    .trace = biobuf_trace,
    .getbuffer = biobuf_getbuffer,
};

static Value bio_getbuffer(Value *args, int nargs, ObjTuple *kw)
{
    ObjBytesIO *b = self_bio(args);
    if (args_check("getbuffer", nargs - 1, kw, 0, 0) < 0 || check(b) < 0)
        return VNULL;
    ObjBioBuf *x = (ObjBioBuf *)gc_new(&type_biobuf, sizeof(ObjBioBuf));
    x->source = args[0];
    return obj_call1(OBJ_VAL(&type_memoryview), OBJ_VAL(x));
}

static Value get_closed(Value self) { return BOOL_V(AS_BIO(self)->closed_); }

static const MethodDef bytesio_methods[] = {
    {"__init__", bio_init}, {"getvalue", bio_getvalue}, {"getbuffer", bio_getbuffer}, {"read", bio_read}, {"read1", bio_read1},
    {"readinto", bio_readinto}, {"readline", bio_readline}, {"readlines", bio_readlines},
    {"write", bio_write}, {"writelines", bio_writelines}, {"seek", bio_seek}, {"tell", bio_tell},
    {"truncate", bio_truncate}, {"readable", bio_readable}, {"writable", bio_writable},
    {"seekable", bio_seekable}, {"flush", bio_flush}, {"isatty", bio_isatty},
    {"close", bio_close}, {"__getstate__", bio_getstate}, {"__setstate__", bio_setstate},
    {NULL, NULL},
};

Type io_type_bytesio = {
    .name = "_io.BytesIO",
    .tp_new = bio_tp_new,
    .finalize = bio_finalize,
    .next = bio_next,
};

void io_bytesio_init(void)
{
    io_type_bytesio.trace = io_type_iobase.trace;
    io_type_ready(&io_type_bytesio, bytesio_methods, &io_type_bufferediobase, sizeof(ObjBytesIO));
    io_add_getset(&io_type_bytesio, "closed", get_closed, NULL);
    type_ready(&type_biobuf, NULL);
}
