/* excgroup.c — BaseExceptionGroup and ExceptionGroup (PEP 654), and what
 * the VM's `except*` needs from them.
 *
 * A group is an ObjException with two more fields, the message (a str) and
 * the nested exceptions (a non-empty tuple), exposed as read-only members.
 * BaseExceptionGroup(msg, excs) makes an ExceptionGroup when every nested
 * exception is an Exception; ExceptionGroup refuses BaseExceptions.
 *
 * split() and subgroup() walk the tree: a node that matches is kept whole,
 * a leaf that does not goes to the rest, and a group that matches in part
 * is rebuilt from its matching (or remaining) children by calling its
 * derive() — so subclasses decide what the copies are — and the copy gets
 * the original's __traceback__, __cause__, __context__ and a copy of its
 * __notes__.  The same walk, matching leaves by identity, projects the
 * original group onto the exceptions an `except*` clause re-raised
 * (excgroup_prep_reraise), as CPython's _PyExc_PrepReraiseStar does.
 */
#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"

typedef struct {
    ObjException base;
    Value msg;  /* str */
    Value excs; /* tuple, never empty */
} ObjExcGroup;

#define AS_EG(v) ((ObjExcGroup *)AS_OBJ(v))

Type *exc_BaseExceptionGroup, *exc_ExceptionGroup;
static Type type_base_eg, type_eg;
static ObjStr *s_derive, *s_split, *s_notes;

bool excgroup_check(Value v)
{
    return IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_base_eg);
}

ObjTuple *excgroup_exceptions(Value eg)
{
    return AS_TUPLE(AS_EG(eg)->excs);
}

static void eg_trace(Obj *o)
{
    exc_trace(o);
    gc_mark(((ObjExcGroup *)o)->msg);
    gc_mark(((ObjExcGroup *)o)->excs);
}

/* PySequence_Check: anything with __getitem__ that is not a mapping. */
static bool is_sequence(Value v)
{
    if (IS_LIST(v) || IS_TUPLE(v))
        return true;
    if (!IS_OBJ(v) || IS_DICT(v))
        return false;
    return type_lookup(TYPE(v), obj_names[N_getitem]) != VNULL;
}

