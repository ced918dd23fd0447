/* weakref.c — weak references (weakref.ref, weakref.proxy) and running
 * finalizers: __del__, generators closed when collected, weak-reference
 * callbacks.
 *
 * A weak reference holds its referent in a slot the collector does not
 * trace (gc_register_weak); when the referent dies the collector clears
 * the slot and queues the callback.  Finalizers run after the collection
 * in the thread that collected (weakref_finalize below is the collector's
 * GcFinalizeFn), with an exception reported as "Exception ignored in: …"
 * the way CPython reports it.  There is no reference counting, so all of
 * this happens at the next collection after an object became unreachable,
 * not at once (docs/language.md).
 */
#include "exceptions.h"
#include "frame.h"
#include "coro.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"
#include "weakref.h"

typedef struct {
    Obj obj;
    Value referent;   /* VNULL once dead; not traced */
    Value callback;   /* or VNULL */
    int64_t hash;     /* -1 until computed */
} ObjWeakref;

Type type_weakref, type_weakproxy, type_weakcallableproxy;

#define AS_WEAK(v) ((ObjWeakref *)AS_OBJ(v))
static bool is_weak(Value v)
{
    return IS_OBJ(v) && (type_is_subtype(AS_OBJ(v)->type, &type_weakref) ||
                         AS_OBJ(v)->type == &type_weakproxy ||
                         AS_OBJ(v)->type == &type_weakcallableproxy);
}

static ObjStr *s_del, *s_close;

static void weak_trace(Obj *o)
{
    gc_mark(((ObjWeakref *)o)->callback);
}

/* Which objects can be weakly referenced (CPython: those with a weak
 * reference list): instances of classes (unless __slots__ leaves out
 * __weakref__), types, functions, methods, sets, generators, modules,
 * code, and weak references to them. */
static bool weakrefable(Value v)
{
    return IS_OBJ(v) && (AS_OBJ(v)->type->flags & TF_WEAKREF);
}

static Value weak_new(Type *t, Value target, Value callback, bool plain)
{
    if (!weakrefable(target))
        return err_format(exc_TypeError, "cannot create weak reference to '%s' object",
                          TYPE(target)->name);
    if (callback && IS_NONE(callback))
        callback = VNULL;
    ObjWeakref *w = (ObjWeakref *)type_alloc(t, sizeof(ObjWeakref));
    w->referent = target;
    w->callback = callback;
    w->hash = -1;
    if (plain)
        gc_register_plain_weak(&w->obj, &w->referent);
    else
        gc_register_weak(&w->obj, &w->referent);
    return OBJ_VAL(w);
}

static Value ref_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)kwnames;
    if (nargs < 1 || nargs > 2) {
        if (nargs < 1)
            return err_format(exc_TypeError, "__new__ expected at least 1 argument, got %d", nargs);
        if (t == &type_weakref)
            return err_format(exc_TypeError, "__new__ expected at most 2 arguments, got %d",
                              nargs);
    }
    Value cb = nargs > 1 ? args[1] : VNULL;
    if (t == &type_weakref && (!cb || IS_NONE(cb)) && weakrefable(args[0])) {
        /* CPython shares the plain reference: ref(o) is ref(o) */
        if (AS_OBJ(args[0])->gc_flags & GC_HAS_WEAKREF) {
            Obj *found = gc_find_plain_weak(AS_OBJ(args[0]));
            if (found)
                return OBJ_VAL(found);
        }
        Value w = weak_new(t, args[0], VNULL, true);
        if (w)
            AS_OBJ(args[0])->gc_flags |= GC_HAS_WEAKREF;
        return w;
    }
    Value w = weak_new(t, args[0], cb, false);
    if (w && IS_OBJ(args[0]))
        AS_OBJ(args[0])->gc_flags |= GC_HAS_WEAKREF;
    return w;
}

/* ref.__init__ accepts (ob, callback) (subclasses pass more to __new__) */
static Value m_ref_init(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    (void)kw;
    if (nargs > 3 && TYPE(args[0]) == &type_weakref)
        return err_format(exc_TypeError, "__init__ expected at most 2 arguments, got %d",
                          nargs - 1);
    return NONE;
}

static Value ref_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("weakref", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value r = AS_WEAK(self)->referent;
    return r ? r : NONE;
}

