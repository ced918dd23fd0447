/* modules/itertools.c — the itertools module: CPython 3.11's iterator
 * types in C, each a real type (type(count()) is itertools.count) with
 * CPython's reprs, argument errors and the __reduce__ / __setstate__
 * protocol that 3.11 still has for pickling and copying iterators.
 *
 * Every type follows the same plan: a struct, a tp_new that parses the
 * arguments (allocating with type_alloc, so script subclasses get their
 * layout), a next slot (VNULL with no exception set means exhausted), a
 * trace slot, and __reduce__ / __setstate__ methods.  The algorithms are
 * CPython's, step for step where the order of calls into user code can be
 * seen (groupby's key calls, tee's shared buffer, islice's consumption).
 * The combinatoric iterators keep their index arrays in mem_alloc'd
 * memory (plain integers, nothing for the collector to trace).
 */
#include "complexobj.h"
#include "containers.h"
#include "gc.h"
#include "modsupport.h"
#include "modules.h"

/* ---- shared helpers ---------------------------------------------------------------- */

/* CPython's _PyArg_CheckPositional: "f expected 2 arguments, got 1". */
static int check_count(const char *name, int nargs, int min, int max)
{
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max)
        err_format(exc_TypeError, "%s expected %d argument%s, got %d", name, min, min == 1 ? "" : "s",
                   nargs);
    else if (nargs < min)
        err_format(exc_TypeError, "%s expected at least %d argument%s, got %d", name, min,
                   min == 1 ? "" : "s", nargs);
    else
        err_format(exc_TypeError, "%s expected at most %d argument%s, got %d", name, max,
                   max == 1 ? "" : "s", nargs);
    return -1;
}

/* The exact type rejects keywords (a subclass may take them in __init__). */
static int no_kw(Type *t, Type *exact, const char *name, ObjTuple *kw)
{
    if (t == exact && kw && kw->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

static Value state_not_tuple(void) { return err_set(exc_TypeError, "state is not a tuple"); }
static Value invalid_arguments(void) { return err_set(exc_ValueError, "invalid arguments"); }

/* (type(self), args) and (type(self), args, state) */
static Value reduce2(Value self, Value args)
{
    return args ? tuple_pack(2, OBJ_VAL(TYPE(self)), args) : VNULL;
}

static Value reduce3(Value self, Value args, Value state)
{
    return args && state ? tuple_pack(3, OBJ_VAL(TYPE(self)), args, state) : VNULL;
}

/* A tuple of C indices. */
static Value index_tuple(const int64_t *a, int64_t n)
{
    Value t = tuple_new(n);
    if (!t)
        return VNULL;
    for (int64_t i = 0; i < n; i++)
        AS_TUPLE(t)->items[i] = int_from_i64(a[i]);
    return t;
}

/* An item of a __setstate__ tuple as a C integer (PyLong_AsSsize_t). */
static int state_index(Value v, int64_t *out)
{
    return mod_long_ssize(v, out);
}

#define ITER_TYPE(cname, pyname, size, newfn, tracefn, nextfn, ...)     \
    static Type cname = {                                               \
        .obj = STATIC_OBJ_HEAD(&type_type),                             \
        .name = "itertools." pyname,                                    \
        .flags = TF_BASETYPE,                                           \
        .kind = KIND_OTHER,                                             \
        .inst_size = sizeof(size),                                      \
        .tp_new = newfn,                                                \
        .trace = tracefn,                                               \
        .iter = iterators_self,                                         \
        .next = nextfn,                                                 \
        __VA_ARGS__                                                     \
    }

/* ---- count --------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    int64_t cnt;     /* fast mode: the next value; INT64_MAX: slow mode */
    Value long_cnt;  /* slow mode: the next value */
    Value step;
} ObjCount;

static Type type_count;
#define SLOW INT64_MAX

static bool is_number(Value v)
{
    if (IS_INT(v) || IS_FLOAT(v) || IS_BIGINT(v) || IS_COMPLEX_ANY(v))
        return true;
    Type *t = TYPE(v);
    return t->nb_int || t->nb_float || type_lookup(t, obj_names[N_index]);
}

static Value count_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"start", "step", NULL};
    Value a[2];
    if (mod_parse("count", args, nargs, kw, params, 0, 2, a) < 0)
        return VNULL;
    if ((a[0] && !is_number(a[0])) || (a[1] && !is_number(a[1])))
        return err_set(exc_TypeError, "a number is required");
    ObjCount *c = (ObjCount *)type_alloc(t, sizeof(ObjCount));
    Value start = a[0] ? a[0] : MK_INT(0), step = a[1] ? a[1] : MK_INT(1);
    /* fast mode: an int start that fits and a step of exactly 1 */
    int64_t cnt = 0;
    bool fast = (step == MK_INT(1) || step == TRUE_V) && INT_CHECK(start);
    if (fast && (mod_long_ssize(start, &cnt) < 0 || cnt == SLOW)) {
        err_clear();
        fast = false;
    }
    c->cnt = fast ? cnt : SLOW;
    c->long_cnt = fast ? VNULL : start;
    c->step = step;
    return OBJ_VAL(c);
}

static Value count_next(Value self)
{
    ObjCount *c = (ObjCount *)AS_OBJ(self);
    if (LIKELY(c->cnt != SLOW)) {
        Value r = LIKELY(FITS_SMALLINT(c->cnt)) ? MK_INT(c->cnt) : int_from_i64(c->cnt);
        if (++c->cnt == SLOW) /* at a C ssize_t's end: go on in slow mode, as CPython */
            c->long_cnt = int_from_i64(SLOW);
        return r;
    }
    Value r = c->long_cnt;
    Value n = obj_binop(r, c->step, NB_ADD);
    if (!n)
        return VNULL;
    c->long_cnt = n;
    return r;
}

static Value count_repr(Value self)
{
    ObjCount *c = (ObjCount *)AS_OBJ(self);
    const char *name = TYPE(self)->name_str->data;
    if (c->cnt != SLOW)
        return str_printf("%s(%lld)", name, (long long)c->cnt);
    Value cr = obj_repr(c->long_cnt);
    if (!cr)
        return VNULL;
    if (c->step == MK_INT(1) || c->step == TRUE_V)
        return str_printf("%s(%s)", name, AS_STR(cr)->data);
    Value sr = obj_repr(c->step);
    return sr ? str_printf("%s(%s, %s)", name, AS_STR(cr)->data, AS_STR(sr)->data) : VNULL;
}

static Value m_count_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("count.__reduce__");
    ObjCount *c = (ObjCount *)AS_OBJ(args[0]);
    if (c->cnt != SLOW)
        return reduce2(args[0], tuple_pack(1, int_from_i64(c->cnt)));
    return reduce2(args[0], tuple_pack(2, c->long_cnt, c->step));
}

static void count_trace(Obj *o)
{
    gc_mark(((ObjCount *)o)->long_cnt);
    gc_mark(((ObjCount *)o)->step);
}

static const MethodDef count_methods[] = {{"__reduce__", m_count_reduce}, {NULL, NULL}};
ITER_TYPE(type_count, "count", ObjCount, count_new, count_trace, count_next, .repr = count_repr);

/* ---- cycle ----------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value it;       /* VNULL once exhausted */
    Value saved;    /* list */
    int64_t index;
    bool firstpass;
} ObjCycle;

static Type type_cycle;

static Value cycle_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (no_kw(t, &type_cycle, "cycle", kw) < 0 || check_count("cycle", nargs, 1, 1) < 0)
        return VNULL;
    Value it = obj_iter(args[0]);
    Value saved = it ? list_new(0) : VNULL;
    if (!saved)
        return VNULL;
    ObjCycle *c = (ObjCycle *)type_alloc(t, sizeof(ObjCycle));
    c->it = it;
    c->saved = saved;
    return OBJ_VAL(c);
}

static Value cycle_next(Value self)
{
    ObjCycle *c = (ObjCycle *)AS_OBJ(self);
    if (c->it) {
        Value x = obj_next(c->it);
        if (x) {
            if (!c->firstpass && list_append(c->saved, x) < 0)
                return VNULL;
            return x;
        }
        if (err_occurred())
            return VNULL;
        c->it = VNULL;
    }
    ObjList *l = AS_LIST(c->saved);
    if (l->len == 0)
        return VNULL;
    if (c->index >= l->len)
        c->index = 0;
    Value x = l->items[c->index++];
    if (c->index >= l->len)
        c->index = 0;
    return x;
}

