/* modules/_io_text.c — _io.TextIOWrapper and _io.IncrementalNewlineDecoder.
 *
 * UTF-8, ASCII and Latin-1 are encoded and decoded with codec.c's C
 * codecs and error handlers ("native": baton's strings are UTF-8, so
 * writing UTF-8 without lone surrogates copies the string's bytes); any
 * other encoding goes through the codec registry (the codecs module's
 * incremental encoder and decoder).  The decoder's state for
 * tell() is CPython's: (bytes the codec holds, flags), the flags' low bit
 * being the newline decoder's pending '\r'.  tell() and seek() follow
 * CPython's algorithm and cookie layout (start position, then decoder
 * flags, bytes to feed, characters to skip and need-EOF at bits 64, 96,
 * 128 and 160), so cookies are the numbers python3 gives.
 *
 * Decoded text is kept as a str with a byte offset of what was consumed;
 * line endings are searched in its UTF-8 bytes ('\r' and '\n' are ASCII).
 *
 * print() to sys.stdout comes through io_textio_write_fast: for a
 * TextIOWrapper over a BufferedWriter over a FileIO with a native codec,
 * the bytes go straight into the buffered writer's buffer.
 */
#include <errno.h>
#include <stdatomic.h>

#include "_io.h"
#include "codec.h"
#include "posix.h"

enum { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1, CODEC_OTHER };
#define CHUNK_SIZE 8192

typedef struct {
    ObjIOBase base;
    bool ok, detached;
    Value buffer;
    Value encoding, errors;     /* str */
    int codec;
    Value encoder, decoder;     /* CODEC_OTHER: codec objects (the decoder
                                   wrapped in an IncrementalNewlineDecoder
                                   when reading with universal newlines) */
    bool readable, writable;    /* has a decoder / an encoder */
    /* the native decoder's state */
    uint8_t partial[4];
    int npartial;
    NlState nl;
    /* newline mode */
    Value readnl;               /* None or the newline argument */
    bool readuniversal, readtranslate, writetranslate;
    const char *writenl;        /* NULL, "\r" or "\r\n" */
    bool line_buffering, write_through;
    bool seekable, telling, has_read1;
    /* decoded text not returned yet: decoded->data[used_b ..] */
    Value decoded;
    int64_t used;               /* code points consumed */
    int64_t used_b;             /* bytes consumed */
    /* tell()'s snapshot: decoder flags and the input since */
    bool has_snapshot;
    int64_t snap_flags;
    Value snap_input;
    double b2cratio;
    int64_t chunk_size;
    /* encoded text not yet passed to the buffer */
    Value pending;              /* list of bytes, or VNULL */
    int64_t pending_bytes;
    /* print()'s fast path: the buffer is a BufferedWriter/Random over a
     * FileIO and writing is copying UTF-8 bytes (set by fix_fast) */
    ObjBuffered *fastbuf;
    bool fast_utf8;
} ObjTextIO;

#define AS_TIO(v) ((ObjTextIO *)AS_OBJ(v))

/* ---- newline decoding ---------------------------------------------------------- */

Value io_nl_decode(NlState *st, Value text, bool final)
{
    ObjStr *s = AS_STR(text);
    bool add_cr = st->pendingcr && (s->len > 0 || final);
    bool hold_cr = !final && s->len > 0 && s->data[s->len - 1] == '\r';
    if (add_cr)
        st->pendingcr = false;
    if (hold_cr)
        st->pendingcr = true;
    if (!add_cr && !hold_cr && !memchr(s->data, '\r', (size_t)s->len)) {
        if (memchr(s->data, '\n', (size_t)s->len))
            st->seennl |= SEEN_LF;
        return text;
    }
    StrBuf b;
    sb_init(&b);
    if (add_cr)
        sb_addc(&b, '\r');
    sb_add(&b, s->data, (size_t)s->len - hold_cr);
    int64_t cr = 0, lf = 0, crlf = 0;
    for (size_t i = 0; i < b.len; i++) {
        if (b.data[i] == '\r') {
            if (i + 1 < b.len && b.data[i + 1] == '\n') {
                crlf++;
                i++;
            } else {
                cr++;
            }
        } else if (b.data[i] == '\n') {
            lf++;
        }
    }
    st->seennl |= (lf ? SEEN_LF : 0) | (cr ? SEEN_CR : 0) | (crlf ? SEEN_CRLF : 0);
    if (st->translate && (cr || crlf)) {
        size_t k = 0;
        for (size_t i = 0; i < b.len; i++) {
            if (b.data[i] == '\r') {
                b.data[k++] = '\n';
                if (i + 1 < b.len && b.data[i + 1] == '\n')
                    i++;
            } else {
                b.data[k++] = b.data[i];
            }
        }
        b.len = k;
    }
    return sb_finish(&b);
}

Value io_newlines_value(int seennl)
{
    switch (seennl) {
    case 0: return NONE;
    case SEEN_LF: return str_from_cstr("\n");
    case SEEN_CR: return str_from_cstr("\r");
    case SEEN_CRLF: return str_from_cstr("\r\n");
    case SEEN_LF | SEEN_CR: return tuple_pack(2, str_from_cstr("\r"), str_from_cstr("\n"));
    case SEEN_LF | SEEN_CRLF: return tuple_pack(2, str_from_cstr("\n"), str_from_cstr("\r\n"));
    case SEEN_CR | SEEN_CRLF: return tuple_pack(2, str_from_cstr("\r"), str_from_cstr("\r\n"));
    default:
        return tuple_pack(3, str_from_cstr("\r"), str_from_cstr("\n"), str_from_cstr("\r\n"));
    }
}

static int check_decoded(Value v)
{
    if (IS_STR(v))
        return 0;
    err_format(exc_TypeError, "decoder should return a string result, not '%T'", v);
    return -1;
}

/* ---- IncrementalNewlineDecoder ---------------------------------------------------- */

#define AS_NLD(v) ((ObjNlDecoder *)AS_OBJ(v))

static int nld_ready(ObjNlDecoder *d)
{
    if (d->ok)
        return 0;
    err_set(exc_ValueError, "IncrementalNewlineDecoder.__init__() not called");
    return -1;
}

static Value nld_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"decoder", "translate", "errors", NULL};
    Value a[3];
    if (args_parse("IncrementalNewlineDecoder", args + 1, nargs - 1, kw, params, 2, 3, a) < 0)
        return VNULL;
    ObjNlDecoder *d = AS_NLD(args[0]);
    int t = obj_truthy(a[1]);
    if (t < 0)
        return VNULL;
    d->decoder = a[0];
    d->nl = (NlState){t != 0, false, 0};
    d->ok = true;
    return NONE;
}

static Value nld_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjNlDecoder), nld_init); }

static Value nld_decode_impl(ObjNlDecoder *d, Value input, bool final)
{
    Value out = input;
    if (!IS_NONE(d->decoder)) {
        Value a[2] = {input, BOOL_V(final)};
        out = io_call(d->decoder, "decode", a, 2);
        if (!out)
            return VNULL;
    }
    if (check_decoded(out) < 0)
        return VNULL;
    return io_nl_decode(&d->nl, out, final);
}

static Value nld_decode(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"input", "final", NULL};
    Value a[2];
    if (args_parse("decode", args + 1, nargs - 1, kw, params, 1, 2, a) < 0)
        return VNULL;
    ObjNlDecoder *d = AS_NLD(args[0]);
    int final = 0;
    if (nld_ready(d) < 0 || (a[1] && (final = obj_truthy(a[1])) < 0))
        return VNULL;
    return nld_decode_impl(d, a[0], final != 0);
}

