/* modules/_functools.c — the C half of CPython's Lib/functools.py:
 * partial, reduce, cmp_to_key (the KeyWrapper type) and
 * _lru_cache_wrapper, the cache behind functools.lru_cache and cache.
 *
 * partial keeps (func, args tuple, keywords dict) and, called, passes its
 * arguments and the call's in one array with a kwnames tuple, the way
 * every call in baton goes (vectorcall): no argument tuple or dict is
 * built unless both the partial and the call have keywords.
 *
 * The LRU cache follows CPython's three strategies: maxsize 0 only counts
 * misses, maxsize None is a plain dict key -> result, and a bounded cache
 * maps key -> link in a circular doubly linked list kept in recency order
 * (the oldest right after the root), reusing the oldest link on eviction.
 * Keys are CPython's: a lone int or str argument is its own key, else a
 * tuple of the arguments, a marker and the keyword pairs, and with typed
 * the argument types; so hits and misses count exactly as in CPython.
 * Everything runs under the GIL; the user function may re-enter the cache
 * (recursion), which the bounded path checks for after the call.
 */
#include "containers.h"
#include "gc.h"
#include "modsupport.h"
#include "modules.h"

typedef struct {
    Obj obj;
    Value fn;
    ObjTuple *args;
    ObjDict *kw;
    ObjDict *dict;   /* __dict__ (NULL until used) */
} ObjPartial;

typedef struct {
    Obj obj;
    Value cmp;
    Value obj_;      /* VNULL in the key function itself (cmp_to_key's result) */
} ObjKeyWrapper;

typedef struct LruLink {
    Obj obj;
    struct LruLink *prev, *next;
    Value key, result;
} LruLink;

typedef struct {
    Obj obj;
    Value func;
    ObjDict *cache;
    int64_t maxsize;     /* -1: unbounded, 0: no caching */
    bool typed;
    int64_t hits, misses;
    Value cache_info_type;
    ObjDict *dict;       /* __dict__ */
    LruLink root;        /* the list's sentinel (not an object of its own) */
} ObjLru;

static Type type_partial, type_keywrapper, type_lru, type_lrulink;
static Value kwd_mark; /* separates positional and keyword parts of a key */

#define AS_PARTIAL(v) ((ObjPartial *)AS_OBJ(v))

/* ---- partial --------------------------------------------------------------------- */

static bool callable(Value v) { return TYPE(v)->call != NULL; }

static Value partial_call(Value self, Value *args, int nargs, ObjTuple *kwnames);

static Value partial_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 1)
        return err_set(exc_TypeError, "type 'partial' takes at least one argument");
    Value fn = args[0];
    ObjTuple *pargs = NULL;
    ObjDict *pkw = NULL;
    /* a partial of a partial (any type that calls like one, with no
     * __dict__ of its own) is flattened into one */
    if (IS_OBJ(fn) && TYPE(fn)->call == partial_call && !AS_PARTIAL(fn)->dict) {
        pargs = AS_PARTIAL(fn)->args;
        pkw = AS_PARTIAL(fn)->kw;
        fn = AS_PARTIAL(fn)->fn;
    }
    if (!callable(fn))
        return err_set(exc_TypeError, "the first argument must be callable");
    int64_t np = pargs ? pargs->len : 0;
    Value a = tuple_new(np + nargs - 1);
    if (!a)
        return VNULL;
    if (np)
        memcpy(AS_TUPLE(a)->items, pargs->items, (size_t)np * sizeof(Value));
    if (nargs > 1)
        memcpy(AS_TUPLE(a)->items + np, args + 1, (size_t)(nargs - 1) * sizeof(Value));
    Value kw = pkw ? dict_copy(OBJ_VAL(pkw)) : dict_new();
    if (!kw)
        return VNULL;
    for (int64_t i = 0; kwnames && i < kwnames->len; i++)
        if (dict_set(kw, kwnames->items[i], args[nargs + i]) < 0)
            return VNULL;
    ObjPartial *p = (ObjPartial *)type_alloc(t, sizeof(ObjPartial));
    p->fn = fn;
    p->args = AS_TUPLE(a);
    p->kw = AS_DICT(kw);
    return OBJ_VAL(p);
}

