/* modules/_io_buffered.c — _io.BufferedReader, BufferedWriter,
 * BufferedRandom and BufferedRWPair.
 *
 * A buffered object has a read-ahead buffer (rbuf[rpos .. rend)) and a
 * write buffer (wbuf[0 .. wlen)); BufferedRandom uses both but never holds
 * data in both at once: writing first moves the raw stream back to the
 * logical position and drops the read-ahead, reading first flushes the
 * writes.  The logical position is the raw one (abs_pos, cached) minus the
 * read-ahead plus the pending writes.  The reading algorithms (how much is
 * asked of the raw stream when) follow CPython's, so a pipe or socket under
 * a BufferedReader sees the same requests.
 *
 * When the raw stream is exactly a FileIO the fd is used directly (its
 * FdBox, which also lets the finaliser write pending data however the
 * collector orders the two objects); any other raw object is called
 * through its methods.  Raw calls release the GIL, so each object has a
 * lock held across them, as CPython's (taken under the GIL, it costs
 * nothing when free); a thread re-entering the object it already holds
 * (a signal handler printing while print() was writing) gets CPython's
 * RuntimeError "reentrant call inside ...".
 */
#include <errno.h>
#include <stdatomic.h>
#include <unistd.h>

#include "_io.h"
#include "posix.h"
#include "signals.h"

#define AS_BUF(v) ((ObjBuffered *)AS_OBJ(v))

bool io_is_buffered(Value v)
{
    if (!IS_OBJ(v))
        return false;
    Type *t = TYPE(v);
    return type_is_subtype(t, &io_type_reader) || type_is_subtype(t, &io_type_writer) ||
           type_is_subtype(t, &io_type_random);
}

/* ---- the lock ------------------------------------------------------------- */

/* busy and owner change only with the GIL held, so taking a free lock
 * costs two stores.  A thread that finds the lock held by another (which
 * released the GIL in a raw call) waits on the condition variable with
 * the GIL released; the holder wakes it when it leaves.  busy is read under
 * the mutex by waiters and cleared under it when there are waiters, so no
 * wake-up is lost. */
static int enter(ObjBuffered *b, Value self)
{
    if (LIKELY(!atomic_load_explicit(&b->busy, memory_order_relaxed))) {
        atomic_store_explicit(&b->busy, true, memory_order_relaxed);
        b->owner = vm_cur;
        return 0;
    }
    if (b->owner == vm_cur) {
        err_format(exc_RuntimeError, "reentrant call inside %R", self);
        return -1;
    }
    b->waiters++;
    do {
        GIL_RELEASE(BLOCK_LOCK);
        pthread_mutex_lock(&b->lock);
        while (atomic_load(&b->busy))
            pthread_cond_wait(&b->cond, &b->lock);
        pthread_mutex_unlock(&b->lock);
        GIL_ACQUIRE();
    } while (atomic_load(&b->busy)); /* another waiter got it first */
    b->waiters--;
    atomic_store_explicit(&b->busy, true, memory_order_relaxed);
    b->owner = vm_cur;
    return 0;
}

static void leave(ObjBuffered *b)
{
    b->owner = NULL;
    if (UNLIKELY(b->waiters)) {
        pthread_mutex_lock(&b->lock);
        atomic_store(&b->busy, false);
        pthread_cond_broadcast(&b->cond);
        pthread_mutex_unlock(&b->lock);
    } else {
        atomic_store_explicit(&b->busy, false, memory_order_relaxed);
    }
}

/* ---- checks ---------------------------------------------------------------- */

static int check_init(ObjBuffered *b)
{
    if (b->ok)
        return 0;
    err_set(exc_ValueError, b->detached ? "raw stream has been detached"
                                        : "I/O operation on uninitialized object");
    return -1;
}

/* A method without arguments on an initialised, attached object. */
static ObjBuffered *self_init(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    if (args_check(name, nargs - 1, kw, 0, 0) < 0)
        return NULL;
    ObjBuffered *b = AS_BUF(args[0]);
    return check_init(b) < 0 ? NULL : b;
}

static int raw_closed(ObjBuffered *b)
{
    if (b->box)
        return b->box->fd < 0;
    return io_is_closed(b->raw);
}

/* CPython's CHECK_CLOSED: a closed raw stream, unless read-ahead remains. */
static int check_closed(ObjBuffered *b, const char *msg)
{
    if (check_init(b) < 0)
        return -1;
    int c = raw_closed(b);
    if (c < 0)
        return -1;
    if (c && b->rend - b->rpos == 0) {
        io_closed_error(msg);
        return -1;
    }
    return 0;
}

/* ---- raw calls --------------------------------------------------------- */

static int fast_fd(ObjBuffered *b)
{
    if (b->box->fd < 0) {
        io_closed_error("I/O operation on closed file");
        return -1;
    }
    return b->box->fd;
}

/* What raw.readinto()/raw.write() returned, checked: the count, -2 for
 * None (would block), -1 with an exception. */