static Value nld_getstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjNlDecoder *d = AS_NLD(args[0]);
    if (args_check("getstate", nargs - 1, kw, 0, 0) < 0 || nld_ready(d) < 0)
        return VNULL;
    Value buf = bytes_new(NULL, 0);
    int64_t flag = 0;
    if (!IS_NONE(d->decoder)) {
        Value st = io_call0(d->decoder, "getstate");
        if (!st)
            return VNULL;
        if (!IS_TUPLE(st) || AS_TUPLE(st)->len != 2)
            return err_set(exc_TypeError, "illegal decoder state");
        buf = AS_TUPLE(st)->items[0];
        if (obj_as_int64(AS_TUPLE(st)->items[1], &flag) < 0)
            return VNULL;
    }
    flag = (flag << 1) | d->nl.pendingcr;
    return tuple_pack(2, buf, int_from_i64(flag));
}

static Value nld_setstate(Value *args, int nargs, ObjTuple *kw)
{
    ObjNlDecoder *d = AS_NLD(args[0]);
    if (args_check("setstate", nargs - 1, kw, 1, 1) < 0 || nld_ready(d) < 0)
        return VNULL;
    Value st = args[1];
    if (!IS_TUPLE(st))
        return err_set(exc_TypeError, "state argument must be a tuple");
    if (AS_TUPLE(st)->len != 2)
        return err_format(exc_TypeError, "setstate() argument must be a tuple of 2 items");
    int64_t flag;
    if (obj_as_int64(AS_TUPLE(st)->items[1], &flag) < 0)
        return VNULL;
    d->nl.pendingcr = flag & 1;
    if (!IS_NONE(d->decoder)) {
        Value inner = tuple_pack(2, AS_TUPLE(st)->items[0], int_from_i64(flag >> 1));
        return io_call1(d->decoder, "setstate", inner) ? NONE : VNULL;
    }
    return NONE;
}

static Value nld_reset(Value *args, int nargs, ObjTuple *kw)
{
    ObjNlDecoder *d = AS_NLD(args[0]);
    if (args_check("reset", nargs - 1, kw, 0, 0) < 0 || nld_ready(d) < 0)
        return VNULL;
    d->nl.seennl = 0;
    d->nl.pendingcr = false;
    if (!IS_NONE(d->decoder))
        return io_call0(d->decoder, "reset") ? NONE : VNULL;
    return NONE;
}

static Value nld_get_newlines(Value self)
{
    ObjNlDecoder *d = AS_NLD(self);
    return nld_ready(d) < 0 ? VNULL : io_newlines_value(d->nl.seennl);
}

static void nld_trace(Obj *o)
{
    ObjNlDecoder *d = (ObjNlDecoder *)o;
    gc_mark_obj((Obj *)d->base.dict);
    gc_mark(d->decoder);
}

static const MethodDef nld_methods[] = {
    {"__init__", nld_init}, {"decode", nld_decode}, {"getstate", nld_getstate},
    {"setstate", nld_setstate}, {"reset", nld_reset}, {NULL, NULL},
};

Type io_type_nldecoder = {.name = "_io.IncrementalNewlineDecoder", .tp_new = nld_new,
                          .trace = nld_trace};

/* ---- codecs ----------------------------------------------------------------------- */

static int native_codec(const char *enc)
{
    char buf[32];
    size_t n = 0;
    for (const char *p = enc; *p && n < sizeof buf - 1; p++)
        buf[n++] = *p == '_' || *p == ' ' ? '-' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    buf[n] = 0;
    if (strlen(enc) >= sizeof buf)
        return CODEC_OTHER;
    static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001", NULL};
    static const char *const ascii[] = {"ascii", "us-ascii", "646", "us", NULL};
    static const char *const latin1[] = {"latin-1", "latin1", "iso-8859-1", "iso8859-1",
                                         "8859", "cp819", "l1", "latin", "iso-ir-100", NULL};
    for (int i = 0; utf8[i]; i++)
        if (!strcmp(buf, utf8[i]))
            return CODEC_UTF8;
    for (int i = 0; ascii[i]; i++)
        if (!strcmp(buf, ascii[i]))
            return CODEC_ASCII;
    for (int i = 0; latin1[i]; i++)
        if (!strcmp(buf, latin1[i]))
            return CODEC_LATIN1;
    return CODEC_OTHER;
}

/* The codec registry's CodecInfo for enc, which must be a text encoding. */
static Value text_codec(const char *enc)
{
    Value info = codec_lookup(AS_STR(str_from_cstr(enc)));
    if (!info)
        return VNULL;
    Value text = io_getattr_opt(info, "_is_text_encoding");
    if (!text && err_occurred())
        return VNULL;
    if (text) {
        int t = obj_truthy(text);
        if (t < 0)
            return VNULL;
        if (!t)
            return err_format(exc_LookupError,
                              "'%s' is not a text encoding; use codecs.open() to handle arbitrary codecs",
                              enc);
    }
    return info;
}

/* Encode with a native codec (codec.c does the error handlers). */
static Value native_encode(int codec, ObjStr *s, const char *errors)
{
    if (s->ascii || (codec == CODEC_UTF8 && !codec_has_surrogates(s)))
        return bytes_new((const uint8_t *)s->data, (size_t)s->len);
    return codec == CODEC_UTF8 ? codec_utf8_encode(s, errors)
           : codec == CODEC_ASCII ? codec_ascii_encode(s, errors) : codec_latin1_encode(s, errors);
}

/* ---- the decoder (native state or codec objects) --------------------------------- */

static const char *cerrors(ObjTextIO *t) { return AS_STR(t->errors)->data; }

/* decoder.decode(data, final) */
static Value dec_decode(ObjTextIO *t, const uint8_t *p, size_t n, bool final)
{
    Value text;
    if (t->codec == CODEC_OTHER) {
        Value in = bytes_new(p, n);
        if (type_is_subtype(TYPE(t->decoder), &io_type_nldecoder))
            return nld_decode_impl(AS_NLD(t->decoder), in, final);
        Value a[2] = {in, BOOL_V(final)};
        text = io_call(t->decoder, "decode", a, 2);
        if (!text || check_decoded(text) < 0)
            return VNULL;
        return text;
    }
    if (t->codec == CODEC_UTF8) {
        /* the bytes held back from the last chunk (an incomplete sequence) first */
        size_t total = (size_t)t->npartial + n, consumed = total;
        uint8_t *buf = malloc(total ? total : 1);
        if (!buf)
            return err_no_memory();
        memcpy(buf, t->partial, (size_t)t->npartial);
        if (n)
            memcpy(buf + t->npartial, p, n);
        text = codec_utf8_decode(buf, total, cerrors(t), final, final ? NULL : &consumed);
        if (text) {
            size_t keep = total - consumed;
            if (keep > sizeof t->partial)
                keep = sizeof t->partial;
            memcpy(t->partial, buf + total - keep, keep);
            t->npartial = (int)keep;
        }
        free(buf);
    } else {
        text = t->codec == CODEC_ASCII ? codec_ascii_decode(p, n, cerrors(t))
                                       : codec_latin1_decode(p, n, cerrors(t));
    }
    if (!text)
        return VNULL;
    return t->readuniversal ? io_nl_decode(&t->nl, text, final) : text;
}

/* decoder.getstate() -> (*buf, *flags) */
static int dec_getstate(ObjTextIO *t, Value *buf, int64_t *flags)
{
    if (t->codec != CODEC_OTHER) {
        *buf = bytes_new(t->partial, (size_t)t->npartial);
        *flags = t->readuniversal ? t->nl.pendingcr : 0;
        return 0;
    }
    Value st = io_call0(t->decoder, "getstate");
    if (!st)
        return -1;
    if (!IS_TUPLE(st) || AS_TUPLE(st)->len != 2) {
        err_set(exc_TypeError, "illegal decoder state");
        return -1;
    }
    *buf = AS_TUPLE(st)->items[0];
    if (!IS_BYTES(*buf)) {
        err_format(exc_TypeError, "illegal decoder state: the first item should be a bytes object, not '%T'",
                   *buf);
        return -1;
    }
    return obj_as_int64(AS_TUPLE(st)->items[1], flags);
}

