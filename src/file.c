/* file.c — open() and file objects, including sys.stdin/stdout/stderr.
 *
 * One type serves text and binary files: a file descriptor plus one read
 * buffer and one write buffer, both mem_alloc'd.  Text mode is UTF-8 with no
 * newline translation (newline='\n' on Linux); binary mode deals in bytes.
 * Writes are buffered: line-buffered for a terminal and for stderr, block-
 * buffered otherwise (unbuffered stdout/stderr under PYTHONUNBUFFERED, as
 * CPython); file_flush_all() runs at exit and before fork.
 *
 * Every system call that can block goes through fd_read / fd_write_all,
 * which release the GIL around the call only.  While the GIL is released
 * another thread may use the same file object, so those functions never
 * touch the object: reads land in a C buffer that is copied in afterwards,
 * and a flush detaches the write buffer before writing it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exceptions.h"
#include "file.h"
#include "gc.h"
#include "gil.h"
#include "signals.h"
#include "str.h"

#define BUFSZ 8192

typedef struct ObjFile {
    Obj obj;
    int fd;
    bool readable, writable, binary, closed, closefd, line_buffered, append;
    bool eof;           /* the last read returned 0 bytes */
    bool unbuffered;    /* every write goes out (PYTHONUNBUFFERED) */
    Value name;         /* str, bytes or int */
    Value mode;         /* str */
    char *wbuf;
    size_t wlen, wcap;
    char *rbuf;
    size_t rpos, rlen, rcap;
    struct ObjFile *prev_open, *next_open; /* open files, for file_flush_all */
} ObjFile;

Type *file_UnsupportedOperation;
static Type unsupported_type;
static ObjFile *open_files;

#define AS_FILE(v) ((ObjFile *)AS_OBJ(v))
#define IS_FILE(v) IS_TYPE_EXACT(v, &type_file)

/* ---- the blocking calls ----------------------------------------------- */

/* GIL: released here.  Returns bytes read, 0 at EOF, -1 with an exception. */
static ssize_t fd_read(int fd, char *buf, size_t n)
{
    for (;;) {
        ssize_t r;
        int saved;
        GIL_RELEASE(fd == 0 ? BLOCK_INPUT : BLOCK_IO);
        r = read(fd, buf, n);
        saved = errno;
        GIL_ACQUIRE();
        if (r >= 0)
            return r;
        if (signal_retry_or_raise(saved) < 0)
            return -1;
    }
}