static int64_t raw_result(Value res, int64_t n, const char *what)
{
    int64_t r;
    if (!res)
        return -1;
    if (IS_NONE(res))
        return -2;
    if (obj_as_int64(res, &r) < 0) {
        if (what[0] == 'r') {
            /* CPython: OSError "raw readinto() failed" from the TypeError */
            Value cause = err_fetch();
            err_set(exc_OSError, "raw readinto() failed");
            Value e = err_fetch();
            if (e && IS_OBJ(e) && (TYPE(e)->flags & TF_EXCEPTION)) {
                AS_EXC(e)->cause = cause;
                AS_EXC(e)->context = cause;
                AS_EXC(e)->suppress_context = true;
            }
            err_set_value(e);
        }
        return -1;
    }
    if (r < 0 || r > n) {
        err_format(exc_OSError, "raw %s() returned invalid length %lld (should have been between 0 and %lld)",
                   what, (long long)r, (long long)n);
        return -1;
    }
    return r;
}

/* Bytes read into buf, 0 at EOF, -1 error, -2 would block. */
static int64_t raw_read(ObjBuffered *b, uint8_t *buf, int64_t n)
{
    int64_t r;
    if (b->box) {
        int fd = fast_fd(b);
        if (fd < 0)
            return -1;
        r = io_fd_read(fd, buf, (size_t)n);
    } else {
        /* raw.readinto(bytearray(n)), as CPython passes a view of its buffer */
        Value ba = dict_get_str(vm_builtins, io_name("bytearray"));
        Value data = ba ? obj_call1(ba, int_from_i64(n)) : VNULL;
        r = raw_result(data ? io_call1(b->raw, "readinto", data) : VNULL, n, "readinto");
        if (r < 0)
            return r;
        Buffer view;
        if (obj_getbuffer(data, &view, BUF_SIMPLE) < 0)
            return -1;
        memcpy(buf, view.buf, (size_t)(r < view.len ? r : view.len));
        buffer_release(&view);
    }
    if (r > 0 && b->abs_pos >= 0)
        b->abs_pos += r;
    return r;
}

static int64_t raw_write(ObjBuffered *b, const uint8_t *buf, int64_t n)
{
    int64_t r;
    if (b->box) {
        int fd = fast_fd(b);
        if (fd < 0)
            return -1;
        r = io_fd_write(fd, buf, (size_t)n);
    } else {
        r = raw_result(io_call1(b->raw, "write", bytes_new(buf, (size_t)n)), n, "write");
        if (r < 0)
            return r;
    }
    if (r > 0 && b->abs_pos >= 0)
        b->abs_pos += r;
    return r;
}

/* The raw stream's position r, as seek() or tell() gave it. */
static int64_t new_pos(ObjBuffered *b, int64_t r)
{
    if (r < 0) {
        err_format(exc_OSError, "Raw stream returned invalid position %lld", (long long)r);
        return -1;
    }
    b->abs_pos = r;
    return r;
}

static int64_t raw_seek(ObjBuffered *b, int64_t pos, int whence)
{
    int64_t r;
    if (b->box) {
        int fd = fast_fd(b), err;
        if (fd < 0)
            return -1;
        off_t o;
        BLOCKING_CALL(BLOCK_IO, o, err, lseek(fd, (off_t)pos, whence));
        if (err) {
            if (err > 0)
                posix_error(err, VNULL, VNULL);
            return -1;
        }
        r = o;
    } else {
        Value a[2] = {int_from_i64(pos), MK_INT(whence)};
        Value res = io_call(b->raw, "seek", a, 2);
        if (!res || obj_as_int64(res, &r) < 0)
            return -1;
    }
    return new_pos(b, r);
}

static int64_t raw_tell(ObjBuffered *b)
{
    if (b->abs_pos >= 0)
        return b->abs_pos;
    int64_t r;
    if (b->box) {
        int fd = fast_fd(b);
        if (fd < 0)
            return -1;
        off_t o = lseek(fd, 0, SEEK_CUR);
        if (o < 0) {
            posix_error(errno, VNULL, VNULL);
            return -1;
        }
        r = o;
    } else {
        Value res = io_call0(b->raw, "tell");
        if (!res || obj_as_int64(res, &r) < 0)
            return -1;
    }
    return new_pos(b, r);
}

static Value blocking_error(int64_t written)
{
    Value a[3] = {MK_INT(EAGAIN), str_from_cstr("write could not complete without blocking"),
                  int_from_i64(written)};
    Value e = obj_call(OBJ_VAL(exc_BlockingIOError), a, 3, NULL);
    return e ? err_set_value(e) : VNULL;
}

/* ---- buffers ---------------------------------------------------------------- */

static int64_t readahead(ObjBuffered *b) { return b->rend - b->rpos; }

static void reset_read(ObjBuffered *b) { b->rpos = b->rend = 0; }