static Value ref_repr(Value v)
{
    ObjWeakref *w = AS_WEAK(v);
    if (!w->referent)
        return str_printf("<weakref at %p; dead>", (void *)w);
    Value name = obj_getattr_opt(w->referent, obj_names[N_name]);
    if (err_occurred())
        err_clear();
    if (name && IS_STR(name))
        return str_printf("<weakref at %p; to '%s' at %p (%s)>", (void *)w,
                          TYPE(w->referent)->name, (void *)AS_OBJ(w->referent), AS_STR(name)->data);
    return str_printf("<weakref at %p; to '%s' at %p>", (void *)w, TYPE(w->referent)->name,
                      (void *)AS_OBJ(w->referent));
}

static int ref_hash(Value v, int64_t *out)
{
    ObjWeakref *w = AS_WEAK(v);
    if (w->hash != -1) {
        *out = w->hash;
        return 0;
    }
    if (!w->referent) {
        err_set(exc_TypeError, "weak object has gone away");
        return -1;
    }
    if (obj_hash(w->referent, &w->hash) < 0)
        return -1;
    *out = w->hash;
    return 0;
}

static Value ref_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_OBJ(b) ||
        !type_is_subtype(TYPE(b), &type_weakref))
        return NOTIMPL;
    ObjWeakref *x = AS_WEAK(a), *y = AS_WEAK(b);
    if (!x->referent || !y->referent) {
        bool same = x == y;
        return BOOL_V(op == CMP_EQ ? same : !same);
    }
    return obj_richcmp(x->referent, y->referent, op);
}

static Value ref_getattr(Value v, ObjStr *name)
{
    if (strcmp(name->data, "__callback__") == 0) {
        Value cb = AS_WEAK(v)->callback;
        return cb ? cb : NONE;
    }
    return obj_generic_getattr(v, name);
}

static Value m_ref_class_getitem(Value *args, int nargs, ObjTuple *kw)
{
    return generic_class_getitem(args, nargs, kw);
}

static const MethodDef ref_methods[] = {
    {"__init__", m_ref_init},
    {NULL, NULL}};

Type type_weakref = {
    .name = "ReferenceType", .kind = KIND_OTHER, .inst_size = sizeof(ObjWeakref),
    .flags = TF_BASETYPE | TF_WEAKREF, .tp_new = ref_tp_new, .trace = weak_trace,
    .repr = ref_repr, .call = ref_call, .hash = ref_hash, .richcmp = ref_richcmp,
    .getattr = ref_getattr,
};

/* ---- proxies ------------------------------------------------------------------ */

static Value referent_or_error(Value proxy)
{
    Value r = AS_WEAK(proxy)->referent;
    if (!r)
        return err_set(exc_ReferenceError, "weakly-referenced object no longer exists");
    return r;
}

#define UNWRAP(v) \
    do { \
        if (IS_OBJ(v) && (AS_OBJ(v)->type == &type_weakproxy || \
                          AS_OBJ(v)->type == &type_weakcallableproxy)) { \
            v = referent_or_error(v); \
            if (!v) return VNULL; \
        } \
    } while (0)

static Value proxy_getattr(Value v, ObjStr *name)
{
    Value r = referent_or_error(v);
    return r ? obj_getattr(r, name) : VNULL;
}

static int proxy_setattr(Value v, ObjStr *name, Value val)
{
    Value r = referent_or_error(v);
    return r ? obj_setattr(r, name, val) : -1;
}

static Value proxy_repr(Value v)
{
    ObjWeakref *w = AS_WEAK(v);
    if (!w->referent)
        return str_printf("<weakproxy at %p; dead>", (void *)w);
    return str_printf("<weakproxy at %p; to '%s' at %p>", (void *)w, TYPE(w->referent)->name,
                      (void *)AS_OBJ(w->referent));
}

static Value proxy_str(Value v)
{
    Value r = referent_or_error(v);
    return r ? obj_str(r) : VNULL;
}

static Value proxy_call(Value v, Value *args, int nargs, ObjTuple *kw)
{
    Value r = referent_or_error(v);
    return r ? obj_call(r, args, nargs, kw) : VNULL;
}

static int proxy_truth(Value v)
{
    Value r = referent_or_error(v);
    return r ? obj_truthy(r) : -1;
}

static int64_t proxy_len(Value v)
{
    Value r = referent_or_error(v);
    return r ? obj_len(r) : -1;
}

static Value proxy_iter(Value v)
{
    Value r = referent_or_error(v);
    return r ? obj_iter(r) : VNULL;
}

static Value proxy_next(Value v)
{
    Value r = referent_or_error(v);
    if (!r)
        return VNULL;
    if (!TYPE(r)->next)
        return err_format(exc_TypeError, "Weakref proxy referenced a non-iterator '%s' object",
                          TYPE(r)->name);
    return TYPE(r)->next(r);
}

