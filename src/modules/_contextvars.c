/* modules/_contextvars.c — context variables (PEP 567): ContextVar, Token,
 * Context and copy_context(), what CPython's Lib/contextvars.py re-exports
 * and asyncio runs its callbacks in.
 *
 * A Context is an immutable mapping ContextVar -> value.  CPython keeps it
 * in a HAMT so that copy() is O(1) and set() O(log n); here the mapping is
 * a dict that is never changed once a Context holds it: set() makes a new
 * dict with the change (contexts hold a handful of variables), copy()
 * shares the dict.  Each Thread has its current Context (Thread.context,
 * created empty on first use, so every new thread starts with an empty
 * one, as in CPython 3.11); Context.run() enters a context for the length
 * of a call and restores the previous one after.
 *
 * CPython's HAMT iterates in an order that depends on the variables'
 * addresses; this one iterates in insertion order.
 */
#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"

typedef struct ObjContext {
    Obj obj;
    ObjDict *vars;            /* never mutated after it is stored here */
    struct ObjContext *prev;  /* the context run() replaced, while entered */
    bool entered;
} ObjContext;

typedef struct {
    Obj obj;
    ObjStr *name;
    Value deflt;              /* VNULL: no default */
} ObjContextVar;

typedef struct {
    Obj obj;
    ObjContext *ctx;
    ObjContextVar *var;
    Value old_value;          /* VNULL: Token.MISSING */
    bool used;
} ObjToken;

/* an iterator over a context's keys, values or items (by its type) */
typedef struct { Obj obj; ObjDict *vars; int64_t pos; } ObjCtxIter;

static Type type_context, type_contextvar, type_token, type_token_missing;
static Type type_ctx_keys, type_ctx_values, type_ctx_items;
static Obj token_missing = STATIC_OBJ_HEAD(&type_token_missing);

#define AS_CTX(v) ((ObjContext *)AS_OBJ(v))
#define AS_VAR(v) ((ObjContextVar *)AS_OBJ(v))
#define AS_TOKEN(v) ((ObjToken *)AS_OBJ(v))

static ObjContext *context_new(ObjDict *vars)
{
    ObjContext *c = (ObjContext *)gc_new(&type_context, sizeof(ObjContext));
    c->vars = vars;
    return c;
}

/* The running thread's context, made (empty) on first use. */
static ObjContext *current(void)
{
    if (!vm_cur->context) {
        Value d = dict_new();
        if (!d)
            return NULL;
        vm_cur->context = OBJ_VAL(context_new(AS_DICT(d)));
    }
    return AS_CTX(vm_cur->context);
}

/* ---- Context -------------------------------------------------------- */

static void context_trace(Obj *o)
{
    ObjContext *c = (ObjContext *)o;
    gc_mark_obj((Obj *)c->vars);
    gc_mark_obj((Obj *)c->prev);
}

static Value context_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t, (void)args;
    if (nargs || (kw && kw->len))
        return err_set(exc_TypeError, "Context() does not accept any arguments");
    Value d = dict_new();
    return d ? OBJ_VAL(context_new(AS_DICT(d))) : VNULL;
}

static bool is_var(Value v) { return IS_TYPE_EXACT(v, &type_contextvar); }

static Value key_error(Value key)
{
    return err_format(exc_TypeError, "a ContextVar key was expected, got %R", key);
}

static Value context_getitem(Value self, Value key)
{
    if (!is_var(key))
        return key_error(key);
    Value v = dict_get(OBJ_VAL(AS_CTX(self)->vars), key);
    if (!v && !err_occurred())
        err_set_value(exc_new(exc_KeyError, AS_TUPLE(tuple_pack(1, key))));
    return v;
}

static int context_contains(Value self, Value key)
{
    if (!is_var(key)) {
        key_error(key);
        return -1;
    }
    Value v = dict_get(OBJ_VAL(AS_CTX(self)->vars), key);
    return v ? 1 : err_occurred() ? -1 : 0;
}

static int64_t context_len(Value self) { return AS_CTX(self)->vars->len; }

static Value ctxiter_new(Type *t, ObjContext *c)
{
    ObjCtxIter *it = (ObjCtxIter *)gc_new(t, sizeof(ObjCtxIter));
    it->vars = c->vars;
    return OBJ_VAL(it);
}

