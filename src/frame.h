/* frame.h — what vm.c shares with func.c and module.c: the frame record,
 * the generator object, and the VM entry points behind generators.
 *
 * Frames live in a per-thread array right below the thread's value stack
 * (one mmap'd region), linked innermost-first by prev.  A frame's locals
 * ("localsplus") and its value stack are a window of the thread's value
 * stack; a call pushes a frame in the same C loop, so Python-to-Python calls
 * cost no C recursion and no malloc.  A suspended generator keeps its frame
 * fields and a heap copy of its locals + stack; resuming copies them back on
 * top of the thread's stack.
 */
#ifndef BATON_FRAME_H
#define BATON_FRAME_H

#include "vm.h"

typedef struct ObjGenerator ObjGenerator;
typedef struct ObjFrame ObjFrame; /* frameobj.c: a frame seen by scripts */

struct Frame {
    const uint32_t *pc;   /* next instruction (saved when not innermost) */
    Value *locals;        /* localsplus; the value stack follows */
    Value *top;           /* highest slot this frame may use (GC, re-entry) */
    Value *ret;           /* caller's slot for the result; NULL if entry */
    ObjCode *code;
    ObjFunction *func;    /* NULL for module code run by vm_run_code */
    ObjDict *globals;
    ObjDict *locals_dict; /* module/class namespace for *_NAME, or NULL */
    ObjGenerator *gen;    /* the generator this frame runs, or NULL */
    Frame *prev;
    Value *sp;            /* the stack top while it waits in a C call or at a
                             safepoint, else NULL: what the GC scans */
    ObjFrame *fobj;       /* its frame object, if a script asked for one */
    bool entry;           /* returning from it leaves the C-level run() */
    uint8_t tstate;       /* sys.settrace: FT_* (what the tracing dispatch
                             still owes this frame) */
};

/* Frame.tstate.  push_frame leaves FT_FRESH: the tracing dispatch sends
 * the 'call' event if the frame is at its first instruction (a frame that
 * was already running when tracing began is not); a resumed generator
 * starts FT_CALL (always a 'call'), and FT_DONE once it was sent. */
enum { FT_FRESH, FT_CALL, FT_DONE };

/* A frame seen by scripts (frameobj.c).  The tracing fields are read by
 * tracefn.c, which runs trace and profile functions. */
struct ObjFrame {
    Obj obj;
    Frame *live;            /* the running frame, or NULL */
    ObjCode *code;
    ObjDict *globals;
    Value locals;           /* after return: tuple copy of the local slots */
    Value ns;               /* module/class namespace (f_locals is it) */
    Value locals_dict;      /* the dict f_locals returns for functions */
    ObjFrame *back;         /* the caller's frame object, once known */
    ObjGenerator *gen;      /* a generator's frame: its state while suspended */
    int lineno, lasti;
    bool back_known;
    /* tracing (sys.settrace) */
    bool trace_lines;       /* f_trace_lines (True by default) */
    bool trace_opcodes;     /* f_trace_opcodes */
    int8_t event;           /* the TRACE_* event being delivered to this
                               frame's hook, or -1 (f_lineno is settable
                               in a 'line' event) */
    Value f_trace;          /* the local trace function, or VNULL */
    int last_line;          /* line of the last instruction traced, -1 none */
    int last_idx;           /* index of that instruction, -1 none */
    int jump_to;            /* f_lineno set by the trace function: the
                               instruction to continue at, or -1 */
    int jump_depth;         /* and the stack depth there */
};

/* One LOAD_GLOBAL/STORE_GLOBAL cache per name of a code object
 * (ObjCode.vm_cache): the entry index of the name in the globals dict (or,
 * when absent there at version gver, in builtins).  Entry indexes survive
 * value updates; the key check catches moves and deletions. */
typedef struct {
    ObjDict *globals;
    uint64_t gver;
    int64_t gidx;
    int64_t bidx;
} GlobalCache;

/* Attribute caches (LOAD_ATTR, STORE_ATTR, LOAD_METHOD), AC_WAYS per name
 * of a code object, in one block with its GlobalCaches: the AttrCaches
 * come first, ObjCode.vm_cache points just past them at the GlobalCaches,
 * and name i's AttrCaches sit (i + 1) * AC_WAYS entries below vm_cache.
 * An entry says what the generic attribute lookup found for an instance
 * whose type is `type`, valid while no type's namespace has changed since
 * (dict_type_epoch still equals `epoch`: one compare, however deep the
 * class hierarchy); `idx` is where the name last sat in an instance dict
 * (checked by key on use).  func.c marks type and value, so a cached
 * type's address cannot be reused while the cache names it. */
#define AC_WAYS 2
#define AC_DICT 0x1u    /* generic getattr, instances have ObjInstance.dict */
#define AC_STORE 0x2u   /* generic setattr on a heap type, no descriptor __set__ */
#define AC_METHOD 0x4u  /* value is a function or a native method: LOAD_METHOD
                           pushes it with self unless the instance dict has name */
#define AC_DATA 0x8u    /* value is a data descriptor (wins over the dict) */
typedef struct {
    Type *type;         /* NULL: empty */
    Value value;        /* what type_lookup(type, name) gave, or VNULL */
    int64_t idx;
    uint64_t epoch;
    uint32_t flags;
} AttrCache;
/* The block behind ObjCode.vm_cache for a code object with n names: its
 * size, its start (the AttrCaches of every name) and name i's AttrCaches. */
#define VM_CACHE_BYTES(n) ((size_t)(n) * (sizeof(GlobalCache) + AC_WAYS * sizeof(AttrCache)))
#define VM_CACHE_BLOCK(vc, n) ((AttrCache *)(vc) - (size_t)(n) * AC_WAYS)
#define VM_ATTR_CACHE(vc, i) ((AttrCache *)(vc) - ((size_t)(i) + 1) * AC_WAYS)