/* GIL: released here.  Writes everything; 0 or -1 with an exception. */
static int fd_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t r;
        int saved;
        GIL_RELEASE(BLOCK_IO);
        r = write(fd, p, n);
        saved = errno;
        GIL_ACQUIRE();
        if (r < 0) {
            if (signal_retry_or_raise(saved) < 0)
                return -1;
            continue;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* ---- buffers ---------------------------------------------------------- */

static int flush_buf(ObjFile *f)
{
    if (f->wlen == 0)
        return 0;
    /* detach: another thread may write to f while the GIL is released */
    char *buf = f->wbuf;
    size_t len = f->wlen, cap = f->wcap;
    f->wbuf = NULL;
    f->wlen = f->wcap = 0;
    int r = fd_write_all(f->fd, buf, len);
    if (!f->wbuf) {
        f->wbuf = buf;
        f->wcap = cap;
    } else {
        mem_free(buf, cap);
    }
    return r;
}

static int wbuf_add(ObjFile *f, const char *s, size_t n)
{
    if (n >= BUFSZ) { /* big writes go straight out */
        if (flush_buf(f) < 0)
            return -1;
        return fd_write_all(f->fd, s, n);
    }
    if (f->wlen + n > f->wcap) {
        if (flush_buf(f) < 0)
            return -1;
        if (!f->wbuf) {
            f->wbuf = mem_alloc(BUFSZ);
            f->wcap = BUFSZ;
        }
    }
    memcpy(f->wbuf + f->wlen, s, n);
    f->wlen += n;
    if (f->unbuffered || f->wlen >= BUFSZ || (f->line_buffered && memchr(s, '\n', n)))
        return flush_buf(f);
    return 0;
}

/* Read more into rbuf; returns bytes added, 0 at EOF, -1 on error. */
static ssize_t fill(ObjFile *f)
{
    char tmp[BUFSZ];
    if (f->writable && f->wlen && flush_buf(f) < 0)
        return -1;
    ssize_t n = fd_read(f->fd, tmp, sizeof tmp);
    if (n <= 0) {
        if (n == 0)
            f->eof = true;
        return n;
    }
    if (f->rpos > 0) { /* compact */
        memmove(f->rbuf, f->rbuf + f->rpos, f->rlen - f->rpos);
        f->rlen -= f->rpos;
        f->rpos = 0;
    }
    if (f->rlen + (size_t)n > f->rcap) {
        size_t nc = f->rcap ? f->rcap : BUFSZ;
        while (nc < f->rlen + (size_t)n)
            nc *= 2;
        f->rbuf = mem_realloc(f->rbuf, f->rcap, nc);
        f->rcap = nc;
    }
    memcpy(f->rbuf + f->rlen, tmp, (size_t)n);
    f->rlen += (size_t)n;
    return n;
}

/* ---- checks ----------------------------------------------------------- */

static ObjFile *self_file(Value *args, int nargs, const char *meth)
{
    if (nargs < 1 || !IS_FILE(args[0])) {
        err_format(exc_TypeError, "descriptor '%s' requires a '_io.TextIOWrapper' object", meth);
        return NULL;
    }
    return AS_FILE(args[0]);
}

static int check_open(ObjFile *f)
{
    if (f->closed) {
        err_set(exc_ValueError, "I/O operation on closed file.");
        return -1;
    }
    return 0;
}

static int check_readable(ObjFile *f)
{
    if (check_open(f) < 0)
        return -1;
    if (!f->readable) {
        err_set(file_UnsupportedOperation, "not readable");
        return -1;
    }
    return 0;
}

static int check_writable(ObjFile *f)
{
    if (check_open(f) < 0)
        return -1;
    if (!f->writable) {
        err_set(file_UnsupportedOperation, "not writable");
        return -1;
    }
    return 0;
}

/* Bytes [p, p+n) as the file's result type: bytes, or str after checking
 * the UTF-8 (UnicodeDecodeError at the first bad byte). */
static Value make_result(ObjFile *f, const char *p, size_t n)
{
    if (f->binary)
        return bytes_new((const uint8_t *)p, n);
    if (!utf8_valid(p, n)) {
        size_t i = 0;
        while (i < n) {
            int len;
            uint32_t cp = utf8_decode(p + i, n - i, &len);
            if (len == 1 && (unsigned char)p[i] >= 0x80) {
                (void)cp;
                unsigned char c = (unsigned char)p[i];
                const char *why = (c >= 0x80 && c < 0xC2) || c > 0xF4 ? "invalid start byte"
                                  : (n - i < 4 && i + 1 >= n) ? "unexpected end of data"
                                                              : "invalid continuation byte";
                return exc_unicode_decode("utf-8", (const uint8_t *)p, n, i, i + 1, why);
            }
            i += (size_t)len;
        }
        return exc_unicode_decode("utf-8", (const uint8_t *)p, n, 0, 1, "invalid start byte");
    }
    return str_new(p, n);
}

/* ---- reading ---------------------------------------------------------- */

static Value read_all(ObjFile *f)
{
    for (;;) {
        ssize_t n = fill(f);
        if (n < 0)
            return VNULL;
        if (n == 0)
            break;
    }
    Value r = make_result(f, f->rbuf ? f->rbuf + f->rpos : "", f->rlen - f->rpos);
    f->rpos = f->rlen = 0;
    return r;
}

static bool is_lead(unsigned char c)
{
    return (c & 0xC0) != 0x80;
}

/* n bytes (binary) or n characters (text), fewer at EOF. */
static Value read_n(ObjFile *f, int64_t n)
{
    size_t take = 0;
    int64_t chars = 0;
    for (;;) {
        char *p = f->rbuf ? f->rbuf + f->rpos : NULL;
        size_t avail = f->rlen - f->rpos;
        if (f->binary) {
            take = avail < (size_t)n ? avail : (size_t)n;
        } else {
            take = 0;
            chars = 0;
            while (take < avail) {
                if (is_lead((unsigned char)p[take])) {
                    if (chars == n)
                        break;
                    chars++;
                }
                take++;
            }
        }
        bool done = f->binary ? take == (size_t)n : (chars == n && take < avail);
        if (done || f->eof)
            break;
        ssize_t r = fill(f);
        if (r < 0)
            return VNULL;
        if (r == 0)
            continue; /* eof set: take what there is */
    }
    Value res = make_result(f, f->rbuf ? f->rbuf + f->rpos : "", take);
    if (res)
        f->rpos += take;
    return res;
}

static Value read_line(ObjFile *f, int64_t limit)
{
    size_t scanned = 0;
    for (;;) {
        char *p = f->rbuf ? f->rbuf + f->rpos : NULL;
        size_t avail = f->rlen - f->rpos;
        char *nl = avail > scanned ? memchr(p + scanned, '\n', avail - scanned) : NULL;
        size_t take = nl ? (size_t)(nl - p) + 1 : avail;
        if (limit >= 0 && take > (size_t)limit) {
            take = (size_t)limit;
            if (!f->binary) /* do not split a character */
                while (take < avail && !is_lead((unsigned char)p[take]))
                    take++;
            nl = p; /* done */
        }
        if (nl || f->eof) {
            Value res = make_result(f, p ? p : "", take);
            if (res)
                f->rpos += take;
            f->eof = false; /* a later read may see new data (tty, pipe) */
            return res;
        }
        scanned = avail;
        if (fill(f) < 0)
            return VNULL;
    }
}

static int64_t size_arg(Value v)
{
    if (!v || IS_NONE(v))
        return -1;
    int64_t n;
    if (obj_as_int64(v, &n) < 0)
        return -2;
    return n;
}

static Value m_read(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "read");
    if (!f || args_check("read", nargs - 1, kw, 0, 1) < 0 || check_readable(f) < 0)
        return VNULL;
    int64_t n = size_arg(nargs > 1 ? args[1] : VNULL);
    if (n == -2 && err_occurred())
        return VNULL;
    f->eof = false;
    Value r = n < 0 ? read_all(f) : read_n(f, n);
    f->eof = false;
    return r;
}