static Value m_cycle_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("cycle.__reduce__");
    ObjCycle *c = (ObjCycle *)AS_OBJ(args[0]);
    if (!c->it) { /* an iterator over the saved items, at the current index */
        Value it = obj_iter(c->saved);
        for (int64_t i = 0; it && i < c->index; i++)
            if (!obj_next(it) && err_occurred())
                return VNULL;
        return it ? reduce3(args[0], tuple_pack(1, it), tuple_pack(2, c->saved, TRUE_V)) : VNULL;
    }
    return reduce3(args[0], tuple_pack(1, c->it), tuple_pack(2, c->saved, BOOL_V(c->firstpass)));
}

static Value m_cycle_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("cycle.__setstate__");
    ObjCycle *c = (ObjCycle *)AS_OBJ(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st))
        return state_not_tuple();
    if (AS_TUPLE(st)->len != 2)
        return err_format(exc_TypeError, "function takes exactly 2 arguments (%lld given)",
                          (long long)AS_TUPLE(st)->len);
    Value saved = AS_TUPLE(st)->items[0];
    if (!LIST_CHECK(saved))
        return err_format(exc_TypeError, "argument 1 must be list, not %T", saved);
    int64_t fp;
    if (mod_index_ssize(AS_TUPLE(st)->items[1], &fp) < 0)
        return VNULL;
    c->saved = saved;
    c->firstpass = fp != 0;
    c->index = 0;
    return NONE;
}

static void cycle_trace(Obj *o)
{
    gc_mark(((ObjCycle *)o)->it);
    gc_mark(((ObjCycle *)o)->saved);
}

static const MethodDef cycle_methods[] = {
    {"__reduce__", m_cycle_reduce}, {"__setstate__", m_cycle_setstate}, {NULL, NULL}};
ITER_TYPE(type_cycle, "cycle", ObjCycle, cycle_new, cycle_trace, cycle_next);

/* ---- repeat ------------------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    Value element;
    int64_t cnt;    /* -1: forever */
} ObjRepeat;

static Value repeat_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"object", "times", NULL};
    Value a[2];
    if (mod_parse("repeat", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    int64_t cnt = -1;
    if (a[1]) {
        if (mod_index_ssize(a[1], &cnt) < 0)
            return VNULL;
        if (cnt < 0)
            cnt = 0;
    }
    ObjRepeat *r = (ObjRepeat *)type_alloc(t, sizeof(ObjRepeat));
    r->element = a[0];
    r->cnt = cnt;
    return OBJ_VAL(r);
}

static Value repeat_next(Value self)
{
    ObjRepeat *r = (ObjRepeat *)AS_OBJ(self);
    if (r->cnt == 0)
        return VNULL;
    if (r->cnt > 0)
        r->cnt--;
    return r->element;
}

static Value repeat_repr(Value self)
{
    ObjRepeat *r = (ObjRepeat *)AS_OBJ(self);
    Value er = obj_repr(r->element);
    if (!er)
        return VNULL;
    if (r->cnt == -1)
        return str_printf("%s(%s)", TYPE(self)->name_str->data, AS_STR(er)->data);
    return str_printf("%s(%s, %lld)", TYPE(self)->name_str->data, AS_STR(er)->data,
                      (long long)r->cnt);
}

static Value m_repeat_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("repeat.__length_hint__");
    ObjRepeat *r = (ObjRepeat *)AS_OBJ(args[0]);
    if (r->cnt == -1)
        return err_set(exc_TypeError, "len() of unsized object");
    return int_from_i64(r->cnt);
}

static Value m_repeat_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("repeat.__reduce__");
    ObjRepeat *r = (ObjRepeat *)AS_OBJ(args[0]);
    if (r->cnt == -1)
        return reduce2(args[0], tuple_pack(1, r->element));
    return reduce2(args[0], tuple_pack(2, r->element, int_from_i64(r->cnt)));
}

static void repeat_trace(Obj *o) { gc_mark(((ObjRepeat *)o)->element); }

static const MethodDef repeat_methods[] = {
    {"__length_hint__", m_repeat_length_hint}, {"__reduce__", m_repeat_reduce}, {NULL, NULL}};
ITER_TYPE(type_repeat, "repeat", ObjRepeat, repeat_new, repeat_trace, repeat_next, .repr = repeat_repr);

/* ---- accumulate --------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value it;
    Value binop;    /* None: + */
    Value total;    /* VNULL before the first item */
    Value initial;  /* None once used */
} ObjAccumulate;

static Type type_islice, type_chain;

static Value accumulate_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"iterable", "func", "initial", NULL};
    Value a[3];
    if (nargs > 2)
        return err_format(exc_TypeError, "accumulate() takes at most 2 positional arguments (%d given)",
                          nargs);
    if (mod_parse("accumulate", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    Value it = obj_iter(a[0]);
    if (!it)
        return VNULL;
    ObjAccumulate *c = (ObjAccumulate *)type_alloc(t, sizeof(ObjAccumulate));
    c->it = it;
    c->binop = a[1] ? a[1] : NONE;
    c->initial = a[2] ? a[2] : NONE;
    return OBJ_VAL(c);
}

static Value accumulate_next(Value self)
{
    ObjAccumulate *c = (ObjAccumulate *)AS_OBJ(self);
    if (c->initial != NONE) {
        c->total = c->initial;
        c->initial = NONE;
        return c->total;
    }
    Value x = obj_next(c->it);
    if (!x)
        return VNULL;
    if (!c->total) {
        c->total = x;
        return x;
    }
    Value n = c->binop == NONE ? obj_binop(c->total, x, NB_ADD) : obj_call2(c->binop, c->total, x);
    if (!n)
        return VNULL;
    c->total = n;
    return n;
}

static Value m_accumulate_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("accumulate.__reduce__");
    ObjAccumulate *c = (ObjAccumulate *)AS_OBJ(args[0]);
    if (c->initial != NONE) { /* accumulate(chain((initial,), it), func), None */
        Value first = tuple_pack(1, c->initial);
        Value ca[2] = {first, c->it};
        Value ch = first ? obj_call(OBJ_VAL(&type_chain), ca, 2, NULL) : VNULL;
        return reduce3(args[0], ch ? tuple_pack(2, ch, c->binop) : VNULL, NONE);
    }
    if (c->total == NONE) { /* islice(accumulate(chain((None,), it), func), 1, None) */
        Value first = tuple_pack(1, NONE);
        Value ca[2] = {first, c->it};
        Value ch = first ? obj_call(OBJ_VAL(&type_chain), ca, 2, NULL) : VNULL;
        Value aa[2] = {ch, c->binop};
        Value acc = ch ? obj_call(OBJ_VAL(TYPE(args[0])), aa, 2, NULL) : VNULL;
        Value ia = acc ? tuple_pack(3, acc, MK_INT(1), NONE) : VNULL;
        return ia ? tuple_pack(2, OBJ_VAL(&type_islice), ia) : VNULL;
    }
    return reduce3(args[0], tuple_pack(2, c->it, c->binop), c->total ? c->total : NONE);
}

static Value m_accumulate_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("accumulate.__setstate__");
    ((ObjAccumulate *)AS_OBJ(args[0]))->total = args[1];
    return NONE;
}

static void accumulate_trace(Obj *o)
{
    ObjAccumulate *c = (ObjAccumulate *)o;
    gc_mark(c->it);
    gc_mark(c->binop);
    gc_mark(c->total);
    gc_mark(c->initial);
}

static const MethodDef accumulate_methods[] = {
    {"__reduce__", m_accumulate_reduce}, {"__setstate__", m_accumulate_setstate}, {NULL, NULL}};
ITER_TYPE(type_accumulate, "accumulate", ObjAccumulate, accumulate_new, accumulate_trace,
          accumulate_next);

/* ---- chain -------------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value source;   /* iterator over the iterables; VNULL when exhausted */
    Value active;   /* iterator over the current one, or VNULL */
} ObjChain;

static Value chain_make(Type *t, Value source)
{
    ObjChain *c = (ObjChain *)type_alloc(t, sizeof(ObjChain));
    c->source = source;
    return OBJ_VAL(c);
}

static Value chain_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (no_kw(t, &type_chain, "chain", kw) < 0)
        return VNULL;
    Value tup = tuple_from(args, nargs);
    Value src = tup ? obj_iter(tup) : VNULL;
    return src ? chain_make(t, src) : VNULL;
}

static Value m_chain_from_iterable(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("chain.from_iterable", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value src = obj_iter(args[1]);
    return src ? chain_make(AS_TYPE(args[0]), src) : VNULL;
}

static Value chain_next(Value self)
{
    ObjChain *c = (ObjChain *)AS_OBJ(self);
    while (c->source) {
        if (!c->active) {
            Value iterable = obj_next(c->source);
            if (!iterable) {
                c->source = VNULL;
                return VNULL;
            }
            c->active = obj_iter(iterable);
            if (!c->active) {
                c->source = VNULL;
                return VNULL;
            }
        }
        Value x = obj_next(c->active);
        if (x)
            return x;
        if (err_occurred()) {
            if (!err_matches(exc_StopIteration))
                return VNULL;
            err_clear();
        }
        c->active = VNULL;
    }
    return VNULL;
}

static Value m_chain_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("chain.__reduce__");
    ObjChain *c = (ObjChain *)AS_OBJ(args[0]);
    Value empty = OBJ_VAL(tuple_empty);
    if (!c->source)
        return reduce2(args[0], empty);
    if (c->active)
        return reduce3(args[0], empty, tuple_pack(2, c->source, c->active));
    return reduce3(args[0], empty, tuple_pack(1, c->source));
}