/* Write out the write buffer. */
static int flush_writes(ObjBuffered *b)
{
    int64_t done = 0;
    while (done < b->wlen) {
        int64_t n = raw_write(b, b->wbuf + done, b->wlen - done);
        if (n == -2) {
            memmove(b->wbuf, b->wbuf + done, (size_t)(b->wlen - done));
            b->wlen -= done;
            blocking_error(0);
            return -1;
        }
        if (n < 0) {
            memmove(b->wbuf, b->wbuf + done, (size_t)(b->wlen - done));
            b->wlen -= done;
            return -1;
        }
        done += n;
        /* a partial write may have been cut short by a signal */
        if (done < b->wlen && signal_pending() && signal_run_pending() < 0) {
            memmove(b->wbuf, b->wbuf + done, (size_t)(b->wlen - done));
            b->wlen -= done;
            return -1;
        }
    }
    b->wlen = 0;
    return 0;
}

/* Before reading: no pending writes.  Before writing: the raw stream at
 * the logical position, no read-ahead. */
static int to_reading(ObjBuffered *b)
{
    return b->wlen ? flush_writes(b) : 0;
}

static int to_writing(ObjBuffered *b)
{
    int64_t ra = readahead(b);
    if (ra > 0 && raw_seek(b, -ra, SEEK_CUR) < 0)
        return -1;
    reset_read(b);
    return 0;
}

/* flush and put the raw stream at the logical position */
static int flush_and_rewind(ObjBuffered *b)
{
    if (flush_writes(b) < 0)
        return -1;
    return b->kind == BUF_RANDOM ? to_writing(b) : 0;
}

/* One raw read into the free end of the read buffer. */
static int64_t fill(ObjBuffered *b)
{
    int64_t start = b->rend;
    int64_t n = raw_read(b, b->rbuf + start, b->size - start);
    if (n > 0)
        b->rend = start + n;
    return n;
}

static int buffered_write(ObjBuffered *b, const uint8_t *data, size_t n)
{
    if (b->rend && to_writing(b) < 0)
        return -1;
    if ((int64_t)n <= b->size - b->wlen) {
        memcpy(b->wbuf + b->wlen, data, n);
        b->wlen += (int64_t)n;
        return 0;
    }
    if (flush_writes(b) < 0)
        return -1;
    int64_t remaining = (int64_t)n, written = 0;
    while (remaining > b->size) {
        int64_t w = raw_write(b, data + written, remaining);
        if (w == -1)
            return -1;
        if (w == -2) {
            /* buffer what fits and say how much was taken */
            memcpy(b->wbuf, data + written, (size_t)b->size);
            b->wlen = b->size;
            written += b->size;
            blocking_error(written);
            return -1;
        }
        written += w;
        remaining -= w;
        if (signal_pending() && signal_run_pending() < 0)
            return -1;
    }
    memcpy(b->wbuf, data + written, (size_t)remaining);
    b->wlen = remaining;
    return 0;
}

int io_buffered_write_locked(ObjBuffered *b, const uint8_t *data, size_t n)
{
    /* the common case: free, open, room in the buffer, nothing read ahead;
     * a memcpy under the GIL needs no lock */
    if (LIKELY(!atomic_load_explicit(&b->busy, memory_order_relaxed) && b->ok && b->box &&
               b->box->fd >= 0 && !b->rend && (int64_t)n <= b->size - b->wlen)) {
        memcpy(b->wbuf + b->wlen, data, n);
        b->wlen += (int64_t)n;
        return 0;
    }
    Value self = OBJ_VAL(b);
    if (check_closed(b, "write to closed file") < 0 || enter(b, self) < 0)
        return -1;
    int r = buffered_write(b, data, n);
    leave(b);
    return r;
}

int io_buffered_flush(ObjBuffered *b)
{
    if (!b->ok || !b->wlen)
        return 0;
    Value self = OBJ_VAL(b);
    if (enter(b, self) < 0)
        return -1;
    int r = flush_writes(b);
    leave(b);
    return r;
}

void io_buffered_after_fork(ObjBuffered *b)
{
    /* the thread that held the lock does not exist in the child */
    atomic_store(&b->busy, false);
    b->owner = NULL;
    b->waiters = 0;
    if (b->lock_init) {
        pthread_mutex_init(&b->lock, NULL);
        pthread_cond_init(&b->cond, NULL);
    }
}

void io_buffered_flush_raw(ObjBuffered *b)
{
    if (!b->ok || !b->wlen || !b->box || b->box->fd < 0)
        return;
    int64_t off = 0;
    while (off < b->wlen) {
        ssize_t r = write(b->box->fd, b->wbuf + off, (size_t)(b->wlen - off));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += r;
    }
    b->wlen = 0;
}

/* ---- construction -------------------------------------------------------- */

static void buf_free_memory(ObjBuffered *b)
{
    if (b->rbuf)
        mem_free(b->rbuf, (size_t)b->size);
    if (b->wbuf)
        mem_free(b->wbuf, (size_t)b->size);
    b->rbuf = b->wbuf = NULL;
}

