/* modules/_io_stringio.c — _io.StringIO: a text stream over an in-memory
 * array of code points (positions count characters, as in CPython).
 * With newline=None or '' text goes through the newline decoder as it is
 * written, so '\r\n' and '\r' become '\n' for None and newlines tells what
 * was seen; newline='\r' or '\r\n' translates '\n' on the way in.
 */
#include "_io.h"

typedef struct {
    ObjIOBase base;
    uint32_t *buf;
    int64_t len, cap, pos;
    bool ok, closed_;
    Value readnl;              /* None or the newline argument */
    bool readuniversal, readtranslate;
    Value writenl;             /* VNULL or "\r" / "\r\n" */
    bool has_decoder;          /* universal: the newline decoder runs */
    NlState nl;
} ObjStringIO;

#define AS_SIO(v) ((ObjStringIO *)AS_OBJ(v))

static int check(ObjStringIO *s)
{
    if (!s->ok) {
        err_set(exc_ValueError, "I/O operation on uninitialized object");
        return -1;
    }
    if (s->closed_) {
        io_closed_error("I/O operation on closed file");
        return -1;
    }
    return 0;
}

static int reserve(ObjStringIO *s, int64_t need)
{
    if (need <= s->cap)
        return 0;
    int64_t ncap = s->cap ? s->cap : 32;
    while (ncap < need)
        ncap *= 2;
    s->buf = s->buf ? mem_realloc(s->buf, (size_t)s->cap * 4, (size_t)ncap * 4) : mem_alloc((size_t)ncap * 4);
    s->cap = ncap;
    return 0;
}

/* Code points [from, to) as a str. */
static Value slice_str(ObjStringIO *s, int64_t from, int64_t to)
{
    if (from >= to)
        return str_empty();
    StrBuf b;
    sb_init(&b);
    for (int64_t i = from; i < to; i++) {
        char u[4];
        sb_add(&b, u, (size_t)utf8_encode(s->buf[i], u));
    }
    return sb_finish(&b);
}

static int write_str(ObjStringIO *s, Value text)
{
    if (s->has_decoder) {
        text = io_nl_decode(&s->nl, text, true);
        if (!text)
            return -1;
    }
    if (s->writenl) {
        text = obj_call_method(text, io_name("replace"),
                               (Value[]){str_from_cstr("\n"), s->writenl}, 2);
        if (!text)
            return -1;
    }
    ObjStr *t = AS_STR(text);
    if (t->ncp == 0)
        return 0;
    int64_t end = s->pos + t->ncp;
    if (reserve(s, end) < 0)
        return -1;
    for (int64_t i = s->len; i < s->pos; i++)
        s->buf[i] = 0;
    int64_t k = s->pos;
    for (int64_t i = 0; i < t->len;) {
        int n;
        s->buf[k++] = utf8_decode(t->data + i, (size_t)(t->len - i), &n);
        i += n;
    }
    s->pos = end;
    if (end > s->len)
        s->len = end;
    return 0;
}

static Value sio_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"initial_value", "newline", NULL};
    Value a[2];
    if (args_parse("StringIO", args + 1, nargs - 1, kw, params, 0, 2, a) < 0)
        return VNULL;
    ObjStringIO *s = AS_SIO(args[0]);
    Value nl = a[1] ? a[1] : str_from_cstr("\n");
    if (!IS_NONE(nl) && !IS_STR(nl))
        return err_format(exc_TypeError, "newline must be str or None, not %T", nl);
    if (!IS_NONE(nl)) {
        const char *c = AS_STR(nl)->data;
        if (!(AS_STR(nl)->len == 0 || !strcmp(c, "\n") || !strcmp(c, "\r") || !strcmp(c, "\r\n")) ||
            strlen(str_cstr(AS_STR(nl))) != (size_t)AS_STR(nl)->len)
            return err_format(exc_ValueError, "illegal newline value: %R", nl);
    }
    if (a[0] && !IS_NONE(a[0]) && !IS_STR(a[0]))
        return err_format(exc_TypeError, "initial_value must be str or None, not %T", a[0]);
    s->ok = false;
    s->closed_ = false;
    s->readnl = nl;
    s->readuniversal = IS_NONE(nl) || AS_STR(nl)->len == 0;
    s->readtranslate = IS_NONE(nl);
    s->writenl = !IS_NONE(nl) && AS_STR(nl)->len && AS_STR(nl)->data[0] == '\r' ? nl : VNULL;
    s->has_decoder = s->readuniversal;
    s->nl = (NlState){s->readtranslate, false, 0};
    s->len = s->pos = 0;
    if (a[0] && !IS_NONE(a[0]) && write_str(s, a[0]) < 0)
        return VNULL;
    s->pos = 0;
    s->ok = true;
    return NONE;
}

