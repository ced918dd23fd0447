/* structseq.c — struct sequences (see structseq.h): the tuple-like result
 * types of os.stat(), time.localtime(), os.uname() and the like.
 *
 * The slots work on the ObjTuple layout directly and treat the visible
 * fields as the tuple, so a struct sequence compares equal to the tuple of
 * its visible fields, hashes like it, and unpacks like it.  Named fields are
 * read-only member descriptors (descr.c) in the type's dict, as CPython's.
 */
#include "containers.h"
#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "structseq.h"

const char structseq_unnamed[] = "unnamed field";

/* ---- instances ---------------------------------------------------------- */

/* The struct sequence type t is or derives from. */
static StructSeqType *ss_type(Type *t)
{
    while (t->base && t->base != &type_tuple)
        t = t->base;
    return (StructSeqType *)t;
}

static void ss_trace(Obj *o);

bool structseq_check(Value v)
{
    if (!IS_OBJ(v))
        return false;
    Type *t = AS_OBJ(v)->type;
    return t != &type_tuple && t->trace == ss_trace;
}

static ObjTuple *ss_alloc(Type *t)
{
    StructSeqType *st = ss_type(t);
    ObjTuple *o = (ObjTuple *)gc_new(t, sizeof(ObjTuple) + (size_t)st->n_fields * sizeof(Value));
    o->len = st->n_sequence;
    o->hash = -1;
    for (int i = 0; i < st->n_fields; i++)
        o->items[i] = NONE;
    return o;
}

Value structseq_new(StructSeqType *t)
{
    return OBJ_VAL(ss_alloc(&t->type));
}

static void ss_trace(Obj *o)
{
    StructSeqType *st = ss_type(o->type);
    ObjTuple *t = (ObjTuple *)o;
    for (int i = 0; i < st->n_fields; i++)
        gc_mark(t->items[i]);
}

/* The name of the i-th named field (CPython's repr walks the members,
 * which skip unnamed fields, alongside the visible items). */
static const char *nth_named(StructSeqType *st, int i)
{
    for (const char *const *f = st->desc->fields; *f; f++)
        if (*f != structseq_unnamed && i-- == 0)
            return *f;
    return "?";
}

static Value ss_repr(Value self)
{
    ObjTuple *t = AS_TUPLE(self);
    StructSeqType *st = ss_type(AS_OBJ(self)->type);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, st->type.name);
    sb_addc(&b, '(');
    for (int64_t i = 0; i < t->len; i++) {
        if (i)
            sb_add(&b, ", ", 2);
        sb_adds(&b, nth_named(st, (int)i));
        sb_addc(&b, '=');
        if (sb_addv(&b, t->items[i], true) < 0) {
            sb_free(&b);
            return VNULL;
        }
    }
    sb_addc(&b, ')');
    return sb_finish(&b);
}

static int ss_hash(Value self, int64_t *out)
{
    ObjTuple *t = AS_TUPLE(self);
    if (t->hash == -1) {
        int err;
        int64_t h = tuple_hash_items(t->items, t->len, &err);
        if (err)
            return -1;
        t->hash = h;
    }
    *out = t->hash;
    return 0;
}

static bool tuple_like(Value v)
{
    return IS_TUPLE(v) || structseq_check(v);
}

static Value ss_richcmp(Value a, Value b, int op)
{
    if (!tuple_like(a) || !tuple_like(b))
        return NOTIMPL;
    ObjTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
    return seq_richcompare(x->items, x->len, y->items, y->len, op);
}

static int64_t ss_len(Value self) { return AS_TUPLE(self)->len; }

/* A plain tuple of the visible fields. */
static Value as_tuple(Value self)
{
    return tuple_from(AS_TUPLE(self)->items, AS_TUPLE(self)->len);
}

static Value ss_getitem(Value self, Value key)
{
    Value t = as_tuple(self);
    return t ? obj_getitem(t, key) : VNULL;
}

static int ss_contains(Value self, Value item)
{
    Value t = as_tuple(self);
    return t ? obj_contains(t, item) : -1;
}

static Value ss_iter(Value self)
{
    Value t = as_tuple(self);
    return t ? obj_iter(t) : VNULL;
}

static Value plain(Value v)
{
    return structseq_check(v) ? as_tuple(v) : v;
}

static Value ss_add(Value a, Value b)
{
    Value x = plain(a), y = x ? plain(b) : VNULL;
    return y ? obj_binop(x, y, NB_ADD) : VNULL;
}

static Value ss_mul(Value a, Value b)
{
    Value x = plain(a), y = x ? plain(b) : VNULL;
    return y ? obj_binop(x, y, NB_MUL) : VNULL;
}

/* T(sequence, dict=None): the visible fields from the sequence, the rest
 * from the sequence's tail or else from dict by name, else None. */