/* BaseExceptionGroup.__new__(cls, message, exceptions). */
static Value eg_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs != 2)
        return err_format(exc_TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d given)",
                          nargs);
    Value msg = args[0], seq = args[1];
    if (!IS_STR(msg))
        return err_format(exc_TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not %T", msg);
    if (!is_sequence(seq))
        return err_set(exc_TypeError, "second argument (exceptions) must be a sequence");
    Value excs;
    if (IS_TUPLE(seq)) {
        excs = seq;
    } else {
        Value l = IS_LIST(seq) ? seq : obj_to_list(seq);
        if (!l)
            return VNULL;
        excs = tuple_from(AS_LIST(l)->items, AS_LIST(l)->len);
        if (!excs)
            return VNULL;
    }
    ObjTuple *et = AS_TUPLE(excs);
    if (et->len == 0)
        return err_set(exc_ValueError, "second argument (exceptions) must be a non-empty sequence");
    bool nested_base = false;
    for (int64_t i = 0; i < et->len; i++) {
        if (!IS_EXCEPTION(et->items[i]))
            return err_format(exc_ValueError, "Item %lld of second argument (exceptions) is not an exception",
                              (long long)i);
        if (!obj_isinstance(et->items[i], exc_Exception))
            nested_base = true;
    }
    Type *cls = t;
    if (t == &type_eg) {
        if (nested_base)
            return err_set(exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
    } else if (t == &type_base_eg) {
        if (!nested_base)
            cls = &type_eg;
    } else if (nested_base && type_is_subtype(t, exc_Exception)) {
        return err_format(exc_TypeError, "Cannot nest BaseExceptions in '%s'", t->name);
    }
    /* baton calls no __init__ after a built-in type's tp_new: refuse its
     * keywords here, as BaseExceptionGroup.__init__ would */
    if (kwnames && kwnames->len && !(t->flags & TF_HEAPTYPE))
        return err_format(exc_TypeError, "%s() takes no keyword arguments", cls->name);
    Value self = exc_new(cls, NULL);
    if (!self)
        return VNULL;
    Value a = tuple_from(args, nargs);
    if (!a)
        return VNULL;
    AS_EXC(self)->args = AS_TUPLE(a);
    AS_EG(self)->msg = msg;
    AS_EG(self)->excs = excs;
    return self;
}

Value excgroup_new(Value msg, Value excs)
{
    Value a[2] = {msg, excs};
    return eg_tp_new(&type_base_eg, a, 2, NULL);
}

static bool eg_self(Value *args, int nargs, const char *meth)
{
    if (nargs >= 1 && excgroup_check(args[0]))
        return true;
    err_format(exc_TypeError, "descriptor '%s' for 'BaseExceptionGroup' objects doesn't apply to a '%s' object",
               meth, nargs >= 1 ? TYPE(args[0])->name : "NoneType");
    return false;
}

static Value m_init(Value *args, int nargs, ObjTuple *kw)
{
    if (!eg_self(args, nargs, "__init__"))
        return VNULL;
    if (kw && kw->len)
        return err_format(exc_TypeError, "%s() takes no keyword arguments", TYPE(args[0])->name);
    Value a = tuple_from(args + 1, nargs - 1);
    if (!a)
        return VNULL;
    AS_EXC(args[0])->args = AS_TUPLE(a);
    return NONE;
}

static Value eg_str(Value self)
{
    int64_t n = AS_TUPLE(AS_EG(self)->excs)->len;
    return str_printf("%s (%lld sub-exception%s)", AS_STR(AS_EG(self)->msg)->data, (long long)n,
                      n > 1 ? "s" : "");
}

static Value m_str(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !excgroup_check(args[0]))
        return err_format(exc_TypeError,
                          "descriptor '__str__' requires a 'BaseExceptionGroup' object but received a '%s'",
                          nargs < 1 ? "NoneType" : TYPE(args[0])->name);
    if (args_check("__str__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return eg_str(args[0]);
}

static Value m_derive(Value *args, int nargs, ObjTuple *kw)
{
    if (!eg_self(args, nargs, "derive"))
        return VNULL;
    if (kw && kw->len)
        return err_set(exc_TypeError, "derive() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "function takes exactly 1 argument (%d given)", nargs - 1);
    return excgroup_new(AS_EG(args[0])->msg, args[1]);
}

/* ---- split ------------------------------------------------------------ */

enum { MATCH_TYPE, MATCH_PREDICATE, MATCH_LEAVES };

static int matcher_kind(Value m)
{
    if (TYPE(m)->call && !IS_TYPEOBJ(m))
        return MATCH_PREDICATE;
    if (IS_TYPEOBJ(m) && (AS_TYPE(m)->flags & TF_EXCEPTION))
        return MATCH_TYPE;
    if (IS_TUPLE(m)) {
        ObjTuple *t = AS_TUPLE(m);
        int64_t i = 0;
        while (i < t->len && IS_TYPEOBJ(t->items[i]) && (AS_TYPE(t->items[i])->flags & TF_EXCEPTION))
            i++;
        if (i == t->len)
            return MATCH_TYPE;
    }
    err_set(exc_TypeError, "expected a function, exception type or tuple of exception types");
    return -1;
}

/* isinstance(exc, types) for an exception class or a tuple of them. */
static bool exc_matches(Value exc, Value types)
{
    if (IS_TUPLE(types)) {
        for (int64_t i = 0; i < AS_TUPLE(types)->len; i++)
            if (type_is_subtype(TYPE(exc), AS_TYPE(AS_TUPLE(types)->items[i])))
                return true;
        return false;
    }
    return type_is_subtype(TYPE(exc), AS_TYPE(types));
}

static int leaf_in(Value list, Value exc)
{
    ObjList *l = AS_LIST(list);
    for (int64_t i = 0; i < l->len; i++)
        if (l->items[i] == exc)
            return 1;
    return 0;
}

static int check_match(Value exc, int kind, Value m)
{
    switch (kind) {
    case MATCH_TYPE: return exc_matches(exc, m);
    case MATCH_PREDICATE: {
        Value r = obj_call1(m, exc);
        return r ? obj_truthy(r) : -1;
    }
    default: return leaf_in(m, exc);
    }
}

/* A copy of group `orig` holding `excs` (a list, non-empty) made by its
 * derive(), with orig's metadata; VNULL on error. */
static Value subset(Value orig, Value excs)
{
    Value eg = obj_call_method(orig, s_derive, &excs, 1);
    if (!eg)
        return VNULL;
    if (!excgroup_check(eg))
        return err_set(exc_TypeError, "derive must return an instance of BaseExceptionGroup");
    ObjException *o = AS_EXC(orig), *e = AS_EXC(eg);
    if (o->traceback)
        e->traceback = o->traceback;
    e->context = o->context;
    e->cause = o->cause;
    e->suppress_context = true; /* PyException_SetCause sets it, even to None */
    Value notes = obj_getattr_opt(orig, s_notes);
    if (!notes && vm_cur->exc)
        return VNULL;
    if (notes && is_sequence(notes)) {
        Value copy = obj_to_list(notes);
        if (!copy || obj_setattr(eg, s_notes, copy) < 0)
            return VNULL;
    }
    return eg;
}

static int split_rec(Value exc, int kind, Value m, Value *match, Value *rest);

static int split_child(Value exc, int kind, Value m, Value *match, Value *rest)
{
    /* counted against the recursion limit, as CPython does: a group nested
     * 2000 deep raises RecursionError */
    if (obj_enter_recursive(" in exceptiongroup_split_recursive") < 0)
        return -1;
    int r = split_rec(exc, kind, m, match, rest);
    obj_leave_recursive();
    return r;
}

/* Split exc by the matcher into *match and (when rest is not NULL) *rest,
 * each VNULL when empty.  -1 on error. */
static int split_rec(Value exc, int kind, Value m, Value *match, Value *rest)
{
    *match = VNULL;
    if (rest)
        *rest = VNULL;
    int is = check_match(exc, kind, m);
    if (is < 0)
        return -1;
    if (is) {
        *match = exc;
        return 0;
    }
    if (!excgroup_check(exc)) {
        if (rest)
            *rest = exc;
        return 0;
    }
    ObjTuple *excs = AS_TUPLE(AS_EG(exc)->excs);
    Value ml = list_new(0), rl = rest ? list_new(0) : VNULL;
    if (!ml || (rest && !rl))
        return -1;
    for (int64_t i = 0; i < excs->len; i++) {
        Value sm, sr;
        if (split_child(excs->items[i], kind, m, &sm, rest ? &sr : NULL) < 0)
            return -1;
        if (sm && list_append(ml, sm) < 0)
            return -1;
        if (rest && sr && list_append(rl, sr) < 0)
            return -1;
    }
    if (AS_LIST(ml)->len && !(*match = subset(exc, ml)))
        return -1;
    if (rest && AS_LIST(rl)->len && !(*rest = subset(exc, rl)))
        return -1;
    return 0;
}

static Value split_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool want_rest)
{
    if (!eg_self(args, nargs, name))
        return VNULL;
    if (kw && kw->len)
        return err_format(exc_TypeError, "BaseExceptionGroup.%s() takes no keyword arguments", name);
    if (nargs != 2)
        return err_format(exc_TypeError, "%s expected 1 argument, got %d", name, nargs - 1);
    int kind = matcher_kind(args[1]);
    if (kind < 0)
        return VNULL;
    Value match, rest;
    if (split_rec(args[0], kind, args[1], &match, want_rest ? &rest : NULL) < 0)
        return VNULL;
    if (!want_rest)
        return match ? match : NONE;
    return tuple_pack(2, match ? match : NONE, rest ? rest : NONE);
}

static Value m_split(Value *args, int nargs, ObjTuple *kw)
{
    return split_common(args, nargs, kw, "split", true);
}

static Value m_subgroup(Value *args, int nargs, ObjTuple *kw)
{
    return split_common(args, nargs, kw, "subgroup", false);
}

/* ---- except* ---------------------------------------------------------- */

int excgroup_check_star_type(Value type)
{
    bool bad = false, is_group = false;
    if (IS_TUPLE(type)) {
        ObjTuple *t = AS_TUPLE(type);
        for (int64_t i = 0; i < t->len && !bad; i++) {
            Value c = t->items[i];
            bad = !IS_TYPEOBJ(c) || !(AS_TYPE(c)->flags & TF_EXCEPTION);
        }
        for (int64_t i = 0; i < t->len && !bad && !is_group; i++)
            is_group = type_is_subtype(AS_TYPE(t->items[i]), &type_base_eg);
    } else {
        bad = !IS_TYPEOBJ(type) || !(AS_TYPE(type)->flags & TF_EXCEPTION);
        is_group = !bad && type_is_subtype(AS_TYPE(type), &type_base_eg);
    }
    if (bad) {
        err_set(exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        return -1;
    }
    if (is_group) {
        err_set(exc_TypeError, "catching ExceptionGroup with except* is not allowed. Use except instead.");
        return -1;
    }
    return 0;
}

int excgroup_match(Value exc, Value type, Value *match, Value *rest)
{
    if (IS_NONE(exc)) {
        *match = *rest = NONE;
        return 0;
    }
    if (exc_matches(exc, type)) {
        if (excgroup_check(exc)) {
            *match = exc;
        } else {
            /* a naked exception: wrapped, the group has no traceback */
            Value one = tuple_pack(1, exc);
            Value empty = str_new("", 0);
            if (!one || !empty || !(*match = excgroup_new(empty, one)))
                return -1;
        }
        *rest = NONE;
        return 0;
    }
    if (excgroup_check(exc)) {
        Value pair = obj_call_method(exc, s_split, &type, 1);
        if (!pair)
            return -1;
        /* a script's split() may return anything: never let a non-exception
         * become the handled exception */
        if (!IS_TUPLE(pair) || AS_TUPLE(pair)->len != 2 ||
            !(IS_NONE(AS_TUPLE(pair)->items[0]) || IS_EXCEPTION(AS_TUPLE(pair)->items[0])) ||
            !(IS_NONE(AS_TUPLE(pair)->items[1]) || IS_EXCEPTION(AS_TUPLE(pair)->items[1]))) {
            err_set(exc_TypeError, "split() must return a pair of exceptions or None");
            return -1;
        }
        *match = AS_TUPLE(pair)->items[0];
        *rest = AS_TUPLE(pair)->items[1];
        return 0;
    }
    *match = NONE;
    *rest = exc;
    return 0;
}

static int collect_leaves(Value exc, Value out)
{
    if (IS_NONE(exc))
        return 0;
    if (!excgroup_check(exc))
        return list_append(out, exc);
    if (obj_enter_recursive(" in collect_exception_group_leaf_ids") < 0)
        return -1;
    ObjTuple *excs = AS_TUPLE(AS_EG(exc)->excs);
    int r = 0;
    for (int64_t i = 0; i < excs->len && r == 0; i++)
        r = collect_leaves(excs->items[i], out);
    obj_leave_recursive();
    return r;
}

static bool same_metadata(Value a, Value b)
{
    ObjException *x = AS_EXC(a), *y = AS_EXC(b);
    return x->traceback == y->traceback && x->cause == y->cause && x->context == y->context;
}

Value excgroup_prep_reraise(Value orig, Value excs)
{
    ObjList *l = AS_LIST(excs);
    if (l->len == 0)
        return NONE;
    if (!excgroup_check(orig)) {
        /* a naked exception was caught (wrapped): at most one clause ran */
        return l->items[0];
    }
    Value raised = list_new(0), reraised = list_new(0), leaves = list_new(0);
    if (!raised || !reraised || !leaves)
        return VNULL;
    for (int64_t i = 0; i < l->len; i++) {
        Value e = l->items[i];
        if (IS_NONE(e))
            continue;
        if (list_append(same_metadata(e, orig) ? reraised : raised, e) < 0)
            return VNULL;
    }
    for (int64_t i = 0; i < AS_LIST(reraised)->len; i++)
        if (collect_leaves(AS_LIST(reraised)->items[i], leaves) < 0)
            return VNULL;
    Value kept;
    if (split_rec(orig, MATCH_LEAVES, leaves, &kept, NULL) < 0)
        return VNULL;
    if (AS_LIST(raised)->len == 0)
        return kept ? kept : NONE;
    if (kept && list_append(raised, kept) < 0)
        return VNULL;
    if (AS_LIST(raised)->len == 1)
        return AS_LIST(raised)->items[0];
    Value empty = str_new("", 0);
    return empty ? excgroup_new(empty, raised) : VNULL;
}

/* ---- start-up --------------------------------------------------------- */

static const MethodDef eg_methods[] = {
    {"__init__", m_init},
    {"__str__", m_str},
    {"derive", m_derive},
    {"split", m_split},
    {"subgroup", m_subgroup},
    {NULL, NULL},
};

static Type type_base_eg = {
    .name = "BaseExceptionGroup",
    .kind = KIND_EXCEPTION,
    .inst_size = sizeof(ObjExcGroup),
    .flags = TF_BASETYPE | TF_EXCEPTION | TF_HAS_DICT,
    .tp_new = eg_tp_new,
    .trace = eg_trace,
    .str = eg_str,
};

static Type type_eg = {
    .name = "ExceptionGroup",
    .kind = KIND_EXCEPTION,
    .inst_size = sizeof(ObjExcGroup),
    .flags = TF_BASETYPE | TF_EXCEPTION | TF_HAS_DICT,
};

void excgroup_init(void)
{
    s_derive = str_intern_cstr("derive");
    gc_add_root_obj((Obj **)&s_derive);
    s_split = str_intern_cstr("split");
    gc_add_root_obj((Obj **)&s_split);
    s_notes = str_intern_cstr("__notes__");
    gc_add_root_obj((Obj **)&s_notes);
    exc_BaseExceptionGroup = &type_base_eg;
    exc_ExceptionGroup = &type_eg;
    type_base_eg.base = exc_BaseException;
    type_ready(&type_base_eg, eg_methods);
    dict_set_str(type_base_eg.dict, str_intern_cstr("message"),
                 member_descr_new_readonly(&type_base_eg, str_intern_cstr("message"),
                                           offsetof(ObjExcGroup, msg)));
    dict_set_str(type_base_eg.dict, str_intern_cstr("exceptions"),
                 member_descr_new_readonly(&type_base_eg, str_intern_cstr("exceptions"),
                                           offsetof(ObjExcGroup, excs)));
    Value f = native_new("__class_getitem__", generic_class_getitem, VNULL);
    Value cm = OBJ_VAL(gc_new(&type_classmethod, sizeof(ObjStaticMethod)));
    ((ObjStaticMethod *)AS_OBJ(cm))->func = f;
    dict_set_str(type_base_eg.dict, obj_names[N_class_getitem], cm);
    dict_set_str(type_base_eg.dict, obj_names[N_doc],
                 str_from_cstr("A combination of multiple unrelated exceptions."));

    /* ExceptionGroup(BaseExceptionGroup, Exception) */
    type_eg.base = &type_base_eg;
    type_eg.bases = AS_TUPLE(tuple_pack(2, OBJ_VAL(&type_base_eg), OBJ_VAL(exc_Exception)));
    type_eg.mro = AS_TUPLE(tuple_pack(5, OBJ_VAL(&type_eg), OBJ_VAL(&type_base_eg), OBJ_VAL(exc_Exception),
                                      OBJ_VAL(exc_BaseException), OBJ_VAL(&type_object)));
    type_ready(&type_eg, NULL);
}