static Value m_readline(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "readline");
    if (!f || args_check("readline", nargs - 1, kw, 0, 1) < 0 || check_readable(f) < 0)
        return VNULL;
    int64_t n = size_arg(nargs > 1 ? args[1] : VNULL);
    if (n == -2 && err_occurred())
        return VNULL;
    return read_line(f, n);
}

static Value m_readlines(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "readlines");
    if (!f || args_check("readlines", nargs - 1, kw, 0, 1) < 0 || check_readable(f) < 0)
        return VNULL;
    int64_t hint = size_arg(nargs > 1 ? args[1] : VNULL);
    if (hint == -2 && err_occurred())
        return VNULL;
    Value list = list_new(0);
    int64_t total = 0;
    while (list) {
        Value line = read_line(f, -1);
        if (!line)
            return VNULL;
        int64_t len = f->binary ? AS_BYTES(line)->len : AS_STR(line)->ncp;
        if (len == 0)
            break;
        if (list_append(list, line) < 0)
            return VNULL;
        total += len;
        if (hint > 0 && total >= hint)
            break;
    }
    return list;
}

Value file_readline(Value file)
{
    if (IS_FILE(file)) {
        if (check_readable(AS_FILE(file)) < 0)
            return VNULL;
        return read_line(AS_FILE(file), -1);
    }
    return obj_call_method(file, str_intern_cstr("readline"), NULL, 0);
}

static Value file_iter(Value self)
{
    if (check_open(AS_FILE(self)) < 0)
        return VNULL;
    return self;
}

static Value file_next(Value self)
{
    ObjFile *f = AS_FILE(self);
    if (check_readable(f) < 0)
        return VNULL;
    Value line = read_line(f, -1);
    if (!line)
        return VNULL;
    int64_t len = f->binary ? AS_BYTES(line)->len : AS_STR(line)->len;
    return len ? line : VNULL;
}

/* ---- writing ---------------------------------------------------------- */