static Value proxy_getitem(Value v, Value k)
{
    Value r = referent_or_error(v);
    return r ? obj_getitem(r, k) : VNULL;
}

static int proxy_setitem(Value v, Value k, Value x)
{
    Value r = referent_or_error(v);
    return r ? obj_setitem(r, k, x) : -1;
}

static int proxy_contains(Value v, Value x)
{
    Value r = referent_or_error(v);
    return r ? obj_contains(r, x) : -1;
}

static Value proxy_richcmp(Value a, Value b, int op)
{
    UNWRAP(a);
    UNWRAP(b);
    return obj_richcmp(a, b, op);
}

static int proxy_hash(Value v, int64_t *out)
{
    (void)out;
    err_format(exc_TypeError, "unhashable type: '%s'", TYPE(v)->name);
    return -1;
}

#define PROXY_BIN(i) \
    static Value proxy_nb_##i(Value a, Value b) { UNWRAP(a); UNWRAP(b); return obj_binop(a, b, i); } \
    static Value proxy_inb_##i(Value a, Value b) { \
        Value r = referent_or_error(a); \
        if (!r) return VNULL; \
        UNWRAP(b); \
        Value res = obj_inplace_op(r, b, i); \
        return res; \
    }
PROXY_BIN(0) PROXY_BIN(1) PROXY_BIN(2) PROXY_BIN(3) PROXY_BIN(4) PROXY_BIN(5) PROXY_BIN(6)
PROXY_BIN(7) PROXY_BIN(8) PROXY_BIN(9) PROXY_BIN(10) PROXY_BIN(11) PROXY_BIN(12)
#undef PROXY_BIN
static Value proxy_neg(Value v) { Value r = referent_or_error(v); return r ? obj_unary(r, UN_NEG) : VNULL; }
static Value proxy_pos(Value v) { Value r = referent_or_error(v); return r ? obj_unary(r, UN_POS) : VNULL; }
static Value proxy_inv(Value v) { Value r = referent_or_error(v); return r ? obj_unary(r, UN_INVERT) : VNULL; }
static Value proxy_int(Value v) { Value r = referent_or_error(v); return r ? obj_call1(OBJ_VAL(&type_int), r) : VNULL; }
static Value proxy_float(Value v) { Value r = referent_or_error(v); return r ? obj_call1(OBJ_VAL(&type_float), r) : VNULL; }

#define PROXY_SLOTS \
    .trace = weak_trace, .repr = proxy_repr, .str = proxy_str, .getattr = proxy_getattr, \
    .setattr = proxy_setattr, .truth = proxy_truth, .len = proxy_len, .iter = proxy_iter, \
    .next = proxy_next, .getitem = proxy_getitem, .setitem = proxy_setitem, \
    .contains = proxy_contains, .richcmp = proxy_richcmp, .hash = proxy_hash, \
    .nb = {proxy_nb_0, proxy_nb_1, proxy_nb_2, proxy_nb_3, proxy_nb_4, proxy_nb_5, proxy_nb_6, \
           proxy_nb_7, proxy_nb_8, proxy_nb_9, proxy_nb_10, proxy_nb_11, proxy_nb_12}, \
    .nb_inplace = {proxy_inb_0, proxy_inb_1, proxy_inb_2, proxy_inb_3, proxy_inb_4, \
                   proxy_inb_5, proxy_inb_6, proxy_inb_7, proxy_inb_8, proxy_inb_9, \
                   proxy_inb_10, proxy_inb_11, proxy_inb_12}, \
    .unary = {proxy_neg, proxy_pos, proxy_inv}, .nb_int = proxy_int, .nb_float = proxy_float

Type type_weakproxy = {
    .name = "ProxyType", .kind = KIND_OTHER, .inst_size = sizeof(ObjWeakref),
    .flags = TF_WEAKREF, PROXY_SLOTS,
};
Type type_weakcallableproxy = {
    .name = "CallableProxyType", .kind = KIND_OTHER, .inst_size = sizeof(ObjWeakref),
    .flags = TF_WEAKREF, PROXY_SLOTS, .call = proxy_call,
};

Value weakref_proxy_new(Value target, Value callback)
{
    Type *t = TYPE(target)->call ? &type_weakcallableproxy : &type_weakproxy;
    Value p = weak_new(t, target, callback, false);
    if (p)
        AS_OBJ(target)->gc_flags |= GC_HAS_WEAKREF;
    return p;
}

/* ---- counting and listing ----------------------------------------------------------- */