/* Call with the partial's arguments first, then the call's; keywords of
 * the call override the partial's. */
static Value partial_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    ObjPartial *p = AS_PARTIAL(self);
    int64_t np = p->args->len;
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (np == 0 && p->kw->len == 0)
        return obj_call(p->fn, args, nargs, kwnames);
    int64_t pkw = p->kw->len;
    int64_t total = np + nargs + pkw + nkw;
    Value buf[16];
    Value *argv = buf;
    Value tmp = VNULL;
    if (total > 16) {
        tmp = tuple_new(total);
        if (!tmp)
            return VNULL;
        argv = AS_TUPLE(tmp)->items;
    }
    memcpy(argv, p->args->items, (size_t)np * sizeof(Value));
    if (nargs)
        memcpy(argv + np, args, (size_t)nargs * sizeof(Value));
    int64_t n = np + nargs;
    if (pkw == 0) { /* only the call's keywords */
        if (nkw)
            memcpy(argv + n, args + nargs, (size_t)nkw * sizeof(Value));
        Value r = obj_call(p->fn, argv, (int)n, kwnames);
        (void)tmp;
        return r;
    }
    /* the partial's keywords in their order (overridden values replaced),
     * then the call's new ones */
    int64_t nnew = 0;
    for (int j = 0; j < nkw; j++)
        if (!dict_get(OBJ_VAL(p->kw), kwnames->items[j]))
            nnew++;
    Value names = tuple_new(pkw + nnew);
    if (!names)
        return VNULL;
    int64_t k = 0, pos = 0;
    Value key, val;
    while (dict_next(p->kw, &pos, &key, &val)) {
        if (!IS_OBJ(key) || !STR_CHECK(key))
            return err_set(exc_TypeError, "keywords must be strings");
        for (int j = 0; j < nkw; j++)
            if (str_eq(AS_STR(kwnames->items[j]), AS_STR(key))) {
                val = args[nargs + j];
                break;
            }
        AS_TUPLE(names)->items[k] = OBJ_VAL(str_intern_obj(AS_STR(key)));
        argv[n + k++] = val;
    }
    for (int j = 0; j < nkw; j++) {
        Value name = kwnames->items[j];
        if (dict_get(OBJ_VAL(p->kw), name))
            continue;
        AS_TUPLE(names)->items[k] = name;
        argv[n + k++] = args[nargs + j];
    }
    return obj_call(p->fn, argv, (int)n, AS_TUPLE(names));
}

static Value partial_repr(Value self)
{
    ObjPartial *p = AS_PARTIAL(self);
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return str_from_cstr("...");
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "%s(", p->obj.type->name);
    if (sb_addv(&b, p->fn, true) < 0)
        goto fail;
    for (int64_t i = 0; i < p->args->len; i++) {
        sb_add(&b, ", ", 2);
        if (sb_addv(&b, p->args->items[i], true) < 0)
            goto fail;
    }
    int64_t pos = 0;
    Value key, val;
    while (dict_next(p->kw, &pos, &key, &val)) {
        sb_add(&b, ", ", 2);
        if (sb_addv(&b, key, false) < 0)
            goto fail;
        sb_addc(&b, '=');
        if (sb_addv(&b, val, true) < 0)
            goto fail;
    }
    sb_addc(&b, ')');
    repr_leave(self);
    return sb_finish(&b);
fail:
    sb_free(&b);
    repr_leave(self);
    return VNULL;
}

static Value m_partial_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("partial.__reduce__");
    ObjPartial *p = AS_PARTIAL(args[0]);
    Value fa = tuple_pack(1, p->fn);
    Value st = fa ? tuple_pack(4, p->fn, OBJ_VAL(p->args), OBJ_VAL(p->kw),
                               p->dict && p->dict->len ? OBJ_VAL(p->dict) : NONE)
                  : VNULL;
    return st ? tuple_pack(3, OBJ_VAL(p->obj.type), fa, st) : VNULL;
}

