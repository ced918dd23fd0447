/* object.c — the object core: `object`, `type`, None, NotImplemented,
 * Ellipsis and builtin_function_or_method, classes made by class
 * statements, and the generic protocols every other file uses on values
 * (repr, hash, compare, attributes, calls, iteration, operators).
 *
 * The protocols follow CPython 3.11's abstract.c/object.c/typeobject.c: the
 * same lookup orders (data descriptors, instance dict, type attributes),
 * the same reflected-operand rules for binary operators and comparisons,
 * and the same error messages word for word.
 *
 * Classes from class statements (TF_HEAPTYPE) start as a copy of their
 * base's Type, then get a C slot wrapper for every dunder a script defined
 * (fixup_slots).  The wrappers look the dunder up on the type at call time,
 * so assigning A.__add__ later works; dunders are looked up on the type,
 * never on the instance.  Natives in a type's dict are the C slots' own
 * methods, so a dunder that resolves to a native keeps the base's C slot.
 *
 * Deep recursion through C (repr of nested lists, __eq__ calling __eq__…)
 * is stopped by checking the remaining C stack (obj_stack_low), so every
 * nesting gives RecursionError instead of a crash.
 */
#include <pthread.h>

#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

/* ---- interned names ------------------------------------------------------ */

#define NAMES(X) \
    X(repr) X(str) X(hash) X(eq) X(ne) X(lt) X(le) X(gt) X(ge) X(bool) \
    X(len) X(getattr) X(getattribute) X(setattr) X(delattr) X(call) X(iter) \
    X(next) X(getitem) X(setitem) X(delitem) X(contains) X(neg) X(pos) \
    X(invert) X(int) X(float) X(index) X(get) X(set) X(delete) X(init) \
    X(new) X(class) X(dict) X(name) X(qualname) X(module) X(doc) X(base) \
    X(bases) X(mro) X(init_subclass) X(class_getitem) X(set_name) X(self) \
    X(format) X(dir) X(abs)

enum {
#define X(n) N_##n,
    NAMES(X)
#undef X
    N_COUNT
};
static const char *const name_text[N_COUNT] = {
#define X(n) "__" #n "__",
    NAMES(X)
#undef X
};
static ObjStr *S[N_COUNT];

static const char *const binop_base[NB_COUNT] = {
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift",
    "rshift", "and", "or", "xor", "matmul"};
static const char *const binop_sym[NB_COUNT] = {
    "+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^", "@"};
static const char *const inplace_sym[NB_COUNT] = {
    "+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@="};
static const char *const cmp_sym[6] = {"<", "<=", "==", "!=", ">", ">="};
static const int cmp_swap[6] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static ObjStr *S_op[NB_COUNT], *S_rop[NB_COUNT], *S_iop[NB_COUNT];
static ObjStr *S_cmp[6], *S_unary[UN_COUNT], *S_builtins;

static void intern_root(ObjStr **slot, const char *s)
{
    *slot = str_intern_cstr(s);
    gc_add_root_obj((Obj **)slot);
}

static void names_init(void)
{
    char buf[32];
    for (int i = 0; i < N_COUNT; i++)
        intern_root(&S[i], name_text[i]);
    for (int i = 0; i < NB_COUNT; i++) {
        snprintf(buf, sizeof buf, "__%s__", binop_base[i]);
        intern_root(&S_op[i], buf);
        snprintf(buf, sizeof buf, "__r%s__", binop_base[i]);
        intern_root(&S_rop[i], buf);
        snprintf(buf, sizeof buf, "__i%s__", binop_base[i]);
        intern_root(&S_iop[i], buf);
    }
    S_cmp[CMP_LT] = S[N_lt]; S_cmp[CMP_LE] = S[N_le]; S_cmp[CMP_EQ] = S[N_eq];
    S_cmp[CMP_NE] = S[N_ne]; S_cmp[CMP_GT] = S[N_gt]; S_cmp[CMP_GE] = S[N_ge];
    S_unary[UN_NEG] = S[N_neg]; S_unary[UN_POS] = S[N_pos];
    S_unary[UN_INVERT] = S[N_invert];
    intern_root(&S_builtins, "builtins");
}

static inline ObjStr *interned(ObjStr *s)
{
    return LIKELY(s->interned) ? s : str_intern_obj(s);
}

/* ---- recursion guard ------------------------------------------------------ */

_Thread_local uintptr_t obj_stack_floor;
static _Thread_local int repr_depth;

void obj_stack_floor_init(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    char here;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    if (!addr || !size || (uintptr_t)&here < (uintptr_t)addr) {
        /* unknown: assume 1 MiB below here */
        obj_stack_floor = (uintptr_t)&here - (1u << 20);
        return;
    }
    size_t margin = size / 4 < (256u << 10) ? size / 4 : (256u << 10);
    obj_stack_floor = (uintptr_t)addr + margin;
}

static Value recursion_error(const char *where)
{
    if (exc_RecursionError)
        return err_format(exc_RecursionError, "maximum recursion depth exceeded%s", where);
    return err_set(exc_RuntimeError, "maximum recursion depth exceeded");
}

int obj_enter(const char *where)
{
    if (UNLIKELY(obj_stack_low())) {
        recursion_error(where);
        return -1;
    }
    return 0;
}

/* ---- small helpers -------------------------------------------------------- */

static inline bool has_dict(Type *t)
{
    return (t->flags & (TF_HAS_DICT | TF_HEAPTYPE | TF_EXCEPTION)) != 0;
}

/* Classes derived from list, dict or set ("extension" layouts): the
 * instance is the built-in struct followed by a __dict__ pointer. */
#define TF_EXT_LAYOUT 0x10000000u

static Type *builtin_base(Type *t);

static size_t ext_dict_offset(Type *t)
{
    Type *b = builtin_base(t);
    size_t n = b == &type_list ? sizeof(ObjList) : b == &type_dict ? sizeof(ObjDict)
                                                                    : sizeof(ObjSet);
    return (n + 7) & ~(size_t)7;
}

/* The slot of an instance's __dict__, or NULL if its type has none. */
static inline ObjDict **dict_slot(Value o)
{
    if (!IS_OBJ(o))
        return NULL;
    Type *t = AS_OBJ(o)->type;
    if (!has_dict(t))
        return NULL;
    if (UNLIKELY(t->flags & TF_EXT_LAYOUT))
        return (ObjDict **)(void *)((char *)AS_OBJ(o) + ext_dict_offset(t));
    return &((ObjInstance *)AS_OBJ(o))->dict;
}

static Value heap_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames);
static Value ext_new(Type *t, Value *args, int nargs, ObjTuple *kwnames);
static Value ext_dict_getitem(Value self, Value key);

static inline bool is_user(Value v)
{
    return v && !IS_NATIVE(v);
}

/* f(self, *args, **kw) without allocating for the common small cases. */
static Value call_with_self(Value f, Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    int nkw = kwnames ? (int)kwnames->len : 0;
    int total = nargs + nkw + 1;
    Value buf[8];
    Value *argv = buf;
    Value tmp = VNULL;
    if (total > 8) {
        tmp = tuple_new(total);
        if (!tmp)
            return VNULL;
        argv = AS_TUPLE(tmp)->items;
    }
    argv[0] = self;
    if (nargs + nkw)
        memcpy(argv + 1, args, (size_t)(nargs + nkw) * sizeof(Value));
    Value r = obj_call(f, argv, nargs + 1, kwnames);
    (void)*(volatile Value *)&tmp; /* keep the scratch tuple alive */
    return r;
}

/* Call the dunder `m` (found on type(self)) as a method of self. */
static Value call_found(Value m, Value self, Value *args, int nargs)
{
    if (IS_FUNCTION(m) || IS_NATIVE(m))
        return call_with_self(m, self, args, nargs, NULL);
    Type *mt = TYPE(m);
    if (mt->descr_get) {
        Value b = mt->descr_get(m, self, OBJ_VAL(TYPE(self)));
        if (!b)
            return VNULL;
        return obj_call(b, args, nargs, NULL);
    }
    return obj_call(m, args, nargs, NULL);
}

/* self.<dunder>(*args) looked up on the type; VNULL without error if absent
 * (*found tells which). */
static Value call_dunder(Value self, ObjStr *name, Value *args, int nargs, bool *found)
{
    Value m = type_lookup(TYPE(self), name);
    if (found)
        *found = m != VNULL;
    if (!m)
        return VNULL;
    return call_found(m, self, args, nargs);
}

static const char *type_name(Value v)
{
    return TYPE(v)->name;
}

/* ---- singletons and the small types --------------------------------------- */

Obj obj_None = STATIC_OBJ_HEAD(&type_none);
Obj obj_NotImplemented = STATIC_OBJ_HEAD(&type_notimpl);
Obj obj_Ellipsis = STATIC_OBJ_HEAD(&type_ellipsis);

static Value none_repr(Value v) { (void)v; return str_from_cstr("None"); }
static Value notimpl_repr(Value v) { (void)v; return str_from_cstr("NotImplemented"); }
static Value ellipsis_repr(Value v) { (void)v; return str_from_cstr("Ellipsis"); }
static int false_truth(Value v) { (void)v; return 0; }

static Value singleton_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (nargs || (kwnames && kwnames->len))
        return err_format(exc_TypeError, "%s takes no arguments", t->name);
    if (t == &type_none)
        return NONE;
    if (t == &type_notimpl)
        return NOTIMPL;
    return ELLIPSIS;
}

Type type_none = {
    .name = "NoneType", .kind = KIND_OTHER, .inst_size = sizeof(Obj),
    .tp_new = singleton_new, .repr = none_repr, .truth = false_truth,
};
Type type_notimpl = {
    .name = "NotImplementedType", .kind = KIND_OTHER, .inst_size = sizeof(Obj),
    .tp_new = singleton_new, .repr = notimpl_repr,
};
Type type_ellipsis = {
    .name = "ellipsis", .kind = KIND_OTHER, .inst_size = sizeof(Obj),
    .tp_new = singleton_new, .repr = ellipsis_repr,
};