static Value buf_init_common(Value *args, int nargs, ObjTuple *kw, int kind, const char *name)
{
    static const char *const params[] = {"raw", "buffer_size", NULL};
    Value a[2];
    if (args_parse(name, args + 1, nargs - 1, kw, params, 1, 2, a) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    int64_t size = IO_DEFAULT_BUFFER_SIZE;
    if (a[1] && obj_as_int64(a[1], &size) < 0)
        return VNULL;
    Value raw = a[0];
    static const char *const meths[] = {"seekable", "readable", "writable"};
    static const char *const msgs[] = {"File or stream is not seekable.",
                                       "File or stream is not readable.",
                                       "File or stream is not writable."};
    for (int i = 0; i < 3; i++) {
        bool want = kind == BUF_RANDOM || (i == 1 && kind == BUF_READER) || (i == 2 && kind == BUF_WRITER);
        if (!want)
            continue;
        Value r = io_call0(raw, meths[i]);
        int t = r ? obj_truthy(r) : -1;
        if (t < 0)
            return VNULL;
        if (!t)
            return io_unsupported(msgs[i]);
    }
    if (size <= 0)
        return err_set(exc_ValueError, "buffer size must be strictly positive");
    b->ok = false;
    b->detached = false;
    buf_free_memory(b);
    io_box_release(b->box);
    b->box = NULL;
    b->raw = raw;
    b->kind = kind;
    b->size = size;
    /* a size that cannot be had (sys.maxsize) is a MemoryError, as CPython */
    if (kind != BUF_WRITER && !(b->rbuf = mem_try_alloc((size_t)size)))
        return err_no_memory();
    if (kind != BUF_READER && !(b->wbuf = mem_try_alloc((size_t)size))) {
        buf_free_memory(b);
        return err_no_memory();
    }
    b->rpos = b->rend = b->wlen = 0;
    b->abs_pos = -1;
    if (!b->lock_init) {
        pthread_mutex_init(&b->lock, NULL);
        pthread_cond_init(&b->cond, NULL);
        b->lock_init = true;
    }
    if (IS_TYPE_EXACT(raw, &io_type_fileio))
        b->box = io_box_retain(((ObjFileIO *)AS_OBJ(raw))->box);
    b->ok = true;
    if (raw_tell(b) < 0)
        err_clear();
    io_track(args[0]);
    return NONE;
}

static Value reader_init(Value *a, int n, ObjTuple *k) { return buf_init_common(a, n, k, BUF_READER, "BufferedReader"); }
static Value writer_init(Value *a, int n, ObjTuple *k) { return buf_init_common(a, n, k, BUF_WRITER, "BufferedWriter"); }
static Value random_init(Value *a, int n, ObjTuple *k) { return buf_init_common(a, n, k, BUF_RANDOM, "BufferedRandom"); }

static Value reader_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjBuffered), reader_init); }
static Value writer_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjBuffered), writer_init); }
static Value random_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjBuffered), random_init); }

Value io_buffered_new(Type *t, Value raw, int64_t size)
{
    Value a[2] = {raw, int_from_i64(size)};
    return obj_call(OBJ_VAL(t), a, 2, NULL);
}

static void buf_trace(Obj *o)
{
    ObjBuffered *b = (ObjBuffered *)o;
    gc_mark_obj((Obj *)b->base.dict);
    gc_mark(b->raw);
}

static void buf_finalize(Obj *o)
{
    ObjBuffered *b = (ObjBuffered *)o;
    /* the raw object may already be gone: only the fd box is safe */
    io_buffered_flush_raw(b);
    buf_free_memory(b);
    io_box_release(b->box);
    b->box = NULL;
    if (b->lock_init) {
        pthread_mutex_destroy(&b->lock);
        pthread_cond_destroy(&b->cond);
    }
    b->lock_init = false;
}

/* ---- reading ----------------------------------------------------------------- */

#define SELF_LOCKED(msg)                                   \
    ObjBuffered *b = AS_BUF(args[0]);                      \
    if (check_closed(b, msg) < 0 || enter(b, args[0]) < 0) \
        return VNULL

static Value take(ObjBuffered *b, int64_t n)
{
    Value r = bytes_new(b->rbuf + b->rpos, (size_t)n);
    b->rpos += n;
    return r;
}

