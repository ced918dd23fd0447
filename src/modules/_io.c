/* modules/_io.c — the _io module (CPython's Modules/_io): the base classes
 * _IOBase, _RawIOBase, _BufferedIOBase and _TextIOBase, open(), and the
 * module itself.  The concrete classes live in _io_fileio.c (FileIO),
 * _io_buffered.c (BufferedReader/Writer/Random/RWPair), _io_text.c
 * (TextIOWrapper, IncrementalNewlineDecoder), _io_bytesio.c and
 * _io_stringio.c.
 *
 * This file is also what the rest of baton writes through: the built-in
 * open() is _io.open; sys.stdin/stdout/stderr are TextIOWrapper objects
 * over BufferedReader/BufferedWriter over FileIO, made by file_from_fd;
 * print() writes with file_write_str, which for a plain TextIOWrapper over
 * a BufferedWriter copies the UTF-8 bytes straight into the buffer.
 * Everything written is flushed at exit (file_flush_all, and a C atexit
 * handler that writes what is still buffered when the interpreter is gone).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "_io.h"
#include "codec.h"
#include "file.h"
#include "posix.h"

Type *io_UnsupportedOperation;
static Value tracked; /* weak list of buffered and text objects */

/* ---- helpers ------------------------------------------------------------ */

Value io_unsupported(const char *msg)
{
    return err_set(io_UnsupportedOperation, msg);
}

Value io_closed_error(const char *msg)
{
    return err_set(exc_ValueError, msg ? msg : "I/O operation on closed file.");
}

ObjStr *io_name(const char *lit)
{
    /* the names are string literals: cache their interned strings by
     * address (interned strings live as long as the interpreter) */
    enum { NCACHE = 128 };
    static struct { const char *lit; ObjStr *s; } cache[NCACHE];
    size_t h = ((uintptr_t)lit >> 3) % NCACHE;
    for (size_t k = 0; k < NCACHE; k++, h = (h + 1) % NCACHE) {
        if (cache[h].lit == lit)
            return cache[h].s;
        if (!cache[h].lit) {
            cache[h].lit = lit;
            cache[h].s = str_intern_cstr(lit);
            return cache[h].s;
        }
    }
    return str_intern_cstr(lit);
}

Value io_call(Value obj, const char *name, Value *args, int nargs)
{
    return obj_call_method(obj, io_name(name), args, nargs);
}

Value io_call0(Value obj, const char *name) { return io_call(obj, name, NULL, 0); }
Value io_call1(Value obj, const char *name, Value arg) { return io_call(obj, name, &arg, 1); }

Value io_getattr_opt(Value obj, const char *name)
{
    return obj_getattr_opt(obj, str_intern_cstr(name));
}

int io_is_closed(Value obj)
{
    Value c = obj_getattr(obj, io_name("closed"));
    return c ? obj_truthy(c) : -1;
}

int io_size_arg(Value v, int64_t *out)
{
    *out = -1;
    if (!v || IS_NONE(v))
        return 0;
    if (IS_FLOAT(v) || !(IS_ANYINT(v) || IS_BOOL(v) || (TYPE(v)->flags & TF_HEAPTYPE))) {
        err_format(exc_TypeError, "argument should be integer or None, not '%T'", v);
        return -1;
    }
    return obj_as_int64(v, out);
}

Obj *io_alloc(Type *t, size_t size)
{
    return type_alloc(t, size);
}

Value io_tp_new_init(Type *t, Value *args, int nargs, ObjTuple *kw, size_t size, NativeFn init)
{
    Value self = OBJ_VAL(io_alloc(t, size));
    if (t->flags & TF_HEAPTYPE)
        return self; /* the class's __init__ (or ours through it) follows */
    Value *all = args;
    int n = nargs + (kw ? (int)kw->len : 0);
    Value tmp = tuple_new(n + 1);
    if (!tmp)
        return VNULL;
    AS_TUPLE(tmp)->items[0] = self;
    for (int i = 0; i < n; i++)
        AS_TUPLE(tmp)->items[i + 1] = all[i];
    Value r = init(AS_TUPLE(tmp)->items, nargs + 1, kw);
    return r ? self : VNULL;
}

void io_type_ready(Type *t, const MethodDef *methods, Type *base, size_t size)
{
    const char *dot = strrchr(t->name, '.');
    t->obj = (Obj)STATIC_OBJ_HEAD(&type_type);
    t->name_str = str_intern_cstr(dot ? dot + 1 : t->name);
    t->qualname = t->name_str;
    t->module = io_name("_io");
    t->base = base;
    t->flags |= TF_BASETYPE | TF_WEAKREF; /* CPython's _io objects can be weakly referenced */
    t->kind = KIND_OTHER;
    t->inst_size = size;
    t->dict_offset = (int32_t)offsetof(ObjIOBase, dict);
    type_ready(t, methods);
}