static int dec_setstate(ObjTextIO *t, Value buf, int64_t flags)
{
    if (t->codec != CODEC_OTHER) {
        size_t n = (size_t)AS_BYTES(buf)->len;
        if (n > sizeof t->partial)
            n = sizeof t->partial;
        memcpy(t->partial, AS_BYTES(buf)->data, n);
        t->npartial = (int)n;
        if (t->readuniversal)
            t->nl.pendingcr = flags & 1;
        return 0;
    }
    Value st = tuple_pack(2, buf, int_from_i64(flags));
    return io_call1(t->decoder, "setstate", st) ? 0 : -1;
}

static int dec_reset(ObjTextIO *t)
{
    if (t->codec != CODEC_OTHER) {
        t->npartial = 0;
        t->nl.pendingcr = false;
        t->nl.seennl = 0;
        return 0;
    }
    return io_call0(t->decoder, "reset") ? 0 : -1;
}

/* ---- checks ------------------------------------------------------------------------- */

static int check_attached(ObjTextIO *t)
{
    if (t->ok)
        return 0;
    err_set(exc_ValueError, t->detached ? "underlying buffer has been detached"
                                        : "I/O operation on uninitialized object");
    return -1;
}

/* The buffer's C state when it is exactly a Buffered* over a FileIO, so
 * closed can be read without calling Python; NULL otherwise. */
static ObjBuffered *plain_buffer(ObjTextIO *t)
{
    if (!IS_OBJ(t->buffer))
        return NULL;
    Type *bt = TYPE(t->buffer);
    if (bt != &io_type_reader && bt != &io_type_writer && bt != &io_type_random)
        return NULL;
    ObjBuffered *b = (ObjBuffered *)AS_OBJ(t->buffer);
    return b->ok && b->box ? b : NULL;
}

static int check_closed(Value self)
{
    ObjTextIO *t = AS_TIO(self);
    if (check_attached(t) < 0)
        return -1;
    ObjBuffered *b = IS_TYPE_EXACT(self, &io_type_textio) ? plain_buffer(t) : NULL;
    int c = b ? b->box->fd < 0 : io_is_closed(self);
    if (c > 0)
        io_closed_error(NULL);
    return c != 0 ? -1 : 0;
}

/* ---- decoded text ---------------------------------------------------------------- */

static void set_decoded(ObjTextIO *t, Value s)
{
    t->decoded = s;
    t->used = t->used_b = 0;
}

static int64_t decoded_avail_b(ObjTextIO *t)
{
    return t->decoded ? AS_STR(t->decoded)->len - t->used_b : 0;
}