static Value context_iter(Value self) { return ctxiter_new(&type_ctx_keys, AS_CTX(self)); }

static Value context_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE_EXACT(b, &type_context) ||
        !IS_TYPE_EXACT(a, &type_context))
        return NOTIMPL;
    int eq = obj_eq(OBJ_VAL(AS_CTX(a)->vars), OBJ_VAL(AS_CTX(b)->vars));
    if (eq < 0)
        return VNULL;
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

static int context_hash(Value self, int64_t *out)
{
    (void)out;
    err_format(exc_TypeError, "unhashable type: '%s'", TYPE(self)->name);
    return -1;
}

/* run(callable, /, *args, **kwargs) */
static Value m_run(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 2)
        return err_set(exc_TypeError, "run() missing 1 required positional argument");
    ObjContext *c = AS_CTX(args[0]);
    if (c->entered)
        return err_format(exc_RuntimeError, "cannot enter context: %R is already entered", args[0]);
    ObjContext *prev = current();
    if (!prev)
        return VNULL;
    c->prev = prev;
    c->entered = true;
    vm_cur->context = args[0];
    Value r = obj_call(args[1], args + 2, nargs - 2, kw);
    /* the callable may have started other threads, never switched ours */
    vm_cur->context = OBJ_VAL(c->prev);
    c->prev = NULL;
    c->entered = false;
    return r;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return OBJ_VAL(context_new(AS_CTX(args[0])->vars));
}

static Value m_get(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    if (!is_var(args[1]))
        return key_error(args[1]);
    Value v = dict_get(OBJ_VAL(AS_CTX(args[0])->vars), args[1]);
    if (v || err_occurred())
        return v;
    return nargs > 2 ? args[2] : NONE;
}

static Value iter_method(Value *args, int nargs, ObjTuple *kw, const char *name, Type *t)
{
    if (args_check(name, nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return ctxiter_new(t, AS_CTX(args[0]));
}

static Value m_keys(Value *args, int nargs, ObjTuple *kw)
{
    return iter_method(args, nargs, kw, "keys", &type_ctx_keys);
}

static Value m_values(Value *args, int nargs, ObjTuple *kw)
{
    return iter_method(args, nargs, kw, "values", &type_ctx_values);
}

static Value m_items(Value *args, int nargs, ObjTuple *kw)
{
    return iter_method(args, nargs, kw, "items", &type_ctx_items);
}

/* ---- the iterators ---------------------------------------------------- */

static void ctxiter_trace(Obj *o) { gc_mark_obj((Obj *)((ObjCtxIter *)o)->vars); }
static Value ctxiter_self(Value self) { return self; }

static Value ctxiter_next(Value self)
{
    ObjCtxIter *it = (ObjCtxIter *)AS_OBJ(self);
    Value k, v;
    if (!dict_next(it->vars, &it->pos, &k, &v))
        return VNULL;
    Type *t = TYPE(self);
    if (t == &type_ctx_keys)
        return k;
    if (t == &type_ctx_values)
        return v;
    return tuple_pack(2, k, v);
}

/* ---- ContextVar --------------------------------------------------------- */

static void var_trace(Obj *o)
{
    ObjContextVar *v = (ObjContextVar *)o;
    gc_mark_obj((Obj *)v->name);
    gc_mark(v->deflt);
}

static Value var_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t;
    Value deflt = VNULL;
    int64_t nkw = kw ? kw->len : 0;
    for (int64_t i = 0; i < nkw; i++) {
        ObjStr *k = AS_STR(kw->items[i]);
        if (strcmp(str_cstr(k), "default") != 0)
            return err_format(exc_TypeError, "'%N' is an invalid keyword argument for ContextVar()", k);
        deflt = args[nargs + i];
    }
    if (nargs != 1)
        return err_format(exc_TypeError, "ContextVar() takes %s 1 positional argument (%d given)",
                          nargs ? "at most" : "exactly", nargs);
    if (!STR_CHECK(args[0]))
        return err_set(exc_TypeError, "context variable name must be a str");
    ObjContextVar *v = (ObjContextVar *)gc_new(&type_contextvar, sizeof(ObjContextVar));
    v->name = AS_STR(args[0]);
    v->deflt = deflt;
    return OBJ_VAL(v);
}

static Value var_repr(Value self)
{
    ObjContextVar *v = AS_VAR(self);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, "<ContextVar name=");
    if (sb_addv(&b, OBJ_VAL(v->name), true) < 0)
        goto fail;
    if (v->deflt) {
        sb_adds(&b, " default=");
        if (sb_addv(&b, v->deflt, true) < 0)
            goto fail;
    }
    sb_printf(&b, " at %p>", (void *)v);
    return sb_finish(&b);
fail:
    sb_free(&b);
    return VNULL;
}

