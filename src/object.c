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

#include "frame.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

/* ---- interned names ------------------------------------------------------ */

static const char *const name_text[N_COUNT] = {
#define X(n) "__" #n "__",
    OBJ_NAMES(X)
#undef X
};
ObjStr *obj_names[N_COUNT];
#define S obj_names

static const char *const binop_base[NB_COUNT] = {
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift",
    "rshift", "and", "or", "xor", "matmul"};
const char *const obj_binop_sym[NB_COUNT] = {
    "+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^", "@"};
#define binop_sym obj_binop_sym
static const char *const inplace_sym[NB_COUNT] = {
    "+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@="};
const char *const obj_cmp_sym[6] = {"<", "<=", "==", "!=", ">", ">="};
#define cmp_sym obj_cmp_sym
static const int cmp_swap[6] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
ObjStr *obj_name_op[NB_COUNT], *obj_name_rop[NB_COUNT], *obj_name_iop[NB_COUNT];
ObjStr *obj_name_cmp[6], *obj_name_unary[UN_COUNT], *obj_name_builtins;
#define S_op obj_name_op
#define S_rop obj_name_rop
#define S_iop obj_name_iop
#define S_cmp obj_name_cmp
#define S_unary obj_name_unary
#define S_builtins obj_name_builtins

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

#define interned obj_interned

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

Value obj_recursion_error(const char *where)
{
    if (exc_RecursionError)
        return err_format(exc_RecursionError, "maximum recursion depth exceeded%s", where);
    return err_set(exc_RuntimeError, "maximum recursion depth exceeded");
}

int obj_enter_recursive(const char *where)
{
    if (vm_cur->depth >= vm_recursion_limit || obj_stack_low()) {
        obj_recursion_error(where);
        return -1;
    }
    vm_cur->depth++;
    return 0;
}

void obj_leave_recursive(void)
{
    vm_cur->depth--;
}

int obj_enter(const char *where)
{
    if (UNLIKELY(obj_stack_low())) {
        obj_recursion_error(where);
        return -1;
    }
    return 0;
}

/* ---- calling dunders ------------------------------------------------------- */

bool obj_is_user(Value v)
{
    /* a bound built-in method (generator.__next__ of one generator) is the
     * script's too: the class's slot calls it as it is */
    return v && !(IS_NATIVE(v) && !AS_NATIVE(v)->self) && !IS_TYPE_EXACT(v, &type_wrapper_descr);
}
#define is_user obj_is_user

Value obj_call_with_self(Value f, Value self, Value *args, int nargs, ObjTuple *kwnames)
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
#define call_with_self obj_call_with_self