enum { GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_DONE };

/* A generator whose saved frame fits with it in this many bytes (gc.c's
 * largest small object) keeps the frame inside the object (gen_new). */
#define GEN_INLINE_MAX 1024

struct ObjGenerator {
    Obj obj;
    ObjFunction *func;
    ObjCode *code;
    ObjDict *globals;
    Value *vals;          /* locals + stack while suspended: mem_alloc'd, or
                           * inside this object after it (vals_inline) */
    int32_t nvals;        /* capacity of vals */
    int32_t nsaved;       /* live slots in vals */
    int32_t pc;           /* instruction index to resume at */
    uint8_t state;        /* GEN_* */
    bool in_yield_from;   /* suspended inside YIELD_FROM (delegate on top) */
    bool vals_inline;     /* vals is part of this object: never freed */
    Value exc_info;       /* the generator's handled exception across yields */
    ObjStr *name, *qualname;
    ObjFrame *fobj;       /* its frame object, kept across suspensions */
};

#define IS_GENERATOR(v) IS_TYPE_EXACT(v, &type_generator)
#define AS_GEN(v) ((ObjGenerator *)AS_OBJ(v))

/* How to resume a generator (vm_gen_resume). */
enum { RESUME_SEND, RESUME_THROW, RESUME_CONTINUE };

/* Resume g.  RESUME_SEND pushes `sent` (ignored on the first run);
 * RESUME_THROW raises the thread's pending exception (vm_cur->exc) at the
 * suspension point; RESUME_CONTINUE carries on with the stack as saved.
 * Returns the yielded value (g->state == GEN_SUSPENDED), the return value
 * (g->state == GEN_DONE) or VNULL with an exception (GEN_DONE). */
Value vm_gen_resume(ObjGenerator *g, Value sent, int how);
/* A new generator for fn whose arguments are bound in locals[0..nlocals). */
Value gen_new(ObjFunction *fn, Value *locals);
/* send/throw/close as the methods do them (func.c); used by YIELD_FROM.
 * gen_send: *done set when the generator returned (result = its value). */
Value gen_send(ObjGenerator *g, Value v, bool *done);
Value gen_throw_exc(ObjGenerator *g, Value exc, bool *done);
/* StopIteration's value (args[0] or None) from the pending exception,
 * clearing it; VNULL if the pending exception is not StopIteration. */
Value vm_stopiteration_value(void);
/* Run a class body function with ns as its namespace (BUILD_CLASS). */
Value vm_call_with_locals(ObjFunction *fn, ObjDict *ns);
/* frameobj.c: frame objects for sys._getframe, tracebacks, f_back. */
extern Type type_frame;
ObjFrame *frame_object(Frame *f);          /* f's frame object (made once) */
void frame_detach(Frame *f);               /* f returns: its object keeps a copy */
Value frame_of_generator(ObjGenerator *g); /* gi_frame / cr_frame */
Value frame_get(Thread *t, int64_t depth); /* sys._getframe(depth) */
void frameobj_init(void);
/* f_locals of a function frame back into its local slots (after a trace
 * function ran, as CPython's PyFrame_LocalsToFast); refresh it first. */
void frame_locals_to_fast(ObjFrame *o);
int frame_fast_to_locals(ObjFrame *o);

/* tracefn.c: sys.settrace / sys.setprofile.  Thread.tracing is set while
 * either function is; the loop then dispatches every instruction through
 * tracefn_instr.  Each returns -1 when the hook raised. */
int tracefn_instr(Thread *t, Frame *f, const uint32_t *ip); /* ip: the instruction */
int tracefn_exception(Thread *t, Frame *f);    /* raised in f (t->exc) */
int tracefn_return(Thread *t, Frame *f, Value v); /* VNULL: unwinding */
int tracefn_c_event(Thread *t, Frame *f, int what, Value callee);
void tracefn_set(Thread *t, Value fn, bool profile); /* VNULL/None: off */
enum { TRACE_CALL, TRACE_EXCEPTION, TRACE_LINE, TRACE_RETURN,
       TRACE_C_CALL, TRACE_C_EXCEPTION, TRACE_C_RETURN, TRACE_OPCODE };
/* ObjModule.obj.obj_flags, for the module's repr. */
#define MODF_BUILTIN 0x1u   /* a C module: "(built-in)" */
#define MODF_FROZEN 0x2u    /* compiled into the binary from lib/ */
/* import.c: the import machinery behind vm_import and the IMPORT_* ops. */
Value module_import(ObjStr *name);                 /* import a.b.c: the leaf */
/* __import__(name, globals, None, fromlist, level) */
Value import_module_level(ObjStr *name, Value globals, Value fromlist, int level);
Value import_builtin_import(Value *args, int nargs, ObjTuple *kw); /* builtins.__import__ */
Value module_import_from(Value m, ObjStr *name);   /* ImportError wording */
int module_import_star(Value m, ObjDict *ns);
Value import_main_loader(const char *file);        /* __main__.__loader__ */
bool import_is_builtin(const char *name);          /* _imp */
Value import_create_builtin(ObjStr *name);
Value import_builtin_names(void);                  /* sys.builtin_module_names */
Value import_default_finder(void);                 /* sys.meta_path[0] */
extern Type type_module_spec;
void import_init(void);
/* Line of the instruction before pc in code (tracebacks). */
int vm_code_line(ObjCode *code, const uint32_t *pc);
/* Function name for call errors: "f()" / "mod.f()" as CPython words it. */
Value vm_func_str(Value f);

#endif