static bool is_iterator(Value v) { return TYPE(v)->next != NULL; }

static Value m_chain_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("chain.__setstate__");
    ObjChain *c = (ObjChain *)AS_OBJ(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st))
        return state_not_tuple();
    int64_t n = AS_TUPLE(st)->len;
    if (n < 1 || n > 2)
        return err_format(exc_TypeError, "function takes at %s %d argument%s (%lld given)",
                          n < 1 ? "least" : "most", n < 1 ? 1 : 2, n < 1 ? "" : "s", (long long)n);
    Value source = AS_TUPLE(st)->items[0], active = n > 1 ? AS_TUPLE(st)->items[1] : VNULL;
    if (!is_iterator(source) || (active && !is_iterator(active)))
        return err_set(exc_TypeError, "Arguments must be iterators.");
    c->source = source;
    c->active = active;
    return NONE;
}

static void chain_trace(Obj *o)
{
    gc_mark(((ObjChain *)o)->source);
    gc_mark(((ObjChain *)o)->active);
}

static const MethodDef chain_methods[] = {
    {"__reduce__", m_chain_reduce}, {"__setstate__", m_chain_setstate}, {NULL, NULL}};
ITER_TYPE(type_chain, "chain", ObjChain, chain_new, chain_trace, chain_next);

/* ---- compress, filterfalse, starmap, dropwhile, takewhile: (func or data, iterator) --------- */

typedef struct {
    Obj obj;
    Value func;     /* compress: the data iterator */
    Value it;       /* compress: the selectors iterator */
    int64_t flag;   /* dropwhile: started; takewhile: stopped */
} ObjPair;

static Type type_compress, type_filterfalse, type_starmap, type_dropwhile, type_takewhile;

static Value pair_make(Type *t, Value func, Value iterable)
{
    Value it = obj_iter(iterable);
    if (!it)
        return VNULL;
    ObjPair *p = (ObjPair *)type_alloc(t, sizeof(ObjPair));
    p->func = func;
    p->it = it;
    return OBJ_VAL(p);
}

static Value compress_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "selectors", NULL};
    Value a[2];
    if (mod_parse("compress", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    Value data = obj_iter(a[0]);
    return data ? pair_make(t, data, a[1]) : VNULL;
}

/* func(iterable) types: filterfalse, starmap, dropwhile, takewhile */
static Value func_iter_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    Type *bt = type_builtin_base(t);
    if (no_kw(t, bt, bt->name_str->data, kw) < 0 || check_count(bt->name_str->data, nargs, 2, 2) < 0)
        return VNULL;
    return pair_make(t, args[0], args[1]);
}

static Value compress_next(Value self)
{
    ObjPair *p = (ObjPair *)AS_OBJ(self);
    for (;;) {
        Value datum = obj_next(p->func);
        if (!datum)
            return VNULL;
        Value sel = obj_next(p->it);
        if (!sel)
            return VNULL;
        int ok = obj_truthy(sel);
        if (ok < 0)
            return VNULL;
        if (ok)
            return datum;
    }
}

static Value filterfalse_next(Value self)
{
    ObjPair *p = (ObjPair *)AS_OBJ(self);
    for (;;) {
        Value x = obj_next(p->it);
        if (!x)
            return VNULL;
        int ok;
        if (p->func == NONE || p->func == OBJ_VAL(&type_bool)) {
            ok = obj_truthy(x);
        } else {
            Value g = obj_call1(p->func, x);
            ok = g ? obj_truthy(g) : -1;
        }
        if (ok < 0)
            return VNULL;
        if (!ok)
            return x;
    }
}

static Value starmap_next(Value self)
{
    ObjPair *p = (ObjPair *)AS_OBJ(self);
    Value a = obj_next(p->it);
    if (!a)
        return VNULL;
    if (!IS_TUPLE(a) && !(a = obj_to_tuple(a)))
        return VNULL;
    if (IS_LIST(a))
        a = list_as_tuple(a);
    return a ? obj_call(p->func, AS_TUPLE(a)->items, (int)AS_TUPLE(a)->len, NULL) : VNULL;
}

static Value dropwhile_next(Value self)
{
    ObjPair *p = (ObjPair *)AS_OBJ(self);
    for (;;) {
        Value x = obj_next(p->it);
        if (!x)
            return VNULL;
        if (p->flag)
            return x;
        Value g = obj_call1(p->func, x);
        int ok = g ? obj_truthy(g) : -1;
        if (ok < 0)
            return VNULL;
        if (!ok) {
            p->flag = 1;
            return x;
        }
    }
}

static Value takewhile_next(Value self)
{
    ObjPair *p = (ObjPair *)AS_OBJ(self);
    if (p->flag)
        return VNULL;
    Value x = obj_next(p->it);
    if (!x)
        return VNULL;
    Value g = obj_call1(p->func, x);
    int ok = g ? obj_truthy(g) : -1;
    if (ok < 0)
        return VNULL;
    if (ok)
        return x;
    p->flag = 1;
    return VNULL;
}

static Value m_pair_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__reduce__");
    ObjPair *p = (ObjPair *)AS_OBJ(args[0]);
    Type *bt = type_builtin_base(TYPE(args[0]));
    Value a = tuple_pack(2, p->func, p->it);
    if (bt == &type_dropwhile || bt == &type_takewhile)
        return reduce3(args[0], a, MK_INT(p->flag));
    return reduce2(args[0], a);
}

static Value m_pair_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("__setstate__");
    int r = obj_truthy(args[1]);
    if (r < 0)
        return VNULL;
    ((ObjPair *)AS_OBJ(args[0]))->flag = r;
    return NONE;
}

static void pair_trace(Obj *o)
{
    gc_mark(((ObjPair *)o)->func);
    gc_mark(((ObjPair *)o)->it);
}

static const MethodDef pair_methods[] = {{"__reduce__", m_pair_reduce}, {NULL, NULL}};
static const MethodDef pair_state_methods[] = {
    {"__reduce__", m_pair_reduce}, {"__setstate__", m_pair_setstate}, {NULL, NULL}};
ITER_TYPE(type_compress, "compress", ObjPair, compress_new, pair_trace, compress_next);
ITER_TYPE(type_filterfalse, "filterfalse", ObjPair, func_iter_new, pair_trace, filterfalse_next);
ITER_TYPE(type_starmap, "starmap", ObjPair, func_iter_new, pair_trace, starmap_next);
ITER_TYPE(type_dropwhile, "dropwhile", ObjPair, func_iter_new, pair_trace, dropwhile_next);
ITER_TYPE(type_takewhile, "takewhile", ObjPair, func_iter_new, pair_trace, takewhile_next);

/* ---- islice ---------------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value it;          /* VNULL once exhausted */
    int64_t next;      /* index of the next item to return */
    int64_t stop;      /* -1: None */
    int64_t step;
    int64_t cnt;       /* items consumed */
} ObjIslice;

/* An islice bound: PyNumber_AsSsize_t, where any failure reads as -1. */
static int64_t slice_arg(Value v)
{
    int64_t n;
    if (mod_index_ssize(v, &n) < 0) {
        err_clear();
        return -1;
    }
    return n;
}

static Value islice_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (no_kw(t, &type_islice, "islice", kw) < 0 || check_count("islice", nargs, 2, 4) < 0)
        return VNULL;
    static const char stop_msg[] =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    int64_t start = 0, stop = -1, step = 1;
    if (nargs == 2) {
        if (args[1] != NONE && (stop = slice_arg(args[1])) == -1)
            return err_set(exc_ValueError, stop_msg);
    } else {
        if (args[1] != NONE)
            start = slice_arg(args[1]);
        if (args[2] != NONE && (stop = slice_arg(args[2])) == -1)
            return err_set(exc_ValueError, stop_msg);
    }
    if (start < 0 || stop < -1)
        return err_set(exc_ValueError,
                       "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
    if (nargs == 4 && args[3] != NONE)
        step = slice_arg(args[3]);
    if (step < 1)
        return err_set(exc_ValueError, "Step for islice() must be a positive integer or None.");
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    ObjIslice *s = (ObjIslice *)type_alloc(t, sizeof(ObjIslice));
    s->it = it;
    s->next = start;
    s->stop = stop;
    s->step = step;
    return OBJ_VAL(s);
}

