/* modules/_bz2.c — BZ2Compressor and BZ2Decompressor over libbz2, what
 * CPython's Lib/bz2.py builds BZ2File, open, compress and decompress on.
 *
 * The decompressor keeps CPython's contract: decompress(data, max_length)
 * returns at most max_length bytes, keeps the input it did not reach for
 * the next call (needs_input tells whether it wants more), and after the
 * end of the stream collects what follows in unused_data.  libbz2 runs
 * with the GIL released on inputs of 2 KiB and more (and always for the
 * compressor's flush, where the last block is compressed).
 */
#include <bzlib.h>
#include <limits.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "outbuf.h"
#include "str.h"
#include "vm.h"

#define GIL_THRESHOLD 2048

typedef struct {
    Obj obj;
    bz_stream bzs;
    bool inited, flushed, eof, needs_input, compress;
    pthread_mutex_t lock;
    InBuf kept;           /* decompressor: input kept for the next call */
    Value unused_data;
} ObjBz2;

static Type type_compressor, type_decompressor;
#define AS_BZ(v) ((ObjBz2 *)AS_OBJ(v))

static int bz_error(int rc)
{
    switch (rc) {
    case BZ_PARAM_ERROR: err_set(exc_ValueError, "Internal error - invalid parameters passed to libbzip2"); break;
    case BZ_MEM_ERROR: err_no_memory(); break;
    case BZ_DATA_ERROR: case BZ_DATA_ERROR_MAGIC: err_set(exc_OSError, "Invalid data stream"); break;
    case BZ_IO_ERROR: err_set(exc_OSError, "Unknown I/O error"); break;
    case BZ_UNEXPECTED_EOF:
        err_set(exc_EOFError, "Compressed file ended before the logical end-of-stream was detected");
        break;
    case BZ_SEQUENCE_ERROR:
        err_set(exc_RuntimeError, "Internal error - Invalid sequence of commands sent to libbzip2");
        break;
    default: err_format(exc_OSError, "Unrecognized error from libbzip2: %d", rc); break;
    }
    return -1;
}

static void bz_trace(Obj *o) { gc_mark(((ObjBz2 *)o)->unused_data); }
static void bz_finalize(Obj *o)
{
    ObjBz2 *b = (ObjBz2 *)o;
    if (b->inited) {
        if (b->compress) BZ2_bzCompressEnd(&b->bzs);
        else BZ2_bzDecompressEnd(&b->bzs);
        b->inited = false;
    }
    inbuf_keep(&b->kept, NULL, 0);
    pthread_mutex_destroy(&b->lock);
}

/* run libbz2 over the pending input; action BZ_RUN / BZ_FINISH (compress) */
static int bz_run(ObjBz2 *b, int action, OutBuf *o, int64_t limit, bool nogil)
{
    for (;;) {
        if (o->len == o->cap) {
            if (limit >= 0 && o->len >= (size_t)limit) return BZ_OK;
            if (outbuf_grow(o, limit) < 0) return INT_MIN;
        }
        size_t room = o->cap - o->len;
        b->bzs.next_out = (char *)o->p + o->len;
        b->bzs.avail_out = room > UINT_MAX ? UINT_MAX : (unsigned)room;
        unsigned before = b->bzs.avail_out;
        int rc;
        if (nogil) {
            GIL_RELEASE(BLOCK_COMPUTE);
            rc = b->compress ? BZ2_bzCompress(&b->bzs, action) : BZ2_bzDecompress(&b->bzs);
            GIL_ACQUIRE();
        } else {
            rc = b->compress ? BZ2_bzCompress(&b->bzs, action) : BZ2_bzDecompress(&b->bzs);
        }
        o->len += before - b->bzs.avail_out;
        if (b->compress) {
            if (rc < 0) return rc;
            if (action == BZ_FINISH ? rc == BZ_STREAM_END : b->bzs.avail_in == 0) return rc;
        } else {
            /* as CPython: stop when the input is used up, even if output
             * is pending (the next call gives it) */
            if (rc < 0 || rc == BZ_STREAM_END || b->bzs.avail_in == 0) return rc;
        }
    }
}

static Value comp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "BZ2Compressor() takes no keyword arguments");
    if (args_check("BZ2Compressor", nargs, NULL, 0, 1) < 0) return VNULL;
    int64_t level = 9;
    if (nargs && obj_as_int64(args[0], &level) < 0) return VNULL;
    if (level < 1 || level > 9) return err_set(exc_ValueError, "compresslevel must be between 1 and 9");
    ObjBz2 *b = (ObjBz2 *)gc_new(t, sizeof(ObjBz2));
    pthread_mutex_init(&b->lock, NULL);
    b->compress = true;
    b->unused_data = bytes_new(NULL, 0);
    int rc = BZ2_bzCompressInit(&b->bzs, (int)level, 0, 0);
    if (rc != BZ_OK) return bz_error(rc), VNULL;
    b->inited = true;
    return OBJ_VAL(b);
}