/* ---- object --------------------------------------------------------------- */

static void instance_trace(Obj *o)
{
    gc_mark_obj((Obj *)((ObjInstance *)o)->dict);
}

Value instance_new(Type *t)
{
    size_t size = t->inst_size >= sizeof(ObjInstance) ? t->inst_size : sizeof(ObjInstance);
    return OBJ_VAL(gc_new(t, size));
}

static Value module_of(Type *t, bool *is_builtin)
{
    ObjStr *m = t->module;
    *is_builtin = !m || str_eq(m, S_builtins);
    return m ? OBJ_VAL(m) : OBJ_VAL(S_builtins);
}

static Value object_repr(Value v)
{
    Type *t = TYPE(v);
    bool bi;
    Value m = module_of(t, &bi);
    ObjStr *q = t->qualname ? t->qualname : t->name_str;
    if (bi)
        return str_printf("<%s object at %p>", q ? q->data : t->name, (void *)AS_OBJ(v));
    return str_printf("<%s.%s object at %p>", AS_STR(m)->data, q ? q->data : t->name,
                      (void *)AS_OBJ(v));
}

static int object_hash(Value v, int64_t *out)
{
    uintptr_t p = (uintptr_t)AS_OBJ(v);
    int64_t h = (int64_t)((p >> 4) | (p << (8 * sizeof(p) - 4)));
    if (h == -1)
        h = -2;
    *out = h;
    return 0;
}

static Value object_richcmp(Value a, Value b, int op)
{
    if (op == CMP_EQ)
        return a == b ? TRUE_V : NOTIMPL;
    if (op == CMP_NE)
        return a == b ? FALSE_V : NOTIMPL;
    return NOTIMPL;
}

static Value object_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (nargs || (kwnames && kwnames->len))
        return err_format(exc_TypeError, "%s() takes no arguments", t->name);
    return instance_new(t);
}

static Value m_object_init(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (nargs > 1 || (kwnames && kwnames->len))
        return err_set(exc_TypeError,
                       "object.__init__() takes exactly one argument (the instance to initialize)");
    return NONE;
}

/* The first type on t's chain whose instances a C tp_new builds. */
static Type *builtin_base(Type *t)
{
    while (t && t->tp_new == heap_tp_new)
        t = t->base;
    return t ? t : &type_object;
}

static Value m_object_new(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 1)
        return err_set(exc_TypeError, "object.__new__(): not enough arguments");
    if (!IS_TYPEOBJ(args[0]))
        return err_format(exc_TypeError, "object.__new__(X): X is not a type object (%s)",
                          type_name(args[0]));
    Type *t = AS_TYPE(args[0]);
    if (!(t->flags & TF_HEAPTYPE) && t != &type_object)
        return err_format(exc_TypeError, "object.__new__(%s) is not safe, use %s.__new__()",
                          t->name, t->name);
    Type *bt = builtin_base(t);
    if (t->flags & TF_EXT_LAYOUT)
        return ext_new(t, NULL, 0, NULL);
    if (bt != &type_object && bt->tp_new)
        return bt->tp_new(t, args + 1, nargs - 1, kwnames);
    if (nargs > 1 || (kwnames && kwnames->len)) {
        if (is_user(type_lookup(t, S[N_new])))
            return err_set(exc_TypeError,
                           "object.__new__() takes exactly one argument (the type to instantiate)");
        return err_format(exc_TypeError, "%s() takes no arguments", t->name);
    }
    return instance_new(t);
}

static Value m_object_repr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__repr__", nargs, kw, 1, 1) < 0)
        return VNULL;
    return object_repr(args[0]);
}

static Value m_object_str(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__str__", nargs, kw, 1, 1) < 0)
        return VNULL;
    return obj_repr(args[0]);
}

static Value m_object_hash(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__hash__", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t h;
    object_hash(args[0], &h);
    return int_from_i64(h);
}

static Value cmp_method(Value *args, int nargs, ObjTuple *kw, int op)
{
    if (args_check(cmp_sym[op], nargs, kw, 2, 2) < 0)
        return VNULL;
    if (op == CMP_NE) {
        Type *t = TYPE(args[0]);
        Value r = t->richcmp ? t->richcmp(args[0], args[1], CMP_EQ) : NOTIMPL;
        if (!r || r == NOTIMPL)
            return r;
        int b = obj_truthy(r);
        if (b < 0)
            return VNULL;
        return BOOL_V(!b);
    }
    return object_richcmp(args[0], args[1], op);
}
static Value m_object_eq(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_EQ); }
static Value m_object_ne(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_NE); }
static Value m_object_lt(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_LT); }
static Value m_object_le(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_LE); }
static Value m_object_gt(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_GT); }
static Value m_object_ge(Value *a, int n, ObjTuple *k) { return cmp_method(a, n, k, CMP_GE); }

static Value m_object_getattribute(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__getattribute__", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                          type_name(args[1]));
    return obj_generic_getattr(args[0], interned(AS_STR(args[1])));
}

static Value m_object_setattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__setattr__", nargs, kw, 3, 3) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                          type_name(args[1]));
    if (obj_generic_setattr(args[0], interned(AS_STR(args[1])), args[2]) < 0)
        return VNULL;
    return NONE;
}

static Value m_object_delattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__delattr__", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                          type_name(args[1]));
    if (obj_generic_setattr(args[0], interned(AS_STR(args[1])), VNULL) < 0)
        return VNULL;
    return NONE;
}

static Value m_object_format(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__format__", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "__format__() argument must be str, not %s",
                          type_name(args[1]));
    if (AS_STR(args[1])->len)
        return err_format(exc_TypeError, "unsupported format string passed to %s.__format__",
                          type_name(args[0]));
    return obj_str(args[0]);
}

static int add_keys(Value set, ObjDict *d)
{
    int64_t pos = 0;
    Value k, v;
    if (!d)
        return 0;
    while (dict_next(d, &pos, &k, &v))
        if (dict_set(set, k, NONE) < 0)
            return -1;
    return 0;
}

/* object.__dir__: instance dict keys, then every class on the chain. */
static Value m_object_dir(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__dir__", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value self = args[0];
    Value keys = dict_new();
    if (!keys)
        return VNULL;
    ObjDict **ds = dict_slot(self);
    if (ds && add_keys(keys, *ds) < 0)
        return VNULL;
    Type *start = IS_TYPEOBJ(self) ? AS_TYPE(self) : TYPE(self);
    for (Type *t = start; t; t = t->base)
        if (add_keys(keys, t->dict) < 0)
            return VNULL;
    if (dict_set(keys, OBJ_VAL(S[N_class]), NONE) < 0)
        return VNULL;
    if (IS_TYPEOBJ(self))
        for (Type *t = &type_type; t; t = t->base)
            if (add_keys(keys, t->dict) < 0)
                return VNULL;
    return obj_to_list(keys);
}

static Value m_object_init_subclass(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    (void)nargs;
    if (kw && kw->len)
        return err_set(exc_TypeError, "__init_subclass__() takes no keyword arguments");
    return NONE;
}

static const MethodDef object_methods[] = {
    {"__init__", m_object_init},
    {"__repr__", m_object_repr},
    {"__str__", m_object_str},
    {"__hash__", m_object_hash},
    {"__eq__", m_object_eq},
    {"__ne__", m_object_ne},
    {"__lt__", m_object_lt},
    {"__le__", m_object_le},
    {"__gt__", m_object_gt},
    {"__ge__", m_object_ge},
    {"__getattribute__", m_object_getattribute},
    {"__setattr__", m_object_setattr},
    {"__delattr__", m_object_delattr},
    {"__format__", m_object_format},
    {"__dir__", m_object_dir},
    {NULL, NULL}};

Type type_object = {
    .name = "object", .flags = TF_BASETYPE, .kind = KIND_OBJECT,
    .inst_size = sizeof(ObjInstance), .tp_new = object_tp_new,
    .trace = instance_trace, .repr = object_repr, .hash = object_hash,
    .richcmp = object_richcmp,
};

/* ---- builtin_function_or_method --------------------------------------------- */


static void native_trace(Obj *o)
{
    ObjNative *n = (ObjNative *)o;
    gc_mark(n->self);
    if (o->obj_flags & NATIVE_METHOD)
        gc_mark_obj(&((ObjMethodDescr *)o)->owner->obj);
}

Value native_new(const char *name, NativeFn fn, Value self)
{
    ObjNative *n = (ObjNative *)gc_new(&type_native, sizeof(ObjNative));
    n->name = name;
    n->fn = fn;
    n->self = self;
    return OBJ_VAL(n);
}

static Value method_descr_new(Type *owner, const char *name, NativeFn fn)
{
    ObjMethodDescr *m = (ObjMethodDescr *)gc_new(&type_native, sizeof(ObjMethodDescr));
    m->n.obj.obj_flags |= NATIVE_METHOD;
    m->n.name = name;
    m->n.fn = fn;
    m->owner = owner;
    return OBJ_VAL(m);
}

