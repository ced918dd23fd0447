/* genericalias.c — types.GenericAlias (`list[int]`) and types.UnionType
 * (`int | None`), the two objects that runtime annotations and typing are
 * built from (CPython's genericaliasobject.c and unionobject.c).
 *
 * A GenericAlias remembers its origin and arguments; calling it makes an
 * instance of the origin (and records __orig_class__ when it can),
 * attribute reads it does not know go to the origin, subscripting it again
 * substitutes its type parameters, and as a base class it stands for its
 * origin (__mro_entries__).  A union flattens and de-duplicates its
 * arguments; isinstance and issubclass accept it.
 */
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

typedef struct {
    Obj obj;
    Value origin;
    ObjTuple *args;
    ObjTuple *params; /* NULL until first asked for */
    bool starred;
} ObjAlias;

typedef struct {
    Obj obj;
    ObjTuple *args;
    ObjTuple *params;
} ObjUnion;

Type type_generic_alias, type_union;

#define AS_ALIAS(v) ((ObjAlias *)AS_OBJ(v))
#define AS_UNION(v) ((ObjUnion *)AS_OBJ(v))
#define IS_ALIAS(v) (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_generic_alias))
#define IS_UNION(v) IS_TYPE_EXACT(v, &type_union)

static ObjStr *s_typing_subst, *s_parameters, *s_origin, *s_args, *s_orig_class;

Value union_args(Value u)
{
    return OBJ_VAL(AS_UNION(u)->args);
}

/* ---- repr, shared -------------------------------------------------------------- */

/* How an argument shows in `list[int]` (CPython's ga_repr_item). */
static int repr_item(StrBuf *b, Value p)
{
    if (p == ELLIPSIS) {
        sb_adds(b, "...");
        return 0;
    }
    if (IS_ALIAS(p) || IS_UNION(p))
        return sb_addv(b, p, true);
    Value q = obj_getattr_opt(p, obj_names[N_qualname]);
    Value m = q ? obj_getattr_opt(p, obj_names[N_module]) : VNULL;
    if (err_occurred())
        return -1;
    Value origin = obj_getattr_opt(p, s_origin);
    Value args = origin ? obj_getattr_opt(p, s_args) : VNULL;
    if (err_occurred())
        return -1;
    if (origin && args)
        return sb_addv(b, p, true); /* a typing alias: its own repr */
    if (!q || !m)
        return sb_addv(b, p, true);
    if (IS_NONE(m))
        return sb_addv(b, p, true);
    if (IS_STR(m) && strcmp(AS_STR(m)->data, "builtins") == 0)
        return sb_addv(b, q, false);
    if (sb_addv(b, m, false) < 0)
        return -1;
    sb_addc(b, '.');
    return sb_addv(b, q, false);
}

/* The type parameters among args (CPython's _Py_make_parameters). */
static ObjTuple *make_parameters(ObjTuple *args)
{
    Value out = list_new(0);
    if (!out)
        return NULL;
    for (int64_t i = 0; i < args->len; i++) {
        Value a = args->items[i];
        if (IS_TYPEOBJ(a))
            continue;
        Value sub = obj_getattr_opt(a, s_typing_subst);
        if (err_occurred())
            return NULL;
        if (sub) {
            int has = obj_contains(out, a);
            if (has < 0 || (!has && list_append(out, a) < 0))
                return NULL;
            continue;
        }
        Value ps = obj_getattr_opt(a, s_parameters);
        if (err_occurred())
            return NULL;
        if (ps && IS_TUPLE(ps)) {
            for (int64_t j = 0; j < AS_TUPLE(ps)->len; j++) {
                Value p = AS_TUPLE(ps)->items[j];
                int has = obj_contains(out, p);
                if (has < 0 || (!has && list_append(out, p) < 0))
                    return NULL;
            }
        }
    }
    return AS_TUPLE(tuple_from(AS_LIST(out)->items, AS_LIST(out)->len));
}

/* Substitute params -> values in args (a simplified _Py_subs_parameters:
 * positional substitution of TypeVars, recursing into nested aliases). */