Value obj_call_found(Value m, Value self, Value *args, int nargs)
{
    if (IS_FUNCTION(m) || (IS_NATIVE(m) && !AS_NATIVE(m)->self))
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
#define call_found obj_call_found

Value obj_call_dunder(Value self, ObjStr *name, Value *args, int nargs, bool *found)
{
    Value m = type_lookup(TYPE(self), name);
    if (found)
        *found = m != VNULL;
    if (!m)
        return VNULL;
    return call_found(m, self, args, nargs);
}
#define call_dunder obj_call_dunder
#define dict_slot obj_dict_slot

static const char *type_name(Value v)
{
    return TYPE(v)->name;
}

Value obj_check_str_result(Value r, const char *what)
{
    if (r && !IS_STR(r) && !(TYPE(r)->flags & TF_STR_SUB))
        return err_format(exc_TypeError, "%s returned non-string (type %s)", what,
                          type_name(r));
    return r;
}
#define check_str_result obj_check_str_result

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

void obj_instance_trace(Obj *o)
{
    gc_mark_obj((Obj *)((ObjInstance *)o)->dict);
}
#define instance_trace obj_instance_trace

Value instance_new(Type *t)
{
    size_t size = t->inst_size >= sizeof(ObjInstance) ? t->inst_size : sizeof(ObjInstance);
    return OBJ_VAL(type_alloc(t, size));
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
    return type_object_new(t, args, nargs, kwnames);
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
    if (start->mro) { /* every class of the MRO, not only the first bases */
        for (int64_t i = 0; i < start->mro->len; i++)
            if (add_keys(keys, AS_TYPE(start->mro->items[i])->dict) < 0)
                return VNULL;
    } else {
        for (Type *t = start; t; t = t->base)
            if (add_keys(keys, t->dict) < 0)
                return VNULL;
    }
    if (dict_set(keys, OBJ_VAL(S[N_class]), NONE) < 0)
        return VNULL;
    if (IS_TYPEOBJ(self))
        for (Type *t = &type_type; t; t = t->base)
            if (add_keys(keys, t->dict) < 0)
                return VNULL;
    return obj_to_list(keys);
}

/* object.__init_subclass__, a class method: args[0] is the class. */
static Value m_object_init_subclass(Value *args, int nargs, ObjTuple *kw)
{
    const char *cls = nargs > 0 && IS_TYPEOBJ(args[0]) ? AS_TYPE(args[0])->name : "object";
    if (kw && kw->len)
        return err_format(exc_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                          cls);
    if (nargs > 1)
        return err_format(exc_TypeError, "%s.__init_subclass__() takes no arguments (%d given)",
                          cls, nargs - 1);
    return NONE;
}

/* object.__subclasshook__, a class method: NotImplemented, so that
 * ABCMeta.__subclasscheck__ goes on with its usual rules. */
static Value m_object_subclasshook(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return NOTIMPL;
}

static const MethodDef object_methods[] = {
    {"__init__", type_object_init},
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
                                  owner->name_str->data, n->name);
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
            return str_printf("%s.%s", ((ObjMethodDescr *)n)->owner->name_str->data, n->name);
        return str_from_cstr(n->name);
    }
    if (name == S[N_self]) {
        if (n->self)
            return n->self;
        if (n->obj.obj_flags & NATIVE_METHOD)
            return NONE;
        /* a module's function: its module, as in CPython (len.__self__
         * is builtins) */
        Value m = dict_get_str(vm_modules, n->module ? n->module : S_builtins);
        return m ? m : NONE;
    }
    if (name == S[N_text_signature]) {
        if (n->obj.obj_flags & NATIVE_METHOD) {
            Type *owner = ((ObjMethodDescr *)n)->owner;
            return textsig_get(owner->name, owner, n->name);
        }
        if (!n->self || IS_MODULE(n->self))
            return textsig_get(n->module ? n->module->data : "builtins", NULL, n->name);
        if (IS_TYPEOBJ(n->self)) /* a classmethod or __new__ of a type */
            return textsig_get(AS_TYPE(n->self)->name, AS_TYPE(n->self), n->name);
        return textsig_get(NULL, TYPE(n->self), n->name);
    }
    if (name == S[N_doc])
        return n->doc ? str_from_cstr(n->doc) : NONE;
    if (name == S[N_module])
        return n->self || (n->obj.obj_flags & NATIVE_METHOD) ? NONE
               : n->module                                     ? OBJ_VAL(n->module)
                                                               : OBJ_VAL(S_builtins);
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

/* consistent with native_richcmp: identity, or (fn, self) for bound ones
 * (builtin functions are dict keys: _hashlib._constructors) */
static int native_hash(Value v, int64_t *out)
{
    ObjNative *n = AS_NATIVE(v);
    uint64_t h = n->self ? (uint64_t)(uintptr_t)n->fn * 0x9E3779B97F4A7C15ull ^ (uint64_t)n->self
                         : (uint64_t)(uintptr_t)n >> 4;
    *out = (int64_t)(h >> 2);
    return 0;
}