static Value native_call(Value f, Value *args, int nargs, ObjTuple *kwnames)
{
    ObjNative *n = AS_NATIVE(f);
    if (LIKELY(n->self == VNULL)) {
        if (n->obj.obj_flags & NATIVE_METHOD) {
            Type *owner = ((ObjMethodDescr *)n)->owner;
            if (nargs < 1)
                return err_format(exc_TypeError, "unbound method %s.%s() needs an argument",
                                  owner->name, n->name);
            if (!type_is_subtype(TYPE(args[0]), owner))
                return err_format(exc_TypeError,
                                  "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                                  n->name, owner->name, type_name(args[0]));
        }
        return n->fn(args, nargs, kwnames);
    }
    int nkw = kwnames ? (int)kwnames->len : 0;
    int total = nargs + nkw + 1;
    Value buf[8];
    Value *argv = buf;
    Value tmp = VNULL;
    if (total > 8) {
        tmp = tuple_new(total);
        if (!tmp)
            return VNULL;
        argv = AS_TUPLE(tmp)->items;
    }
    argv[0] = n->self;
    if (nargs + nkw)
        memcpy(argv + 1, args, (size_t)(nargs + nkw) * sizeof(Value));
    Value r = n->fn(argv, nargs + 1, kwnames);
    (void)*(volatile Value *)&tmp;
    return r;
}

static Value native_descr_get(Value d, Value obj, Value type)
{
    (void)type;
    ObjNative *n = AS_NATIVE(d);
    if (!obj || n->self || !(n->obj.obj_flags & NATIVE_METHOD))
        return d;
    /* bound methods skip native_call's check: make it here */
    Type *owner = ((ObjMethodDescr *)n)->owner;
    if (!type_is_subtype(TYPE(obj), owner))
        return err_format(exc_TypeError,
                          "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                          n->name, owner->name, type_name(obj));
    return native_new(n->name, n->fn, obj);
}

static Value native_repr(Value v)
{
    ObjNative *n = AS_NATIVE(v);
    if (n->self) {
        if (IS_MODULE(n->self))
            return str_printf("<built-in function %s>", n->name);
        return str_printf("<built-in method %s of %s object at %p>", n->name,
                          type_name(n->self), (void *)AS_OBJ(n->self));
    }
    if (n->obj.obj_flags & NATIVE_METHOD)
        return str_printf("<method '%s' of '%s' objects>", n->name,
                          ((ObjMethodDescr *)n)->owner->name);
    return str_printf("<built-in function %s>", n->name);
}

static Value native_getattr(Value v, ObjStr *name)
{
    ObjNative *n = AS_NATIVE(v);
    if (name == S[N_name] || name == S[N_qualname]) {
        if (name == S[N_qualname] && (n->obj.obj_flags & NATIVE_METHOD))
            return str_printf("%s.%s", ((ObjMethodDescr *)n)->owner->name, n->name);
        return str_from_cstr(n->name);
    }
    if (name == S[N_self])
        return n->self ? n->self : NONE;
    if (name == S[N_doc])
        return n->doc ? str_from_cstr(n->doc) : NONE;
    if (name == S[N_module])
        return n->self || (n->obj.obj_flags & NATIVE_METHOD) ? NONE : OBJ_VAL(S_builtins);
    return obj_generic_getattr(v, name);
}

static Value native_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_NATIVE(b))
        return NOTIMPL;
    ObjNative *x = AS_NATIVE(a), *y = AS_NATIVE(b);
    bool eq = x == y || (x->fn == y->fn && x->self == y->self && x->self);
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

Type type_native = {
    .name = "builtin_function_or_method", .kind = KIND_OTHER,
    .inst_size = sizeof(ObjNative), .trace = native_trace, .repr = native_repr,
    .getattr = native_getattr, .call = native_call, .descr_get = native_descr_get,
    .richcmp = native_richcmp,
};

Value boundmethod_new(Value self, Value func)
{
    ObjBoundMethod *b = (ObjBoundMethod *)gc_new(&type_boundmethod, sizeof(ObjBoundMethod));
    b->self = self;
    b->func = func;
    return OBJ_VAL(b);
}

/* ---- the old sequence-iteration protocol (__getitem__ only) ---------------- */

typedef struct { Obj obj; Value seq; int64_t index; } ObjGetitemIter;

static void gii_trace(Obj *o) { gc_mark(((ObjGetitemIter *)o)->seq); }
static Value gii_iter(Value self) { return self; }

static Value gii_next(Value self)
{
    ObjGetitemIter *it = (ObjGetitemIter *)AS_OBJ(self);
    if (!it->seq)
        return VNULL;
    Value r = obj_getitem(it->seq, MK_INT(it->index));
    if (!r) {
        if (err_matches(exc_IndexError) || err_matches(exc_StopIteration)) {
            err_clear();
            it->seq = VNULL;
        }
        return VNULL;
    }
    it->index++;
    return r;
}

static Type type_getitem_iter = {
    .name = "iterator", .kind = KIND_OTHER, .inst_size = sizeof(ObjGetitemIter),
    .trace = gii_trace, .iter = gii_iter, .next = gii_next,
};

/* ---- type ------------------------------------------------------------------ */

static void type_trace(Obj *o)
{
    Type *t = (Type *)o;
    gc_mark_obj((Obj *)t->name_str);
    gc_mark_obj((Obj *)t->qualname);
    gc_mark_obj((Obj *)t->module);
    gc_mark_obj((Obj *)t->base);
    gc_mark_obj((Obj *)t->dict);
}

bool type_is_subtype(Type *a, Type *b)
{
    for (; a; a = a->base)
        if (a == b)
            return true;
    return false;
}

Value type_lookup(Type *t, ObjStr *name)
{
    if (UNLIKELY(!name->interned))
        name = str_intern_obj(name);
    for (; t; t = t->base) {
        if (t->dict) {
            Value v = dict_get_str(t->dict, name);
            if (v)
                return v;
        }
    }
    return VNULL;
}

/* A type's namespace: writes to it invalidate the VM's attribute caches. */
static ObjDict *new_type_dict(void)
{
    ObjDict *d = AS_DICT(dict_new());
    dict_make_type_ns(d);
    return d;
}

void type_add_method(Type *t, const char *name, NativeFn fn)
{
    if (!t->dict)
        t->dict = new_type_dict();
    Value m = method_descr_new(t, name, fn);
    dict_set_str(t->dict, str_intern_cstr(name), m);
}

static Value type_repr(Value v)
{
    Type *t = AS_TYPE(v);
    bool bi;
    Value m = module_of(t, &bi);
    const char *q = t->qualname ? t->qualname->data : t->name;
    if (bi)
        return str_printf("<class '%s'>", q);
    return str_printf("<class '%s.%s'>", AS_STR(m)->data, q);
}

static Value mro_tuple(Type *t)
{
    int64_t n = 0;
    for (Type *b = t; b; b = b->base)
        n++;
    Value tup = tuple_new(n);
    if (!tup)
        return VNULL;
    n = 0;
    for (Type *b = t; b; b = b->base)
        AS_TUPLE(tup)->items[n++] = OBJ_VAL(b);
    return tup;
}

static Value dict_copy(ObjDict *d)
{
    Value c = dict_new();
    if (!c || !d)
        return c;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v))
        if (dict_set(c, k, v) < 0)
            return VNULL;
    return c;
}

static Value type_getattr(Value self, ObjStr *name)
{
    Type *t = AS_TYPE(self);
    if (UNLIKELY(!name->interned))
        name = str_intern_obj(name);
    if (name->data[0] == '_' && name->data[1] == '_') {
        if (name == S[N_name])
            return OBJ_VAL(t->name_str);
        if (name == S[N_qualname])
            return OBJ_VAL(t->qualname ? t->qualname : t->name_str);
        if (name == S[N_base])
            return t->base ? OBJ_VAL(t->base) : NONE;
        if (name == S[N_bases])
            return t->base ? tuple_pack(1, OBJ_VAL(t->base)) : tuple_new(0);
        if (name == S[N_mro])
            return mro_tuple(t);
        if (name == S[N_dict])
            return dict_copy(t->dict);
        if (name == S[N_class])
            return OBJ_VAL(TYPE(self));
    }
    Value v = type_lookup(t, name);
    if (v) {
        Type *vt = TYPE(v);
        if (vt->descr_get)
            return vt->descr_get(v, VNULL, self);
        return v;
    }
    /* attributes of the metatype (type.mro…) bind to the class */
    Value m = type_lookup(TYPE(self), name);
    if (m) {
        Type *mt = TYPE(m);
        if (mt->descr_get)
            return mt->descr_get(m, self, OBJ_VAL(TYPE(self)));
        return m;
    }
    if (name == S[N_module])
        return t->module ? OBJ_VAL(t->module) : OBJ_VAL(S_builtins);
    if (name == S[N_doc])
        return NONE;
    return VNULL;
}

static Value type_getattr_slot(Value self, ObjStr *name)
{
    Value v = type_getattr(self, name);
    if (!v && !err_occurred())
        return err_format(exc_AttributeError, "type object '%s' has no attribute '%s'",
                          AS_TYPE(self)->name, name->data);
    return v;
}

static void fixup_slots(Type *t);

int type_setattr_slots(Type *t, ObjStr *name, Value v)
{
    name = interned(name);
    if (!t->dict)
        t->dict = new_type_dict();
    if (v) {
        if (dict_set_str(t->dict, name, v) < 0)
            return -1;
    } else if (dict_get_str(t->dict, name)) {
        if (dict_del(OBJ_VAL(t->dict), OBJ_VAL(name)) < 0)
            return -1;
    } else {
        err_format(exc_AttributeError, "type object '%s' has no attribute '%s'", t->name,
                   name->data);
        return -1;
    }
    if (name == S[N_module] && v && IS_STR(v))
        t->module = AS_STR(v);
    if ((t->flags & TF_HEAPTYPE) && name->len > 4 && name->data[0] == '_' &&
        name->data[1] == '_')
        fixup_slots(t);
    return 0;
}

static int type_setattr(Value self, ObjStr *name, Value v)
{
    Type *t = AS_TYPE(self);
    name = interned(name);
    if (!(t->flags & TF_HEAPTYPE)) {
        err_format(exc_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                   name->data, t->name);
        return -1;
    }
    if (name == S[N_name] || name == S[N_qualname]) {
        if (!v || !IS_STR(v)) {
            err_format(exc_TypeError, "can only assign string to %s.%s, not '%s'", t->name,
                       name->data, v ? type_name(v) : "NoneType");
            return -1;
        }
        if (name == S[N_name]) {
            t->name_str = str_intern_obj(AS_STR(v));
            t->name = t->name_str->data;
        } else {
            t->qualname = AS_STR(v);
        }
        return 0;
    }
    /* a data descriptor on the metatype would win; type has none we model */
    return type_setattr_slots(t, name, v);
}