static Value islice_next(Value self)
{
    ObjIslice *s = (ObjIslice *)AS_OBJ(self);
    if (!s->it)
        return VNULL;
    while (s->cnt < s->next) {
        if (!obj_next(s->it))
            goto empty;
        s->cnt++;
    }
    if (s->stop != -1 && s->cnt >= s->stop)
        goto empty;
    Value x = obj_next(s->it);
    if (!x)
        goto empty;
    s->cnt++;
    int64_t old = s->next;
    s->next = (int64_t)((uint64_t)s->next + (uint64_t)s->step);
    if (s->next < old || (s->stop != -1 && s->next > s->stop))
        s->next = s->stop;
    return x;
empty:
    s->it = VNULL;
    return VNULL;
}

static Value m_islice_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("islice.__reduce__");
    ObjIslice *s = (ObjIslice *)AS_OBJ(args[0]);
    if (!s->it) {
        Value l = list_new(0);
        Value it = l ? obj_iter(l) : VNULL;
        return reduce3(args[0], it ? tuple_pack(2, it, MK_INT(0)) : VNULL, MK_INT(0));
    }
    Value stop = s->stop == -1 ? NONE : int_from_i64(s->stop);
    return reduce3(args[0], tuple_pack(4, s->it, int_from_i64(s->next), stop, int_from_i64(s->step)),
                   int_from_i64(s->cnt));
}

static Value m_islice_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("islice.__setstate__");
    int64_t cnt;
    if (mod_long_ssize(args[1], &cnt) < 0)
        return VNULL;
    ((ObjIslice *)AS_OBJ(args[0]))->cnt = cnt;
    return NONE;
}

static void islice_trace(Obj *o) { gc_mark(((ObjIslice *)o)->it); }

static const MethodDef islice_methods[] = {
    {"__reduce__", m_islice_reduce}, {"__setstate__", m_islice_setstate}, {NULL, NULL}};
ITER_TYPE(type_islice, "islice", ObjIslice, islice_new, islice_trace, islice_next);

/* ---- pairwise --------------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value it;     /* VNULL once exhausted */
    Value old;    /* the previous item, VNULL before the first */
} ObjPairwise;

static Type type_pairwise;

static Value pairwise_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (no_kw(t, &type_pairwise, "pairwise", kw) < 0 || check_count("pairwise", nargs, 1, 1) < 0)
        return VNULL;
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    ObjPairwise *p = (ObjPairwise *)type_alloc(t, sizeof(ObjPairwise));
    p->it = it;
    return OBJ_VAL(p);
}

static Value pairwise_next(Value self)
{
    ObjPairwise *p = (ObjPairwise *)AS_OBJ(self);
    if (!p->it)
        return VNULL;
    if (!p->old && !(p->old = obj_next(p->it))) {
        p->it = VNULL;
        return VNULL;
    }
    Value n = obj_next(p->it);
    if (!n) {
        p->it = p->old = VNULL;
        return VNULL;
    }
    Value r = tuple_pack(2, p->old, n);
    p->old = n;
    return r;
}

static void pairwise_trace(Obj *o)
{
    gc_mark(((ObjPairwise *)o)->it);
    gc_mark(((ObjPairwise *)o)->old);
}

ITER_TYPE(type_pairwise, "pairwise", ObjPairwise, pairwise_new, pairwise_trace, pairwise_next);

/* ---- zip_longest -------------------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjTuple *its;      /* the iterators; an exhausted one becomes VNULL */
    int64_t numactive;
    Value fillvalue;
} ObjZipLongest;

static Value zip_longest_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    Value fill = NONE;
    for (int64_t i = 0; kw && i < kw->len; i++) {
        if (strcmp(AS_STR(kw->items[i])->data, "fillvalue") != 0)
            return err_set(exc_TypeError, "zip_longest() got an unexpected keyword argument");
        fill = args[nargs + i];
    }
    Value its = tuple_new(nargs);
    if (!its)
        return VNULL;
    for (int i = 0; i < nargs; i++) {
        Value it = obj_iter(args[i]);
        if (!it)
            return VNULL;
        AS_TUPLE(its)->items[i] = it;
    }
    ObjZipLongest *z = (ObjZipLongest *)type_alloc(t, sizeof(ObjZipLongest));
    z->its = AS_TUPLE(its);
    z->numactive = nargs;
    z->fillvalue = fill;
    return OBJ_VAL(z);
}

static Value zip_longest_next(Value self)
{
    ObjZipLongest *z = (ObjZipLongest *)AS_OBJ(self);
    int64_t n = z->its->len;
    if (n == 0 || z->numactive == 0)
        return VNULL;
    Value r = tuple_new(n);
    if (!r)
        return VNULL;
    for (int64_t i = 0; i < n; i++) {
        Value it = z->its->items[i], x;
        if (!it) {
            x = z->fillvalue;
        } else {
            x = obj_next(it);
            if (!x) {
                if (--z->numactive == 0 || err_occurred()) {
                    z->numactive = 0;
                    return VNULL;
                }
                x = z->fillvalue;
                z->its->items[i] = VNULL;
            }
        }
        AS_TUPLE(r)->items[i] = x;
    }
    return r;
}

static Value m_zip_longest_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("zip_longest.__reduce__");
    ObjZipLongest *z = (ObjZipLongest *)AS_OBJ(args[0]);
    Value a = tuple_new(z->its->len);
    if (!a)
        return VNULL;
    for (int64_t i = 0; i < z->its->len; i++)
        AS_TUPLE(a)->items[i] = z->its->items[i] ? z->its->items[i] : OBJ_VAL(tuple_empty);
    return reduce3(args[0], a, z->fillvalue);
}

static Value m_zip_longest_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("zip_longest.__setstate__");
    ((ObjZipLongest *)AS_OBJ(args[0]))->fillvalue = args[1];
    return NONE;
}

static void zip_longest_trace(Obj *o)
{
    gc_mark_obj(&((ObjZipLongest *)o)->its->obj);
    gc_mark(((ObjZipLongest *)o)->fillvalue);
}

static const MethodDef zip_longest_methods[] = {
    {"__reduce__", m_zip_longest_reduce}, {"__setstate__", m_zip_longest_setstate}, {NULL, NULL}};
ITER_TYPE(type_zip_longest, "zip_longest", ObjZipLongest, zip_longest_new, zip_longest_trace,
          zip_longest_next);

/* ---- groupby and _grouper ------------------------------------------------------------------------ */

typedef struct ObjGroupBy {
    Obj obj;
    Value it, keyfunc;
    Value tgtkey, currkey, currvalue;   /* VNULL when unset */
    Obj *currgrouper;                   /* the live group (not traced: a weak pointer) */
} ObjGroupBy;

typedef struct {
    Obj obj;
    ObjGroupBy *parent;
    Value tgtkey;
} ObjGrouper;

static Type type_groupby, type_grouper;

static Value groupby_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"iterable", "key", NULL};
    Value a[2];
    if (mod_parse("groupby", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    Value it = obj_iter(a[0]);
    if (!it)
        return VNULL;
    ObjGroupBy *g = (ObjGroupBy *)type_alloc(t, sizeof(ObjGroupBy));
    g->it = it;
    g->keyfunc = a[1] ? a[1] : NONE;
    return OBJ_VAL(g);
}

static int groupby_step(ObjGroupBy *g)
{
    Value v = obj_next(g->it);
    if (!v)
        return -1;
    Value k = g->keyfunc == NONE ? v : obj_call1(g->keyfunc, v);
    if (!k)
        return -1;
    g->currvalue = v;
    g->currkey = k;
    return 0;
}

static Value grouper_make(ObjGroupBy *parent, Value tgtkey)
{
    ObjGrouper *gr = (ObjGrouper *)gc_new(&type_grouper, sizeof(ObjGrouper));
    gr->parent = parent;
    gr->tgtkey = tgtkey;
    parent->currgrouper = &gr->obj;
    return OBJ_VAL(gr);
}

static Value groupby_next(Value self)
{
    ObjGroupBy *g = (ObjGroupBy *)AS_OBJ(self);
    g->currgrouper = NULL;
    for (;;) { /* skip to the next group */
        if (!g->currkey) {
            /* nothing read yet */
        } else if (!g->tgtkey) {
            break;
        } else {
            int c = obj_richcmp_bool(g->tgtkey, g->currkey, CMP_EQ);
            if (c < 0)
                return VNULL;
            if (c == 0)
                break;
        }
        if (groupby_step(g) < 0)
            return VNULL;
    }
    g->tgtkey = g->currkey;
    Value gr = grouper_make(g, g->tgtkey);
    return tuple_pack(2, g->currkey, gr);
}

static Value m_groupby_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("groupby.__reduce__");
    ObjGroupBy *g = (ObjGroupBy *)AS_OBJ(args[0]);
    Value a = tuple_pack(2, g->it, g->keyfunc);
    if (g->tgtkey && g->currkey && g->currvalue)
        return reduce3(args[0], a, tuple_pack(3, g->currkey, g->currvalue, g->tgtkey));
    return reduce2(args[0], a);
}