/* Byte offset of the k-th code point of s[0 .. n) (n if fewer). */
static size_t cp_offset(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    while (k > 0 && i < n) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

/* The next n code points (n < 0: all) of the decoded text. */
static Value get_decoded(ObjTextIO *t, int64_t n)
{
    if (!t->decoded)
        return str_empty();
    ObjStr *s = AS_STR(t->decoded);
    int64_t availb = s->len - t->used_b;
    size_t nb = n < 0 ? (size_t)availb : cp_offset(s->data + t->used_b, (size_t)availb, n);
    if (t->used_b == 0 && (int64_t)nb == s->len) {
        t->used = s->ncp;
        t->used_b = s->len;
        return t->decoded;
    }
    Value r = str_new(s->data + t->used_b, nb);
    if (r) {
        t->used += AS_STR(r)->ncp;
        t->used_b += (int64_t)nb;
    }
    return r;
}

/* ---- writing ------------------------------------------------------------------------ */

/* The buffer as a C buffered writer we may fill directly, or NULL. */
static ObjBuffered *fast_writer(ObjTextIO *t)
{
    if (!IS_OBJ(t->buffer))
        return NULL;
    Type *bt = TYPE(t->buffer);
    if (bt != &io_type_writer && bt != &io_type_random)
        return NULL;
    ObjBuffered *b = (ObjBuffered *)AS_OBJ(t->buffer);
    return b->ok && b->box ? b : NULL;
}

static int write_pending(ObjTextIO *t)
{
    if (!t->pending)
        return 0;
    Value parts = t->pending;
    t->pending = VNULL;
    t->pending_bytes = 0;
    Value b = AS_LIST(parts)->len == 1 ? AS_LIST(parts)->items[0]
              : obj_call_method(bytes_new(NULL, 0), io_name("join"), &parts, 1);
    if (!b)
        return -1;
    return io_call1(t->buffer, "write", b) ? 0 : -1;
}

static int add_pending(ObjTextIO *t, Value b)
{
    int64_t n = AS_BYTES(b)->len;
    if (t->pending && t->pending_bytes + n > t->chunk_size && write_pending(t) < 0)
        return -1;
    if (!t->pending)
        t->pending = list_new(0);
    if (list_append(t->pending, b) < 0)
        return -1;
    t->pending_bytes += n;
    return 0;
}

/* What every write does to the reading side: forget decoded text. */
static int after_write(ObjTextIO *t)
{
    set_decoded(t, VNULL);
    t->has_snapshot = false;
    t->snap_input = VNULL;
    return t->readable ? dec_reset(t) : 0;
}

static Value tio_write(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("write", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value self = args[0], text = args[1];
    ObjTextIO *t = AS_TIO(self);
    if (check_closed(self) < 0)
        return VNULL;
    if (!IS_STR(text))
        return err_format(exc_TypeError, "write() argument must be str, not %T", text);
    if (!t->writable)
        return io_unsupported("not writable");
    ObjStr *s = AS_STR(text);
    int64_t len = s->ncp;
    if (IS_TYPE_EXACT(self, &io_type_textio)) {
        /* straight into the buffered writer, as print() does */
        int r = io_textio_write_fast(self, s);
        if (r <= 0)
            return r < 0 ? VNULL : int_from_i64(len);
    }
    bool haslf = false;
    if (((t->writetranslate && t->writenl) || t->line_buffering) && memchr(s->data, '\n', (size_t)s->len))
        haslf = true;
    if (haslf && t->writetranslate && t->writenl) {
        Value r = obj_call_method(text, io_name("replace"),
                                  (Value[]){str_from_cstr("\n"), str_from_cstr(t->writenl)}, 2);
        if (!r)
            return VNULL;
        text = r;
        s = AS_STR(text);
    }
    bool needflush = t->line_buffering && (haslf || memchr(s->data, '\r', (size_t)s->len));
    Value b = t->codec == CODEC_OTHER ? io_call1(t->encoder, "encode", text)
                                      : native_encode(t->codec, s, cerrors(t));
    if (!b)
        return VNULL;
    if (!IS_BYTES(b))
        return err_format(exc_TypeError, "encoder should return a bytes object, not '%T'", b);
    if (add_pending(t, b) < 0)
        return VNULL;
    if (t->pending_bytes >= t->chunk_size || needflush || t->write_through)
        if (write_pending(t) < 0)
            return VNULL;
    if (needflush && !io_call0(t->buffer, "flush"))
        return VNULL;
    if (after_write(t) < 0)
        return VNULL;
    return int_from_i64(len);
}

/* What print()'s fast path may assume about t (after init/reconfigure). */
static void fix_fast(ObjTextIO *t)
{
    t->fast_utf8 = t->writable && !t->writenl && t->codec == CODEC_UTF8;
    t->fastbuf = fast_writer(t);
}

int io_textio_write_fast(Value file, ObjStr *s)
{
    if (!IS_TYPE_EXACT(file, &io_type_textio))
        return 1;
    ObjTextIO *t = AS_TIO(file);
    ObjBuffered *b = t->fastbuf;
    if (LIKELY(b && t->ok && t->fast_utf8 && !t->pending && b->ok && b->box &&
               !codec_has_surrogates(s))) {
        if (UNLIKELY(b->box->fd < 0)) {
            io_closed_error(NULL);
            return -1;
        }
        size_t n = (size_t)s->len;
        if (LIKELY(!atomic_load_explicit(&b->busy, memory_order_relaxed) && !b->rend &&
                   (int64_t)n <= b->size - b->wlen)) {
            memcpy(b->wbuf + b->wlen, s->data, n);
            b->wlen += (int64_t)n;
        } else if (io_buffered_write_locked(b, (const uint8_t *)s->data, n) < 0) {
            return -1;
        }
        if (t->line_buffering && (memchr(s->data, '\n', n) || memchr(s->data, '\r', n)) &&
            io_buffered_flush(b) < 0)
            return -1;
        return t->readable ? after_write(t) : 0;
    }
    if (!t->ok || !t->writable || t->pending || t->writenl || t->codec == CODEC_OTHER ||
        (t->codec != CODEC_UTF8 && !s->ascii) || codec_has_surrogates(s))
        return 1;
    ObjBuffered *bw = fast_writer(t);
    if (bw) {
        if (bw->box->fd < 0) {
            io_closed_error(NULL);
            return -1;
        }
        if (s->len && io_buffered_write_locked(bw, (const uint8_t *)s->data, (size_t)s->len) < 0)
            return -1;
        if (t->line_buffering && (memchr(s->data, '\n', (size_t)s->len) || memchr(s->data, '\r', (size_t)s->len)) &&
            io_buffered_flush(bw) < 0)
            return -1;
        return t->readable ? after_write(t) : 0;
    }
    /* unbuffered (PYTHONUNBUFFERED): the FileIO itself */
    if (!IS_TYPE_EXACT(t->buffer, &io_type_fileio))
        return 1;
    ObjFileIO *f = (ObjFileIO *)AS_OBJ(t->buffer);
    if (!f->box || f->box->fd < 0 || !f->writable)
        return 1;
    const uint8_t *p = (const uint8_t *)s->data;
    size_t n = (size_t)s->len;
    while (n > 0) {
        int64_t w = io_fd_write(f->box->fd, p, n);
        if (w == -1)
            return -1;
        if (w == -2) {
            err_set(exc_BlockingIOError, "write could not complete without blocking");
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return t->readable ? after_write(t) : 0;
}

/* ---- reading ------------------------------------------------------------------------ */

/* CPython's textiowrapper_read_chunk: 1 data, 0 EOF, -1 error. */
static int read_chunk(ObjTextIO *t, int64_t size_hint)
{
    if (!t->readable) {
        io_unsupported("not readable");
        return -1;
    }
    Value dec_buffer = VNULL;
    int64_t dec_flags = 0;
    if (t->telling && dec_getstate(t, &dec_buffer, &dec_flags) < 0)
        return -1;
    if (size_hint > 0)
        size_hint = (int64_t)((t->b2cratio > 1.0 ? t->b2cratio : 1.0) * (double)size_hint);
    int64_t want = t->chunk_size > size_hint ? t->chunk_size : size_hint;
    Value chunk;
    if (t->has_read1 && IS_TYPE_EXACT(t->buffer, &io_type_reader) &&
        ((ObjBuffered *)AS_OBJ(t->buffer))->ok && ((ObjBuffered *)AS_OBJ(t->buffer))->box) {
        chunk = io_call1(t->buffer, "read1", int_from_i64(want));
    } else {
        chunk = io_call1(t->buffer, t->has_read1 ? "read1" : "read", int_from_i64(want));
    }
    if (!chunk)
        return -1;
    if (!IS_BYTES(chunk)) {
        err_format(exc_TypeError, "underlying %s() should have returned a bytes-like object, not '%T'",
                   t->has_read1 ? "read1" : "read", chunk);
        return -1;
    }
    int64_t nbytes = AS_BYTES(chunk)->len;
    bool eof = nbytes == 0;
    Value text = dec_decode(t, AS_BYTES(chunk)->data, (size_t)nbytes, eof);
    if (!text)
        return -1;
    set_decoded(t, text);
    int64_t nchars = AS_STR(text)->ncp;
    t->b2cratio = nchars > 0 ? (double)nbytes / (double)nchars : 0.0;
    if (nchars > 0)
        eof = false;
    if (t->telling) {
        t->has_snapshot = true;
        t->snap_flags = dec_flags;
        t->snap_input = AS_BYTES(dec_buffer)->len ? obj_binop(dec_buffer, chunk, NB_ADD) : chunk;
        if (!t->snap_input)
            return -1;
    }
    return !eof;
}

static Value tio_read(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    if (args_check("read", nargs - 1, kw, 0, 1) < 0 || io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    Value self = args[0];
    ObjTextIO *t = AS_TIO(self);
    if (check_closed(self) < 0)
        return VNULL;
    if (!t->readable)
        return io_unsupported("not readable");
    if (write_pending(t) < 0)
        return VNULL;
    if (n < 0) {
        Value bytes = io_call0(t->buffer, "read");
        if (!bytes)
            return VNULL;
        if (!IS_BYTES(bytes))
            return err_format(exc_TypeError, "underlying read() should have returned a bytes object, not '%T'",
                              bytes);
        Value decoded = dec_decode(t, AS_BYTES(bytes)->data, (size_t)AS_BYTES(bytes)->len, true);
        if (!decoded)
            return VNULL;
        Value result = get_decoded(t, -1);
        set_decoded(t, VNULL);
        t->has_snapshot = false;
        return result ? str_concat(result, decoded) : VNULL;
    }
    Value result = get_decoded(t, n);
    if (!result)
        return VNULL;
    int64_t remaining = n - AS_STR(result)->ncp;
    Value chunks = VNULL;
    while (remaining > 0) {
        int r = read_chunk(t, remaining);
        if (r < 0)
            return VNULL;
        if (r == 0)
            break;
        if (!chunks)
            chunks = list_new(0);
        if (list_append(chunks, result) < 0)
            return VNULL;
        result = get_decoded(t, remaining);
        if (!result)
            return VNULL;
        remaining -= AS_STR(result)->ncp;
    }
    if (chunks) {
        if (list_append(chunks, result) < 0)
            return VNULL;
        return str_join(str_empty(), chunks);
    }
    return result;
}

/* CPython's _PyIO_find_line_ending over UTF-8 bytes: the length of the
 * line (with its ending) in s[0 .. n), or -1 with *consumed set to how
 * much may be put aside. */
static int64_t find_line_ending(ObjTextIO *t, const char *s, int64_t n, int64_t *consumed)
{
    if (t->readtranslate) {
        const char *p = memchr(s, '\n', (size_t)n);
        if (p)
            return p - s + 1;
        *consumed = n;
        return -1;
    }
    if (t->readuniversal) {
        for (int64_t i = 0; i < n; i++) {
            if (s[i] == '\n')
                return i + 1;
            if (s[i] == '\r')
                return i + 1 < n && s[i + 1] == '\n' ? i + 2 : i + 1;
        }
        *consumed = n;
        return -1;
    }
    ObjStr *nl = AS_STR(t->readnl);
    if (nl->len == 1) {
        const char *p = memchr(s, nl->data[0], (size_t)n);
        if (p)
            return p - s + 1;
        *consumed = n;
        return -1;
    }
    /* "\r\n": do not let a '\r' at the end be consumed */
    for (int64_t i = 0; i + 1 < n; i++)
        if (s[i] == '\r' && s[i + 1] == '\n')
            return i + 2;
    *consumed = n > 0 && s[n - 1] == '\r' ? n - 1 : n;
    return -1;
}

static int64_t cp_count(const char *s, int64_t n)
{
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* CPython's _textiowrapper_readline, in bytes of UTF-8 with the limit
 * (in characters) converted where it matters. */
static Value readline_impl(ObjTextIO *t, int64_t limit)
{
    if (write_pending(t) < 0)
        return VNULL;
    Value chunks = VNULL, remaining = VNULL, line = VNULL;
    int64_t chunked = 0, start = 0, endpos = 0, offset_to_buffer = 0;
    for (;;) {
        int res = 1;
        while (!t->decoded || decoded_avail_b(t) == 0) {
            res = read_chunk(t, 0);
            if (res < 0)
                return VNULL;
            if (res == 0)
                break;
        }
        if (res == 0) {
            set_decoded(t, VNULL);
            t->has_snapshot = false;
            start = endpos = offset_to_buffer = 0;
            break;
        }
        if (!remaining) {
            line = t->decoded;
            start = t->used_b;
            offset_to_buffer = 0;
        } else {
            line = str_concat(remaining, t->decoded);
            if (!line)
                return VNULL;
            start = 0;
            offset_to_buffer = AS_STR(remaining)->len;
            remaining = VNULL;
        }
        ObjStr *ls = AS_STR(line);
        int64_t consumed = 0;
        int64_t found = find_line_ending(t, ls->data + start, ls->len - start, &consumed);
        if (found >= 0) {
            endpos = start + found;
            if (limit >= 0 && cp_count(ls->data + start, found) + chunked >= limit)
                endpos = start + (int64_t)cp_offset(ls->data + start, (size_t)found, limit - chunked);
            break;
        }
        endpos = start + consumed;
        if (limit >= 0 && cp_count(ls->data + start, consumed) + chunked >= limit) {
            endpos = start + (int64_t)cp_offset(ls->data + start, (size_t)consumed, limit - chunked);
            break;
        }
        if (endpos > start) {
            Value s = str_new(ls->data + start, (size_t)(endpos - start));
            if (!s)
                return VNULL;
            if (!chunks)
                chunks = list_new(0);
            if (list_append(chunks, s) < 0)
                return VNULL;
            chunked += AS_STR(s)->ncp;
        }
        if (endpos < ls->len) {
            remaining = str_new(ls->data + endpos, (size_t)(ls->len - endpos));
            if (!remaining)
                return VNULL;
        }
        line = VNULL;
        set_decoded(t, VNULL);
    }
    if (line) {
        /* the line ends in the current decoded text */
        ObjStr *ls = AS_STR(line), *ds = AS_STR(t->decoded);
        int64_t used_b = endpos - offset_to_buffer;
        t->used += ds->ascii ? used_b - t->used_b : cp_count(ds->data + t->used_b, used_b - t->used_b);
        t->used_b = used_b;
        if (start > 0 || endpos < ls->len) {
            line = ls->ascii ? str_new_ascii(ls->data + start, (size_t)(endpos - start))
                             : str_new(ls->data + start, (size_t)(endpos - start));
            if (!line)
                return VNULL;
        }
    }
    if (remaining) {
        if (!chunks)
            chunks = list_new(0);
        if (list_append(chunks, remaining) < 0)
            return VNULL;
    }
    if (chunks) {
        if (line && list_append(chunks, line) < 0)
            return VNULL;
        line = str_join(str_empty(), chunks);
    }
    return line ? line : str_empty();
}

static Value tio_readline(Value *args, int nargs, ObjTuple *kw)
{
    int64_t limit;
    if (args_check("readline", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    if (nargs > 1 && !IS_NONE(args[1]) && !IS_ANYINT(args[1]) && !IS_BOOL(args[1]))
        return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", args[1]);
    if (io_size_arg(nargs > 1 ? args[1] : VNULL, &limit) < 0 || check_closed(args[0]) < 0)
        return VNULL;
    if (!AS_TIO(args[0])->readable)
        return io_unsupported("not readable");
    return readline_impl(AS_TIO(args[0]), limit);
}

Value io_textio_readline(Value file)
{
    if (!IS_TYPE_EXACT(file, &io_type_textio))
        return VNULL;
    ObjTextIO *t = AS_TIO(file);
    if (check_closed(file) < 0)
        return VNULL;
    if (!t->readable)
        return io_unsupported("not readable");
    return readline_impl(t, -1);
}

static Value tio_next(Value self)
{
    ObjTextIO *t = AS_TIO(self);
    t->telling = false;
    Value line;
    if (IS_TYPE_EXACT(self, &io_type_textio)) {
        if (check_closed(self) < 0)
            return VNULL;
        if (!t->readable)
            return io_unsupported("not readable");
        line = readline_impl(t, -1);
    } else {
        line = io_call0(self, "readline");
        if (line && !IS_STR(line))
            return err_format(exc_OSError, "readline() should have returned a str object, not '%T'", line);
    }
    if (!line || AS_STR(line)->len == 0) {
        t->has_snapshot = false;
        t->telling = t->seekable;
        return VNULL;
    }
    return line;
}

/* ---- tell() and seek() ----------------------------------------------------------- */

typedef struct {
    int64_t start_pos;
    int64_t dec_flags;
    int64_t bytes_to_feed, chars_to_skip;
    bool need_eof;
} Cookie;

static Value build_cookie(const Cookie *c)
{
    mpz_t z, part;
    mpz_init_set_ui(z, (unsigned long)c->need_eof);
    mpz_init(part);
    int64_t fields[3] = {c->chars_to_skip, c->bytes_to_feed, c->dec_flags};
    for (int i = 0; i < 3; i++) {
        mpz_mul_2exp(z, z, 32);
        mpz_add_ui(z, z, (unsigned long)(uint32_t)fields[i]);
    }
    mpz_mul_2exp(z, z, 64);
    mpz_set_ui(part, (unsigned long)(uint64_t)c->start_pos);
    mpz_add(z, z, part);
    Value v = int_from_mpz(z);
    mpz_clear(z);
    mpz_clear(part);
    return v;
}

static int parse_cookie(Value v, Cookie *c)
{
    mpz_t z, part;
    mpz_init(z);
    mpz_init(part);
    int_to_mpz(v, z);
    int ok = mpz_sizeinbase(z, 2) <= 168;
    if (ok) {
        mpz_fdiv_r_2exp(part, z, 64);
        c->start_pos = (int64_t)mpz_get_ui(part);
        mpz_fdiv_q_2exp(z, z, 64);
        int64_t *fields[3] = {&c->dec_flags, &c->bytes_to_feed, &c->chars_to_skip};
        for (int i = 0; i < 3; i++) {
            mpz_fdiv_r_2exp(part, z, 32);
            *fields[i] = (int32_t)(uint32_t)mpz_get_ui(part);
            mpz_fdiv_q_2exp(z, z, 32);
        }
        c->need_eof = mpz_get_ui(z) != 0;
    }
    mpz_clear(z);
    mpz_clear(part);
    if (!ok)
        err_set(exc_OverflowError, "int too big to convert");
    return ok ? 0 : -1;
}

static int decoder_setstate_cookie(ObjTextIO *t, const Cookie *c)
{
    if (c->start_pos == 0 && c->dec_flags == 0)
        return dec_reset(t);
    return dec_setstate(t, bytes_new(NULL, 0), c->dec_flags);
}

/* chars decoded from p[0 .. n), not final */
static int decode_count(ObjTextIO *t, const uint8_t *p, int64_t n, int64_t *out)
{
    Value s = dec_decode(t, p, (size_t)n, false);
    if (!s)
        return -1;
    *out = AS_STR(s)->ncp;
    return 0;
}

static Value tio_tell(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("tell", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value self = args[0];
    ObjTextIO *t = AS_TIO(self);
    if (check_closed(self) < 0)
        return VNULL;
    if (!t->seekable)
        return io_unsupported("underlying stream is not seekable");
    if (!t->telling)
        return err_set(exc_OSError, "telling position disabled by next() call");
    if (write_pending(t) < 0 || !io_call0(self, "flush"))
        return VNULL;
    Value posobj = io_call0(t->buffer, "tell");
    if (!posobj)
        return VNULL;
    if (!t->readable || !t->has_snapshot)
        return posobj;
    Cookie c = {0, t->snap_flags, 0, 0, false};
    if (obj_as_int64(posobj, &c.start_pos) < 0)
        return VNULL;
    Value next_input = t->snap_input;
    c.start_pos -= AS_BYTES(next_input)->len;
    if (t->used == 0)
        return build_cookie(&c);
    int64_t chars_to_skip = t->used;
    Value saved_buf;
    int64_t saved_flags;
    if (dec_getstate(t, &saved_buf, &saved_flags) < 0)
        return VNULL;
    const uint8_t *input = AS_BYTES(next_input)->data;
    int64_t input_len = AS_BYTES(next_input)->len;
    int64_t skip_bytes = (int64_t)(t->b2cratio * (double)chars_to_skip), skip_back = 1;
    Value result = VNULL;
    while (skip_bytes > 0) {
        int64_t chars_decoded;
        if (decoder_setstate_cookie(t, &c) < 0 || decode_count(t, input, skip_bytes, &chars_decoded) < 0)
            goto finally;
        if (chars_decoded <= chars_to_skip) {
            Value b;
            int64_t f;
            if (dec_getstate(t, &b, &f) < 0)
                goto finally;
            if (AS_BYTES(b)->len == 0) {
                c.dec_flags = f;
                chars_to_skip -= chars_decoded;
                break;
            }
            skip_bytes -= AS_BYTES(b)->len;
            skip_back = 1;
        } else {
            skip_bytes -= skip_back;
            skip_back *= 2;
        }
    }
    if (skip_bytes <= 0) {
        skip_bytes = 0;
        if (decoder_setstate_cookie(t, &c) < 0)
            goto finally;
    }
    c.start_pos += skip_bytes;
    c.chars_to_skip = chars_to_skip;
    if (chars_to_skip > 0) {
        int64_t chars_decoded = 0, i = skip_bytes;
        for (; i < input_len; i++) {
            int64_t n;
            if (decode_count(t, input + i, 1, &n) < 0)
                goto finally;
            chars_decoded += n;
            c.bytes_to_feed += 1;
            Value b;
            int64_t f;
            if (dec_getstate(t, &b, &f) < 0)
                goto finally;
            if (AS_BYTES(b)->len == 0 && chars_decoded <= chars_to_skip) {
                c.start_pos += c.bytes_to_feed;
                chars_to_skip -= chars_decoded;
                c.dec_flags = f;
                c.bytes_to_feed = 0;
                chars_decoded = 0;
            }
            if (chars_decoded >= chars_to_skip)
                break;
        }
        if (i == input_len) {
            Value d = dec_decode(t, NULL, 0, true);
            if (!d)
                goto finally;
            chars_decoded += AS_STR(d)->ncp;
            c.need_eof = true;
            if (chars_decoded < chars_to_skip) {
                err_set(exc_OSError, "can't reconstruct logical file position");
                goto finally;
            }
        }
        c.chars_to_skip = chars_to_skip;
    }
    result = build_cookie(&c);
finally:
    /* as CPython: the state comes back, what the replay saw stays in seennl */
    if (dec_setstate(t, saved_buf, saved_flags) < 0)
        return VNULL;
    return result;
}

static int encoder_reset(ObjTextIO *t, bool start_of_stream)
{
    if (t->codec != CODEC_OTHER || !t->encoder)
        return 0;
    if (start_of_stream)
        return io_call0(t->encoder, "reset") ? 0 : -1;
    return io_call1(t->encoder, "setstate", MK_INT(0)) ? 0 : -1;
}

static Value tio_seek(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("seek", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    Value self = args[0], cookie_obj = args[1];
    ObjTextIO *t = AS_TIO(self);
    int64_t whence = 0;
    if (nargs > 2 && obj_as_int64(args[2], &whence) < 0)
        return VNULL;
    if (check_closed(self) < 0)
        return VNULL;
    if (!t->seekable)
        return io_unsupported("underlying stream is not seekable");
    if (whence == SEEK_CUR || whence == SEEK_END) {
        int z = obj_richcmp_bool(cookie_obj, MK_INT(0), CMP_EQ);
        if (z < 0)
            return VNULL;
        if (!z)
            return io_unsupported(whence == SEEK_CUR ? "can't do nonzero cur-relative seeks"
                                                     : "can't do nonzero end-relative seeks");
        if (whence == SEEK_CUR) {
            cookie_obj = io_call0(self, "tell");
            if (!cookie_obj)
                return VNULL;
        } else {
            if (!io_call0(self, "flush"))
                return VNULL;
            set_decoded(t, VNULL);
            t->has_snapshot = false;
            if (t->readable && dec_reset(t) < 0)
                return VNULL;
            Value res = io_call(t->buffer, "seek", (Value[]){MK_INT(0), MK_INT(2)}, 2);
            if (!res)
                return VNULL;
            int z0 = obj_richcmp_bool(res, MK_INT(0), CMP_EQ);
            if (z0 < 0 || encoder_reset(t, z0) < 0)
                return VNULL;
            return res;
        }
    } else if (whence != SEEK_SET) {
        return err_format(exc_ValueError, "invalid whence (%lld, should be %d, %d or %d)",
                          (long long)whence, SEEK_SET, SEEK_CUR, SEEK_END);
    }
    int neg = obj_richcmp_bool(cookie_obj, MK_INT(0), CMP_LT);
    if (neg < 0)
        return VNULL;
    if (neg)
        return err_format(exc_ValueError, "negative seek position %R", cookie_obj);
    if (!io_call0(self, "flush"))
        return VNULL;
    Cookie c;
    Value ci = obj_index(cookie_obj);
    if (!ci || parse_cookie(ci, &c) < 0)
        return VNULL;
    if (!io_call1(t->buffer, "seek", int_from_i64(c.start_pos)))
        return VNULL;
    set_decoded(t, VNULL);
    t->has_snapshot = false;
    if (t->readable && decoder_setstate_cookie(t, &c) < 0)
        return VNULL;
    if (c.chars_to_skip) {
        Value chunk = io_call1(t->buffer, "read", int_from_i64(c.bytes_to_feed));
        if (!chunk)
            return VNULL;
        if (!IS_BYTES(chunk))
            return err_format(exc_TypeError, "underlying read() should have returned a bytes object, not '%T'",
                              chunk);
        t->has_snapshot = true;
        t->snap_flags = c.dec_flags;
        t->snap_input = chunk;
        Value d = dec_decode(t, AS_BYTES(chunk)->data, (size_t)AS_BYTES(chunk)->len, c.need_eof);
        if (!d)
            return VNULL;
        set_decoded(t, d);
        if (AS_STR(d)->ncp < c.chars_to_skip)
            return err_set(exc_OSError, "can't restore logical file position");
        t->used = c.chars_to_skip;
        t->used_b = (int64_t)cp_offset(AS_STR(d)->data, (size_t)AS_STR(d)->len, c.chars_to_skip);
    } else {
        t->has_snapshot = true;
        t->snap_flags = c.dec_flags;
        t->snap_input = bytes_new(NULL, 0);
    }
    if (t->writable && encoder_reset(t, c.start_pos == 0 && c.dec_flags == 0) < 0)
        return VNULL;
    return cookie_obj;
}

/* ---- the rest ------------------------------------------------------------------------ */

static Value tio_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_closed(args[0]) < 0)
        return VNULL;
    t->telling = t->seekable;
    if (write_pending(t) < 0)
        return VNULL;
    return io_call0(t->buffer, "flush");
}

int io_textio_flush(Value file)
{
    if (!IS_TYPE_EXACT(file, &io_type_textio))
        return 1;
    ObjTextIO *t = AS_TIO(file);
    if (!t->ok)
        return 0;
    int c = io_is_closed(file);
    if (c != 0)
        return c < 0 ? -1 : 0;
    t->telling = t->seekable;
    if (write_pending(t) < 0)
        return -1;
    if (io_is_buffered(t->buffer) && TYPE(t->buffer)->tp_new == io_type_writer.tp_new)
        return io_buffered_flush((ObjBuffered *)AS_OBJ(t->buffer));
    return io_call0(t->buffer, "flush") ? 0 : -1;
}

static Value tio_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value self = args[0];
    ObjTextIO *t = AS_TIO(self);
    if (check_attached(t) < 0)
        return VNULL;
    int c = io_is_closed(self);
    if (c < 0)
        return VNULL;
    if (c)
        return NONE;
    return io_flush_and_close(self, t->buffer);
}

static Value tio_detach(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("detach", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_attached(t) < 0 || !io_call0(args[0], "flush"))
        return VNULL;
    Value b = t->buffer;
    t->buffer = NONE;
    t->ok = false;
    t->detached = true;
    t->fastbuf = NULL;
    return b;
}

static Value tio_truncate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("truncate", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_attached(t) < 0 || !io_call0(args[0], "flush"))
        return VNULL;
    return io_call1(t->buffer, "truncate", nargs > 1 ? args[1] : NONE);
}

static Value forward(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    if (args_check(name, nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_attached(t) < 0)
        return VNULL;
    return io_call0(t->buffer, name);
}

static Value tio_fileno(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "fileno"); }
static Value tio_isatty(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "isatty"); }
static Value tio_readable(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "readable"); }
static Value tio_writable(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "writable"); }

static Value tio_seekable(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("seekable", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_attached(t) < 0)
        return VNULL;
    return io_call0(t->buffer, "seekable");
}

/* ---- construction and configuration ------------------------------------------------ */

static int validate_newline(Value nl)
{
    if (IS_NONE(nl))
        return 0;
    ObjStr *s = AS_STR(nl);
    if (strlen(str_cstr(s)) != (size_t)s->len) {
        err_set(exc_ValueError, "embedded null character");
        return -1;
    }
    const char *c = s->data;
    if (!(s->len == 0 || !strcmp(c, "\n") || !strcmp(c, "\r") || !strcmp(c, "\r\n"))) {
        err_format(exc_ValueError, "illegal newline value: %s", c);
        return -1;
    }
    return 0;
}

static void set_newline(ObjTextIO *t, Value nl)
{
    t->readnl = nl;
    t->readuniversal = IS_NONE(nl) || AS_STR(nl)->len == 0;
    t->readtranslate = IS_NONE(nl);
    t->writetranslate = IS_NONE(nl) || AS_STR(nl)->len > 0;
    t->writenl = NULL;
    if (!t->readuniversal) {
        const char *c = AS_STR(nl)->data;
        t->writenl = !strcmp(c, "\r") ? "\r" : !strcmp(c, "\r\n") ? "\r\n" : NULL;
    }
    t->nl.translate = t->readtranslate;
}

/* Encoder and decoder for t->encoding/t->errors. */
static int set_codec(ObjTextIO *t)
{
    const char *enc = AS_STR(t->encoding)->data;
    t->codec = native_codec(enc);
    t->encoder = t->decoder = VNULL;
    t->npartial = 0;
    t->nl = (NlState){t->readtranslate, false, 0};
    if (t->codec != CODEC_OTHER)
        return 0;
    Value info = text_codec(enc);
    if (!info)
        return -1;
    if (t->readable) {
        Value f = io_getattr_opt(info, "incrementaldecoder");
        Value d = f ? obj_call1(f, t->errors) : VNULL;
        if (!d)
            return -1;
        if (t->readuniversal) {
            Value a[2] = {d, BOOL_V(t->readtranslate)};
            d = obj_call(OBJ_VAL(&io_type_nldecoder), a, 2, NULL);
            if (!d)
                return -1;
        }
        t->decoder = d;
    }
    if (t->writable) {
        Value f = io_getattr_opt(info, "incrementalencoder");
        Value e = f ? obj_call1(f, t->errors) : VNULL;
        if (!e)
            return -1;
        t->encoder = e;
    }
    return 0;
}

static Value locale_encoding(void)
{
    /* TODO(locale): nl_langinfo(CODESET) for non-UTF-8 locales; baton's
     * start-up coerces the C locale to C.UTF-8 as CPython's does */
    return str_from_cstr("UTF-8");
}

static int opt_str(Value v, const char *arg, Value *out)
{
    *out = VNULL;
    if (!v || IS_NONE(v))
        return 0;
    if (!IS_STR(v)) {
        err_format(exc_TypeError, "TextIOWrapper() argument '%s' must be str or None, not %T", arg, v);
        return -1;
    }
    if (strlen(str_cstr(AS_STR(v))) != (size_t)AS_STR(v)->len) {
        err_set(exc_ValueError, "embedded null character");
        return -1;
    }
    *out = v;
    return 0;
}

static Value tio_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"buffer", "encoding", "errors", "newline",
                                         "line_buffering", "write_through", NULL};
    Value a[6];
    if (args_parse("TextIOWrapper", args + 1, nargs - 1, kw, params, 1, 6, a) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    t->ok = false;
    t->detached = false;
    t->fastbuf = NULL;
    Value enc, errors, nl = a[3] ? a[3] : NONE;
    if (opt_str(a[1], "encoding", &enc) < 0 || opt_str(a[2], "errors", &errors) < 0)
        return VNULL;
    if (!IS_NONE(nl) && !IS_STR(nl))
        return err_format(exc_TypeError, "TextIOWrapper() argument 'newline' must be str or None, not %T", nl);
    if (validate_newline(nl) < 0)
        return VNULL;
    int lb = 0, wt = 0;
    if ((a[4] && (lb = obj_truthy(a[4])) < 0) || (a[5] && (wt = obj_truthy(a[5])) < 0))
        return VNULL;
    if (!enc || !strcmp(AS_STR(enc)->data, "locale"))
        enc = locale_encoding();
    t->encoding = enc;
    t->errors = errors ? errors : str_from_cstr("strict");
    t->chunk_size = CHUNK_SIZE;
    t->line_buffering = lb;
    t->write_through = wt;
    set_newline(t, nl);
    t->buffer = a[0];
    Value r = io_call0(a[0], "readable");
    int rd = r ? obj_truthy(r) : -1;
    if (rd < 0)
        return VNULL;
    r = io_call0(a[0], "writable");
    int wr = r ? obj_truthy(r) : -1;
    if (wr < 0)
        return VNULL;
    t->readable = rd;
    t->writable = wr;
    if (set_codec(t) < 0)
        return VNULL;
    set_decoded(t, VNULL);
    t->has_snapshot = false;
    t->pending = VNULL;
    t->pending_bytes = 0;
    t->b2cratio = 0;
    r = io_call0(a[0], "seekable");
    int sk = r ? obj_truthy(r) : -1;
    if (sk < 0)
        return VNULL;
    t->seekable = t->telling = sk;
    Value r1 = io_getattr_opt(a[0], "read1");
    if (!r1 && err_occurred())
        return VNULL;
    t->has_read1 = r1 != VNULL;
    if (t->codec == CODEC_OTHER && t->seekable && t->writable) {
        /* not at the start of the stream: no BOM */
        Value pos = io_call0(a[0], "tell");
        if (!pos)
            return VNULL;
        int z = obj_richcmp_bool(pos, MK_INT(0), CMP_EQ);
        if (z < 0 || (!z && encoder_reset(t, false) < 0))
            return VNULL;
    }
    t->ok = true;
    fix_fast(t);
    io_track(args[0]);
    return NONE;
}

static Value tio_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjTextIO), tio_init); }