static ObjTuple *subs_parameters(Value self, ObjTuple *args, ObjTuple *params, Value item)
{
    int64_t np = params->len;
    if (np == 0)
        return (ObjTuple *)(void *)err_format(exc_TypeError, "%R is not a generic class", self);
    Value items = IS_TUPLE(item) ? item : tuple_pack(1, item);
    if (!items)
        return NULL;
    ObjTuple *it = AS_TUPLE(items);
    if (it->len != np)
        return (ObjTuple *)(void *)err_format(exc_TypeError,
                                              "Too %s arguments for %R; actual %lld, expected %lld",
                                              it->len > np ? "many" : "few", self,
                                              (long long)it->len, (long long)np);
    Value out = tuple_new(args->len);
    if (!out)
        return NULL;
    for (int64_t i = 0; i < args->len; i++) {
        Value a = args->items[i];
        Value r = a;
        if (!IS_TYPEOBJ(a)) {
            int64_t k = -1;
            for (int64_t j = 0; j < np; j++)
                if (params->items[j] == a)
                    k = j;
            if (k >= 0) {
                r = it->items[k];
            } else {
                Value sub_params = obj_getattr_opt(a, s_parameters);
                if (err_occurred())
                    return NULL;
                if (sub_params && IS_TUPLE(sub_params) && AS_TUPLE(sub_params)->len) {
                    Value sv = tuple_new(AS_TUPLE(sub_params)->len);
                    if (!sv)
                        return NULL;
                    for (int64_t j = 0; j < AS_TUPLE(sub_params)->len; j++) {
                        Value p = AS_TUPLE(sub_params)->items[j];
                        Value v = p;
                        for (int64_t q = 0; q < np; q++)
                            if (params->items[q] == p)
                                v = it->items[q];
                        AS_TUPLE(sv)->items[j] = v;
                    }
                    r = obj_getitem(a, AS_TUPLE(sv)->len == 1 ? AS_TUPLE(sv)->items[0] : sv);
                    if (!r)
                        return NULL;
                }
            }
        }
        AS_TUPLE(out)->items[i] = r;
    }
    return AS_TUPLE(out);
}

/* ---- GenericAlias ---------------------------------------------------------------- */

static void alias_trace(Obj *o)
{
    ObjAlias *a = (ObjAlias *)o;
    gc_mark(a->origin);
    gc_mark_obj((Obj *)a->args);
    gc_mark_obj((Obj *)a->params);
}

static Value alias_make(Type *t, Value origin, Value args)
{
    if (!IS_TUPLE(args)) {
        args = tuple_pack(1, args);
        if (!args)
            return VNULL;
    }
    ObjAlias *a = (ObjAlias *)type_alloc(t, sizeof(ObjAlias));
    a->origin = origin;
    a->args = AS_TUPLE(args);
    return OBJ_VAL(a);
}

Value generic_alias_new(Value origin, Value args)
{
    return alias_make(&type_generic_alias, origin, args);
}

static Value alias_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "GenericAlias() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "GenericAlias expected 2 arguments, got %d", nargs);
    return alias_make(t, args[0], args[1]);
}

static Value alias_repr(Value v)
{
    ObjAlias *a = AS_ALIAS(v);
    StrBuf b;
    sb_init(&b);
    if (a->starred)
        sb_addc(&b, '*');
    if (repr_item(&b, a->origin) < 0)
        goto fail;
    sb_addc(&b, '[');
    if (a->args->len == 0)
        sb_adds(&b, "()");
    for (int64_t i = 0; i < a->args->len; i++) {
        if (i)
            sb_adds(&b, ", ");
        Value p = a->args->items[i];
        if (IS_LIST(p)) { /* Callable[[int], str] */
            sb_addc(&b, '[');
            for (int64_t j = 0; j < AS_LIST(p)->len; j++) {
                if (j)
                    sb_adds(&b, ", ");
                if (repr_item(&b, AS_LIST(p)->items[j]) < 0)
                    goto fail;
            }
            sb_addc(&b, ']');
        } else if (repr_item(&b, p) < 0) {
            goto fail;
        }
    }
    sb_addc(&b, ']');
    return sb_finish(&b);
fail:
    sb_free(&b);
    return VNULL;
}

static ObjTuple *alias_params(ObjAlias *a)
{
    if (!a->params)
        a->params = make_parameters(a->args);
    return a->params;
}

