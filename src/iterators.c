/* iterators.c — the lazy iterator builtins: enumerate, zip, map, filter,
 * reversed, and iter(callable, sentinel).
 *
 * Each holds the iterators it pulls from and pulls one item per next();
 * nothing is materialised.  Exhaustion is "VNULL without an exception", as
 * for every next slot; an exhausted iterator drops what it held so it
 * stays exhausted.  reversed() has fast paths for list, tuple and range
 * and otherwise uses __reversed__ or the __len__/__getitem__ protocol.
 */
#include "containers.h"
#include "gc.h"
#include "objcore.h"
#include "vm.h"

Value iterators_self(Value self) { return self; }

Value iterators_m_next(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("__next__", nargs - 1, kwnames, 0, 0) < 0) return VNULL;
    /* the built-in's own slot: a subclass overriding __next__ reaches it
     * through super().__next__() */
    Type *bt = type_builtin_base(TYPE(args[0]));
    Value v = bt->next ? bt->next(args[0]) : obj_next_raw(args[0]);
    if (!v && !err_occurred()) return err_set_value(OBJ_VAL(exc_StopIteration));
    return v;
}

Value iterators_m_iter(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("__iter__", nargs - 1, kwnames, 0, 0) < 0) return VNULL;
    return args[0];
}

static const MethodDef iter_methods[] = {
    ITERATOR_METHODS,
    {NULL, NULL},
};

static inline Value next_of(Value it)
{
    Value (*nx)(Value) = TYPE(it)->next;
    return nx ? nx(it) : obj_next_raw(it);
}

static int no_kwargs(const char *name, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

/* ---- enumerate ------------------------------------------------------------ */

typedef struct { Obj obj; Value it; Value count; } ObjEnumerate;

static Value enumerate_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    
    static const char *const params[] = {"iterable", "start", NULL};
    Value out[2];
    if (args_parse("enumerate", args, nargs, kwnames, params, 1, 2, out) < 0) return VNULL;
    Value start = MK_INT(0);
    if (out[1]) {
        start = obj_index(out[1]);
        if (!start) return VNULL;
    }
    Value it = obj_iter(out[0]);
    if (!it) return VNULL;
    ObjEnumerate *e = (ObjEnumerate *)type_alloc(t, sizeof(ObjEnumerate));
    if (!e) return err_no_memory();
    e->it = it;
    e->count = start;
    return OBJ_VAL(e);
}

static void enumerate_trace(Obj *o)
{
    ObjEnumerate *e = (ObjEnumerate *)o;
    gc_mark(e->it);
    gc_mark(e->count);
}

static Value enumerate_next(Value self)
{
    ObjEnumerate *e = (ObjEnumerate *)AS_OBJ(self);
    if (!e->it) return VNULL;
    Value v = next_of(e->it);
    if (!v) {
        if (!err_occurred()) e->it = VNULL;
        return VNULL;
    }
    Value c = e->count;
    if (LIKELY(IS_INT(c) && AS_INT(c) < SMALLINT_MAX)) e->count = MK_INT(AS_INT(c) + 1);
    else {
        Value n = int_add(c, MK_INT(1));
        if (!n) return VNULL;
        e->count = n;
    }
    return tuple_pack(2, c, v);
}

Type type_enumerate = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "enumerate",
    .base = &type_object,
    .inst_size = sizeof(ObjEnumerate),
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE,
    .tp_new = enumerate_tp_new,
    .trace = enumerate_trace,
    .iter = iterators_self,
    .next = enumerate_next,
};

/* ---- zip ----------------------------------------------------------------- */

typedef struct { Obj obj; ObjTuple *its; bool strict; bool done; } ObjZip;

static ObjStr *s_strict;

