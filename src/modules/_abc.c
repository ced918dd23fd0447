/* modules/_abc.c — the C half of CPython's Lib/abc.py: what ABCMeta does
 * at class creation (_abc_init: __abstractmethods__, the per-class state,
 * the collection flags behind `match`), register(), and the
 * isinstance/issubclass checks with their positive and negative caches.
 *
 * The algorithm is Lib/_py_abc.py's, the pure-Python fallback, with
 * CPython's C differences: the state lives in one `_abc_data` object in
 * cls._abc_impl (not three WeakSets in the class dict), and
 * collections.abc's __abc_tpflags__ becomes TF_SEQUENCE / TF_MAPPING on
 * the type, which register() passes on to the registered class and its
 * subclasses, so `match` treats a registered class as a sequence or a
 * mapping.  The registry and caches are gc weak lists (gc.h): a class in
 * them stays collectable, and dead entries vanish at the next collection.
 */
#include "containers.h"
#include "modsupport.h"
#include "modules.h"

#include "weakref.h"

typedef struct {
    Obj obj;
    ObjList *registry, *cache, *negative_cache; /* weak lists, NULL until used */
    uint64_t negative_version;
} AbcData;

/* Bumped by every register(): a class's negative cache older than this
 * is stale. */
static uint64_t invalidation_counter;

static void abc_data_trace(Obj *o)
{
    AbcData *d = (AbcData *)o;
    if (d->registry) gc_mark_weak_list(d->registry);
    if (d->cache) gc_mark_weak_list(d->cache);
    if (d->negative_cache) gc_mark_weak_list(d->negative_cache);
}

static Type type_abc_data = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_abc._abc_data",
    .kind = KIND_OTHER,
    .inst_size = sizeof(AbcData),
    .trace = abc_data_trace,
};

static ObjStr *s_abc_impl, *s_abstractmethods, *s_abc_tpflags,
    *s_subclasshook, *s_subclasscheck, *s_subclasses, *s_bases;

static AbcData *get_impl(Value cls)
{
    Value impl = obj_getattr(cls, s_abc_impl);
    if (!impl)
        return NULL;
    if (!IS_OBJ(impl) || AS_OBJ(impl)->type != &type_abc_data) {
        err_set(exc_TypeError, "_abc_impl is set to a wrong type");
        return NULL;
    }
    return (AbcData *)AS_OBJ(impl);
}

/* cls.name(*args), looked up as an attribute of the class (a class's
 * own __subclasshook__ or __subclasses__ wins over its metaclass's). */
static Value call_attr(Value cls, ObjStr *name, Value *args, int nargs)
{
    Value f = obj_getattr(cls, name);
    return f ? obj_call(f, args, nargs, NULL) : VNULL;
}

static bool weak_contains(ObjList *l, Value v)
{
    if (l)
        for (int64_t i = 0; i < l->len; i++)
            if (l->items[i] == v)
                return true;
    return false;
}

/* Add v (a class) to the weak list *slot, made on first use. */
static int weak_add(ObjList **slot, Value v)
{
    if (!*slot) {
        Value l = list_new(0);
        if (!l)
            return -1;
        *slot = AS_LIST(l);
        gc_register_weak_list(*slot);
    }
    if (weak_contains(*slot, v))
        return 0;
    return list_append(OBJ_VAL(*slot), v);
}

/* A strong snapshot of a weak list, for loops that call Python code
 * (which may collect or change the list). */
static Value weak_snapshot(ObjList *l)
{
    int64_t n = l ? l->len : 0;
    Value t = tuple_new(n);
    if (t)
        for (int64_t i = 0; i < n; i++)
            AS_TUPLE(t)->items[i] = l->items[i];
    return t;
}

/* cls.__abstractmethods__: the names abstract in cls's namespace, and
 * those its bases declare abstract that cls still has abstract. */
