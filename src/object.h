/* object.h — baton's object model: the object header, type objects with
 * their C slots, the layout of every built-in object, and the generic
 * protocols (repr, hash, compare, attributes, calls, iteration, operators)
 * that the VM and the built-ins use on any value.
 *
 * Conventions (the same everywhere in the tree, as in CPython's C API):
 *   - A function returning Value returns VNULL when it raised an exception
 *     (set with err_* from vm.h).  One returning int returns -1 on error.
 *   - Objects are allocated with gc_new() (gc.h) and never freed by hand.
 *     The collector is precise on the heap and conservative on C stacks, so
 *     a C local holding an object keeps it alive; an array of Values in
 *     memory that is not an object (malloc'd scratch) does NOT: use a
 *     temporary ObjList/ObjTuple for scratch arrays of Values.
 *   - Collection only happens at VM safepoints (backward jumps, calls), never
 *     inside a C function that does not run bytecode.
 *   - Every built-in type is a statically allocated Type registered at start
 *     (type_ready), with methods in its dict as ObjNative functions.
 *
 * Which file implements what is noted above each group of prototypes.
 */
#ifndef BATON_OBJECT_H
#define BATON_OBJECT_H

#include <gmp.h>

#include "value.h"

typedef struct Type Type;
typedef struct ObjStr ObjStr;
typedef struct ObjTuple ObjTuple;
typedef struct ObjList ObjList;
typedef struct ObjDict ObjDict;
typedef struct ObjCode ObjCode;
typedef struct ObjFunction ObjFunction;
typedef struct ObjModule ObjModule;
typedef struct Buffer Buffer;

/* ---- The object header ------------------------------------------------ */

/* gc_flags bits */
#define GC_MARKED 0x1u
#define GC_STATIC 0x2u /* statically allocated: never freed (None, types…) */
/* 0x4 is the collector's own; these two belong to finalization (gc.c) */
#define GC_HAS_FINALIZER 0x8u /* registered: will be finalized when found dead */
#define GC_FINALIZED 0x10u    /* its finalizer ran (or was queued): never again */
#define GC_HAS_WEAKREF 0x20u  /* some weak reference was made to it */

struct Obj {
    Type *type;
    uint32_t gc_flags;
    uint32_t obj_flags; /* free for the type's own use */
};

#define TYPE(v) (IS_INT(v) ? &type_int : AS_OBJ(v)->type)
#define IS_TYPE_EXACT(v, t) (IS_OBJ(v) && AS_OBJ(v)->type == (t))

/* A statically allocated object header (for None, True, False, types). */
#define STATIC_OBJ_HEAD(t) {(t), GC_STATIC | GC_MARKED, 0}

/* ---- C slot signatures ------------------------------------------------ */

/* A native function.  args[0 .. nargs) are the positional arguments; when
 * kwnames is not NULL, args[nargs .. nargs + kwnames->len) are the values of
 * the keyword arguments named by kwnames (interned ObjStr).  For a method,
 * args[0] is self. */
typedef Value (*NativeFn)(Value *args, int nargs, ObjTuple *kwnames);

/* Binary operators, in the order of the BINARY_* opcodes and of
 * Type.nb[] / Type.nb_inplace[]. */
enum BinOp {
    NB_ADD, NB_SUB, NB_MUL, NB_TRUEDIV, NB_FLOORDIV, NB_MOD, NB_POW,
    NB_LSHIFT, NB_RSHIFT, NB_AND, NB_OR, NB_XOR, NB_MATMUL, NB_COUNT
};
/* Unary operators */
enum UnOp { UN_NEG, UN_POS, UN_INVERT, UN_COUNT };
/* Rich comparisons, in CPython's order */
enum CmpOp { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };

/* Type.flags */
#define TF_BASETYPE 0x01u   /* scripts may subclass it */
#define TF_HEAPTYPE 0x02u   /* created by a class statement (GC'd) */
#define TF_EXCEPTION 0x04u  /* BaseException or a subclass */
#define TF_HAS_DICT 0x08u   /* instances carry a __dict__ (ObjInstance.dict) */
#define TF_ABSTRACT 0x10u   /* __abstractmethods__ is non-empty: no instances */
#define TF_WEAKREF 0x40u    /* instances can be weakly referenced */
#define TF_HAS_DEL 0x80u    /* a class with __del__: instances get finalized */
#define TF_GEN_LIKE 0x20000u /* generator-like: finalized by calling close() */
/* CPython's Py_TPFLAGS_SEQUENCE / MAPPING: what `match` treats as a
 * sequence or a mapping.  Set on list, tuple, dict, ..., by _abc from
 * collections.abc's __abc_tpflags__ and by register(); inherited from
 * the best base. */
#define TF_SEQUENCE 0x40000u
#define TF_MAPPING 0x80000u
/* "is an instance of X or of a subclass of X" in one test of the type's
 * flags (CPython's Py_TPFLAGS_*_SUBCLASS): set on X itself and inherited. */
#define TF_INT_SUB 0x0100u
#define TF_FLOAT_SUB 0x0200u
#define TF_STR_SUB 0x0400u
#define TF_BYTES_SUB 0x0800u
#define TF_TUPLE_SUB 0x1000u
#define TF_LIST_SUB 0x2000u
#define TF_DICT_SUB 0x4000u
#define TF_SET_SUB 0x8000u     /* set or frozenset */
#define TF_TYPE_SUB 0x10000u
#define TF_SUBCLASS_BITS 0x1ff00u