static int write_value(ObjFile *f, Value s, int64_t *count)
{
    if (check_writable(f) < 0)
        return -1;
    if (f->binary) {
        if (!IS_BYTES(s)) {
            err_format(exc_TypeError, "a bytes-like object is required, not '%T'", s);
            return -1;
        }
        *count = AS_BYTES(s)->len;
        return wbuf_add(f, (const char *)AS_BYTES(s)->data, (size_t)AS_BYTES(s)->len);
    }
    if (!IS_STR(s) && !(IS_OBJ(s) && type_is_subtype(AS_OBJ(s)->type, &type_str))) {
        err_format(exc_TypeError, "write() argument must be str, not %T", s);
        return -1;
    }
    *count = AS_STR(s)->ncp;
    return wbuf_add(f, AS_STR(s)->data, (size_t)AS_STR(s)->len);
}

static Value m_write(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "write");
    if (!f || args_check("write", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int64_t n;
    if (write_value(f, args[1], &n) < 0)
        return VNULL;
    return int_from_i64(n);
}

static Value m_writelines(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "writelines");
    if (!f || args_check("writelines", nargs - 1, kw, 1, 1) < 0 || check_writable(f) < 0)
        return VNULL;
    Value it = obj_iter(args[1]);
    if (!it)
        return VNULL;
    Value x;
    while ((x = obj_next(it))) {
        int64_t n;
        if (write_value(f, x, &n) < 0)
            return VNULL;
    }
    return err_occurred() ? VNULL : NONE;
}

int file_write_str(Value file, Value s)
{
    if (IS_FILE(file)) {
        ObjFile *f = AS_FILE(file);
        if (!f->binary && IS_STR(s) && f->writable && !f->closed)
            return wbuf_add(f, AS_STR(s)->data, (size_t)AS_STR(s)->len);
        int64_t n;
        return write_value(f, s, &n);
    }
    Value r = obj_call_method(file, str_intern_cstr("write"), &s, 1);
    return r ? 0 : -1;
}

int file_flush(Value file)
{
    if (!file || IS_NONE(file))
        return 0;
    if (IS_FILE(file)) {
        ObjFile *f = AS_FILE(file);
        if (f->closed)
            return 0;
        return flush_buf(f);
    }
    Value r = obj_call_method(file, str_intern_cstr("flush"), NULL, 0);
    return r ? 0 : -1;
}

void file_flush_all(void)
{
    if (!vm_cur)
        return;
    Value saved = vm_cur->exc;
    for (ObjFile *f = open_files; f; f = f->next_open)
        if (!f->closed && f->wlen && flush_buf(f) < 0)
            err_clear();
    vm_cur->exc = saved;
}

