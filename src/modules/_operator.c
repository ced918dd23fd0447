/* modules/_operator.c — the C half of CPython's Lib/operator.py: every
 * operator as a function (operator.py does `from _operator import *` and
 * aliases the dunder names to these), and the itemgetter, attrgetter and
 * methodcaller types, with CPython 3.11's messages, reprs and
 * __reduce__.  The functions are thin: each calls the generic protocol
 * the VM itself uses for the operator (obj_binop, obj_richcmp, ...).
 */
#include "containers.h"
#include "gc.h"
#include "modsupport.h"
#include "modules.h"

/* ---- argument checks (CPython's clinic messages) ------------------------------- */

static int nokw(const char *name, ObjTuple *kw)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "_operator.%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

static int check_n(const char *name, int nargs, ObjTuple *kw, int n)
{
    if (nokw(name, kw) < 0)
        return -1;
    if (nargs == n)
        return 0;
    if (n == 1)
        err_format(exc_TypeError, "_operator.%s() takes exactly one argument (%d given)", name,
                   nargs);
    else
        err_format(exc_TypeError, "%s expected %d arguments, got %d", name, n, nargs);
    return -1;
}

/* ---- the operator functions ------------------------------------------------------ */

#define BINARY(X) \
    X(add, NB_ADD, "a + b") X(sub, NB_SUB, "a - b") X(mul, NB_MUL, "a * b") \
    X(matmul, NB_MATMUL, "a @ b") X(floordiv, NB_FLOORDIV, "a // b") \
    X(truediv, NB_TRUEDIV, "a / b") X(mod, NB_MOD, "a % b") X(lshift, NB_LSHIFT, "a << b") \
    X(rshift, NB_RSHIFT, "a >> b") X(and_, NB_AND, "a & b") X(xor, NB_XOR, "a ^ b") \
    X(or_, NB_OR, "a | b") X(pow, NB_POW, "a ** b")
#define INPLACE(X) \
    X(iadd, NB_ADD, "a += b") X(isub, NB_SUB, "a -= b") X(imul, NB_MUL, "a *= b") \
    X(imatmul, NB_MATMUL, "a @= b") X(ifloordiv, NB_FLOORDIV, "a //= b") \
    X(itruediv, NB_TRUEDIV, "a /= b") X(imod, NB_MOD, "a %= b") X(ilshift, NB_LSHIFT, "a <<= b") \
    X(irshift, NB_RSHIFT, "a >>= b") X(iand, NB_AND, "a &= b") X(ixor, NB_XOR, "a ^= b") \
    X(ior, NB_OR, "a |= b") X(ipow, NB_POW, "a **= b")
#define COMPARE(X) \
    X(lt, CMP_LT, "a < b") X(le, CMP_LE, "a <= b") X(eq, CMP_EQ, "a == b") \
    X(ne, CMP_NE, "a != b") X(gt, CMP_GT, "a > b") X(ge, CMP_GE, "a >= b")
#define UNARY(X) \
    X(neg, UN_NEG, "-a") X(pos, UN_POS, "+a") X(inv, UN_INVERT, "~a") X(invert, UN_INVERT, "~a")