static Value read_all(ObjBuffered *b)
{
    int64_t have = readahead(b);
    Value data = have ? take(b, have) : VNULL;
    if (to_reading(b) < 0)
        return VNULL;
    reset_read(b);
    Value tmp;
    if (b->box) {
        tmp = io_call0(b->raw, "readall");
    } else {
        Value ra = io_getattr_opt(b->raw, "readall");
        if (!ra && err_occurred())
            return VNULL;
        if (ra) {
            tmp = obj_call0(ra);
        } else {
            Value chunks = list_new(0);
            for (;;) {
                Value c = io_call0(b->raw, "read");
                if (!c)
                    return VNULL;
                if (IS_NONE(c)) {
                    if (AS_LIST(chunks)->len == 0 && !data)
                        return NONE;
                    break;
                }
                if (!IS_BYTES(c))
                    return err_set(exc_TypeError, "read() should return bytes");
                if (AS_BYTES(c)->len == 0)
                    break;
                list_append(chunks, c);
            }
            tmp = obj_call_method(bytes_new(NULL, 0), io_name("join"), &chunks, 1);
        }
    }
    b->abs_pos = -1;
    if (!tmp)
        return VNULL;
    if (!IS_NONE(tmp) && !IS_BYTES(tmp))
        return err_set(exc_TypeError, "readall() should return bytes");
    if (!data)
        return tmp;
    if (IS_NONE(tmp))
        return data;
    return obj_binop(data, tmp, NB_ADD);
}

/* CPython's _bufferedreader_read_generic */
static Value read_n(ObjBuffered *b, int64_t n)
{
    int64_t have = readahead(b);
    if (n <= have)
        return take(b, n);
    uint8_t *out = malloc((size_t)n);
    if (!out)
        return err_no_memory();
    int64_t written = 0, remaining = n;
    if (have) {
        memcpy(out, b->rbuf + b->rpos, (size_t)have);
        written = have;
        remaining -= have;
        b->rpos += have;
    }
    Value result = VNULL;
    if (to_reading(b) < 0)
        goto done;
    reset_read(b);
    /* whole buffer-sized blocks straight into the result */
    while (remaining > 0) {
        int64_t r = remaining - remaining % b->size;
        if (r == 0)
            break;
        r = raw_read(b, out + written, r);
        if (r == -1)
            goto done;
        if (r == 0 || r == -2) {
            result = r == 0 || written > 0 ? bytes_new(out, (size_t)written) : NONE;
            goto done;
        }
        remaining -= r;
        written += r;
    }
    /* the rest through the buffer */
    while (remaining > 0 && b->rend < b->size) {
        int64_t r = fill(b);
        if (r == -1)
            goto done;
        if (r == 0 || r == -2) {
            result = r == 0 || written > 0 ? bytes_new(out, (size_t)written) : NONE;
            goto done;
        }
        int64_t k = remaining < r ? remaining : r;
        memcpy(out + written, b->rbuf + b->rpos, (size_t)k);
        written += k;
        b->rpos += k;
        remaining -= k;
    }
    result = bytes_new(out, (size_t)written);
done:
    free(out);
    return result;
}