/* Names a GenericAlias answers itself; the rest come from the origin. */
static const char *const alias_own[] = {
    "__origin__", "__args__", "__unpacked__", "__parameters__", "__typing_unpacked_tuple_args__",
    "__mro_entries__", "__reduce_ex__", "__reduce__", "__copy__", "__deepcopy__", NULL};

static Value alias_getattr(Value v, ObjStr *name)
{
    ObjAlias *a = AS_ALIAS(v);
    if (name == s_origin)
        return a->origin;
    if (name == s_args)
        return OBJ_VAL(a->args);
    if (name == s_parameters) {
        ObjTuple *p = alias_params(a);
        return p ? OBJ_VAL(p) : VNULL;
    }
    if (strcmp(name->data, "__unpacked__") == 0)
        return BOOL_V(a->starred);
    if (strcmp(name->data, "__typing_unpacked_tuple_args__") == 0)
        return a->starred && a->origin == OBJ_VAL(&type_tuple) ? OBJ_VAL(a->args) : NONE;
    bool own = false;
    for (int i = 0; alias_own[i]; i++)
        if (strcmp(name->data, alias_own[i]) == 0)
            own = true;
    if (!own && !(name->data[0] == '_' && name->data[1] == '_'))
        return obj_getattr(a->origin, name);
    Value r = obj_generic_getattr(v, name);
    if (!r && !own && err_matches(exc_AttributeError)) {
        err_clear();
        return obj_getattr(a->origin, name);
    }
    return r;
}

static Value alias_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    ObjAlias *a = AS_ALIAS(self);
    Value r = obj_call(a->origin, args, nargs, kwnames);
    if (!r)
        return VNULL;
    if (obj_setattr(r, s_orig_class, self) < 0) {
        /* CPython ignores AttributeError and TypeError here */
        if (err_matches(exc_AttributeError) || err_matches(exc_TypeError))
            err_clear();
        else
            return VNULL;
    }
    return r;
}

static Value alias_getitem(Value self, Value item)
{
    ObjAlias *a = AS_ALIAS(self);
    ObjTuple *params = alias_params(a);
    if (!params)
        return VNULL;
    ObjTuple *nargs = subs_parameters(self, a->args, params, item);
    if (!nargs)
        return VNULL;
    Value r = alias_make(TYPE(self), a->origin, OBJ_VAL(nargs));
    if (r)
        AS_ALIAS(r)->starred = a->starred;
    return r;
}

static Value alias_richcmp(Value x, Value y, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_ALIAS(y))
        return NOTIMPL;
    ObjAlias *a = AS_ALIAS(x), *b = AS_ALIAS(y);
    if (a->starred != b->starred)
        return BOOL_V(op == CMP_NE);
    int eq = obj_eq(a->origin, b->origin);
    if (eq < 0)
        return VNULL;
    if (eq) {
        eq = obj_eq(OBJ_VAL(a->args), OBJ_VAL(b->args));
        if (eq < 0)
            return VNULL;
    }
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

static int alias_hash(Value v, int64_t *out)
{
    ObjAlias *a = AS_ALIAS(v);
    int64_t h1, h2;
    if (obj_hash(a->origin, &h1) < 0 || obj_hash(OBJ_VAL(a->args), &h2) < 0)
        return -1;
    int64_t h = h1 ^ h2;
    *out = h == -1 ? -2 : h;
    return 0;
}

static Value m_alias_mro_entries(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__mro_entries__", nargs, kw, 2, 2) < 0)
        return VNULL;
    return tuple_pack(1, AS_ALIAS(args[0])->origin);
}

static Value m_alias_instancecheck(Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    return err_set(exc_TypeError, "isinstance() argument 2 cannot be a parameterized generic");
}

static Value m_alias_subclasscheck(Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    return err_set(exc_TypeError, "issubclass() argument 2 cannot be a parameterized generic");
}

static Value m_alias_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs, kw, 1, 1) < 0)
        return VNULL;
    ObjAlias *a = AS_ALIAS(args[0]);
    Value pair = tuple_pack(2, a->origin, OBJ_VAL(a->args));
    return pair ? tuple_pack(2, OBJ_VAL(TYPE(args[0])), pair) : VNULL;
}