static Value type_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    Type *t = AS_TYPE(self);
    if (t == &type_type) {
        int nkw = kwnames ? (int)kwnames->len : 0;
        if (nargs == 1 && !nkw)
            return OBJ_VAL(TYPE(args[0]));
        if (nargs != 3 || nkw)
            return err_set(exc_TypeError, "type() takes 1 or 3 arguments");
        if (!IS_STR(args[0]))
            return err_format(exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                              type_name(args[0]));
        if (!IS_TUPLE(args[1]))
            return err_format(exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                              type_name(args[1]));
        if (!IS_DICT(args[2]))
            return err_format(exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                              type_name(args[2]));
        return type_new_class(AS_STR(args[0]), AS_TUPLE(args[1]), AS_DICT(args[2]));
    }
    if (!t->tp_new)
        return err_format(exc_TypeError, "cannot create '%s' instances", t->name);
    if (UNLIKELY(obj_stack_low()))
        return recursion_error(" while calling a Python object");
    return t->tp_new(t, args, nargs, kwnames);
}

static Value m_type_mro(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("mro", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_TYPEOBJ(args[0]))
        return err_set(exc_TypeError, "descriptor 'mro' requires a 'type' object");
    Value t = mro_tuple(AS_TYPE(args[0]));
    return t ? obj_to_list(t) : VNULL;
}

static const MethodDef type_methods[] = {{"mro", m_type_mro}, {NULL, NULL}};

Type type_type = {
    .name = "type", .kind = KIND_OTHER, .inst_size = sizeof(Type),
    .trace = type_trace, .repr = type_repr, .getattr = type_getattr_slot,
    .setattr = type_setattr, .call = type_call,
};

/* ---- type_ready -------------------------------------------------------------- */

static void inherit_slots(Type *t, Type *b)
{
#define INH(f) if (!t->f) t->f = b->f
    /* object's allocation and layout are ObjInstance's: other built-in
     * layouts must not inherit them */
    if (b != &type_object) {
        INH(tp_new);
        INH(trace);
        INH(finalize);
        if (!t->inst_size)
            t->inst_size = b->inst_size;
    }
    INH(repr);
    INH(str);
    /* hash goes with richcmp (CPython's rule): a type that defines its own
     * equality but no hash is unhashable */
    if (!t->richcmp && !t->hash) {
        t->richcmp = b->richcmp;
        t->hash = b->hash;
    }
    INH(truth);
    INH(getattr);
    INH(setattr);
    INH(call);
    INH(iter);
    INH(next);
    INH(len);
    INH(getitem);
    INH(setitem);
    INH(contains);
    for (int i = 0; i < NB_COUNT; i++) {
        INH(nb[i]);
        INH(nb_inplace[i]);
    }
    for (int i = 0; i < UN_COUNT; i++)
        INH(unary[i]);
    INH(nb_int);
    INH(nb_float);
    INH(descr_get);
    INH(descr_set);
#undef INH
}

void type_ready(Type *t, const MethodDef *methods)
{
    if (!t->obj.type)
        t->obj.type = &type_type;
    t->obj.gc_flags |= GC_STATIC | GC_MARKED;
    if (!t->base && t != &type_object)
        t->base = &type_object;
    if (!t->name_str)
        t->name_str = str_intern_cstr(t->name);
    if (!t->qualname)
        t->qualname = t->name_str;
    if (!t->module)
        t->module = S_builtins;
    if (!t->dict)
        t->dict = new_type_dict();
    for (const MethodDef *m = methods; m && m->name; m++)
        type_add_method(t, m->name, m->fn);
    if (t->base)
        inherit_slots(t, t->base);
    Obj **slot = malloc(sizeof *slot);
    if (!slot)
        baton_fatal("out of memory");
    *slot = &t->obj;
    gc_add_root_obj(slot);
}

/* ---- heap-class slot wrappers ---------------------------------------------- */

static Value check_str_result(Value r, const char *what)
{
    if (r && !IS_STR(r) && !(IS_OBJ(r) && type_is_subtype(TYPE(r), &type_str)))
        return err_format(exc_TypeError, "%s returned non-string (type %s)", what,
                          type_name(r));
    return r;
}

static Value slot_repr(Value self)
{
    return check_str_result(call_dunder(self, S[N_repr], NULL, 0, NULL), "__repr__");
}

static Value slot_str(Value self)
{
    return check_str_result(call_dunder(self, S[N_str], NULL, 0, NULL), "__str__");
}

