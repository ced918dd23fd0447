/* vm.h — interpreter threads, the eval breaker, errors, and running code.
 *
 * Each OS thread that runs bytecode has a Thread: its value stack, its
 * frames, its current exception.  vm_cur is the running thread (thread
 * local).  Only the GIL holder touches interpreter objects.
 */
#ifndef BATON_VM_H
#define BATON_VM_H

#include <setjmp.h>
#include <stdatomic.h>

#include "object.h"

typedef struct Frame Frame; /* vm.c */

typedef struct Thread {
    /* exceptions */
    Value exc;          /* the exception being raised now, or VNULL */
    Value exc_info;     /* the exception being handled (sys.exc_info()[1]),
                           or VNULL; PUSH_EXC_INFO/POP_EXCEPT save/restore */
    /* execution */
    Value *stack;       /* value stack (mem_alloc'd, precisely scanned) */
    Value *stack_limit;
    struct Frame *frames_base; /* the frames region, just below stack */
    size_t region_bytes;       /* frames + values, one mapping */
    Value *sp_hint;     /* top of the used stack region for the GC */
    Frame *frame;       /* innermost running frame */
    int depth;          /* Python call depth, for the recursion limit */
    int cdepth;         /* nested C-level calls into the VM */
    Value async_exc;    /* exception to raise at the next safepoint */
    /* conservative stack scanning (gc.c) */
    void *gc_stack_base;   /* highest address of this thread's C stack */
    void *gc_stack_top;    /* saved stack pointer while the GIL is released */
    jmp_buf gc_regs;       /* saved registers while the GIL is released */
    bool gc_parked;        /* true while the GIL is released */
    /* identity (threads module fills these) */
    uint64_t ident;
    uint64_t native_id;
    Value handle;          /* the script-level Thread object, or VNULL */
    Value name;            /* ObjStr for traces and stats */
    /* the current contextvars.Context (modules/_contextvars.c), or VNULL
     * until the thread first uses one: a new thread starts empty */
    Value context;
    /* the list of all threads (guarded by the GIL) */
    struct Thread *next, *prev;
    /* per-thread GIL accounting and tracing state (gil.c) */
    void *gil_data;
    int gil_ticks;         /* EB_GIL_TICK: check points left before gil_tick */
    /* sys.settrace / sys.setprofile (tracefn.c) */
    Value trace_fn, profile_fn; /* VNULL when not set */
    bool tracing;          /* dispatch through the tracing path: a hook is
                              set and none is running now */
    /* sys.set_asyncgen_hooks and the coroutine origin tracking depth:
     * per thread, as CPython's (modules/sys.c) */
    Value agen_firstiter, agen_finalizer; /* VNULL when not set */
    int64_t coro_origin_depth;
} Thread;

extern _Thread_local Thread *vm_cur;
extern Thread *vm_threads;   /* all threads, linked by next */
extern Thread *vm_main_thread;

/* The eval breaker: one word, checked at backward jumps and calls. */
#define EB_GIL_DROP 0x1u   /* another thread waits for the GIL */
#define EB_SIGNAL 0x2u     /* a signal handler ran (SIGINT) */
#define EB_GC 0x4u         /* the allocator wants a collection */
#define EB_ASYNC_EXC 0x8u  /* some thread has async_exc set */
#define EB_GIL_TICK 0x10u  /* the GIL counts check points (--gil=old): each
                              one decrements vm_cur->gil_ticks, gil_tick at 0 */
extern _Atomic uint32_t vm_eval_breaker;
void vm_request(uint32_t bits);    /* set bits (any thread, signal-safe) */
void vm_clear_request(uint32_t bits);

/* Lifecycle */
void vm_init(int argc, char **argv);  /* types, builtins, sys, main thread */
Thread *vm_thread_new(void);          /* allocate + link a Thread */
void vm_thread_free(Thread *t);
/* Mark every root the VM owns: thread value stacks and frames, exc state,
 * sys.modules, builtins, interned names.  Called by gc_collect. */
void vm_mark_roots(void);
/* Handle pending eval-breaker work now (GC, signals, GIL drop, async exc);
 * returns -1 if an exception was raised (KeyboardInterrupt…). */
int vm_handle_breaker(void);

/* Running code */
/* Run a module-level code object with globals (and locals == globals
 * unless given).  Returns the value of the code (None) or VNULL. */
Value vm_run_code(ObjCode *code, ObjDict *globals, ObjDict *locals);
/* Call a Python function object (the function type's call slot). */
Value vm_call_function(Value func, Value *args, int nargs, ObjTuple *kwnames);
/* Import a module by (dotted) name: sys.modules, then built-in C modules,
 * then the lib/ modules compiled into the binary, then .py files on
 * sys.path.  Returns the module (the leaf for dotted names). */