static Value m_groupby_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("groupby.__setstate__");
    ObjGroupBy *g = (ObjGroupBy *)AS_OBJ(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st))
        return state_not_tuple();
    if (AS_TUPLE(st)->len != 3)
        return err_format(exc_TypeError, "function takes exactly 3 arguments (%lld given)",
                          (long long)AS_TUPLE(st)->len);
    g->currkey = AS_TUPLE(st)->items[0];
    g->currvalue = AS_TUPLE(st)->items[1];
    g->tgtkey = AS_TUPLE(st)->items[2];
    return NONE;
}

static void groupby_trace(Obj *o)
{
    ObjGroupBy *g = (ObjGroupBy *)o;
    gc_mark(g->it);
    gc_mark(g->keyfunc);
    gc_mark(g->tgtkey);
    gc_mark(g->currkey);
    gc_mark(g->currvalue);
}

static Value grouper_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t;
    if (no_kw(t, t, "_grouper", kw) < 0 || check_count("_grouper", nargs, 2, 2) < 0)
        return VNULL;
    if (!obj_isinstance(args[0], &type_groupby))
        return err_format(exc_TypeError, "_grouper() argument 1 must be itertools.groupby, not %T",
                          args[0]);
    return grouper_make((ObjGroupBy *)AS_OBJ(args[0]), args[1]);
}

static Value grouper_next(Value self)
{
    ObjGrouper *gr = (ObjGrouper *)AS_OBJ(self);
    ObjGroupBy *g = gr->parent;
    if (g->currgrouper != &gr->obj)
        return VNULL;
    if (!g->currvalue && groupby_step(g) < 0)
        return VNULL;
    int c = obj_richcmp_bool(gr->tgtkey, g->currkey, CMP_EQ);
    if (c <= 0)
        return VNULL;
    Value r = g->currvalue;
    g->currvalue = VNULL;
    g->currkey = VNULL;
    return r;
}

static Value m_grouper_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("_grouper.__reduce__");
    ObjGrouper *gr = (ObjGrouper *)AS_OBJ(args[0]);
    if (gr->parent->currgrouper != &gr->obj) {
        Value it = dict_get_str(vm_builtins, str_intern_cstr("iter"));
        Value a = tuple_pack(1, OBJ_VAL(tuple_empty));
        return a ? tuple_pack(2, it, a) : VNULL;
    }
    return reduce2(args[0], tuple_pack(2, OBJ_VAL(gr->parent), gr->tgtkey));
}

static void grouper_trace(Obj *o)
{
    gc_mark_obj(&((ObjGrouper *)o)->parent->obj);
    gc_mark(((ObjGrouper *)o)->tgtkey);
}

static const MethodDef groupby_methods[] = {
    {"__reduce__", m_groupby_reduce}, {"__setstate__", m_groupby_setstate}, {NULL, NULL}};
static const MethodDef grouper_methods[] = {{"__reduce__", m_grouper_reduce}, {NULL, NULL}};
ITER_TYPE(type_groupby, "groupby", ObjGroupBy, groupby_new, groupby_trace, groupby_next);
static Type type_grouper = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "itertools._grouper",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjGrouper),
    .tp_new = grouper_new,
    .trace = grouper_trace,
    .iter = iterators_self,
    .next = grouper_next,
};

/* ---- tee ------------------------------------------------------------------------------------------ */

/* The tee iterators share a linked list of buffers of LINKCELLS items read
 * from the underlying iterator; each _tee walks it at its own pace and the
 * buffers nobody can reach any more are collected. */
#define LINKCELLS 57

typedef struct TeeData {
    Obj obj;
    Value it;
    int numread;
    bool running;
    struct TeeData *nextlink;
    Value values[LINKCELLS];
} TeeData;

typedef struct {
    Obj obj;
    TeeData *dataobj;
    int index;
} ObjTee;

static Type type_teedata, type_tee;

static TeeData *teedata_new(Value it)
{
    TeeData *d = (TeeData *)gc_new(&type_teedata, sizeof(TeeData));
    d->it = it;
    return d;
}

static TeeData *teedata_jumplink(TeeData *d)
{
    if (!d->nextlink)
        d->nextlink = teedata_new(d->it);
    return d->nextlink;
}

static Value teedata_getitem(TeeData *d, int i)
{
    if (i < d->numread)
        return d->values[i];
    if (d->running)
        return err_set(exc_RuntimeError, "cannot re-enter the tee iterator");
    d->running = true;
    Value v = obj_next(d->it);
    d->running = false;
    if (!v)
        return VNULL;
    d->values[d->numread++] = v;
    return v;
}

static void teedata_trace(Obj *o)
{
    TeeData *d = (TeeData *)o;
    gc_mark(d->it);
    for (int i = 0; i < d->numread; i++)
        gc_mark(d->values[i]);
    gc_mark_obj((Obj *)d->nextlink);
}

static Value teedata_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t;
    if (no_kw(t, t, "_tee_dataobject", kw) < 0 || check_count("_tee_dataobject", nargs, 3, 3) < 0)
        return VNULL;
    Value values = args[1], next = args[2];
    if (!LIST_CHECK(values))
        return err_format(exc_TypeError, "argument 2 must be list, not %T", values);
    int64_t len = AS_LIST(values)->len;
    if (len > LINKCELLS || (len == LINKCELLS ? next != NONE && !IS_TYPE_EXACT(next, &type_teedata)
                                             : next != NONE))
        return err_set(exc_ValueError, "Invalid arguments");
    TeeData *d = teedata_new(args[0]);
    for (int64_t i = 0; i < len; i++)
        d->values[i] = AS_LIST(values)->items[i];
    d->numread = (int)len;
    if (next != NONE)
        d->nextlink = (TeeData *)AS_OBJ(next);
    return OBJ_VAL(d);
}

static Value m_teedata_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("_tee_dataobject.__reduce__");
    TeeData *d = (TeeData *)AS_OBJ(args[0]);
    Value values = list_from(d->values, d->numread);
    Value next = d->nextlink ? OBJ_VAL(d->nextlink) : NONE;
    return values ? reduce2(args[0], tuple_pack(3, d->it, values, next)) : VNULL;
}

static Value tee_make(TeeData *d, int index)
{
    ObjTee *t = (ObjTee *)gc_new(&type_tee, sizeof(ObjTee));
    t->dataobj = d;
    t->index = index;
    return OBJ_VAL(t);
}

/* A _tee over iterable (a copy when it already is one). */
static Value tee_fromiterable(Value iterable)
{
    Value it = obj_iter(iterable);
    if (!it)
        return VNULL;
    if (IS_TYPE_EXACT(it, &type_tee))
        return tee_make(((ObjTee *)AS_OBJ(it))->dataobj, ((ObjTee *)AS_OBJ(it))->index);
    return tee_make(teedata_new(it), 0);
}

static Value tee_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"iterable", NULL};
    Value a[1];
    (void)t;
    if (mod_parse("_tee", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    return tee_fromiterable(a[0]);
}

static Value tee_next(Value self)
{
    ObjTee *t = (ObjTee *)AS_OBJ(self);
    if (t->index >= LINKCELLS) {
        t->dataobj = teedata_jumplink(t->dataobj);
        t->index = 0;
    }
    Value v = teedata_getitem(t->dataobj, t->index);
    if (!v)
        return VNULL;
    t->index++;
    return v;
}

static Value m_tee_copy(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("_tee.__copy__");
    ObjTee *t = (ObjTee *)AS_OBJ(args[0]);
    return tee_make(t->dataobj, t->index);
}

static Value m_tee_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("_tee.__reduce__");
    ObjTee *t = (ObjTee *)AS_OBJ(args[0]);
    Value a = tuple_pack(1, OBJ_VAL(tuple_empty));
    return reduce3(args[0], a, tuple_pack(2, OBJ_VAL(t->dataobj), MK_INT(t->index)));
}

static Value m_tee_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("_tee.__setstate__");
    ObjTee *t = (ObjTee *)AS_OBJ(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st))
        return state_not_tuple();
    if (AS_TUPLE(st)->len != 2)
        return err_format(exc_TypeError, "function takes exactly 2 arguments (%lld given)",
                          (long long)AS_TUPLE(st)->len);
    Value d = AS_TUPLE(st)->items[0];
    if (!IS_TYPE_EXACT(d, &type_teedata))
        return err_format(exc_TypeError, "argument 1 must be itertools._tee_dataobject, not %T", d);
    int64_t index;
    if (mod_index_ssize(AS_TUPLE(st)->items[1], &index) < 0)
        return VNULL;
    if (index < 0 || index > LINKCELLS)
        return err_set(exc_ValueError, "Index out of range");
    t->dataobj = (TeeData *)AS_OBJ(d);
    t->index = (int)index;
    return NONE;
}