static Value m_partial_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("partial.__setstate__");
    ObjPartial *p = AS_PARTIAL(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st) || AS_TUPLE(st)->len != 4)
        return err_set(exc_TypeError, "invalid partial state");
    Value fn = AS_TUPLE(st)->items[0], fa = AS_TUPLE(st)->items[1];
    Value k = AS_TUPLE(st)->items[2], d = AS_TUPLE(st)->items[3];
    if (!callable(fn) || !TUPLE_CHECK(fa) || (k != NONE && !DICT_CHECK(k)) ||
        (d != NONE && !DICT_CHECK(d)))
        return err_set(exc_TypeError, "invalid partial state");
    if (!IS_TUPLE(fa) && !(fa = tuple_exact(fa)))
        return VNULL;
    if (k == NONE)
        k = dict_new();
    else if (!IS_DICT(k))
        k = dict_copy(k);
    if (!k)
        return VNULL;
    p->fn = fn;
    p->args = AS_TUPLE(fa);
    p->kw = AS_DICT(k);
    p->dict = d == NONE ? NULL : AS_DICT(d);
    return NONE;
}

static Value get_func(Value self) { return AS_PARTIAL(self)->fn; }
static Value get_args(Value self) { return OBJ_VAL(AS_PARTIAL(self)->args); }
static Value get_keywords(Value self) { return OBJ_VAL(AS_PARTIAL(self)->kw); }
static int set_readonly(Value self, Value v)
{
    (void)self, (void)v;
    err_set(exc_AttributeError, "readonly attribute");
    return -1;
}

/* __dict__ of the types that have one (partial, the LRU wrapper) */
static Value get_dict(Value self)
{
    ObjDict **ds = obj_dict_slot(self);
    if (!*ds)
        *ds = AS_DICT(dict_new());
    return OBJ_VAL(*ds);
}

static int set_dict(Value self, Value v)
{
    if (!v) {
        err_set(exc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!DICT_CHECK(v)) {
        err_format(exc_TypeError, "__dict__ must be set to a dictionary, not a '%T'", v);
        return -1;
    }
    *obj_dict_slot(self) = AS_DICT(v);
    return 0;
}

static void partial_trace(Obj *o)
{
    ObjPartial *p = (ObjPartial *)o;
    gc_mark(p->fn);
    gc_mark_obj(&p->args->obj);
    gc_mark_obj(&p->kw->obj);
    gc_mark_obj((Obj *)p->dict);
}

static const MethodDef partial_methods[] = {
    {"__reduce__", m_partial_reduce},
    {"__setstate__", m_partial_setstate},
    {NULL, NULL},
};

static Type type_partial = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "functools.partial",
    .flags = TF_BASETYPE | TF_WEAKREF,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjPartial),
    .dict_offset = offsetof(ObjPartial, dict),
    .tp_new = partial_tp_new,
    .trace = partial_trace,
    .repr = partial_repr,
    .call = partial_call,
};

/* ---- reduce ----------------------------------------------------------------------- */

static Value m_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("reduce", nargs, kw, 2, 3) < 0)
        return VNULL;
    Value it = obj_iter(args[1]);
    if (!it) {
        if (err_matches(exc_TypeError)) {
            err_clear();
            return err_set(exc_TypeError, "reduce() arg 2 must support iteration");
        }
        return VNULL;
    }
    Value acc = nargs > 2 ? args[2] : VNULL;
    for (;;) {
        Value x = obj_next(it);
        if (!x) {
            if (err_occurred())
                return VNULL;
            break;
        }
        if (!acc) {
            acc = x;
            continue;
        }
        acc = obj_call2(args[0], acc, x);
        if (!acc)
            return VNULL;
    }
    if (!acc)
        return err_set(exc_TypeError, "reduce() of empty iterable with no initial value");
    return acc;
}

/* ---- cmp_to_key ---------------------------------------------------------------------- */

#define AS_KEY(v) ((ObjKeyWrapper *)AS_OBJ(v))