static Value m_var_get(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ContextVar.get", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    ObjContextVar *var = AS_VAR(args[0]);
    ObjContext *c = current();
    if (!c)
        return VNULL;
    Value v = dict_get(OBJ_VAL(c->vars), args[0]);
    if (v || err_occurred())
        return v;
    if (nargs > 1)
        return args[1];
    if (var->deflt)
        return var->deflt;
    return err_set_value(exc_new(exc_LookupError, AS_TUPLE(tuple_pack(1, args[0]))));
}

/* Give the current context a new mapping: vars with key set to v (or
 * removed, v VNULL). */
static int replace_var(ObjContext *c, Value key, Value v)
{
    Value d = dict_new();
    if (!d || dict_update(d, OBJ_VAL(c->vars)) < 0)
        return -1;
    if (v ? dict_set(d, key, v) < 0 : dict_del(d, key) < 0)
        return -1;
    c->vars = AS_DICT(d);
    return 0;
}

static Value m_var_set(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ContextVar.set", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    ObjContext *c = current();
    if (!c)
        return VNULL;
    Value old = dict_get(OBJ_VAL(c->vars), args[0]);
    if (!old && err_occurred())
        return VNULL;
    ObjToken *t = (ObjToken *)gc_new(&type_token, sizeof(ObjToken));
    t->ctx = c;
    t->var = AS_VAR(args[0]);
    t->old_value = old;
    if (replace_var(c, args[0], args[1]) < 0)
        return VNULL;
    return OBJ_VAL(t);
}

static Value m_var_reset(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ContextVar.reset", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value tv = args[1];
    if (!IS_TYPE_EXACT(tv, &type_token))
        return err_format(exc_TypeError, "expected an instance of Token, got %R", tv);
    ObjToken *t = AS_TOKEN(tv);
    if (t->used)
        return err_format(exc_RuntimeError, "%R has already been used once", tv);
    if (OBJ_VAL(t->var) != args[0])
        return err_format(exc_ValueError, "%R was created by a different ContextVar", tv);
    ObjContext *c = current();
    if (!c)
        return VNULL;
    if (t->ctx != c)
        return err_format(exc_ValueError, "%R was created in a different Context", tv);
    t->used = true;
    if (!t->old_value) {
        Value cur = dict_get(OBJ_VAL(c->vars), args[0]);
        if (!cur)
            return err_occurred()
                       ? VNULL
                       : err_set_value(exc_new(exc_LookupError, AS_TUPLE(tuple_pack(1, args[0]))));
    }
    return replace_var(c, args[0], t->old_value) < 0 ? VNULL : NONE;
}

static Value var_name(Value self) { return OBJ_VAL(AS_VAR(self)->name); }

/* name is a read-only member in CPython, with the member's message */
static int var_set_name(Value self, Value v)
{
    (void)self, (void)v;
    err_set(exc_AttributeError, "readonly attribute");
    return -1;
}

/* ---- Token ------------------------------------------------------------------ */

static void token_trace(Obj *o)
{
    ObjToken *t = (ObjToken *)o;
    gc_mark_obj((Obj *)t->ctx);
    gc_mark_obj((Obj *)t->var);
    gc_mark(t->old_value);
}

static Value token_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t, (void)args, (void)nargs, (void)kw;
    return err_set(exc_RuntimeError, "Tokens can only be created by ContextVars");
}

static Value token_repr(Value self)
{
    ObjToken *t = AS_TOKEN(self);
    return err_format_str("<Token%s var=%R at %s>", t->used ? " used" : "", OBJ_VAL(t->var),
                          str_cstr(AS_STR(str_printf("%p", (void *)t))));
}

static Value token_var(Value self) { return OBJ_VAL(AS_TOKEN(self)->var); }

