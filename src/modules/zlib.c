/* modules/zlib.c — the zlib module over the system's zlib: one-shot
 * compress/decompress, streaming Compress/Decompress objects, crc32,
 * adler32, the constants and zlib.error, as CPython 3.11's.
 *
 * deflate()/inflate() on a big input run with the GIL released (the
 * input is an exported buffer, so a bytearray cannot move under it; the
 * output grows with the GIL held, between calls).  A stream object has
 * its own mutex, taken through gil_lock_mutex, so two threads sharing one
 * wait for each other instead of corrupting it.
 */
#include <zlib.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "str.h"
#include "vm.h"

#define DEF_BUF_SIZE (16 * 1024)
#define DEF_MEM_LEVEL 8
/* below this many input bytes the work is too short to hand the GIL on */
#define GIL_THRESHOLD 2048

static Value zlib_error;

/* CPython's zlib_error(): "Error %d while compressing data: <zlib's msg>" */
static Value zerr(z_stream *zs, int err, const char *what)
{
    const char *msg = err == Z_VERSION_ERROR ? "library version mismatch" : zs ? zs->msg : NULL;
    if (!msg) {
        if (err == Z_BUF_ERROR) msg = "incomplete or truncated stream";
        else if (err == Z_STREAM_ERROR) msg = "inconsistent stream state";
        else if (err == Z_DATA_ERROR) msg = "invalid input data";
    }
    if (msg) return err_format(AS_TYPE(zlib_error), "Error %d %s: %s", err, what, msg);
    return err_format(AS_TYPE(zlib_error), "Error %d %s", err, what);
}

/* Output accumulated in malloc'd memory (grown with the GIL held). */
typedef struct { uint8_t *p; size_t len, cap; } Out;

static int out_room(Out *o, size_t want, int64_t max_length)
{
    if (o->cap - o->len >= want && o->cap > o->len) return 0;
    size_t cap = o->cap ? o->cap * 2 : want;
    if (cap < o->len + want) cap = o->len + want;
    if (max_length > 0 && cap > (size_t)max_length) cap = (size_t)max_length;
    uint8_t *p = realloc(o->p, cap ? cap : 1);
    if (!p) { err_no_memory(); return -1; }
    o->p = p;
    o->cap = cap;
    return 0;
}

static Value out_bytes(Out *o)
{
    Value r = bytes_new(o->p ? o->p : (const uint8_t *)"", o->len);
    free(o->p);
    o->p = NULL;
    return r;
}

/* Run deflate (compress) or inflate on zs's pending input with `flush`
 * until the input is used up and the output is complete, or inflate
 * reaches the stream end, or max_length bytes came out.  Returns zlib's
 * last result, or -100 with a MemoryError set. */
static int run(z_stream *zs, bool compress, int flush, Out *o, int64_t max_length, size_t chunk, bool nogil)
{
    int err;
    for (;;) {
        if (max_length > 0 && o->len >= (size_t)max_length) return Z_OK;
        if (out_room(o, chunk, max_length) < 0) return -100;
        zs->next_out = o->p + o->len;
        size_t room = o->cap - o->len;
        zs->avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt before = zs->avail_out;
        if (nogil) {
            GIL_RELEASE(BLOCK_COMPUTE);
            err = compress ? deflate(zs, flush) : inflate(zs, flush);
            GIL_ACQUIRE();
        } else {
            err = compress ? deflate(zs, flush) : inflate(zs, flush);
        }
        o->len += before - zs->avail_out;
        if (compress) {
            if (err == Z_STREAM_ERROR) return err;
            if (zs->avail_out != 0) return err; /* all output produced */
        } else {
            if (err == Z_STREAM_END || err == Z_NEED_DICT) return err;
            if (err != Z_OK && err != Z_BUF_ERROR) return err;
            if (zs->avail_out != 0) return err; /* needs more input */
        }
        if (chunk < ((size_t)1 << 24)) chunk *= 2;
    }
}

/* ---- one-shot functions ---------------------------------------------------- */