static Value c_compress(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("compress", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjBz2 *b = AS_BZ(args[0]);
    Buffer in;
    if (obj_getbuffer(args[1], &in, BUF_SIMPLE) < 0) return VNULL;
    gil_lock_mutex(&b->lock);
    Value r = VNULL;
    if (b->flushed) {
        err_set(exc_ValueError, "Compressor has been flushed");
    } else {
        OutBuf o = {0};
        int rc = BZ_RUN_OK;
        const uint8_t *p = in.buf;
        size_t left = (size_t)in.len;
        while (left && rc >= 0 && rc != INT_MIN) {
            size_t n = left > UINT_MAX ? UINT_MAX : left;
            b->bzs.next_in = (char *)p;
            b->bzs.avail_in = (unsigned)n;
            p += n;
            left -= n;
            rc = bz_run(b, BZ_RUN, &o, -1, in.len >= GIL_THRESHOLD);
        }
        if (rc == INT_MIN) free(o.p);
        else if (rc < 0) { free(o.p); bz_error(rc); }
        else r = outbuf_finish(&o);
    }
    pthread_mutex_unlock(&b->lock);
    buffer_release(&in);
    return r;
}

static Value c_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjBz2 *b = AS_BZ(args[0]);
    gil_lock_mutex(&b->lock);
    Value r = VNULL;
    if (b->flushed) {
        err_set(exc_ValueError, "Repeated call to flush()");
    } else {
        b->flushed = true;
        OutBuf o = {0};
        b->bzs.avail_in = 0;
        int rc = bz_run(b, BZ_FINISH, &o, -1, true);
        if (rc == INT_MIN) free(o.p);
        else if (rc < 0) { free(o.p); bz_error(rc); }
        else r = outbuf_finish(&o);
    }
    pthread_mutex_unlock(&b->lock);
    return r;
}

static Value decomp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (kw && kw->len) return err_set(exc_TypeError, "BZ2Decompressor() takes no keyword arguments");
    if (args_check("BZ2Decompressor", nargs, NULL, 0, 0) < 0) return VNULL;
    ObjBz2 *b = (ObjBz2 *)gc_new(t, sizeof(ObjBz2));
    pthread_mutex_init(&b->lock, NULL);
    b->needs_input = true;
    b->unused_data = bytes_new(NULL, 0);
    int rc = BZ2_bzDecompressInit(&b->bzs, 0, 0);
    if (rc != BZ_OK) return bz_error(rc), VNULL;
    b->inited = true;
    return OBJ_VAL(b);
}

static Value d_decompress(Value *args, int nargs, ObjTuple *kw)
{
    ObjBz2 *b = AS_BZ(args[0]);
    Buffer in;
    int64_t max_length;
    if (decompress_args(args, nargs, kw, &in, &max_length) < 0) return VNULL;
    gil_lock_mutex(&b->lock);
    Value r = VNULL;
    if (b->eof) {
        err_set(exc_EOFError, "End of stream already reached");
        goto done;
    }
    /* the input: what was left last time, then the new data */
    size_t total;
    const uint8_t *src = inbuf_join(&b->kept, in.buf, (size_t)in.len, &total);
    if (!src) goto done;
    b->bzs.next_in = (char *)src;
    b->bzs.avail_in = total > UINT_MAX ? UINT_MAX : (unsigned)total;
    OutBuf o = {0};
    int rc = max_length == 0 ? BZ_OK : bz_run(b, 0, &o, max_length, total >= GIL_THRESHOLD);
    if (rc == INT_MIN) { free(o.p); goto done; }
    if (rc < 0) { free(o.p); bz_error(rc); goto done; }
    size_t left = b->bzs.avail_in + (total - (total > UINT_MAX ? UINT_MAX : total));
    const uint8_t *rest = (const uint8_t *)b->bzs.next_in;
    if (rc == BZ_STREAM_END) {
        b->eof = true;
        b->needs_input = false;
        b->unused_data = bytes_plus(b->unused_data, rest, left);
        left = 0;
    } else {
        b->needs_input = left == 0;
    }
    if (inbuf_keep(&b->kept, rest, left) < 0) { free(o.p); goto done; }
    r = outbuf_finish(&o);
done:
    pthread_mutex_unlock(&b->lock);
    buffer_release(&in);
    return r;
}

static Value get_eof(Value v) { return BOOL_V(AS_BZ(v)->eof); }
static Value get_unused(Value v) { return AS_BZ(v)->unused_data; }
static Value get_needs_input(Value v) { return BOOL_V(AS_BZ(v)->needs_input); }

static Type type_compressor = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "BZ2Compressor",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBz2),
    .tp_new = comp_new,
    .trace = bz_trace,
    .finalize = bz_finalize,
};
static Type type_decompressor = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "BZ2Decompressor",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBz2),
    .tp_new = decomp_new,
    .trace = bz_trace,
    .finalize = bz_finalize,
};

Value mod_bz2_init(void)
{
    static bool ready;
    if (!ready) {
        ready = true;
        static const MethodDef cm[] = {{"compress", c_compress}, {"flush", c_flush}, {NULL, NULL}};
        static const MethodDef dm[] = {{"decompress", d_decompress}, {NULL, NULL}};
        type_compressor.module = type_decompressor.module = str_intern_cstr("_bz2");
        type_ready(&type_compressor, cm);
        type_ready(&type_decompressor, dm);
        exc_add_getset(&type_decompressor, "eof", get_eof, NULL);
        exc_add_getset(&type_decompressor, "unused_data", get_unused, NULL);
        exc_add_getset(&type_decompressor, "needs_input", get_needs_input, NULL);
    }
    Value m = module_new(str_intern_cstr("_bz2"));
    if (!m) return VNULL;
    module_add(AS_MODULE(m), "BZ2Compressor", OBJ_VAL(&type_compressor));
    module_add(AS_MODULE(m), "BZ2Decompressor", OBJ_VAL(&type_decompressor));
    return m;
}