Value structseq_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"sequence", "dict", NULL};
    Value a[2];
    if (args_parse("structseq", args, nargs, kwnames, params, 1, 2, a) < 0)
        return VNULL;
    StructSeqType *st = ss_type(t);
    Value seq = a[0];
    if (!IS_TUPLE(seq) && !IS_LIST(seq)) {
        if (!IS_OBJ(seq) || !TYPE(seq)->iter) {
            if (!IS_OBJ(seq) || !TYPE(seq)->getitem || IS_DICT(seq))
                return err_set(exc_TypeError, "constructor requires a sequence");
        }
        seq = obj_to_tuple(seq);
        if (!seq)
            return VNULL;
    }
    Value dict = a[1] && !IS_NONE(a[1]) ? a[1] : VNULL;
    if (dict && !IS_DICT(dict))
        return err_format(exc_TypeError, "%s() takes a dict as second arg, if any", st->type.name);
    const Value *items = IS_LIST(seq) ? AS_LIST(seq)->items : AS_TUPLE(seq)->items;
    int64_t len = IS_LIST(seq) ? AS_LIST(seq)->len : AS_TUPLE(seq)->len;
    int64_t min = st->n_sequence, max = st->n_fields;
    if (len < min || len > max) {
        if (min == max)
            return err_format(exc_TypeError, "%s() takes a %lld-sequence (%lld-sequence given)",
                              st->type.name, (long long)min, (long long)len);
        if (len < min)
            return err_format(exc_TypeError,
                              "%s() takes an at least %lld-sequence (%lld-sequence given)",
                              st->type.name, (long long)min, (long long)len);
        return err_format(exc_TypeError, "%s() takes an at most %lld-sequence (%lld-sequence given)",
                          st->type.name, (long long)max, (long long)len);
    }
    ObjTuple *o = ss_alloc(t);
    for (int64_t i = 0; i < len; i++)
        o->items[i] = items[i];
    for (int64_t i = len; i < max; i++) {
        const char *name = st->desc->fields[i];
        if (!dict || name == structseq_unnamed)
            continue;
        Value key = str_from_cstr(name);
        Value v = key ? dict_get(dict, key) : VNULL;
        if (v)
            o->items[i] = v;
        else if (err_occurred())
            return VNULL;
    }
    return OBJ_VAL(o);
}

/* ---- methods ------------------------------------------------------------ */

static Value m_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value self = args[0];
    StructSeqType *st = ss_type(AS_OBJ(self)->type);
    Value vis = as_tuple(self), d = dict_new();
    if (!vis || !d)
        return VNULL;
    for (int i = st->n_sequence; i < st->n_fields; i++) {
        const char *name = st->desc->fields[i];
        if (name == structseq_unnamed)
            continue;
        Value key = str_from_cstr(name);
        if (!key || dict_set(d, key, AS_TUPLE(self)->items[i]) < 0)
            return VNULL;
    }
    Value inner = tuple_pack(2, vis, d);
    return inner ? tuple_pack(2, OBJ_VAL(AS_OBJ(self)->type), inner) : VNULL;
}

/* count and index: tuple's, on the visible fields. */
static Value tuple_method(Value *args, int nargs, const char *name)
{
    Value t = as_tuple(args[0]);
    if (!t)
        return VNULL;
    return obj_call_method(t, str_intern_cstr(name), args + 1, nargs - 1);
}

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("count", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    return tuple_method(args, nargs, "count");
}

static Value m_index(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("index", nargs - 1, kw, 1, 3) < 0)
        return VNULL;
    return tuple_method(args, nargs, "index");
}

static const MethodDef ss_methods[] = {
    {"__reduce__", m_reduce},
    {"count", m_count},
    {"index", m_index},
    {NULL, NULL},
};

void structseq_init_type(StructSeqType *st, const StructSeqDesc *desc)
{
    if (st->desc)
        return;
    st->desc = desc;
    int n = 0, unnamed = 0;
    for (const char *const *f = desc->fields; *f; f++, n++)
        unnamed += *f == structseq_unnamed;
    st->n_fields = n;
    st->n_sequence = desc->n_in_sequence;
    st->n_unnamed = unnamed;

    Type *t = &st->type;
    const char *dot = strrchr(desc->name, '.');
    t->obj = (Obj)STATIC_OBJ_HEAD(&type_type);
    t->name = desc->name;
    t->name_str = str_intern_cstr(dot ? dot + 1 : desc->name);
    if (dot)
        t->module = str_intern(desc->name, (size_t)(dot - desc->name));
    t->base = &type_tuple;
    t->kind = KIND_OTHER;
    t->inst_size = sizeof(ObjTuple);
    t->tp_new = structseq_tp_new;
    t->trace = ss_trace;
    t->repr = ss_repr;
    t->hash = ss_hash;
    t->richcmp = ss_richcmp;
    t->len = ss_len;
    t->getitem = ss_getitem;
    t->contains = ss_contains;
    t->iter = ss_iter;
    t->nb[NB_ADD] = ss_add;
    t->nb[NB_MUL] = ss_mul;
    type_ready(t, ss_methods);

    Value match = tuple_new(st->n_sequence - unnamed);
    int k = 0;
    for (int i = 0; i < n; i++) {
        const char *name = desc->fields[i];
        if (name == structseq_unnamed)
            continue;
        ObjStr *fname = str_intern_cstr(name);
        size_t off = offsetof(ObjTuple, items) + (size_t)i * sizeof(Value);
        dict_set_str(t->dict, fname, member_descr_new_readonly(t, fname, off));
        if (i < st->n_sequence)
            AS_TUPLE(match)->items[k++] = OBJ_VAL(fname);
    }
    dict_set_str(t->dict, str_intern_cstr("n_sequence_fields"), MK_INT(st->n_sequence));
    dict_set_str(t->dict, str_intern_cstr("n_fields"), MK_INT(n));
    dict_set_str(t->dict, str_intern_cstr("n_unnamed_fields"), MK_INT(unnamed));
    dict_set_str(t->dict, str_intern_cstr("__match_args__"), match);
    if (desc->doc)
        dict_set_str(t->dict, str_intern_cstr("__doc__"), str_from_cstr(desc->doc));
}
