/* modules/outbuf.h — the output buffer of the streaming decompressors
 * (_bz2, _lzma): malloc'd (it fills while the GIL is released), grown by
 * CPython's block sizes (32 KiB, 64 KiB, 256 KiB, 1 MiB, …) up to an
 * optional limit.  When the input runs out a call returns what fits, so
 * the sizes decide how much one decompress() call gives back: they match
 * CPython's so that the results do too. */
#ifndef BATON_OUTBUF_H
#define BATON_OUTBUF_H
#include <stdlib.h>
#include <string.h>

#include "vm.h"

typedef struct { uint8_t *p; size_t len, cap; int blocks; } OutBuf;

/* limit < 0: none.  -1 with MemoryError. */
static inline int outbuf_grow(OutBuf *o, int64_t limit)
{
    static const size_t block[] = {32 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20,
                                   16 << 20, 32 << 20, 32 << 20, 32 << 20, 32 << 20, 64 << 20};
    int nb = (int)(sizeof block / sizeof block[0]);
    size_t cap = o->cap + block[o->blocks < nb ? o->blocks : nb - 1];
    o->blocks++;
    if (limit >= 0 && cap > (size_t)limit) cap = (size_t)limit;
    uint8_t *p = realloc(o->p, cap ? cap : 1);
    if (!p) { err_no_memory(); return -1; }
    o->p = p;
    o->cap = cap;
    return 0;
}

/* the bytes so far as a bytes object; frees the buffer */
static inline Value outbuf_finish(OutBuf *o)
{
    Value r = bytes_new(o->p ? o->p : (const uint8_t *)"", o->len);
    free(o->p);
    o->p = NULL;
    return r;
}

/* The input a decompressor did not reach, kept (malloc'd) for the next
 * call: CPython's decompressors take it before the new data. */
typedef struct { uint8_t *p; size_t len; } InBuf;

/* This call's input: the kept bytes then data (n bytes); NULL with
 * MemoryError.  The result stays valid until inbuf_keep. */
static inline const uint8_t *inbuf_join(InBuf *k, const uint8_t *data, size_t n, size_t *total)
{
    *total = k->len + n;
    if (!k->len) return data;
    uint8_t *p = realloc(k->p, *total ? *total : 1);
    if (!p) { err_no_memory(); return NULL; }
    memcpy(p + k->len, data, n);
    k->p = p;
    return p;
}

/* Keep the `left` bytes at rest (inside this call's input) for next time. */
static inline int inbuf_keep(InBuf *k, const uint8_t *rest, size_t left)
{
    uint8_t *keep = left ? malloc(left) : NULL;
    if (left && !keep) { err_no_memory(); return -1; }
    if (left) memmove(keep, rest, left);
    free(k->p);
    k->p = keep;
    k->len = left;
    return 0;
}

/* decompress(data, max_length=-1)'s arguments (args[0] is self); on
 * success the caller releases *in. */
static inline int decompress_args(Value *args, int nargs, ObjTuple *kw, Buffer *in, int64_t *max_length)
{
    static const char *const params[] = {"data", "max_length", NULL};
    Value a[2];
    if (args_parse("decompress", args + 1, nargs - 1, kw, params, 1, 2, a) < 0) return -1;
    *max_length = -1;
    if (a[1] && obj_as_int64(a[1], max_length) < 0) return -1;
    return obj_getbuffer(a[0], in, BUF_SIMPLE);
}

/* bytes b + the n bytes at p (unused_data grows after the stream end) */
static inline Value bytes_plus(Value b, const uint8_t *p, size_t n)
{
    if (!n) return b;
    ObjBytes *u = AS_BYTES(b);
    ObjBytes *r = bytes_alloc((size_t)u->len + n);
    memcpy(r->data, u->data, (size_t)u->len);
    memcpy(r->data + u->len, p, n);
    return OBJ_VAL(r);
}
#endif