static int compute_abstract_methods(Value cls)
{
    Value abstracts = set_new(&type_frozenset);
    if (!abstracts)
        return -1;
    Value ns = obj_getattr(cls, obj_names[N_dict]);
    if (!ns)
        return -1;
    Value items = obj_call_method(ns, str_intern_cstr("items"), NULL, 0);
    Value it = items ? obj_iter(items) : VNULL;
    if (!it)
        return -1;
    Value item;
    while ((item = obj_next(it))) {
        if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2) {
            err_set(exc_TypeError, "items() returned item which is not a 2-tuple");
            return -1;
        }
        int r = obj_is_abstract(AS_TUPLE(item)->items[1]);
        if (r < 0 || (r && set_add(abstracts, AS_TUPLE(item)->items[0]) < 0))
            return -1;
    }
    if (err_occurred())
        return -1;
    Value bases = obj_getattr(cls, s_bases);
    if (!bases)
        return -1;
    if (!IS_TUPLE(bases)) {
        err_set(exc_TypeError, "__bases__ is not tuple");
        return -1;
    }
    for (int64_t i = 0; i < AS_TUPLE(bases)->len; i++) {
        Value names = obj_getattr_opt(AS_TUPLE(bases)->items[i], s_abstractmethods);
        if (!names) {
            if (err_occurred())
                return -1;
            continue;
        }
        Value nit = obj_iter(names);
        if (!nit)
            return -1;
        Value name;
        while ((name = obj_next(nit))) {
            if (!IS_STR(name)) {
                /* getattr(cls, name) with a non-str name: CPython's message */
                err_format(exc_TypeError, "attribute name must be string, not '%s'", TYPE(name)->name);
                return -1;
            }
            Value v = obj_getattr_opt(cls, AS_STR(name));
            if (!v) {
                if (err_occurred())
                    return -1;
                continue;
            }
            int r = obj_is_abstract(v);
            if (r < 0 || (r && set_add(abstracts, name) < 0))
                return -1;
        }
        if (err_occurred())
            return -1;
    }
    return obj_setattr(cls, s_abstractmethods, abstracts);
}

#define COLLECTION_FLAGS (TF_SEQUENCE | TF_MAPPING)

/* CPython's Py_TPFLAGS_SEQUENCE / MAPPING values in __abc_tpflags__. */
static uint32_t collection_flags_from_cpython(int64_t f)
{
    return ((f & (1 << 5)) ? TF_SEQUENCE : 0) | ((f & (1 << 6)) ? TF_MAPPING : 0);
}

/* A class registered with a Sequence or Mapping ABC becomes one for
 * `match`, and so do its subclasses; built-in types keep their own. */
static void set_collection_flag_recursive(Type *t, uint32_t flag)
{
    if (!(t->flags & TF_HEAPTYPE) || (t->flags & COLLECTION_FLAGS) == flag)
        return;
    t->flags = (t->flags & ~COLLECTION_FLAGS) | flag;
    ObjList *subs = t->subclasses;
    for (int64_t i = 0; subs && i < subs->len; i++)
        if (IS_TYPEOBJ(subs->items[i]))
            set_collection_flag_recursive(AS_TYPE(subs->items[i]), flag);
}

static Value m_abc_init(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_abc_init", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value cls = args[0];
    if (compute_abstract_methods(cls) < 0)
        return VNULL;
    AbcData *d = (AbcData *)gc_new(&type_abc_data, sizeof(AbcData));
    if (!d)
        return VNULL;
    d->registry = d->cache = d->negative_cache = NULL;
    d->negative_version = invalidation_counter;
    if (obj_setattr(cls, s_abc_impl, OBJ_VAL(d)) < 0)
        return VNULL;
    if (IS_TYPEOBJ(cls)) {
        Type *t = AS_TYPE(cls);
        Value f = dict_get(OBJ_VAL(t->dict), OBJ_VAL(s_abc_tpflags));
        if (f) {
            if (IS_INT(f))
                t->flags = (t->flags & ~COLLECTION_FLAGS) | collection_flags_from_cpython(AS_INT(f));
            if (obj_setattr(cls, s_abc_tpflags, VNULL) < 0)
                return VNULL;
        } else if (err_occurred()) {
            return VNULL;
        }
    }
    return NONE;
}