static int slot_hash(Value self, int64_t *out)
{
    Value r = call_dunder(self, S[N_hash], NULL, 0, NULL);
    if (!r)
        return -1;
    if (r == TRUE_V || r == FALSE_V)
        r = MK_INT(r == TRUE_V);
    if (!IS_ANYINT(r)) {
        err_set(exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    *out = int_hash(r);
    return 0;
}

static int hash_unhashable(Value self, int64_t *out)
{
    (void)out;
    err_format(exc_TypeError, "unhashable type: '%s'", type_name(self));
    return -1;
}

static Value slot_richcmp(Value a, Value b, int op)
{
    Value m = type_lookup(TYPE(a), S_cmp[op]);
    if (m)
        return call_found(m, a, &b, 1);
    return object_richcmp(a, b, op);
}

static int slot_truth(Value self)
{
    bool found;
    Value r = call_dunder(self, S[N_bool], NULL, 0, &found);
    if (found) {
        if (!r)
            return -1;
        if (r == TRUE_V)
            return 1;
        if (r == FALSE_V)
            return 0;
        err_format(exc_TypeError, "__bool__ should return bool, returned %s", type_name(r));
        return -1;
    }
    if (type_lookup(TYPE(self), S[N_len])) {
        int64_t n = obj_len(self);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

static int64_t slot_len(Value self)
{
    Value r = call_dunder(self, S[N_len], NULL, 0, NULL);
    if (!r)
        return -1;
    Value i = obj_index(r);
    if (!i)
        return -1;
    if (!IS_INT(i)) {
        if (int_sign(i) < 0)
            goto negative;
        err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (AS_INT(i) < 0)
        goto negative;
    return AS_INT(i);
negative:
    err_set(exc_ValueError, "__len__() should return >= 0");
    return -1;
}

static Value slot_getattr(Value self, ObjStr *name)
{
    Type *t = TYPE(self);
    Value ga = type_lookup(t, S[N_getattribute]);
    Value r;
    Value nv = OBJ_VAL(name);
    if (is_user(ga))
        r = call_found(ga, self, &nv, 1);
    else
        r = obj_generic_getattr(self, name);
    if (r || !err_matches(exc_AttributeError))
        return r;
    Value hook = type_lookup(t, S[N_getattr]);
    if (!is_user(hook))
        return VNULL;
    err_clear();
    return call_found(hook, self, &nv, 1);
}

static int slot_setattr(Value self, ObjStr *name, Value v)
{
    Value args[2] = {OBJ_VAL(name), v};
    Value m = type_lookup(TYPE(self), v ? S[N_setattr] : S[N_delattr]);
    if (!is_user(m))
        return obj_generic_setattr(self, name, v);
    Value r = call_found(m, self, args, v ? 2 : 1);
    return r ? 0 : -1;
}

static Value slot_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    Value m = type_lookup(TYPE(self), S[N_call]);
    if (!m)
        return err_format(exc_TypeError, "'%s' object is not callable", type_name(self));
    if (IS_FUNCTION(m) || IS_NATIVE(m))
        return call_with_self(m, self, args, nargs, kwnames);
    Value b = TYPE(m)->descr_get ? TYPE(m)->descr_get(m, self, OBJ_VAL(TYPE(self))) : m;
    return b ? obj_call(b, args, nargs, kwnames) : VNULL;
}

static Value slot_iter(Value self)
{
    return call_dunder(self, S[N_iter], NULL, 0, NULL);
}

static Value slot_next(Value self)
{
    Value r = call_dunder(self, S[N_next], NULL, 0, NULL);
    if (!r && err_matches(exc_StopIteration))
        err_clear();
    return r;
}

static Value slot_getitem(Value self, Value key)
{
    return call_dunder(self, S[N_getitem], &key, 1, NULL);
}

static int slot_setitem(Value self, Value key, Value v)
{
    Value args[2] = {key, v};
    bool found;
    Value r = call_dunder(self, v ? S[N_setitem] : S[N_delitem], args, v ? 2 : 1, &found);
    if (!found) {
        err_format(exc_TypeError, v ? "'%s' object does not support item assignment"
                                    : "'%s' object does not support item deletion",
                   type_name(self));
        return -1;
    }
    return r ? 0 : -1;
}

static int slot_contains(Value self, Value item)
{
    Value r = call_dunder(self, S[N_contains], &item, 1, NULL);
    if (!r)
        return -1;
    return obj_truthy(r);
}

static Value slot_binary(Value a, Value b, int op, Value (*self_fn)(Value, Value))
{
    Type *ta = TYPE(a), *tb = TYPE(b);
    bool do_other = ta != tb && tb->nb[op] == self_fn;
    if (ta->nb[op] == self_fn) {
        if (do_other && type_is_subtype(tb, ta)) {
            Value rm = type_lookup(tb, S_rop[op]);
            if (is_user(rm) && rm != type_lookup(ta, S_rop[op])) {
                Value r = call_found(rm, b, &a, 1);
                if (r != NOTIMPL)
                    return r;
                do_other = false;
            }
        }
        Value m = type_lookup(ta, S_op[op]);
        if (is_user(m)) {
            Value r = call_found(m, a, &b, 1);
            if (r != NOTIMPL || ta == tb)
                return r;
        }
    }
    if (do_other) {
        Value rm = type_lookup(tb, S_rop[op]);
        if (is_user(rm))
            return call_found(rm, b, &a, 1);
    }
    return NOTIMPL;
}

#define BIN_SLOTS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12)
#define X(i) \
    static Value slot_nb_##i(Value a, Value b) { return slot_binary(a, b, i, slot_nb_##i); } \
    static Value slot_inp_##i(Value a, Value b) { \
        Value m = type_lookup(TYPE(a), S_iop[i]); \
        return is_user(m) ? call_found(m, a, &b, 1) : NOTIMPL; \
    }
BIN_SLOTS(X)
#undef X
static Value (*const slot_nb[NB_COUNT])(Value, Value) = {
#define X(i) slot_nb_##i,
    BIN_SLOTS(X)
#undef X
};
static Value (*const slot_inp[NB_COUNT])(Value, Value) = {
#define X(i) slot_inp_##i,
    BIN_SLOTS(X)
#undef X
};

static Value slot_neg(Value v) { return call_dunder(v, S[N_neg], NULL, 0, NULL); }
static Value slot_pos(Value v) { return call_dunder(v, S[N_pos], NULL, 0, NULL); }
static Value slot_invert(Value v) { return call_dunder(v, S[N_invert], NULL, 0, NULL); }
static Value (*const slot_un[UN_COUNT])(Value) = {slot_neg, slot_pos, slot_invert};

static Value slot_nb_int(Value v)
{
    Type *t = TYPE(v);
    Value m = type_lookup(t, S[N_int]);
    if (!is_user(m))
        return obj_index(v);
    Value r = call_found(m, v, NULL, 0);
    if (r && !IS_ANYINT(r) && !IS_BOOL(r))
        return err_format(exc_TypeError, "__int__ returned non-int (type %s)", type_name(r));
    return r;
}

static Value slot_nb_float(Value v)
{
    Type *t = TYPE(v);
    Value m = type_lookup(t, S[N_float]);
    if (!is_user(m)) {
        Value i = obj_index(v);
        if (!i)
            return VNULL;
        double d;
        if (int_as_double(i, &d) < 0)
            return VNULL;
        return float_new(d);
    }
    Value r = call_found(m, v, NULL, 0);
    if (r && !IS_FLOAT(r))
        return err_format(exc_TypeError, "%s.__float__ returned non-float (type %s)", t->name,
                          type_name(r));
    return r;
}

static Value slot_descr_get(Value d, Value obj, Value type)
{
    Value args[2] = {obj ? obj : NONE, type ? type : NONE};
    return call_dunder(d, S[N_get], args, 2, NULL);
}

static int slot_descr_set(Value d, Value obj, Value v)
{
    Value args[2] = {obj, v};
    bool found;
    Value r = call_dunder(d, v ? S[N_set] : S[N_delete], args, v ? 2 : 1, &found);
    if (!found) {
        err_set(exc_AttributeError, v ? "__set__" : "__delete__");
        return -1;
    }
    return r ? 0 : -1;
}

static bool user_dunder(Type *t, int id)
{
    return is_user(type_lookup(t, S[id]));
}

/* Point every slot of heap class t at a wrapper if a script defined the
 * dunder somewhere on its chain, else at the base's C slot. */
static void fixup_slots(Type *t)
{
    Type *b = t->base;
#define PICK(slot, cond, wrapper) t->slot = (cond) ? (wrapper) : b->slot
    PICK(repr, user_dunder(t, N_repr), slot_repr);
    PICK(str, user_dunder(t, N_str), slot_str);
    Value h = type_lookup(t, S[N_hash]);
    if (h == NONE)
        t->hash = hash_unhashable;
    else
        PICK(hash, is_user(h), slot_hash);
    bool cmp = false;
    for (int i = 0; i < 6; i++)
        cmp = cmp || is_user(type_lookup(t, S_cmp[i]));
    PICK(richcmp, cmp, slot_richcmp);
    PICK(truth, user_dunder(t, N_bool) || user_dunder(t, N_len), slot_truth);
    PICK(len, user_dunder(t, N_len), slot_len);
    PICK(getattr, user_dunder(t, N_getattr) || user_dunder(t, N_getattribute), slot_getattr);
    PICK(setattr, user_dunder(t, N_setattr) || user_dunder(t, N_delattr), slot_setattr);
    PICK(call, user_dunder(t, N_call), slot_call);
    PICK(iter, user_dunder(t, N_iter), slot_iter);
    PICK(next, user_dunder(t, N_next), slot_next);
    PICK(getitem, user_dunder(t, N_getitem), slot_getitem);
    if (!user_dunder(t, N_getitem) && (t->flags & TF_EXT_LAYOUT) &&
        builtin_base(t) == &type_dict && is_user(type_lookup(t, str_intern_cstr("__missing__"))))
        t->getitem = ext_dict_getitem;
    PICK(setitem, user_dunder(t, N_setitem) || user_dunder(t, N_delitem), slot_setitem);
    PICK(contains, user_dunder(t, N_contains), slot_contains);
    for (int i = 0; i < NB_COUNT; i++) {
        PICK(nb[i], is_user(type_lookup(t, S_op[i])) || is_user(type_lookup(t, S_rop[i])),
             slot_nb[i]);
        PICK(nb_inplace[i], is_user(type_lookup(t, S_iop[i])), slot_inp[i]);
    }
    for (int i = 0; i < UN_COUNT; i++)
        PICK(unary[i], is_user(type_lookup(t, S_unary[i])), slot_un[i]);
    PICK(nb_int, user_dunder(t, N_int) || user_dunder(t, N_index), slot_nb_int);
    PICK(nb_float, user_dunder(t, N_float) || user_dunder(t, N_index), slot_nb_float);
    PICK(descr_get, user_dunder(t, N_get), slot_descr_get);
    PICK(descr_set, user_dunder(t, N_set) || user_dunder(t, N_delete), slot_descr_set);
#undef PICK
}

/* ---- class creation ---------------------------------------------------------- */

/* ---- subclasses of list, dict and set ---------------------------------------- */

/* What a promoted built-in instance leaves behind: garbage with no slots. */
static Type type_husk = {.name = "husk", .kind = KIND_OTHER, .inst_size = sizeof(Obj)};

static void ext_trace(Obj *o)
{
    Type *b = builtin_base(o->type);
    if (b->trace)
        b->trace(o);
    gc_mark_obj((Obj *)*dict_slot(OBJ_VAL(o)));
}

/* Move a fresh built-in instance into an instance of subclass t (the
 * built-in constructors always make their exact type). */
static Value ext_promote(Value base_obj, Type *t)
{
    if (!base_obj)
        return VNULL;
    Type *b = builtin_base(t);
    if (!IS_OBJ(base_obj) || AS_OBJ(base_obj)->type != b)
        return base_obj;
    size_t n = ext_dict_offset(t);
    Obj *o = gc_new(t, n + sizeof(ObjDict *));
    Obj *old = AS_OBJ(base_obj);
    memcpy((char *)o + sizeof(Obj), (char *)old + sizeof(Obj), n - sizeof(Obj));
    o->obj_flags = old->obj_flags;
    memset((char *)old + sizeof(Obj), 0, n - sizeof(Obj));
    old->type = &type_husk;
    return OBJ_VAL(o);
}

static Value ext_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Type *b = builtin_base(t);
    if (b == &type_set)
        return ext_promote(set_new(&type_set), t);
    if (b == &type_dict)
        return ext_promote(dict_new(), t);
    if (b == &type_list)
        return ext_promote(list_new(0), t);
    return ext_promote(b->tp_new(b, args, nargs, kwnames), t);
}

static Value m_list_init(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("list", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    AS_LIST(args[0])->len = 0;
    if (nargs == 2 && list_extend(args[0], args[1]) < 0)
        return VNULL;
    return NONE;
}

static Value m_dict_init(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs > 2)
        return err_format(exc_TypeError, "dict expected at most 1 argument, got %d", nargs - 1);
    if (nargs == 2 && dict_update(args[0], args[1]) < 0)
        return VNULL;
    for (int64_t i = 0; kw && i < kw->len; i++)
        if (dict_set(args[0], kw->items[i], args[nargs + i]) < 0)
            return VNULL;
    return NONE;
}

static Value m_set_init(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("set", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    if (nargs == 2 && set_update(args[0], args[1]) < 0)
        return VNULL;
    return NONE;
}

/* dict subclasses with __missing__ */
static Value ext_dict_getitem(Value self, Value key)
{
    Value v = type_dict.getitem(self, key);
    if (v || !err_matches(exc_KeyError))
        return v;
    Value m = type_lookup(TYPE(self), str_intern_cstr("__missing__"));
    if (!is_user(m))
        return VNULL;
    err_clear();
    return call_found(m, self, &key, 1);
}

static bool ext_base_ok(Type *b)
{
    return b == &type_list || b == &type_dict || b == &type_set;
}

static void ext_setup(Type *t)
{
    Type *b = builtin_base(t);
    if (!(b->flags & TF_HEAPTYPE) && !dict_get_str(b->dict, S[N_init]))
        type_add_method(b, "__init__", b == &type_list ? m_list_init
                                       : b == &type_dict ? m_dict_init : m_set_init);
    /* not TF_HAS_DICT / KIND_OBJECT: other files take those to mean an
     * ObjInstance layout */
    t->flags = (t->flags | TF_EXT_LAYOUT) & ~TF_HAS_DICT;
    t->kind = KIND_OTHER;
    t->trace = ext_trace;
    t->inst_size = ext_dict_offset(t) + sizeof(ObjDict *);
}

static Value heap_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value newf = type_lookup(t, S[N_new]);
    Value initf = type_lookup(t, S[N_init]);
    bool user_init = is_user(initf);
    Value obj;
    if (is_user(newf)) {
        Value f = newf;
        if (IS_TYPE_EXACT(f, &type_staticmethod))
            f = ((ObjStaticMethod *)AS_OBJ(f))->func;
        obj = call_with_self(f, OBJ_VAL(t), args, nargs, kwnames);
        if (!obj)
            return VNULL;
        if (!obj_isinstance(obj, t))
            return obj;
    } else {
        Type *bt = builtin_base(t);
        if (t->flags & TF_EXT_LAYOUT) {
            /* the built-in __init__ fills it: list(args) unless the class
             * has its own __init__ */
            obj = user_init ? ext_new(t, NULL, 0, NULL)
                            : ext_promote(bt->tp_new(bt, args, nargs, kwnames), t);
        } else if (bt == &type_object || !bt->tp_new) {
            if ((nargs || nkw) && !user_init)
                return err_format(exc_TypeError, "%s() takes no arguments", t->name);
            obj = instance_new(t);
        } else {
            obj = bt->tp_new(t, args, nargs, kwnames);
        }
        if (!obj)
            return VNULL;
    }
    if (user_init) {
        Value r = call_with_self(initf, obj, args, nargs, kwnames);
        if (!r)
            return VNULL;
        if (r != NONE)
            return err_format(exc_TypeError, "__init__() should return None, not '%s'",
                              type_name(r));
    }
    return obj;
}

static Value wrap_static(Type *wrapper, Value f)
{
    ObjStaticMethod *s = (ObjStaticMethod *)gc_new(wrapper, sizeof(ObjStaticMethod));
    s->func = f;
    return OBJ_VAL(s);
}

Value type_new_class(ObjStr *name, ObjTuple *bases, ObjDict *ns)
{
    Type *base = NULL;
    int64_t nb = bases ? bases->len : 0;
    for (int64_t i = 0; i < nb; i++) {
        Value b = bases->items[i];
        if (!IS_TYPEOBJ(b))
            return err_format(exc_TypeError, "bases must be types, not %s", type_name(b));
        for (int64_t j = 0; j < i; j++)
            if (bases->items[j] == b)
                return err_format(exc_TypeError, "duplicate base class %s", AS_TYPE(b)->name);
    }
    for (int64_t i = 0; i < nb; i++) {
        Type *b = AS_TYPE(bases->items[i]);
        if (b == &type_object && nb > 1)
            continue;
        if (base)
            return err_format(exc_TypeError,
                              "baton supports single inheritance only (class '%s' has "
                              "bases '%s' and '%s')",
                              name->data, base->name, b->name);
        base = b;
    }
    if (!base)
        base = &type_object;
    if (!(base == &type_object || (base->flags & (TF_HEAPTYPE | TF_EXCEPTION)) ||
          ext_base_ok(base)))
        return err_format(exc_TypeError, "type '%s' is not an acceptable base type",
                          base->name);

    Value d = dict_new();
    if (!d)
        return VNULL;
    if (ns) {
        int64_t pos = 0;
        Value k, v;
        while (dict_next(ns, &pos, &k, &v)) {
            if (IS_STR(k))
                k = OBJ_VAL(interned(AS_STR(k)));
            if (dict_set(d, k, v) < 0)
                return VNULL;
        }
    }
    ObjDict *dd = AS_DICT(d);
    Type *t = (Type *)gc_new(&type_type, sizeof(Type));
    Obj hdr = t->obj;
    memcpy(t, base, sizeof(Type));
    t->obj = hdr;
    t->base = base;
    t->dict = dd;
    dict_make_type_ns(dd);
    t->name_str = interned(name);
    t->name = t->name_str->data;
    t->flags = TF_HEAPTYPE | TF_BASETYPE | TF_HAS_DICT | (base->flags & TF_EXCEPTION);
    t->tp_new = heap_tp_new;
    if (ext_base_ok(builtin_base(t)))
        ext_setup(t);
    else if (!base->inst_size || base->inst_size < sizeof(ObjInstance))
        t->inst_size = sizeof(ObjInstance);

    Value q = dict_get_str(dd, S[N_qualname]);
    if (q && IS_STR(q)) {
        t->qualname = AS_STR(q);
        dict_del(d, OBJ_VAL(S[N_qualname]));
    } else {
        t->qualname = t->name_str;
    }
    Value m = dict_get_str(dd, S[N_module]);
    if (!m) {
        Value g = vm_current_globals();
        if (g && IS_DICT(g))
            m = dict_get_str(AS_DICT(g), S[N_name]);
        if (!m || !IS_STR(m))
            m = OBJ_VAL(S_builtins);
        if (dict_set_str(dd, S[N_module], m) < 0)
            return VNULL;
    }
    t->module = IS_STR(m) ? AS_STR(m) : S_builtins;
    if (!dict_get_str(dd, S[N_doc]) && dict_set_str(dd, S[N_doc], NONE) < 0)
        return VNULL;
    /* __eq__ without __hash__ makes instances unhashable */
    if (dict_get_str(dd, S[N_eq]) && !dict_get_str(dd, S[N_hash]) &&
        dict_set_str(dd, S[N_hash], NONE) < 0)
        return VNULL;
    Value nf = dict_get_str(dd, S[N_new]);
    if (nf && IS_FUNCTION(nf) &&
        dict_set_str(dd, S[N_new], wrap_static(&type_staticmethod, nf)) < 0)
        return VNULL;
    Value cf = dict_get_str(dd, S[N_init_subclass]);
    if (cf && IS_FUNCTION(cf) &&
        dict_set_str(dd, S[N_init_subclass], wrap_static(&type_classmethod, cf)) < 0)
        return VNULL;
    cf = dict_get_str(dd, S[N_class_getitem]);
    if (cf && IS_FUNCTION(cf) &&
        dict_set_str(dd, S[N_class_getitem], wrap_static(&type_classmethod, cf)) < 0)
        return VNULL;
    fixup_slots(t);

    /* __set_name__ on descriptors, then the base's __init_subclass__ */
    int64_t pos = 0;
    Value k, v;
    while (dict_next(dd, &pos, &k, &v)) {
        if (!IS_OBJ(v) || !(TYPE(v)->flags & TF_HEAPTYPE))
            continue;
        Value sn = type_lookup(TYPE(v), S[N_set_name]);
        if (!is_user(sn))
            continue;
        Value args[2] = {OBJ_VAL(t), k};
        if (!call_found(sn, v, args, 2))
            return VNULL;
    }
    Value isc = type_lookup(base, S[N_init_subclass]);
    if (is_user(isc)) {
        Value f = isc;
        if (IS_TYPE_EXACT(f, &type_classmethod))
            f = ((ObjStaticMethod *)AS_OBJ(f))->func;
        if (!obj_call1(f, OBJ_VAL(t)))
            return VNULL;
    }
    return OBJ_VAL(t);
}

/* ---- repr / str / hash / compare ---------------------------------------------- */

Value obj_repr(Value v)
{
    if (IS_STR(v))
        return str_repr(v);
    Type *t = TYPE(v);
    if (UNLIKELY(++repr_depth > vm_recursion_limit || obj_stack_low())) {
        repr_depth--;
        return recursion_error(" while getting the repr of an object");
    }
    Value r = t->repr ? t->repr(v) : object_repr(v);
    repr_depth--;
    return check_str_result(r, "__repr__");
}

Value obj_str(Value v)
{
    if (IS_STR(v))
        return v;
    if (IS_INT(v))
        return int_to_str(v, 10);
    Type *t = TYPE(v);
    if (!t->str)
        return obj_repr(v);
    if (UNLIKELY(obj_stack_low()))
        return recursion_error(" while getting the str of an object");
    return check_str_result(t->str(v), "__str__");
}

Value obj_ascii(Value v)
{
    Value r = obj_repr(v);
    if (!r)
        return VNULL;
    ObjStr *s = AS_STR(r);
    if (s->ascii)
        return r;
    StrBuf b;
    sb_init(&b);
    size_t i = 0, n = (size_t)s->len;
    while (i < n) {
        int len;
        uint32_t cp = utf8_decode(s->data + i, n - i, &len);
        if (cp < 0x80)
            sb_addc(&b, (char)cp);
        else if (cp < 0x100)
            sb_printf(&b, "\\x%02x", cp);
        else if (cp < 0x10000)
            sb_printf(&b, "\\u%04x", cp);
        else
            sb_printf(&b, "\\U%08x", cp);
        i += len > 0 ? (size_t)len : 1;
    }
    return sb_finish(&b);
}

int obj_hash(Value v, int64_t *out)
{
    if (IS_INT(v)) {
        int64_t i = AS_INT(v);
        const int64_t P = ((int64_t)1 << 61) - 1;
        if (i > -P && i < P) {
            *out = i == -1 ? -2 : i;
            return 0;
        }
        *out = int_hash(v);
        return 0;
    }
    if (IS_STR(v)) {
        *out = str_hash(AS_STR(v));
        return 0;
    }
    Type *t = TYPE(v);
    if (!t->hash) {
        err_format(exc_TypeError, "unhashable type: '%s'", t->name);
        return -1;
    }
    if (UNLIKELY(obj_stack_low())) {
        recursion_error(" while calling a Python object");
        return -1;
    }
    return t->hash(v, out);
}

static Value richcmp_slow(Value a, Value b, int op)
{
    Type *ta = TYPE(a), *tb = TYPE(b);
    bool checked = false;
    Value r;
    if (ta != tb && tb->richcmp && type_is_subtype(tb, ta)) {
        checked = true;
        r = tb->richcmp(b, a, cmp_swap[op]);
        if (r != NOTIMPL)
            return r;
    }
    if (ta->richcmp) {
        r = ta->richcmp(a, b, op);
        if (r != NOTIMPL)
            return r;
    }
    if (!checked && tb->richcmp) {
        r = tb->richcmp(b, a, cmp_swap[op]);
        if (r != NOTIMPL)
            return r;
    }
    if (op == CMP_EQ)
        return BOOL_V(a == b);
    if (op == CMP_NE)
        return BOOL_V(a != b);
    return err_format(exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                      cmp_sym[op], ta->name, tb->name);
}

Value obj_richcmp(Value a, Value b, int op)
{
    if (IS_INT(a) && IS_INT(b)) {
        int64_t x = (int64_t)a, y = (int64_t)b; /* same order as the ints */
        switch (op) {
        case CMP_LT: return BOOL_V(x < y);
        case CMP_LE: return BOOL_V(x <= y);
        case CMP_EQ: return BOOL_V(x == y);
        case CMP_NE: return BOOL_V(x != y);
        case CMP_GT: return BOOL_V(x > y);
        default: return BOOL_V(x >= y);
        }
    }
    if (UNLIKELY(obj_stack_low()))
        return recursion_error(" in comparison");
    return richcmp_slow(a, b, op);
}

int obj_richcmp_bool(Value a, Value b, int op)
{
    if (a == b) {
        if (op == CMP_EQ)
            return 1;
        if (op == CMP_NE)
            return 0;
    }
    Value r = obj_richcmp(a, b, op);
    if (!r)
        return -1;
    if (r == TRUE_V)
        return 1;
    if (r == FALSE_V)
        return 0;
    return obj_truthy(r);
}

int obj_eq(Value a, Value b)
{
    if (a == b)
        return 1;
    if (IS_INT(a) && IS_INT(b))
        return 0;
    if (IS_STR(a) && IS_STR(b))
        return str_eq(AS_STR(a), AS_STR(b));
    return obj_richcmp_bool(a, b, CMP_EQ);
}

int obj_truthy(Value v)
{
    if (v == TRUE_V)
        return 1;
    if (v == FALSE_V || v == NONE)
        return 0;
    if (IS_INT(v))
        return AS_INT(v) != 0;
    Type *t = TYPE(v);
    if (t->truth)
        return t->truth(v);
    if (t->len) {
        int64_t n = t->len(v);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

/* ---- attributes ---------------------------------------------------------------- */

static Value attr_error(Value o, ObjStr *name)
{
    if (IS_TYPEOBJ(o))
        return err_format(exc_AttributeError, "type object '%s' has no attribute '%s'",
                          AS_TYPE(o)->name, name->data);
    if (IS_MODULE(o) && AS_MODULE(o)->name)
        return err_format(exc_AttributeError, "module '%s' has no attribute '%s'",
                          AS_MODULE(o)->name->data, name->data);
    return err_format(exc_AttributeError, "'%s' object has no attribute '%s'", type_name(o),
                      name->data);
}

/* The generic lookup; raise=false returns VNULL with no error on a miss. */
static Value generic_getattr(Value o, ObjStr *name, bool raise)
{
    Type *t = TYPE(o);
    Value d = type_lookup(t, name);
    Type *dt = NULL;
    if (d) {
        dt = TYPE(d);
        if (dt->descr_set && dt->descr_get)
            return dt->descr_get(d, o, OBJ_VAL(t));
    }
    ObjDict **ds = dict_slot(o);
    if (ds && *ds) {
        Value v = dict_get_str(*ds, name);
        if (v)
            return v;
    }
    if (d) {
        if (dt->descr_get)
            return dt->descr_get(d, o, OBJ_VAL(t));
        return d;
    }
    if (name == S[N_class])
        return OBJ_VAL(t);
    if (name == S[N_dict] && ds) {
        if (!*ds)
            *ds = AS_DICT(dict_new());
        return OBJ_VAL(*ds);
    }
    if (IS_TYPEOBJ(o)) {
        Value v = type_getattr(o, name);
        if (v || err_occurred())
            return v;
    }
    if (!raise)
        return VNULL;
    return attr_error(o, name);
}

Value obj_generic_getattr(Value o, ObjStr *name)
{
    return generic_getattr(o, interned(name), true);
}

Value obj_getattr(Value o, ObjStr *name)
{
    name = interned(name);
    Type *t = TYPE(o);
    if (t->getattr)
        return t->getattr(o, name);
    return generic_getattr(o, name, true);
}

Value obj_getattr_opt(Value o, ObjStr *name)
{
    name = interned(name);
    Type *t = TYPE(o);
    if (!t->getattr)
        return generic_getattr(o, name, false);
    Value v = t->getattr(o, name);
    if (!v && err_matches(exc_AttributeError))
        err_clear();
    return v;
}

int obj_generic_setattr(Value o, ObjStr *name, Value v)
{
    name = interned(name);
    Type *t = TYPE(o);
    Value d = type_lookup(t, name);
    if (d) {
        Type *dt = TYPE(d);
        if (dt->descr_set)
            return dt->descr_set(d, o, v);
    }
    ObjDict **ds = dict_slot(o);
    if (name == S[N_class]) {
        if (!v) {
            err_set(exc_TypeError, "can't delete __class__ attribute");
            return -1;
        }
        if (!IS_TYPEOBJ(v)) {
            err_format(exc_TypeError, "__class__ must be set to a class, not '%s' object",
                       type_name(v));
            return -1;
        }
        Type *nt = AS_TYPE(v);
        if (!ds || !(t->flags & TF_HEAPTYPE) || !(nt->flags & TF_HEAPTYPE) ||
            nt->kind != t->kind || builtin_base(nt) != builtin_base(t)) {
            err_set(exc_TypeError, "__class__ assignment only supported for mutable types "
                                   "or ModuleType subclasses");
            return -1;
        }
        AS_OBJ(o)->type = nt;
        return 0;
    }
    if (!ds) {
        if (d)
            err_format(exc_AttributeError, "'%s' object attribute '%s' is read-only", t->name,
                       name->data);
        else
            attr_error(o, name);
        return -1;
    }
    if (name == S[N_dict]) {
        if (!v || !IS_DICT(v)) {
            err_format(exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                       v ? type_name(v) : "NoneType");
            return -1;
        }
        *ds = AS_DICT(v);
        return 0;
    }
    if (v) {
        if (!*ds) {
            Value nd = dict_new();
            if (!nd)
                return -1;
            *ds = AS_DICT(nd);
        }
        return dict_set_str(*ds, name, v);
    }
    if (!*ds || !dict_get_str(*ds, name)) {
        attr_error(o, name);
        return -1;
    }
    return dict_del(OBJ_VAL(*ds), OBJ_VAL(name));
}

int obj_setattr(Value o, ObjStr *name, Value v)
{
    name = interned(name);
    Type *t = TYPE(o);
    if (t->setattr)
        return t->setattr(o, name, v);
    return obj_generic_setattr(o, name, v);
}

/* ---- calls ---------------------------------------------------------------------- */

Value obj_call(Value f, Value *args, int nargs, ObjTuple *kwnames)
{
    Type *t = TYPE(f);
    if (UNLIKELY(!t->call))
        return err_format(exc_TypeError, "'%s' object is not callable", t->name);
    if (UNLIKELY(obj_stack_low()))
        return recursion_error(" while calling a Python object");
    return t->call(f, args, nargs, kwnames);
}

Value obj_call0(Value f) { return obj_call(f, NULL, 0, NULL); }
Value obj_call1(Value f, Value a) { return obj_call(f, &a, 1, NULL); }

Value obj_call2(Value f, Value a, Value b)
{
    Value args[2] = {a, b};
    return obj_call(f, args, 2, NULL);
}

Value obj_call_method(Value self, ObjStr *name, Value *args, int nargs)
{
    name = interned(name);
    Value m = type_lookup(TYPE(self), name);
    if (m && (IS_FUNCTION(m) || (IS_NATIVE(m) && (AS_OBJ(m)->obj_flags & NATIVE_METHOD)))) {
        ObjDict **ds = dict_slot(self);
        if (!ds || !*ds || !dict_get_str(*ds, name))
            return call_with_self(m, self, args, nargs, NULL);
    }
    Value f = obj_getattr(self, name);
    if (!f)
        return VNULL;
    return obj_call(f, args, nargs, NULL);
}

/* ---- iteration, length, items ----------------------------------------------------- */

Value obj_iter(Value v)
{
    Type *t = TYPE(v);
    if (t->iter) {
        Value it = t->iter(v);
        if (it && !TYPE(it)->next)
            return err_format(exc_TypeError, "iter() returned non-iterator of type '%s'",
                              type_name(it));
        return it;
    }
    if (t->getitem && !IS_TYPEOBJ(v) && !IS_DICT(v)) {
        ObjGetitemIter *it = (ObjGetitemIter *)gc_new(&type_getitem_iter, sizeof *it);
        it->seq = v;
        return OBJ_VAL(it);
    }
    return err_format(exc_TypeError, "'%s' object is not iterable", t->name);
}

Value obj_next(Value it)
{
    Type *t = TYPE(it);
    if (!t->next)
        return err_format(exc_TypeError, "'%s' object is not an iterator", t->name);
    return t->next(it);
}

int64_t obj_len(Value v)
{
    Type *t = TYPE(v);
    if (!t->len) {
        err_format(exc_TypeError, "object of type '%s' has no len()", t->name);
        return -1;
    }
    return t->len(v);
}

Value obj_getitem(Value o, Value key)
{
    Type *t = TYPE(o);
    if (t->getitem)
        return t->getitem(o, key);
    if (IS_TYPEOBJ(o)) {
        Type *ct = AS_TYPE(o);
        Value cg = type_lookup(ct, S[N_class_getitem]);
        if (cg) {
            Value f = TYPE(cg)->descr_get ? TYPE(cg)->descr_get(cg, VNULL, o) : cg;
            return f ? obj_call1(f, key) : VNULL;
        }
        /* list[int], dict[str, int]…: annotations only; the class stands in
         * for the generic alias */
        if (ct == &type_list || ct == &type_dict || ct == &type_tuple || ct == &type_set ||
            ct == &type_frozenset || ct == &type_type)
            return o;
        return err_format(exc_TypeError, "type '%s' is not subscriptable", ct->name);
    }
    return err_format(exc_TypeError, "'%s' object is not subscriptable", t->name);
}

int obj_setitem(Value o, Value key, Value v)
{
    Type *t = TYPE(o);
    if (t->setitem)
        return t->setitem(o, key, v);
    err_format(exc_TypeError, v ? "'%s' object does not support item assignment"
                                : "'%s' object does not support item deletion",
               t->name);
    return -1;
}

int obj_contains(Value container, Value item)
{
    Type *t = TYPE(container);
    if (t->contains)
        return t->contains(container, item);
    if (!t->iter && !t->getitem) {
        err_format(exc_TypeError, "argument of type '%s' is not iterable", t->name);
        return -1;
    }
    Value it = obj_iter(container);
    if (!it)
        return -1;
    for (;;) {
        Value x = obj_next(it);
        if (!x)
            return err_occurred() ? -1 : 0;
        int r = obj_eq(x, item);
        if (r != 0)
            return r;
    }
}

/* ---- operators ----------------------------------------------------------------- */

/* CPython's binary_op1: NotImplemented if neither operand handles it. */
static Value binop1(Value a, Value b, int op)
{
    Type *ta = TYPE(a), *tb = TYPE(b);
    Value (*sa)(Value, Value) = ta->nb[op];
    Value (*sb)(Value, Value) = ta != tb ? tb->nb[op] : NULL;
    if (sb == sa)
        sb = NULL;
    if (sa) {
        if (sb && type_is_subtype(tb, ta)) {
            Value r = sb(a, b);
            if (r != NOTIMPL)
                return r;
            sb = NULL;
        }
        Value r = sa(a, b);
        if (r != NOTIMPL)
            return r;
    }
    if (sb)
        return sb(a, b);
    return NOTIMPL;
}

Value obj_binop(Value a, Value b, int op)
{
    if ((unsigned)op >= NB_COUNT)
        return err_set(exc_RuntimeError, "bad binary operator");
    if (UNLIKELY(obj_stack_low()))
        return recursion_error("");
    Value r = binop1(a, b, op);
    if (r != NOTIMPL)
        return r;
    return err_format(exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                      binop_sym[op], type_name(a), type_name(b));
}

Value obj_inplace_op(Value a, Value b, int op)
{
    if ((unsigned)op >= NB_COUNT)
        return err_set(exc_RuntimeError, "bad binary operator");
    if (UNLIKELY(obj_stack_low()))
        return recursion_error("");
    Type *ta = TYPE(a);
    if (ta->nb_inplace[op]) {
        Value r = ta->nb_inplace[op](a, b);
        if (r != NOTIMPL)
            return r;
    }
    Value r = binop1(a, b, op);
    if (r != NOTIMPL)
        return r;
    return err_format(exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                      inplace_sym[op], type_name(a), type_name(b));
}

Value obj_unary(Value v, int op)
{
    static const char *const sym[UN_COUNT] = {"-", "+", "~"};
    if ((unsigned)op >= UN_COUNT)
        return err_set(exc_RuntimeError, "bad unary operator");
    Type *t = TYPE(v);
    if (t->unary[op])
        return t->unary[op](v);
    return err_format(exc_TypeError, "bad operand type for unary %s: '%s'", sym[op], t->name);
}

/* ---- type tests and conversions -------------------------------------------------- */

bool obj_isinstance(Value v, Type *t)
{
    return type_is_subtype(TYPE(v), t);
}

int obj_isinstance_v(Value v, Value cls)
{
    if (IS_TYPEOBJ(cls))
        return obj_isinstance(v, AS_TYPE(cls));
    if (IS_TUPLE(cls)) {
        if (UNLIKELY(obj_stack_low())) {
            recursion_error(" in __instancecheck__");
            return -1;
        }
        ObjTuple *tp = AS_TUPLE(cls);
        for (int64_t i = 0; i < tp->len; i++) {
            int r = obj_isinstance_v(v, tp->items[i]);
            if (r)
                return r;
        }
        return 0;
    }
    err_set(exc_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

Value obj_index(Value v)
{
    if (IS_INT(v) || IS_BIGINT(v))
        return v;
    if (v == TRUE_V)
        return MK_INT(1);
    if (v == FALSE_V)
        return MK_INT(0);
    Type *t = TYPE(v);
    if (t->flags & TF_HEAPTYPE) {
        Value m = type_lookup(t, S[N_index]);
        if (is_user(m)) {
            Value r = call_found(m, v, NULL, 0);
            if (!r)
                return VNULL;
            if (r == TRUE_V || r == FALSE_V)
                return MK_INT(r == TRUE_V);
            if (!IS_ANYINT(r))
                return err_format(exc_TypeError, "__index__ returned non-int (type %s)",
                                  type_name(r));
            return r;
        }
    }
    return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      t->name);
}

int obj_as_int64(Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 0;
    }
    Value i = obj_index(v);
    if (!i)
        return -1;
    if (IS_INT(i)) {
        *out = AS_INT(i);
        return 0;
    }
    if (mpz_fits_slong_p(AS_BIGINT(i)->z) && sizeof(long) == 8) {
        *out = (int64_t)mpz_get_si(AS_BIGINT(i)->z);
        return 0;
    }
    err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    return -1;
}

Value obj_type_name(Value v)
{
    Type *t = TYPE(v);
    return t->name_str ? OBJ_VAL(t->name_str) : str_from_cstr(t->name);
}

Value obj_to_list(Value iterable)
{
    if (IS_LIST(iterable))
        return list_from(AS_LIST(iterable)->items, AS_LIST(iterable)->len);
    if (IS_TUPLE(iterable))
        return list_from(AS_TUPLE(iterable)->items, AS_TUPLE(iterable)->len);
    Value l = list_new(0);
    if (!l)
        return VNULL;
    if (list_extend(l, iterable) < 0)
        return VNULL;
    return l;
}

Value obj_to_tuple(Value iterable)
{
    if (IS_TUPLE(iterable) || IS_LIST(iterable))
        return iterable;
    Value l = obj_to_list(iterable);
    if (!l)
        return VNULL;
    return tuple_from(AS_LIST(l)->items, AS_LIST(l)->len);
}

/* ---- argument parsing ------------------------------------------------------------- */

/* "f" from "f" or "f()", for the two message styles (names come from C
 * tables; longer ones are cut). */
typedef struct { char s[80]; } FName;
static FName base_name(const char *fname)
{
    FName f;
    size_t n = strlen(fname);
    if (n >= 2 && fname[n - 2] == '(' && fname[n - 1] == ')')
        n -= 2;
    if (n >= sizeof f.s)
        n = sizeof f.s - 1;
    memcpy(f.s, fname, n);
    f.s[n] = 0;
    return f;
}

int args_check(const char *fname, int nargs, ObjTuple *kwnames, int min, int max)
{
    if (LIKELY(!(kwnames && kwnames->len) && nargs >= min && nargs <= max))
        return 0;
    FName fn = base_name(fname);
    if (kwnames && kwnames->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", fn.s);
        return -1;
    }
    if (nargs >= min && nargs <= max)
        return 0;
    if (max == 0)
        err_format(exc_TypeError, "%s() takes no arguments (%d given)", fn.s, nargs);
    else if (min == max && min == 1)
        err_format(exc_TypeError, "%s() takes exactly one argument (%d given)", fn.s,
                   nargs);
    else if (min == max)
        err_format(exc_TypeError, "%s() takes exactly %d arguments (%d given)", fn.s,
                   min, nargs);
    else if (nargs < min)
        err_format(exc_TypeError, "%s expected at least %d argument%s, got %d", fn.s,
                   min, min == 1 ? "" : "s", nargs);
    else
        err_format(exc_TypeError, "%s expected at most %d argument%s, got %d", fn.s,
                   max, max == 1 ? "" : "s", nargs);
    return -1;
}

int args_parse(const char *fname, Value *args, int nargs, ObjTuple *kwnames,
               const char *const *params, int nrequired, int npositional, Value *out)
{
    int nparams = 0;
    while (params[nparams])
        nparams++;
    if (npositional > nparams)
        npositional = nparams;
    /* the common call: positional arguments only, all required ones there */
    if (LIKELY(!(kwnames && kwnames->len) && nargs <= npositional && nargs >= nrequired)) {
        for (int i = 0; i < nparams; i++)
            out[i] = i < nargs ? args[i] : VNULL;
        return 0;
    }
    FName fn = base_name(fname);
    if (nargs > npositional) {
        if (npositional == 0)
            err_format(exc_TypeError, "%s() takes no positional arguments", fn.s);
        else
            err_format(exc_TypeError, "%s() takes %s %d argument%s (%d given)", fn.s,
                       nrequired >= npositional ? "exactly" : "at most", npositional,
                       npositional == 1 ? "" : "s", nargs);
        return -1;
    }
    for (int i = 0; i < nparams; i++)
        out[i] = i < nargs ? args[i] : VNULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    for (int k = 0; k < nkw; k++) {
        ObjStr *kn = AS_STR(kwnames->items[k]);
        int j = 0;
        while (j < nparams && strcmp(params[j], kn->data) != 0)
            j++;
        if (j == nparams) {
            err_format(exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                       kn->data, fn.s);
            return -1;
        }
        if (out[j]) {
            if (j < nargs)
                err_format(exc_TypeError,
                           "argument for %s() given by name ('%s') and position (%d)",
                           fn.s, kn->data, j + 1);
            else
                err_format(exc_TypeError, "%s() got multiple values for argument '%s'",
                           fn.s, kn->data);
            return -1;
        }
        out[j] = args[nargs + k];
    }
    for (int i = 0; i < nrequired && i < nparams; i++) {
        if (!out[i]) {
            if (i >= npositional)
                err_format(exc_TypeError, "%s() missing required keyword-only argument '%s'",
                           fn.s, params[i]);
            else
                err_format(exc_TypeError, "%s() missing required argument '%s' (pos %d)",
                           fn.s, params[i], i + 1);
            return -1;
        }
    }
    return 0;
}

/* ---- start-up ----------------------------------------------------------------------- */

void object_init(void)
{
    names_init();
    type_ready(&type_object, object_methods);
    /* __new__ is a static method: it must not bind to the instance */
    dict_set_str(type_object.dict, S[N_new], native_new("__new__", m_object_new, VNULL));
    dict_set_str(type_object.dict, S[N_init_subclass],
                 native_new("__init_subclass__", m_object_init_subclass, VNULL));
    type_ready(&type_type, type_methods);
    type_ready(&type_none, NULL);
    type_ready(&type_notimpl, NULL);
    type_ready(&type_ellipsis, NULL);
    type_ready(&type_native, NULL);
    type_ready(&type_getitem_iter, NULL);
    type_ready(&type_husk, NULL);
}