static Value zip_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    
    bool strict = false;
    if (kwnames) {
        for (int64_t i = 0; i < kwnames->len; i++) {
            Value k = kwnames->items[i];
            if (k != OBJ_VAL(s_strict) && !(IS_STR(k) && str_eq(AS_STR(k), s_strict)))
                return err_format(exc_TypeError, "zip() got an unexpected keyword argument '%S'", k);
            int tr = obj_truthy(args[nargs + i]);
            if (tr < 0) return VNULL;
            strict = tr;
        }
    }
    Value its = tuple_new(nargs);
    if (!its) return VNULL;
    for (int i = 0; i < nargs; i++) {
        Value it = obj_iter(args[i]);
        if (!it) return VNULL;
        AS_TUPLE(its)->items[i] = it;
    }
    ObjZip *z = (ObjZip *)type_alloc(t, sizeof(ObjZip));
    if (!z) return err_no_memory();
    z->its = AS_TUPLE(its);
    z->strict = strict;
    return OBJ_VAL(z);
}

static void zip_trace(Obj *o) { gc_mark_obj((Obj *)((ObjZip *)o)->its); }

static Value zip_strict_error(int64_t i, bool shorter)
{
    if (i == 1)
        return err_format(exc_ValueError, "zip() argument 2 is %s than argument 1",
                          shorter ? "shorter" : "longer");
    return err_format(exc_ValueError, "zip() argument %lld is %s than arguments 1-%lld",
                      (long long)(i + 1), shorter ? "shorter" : "longer", (long long)i);
}

static Value zip_next(Value self)
{
    ObjZip *z = (ObjZip *)AS_OBJ(self);
    int64_t n = z->its->len;
    if (z->done || n == 0) return VNULL;
    Value r = tuple_new(n);
    if (!r) return VNULL;
    for (int64_t i = 0; i < n; i++) {
        Value v = next_of(z->its->items[i]);
        if (!v) {
            if (err_occurred()) return VNULL;
            z->done = true;
            if (!z->strict) return VNULL;
            if (i > 0) return zip_strict_error(i, true);
            for (int64_t j = 1; j < n; j++) {
                Value w = next_of(z->its->items[j]);
                if (w) return zip_strict_error(j, false);
                if (err_occurred()) return VNULL;
            }
            return VNULL;
        }
        AS_TUPLE(r)->items[i] = v;
    }
    return r;
}

Type type_zip = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "zip",
    .base = &type_object,
    .inst_size = sizeof(ObjZip),
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE,
    .tp_new = zip_tp_new,
    .trace = zip_trace,
    .iter = iterators_self,
    .next = zip_next,
};

/* ---- map ------------------------------------------------------------------ */

typedef struct { Obj obj; Value func; ObjTuple *its; bool done; } ObjMap;

static Value map_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    
    if (no_kwargs("map", kwnames) < 0) return VNULL;
    if (nargs < 2) return err_set(exc_TypeError, "map() must have at least two arguments.");
    Value its = tuple_new(nargs - 1);
    if (!its) return VNULL;
    for (int i = 1; i < nargs; i++) {
        Value it = obj_iter(args[i]);
        if (!it) return VNULL;
        AS_TUPLE(its)->items[i - 1] = it;
    }
    ObjMap *m = (ObjMap *)type_alloc(t, sizeof(ObjMap));
    if (!m) return err_no_memory();
    m->func = args[0];
    m->its = AS_TUPLE(its);
    return OBJ_VAL(m);
}

static void map_trace(Obj *o)
{
    ObjMap *m = (ObjMap *)o;
    gc_mark(m->func);
    gc_mark_obj((Obj *)m->its);
}

static Value map_next(Value self)
{
    ObjMap *m = (ObjMap *)AS_OBJ(self);
    if (m->done) return VNULL;
    int64_t n = m->its->len;
    if (n == 1) {
        Value v = next_of(m->its->items[0]);
        if (!v) {
            if (!err_occurred()) m->done = true;
            return VNULL;
        }
        return obj_call1(m->func, v);
    }
    /* the arguments live in a tuple so the GC sees them during the call */
    Value argt = tuple_new(n);
    if (!argt) return VNULL;
    for (int64_t i = 0; i < n; i++) {
        Value v = next_of(m->its->items[i]);
        if (!v) {
            if (!err_occurred()) m->done = true;
            return VNULL;
        }
        AS_TUPLE(argt)->items[i] = v;
    }
    if (n > INT32_MAX) return err_set(exc_OverflowError, "too many arguments");
    return obj_call(m->func, AS_TUPLE(argt)->items, (int)n, NULL);
}