Value io_textio_new(Value buffer, const char *encoding, const char *errors, Value newline,
                    bool line_buffering, bool write_through)
{
    Value a[6] = {buffer, encoding ? str_from_cstr(encoding) : NONE,
                  errors ? str_from_cstr(errors) : NONE, newline ? newline : NONE,
                  BOOL_V(line_buffering), BOOL_V(write_through)};
    return obj_call(OBJ_VAL(&io_type_textio), a, 6, NULL);
}

static Value tio_reconfigure(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"encoding", "errors", "newline", "line_buffering",
                                         "write_through", NULL};
    Value a[5];
    if (args_parse("reconfigure", args + 1, nargs - 1, kw, params, 0, 0, a) < 0)
        return VNULL;
    ObjTextIO *t = AS_TIO(args[0]);
    if (check_attached(t) < 0)
        return VNULL;
    Value enc = a[0] && !IS_NONE(a[0]) ? a[0] : VNULL, errors = a[1] && !IS_NONE(a[1]) ? a[1] : VNULL;
    if (t->decoded && (enc || errors || a[2]))
        return io_unsupported("It is not possible to set the encoding or newline of stream after the first read");
    if ((enc && !IS_STR(enc)) || (errors && !IS_STR(errors)))
        return err_format(exc_TypeError, "reconfigure() argument '%s' must be str or None, not %T",
                          enc && !IS_STR(enc) ? "encoding" : "errors", enc && !IS_STR(enc) ? enc : errors);
    if (a[2] && !IS_NONE(a[2]) && !IS_STR(a[2]))
        return err_format(exc_TypeError, "reconfigure() argument 'newline' must be str or None, not %T", a[2]);
    if (a[2] && validate_newline(a[2]) < 0)
        return VNULL;
    int lb = t->line_buffering, wt = t->write_through;
    if ((a[3] && !IS_NONE(a[3]) && (lb = obj_truthy(a[3])) < 0) ||
        (a[4] && !IS_NONE(a[4]) && (wt = obj_truthy(a[4])) < 0))
        return VNULL;
    if (!io_call0(args[0], "flush"))
        return VNULL;
    t->b2cratio = 0;
    if (a[2])
        set_newline(t, a[2]);
    if (enc || errors || a[2]) {
        if (enc) {
            t->encoding = !strcmp(AS_STR(enc)->data, "locale") ? locale_encoding() : enc;
            t->errors = errors ? errors : str_from_cstr("strict");
        } else if (errors) {
            t->errors = errors;
        }
        if (set_codec(t) < 0)
            return VNULL;
    }
    t->line_buffering = lb;
    t->write_through = wt;
    fix_fast(t);
    return NONE;
}