#define DEF_BINARY(name, op, doc)                                           \
    static Value f_##name(Value *args, int nargs, ObjTuple *kw)             \
    {                                                                       \
        if (check_n(#name, nargs, kw, 2) < 0) return VNULL;                 \
        return obj_binop(args[0], args[1], op);                             \
    }
#define DEF_INPLACE(name, op, doc)                                          \
    static Value f_##name(Value *args, int nargs, ObjTuple *kw)             \
    {                                                                       \
        if (check_n(#name, nargs, kw, 2) < 0) return VNULL;                 \
        return obj_inplace_op(args[0], args[1], op);                        \
    }
#define DEF_COMPARE(name, op, doc)                                          \
    static Value f_##name(Value *args, int nargs, ObjTuple *kw)             \
    {                                                                       \
        if (check_n(#name, nargs, kw, 2) < 0) return VNULL;                 \
        return obj_richcmp(args[0], args[1], op);                           \
    }
#define DEF_UNARY(name, op, doc)                                            \
    static Value f_##name(Value *args, int nargs, ObjTuple *kw)             \
    {                                                                       \
        if (check_n(#name, nargs, kw, 1) < 0) return VNULL;                 \
        return obj_unary(args[0], op);                                      \
    }
BINARY(DEF_BINARY)
INPLACE(DEF_INPLACE)
COMPARE(DEF_COMPARE)
UNARY(DEF_UNARY)

static Value f_abs(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("abs", nargs, kw, 1) < 0)
        return VNULL;
    return obj_call1(dict_get_str(vm_builtins, str_intern_cstr("abs")), args[0]);
}

static Value f_not_(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("not_", nargs, kw, 1) < 0)
        return VNULL;
    int r = obj_truthy(args[0]);
    return r < 0 ? VNULL : BOOL_V(!r);
}

static Value f_truth(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("truth", nargs, kw, 1) < 0)
        return VNULL;
    int r = obj_truthy(args[0]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value f_index(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("index", nargs, kw, 1) < 0)
        return VNULL;
    return obj_index(args[0]);
}

static Value f_is_(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("is_", nargs, kw, 2) < 0)
        return VNULL;
    return BOOL_V(args[0] == args[1]);
}

static Value f_is_not(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("is_not", nargs, kw, 2) < 0)
        return VNULL;
    return BOOL_V(args[0] != args[1]);
}

static Value f_getitem(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("getitem", nargs, kw, 2) < 0)
        return VNULL;
    return obj_getitem(args[0], args[1]);
}

static Value f_setitem(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("setitem", nargs, kw, 3) < 0)
        return VNULL;
    return obj_setitem(args[0], args[1], args[2]) < 0 ? VNULL : NONE;
}

static Value f_delitem(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("delitem", nargs, kw, 2) < 0)
        return VNULL;
    return obj_setitem(args[0], args[1], VNULL) < 0 ? VNULL : NONE;
}

static Value f_contains(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("contains", nargs, kw, 2) < 0)
        return VNULL;
    int r = obj_contains(args[0], args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

/* PySequence_Check: has __getitem__ and is not a dict. */
static bool is_sequence(Value v)
{
    return !DICT_CHECK(v) && TYPE(v)->getitem;
}

static Value concat(const char *name, Value *args, int nargs, ObjTuple *kw, bool inplace)
{
    if (check_n(name, nargs, kw, 2) < 0)
        return VNULL;
    if (!is_sequence(args[0]) || !is_sequence(args[1]))
        return err_format(exc_TypeError, "'%T' object can't be concatenated", args[0]);
    return inplace ? obj_inplace_op(args[0], args[1], NB_ADD) : obj_binop(args[0], args[1], NB_ADD);
}

static Value f_concat(Value *args, int nargs, ObjTuple *kw)
{
    return concat("concat", args, nargs, kw, false);
}

static Value f_iconcat(Value *args, int nargs, ObjTuple *kw)
{
    return concat("iconcat", args, nargs, kw, true);
}

/* countOf / indexOf: CPython's _PySequence_IterSearch. */
static Value iter_search(const char *name, Value *args, int nargs, ObjTuple *kw, bool count)
{
    if (check_n(name, nargs, kw, 2) < 0)
        return VNULL;
    Value it = obj_iter(args[0]);
    if (!it) {
        if (err_matches(exc_TypeError)) {
            err_clear();
            return err_format(exc_TypeError, "argument of type '%T' is not iterable", args[0]);
        }
        return VNULL;
    }
    int64_t n = 0;
    for (int64_t i = 0;; i++) {
        Value x = obj_next(it);
        if (!x) {
            if (err_occurred())
                return VNULL;
            if (count)
                return int_from_i64(n);
            return err_set(exc_ValueError, "sequence.index(x): x not in sequence");
        }
        int eq = obj_eq(x, args[1]);
        if (eq < 0)
            return VNULL;
        if (eq) {
            if (!count)
                return int_from_i64(i);
            n++;
        }
    }
}

static Value f_countOf(Value *args, int nargs, ObjTuple *kw)
{
    return iter_search("countOf", args, nargs, kw, true);
}

static Value f_indexOf(Value *args, int nargs, ObjTuple *kw)
{
    return iter_search("indexOf", args, nargs, kw, false);
}

/* length_hint(obj, default=0): PyObject_LengthHint */
static Value f_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    if (nokw("length_hint", kw) < 0)
        return VNULL;
    if (nargs < 1 || nargs > 2)
        return err_format(exc_TypeError, "length_hint expected %s, got %d",
                          nargs < 1 ? "at least 1 argument" : "at most 2 arguments", nargs);
    int64_t dflt = 0;
    if (nargs > 1 && mod_index_ssize(args[1], &dflt) < 0)
        return VNULL;
    Value o = args[0];
    Type *t = TYPE(o);
    if (t->len) {
        int64_t n = obj_len(o);
        if (n >= 0)
            return int_from_i64(n);
        if (!err_matches(exc_TypeError))
            return VNULL;
        err_clear();
    }
    Value hint = type_lookup(t, str_intern_cstr("__length_hint__"));
    if (!hint)
        return int_from_i64(dflt);
    Value r = obj_call_found(hint, o, NULL, 0);
    if (!r) {
        if (!err_matches(exc_TypeError))
            return VNULL;
        err_clear();
        return int_from_i64(dflt);
    }
    if (r == NOTIMPL)
        return int_from_i64(dflt);
    if (!INT_CHECK(r))
        return err_format(exc_TypeError, "__length_hint__ must be an integer, not %T", r);
    int64_t n;
    if (mod_long_ssize(r, &n) < 0)
        return VNULL;
    if (n < 0)
        return err_set(exc_ValueError, "__length_hint__() should return >= 0");
    return int_from_i64(n);
}

static Value f_call(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_format(exc_TypeError, "call expected at least 1 argument, got %d", nargs);
    return obj_call(args[0], args + 1, nargs - 1, kw);
}

/* _compare_digest(a, b): a == b in time that depends only on len(b). */
static Value f_compare_digest(Value *args, int nargs, ObjTuple *kw)
{
    if (check_n("_compare_digest", nargs, kw, 2) < 0)
        return VNULL;
    Value a = args[0], b = args[1];
    const uint8_t *pa, *pb;
    int64_t na, nb;
    Buffer va = {0}, vb = {0};
    if (STR_CHECK(a) && STR_CHECK(b)) {
        if (!AS_STR(a)->ascii || !AS_STR(b)->ascii)
            return err_set(exc_TypeError,
                           "comparing strings with non-ASCII characters is not supported");
        pa = (const uint8_t *)AS_STR(a)->data;
        pb = (const uint8_t *)AS_STR(b)->data;
        na = AS_STR(a)->len;
        nb = AS_STR(b)->len;
    } else {
        if (!obj_has_buffer(a) && !obj_has_buffer(b))
            return err_format(exc_TypeError, "unsupported operand types(s) or combination of "
                              "types: '%T' and '%T'", a, b);
        if (obj_getbuffer(a, &va, BUF_SIMPLE) < 0)
            return VNULL;
        if (obj_getbuffer(b, &vb, BUF_SIMPLE) < 0) {
            buffer_release(&va);
            return VNULL;
        }
        pa = va.buf;
        pb = vb.buf;
        na = va.len;
        nb = vb.len;
    }
    /* walk b whatever a is: the time leaks len(b) only */
    const uint8_t *left = na == nb ? pa : pb;
    unsigned result = na == nb ? 0 : 1;
    for (int64_t i = 0; i < nb; i++)
        result |= (unsigned)(left[i] ^ pb[i]);
    if (va.obj)
        buffer_release(&va);
    if (vb.obj)
        buffer_release(&vb);
    return BOOL_V(result == 0);
}

/* ---- itemgetter ------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjTuple *items;
    int64_t index;   /* the one item as a C index when it is a small int >= 0, else -1 */
} ObjItemGetter;