static void tee_trace(Obj *o) { gc_mark_obj(&((ObjTee *)o)->dataobj->obj); }

/* tee(iterable, n=2): n iterators; an iterable whose iterator has
 * __copy__ is copied, anything else is wrapped in a _tee first. */
static Value f_tee(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "tee() takes no keyword arguments");
    if (check_count("tee", nargs, 1, 2) < 0)
        return VNULL;
    int64_t n = 2;
    if (nargs > 1 && mod_index_ssize(args[1], &n) < 0)
        return VNULL;
    if (n < 0)
        return err_set(exc_ValueError, "n must be >= 0");
    Value r = tuple_new(n);
    if (!r || n == 0)
        return r;
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    ObjStr *s_copy = str_intern_cstr("__copy__");
    Value copyable = it, copyfunc = obj_getattr_opt(it, s_copy);
    if (!copyfunc) {
        if (err_occurred())
            return VNULL;
        copyable = tee_fromiterable(it);
        if (!copyable || !(copyfunc = obj_getattr(copyable, s_copy)))
            return VNULL;
    }
    AS_TUPLE(r)->items[0] = copyable;
    for (int64_t i = 1; i < n; i++) {
        Value c = obj_call0(copyfunc);
        if (!c)
            return VNULL;
        AS_TUPLE(r)->items[i] = c;
    }
    return r;
}

static const MethodDef teedata_methods[] = {{"__reduce__", m_teedata_reduce}, {NULL, NULL}};
static const MethodDef tee_methods[] = {
    {"__copy__", m_tee_copy}, {"__reduce__", m_tee_reduce}, {"__setstate__", m_tee_setstate},
    {NULL, NULL}};
static Type type_teedata = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "itertools._tee_dataobject",
    .kind = KIND_OTHER,
    .inst_size = sizeof(TeeData),
    .tp_new = teedata_tp_new,
    .trace = teedata_trace,
};
static Type type_tee = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "itertools._tee",
    .flags = TF_WEAKREF,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjTee),
    .tp_new = tee_tp_new,
    .trace = tee_trace,
    .iter = iterators_self,
    .next = tee_next,
};

/* ---- the combinatoric iterators -------------------------------------------------------------------- */

/* product, combinations, combinations_with_replacement and permutations
 * share one layout: the pool(s), the index arrays and the last result. */
typedef struct {
    Obj obj;
    ObjTuple *pools;    /* product: a tuple per pool; the others: the one pool */
    int64_t *indices;   /* n (permutations: len(pool)) entries */
    int64_t *cycles;    /* permutations only: r entries */
    int64_t nindices, ncycles;
    int64_t r;
    Value result;       /* VNULL before the first item */
    bool stopped;
} ObjCombi;

static Type type_product, type_combinations, type_cwr, type_permutations;

static void combi_trace(Obj *o)
{
    gc_mark_obj(&((ObjCombi *)o)->pools->obj);
    gc_mark(((ObjCombi *)o)->result);
}

static void combi_finalize(Obj *o)
{
    ObjCombi *c = (ObjCombi *)o;
    if (c->indices)
        mem_free(c->indices, (size_t)c->nindices * sizeof(int64_t));
    if (c->cycles)
        mem_free(c->cycles, (size_t)c->ncycles * sizeof(int64_t));
    c->indices = c->cycles = NULL;
}

static ObjCombi *combi_alloc(Type *t, ObjTuple *pools, int64_t nindices, int64_t ncycles)
{
    ObjCombi *c = (ObjCombi *)type_alloc(t, sizeof(ObjCombi));
    c->pools = pools;
    c->nindices = nindices;
    c->ncycles = ncycles;
    c->indices = mem_calloc((size_t)(nindices ? nindices : 1), sizeof(int64_t));
    c->cycles = ncycles ? mem_calloc((size_t)ncycles, sizeof(int64_t)) : NULL;
    if (!c->indices || (ncycles && !c->cycles)) {
        err_no_memory();
        return NULL;
    }
    return c;
}

/* A new result tuple: the previous one can still be held by the caller. */
static Value result_copy(ObjCombi *c)
{
    ObjTuple *t = AS_TUPLE(c->result);
    Value n = tuple_from(t->items, t->len);
    if (n)
        c->result = n;
    return n;
}

static ObjTuple *pool_of(ObjCombi *c) { return c->pools; }

/* product(*iterables, repeat=1) */
static Value product_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    int64_t repeat = 1;
    for (int64_t i = 0; kw && i < kw->len; i++) {
        if (strcmp(AS_STR(kw->items[i])->data, "repeat") != 0)
            return err_format(exc_TypeError, "'%s' is an invalid keyword argument for product()",
                              AS_STR(kw->items[i])->data);
        if (mod_index_ssize(args[nargs + i], &repeat) < 0)
            return VNULL;
        if (repeat < 0)
            return err_set(exc_ValueError, "repeat argument cannot be negative");
    }
    if (repeat && nargs > INT64_MAX / 8 / repeat)
        return err_set(exc_OverflowError, "repeat argument too large");
    int64_t npools = nargs * repeat;
    Value pools = tuple_new(npools);
    if (!pools)
        return VNULL;
    for (int i = 0; i < nargs; i++) {
        Value p = obj_to_tuple(args[i]);
        if (!p || (IS_LIST(p) && !(p = list_as_tuple(p))))
            return VNULL;
        for (int64_t k = 0; k < repeat; k++)
            AS_TUPLE(pools)->items[k * nargs + i] = p;
    }
    ObjCombi *c = combi_alloc(t, AS_TUPLE(pools), npools, 0);
    return c ? OBJ_VAL(c) : VNULL;
}

static Value product_next(Value self)
{
    ObjCombi *c = (ObjCombi *)AS_OBJ(self);
    if (c->stopped)
        return VNULL;
    int64_t n = c->pools->len;
    if (!c->result) {
        Value r = tuple_new(n);
        if (!r)
            return VNULL;
        for (int64_t i = 0; i < n; i++) {
            ObjTuple *pool = AS_TUPLE(c->pools->items[i]);
            if (pool->len == 0) {
                c->stopped = true;
                return VNULL;
            }
            AS_TUPLE(r)->items[i] = pool->items[0];
        }
        c->result = r;
        return r;
    }
    if (!result_copy(c))
        return VNULL;
    Value *res = AS_TUPLE(c->result)->items;
    int64_t i;
    for (i = n - 1; i >= 0; i--) {
        ObjTuple *pool = AS_TUPLE(c->pools->items[i]);
        if (++c->indices[i] == pool->len) {
            c->indices[i] = 0;
            res[i] = pool->items[0];
        } else {
            res[i] = pool->items[c->indices[i]];
            break;
        }
    }
    if (i < 0) {
        c->stopped = true;
        return VNULL;
    }
    return c->result;
}

static Value m_product_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("product.__reduce__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    if (c->stopped)
        return reduce2(args[0], tuple_pack(1, OBJ_VAL(tuple_empty)));
    if (!c->result)
        return reduce2(args[0], OBJ_VAL(c->pools));
    return reduce3(args[0], OBJ_VAL(c->pools), index_tuple(c->indices, c->pools->len));
}

static Value m_product_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("product.__setstate__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    Value st = args[1];
    int64_t n = c->pools->len;
    if (!TUPLE_CHECK(st) || AS_TUPLE(st)->len != n)
        return invalid_arguments();
    for (int64_t i = 0; i < n; i++) {
        int64_t index;
        if (state_index(AS_TUPLE(st)->items[i], &index) < 0)
            return VNULL;
        int64_t size = AS_TUPLE(c->pools->items[i])->len;
        if (size == 0) {
            c->stopped = true;
            return NONE;
        }
        c->indices[i] = index < 0 ? 0 : index > size - 1 ? size - 1 : index;
    }
    Value r = tuple_new(n);
    if (!r)
        return VNULL;
    for (int64_t i = 0; i < n; i++)
        AS_TUPLE(r)->items[i] = AS_TUPLE(c->pools->items[i])->items[c->indices[i]];
    c->result = r;
    return NONE;
}