static Value sio_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjStringIO), sio_init); }

static void sio_finalize(Obj *o)
{
    ObjStringIO *s = (ObjStringIO *)o;
    if (s->buf)
        mem_free(s->buf, (size_t)s->cap * 4);
    s->buf = NULL;
}

static void sio_trace(Obj *o)
{
    ObjStringIO *s = (ObjStringIO *)o;
    gc_mark_obj((Obj *)s->base.dict);
    gc_mark(s->readnl);
    gc_mark(s->writenl);
}

static ObjStringIO *self_sio(Value *args) { return AS_SIO(args[0]); }

static Value sio_write(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    if (args_check("write", nargs - 1, kw, 1, 1) < 0 || check(s) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "string argument expected, got '%T'", args[1]);
    int64_t n = AS_STR(args[1])->ncp;
    return write_str(s, args[1]) < 0 ? VNULL : int_from_i64(n);
}

static Value sio_read(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    int64_t n;
    if (args_check("read", nargs - 1, kw, 0, 1) < 0 || check(s) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    int64_t avail = s->len > s->pos ? s->len - s->pos : 0;
    if (n < 0 || n > avail)
        n = avail;
    Value r = slice_str(s, s->pos, s->pos + n);
    s->pos += n;
    return r;
}

/* Length of the next line from pos (ending included), at most limit. */
static int64_t line_len(ObjStringIO *s, int64_t limit)
{
    int64_t end = s->len > s->pos ? s->len : s->pos;
    if (limit >= 0 && s->pos + limit < end)
        end = s->pos + limit;
    for (int64_t i = s->pos; i < end; i++) {
        uint32_t c = s->buf[i];
        if (s->readtranslate) {
            if (c == '\n')
                return i - s->pos + 1;
        } else if (s->readuniversal) {
            if (c == '\n')
                return i - s->pos + 1;
            if (c == '\r')
                return i - s->pos + (i + 1 < end && s->buf[i + 1] == '\n' ? 2 : 1);
        } else {
            ObjStr *nl = AS_STR(s->readnl);
            if (nl->len == 1 && c == (uint32_t)nl->data[0])
                return i - s->pos + 1;
            if (nl->len == 2 && c == '\r' && i + 1 < end && s->buf[i + 1] == '\n')
                return i - s->pos + 2;
        }
    }
    return end - s->pos;
}

static Value sio_readline(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    int64_t limit;
    if (args_check("readline", nargs - 1, kw, 0, 1) < 0 || check(s) < 0)
        return VNULL;
    if (io_size_arg(nargs > 1 ? args[1] : VNULL, &limit) < 0)
        return VNULL;
    int64_t n = line_len(s, limit);
    Value r = slice_str(s, s->pos, s->pos + n);
    s->pos += n;
    return r;
}

static Value sio_next(Value self)
{
    ObjStringIO *s = AS_SIO(self);
    if (check(s) < 0)
        return VNULL;
    Value line;
    if (IS_TYPE_EXACT(self, &io_type_stringio)) {
        int64_t n = line_len(s, -1);
        line = slice_str(s, s->pos, s->pos + n);
        s->pos += n;
    } else {
        line = io_call0(self, "readline");
        if (line && !IS_STR(line))
            return err_format(exc_OSError, "readline() should have returned a str object, not '%T'", line);
    }
    return !line || AS_STR(line)->len == 0 ? VNULL : line;
}

static Value sio_seek(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    int64_t pos, whence = 0;
    if (args_check("seek", nargs - 1, kw, 1, 2) < 0 || check(s) < 0)
        return VNULL;
    if (io_seek_args(args, nargs, &pos, &whence) < 0)
        return VNULL;
    if (whence < 0 || whence > 2)
        return err_format(exc_ValueError, "Invalid whence (%lld, should be 0, 1 or 2)", (long long)whence);
    if (pos < 0 && whence == 0)
        return err_format(exc_ValueError, "Negative seek position %lld", (long long)pos);
    if (whence != 0 && pos != 0)
        return err_set(exc_OSError, "Can't do nonzero cur-relative seeks");
    if (whence == 1)
        pos = s->pos;
    else if (whence == 2)
        pos = s->len;
    s->pos = pos;
    return int_from_i64(pos);
}

static Value sio_tell(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    if (args_check("tell", nargs - 1, kw, 0, 0) < 0 || check(s) < 0)
        return VNULL;
    return int_from_i64(s->pos);
}

static Value sio_truncate(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    int64_t size;
    if (args_check("truncate", nargs - 1, kw, 0, 1) < 0 || check(s) < 0)
        return VNULL;
    if (io_truncate_arg(args, nargs, s->pos, "Negative size value %lld", &size) < 0)
        return VNULL;
    if (size < s->len)
        s->len = size;
    return int_from_i64(size);
}

static Value sio_getvalue(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    if (args_check("getvalue", nargs - 1, kw, 0, 0) < 0 || check(s) < 0)
        return VNULL;
    return slice_str(s, 0, s->len);
}

static Value true_if_open(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    if (args_check(name, nargs - 1, kw, 0, 0) < 0 || check(self_sio(args)) < 0)
        return VNULL;
    return TRUE_V;
}

static Value sio_readable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "readable"); }
static Value sio_writable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "writable"); }
static Value sio_seekable(Value *a, int n, ObjTuple *k) { return true_if_open(a, n, k, "seekable"); }