/* Instance layout kinds: which C struct an instance of a type is.  A class
 * statement's type inherits the kind of its nearest built-in base. */
enum ObjKind {
    KIND_OBJECT, /* ObjInstance */
    KIND_EXCEPTION, /* ObjException */
    KIND_OTHER /* another built-in layout (list, int, …, and type itself) */
};

struct Type {
    Obj obj;
    const char *name;   /* C string, for error messages; == name_str->data */
    ObjStr *name_str;   /* __name__ */
    ObjStr *qualname;   /* __qualname__ */
    ObjStr *module;     /* __module__ ("builtins" for built-ins) */
    Type *base;         /* __base__: the base whose layout instances have
                           (the "best base"); NULL only for object */
    ObjTuple *bases;    /* __bases__ */
    ObjTuple *mro;      /* __mro__: this type first, then C3 order */
    ObjDict *dict;      /* methods and class attributes */
    uint32_t flags;     /* TF_* */
    uint32_t kind;      /* ObjKind */
    size_t inst_size;   /* sizeof the instance struct (for a class derived
                           from a variable-size built-in, tuple or bytes: the
                           bytes appended after the variable part) */
    /* Values a class statement appends to its built-in base's layout (a
     * __dict__ pointer and one per __slots__ name): extra_offset is where
     * they start, > 0 a byte offset, -1 right after the variable part
     * (tuple items, bytes data) 8-byte aligned, 0 none; nextra counts them.
     * dict_offset is where the __dict__ pointer is in a built-in layout
     * (same encoding; classes of ObjInstance layout use TF_HAS_DICT). */
    int32_t extra_offset;
    uint32_t nextra;
    int32_t dict_offset;
    ObjList *subclasses; /* weak list of direct subclasses (gc.c clears
                            dead entries); NULL until the first one */

    /* Calling the type: type(args) creates and initialises an instance. */
    Value (*tp_new)(Type *t, Value *args, int nargs, ObjTuple *kwnames);
    /* GC: mark every Value / Obj* the object holds (gc_mark_*). */
    void (*trace)(Obj *o);
    /* GC: release memory the object owns outside the GC heap. */
    void (*finalize)(Obj *o);

    /* Protocols.  NULL means "not supported"; type_ready() inherits NULL
     * slots from the base, and for heap types installs slots that call the
     * class's dunder methods (__repr__, __add__, …). */
    Value (*repr)(Value self);            /* -> ObjStr */
    Value (*str)(Value self);             /* -> ObjStr; NULL: use repr */
    int (*hash)(Value self, int64_t *out);
    Value (*richcmp)(Value a, Value b, int op); /* may return NotImplemented */
    int (*truth)(Value self);             /* NULL: len if any, else true */
    Value (*getattr)(Value self, ObjStr *name); /* NULL: generic */
    int (*setattr)(Value self, ObjStr *name, Value v); /* v VNULL: delete */
    Value (*call)(Value self, Value *args, int nargs, ObjTuple *kwnames);
    Value (*iter)(Value self);
    /* next: VNULL with no exception set means "exhausted" (no
     * StopIteration object is built on the fast path). */
    Value (*next)(Value self);
    int64_t (*len)(Value self);           /* -1 on error */
    Value (*getitem)(Value self, Value key);
    int (*setitem)(Value self, Value key, Value v); /* v VNULL: delete */
    int (*contains)(Value self, Value item); /* NULL: iterate */
    /* Numbers.  The slot is called for either operand (a op b: first
     * TYPE(a)->nb[op](a, b), then if that gives NotImplemented and the
     * types differ TYPE(b)->nb[op](a, b)), so each slot checks both
     * operands' types and returns NotImplemented for what it does not
     * handle, exactly as CPython's number slots do. */
    Value (*nb[NB_COUNT])(Value a, Value b);
    Value (*nb_inplace[NB_COUNT])(Value a, Value b); /* NULL: use nb */
    Value (*unary[UN_COUNT])(Value self);
    Value (*nb_int)(Value self);   /* int(x) / __index__ */
    Value (*nb_float)(Value self); /* float(x) */
    /* descriptors: __get__ / __set__ for property, function, classmethod… */
    Value (*descr_get)(Value descr, Value obj, Value type); /* obj VNULL: from class */
    int (*descr_set)(Value descr, Value obj, Value v);

    /* ---- The buffer protocol (bytes, bytearray, memoryview, array, mmap).
     * Fill *view with the object's memory (see Buffer below); flags is a
     * set of BUF_* bits.  -1 with BufferError if the request cannot be
     * met (e.g. BUF_WRITABLE on read-only memory).  NULL: not bytes-like.
     * There is no release slot: obj_getbuffer's caller ends with
     * buffer_release(), which only touches the exporter's BufferExport
     * record, never the exporter itself (so a memoryview's finalizer can
     * release even when its exporter dies in the same sweep). */
    int (*getbuffer)(Value self, Buffer *view, int flags);
};

/* ---- The buffer protocol ------------------------------------------------ */

/* obj_getbuffer flags */
#define BUF_SIMPLE 0x0      /* read-only is fine, must be C-contiguous */
#define BUF_WRITABLE 0x1    /* the caller writes: BufferError if read-only */
#define BUF_STRIDED 0x2     /* the caller follows shape/strides itself */
#define BUF_MAX_NDIM 64

