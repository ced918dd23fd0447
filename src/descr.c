/* descr.c — the descriptor types behind attributes that are not plain
 * class attributes, and the read-only mapping a class's __dict__ is.
 *
 *   member_descriptor   one name of a class's __slots__: reads and writes a
 *                       Value inside the instance (type.c lays them out)
 *   getset_descriptor   an attribute computed by C functions (a type's
 *                       __dict__, a function's __code__ …)
 *   wrapper_descriptor  a C slot of a built-in type seen as its dunder
 *                       method (`int.__add__`, `str.__len__`): calling it
 *                       calls the owner's slot, so `super().__add__(x)` in
 *                       an int subclass reaches int's own addition
 *   method-wrapper      such a wrapper bound to an instance (`(1).__add__`)
 *   mappingproxy        a read-only view of a mapping (`C.__dict__`)
 *
 * As in CPython's descrobject.c, every descriptor checks that the instance
 * it is used on is of its owner type, with CPython's messages.
 */
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

/* ---- shared --------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Type *owner;
    ObjStr *name;
} DescrHead;

static void descr_trace(Obj *o)
{
    DescrHead *d = (DescrHead *)o;
    gc_mark_obj(&d->owner->obj);
    gc_mark_obj((Obj *)d->name);
}

/* The instance check every descriptor makes: 0 if obj is an owner. */
static int descr_check(DescrHead *d, Value obj, const char *what)
{
    if (obj_isinstance(obj, d->owner))
        return 0;
    err_format(exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
               d->name->data, d->owner->name, TYPE(obj)->name);
    (void)what;
    return -1;
}

static Value descr_getattr(Value v, ObjStr *name)
{
    DescrHead *d = (DescrHead *)AS_OBJ(v);
    if (name == obj_names[N_name])
        return OBJ_VAL(d->name);
    if (name == obj_names[N_qualname])
        return str_printf("%s.%s", d->owner->qualname ? d->owner->qualname->data : d->owner->name,
                          d->name->data);
    if (name == obj_names[N_objclass])
        return OBJ_VAL(d->owner);
    if (name == obj_names[N_doc])
        return NONE;
    if (name == obj_names[N_text_signature] && TYPE(v) == &type_wrapper_descr)
        return textsig_get(d->owner->name, d->owner, d->name->data);
    return obj_generic_getattr(v, name);
}

/* ---- member_descriptor ------------------------------------------------------ */

typedef struct {
    DescrHead h;
    size_t off;
} ObjMember;

Value member_descr_new(Type *owner, ObjStr *name, size_t off)
{
    ObjMember *m = (ObjMember *)gc_new(&type_member_descr, sizeof(ObjMember));
    m->h.owner = owner;
    m->h.name = name;
    m->off = off;
    return OBJ_VAL(m);
}

/* obj_flags of a member that scripts cannot assign (struct sequences) */
#define MEMBER_READONLY 0x1u

Value member_descr_new_readonly(Type *owner, ObjStr *name, size_t off)
{
    Value m = member_descr_new(owner, name, off);
    AS_OBJ(m)->obj_flags |= MEMBER_READONLY;
    return m;
}

static Value *member_slot(ObjMember *m, Value obj)
{
    return (Value *)(void *)((char *)AS_OBJ(obj) + m->off);
}

static Value member_get(Value d, Value obj, Value type)
{
    (void)type;
    if (!obj)
        return d;
    ObjMember *m = (ObjMember *)AS_OBJ(d);
    if (descr_check(&m->h, obj, "get") < 0)
        return VNULL;
    Value *slot = member_slot(m, obj);
    if (!slot || !*slot)
        return err_format(exc_AttributeError, "'%s' object has no attribute '%s'",
                          TYPE(obj)->name, m->h.name->data);
    return *slot;
}

static int member_set(Value d, Value obj, Value v)
{
    ObjMember *m = (ObjMember *)AS_OBJ(d);
    if (descr_check(&m->h, obj, "set") < 0)
        return -1;
    if (m->h.obj.obj_flags & MEMBER_READONLY) {
        err_set(exc_AttributeError, "readonly attribute");
        return -1;
    }
    Value *slot = member_slot(m, obj);
    if (!slot)
        return -1;
    if (!v && !*slot) {
        err_format(exc_AttributeError, "'%s' object has no attribute '%s'", TYPE(obj)->name,
                   m->h.name->data);
        return -1;
    }
    *slot = v;
    return 0;
}

