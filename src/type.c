/* type.c — type objects: `type` itself, readying the built-in types,
 * classes made by class statements and metaclasses, the MRO, the layout of
 * instances, and the C slots that make a class's dunders work.
 *
 * Every type has __bases__ and __mro__ (C3, or a metaclass's mro()), and
 * attribute lookup on a type walks the MRO (type_lookup, cached per (type,
 * name) while no type's namespace changes: every write to a type's dict
 * bumps dict_type_epoch, so the cache and the VM's inline caches cost one
 * compare, however deep the hierarchy).
 *
 * A class starts as a copy of its best base's Type (the base whose C layout
 * its instances have), then gets a C slot for every dunder: a wrapper that
 * calls the dunder when a script defined it somewhere on the MRO (looked up
 * again at call time, so assigning C.__add__ later works), else the slot of
 * the built-in type that provides it (fixup_slots).  Built-in types show
 * their C slots as wrapper descriptors (descr.c), so `int.__add__` exists
 * and `super().__add__(x)` reaches int's own addition.
 *
 * Instance layout: classes deriving from `object` (or exceptions) have the
 * ObjInstance (ObjException) layout: __dict__ at a fixed place, __slots__
 * values after it.  A class deriving from another built-in appends values
 * to that built-in's C struct: a __dict__ pointer unless __slots__ says
 * otherwise, then its slots (type_alloc).  The built-in's C code works on
 * such an instance unchanged; the generic code finds the appended values
 * through Type.dict_offset / extra_offset.
 *
 * This follows CPython 3.11's typeobject.c: the same lookup orders, the
 * same metaclass calculation, __prepare__, __init_subclass__,
 * __set_name__, __mro_entries__ and __classcell__ protocol, and the same
 * error messages word for word.
 */
#include "frame.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"
#include "weakref.h"

#define S obj_names

static const char *type_name(Value v) { return TYPE(v)->name; }

/* ---- the lookup cache ------------------------------------------------------- */

/* (type, name) -> what the MRO walk returns, valid while dict_type_epoch is
 * unchanged.  Cleared at every collection, so a freed type's address can
 * never be mistaken for a cached one. */
#define TC_SIZE 4096
typedef struct {
    Type *type;
    ObjStr *name;
    Value value;
    uint64_t epoch;
} TypeCacheEntry;
static TypeCacheEntry type_cache[TC_SIZE];

void type_cache_clear(void)
{
    memset(type_cache, 0, sizeof type_cache);
}

static Value lookup_mro(Type *t, ObjStr *name)
{
    ObjTuple *mro = t->mro;
    if (UNLIKELY(!mro)) {
        for (; t; t = t->base)
            if (t->dict) {
                Value v = dict_get_str(t->dict, name);
                if (v)
                    return v;
            }
        return VNULL;
    }
    for (int64_t i = 0; i < mro->len; i++) {
        ObjDict *d = AS_TYPE(mro->items[i])->dict;
        if (d) {
            Value v = dict_get_str(d, name);
            if (v)
                return v;
        }
    }
    return VNULL;
}