/* An exporter whose memory can move or be freed (bytearray, array) counts
 * its live exports in one of these, allocated with mem_alloc on the first
 * export and shared by reference with every Buffer taken from it, so that
 * resizing with live exports raises BufferError.  refs counts the exporter
 * and every unreleased Buffer; the last one frees the record. */
typedef struct BufferExport { int64_t count; int64_t refs; } BufferExport;

struct Buffer {
    Value obj;              /* the exporter (on a C stack it keeps it alive) */
    uint8_t *buf;           /* first byte (of item [0, 0, ...]) */
    int64_t len;            /* bytes: product(shape) * itemsize */
    int64_t itemsize;
    const char *format;     /* struct-module syntax: "B" for bytes */
    int ndim;
    bool readonly;
    /* NULL: one dimension of len / itemsize items, contiguous.  Otherwise
     * ndim entries each, owned by the exporter (a memoryview). */
    const int64_t *shape, *strides;
    BufferExport *export;   /* the exporter's counter, or NULL */
};

/* Get v's buffer (TypeError "a bytes-like object is required, not 'str'"
 * if v has none).  Without BUF_STRIDED a non-contiguous view raises
 * BufferError.  Every successful call is paired with buffer_release. */
int obj_getbuffer(Value v, Buffer *view, int flags);
/* Like obj_getbuffer with a caller-chosen TypeError message (a printf
 * format with one %s for the type name), or the default if msg is NULL. */
int obj_getbuffer_msg(Value v, Buffer *view, int flags, const char *msg);
void buffer_release(Buffer *view);
bool obj_has_buffer(Value v);
/* Fill a 1-D contiguous view of [buf, buf+len) for an exporter: helper
 * for getbuffer slots; checks BUF_WRITABLE against readonly and takes an
 * export on *exp (allocating the record if *exp is NULL) when exp is not
 * NULL. */
int buffer_fill(Buffer *view, Value obj, uint8_t *buf, int64_t len, bool readonly, int flags,
                BufferExport **exp);
/* The exporter drops its reference to its record (its finalizer). */
void buffer_export_free(BufferExport **exp);
/* Live exports of the record (0 if NULL). */
#define BUFFER_EXPORTS(exp) ((exp) ? (exp)->count : 0)
/* Is the view C-contiguous? */
bool buffer_is_contig(const Buffer *view);
/* The largest buffer worth trying to allocate (the machine's memory):
 * bytes, bytearray and array raise MemoryError above it. */
int64_t buffer_max_size(void);
/* Copy a (possibly strided) view's bytes in C order to out (view->len). */
void buffer_to_contig(const Buffer *view, uint8_t *out);

/* ---- Built-in object layouts ----------------------------------------- */

typedef struct { Obj obj; mpz_t z; } ObjInt;           /* only big ints */
typedef struct { Obj obj; double d; } ObjFloat;

struct ObjStr {
    Obj obj;
    int64_t len;   /* bytes of UTF-8, not counting the terminating NUL */
    int64_t ncp;   /* code points */
    int64_t hash;  /* -1 until computed */
    uint8_t ascii; /* len == ncp */
    uint8_t interned;
    /* UTF-8, NUL-terminated -- except when STR_NO_NUL is set in
     * obj.obj_flags: another string was appended in place after this one
     * (str.c), so use str_cstr() where a C string is needed.  data points
     * at the inline bytes after the header, or into `owner`'s storage. */
    char *data;
    struct ObjStr *owner;
};
/* ObjStr obj_flags */
#define STR_OWNER 0x1u   /* storage is over-allocated and can grow in place */
#define STR_NO_NUL 0x2u  /* data[len] is not NUL: use str_cstr() */

typedef struct {
    Obj obj;
    int64_t len;
    int64_t hash;
    uint8_t data[]; /* NUL-terminated for convenience */
} ObjBytes;

/* bytearray: growable; data is mem_alloc'd (cap + 1 bytes, NUL after len). */
typedef struct {
    Obj obj;
    int64_t len, cap;
    uint8_t *data;
    BufferExport *export;   /* live buffer exports (NULL: never exported) */
} ObjByteArray;

struct ObjTuple {
    Obj obj;
    int64_t len;
    int64_t hash; /* -1 until computed */
    Value items[];
};

struct ObjList {
    Obj obj;
    int64_t len, cap;
    Value *items; /* mem_alloc'd */
};

/* Insertion-ordered hash table (CPython's compact dict): entries in order,
 * an index table of ints into entries. */
typedef struct { Value key; Value value; int64_t hash; } DictEntry;
struct ObjDict {
    Obj obj;
    int64_t len;       /* live entries */
    int64_t nentries;  /* used entries, including deleted (key VNULL) */
    int64_t cap;       /* capacity of entries */
    int64_t nindex;    /* size of index table, power of 2 */
    int64_t *index;    /* -1 empty, -2 deleted, else entry number */
    DictEntry *entries;
    uint64_t version;  /* bumped on every mutation (for inline caches) */
    uint64_t keymask;  /* bit (hash & 63) of every key inserted since the
                          last clear: a clear bit proves a key absent */
};
/* ObjDict.obj.obj_flags: the top bit marks a type's namespace (its writes
 * bump dict_type_epoch); the rest counts trailing holes (dict.c). */