typedef struct {
    Obj obj;
    ObjTuple *names;  /* the names as given ("a.b") */
    ObjTuple *parts;  /* per name, a tuple of its interned dotted parts */
} ObjAttrGetter;

typedef struct {
    Obj obj;
    ObjStr *name;
    ObjTuple *args;     /* positional arguments, then the keyword values */
    ObjTuple *kwnames;  /* NULL: none */
} ObjMethodCaller;

static Type type_itemgetter, type_attrgetter, type_methodcaller;

/* The callables' own check: one positional argument, no keywords. */
static int check_call(const char *name, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs != 1) {
        err_format(exc_TypeError, "%s expected 1 argument, got %d", name, nargs);
        return -1;
    }
    return 0;
}

static Value itemgetter_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (check_call("itemgetter", nargs < 1 ? 0 : 1, kw) < 0)
        return VNULL;
    ObjItemGetter *g = (ObjItemGetter *)gc_new(t, sizeof(ObjItemGetter));
    g->items = AS_TUPLE(tuple_from(args, nargs));
    g->index = nargs == 1 && IS_INT(args[0]) && AS_INT(args[0]) >= 0 ? AS_INT(args[0]) : -1;
    return OBJ_VAL(g);
}

static Value itemgetter_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    ObjItemGetter *g = (ObjItemGetter *)AS_OBJ(self);
    if (UNLIKELY(check_call("itemgetter", nargs, kw) < 0))
        return VNULL;
    Value o = args[0];
    if (g->index >= 0 && (IS_TUPLE(o) || IS_LIST(o))) {
        int64_t n = IS_TUPLE(o) ? AS_TUPLE(o)->len : AS_LIST(o)->len;
        if (g->index < n)
            return IS_TUPLE(o) ? AS_TUPLE(o)->items[g->index] : AS_LIST(o)->items[g->index];
    }
    if (g->items->len == 1)
        return obj_getitem(o, g->items->items[0]);
    Value r = tuple_new(g->items->len);
    if (!r)
        return VNULL;
    for (int64_t i = 0; i < g->items->len; i++) {
        Value v = obj_getitem(o, g->items->items[i]);
        if (!v)
            return VNULL;
        AS_TUPLE(r)->items[i] = v;
    }
    return r;
}