void io_add_getset(Type *t, const char *name, GetterFn get, SetterFn set)
{
    dict_set_str(t->dict, str_intern_cstr(name), getset_descr_new(t, name, get, set));
}

void io_track(Value obj)
{
    list_append(tracked, obj);
}

int io_writable_buffer(Value v, Buffer *view)
{
    /* CPython's "w*": a read-only bytes-like object is a TypeError too */
    static const char msg[] = "readinto() argument must be read-write bytes-like object, not %s";
    if (obj_getbuffer_msg(v, view, BUF_SIMPLE, msg) < 0)
        return -1;
    if (view->readonly) {
        buffer_release(view);
        err_format(exc_TypeError, msg, TYPE(v)->name);
        return -1;
    }
    return 0;
}

Value io_flush_and_close(Value self, Value inner)
{
    Value r = io_call0(self, "flush");
    Value exc = r ? VNULL : err_fetch();
    r = io_call0(inner, "close");
    if (!exc)
        return r ? NONE : VNULL;
    if (!r) {
        /* both failed: close()'s exception, with flush()'s as its context */
        Value e2 = err_fetch();
        if (IS_EXCEPTION(e2) && !AS_EXC(e2)->context)
            AS_EXC(e2)->context = exc;
        return err_set_value(e2);
    }
    return err_set_value(exc);
}

int io_truncate_arg(Value *args, int nargs, int64_t pos, const char *neg_fmt, int64_t *out)
{
    if (nargs < 2 || IS_NONE(args[1])) {
        *out = pos;
        return 0;
    }
    if (io_size_arg(args[1], out) < 0)
        return -1;
    if (*out < 0) {
        err_format(exc_ValueError, neg_fmt, (long long)*out);
        return -1;
    }
    return 0;
}

int io_seek_args(Value *args, int nargs, int64_t *pos, int64_t *whence)
{
    *whence = 0;
    if (IS_FLOAT(args[1])) {
        err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", args[1]);
        return -1;
    }
    if (obj_as_int64(args[1], pos) < 0 || (nargs > 2 && obj_as_int64(args[2], whence) < 0))
        return -1;
    return 0;
}

int io_setstate_dict(ObjIOBase *b, Value d, const char *what)
{
    if (IS_NONE(d))
        return 0;
    if (!IS_DICT(d)) {
        err_format(exc_TypeError, "%s item of state should be a dict, got a %T", what, d);
        return -1;
    }
    if (!b->dict)
        b->dict = AS_DICT(dict_new());
    return dict_update(OBJ_VAL(b->dict), d);
}

Value io_repr_named(Value self, const char *tname, const char *extra)
{
    Value name = io_getattr_opt(self, "name");
    if (!name) {
        if (err_occurred() && !err_matches(exc_ValueError) && !err_matches(exc_AttributeError))
            return VNULL;
        err_clear();
        return str_printf("<%s%s>", tname, extra ? extra : "");
    }
    Value r = obj_repr(name);
    if (!r)
        return VNULL;
    return str_printf("<%s name=%s%s>", tname, AS_STR(r)->data, extra ? extra : "");
}

static ObjIOBase *base_of(Value v) { return (ObjIOBase *)AS_OBJ(v); }

/* ---- _IOBase ------------------------------------------------------------ */

static int check_closed(Value self)
{
    int c = io_is_closed(self);
    if (c > 0)
        io_closed_error(NULL);
    return c != 0 ? -1 : 0;
}

static Value iob_unsupported_seek(Value *a, int n, ObjTuple *k)
{
    (void)a, (void)n, (void)k;
    return io_unsupported("seek");
}

static Value iob_tell(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("tell", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value a[2] = {MK_INT(0), MK_INT(1)};
    return io_call(args[0], "seek", a, 2);
}

static Value iob_truncate(Value *a, int n, ObjTuple *k)
{
    (void)a, (void)n, (void)k;
    return io_unsupported("truncate");
}

static Value iob_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    /* the flag, not the property: a subclass's closed may call flush */
    if (base_of(args[0])->closed)
        return io_closed_error(NULL);
    return NONE;
}

static Value iob_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjIOBase *b = base_of(args[0]);
    if (b->closed)
        return NONE;
    Value r = io_call0(args[0], "flush");
    b->closed = true;
    return r ? NONE : VNULL;
}