#define DICT_TYPE_NS 0x80000000u
#define DICT_KEYBIT(hash) ((uint64_t)1 << ((uint64_t)(hash) & 63))
/* Bumped by every mutation of any type's namespace (DICT_TYPE_NS): the
 * VM's attribute caches are valid while it keeps the value they saw. */
extern uint64_t dict_type_epoch;
/* Make d a type's namespace (from now on its writes bump the epoch). */
void dict_make_type_ns(ObjDict *d);

/* set and frozenset share this layout (type tells which). */
typedef struct { Value key; int64_t hash; } SetEntry; /* key VNULL: empty */
typedef struct {
    Obj obj;
    int64_t len;   /* live keys */
    int64_t fill;  /* live + dummy */
    int64_t mask;  /* table size - 1 */
    SetEntry *table;
    int64_t hash;  /* frozenset hash cache, -1 */
} ObjSet;

typedef struct { Obj obj; int64_t start, stop, step, len; } ObjRange;
typedef struct { Obj obj; Value start, stop, step; } ObjSlice;

/* A generic iterator over a sequence (list, tuple, str, bytes, range…). */
typedef struct { Obj obj; Value seq; int64_t index; int64_t end; int64_t step; } ObjSeqIter;

/* Instances of classes defined in scripts (and of `object`). */
typedef struct { Obj obj; ObjDict *dict; } ObjInstance;

/* Exceptions: instances of BaseException and its subclasses. */
typedef struct {
    Obj obj;
    ObjDict *dict;        /* same position as ObjInstance.dict */
    ObjTuple *args;
    Value traceback;      /* ObjTraceback or VNULL */
    Value cause;          /* __cause__ or VNULL */
    Value context;        /* __context__ or VNULL */
    bool suppress_context;
} ObjException;

/* One traceback entry (a linked list, newest last as in CPython). */
typedef struct ObjTraceback {
    Obj obj;
    struct ObjTraceback *next;
    ObjCode *code;
    int line;
    int lasti;              /* index of the instruction that raised, -1 unknown */
    Value frame;            /* the frame object (frameobj.c), or VNULL */
} ObjTraceback;

struct ObjModule { Obj obj; ObjStr *name; ObjDict *dict; };

/* A C function, plain or bound to self (then called with self first). */
typedef struct {
    Obj obj;
    const char *name;
    NativeFn fn;
    Value self;        /* VNULL: not bound */
    const char *doc;
    ObjStr *module;    /* __module__ of a module's function (interned), or
                          NULL: builtins (module_add_fn sets it) */
} ObjNative;
/* ObjNative.obj.obj_flags: a method of a type (from type_ready /
 * type_add_method): binds to the instance when found on its type, and
 * checks self's type when called unbound.  Plain natives (len, module
 * functions) never bind. */
#define NATIVE_METHOD 0x1u
/* A NATIVE_METHOD remembers its owner for the unbound-call check. */
typedef struct { ObjNative n; Type *owner; } ObjMethodDescr;
/* textsig.c: the __text_signature__ of built-in `name` of owner ("builtins",
 * a type's name; NULL: only along type's MRO), or None. */
Value textsig_get(const char *owner, Type *type, const char *name);

/* Exception table entry: an exception raised while pc is in
 * [start, end) unwinds the value stack to `depth` items, pushes the
 * exception and jumps to `handler`.  Entries are ordered innermost first;
 * the first entry covering pc wins. */
typedef struct { uint32_t start, end, handler, depth; } ExcEntry;

/* ObjCode.flags */
#define CO_VARARGS 0x01u
#define CO_VARKW 0x02u
#define CO_GENERATOR 0x04u
#define CO_CLASSBODY 0x08u  /* class body: LOAD_NAME/STORE_NAME on a dict */
#define CO_MODULE 0x10u     /* module body */
#define CO_NESTED 0x20u
#define CO_SIMPLE 0x40u     /* positional parameters only, no cells or free
                               variables: a call with exactly argcount
                               positional arguments needs no binding */
#define CO_COROUTINE 0x80u  /* async def (also CO_GENERATOR: it runs as one) */
#define CO_ITERABLE_COROUTINE 0x100u /* a generator `await` accepts (types.coroutine) */
#define CO_ASYNC_GENERATOR 0x200u /* async def with yield (also CO_GENERATOR) */

struct ObjCode {
    Obj obj;
    uint32_t *code;     /* instructions: op | arg << 8 (see opcodes.h) */
    uint32_t *lines;    /* source line of each instruction */
    int32_t ncode;
    int32_t firstline;
    ObjTuple *consts;
    ObjTuple *names;    /* global/attribute names, interned ObjStr */
    /* Local slots ("localsplus"): varnames (arguments first: positional,
     * then keyword-only, then *args, then **kwargs), then cell variables
     * that are not arguments, then free variables.  nlocals counts them
     * all.  cell_slots lists every slot that holds a cell created at frame
     * entry (argument slots included); the last nfree slots are filled from
     * the function's closure. */
    ObjTuple *localnames; /* ObjStr for every slot, for errors and --dis */
    int32_t nlocals;
    int32_t argcount;       /* positional parameters */
    int32_t kwonlyargcount;
    int32_t ncellslots;
    int32_t *cell_slots;
    int32_t nfree;
    int32_t stacksize;      /* maximum value-stack depth */
    uint32_t flags;         /* CO_* */
    ExcEntry *exctable;
    int32_t nexc;
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *filename;
    void *vm_cache;         /* vm.c's LOAD_GLOBAL caches (lazy; func.c frees) */
    int32_t posonlyargcount; /* leading positional params that cannot be
                                passed by keyword (compiler.c sets it) */
    uint8_t *positions;     /* each instruction's span (positions.h) */
    int32_t npositions;     /* its size in bytes */
};