static int int_param(Value v, int dflt, int *out)
{
    if (!v) { *out = dflt; return 0; }
    int64_t x;
    if (!int_check(v) && (IS_FLOAT(v) || !TYPE(v)->nb_int))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name), -1;
    if (obj_as_int64(v, &x) < 0) return -1;
    if (x < INT32_MIN || x > INT32_MAX) {
        err_set(exc_OverflowError, x < 0 ? "signed integer is less than minimum" : "signed integer is greater than maximum");
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* feed the whole buffer to zs in pieces zlib's uInt can hold */
static void set_input(z_stream *zs, const uint8_t *p, size_t n)
{
    zs->next_in = (Bytef *)p;
    zs->avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
}

/* Feed n bytes in pieces zlib's uInt can hold, the last with `flush`
 * (the others Z_NO_FLUSH); stops at the first error or the stream end. */
static int feed_all(z_stream *zs, bool compress, const uint8_t *p, size_t n, int flush, Out *o, size_t chunk,
                    bool nogil)
{
    int err;
    do {
        size_t k = n > UINT32_MAX ? UINT32_MAX : n;
        set_input(zs, p, k);
        p += k;
        n -= k;
        err = run(zs, compress, n ? Z_NO_FLUSH : flush, o, 0, chunk, nogil);
    } while (n && err != -100 && err != Z_STREAM_ERROR && err != Z_STREAM_END &&
             (compress || err == Z_OK || err == Z_BUF_ERROR));
    return err;
}

static Value m_compress(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "level", "wbits", NULL};
    Value a[3];
    if (args_parse("compress", args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    int level, wbits;
    if (int_param(a[1], Z_DEFAULT_COMPRESSION, &level) < 0 || int_param(a[2], MAX_WBITS, &wbits) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int err = deflateInit2(&zs, level, Z_DEFLATED, wbits, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY);
    if (err != Z_OK) {
        buffer_release(&b);
        if (err == Z_MEM_ERROR) return err_set(exc_MemoryError, "Out of memory while compressing data");
        if (err == Z_STREAM_ERROR) return err_set(AS_TYPE(zlib_error), "Bad compression level");
        deflateEnd(&zs);
        return zerr(&zs, err, "while compressing data");
    }
    Out o = {0};
    err = feed_all(&zs, true, b.buf, (size_t)b.len, Z_FINISH, &o, (size_t)b.len / 4 + 64, b.len >= GIL_THRESHOLD);
    buffer_release(&b);
    if (err == -100 || err == Z_STREAM_ERROR) {
        free(o.p);
        Value r = err == -100 ? VNULL : zerr(&zs, err, "while compressing data");
        deflateEnd(&zs);
        return r;
    }
    err = deflateEnd(&zs);
    if (err != Z_OK) { free(o.p); return zerr(&zs, err, "while finishing compression"); }
    return out_bytes(&o);
}

static Value m_decompress(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "wbits", "bufsize", NULL};
    Value a[3];
    if (args_parse("decompress", args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    int wbits;
    int64_t bufsize = DEF_BUF_SIZE;
    if (int_param(a[1], MAX_WBITS, &wbits) < 0) return VNULL;
    if (a[2] && obj_as_int64(a[2], &bufsize) < 0) return VNULL;
    if (bufsize < 0) return err_set(exc_ValueError, "bufsize must be non-negative");
    if (bufsize == 0) bufsize = 1;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int err = inflateInit2(&zs, wbits);
    if (err != Z_OK) {
        buffer_release(&b);
        if (err == Z_MEM_ERROR) return err_set(exc_MemoryError, "Out of memory while decompressing data");
        inflateEnd(&zs);
        return zerr(&zs, err, "while preparing to decompress data");
    }
    Out o = {0};
    err = feed_all(&zs, false, b.buf, (size_t)b.len, Z_FINISH, &o, (size_t)bufsize, b.len >= GIL_THRESHOLD);
    buffer_release(&b);
    if (err != Z_STREAM_END) {
        free(o.p);
        Value r = err == -100 ? VNULL
                : err == Z_BUF_ERROR || err == Z_OK ? zerr(&zs, Z_BUF_ERROR, "while decompressing data")
                                                    : zerr(&zs, err, "while decompressing data");
        inflateEnd(&zs);
        return r;
    }
    err = inflateEnd(&zs);
    if (err != Z_OK) { free(o.p); return zerr(&zs, err, "while finishing decompression"); }
    return out_bytes(&o);
}

/* checksum(data, value): value taken modulo 2**32, result unsigned */
static Value checksum(Value *args, int nargs, ObjTuple *kw, const char *name, bool crc)
{
    if (args_check(name, nargs, kw, 1, 2) < 0) return VNULL;
    uLong v = crc ? 0 : 1;
    if (nargs > 1) {
        if (!int_check(args[1]))
            return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(args[1])->name);
        mpz_t z;
        mpz_init(z);
        int_to_mpz(int_exact(args[1]), z);
        mpz_fdiv_r_2exp(z, z, 32);
        v = mpz_get_ui(z);
        mpz_clear(z);
    }
    Buffer b;
    if (obj_getbuffer(args[0], &b, BUF_SIMPLE) < 0) return VNULL;
    const uint8_t *p = b.buf;
    size_t left = (size_t)b.len;
    bool nogil = left >= 5 * 1024;
    if (nogil) {
        GIL_RELEASE(BLOCK_COMPUTE);
        while (left) {
            uInt n = left > (1u << 30) ? (1u << 30) : (uInt)left;
            v = crc ? crc32(v, p, n) : adler32(v, p, n);
            p += n;
            left -= n;
        }
        GIL_ACQUIRE();
    } else {
        /* even for no bytes: zlib reduces an out-of-range adler value */
        v = crc ? crc32(v, p, (uInt)left) : adler32(v, p, (uInt)left);
    }
    buffer_release(&b);
    return int_from_u64((uint32_t)v);
}
static Value m_crc32(Value *a, int n, ObjTuple *k) { return checksum(a, n, k, "crc32", true); }
static Value m_adler32(Value *a, int n, ObjTuple *k) { return checksum(a, n, k, "adler32", false); }

/* ---- stream objects ------------------------------------------------------- */

typedef struct {
    Obj obj;
    z_stream zs;
    bool inited;          /* zs is live (not ended) */
    bool compress;
    bool eof;
    pthread_mutex_t lock;
    Value unused_data;    /* bytes */
    Value unconsumed_tail;/* bytes */
    Value zdict;          /* VNULL or a bytes-like */
} ObjZStream;

static Type type_compress, type_decompress;
#define AS_ZS(v) ((ObjZStream *)AS_OBJ(v))

static void zs_trace(Obj *o)
{
    ObjZStream *z = (ObjZStream *)o;
    gc_mark(z->unused_data);
    gc_mark(z->unconsumed_tail);
    gc_mark(z->zdict);
}

static void zs_finalize(Obj *o)
{
    ObjZStream *z = (ObjZStream *)o;
    if (z->inited) {
        if (z->compress) deflateEnd(&z->zs);
        else inflateEnd(&z->zs);
        z->inited = false;
    }
    pthread_mutex_destroy(&z->lock);
}

static ObjZStream *zs_new(Type *t)
{
    ObjZStream *z = (ObjZStream *)gc_new(t, sizeof(ObjZStream));
    pthread_mutex_init(&z->lock, NULL);
    z->compress = t == &type_compress;
    z->unused_data = z->unconsumed_tail = bytes_new(NULL, 0);
    return z;
}

static int set_dict(ObjZStream *z)
{
    Buffer b;
    if (obj_getbuffer(z->zdict, &b, BUF_SIMPLE) < 0) return -1;
    int err = z->compress ? deflateSetDictionary(&z->zs, b.buf, (uInt)b.len)
                          : inflateSetDictionary(&z->zs, b.buf, (uInt)b.len);
    buffer_release(&b);
    if (err != Z_OK) {
        zerr(&z->zs, err, "while setting zdict");
        return -1;
    }
    return 0;
}

static Value m_compressobj(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"level", "method", "wbits", "memLevel", "strategy", "zdict", NULL};
    Value a[6];
    if (args_parse("compressobj", args, nargs, kw, params, 0, 6, a) < 0) return VNULL;
    int level, method, wbits, memlevel, strategy;
    if (int_param(a[0], Z_DEFAULT_COMPRESSION, &level) < 0 || int_param(a[1], Z_DEFLATED, &method) < 0 ||
        int_param(a[2], MAX_WBITS, &wbits) < 0 || int_param(a[3], DEF_MEM_LEVEL, &memlevel) < 0 ||
        int_param(a[4], Z_DEFAULT_STRATEGY, &strategy) < 0)
        return VNULL;
    if (a[5] && !IS_NONE(a[5]) && !obj_has_buffer(a[5]))
        return err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(a[5])->name);
    ObjZStream *z = zs_new(&type_compress);
    int err = deflateInit2(&z->zs, level, method, wbits, memlevel, strategy);
    if (err == Z_MEM_ERROR) return err_set(exc_MemoryError, "Can't allocate memory for compression object");
    if (err == Z_STREAM_ERROR) return err_set(exc_ValueError, "Invalid initialization option");
    if (err != Z_OK) return zerr(&z->zs, err, "while creating compression object");
    z->inited = true;
    if (a[5] && !IS_NONE(a[5])) {
        z->zdict = a[5];
        if (set_dict(z) < 0) return VNULL;
    }
    return OBJ_VAL(z);
}

static Value m_decompressobj(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"wbits", "zdict", NULL};
    Value a[2];
    if (args_parse("decompressobj", args, nargs, kw, params, 0, 2, a) < 0) return VNULL;
    int wbits;
    if (int_param(a[0], MAX_WBITS, &wbits) < 0) return VNULL;
    if (a[1] && !obj_has_buffer(a[1]))
        return err_set(exc_TypeError, "zdict argument must support the buffer protocol");
    ObjZStream *z = zs_new(&type_decompress);
    z->zdict = a[1];
    int err = inflateInit2(&z->zs, wbits);
    if (err == Z_MEM_ERROR) return err_set(exc_MemoryError, "Can't allocate memory for decompression object");
    if (err == Z_STREAM_ERROR) return err_set(exc_ValueError, "Invalid initialization option");
    if (err != Z_OK) return zerr(&z->zs, err, "while creating decompression object");
    z->inited = true;
    /* a raw stream has no header to ask for the dictionary: set it now */
    if (z->zdict && wbits < 0 && set_dict(z) < 0) return VNULL;
    return OBJ_VAL(z);
}