static Value buf_read(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    if (args_check("read", nargs - 1, kw, 0, 1) < 0 || io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    if (n < -1)
        return err_set(exc_ValueError, "read length must be non-negative or -1");
    SELF_LOCKED("read of closed file");
    Value r = n == -1 ? read_all(b) : n == 0 ? bytes_new(NULL, 0) : read_n(b, n);
    leave(b);
    return r;
}

Value io_buffered_read1(ObjBuffered *b, int64_t n)
{
    if (n < 0)
        n = b->size;
    if (n == 0)
        return bytes_new(NULL, 0);
    int64_t have = readahead(b);
    if (have > 0)
        return take(b, have < n ? have : n);
    if (to_reading(b) < 0)
        return VNULL;
    reset_read(b);
    Value out = OBJ_VAL(bytes_alloc((size_t)n));
    int64_t r = raw_read(b, AS_BYTES(out)->data, n);
    if (r == -1)
        return VNULL;
    if (r == -2)
        r = 0;
    return r == n ? out : bytes_new(AS_BYTES(out)->data, (size_t)r);
}

static Value buf_read1(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    if (args_check("read1", nargs - 1, kw, 0, 1) < 0 || io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    SELF_LOCKED("read of closed file");
    Value r = io_buffered_read1(b, n);
    leave(b);
    return r;
}

static Value buf_peek(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    if (args_check("peek", nargs - 1, kw, 0, 1) < 0 || io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    SELF_LOCKED("peek of closed file");
    Value r = VNULL;
    if (readahead(b) > 0) {
        r = bytes_new(b->rbuf + b->rpos, (size_t)readahead(b));
    } else if (to_reading(b) == 0) {
        reset_read(b);
        int64_t got = fill(b);
        if (got >= 0 || got == -2)
            r = bytes_new(b->rbuf, (size_t)(got > 0 ? got : 0));
    }
    leave(b);
    return r;
}

/* CPython's _buffered_readline */
static Value readline_impl(ObjBuffered *b, int64_t limit)
{
    int64_t n = readahead(b);
    if (limit >= 0 && n > limit)
        n = limit;
    const uint8_t *start = b->rbuf + b->rpos;
    const uint8_t *s = n ? memchr(start, '\n', (size_t)n) : NULL;
    if (s)
        return take(b, s - start + 1);
    if (n == limit)
        return take(b, n);
    StrBuf acc;
    sb_init(&acc);
    if (n > 0) {
        sb_add(&acc, (const char *)start, (size_t)n);
        b->rpos += n;
        if (limit >= 0)
            limit -= n;
    }
    if (to_reading(b) < 0)
        goto fail;
    for (;;) {
        reset_read(b);
        int64_t got = fill(b);
        if (got == -1)
            goto fail;
        if (got <= 0)
            break;
        if (limit >= 0 && got > limit)
            got = limit;
        const uint8_t *nl = memchr(b->rbuf, '\n', (size_t)got);
        if (nl) {
            int64_t k = nl - b->rbuf + 1;
            sb_add(&acc, (const char *)b->rbuf, (size_t)k);
            b->rpos = k;
            break;
        }
        sb_add(&acc, (const char *)b->rbuf, (size_t)got);
        if (got == limit) {
            b->rpos = got;
            break;
        }
        b->rpos = got;
        if (limit >= 0)
            limit -= got;
    }
    Value r = bytes_new((const uint8_t *)acc.data, acc.len);
    sb_free(&acc);
    return r;
fail:
    sb_free(&acc);
    return VNULL;
}

static Value buf_readline(Value *args, int nargs, ObjTuple *kw)
{
    int64_t limit;
    if (args_check("readline", nargs - 1, kw, 0, 1) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &limit) < 0)
        return VNULL;
    SELF_LOCKED("readline of closed file");
    Value r = readline_impl(b, limit);
    leave(b);
    return r;
}

static Value buf_next(Value self)
{
    ObjBuffered *b = AS_BUF(self);
    if (check_closed(b, "readline of closed file") < 0 || enter(b, self) < 0)
        return VNULL;
    Value r = readline_impl(b, -1);
    leave(b);
    if (!r || AS_BYTES(r)->len == 0)
        return VNULL;
    return r;
}

static Value readinto_common(Value *args, int nargs, ObjTuple *kw, bool one)
{
    const char *name = one ? "readinto1" : "readinto";
    if (args_check(name, nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    Buffer view;
    if (check_closed(b, "readinto of closed file") < 0 ||
        io_writable_buffer(args[1], &view) < 0)
        return VNULL;
    Value data = VNULL;
    if (enter(b, args[0]) == 0) {
        data = one ? io_buffered_read1(b, view.len) : view.len ? read_n(b, view.len) : bytes_new(NULL, 0);
        leave(b);
    }
    if (data && !IS_NONE(data)) {
        memcpy(view.buf, AS_BYTES(data)->data, (size_t)AS_BYTES(data)->len);
        data = int_from_i64(AS_BYTES(data)->len);
    }
    buffer_release(&view);
    return data;
}

static Value buf_readinto(Value *a, int n, ObjTuple *k) { return readinto_common(a, n, k, false); }
static Value buf_readinto1(Value *a, int n, ObjTuple *k) { return readinto_common(a, n, k, true); }

/* ---- writing -------------------------------------------------------------------- */

static Value buf_write(Value *args, int nargs, ObjTuple *kw)
{
    Buffer view; /* held across raw writes: it cannot resize meanwhile */
    if (args_check("write", nargs - 1, kw, 1, 1) < 0 || obj_getbuffer(args[1], &view, BUF_SIMPLE) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    int r = -1;
    if (check_closed(b, "write to closed file") == 0 && enter(b, args[0]) == 0) {
        r = buffered_write(b, view.buf, (size_t)view.len);
        leave(b);
    }
    int64_t n = view.len;
    buffer_release(&view);
    return r < 0 ? VNULL : int_from_i64(n);
}

static Value buf_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    if (b->kind == BUF_READER) {
        if (check_init(b) < 0)
            return VNULL;
        return io_call0(b->raw, "flush");
    }
    if (check_closed(b, "flush of closed file") < 0 || enter(b, args[0]) < 0)
        return VNULL;
    int r = flush_and_rewind(b);
    leave(b);
    return r < 0 ? VNULL : NONE;
}

/* ---- positioning ------------------------------------------------------------ */

static int64_t logical_pos(ObjBuffered *b)
{
    int64_t p = raw_tell(b);
    if (p < 0)
        return -1;
    p = p - readahead(b) + b->wlen;
    return p < 0 ? 0 : p;
}

static Value buf_tell(Value *args, int nargs, ObjTuple *kw)
{
    ObjBuffered *b = self_init(args, nargs, kw, "tell");
    if (!b)
        return VNULL;
    b->abs_pos = -1; /* asks the raw stream each time, as CPython */
    int64_t p = logical_pos(b);
    return p < 0 ? VNULL : int_from_i64(p);
}

static Value buf_seek(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("seek", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    if (check_closed(b, "seek of closed file") < 0)
        return VNULL;
    int64_t target, whence;
    if (io_seek_args(args, nargs, &target, &whence) < 0)
        return VNULL;
    if (whence < 0 || whence > 4)
        return err_format(exc_ValueError, "whence value %lld unsupported", (long long)whence);
    if (enter(b, args[0]) < 0)
        return VNULL;
    Value result = VNULL;
    /* within the read-ahead: no raw seek */
    if ((whence == 0 || whence == 1) && b->kind != BUF_WRITER && readahead(b) > 0) {
        int64_t cur = logical_pos(b);
        if (cur < 0)
            goto done;
        int64_t offset = whence == 0 ? target - cur : target;
        if (offset >= -b->rpos && offset <= readahead(b)) {
            b->rpos += offset;
            result = int_from_i64(cur + offset);
            goto done;
        }
    }
    if (flush_writes(b) < 0)
        goto done;
    if (whence == 1)
        target -= readahead(b);
    int64_t n = raw_seek(b, target, (int)whence);
    if (n < 0)
        goto done;
    reset_read(b);
    result = int_from_i64(n);
done:
    leave(b);
    return result;
}

static Value buf_truncate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("truncate", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    if (check_closed(b, "truncate of closed file") < 0)
        return VNULL;
    if (b->kind == BUF_READER)
        return io_unsupported("truncate");
    if (enter(b, args[0]) < 0)
        return VNULL;
    Value res = VNULL;
    if (flush_and_rewind(b) == 0) {
        res = io_call1(b->raw, "truncate", nargs > 1 ? args[1] : NONE);
        b->abs_pos = -1;
        if (res && raw_tell(b) < 0)
            err_clear();
    }
    leave(b);
    return res;
}

/* ---- the rest ------------------------------------------------------------------- */


static Value buf_close(Value *args, int nargs, ObjTuple *kw)
{
    ObjBuffered *b = self_init(args, nargs, kw, "close");
    if (!b)
        return VNULL;
    int c = raw_closed(b);
    if (c < 0)
        return VNULL;
    if (c)
        return NONE;
    Value r = io_flush_and_close(args[0], b->raw);
    reset_read(b);
    return r;
}

static Value buf_detach(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("detach", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjBuffered *b = AS_BUF(args[0]);
    if (check_init(b) < 0 || !io_call0(args[0], "flush"))
        return VNULL;
    Value raw = b->raw;
    b->raw = NONE;
    b->ok = false;
    b->detached = true;
    io_box_release(b->box);
    b->box = NULL;
    return raw;
}

/* Methods that go straight to the raw stream. */
static Value forward(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    ObjBuffered *b = self_init(args, nargs, kw, name);
    if (!b)
        return VNULL;
    return io_call0(b->raw, name);
}

static Value buf_fileno(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "fileno"); }
static Value buf_isatty(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "isatty"); }
static Value buf_seekable(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "seekable"); }
static Value buf_readable(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "readable"); }
static Value buf_writable(Value *a, int n, ObjTuple *k) { return forward(a, n, k, "writable"); }

static Value raw_attr(Value self, const char *name)
{
    ObjBuffered *b = AS_BUF(self);
    if (check_init(b) < 0)
        return VNULL;
    return obj_getattr(b->raw, str_intern_cstr(name));
}

static Value get_closed(Value self) { return raw_attr(self, "closed"); }
static Value get_name(Value self) { return raw_attr(self, "name"); }
static Value get_mode(Value self) { return raw_attr(self, "mode"); }
static Value get_raw(Value self) { return AS_BUF(self)->raw ? AS_BUF(self)->raw : NONE; }
static Value get_finalizing(Value self) { (void)self; return FALSE_V; }

static Value buf_getstate(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    return err_format(exc_TypeError, "cannot pickle '%s' object", TYPE(args[0])->name);
}

static Value buf_dealloc_warn(Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    return NONE;
}

static Value buf_repr(Value self)
{
    return io_repr_named(self, TYPE(self)->name, NULL);
}

#define COMMON_METHODS                                                                     \
    {"close", buf_close}, {"detach", buf_detach}, {"fileno", buf_fileno},                  \
    {"isatty", buf_isatty}, {"seekable", buf_seekable}, {"seek", buf_seek},                 \
    {"tell", buf_tell}, {"truncate", buf_truncate}, {"flush", buf_flush},                   \
    {"__getstate__", buf_getstate}, {"_dealloc_warn", buf_dealloc_warn}
#define READ_METHODS                                                                       \
    {"read", buf_read}, {"read1", buf_read1}, {"peek", buf_peek},                          \
    {"readinto", buf_readinto}, {"readinto1", buf_readinto1}, {"readline", buf_readline},  \
    {"readable", buf_readable}

static const MethodDef reader_methods[] = {
    {"__init__", reader_init}, COMMON_METHODS, READ_METHODS, {NULL, NULL},
};
static const MethodDef writer_methods[] = {
    {"__init__", writer_init}, COMMON_METHODS, {"write", buf_write}, {"writable", buf_writable},
    {NULL, NULL},
};
static const MethodDef random_methods[] = {
    {"__init__", random_init}, COMMON_METHODS, READ_METHODS, {"write", buf_write},
    {"writable", buf_writable}, {NULL, NULL},
};

Type io_type_reader = {.name = "_io.BufferedReader", .tp_new = reader_new, .trace = buf_trace,
                       .finalize = buf_finalize, .repr = buf_repr, .next = buf_next};
Type io_type_writer = {.name = "_io.BufferedWriter", .tp_new = writer_new, .trace = buf_trace,
                       .finalize = buf_finalize, .repr = buf_repr};
Type io_type_random = {.name = "_io.BufferedRandom", .tp_new = random_new, .trace = buf_trace,
                       .finalize = buf_finalize, .repr = buf_repr, .next = buf_next};

/* ---- BufferedRWPair ----------------------------------------------------------- */

#define AS_PAIR(v) ((ObjRWPair *)AS_OBJ(v))

static Value pair_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"reader", "writer", "buffer_size", NULL};
    Value a[3];
    if (args_parse("BufferedRWPair", args + 1, nargs - 1, kw, params, 2, 3, a) < 0)
        return VNULL;
    ObjRWPair *p = AS_PAIR(args[0]);
    int64_t size = IO_DEFAULT_BUFFER_SIZE;
    if (a[2] && obj_as_int64(a[2], &size) < 0)
        return VNULL;
    Value r = io_buffered_new(&io_type_reader, a[0], size);
    if (!r)
        return VNULL;
    Value w = io_buffered_new(&io_type_writer, a[1], size);
    if (!w)
        return VNULL;
    p->reader = r;
    p->writer = w;
    return NONE;
}