Type type_map = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "map",
    .base = &type_object,
    .inst_size = sizeof(ObjMap),
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE,
    .tp_new = map_tp_new,
    .trace = map_trace,
    .iter = iterators_self,
    .next = map_next,
};

/* ---- filter --------------------------------------------------------------- */

typedef struct { Obj obj; Value func; Value it; } ObjFilter;

static Value filter_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    
    if (no_kwargs("filter", kwnames) < 0) return VNULL;
    if (nargs != 2) return err_format(exc_TypeError, "filter expected 2 arguments, got %d", nargs);
    Value it = obj_iter(args[1]);
    if (!it) return VNULL;
    ObjFilter *f = (ObjFilter *)type_alloc(t, sizeof(ObjFilter));
    if (!f) return err_no_memory();
    f->func = args[0];
    f->it = it;
    return OBJ_VAL(f);
}

static void filter_trace(Obj *o)
{
    ObjFilter *f = (ObjFilter *)o;
    gc_mark(f->func);
    gc_mark(f->it);
}

static Value filter_next(Value self)
{
    ObjFilter *f = (ObjFilter *)AS_OBJ(self);
    if (!f->it) return VNULL;
    for (;;) {
        Value v = next_of(f->it);
        if (!v) {
            if (!err_occurred()) f->it = VNULL;
            return VNULL;
        }
        int ok;
        if (IS_NONE(f->func) || f->func == OBJ_VAL(&type_bool)) {
            ok = obj_truthy(v);
        } else {
            Value r = obj_call1(f->func, v);
            if (!r) return VNULL;
            ok = obj_truthy(r);
        }
        if (ok < 0) return VNULL;
        if (ok) return v;
    }
}

Type type_filter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "filter",
    .base = &type_object,
    .inst_size = sizeof(ObjFilter),
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE,
    .tp_new = filter_tp_new,
    .trace = filter_trace,
    .iter = iterators_self,
    .next = filter_next,
};

/* ---- reversed -------------------------------------------------------------- */

/* ObjSeqIter layout: seq, index counting down; seq VNULL when exhausted. */

static ObjStr *s_reversed;

static Value reversed_of(Type *t, Value seq)
{
    if (IS_LIST(seq)) {
        ObjSeqIter *it = (ObjSeqIter *)gc_new(&type_listreviter, sizeof(ObjSeqIter));
        if (!it) return err_no_memory();
        it->seq = seq;
        it->index = AS_LIST(seq)->len - 1;
        it->step = -1;
        return OBJ_VAL(it);
    }
    /* step 0 marks a range with big-int bounds: its __reversed__ below */
    if (IS_RANGE(seq) && AS_RANGE(seq)->step != 0 && t == &type_reversed) {
        ObjRange *r = AS_RANGE(seq);
        ObjSeqIter *it = (ObjSeqIter *)gc_new(&type_rangeiter, sizeof(ObjSeqIter));
        if (!it) return err_no_memory();
        it->seq = seq;
        it->end = r->len;
        it->index = (int64_t)((uint64_t)r->start + (uint64_t)(r->len - 1) * (uint64_t)r->step);
        it->step = (int64_t)(0 - (uint64_t)r->step);
        return OBJ_VAL(it);
    }
    int64_t len;
    if (!IS_TUPLE(seq) && !IS_STR(seq) && !IS_BYTES(seq)) {
        Type *t = TYPE(seq);
        if (!s_reversed) s_reversed = str_intern_cstr("__reversed__");
        Value m = type_lookup(t, s_reversed);
        if (m) {
            if (IS_NONE(m)) return err_format(exc_TypeError, "'%T' object is not reversible", seq);
            return obj_call_method(seq, s_reversed, NULL, 0);
        }
        if (!t->getitem || !t->len || IS_DICT(seq) || IS_ANYSET(seq))
            return err_format(exc_TypeError, "'%T' object is not reversible", seq);
    }
    len = obj_len(seq);
    if (len < 0) return VNULL;
    ObjSeqIter *it = (ObjSeqIter *)type_alloc(t, sizeof(ObjSeqIter));
    if (!it) return err_no_memory();
    it->seq = seq;
    it->index = len - 1;
    it->step = -1;
    return OBJ_VAL(it);
}