static Value iob_get_closed(Value self) { return BOOL_V(base_of(self)->closed); }

static Value iob_false(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("readable", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return FALSE_V;
}

/* what: "_checkReadable"; method: "readable" (a literal: io_name caches by address) */
static Value check_common(Value *args, int nargs, ObjTuple *kw, const char *what, const char *method,
                          const char *msg)
{
    if (args_check(what, nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    Value r = io_call0(args[0], method);
    if (!r)
        return VNULL;
    int t = obj_truthy(r);
    if (t < 0)
        return VNULL;
    if (!t)
        return io_unsupported(msg);
    return TRUE_V;
}

static Value iob_check_closed(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_checkClosed", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    return check_closed(args[0]) < 0 ? VNULL : NONE;
}

static Value iob_check_seekable(Value *a, int n, ObjTuple *k)
{
    return check_common(a, n, k, "_checkSeekable", "seekable", "File or stream is not seekable.");
}

static Value iob_check_readable(Value *a, int n, ObjTuple *k)
{
    return check_common(a, n, k, "_checkReadable", "readable", "File or stream is not readable.");
}

static Value iob_check_writable(Value *a, int n, ObjTuple *k)
{
    return check_common(a, n, k, "_checkWritable", "writable", "File or stream is not writable.");
}

static Value iob_enter(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    return check_closed(args[0]) < 0 ? VNULL : args[0];
}

static Value iob_exit(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    return io_call0(args[0], "close");
}

static Value iob_fileno(Value *a, int n, ObjTuple *k)
{
    (void)a, (void)n, (void)k;
    return io_unsupported("fileno");
}

static Value iob_isatty(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("isatty", nargs - 1, kw, 0, 0) < 0 || check_closed(args[0]) < 0)
        return VNULL;
    return FALSE_V;
}

/* readline(size=-1) over peek() and read() */
static Value iob_readline(Value *args, int nargs, ObjTuple *kw)
{
    int64_t limit;
    if (args_check("readline", nargs - 1, kw, 0, 1) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &limit) < 0)
        return VNULL;
    Value self = args[0];
    Value peek = io_getattr_opt(self, "peek");
    if (!peek && err_occurred())
        return VNULL;
    StrBuf b;
    sb_init(&b);
    while (limit < 0 || (int64_t)b.len < limit) {
        int64_t nreadahead = 1;
        if (peek) {
            Value ra = obj_call1(peek, MK_INT(1));
            if (!ra)
                goto fail;
            if (!IS_BYTES(ra)) {
                err_format(exc_OSError, "peek() should have returned a bytes object, not '%T'", ra);
                goto fail;
            }
            ObjBytes *r = AS_BYTES(ra);
            if (r->len > 0) {
                int64_t n = 0;
                while (n < r->len && (limit < 0 || n < limit - (int64_t)b.len))
                    if (r->data[n++] == '\n')
                        break;
                nreadahead = n;
            }
        }
        Value chunk = io_call1(self, "read", MK_INT(nreadahead));
        if (!chunk)
            goto fail;
        if (IS_NONE(chunk))
            continue;
        if (!IS_BYTES(chunk)) {
            err_format(exc_OSError, "read() should have returned a bytes object, not '%T'", chunk);
            goto fail;
        }
        if (AS_BYTES(chunk)->len == 0)
            break;
        sb_add(&b, (const char *)AS_BYTES(chunk)->data, (size_t)AS_BYTES(chunk)->len);
        if (b.data[b.len - 1] == '\n')
            break;
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
fail:
    sb_free(&b);
    return VNULL;
}

static Value iob_iter(Value self)
{
    return check_closed(self) < 0 ? VNULL : self;
}

static Value iob_next(Value self)
{
    Value line = io_call0(self, "readline");
    if (!line)
        return VNULL;
    int64_t n = obj_len(line);
    if (n < 0)
        return VNULL;
    return n == 0 ? VNULL : line;
}

static Value iob_readlines(Value *args, int nargs, ObjTuple *kw)
{
    int64_t hint;
    if (args_check("readlines", nargs - 1, kw, 0, 1) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &hint) < 0)
        return VNULL;
    Value l = list_new(0), it = obj_iter(args[0]);
    if (!l || !it)
        return VNULL;
    int64_t total = 0;
    Value line;
    while ((line = obj_next(it))) {
        if (list_append(l, line) < 0)
            return VNULL;
        int64_t n = obj_len(line);
        if (n < 0)
            return VNULL;
        total += n;
        if (hint > 0 && total >= hint)
            break;
    }
    return err_occurred() ? VNULL : l;
}

static Value iob_writelines(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("writelines", nargs - 1, kw, 1, 1) < 0 || check_closed(args[0]) < 0)
        return VNULL;
    Value it = obj_iter(args[1]);
    if (!it)
        return VNULL;
    Value line;
    while ((line = obj_next(it)))
        if (!io_call1(args[0], "write", line))
            return VNULL;
    return err_occurred() ? VNULL : NONE;
}