struct ObjFunction {
    Obj obj;
    ObjCode *code;
    ObjDict *globals;
    ObjTuple *defaults;     /* positional defaults or NULL */
    ObjDict *kwdefaults;    /* keyword-only defaults or NULL */
    ObjTuple *closure;      /* cells for the code's free variables or NULL */
    ObjStr *name;
    ObjStr *qualname;
    ObjStr *module;         /* __module__ */
    ObjDict *dict;          /* function attributes, or NULL */
    Value doc;
};

typedef struct { Obj obj; Value value; } ObjCell; /* value VNULL: empty */

typedef struct { Obj obj; Value self; Value func; } ObjBoundMethod;
typedef struct { Obj obj; Value fget, fset, fdel, doc; } ObjProperty;
typedef struct { Obj obj; Value func; } ObjStaticMethod; /* also classmethod */
typedef struct { Obj obj; Type *type; Value obj_; } ObjSuper;

/* ---- Built-in type objects ------------------------------------------- */

extern Type type_object, type_type, type_none, type_notimpl, type_ellipsis;
extern Type type_int, type_bool, type_float, type_str, type_bytes;
extern Type type_bytearray, type_memoryview;
extern Type type_tuple, type_list, type_dict, type_set, type_frozenset;
extern Type type_range, type_slice, type_seqiter;
extern Type type_function, type_native, type_code, type_cell;
extern Type type_boundmethod, type_property, type_staticmethod;
extern Type type_classmethod, type_super, type_module, type_traceback;
extern Type type_generator; /* vm/generator (func.c) */

/* Singletons (statically allocated). */
extern Obj obj_None, obj_True, obj_False, obj_NotImplemented, obj_Ellipsis;
#define NONE OBJ_VAL(&obj_None)
#define TRUE_V OBJ_VAL(&obj_True)
#define FALSE_V OBJ_VAL(&obj_False)
#define NOTIMPL OBJ_VAL(&obj_NotImplemented)
#define ELLIPSIS OBJ_VAL(&obj_Ellipsis)
#define BOOL_V(b) ((b) ? TRUE_V : FALSE_V)
#define IS_NONE(v) ((v) == NONE)

/* Type tests and casts.  IS_X is an exact-type test unless noted. */
#define IS_FLOAT(v) IS_TYPE_EXACT(v, &type_float)
#define IS_BIGINT(v) IS_TYPE_EXACT(v, &type_int)   /* an ObjInt */
#define IS_ANYINT(v) (IS_INT(v) || IS_BIGINT(v))   /* int, not bool */
#define IS_BOOL(v) ((v) == TRUE_V || (v) == FALSE_V)
#define IS_STR(v) IS_TYPE_EXACT(v, &type_str)
#define IS_BYTES(v) IS_TYPE_EXACT(v, &type_bytes)
#define IS_BYTEARRAY(v) IS_TYPE_EXACT(v, &type_bytearray)
#define IS_TUPLE(v) IS_TYPE_EXACT(v, &type_tuple)
#define IS_LIST(v) IS_TYPE_EXACT(v, &type_list)
#define IS_DICT(v) IS_TYPE_EXACT(v, &type_dict)
#define IS_SET(v) IS_TYPE_EXACT(v, &type_set)
#define IS_FROZENSET(v) IS_TYPE_EXACT(v, &type_frozenset)
#define IS_ANYSET(v) (IS_SET(v) || IS_FROZENSET(v))
#define IS_RANGE(v) IS_TYPE_EXACT(v, &type_range)
#define IS_FUNCTION(v) IS_TYPE_EXACT(v, &type_function)
#define IS_NATIVE(v) IS_TYPE_EXACT(v, &type_native)
#define IS_CODE(v) IS_TYPE_EXACT(v, &type_code)
#define IS_MODULE(v) IS_TYPE_EXACT(v, &type_module)
#define IS_TYPEOBJ(v) (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_type))
#define IS_EXCEPTION(v) (IS_OBJ(v) && (AS_OBJ(v)->type->flags & TF_EXCEPTION))

/* Instance of X or of a subclass (CPython's PyX_Check; IS_X is exact). */
#define IS_INSTANCE_FLAG(v, f) (IS_OBJ(v) && (AS_OBJ(v)->type->flags & (f)))
#define INT_CHECK(v) (IS_INT(v) || IS_INSTANCE_FLAG(v, TF_INT_SUB))   /* bool too */
#define FLOAT_CHECK(v) IS_INSTANCE_FLAG(v, TF_FLOAT_SUB)
#define STR_CHECK(v) IS_INSTANCE_FLAG(v, TF_STR_SUB)
#define BYTES_CHECK(v) IS_INSTANCE_FLAG(v, TF_BYTES_SUB)
#define TUPLE_CHECK(v) IS_INSTANCE_FLAG(v, TF_TUPLE_SUB)
#define LIST_CHECK(v) IS_INSTANCE_FLAG(v, TF_LIST_SUB)
#define DICT_CHECK(v) IS_INSTANCE_FLAG(v, TF_DICT_SUB)
#define ANYSET_CHECK(v) IS_INSTANCE_FLAG(v, TF_SET_SUB)