static Value member_repr(Value v)
{
    ObjMember *m = (ObjMember *)AS_OBJ(v);
    return str_printf("<member '%s' of '%s' objects>", m->h.name->data, m->h.owner->name);
}

Type type_member_descr = {
    .name = "member_descriptor", .kind = KIND_OTHER, .inst_size = sizeof(ObjMember),
    .trace = descr_trace, .repr = member_repr, .getattr = descr_getattr,
    .descr_get = member_get, .descr_set = member_set,
};

/* ---- getset_descriptor ------------------------------------------------------- */

typedef struct {
    DescrHead h;
    GetterFn get;
    SetterFn set;
} ObjGetSet;

Value getset_descr_new(Type *owner, const char *name, GetterFn get, SetterFn set)
{
    ObjGetSet *g = (ObjGetSet *)gc_new(&type_getset_descr, sizeof(ObjGetSet));
    g->h.owner = owner;
    g->h.name = str_intern_cstr(name);
    g->get = get;
    g->set = set;
    return OBJ_VAL(g);
}

static Value getset_get(Value d, Value obj, Value type)
{
    (void)type;
    if (!obj)
        return d;
    ObjGetSet *g = (ObjGetSet *)AS_OBJ(d);
    if (descr_check(&g->h, obj, "get") < 0)
        return VNULL;
    return g->get(obj);
}

static int getset_set(Value d, Value obj, Value v)
{
    ObjGetSet *g = (ObjGetSet *)AS_OBJ(d);
    if (descr_check(&g->h, obj, "set") < 0)
        return -1;
    if (!g->set) {
        err_format(exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                   g->h.name->data, g->h.owner->name);
        return -1;
    }
    return g->set(obj, v);
}

static Value getset_repr(Value v)
{
    ObjGetSet *g = (ObjGetSet *)AS_OBJ(v);
    return str_printf("<attribute '%s' of '%s' objects>", g->h.name->data, g->h.owner->name);
}

Type type_getset_descr = {
    .name = "getset_descriptor", .kind = KIND_OTHER, .inst_size = sizeof(ObjGetSet),
    .trace = descr_trace, .repr = getset_repr, .getattr = descr_getattr,
    .descr_get = getset_get, .descr_set = getset_set,
};