/* "operator.itemgetter(1)", "operator.itemgetter(1, 'a')"; "...(...)" when
 * recursive. */
static Value getter_repr(Value self, ObjTuple *shown)
{
    const char *name = TYPE(self)->name;
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return str_printf("%s(...)", name);
    Value rep = shown->len == 1 ? obj_repr(shown->items[0]) : obj_repr(OBJ_VAL(shown));
    repr_leave(self);
    if (!rep)
        return VNULL;
    return str_printf(shown->len == 1 ? "%s(%s)" : "%s%s", name, AS_STR(rep)->data);
}

static Value itemgetter_repr(Value self) { return getter_repr(self, ((ObjItemGetter *)AS_OBJ(self))->items); }

static Value m_itemgetter_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("itemgetter.__reduce__");
    return tuple_pack(2, OBJ_VAL(TYPE(args[0])), OBJ_VAL(((ObjItemGetter *)AS_OBJ(args[0]))->items));
}

static void itemgetter_trace(Obj *o) { gc_mark_obj(&((ObjItemGetter *)o)->items->obj); }

/* ---- attrgetter ----------------------------------------------------------------------- */

static Value attrgetter_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (check_call("attrgetter", nargs < 1 ? 0 : 1, kw) < 0)
        return VNULL;
    Value parts = tuple_new(nargs);
    if (!parts)
        return VNULL;
    for (int i = 0; i < nargs; i++) {
        if (!STR_CHECK(args[i]))
            return err_set(exc_TypeError, "attribute name must be a string");
        Value dot = str_from_cstr(".");
        Value split = dot ? obj_call_method(args[i], str_intern_cstr("split"), &dot, 1) : VNULL;
        if (!split)
            return VNULL;
        ObjList *l = AS_LIST(split);
        for (int64_t k = 0; k < l->len; k++)
            l->items[k] = OBJ_VAL(str_intern_obj(AS_STR(l->items[k])));
        Value pt = list_as_tuple(split);
        if (!pt)
            return VNULL;
        AS_TUPLE(parts)->items[i] = pt;
    }
    ObjAttrGetter *g = (ObjAttrGetter *)gc_new(t, sizeof(ObjAttrGetter));
    g->names = AS_TUPLE(tuple_from(args, nargs));
    g->parts = AS_TUPLE(parts);
    return OBJ_VAL(g);
}