#define AS_BIGINT(v) ((ObjInt *)AS_OBJ(v))
#define AS_FLOAT(v) (((ObjFloat *)AS_OBJ(v))->d)
#define AS_STR(v) ((ObjStr *)AS_OBJ(v))
#define AS_BYTES(v) ((ObjBytes *)AS_OBJ(v))
#define AS_BYTEARRAY(v) ((ObjByteArray *)AS_OBJ(v))
#define AS_TUPLE(v) ((ObjTuple *)AS_OBJ(v))
#define AS_LIST(v) ((ObjList *)AS_OBJ(v))
#define AS_DICT(v) ((ObjDict *)AS_OBJ(v))
#define AS_SET(v) ((ObjSet *)AS_OBJ(v))
#define AS_RANGE(v) ((ObjRange *)AS_OBJ(v))
#define AS_SLICE(v) ((ObjSlice *)AS_OBJ(v))
#define AS_FUNCTION(v) ((ObjFunction *)AS_OBJ(v))
#define AS_NATIVE(v) ((ObjNative *)AS_OBJ(v))
#define AS_CODE(v) ((ObjCode *)AS_OBJ(v))
#define AS_CELL(v) ((ObjCell *)AS_OBJ(v))
#define AS_MODULE(v) ((ObjModule *)AS_OBJ(v))
#define AS_TYPE(v) ((Type *)AS_OBJ(v))
#define AS_INSTANCE(v) ((ObjInstance *)AS_OBJ(v))
#define AS_EXC(v) ((ObjException *)AS_OBJ(v))
#define AS_BOUND(v) ((ObjBoundMethod *)AS_OBJ(v))

/* ---- object.c: types, generic protocols, argument parsing ----------- */

/* Method table for a built-in type or module. */
typedef struct { const char *name; NativeFn fn; } MethodDef;

/* Finish a static type: set the header, name_str/qualname/module, create
 * dict, add methods, inherit NULL slots from base, register it as a GC
 * root.  Must be called once at start for every static Type. */
void type_ready(Type *t, const MethodDef *methods);
/* Create a class of metatype `type` (type(name, bases, dict)). */
Value type_new_class(ObjStr *name, ObjTuple *bases, ObjDict *ns);
bool type_is_subtype(Type *a, Type *b);
/* Look a name up along t's MRO (NULL if absent; never raises).  Cached per
 * (type, name) while no type's namespace changes. */
Value type_lookup(Type *t, ObjStr *name);
/* Forget the lookup cache (every collection does: freed types). */
void type_cache_clear(void);
/* A zeroed instance of t whose built-in part (the C struct of t's built-in
 * base) is base_size bytes: the values a class appends are allocated too.
 * Built-in tp_new functions use it so that subclasses get their layout. */
Obj *type_alloc(Type *t, size_t base_size);
/* For the tp_new of int, float, str, bytes and tuple: an instance of the
 * subclass t with the contents of v (an instance of exactly the built-in). */
Value type_adopt(Type *t, Value v);
/* Set a class attribute and refresh the dunder slots it affects. */
int type_setattr_slots(Type *t, ObjStr *name, Value v);
void type_add_method(Type *t, const char *name, NativeFn fn);

Value obj_repr(Value v);              /* -> ObjStr */
Value obj_str(Value v);               /* -> ObjStr */
Value obj_ascii(Value v);
int obj_hash(Value v, int64_t *out);  /* TypeError "unhashable type: 'list'" */
int obj_eq(Value a, Value b);         /* 1, 0, -1 on error; identity first */
Value obj_richcmp(Value a, Value b, int op); /* full protocol, reflected too */
int obj_richcmp_bool(Value a, Value b, int op);
int obj_truthy(Value v);
Value obj_getattr(Value o, ObjStr *name);       /* AttributeError */
Value obj_getattr_opt(Value o, ObjStr *name);   /* VNULL, no error, if missing
                                                   (other errors still set) */
Value obj_generic_getattr(Value o, ObjStr *name); /* descriptors, __dict__, type */
int obj_setattr(Value o, ObjStr *name, Value v);  /* v VNULL: delete */
int obj_generic_setattr(Value o, ObjStr *name, Value v);
Value obj_call(Value f, Value *args, int nargs, ObjTuple *kwnames);
Value obj_call0(Value f);
Value obj_call1(Value f, Value a);
Value obj_call2(Value f, Value a, Value b);
Value obj_call_method(Value self, ObjStr *name, Value *args, int nargs); /* self.name(*args) */
Value obj_iter(Value v);              /* TypeError "'int' object is not iterable" */
Value obj_next(Value it);             /* VNULL + no error: exhausted */
/* The next slot as is: exhausted may also be VNULL with a StopIteration
 * (carrying a value) raised, for next() and yield from to pass on. */
Value obj_next_raw(Value it);
int64_t obj_len(Value v);             /* TypeError "object of type 'int' has no len()" */
Value obj_getitem(Value o, Value key);
int obj_setitem(Value o, Value key, Value v); /* v VNULL: delete */
int obj_contains(Value container, Value item);
Value obj_binop(Value a, Value b, int op);     /* enum BinOp; TypeError with
                                                  "unsupported operand type(s) for +: 'int' and 'str'" */