/* Compress.compress(data) */
static Value c_compress(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("compress", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjZStream *z = AS_ZS(args[0]);
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0) return VNULL;
    gil_lock_mutex(&z->lock);
    Out o = {0};
    int err = Z_STREAM_ERROR;
    if (z->inited)
        err = feed_all(&z->zs, true, b.buf, (size_t)b.len, Z_NO_FLUSH, &o, DEF_BUF_SIZE, b.len >= GIL_THRESHOLD);
    pthread_mutex_unlock(&z->lock);
    buffer_release(&b);
    if (err == -100) { free(o.p); return VNULL; }
    if (err == Z_STREAM_ERROR) { free(o.p); return zerr(z->inited ? &z->zs : NULL, err, "while compressing data"); }
    return out_bytes(&o);
}

/* Compress.flush(mode=Z_FINISH) */
static Value c_flush(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"mode", NULL};
    Value a[1];
    if (args_parse("flush", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    int mode;
    if (int_param(a[0], Z_FINISH, &mode) < 0) return VNULL;
    ObjZStream *z = AS_ZS(args[0]);
    if (mode == Z_NO_FLUSH) return bytes_new(NULL, 0);
    gil_lock_mutex(&z->lock);
    Out o = {0};
    int err = Z_STREAM_ERROR;
    if (z->inited) {
        z->zs.avail_in = 0;
        err = run(&z->zs, true, mode, &o, 0, DEF_BUF_SIZE, false);
    }
    Value r = VNULL;
    if (err == -100) {
        free(o.p);
    } else if (err == Z_STREAM_ERROR) {
        free(o.p);
        zerr(z->inited ? &z->zs : NULL, err, "while flushing");
    } else if (mode == Z_FINISH && err == Z_STREAM_END) {
        err = deflateEnd(&z->zs);
        z->inited = false;
        if (err != Z_OK) { free(o.p); zerr(&z->zs, err, "while finishing compression"); }
        else r = out_bytes(&o);
    } else if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
        free(o.p);
        zerr(&z->zs, err, "while flushing");
    } else {
        r = out_bytes(&o);
    }
    pthread_mutex_unlock(&z->lock);
    return r;
}