static Value tio_repr(Value self)
{
    ObjTextIO *t = AS_TIO(self);
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return err_format(exc_RuntimeError, "reentrant call inside %s.__repr__", TYPE(self)->name);
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "<%s", TYPE(self)->name);
    static const char *const attrs[] = {"name", "mode"};
    for (int i = 0; i < 2; i++) {
        Value v = io_getattr_opt(self, attrs[i]);
        if (!v) {
            if (err_occurred() && !err_matches(exc_ValueError) && !err_matches(exc_AttributeError))
                goto fail;
            err_clear();
            continue;
        }
        sb_printf(&b, " %s=", attrs[i]);
        if (sb_addv(&b, v, true) < 0)
            goto fail;
    }
    if (t->ok || t->encoding) {
        sb_adds(&b, " encoding=");
        if (sb_addv(&b, t->encoding, true) < 0)
            goto fail;
    }
    sb_addc(&b, '>');
    repr_leave(self);
    return sb_finish(&b);
fail:
    repr_leave(self);
    sb_free(&b);
    return VNULL;
}

static void tio_trace(Obj *o)
{
    ObjTextIO *t = (ObjTextIO *)o;
    gc_mark_obj((Obj *)t->base.dict);
    gc_mark(t->buffer);
    gc_mark(t->encoding);
    gc_mark(t->errors);
    gc_mark(t->encoder);
    gc_mark(t->decoder);
    gc_mark(t->readnl);
    gc_mark(t->decoded);
    gc_mark(t->snap_input);
    gc_mark(t->pending);
}