/* ---- mappingproxy ---------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value mapping;
} ObjProxy;

static void proxy_trace(Obj *o) { gc_mark(((ObjProxy *)o)->mapping); }

Value mappingproxy_new(Value mapping)
{
    ObjProxy *p = (ObjProxy *)gc_new(&type_mappingproxy, sizeof(ObjProxy));
    p->mapping = mapping;
    return OBJ_VAL(p);
}

#define PROXY(v) (((ObjProxy *)AS_OBJ(v))->mapping)

static Value proxy_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    Value out[1];
    static const char *const params[] = {"mapping", NULL};
    if (args_parse("mappingproxy", args, nargs, kwnames, params, 1, 1, out) < 0)
        return VNULL;
    Value m = out[0];
    Type *mt = TYPE(m);
    if (!mt->getitem || IS_LIST(m) || IS_TUPLE(m) || (mt->flags & (TF_LIST_SUB | TF_TUPLE_SUB)))
        return err_format(exc_TypeError, "mappingproxy() argument must be a mapping, not %s",
                          mt->name);
    return mappingproxy_new(m);
}

static Value proxy_getitem(Value self, Value key) { return obj_getitem(PROXY(self), key); }
static int proxy_contains(Value self, Value key) { return obj_contains(PROXY(self), key); }
static int64_t proxy_len(Value self) { return obj_len(PROXY(self)); }
static Value proxy_iter(Value self) { return obj_iter(PROXY(self)); }

static Value proxy_str(Value self) { return obj_str(PROXY(self)); }

static Value proxy_repr(Value self)
{
    Value r = obj_repr(PROXY(self));
    if (!r)
        return VNULL;
    return str_printf("mappingproxy(%s)", AS_STR(r)->data);
}

static Value proxy_richcmp(Value a, Value b, int op)
{
    return obj_richcmp(PROXY(a), b, op);
}

/* Methods forward to the mapping's own (keys, values, items, get, copy). */
static Value proxy_forward(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    Value m = obj_getattr(PROXY(args[0]), str_intern_cstr(name));
    if (!m)
        return VNULL;
    return obj_call(m, args + 1, nargs - 1, kw);
}
#define FWD(n) \
    static Value m_proxy_##n(Value *args, int nargs, ObjTuple *kw) \
    { return proxy_forward(args, nargs, kw, #n); }
FWD(keys) FWD(values) FWD(items) FWD(copy)
#undef FWD

static Value m_proxy_get(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    return proxy_forward(args, nargs, kw, "get");
}

static Value m_proxy_reversed(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reversed__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return proxy_forward(args, nargs, kw, "__reversed__");
}

static Value m_proxy_or(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs != 2)
        return err_set(exc_TypeError, "expected 1 argument");
    Value a = args[0], b = args[1];
    if (IS_TYPE_EXACT(a, &type_mappingproxy))
        a = PROXY(a);
    if (IS_TYPE_EXACT(b, &type_mappingproxy))
        b = PROXY(b);
    return obj_binop(a, b, NB_OR);
}

static Value proxy_nb_or(Value a, Value b)
{
    Value args[2] = {a, b};
    return m_proxy_or(args, 2, NULL);
}

static const MethodDef proxy_methods[] = {
    {"keys", m_proxy_keys}, {"values", m_proxy_values}, {"items", m_proxy_items},
    {"get", m_proxy_get}, {"copy", m_proxy_copy}, {"__reversed__", m_proxy_reversed},
    {NULL, NULL}};

Type type_mappingproxy = {
    .name = "mappingproxy", .kind = KIND_OTHER, .flags = TF_MAPPING, .inst_size = sizeof(ObjProxy),
    .tp_new = proxy_tp_new, .trace = proxy_trace, .repr = proxy_repr, .str = proxy_str,
    .getitem = proxy_getitem, .contains = proxy_contains, .len = proxy_len,
    .iter = proxy_iter, .richcmp = proxy_richcmp, .nb = {[NB_OR] = proxy_nb_or},
};

/* ---- wrapper_descriptor / method-wrapper -------------------------------------------- */

/* What a slot wrapper calls: kind and, for operators, which one. */
enum WrapKind {
    W_REPR, W_STR, W_HASH, W_CMP, W_BOOL, W_GETATTRIBUTE, W_SETATTR, W_DELATTR,
    W_CALL, W_ITER, W_NEXT, W_LEN, W_GETITEM, W_SETITEM, W_DELITEM, W_CONTAINS,
    W_NB, W_RNB, W_INB, W_UNARY, W_INT, W_FLOAT, W_INDEX, W_GET, W_SET, W_DELETE,
    W_NATIVE /* a native method with self first (object.__init__ …) */
};

typedef struct {
    DescrHead h;
    uint8_t kind;
    uint8_t arg;
    NativeFn fn;        /* W_NATIVE */
} ObjWrapper;

typedef struct {
    Obj obj;
    ObjWrapper *descr;
    Value self;
} ObjMethodWrapper;

static Value wrapper_new(Type *owner, ObjStr *name, int kind, int arg)
{
    ObjWrapper *w = (ObjWrapper *)gc_new(&type_wrapper_descr, sizeof(ObjWrapper));
    w->h.owner = owner;
    w->h.name = name;
    w->kind = (uint8_t)kind;
    w->arg = (uint8_t)arg;
    return OBJ_VAL(w);
}

static Value bool_or_null(int r) { return r < 0 ? VNULL : BOOL_V(r); }

static Value wrapper_invoke(ObjWrapper *w, Value self, Value *args, int nargs, ObjTuple *kw)
{
    Type *o = w->h.owner;
    const char *n = w->h.name->data;
    int want = 1;
    switch (w->kind) {
    case W_REPR: case W_STR: case W_HASH: case W_BOOL: case W_ITER: case W_NEXT:
    case W_LEN: case W_UNARY: case W_INT: case W_FLOAT: case W_INDEX:
        want = 0;
        break;
    case W_SETATTR: case W_SETITEM: case W_SET:
        want = 2;
        break;
    case W_GET:
        want = -1;
        break;
    case W_CALL:
        return o->call(self, args, nargs, kw);
    case W_NATIVE: {
        /* self, then the arguments (and keyword values) */
        int total = nargs + (kw ? (int)kw->len : 0);
        Value buf[8], tmp = VNULL, *argv = buf;
        if (total + 1 > 8) {
            tmp = tuple_new(total + 1);
            if (!tmp)
                return VNULL;
            argv = AS_TUPLE(tmp)->items;
        }
        argv[0] = self;
        if (total)
            memcpy(argv + 1, args, (size_t)total * sizeof(Value));
        Value r = w->fn(argv, nargs + 1, kw);
        (void)*(volatile Value *)&tmp;
        return r;
    }
    default:
        break;
    }
    if (want == -1) {
        if (args_check(n, nargs, kw, 1, 2) < 0)
            return VNULL;
    } else if (args_check(n, nargs, kw, want, want) < 0) {
        return VNULL;
    }
    int64_t h;
    switch (w->kind) {
    case W_REPR: return o->repr(self);
    case W_STR: return o->str ? o->str(self) : o->repr(self);
    case W_HASH: return o->hash(self, &h) < 0 ? VNULL : int_from_i64(h);
    case W_CMP: return o->richcmp(self, args[0], w->arg);
    case W_BOOL: return bool_or_null(o->truth(self));
    case W_GETATTRIBUTE:
        if (!IS_STR(args[0]) && !(TYPE(args[0])->flags & TF_STR_SUB))
            return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                              TYPE(args[0])->name);
        return o->getattr ? o->getattr(self, obj_interned(AS_STR(args[0])))
                          : obj_generic_getattr(self, AS_STR(args[0]));
    case W_SETATTR: case W_DELATTR: {
        if (!IS_STR(args[0]) && !(TYPE(args[0])->flags & TF_STR_SUB))
            return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                              TYPE(args[0])->name);
        ObjStr *name = obj_interned(AS_STR(args[0]));
        Value v = w->kind == W_SETATTR ? args[1] : VNULL;
        int r = o->setattr ? o->setattr(self, name, v) : obj_generic_setattr(self, name, v);
        return r < 0 ? VNULL : NONE;
    }
    case W_ITER: return o->iter(self);
    case W_NEXT: {
        Value r = o->next(self);
        if (!r && !err_occurred())
            err_set_value(OBJ_VAL(exc_StopIteration));
        return r;
    }
    case W_LEN: {
        int64_t len = o->len(self);
        return len < 0 ? VNULL : int_from_i64(len);
    }
    case W_GETITEM: return o->getitem(self, args[0]);
    case W_SETITEM: return o->setitem(self, args[0], args[1]) < 0 ? VNULL : NONE;
    case W_DELITEM: return o->setitem(self, args[0], VNULL) < 0 ? VNULL : NONE;
    case W_CONTAINS: return bool_or_null(o->contains(self, args[0]));
    case W_NB: return o->nb[w->arg](self, args[0]);
    case W_RNB: return o->nb[w->arg](args[0], self);
    case W_INB: return o->nb_inplace[w->arg](self, args[0]);
    case W_UNARY: return o->unary[w->arg](self);
    case W_INT: return o->nb_int(self);
    case W_INDEX: return obj_index(self);
    case W_FLOAT: return o->nb_float(self);
    case W_GET: {
        Value obj = args[0], type = nargs > 1 ? args[1] : VNULL;
        if (IS_NONE(obj))
            obj = VNULL;
        if (type && IS_NONE(type))
            type = VNULL;
        if (!obj && !type)
            return err_set(exc_TypeError, "__get__(None, None) is invalid");
        return o->descr_get(self, obj, type);
    }
    case W_SET: return o->descr_set(self, args[0], args[1]) < 0 ? VNULL : NONE;
    case W_DELETE: return o->descr_set(self, args[0], VNULL) < 0 ? VNULL : NONE;
    }
    return err_set(exc_SystemError, "bad slot wrapper");
}