Value type_lookup(Type *t, ObjStr *name)
{
    if (UNLIKELY(!name->interned))
        name = str_intern_obj(name);
    TypeCacheEntry *e =
        &type_cache[(((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3)) & (TC_SIZE - 1)];
    if (LIKELY(e->type == t && e->name == name && e->epoch == dict_type_epoch))
        return e->value;
    Value v = lookup_mro(t, name);
    e->type = t;
    e->name = name;
    e->value = v;
    e->epoch = dict_type_epoch;
    return v;
}

bool type_is_subtype(Type *a, Type *b)
{
    if (a == b)
        return true;
    ObjTuple *mro = a->mro;
    if (UNLIKELY(!mro)) {
        for (; a; a = a->base)
            if (a == b)
                return true;
        return false;
    }
    for (int64_t i = 1; i < mro->len; i++)
        if (mro->items[i] == OBJ_VAL(b))
            return true;
    return false;
}

Type *type_builtin_base(Type *t)
{
    while (t && (t->flags & TF_HEAPTYPE))
        t = t->base;
    return t ? t : &type_object;
}

/* ---- instance layout ------------------------------------------------------------ */

/* Where the variable part of a tuple or bytes ends, 8-byte aligned. */
static size_t var_end(Obj *o)
{
    Type *t = o->type;
    size_t n;
    if (t->flags & TF_TUPLE_SUB)
        n = offsetof(ObjTuple, items) + (size_t)((ObjTuple *)o)->len * sizeof(Value);
    else
        n = offsetof(ObjBytes, data) + (size_t)((ObjBytes *)o)->len + 1;
    return (n + 7) & ~(size_t)7;
}

ObjDict **obj_dict_slot(Value o)
{
    if (!IS_OBJ(o))
        return NULL;
    Obj *p = AS_OBJ(o);
    Type *t = p->type;
    if (t->flags & TF_HAS_DICT)
        return &((ObjInstance *)p)->dict;
    if (t->dict_offset > 0)
        return (ObjDict **)(void *)((char *)p + t->dict_offset);
    if (t->dict_offset < 0)
        return (ObjDict **)(void *)((char *)p + var_end(p));
    return NULL;
}

Value *obj_extra_values(Value o)
{
    Obj *p = AS_OBJ(o);
    Type *t = p->type;
    if (t->extra_offset > 0)
        return (Value *)(void *)((char *)p + t->extra_offset);
    if (t->extra_offset < 0)
        return (Value *)(void *)((char *)p + var_end(p));
    return NULL;
}

Obj *type_alloc(Type *t, size_t base_size)
{
    Obj *o;
    if (LIKELY(!(t->flags & TF_HEAPTYPE)) || !t->nextra) {
        o = gc_new(t, base_size);
    } else if (t->extra_offset < 0) {
        o = gc_new(t, ((base_size + 7) & ~(size_t)7) + t->nextra * sizeof(Value));
    } else {
        size_t end = (size_t)t->extra_offset + t->nextra * sizeof(Value);
        o = gc_new(t, end > base_size ? end : base_size);
    }
    if (UNLIKELY(t->flags & TF_HAS_DEL))
        gc_register_finalizer(o);
    return o;
}

/* An instance of t (a class derived from a built-in) with the contents
 * of v, an instance of exactly that built-in: what the built-in tp_new
 * functions return for a subclass. */
Value type_adopt(Type *t, Value v)
{
    if (!v)
        return VNULL;
    Type *bb = type_builtin_base(t);
    if (bb == &type_int) {
        ObjInt *o = (ObjInt *)type_alloc(t, sizeof(ObjInt));
        mpz_init(o->z);
        int_to_mpz(int_exact(v), o->z);
        return OBJ_VAL(o);
    }
    if (bb == &type_float) {
        ObjFloat *o = (ObjFloat *)type_alloc(t, sizeof(ObjFloat));
        o->d = AS_FLOAT(v);
        return OBJ_VAL(o);
    }
    if (bb == &type_str) {
        ObjStr *src = AS_STR(v);
        size_t head = sizeof(ObjStr);
        if (t->extra_offset > 0)
            head = (size_t)t->extra_offset + t->nextra * sizeof(Value);
        ObjStr *o = (ObjStr *)gc_new_data(t, head, head + (size_t)src->len + 1);
        o->data = (char *)o + head;
        memcpy(o->data, src->data, (size_t)src->len);
        o->data[src->len] = 0;
        o->len = src->len;
        o->ncp = src->ncp;
        o->ascii = src->ascii;
        o->hash = -1;
        return OBJ_VAL(o);
    }
    if (bb == &type_bytes) {
        ObjBytes *src = AS_BYTES(v);
        ObjBytes *o = (ObjBytes *)type_alloc(t, offsetof(ObjBytes, data) + (size_t)src->len + 1);
        memcpy(o->data, src->data, (size_t)src->len + 1);
        o->len = src->len;
        o->hash = -1;
        return OBJ_VAL(o);
    }
    if (bb == &type_tuple) {
        ObjTuple *src = AS_TUPLE(v);
        ObjTuple *o = (ObjTuple *)type_alloc(t, offsetof(ObjTuple, items) +
                                                    (size_t)src->len * sizeof(Value));
        memcpy(o->items, src->items, (size_t)src->len * sizeof(Value));
        o->len = src->len;
        o->hash = -1;
        return OBJ_VAL(o);
    }
    return err_format(exc_SystemError, "cannot make a '%s' instance from '%s'", t->name,
                      type_name(v));
}

/* Instances of classes: the built-in part, then the appended values. */
static void heap_trace(Obj *o)
{
    Type *b = type_builtin_base(o->type);
    if (b->trace)
        b->trace(o);
    Value *x = obj_extra_values(OBJ_VAL(o));
    for (uint32_t i = 0; x && i < o->type->nextra; i++)
        gc_mark(x[i]);
}

/* ---- type objects ------------------------------------------------------------------ */

static void type_trace(Obj *o)
{
    Type *t = (Type *)o;
    gc_mark_obj((Obj *)t->name_str);
    gc_mark_obj((Obj *)t->qualname);
    gc_mark_obj((Obj *)t->module);
    gc_mark_obj((Obj *)t->base);
    gc_mark_obj((Obj *)t->bases);
    gc_mark_obj((Obj *)t->mro);
    gc_mark_obj((Obj *)t->dict);
    if (t->subclasses)
        gc_mark_weak_list(t->subclasses);
}

static Value type_repr(Value v)
{
    Type *t = AS_TYPE(v);
    ObjStr *m = t->module;
    const char *q = t->qualname ? t->qualname->data : t->name;
    if (!m || str_eq(m, obj_name_builtins))
        return str_printf("<class '%s'>", q);
    return str_printf("<class '%s.%s'>", m->data, q);
}

static Value type_dict_proxy(Type *t)
{
    if (!t->dict)
        t->dict = AS_DICT(dict_new());
    return mappingproxy_new(OBJ_VAL(t->dict));
}

/* CPython's tp_flags bits for __flags__ (inspect and a few libraries test
 * them). */
static Value type_cpython_flags(Type *t)
{
    uint64_t f = 1u << 14; /* HAVE_GC */
    if (t->flags & TF_HEAPTYPE) f |= 1u << 9;
    if (t->flags & TF_BASETYPE) f |= 1u << 10;
    if (t->flags & TF_ABSTRACT) f |= 1u << 20;
    if (t->flags & TF_SEQUENCE) f |= 1u << 5;
    if (t->flags & TF_MAPPING) f |= 1u << 6;
    if (t->flags & TF_INT_SUB) f |= 1ul << 24;
    if (t->flags & TF_LIST_SUB) f |= 1ul << 25;
    if (t->flags & TF_TUPLE_SUB) f |= 1ul << 26;
    if (t->flags & TF_BYTES_SUB) f |= 1ul << 27;
    if (t->flags & TF_STR_SUB) f |= 1ul << 28;
    if (t->flags & TF_DICT_SUB) f |= 1ul << 29;
    if (t->flags & TF_EXCEPTION) f |= 1ul << 30;
    if (t->flags & TF_TYPE_SUB) f |= 1ul << 31;
    return int_from_u64(f);
}

/* The attributes `type` itself provides (CPython's getset descriptors on
 * type: data descriptors, so they win over a class's own entries). */
static Value type_special(Type *t, ObjStr *name, bool *handled)
{
    *handled = true;
    if (name == S[N_name])
        return OBJ_VAL(t->name_str);
    if (name == S[N_qualname])
        return OBJ_VAL(t->qualname ? t->qualname : t->name_str);
    if (name == S[N_base])
        return t->base ? OBJ_VAL(t->base) : NONE;
    if (name == S[N_bases])
        return t->bases ? OBJ_VAL(t->bases) : tuple_new(0);
    if (name == S[N_mro])
        return t->mro ? OBJ_VAL(t->mro) : tuple_pack(1, OBJ_VAL(t));
    if (name == S[N_dict])
        return type_dict_proxy(t);
    if (name == S[N_class])
        return OBJ_VAL(t->obj.type);
    if (name == S[N_module]) {
        if (t->flags & TF_HEAPTYPE) {
            Value m = t->dict ? dict_get_str(t->dict, S[N_module]) : VNULL;
            if (m)
                return m;
            return err_set(exc_AttributeError, "__module__");
        }
        return t->module ? OBJ_VAL(t->module) : OBJ_VAL(obj_name_builtins);
    }
    if (name == S[N_doc]) {
        Value d = t->dict ? dict_get_str(t->dict, S[N_doc]) : VNULL;
        if (!d)
            return NONE;
        if (!(t->flags & TF_HEAPTYPE))
            return d;
        Type *dt = TYPE(d);
        return dt->descr_get ? dt->descr_get(d, VNULL, OBJ_VAL(t)) : d;
    }
    if (name == S[N_abstractmethods]) {
        Value a = t != &type_type && t->dict ? dict_get_str(t->dict, name) : VNULL;
        if (!a)
            return err_set(exc_AttributeError, "__abstractmethods__");
        return a;
    }
    if (name == S[N_annotations]) {
        Value a = t->dict ? dict_get_str(t->dict, name) : VNULL;
        if (a) {
            Type *at = TYPE(a);
            return at->descr_get ? at->descr_get(a, VNULL, OBJ_VAL(t)) : a;
        }
        if (!(t->flags & TF_HEAPTYPE))
            return err_format(exc_AttributeError, "type object '%s' has no attribute "
                              "'__annotations__'", t->name);
        a = dict_new();
        if (!a || dict_set_str(t->dict, name, a) < 0)
            return VNULL;
        return a;
    }
    if (name == S[N_text_signature]) /* object's is "()" */
        return t->flags & TF_HEAPTYPE ? NONE : textsig_get(t->name, NULL, "");
    const char *s = name->data;
    if (strcmp(s, "__flags__") == 0)
        return type_cpython_flags(t);
    if (strcmp(s, "__basicsize__") == 0)
        return int_from_i64((int64_t)t->inst_size);
    if (strcmp(s, "__itemsize__") == 0)
        return MK_INT((t->flags & (TF_TUPLE_SUB | TF_INT_SUB)) ? 8
                      : (t->flags & TF_BYTES_SUB) ? 1 : 0);
    if (strcmp(s, "__dictoffset__") == 0)
        return MK_INT((t->flags & TF_HAS_DICT) ? (int64_t)offsetof(ObjInstance, dict)
                                               : t->dict_offset);
    if (strcmp(s, "__weakrefoffset__") == 0)
        return MK_INT(0);
    *handled = false;
    return VNULL;
}

Value type_getattr_generic(Value self, ObjStr *name, bool raise)
{
    Type *t = AS_TYPE(self);
    Type *meta = t->obj.type;
    name = obj_interned(name);
    if (name->data[0] == '_' && name->data[1] == '_') {
        bool handled;
        Value v = type_special(t, name, &handled);
        if (handled) {
            if (!v && !raise && err_matches(exc_AttributeError))
                err_clear();
            return v;
        }
    }
    Value mv = type_lookup(meta, name);
    Type *mt = mv ? TYPE(mv) : NULL;
    if (mv && mt->descr_get && mt->descr_set)
        return mt->descr_get(mv, self, OBJ_VAL(meta));
    Value v = type_lookup(t, name);
    if (v) {
        Type *vt = TYPE(v);
        if (vt->descr_get)
            return vt->descr_get(v, VNULL, self);
        return v;
    }
    if (mv) {
        if (mt->descr_get)
            return mt->descr_get(mv, self, OBJ_VAL(meta));
        return mv;
    }
    if (!raise)
        return VNULL;
    return err_format(exc_AttributeError, "type object '%s' has no attribute '%s'", t->name,
                      name->data);
}

static Value type_getattr_slot(Value self, ObjStr *name)
{
    return type_getattr_generic(self, name, true);
}

static ObjTuple *compute_mro(Type *t);
static void fixup_slots(Type *t);

/* Store (v) or delete (v VNULL) a class attribute and refresh the C slots a
 * dunder name affects. */
int type_setattr_slots(Type *t, ObjStr *name, Value v)
{
    name = obj_interned(name);
    if (!t->dict)
        t->dict = AS_DICT(dict_new());
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
    if (name->len > 4 && name->data[0] == '_' && name->data[1] == '_') {
        if (name == S[N_abstractmethods]) {
            int truth = v ? obj_truthy(v) : 0;
            if (truth < 0)
                return -1;
            t->flags = truth ? t->flags | TF_ABSTRACT : t->flags & ~TF_ABSTRACT;
        }
        if (t->flags & TF_HEAPTYPE) {
            bool had_del = (t->flags & TF_HAS_DEL) != 0;
            type_fixup_slots(t);
            if (!had_del && (t->flags & TF_HAS_DEL))
                weakref_class_got_del(t); /* instances made before it had one */
        }
    }
    return 0;
}

/* Every class whose MRO contains t gets its slots recomputed. */
static void fixup_subclasses(Type *t)
{
    ObjList *subs = t->subclasses;
    for (int64_t i = 0; subs && i < subs->len; i++) {
        Value s = subs->items[i];
        if (s && IS_TYPEOBJ(s)) {
            fixup_slots(AS_TYPE(s));
            fixup_subclasses(AS_TYPE(s));
        }
    }
}

void type_fixup_slots(Type *t)
{
    fixup_slots(t);
    fixup_subclasses(t);
}

static int set_bases(Type *t, Value v)
{
    if (!v) {
        err_format(exc_TypeError, "cannot delete '__bases__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    if (!IS_TUPLE(v)) {
        err_format(exc_TypeError, "can only assign tuple to %s.__bases__, not %s", t->name,
                   type_name(v));
        return -1;
    }
    ObjTuple *nb = AS_TUPLE(v);
    if (nb->len == 0) {
        err_format(exc_TypeError, "can only assign non-empty tuple to %s.__bases__, not ()",
                   t->name);
        return -1;
    }
    for (int64_t i = 0; i < nb->len; i++) {
        if (!IS_TYPEOBJ(nb->items[i])) {
            err_format(exc_TypeError, "%s.__bases__ must be tuple of classes, not '%s'",
                       t->name, type_name(nb->items[i]));
            return -1;
        }
        Type *b = AS_TYPE(nb->items[i]);
        if (type_is_subtype(b, t)) {
            err_set(exc_TypeError, "a __bases__ item causes an inheritance cycle");
            return -1;
        }
        if (type_builtin_base(b) != type_builtin_base(t)) {
            err_format(exc_TypeError, "__bases__ assignment: '%s' deallocator differs from '%s'",
                       b->name, t->name);
            return -1;
        }
    }
    ObjTuple *old_bases = t->bases, *old_mro = t->mro;
    Type *old_base = t->base;
    t->bases = nb;
    t->base = AS_TYPE(nb->items[0]);
    ObjTuple *mro = compute_mro(t);
    if (!mro) {
        t->bases = old_bases;
        t->base = old_base;
        t->mro = old_mro;
        return -1;
    }
    t->mro = mro;
    dict_type_epoch++;
    type_fixup_slots(t);
    return 0;
}

static int type_setattr(Value self, ObjStr *name, Value v)
{
    Type *t = AS_TYPE(self);
    name = obj_interned(name);
    if (!(t->flags & TF_HEAPTYPE)) {
        err_format(exc_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                   name->data, t->name);
        return -1;
    }
    /* a data descriptor on the metaclass (a property of a metaclass) */
    Type *meta = t->obj.type;
    if (meta != &type_type) {
        Value mv = type_lookup(meta, name);
        if (mv && TYPE(mv)->descr_set && !(IS_TYPE_EXACT(mv, &type_getset_descr)))
            return TYPE(mv)->descr_set(mv, self, v);
    }
    if (name == S[N_name] || name == S[N_qualname]) {
        if (!v) {
            err_format(exc_TypeError, "cannot delete '%s' attribute of immutable type '%s'",
                       name->data, t->name);
            return -1;
        }
        if (!IS_STR(v)) {
            err_format(exc_TypeError, "can only assign string to %s.%s, not '%s'", t->name,
                       name->data, type_name(v));
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
    if (name == S[N_bases])
        return set_bases(t, v);
    if (name == S[N_mro] || name == S[N_base] || name == S[N_dict]) {
        err_format(exc_AttributeError, "readonly attribute");
        return -1;
    }
    return type_setattr_slots(t, name, v);
}

static Value type_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    Type *t = AS_TYPE(self);
    if (t == &type_type && nargs == 1 && !(kwnames && kwnames->len))
        return OBJ_VAL(TYPE(args[0]));
    if (!t->tp_new)
        return err_format(exc_TypeError, "cannot create '%s' instances", t->name);
    if (UNLIKELY(obj_stack_low()))
        return obj_recursion_error(" while calling a Python object");
    return t->tp_new(t, args, nargs, kwnames);
}

/* type.__new__(meta, name, bases, dict, **kw) as type's tp_new. */
static Value type_tp_new(Type *meta, Value *args, int nargs, ObjTuple *kwnames)
{
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (meta == &type_type && nargs == 1 && !nkw)
        return OBJ_VAL(TYPE(args[0]));
    if (nargs != 3) {
        if (meta == &type_type || nargs < 3)
            return err_set(exc_TypeError, "type() takes 1 or 3 arguments");
        return err_format(exc_TypeError, "type.__new__() takes exactly 3 arguments (%d given)",
                          nargs);
    }
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                          type_name(args[0]));
    if (!IS_TUPLE(args[1]))
        return err_format(exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                          type_name(args[1]));
    if (!IS_OBJ(args[2]) || !(TYPE(args[2])->flags & TF_DICT_SUB))
        return err_format(exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                          type_name(args[2]));
    return type_new_full(meta, AS_STR(args[0]), AS_TUPLE(args[1]), args[2], args + 3, kwnames);
}

static Value m_type_init(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    int nkw = kw ? (int)kw->len : 0;
    if (nargs == 2 && nkw)
        return err_set(exc_TypeError, "type.__init__() takes no keyword arguments");
    if (nargs != 2 && nargs != 4)
        return err_set(exc_TypeError, "type.__init__() takes 1 or 3 arguments");
    return NONE;
}

static Value m_type_mro(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("mro", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_TYPEOBJ(args[0]))
        return err_format(exc_TypeError, "descriptor 'mro' for 'type' objects doesn't apply "
                          "to a '%s' object", type_name(args[0]));
    Type *t = AS_TYPE(args[0]);
    Value saved = OBJ_VAL(t->mro);
    /* C3 from the current bases (a metaclass's mro() may call this) */
    ObjTuple *m = compute_mro(t);
    (void)saved;
    return m ? obj_to_list(OBJ_VAL(m)) : VNULL;
}

static Value m_type_subclasses(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__subclasses__", nargs, kw, 1, 1) < 0)
        return VNULL;
    Type *t = AS_TYPE(args[0]);
    Value l = list_new(0);
    ObjList *subs = t->subclasses;
    for (int64_t i = 0; l && subs && i < subs->len; i++)
        if (subs->items[i] && list_append(l, subs->items[i]) < 0)
            return VNULL;
    return l;
}

static Value m_type_instancecheck(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__instancecheck__", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_TYPEOBJ(args[0]))
        return err_set(exc_TypeError, "descriptor '__instancecheck__' requires a 'type' object");
    int r = obj_real_isinstance(args[1], args[0]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_type_subclasscheck(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__subclasscheck__", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_TYPEOBJ(args[0]))
        return err_set(exc_TypeError, "descriptor '__subclasscheck__' requires a 'type' object");
    int r = obj_real_issubclass(args[1], args[0]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_type_prepare(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return dict_new();
}

static Value m_type_dir(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__dir__", nargs, kw, 1, 1) < 0)
        return VNULL;
    Type *t = AS_TYPE(args[0]);
    Value keys = dict_new();
    if (!keys)
        return VNULL;
    ObjTuple *mro = t->mro;
    for (int64_t i = 0; mro && i < mro->len; i++) {
        ObjDict *d = AS_TYPE(mro->items[i])->dict;
        int64_t pos = 0;
        Value k, v;
        while (d && dict_next(d, &pos, &k, &v))
            if (dict_set(keys, k, NONE) < 0)
                return VNULL;
    }
    return obj_to_list(keys);
}

static Value m_type_sizeof(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__sizeof__", nargs, kw, 1, 1) < 0)
        return VNULL;
    (void)args;
    return int_from_i64((int64_t)sizeof(Type));
}

static const MethodDef type_methods[] = {
    {"mro", m_type_mro},
    {"__subclasses__", m_type_subclasses},
    {"__instancecheck__", m_type_instancecheck},
    {"__subclasscheck__", m_type_subclasscheck},
    {"__dir__", m_type_dir},
    {"__sizeof__", m_type_sizeof},
    {NULL, NULL}};

Type type_type = {
    .name = "type", .kind = KIND_OTHER, .inst_size = sizeof(Type),
    .flags = TF_BASETYPE | TF_TYPE_SUB | TF_WEAKREF,
    .tp_new = type_tp_new, .trace = type_trace, .repr = type_repr,
    .getattr = type_getattr_slot, .setattr = type_setattr, .call = type_call,
    .nb = {[NB_OR] = union_type_or},
};

/* ---- type_ready ---------------------------------------------------------------------- */

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
    INH(getbuffer); /* the buffer protocol: a bytearray subclass exports too */
#undef INH
    t->flags |= b->flags & (TF_SUBCLASS_BITS | TF_EXCEPTION);
    if (!(t->flags & (TF_SEQUENCE | TF_MAPPING)))
        t->flags |= b->flags & (TF_SEQUENCE | TF_MAPPING);
}

/* `X.__new__` of a built-in type: a native bound to X (so it does not bind
 * again), called as X.__new__(subtype, *args). */
static Value tpnew_call(Value *args, int nargs, ObjTuple *kwnames)
{
    Type *owner = AS_TYPE(args[0]);
    if (nargs < 2)
        return err_format(exc_TypeError, "%s.__new__(): not enough arguments", owner->name);
    Value sub = args[1];
    if (!IS_TYPEOBJ(sub))
        return err_format(exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                          owner->name, type_name(sub));
    Type *st = AS_TYPE(sub);
    if (!type_is_subtype(st, owner))
        return err_format(exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                          owner->name, st->name, st->name, owner->name);
    /* a built-in's __new__ cannot make instances of another layout */
    Type *sb = type_builtin_base(st);
    if (sb->tp_new != owner->tp_new)
        return err_format(exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                          owner->name, st->name, sb->name);
    if (owner == &type_object)
        return type_object_new(st, args + 2, nargs - 2, kwnames);
    return owner->tp_new(st, args + 2, nargs - 2, kwnames);
}

static bool is_tpnew(Value v, Type **owner)
{
    if (!IS_NATIVE(v) || AS_NATIVE(v)->fn != tpnew_call)
        return false;
    *owner = AS_TYPE(AS_NATIVE(v)->self);
    return true;
}

static ObjTuple *linear_mro(Type *t)
{
    int64_t n = 0;
    for (Type *b = t; b; b = b->base)
        n++;
    Value tup = tuple_new(n);
    n = 0;
    for (Type *b = t; b; b = b->base)
        AS_TUPLE(tup)->items[n++] = OBJ_VAL(b);
    return AS_TUPLE(tup);
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
        t->module = obj_name_builtins;
    if (!t->dict) {
        t->dict = AS_DICT(dict_new());
        dict_make_type_ns(t->dict);
    }
    for (const MethodDef *m = methods; m && m->name; m++)
        type_add_method(t, m->name, m->fn);
    /* every type has a __doc__ (None without a docstring), so that any
     * object's __doc__ is found, as in CPython */
    ObjStr *doc = str_intern_cstr("__doc__");
    if (!dict_get_str(t->dict, doc))
        dict_set_str(t->dict, doc, NONE);
    Type own = *t;
    if (t->base)
        inherit_slots(t, t->base);
    if (t->flags & TF_EXCEPTION)
        t->flags |= TF_HAS_DICT;
    if (!t->bases)
        t->bases = t->base ? AS_TUPLE(tuple_pack(1, OBJ_VAL(t->base))) : AS_TUPLE(tuple_new(0));
    if (!t->mro)
        t->mro = linear_mro(t);
    if (own.tp_new &&
        !dict_get_str(t->dict, S[N_new]))
        dict_set_str(t->dict, S[N_new], native_new("__new__", tpnew_call, OBJ_VAL(t)));
    descr_add_slot_wrappers(t, &own);
    Obj **slot = mem_alloc(sizeof *slot); /* never NULL: the reserve (gc.h) */
    *slot = &t->obj;
    gc_add_root_obj(slot);
}

/* ---- heap-class slot wrappers: a script's dunder behind a C slot ----------------------- */

#define check_str_result obj_check_str_result

static Value slot_repr(Value self)
{
    return check_str_result(obj_call_dunder(self, S[N_repr], NULL, 0, NULL), "__repr__");
}

static Value slot_str(Value self)
{
    return check_str_result(obj_call_dunder(self, S[N_str], NULL, 0, NULL), "__str__");
}

static int slot_hash(Value self, int64_t *out)
{
    Value r = obj_call_dunder(self, S[N_hash], NULL, 0, NULL);
    if (!r)
        return -1;
    if (!int_check(r)) {
        err_set(exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    /* as CPython's slot_tp_hash: a result that fits in 64 bits is the
     * hash as it is (a tuple's hash is not reduced mod 2**61-1), a bigger
     * one is hashed as an int; -1 becomes -2 */
    Value v = int_exact(r);
    if (IS_INT(v))
        *out = AS_INT(v);
    else if (mpz_fits_slong_p(AS_BIGINT(v)->z))
        *out = (int64_t)mpz_get_si(AS_BIGINT(v)->z);
    else
        *out = int_hash(v);
    if (*out == -1)
        *out = -2;
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
    Value m = type_lookup(TYPE(a), obj_name_cmp[op]);
    if (!m)
        return type_builtin_base(TYPE(a))->richcmp(a, b, op);
    Type *o = descr_wrapper_owner(m);
    if (o && o->richcmp)
        return o->richcmp(a, b, op);
    /* a script's method, or a C method such as object.__ne__ (which asks
     * __eq__ and inverts it) */
    return obj_call_found(m, a, &b, 1);
}

static int slot_truth(Value self)
{
    bool found;
    Value r = obj_call_dunder(self, S[N_bool], NULL, 0, &found);
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
    Value r = obj_call_dunder(self, S[N_len], NULL, 0, NULL);
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
    if (ga && obj_is_user(ga)) {
        r = obj_call_found(ga, self, &nv, 1);
    } else {
        Type *o = ga ? descr_wrapper_owner(ga) : NULL;
        if (o && o->getattr && o->getattr != slot_getattr)
            r = o->getattr(self, name);
        else
            r = obj_generic_getattr(self, name);
    }
    if (r || !err_matches(exc_AttributeError))
        return r;
    Value hook = type_lookup(t, S[N_getattr]);
    if (!hook || !obj_is_user(hook))
        return VNULL;
    err_clear();
    return obj_call_found(hook, self, &nv, 1);
}

static int slot_setattr(Value self, ObjStr *name, Value v)
{
    Value args[2] = {OBJ_VAL(name), v};
    Value m = type_lookup(TYPE(self), v ? S[N_setattr] : S[N_delattr]);
    if (!m || !obj_is_user(m)) {
        Type *o = m ? descr_wrapper_owner(m) : NULL;
        if (o && o->setattr && o->setattr != slot_setattr)
            return o->setattr(self, name, v);
        return obj_generic_setattr(self, name, v);
    }
    Value r = obj_call_found(m, self, args, v ? 2 : 1);
    return r ? 0 : -1;
}

static Value slot_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    Value m = type_lookup(TYPE(self), S[N_call]);
    if (!m)
        return err_format(exc_TypeError, "'%s' object is not callable", type_name(self));
    if (IS_FUNCTION(m) || (IS_NATIVE(m) && !AS_NATIVE(m)->self))
        return obj_call_with_self(m, self, args, nargs, kwnames);
    Value b = TYPE(m)->descr_get ? TYPE(m)->descr_get(m, self, OBJ_VAL(TYPE(self))) : m;
    return b ? obj_call(b, args, nargs, kwnames) : VNULL;
}

static Value slot_iter(Value self)
{
    bool found;
    Value m = type_lookup(TYPE(self), S[N_iter]);
    if (m == NONE)
        return err_format(exc_TypeError, "'%s' object is not iterable", type_name(self));
    Value r = obj_call_dunder(self, S[N_iter], NULL, 0, &found);
    if (r && !TYPE(r)->next)
        return err_format(exc_TypeError, "iter() returned non-iterator of type '%s'",
                          type_name(r));
    return r;
}

/* A StopIteration with a value stays raised (next(), yield from and the
 * wrapping iterators pass it on); a bare one is cleared, which the next
 * slot's contract reads as "exhausted" too. */
static Value slot_next(Value self)
{
    Value r = obj_call_dunder(self, S[N_next], NULL, 0, NULL);
    if (!r && err_matches(exc_StopIteration)) {
        Value e = vm_cur->exc;
        if (!IS_EXCEPTION(e) || !AS_EXC(e)->args || AS_EXC(e)->args->len == 0)
            err_clear();
    }
    return r;
}

static Value slot_getitem(Value self, Value key)
{
    return obj_call_dunder(self, S[N_getitem], &key, 1, NULL);
}

static int slot_setitem(Value self, Value key, Value v)
{
    Value args[2] = {key, v};
    bool found;
    Value r = obj_call_dunder(self, v ? S[N_setitem] : S[N_delitem], args, v ? 2 : 1, &found);
    if (!found) { /* the class defines only the other of the pair: as CPython */
        err_set(exc_AttributeError, v ? "__setitem__" : "__delitem__");
        return -1;
    }
    return r ? 0 : -1;
}

static int slot_contains(Value self, Value item)
{
    Value m = type_lookup(TYPE(self), S[N_contains]);
    if (m == NONE) {
        err_format(exc_TypeError, "argument of type '%s' is not iterable", type_name(self));
        return -1;
    }
    Value r = obj_call_dunder(self, S[N_contains], &item, 1, NULL);
    if (!r)
        return -1;
    return obj_truthy(r);
}

/* a op b for a class's dunders (CPython's SLOT1BINFULL): the reflected
 * method of a subclass on the right goes first, NotImplemented falls
 * through to the other side. */
static Value slot_binary(Value a, Value b, int op, Value (*self_fn)(Value, Value))
{
    Type *ta = TYPE(a), *tb = TYPE(b);
    bool do_other = ta != tb && tb->nb[op] == self_fn;
    if (ta->nb[op] == self_fn) {
        if (do_other && type_is_subtype(tb, ta)) {
            Value rm = type_lookup(tb, obj_name_rop[op]);
            if (rm && obj_is_user(rm) && rm != type_lookup(ta, obj_name_rop[op])) {
                Value r = obj_call_found(rm, b, &a, 1);
                if (r != NOTIMPL)
                    return r;
                do_other = false;
            }
        }
        Value m = type_lookup(ta, obj_name_op[op]);
        if (m && obj_is_user(m)) {
            Value r = obj_call_found(m, a, &b, 1);
            if (r != NOTIMPL || ta == tb)
                return r;
        } else {
            Type *o = m ? descr_wrapper_owner(m) : NULL;
            if (o && o->nb[op] && o->nb[op] != self_fn) {
                Value r = o->nb[op](a, b);
                if (r != NOTIMPL || ta == tb)
                    return r;
            }
        }
    }
    if (do_other) {
        Value rm = type_lookup(tb, obj_name_rop[op]);
        if (rm && obj_is_user(rm))
            return obj_call_found(rm, b, &a, 1);
        Type *o = rm ? descr_wrapper_owner(rm) : NULL;
        if (o && o->nb[op] && o->nb[op] != self_fn)
            return o->nb[op](a, b);
    }
    return NOTIMPL;
}

#define BIN_SLOTS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12)
#define X(i) \
    static Value slot_nb_##i(Value a, Value b) { return slot_binary(a, b, i, slot_nb_##i); } \
    static Value slot_inp_##i(Value a, Value b) { \
        Value m = type_lookup(TYPE(a), obj_name_iop[i]); \
        return m && obj_is_user(m) ? obj_call_found(m, a, &b, 1) : NOTIMPL; \
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

static Value slot_neg(Value v) { return obj_call_dunder(v, S[N_neg], NULL, 0, NULL); }
static Value slot_pos(Value v) { return obj_call_dunder(v, S[N_pos], NULL, 0, NULL); }
static Value slot_invert(Value v) { return obj_call_dunder(v, S[N_invert], NULL, 0, NULL); }
static Value (*const slot_un[UN_COUNT])(Value) = {slot_neg, slot_pos, slot_invert};

static Value slot_nb_int(Value v)
{
    Type *t = TYPE(v);
    Value m = type_lookup(t, S[N_int]);
    if (!m || !obj_is_user(m))
        return obj_index(v);
    Value r = obj_call_found(m, v, NULL, 0);
    if (r && !int_check(r))
        return err_format(exc_TypeError, "__int__ returned non-int (type %s)", type_name(r));
    return r;
}

static Value slot_nb_float(Value v)
{
    Type *t = TYPE(v);
    Value m = type_lookup(t, S[N_float]);
    if (!m || !obj_is_user(m)) {
        Value i = obj_index(v);
        if (!i)
            return VNULL;
        double d;
        if (int_as_double(i, &d) < 0)
            return VNULL;
        return float_new(d);
    }
    Value r = obj_call_found(m, v, NULL, 0);
    if (r && !IS_FLOAT(r) && !(TYPE(r)->flags & TF_FLOAT_SUB))
        return err_format(exc_TypeError, "%s.__float__ returned non-float (type %s)", t->name,
                          type_name(r));
    return r;
}

static Value slot_descr_get(Value d, Value obj, Value type)
{
    Value args[2] = {obj ? obj : NONE, type ? type : NONE};
    return obj_call_dunder(d, S[N_get], args, 2, NULL);
}

static int slot_descr_set(Value d, Value obj, Value v)
{
    Value args[2] = {obj, v};
    bool found;
    Value r = obj_call_dunder(d, v ? S[N_set] : S[N_delete], args, v ? 2 : 1, &found);
    if (!found) {
        err_set(exc_AttributeError, v ? "__set__" : "__delete__");
        return -1;
    }
    return r ? 0 : -1;
}

/* What the MRO gives for dunder `name`: USER if a script's object, else the
 * C slot owner's type (a built-in's wrapper), else the best base. */
static Type *slot_source(Type *t, ObjStr *name, bool *user)
{
    Value v = type_lookup(t, name);
    *user = v && obj_is_user(v);
    if (*user)
        return NULL;
    Type *o = v ? descr_wrapper_owner(v) : NULL;
    if (o && descr_wrapper_name(v) != name) { /* __str__ = int.__repr__ (enum's ReprEnum) */
        *user = true;
        return NULL;
    }
    return o ? o : t->base;
}

/* Point every slot of class t at a wrapper if a script defined the dunder
 * somewhere on its MRO, else at the C slot of the built-in that provides
 * it. */
static void fixup_slots(Type *t)
{
    bool u, u2;
    Type *o;
#define PICK1(slot, id, wrapper) \
    o = slot_source(t, S[id], &u); t->slot = u ? (wrapper) : o->slot
#define PICK2(slot, id1, id2, wrapper) \
    o = slot_source(t, S[id1], &u); (void)slot_source(t, S[id2], &u2); \
    t->slot = (u || u2) ? (wrapper) : o->slot
    PICK1(repr, N_repr, slot_repr);
    PICK1(str, N_str, slot_str);
    Value h = type_lookup(t, S[N_hash]);
    if (h == NONE) {
        t->hash = hash_unhashable;
    } else if (h && obj_is_user(h)) {
        t->hash = slot_hash;
    } else {
        o = h ? descr_wrapper_owner(h) : NULL;
        t->hash = (o ? o : t->base)->hash;
    }
    bool cmp = false;
    for (int i = 0; i < 6; i++) {
        Value c = type_lookup(t, obj_name_cmp[i]);
        cmp = cmp || (c && obj_is_user(c));
    }
    t->richcmp = cmp ? slot_richcmp : t->base->richcmp;
    PICK2(truth, N_bool, N_len, slot_truth);
    PICK1(len, N_len, slot_len);
    PICK2(getattr, N_getattr, N_getattribute, slot_getattr);
    PICK2(setattr, N_setattr, N_delattr, slot_setattr);
    PICK1(call, N_call, slot_call);
    PICK1(iter, N_iter, slot_iter);
    if (type_lookup(t, S[N_iter]) == NONE)
        t->iter = slot_iter;
    PICK1(next, N_next, slot_next);
    PICK1(getitem, N_getitem, slot_getitem);
    PICK2(setitem, N_setitem, N_delitem, slot_setitem);
    PICK1(contains, N_contains, slot_contains);
    if (type_lookup(t, S[N_contains]) == NONE)
        t->contains = slot_contains;
    for (int i = 0; i < NB_COUNT; i++) {
        o = slot_source(t, obj_name_op[i], &u);
        (void)slot_source(t, obj_name_rop[i], &u2);
        t->nb[i] = (u || u2) ? slot_nb[i] : t->base->nb[i];
        o = slot_source(t, obj_name_iop[i], &u);
        t->nb_inplace[i] = u ? slot_inp[i] : o->nb_inplace[i];
    }
    for (int i = 0; i < UN_COUNT; i++) {
        o = slot_source(t, obj_name_unary[i], &u);
        t->unary[i] = u ? slot_un[i] : o->unary[i];
    }
    PICK2(nb_int, N_int, N_index, slot_nb_int);
    PICK2(nb_float, N_float, N_index, slot_nb_float);
    PICK1(descr_get, N_get, slot_descr_get);
    PICK2(descr_set, N_set, N_delete, slot_descr_set);
#undef PICK1
#undef PICK2
    Value del = type_lookup(t, S[N_del]);
    if (del && obj_is_user(del))
        t->flags |= TF_HAS_DEL;
    else
        t->flags &= ~TF_HAS_DEL;
}

/* ---- the MRO -------------------------------------------------------------------------- */

/* C3 linearisation of t's bases (CPython's mro_implementation). */
static ObjTuple *c3_mro(Type *t)
{
    ObjTuple *bases = t->bases;
    int64_t n = bases->len;
    if (n == 1) {
        ObjTuple *bm = AS_TYPE(bases->items[0])->mro;
        Value r = tuple_new(bm->len + 1);
        if (!r)
            return NULL;
        AS_TUPLE(r)->items[0] = OBJ_VAL(t);
        memcpy(AS_TUPLE(r)->items + 1, bm->items, (size_t)bm->len * sizeof(Value));
        return AS_TUPLE(r);
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = i + 1; j < n; j++)
            if (bases->items[i] == bases->items[j]) {
                err_format(exc_TypeError, "duplicate base class %s",
                           AS_TYPE(bases->items[i])->name);
                return NULL;
            }
    /* the sequences to merge: each base's MRO, then the bases */
    int64_t nseq = n + 1;
    Value seqs_v = tuple_new(nseq);
    if (!seqs_v)
        return NULL;
    ObjTuple *seqs = AS_TUPLE(seqs_v);
    for (int64_t i = 0; i < n; i++)
        seqs->items[i] = OBJ_VAL(AS_TYPE(bases->items[i])->mro);
    seqs->items[n] = OBJ_VAL(bases);
    int64_t *pos = calloc((size_t)nseq, sizeof *pos);
    if (!pos) {
        err_no_memory();
        return NULL;
    }
    Value out = list_new(0);
    if (!out || list_append(out, OBJ_VAL(t)) < 0)
        goto fail;
    for (;;) {
        bool empty = true;
        Value cand = VNULL;
        for (int64_t i = 0; i < nseq; i++) {
            ObjTuple *s = AS_TUPLE(seqs->items[i]);
            if (pos[i] >= s->len)
                continue;
            empty = false;
            Value c = s->items[pos[i]];
            /* c must not be in the tail of any sequence */
            bool in_tail = false;
            for (int64_t j = 0; j < nseq && !in_tail; j++) {
                ObjTuple *q = AS_TUPLE(seqs->items[j]);
                for (int64_t k = pos[j] + 1; k < q->len; k++)
                    if (q->items[k] == c) {
                        in_tail = true;
                        break;
                    }
            }
            if (!in_tail) {
                cand = c;
                break;
            }
        }
        if (empty)
            break;
        if (!cand) {
            /* CPython names the remaining heads, each once */
            StrBuf b;
            sb_init(&b);
            Value seen = set_new(&type_set);
            for (int64_t i = 0; seen && i < nseq; i++) {
                ObjTuple *s = AS_TUPLE(seqs->items[i]);
                if (pos[i] >= s->len)
                    continue;
                Value c = s->items[pos[i]];
                if (set_contains(seen, c) == 1)
                    continue;
                set_add(seen, c);
                if (b.len)
                    sb_adds(&b, ", ");
                sb_adds(&b, AS_TYPE(c)->name);
            }
            sb_addc(&b, 0);
            err_format(exc_TypeError, "Cannot create a consistent method resolution\n"
                       "order (MRO) for bases %s", b.data);
            sb_free(&b);
            goto fail;
        }
        if (list_append(out, cand) < 0)
            goto fail;
        for (int64_t i = 0; i < nseq; i++) {
            ObjTuple *s = AS_TUPLE(seqs->items[i]);
            if (pos[i] < s->len && s->items[pos[i]] == cand)
                pos[i]++;
        }
    }
    free(pos);
    return AS_TUPLE(tuple_from(AS_LIST(out)->items, AS_LIST(out)->len));
fail:
    free(pos);
    return NULL;
}

/* t's MRO: C3, or the metaclass's own mro() when it overrides type.mro. */
static ObjTuple *compute_mro(Type *t)
{
    Type *meta = t->obj.type;
    if (meta != &type_type) {
        Value m = type_lookup(meta, S[N_mro]);
        if (m && obj_is_user(m)) {
            Value r = obj_call_found(m, OBJ_VAL(t), NULL, 0);
            if (!r)
                return NULL;
            Value tup = obj_to_tuple(r);
            if (!tup)
                return NULL;
            if (!IS_TUPLE(tup))
                tup = tuple_from(AS_LIST(tup)->items, AS_LIST(tup)->len);
            ObjTuple *mt = AS_TUPLE(tup);
            Type *solid = type_builtin_base(t);
            for (int64_t i = 0; i < mt->len; i++) {
                if (!IS_TYPEOBJ(mt->items[i])) {
                    err_format(exc_TypeError, "mro() returned a non-class ('%s')",
                               type_name(mt->items[i]));
                    return NULL;
                }
                if (!type_is_subtype(solid, type_builtin_base(AS_TYPE(mt->items[i])))) {
                    err_format(exc_TypeError, "mro() returned base with unsuitable layout ('%s')",
                               AS_TYPE(mt->items[i])->name);
                    return NULL;
                }
            }
            return mt;
        }
    }
    return c3_mro(t);
}

/* ---- class creation -------------------------------------------------------------------- */

/* The type that decides the instance layout of t (CPython's solid_base). */
static Type *solid_base(Type *t)
{
    if (!(t->flags & TF_HEAPTYPE)) {
        /* a built-in that adds nothing to its base's layout (the exception
         * types, bool) has its base's, as CPython's extra_ivars() says:
         * class UnsupportedOperation(OSError, ValueError) is allowed */
        if (t->base && t->inst_size == t->base->inst_size && t->kind == t->base->kind)
            return solid_base(t->base);
        return t;
    }
    Type *b = solid_base(t->base);
    /* a class adds to the layout when it has __slots__ of its own */
    size_t base_end = t->base->nextra;
    bool adds = t->nextra > base_end + ((t->dict_offset && !t->base->dict_offset) ? 1u : 0u);
    if ((type_builtin_base(t)->kind != KIND_OTHER) && t->inst_size > t->base->inst_size)
        adds = true;
    return adds ? t : b;
}

static Type *best_base(ObjTuple *bases)
{
    Type *base = NULL, *winner = NULL;
    for (int64_t i = 0; i < bases->len; i++) {
        Value b = bases->items[i];
        if (!IS_TYPEOBJ(b)) {
            err_set(exc_TypeError, "bases must be types");
            return NULL;
        }
        Type *bt = AS_TYPE(b);
        if (!(bt->flags & TF_BASETYPE)) {
            err_format(exc_TypeError, "type '%s' is not an acceptable base type", bt->name);
            return NULL;
        }
        Type *cand = solid_base(bt);
        if (!winner) {
            winner = cand;
            base = bt;
        } else if (type_is_subtype(winner, cand)) {
            ;
        } else if (type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        } else {
            err_set(exc_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

/* The most derived metaclass of meta and the bases' metaclasses. */
static Type *calc_metaclass(Type *meta, ObjTuple *bases)
{
    Type *winner = meta;
    for (int64_t i = 0; i < bases->len; i++) {
        Type *bt = TYPE(bases->items[i]);
        if (type_is_subtype(winner, bt))
            continue;
        if (type_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        err_set(exc_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                               "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

static bool is_identifier(ObjStr *s)
{
    if (s->len == 0)
        return false;
    Value r = obj_call_method(OBJ_VAL(s), str_intern_cstr("isidentifier"), NULL, 0);
    return r == TRUE_V;
}

/* "__x" -> "_Class__x" (CPython's _Py_Mangle) */
static Value mangle(ObjStr *cls, ObjStr *name)
{
    if (name->len < 2 || name->data[0] != '_' || name->data[1] != '_' ||
        (name->len >= 4 && name->data[name->len - 1] == '_' && name->data[name->len - 2] == '_') ||
        memchr(name->data, '.', (size_t)name->len))
        return OBJ_VAL(name);
    const char *c = cls->data;
    while (*c == '_')
        c++;
    if (!*c)
        return OBJ_VAL(name);
    return str_printf("_%s%s", c, name->data);
}

/* The __slots__ of the class being made: a list of (mangled, sorted) names
 * without __dict__/__weakref__; *want_dict set if '__dict__' was listed. */
static Value parse_slots(ObjStr *clsname, Value slots, ObjDict *ns, Type *base,
                         bool *want_dict, bool *want_weak)
{
    Value seq;
    if (IS_STR(slots)) {
        seq = tuple_pack(1, slots);
    } else {
        seq = obj_to_list(slots);
    }
    if (!seq)
        return VNULL;
    Value items = IS_TUPLE(seq) ? seq : seq;
    int64_t n = IS_TUPLE(items) ? AS_TUPLE(items)->len : AS_LIST(items)->len;
    Value *it = IS_TUPLE(items) ? AS_TUPLE(items)->items : AS_LIST(items)->items;
    Value out = list_new(0);
    if (!out)
        return VNULL;
    for (int64_t i = 0; i < n; i++) {
        Value s = it[i];
        if (!IS_STR(s) && !(TYPE(s)->flags & TF_STR_SUB))
            return err_format(exc_TypeError, "__slots__ items must be strings, not '%s'",
                              type_name(s));
        ObjStr *name = AS_STR(s);
        if (!is_identifier(name))
            return err_set(exc_TypeError, "__slots__ must be identifiers");
        if (strcmp(name->data, "__dict__") == 0) {
            if (*want_dict || (base->flags & TF_HAS_DICT) || base->dict_offset)
                return err_set(exc_TypeError, "__dict__ slot disallowed: we already got one");
            *want_dict = true;
            continue;
        }
        if (strcmp(name->data, "__weakref__") == 0) {
            if (*want_weak)
                return err_set(exc_TypeError, "__weakref__ slot disallowed: either we already "
                                              "got one, or the base type has no weak references");
            *want_weak = true;
            continue;
        }
        Value m = mangle(clsname, name);
        if (!m)
            return VNULL;
        ObjStr *ms = str_intern_obj(AS_STR(m));
        if (dict_get_str(ns, ms))
            return err_format(exc_ValueError, "'%s' in __slots__ conflicts with class variable",
                              name->data);
        if (list_append(out, OBJ_VAL(ms)) < 0)
            return VNULL;
    }
    if (list_sort(out, VNULL, false) == VNULL)
        return VNULL;
    return out;
}

static Value wrap_static(Type *wrapper, Value f)
{
    ObjStaticMethod *s = (ObjStaticMethod *)gc_new(wrapper, sizeof(ObjStaticMethod));
    s->func = f;
    return OBJ_VAL(s);
}

/* Lay out t's instances: where its __dict__ and __slots__ values go. */
static int layout(Type *t, Type *base, Value slots, bool want_dict, bool want_weak)
{
    Type *bb = type_builtin_base(base);
    int64_t nslots = slots ? AS_LIST(slots)->len : 0;
    bool base_dict = (base->flags & TF_HAS_DICT) || base->dict_offset;
    bool add_dict = !base_dict && (!slots || want_dict);
    /* a secondary base may provide the __dict__ (CPython's type_new_slots_impl) */
    for (int64_t i = 0; !base_dict && !add_dict && t->bases && i < t->bases->len; i++) {
        Type *b = AS_TYPE(t->bases->items[i]);
        if (b != base && ((b->flags & TF_HAS_DICT) || b->dict_offset))
            add_dict = true;
    }
    t->trace = heap_trace;
    /* weak references: unless __slots__ leaves __weakref__ out (baton needs
     * no slot for them; the flag keeps CPython's TypeError) */
    bool weak = (base->flags & TF_WEAKREF) ||
                ((!slots || want_weak) &&
                 !(bb->flags & (TF_TUPLE_SUB | TF_BYTES_SUB | TF_INT_SUB)));
    t->flags = weak ? t->flags | TF_WEAKREF : t->flags & ~TF_WEAKREF;
    if (bb->kind == KIND_OBJECT || bb->kind == KIND_EXCEPTION) {
        /* an exception type may extend ObjException (BaseExceptionGroup) */
        size_t start = bb->kind == KIND_OBJECT ? sizeof(ObjInstance)
                                               : (bb->inst_size + 7) & ~(size_t)7;
        t->flags = base_dict || add_dict ? t->flags | TF_HAS_DICT : t->flags & ~TF_HAS_DICT;
        size_t end = base->inst_size > start ? base->inst_size : start;
        end = (end + 7) & ~(size_t)7;
        for (int64_t i = 0; i < nslots; i++) {
            Value d = member_descr_new(t, AS_STR(AS_LIST(slots)->items[i]),
                                       end + (size_t)i * sizeof(Value));
            if (dict_set(OBJ_VAL(t->dict), AS_LIST(slots)->items[i], d) < 0)
                return -1;
        }
        t->inst_size = end + (size_t)nslots * sizeof(Value);
        t->extra_offset = (int32_t)start;
        t->nextra = (uint32_t)((t->inst_size - start) / sizeof(Value));
        t->dict_offset = 0;
        return 0;
    }
    t->flags &= ~TF_HAS_DICT;
    bool var = (bb->flags & (TF_TUPLE_SUB | TF_BYTES_SUB)) != 0;
    if (nslots && (var || (bb->flags & (TF_INT_SUB | TF_TYPE_SUB)))) {
        err_format(exc_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                   bb->name);
        return -1;
    }
    if (bb->flags & TF_TYPE_SUB) {
        t->extra_offset = 0;
        t->nextra = 0;
        t->dict_offset = 0;
        t->trace = bb->trace;
        return 0;
    }
    if (var) {
        if (add_dict || base_dict) {
            t->extra_offset = -1;
            t->nextra = 1;
            t->dict_offset = -1;
            t->inst_size = sizeof(Value);
        } else {
            t->extra_offset = 0;
            t->nextra = 0;
            t->dict_offset = 0;
            t->trace = bb->trace;
        }
        return 0;
    }
    size_t start = base->extra_offset > 0 ? (size_t)base->extra_offset
                                          : (bb->inst_size + 7) & ~(size_t)7;
    size_t end = start + (size_t)base->nextra * sizeof(Value);
    t->dict_offset = base->dict_offset;
    if (add_dict) {
        t->dict_offset = (int32_t)end;
        end += sizeof(Value);
    }
    for (int64_t i = 0; i < nslots; i++) {
        Value d = member_descr_new(t, AS_STR(AS_LIST(slots)->items[i]), end);
        if (dict_set(OBJ_VAL(t->dict), AS_LIST(slots)->items[i], d) < 0)
            return -1;
        end += sizeof(Value);
    }
    t->extra_offset = end > start ? (int32_t)start : 0;
    t->nextra = (uint32_t)((end - start) / sizeof(Value));
    t->inst_size = end;
    if (!t->nextra)
        t->trace = bb->trace;
    return 0;
}

static Value heap_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames);

/* Call the __set_name__ of every attribute (over a copy of the namespace,
 * as CPython), wrapping a failure in RuntimeError as 3.11 does. */
static int set_names(Type *t)
{
    Value items = dict_new();
    if (!items || dict_update(items, OBJ_VAL(t->dict)) < 0)
        return -1;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(items), &pos, &k, &v)) {
        if (!IS_OBJ(v))
            continue;
        Value sn = type_lookup(TYPE(v), S[N_set_name]);
        if (!sn)
            continue;
        Value args[2] = {OBJ_VAL(t), k};
        if (!obj_call_found(sn, v, args, 2)) {
            Value cause = err_fetch();
            Value kr = obj_repr(k);
            if (!kr)
                return -1;
            err_format(exc_RuntimeError, "Error calling __set_name__ on '%s' instance %s in '%s'",
                       type_name(v), AS_STR(kr)->data, t->name);
            Value e = vm_cur->exc;
            if (e && IS_EXCEPTION(e)) {
                AS_EXC(e)->cause = cause;
                AS_EXC(e)->context = cause;
                AS_EXC(e)->suppress_context = true;
            }
            return -1;
        }
    }
    return 0;
}

/* super(t, t).__init_subclass__(**kw) */
static int init_subclass(Type *t, Value *kwvals, ObjTuple *kwnames)
{
    ObjTuple *mro = t->mro;
    for (int64_t i = 1; i < mro->len; i++) {
        ObjDict *d = AS_TYPE(mro->items[i])->dict;
        Value f = d ? dict_get_str(d, S[N_init_subclass]) : VNULL;
        if (!f)
            continue;
        Type *ft = TYPE(f);
        Value bound = ft->descr_get ? ft->descr_get(f, VNULL, OBJ_VAL(t)) : f;
        if (!bound)
            return -1;
        return obj_call(bound, kwvals, 0, kwnames) ? 0 : -1;
    }
    return 0;
}

static int add_subclass(Type *base, Type *t)
{
    if (!base->subclasses) {
        Value l = list_new(0);
        if (!l)
            return -1;
        base->subclasses = AS_LIST(l);
        gc_register_weak_list(base->subclasses);
    }
    return list_append(OBJ_VAL(base->subclasses), OBJ_VAL(t));
}

Value type_new_full(Type *meta, ObjStr *name, ObjTuple *bases, Value ns, Value *kwvals,
                    ObjTuple *kwnames)
{
    Type *winner = calc_metaclass(meta, bases);
    if (!winner)
        return VNULL;
    if (winner != meta) {
        Value nf = type_lookup(winner, S[N_new]);
        Type *owner;
        if (nf && !(is_tpnew(nf, &owner) && owner == &type_type)) {
            int nkw = kwnames ? (int)kwnames->len : 0;
            Value argv[3 + 16];
            if (nkw > 16)
                return err_set(exc_TypeError, "too many class keyword arguments");
            argv[0] = OBJ_VAL(name);
            argv[1] = OBJ_VAL(bases);
            argv[2] = ns;
            if (nkw)
                memcpy(argv + 3, kwvals, (size_t)nkw * sizeof(Value));
            return obj_call(OBJ_VAL(winner), argv, 3, kwnames);
        }
        meta = winner;
    }
    if (bases->len == 0)
        bases = AS_TUPLE(tuple_pack(1, OBJ_VAL(&type_object)));
    Type *base = best_base(bases);
    if (!base)
        return VNULL;

    /* the class's own namespace: a copy with interned string keys */
    Value d = dict_new();
    if (!d)
        return VNULL;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(ns), &pos, &k, &v)) {
        if (IS_STR(k))
            k = OBJ_VAL(obj_interned(AS_STR(k)));
        if (dict_set(d, k, v) < 0)
            return VNULL;
    }
    ObjDict *dd = AS_DICT(d);

    bool want_dict = false, want_weak = false;
    Value slots = dict_get_str(dd, S[N_slots]);
    if (slots) {
        slots = parse_slots(name, slots, dd, base, &want_dict, &want_weak);
        if (!slots)
            return VNULL;
    }

    size_t tsize = meta->inst_size > sizeof(Type) ? meta->inst_size : sizeof(Type);
    Type *t = (Type *)gc_new(meta, tsize);
    Obj hdr = t->obj;
    memcpy(t, base, sizeof(Type));
    t->obj = hdr;
    t->base = base;
    t->bases = bases;
    t->mro = NULL;
    t->subclasses = NULL;
    t->dict = dd;
    t->name_str = obj_interned(name);
    t->name = t->name_str->data;
    t->flags = TF_HEAPTYPE | TF_BASETYPE |
               (base->flags & (TF_EXCEPTION | TF_SUBCLASS_BITS | TF_HAS_DICT | TF_SEQUENCE | TF_MAPPING));
    t->tp_new = heap_tp_new;
    t->module = obj_name_builtins;
    if (layout(t, base, slots, want_dict, want_weak) < 0)
        return VNULL;

    ObjTuple *mro = compute_mro(t);
    if (!mro)
        return VNULL;
    t->mro = mro;

    Value q = dict_get_str(dd, S[N_qualname]);
    if (q) {
        if (!IS_STR(q))
            return err_format(exc_TypeError, "type __qualname__ must be a str, not %s",
                              type_name(q));
        t->qualname = AS_STR(q);
        if (dict_del(d, OBJ_VAL(S[N_qualname])) < 0)
            return VNULL;
    } else {
        t->qualname = t->name_str;
    }
    Value m = dict_get_str(dd, S[N_module]);
    if (!m) {
        Value g = vm_current_globals();
        if (g && IS_DICT(g))
            m = dict_get_str(AS_DICT(g), S[N_name]);
        if (m && dict_set_str(dd, S[N_module], m) < 0)
            return VNULL;
    }
    if (m && IS_STR(m))
        t->module = AS_STR(m);
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
    Value cell = dict_get_str(dd, S[N_classcell]);
    if (cell) {
        if (!IS_TYPE_EXACT(cell, &type_cell))
            return err_format(exc_TypeError, "__classcell__ must be a nonlocal cell, not %R",
                              OBJ_VAL(TYPE(cell)));
        AS_CELL(cell)->value = OBJ_VAL(t);
        if (dict_del(d, OBJ_VAL(S[N_classcell])) < 0)
            return VNULL;
    }
    Value am = dict_get_str(dd, S[N_abstractmethods]);
    if (am) {
        int truth = obj_truthy(am);
        if (truth < 0)
            return VNULL;
        if (truth)
            t->flags |= TF_ABSTRACT;
    }
    dict_make_type_ns(dd);
    fixup_slots(t);
    for (int64_t i = 0; i < bases->len; i++)
        if (add_subclass(AS_TYPE(bases->items[i]), t) < 0)
            return VNULL;
    if (set_names(t) < 0 || init_subclass(t, kwvals, kwnames) < 0)
        return VNULL;
    return OBJ_VAL(t);
}

Value type_new_class(ObjStr *name, ObjTuple *bases, ObjDict *ns)
{
    return type_new_full(&type_type, name, bases ? bases : AS_TUPLE(tuple_new(0)),
                         OBJ_VAL(ns), NULL, NULL);
}

/* ---- making instances of classes ----------------------------------------------------------- */

static Value object_new_fn, object_init_fn; /* object.__new__ / __init__ natives */

static bool excess_args(int nargs, ObjTuple *kwnames)
{
    return nargs > 0 || (kwnames && kwnames->len > 0);
}

static int abstract_error(Type *t)
{
    Value am = type_lookup(t, S[N_abstractmethods]);
    Value sorted = am ? obj_to_list(am) : list_new(0);
    if (!sorted || list_sort(sorted, VNULL, false) == VNULL)
        return -1;
    Value sep = str_from_cstr(", ");
    Value joined = sep ? str_join(sep, sorted) : VNULL;
    if (!joined)
        return -1;
    err_format(exc_TypeError, "Can't instantiate abstract class %s with abstract method%s %s",
               t->name, AS_LIST(sorted)->len > 1 ? "s" : "", AS_STR(joined)->data);
    return -1;
}

Value type_object_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (excess_args(nargs, kwnames)) {
        if (type_lookup(t, S[N_new]) != object_new_fn)
            return err_set(exc_TypeError,
                           "object.__new__() takes exactly one argument (the type to instantiate)");
        if (type_lookup(t, S[N_init]) == object_init_fn)
            return err_format(exc_TypeError, "%s() takes no arguments", t->name);
    }
    if (t->flags & TF_ABSTRACT) {
        abstract_error(t);
        return VNULL;
    }
    return OBJ_VAL(type_alloc(t, t->inst_size));
}

Value type_object_init(Value *args, int nargs, ObjTuple *kwnames)
{
    Type *t = TYPE(args[0]);
    if (excess_args(nargs - 1, kwnames)) {
        if (type_lookup(t, S[N_init]) != object_init_fn)
            return err_set(exc_TypeError,
                           "object.__init__() takes exactly one argument (the instance to "
                           "initialize)");
        if (type_lookup(t, S[N_new]) == object_new_fn)
            return err_format(exc_TypeError, "%s.__init__() takes exactly one argument (the "
                              "instance to initialize)", t->name);
    }
    return NONE;
}

static Value heap_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value newf = type_lookup(t, S[N_new]);
    Value obj;
    Type *owner;
    if (newf == object_new_fn) {
        obj = type_object_new(t, args, nargs, kwnames);
    } else if (newf && is_tpnew(newf, &owner)) {
        obj = owner->tp_new(t, args, nargs, kwnames);
    } else if (newf) {
        Value f = newf;
        if (IS_TYPE_EXACT(f, &type_staticmethod))
            f = ((ObjStaticMethod *)AS_OBJ(f))->func;
        obj = obj_call_with_self(f, OBJ_VAL(t), args, nargs, kwnames);
    } else {
        return err_format(exc_TypeError, "cannot create '%s' instances", t->name);
    }
    if (!obj || !obj_isinstance(obj, t))
        return obj;
    Type *ot = TYPE(obj);
    Value initf = type_lookup(ot, S[N_init]);
    if (!initf || initf == object_init_fn) {
        if (excess_args(nargs, kwnames) && newf == object_new_fn && initf == object_init_fn)
            return err_format(exc_TypeError, "%s() takes no arguments", t->name);
        return obj;
    }
    Value r;
    if (IS_FUNCTION(initf) || IS_NATIVE(initf)) {
        r = obj_call_with_self(initf, obj, args, nargs, kwnames);
    } else {
        Type *it = TYPE(initf);
        Value bound = it->descr_get ? it->descr_get(initf, obj, OBJ_VAL(ot)) : initf;
        r = bound ? obj_call(bound, args, nargs, kwnames) : VNULL;
    }
    if (!r)
        return VNULL;
    if (r != NONE)
        return err_format(exc_TypeError, "__init__() should return None, not '%s'",
                          type_name(r));
    return obj;
}

/* ---- __build_class__ -------------------------------------------------------------------- */

/* The bases after __mro_entries__ (PEP 560); the same tuple if none has it. */
static Value update_bases(ObjTuple *orig)
{
    Value out = VNULL;
    for (int64_t i = 0; i < orig->len; i++) {
        Value b = orig->items[i];
        if (IS_TYPEOBJ(b)) {
            if (out && list_append(out, b) < 0)
                return VNULL;
            continue;
        }
        Value me = obj_getattr_opt(b, S[N_mro_entries]);
        if (!me) {
            if (err_occurred())
                return VNULL;
            if (out && list_append(out, b) < 0)
                return VNULL;
            continue;
        }
        Value r = obj_call1(me, OBJ_VAL(orig));
        if (!r)
            return VNULL;
        if (!IS_TUPLE(r))
            return err_set(exc_TypeError, "__mro_entries__ must return a tuple");
        if (!out) {
            out = list_from(orig->items, i);
            if (!out)
                return VNULL;
        }
        if (list_extend(out, r) < 0)
            return VNULL;
    }
    if (!out)
        return OBJ_VAL(orig);
    return tuple_from(AS_LIST(out)->items, AS_LIST(out)->len);
}

Value type_build_class(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 2)
        return err_set(exc_TypeError, "__build_class__: not enough arguments");
    Value func = args[0], name = args[1];
    if (!IS_FUNCTION(func))
        return err_set(exc_TypeError, "__build_class__: func must be a function");
    if (!IS_STR(name))
        return err_set(exc_TypeError, "__build_class__: name is not a string");
    Value orig = tuple_from(args + 2, nargs - 2);
    if (!orig)
        return VNULL;
    Value bases = update_bases(AS_TUPLE(orig));
    if (!bases)
        return VNULL;
    /* keyword arguments, without metaclass= */
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value *kwv = args + nargs;
    Value meta = VNULL;
    Value kwn = tuple_new(0), kwvals = list_new(0);
    if (!kwn || !kwvals)
        return VNULL;
    Value names = list_new(0);
    if (!names)
        return VNULL;
    for (int i = 0; i < nkw; i++) {
        if (strcmp(AS_STR(kwnames->items[i])->data, "metaclass") == 0) {
            meta = kwv[i];
            continue;
        }
        if (list_append(names, kwnames->items[i]) < 0 || list_append(kwvals, kwv[i]) < 0)
            return VNULL;
    }
    kwn = tuple_from(AS_LIST(names)->items, AS_LIST(names)->len);
    if (!kwn)
        return VNULL;
    ObjTuple *kwt = AS_TUPLE(kwn)->len ? AS_TUPLE(kwn) : NULL;
    bool isclass = false;
    if (!meta) {
        meta = AS_TUPLE(bases)->len ? OBJ_VAL(TYPE(AS_TUPLE(bases)->items[0]))
                                    : OBJ_VAL(&type_type);
        isclass = true;
    } else {
        isclass = IS_TYPEOBJ(meta);
    }
    if (isclass) {
        Type *w = calc_metaclass(AS_TYPE(meta), AS_TUPLE(bases));
        if (!w)
            return VNULL;
        meta = OBJ_VAL(w);
    }
    /* the namespace */
    Value ns;
    Value prep = obj_getattr_opt(meta, S[N_prepare]);
    if (prep) {
        Value pargs[2 + 16];
        int nk = kwt ? (int)kwt->len : 0;
        if (nk > 16)
            return err_set(exc_TypeError, "too many class keyword arguments");
        pargs[0] = name;
        pargs[1] = bases;
        if (nk)
            memcpy(pargs + 2, AS_LIST(kwvals)->items, (size_t)nk * sizeof(Value));
        ns = obj_call(prep, pargs, 2, kwt);
        if (!ns)
            return VNULL;
        Type *nt = TYPE(ns);
        if (!nt->getitem) {
            if (isclass)
                return err_format(exc_TypeError, "%s.__prepare__() must return a mapping, not %s",
                                  AS_TYPE(meta)->name, nt->name);
            return err_format(exc_TypeError, "<metaclass>.__prepare__() must return a mapping, "
                              "not %s", nt->name);
        }
    } else {
        if (err_occurred())
            return VNULL;
        ns = dict_new();
        if (!ns)
            return VNULL;
    }
    Value cell = vm_call_with_locals(AS_FUNCTION(func), AS_DICT(ns));
    if (!cell)
        return VNULL;
    if (bases != orig && obj_setitem(ns, OBJ_VAL(S[N_orig_bases]), orig) < 0)
        return VNULL;
    Value cargs[3 + 16];
    int nk = kwt ? (int)kwt->len : 0;
    cargs[0] = name;
    cargs[1] = bases;
    cargs[2] = ns;
    if (nk)
        memcpy(cargs + 3, AS_LIST(kwvals)->items, (size_t)nk * sizeof(Value));
    Value cls = obj_call(meta, cargs, 3, kwt);
    if (!cls)
        return VNULL;
    if (IS_TYPEOBJ(cls) && IS_TYPE_EXACT(cell, &type_cell)) {
        Value cv = AS_CELL(cell)->value;
        if (cv != cls) {
            if (!cv)
                return err_format(exc_RuntimeError, "__class__ not set defining %R as %R. Was "
                                  "__classcell__ propagated to type.__new__?", name, cls);
            return err_format(exc_TypeError, "__class__ set to %R defining %R as %R", cv, name,
                              cls);
        }
    }
    return cls;
}

/* ---- start-up ----------------------------------------------------------------------------- */

void type_init(void)
{
    type_ready(&type_type, type_methods);
    type_add_method(&type_type, "__init__", m_type_init);
    static const char *const type_slots[] = {"__init__", NULL};
    descr_wrap_natives(&type_type, type_slots);
    Value prep = native_new("__prepare__", m_type_prepare, VNULL);
    dict_set_str(type_type.dict, S[N_prepare], prep);
    object_new_fn = dict_get_str(type_object.dict, S[N_new]);
    object_init_fn = dict_get_str(type_object.dict, S[N_init]);
    gc_add_root_value(&object_new_fn);
    gc_add_root_value(&object_init_fn);
}