static Value key_new(Value cmp, Value obj)
{
    ObjKeyWrapper *k = (ObjKeyWrapper *)gc_new(&type_keywrapper, sizeof(ObjKeyWrapper));
    k->cmp = cmp;
    k->obj_ = obj;
    return OBJ_VAL(k);
}

static Value key_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"obj", NULL};
    Value a[1];
    if (nargs > 1)
        return err_format(exc_TypeError, "K() takes at most 1 argument (%d given)", nargs);
    if (mod_parse("K", args, nargs, kwnames, params, 1, 1, a) < 0)
        return VNULL;
    return key_new(AS_KEY(self)->cmp, a[0]);
}

static Value key_richcmp(Value a, Value b, int op)
{
    if (!IS_TYPE_EXACT(b, &type_keywrapper))
        return err_set(exc_TypeError, "other argument must be K instance");
    ObjKeyWrapper *x = AS_KEY(a), *y = AS_KEY(b);
    if (!x->obj_ || !y->obj_)
        return err_set(exc_AttributeError, "object");
    Value r = obj_call2(x->cmp, x->obj_, y->obj_);
    if (!r)
        return VNULL;
    return obj_richcmp(r, MK_INT(0), op);
}

static int key_hash(Value self, int64_t *out)
{
    (void)out;
    err_format(exc_TypeError, "unhashable type: '%T'", self);
    return -1;
}

static Value get_key_obj(Value self)
{
    Value o = AS_KEY(self)->obj_;
    return o ? o : err_set(exc_AttributeError, "obj");
}

static int set_key_obj(Value self, Value v)
{
    AS_KEY(self)->obj_ = v;
    return 0;
}

static void key_trace(Obj *o)
{
    gc_mark(((ObjKeyWrapper *)o)->cmp);
    gc_mark(((ObjKeyWrapper *)o)->obj_);
}

static Type type_keywrapper = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "functools.KeyWrapper",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjKeyWrapper),
    .trace = key_trace,
    .hash = key_hash,
    .richcmp = key_richcmp,
    .call = key_call,
};

static Value m_cmp_to_key(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"mycmp", NULL};
    Value a[1];
    if (mod_parse("cmp_to_key", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    return key_new(a[0], VNULL);
}

/* ---- _lru_cache_wrapper ------------------------------------------------------------------ */

#define AS_LRU(v) ((ObjLru *)AS_OBJ(v))

static void link_trace(Obj *o)
{
    gc_mark(((LruLink *)o)->key);
    gc_mark(((LruLink *)o)->result);
}

static Type type_lrulink = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "functools._lru_list_elem",
    .kind = KIND_OTHER,
    .inst_size = sizeof(LruLink),
    .trace = link_trace,
};

static void link_unlink(LruLink *l)
{
    l->prev->next = l->next;
    l->next->prev = l->prev;
}

/* Newest at the end: just before the root. */
static void link_append(ObjLru *c, LruLink *l)
{
    LruLink *root = &c->root, *last = root->prev;
    last->next = l;
    root->prev = l;
    l->prev = last;
    l->next = root;
}

static Value lru_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"user_function", "maxsize", "typed", "cache_info_type",
                                         NULL};
    Value a[4];
    if (mod_parse("lru_cache", args, nargs, kwnames, params, 4, 4, a) < 0)
        return VNULL;
    if (!callable(a[0]))
        return err_set(exc_TypeError, "the first argument must be callable");
    int64_t maxsize = -1;
    if (a[1] != NONE) {
        if (!INT_CHECK(a[1]) && !(IS_OBJ(a[1]) && type_lookup(TYPE(a[1]), obj_names[N_index])))
            return err_set(exc_TypeError, "maxsize should be integer or None");
        if (obj_as_int64(a[1], &maxsize) < 0)
            return VNULL;
        if (maxsize < 0)
            maxsize = 0;
    }
    int typed = obj_truthy(a[2]);
    if (typed < 0)
        return VNULL;
    Value cache = dict_new();
    if (!cache)
        return VNULL;
    ObjLru *c = (ObjLru *)type_alloc(t, sizeof(ObjLru));
    c->func = a[0];
    c->cache = AS_DICT(cache);
    c->maxsize = maxsize;
    c->typed = typed;
    c->cache_info_type = a[3];
    c->root.prev = c->root.next = &c->root;
    return OBJ_VAL(c);
}