static Value zs_copy(Value *args, int nargs, ObjTuple *kw, int nmax)
{
    if (args_check("copy", nargs - 1, kw, 0, nmax) < 0) return VNULL;
    ObjZStream *z = AS_ZS(args[0]);
    ObjZStream *c = zs_new(TYPE(args[0]));
    gil_lock_mutex(&z->lock);
    int err = !z->inited ? Z_STREAM_ERROR : z->compress ? deflateCopy(&c->zs, &z->zs) : inflateCopy(&c->zs, &z->zs);
    if (err == Z_OK) {
        c->inited = true;
        c->eof = z->eof;
        c->unused_data = z->unused_data;
        c->unconsumed_tail = z->unconsumed_tail;
        c->zdict = z->zdict;
    }
    pthread_mutex_unlock(&z->lock);
    if (err == Z_STREAM_ERROR) return err_set(exc_ValueError, "Inconsistent stream state");
    if (err == Z_MEM_ERROR) return err_set(exc_MemoryError, "Can't allocate memory for compression object");
    if (err != Z_OK) return zerr(&z->zs, err, "while copying compression object");
    return OBJ_VAL(c);
}
static Value m_copy(Value *a, int n, ObjTuple *k) { return zs_copy(a, n, k, 0); }
static Value m_deepcopy(Value *a, int n, ObjTuple *k) { return zs_copy(a, n < 2 ? n : 1, k, 1); }