static Value dotted_get(Value o, ObjTuple *parts)
{
    for (int64_t i = 0; i < parts->len && o; i++)
        o = obj_getattr(o, AS_STR(parts->items[i]));
    return o;
}

static Value attrgetter_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    ObjAttrGetter *g = (ObjAttrGetter *)AS_OBJ(self);
    if (UNLIKELY(check_call("attrgetter", nargs, kw) < 0))
        return VNULL;
    if (g->parts->len == 1)
        return dotted_get(args[0], AS_TUPLE(g->parts->items[0]));
    Value r = tuple_new(g->parts->len);
    if (!r)
        return VNULL;
    for (int64_t i = 0; i < g->parts->len; i++) {
        Value v = dotted_get(args[0], AS_TUPLE(g->parts->items[i]));
        if (!v)
            return VNULL;
        AS_TUPLE(r)->items[i] = v;
    }
    return r;
}

static Value attrgetter_repr(Value self) { return getter_repr(self, ((ObjAttrGetter *)AS_OBJ(self))->names); }

static Value m_attrgetter_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("attrgetter.__reduce__");
    return tuple_pack(2, OBJ_VAL(TYPE(args[0])), OBJ_VAL(((ObjAttrGetter *)AS_OBJ(args[0]))->names));
}

static void attrgetter_trace(Obj *o)
{
    gc_mark_obj(&((ObjAttrGetter *)o)->names->obj);
    gc_mark_obj(&((ObjAttrGetter *)o)->parts->obj);
}

/* ---- methodcaller --------------------------------------------------------------------- */

static Value methodcaller_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_set(exc_TypeError, "methodcaller needs at least one argument, the method name");
    if (!STR_CHECK(args[0]))
        return err_set(exc_TypeError, "method name must be a string");
    int nkw = kw ? (int)kw->len : 0;
    Value a = tuple_from(args + 1, nargs - 1 + nkw);
    if (!a)
        return VNULL;
    ObjMethodCaller *m = (ObjMethodCaller *)gc_new(t, sizeof(ObjMethodCaller));
    m->name = str_intern_obj(AS_STR(args[0]));
    m->args = AS_TUPLE(a);
    m->kwnames = nkw ? kw : NULL;
    return OBJ_VAL(m);
}

static Value methodcaller_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    ObjMethodCaller *m = (ObjMethodCaller *)AS_OBJ(self);
    if (UNLIKELY(check_call("methodcaller", nargs, kw) < 0))
        return VNULL;
    Value f = obj_getattr(args[0], m->name);
    if (!f)
        return VNULL;
    int nkw = m->kwnames ? (int)m->kwnames->len : 0;
    return obj_call(f, m->args->items, (int)m->args->len - nkw, m->kwnames);
}