/* CPython's key: see the comment at the top. */
static Value make_key(ObjLru *c, Value *args, int nargs, ObjTuple *kwnames)
{
    int nkw = kwnames ? (int)kwnames->len : 0;
    if (!c->typed && !nkw) {
        if (nargs == 1 && (IS_ANYINT(args[0]) || IS_STR(args[0])))
            return args[0];
        return tuple_from(args, nargs);
    }
    int64_t size = nargs + (nkw ? 2 * nkw + 1 : 0) + (c->typed ? nargs + nkw : 0);
    Value key = tuple_new(size);
    if (!key)
        return VNULL;
    Value *k = AS_TUPLE(key)->items;
    int64_t pos = 0;
    for (int i = 0; i < nargs; i++)
        k[pos++] = args[i];
    if (nkw) {
        k[pos++] = kwd_mark;
        for (int i = 0; i < nkw; i++) {
            k[pos++] = kwnames->items[i];
            k[pos++] = args[nargs + i];
        }
    }
    if (c->typed) {
        for (int i = 0; i < nargs + nkw; i++)
            k[pos++] = OBJ_VAL(TYPE(args[i]));
    }
    return key;
}

static Value lru_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    ObjLru *c = AS_LRU(self);
    if (c->maxsize == 0) {
        c->misses++;
        return obj_call(c->func, args, nargs, kwnames);
    }
    Value key = make_key(c, args, nargs, kwnames);
    if (!key)
        return VNULL;
    Value found = dict_get(OBJ_VAL(c->cache), key);
    if (!found && err_occurred())
        return VNULL;
    if (c->maxsize < 0) {
        if (found) {
            c->hits++;
            return found;
        }
        c->misses++;
        Value r = obj_call(c->func, args, nargs, kwnames);
        if (!r || dict_set(OBJ_VAL(c->cache), key, r) < 0)
            return VNULL;
        return r;
    }
    if (found) {
        LruLink *l = (LruLink *)AS_OBJ(found);
        link_unlink(l);
        link_append(c, l);
        c->hits++;
        return l->result;
    }
    c->misses++;
    Value r = obj_call(c->func, args, nargs, kwnames);
    if (!r)
        return VNULL;
    /* the call may have cached this key itself (recursion) */
    Value again = dict_get(OBJ_VAL(c->cache), key);
    if (again)
        return r;
    if (err_occurred())
        return VNULL;
    LruLink *l;
    if (c->cache->len < c->maxsize || c->root.next == &c->root) {
        l = (LruLink *)gc_new(&type_lrulink, sizeof(LruLink));
    } else {
        /* full: reuse the oldest link for the new entry */
        l = c->root.next;
        link_unlink(l);
        Value old = dict_pop(OBJ_VAL(c->cache), l->key, NONE);
        if (!old)
            return VNULL;
    }
    l->key = key;
    l->result = r;
    if (dict_set(OBJ_VAL(c->cache), key, OBJ_VAL(l)) < 0)
        return VNULL;
    link_append(c, l);
    return r;
}

static Value lru_get(Value self, Value obj, Value type)
{
    (void)type;
    if (!obj || obj == NONE)
        return self;
    return boundmethod_new(obj, self);
}

static Value m_cache_info(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("cache_info");
    ObjLru *c = AS_LRU(args[0]);
    Value a[4] = {int_from_i64(c->hits), int_from_i64(c->misses),
                  c->maxsize < 0 ? NONE : MK_INT(c->maxsize), MK_INT(c->cache->len)};
    return obj_call(c->cache_info_type, a, 4, NULL);
}

static Value m_cache_clear(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("cache_clear");
    ObjLru *c = AS_LRU(args[0]);
    c->root.prev = c->root.next = &c->root;
    c->hits = c->misses = 0;
    dict_clear(OBJ_VAL(c->cache));
    return NONE;
}

