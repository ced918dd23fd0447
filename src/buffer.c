/* buffer.c — the buffer protocol's generic side: what a consumer calls
 * (obj_getbuffer / buffer_release) and what an exporter's getbuffer slot
 * uses (buffer_fill, the BufferExport counter).
 *
 * The slot itself is Type.getbuffer (object.h).  bytes, bytearray,
 * memoryview (bytes.c, bytearray.c, memoryview.c) and array.array
 * (modules/array.c) export their memory through it; every API that takes
 * "a bytes-like object" reads it through obj_getbuffer.
 *
 * Export counting: an exporter whose memory can move (bytearray, array)
 * keeps a BufferExport record.  A Buffer taken from it points at the
 * record, and buffer_release only touches the record, never the exporter:
 * a memoryview collected in the same sweep as its bytearray can release
 * in its finalizer whatever the sweep order.
 */
#include <unistd.h>

#include "gc.h"
#include "vm.h"

int64_t buffer_max_size(void)
{
    /* the allocator aborts when memory runs out: sizes above the machine's
     * memory raise MemoryError before they are tried */
    static int64_t max;
    if (!max) {
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        max = pages > 0 && size > 0 ? (int64_t)pages * size : ((int64_t)1 << 40);
    }
    return max;
}

int obj_getbuffer_msg(Value v, Buffer *view, int flags, const char *msg)
{
    Type *t = TYPE(v);
    if (!t->getbuffer) {
        err_format(exc_TypeError, msg ? msg : "a bytes-like object is required, not '%s'", t->name);
        return -1;
    }
    memset(view, 0, sizeof *view);
    if (t->getbuffer(v, view, flags) < 0)
        return -1;
    if (!(flags & BUF_STRIDED) && !buffer_is_contig(view)) {
        buffer_release(view);
        err_set(exc_BufferError, "memoryview: underlying buffer is not C-contiguous");
        return -1;
    }
    return 0;
}

int obj_getbuffer(Value v, Buffer *view, int flags)
{
    return obj_getbuffer_msg(v, view, flags, NULL);
}

bool obj_has_buffer(Value v) { return TYPE(v)->getbuffer != NULL; }

void buffer_release(Buffer *view)
{
    BufferExport *e = view->export;
    if (e) {
        e->count--;
        if (--e->refs == 0)
            mem_free(e, sizeof *e);
        view->export = NULL;
    }
    view->obj = VNULL;
}

int buffer_fill(Buffer *view, Value obj, uint8_t *buf, int64_t len, bool readonly, int flags,
                BufferExport **exp)
{
    if ((flags & BUF_WRITABLE) && readonly) {
        err_set(exc_BufferError, "Object is not writable.");
        return -1;
    }
    view->obj = obj;
    view->buf = buf;
    view->len = len;
    view->itemsize = 1;
    view->format = "B";
    view->ndim = 1;
    view->readonly = readonly;
    view->shape = view->strides = NULL;
    view->export = NULL;
    if (exp) {
        if (!*exp) {
            *exp = mem_alloc(sizeof **exp);
            (*exp)->count = 0;
            (*exp)->refs = 1; /* the exporter's own reference */
        }
        (*exp)->count++;
        (*exp)->refs++;
        view->export = *exp;
    }
    return 0;
}

void buffer_export_free(BufferExport **exp)
{
    if (*exp && --(*exp)->refs == 0)
        mem_free(*exp, sizeof **exp);
    *exp = NULL;
}

bool buffer_is_contig(const Buffer *v)
{
    if (!v->strides)
        return true;
    int64_t want = v->itemsize;
    for (int d = v->ndim - 1; d >= 0; d--) {
        if (v->shape[d] == 0)
            return true;
        if (v->shape[d] != 1 && v->strides[d] != want)
            return false;
        want *= v->shape[d];
    }
    return true;
}

static uint8_t *copy_dim(const Buffer *v, int d, const uint8_t *src, uint8_t *out)
{
    int64_t n = v->shape[d], st = v->strides[d];
    for (int64_t i = 0; i < n; i++, src += st) {
        if (d == v->ndim - 1) {
            memcpy(out, src, (size_t)v->itemsize);
            out += v->itemsize;
        } else {
            out = copy_dim(v, d + 1, src, out);
        }
    }
    return out;
}

void buffer_to_contig(const Buffer *v, uint8_t *out)
{
    if (buffer_is_contig(v)) {
        if (v->len)
            memcpy(out, v->buf, (size_t)v->len);
        return;
    }
    if (v->ndim == 0) {
        memcpy(out, v->buf, (size_t)v->itemsize);
        return;
    }
    copy_dim(v, 0, v->buf, out);
}
