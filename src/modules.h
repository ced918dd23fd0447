/* modules.h — the built-in modules written in C, and the lib/ modules
 * written in baton and compiled into the binary. */
#ifndef BATON_MODULES_H
#define BATON_MODULES_H

#include "object.h"

typedef Value (*ModuleInitFn)(void); /* returns a new ObjModule or VNULL */

typedef struct { const char *name; ModuleInitFn init; } BuiltinModule;
extern const BuiltinModule modules_builtin[]; /* NULL-terminated (module.c) */

/* Sources of the lib/ modules, generated at build time (lib_sources.c). */
/* name is the full dotted name; is_package is set for a/__init__.py. */
typedef struct { const char *name; const char *source; size_t len; int is_package; } LibModule;
extern const LibModule modules_lib[]; /* NULL-terminated */

void builtins_init(void);       /* builtins.c: fills vm_builtins */
Value mod_sys_init(void);       /* mod_sys.c */
Value mod_time_init(void);      /* mod_time.c */
Value mod_math_init(void);      /* mod_math.c */
Value mod_random_init(void);    /* mod_random.c */
Value mod_os_init(void);        /* mod_os.c  (also os.path as "posixpath") */
Value mod_posixpath_init(void); /* mod_os.c */
Value mod_thread_init(void);    /* mod_thread.c: _thread */
Value mod_signal_init(void);    /* mod_signal.c: signal */
Value mod_pickle_init(void);    /* mod_pickle.c: pickle */
Value mod_mp_init(void);        /* mod_mp.c: _mp (multiprocessing's C layer) */
Value mod_gil_init(void);       /* mod_gil.c: gil (baton only) */

/* sys helpers other parts use */
void sys_set_argv(int argc, char **argv);
Value sys_get_stdout(void);     /* the current sys.stdout object */
Value sys_get_stderr(void);

/* file.c: open() and the file objects behind sys.stdin/stdout/stderr. */
extern Type type_file;
void file_init(void);
Value file_open(Value path, const char *mode);
Value file_from_fd(int fd, const char *name, const char *mode);
/* Write a str to a file-like object (fast path for our file objects). */
int file_write_str(Value file, Value s);
int file_flush(Value file);

#endif