static Value iob_dict(Value self)
{
    ObjIOBase *b = base_of(self);
    if (!b->dict)
        b->dict = AS_DICT(dict_new());
    return OBJ_VAL(b->dict);
}

static void iob_trace(Obj *o) { gc_mark_obj((Obj *)((ObjIOBase *)o)->dict); }

static Value iob_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    return OBJ_VAL(io_alloc(t, t->inst_size > sizeof(ObjIOBase) ? t->inst_size : sizeof(ObjIOBase)));
}

static const MethodDef iobase_methods[] = {
    {"seek", iob_unsupported_seek}, {"tell", iob_tell}, {"truncate", iob_truncate},
    {"flush", iob_flush}, {"close", iob_close}, {"seekable", iob_false},
    {"readable", iob_false}, {"writable", iob_false}, {"_checkClosed", iob_check_closed},
    {"_checkSeekable", iob_check_seekable}, {"_checkReadable", iob_check_readable},
    {"_checkWritable", iob_check_writable}, {"__enter__", iob_enter}, {"__exit__", iob_exit},
    {"fileno", iob_fileno}, {"isatty", iob_isatty}, {"readline", iob_readline},
    {"readlines", iob_readlines}, {"writelines", iob_writelines}, {NULL, NULL},
};

Type io_type_iobase = {
    .name = "_io._IOBase", .tp_new = iob_tp_new, .trace = iob_trace,
    .iter = iob_iter, .next = iob_next,
};

/* ---- _RawIOBase --------------------------------------------------------- */

static Value builtin(const char *name)
{
    Value v = dict_get_str(vm_builtins, str_intern_cstr(name));
    return v ? v : err_format(exc_NameError, "name '%s' is not defined", name);
}

/* read(size=-1) through readinto() */
static Value raw_read(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    if (args_check("read", nargs - 1, kw, 0, 1) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    if (n < 0)
        return io_call0(args[0], "readall");
    /* as CPython: readinto() a bytearray, the bytes of what it got */
    Value ba = builtin("bytearray");
    Value b = ba ? obj_call1(ba, MK_INT(n)) : VNULL;
    Value got = b ? io_call1(args[0], "readinto", b) : VNULL;
    if (!got || IS_NONE(got))
        return got;
    int64_t k;
    if (obj_as_int64(got, &k) < 0)
        return VNULL;
    if (k < 0 || k > n)
        return err_format(exc_ValueError, "readinto returned %lld outside buffer size %lld",
                          (long long)k, (long long)n);
    Value sl = slice_new(MK_INT(0), MK_INT(k), NONE);
    Value part = sl ? obj_getitem(b, sl) : VNULL;
    Value bytes_t = OBJ_VAL(&type_bytes);
    return part ? obj_call1(bytes_t, part) : VNULL;
}

static Value raw_readall(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("readall", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    StrBuf b;
    sb_init(&b);
    for (;;) {
        Value d = io_call1(args[0], "read", MK_INT(IO_DEFAULT_BUFFER_SIZE));
        if (!d) {
            sb_free(&b);
            return VNULL;
        }
        if (IS_NONE(d)) {
            if (b.len == 0) {
                sb_free(&b);
                return NONE;
            }
            break;
        }
        if (!IS_BYTES(d)) {
            sb_free(&b);
            return err_set(exc_TypeError, "read() should return bytes");
        }
        if (AS_BYTES(d)->len == 0)
            break;
        sb_add(&b, (const char *)AS_BYTES(d)->data, (size_t)AS_BYTES(d)->len);
    }
    Value r = bytes_new((const uint8_t *)b.data, b.len);
    sb_free(&b);
    return r;
}

static Value unsupported_method(Value *a, int n, ObjTuple *k, const char *name)
{
    (void)a, (void)n, (void)k;
    return io_unsupported(name);
}

static Value raw_readinto(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "readinto"); }
static Value any_write(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "write"); }

static const MethodDef rawiobase_methods[] = {
    {"read", raw_read}, {"readall", raw_readall}, {"readinto", raw_readinto},
    {"write", any_write}, {NULL, NULL},
};