Value vm_import(ObjStr *name);
/* Introspection for builtins: the innermost running frame's globals dict,
 * its locals (a dict: the real one in module/class bodies, a new snapshot
 * in functions), and zero-argument super() for the calling method. */
Value vm_current_globals(void);
Value vm_current_locals(void);
Value vm_super_noargs(void);
/* The builtins module's dict and sys.modules. */
extern ObjDict *vm_builtins;
extern ObjDict *vm_modules;
extern int vm_recursion_limit;

/* ---- error.c: raising, inspecting and printing exceptions ------------- */

/* Exception types (created by exc_init in exceptions.c). */
extern Type *exc_BaseException, *exc_SystemExit, *exc_KeyboardInterrupt,
    *exc_GeneratorExit, *exc_Exception, *exc_StopIteration, *exc_ArithmeticError,
    *exc_ZeroDivisionError, *exc_OverflowError, *exc_AssertionError,
    *exc_AttributeError, *exc_ImportError, *exc_ModuleNotFoundError,
    *exc_LookupError, *exc_IndexError, *exc_KeyError, *exc_NameError,
    *exc_UnboundLocalError, *exc_OSError, *exc_FileNotFoundError,
    *exc_FileExistsError, *exc_PermissionError, *exc_IsADirectoryError,
    *exc_TimeoutError, *exc_RuntimeError, *exc_RecursionError,
    *exc_NotImplementedError, *exc_TypeError, *exc_ValueError,
    *exc_UnicodeError, *exc_UnicodeDecodeError, *exc_UnicodeEncodeError,
    *exc_SyntaxError, *exc_IndentationError, *exc_TabError, *exc_EOFError,
    *exc_MemoryError, *exc_BufferError, *exc_StopAsyncIteration,
    *exc_ChildProcessError, *exc_BrokenPipeError, *exc_InterruptedError,
    *exc_ProcessLookupError, *exc_ConnectionError;
extern Type *exc_SystemError; /* more in exceptions.h */
void exc_init(void);

/* Raise: each returns VNULL so that `return err_format(...)` reads well.
 * err_format understands %s (char*), %d, %ld, %lld, %zd, %c, %%,
 * %S (str(value)), %R (repr(value)), %T (type name of value), %N (ObjStr*). */
Value err_set(Type *t, const char *msg);
Value err_format(Type *t, const char *fmt, ...);
Value err_set_value(Value exc);          /* raise an instance or a class */
Value err_no_memory(void);
/* Out of memory where VNULL cannot be returned (gc.c's reserve path): the
 * current thread raises MemoryError at its next safepoint. */
void err_no_memory_async(void);
/* Preallocate the MemoryError instance (vm_init). */
void err_init_memory(void);
Value err_from_errno(Type *t_default, const char *filename); /* OSError family by errno */
bool err_occurred(void);
bool err_matches(Type *t);               /* current exception is a t */
Value err_fetch(void);                   /* take the current exception (clears) */
void err_clear(void);
/* A new exception instance: t(*args) without running Python __init__. */
Value exc_new(Type *t, ObjTuple *args);
Value exc_new_msg(Type *t, const char *msg);
/* Raise SyntaxError/IndentationError t with CPython's attributes: msg,
 * filename, lineno, offset (1-based column of the caret), text (the source
 * line, without its newline).  Used by the compiler. */
Value err_syntax(Type *t, const char *msg, const char *filename, int lineno,
                 int offset, const char *text);
/* Add a traceback entry (code, line) to the exception being raised. */
void err_add_traceback(ObjCode *code, int line, int lasti, Value frame); /* lasti: instruction index or -1 */
/* Print exc as CPython does on an uncaught exception: the chained causes/
 * contexts, "Traceback (most recent call last):", File/line/name lines with
 * the source line, and "Type: message"; SyntaxError in its own form. */
void err_print(Value exc, FILE *out);
/* One traceback entry: '  File "f", line N, in name' and the source line. */
void err_print_location(FILE *out, ObjCode *code, int line);
/* An exception that cannot propagate (in a finalizer, a callback): print
 * "<prefix><what>" and its traceback to stderr, as CPython's
 * PyErr_WriteUnraisable does ("Exception ignored in: <function …>"). */
void err_write_unraisable(const char *prefix, const char *what, Value exc);
/* Exit status for an uncaught SystemExit (prints its message if any). */
int err_system_exit_code(Value exc);

#endif