static Value sio_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjStringIO *s = self_sio(args);
    s->closed_ = true;
    s->base.closed = true;
    return NONE;
}

static Value sio_getstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    if (args_check("__getstate__", nargs - 1, kw, 0, 0) < 0 || check(s) < 0)
        return VNULL;
    Value d = s->base.dict ? dict_copy(OBJ_VAL(s->base.dict)) : NONE;
    return tuple_pack(4, slice_str(s, 0, s->len), s->readnl, int_from_i64(s->pos), d);
}

static Value sio_setstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjStringIO *s = self_sio(args);
    if (args_check("__setstate__", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value st = args[1];
    if (!IS_TUPLE(st) || AS_TUPLE(st)->len < 4)
        return err_format(exc_TypeError, "%s.__setstate__ argument should be 4-tuple, got %T",
                          TYPE(args[0])->name, st);
    ObjTuple *t = AS_TUPLE(st);
    Value a[2] = {NONE, t->items[1]};
    if (!sio_init((Value[]){args[0], a[0], a[1]}, 3, NULL))
        return VNULL;
    /* the value is restored as it was, without newline translation */
    if (!IS_STR(t->items[0]))
        return err_format(exc_TypeError, "initial_value must be str or None, not %T", t->items[0]);
    bool dec = s->has_decoder;
    Value wnl = s->writenl;
    s->has_decoder = false;
    s->writenl = VNULL;
    int r = write_str(s, t->items[0]);
    s->has_decoder = dec;
    s->writenl = wnl;
    if (r < 0)
        return VNULL;
    int64_t pos;
    if (!IS_ANYINT(t->items[2]))
        return err_format(exc_TypeError, "third item of state must be an integer, got %T", t->items[2]);
    if (obj_as_int64(t->items[2], &pos) < 0)
        return VNULL;
    if (pos < 0)
        return err_set(exc_ValueError, "position value cannot be negative");
    s->pos = pos;
    if (io_setstate_dict(&s->base, t->items[3], "fourth") < 0)
        return VNULL;
    return NONE;
}

static Value get_closed(Value self)
{
    ObjStringIO *s = AS_SIO(self);
    if (!s->ok)
        return err_set(exc_ValueError, "I/O operation on uninitialized object");
    return BOOL_V(s->closed_);
}

static Value get_line_buffering(Value self)
{
    return check(AS_SIO(self)) < 0 ? VNULL : FALSE_V;
}

static Value get_newlines(Value self)
{
    ObjStringIO *s = AS_SIO(self);
    if (check(s) < 0)
        return VNULL;
    if (!s->has_decoder)
        return NONE;
    return io_newlines_value(s->nl.seennl);
}

static const MethodDef stringio_methods[] = {
    {"__init__", sio_init}, {"write", sio_write}, {"read", sio_read},
    {"readline", sio_readline}, {"seek", sio_seek}, {"tell", sio_tell},
    {"truncate", sio_truncate}, {"getvalue", sio_getvalue}, {"readable", sio_readable},
    {"writable", sio_writable}, {"seekable", sio_seekable}, {"close", sio_close},
    {"__getstate__", sio_getstate}, {"__setstate__", sio_setstate}, {NULL, NULL},
};

Type io_type_stringio = {.name = "_io.StringIO", .tp_new = sio_new, .trace = sio_trace,
                         .finalize = sio_finalize, .next = sio_next};

void io_stringio_init(void)
{
    io_type_ready(&io_type_stringio, stringio_methods, &io_type_textiobase, sizeof(ObjStringIO));
    io_add_getset(&io_type_stringio, "closed", get_closed, NULL);
    io_add_getset(&io_type_stringio, "line_buffering", get_line_buffering, NULL);
    io_add_getset(&io_type_stringio, "newlines", get_newlines, NULL);
}