static Value m_abc_register(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_abc_register", nargs, kw, 2, 2) < 0)
        return VNULL;
    Value cls = args[0], sub = args[1];
    if (!IS_TYPEOBJ(sub))
        return err_set(exc_TypeError, "Can only register classes");
    int r = obj_issubclass_v(sub, cls);
    if (r < 0)
        return VNULL;
    if (r)
        return sub; /* already a subclass */
    /* Subtle: test for cycles *after* testing for "already a subclass";
     * this means we allow X.register(X) and interpret it as a no-op. */
    r = obj_issubclass_v(cls, sub);
    if (r < 0)
        return VNULL;
    if (r)
        return err_set(exc_RuntimeError, "Refusing to create an inheritance cycle");
    AbcData *d = get_impl(cls);
    if (!d || weak_add(&d->registry, sub) < 0)
        return VNULL;
    invalidation_counter++; /* the negative caches are stale */
    if (IS_TYPEOBJ(cls)) {
        uint32_t flag = AS_TYPE(cls)->flags & COLLECTION_FLAGS;
        if (flag)
            set_collection_flag_recursive(AS_TYPE(sub), flag);
    }
    return sub;
}

static Value m_abc_instancecheck(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_abc_instancecheck", nargs, kw, 2, 2) < 0)
        return VNULL;
    Value cls = args[0], inst = args[1];
    AbcData *d = get_impl(cls);
    if (!d)
        return VNULL;
    Value subclass = obj_getattr(inst, obj_names[N_class]);
    if (!subclass)
        return VNULL;
    if (weak_contains(d->cache, subclass))
        return TRUE_V;
    Value subtype = OBJ_VAL(TYPE(inst));
    if (subtype == subclass) {
        if (d->negative_version == invalidation_counter && weak_contains(d->negative_cache, subclass))
            return FALSE_V;
        return call_attr(cls, s_subclasscheck, &subclass, 1);
    }
    Value res = call_attr(cls, s_subclasscheck, &subclass, 1);
    if (!res)
        return VNULL;
    int t = obj_truthy(res);
    if (t < 0)
        return VNULL;
    if (t)
        return res;
    return call_attr(cls, s_subclasscheck, &subtype, 1);
}

static Value m_abc_subclasscheck(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_abc_subclasscheck", nargs, kw, 2, 2) < 0)
        return VNULL;
    Value cls = args[0], sub = args[1];
    if (!IS_TYPEOBJ(sub))
        return err_set(exc_TypeError, "issubclass() arg 1 must be a class");
    AbcData *d = get_impl(cls);
    if (!d)
        return VNULL;
    /* 1. the positive cache */
    if (weak_contains(d->cache, sub))
        return TRUE_V;
    /* 2. the negative cache, emptied when a register() made it stale */
    if (d->negative_version < invalidation_counter) {
        if (d->negative_cache)
            d->negative_cache->len = 0;
        d->negative_version = invalidation_counter;
    } else if (weak_contains(d->negative_cache, sub)) {
        return FALSE_V;
    }
    /* 3. the subclass hook */
    Value ok = call_attr(cls, s_subclasshook, &sub, 1);
    if (!ok)
        return VNULL;
    if (ok == TRUE_V)
        return weak_add(&d->cache, sub) < 0 ? VNULL : TRUE_V;
    if (ok == FALSE_V)
        return weak_add(&d->negative_cache, sub) < 0 ? VNULL : FALSE_V;
    if (ok != NOTIMPL)
        return err_set(exc_AssertionError,
                       "__subclasshook__ must return either False, True, or NotImplemented");
    /* 4. a direct subclass */
    ObjTuple *mro = AS_TYPE(sub)->mro;
    for (int64_t i = 0; mro && i < mro->len; i++)
        if (mro->items[i] == cls)
            return weak_add(&d->cache, sub) < 0 ? VNULL : TRUE_V;
    /* 5. a subclass of a registered class */
    Value reg = weak_snapshot(d->registry);
    if (!reg)
        return VNULL;
    for (int64_t i = 0; i < AS_TUPLE(reg)->len; i++) {
        int r = obj_issubclass_v(sub, AS_TUPLE(reg)->items[i]);
        if (r < 0)
            return VNULL;
        if (r)
            return weak_add(&d->cache, sub) < 0 ? VNULL : TRUE_V;
    }
    /* 6. a subclass of a subclass (recursively, through their checks) */
    Value subs = call_attr(cls, s_subclasses, NULL, 0);
    if (!subs)
        return VNULL;
    if (!IS_LIST(subs))
        return err_set(exc_TypeError, "__subclasses__() must return a list");
    for (int64_t i = 0; i < AS_LIST(subs)->len; i++) {
        int r = obj_issubclass_v(sub, AS_LIST(subs)->items[i]);
        if (r < 0)
            return VNULL;
        if (r)
            return weak_add(&d->cache, sub) < 0 ? VNULL : TRUE_V;
    }
    /* 7. no: remember it */
    return weak_add(&d->negative_cache, sub) < 0 ? VNULL : FALSE_V;
}