static Value wrapper_call(Value f, Value *args, int nargs, ObjTuple *kw)
{
    ObjWrapper *w = (ObjWrapper *)AS_OBJ(f);
    if (nargs < 1)
        return err_format(exc_TypeError, "descriptor '%s' of '%s' object needs an argument",
                          w->h.name->data, w->h.owner->name);
    if (descr_check(&w->h, args[0], "call") < 0)
        return VNULL;
    if (w->kind == W_NATIVE)
        return w->fn(args, nargs, kw);
    return wrapper_invoke(w, args[0], args + 1, nargs - 1, kw);
}

static Value wrapper_get(Value d, Value obj, Value type)
{
    (void)type;
    if (!obj)
        return d;
    ObjWrapper *w = (ObjWrapper *)AS_OBJ(d);
    if (descr_check(&w->h, obj, "get") < 0)
        return VNULL;
    ObjMethodWrapper *m = (ObjMethodWrapper *)gc_new(&type_method_wrapper,
                                                     sizeof(ObjMethodWrapper));
    m->descr = w;
    m->self = obj;
    return OBJ_VAL(m);
}

static Value wrapper_repr(Value v)
{
    ObjWrapper *w = (ObjWrapper *)AS_OBJ(v);
    return str_printf("<slot wrapper '%s' of '%s' objects>", w->h.name->data, w->h.owner->name);
}

