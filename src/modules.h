/* modules.h — the built-in modules written in C, and the lib/ modules
 * written in baton and compiled into the binary. */
#ifndef BATON_MODULES_H
#define BATON_MODULES_H

#include "object.h"

typedef Value (*ModuleInitFn)(void); /* returns a new ObjModule or VNULL */

typedef struct { const char *name; ModuleInitFn init; } BuiltinModule;
extern const BuiltinModule modules_builtin[]; /* NULL-terminated (module.c) */
/* Run by import.c when a module of this name (from CPython's Lib/) has
 * run its body: native parts put into a pure-Python module.  Returns -1
 * with an exception raised. */
typedef struct { const char *name; int (*loaded)(Value module); } ImportHook;
extern const ImportHook modules_after_import[]; /* NULL-terminated (table.c) */
int asyncio_tasks_loaded(Value module); /* modules/asyncio_tasks.c: asyncio.tasks */

/* Sources of the lib/ modules, generated at build time (lib_sources.c). */
/* name is the full dotted name; is_package is set for a/__init__.py. */
typedef struct { const char *name; const char *source; size_t len; int is_package; } LibModule;
extern const LibModule modules_lib[]; /* NULL-terminated */

void builtins_init(void);       /* builtins.c: fills vm_builtins */
Value mod_sys_init(void);       /* modules/sys.c */
Value mod_time_init(void);      /* modules/time.c */
Value mod_math_init(void);      /* modules/math.c */
Value mod_cmath_init(void);     /* modules/cmath.c */
Value mod_thread_init(void);    /* modules/_thread.c: _thread */
Value mod__signal_init(void);   /* modules/_signal.c: _signal */
Value mod_signal_init(void);    /* modules/_signal.c: the same, as signal */
Value mod_posixsubprocess_init(void); /* modules/_posixsubprocess.c: fork_exec */
Value mod_mp_init(void);        /* modules/_mp.c: _mp (multiprocessing's C layer) */
Value mod_gil_init(void);       /* modules/gil.c: gil (baton only) */
Value mod_weakref_init(void);   /* modules/_weakref.c */
Value mod_gc_init(void);        /* modules/gc.c */
Value mod_imp_init(void);       /* modules/_imp.c: what importlib calls */
Value mod_warnings_init(void);  /* modules/_warnings.c */
Value mod_sre_init(void);       /* modules/_sre.c: _sre (re's engine) */
Value mod_unicodedata_init(void); /* modules/unicodedata.c */
Value mod_codecs_init(void);    /* modules/_codecs.c: _codecs */
Value mod_struct_init(void);    /* modules/_struct.c: _struct (under Lib/struct.py) */
Value mod_lzma_init(void); /* modules/_lzma.c: _lzma (liblzma) */
Value mod_termios_init(void); /* modules/termios.c: termios */
Value mod_pyexpat_init(void); /* modules/pyexpat.c: pyexpat (libexpat) */
Value mod_bz2_init(void); /* modules/_bz2.c: _bz2 (libbz2) */
Value mod_array_init(void); /* modules/array.c: array */
Value mod_blake2_init(void); /* modules/_blake2.c: _blake2 (RFC 7693) */
Value mod_hashlib_init(void); /* modules/_hashlib.c: _hashlib (OpenSSL) */
Value mod_zlib_init(void); /* modules/zlib.c: zlib */
Value mod_binascii_init(void); /* modules/binascii.c: binascii */
Value mod_collections_init(void); /* modules/_collections.c: _collections (deque, defaultdict) */
Value mod_functools_init(void); /* modules/_functools.c: _functools (partial, lru_cache) */
Value mod_operator_init(void); /* modules/_operator.c: _operator */
Value mod_heapq_init(void); /* modules/_heapq.c: _heapq */
Value mod_bisect_init(void); /* modules/_bisect.c: _bisect */
Value mod_abc_init(void); /* modules/_abc.c: _abc (under Lib/abc.py) */
Value mod_string_init(void); /* modules/_string.c: _string (under Lib/string.py) */
Value mod_itertools_init(void); /* modules/itertools.c: itertools */
Value mod_errno_init(void);     /* modules/errno.c: errno */
Value mod_stat_init(void);      /* modules/_stat.c: _stat */
Value mod_atexit_init(void);    /* modules/atexit.c: atexit */
Value mod_marshal_init(void);   /* modules/marshal.c: marshal */
Value mod_locale_init(void);    /* modules/_locale.c: _locale */
Value mod_io_init(void);        /* modules/_io.c (+ _io_*.c): _io */
Value mod_posix_init(void);     /* modules/posix.c + posix_proc.c: posix */
Value mod__socket_init(void);   /* modules/_socket.c: _socket (under Lib/socket.py) */
Value mod_select_init(void);    /* modules/select.c: select, poll, epoll */

/* modules/_locale.c: LC_CTYPE from the environment (coercing the C locale
 * to C.UTF-8), what CPython does at start-up; main calls it first. */
void locale_startup(void);
Value mod_opcode_init(void); /* modules/_opcode.c: _opcode (CPython 3.11 stack effects) */
Value mod__random_init(void); /* modules/_random.c: _random (Random, under Lib/random.py) */
Value mod_contextvars_init(void); /* modules/_contextvars.c: _contextvars */
Value mod_json_init(void); /* modules/_json.c: _json (Lib/json speedups) */
Value mod_csv_init(void); /* modules/_csv.c: _csv (under Lib/csv.py) */
Value mod_ast_init(void); /* modules/_ast.c: _ast (the node classes under Lib/ast.py) */
/* modules/_ast.c: compile(..., PyCF_ONLY_AST): the source's tree as _ast
 * nodes (mode is a CompileMode); VNULL with an exception on error. */
Value ast_from_source(const char *src, size_t len, const char *filename, int mode);
Value mod__pickle_init(void); /* modules/_pickle.c: _pickle (under Lib/pickle.py) */

/* sys helpers other parts use */
/* What the command line and the PYTHON* variables asked for (main.c fills
 * it before vm_init; sys.flags, sys.warnoptions and sys._xoptions show it). */
typedef struct {
    int debug, inspect, interactive, optimize, dont_write_bytecode, no_user_site, no_site,
        ignore_environment, verbose, bytes_warning, quiet, isolated;
    bool safe_path;  /* -P: no script folder or cwd in front of sys.path */
    bool unbuffered; /* -u: sys.stdout/stderr over the FileIO directly */
    const char **warnoptions, **xoptions;
    int nwarnoptions, nxoptions;
} SysConfig;
extern SysConfig sys_config;
extern bool sys_finalizing;         /* sys.is_finalizing() */
/* The hooks sys.set_asyncgen_hooks stored (VNULL if none). */
void sys_asyncgen_hooks(Value *firstiter, Value *finalizer);
void sys_set_argv(int argc, char **argv);
Value sys_get_stdout(void);     /* the current sys.stdout object */
Value sys_get_stderr(void);
Value sys_get_displayhook(void); /* sys.displayhook (PRINT_EXPR calls it) */

/* modules/_io.c: open() and the file objects behind sys.stdin/stdout/
 * stderr (TextIOWrapper over BufferedWriter/Reader over FileIO). */
void file_init(void);      /* the _io types, at start-up (vm_init) */
Value file_open(Value path, const char *mode);
Value file_from_fd(int fd, const char *name, const char *mode);
/* Write a str to a file-like object (fast path for our file objects). */
int file_write_str(Value file, Value s);
int file_flush(Value file);

#endif