Type type_native = {
    .name = "builtin_function_or_method", .kind = KIND_OTHER,
    .inst_size = sizeof(ObjNative), .trace = native_trace, .repr = native_repr,
    .getattr = native_getattr, .call = native_call, .descr_get = native_descr_get,
    .richcmp = native_richcmp, .hash = native_hash,
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

/* ---- type methods ----------------------------------------------------------- */

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




/* ---- repr / str / hash / compare ---------------------------------------------- */

Value obj_repr(Value v)
{
    if (IS_STR(v))
        return str_repr(v);
    Type *t = TYPE(v);
    if (UNLIKELY(++repr_depth > vm_recursion_limit || obj_stack_low())) {
        repr_depth--;
        return obj_recursion_error(" while getting the repr of an object");
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
        return obj_recursion_error(" while getting the str of an object");
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
        obj_recursion_error(" while calling a Python object");
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
        return obj_recursion_error(" in comparison");
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
    if (UNLIKELY(t->flags & TF_TYPE_SUB))
        return type_getattr_generic(o, name, raise);
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
    /* A descriptor (a property) raising AttributeError means missing too,
     * as CPython's _PyObject_LookupAttr. */
    Value v = t->getattr ? t->getattr(o, name) : generic_getattr(o, name, false);
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
        bool mod = type_is_subtype(t, &type_module) && type_is_subtype(nt, &type_module);
        if (!mod && (!(t->flags & TF_HEAPTYPE) || !(nt->flags & TF_HEAPTYPE))) {
            err_set(exc_TypeError, "__class__ assignment only supported for mutable types "
                                   "or ModuleType subclasses");
            return -1;
        }
        if (type_builtin_base(nt) != type_builtin_base(t) || nt->inst_size != t->inst_size ||
            nt->nextra != t->nextra || nt->dict_offset != t->dict_offset ||
            ((nt->flags ^ t->flags) & TF_HAS_DICT)) {
            err_format(exc_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                       nt->name, t->name);
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
        if (!v || !(TYPE(v)->flags & TF_DICT_SUB)) {
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
        return obj_recursion_error(" while calling a Python object");
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

Value obj_next_raw(Value it)
{
    Type *t = TYPE(it);
    if (!t->next)
        return err_format(exc_TypeError, "'%s' object is not an iterator", t->name);
    return t->next(it);
}

Value obj_next(Value it)
{
    Value r = obj_next_raw(it);
    /* a StopIteration with a value that a __next__ raised: exhausted */
    if (UNLIKELY(!r) && vm_cur->exc && err_matches(exc_StopIteration))
        err_clear();
    return r;
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
        if (err_occurred())
            return VNULL;
        return err_format(exc_TypeError, "type '%s' is not subscriptable", ct->name);
    }
    return err_format(exc_TypeError, "'%s' object is not subscriptable", t->name);
}

int obj_setitem(Value o, Value key, Value v)
{
    Type *t = TYPE(o);
    if (t->setitem)
        return t->setitem(o, key, v);
    /* CPython words deletion "doesn't" where it goes through the sequence
     * protocol (a type with sequence slots, every class, an index key) */
    bool seq = (t->flags & TF_HEAPTYPE) || t->len || t->contains || t->getitem;
    bool index = INT_CHECK(key) || type_lookup(TYPE(key), S[N_index]);
    err_format(exc_TypeError, v ? "'%s' object does not support item assignment"
                              : seq && index ? "'%s' object doesn't support item deletion"
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
        return obj_recursion_error("");
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
        return obj_recursion_error("");
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

/* cls.__bases__ if cls is a "class" in the sense of abstract.c (a type or
 * anything with a tuple __bases__), else VNULL without error. */
static Value abstract_bases(Value cls)
{
    Value b = obj_getattr_opt(cls, S[N_bases]);
    if (b && !IS_TUPLE(b) && !(TYPE(b)->flags & TF_TUPLE_SUB))
        return VNULL;
    return b;
}

static int abstract_issubclass(Value derived, Value cls, int depth)
{
    for (;;) {
        if (derived == cls)
            return 1;
        if (depth > 200 || UNLIKELY(obj_stack_low())) {
            obj_recursion_error(" in __subclasscheck__");
            return -1;
        }
        Value bases = abstract_bases(derived);
        if (!bases)
            return err_occurred() ? -1 : 0;
        ObjTuple *t = AS_TUPLE(bases);
        if (t->len == 0)
            return 0;
        if (t->len == 1) { /* no recursion for single inheritance */
            derived = t->items[0];
            depth++;
            continue;
        }
        for (int64_t i = 0; i < t->len; i++) {
            int r = abstract_issubclass(t->items[i], cls, depth + 1);
            if (r)
                return r;
        }
        return 0;
    }
}

static bool is_union(Value v)
{
    return IS_OBJ(v) && AS_OBJ(v)->type == &type_union;
}

int obj_real_isinstance(Value inst, Value cls)
{
    if (IS_TYPEOBJ(cls)) {
        if (type_is_subtype(TYPE(inst), AS_TYPE(cls)))
            return 1;
        Value icls = obj_getattr_opt(inst, S[N_class]);
        if (!icls)
            return err_occurred() ? -1 : 0;
        if (icls != OBJ_VAL(TYPE(inst)) && IS_TYPEOBJ(icls))
            return type_is_subtype(AS_TYPE(icls), AS_TYPE(cls));
        return 0;
    }
    if (!abstract_bases(cls)) {
        if (!err_occurred())
            err_set(exc_TypeError,
                    "isinstance() arg 2 must be a type, a tuple of types, or a union");
        return -1;
    }
    Value icls = obj_getattr_opt(inst, S[N_class]);
    if (!icls)
        return err_occurred() ? -1 : 0;
    return abstract_issubclass(icls, cls, 0);
}

int obj_isinstance_v(Value inst, Value cls)
{
    if (OBJ_VAL(TYPE(inst)) == cls)
        return 1;
    if (IS_OBJ(cls) && AS_OBJ(cls)->type == &type_type)
        return obj_real_isinstance(inst, cls);
    if (is_union(cls))
        cls = union_args(cls);
    if (IS_TUPLE(cls)) {
        if (UNLIKELY(obj_stack_low())) {
            obj_recursion_error(" in __instancecheck__");
            return -1;
        }
        ObjTuple *tp = AS_TUPLE(cls);
        for (int64_t i = 0; i < tp->len; i++) {
            int r = obj_isinstance_v(inst, tp->items[i]);
            if (r)
                return r;
        }
        return 0;
    }
    Value checker = IS_OBJ(cls) ? type_lookup(TYPE(cls), S[N_instancecheck]) : VNULL;
    if (checker) {
        if (obj_enter(" in __instancecheck__") < 0)
            return -1;
        Value r = obj_call_found(checker, cls, &inst, 1);
        return r ? obj_truthy(r) : -1;
    }
    return obj_real_isinstance(inst, cls);
}

int obj_real_issubclass(Value derived, Value cls)
{
    if (IS_TYPEOBJ(cls) && IS_TYPEOBJ(derived))
        return type_is_subtype(AS_TYPE(derived), AS_TYPE(cls));
    if (!IS_TYPEOBJ(derived) && !abstract_bases(derived)) {
        if (!err_occurred())
            err_set(exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (!IS_TYPEOBJ(cls) && !is_union(cls) && !abstract_bases(cls)) {
        if (!err_occurred())
            err_set(exc_TypeError,
                    "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    return abstract_issubclass(derived, cls, 0);
}

int obj_issubclass_v(Value derived, Value cls)
{
    if (IS_OBJ(cls) && AS_OBJ(cls)->type == &type_type && IS_TYPEOBJ(derived))
        return type_is_subtype(AS_TYPE(derived), AS_TYPE(cls));
    if (is_union(cls))
        cls = union_args(cls);
    if (IS_TUPLE(cls)) {
        if (UNLIKELY(obj_stack_low())) {
            obj_recursion_error(" in __subclasscheck__");
            return -1;
        }
        ObjTuple *tp = AS_TUPLE(cls);
        for (int64_t i = 0; i < tp->len; i++) {
            int r = obj_issubclass_v(derived, tp->items[i]);
            if (r)
                return r;
        }
        return 0;
    }
    Value checker = IS_OBJ(cls) ? type_lookup(TYPE(cls), S[N_subclasscheck]) : VNULL;
    if (checker) {
        if (obj_enter(" in __subclasscheck__") < 0)
            return -1;
        Value r = obj_call_found(checker, cls, &derived, 1);
        return r ? obj_truthy(r) : -1;
    }
    return obj_real_issubclass(derived, cls);
}

Value obj_index(Value v)
{
    if (IS_INT(v) || IS_BIGINT(v))
        return v;
    if (INT_CHECK(v) && !IS_BOOL(v) && !obj_is_user(type_lookup(TYPE(v), S[N_index])))
        return int_exact(v);
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
    static const char *const object_slots[] = {
        "__init__", "__repr__", "__str__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__",
        "__gt__", "__ge__", "__getattribute__", "__setattr__", "__delattr__", NULL};
    descr_wrap_natives(&type_object, object_slots);
    ObjStaticMethod *isc = (ObjStaticMethod *)gc_new(&type_classmethod, sizeof(ObjStaticMethod));
    isc->func = native_new("__init_subclass__", m_object_init_subclass, VNULL);
    dict_set_str(type_object.dict, S[N_init_subclass], OBJ_VAL(isc));
    ObjStaticMethod *sch = (ObjStaticMethod *)gc_new(&type_classmethod, sizeof(ObjStaticMethod));
    sch->func = native_new("__subclasshook__", m_object_subclasshook, VNULL);
    dict_set_str(type_object.dict, str_intern_cstr("__subclasshook__"), OBJ_VAL(sch));
    type_init();
    descr_init();
    type_ready(&type_none, NULL);
    type_ready(&type_notimpl, NULL);
    type_ready(&type_ellipsis, NULL);
    type_ready(&type_native, NULL);
    type_ready(&type_getitem_iter, NULL);
}