static Value m_lru_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__reduce__");
    return obj_getattr(args[0], obj_names[N_qualname]);
}

static Value m_lru_copy(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__copy__");
    return args[0];
}

static Value m_lru_deepcopy(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("__deepcopy__");
    return args[0];
}

static void lru_trace(Obj *o)
{
    ObjLru *c = (ObjLru *)o;
    gc_mark(c->func);
    gc_mark_obj(&c->cache->obj);
    gc_mark(c->cache_info_type);
    gc_mark_obj((Obj *)c->dict);
}

static const MethodDef lru_methods[] = {
    {"cache_info", m_cache_info},
    {"cache_clear", m_cache_clear},
    {"__reduce__", m_lru_reduce},
    {"__copy__", m_lru_copy},
    {"__deepcopy__", m_lru_deepcopy},
    {NULL, NULL},
};

static Type type_lru = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "functools._lru_cache_wrapper",
    .flags = TF_WEAKREF,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjLru),
    .dict_offset = offsetof(ObjLru, dict),
    .tp_new = lru_tp_new,
    .trace = lru_trace,
    .call = lru_call,
    .descr_get = lru_get,
};

/* ---- the module ------------------------------------------------------------------------- */

static const char partial_doc[] =
    "partial(func, *args, **keywords) - new function with partial application\n"
    "    of the given arguments and keywords.\n";
static const char lru_doc[] =
    "Create a cached callable that wraps another function.\n\n"
    "user_function:      the function being cached\n\n"
    "maxsize:  0         for no caching\n"
    "          None      for unlimited cache size\n"
    "          n         for a bounded cache\n\n"
    "typed:    False     cache f(3) and f(3.0) as identical calls\n"
    "          True      cache f(3) and f(3.0) as distinct calls\n\n"
    "cache_info_type:    namedtuple class with the fields:\n"
    "                        hits misses currsize maxsize\n";

/* In CPython 3.11 these are heap types: __module__ is in their dict. */
static void ready_heaplike(Type *t, const MethodDef *methods, const char *doc)
{
    mod_type_ready(t, "functools", methods, doc);
    dict_set_str(t->dict, obj_names[N_module], OBJ_VAL(t->module));
    if (t->dict_offset)
        dict_set_str(t->dict, obj_names[N_dict], getset_descr_new(t, "__dict__", get_dict, set_dict));
}

Value mod_functools_init(void)
{
    if (!kwd_mark) {
        ready_heaplike(&type_partial, partial_methods, partial_doc);
        dict_set_str(type_partial.dict, str_intern_cstr("func"),
                     getset_descr_new(&type_partial, "func", get_func, set_readonly));
        dict_set_str(type_partial.dict, str_intern_cstr("args"),
                     getset_descr_new(&type_partial, "args", get_args, set_readonly));
        dict_set_str(type_partial.dict, str_intern_cstr("keywords"),
                     getset_descr_new(&type_partial, "keywords", get_keywords, set_readonly));
        mod_add_class_getitem(&type_partial);
        ready_heaplike(&type_keywrapper, NULL, NULL);
        dict_set_str(type_keywrapper.dict, str_intern_cstr("obj"),
                     getset_descr_new(&type_keywrapper, "obj", get_key_obj, set_key_obj));
        ready_heaplike(&type_lru, lru_methods, lru_doc);
        ready_heaplike(&type_lrulink, NULL, NULL);
        kwd_mark = OBJ_VAL(gc_new(&type_object, sizeof(ObjInstance)));
        gc_add_root_value(&kwd_mark);
    }
    Value m = module_new(str_intern_cstr("_functools"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Tools that operate on functions."));
    module_add(mod, "partial", OBJ_VAL(&type_partial));
    module_add(mod, "_lru_cache_wrapper", OBJ_VAL(&type_lru));
    module_add_fn(mod, "reduce", m_reduce);
    module_add_fn(mod, "cmp_to_key", m_cmp_to_key);
    return m;
}