Type type_wrapper_descr = {
    .name = "wrapper_descriptor", .kind = KIND_OTHER, .inst_size = sizeof(ObjWrapper),
    .trace = descr_trace, .repr = wrapper_repr, .getattr = descr_getattr,
    .call = wrapper_call, .descr_get = wrapper_get,
};

static void mw_trace(Obj *o)
{
    ObjMethodWrapper *m = (ObjMethodWrapper *)o;
    gc_mark_obj(&m->descr->h.obj);
    gc_mark(m->self);
}

static Value mw_call(Value f, Value *args, int nargs, ObjTuple *kw)
{
    ObjMethodWrapper *m = (ObjMethodWrapper *)AS_OBJ(f);
    return wrapper_invoke(m->descr, m->self, args, nargs, kw);
}

static Value mw_repr(Value v)
{
    ObjMethodWrapper *m = (ObjMethodWrapper *)AS_OBJ(v);
    return str_printf("<method-wrapper '%s' of %s object at %p>", m->descr->h.name->data,
                      TYPE(m->self)->name, (void *)AS_OBJ(m->self));
}

static Value mw_getattr(Value v, ObjStr *name)
{
    ObjMethodWrapper *m = (ObjMethodWrapper *)AS_OBJ(v);
    if (name == obj_names[N_self])
        return m->self;
    if (name == obj_names[N_name])
        return OBJ_VAL(m->descr->h.name);
    if (name == obj_names[N_qualname])
        return descr_getattr(OBJ_VAL(m->descr), name);
    if (name == obj_names[N_objclass])
        return OBJ_VAL(m->descr->h.owner);
    if (name == obj_names[N_text_signature])
        return descr_getattr(OBJ_VAL(m->descr), name);
    return obj_generic_getattr(v, name);
}

static Value mw_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE_EXACT(b, &type_method_wrapper))
        return NOTIMPL;
    ObjMethodWrapper *x = (ObjMethodWrapper *)AS_OBJ(a), *y = (ObjMethodWrapper *)AS_OBJ(b);
    bool eq = x->descr == y->descr && x->self == y->self;
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

static int mw_hash(Value v, int64_t *out)
{
    ObjMethodWrapper *m = (ObjMethodWrapper *)AS_OBJ(v);
    int64_t h;
    if (obj_hash(m->self, &h) < 0)
        return -1;
    h ^= (int64_t)((uintptr_t)m->descr >> 4);
    *out = h == -1 ? -2 : h;
    return 0;
}

Type type_method_wrapper = {
    .name = "method-wrapper", .kind = KIND_OTHER, .inst_size = sizeof(ObjMethodWrapper),
    .trace = mw_trace, .repr = mw_repr, .getattr = mw_getattr, .call = mw_call,
    .richcmp = mw_richcmp, .hash = mw_hash,
};

/* ---- the slot wrappers a built-in type gets ---------------------------------------- */

/* Add name -> wrapper to t's dict unless a method of that name is there. */
static void add_wrapper(Type *t, ObjStr *name, int kind, int arg)
{
    if (dict_get_str(t->dict, name))
        return;
    dict_set_str(t->dict, name, wrapper_new(t, name, kind, arg));
}

static ObjStr *cname(const char *s) { return str_intern_cstr(s); }

void descr_wrap_natives(Type *t, const char *const *names)
{
    for (; *names; names++) {
        ObjStr *name = str_intern_cstr(*names);
        Value v = dict_get_str(t->dict, name);
        if (!v || !IS_NATIVE(v) || !(AS_OBJ(v)->obj_flags & NATIVE_METHOD))
            continue;
        Value w = wrapper_new(t, name, W_NATIVE, 0);
        ((ObjWrapper *)AS_OBJ(w))->fn = AS_NATIVE(v)->fn;
        dict_set_str(t->dict, name, w);
    }
}

