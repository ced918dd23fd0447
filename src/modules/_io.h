/* modules/_io.h — what the files of the _io module share (_io.c,
 * _io_fileio.c, _io_buffered.c, _io_text.c, _io_bytesio.c,
 * _io_stringio.c): the object layouts, the types, and helpers.
 *
 * Every _io object starts with ObjIOBase: the object header, a __dict__
 * (as CPython's _io objects have one) and IOBase's own closed flag.  The
 * C types are subclassable by scripts (CPython's Lib/io.py derives its ABCs
 * from them); their tp_new only allocates for a subclass, whose __init__
 * (ours, reached through super(), or the class's own) does the rest, and
 * allocates and initialises at once for the exact type.
 */
#ifndef BATON_IO_H
#define BATON_IO_H

#include <pthread.h>
#include <stdatomic.h>

#include "containers.h"
#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "objcore.h"
#include "str.h"

#define IO_DEFAULT_BUFFER_SIZE 8192

typedef struct {
    Obj obj;
    ObjDict *dict;
    bool closed;       /* IOBase.close() was called (CPython's __IOBase_closed) */
} ObjIOBase;

/* An open fd shared by a FileIO and the buffered objects over it, so that
 * whatever order the collector finalises them in, buffered data is written
 * before the fd is closed: the fd is closed (if closefd) when the last
 * holder lets go, or at once by an explicit close(). */
typedef struct {
    int fd;            /* -1 once closed */
    bool closefd;
    int refs;
} FdBox;

typedef struct {
    ObjIOBase base;
    FdBox *box;        /* NULL before __init__ */
    bool readable, writable, appending, created;
    signed char seekable; /* -1 not known yet */
    int blksize;
} ObjFileIO;

enum { BUF_READER, BUF_WRITER, BUF_RANDOM };

typedef struct {
    ObjIOBase base;
    Value raw;
    FdBox *box;        /* raw is exactly a FileIO: its fd, for the fast path */
    int kind;          /* BUF_* */
    bool ok, detached;
    int64_t size;      /* buffer_size */
    uint8_t *rbuf;     /* read-ahead: rbuf[rpos .. rend) not yet returned */
    int64_t rpos, rend;
    uint8_t *wbuf;     /* written, not yet passed to raw: wbuf[0 .. wlen) */
    int64_t wlen;
    int64_t abs_pos;   /* raw's position, -1 unknown */
    _Atomic bool busy;     /* the object's lock, held across raw calls */
    Thread *owner;
    int waiters;
    pthread_mutex_t lock;  /* with cond: waiting for busy to clear */
    pthread_cond_t cond;
    bool lock_init;
} ObjBuffered;

typedef struct {
    ObjIOBase base;
    Value reader, writer;
} ObjRWPair;

typedef struct {
    ObjIOBase base;
    uint8_t *data;
    int64_t len, cap, pos;
    BufferExport *export; /* getbuffer() views alive: no writes, no resizing */
    bool closed_;
} ObjBytesIO;

/* IncrementalNewlineDecoder's state; TextIOWrapper keeps one inline for
 * its native codecs. */
typedef struct {
    bool translate, pendingcr;
    int seennl;        /* SEEN_LF | SEEN_CR | SEEN_CRLF */
} NlState;
enum { SEEN_LF = 1, SEEN_CR = 2, SEEN_CRLF = 4 };

typedef struct {
    ObjIOBase base;
    Value decoder;     /* the wrapped decoder, or None */
    NlState nl;
    bool ok;
} ObjNlDecoder;

extern Type io_type_iobase, io_type_rawiobase, io_type_bufferediobase, io_type_textiobase;
extern Type io_type_fileio, io_type_bytesio, io_type_stringio;
extern Type io_type_reader, io_type_writer, io_type_random, io_type_rwpair;
extern Type io_type_textio, io_type_nldecoder;
extern Type *io_UnsupportedOperation;

/* ---- _io.c: helpers every file uses ------------------------------------- */

/* Raise io.UnsupportedOperation(msg). */
Value io_unsupported(const char *msg);
/* ValueError "I/O operation on closed file." (msg NULL) or msg. */
Value io_closed_error(const char *msg);
/* Is obj.closed true?  -1 on error. */
int io_is_closed(Value obj);
/* The interned string for a name given as a string literal (cached). */
ObjStr *io_name(const char *lit);
/* obj.name(*args) with an interned name. */
Value io_call(Value obj, const char *name, Value *args, int nargs);
Value io_call0(Value obj, const char *name);
Value io_call1(Value obj, const char *name, Value arg);
/* obj.name, VNULL with no error if missing. */
Value io_getattr_opt(Value obj, const char *name);
/* A size argument: None or absent -> -1; else an index. */
int io_size_arg(Value v, int64_t *out);
/* A new object of type t (tp_new's allocation, dict slot zeroed). */
Obj *io_alloc(Type *t, size_t size);
/* tp_new for the _io types: allocate; for the exact type also run the
 * type's __init__ with the arguments. */