Value obj_inplace_op(Value a, Value b, int op);
Value obj_unary(Value v, int op);
bool obj_isinstance(Value v, Type *t);
/* isinstance(v, cls) / issubclass(d, cls) with the whole protocol: tuples,
 * unions, __instancecheck__ / __subclasscheck__ on the metaclass. */
int obj_isinstance_v(Value v, Value cls);
int obj_issubclass_v(Value d, Value cls);
Value obj_index(Value v);   /* __index__: an int or TypeError */
int obj_as_int64(Value v, int64_t *out);       /* int-like -> C; OverflowError */
Value obj_type_name(Value v); /* ObjStr of type(v).__name__ */
/* Iterate any iterable into a new list (list(x)). */
Value obj_to_list(Value iterable);
/* A tuple or list as (items, n) without copying, else a new tuple. */
Value obj_to_tuple(Value iterable);
/* Instances of script classes */
Value instance_new(Type *t);

/* Argument parsing for natives.  Maps positional then keyword arguments
 * onto out[0 .. nparams) by the names in params (NULL-terminated);
 * parameters not given are VNULL.  Raises CPython's TypeErrors: "f()
 * takes at most 2 arguments (3 given)", "f() missing required argument
 * 'x' (pos 1)", "f() got an unexpected keyword argument 'y'".  nrequired
 * leading params are required; params after npositional are keyword-only. */
int args_parse(const char *fname, Value *args, int nargs, ObjTuple *kwnames,
               const char *const *params, int nrequired, int npositional,
               Value *out);
/* TypeError "f() takes no keyword arguments" unless kwnames is NULL, and
 * argument count must be within [min, max]. */
int args_check(const char *fname, int nargs, ObjTuple *kwnames, int min, int max);

/* Natives */
Value native_new(const char *name, NativeFn fn, Value self);
Value boundmethod_new(Value self, Value func);

/* ---- int.c ------------------------------------------------------------ */
Value int_from_i64(int64_t i);        /* small or big */
Value int_from_u64(uint64_t u);
Value int_from_mpz(const mpz_t z);    /* normalises to small when it fits */
Value int_from_str(const char *s, size_t len, int base); /* int("12", 10) rules;
                                         ValueError "invalid literal for int() with base 10: 'x'" */
Value int_from_double(double d);      /* truncates; OverflowError on inf/nan */
void int_to_mpz(Value v, mpz_t out);  /* v small or big; out initialised by caller */
double int_to_double(Value v, bool *overflow);
Value int_to_str(Value v, int base); /* base 10 -> "123"; 2/8/16 with 0b/0o/0x prefix */
Value int_add(Value a, Value b);      /* both ints (small/big): fast helpers for the VM */
Value int_sub(Value a, Value b);
Value int_mul(Value a, Value b);
int int_cmp(Value a, Value b);        /* both ints: -1, 0, 1 */
int64_t int_hash(Value v);            /* CPython's numeric hash */
int int_sign(Value v);

/* ---- float.c ---------------------------------------------------------- */
Value float_new(double d);
Value float_repr_str(double d);       /* shortest round-trip, as Python prints */
void float_format_repr(double d, char *buf, size_t n);
int64_t float_hash(double d);
/* Convert an int or float to double; TypeError otherwise. */
int num_to_double(Value v, double *out);

/* ---- str.c ------------------------------------------------------------ */
Value str_new(const char *s, size_t len);   /* s is valid UTF-8 */
Value str_new_ascii(const char *s, size_t len);  /* s is known to be ASCII */
Value str_from_cstr(const char *s);
/* s's bytes as a NUL-terminated C string (copies once if STR_NO_NUL). */
const char *str_cstr(ObjStr *s);
Value str_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
ObjStr *str_intern(const char *s, size_t len);
ObjStr *str_intern_cstr(const char *s);
ObjStr *str_intern_obj(ObjStr *s);     /* the interned twin of s */
bool str_eq(ObjStr *a, ObjStr *b);
int64_t str_hash(ObjStr *s);
/* CPython's hash of n bytes (SipHash-1-3 under the process's secret; 0 for
 * none): bytes, and str in CPython's 1/2/4-byte form. */
int64_t str_hash_bytes(const void *p, size_t n);
/* Set the secret from PYTHONHASHSEED's value (NULL: random); -1 if it is
 * not "random" or an integer in [0, 4294967295].  Before any hashing. */
int str_hash_seed(const char *env);
extern int str_hash_randomized; /* sys.flags.hash_randomization */
Value str_concat(Value a, Value b);
Value str_join(Value sep, Value iterable);
Value str_repr(Value s);               /* 'abc' with Python's quoting rules */
Value str_format_spec(Value v, ObjStr *spec); /* format(v, spec): format mini-language
                                          for int, float, str, bool, and __format__ */