/* After inflate stopped: what is left of the input becomes unused_data
 * (after the stream end) or unconsumed_tail (output limit reached). */
static void save_rest(ObjZStream *z, int err, const uint8_t *p, int64_t n)
{
    if (err == Z_STREAM_END) {
        if (z->zs.avail_in) {
            ObjBytes *old = AS_BYTES(z->unused_data);
            ObjBytes *nu = bytes_alloc((size_t)(old->len + z->zs.avail_in));
            memcpy(nu->data, old->data, (size_t)old->len);
            memcpy(nu->data + old->len, z->zs.next_in, z->zs.avail_in);
            z->unused_data = OBJ_VAL(nu);
        }
        z->unconsumed_tail = bytes_new(NULL, 0);
        z->eof = true;
    } else {
        (void)p; (void)n;
        z->unconsumed_tail = bytes_new(z->zs.next_in, z->zs.avail_in);
    }
    z->zs.avail_in = 0;
}

/* inflate everything in [p, p+n) (or up to max_length output) */
static int inflate_all(ObjZStream *z, const uint8_t *p, int64_t n, int flush, Out *o, int64_t max_length,
                       size_t chunk)
{
    int err = Z_OK;
    size_t left = (size_t)n;
    bool nogil = n >= GIL_THRESHOLD;
    do {
        size_t k = left > UINT32_MAX ? UINT32_MAX : left;
        set_input(&z->zs, p, k);
        p += k;
        left -= k;
        for (;;) {
            err = run(&z->zs, false, left ? Z_NO_FLUSH : flush, o, max_length, chunk, nogil);
            if (err == Z_NEED_DICT && z->zdict) {
                if (set_dict(z) < 0) return -101;
                continue;
            }
            break;
        }
        if (err != Z_OK && err != Z_BUF_ERROR) break;
        if (max_length > 0 && o->len >= (size_t)max_length) break;
    } while (left);
    return err;
}

/* Decompress.decompress(data, max_length=0) */
static Value d_decompress(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "max_length", NULL};
    Value a[2];
    if (args_parse("decompress", args + 1, nargs - 1, kw, params, 1, 2, a) < 0) return VNULL;
    int64_t max_length = 0;
    if (a[1] && obj_as_int64(a[1], &max_length) < 0) return VNULL;
    if (max_length < 0) return err_set(exc_ValueError, "max_length must be non-negative");
    ObjZStream *z = AS_ZS(args[0]);
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    gil_lock_mutex(&z->lock);
    Out o = {0};
    int err = Z_STREAM_ERROR;
    if (z->eof) {
        /* after the end of the stream everything is unused data */
        ObjBytes *old = AS_BYTES(z->unused_data);
        ObjBytes *nu = bytes_alloc((size_t)(old->len + b.len));
        memcpy(nu->data, old->data, (size_t)old->len);
        if (b.len) memcpy(nu->data + old->len, b.buf, (size_t)b.len);
        z->unused_data = OBJ_VAL(nu);
        pthread_mutex_unlock(&z->lock);
        buffer_release(&b);
        return bytes_new(NULL, 0);
    }
    if (z->inited)
        err = inflate_all(z, b.buf, b.len, Z_SYNC_FLUSH, &o, max_length, DEF_BUF_SIZE);
    Value r = VNULL;
    if (err == -100 || err == -101) {
        free(o.p);
    } else if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
        free(o.p);
        zerr(z->inited ? &z->zs : NULL, err, "while decompressing data");
    } else {
        save_rest(z, err, b.buf, b.len);
        r = out_bytes(&o);
    }
    pthread_mutex_unlock(&z->lock);
    buffer_release(&b);
    return r;
}