static Value attached(Value self)
{
    return check_attached(AS_TIO(self)) < 0 ? VNULL : self;
}

static Value get_buffer(Value self) { return AS_TIO(self)->buffer ? AS_TIO(self)->buffer : NONE; }
static Value get_encoding(Value self) { return AS_TIO(self)->encoding ? AS_TIO(self)->encoding : NONE; }
static Value get_errors(Value self) { return AS_TIO(self)->errors ? AS_TIO(self)->errors : NONE; }
static Value get_line_buffering(Value self) { return BOOL_V(AS_TIO(self)->line_buffering); }
static Value get_write_through(Value self) { return BOOL_V(AS_TIO(self)->write_through); }
static Value get_finalizing(Value self) { (void)self; return FALSE_V; }

static Value get_closed(Value self)
{
    return attached(self) ? obj_getattr(AS_TIO(self)->buffer, io_name("closed")) : VNULL;
}

static Value get_name(Value self)
{
    return attached(self) ? obj_getattr(AS_TIO(self)->buffer, io_name("name")) : VNULL;
}

static Value get_newlines(Value self)
{
    ObjTextIO *t = AS_TIO(self);
    if (check_attached(t) < 0)
        return VNULL;
    if (!t->readable || !t->readuniversal)
        return NONE;
    if (t->codec != CODEC_OTHER)
        return io_newlines_value(t->nl.seennl);
    Value v = io_getattr_opt(t->decoder, "newlines");
    return v ? v : err_occurred() ? VNULL : NONE;
}

