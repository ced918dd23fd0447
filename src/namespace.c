/* namespace.c — types.SimpleNamespace: an object whose attributes are its
 * keyword arguments, with repr "namespace(a=1, b=2)" and equality by
 * attributes.  CPython's Lib/types.py finds the type as
 * type(sys.implementation); time.get_clock_info() returns one.
 *
 * Instances have the ObjInstance layout (a __dict__), so attribute access
 * is the generic one and scripts may subclass the type.
 */
#include "containers.h"
#include "gc.h"
#include "namespace.h"
#include "vm.h"

static Value ns_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (nargs > 0)
        return err_set(exc_TypeError, "no positional arguments expected");
    Value self = instance_new(t);
    Value d = dict_new();
    AS_INSTANCE(self)->dict = AS_DICT(d);
    for (int64_t i = 0; kwnames && i < kwnames->len; i++)
        if (dict_set(d, kwnames->items[i], args[nargs + i]) < 0)
            return VNULL;
    return self;
}

static ObjDict *ns_dict(Value self)
{
    ObjInstance *o = AS_INSTANCE(self);
    if (!o->dict)
        o->dict = AS_DICT(dict_new());
    return o->dict;
}

static Value ns_repr(Value self)
{
    Type *t = TYPE(self);
    const char *name = t == &type_namespace ? "namespace" : t->name_str->data;
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return str_printf("%s(...)", name);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, name);
    sb_addc(&b, '(');
    int64_t pos = 0, n = 0;
    Value k, v;
    while (dict_next(ns_dict(self), &pos, &k, &v)) {
        if (!IS_STR(k))
            continue;
        if (n++)
            sb_add(&b, ", ", 2);
        sb_add(&b, AS_STR(k)->data, (size_t)AS_STR(k)->len);
        sb_addc(&b, '=');
        if (sb_addv(&b, v, true) < 0) {
            sb_free(&b);
            repr_leave(self);
            return VNULL;
        }
    }
    sb_addc(&b, ')');
    repr_leave(self);
    return sb_finish(&b);
}

static Value ns_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !obj_isinstance(a, &type_namespace) ||
        !obj_isinstance(b, &type_namespace))
        return NOTIMPL;
    return obj_richcmp(OBJ_VAL(ns_dict(a)), OBJ_VAL(ns_dict(b)), op);
}

static void ns_trace(Obj *o)
{
    gc_mark_obj((Obj *)((ObjInstance *)o)->dict);
}

static Value m_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value d = dict_copy(OBJ_VAL(ns_dict(args[0])));
    return d ? tuple_pack(3, OBJ_VAL(TYPE(args[0])), OBJ_VAL(tuple_empty), d) : VNULL;
}

static const MethodDef ns_methods[] = {
    {"__reduce__", m_reduce},
    {NULL, NULL},
};

Type type_namespace = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "types.SimpleNamespace",
    .flags = TF_BASETYPE | TF_HAS_DICT,
    .kind = KIND_OBJECT,
    .inst_size = sizeof(ObjInstance),
    .tp_new = ns_tp_new,
    .trace = ns_trace,
    .repr = ns_repr,
    .richcmp = ns_richcmp,
};

Value namespace_new(void)
{
    return ns_tp_new(&type_namespace, NULL, 0, NULL);
}

int namespace_set(Value ns, const char *name, Value v)
{
    if (!v)
        return -1;
    return dict_set_str(ns_dict(ns), str_intern_cstr(name), v);
}

void namespace_init(void)
{
    type_namespace.name_str = str_intern_cstr("SimpleNamespace");
    type_namespace.module = str_intern_cstr("types");
    type_ready(&type_namespace, ns_methods);
}