/* Decompress.flush(length=DEF_BUF_SIZE) */
static Value d_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 1) < 0) return VNULL;
    int64_t length = DEF_BUF_SIZE;
    if (nargs > 1 && obj_as_int64(args[1], &length) < 0) return VNULL;
    if (length <= 0) return err_set(exc_ValueError, "length must be greater than zero");
    ObjZStream *z = AS_ZS(args[0]);
    gil_lock_mutex(&z->lock);
    Value tail = z->unconsumed_tail;
    Out o = {0};
    Value r = VNULL;
    int err = Z_OK;
    if (z->inited && !z->eof)
        err = inflate_all(z, AS_BYTES(tail)->data, AS_BYTES(tail)->len, Z_FINISH, &o, 0, (size_t)length);
    if (err == -100 || err == -101) {
        free(o.p);
    } else if (z->inited && err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
        free(o.p);
        zerr(&z->zs, err, "while flushing");
    } else {
        if (z->inited) {
            if (!z->eof) save_rest(z, err, NULL, 0);
            if (z->eof) {
                inflateEnd(&z->zs);
                z->inited = false;
            }
        }
        r = out_bytes(&o);
    }
    pthread_mutex_unlock(&z->lock);
    return r;
}

static Value get_unused(Value v) { return AS_ZS(v)->unused_data; }
static Value get_tail(Value v) { return AS_ZS(v)->unconsumed_tail; }
static Value get_eof(Value v) { return BOOL_V(AS_ZS(v)->eof); }

static Type type_compress = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "Compress",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjZStream),
    .trace = zs_trace,
    .finalize = zs_finalize,
};
static Type type_decompress = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "Decompress",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjZStream),
    .trace = zs_trace,
    .finalize = zs_finalize,
};

Value mod_zlib_init(void)
{
    if (!zlib_error) {
        zlib_error = module_new_exception("zlib", "error", OBJ_VAL(exc_Exception));
        if (!zlib_error) return VNULL;
        static const MethodDef cm[] = {
            {"compress", c_compress}, {"flush", c_flush}, {"copy", m_copy}, {"__copy__", m_copy},
            {"__deepcopy__", m_deepcopy}, {NULL, NULL},
        };
        static const MethodDef dm[] = {
            {"decompress", d_decompress}, {"flush", d_flush}, {"copy", m_copy}, {"__copy__", m_copy},
            {"__deepcopy__", m_deepcopy}, {NULL, NULL},
        };
        type_compress.module = type_decompress.module = str_intern_cstr("zlib");
        type_ready(&type_compress, cm);
        type_ready(&type_decompress, dm);
        exc_add_getset(&type_decompress, "unused_data", get_unused, NULL);
        exc_add_getset(&type_decompress, "unconsumed_tail", get_tail, NULL);
        exc_add_getset(&type_decompress, "eof", get_eof, NULL);
    }
    Value m = module_new(str_intern_cstr("zlib"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    static const MethodDef fns[] = {
        {"compress", m_compress}, {"decompress", m_decompress}, {"compressobj", m_compressobj},
        {"decompressobj", m_decompressobj}, {"crc32", m_crc32}, {"adler32", m_adler32}, {NULL, NULL},
    };
    for (const MethodDef *f = fns; f->name; f++) module_add_fn(mod, f->name, f->fn);
    static const struct { const char *name; int v; } consts[] = {
        {"DEFLATED", Z_DEFLATED}, {"DEF_BUF_SIZE", DEF_BUF_SIZE}, {"DEF_MEM_LEVEL", DEF_MEM_LEVEL},
        {"MAX_WBITS", MAX_WBITS}, {"Z_BEST_COMPRESSION", Z_BEST_COMPRESSION}, {"Z_BEST_SPEED", Z_BEST_SPEED},
        {"Z_BLOCK", Z_BLOCK}, {"Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION},
        {"Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY}, {"Z_FILTERED", Z_FILTERED}, {"Z_FINISH", Z_FINISH},
        {"Z_FIXED", Z_FIXED}, {"Z_FULL_FLUSH", Z_FULL_FLUSH}, {"Z_HUFFMAN_ONLY", Z_HUFFMAN_ONLY},
        {"Z_NO_COMPRESSION", Z_NO_COMPRESSION}, {"Z_NO_FLUSH", Z_NO_FLUSH}, {"Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH},
        {"Z_RLE", Z_RLE}, {"Z_SYNC_FLUSH", Z_SYNC_FLUSH}, {"Z_TREES", Z_TREES}, {NULL, 0},
    };
    for (int i = 0; consts[i].name; i++) module_add(mod, consts[i].name, MK_INT(consts[i].v));
    module_add(mod, "ZLIB_VERSION", str_from_cstr(ZLIB_VERSION));
    module_add(mod, "ZLIB_RUNTIME_VERSION", str_from_cstr(zlibVersion()));
    module_add(mod, "error", zlib_error);
    module_add(mod, "__version__", str_from_cstr("1.0"));
    return m;
}