static Value methodcaller_repr(Value self)
{
    ObjMethodCaller *m = (ObjMethodCaller *)AS_OBJ(self);
    const char *name = TYPE(self)->name;
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return str_printf("%s(...)", name);
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "%s(", name);
    int nkw = m->kwnames ? (int)m->kwnames->len : 0;
    int64_t npos = m->args->len - nkw;
    if (sb_addv(&b, OBJ_VAL(m->name), true) < 0)
        goto fail;
    for (int64_t i = 0; i < m->args->len; i++) {
        sb_add(&b, ", ", 2);
        if (i >= npos) {
            sb_adds(&b, AS_STR(m->kwnames->items[i - npos])->data);
            sb_addc(&b, '=');
        }
        if (sb_addv(&b, m->args->items[i], true) < 0)
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

/* (type, (name, *args)), or with keywords
 * (functools.partial(type, name, **kwargs), args) */
static Value m_methodcaller_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("methodcaller.__reduce__");
    ObjMethodCaller *m = (ObjMethodCaller *)AS_OBJ(args[0]);
    int nkw = m->kwnames ? (int)m->kwnames->len : 0;
    int64_t npos = m->args->len - nkw;
    Value type = OBJ_VAL(TYPE(args[0]));
    if (!nkw) {
        Value a = tuple_new(npos + 1);
        if (!a)
            return VNULL;
        AS_TUPLE(a)->items[0] = OBJ_VAL(m->name);
        memcpy(AS_TUPLE(a)->items + 1, m->args->items, (size_t)npos * sizeof(Value));
        return tuple_pack(2, type, a);
    }
    Value ft = vm_import(str_intern_cstr("_functools"));
    Value partial = ft ? obj_getattr(ft, str_intern_cstr("partial")) : VNULL;
    if (!partial)
        return VNULL;
    Value pa[2 + 64];
    if (nkw > 64)
        return err_set(exc_OverflowError, "too many keyword arguments");
    pa[0] = type;
    pa[1] = OBJ_VAL(m->name);
    memcpy(pa + 2, m->args->items + npos, (size_t)nkw * sizeof(Value));
    Value p = obj_call(partial, pa, 2, m->kwnames);
    Value a = p ? tuple_from(m->args->items, npos) : VNULL;
    return a ? tuple_pack(2, p, a) : VNULL;
}

static void methodcaller_trace(Obj *o)
{
    ObjMethodCaller *m = (ObjMethodCaller *)o;
    gc_mark_obj(&m->name->obj);
    gc_mark_obj(&m->args->obj);
    gc_mark_obj((Obj *)m->kwnames);
}

static const MethodDef itemgetter_methods[] = {{"__reduce__", m_itemgetter_reduce}, {NULL, NULL}};
static const MethodDef attrgetter_methods[] = {{"__reduce__", m_attrgetter_reduce}, {NULL, NULL}};
static const MethodDef methodcaller_methods[] = {{"__reduce__", m_methodcaller_reduce}, {NULL, NULL}};

static Type type_itemgetter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "operator.itemgetter",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjItemGetter),
    .tp_new = itemgetter_new,
    .trace = itemgetter_trace,
    .repr = itemgetter_repr,
    .call = itemgetter_call,
};

static Type type_attrgetter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "operator.attrgetter",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjAttrGetter),
    .tp_new = attrgetter_new,
    .trace = attrgetter_trace,
    .repr = attrgetter_repr,
    .call = attrgetter_call,
};

static Type type_methodcaller = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "operator.methodcaller",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjMethodCaller),
    .tp_new = methodcaller_new,
    .trace = methodcaller_trace,
    .repr = methodcaller_repr,
    .call = methodcaller_call,
};

/* ---- the module --------------------------------------------------------------------------- */

typedef struct { const char *name; NativeFn fn; const char *doc; } OpDef;