Value io_tp_new_init(Type *t, Value *args, int nargs, ObjTuple *kw, size_t size,
                     NativeFn init);
/* Finish a static _io type: name "_io.X", __module__ "_io", dict slot. */
void io_type_ready(Type *t, const MethodDef *methods, Type *base, size_t size);
/* Add a read-only or writable attribute to one of the _io types. */
void io_add_getset(Type *t, const char *name, GetterFn get, SetterFn set);
/* Objects whose buffered data must be written out at exit (weakly held). */
void io_track(Value obj);
/* readinto()'s argument: a writable buffer (TypeError as CPython's "w*"
 * otherwise); buffer_release follows. */
int io_writable_buffer(Value v, Buffer *view);
/* self.flush(), then inner.close() even if that failed (the exceptions
 * chained as CPython does): the close() of buffered and text objects. */
Value io_flush_and_close(Value self, Value inner);
/* truncate(size=None): None -> pos; a negative size -> ValueError(neg_fmt % size). */
int io_truncate_arg(Value *args, int nargs, int64_t pos, const char *neg_fmt, int64_t *out);
/* seek(pos, whence=0)'s two ints (args[1], args[2]). */
int io_seek_args(Value *args, int nargs, int64_t *pos, int64_t *whence);
/* __setstate__'s dict item into the object's __dict__ (None: nothing). */
int io_setstate_dict(ObjIOBase *b, Value d, const char *what);
/* "<_io.X name='...'>"-style repr helper: name attribute if it has one. */
Value io_repr_named(Value self, const char *tname, const char *extra);

/* ---- _io_fileio.c ------------------------------------------------------- */

void io_fileio_init(void);
/* FileIO(fd, mode) for sys.stdin/stdout/stderr (closefd False). */
Value io_fileio_from_fd(int fd, const char *mode, Value name);
/* Raw I/O on a FileIO's fd with the GIL released: bytes, 0 at EOF, -1
 * with an exception, -2 for EAGAIN (non-blocking, nothing done). */
int64_t io_fd_read(int fd, uint8_t *buf, size_t n);
int64_t io_fd_write(int fd, const uint8_t *buf, size_t n);
void io_box_release(FdBox *b);
FdBox *io_box_retain(FdBox *b);
int io_fileio_blksize(Value raw);

/* ---- _io_buffered.c ----------------------------------------------------- */

void io_buffered_init(void);
Value io_buffered_new(Type *t, Value raw, int64_t size);
/* BufferedWriter/Random.write without a bytes object (the TextIOWrapper
 * and print fast path): closed check, lock, buffer; 0 or -1. */
int io_buffered_write_locked(ObjBuffered *b, const uint8_t *data, size_t n);
int io_buffered_flush(ObjBuffered *b);
/* At most n bytes with at most one raw read (read1), into a new bytes. */
Value io_buffered_read1(ObjBuffered *b, int64_t n);
/* Write buffered data straight to the fd (exit, finalisation): no Python
 * code runs, no exception is raised. */
void io_buffered_flush_raw(ObjBuffered *b);
bool io_is_buffered(Value v);
/* In a fork child: the lock is free (its holder is gone). */
void io_buffered_after_fork(ObjBuffered *b);

/* ---- _io_text.c --------------------------------------------------------- */

void io_text_init(void);
Value io_textio_new(Value buffer, const char *encoding, const char *errors, Value newline,
                    bool line_buffering, bool write_through);
/* TextIOWrapper.write fast path for print(): 0, or -1 with an exception;
 * 1 when file is not a plain TextIOWrapper (the caller calls write()). */
int io_textio_write_fast(Value file, ObjStr *s);
int io_textio_flush(Value file);    /* 1: not a TextIOWrapper */
Value io_textio_readline(Value file); /* VNULL + no error: not a TextIOWrapper */
/* IncrementalNewlineDecoder.newlines for a seennl mask */
Value io_newlines_value(int seennl);
/* newline translation of decoded text (IncrementalNewlineDecoder.decode
 * after the codec) */
Value io_nl_decode(NlState *st, Value text, bool final);

/* ---- _io_bytesio.c / _io_stringio.c -------------------------------------- */

void io_bytesio_init(void);
void io_stringio_init(void);

#endif