static Value m_alias_dir(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__dir__", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value d = obj_call_method(AS_ALIAS(args[0])->origin, obj_names[N_dir], NULL, 0);
    if (!d)
        return VNULL;
    for (int i = 0; alias_own[i]; i++) {
        Value n = str_from_cstr(alias_own[i]);
        int has = n ? obj_contains(d, n) : -1;
        if (has < 0 || (!has && list_append(d, n) < 0))
            return VNULL;
    }
    return d;
}

/* *tuple[int, str]: iterating an alias gives its starred form once. */
typedef struct { Obj obj; Value alias; } ObjAliasIter;
static Type type_alias_iter;
static void ai_trace(Obj *o) { gc_mark(((ObjAliasIter *)o)->alias); }
static Value ai_iter(Value self) { return self; }
static Value ai_next(Value self)
{
    ObjAliasIter *it = (ObjAliasIter *)AS_OBJ(self);
    if (!it->alias)
        return VNULL;
    ObjAlias *a = AS_ALIAS(it->alias);
    it->alias = VNULL;
    Value r = alias_make(&type_generic_alias, a->origin, OBJ_VAL(a->args));
    if (r)
        AS_ALIAS(r)->starred = true;
    return r;
}
static Type type_alias_iter = {
    .name = "generic_alias_iterator", .kind = KIND_OTHER, .inst_size = sizeof(ObjAliasIter),
    .trace = ai_trace, .iter = ai_iter, .next = ai_next,
};
static Value alias_iter(Value self)
{
    ObjAliasIter *it = (ObjAliasIter *)gc_new(&type_alias_iter, sizeof(ObjAliasIter));
    it->alias = self;
    return OBJ_VAL(it);
}

static Value union_or(Value a, Value b);

static const MethodDef alias_methods[] = {
    {"__mro_entries__", m_alias_mro_entries},
    {"__instancecheck__", m_alias_instancecheck},
    {"__subclasscheck__", m_alias_subclasscheck},
    {"__reduce__", m_alias_reduce},
    {"__dir__", m_alias_dir},
    {NULL, NULL}};

Type type_generic_alias = {
    .name = "GenericAlias", .kind = KIND_OTHER, .inst_size = sizeof(ObjAlias),
    .flags = TF_BASETYPE, .tp_new = alias_tp_new, .trace = alias_trace,
    .repr = alias_repr, .getattr = alias_getattr, .call = alias_call,
    .getitem = alias_getitem, .richcmp = alias_richcmp, .hash = alias_hash,
    .iter = alias_iter, .nb = {[NB_OR] = union_or},
};

/* cls.__class_getitem__(item) for the built-in generic classes. */
Value generic_class_getitem(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__class_getitem__", nargs, kw, 2, 2) < 0)
        return VNULL;
    return generic_alias_new(args[0], args[1]);
}

/* ---- UnionType ----------------------------------------------------------------------- */

static void union_trace(Obj *o)
{
    ObjUnion *u = (ObjUnion *)o;
    gc_mark_obj((Obj *)u->args);
    gc_mark_obj((Obj *)u->params);
}

static bool unionable(Value v)
{
    return IS_NONE(v) || IS_TYPEOBJ(v) || IS_ALIAS(v) || IS_UNION(v);
}

/* Append v's members to out (flattening unions), skipping duplicates. */
static int union_add(Value out, Value v)
{
    if (IS_UNION(v)) {
        ObjTuple *a = AS_UNION(v)->args;
        for (int64_t i = 0; i < a->len; i++)
            if (union_add(out, a->items[i]) < 0)
                return -1;
        return 0;
    }
    if (IS_NONE(v))
        v = OBJ_VAL(&type_none);
    ObjList *l = AS_LIST(out);
    for (int64_t i = 0; i < l->len; i++) {
        Value w = l->items[i];
        if (w == v)
            return 0;
        if (IS_ALIAS(w) && IS_ALIAS(v)) {
            int eq = obj_eq(w, v);
            if (eq)
                return eq < 0 ? -1 : 0;
        }
    }
    return list_append(out, v);
}

static Value union_from(Value a, Value b)
{
    Value l = list_new(0);
    if (!l || union_add(l, a) < 0 || union_add(l, b) < 0)
        return VNULL;
    if (AS_LIST(l)->len == 1)
        return AS_LIST(l)->items[0];
    ObjUnion *u = (ObjUnion *)gc_new(&type_union, sizeof(ObjUnion));
    u->args = AS_TUPLE(tuple_from(AS_LIST(l)->items, AS_LIST(l)->len));
    return OBJ_VAL(u);
}