Value str_mod_format(Value fmt, Value args); /* fmt % args */
bool utf8_valid(const char *s, size_t len);
/* A growable UTF-8 buffer for building strings in C. */
typedef struct { char *data; size_t len, cap; } StrBuf;
void sb_init(StrBuf *b);
void sb_add(StrBuf *b, const char *s, size_t n);
void sb_adds(StrBuf *b, const char *s);
void sb_addc(StrBuf *b, char c);
void sb_printf(StrBuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
int sb_addv(StrBuf *b, Value v, bool repr); /* append str(v)/repr(v); -1 on error */
Value sb_finish(StrBuf *b);            /* -> ObjStr, frees the buffer */
void sb_free(StrBuf *b);

/* ---- bytes.c ---------------------------------------------------------- */
Value bytes_new(const uint8_t *s, size_t len);
Value bytes_repr(Value b);
/* A new bytes of len bytes for the caller to fill (data[len] is 0). */
ObjBytes *bytes_alloc(size_t len);
/* NULL (no exception set) when the system refuses the memory. */
ObjBytes *bytes_try_alloc(size_t len);
/* ---- bytearray.c ------------------------------------------------------ */
Value bytearray_new(const uint8_t *s, size_t len);

/* ---- tuple.c / list.c ------------------------------------------------- */
Value tuple_new(int64_t len);                  /* items initialised to NONE */
Value tuple_from(const Value *items, int64_t len);
Value tuple_pack(int n, ...);
Value tuple_exact(Value v);                    /* a tuple subclass instance as a tuple */
Value list_new(int64_t len);                   /* items initialised to NONE */
Value list_from(const Value *items, int64_t len);
int list_append(Value list, Value v);
int list_extend(Value list, Value iterable);
Value list_sort(Value list, Value key, bool reverse); /* stable; returns NONE */
Value seqiter_new(Value seq);                  /* iterator over list/tuple/str/bytes/range */

/* ---- dict.c ----------------------------------------------------------- */
Value dict_new(void);
Value dict_new_of(Type *t);                 /* an empty dict of class t */
Value dict_get(Value d, Value key);         /* VNULL if missing (check err_occurred) */
Value dict_get_str(ObjDict *d, ObjStr *key); /* fast path: interned-string key, never raises */
int64_t dict_index_str(ObjDict *d, ObjStr *key); /* its entry number (d->entries[i]), -1 if absent; never raises */
int dict_set(Value d, Value key, Value v);
int dict_set_str(ObjDict *d, ObjStr *key, Value v);
int dict_del(Value d, Value key);           /* KeyError if missing */
int dict_update(Value d, Value other);      /* mapping or iterable of pairs */
/* Iterate: pos starts at 0; returns false when done. */
bool dict_next(ObjDict *d, int64_t *pos, Value *key, Value *value);

/* ---- set.c ------------------------------------------------------------ */
Value set_new(Type *t);                      /* &type_set or &type_frozenset */
int set_add(Value s, Value key);
int set_contains(Value s, Value key);
int set_update(Value s, Value iterable);
bool set_next(ObjSet *s, int64_t *pos, Value *key);

/* ---- range.c / slice ---------------------------------------------------*/
Value range_new(int64_t start, int64_t stop, int64_t step);
Value slice_new(Value start, Value stop, Value step);
/* Resolve a slice against a length: CPython's PySlice_GetIndicesEx. */
int slice_indices(Value slice, int64_t len, int64_t *start, int64_t *stop,
                  int64_t *step, int64_t *slicelen);
/* The next index of an extended slice's walk: i + step, wrapping instead
 * of overflowing after the last item (s[::sys.maxsize]), where the value
 * is never used. */
static inline int64_t slice_next(int64_t i, int64_t step)
{
    return (int64_t)((uint64_t)i + (uint64_t)step);
}

/* ---- func.c: code, functions, cells, methods, properties, generators -- */
/* CPython's _PyObject_IsAbstract: v.__isabstractmethod__ is true (a
 * missing one, or v VNULL, is false); -1 on error.  Used by property,
 * staticmethod, classmethod and _abc. */
int obj_is_abstract(Value v);
ObjCode *code_new(void);
Value function_new(ObjCode *code, ObjDict *globals);
Value cell_new(Value v);

/* ---- module.c --------------------------------------------------------- */
Value module_new(ObjStr *name);
/* Add a C function / value to a module's dict. */
void module_add_fn(ObjModule *m, const char *name, NativeFn fn);
void module_add(ObjModule *m, const char *name, Value v);
/* Add int constants from a table ended by a NULL name. */
typedef struct { const char *name; int64_t value; } IntConstDef;
void module_add_ints(ObjModule *m, const IntConstDef *defs);
/* A new exception class `name` with __module__ `module`, deriving from base
 * (a type or a tuple of types); it stays alive for the process (a native
 * module's error class: struct.error, zlib.error…). */
Value module_new_exception(const char *module, const char *name, Value base);

/* ---- Start-up: each file readies its types (type_ready) -------------- */
/* vm_init calls these in this order after gc_init(). */
void object_init(void);   /* object.c: object, type, NoneType, NotImplementedType,
                             ellipsis, builtin_function_or_method (native) */
void int_init(void);      /* int.c: int, bool */
void float_init(void);    /* float.c */
void str_init(void);      /* str.c: str, its iterator; strformat.c has no types */
void bytes_init(void);    /* bytes.c: bytes, and bytearray_init/memoryview_init */
void tuple_init(void);
void list_init(void);
void dict_init(void);     /* dict and its views/iterators */
void set_init(void);      /* set, frozenset */
void range_init(void);    /* range, slice, seqiter */
void iterators_init(void);/* enumerate, zip, map, filter, reversed */
void func_init(void);     /* func.c: code, function, cell, method, property,
                             staticmethod, classmethod, super, generator */
void module_init(void);   /* module.c: module type, traceback type */
/* then exc_init() (vm.h), file_init() (modules.h), builtins_init() */

#endif