/* combinations(iterable, r) / combinations_with_replacement(iterable, r) */
static Value combi_r_new(Type *t, Value *args, int nargs, ObjTuple *kw, const char *name, bool repl)
{
    static const char *const params[] = {"iterable", "r", NULL};
    Value a[2];
    if (mod_parse(name, args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    int64_t r;
    if (mod_index_ssize(a[1], &r) < 0)
        return VNULL;
    if (r < 0)
        return err_set(exc_ValueError, "r must be non-negative");
    Value pool = obj_to_tuple(a[0]);
    if (!pool || (IS_LIST(pool) && !(pool = list_as_tuple(pool))))
        return VNULL;
    ObjCombi *c = combi_alloc(t, AS_TUPLE(pool), r, 0);
    if (!c)
        return VNULL;
    int64_t n = AS_TUPLE(pool)->len;
    c->r = r;
    for (int64_t i = 0; !repl && i < r; i++)
        c->indices[i] = i;
    c->stopped = repl ? (n == 0 && r > 0) : r > n;
    return OBJ_VAL(c);
}

static Value combinations_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    return combi_r_new(t, args, nargs, kw, "combinations", false);
}

static Value cwr_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    return combi_r_new(t, args, nargs, kw, "combinations_with_replacement", true);
}

/* The first result: pool[indices[i]] for each i (r items). */
static Value first_result(ObjCombi *c)
{
    Value r = tuple_new(c->r);
    if (!r)
        return VNULL;
    ObjTuple *pool = pool_of(c);
    for (int64_t i = 0; i < c->r; i++)
        AS_TUPLE(r)->items[i] = pool->items[c->indices[i]];
    c->result = r;
    return r;
}

static Value combinations_next(Value self)
{
    ObjCombi *c = (ObjCombi *)AS_OBJ(self);
    if (c->stopped)
        return VNULL;
    if (!c->result)
        return first_result(c);
    ObjTuple *pool = pool_of(c);
    int64_t n = pool->len, r = c->r, i;
    for (i = r - 1; i >= 0 && c->indices[i] == i + n - r; i--)
        ;
    if (i < 0) {
        c->stopped = true;
        return VNULL;
    }
    if (!result_copy(c))
        return VNULL;
    c->indices[i]++;
    for (int64_t j = i + 1; j < r; j++)
        c->indices[j] = c->indices[j - 1] + 1;
    for (; i < r; i++)
        AS_TUPLE(c->result)->items[i] = pool->items[c->indices[i]];
    return c->result;
}

static Value cwr_next(Value self)
{
    ObjCombi *c = (ObjCombi *)AS_OBJ(self);
    if (c->stopped)
        return VNULL;
    ObjTuple *pool = pool_of(c);
    int64_t n = pool->len, r = c->r, i;
    if (!c->result) {
        Value res = tuple_new(r);
        if (!res)
            return VNULL;
        for (i = 0; n > 0 && i < r; i++)
            AS_TUPLE(res)->items[i] = pool->items[0];
        c->result = res;
        return res;
    }
    for (i = r - 1; i >= 0 && c->indices[i] == n - 1; i--)
        ;
    if (i < 0) {
        c->stopped = true;
        return VNULL;
    }
    if (!result_copy(c))
        return VNULL;
    int64_t index = c->indices[i] + 1;
    for (; i < r; i++) {
        c->indices[i] = index;
        AS_TUPLE(c->result)->items[i] = pool->items[index];
    }
    return c->result;
}

/* (type, (pool, r)), (type, ((), r)) when stopped, or with the indices */
static Value m_combi_r_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__reduce__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    Value r = int_from_i64(c->r);
    if (!c->result)
        return reduce2(args[0], tuple_pack(2, OBJ_VAL(c->pools), r));
    if (c->stopped)
        return reduce2(args[0], tuple_pack(2, OBJ_VAL(tuple_empty), r));
    return reduce3(args[0], tuple_pack(2, OBJ_VAL(c->pools), r), index_tuple(c->indices, c->r));
}

static Value m_combi_r_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("__setstate__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    Value st = args[1];
    bool repl = type_builtin_base(TYPE(args[0])) == &type_cwr;
    int64_t n = pool_of(c)->len;
    if (!TUPLE_CHECK(st) || AS_TUPLE(st)->len != c->r)
        return invalid_arguments();
    for (int64_t i = 0; i < c->r; i++) {
        int64_t index;
        if (state_index(AS_TUPLE(st)->items[i], &index) < 0)
            return VNULL;
        int64_t max = repl ? n - 1 : i + n - c->r;
        if (index > max)
            index = max;
        if (index < 0)
            index = 0;
        c->indices[i] = index;
    }
    if (n == 0 && c->r > 0) { /* nothing to take the items from */
        c->stopped = true;
        return NONE;
    }
    return first_result(c) ? NONE : VNULL;
}