#define ROW(name, op, doc) {#name, f_##name, "Same as " doc "."},
static const OpDef op_functions[] = {
    BINARY(ROW) INPLACE(ROW) COMPARE(ROW) UNARY(ROW)
    {"abs", f_abs, "Same as abs(a)."},
    {"not_", f_not_, "Same as not a."},
    {"truth", f_truth, "Return True if a is true, False otherwise."},
    {"index", f_index, "Same as a.__index__()"},
    {"is_", f_is_, "Same as a is b."},
    {"is_not", f_is_not, "Same as a is not b."},
    {"getitem", f_getitem, "Same as a[b]."},
    {"setitem", f_setitem, "Same as a[b] = c."},
    {"delitem", f_delitem, "Same as del a[b]."},
    {"contains", f_contains, "Same as b in a (note reversed operands)."},
    {"concat", f_concat, "Same as a + b, for a and b sequences."},
    {"iconcat", f_iconcat, "Same as a += b, for a and b sequences."},
    {"countOf", f_countOf, "Return the number of items in a which are, or which equal, b."},
    {"indexOf", f_indexOf, "Return the first index of b in a."},
    {"length_hint", f_length_hint,
     "Return an estimate of the number of items in obj.\n\n"
     "This is useful for presizing containers when building from an iterable.\n\n"
     "If the object supports len(), the result will be exact.\n"
     "Otherwise, it may over- or under-estimate by an arbitrary amount.\n"
     "The result will be an integer >= 0."},
    {"call", f_call, "Same as obj(*args, **kwargs)."},
    {"_compare_digest", f_compare_digest,
     "Return 'a == b'.\n\n"
     "This function uses an approach designed to prevent\n"
     "timing analysis, making it appropriate for cryptography.\n\n"
     "a and b must both be of the same type: either str (ASCII only),\n"
     "or any bytes-like object.\n\n"
     "Note: If a and b are of different lengths, or if an error occurs,\n"
     "a timing attack could theoretically reveal information about the\n"
     "types and lengths of a and b--but not their values."},
    {NULL, NULL, NULL},
};
#undef ROW

static bool types_ready;

Value mod_operator_init(void)
{
    if (!types_ready) {
        types_ready = true;
        /* heap types in CPython 3.11: __module__ is in their dict */
        Type *types[] = {&type_itemgetter, &type_attrgetter, &type_methodcaller};
        const MethodDef *methods[] = {itemgetter_methods, attrgetter_methods, methodcaller_methods};
        const char *docs[] = {
            "itemgetter(item, ...) --> itemgetter object\n\n"
            "Return a callable object that fetches the given item(s) from its operand.\n"
            "After f = itemgetter(2), the call f(r) returns r[2].\n"
            "After g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])",
            "attrgetter(attr, ...) --> attrgetter object\n\n"
            "Return a callable object that fetches the given attribute(s) from its operand.\n"
            "After f = attrgetter('name'), the call f(r) returns r.name.\n"
            "After g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\n"
            "After h = attrgetter('name.first', 'name.last'), the call h(r) returns\n"
            "(r.name.first, r.name.last).",
            "methodcaller(name, ...) --> methodcaller object\n\n"
            "Return a callable object that calls the given method on its operand.\n"
            "After f = methodcaller('name'), the call f(r) returns r.name().\n"
            "After g = methodcaller('name', 'date', foo=1), the call g(r) returns\n"
            "r.name('date', foo=1).",
        };
        for (int i = 0; i < 3; i++) {
            mod_type_ready(types[i], "operator", methods[i], docs[i]);
            dict_set_str(types[i]->dict, obj_names[N_module], OBJ_VAL(types[i]->module));
        }
    }
    Value m = module_new(str_intern_cstr("_operator"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__",
               str_from_cstr("Operator interface.\n\n"
                             "This module exports a set of functions implemented in C corresponding\n"
                             "to the intrinsic operators of Python.  For example, operator.add(x, y)\n"
                             "is equivalent to the expression x+y.  The function names are those\n"
                             "used for special methods; variants without leading and trailing\n"
                             "'__' are also provided for convenience."));
    for (const OpDef *d = op_functions; d->name; d++) {
        Value f = native_new(d->name, d->fn, VNULL);
        AS_NATIVE(f)->doc = d->doc;
        module_add(mod, d->name, f);
    }
    module_add(mod, "itemgetter", OBJ_VAL(&type_itemgetter));
    module_add(mod, "attrgetter", OBJ_VAL(&type_attrgetter));
    module_add(mod, "methodcaller", OBJ_VAL(&type_methodcaller));
    return m;
}