static Value union_or(Value a, Value b)
{
    if (!unionable(a) || !unionable(b))
        return NOTIMPL;
    return union_from(a, b);
}

/* type.__or__ / __ror__ (type's nb[NB_OR] slot, type.c). */
Value union_type_or(Value a, Value b)
{
    return union_or(a, b);
}

static Value union_repr(Value v)
{
    ObjTuple *a = AS_UNION(v)->args;
    StrBuf b;
    sb_init(&b);
    for (int64_t i = 0; i < a->len; i++) {
        if (i)
            sb_adds(&b, " | ");
        Value p = a->items[i];
        if (p == OBJ_VAL(&type_none)) {
            sb_adds(&b, "None");
            continue;
        }
        if (repr_item(&b, p) < 0) {
            sb_free(&b);
            return VNULL;
        }
    }
    return sb_finish(&b);
}

static Value union_getattr(Value v, ObjStr *name)
{
    ObjUnion *u = AS_UNION(v);
    if (name == s_args)
        return OBJ_VAL(u->args);
    if (name == s_parameters) {
        if (!u->params)
            u->params = make_parameters(u->args);
        return u->params ? OBJ_VAL(u->params) : VNULL;
    }
    return obj_generic_getattr(v, name);
}

static Value union_richcmp(Value x, Value y, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_UNION(y))
        return NOTIMPL;
    Value a = set_new(&type_frozenset), b = set_new(&type_frozenset);
    if (!a || !b || set_update(a, OBJ_VAL(AS_UNION(x)->args)) < 0 ||
        set_update(b, OBJ_VAL(AS_UNION(y)->args)) < 0)
        return VNULL;
    return obj_richcmp(a, b, op);
}

static int union_hash(Value v, int64_t *out)
{
    Value a = set_new(&type_frozenset);
    if (!a || set_update(a, OBJ_VAL(AS_UNION(v)->args)) < 0)
        return -1;
    return obj_hash(a, out);
}

static Value union_getitem(Value self, Value item)
{
    ObjUnion *u = AS_UNION(self);
    if (!u->params && !(u->params = make_parameters(u->args)))
        return VNULL;
    ObjTuple *na = subs_parameters(self, u->args, u->params, item);
    if (!na)
        return VNULL;
    if (na->len == 0)
        return tuple_new(0);
    Value r = na->items[0];
    for (int64_t i = 1; i < na->len; i++) {
        r = obj_binop(r, na->items[i], NB_OR);
        if (!r)
            return VNULL;
    }
    return r;
}

Type type_union = {
    .name = "UnionType", .kind = KIND_OTHER, .inst_size = sizeof(ObjUnion),
    .trace = union_trace, .repr = union_repr, .getattr = union_getattr,
    .richcmp = union_richcmp, .hash = union_hash, .getitem = union_getitem,
    .nb = {[NB_OR] = union_or},
};

void genericalias_init(void)
{
    s_typing_subst = str_intern_cstr("__typing_subst__");
    s_parameters = str_intern_cstr("__parameters__");
    s_origin = str_intern_cstr("__origin__");
    s_args = str_intern_cstr("__args__");
    s_orig_class = str_intern_cstr("__orig_class__");
    type_generic_alias.module = str_intern_cstr("types");
    type_union.module = str_intern_cstr("types");
    type_ready(&type_generic_alias, alias_methods);
    type_ready(&type_union, NULL);
    type_ready(&type_alias_iter, NULL);
    /* the built-in generic classes: list[int], dict[str, int] … */
    Type *generic[] = {&type_list, &type_dict, &type_tuple, &type_set, &type_frozenset,
                       &type_type, NULL};
    for (int i = 0; generic[i]; i++) {
        Value f = native_new("__class_getitem__", generic_class_getitem, VNULL);
        Value cm = OBJ_VAL(gc_new(&type_classmethod, sizeof(ObjStaticMethod)));
        ((ObjStaticMethod *)AS_OBJ(cm))->func = f;
        dict_set_str(generic[i]->dict, obj_names[N_class_getitem], cm);
    }
}