/* permutations(iterable, r=None) */
static Value permutations_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"iterable", "r", NULL};
    Value a[2];
    if (mod_parse("permutations", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    Value pool = obj_to_tuple(a[0]);
    if (!pool || (IS_LIST(pool) && !(pool = list_as_tuple(pool))))
        return VNULL;
    int64_t n = AS_TUPLE(pool)->len, r = n;
    if (a[1] && a[1] != NONE) {
        if (!INT_CHECK(a[1]))
            return err_set(exc_TypeError, "Expected int as r");
        if (mod_long_ssize(a[1], &r) < 0)
            return VNULL;
        if (r < 0)
            return err_set(exc_ValueError, "r must be non-negative");
    }
    ObjCombi *c = combi_alloc(t, AS_TUPLE(pool), n, r);
    if (!c)
        return VNULL;
    c->r = r;
    for (int64_t i = 0; i < n; i++)
        c->indices[i] = i;
    for (int64_t i = 0; i < r; i++)
        c->cycles[i] = n - i;
    c->stopped = r > n;
    return OBJ_VAL(c);
}

static Value permutations_next(Value self)
{
    ObjCombi *c = (ObjCombi *)AS_OBJ(self);
    if (c->stopped)
        return VNULL;
    if (!c->result)
        return first_result(c);
    ObjTuple *pool = pool_of(c);
    int64_t n = pool->len, r = c->r, i;
    if (n == 0)
        goto empty;
    if (!result_copy(c))
        return VNULL;
    int64_t *ix = c->indices, *cy = c->cycles;
    for (i = r - 1; i >= 0; i--) {
        if (--cy[i] == 0) { /* indices[i:] = indices[i+1:] + indices[i:i+1] */
            int64_t index = ix[i];
            for (int64_t j = i; j < n - 1; j++)
                ix[j] = ix[j + 1];
            ix[n - 1] = index;
            cy[i] = n - i;
        } else {
            int64_t j = cy[i], index = ix[i];
            ix[i] = ix[n - j];
            ix[n - j] = index;
            for (int64_t k = i; k < r; k++)
                AS_TUPLE(c->result)->items[k] = pool->items[ix[k]];
            break;
        }
    }
    if (i >= 0)
        return c->result;
empty:
    c->stopped = true;
    return VNULL;
}

static Value m_permutations_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("permutations.__reduce__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    Value r = int_from_i64(c->r);
    if (!c->result)
        return reduce2(args[0], tuple_pack(2, OBJ_VAL(c->pools), r));
    if (c->stopped)
        return reduce2(args[0], tuple_pack(2, OBJ_VAL(tuple_empty), r));
    Value ix = index_tuple(c->indices, c->nindices), cy = index_tuple(c->cycles, c->r);
    return reduce3(args[0], tuple_pack(2, OBJ_VAL(c->pools), r), ix && cy ? tuple_pack(2, ix, cy) : VNULL);
}

static Value m_permutations_setstate(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("permutations.__setstate__");
    ObjCombi *c = (ObjCombi *)AS_OBJ(args[0]);
    Value st = args[1];
    if (!TUPLE_CHECK(st))
        return state_not_tuple();
    if (AS_TUPLE(st)->len != 2)
        return err_format(exc_TypeError, "function takes exactly 2 arguments (%lld given)",
                          (long long)AS_TUPLE(st)->len);
    Value ix = AS_TUPLE(st)->items[0], cy = AS_TUPLE(st)->items[1];
    if (!TUPLE_CHECK(ix))
        return err_format(exc_TypeError, "argument 1 must be tuple, not %T", ix);
    if (!TUPLE_CHECK(cy))
        return err_format(exc_TypeError, "argument 2 must be tuple, not %T", cy);
    int64_t n = pool_of(c)->len;
    if (AS_TUPLE(ix)->len != n || AS_TUPLE(cy)->len != c->r)
        return invalid_arguments();
    for (int64_t i = 0; i < n; i++) {
        int64_t index;
        if (state_index(AS_TUPLE(ix)->items[i], &index) < 0)
            return VNULL;
        c->indices[i] = index < 0 ? 0 : index > n - 1 ? n - 1 : index;
    }
    for (int64_t i = 0; i < c->r; i++) {
        int64_t index;
        if (state_index(AS_TUPLE(cy)->items[i], &index) < 0)
            return VNULL;
        c->cycles[i] = index < 1 ? 1 : index > n - i ? n - i : index;
    }
    if (c->r > n) {
        c->stopped = true;
        return NONE;
    }
    return first_result(c) ? NONE : VNULL;
}

static const MethodDef product_methods[] = {
    {"__reduce__", m_product_reduce}, {"__setstate__", m_product_setstate}, {NULL, NULL}};
static const MethodDef combi_r_methods[] = {
    {"__reduce__", m_combi_r_reduce}, {"__setstate__", m_combi_r_setstate}, {NULL, NULL}};
static const MethodDef permutations_methods[] = {
    {"__reduce__", m_permutations_reduce}, {"__setstate__", m_permutations_setstate}, {NULL, NULL}};
ITER_TYPE(type_product, "product", ObjCombi, product_new, combi_trace, product_next,
          .finalize = combi_finalize);
ITER_TYPE(type_combinations, "combinations", ObjCombi, combinations_new, combi_trace,
          combinations_next, .finalize = combi_finalize);
ITER_TYPE(type_cwr, "combinations_with_replacement", ObjCombi, cwr_new, combi_trace, cwr_next,
          .finalize = combi_finalize);
ITER_TYPE(type_permutations, "permutations", ObjCombi, permutations_new, combi_trace,
          permutations_next, .finalize = combi_finalize);

/* ---- the module ---------------------------------------------------------------------------------------- */

typedef struct { Type *t; const MethodDef *methods; const char *doc; } TypeDef;

static const char module_doc[] =
    "Functional tools for creating and using iterators.\n\n"
    "Infinite iterators:\n"
    "count(start=0, step=1) --> start, start+step, start+2*step, ...\n"
    "cycle(p) --> p0, p1, ... plast, p0, p1, ...\n"
    "repeat(elem [,n]) --> elem, elem, elem, ... endlessly or up to n times\n\n"
    "Iterators terminating on the shortest input sequence:\n"
    "accumulate(p[, func]) --> p0, p0+p1, p0+p1+p2\n"
    "chain(p, q, ...) --> p0, p1, ... plast, q0, q1, ...\n"
    "chain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...\n"
    "compress(data, selectors) --> (d[0] if s[0]), (d[1] if s[1]), ...\n"
    "dropwhile(pred, seq) --> seq[n], seq[n+1], starting when pred fails\n"
    "groupby(iterable[, keyfunc]) --> sub-iterators grouped by value of keyfunc(v)\n"
    "filterfalse(pred, seq) --> elements of seq where pred(elem) is False\n"
    "islice(seq, [start,] stop [, step]) --> elements from\n"
    "       seq[start:stop:step]\n"
    "pairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], s[3]), ...\n"
    "starmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...\n"
    "tee(it, n=2) --> (it1, it2 , ... itn) splits one iterator into n\n"
    "takewhile(pred, seq) --> seq[0], seq[1], until pred fails\n"
    "zip_longest(p, q, ...) --> (p[0], q[0]), (p[1], q[1]), ...\n\n"
    "Combinatoric generators:\n"
    "product(p, q, ... [repeat=1]) --> cartesian product\n"
    "permutations(p[, r])\n"
    "combinations(p, r)\n"
    "combinations_with_replacement(p, r)\n";

static bool types_ready;

Value mod_itertools_init(void)
{
    const TypeDef types[] = {
        {&type_count, count_methods,
         "Return a count object whose .__next__() method returns consecutive values.\n\n"
         "Equivalent to:\n"
         "    def count(firstval=0, step=1):\n"
         "        x = firstval\n"
         "        while 1:\n"
         "            yield x\n"
         "            x += step"},
        {&type_cycle, cycle_methods, "Return elements from the iterable until it is exhausted. "
                                     "Then repeat the sequence indefinitely."},
        {&type_repeat, repeat_methods, "repeat(object [,times]) -> create an iterator which returns "
                                       "the object\nfor the specified number of times.  If not "
                                       "specified, returns the object\nendlessly."},
        {&type_accumulate, accumulate_methods, "Return series of accumulated sums (or other binary "
                                               "function results)."},
        {&type_chain, chain_methods,
         "chain(*iterables) --> chain object\n\n"
         "Return a chain object whose .__next__() method returns elements from the\n"
         "first iterable until it is exhausted, then elements from the next\n"
         "iterable, until all of the iterables are exhausted."},
        {&type_compress, pair_methods,
         "Return data elements corresponding to true selector elements.\n\n"
         "Forms a shorter iterator from selected data elements using the selectors to\n"
         "choose the data elements."},
        {&type_filterfalse, pair_methods,
         "Return those items of iterable for which function(item) is false.\n\n"
         "If function is None, return the items that are false."},
        {&type_starmap, pair_methods, "Return an iterator whose values are returned from the "
                                      "function evaluated with an argument tuple taken from the "
                                      "given sequence."},
        {&type_dropwhile, pair_state_methods,
         "Drop items from the iterable while predicate(item) is true.\n\n"
         "Afterwards, return every element until the iterable is exhausted."},
        {&type_takewhile, pair_state_methods, "Return successive entries from an iterable as long "
                                              "as the predicate evaluates to true for each entry."},
        {&type_islice, islice_methods,
         "islice(iterable, stop) --> islice object\n"
         "islice(iterable, start, stop[, step]) --> islice object\n\n"
         "Return an iterator whose next() method returns selected values from an\n"
         "iterable.  If start is specified, will skip all preceding elements;\n"
         "otherwise, start defaults to zero.  Step defaults to one.  If\n"
         "specified as another value, step determines how many values are\n"
         "skipped between successive calls.  Works like a slice() on a list\n"
         "but returns an iterator."},
        {&type_pairwise, NULL,
         "Return an iterator of overlapping pairs taken from the input iterator.\n\n"
         "    s -> (s0,s1), (s1,s2), (s2, s3), ..."},
        {&type_zip_longest, zip_longest_methods,
         "zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\n"
         "Return a zip_longest object whose .__next__() method returns a tuple where\n"
         "the i-th element comes from the i-th iterable argument.  The .__next__()\n"
         "method continues until the longest iterable in the argument sequence\n"
         "is exhausted and then it raises StopIteration.  When the shorter iterables\n"
         "are exhausted, the fillvalue is substituted in their place.  The fillvalue\n"
         "defaults to None or can be specified by a keyword argument."},
        {&type_groupby, groupby_methods,
         "make an iterator that returns consecutive keys and groups from the iterable\n\n"
         "  iterable\n    Elements to divide into groups according to the key function.\n"
         "  key\n    A function for computing the group category for each element.\n"
         "    If the key function is not specified or is None, the element itself\n"
         "    is used for grouping."},
        {&type_grouper, grouper_methods, NULL},
        {&type_teedata, teedata_methods, "teedataobject(iterable, values, next, /)\n--\n\n"
                                         "Data container common to multiple tee objects."},
        {&type_tee, tee_methods, "Iterator wrapped to make it copyable."},
        {&type_product, product_methods,
         "product(*iterables, repeat=1) --> product object\n\n"
         "Cartesian product of input iterables.  Equivalent to nested for-loops.\n\n"
         "For example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).\n"
         "The leftmost iterators are in the outermost for-loop, so the output tuples\n"
         "cycle in a manner similar to an odometer (with the rightmost element changing\n"
         "on every iteration).\n\n"
         "To compute the product of an iterable with itself, specify the number\n"
         "of repetitions with the optional repeat keyword argument. For example,\n"
         "product(A, repeat=4) means the same as product(A, A, A, A).\n\n"
         "product('ab', range(3)) --> ('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\n"
         "product((0,1), (0,1), (0,1)) --> (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) ..."},
        {&type_combinations, combi_r_methods,
         "Return successive r-length combinations of elements in the iterable.\n\n"
         "combinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)"},
        {&type_cwr, combi_r_methods,
         "Return successive r-length combinations of elements in the iterable allowing "
         "individual elements to have successive repeats.\n\n"
         "combinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), "
         "('B','B'), ('B','C'), ('C','C')"},
        {&type_permutations, permutations_methods,
         "Return successive r-length permutations of elements in the iterable.\n\n"
         "permutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)"},
        {NULL, NULL, NULL},
    };
    if (!types_ready) {
        types_ready = true;
        for (const TypeDef *d = types; d->t; d++)
            mod_type_ready(d->t, "itertools", d->methods, d->doc);
        mod_add_classmethod(&type_chain, "from_iterable", m_chain_from_iterable);
        mod_add_class_getitem(&type_chain);
    }
    Value m = module_new(str_intern_cstr("itertools"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr(module_doc));
    for (const TypeDef *d = types; d->t; d++)
        module_add(mod, d->t->name_str->data, OBJ_VAL(d->t));
    Value tee = native_new("tee", f_tee, VNULL);
    AS_NATIVE(tee)->doc = "Returns a tuple of n independent iterators.";
    module_add(mod, "tee", tee);
    return m;
}