static Value pair_new(Type *t, Value *a, int n, ObjTuple *k) { return io_tp_new_init(t, a, n, k, sizeof(ObjRWPair), pair_init); }

static void pair_trace(Obj *o)
{
    ObjRWPair *p = (ObjRWPair *)o;
    gc_mark_obj((Obj *)p->base.dict);
    gc_mark(p->reader);
    gc_mark(p->writer);
}

static Value pair_call(Value *args, int nargs, bool reader, const char *name)
{
    ObjRWPair *p = AS_PAIR(args[0]);
    Value target = reader ? p->reader : p->writer;
    if (!target)
        return err_set(exc_ValueError, "I/O operation on uninitialized object");
    return io_call(target, name, args + 1, nargs - 1);
}

#define PAIR_FN(NAME, READER) \
    static Value pair_##NAME(Value *a, int n, ObjTuple *k) { (void)k; return pair_call(a, n, READER, #NAME); }
PAIR_FN(read, true)
PAIR_FN(peek, true)
PAIR_FN(read1, true)
PAIR_FN(readinto, true)
PAIR_FN(readinto1, true)
PAIR_FN(readable, true)
PAIR_FN(write, false)
PAIR_FN(flush, false)
PAIR_FN(writable, false)

static Value pair_isatty(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    Value r = pair_call(args, nargs, false, "isatty");
    if (!r)
        return VNULL;
    int t = obj_truthy(r);
    if (t < 0)
        return VNULL;
    return t ? r : pair_call(args, nargs, true, "isatty");
}