Value iterators_reversed(Value seq) { return reversed_of(&type_reversed, seq); }

static Value reversed_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (no_kwargs("reversed", kwnames) < 0) return VNULL;
    if (nargs != 1) return err_format(exc_TypeError, "reversed expected 1 argument, got %d", nargs);
    return reversed_of(t, args[0]);
}

static void reversed_trace(Obj *o) { gc_mark(((ObjSeqIter *)o)->seq); }

static Value reversed_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    if (!it->seq || it->index < 0) { it->seq = VNULL; return VNULL; }
    Value seq = it->seq;
    if (IS_TUPLE(seq)) {
        if (it->index < AS_TUPLE(seq)->len) return AS_TUPLE(seq)->items[it->index--];
        it->seq = VNULL;
        return VNULL;
    }
    Value v = obj_getitem(seq, MK_INT(it->index));
    if (!v) {
        if (err_matches(exc_IndexError) || err_matches(exc_StopIteration)) {
            err_clear();
            it->seq = VNULL;
        }
        return VNULL;
    }
    it->index--;
    return v;
}

static Value m_reversed_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1) return err_set(exc_TypeError, "__length_hint__ needs an argument");
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(args[0]);
    return MK_INT(it->seq && it->index >= 0 ? it->index + 1 : 0);
}

static const MethodDef reversed_methods[] = {
    ITERATOR_METHODS,
    {"__length_hint__", m_reversed_length_hint},
    {NULL, NULL},
};

Type type_reversed = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "reversed",
    .base = &type_object,
    .inst_size = sizeof(ObjSeqIter),
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE,
    .tp_new = reversed_tp_new,
    .trace = reversed_trace,
    .iter = iterators_self,
    .next = reversed_next,
};

/* ---- iter(callable, sentinel) ----------------------------------------------- */

typedef struct { Obj obj; Value func; Value sentinel; } ObjCallIter;

Value iterators_callable_iter(Value callable, Value sentinel)
{
    ObjCallIter *c = (ObjCallIter *)gc_new(&type_callable_iterator, sizeof(ObjCallIter));
    if (!c) return err_no_memory();
    c->func = callable;
    c->sentinel = sentinel;
    return OBJ_VAL(c);
}

static void calliter_trace(Obj *o)
{
    ObjCallIter *c = (ObjCallIter *)o;
    gc_mark(c->func);
    gc_mark(c->sentinel);
}

static Value calliter_next(Value self)
{
    ObjCallIter *c = (ObjCallIter *)AS_OBJ(self);
    if (!c->func) return VNULL;
    Value v = obj_call0(c->func);
    if (!v) {
        if (err_matches(exc_StopIteration)) {
            err_clear();
            c->func = VNULL;
        }
        return VNULL;
    }
    int eq = obj_eq(v, c->sentinel);
    if (eq < 0) return VNULL;
    if (eq) {
        c->func = VNULL;
        c->sentinel = VNULL;
        return VNULL;
    }
    return v;
}

Type type_callable_iterator = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "callable_iterator",
    .base = &type_object,
    .inst_size = sizeof(ObjCallIter),
    .kind = KIND_OTHER,
    .trace = calliter_trace,
    .iter = iterators_self,
    .next = calliter_next,
};

void iterators_init(void)
{
    s_strict = str_intern_cstr("strict");
    s_reversed = str_intern_cstr("__reversed__");
    gc_add_root_obj((Obj **)&s_strict);
    gc_add_root_obj((Obj **)&s_reversed);
    type_ready(&type_enumerate, iter_methods);
    type_ready(&type_zip, iter_methods);
    type_ready(&type_map, iter_methods);
    type_ready(&type_filter, iter_methods);
    type_ready(&type_reversed, reversed_methods);
    type_ready(&type_callable_iterator, iter_methods);
}
