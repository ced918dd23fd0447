/* modules/posix.h — what posix.c shares with the other OS-level modules
 * (_io's FileIO, the C os module until CPython's os.py replaces it):
 * path arguments, OSError with file names, C int arguments. */
#ifndef BATON_POSIX_H
#define BATON_POSIX_H

#include "object.h"

/* A path argument, CPython's path_t.  Fill fn/argname/nullable/allow_fd,
 * then posix_path() converts str (file system encoding), bytes and
 * os.PathLike to a C string, an int to an fd (allow_fd), None to NULL
 * (nullable). */
typedef struct {
    const char *fn;        /* function name for messages ("stat") */
    const char *argname;   /* "path" */
    bool nullable, allow_fd;
    Value object;          /* the argument as given (for OSError.filename) */
    Value holder;          /* the str or bytes narrow points into */
    const char *narrow;    /* NUL-terminated path, NULL for an fd or None */
    int fd;                /* the fd, or -1 */
    bool is_bytes;         /* a bytes path: names come back as bytes */
} PathArg;

#define PATH_ARG(fname, arg, null, fd) {(fname), (arg), (null), (fd), 0, 0, NULL, -1, false}

int posix_path(Value v, PathArg *p);
/* os.fspath(v): str or bytes, TypeError otherwise. */
Value posix_fspath(Value v);
/* A file name from the OS as str (file system encoding) or bytes. */
Value posix_fsdecode(const char *s, size_t len, bool as_bytes);
/* Raise the OSError subclass for err with filename(s) (VNULL: none). */
Value posix_error(int err, Value filename, Value filename2);
/* A C int argument: TypeError / OverflowError as CPython's int converter. */
int posix_int_arg(Value v, int *out);
/* The same with PyArg_Parse's "i" messages when pyarg_i ("signed integer
 * is greater than maximum"), as the time and _locale functions use. */
int posix_c_int(Value v, int *out, bool pyarg_i);
/* An fd argument that may also be an object with fileno() (fsync…). */
int posix_fildes(Value v, int *out);
/* posixpath's normpath on a byte string (the result has v's type). */
Value posix_normpath(const char *p, size_t len, bool as_bytes);
/* fork() with the at-fork handlers registered through os.register_at_fork. */
Value posix_fork(void);
/* A C long long argument (offsets, sizes, ids). */
int posix_long_arg(Value v, long long *out);
/* Set or clear O_NONBLOCK (blocking) / FD_CLOEXEC (!blocking): on means
 * blocking or inheritable.  -1 with errno set. */
int posix_set_fd_flag(int fd, bool blocking, bool on);
struct stat;
Value posix_stat_value(const struct stat *st);  /* os.stat_result */
/* posix_proc.c: the process functions and constants of the module. */
void posix_add_proc(ObjModule *m);

/* rc = expr with the GIL released (gil.h), retried after EINTR once the
 * signal handlers have run (PEP 475).  err: 0 on success, errno on
 * failure, -1 when a signal handler raised (the exception is set). */
#define BLOCKING_CALL(reason, rc, err, expr)                  \
    do {                                                      \
        for (;;) {                                            \
            int saved_;                                       \
            GIL_RELEASE(reason);                              \
            rc = (expr);                                      \
            saved_ = errno;                                   \
            GIL_ACQUIRE();                                    \
            (err) = rc < 0 ? saved_ : 0;                      \
            if ((err) != EINTR)                               \
                break;                                        \
            if (signal_interrupted() < 0) {                   \
                (err) = -1;                                   \
                break;                                        \
            }                                                 \
        }                                                     \
    } while (0)

#endif