static Value pair_close(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    Value r = pair_call(args, nargs, false, "close");
    Value exc = r ? VNULL : err_fetch();
    Value r2 = pair_call(args, nargs, true, "close");
    if (exc) {
        if (!r2)
            err_clear();
        return err_set_value(exc);
    }
    return r2;
}

static Value pair_get_closed(Value self)
{
    ObjRWPair *p = AS_PAIR(self);
    if (!p->writer)
        return err_set(exc_RuntimeError, "the BufferedRWPair object is being garbage-collected");
    return obj_getattr(p->writer, io_name("closed"));
}

static const MethodDef pair_methods[] = {
    {"__init__", pair_init}, {"read", pair_read}, {"peek", pair_peek}, {"read1", pair_read1},
    {"readinto", pair_readinto}, {"readinto1", pair_readinto1}, {"write", pair_write},
    {"flush", pair_flush}, {"readable", pair_readable}, {"writable", pair_writable},
    {"close", pair_close}, {"isatty", pair_isatty}, {NULL, NULL},
};

Type io_type_rwpair = {.name = "_io.BufferedRWPair", .tp_new = pair_new, .trace = pair_trace};

void io_buffered_init(void)
{
    Type *types[] = {&io_type_reader, &io_type_writer, &io_type_random};
    const MethodDef *methods[] = {reader_methods, writer_methods, random_methods};
    for (int i = 0; i < 3; i++) {
        io_type_ready(types[i], methods[i], &io_type_bufferediobase, sizeof(ObjBuffered));
        io_add_getset(types[i], "closed", get_closed, NULL);
        io_add_getset(types[i], "name", get_name, NULL);
        io_add_getset(types[i], "mode", get_mode, NULL);
        io_add_getset(types[i], "raw", get_raw, NULL);
        io_add_getset(types[i], "_finalizing", get_finalizing, NULL);
    }
    io_type_ready(&io_type_rwpair, pair_methods, &io_type_bufferediobase, sizeof(ObjRWPair));
    io_add_getset(&io_type_rwpair, "closed", pair_get_closed, NULL);
}