/* A set of weak references to the classes in l, as CPython's _get_dump. */
static Value weakref_set(ObjList *l)
{
    Value s = set_new(&type_set);
    Value snap = s ? weak_snapshot(l) : VNULL;
    if (!snap)
        return VNULL;
    for (int64_t i = 0; i < AS_TUPLE(snap)->len; i++) {
        Value w = obj_call(OBJ_VAL(&type_weakref), &AS_TUPLE(snap)->items[i], 1, NULL);
        if (!w || set_add(s, w) < 0)
            return VNULL;
    }
    return s;
}

/* The state of the one class argument of fname(cls). */
static AbcData *impl_arg(const char *fname, Value *args, int nargs, ObjTuple *kw)
{
    return args_check(fname, nargs, kw, 1, 1) < 0 ? NULL : get_impl(args[0]);
}

static Value m_get_dump(Value *args, int nargs, ObjTuple *kw)
{
    AbcData *d = impl_arg("_get_dump", args, nargs, kw);
    if (!d)
        return VNULL;
    Value reg = weakref_set(d->registry);
    Value cache = reg ? weakref_set(d->cache) : VNULL;
    Value neg = cache ? weakref_set(d->negative_cache) : VNULL;
    Value ver = neg ? int_from_u64(d->negative_version) : VNULL;
    return ver ? tuple_pack(4, reg, cache, neg, ver) : VNULL;
}

static Value m_reset_registry(Value *args, int nargs, ObjTuple *kw)
{
    AbcData *d = impl_arg("_reset_registry", args, nargs, kw);
    if (!d)
        return VNULL;
    if (d->registry)
        d->registry->len = 0;
    return NONE;
}

static Value m_reset_caches(Value *args, int nargs, ObjTuple *kw)
{
    AbcData *d = impl_arg("_reset_caches", args, nargs, kw);
    if (!d)
        return VNULL;
    if (d->cache)
        d->cache->len = 0;
    if (d->negative_cache)
        d->negative_cache->len = 0;
    return NONE;
}

static Value m_get_cache_token(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_cache_token", nargs, kw, 0, 0) < 0)
        return VNULL;
    return int_from_u64(invalidation_counter);
}

Value mod_abc_init(void)
{
    if (!s_abc_impl) {
        mod_type_ready(&type_abc_data, "_abc", NULL, "Internal state held by ABC machinery.");
        s_abc_impl = str_intern_cstr("_abc_impl");
        s_abstractmethods = str_intern_cstr("__abstractmethods__");
        s_abc_tpflags = str_intern_cstr("__abc_tpflags__");
        s_subclasshook = str_intern_cstr("__subclasshook__");
        s_subclasscheck = str_intern_cstr("__subclasscheck__");
        s_subclasses = str_intern_cstr("__subclasses__");
        s_bases = str_intern_cstr("__bases__");
    }
    Value m = module_new(str_intern_cstr("_abc"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Module contains faster C implementation of abc.ABCMeta"));
    module_add(mod, "_abc_data", OBJ_VAL(&type_abc_data));
    module_add_fn(mod, "_abc_init", m_abc_init);
    module_add_fn(mod, "_abc_register", m_abc_register);
    module_add_fn(mod, "_abc_instancecheck", m_abc_instancecheck);
    module_add_fn(mod, "_abc_subclasscheck", m_abc_subclasscheck);
    module_add_fn(mod, "_get_dump", m_get_dump);
    module_add_fn(mod, "_reset_registry", m_reset_registry);
    module_add_fn(mod, "_reset_caches", m_reset_caches);
    module_add_fn(mod, "get_cache_token", m_get_cache_token);
    return m;
}

