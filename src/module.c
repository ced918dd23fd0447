/* module.c — module objects and traceback entries.  The import machinery
 * is import.c. */
#include <errno.h>
#include <sys/stat.h>

#include "compiler.h"
#include "frame.h"
#include "gc.h"
#include "modules.h"
#include "positions.h"

static ObjStr *s_name, *s_file, *s_path, *s_all, *s_dict, *s_doc, *s_class, *s_builtins,
    *s_package;


/* ---- module objects ------------------------------------------------------ */

Value module_new(ObjStr *name)
{
    Value d = dict_new();
    if (!d)
        return VNULL;
    ObjModule *m = (ObjModule *)gc_new(&type_module, sizeof(ObjModule));
    m->name = name;
    m->dict = AS_DICT(d);
    if (name && (dict_set_str(m->dict, s_name, OBJ_VAL(name)) < 0 ||
                 dict_set_str(m->dict, s_doc, NONE) < 0))
        return VNULL;
    return OBJ_VAL(m);
}

Value module_new_exception(const char *module, const char *name, Value base)
{
    Value bases = IS_TUPLE(base) ? base : tuple_pack(1, base);
    Value ns = dict_new();
    if (!bases || !ns || dict_set_str(AS_DICT(ns), str_intern_cstr("__module__"),
                                      OBJ_VAL(str_intern_cstr(module))) < 0)
        return VNULL;
    Value *slot = malloc(sizeof *slot);
    if (!slot)
        return err_no_memory();
    *slot = type_new_class(str_intern_cstr(name), AS_TUPLE(bases), AS_DICT(ns));
    if (!*slot) {
        free(slot);
        return VNULL;
    }
    gc_add_root_value(slot);
    return *slot;
}

void module_add_fn(ObjModule *m, const char *name, NativeFn fn)
{
    Value f = native_new(name, fn, VNULL);
    if (f) {
        AS_NATIVE(f)->module = str_intern_obj(m->name);
        dict_set_str(m->dict, str_intern_cstr(name), f);
    }
}

void module_add(ObjModule *m, const char *name, Value v)
{
    if (!v)
        return;
    /* a module's C function: its __module__ is the module (pickle finds
     * it there again) */
    if (IS_OBJ(v) && AS_OBJ(v)->type == &type_native && AS_NATIVE(v)->self == VNULL &&
        !AS_NATIVE(v)->module)
        AS_NATIVE(v)->module = str_intern_obj(m->name);
    dict_set_str(m->dict, str_intern_cstr(name), v);
}

void module_add_ints(ObjModule *m, const IntConstDef *defs)
{
    for (const IntConstDef *d = defs; d->name; d++)
        module_add(m, d->name, int_from_i64(d->value));
}

static void module_trace(Obj *o)
{
    ObjModule *m = (ObjModule *)o;
    gc_mark_obj((Obj *)m->name);
    gc_mark_obj((Obj *)m->dict);
}

static const char *mod_name(ObjModule *m)
{
    Value n = m->dict ? dict_get_str(m->dict, s_name) : VNULL;
    if (n && IS_STR(n))
        return AS_STR(n)->data;
    return m->name ? m->name->data : "?";
}

static Value module_repr(Value v)
{
    ObjModule *m = AS_MODULE(v);
    const char *name = mod_name(m);
    if (m->obj.obj_flags & MODF_BUILTIN)
        return str_printf("<module '%s' (built-in)>", name);
    Value f = m->dict ? dict_get_str(m->dict, s_file) : VNULL;
    if (f && IS_STR(f))
        return str_printf("<module '%s' from '%s'>", name, AS_STR(f)->data);
    if (m->obj.obj_flags & MODF_FROZEN)
        return str_printf("<module '%s' (frozen)>", name);
    return str_printf("<module '%s'>", name);
}

static Value module_getattr(Value v, ObjStr *name)
{
    ObjModule *m = AS_MODULE(v);
    if (m->dict) {
        Value r = dict_get_str(m->dict, name);
        if (r)
            return r;
    }
    if (name == s_dict)
        return m->dict ? OBJ_VAL(m->dict) : NONE;
    Value r = obj_generic_getattr(v, name);
    if (!r && err_matches(exc_AttributeError)) {
        err_clear();
        return err_format(exc_AttributeError, "module '%s' has no attribute '%s'",
                          mod_name(m), name->data);
    }
    return r;
}

static int module_setattr(Value v, ObjStr *name, Value val)
{
    ObjModule *m = AS_MODULE(v);
    /* __class__ (to a ModuleType subclass), and a subclass's descriptors */
    if (name == s_class || AS_OBJ(v)->type != &type_module)
        return obj_generic_setattr(v, name, val);
    if (!val) {
        if (!dict_get_str(m->dict, name)) {
            err_format(exc_AttributeError, "module '%s' has no attribute '%s'", mod_name(m),
                       name->data);
            return -1;
        }
        return dict_del(OBJ_VAL(m->dict), OBJ_VAL(name));
    }
    return dict_set_str(m->dict, name, val);
}