static Value get_chunk_size(Value self)
{
    return attached(self) ? int_from_i64(AS_TIO(self)->chunk_size) : VNULL;
}

static int set_chunk_size(Value self, Value v)
{
    if (!attached(self))
        return -1;
    if (!v) {
        err_set(exc_AttributeError, "cannot delete attribute");
        return -1;
    }
    int64_t n;
    if (obj_as_int64(v, &n) < 0)
        return -1;
    if (n <= 0) {
        err_set(exc_ValueError, "a strictly positive integer is required");
        return -1;
    }
    AS_TIO(self)->chunk_size = n;
    return 0;
}

static const MethodDef textio_methods[] = {
    {"__init__", tio_init}, {"write", tio_write}, {"read", tio_read}, {"readline", tio_readline},
    {"flush", tio_flush}, {"close", tio_close}, {"detach", tio_detach}, {"seek", tio_seek},
    {"tell", tio_tell}, {"truncate", tio_truncate}, {"fileno", tio_fileno},
    {"isatty", tio_isatty}, {"readable", tio_readable}, {"writable", tio_writable},
    {"seekable", tio_seekable}, {"reconfigure", tio_reconfigure}, {NULL, NULL},
};

Type io_type_textio = {.name = "_io.TextIOWrapper", .tp_new = tio_new, .trace = tio_trace,
                       .repr = tio_repr, .next = tio_next};

void io_text_init(void)
{
    io_type_ready(&io_type_nldecoder, nld_methods, &type_object, sizeof(ObjNlDecoder));
    io_add_getset(&io_type_nldecoder, "newlines", nld_get_newlines, NULL);
    io_type_ready(&io_type_textio, textio_methods, &io_type_textiobase, sizeof(ObjTextIO));
    io_add_getset(&io_type_textio, "buffer", get_buffer, NULL);
    io_add_getset(&io_type_textio, "encoding", get_encoding, NULL);
    io_add_getset(&io_type_textio, "errors", get_errors, NULL);
    io_add_getset(&io_type_textio, "line_buffering", get_line_buffering, NULL);
    io_add_getset(&io_type_textio, "write_through", get_write_through, NULL);
    io_add_getset(&io_type_textio, "closed", get_closed, NULL);
    io_add_getset(&io_type_textio, "name", get_name, NULL);
    io_add_getset(&io_type_textio, "newlines", get_newlines, NULL);
    io_add_getset(&io_type_textio, "_CHUNK_SIZE", get_chunk_size, set_chunk_size);
    io_add_getset(&io_type_textio, "_finalizing", get_finalizing, NULL);
}