Type io_type_rawiobase = {.name = "_io._RawIOBase", .tp_new = iob_tp_new};

/* ---- _BufferedIOBase ---------------------------------------------------- */

static Value bio_read(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "read"); }
static Value bio_read1(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "read1"); }
static Value bio_detach(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "detach"); }

/* readinto(b) through read(len(b)) */
static Value readinto_common(Value *args, int nargs, ObjTuple *kw, const char *meth)
{
    if (args_check(meth, nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int64_t n = obj_len(args[1]);
    if (n < 0)
        return VNULL;
    Value data = io_call1(args[0], strcmp(meth, "readinto1") ? "read" : "read1", MK_INT(n));
    if (!data)
        return VNULL;
    if (!IS_BYTES(data))
        return err_set(exc_TypeError, "read() should return bytes");
    int64_t got = AS_BYTES(data)->len;
    if (got > n)
        return err_format(exc_ValueError, "read() returned too much data: %lld bytes requested, %lld returned",
                          (long long)n, (long long)got);
    Value sl = slice_new(MK_INT(0), MK_INT(got), NONE);
    if (!sl || obj_setitem(args[1], sl, data) < 0)
        return VNULL;
    return MK_INT(got);
}

static Value bio_readinto(Value *a, int n, ObjTuple *k) { return readinto_common(a, n, k, "readinto"); }
static Value bio_readinto1(Value *a, int n, ObjTuple *k) { return readinto_common(a, n, k, "readinto1"); }

static const MethodDef bufferediobase_methods[] = {
    {"read", bio_read}, {"read1", bio_read1}, {"readinto", bio_readinto},
    {"readinto1", bio_readinto1}, {"write", any_write}, {"detach", bio_detach}, {NULL, NULL},
};

Type io_type_bufferediobase = {.name = "_io._BufferedIOBase", .tp_new = iob_tp_new};

/* ---- _TextIOBase -------------------------------------------------------- */

static Value tio_readline(Value *a, int n, ObjTuple *k) { return unsupported_method(a, n, k, "readline"); }
static Value tio_none(Value self) { (void)self; return NONE; }

static const MethodDef textiobase_methods[] = {
    {"read", bio_read}, {"readline", tio_readline}, {"write", any_write},
    {"detach", bio_detach}, {NULL, NULL},
};

Type io_type_textiobase = {.name = "_io._TextIOBase", .tp_new = iob_tp_new};

/* ---- open() ------------------------------------------------------------- */

typedef struct {
    bool creating, reading, writing, appending, updating, text, binary;
} OpenMode;

static int parse_open_mode(ObjStr *m, OpenMode *om)
{
    memset(om, 0, sizeof *om);
    bool seen[128] = {false};
    for (int64_t i = 0; i < m->len; i++) {
        unsigned char c = (unsigned char)m->data[i];
        if (c >= 128 || !strchr("xrwab+t", c) || c == 0 || seen[c])
            goto invalid;
        seen[c] = true;
        switch (c) {
        case 'x': om->creating = true; break;
        case 'r': om->reading = true; break;
        case 'w': om->writing = true; break;
        case 'a': om->appending = true; break;
        case '+': om->updating = true; break;
        case 't': om->text = true; break;
        default: om->binary = true; break;
        }
    }
    if (om->text && om->binary) {
        err_set(exc_ValueError, "can't have text and binary mode at once");
        return -1;
    }
    if (om->creating + om->reading + om->writing + om->appending > 1) {
        err_set(exc_ValueError, "must have exactly one of create/read/write/append mode");
        return -1;
    }
    if (!(om->creating || om->reading || om->writing || om->appending)) {
        err_set(exc_ValueError, "Must have exactly one of create/read/write/append mode and at most one plus");
        return -1;
    }
    return 0;
invalid:
    err_format(exc_ValueError, "invalid mode: '%s'", m->data);
    return -1;
}

static int opt_str(Value v, const char *arg, const char **out)
{
    *out = NULL;
    if (!v || IS_NONE(v))
        return 0;
    if (!IS_STR(v)) {
        err_format(exc_TypeError, "open() argument '%s' must be str or None, not %T", arg, v);
        return -1;
    }
    *out = str_cstr(AS_STR(v));
    return 0;
}

static Value open_impl(Value file, Value modev, Value bufv, Value encv, Value errv, Value nlv,
                       Value closefdv, Value opener)
{
    ObjStr *mode = modev ? AS_STR(modev) : io_name("r");
    if (modev && !IS_STR(modev))
        return err_format(exc_TypeError, "open() argument 'mode' must be str, not %T", modev);
    int64_t buffering = -1;
    if (bufv) {
        if (IS_FLOAT(bufv))
            return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", bufv);
        if (obj_as_int64(bufv, &buffering) < 0)
            return VNULL;
    }
    const char *encoding, *errors, *newline;
    if (opt_str(encv, "encoding", &encoding) < 0 || opt_str(errv, "errors", &errors) < 0 ||
        opt_str(nlv, "newline", &newline) < 0)
        return VNULL;
    int closefd = 1;
    if (closefdv) {
        if (IS_FLOAT(closefdv))
            return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", closefdv);
        if ((closefd = obj_truthy(closefdv)) < 0)
            return VNULL;
    }
    Value path = file;
    if (!IS_ANYINT(file) && !IS_BOOL(file)) {
        path = posix_fspath(file);
        if (!path)
            return VNULL;
    }
    if (!STR_CHECK(path) && !BYTES_CHECK(path) && !IS_ANYINT(path) && !IS_BOOL(path))
        return err_format(exc_TypeError, "invalid file: %R", file);
    OpenMode om;
    if (parse_open_mode(mode, &om) < 0)
        return VNULL;
    if (om.binary && encoding)
        return err_set(exc_ValueError, "binary mode doesn't take an encoding argument");
    if (om.binary && errors)
        return err_set(exc_ValueError, "binary mode doesn't take an errors argument");
    if (om.binary && newline)
        return err_set(exc_ValueError, "binary mode doesn't take a newline argument");
    char rawmode[4];
    int k = 0;
    rawmode[k++] = om.creating ? 'x' : om.reading ? 'r' : om.writing ? 'w' : 'a';
    if (om.updating)
        rawmode[k++] = '+';
    rawmode[k] = 0;
    Value fargs[4] = {path, str_from_cstr(rawmode), BOOL_V(closefd), opener ? opener : NONE};
    Value raw = obj_call(OBJ_VAL(&io_type_fileio), fargs, 4, NULL);
    if (!raw)
        return VNULL;
    Value result = raw;
    bool line_buffering = buffering == 1;
    if (buffering < 0 || buffering == 1) {
        Value tty = io_call0(raw, "isatty");
        int t = tty ? obj_truthy(tty) : -1;
        if (t < 0)
            goto fail;
        if (buffering < 0)
            line_buffering = t;
        buffering = io_fileio_blksize(raw);
    }
    if (buffering == 0) {
        if (om.binary)
            return raw;
        err_set(exc_ValueError, "can't have unbuffered text I/O");
        goto fail;
    }
    Type *bt = om.updating ? &io_type_random
               : (om.creating || om.writing || om.appending) ? &io_type_writer : &io_type_reader;
    Value buffer = io_buffered_new(bt, raw, buffering);
    if (!buffer)
        goto fail;
    result = buffer;
    if (om.binary)
        return buffer;
    Value text = io_textio_new(buffer, encoding, errors, nlv && !IS_NONE(nlv) ? nlv : NONE,
                               line_buffering, false);
    if (!text)
        goto fail;
    result = text;
    if (obj_setattr(text, io_name("mode"), OBJ_VAL(mode)) < 0)
        goto fail;
    return text;
fail:;
    Value exc = err_fetch();
    if (!io_call0(result, "close"))
        err_clear();
    err_set_value(exc);
    return VNULL;
}

static Value m_open(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"file", "mode", "buffering", "encoding", "errors",
                                         "newline", "closefd", "opener", NULL};
    Value a[8];
    if (args_parse("open", args, nargs, kw, params, 1, 8, a) < 0)
        return VNULL;
    return open_impl(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
}

static Value m_open_code(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    if (args_parse("open_code", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "open_code() argument 'path' must be str, not %T", a[0]);
    return open_impl(a[0], str_from_cstr("rb"), VNULL, VNULL, VNULL, VNULL, VNULL, VNULL);
}

static Value m_text_encoding(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"encoding", "stacklevel", NULL};
    Value a[2];
    if (args_parse("text_encoding", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    if (!IS_NONE(a[0]))
        return a[0];
    /* baton has no UTF-8 mode flag: the default is the locale encoding */
    return str_from_cstr("locale");
}

/* ---- what the rest of baton uses ---------------------------------------- */

Value file_open_builtin(Value *args, int nargs, ObjTuple *kwnames)
{
    return m_open(args, nargs, kwnames);
}

Value file_open(Value path, const char *mode)
{
    return open_impl(path, str_from_cstr(mode ? mode : "r"), VNULL, VNULL, VNULL, VNULL, VNULL, VNULL);
}

/* The codec's canonical name for enc, as sys.stdout.encoding shows it
 * (codecs.lookup(enc).name): the native codecs' names, else the
 * registry's, else enc. */
static Value canonical_encoding(const char *enc)
{
    static const struct { const char *alias, *name; } native[] = {
        {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"u8", "utf-8"}, {"utf", "utf-8"},
        {"ascii", "ascii"}, {"us-ascii", "ascii"}, {"646", "ascii"},
        {"latin-1", "iso8859-1"}, {"latin1", "iso8859-1"}, {"iso-8859-1", "iso8859-1"},
        {"iso8859-1", "iso8859-1"}, {"l1", "iso8859-1"},
    };
    char low[32];
    size_t n = 0;
    for (const char *p = enc; *p && n < sizeof low - 1; p++)
        low[n++] = *p == '_' ? '-' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    low[n] = 0;
    for (size_t i = 0; i < sizeof native / sizeof native[0]; i++)
        if (!strcmp(low, native[i].alias))
            return str_from_cstr(native[i].name);
    Value info = codec_lookup(AS_STR(str_from_cstr(enc)));
    Value name = info ? io_getattr_opt(info, "name") : VNULL;
    if (name && IS_STR(name))
        return name;
    err_clear();
    return str_from_cstr(enc);
}

/* sys.stdin/stdout/stderr as CPython's create_stdio makes them: FileIO
 * (closefd False), BufferedReader/Writer unless PYTHONUNBUFFERED asks for
 * none on the output streams, TextIOWrapper in UTF-8 with
 * surrogateescape (stderr: backslashreplace), or what PYTHONIOENCODING
 * ("encoding:errors") says (its errors default to strict),
 * line-buffered on a terminal and always for stderr. */
Value file_from_fd(int fd, const char *name, const char *mode)
{
    bool write = strchr(mode, 'w') != NULL;
    Value nm = str_from_cstr(name);
    Value raw = io_fileio_from_fd(fd, write ? "wb" : "rb", nm);
    if (!raw)
        return VNULL;
    bool unbuffered = write && sys_config.unbuffered; /* -u, PYTHONUNBUFFERED */
    Value buf = raw;
    if (!unbuffered && !(buf = io_buffered_new(write ? &io_type_writer : &io_type_reader, raw,
                                               io_fileio_blksize(raw))))
        return VNULL;
    Value enc = str_from_cstr("utf-8");
    Value errors = str_from_cstr("surrogateescape");
    const char *pie = sys_config.ignore_environment ? NULL : getenv("PYTHONIOENCODING");
    if (pie && *pie) {
        const char *colon = strchr(pie, ':');
        size_t elen = colon ? (size_t)(colon - pie) : strlen(pie);
        if (elen) {
            char e[64];
            snprintf(e, sizeof e, "%.*s", (int)elen, pie);
            enc = canonical_encoding(e);
        }
        errors = str_from_cstr(colon && colon[1] ? colon + 1 : "strict");
    }
    if (fd == 2)
        errors = str_from_cstr("backslashreplace");
    bool tty = isatty(fd);
    bool line = !unbuffered && (tty || fd == 2);
    Value t = io_textio_new(buf, AS_STR(enc)->data, AS_STR(errors)->data, str_from_cstr("\n"), line,
                            unbuffered);
    if (!t || obj_setattr(t, io_name("mode"), str_from_cstr(write ? "w" : "r")) < 0)
        return VNULL;
    return t;
}

int file_write_str(Value file, Value s)
{
    if (IS_STR(s)) {
        int r = io_textio_write_fast(file, AS_STR(s));
        if (r <= 0)
            return r;
    }
    Value r = obj_call_method(file, io_name("write"), &s, 1);
    return r ? 0 : -1;
}

int file_flush(Value file)
{
    if (!file || IS_NONE(file))
        return 0;
    int r = io_textio_flush(file);
    if (r <= 0)
        return r;
    Value v = obj_call_method(file, io_name("flush"), NULL, 0);
    return v ? 0 : -1;
}

Value file_readline(Value f)
{
    Value r = io_textio_readline(f);
    if (r || err_occurred())
        return r;
    return obj_call_method(f, io_name("readline"), NULL, 0);
}

void file_flush_all(void)
{
    if (!vm_cur || !tracked)
        return;
    Value saved = vm_cur->exc;
    vm_cur->exc = VNULL;
    /* text first (its pending bytes go to the buffers), then the buffers */
    for (int pass = 0; pass < 2; pass++) {
        ObjList *l = AS_LIST(tracked);
        for (int64_t i = 0; i < l->len; i++) {
            Value v = l->items[i];
            bool text = IS_OBJ(v) && type_is_subtype(TYPE(v), &io_type_textio);
            if (text != (pass == 0))
                continue;
            if (text && io_textio_flush(v) < 0)
                err_clear();
            if (!text && io_buffered_flush((ObjBuffered *)AS_OBJ(v)) < 0)
                err_clear();
        }
    }
    vm_cur->exc = saved;
}

void file_after_fork(void)
{
    if (!tracked)
        return;
    ObjList *l = AS_LIST(tracked);
    for (int64_t i = 0; i < l->len; i++)
        if (io_is_buffered(l->items[i]))
            io_buffered_after_fork((ObjBuffered *)AS_OBJ(l->items[i]));
}

/* At process exit the interpreter may be half torn down: write raw. */
static void flush_at_exit(void)
{
    if (!tracked)
        return;
    ObjList *l = AS_LIST(tracked);
    for (int64_t i = 0; i < l->len; i++)
        if (io_is_buffered(l->items[i]))
            io_buffered_flush_raw((ObjBuffered *)AS_OBJ(l->items[i]));
}

/* ---- the module ----------------------------------------------------------- */

static const MethodDef io_fns[] = {
    {"open", m_open}, {"open_code", m_open_code}, {"text_encoding", m_text_encoding},
    {NULL, NULL},
};

void file_init(void)
{
    if (io_UnsupportedOperation)
        return;
    tracked = list_new(0);
    AS_OBJ(tracked)->gc_flags |= GC_STATIC; /* never freed, never traced: weak */
    gc_register_weak_list(AS_LIST(tracked));

    io_type_ready(&io_type_iobase, iobase_methods, &type_object, sizeof(ObjIOBase));
    io_add_getset(&io_type_iobase, "closed", iob_get_closed, NULL);
    io_add_getset(&io_type_iobase, "__dict__", iob_dict, NULL);
    io_type_ready(&io_type_rawiobase, rawiobase_methods, &io_type_iobase, sizeof(ObjIOBase));
    io_type_ready(&io_type_bufferediobase, bufferediobase_methods, &io_type_iobase,
                  sizeof(ObjIOBase));
    io_type_ready(&io_type_textiobase, textiobase_methods, &io_type_iobase, sizeof(ObjIOBase));
    io_add_getset(&io_type_textiobase, "encoding", tio_none, NULL);
    io_add_getset(&io_type_textiobase, "newlines", tio_none, NULL);
    io_add_getset(&io_type_textiobase, "errors", tio_none, NULL);

    /* UnsupportedOperation(OSError, ValueError), made as the class
     * statement would make it */
    Value ns = dict_new(), bases = tuple_pack(2, OBJ_VAL(exc_OSError), OBJ_VAL(exc_ValueError));
    dict_set_str(AS_DICT(ns), io_name("__module__"), str_from_cstr("io"));
    Value uo = type_new_class(io_name("UnsupportedOperation"), AS_TUPLE(bases), AS_DICT(ns));
    if (!uo)
        baton_fatal("cannot create io.UnsupportedOperation");
    io_UnsupportedOperation = AS_TYPE(uo);
    gc_add_root_obj((Obj **)&io_UnsupportedOperation);
    file_UnsupportedOperation = io_UnsupportedOperation;

    io_fileio_init();
    io_buffered_init();
    io_text_init();
    io_bytesio_init();
    io_stringio_init();
    atexit(flush_at_exit);
}

Type *file_UnsupportedOperation;

Value mod_io_init(void)
{
    Value mv = module_new(io_name("_io"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = io_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    /* io.open is builtins.open, one object */
    Value bopen = dict_get_str(vm_builtins, io_name("open"));
    if (bopen)
        module_add(m, "open", bopen);
    module_add(m, "DEFAULT_BUFFER_SIZE", MK_INT(IO_DEFAULT_BUFFER_SIZE));
    module_add(m, "UnsupportedOperation", OBJ_VAL(io_UnsupportedOperation));
    module_add(m, "BlockingIOError", OBJ_VAL(exc_BlockingIOError));
    Type *types[] = {&io_type_iobase, &io_type_rawiobase, &io_type_bufferediobase,
                     &io_type_textiobase, &io_type_fileio, &io_type_bytesio, &io_type_stringio,
                     &io_type_reader, &io_type_writer, &io_type_random, &io_type_rwpair,
                     &io_type_textio, &io_type_nldecoder};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        module_add(m, types[i]->name_str->data, OBJ_VAL(types[i]));
    return mv;
}