static Value m_flush(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "flush");
    if (!f || args_check("flush", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return flush_buf(f) < 0 ? VNULL : NONE;
}

/* ---- closing ---------------------------------------------------------- */

static void unlink_open(ObjFile *f)
{
    if (f->prev_open)
        f->prev_open->next_open = f->next_open;
    else if (open_files == f)
        open_files = f->next_open;
    if (f->next_open)
        f->next_open->prev_open = f->prev_open;
    f->prev_open = f->next_open = NULL;
}

static int close_file(ObjFile *f)
{
    if (f->closed)
        return 0;
    int r = flush_buf(f);
    f->closed = true;
    unlink_open(f);
    if (f->closefd && f->fd >= 0 && close(f->fd) < 0 && r == 0) {
        err_from_errno(exc_OSError, NULL);
        r = -1;
    }
    f->fd = -1;
    return r;
}

static Value m_close(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "close");
    if (!f || args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return close_file(f) < 0 ? VNULL : NONE;
}

static Value m_enter(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "__enter__");
    if (!f || args_check("__enter__", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return args[0];
}

static Value m_exit(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    ObjFile *f = self_file(args, nargs, "__exit__");
    if (!f)
        return VNULL;
    return close_file(f) < 0 ? VNULL : NONE;
}

static void file_finalize(Obj *o)
{
    ObjFile *f = (ObjFile *)o;
    if (!f->closed) {
        /* no objects may be touched here: write what is buffered, raw */
        if (f->wlen)
            (void)!write(f->fd, f->wbuf, f->wlen);
        unlink_open(f);
        if (f->closefd && f->fd >= 0)
            close(f->fd);
        f->closed = true;
    }
    if (f->wbuf)
        mem_free(f->wbuf, f->wcap);
    if (f->rbuf)
        mem_free(f->rbuf, f->rcap);
    f->wbuf = f->rbuf = NULL;
}

static void file_trace(Obj *o)
{
    gc_mark(((ObjFile *)o)->name);
    gc_mark(((ObjFile *)o)->mode);
}

/* ---- positioning and queries ------------------------------------------ */

static Value m_seek(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "seek");
    if (!f || args_check("seek", nargs - 1, kw, 1, 2) < 0 || check_open(f) < 0)
        return VNULL;
    int64_t off, whence = 0;
    if (obj_as_int64(args[1], &off) < 0 || (nargs > 2 && obj_as_int64(args[2], &whence) < 0))
        return VNULL;
    if (whence < 0 || whence > 2)
        return err_format(exc_ValueError, "invalid whence (%lld, should be 0, 1 or 2)",
                          (long long)whence);
    if (!f->binary && whence != 0 && off != 0)
        return err_set(file_UnsupportedOperation,
                       whence == 1 ? "can't do nonzero cur-relative seeks"
                                   : "can't do nonzero end-relative seeks");
    if (flush_buf(f) < 0)
        return VNULL;
    if (whence == 1) /* the OS position is ahead of ours by what is buffered */
        off -= (int64_t)(f->rlen - f->rpos);
    f->rpos = f->rlen = 0;
    f->eof = false;
    off_t r = lseek(f->fd, (off_t)off, (int)whence);
    if (r < 0)
        return err_from_errno(exc_OSError, NULL);
    return int_from_i64((int64_t)r);
}

static Value m_tell(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "tell");
    if (!f || args_check("tell", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    off_t r = lseek(f->fd, 0, SEEK_CUR);
    if (r < 0)
        return err_from_errno(exc_OSError, NULL);
    return int_from_i64((int64_t)r - (int64_t)(f->rlen - f->rpos) + (int64_t)f->wlen);
}

static Value m_truncate(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "truncate");
    if (!f || args_check("truncate", nargs - 1, kw, 0, 1) < 0 || check_writable(f) < 0)
        return VNULL;
    if (flush_buf(f) < 0)
        return VNULL;
    int64_t size;
    if (nargs > 1 && !IS_NONE(args[1])) {
        if (obj_as_int64(args[1], &size) < 0)
            return VNULL;
    } else {
        size = (int64_t)lseek(f->fd, 0, SEEK_CUR) - (int64_t)(f->rlen - f->rpos);
    }
    if (ftruncate(f->fd, (off_t)size) < 0)
        return err_from_errno(exc_OSError, NULL);
    return int_from_i64(size);
}

static Value m_fileno(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "fileno");
    if (!f || args_check("fileno", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return MK_INT(f->fd);
}

static Value m_isatty(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "isatty");
    if (!f || args_check("isatty", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return BOOL_V(isatty(f->fd));
}

static Value m_readable(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "readable");
    if (!f || args_check("readable", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return BOOL_V(f->readable);
}

static Value m_writable(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "writable");
    if (!f || args_check("writable", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return BOOL_V(f->writable);
}

static Value m_seekable(Value *args, int nargs, ObjTuple *kw)
{
    ObjFile *f = self_file(args, nargs, "seekable");
    if (!f || args_check("seekable", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    return BOOL_V(lseek(f->fd, 0, SEEK_CUR) >= 0);
}

static Value get_closed(Value self)
{
    return BOOL_V(AS_FILE(self)->closed);
}

static Value get_name(Value self)
{
    return AS_FILE(self)->name;
}

static Value get_mode(Value self)
{
    return AS_FILE(self)->mode;
}

static Value get_encoding(Value self)
{
    if (AS_FILE(self)->binary)
        return err_set(exc_AttributeError, "'_io.BufferedReader' object has no attribute 'encoding'");
    return str_from_cstr(AS_FILE(self)->fd <= 2 && !AS_FILE(self)->closefd ? "utf-8" : "UTF-8");
}

static Value file_repr(Value self)
{
    ObjFile *f = AS_FILE(self);
    if (f->binary) {
        const char *kind = f->readable && f->writable ? "BufferedRandom"
                           : f->readable              ? "BufferedReader"
                                                      : "BufferedWriter";
        return err_format_str("<_io.%s name=%R>", kind, f->name);
    }
    Value enc = get_encoding(self);
    if (!enc)
        return VNULL;
    return err_format_str("<_io.TextIOWrapper name=%R mode=%R encoding=%R>", f->name, f->mode, enc);
}

/* ---- creation --------------------------------------------------------- */

static ObjFile *file_alloc(int fd, Value name, Value mode)
{
    ObjFile *f = (ObjFile *)gc_new(&type_file, sizeof(ObjFile));
    f->fd = fd;
    f->name = name;
    f->mode = mode;
    f->closefd = true;
    f->next_open = open_files;
    if (open_files)
        open_files->prev_open = f;
    open_files = f;
    return f;
}

/* Parse a mode string into flags; -1 with ValueError if invalid. */
static int parse_mode(const char *mode, int *oflags, bool *rd, bool *wr, bool *bin, bool *app)
{
    int r = 0, w = 0, a = 0, x = 0, plus = 0, b = 0, t = 0;
    for (const char *p = mode; *p; p++) {
        int *c;
        switch (*p) {
        case 'r': c = &r; break;
        case 'w': c = &w; break;
        case 'a': c = &a; break;
        case 'x': c = &x; break;
        case '+': c = &plus; break;
        case 'b': c = &b; break;
        case 't': c = &t; break;
        default: c = NULL; break;
        }
        if (!c || *c) {
            err_format(exc_ValueError, "invalid mode: '%s'", mode);
            return -1;
        }
        *c = 1;
    }
    if (b && t) {
        err_set(exc_ValueError, "can't have text and binary mode at once");
        return -1;
    }
    if (r + w + a + x != 1) {
        err_set(exc_ValueError, "must have exactly one of create/read/write/append mode");
        return -1;
    }
    *rd = r || plus;
    *wr = w || a || x || plus;
    *bin = b;
    *app = a;
    int fl = plus ? O_RDWR : r ? O_RDONLY : O_WRONLY;
    if (w)
        fl |= O_CREAT | O_TRUNC;
    if (a)
        fl |= O_CREAT | O_APPEND;
    if (x)
        fl |= O_CREAT | O_EXCL;
    *oflags = fl | O_CLOEXEC;
    return 0;
}

static Value open_impl(Value path, const char *mode, bool closefd)
{
    int oflags;
    bool rd, wr, bin, app;
    if (parse_mode(mode, &oflags, &rd, &wr, &bin, &app) < 0)
        return VNULL;
    int fd;
    const char *cpath = NULL;
    if (IS_STR(path)) {
        cpath = str_cstr(AS_STR(path));
    } else if (IS_BYTES(path)) {
        cpath = (const char *)AS_BYTES(path)->data;
    } else if (IS_INT(path)) {
        if (AS_INT(path) < 0 || AS_INT(path) > INT32_MAX)
            return err_set(exc_ValueError, "negative file descriptor");
    } else {
        return err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T", path);
    }
    if (cpath) {
        if (strlen(cpath) != (size_t)(IS_STR(path) ? AS_STR(path)->len : AS_BYTES(path)->len))
            return err_set(exc_ValueError, "embedded null byte");
        /* open(2) on a local file does not block for long: no GIL release */
        do
            fd = open(cpath, oflags, 0666);
        while (fd < 0 && errno == EINTR && signal_interrupted() == 0);
        if (fd < 0)
            return err_occurred() ? VNULL : err_from_errno(exc_OSError, cpath);
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            errno = EISDIR;
            return err_from_errno(exc_OSError, cpath);
        }
    } else {
        fd = (int)AS_INT(path);
        if (fcntl(fd, F_GETFD) < 0)
            return err_from_errno(exc_OSError, NULL);
    }
    Value mstr = str_from_cstr(mode);
    if (!mstr)
        return VNULL;
    ObjFile *f = file_alloc(fd, path, mstr);
    f->readable = rd;
    f->writable = wr;
    f->binary = bin;
    f->append = app;
    f->closefd = closefd;
    f->line_buffered = !bin && isatty(fd);
    if (app)
        lseek(fd, 0, SEEK_END);
    return OBJ_VAL(f);
}

Value file_open(Value path, const char *mode)
{
    return open_impl(path, mode ? mode : "r", true);
}

Value file_from_fd(int fd, const char *name, const char *mode)
{
    Value n = str_from_cstr(name), m = str_from_cstr(mode);
    if (!n || !m)
        return VNULL;
    ObjFile *f = file_alloc(fd, n, m);
    f->readable = strchr(mode, 'r') || strchr(mode, '+');
    f->writable = strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+');
    f->binary = strchr(mode, 'b') != NULL;
    f->closefd = false;
    /* stderr is always line-buffered, stdout only on a terminal */
    f->line_buffered = fd == 2 || isatty(fd);
    const char *ub = getenv("PYTHONUNBUFFERED");
    f->unbuffered = (fd == 1 || fd == 2) && ub && *ub;
    return OBJ_VAL(f);
}

/* open(file, mode='r', buffering=-1, encoding=None, errors=None,
 *      newline=None, closefd=True) */
Value file_open_builtin(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"file", "mode", "buffering", "encoding", "errors",
                                         "newline", "closefd", "opener", NULL};
    Value a[8];
    if (args_parse("open", args, nargs, kwnames, params, 1, 8, a) < 0)
        return VNULL;
    const char *mode = "r";
    if (a[1]) {
        if (!IS_STR(a[1]))
            return err_format(exc_TypeError, "open() argument 'mode' must be str, not %T", a[1]);
        mode = str_cstr(AS_STR(a[1]));
    }
    if (a[3] && !IS_NONE(a[3])) {
        if (!IS_STR(a[3]))
            return err_format(exc_TypeError, "open() argument 'encoding' must be str or None, not %T",
                              a[3]);
        if (strchr(mode, 'b'))
            return err_set(exc_ValueError, "binary mode doesn't take an encoding argument");
        const char *e = str_cstr(AS_STR(a[3]));
        if (strcasecmp(e, "utf-8") && strcasecmp(e, "utf8") && strcasecmp(e, "ascii") &&
            strcasecmp(e, "utf_8") && strcasecmp(e, "us-ascii"))
            return err_format(exc_LookupError, "unknown encoding: %s", e);
    }
    bool closefd = true;
    if (a[6]) {
        int tr = obj_truthy(a[6]);
        if (tr < 0)
            return VNULL;
        closefd = tr;
        if (!closefd && !IS_INT(a[0]))
            return err_set(exc_ValueError, "Cannot use closefd=False with file name");
    }
    return open_impl(a[0], mode, closefd);
}

static const MethodDef file_methods[] = {
    {"read", m_read},         {"readline", m_readline}, {"readlines", m_readlines},
    {"write", m_write},       {"writelines", m_writelines}, {"flush", m_flush},
    {"close", m_close},       {"__enter__", m_enter},   {"__exit__", m_exit},
    {"seek", m_seek},         {"tell", m_tell},         {"truncate", m_truncate},
    {"fileno", m_fileno},     {"isatty", m_isatty},     {"readable", m_readable},
    {"writable", m_writable}, {"seekable", m_seekable}, {NULL, NULL},
};

Type type_file = {
    .name = "TextIOWrapper",
    .inst_size = sizeof(ObjFile),
    .kind = KIND_OTHER,
    .trace = file_trace,
    .finalize = file_finalize,
    .repr = file_repr,
    .iter = file_iter,
    .next = file_next,
};

/* At process exit the interpreter may be half torn down: write raw. */
static void flush_at_exit(void)
{
    for (ObjFile *f = open_files; f; f = f->next_open) {
        size_t off = 0;
        while (!f->closed && off < f->wlen) {
            ssize_t r = write(f->fd, f->wbuf + off, f->wlen - off);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            off += (size_t)r;
        }
        f->wlen = 0;
    }
}

void file_init(void)
{
    type_file.base = &type_object;
    type_ready(&type_file, file_methods);
    type_file.module = str_intern_cstr("_io");
    exc_add_getset(&type_file, "closed", get_closed, NULL);
    exc_add_getset(&type_file, "name", get_name, NULL);
    exc_add_getset(&type_file, "mode", get_mode, NULL);
    exc_add_getset(&type_file, "encoding", get_encoding, NULL);

    unsupported_type.name = "UnsupportedOperation";
    unsupported_type.base = exc_OSError;
    unsupported_type.flags = TF_BASETYPE | TF_EXCEPTION | TF_HAS_DICT;
    unsupported_type.kind = KIND_EXCEPTION;
    unsupported_type.inst_size = sizeof(ObjException);
    type_ready(&unsupported_type, NULL);
    unsupported_type.module = str_intern_cstr("io");
    file_UnsupportedOperation = &unsupported_type;
    atexit(flush_at_exit);
}