static Value token_old_value(Value self)
{
    Value v = AS_TOKEN(self)->old_value;
    return v ? v : OBJ_VAL(&token_missing);
}

static Value missing_repr(Value self)
{
    (void)self;
    return str_from_cstr("<Token.MISSING>");
}

/* ---- the module --------------------------------------------------------- */

static Value m_copy_context(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_contextvars.copy_context", nargs, kw, 0, 0) < 0)
        return VNULL;
    ObjContext *c = current();
    return c ? OBJ_VAL(context_new(c->vars)) : VNULL;
}

static const MethodDef context_methods[] = {
    {"run", m_run},     {"copy", m_copy},   {"get", m_get},       {"keys", m_keys},
    {"values", m_values}, {"items", m_items}, {NULL, NULL},
};

static const MethodDef var_methods[] = {
    {"get", m_var_get}, {"set", m_var_set}, {"reset", m_var_reset}, {NULL, NULL},
};

static Type type_context = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_contextvars.Context",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjContext),
    .tp_new = context_tp_new,
    .trace = context_trace,
    .getitem = context_getitem,
    .contains = context_contains,
    .len = context_len,
    .iter = context_iter,
    .richcmp = context_richcmp,
    .hash = context_hash,
};

static Type type_contextvar = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_contextvars.ContextVar",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjContextVar),
    .tp_new = var_tp_new,
    .trace = var_trace,
    .repr = var_repr,
};

static Type type_token = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_contextvars.Token",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjToken),
    .tp_new = token_tp_new,
    .trace = token_trace,
    .repr = token_repr,
};

static Type type_token_missing = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "Token.MISSING",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(Obj),
    .repr = missing_repr,
};

#define CTX_ITER_TYPE(var, pyname)                                                           \
    static Type var = {                                                                      \
        .obj = STATIC_OBJ_HEAD(&type_type),                                                  \
        .name = pyname,                                                                      \
        .base = &type_object,                                                                \
        .kind = KIND_OTHER,                                                                  \
        .inst_size = sizeof(ObjCtxIter),                                                     \
        .trace = ctxiter_trace,                                                              \
        .iter = ctxiter_self,                                                                \
        .next = ctxiter_next,                                                                \
    };
CTX_ITER_TYPE(type_ctx_keys, "keys")
CTX_ITER_TYPE(type_ctx_values, "values")
CTX_ITER_TYPE(type_ctx_items, "items")

static void add_class_getitem(Type *t)
{
    Value f = native_new("__class_getitem__", generic_class_getitem, VNULL);
    Value cm = OBJ_VAL(gc_new(&type_classmethod, sizeof(ObjStaticMethod)));
    ((ObjStaticMethod *)AS_OBJ(cm))->func = f;
    dict_set_str(t->dict, obj_names[N_class_getitem], cm);
}

static void ready(Type *t, const char *name, const MethodDef *methods)
{
    t->module = str_intern_cstr("_contextvars");
    t->name_str = str_intern_cstr(name);
    type_ready(t, methods);
}

Value mod_contextvars_init(void)
{
    if (!type_context.module) {
        ready(&type_context, "Context", context_methods);
        ready(&type_contextvar, "ContextVar", var_methods);
        ready(&type_token, "Token", NULL);
        type_ready(&type_token_missing, NULL);
        type_ready(&type_ctx_keys, NULL);
        type_ready(&type_ctx_values, NULL);
        type_ready(&type_ctx_items, NULL);
        /* a Context is a mapping without __hash__ */
        dict_set_str(type_context.dict, str_intern_cstr("__hash__"), NONE);
        exc_add_getset(&type_contextvar, "name", var_name, var_set_name);
        exc_add_getset(&type_token, "var", token_var, NULL);
        exc_add_getset(&type_token, "old_value", token_old_value, NULL);
        dict_set_str(type_token.dict, str_intern_cstr("MISSING"), OBJ_VAL(&token_missing));
        add_class_getitem(&type_contextvar);
        add_class_getitem(&type_token);
    }
    Value mv = module_new(str_intern_cstr("_contextvars"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "Context", OBJ_VAL(&type_context));
    module_add(m, "ContextVar", OBJ_VAL(&type_contextvar));
    module_add(m, "Token", OBJ_VAL(&type_token));
    module_add_fn(m, "copy_context", m_copy_context);
    return err_occurred() ? VNULL : mv;
}