static Value module_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"name", "doc", NULL};
    Value out[2];
    if (args_parse("module", args, nargs, kwnames, params, 1, 2, out) < 0)
        return VNULL;
    if (!IS_STR(out[0]))
        return err_format(exc_TypeError, "module.__init__() argument 'name' must be str, not %s",
                          TYPE(out[0])->name);
    Value m = module_new(str_intern_obj(AS_STR(out[0])));
    if (m && t != &type_module) { /* a subclass: its layout, the same contents */
        ObjModule *sub = (ObjModule *)type_alloc(t, sizeof(ObjModule));
        sub->name = AS_MODULE(m)->name;
        sub->dict = AS_MODULE(m)->dict;
        m = OBJ_VAL(sub);
    }
    if (m && out[1])
        dict_set_str(AS_MODULE(m)->dict, s_doc, out[1]);
    return m;
}

Type type_module = {
    .flags = TF_WEAKREF | TF_BASETYPE,
    .name = "module", .kind = KIND_OTHER, .inst_size = sizeof(ObjModule),
    .dict_offset = offsetof(ObjModule, dict), /* vars(m), subclasses' generic lookups */
    .tp_new = module_tp_new, .trace = module_trace, .repr = module_repr,
    .getattr = module_getattr, .setattr = module_setattr,
};

/* ---- traceback entries --------------------------------------------------- */

static void tb_trace(Obj *o)
{
    ObjTraceback *tb = (ObjTraceback *)o;
    gc_mark_obj((Obj *)tb->next);
    gc_mark_obj((Obj *)tb->code);
    gc_mark(tb->frame);
}

static Value tb_getattr(Value v, ObjStr *name)
{
    ObjTraceback *tb = (ObjTraceback *)AS_OBJ(v);
    const char *n = name->data;
    if (!strcmp(n, "tb_next"))
        return tb->next ? OBJ_VAL(tb->next) : NONE;
    if (!strcmp(n, "tb_lineno"))
        return MK_INT(tb->line);
    if (!strcmp(n, "tb_frame"))
        return tb->frame ? tb->frame : NONE;
    if (!strcmp(n, "tb_lasti")) /* a byte offset into co_code */
        return MK_INT(tb->lasti >= 0 ? POS_INSTR_BYTES * tb->lasti : -1);
    if (!strcmp(n, "tb_code"))
        return tb->code ? OBJ_VAL(tb->code) : NONE;
    return obj_generic_getattr(v, name);
}

/* tb_next is writable, as in CPython (unittest cuts its own frames off a
 * traceback): a traceback or None, and no loop. */
static int tb_setattr(Value v, ObjStr *name, Value val)
{
    ObjTraceback *tb = (ObjTraceback *)AS_OBJ(v);
    if (strcmp(name->data, "tb_next") != 0) {
        if (!strcmp(name->data, "tb_lineno") || !strcmp(name->data, "tb_frame") ||
            !strcmp(name->data, "tb_lasti")) {
            err_format(exc_AttributeError, "readonly attribute");
            return -1;
        }
        return obj_generic_setattr(v, name, val);
    }
    if (!val) {
        err_set(exc_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (!IS_NONE(val) && !IS_TYPE_EXACT(val, &type_traceback)) {
        err_format(exc_TypeError, "expected traceback object, got '%s'", TYPE(val)->name);
        return -1;
    }
    ObjTraceback *next = IS_NONE(val) ? NULL : (ObjTraceback *)AS_OBJ(val);
    for (ObjTraceback *c = next; c; c = c->next)
        if (c == tb) {
            err_set(exc_ValueError, "traceback loop detected");
            return -1;
        }
    tb->next = next;
    return 0;
}

Type type_traceback = {
    .name = "traceback", .kind = KIND_OTHER, .inst_size = sizeof(ObjTraceback),
    .trace = tb_trace, .getattr = tb_getattr, .setattr = tb_setattr,
};

void module_init(void)
{
    s_name = str_intern_cstr("__name__");
    s_file = str_intern_cstr("__file__");
    s_path = str_intern_cstr("__path__");
    s_all = str_intern_cstr("__all__");
    s_dict = str_intern_cstr("__dict__");
    s_doc = str_intern_cstr("__doc__");
    s_class = str_intern_cstr("__class__");
    s_builtins = str_intern_cstr("__builtins__");
    s_package = str_intern_cstr("__package__");
    type_ready(&type_module, NULL);
    type_ready(&type_traceback, NULL);
    import_init();
}