/* For every C slot t defines itself (own[] tells which, from before
 * inheritance), the dunder a script sees.  Called by type_ready. */
void descr_add_slot_wrappers(Type *t, const Type *own)
{
    ObjStr **S = obj_names;
    if (own->repr) add_wrapper(t, S[N_repr], W_REPR, 0);
    if (own->str) add_wrapper(t, S[N_str], W_STR, 0);
    if (own->hash) add_wrapper(t, S[N_hash], W_HASH, 0);
    /* its own equality and no hash: unhashable, __hash__ is None (list,
     * dict, set, slice, bytearray), which collections.abc.Hashable reads */
    else if (own->richcmp && !dict_get_str(t->dict, S[N_hash]))
        dict_set_str(t->dict, S[N_hash], NONE);
    if (own->richcmp)
        for (int i = 0; i < 6; i++)
            add_wrapper(t, obj_name_cmp[i], W_CMP, i);
    if (own->truth) add_wrapper(t, S[N_bool], W_BOOL, 0);
    if (own->getattr) add_wrapper(t, S[N_getattribute], W_GETATTRIBUTE, 0);
    if (own->setattr) {
        add_wrapper(t, S[N_setattr], W_SETATTR, 0);
        add_wrapper(t, S[N_delattr], W_DELATTR, 0);
    }
    if (own->call) add_wrapper(t, S[N_call], W_CALL, 0);
    if (own->iter) add_wrapper(t, S[N_iter], W_ITER, 0);
    if (own->next) add_wrapper(t, S[N_next], W_NEXT, 0);
    if (own->len) add_wrapper(t, S[N_len], W_LEN, 0);
    if (own->getitem) add_wrapper(t, S[N_getitem], W_GETITEM, 0);
    if (own->setitem) {
        add_wrapper(t, S[N_setitem], W_SETITEM, 0);
        add_wrapper(t, S[N_delitem], W_DELITEM, 0);
    }
    if (own->contains) add_wrapper(t, S[N_contains], W_CONTAINS, 0);
    for (int i = 0; i < NB_COUNT; i++) {
        if (own->nb[i]) {
            add_wrapper(t, obj_name_op[i], W_NB, i);
            add_wrapper(t, obj_name_rop[i], W_RNB, i);
        }
        if (own->nb_inplace[i])
            add_wrapper(t, obj_name_iop[i], W_INB, i);
    }
    for (int i = 0; i < UN_COUNT; i++)
        if (own->unary[i])
            add_wrapper(t, obj_name_unary[i], W_UNARY, i);
    if (own->nb_int) {
        add_wrapper(t, S[N_int], W_INT, 0);
        if (t->flags & TF_INT_SUB)
            add_wrapper(t, S[N_index], W_INDEX, 0);
    }
    if (own->nb_float) add_wrapper(t, S[N_float], W_FLOAT, 0);
    if (own->descr_get) add_wrapper(t, S[N_get], W_GET, 0);
    if (own->descr_set) {
        add_wrapper(t, S[N_set], W_SET, 0);
        add_wrapper(t, S[N_delete], W_DELETE, 0);
    }
    (void)cname;
}

/* If v is the slot wrapper of one of t's own C slots, the type that owns it
 * (so a class that says `__repr__ = object.__repr__` gets object's slot). */
Type *descr_wrapper_owner(Value v)
{
    if (!IS_TYPE_EXACT(v, &type_wrapper_descr) || ((ObjWrapper *)AS_OBJ(v))->kind == W_NATIVE)
        return NULL; /* a native method in wrapper's clothes: call it */
    return ((ObjWrapper *)AS_OBJ(v))->h.owner;
}

/* The dunder name a slot wrapper stands for (__repr__ for int.__repr__). */
ObjStr *descr_wrapper_name(Value v)
{
    return ((ObjWrapper *)AS_OBJ(v))->h.name;
}

void descr_init(void)
{
    type_ready(&type_member_descr, NULL);
    type_ready(&type_getset_descr, NULL);
    type_ready(&type_wrapper_descr, NULL);
    type_ready(&type_method_wrapper, NULL);
    type_ready(&type_mappingproxy, proxy_methods);
}