typedef struct { Value target; Value list; int64_t n; } CountCtx;
static void count_refs(Obj *o, void *ctx)
{
    CountCtx *c = ctx;
    if ((o->type == &type_weakproxy || o->type == &type_weakcallableproxy ||
         type_is_subtype(o->type, &type_weakref)) && ((ObjWeakref *)o)->referent == c->target) {
        c->n++;
        if (c->list)
            list_append(c->list, OBJ_VAL(o));
    }
}

int64_t weakref_count(Value target)
{
    if (!IS_OBJ(target) || !(AS_OBJ(target)->gc_flags & GC_HAS_WEAKREF))
        return 0;
    CountCtx c = {target, VNULL, 0};
    gc_for_each_object(count_refs, &c);
    return c.n;
}

Value weakref_list(Value target)
{
    Value l = list_new(0);
    if (!l || !IS_OBJ(target) || !(AS_OBJ(target)->gc_flags & GC_HAS_WEAKREF))
        return l;
    CountCtx c = {target, l, 0};
    gc_for_each_object(count_refs, &c);
    return l;
}

/* ---- running finalizers ------------------------------------------------------------------ */

static void unraisable(const char *prefix, Value obj)
{
    Value exc = err_fetch();
    if (!exc)
        return;
    /* SystemExit and KeyboardInterrupt in a finalizer are reported too */
    Value r = obj ? obj_repr(obj) : VNULL;
    if (!r)
        err_clear();
    err_write_unraisable(prefix, r ? AS_STR(r)->data : NULL, exc);
}

/* A generator or a __del__: what finalizing o means. */
static bool has_finalizer(Obj *o)
{
    Type *t = o->type;
    return (t->flags & (TF_HAS_DEL | TF_GEN_LIKE)) != 0;
}

static bool finalize(Obj *o, bool check)
{
    Value v = OBJ_VAL(o);
    if (is_weak(v)) {
        ObjWeakref *w = (ObjWeakref *)o;
        if (check)
            return w->callback != VNULL;
        Value cb = w->callback;
        w->callback = VNULL;
        if (cb && !obj_call1(cb, v))
            unraisable("Exception ignored in: ", cb);
        return true;
    }
    if (check)
        return has_finalizer(o);
    Type *t = o->type;
    Value saved = vm_cur->exc;
    vm_cur->exc = VNULL;
    if (t->flags & TF_HAS_DEL) {
        Value m = type_lookup(t, s_del);
        if (m && !obj_call_found(m, v, NULL, 0))
            unraisable("Exception ignored in: ", m);
    } else if (t == &type_async_generator && coro_agen_finalize(v)) {
        /* its finalizer hook closes it later (asyncio) */
    } else {
        Value m = type_lookup(t, s_close);
        if (m && !obj_call_found(m, v, NULL, 0))
            unraisable("Exception ignored in: ", v);
    }
    vm_cur->exc = saved;
    return true;
}

/* Instances of a class that gains a __del__ after they were made. */
static void register_if(Obj *o, void *ctx)
{
    if (type_is_subtype(o->type, (Type *)ctx))
        gc_register_finalizer(o);
}

void weakref_class_got_del(Type *t)
{
    gc_for_each_object(register_if, t);
}

/* At exit: finalize every object still registered, as CPython's shutdown
 * does for most of them.  The collection first finds the dead ones (their
 * finalizers and the callbacks of weak references to them run first, in
 * the usual order); with nothing registered it could run no code, and
 * start-up (`-c pass`) would spend a tenth of its time in it. */
void weakref_finalize_all(void)
{
    if (!gc_any_finalizer())
        return;
    gc_collect();
    gc_run_finalizers();
    gc_queue_all_finalizers();
    gc_run_finalizers();
}

void weakref_init(void)
{
    s_del = str_intern_cstr("__del__");
    s_close = str_intern_cstr("close");
    type_weakref.module = str_intern_cstr("weakref");
    type_ready(&type_weakref, ref_methods);
    dict_set_str(type_weakref.dict, obj_names[N_class_getitem],
                 OBJ_VAL(gc_new(&type_classmethod, sizeof(ObjStaticMethod))));
    ((ObjStaticMethod *)AS_OBJ(dict_get_str(type_weakref.dict, obj_names[N_class_getitem])))->func =
        native_new("__class_getitem__", m_ref_class_getitem, VNULL);
    type_weakproxy.module = str_intern_cstr("weakref");
    type_weakcallableproxy.module = str_intern_cstr("weakref");
    type_ready(&type_weakproxy, NULL);
    type_ready(&type_weakcallableproxy, NULL);
    gc_set_finalize_fn(finalize);
}
