/* func.c — the callable and descriptor types the VM runs on: code,
 * function, cell, bound method, property, staticmethod, classmethod,
 * super, and generator objects.
 *
 * Functions are called by the VM itself (vm_call_function is their call
 * slot); what lives here is their attributes, reprs, the descriptor
 * protocol (a function on a class binds to the instance) and the generator
 * protocol (send/throw/close over vm_gen_resume).  A generator keeps a heap
 * copy of its suspended frame's locals and stack; the trace slot marks it
 * only while suspended, since while it runs the thread stack is the truth
 * and the copy is stale.
 */
#include "frame.h"
#include "objcore.h"
#include "gc.h"
#include "coro.h"
#include "objcore.h"
#include "positions.h"

static ObjStr *s_name, *s_qualname, *s_module, *s_doc, *s_dict, *s_code,
    *s_globals, *s_defaults, *s_kwdefaults, *s_closure, *s_self, *s_func,
    *s_fget, *s_fset, *s_fdel, *s_close, *s_throw, *s_contents, *s_wrapped,
    *s_isabstract, *s_annotations;

#define S(x) (name == s_##x)

/* ---- code ---------------------------------------------------------------- */

ObjCode *code_new(void)
{
    ObjCode *c = (ObjCode *)gc_new(&type_code, sizeof(ObjCode));
    return c;
}

static void code_trace(Obj *o)
{
    ObjCode *c = (ObjCode *)o;
    gc_mark_obj((Obj *)c->consts);
    gc_mark_obj((Obj *)c->names);
    gc_mark_obj((Obj *)c->localnames);
    gc_mark_obj((Obj *)c->name);
    gc_mark_obj((Obj *)c->qualname);
    gc_mark_obj((Obj *)c->filename);
    if (c->vm_cache && c->names) {
        /* vm.c's caches: keep their globals dicts from being reused */
        GlobalCache *gc = c->vm_cache;
        for (int64_t i = 0; i < c->names->len; i++)
            gc_mark_obj((Obj *)gc[i].globals);
        AttrCache *ac = VM_CACHE_BLOCK(c->vm_cache, c->names->len);
        for (int64_t i = 0; i < c->names->len * AC_WAYS; i++) {
            gc_mark_obj((Obj *)ac[i].type);
            gc_mark(ac[i].value);
        }
    }
}

static void code_finalize(Obj *o)
{
    ObjCode *c = (ObjCode *)o;
    mem_free(c->code, (size_t)c->ncode * sizeof(uint32_t));
    mem_free(c->lines, (size_t)c->ncode * sizeof(uint32_t));
    mem_free(c->cell_slots, (size_t)c->ncellslots * sizeof(int32_t));
    mem_free(c->exctable, (size_t)c->nexc * sizeof(ExcEntry));
    mem_free(c->positions, (size_t)c->npositions);
    c->positions = NULL;
    if (c->vm_cache && c->names)
        mem_free(VM_CACHE_BLOCK(c->vm_cache, c->names->len), VM_CACHE_BYTES(c->names->len));
    c->code = NULL;
    c->lines = NULL;
    c->cell_slots = NULL;
    c->exctable = NULL;
    c->vm_cache = NULL;
}

static Value code_repr(Value v)
{
    ObjCode *c = AS_CODE(v);
    return str_printf("<code object %s at %p, file \"%s\", line %d>",
                      c->name ? c->name->data : "?", (void *)c,
                      c->filename ? c->filename->data : "?", (int)c->firstline);
}

/* co_flags with CPython's bit values (inspect and dis test them). */
static int64_t cpython_co_flags(ObjCode *c)
{
    int64_t f = 0;
    if (!(c->flags & (CO_CLASSBODY | CO_MODULE)))
        f |= 0x1 | 0x2; /* CO_OPTIMIZED | CO_NEWLOCALS */
    if (c->flags & CO_VARARGS) f |= 0x4;
    if (c->flags & CO_VARKW) f |= 0x8;
    if ((c->flags & CO_NESTED) && c->qualname && strstr(c->qualname->data, "<locals>"))
        f |= 0x10; /* CO_NESTED: a function inside a function */
    if (c->flags & CO_COROUTINE) f |= 0x80;
    else if (c->flags & CO_ASYNC_GENERATOR) f |= 0x200;
    else if (c->flags & CO_GENERATOR) f |= 0x20;
    if (c->flags & CO_ITERABLE_COROUTINE) f |= 0x100;
    return f;
}

static bool is_cell(ObjCode *c, int slot)
{
    for (int i = 0; i < c->ncellslots; i++)
        if (c->cell_slots[i] == slot)
            return true;
    return false;
}

/* Slots: arguments, other locals, cell-only variables, free variables.
 * co_varnames is the first two groups, co_cellvars every cell (argument
 * cells included, as CPython lists them), co_freevars the last group. */
static int64_t n_varnames(ObjCode *c)
{
    int64_t nargs = c->argcount + c->kwonlyargcount + ((c->flags & CO_VARARGS) ? 1 : 0) +
                    ((c->flags & CO_VARKW) ? 1 : 0);
    int64_t n = c->nlocals - c->nfree;
    while (n > nargs && is_cell(c, (int)n - 1))
        n--;
    return n;
}

static void *dup_array(const void *p, size_t size)
{
    if (!p || !size)
        return NULL;
    void *q = mem_alloc(size);
    memcpy(q, p, size);
    return q;
}

/* code.replace(**changes): a copy with the given fields changed.  baton's
 * instructions are its own, so only what does not change their meaning can
 * be replaced: names, file name, first line, the CO_ITERABLE_COROUTINE flag
 * (what types.coroutine sets) and constants or names of the same count. */
static Value m_code_replace(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs != 1)
        return err_format(exc_TypeError, "replace() takes no positional arguments");
    ObjCode *c = AS_CODE(args[0]);
    ObjCode *n = code_new();
    Obj head = n->obj; /* keep the new object's header */
    *n = *c;
    n->obj = head;
    n->code = dup_array(c->code, (size_t)c->ncode * sizeof(uint32_t));
    n->lines = dup_array(c->lines, (size_t)c->ncode * sizeof(uint32_t));
    n->cell_slots = dup_array(c->cell_slots, (size_t)c->ncellslots * sizeof(int32_t));
    n->exctable = dup_array(c->exctable, (size_t)c->nexc * sizeof(ExcEntry));
    n->positions = dup_array(c->positions, (size_t)c->npositions);
    n->vm_cache = NULL;
    int nkw = kwnames ? (int)kwnames->len : 0;
    for (int i = 0; i < nkw; i++) {
        const char *k = AS_STR(kwnames->items[i])->data;
        Value v = args[nargs + i];
        if (!strcmp(k, "co_name") || !strcmp(k, "co_qualname") || !strcmp(k, "co_filename")) {
            if (!IS_STR(v))
                return err_format(exc_TypeError, "replace() argument '%s' must be str, not %s", k,
                                  TYPE(v)->name);
            if (k[3] == 'n')
                n->name = AS_STR(v);
            else if (k[3] == 'q')
                n->qualname = AS_STR(v);
            else
                n->filename = AS_STR(v);
        } else if (!strcmp(k, "co_firstlineno")) {
            int64_t line;
            if (obj_as_int64(v, &line) < 0)
                return VNULL;
            if (line < 0 || line > INT32_MAX)
                return err_set(exc_OverflowError, "Python int too large to convert to C int");
            int64_t delta = line - c->firstline;
            for (int32_t j = 0; j < n->ncode; j++)
                if (n->lines[j])
                    n->lines[j] = (uint32_t)((int64_t)n->lines[j] + delta);
            n->firstline = (int32_t)line;
        } else if (!strcmp(k, "co_flags")) {
            int64_t want;
            if (obj_as_int64(v, &want) < 0)
                return VNULL;
            int64_t have = cpython_co_flags(c);
            if ((want ^ have) & ~(int64_t)0x100)
                return err_set(exc_ValueError, "code.replace(): on baton only the "
                                               "CO_ITERABLE_COROUTINE bit of co_flags can change");
            if (want & 0x100)
                n->flags |= CO_ITERABLE_COROUTINE;
            else
                n->flags &= ~CO_ITERABLE_COROUTINE;
        } else if (!strcmp(k, "co_consts") || !strcmp(k, "co_names")) {
            ObjTuple *old = k[3] == 'c' ? c->consts : c->names;
            if (!IS_TUPLE(v))
                return err_format(exc_TypeError, "replace() argument '%s' must be tuple, not %s",
                                  k, TYPE(v)->name);
            if (AS_TUPLE(v)->len != (old ? old->len : 0))
                return err_format(exc_ValueError, "code.replace(): on baton %s must keep its "
                                                  "length", k);
            if (k[3] == 'c') {
                n->consts = AS_TUPLE(v);
            } else {
                for (int64_t j = 0; j < AS_TUPLE(v)->len; j++)
                    if (!IS_STR(AS_TUPLE(v)->items[j]))
                        return err_format(exc_TypeError, "name tuples must contain only strings, "
                                                         "not '%s'",
                                          TYPE(AS_TUPLE(v)->items[j])->name);
                n->names = AS_TUPLE(v);
            }
        } else if (!strncmp(k, "co_", 3)) {
            return err_format(exc_ValueError, "code.replace(): %s cannot be replaced on baton", k);
        } else {
            return err_format(exc_TypeError, "replace() got an unexpected keyword argument '%s'", k);
        }
    }
    return OBJ_VAL(n);
}

static Value code_getattr(Value v, ObjStr *name)
{
    ObjCode *c = AS_CODE(v);
    const char *n = name->data;
    if (!strcmp(n, "replace"))
        return native_new("replace", m_code_replace, v);
    if (n[0] != 'c' || n[1] != 'o' || n[2] != '_')
        return obj_generic_getattr(v, name);
    if (!strcmp(n, "co_name"))
        return c->name ? OBJ_VAL(c->name) : NONE;
    if (!strcmp(n, "co_qualname"))
        return c->qualname ? OBJ_VAL(c->qualname) : c->name ? OBJ_VAL(c->name) : NONE;
    if (!strcmp(n, "co_filename"))
        return c->filename ? OBJ_VAL(c->filename) : NONE;
    if (!strcmp(n, "co_firstlineno"))
        return MK_INT(c->firstline);
    if (!strcmp(n, "co_argcount"))
        return MK_INT(c->argcount);
    if (!strcmp(n, "co_kwonlyargcount"))
        return MK_INT(c->kwonlyargcount);
    if (!strcmp(n, "co_posonlyargcount"))
        return MK_INT(c->posonlyargcount);
    if (!strcmp(n, "co_nlocals"))
        return int_from_i64(c->localnames ? n_varnames(c) : 0);
    if (!strcmp(n, "co_flags"))
        return int_from_i64(cpython_co_flags(c));
    if (!strcmp(n, "co_stacksize"))
        return MK_INT(c->stacksize);
    if (!strcmp(n, "co_consts"))
        return c->consts ? OBJ_VAL(c->consts) : tuple_new(0);
    if (!strcmp(n, "co_names"))
        return c->names ? OBJ_VAL(c->names) : tuple_new(0);
    if (!strcmp(n, "co_positions"))
        return native_new("co_positions", pos_m_co_positions, v);
    if (!strcmp(n, "co_lines"))
        return native_new("co_lines", pos_m_co_lines, v);
    if (!strcmp(n, "co_code")) /* baton's instructions, 4 bytes each */
        return bytes_new((const uint8_t *)c->code, (size_t)c->ncode * sizeof(uint32_t));
    if (!strcmp(n, "co_varnames")) {
        if (!c->localnames)
            return tuple_new(0);
        return tuple_from(c->localnames->items, n_varnames(c));
    }
    if (!strcmp(n, "co_freevars")) {
        if (!c->localnames)
            return tuple_new(0);
        return tuple_from(c->localnames->items + c->nlocals - c->nfree, c->nfree);
    }
    if (!strcmp(n, "co_cellvars")) {
        Value t = tuple_new(c->ncellslots);
        for (int i = 0; t && c->localnames && i < c->ncellslots; i++)
            AS_TUPLE(t)->items[i] = c->localnames->items[c->cell_slots[i]];
        return t;
    }
    return obj_generic_getattr(v, name);
}

static void *dup_mem(const void *p, size_t n)
{
    if (!p || !n)
        return NULL;
    void *q = mem_alloc(n);
    memcpy(q, p, n);
    return q;
}

/* code.replace(**changes): a copy with new names, first line or the
 * CO_ITERABLE_COROUTINE bit (types.coroutine sets it); the other fields
 * are baton's compiled form and cannot be swapped in from Python. */
static Value code_replace(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs != 1)
        return err_format(exc_TypeError, "replace() takes no positional arguments");
    ObjCode *c = AS_CODE(args[0]);
    ObjCode *n = code_new();
    Obj head = n->obj;
    *n = *c;
    n->obj = head;
    n->code = dup_mem(c->code, (size_t)c->ncode * sizeof(uint32_t));
    n->lines = dup_mem(c->lines, (size_t)c->ncode * sizeof(uint32_t));
    n->cell_slots = dup_mem(c->cell_slots, (size_t)c->ncellslots * sizeof(int32_t));
    n->exctable = dup_mem(c->exctable, (size_t)c->nexc * sizeof(ExcEntry));
    n->positions = dup_mem(c->positions, (size_t)c->npositions);
    n->vm_cache = NULL;
    for (int64_t i = 0; kw && i < kw->len; i++) {
        const char *k = AS_STR(kw->items[i])->data;
        Value v = args[nargs + i];
        if (!strcmp(k, "co_flags")) {
            int64_t f;
            if (obj_as_int64(v, &f) < 0)
                return VNULL;
            if ((f ^ cpython_co_flags(c)) & ~(int64_t)0x100)
                return err_format(exc_ValueError, "code.replace(): baton can change only the "
                                                  "CO_ITERABLE_COROUTINE bit of co_flags");
            n->flags = (f & 0x100) ? n->flags | CO_ITERABLE_COROUTINE : n->flags & ~CO_ITERABLE_COROUTINE;
        } else if (!strcmp(k, "co_name") || !strcmp(k, "co_qualname") || !strcmp(k, "co_filename")) {
            if (!IS_STR(v))
                return err_format(exc_TypeError, "replace() argument '%s' must be str, not %s", k, TYPE(v)->name);
            ObjStr *sv = str_intern_obj(AS_STR(v));
            if (k[3] == 'n')
                n->name = sv;
            else if (k[3] == 'q')
                n->qualname = sv;
            else
                n->filename = sv;
        } else if (!strcmp(k, "co_firstlineno")) {
            int64_t l;
            if (obj_as_int64(v, &l) < 0)
                return VNULL;
            n->firstline = (int32_t)l;
        } else {
            return err_format(exc_ValueError, "code.replace(): baton cannot change %s", k);
        }
    }
    return OBJ_VAL(n);
}

static const MethodDef code_methods[] = {
    {"replace", code_replace},
    {NULL, NULL},
};

Type type_code = {
    .flags = TF_WEAKREF,
    .name = "code", .kind = KIND_OTHER, .inst_size = sizeof(ObjCode),
    .trace = code_trace, .finalize = code_finalize, .repr = code_repr,
    .getattr = code_getattr,
};

/* ---- function ------------------------------------------------------------ */

Value function_new(ObjCode *code, ObjDict *globals)
{
    ObjFunction *f = (ObjFunction *)gc_new(&type_function, sizeof(ObjFunction));
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = code->qualname ? code->qualname : code->name;
    Value m = globals ? dict_get_str(globals, s_name) : VNULL;
    f->module = m && IS_STR(m) ? AS_STR(m) : NULL;
    /* compiler.c puts a function's docstring (or None) in consts[0] */
    f->doc = NONE;
    if (!(code->flags & (CO_CLASSBODY | CO_MODULE)) && code->consts && code->consts->len > 0 &&
        IS_STR(code->consts->items[0]))
        f->doc = code->consts->items[0];
    return OBJ_VAL(f);
}

static void function_trace(Obj *o)
{
    ObjFunction *f = (ObjFunction *)o;
    gc_mark_obj((Obj *)f->code);
    gc_mark_obj((Obj *)f->globals);
    gc_mark_obj((Obj *)f->defaults);
    gc_mark_obj((Obj *)f->kwdefaults);
    gc_mark_obj((Obj *)f->closure);
    gc_mark_obj((Obj *)f->name);
    gc_mark_obj((Obj *)f->qualname);
    gc_mark_obj((Obj *)f->module);
    gc_mark_obj((Obj *)f->dict);
    gc_mark(f->doc);
}

static Value function_repr(Value v)
{
    ObjFunction *f = AS_FUNCTION(v);
    return str_printf("<function %s at %p>", f->qualname ? f->qualname->data : "?", (void *)f);
}

static Value function_descr_get(Value d, Value obj, Value type)
{
    (void)type;
    if (!obj || IS_NONE(obj))
        return d;
    return boundmethod_new(obj, d);
}

static Value function_getattr(Value v, ObjStr *name)
{
    ObjFunction *f = AS_FUNCTION(v);
    if (S(name))
        return f->name ? OBJ_VAL(f->name) : NONE;
    if (S(qualname))
        return f->qualname ? OBJ_VAL(f->qualname) : NONE;
    if (S(module))
        return f->module ? OBJ_VAL(f->module) : NONE;
    if (S(doc))
        return f->doc ? f->doc : NONE;
    if (S(code))
        return OBJ_VAL(f->code);
    if (S(globals))
        return OBJ_VAL(f->globals);
    if (S(defaults))
        return f->defaults ? OBJ_VAL(f->defaults) : NONE;
    if (S(kwdefaults))
        return f->kwdefaults ? OBJ_VAL(f->kwdefaults) : NONE;
    if (S(closure))
        return f->closure ? OBJ_VAL(f->closure) : NONE;
    if (S(dict)) {
        if (!f->dict)
            f->dict = AS_DICT(dict_new());
        return OBJ_VAL(f->dict);
    }
    if (f->dict) {
        Value r = dict_get_str(f->dict, name);
        if (r)
            return r;
    }
    if (S(annotations)) {
        if (!f->dict)
            f->dict = AS_DICT(dict_new());
        Value d = dict_new();
        if (!d || dict_set_str(f->dict, name, d) < 0)
            return VNULL;
        return d;
    }
    return obj_generic_getattr(v, name);
}

static int function_setattr(Value v, ObjStr *name, Value val)
{
    ObjFunction *f = AS_FUNCTION(v);
    if (S(name) || S(qualname)) {
        if (!val || !IS_STR(val)) {
            err_format(exc_TypeError, "%s must be set to a string object", name->data);
            return -1;
        }
        if (S(name))
            f->name = AS_STR(val);
        else
            f->qualname = AS_STR(val);
        return 0;
    }
    if (S(doc)) {
        f->doc = val ? val : NONE;
        return 0;
    }
    if (S(module)) {
        f->module = val && IS_STR(val) ? AS_STR(val) : NULL;
        return 0;
    }
    if (S(defaults)) {
        if (val && !IS_NONE(val) && !IS_TUPLE(val)) {
            err_set(exc_TypeError, "__defaults__ must be set to a tuple object");
            return -1;
        }
        f->defaults = val && IS_TUPLE(val) ? AS_TUPLE(val) : NULL;
        return 0;
    }
    if (S(kwdefaults)) {
        if (val && !IS_NONE(val) && !IS_DICT(val)) {
            err_set(exc_TypeError, "__kwdefaults__ must be set to a dict object");
            return -1;
        }
        f->kwdefaults = val && IS_DICT(val) ? AS_DICT(val) : NULL;
        return 0;
    }
    if (S(code) || S(globals) || S(closure)) {
        if (S(code) && val && IS_CODE(val)) {
            f->code = AS_CODE(val);
            return 0;
        }
        err_format(exc_AttributeError, "readonly attribute");
        return -1;
    }
    if (S(dict)) {
        if (!val || !IS_DICT(val)) {
            err_set(exc_TypeError, "__dict__ must be set to a dictionary");
            return -1;
        }
        f->dict = AS_DICT(val);
        return 0;
    }
    if (!f->dict)
        f->dict = AS_DICT(dict_new());
    if (!val) {
        if (!dict_get_str(f->dict, name)) {
            err_format(exc_AttributeError, "'function' object has no attribute '%s'", name->data);
            return -1;
        }
        return dict_del(OBJ_VAL(f->dict), OBJ_VAL(name));
    }
    return dict_set_str(f->dict, name, val);
}

/* FunctionType.__code__ / .__globals__ exist on the type, as CPython's
 * getset and member descriptors (types.py takes their types from them);
 * instances answer these names in function_getattr first. */
static Value get_code(Value v) { return OBJ_VAL(AS_FUNCTION(v)->code); }

static int function_hash(Value v, int64_t *out)
{
    *out = (int64_t)(AS_OBJ(v)) >> 4;
    return 0;
}

/* types.FunctionType(code, globals, name=None, argdefs=None, closure=None):
 * CPython's checks and messages (funcobject.c's func_new_impl). */
static Value function_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"code", "globals", "name", "argdefs", "closure", NULL};
    Value a[5];
    if (args_parse("function", args, nargs, kwnames, params, 2, 5, a) < 0)
        return VNULL;
    if (!IS_CODE(a[0]))
        return err_format(exc_TypeError, "function() argument 'code' must be code, not %s",
                          IS_NONE(a[0]) ? "None" : TYPE(a[0])->name);
    if (!IS_DICT(a[1]))
        return err_format(exc_TypeError, "function() argument 'globals' must be dict, not %s",
                          IS_NONE(a[1]) ? "None" : TYPE(a[1])->name);
    Value name = a[2] ? a[2] : NONE, defs = a[3] ? a[3] : NONE, clo = a[4] ? a[4] : NONE;
    if (!IS_NONE(name) && !IS_STR(name))
        return err_set(exc_TypeError, "arg 3 (name) must be None or string");
    if (!IS_NONE(defs) && !IS_TUPLE(defs))
        return err_set(exc_TypeError, "arg 4 (defaults) must be None or tuple");
    ObjCode *code = AS_CODE(a[0]);
    if (!IS_TUPLE(clo)) {
        if (code->nfree && IS_NONE(clo))
            return err_set(exc_TypeError, "arg 5 (closure) must be tuple");
        if (!IS_NONE(clo))
            return err_set(exc_TypeError, "arg 5 (closure) must be None or tuple");
    }
    int64_t nclo = IS_NONE(clo) ? 0 : AS_TUPLE(clo)->len;
    if (code->nfree != nclo)
        return err_format(exc_ValueError, "%s requires closure of length %d, not %lld",
                          code->name ? code->name->data : "?", (int)code->nfree, (long long)nclo);
    for (int64_t i = 0; i < nclo; i++) {
        Value c = AS_TUPLE(clo)->items[i];
        if (!IS_TYPE_EXACT(c, &type_cell))
            return err_format(exc_TypeError, "arg 5 (closure) expected cell, found %s",
                              TYPE(c)->name);
    }
    Value fv = function_new(code, AS_DICT(a[1]));
    if (!fv)
        return VNULL;
    ObjFunction *f = AS_FUNCTION(fv);
    if (IS_STR(name))
        f->name = AS_STR(name);
    if (IS_TUPLE(defs))
        f->defaults = AS_TUPLE(defs);
    if (nclo)
        f->closure = AS_TUPLE(clo);
    return fv;
}

Type type_function = {
    .flags = TF_WEAKREF, .tp_new = function_tp_new,
    .name = "function", .kind = KIND_OTHER, .inst_size = sizeof(ObjFunction),
    .trace = function_trace, .repr = function_repr, .call = vm_call_function,
    .descr_get = function_descr_get, .getattr = function_getattr,
    .setattr = function_setattr, .hash = function_hash,
};

/* ---- cell ---------------------------------------------------------------- */

Value cell_new(Value v)
{
    ObjCell *c = (ObjCell *)gc_new(&type_cell, sizeof(ObjCell));
    c->value = v;
    return OBJ_VAL(c);
}

static void cell_trace(Obj *o) { gc_mark(((ObjCell *)o)->value); }

static Value cell_repr(Value v)
{
    ObjCell *c = AS_CELL(v);
    if (!c->value)
        return str_printf("<cell at %p: empty>", (void *)c);
    return str_printf("<cell at %p: %s object at %p>", (void *)c, TYPE(c->value)->name,
                      (void *)AS_OBJ(c->value));
}

static Value cell_getattr(Value v, ObjStr *name)
{
    if (S(contents)) {
        Value x = AS_CELL(v)->value;
        if (!x)
            return err_set(exc_ValueError, "Cell is empty");
        return x;
    }
    return obj_generic_getattr(v, name);
}

Type type_cell = {
    .name = "cell", .kind = KIND_OTHER, .inst_size = sizeof(ObjCell),
    .trace = cell_trace, .repr = cell_repr, .getattr = cell_getattr,
};

/* ---- bound method -------------------------------------------------------- */

static void bm_trace(Obj *o)
{
    gc_mark(((ObjBoundMethod *)o)->self);
    gc_mark(((ObjBoundMethod *)o)->func);
}

static Value bm_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    ObjBoundMethod *b = AS_BOUND(self);
    int n = nargs + (kwnames ? (int)kwnames->len : 0);
    Value buf[12];
    Value *argv = buf, tmp = VNULL;
    if (n + 1 > 12) {
        tmp = tuple_new(n + 1);
        if (!tmp)
            return VNULL;
        argv = AS_TUPLE(tmp)->items;
    }
    argv[0] = b->self;
    if (n)
        memcpy(argv + 1, args, (size_t)n * sizeof(Value));
    Value r = obj_call(b->func, argv, nargs + 1, kwnames);
    (void)*(volatile Value *)&tmp;
    return r;
}

static Value qualname_of(Value f)
{
    if (IS_FUNCTION(f))
        return AS_FUNCTION(f)->qualname ? OBJ_VAL(AS_FUNCTION(f)->qualname) : NONE;
    Value q = obj_getattr_opt(f, s_qualname);
    if (!q) {
        if (err_occurred())
            err_clear();
        q = obj_getattr_opt(f, s_name);
        if (!q) {
            err_clear();
            return str_from_cstr("?");
        }
    }
    return q;
}

static Value bm_repr(Value v)
{
    ObjBoundMethod *b = AS_BOUND(v);
    Value q = qualname_of(b->func);
    if (!q)
        return VNULL;
    Value r = obj_repr(b->self);
    if (!r)
        return VNULL;
    return str_printf("<bound method %s of %s>", IS_STR(q) ? AS_STR(q)->data : "?",
                      AS_STR(r)->data);
}

static Value bm_getattr(Value v, ObjStr *name)
{
    ObjBoundMethod *b = AS_BOUND(v);
    if (S(self))
        return b->self;
    if (S(func))
        return b->func;
    Value t = type_lookup(&type_boundmethod, name);
    if (t)
        return obj_generic_getattr(v, name);
    return obj_getattr(b->func, name);
}

static Value bm_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE_EXACT(b, &type_boundmethod))
        return NOTIMPL;
    bool eq = AS_BOUND(a)->self == AS_BOUND(b)->self && AS_BOUND(a)->func == AS_BOUND(b)->func;
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

static int bm_hash(Value v, int64_t *out)
{
    int64_t h1 = 0, h2 = 0;
    if (obj_hash(AS_BOUND(v)->func, &h1) < 0)
        return -1;
    h2 = (int64_t)(uintptr_t)AS_OBJ(AS_BOUND(v)->self) >> 4;
    *out = h1 ^ h2;
    if (*out == -1)
        *out = -2;
    return 0;
}

Type type_boundmethod = {
    .flags = TF_WEAKREF,
    .name = "method", .kind = KIND_OTHER, .inst_size = sizeof(ObjBoundMethod),
    .trace = bm_trace, .repr = bm_repr, .call = bm_call, .getattr = bm_getattr,
    .richcmp = bm_richcmp, .hash = bm_hash,
};

/* ---- property ------------------------------------------------------------ */

static void prop_trace(Obj *o)
{
    ObjProperty *p = (ObjProperty *)o;
    gc_mark(p->fget);
    gc_mark(p->fset);
    gc_mark(p->fdel);
    gc_mark(p->doc);
}

static Value prop_make(Type *t, Value fget, Value fset, Value fdel, Value doc)
{
    /* type_alloc: a subclass's instances carry its __dict__ and slots */
    ObjProperty *p = (ObjProperty *)type_alloc(t, sizeof(ObjProperty));
    if (!p)
        return VNULL;
    p->fget = fget && !IS_NONE(fget) ? fget : VNULL;
    p->fset = fset && !IS_NONE(fset) ? fset : VNULL;
    p->fdel = fdel && !IS_NONE(fdel) ? fdel : VNULL;
    p->doc = doc ? doc : NONE;
    if (IS_NONE(p->doc) && p->fget && IS_FUNCTION(p->fget))
        p->doc = AS_FUNCTION(p->fget)->doc;
    return OBJ_VAL(p);
}

static Value prop_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"fget", "fset", "fdel", "doc", NULL};
    Value out[4];
    if (args_parse("property", args, nargs, kwnames, params, 0, 4, out) < 0)
        return VNULL;
    return prop_make(t, out[0], out[1], out[2], out[3]);
}

/* "property 'x' of 'A' object" */
static Value prop_err(ObjProperty *p, Value obj, const char *what)
{
    Value n = VNULL;
    if (p->fget) {
        n = obj_getattr_opt(p->fget, s_name);
        if (!n)
            err_clear();
    }
    if (n && IS_STR(n))
        return err_format(exc_AttributeError, "property '%s' of '%s' object has no %s",
                          AS_STR(n)->data, TYPE(obj)->name, what);
    return err_format(exc_AttributeError, "property of '%s' object has no %s",
                      TYPE(obj)->name, what);
}

static Value prop_get(Value d, Value obj, Value type)
{
    (void)type;
    ObjProperty *p = (ObjProperty *)AS_OBJ(d);
    if (!obj || IS_NONE(obj))
        return d;
    if (!p->fget)
        return prop_err(p, obj, "getter");
    return obj_call1(p->fget, obj);
}

static int prop_set(Value d, Value obj, Value v)
{
    ObjProperty *p = (ObjProperty *)AS_OBJ(d);
    Value r;
    if (!v) {
        if (!p->fdel) {
            prop_err(p, obj, "deleter");
            return -1;
        }
        r = obj_call1(p->fdel, obj);
    } else {
        if (!p->fset) {
            prop_err(p, obj, "setter");
            return -1;
        }
        r = obj_call2(p->fset, obj, v);
    }
    return r ? 0 : -1;
}

static Value prop_copy(Value *args, int nargs, ObjTuple *kwnames, int which)
{
    static const char *const names[] = {"getter", "setter", "deleter"};
    if (args_check(names[which], nargs, kwnames, 2, 2) < 0)
        return VNULL;
    ObjProperty *p = (ObjProperty *)AS_OBJ(args[0]);
    Value g = p->fget, s = p->fset, d = p->fdel;
    if (which == 0)
        g = args[1];
    else if (which == 1)
        s = args[1];
    else
        d = args[1];
    return prop_make(AS_OBJ(args[0])->type, g, s, d, which == 0 ? VNULL : p->doc);
}

static Value prop_getter(Value *a, int n, ObjTuple *k) { return prop_copy(a, n, k, 0); }
static Value prop_setter(Value *a, int n, ObjTuple *k) { return prop_copy(a, n, k, 1); }
static Value prop_deleter(Value *a, int n, ObjTuple *k) { return prop_copy(a, n, k, 2); }

int obj_is_abstract(Value v)
{
    if (!v)
        return 0;
    Value f = obj_getattr_opt(v, s_isabstract);
    if (!f)
        return err_occurred() ? -1 : 0;
    return obj_truthy(f);
}

static Value abstract_bool(int r)
{
    return r < 0 ? VNULL : r ? TRUE_V : FALSE_V;
}

static Value prop_getattr(Value v, ObjStr *name)
{
    ObjProperty *p = (ObjProperty *)AS_OBJ(v);
    if (S(fget))
        return p->fget ? p->fget : NONE;
    if (S(fset))
        return p->fset ? p->fset : NONE;
    if (S(fdel))
        return p->fdel ? p->fdel : NONE;
    if (S(doc))
        return p->doc ? p->doc : NONE;
    if (S(isabstract) && !(TYPE(v) != &type_property && type_lookup(TYPE(v), name))) {
        /* (a subclass's own __isabstractmethod__, abc.abstractproperty's,
         * wins, as a class attribute over CPython's getset) */
        int r = obj_is_abstract(p->fget);
        if (r == 0)
            r = obj_is_abstract(p->fset);
        if (r == 0)
            r = obj_is_abstract(p->fdel);
        return abstract_bool(r);
    }
    return obj_generic_getattr(v, name);
}

/* __doc__ is writable, as CPython's member (shutil sets it on the
 * properties of a namedtuple); fget and the others are read-only. */
static int prop_setattr(Value v, ObjStr *name, Value val)
{
    if (S(doc)) {
        ((ObjProperty *)AS_OBJ(v))->doc = val ? val : NONE;
        return 0;
    }
    if (S(fget) || S(fset) || S(fdel)) {
        err_set(exc_AttributeError, "readonly attribute");
        return -1;
    }
    return obj_generic_setattr(v, name, val);
}

Type type_property = {
    .name = "property", .kind = KIND_OTHER, .inst_size = sizeof(ObjProperty),
    .tp_new = prop_tp_new, .trace = prop_trace, .descr_get = prop_get,
    .descr_set = prop_set, .getattr = prop_getattr, .setattr = prop_setattr,
    .flags = TF_BASETYPE,
};

/* ---- staticmethod / classmethod ----------------------------------------- */

static void sm_trace(Obj *o) { gc_mark(((ObjStaticMethod *)o)->func); }

static Value sm_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check(t == &type_staticmethod ? "staticmethod" : "classmethod", nargs,
                   kwnames, 1, 1) < 0)
        return VNULL;
    ObjStaticMethod *s = (ObjStaticMethod *)type_alloc(t, sizeof(ObjStaticMethod));
    if (!s)
        return VNULL;
    s->func = args[0];
    return OBJ_VAL(s);
}

/* staticmethod.__init__(callable) / classmethod.__init__(callable), for
 * subclasses that call super().__init__ (abc.abstractclassmethod). */
static Value sm_init(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !IS_OBJ(args[0]) ||
        !(type_is_subtype(TYPE(args[0]), &type_staticmethod) || type_is_subtype(TYPE(args[0]), &type_classmethod)))
        return err_set(exc_TypeError, "descriptor '__init__' requires a 'staticmethod' or 'classmethod' object");
    bool st = type_is_subtype(TYPE(args[0]), &type_staticmethod);
    if (args_check(st ? "staticmethod" : "classmethod", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    ((ObjStaticMethod *)AS_OBJ(args[0]))->func = args[1];
    return NONE;
}

static const MethodDef sm_methods[] = {
    {"__init__", sm_init},
    {NULL, NULL},
};

static Value sm_get(Value d, Value obj, Value type)
{
    (void)obj;
    (void)type;
    return ((ObjStaticMethod *)AS_OBJ(d))->func;
}

static Value cm_get(Value d, Value obj, Value type)
{
    if (!type || IS_NONE(type))
        type = OBJ_VAL(TYPE(obj));
    return boundmethod_new(type, ((ObjStaticMethod *)AS_OBJ(d))->func);
}

static Value sm_call(Value self, Value *args, int nargs, ObjTuple *kwnames)
{
    return obj_call(((ObjStaticMethod *)AS_OBJ(self))->func, args, nargs, kwnames);
}

static Value sm_repr(Value v)
{
    Value r = obj_repr(((ObjStaticMethod *)AS_OBJ(v))->func);
    if (!r)
        return VNULL;
    return str_printf("<%s(%s)>", AS_OBJ(v)->type->name, AS_STR(r)->data);
}

static Value sm_getattr(Value v, ObjStr *name)
{
    Value f = ((ObjStaticMethod *)AS_OBJ(v))->func;
    if (S(func) || S(wrapped))
        return f;
    if (S(isabstract) && !((TYPE(v)->flags & TF_HEAPTYPE) && type_lookup(TYPE(v), name)))
        return abstract_bool(obj_is_abstract(f));
    if (S(name) || S(qualname) || S(doc) || S(module))
        return obj_getattr(f, name);
    return obj_generic_getattr(v, name);
}

Type type_staticmethod = {
    .name = "staticmethod", .kind = KIND_OTHER, .inst_size = sizeof(ObjStaticMethod),
    .tp_new = sm_tp_new, .trace = sm_trace, .descr_get = sm_get, .call = sm_call,
    .repr = sm_repr, .getattr = sm_getattr, .flags = TF_BASETYPE,
};

Type type_classmethod = {
    .name = "classmethod", .kind = KIND_OTHER, .inst_size = sizeof(ObjStaticMethod),
    .tp_new = sm_tp_new, .trace = sm_trace, .descr_get = cm_get,
    .repr = sm_repr, .getattr = sm_getattr, .flags = TF_BASETYPE,
};

/* ---- super --------------------------------------------------------------- */

static void super_trace(Obj *o)
{
    ObjSuper *s = (ObjSuper *)o;
    gc_mark_obj((Obj *)s->type);
    gc_mark(s->obj_);
}

static Value super_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (args_check("super", nargs, kwnames, 0, 2) < 0)
        return VNULL;
    if (nargs == 0)
        return vm_super_noargs();
    if (!IS_TYPEOBJ(args[0]))
        return err_format(exc_TypeError, "super() argument 1 must be a type, not %s",
                          TYPE(args[0])->name);
    Type *ty = AS_TYPE(args[0]);
    Value o = nargs > 1 ? args[1] : VNULL;
    if (o && !IS_NONE(o)) {
        bool ok = type_is_subtype(TYPE(o), ty) ||
                  (IS_TYPEOBJ(o) && type_is_subtype(AS_TYPE(o), ty));
        if (!ok)
            return err_set(exc_TypeError,
                           "super(type, obj): obj must be an instance or subtype of type");
    }
    ObjSuper *s = (ObjSuper *)gc_new(&type_super, sizeof(ObjSuper));
    s->type = ty;
    s->obj_ = o && !IS_NONE(o) ? o : VNULL;
    return OBJ_VAL(s);
}

/* super(type, obj).name: the MRO of obj's type (or of obj itself when it
 * is a subclass), searched after `type` (CPython's super_getattro). */
static Value super_getattr(Value v, ObjStr *name)
{
    ObjSuper *s = (ObjSuper *)AS_OBJ(v);
    if (s->obj_ && name != str_intern_cstr("__class__")) {
        bool is_cls = IS_TYPEOBJ(s->obj_) && type_is_subtype(AS_TYPE(s->obj_), s->type);
        Type *start = is_cls ? AS_TYPE(s->obj_) : TYPE(s->obj_);
        ObjTuple *mro = start->mro;
        int64_t i = 0, n = mro ? mro->len : 0;
        while (i < n && mro->items[i] != OBJ_VAL(s->type))
            i++;
        for (i++; i < n; i++) {
            ObjDict *d = AS_TYPE(mro->items[i])->dict;
            Value r = d ? dict_get_str(d, name) : VNULL;
            if (!r)
                continue;
            Type *rt = TYPE(r);
            if (rt->descr_get)
                return rt->descr_get(r, is_cls ? VNULL : s->obj_, OBJ_VAL(start));
            return r;
        }
    }
    Value r = obj_generic_getattr(v, name);
    if (!r && err_matches(exc_AttributeError)) {
        err_clear();
        return err_format(exc_AttributeError, "'super' object has no attribute '%s'", name->data);
    }
    return r;
}

static Value super_repr(Value v)
{
    ObjSuper *s = (ObjSuper *)AS_OBJ(v);
    if (!s->obj_)
        return str_printf("<super: <class '%s'>, NULL>", s->type->name);
    return str_printf("<super: <class '%s'>, <%s object>>", s->type->name, TYPE(s->obj_)->name);
}

Type type_super = {
    .name = "super", .kind = KIND_OTHER, .inst_size = sizeof(ObjSuper),
    .tp_new = super_tp_new, .trace = super_trace, .getattr = super_getattr,
    .repr = super_repr, .flags = TF_BASETYPE,
};

/* ---- generator ----------------------------------------------------------- */

Value gen_new(ObjFunction *fn, Value *locals)
{
    ObjCode *co = fn->code;
    size_t size;
    Type *type = coro_type_for(co, &size); /* generator, coroutine or async generator */
    int n = co->nlocals + co->stacksize + 1;
    /* A small frame lives in the generator object itself: no malloc and
     * free per generator (a recursive coroutine makes one per call). */
    size_t inline_size = (size + sizeof(Value) - 1) / sizeof(Value) * sizeof(Value);
    bool in = inline_size + (size_t)n * sizeof(Value) <= GEN_INLINE_MAX;
    ObjGenerator *g = (ObjGenerator *)gc_new(type, in ? inline_size + (size_t)n * sizeof(Value)
                                                      : size);
    g->vals_inline = in;
    g->vals = in ? (Value *)(void *)((char *)g + inline_size) : mem_alloc((size_t)n * sizeof(Value));
    memcpy(g->vals, locals, (size_t)co->nlocals * sizeof(Value));
    g->nvals = n;
    g->nsaved = co->nlocals;
    g->func = fn;
    g->code = co;
    g->globals = fn->globals;
    g->name = fn->name;
    g->qualname = fn->qualname;
    g->state = GEN_CREATED;
    return OBJ_VAL(g);
}

static void gen_trace(Obj *o)
{
    ObjGenerator *g = (ObjGenerator *)o;
    gc_mark_obj((Obj *)g->func);
    gc_mark_obj((Obj *)g->code);
    gc_mark_obj((Obj *)g->globals);
    gc_mark_obj((Obj *)g->name);
    gc_mark_obj((Obj *)g->qualname);
    gc_mark(g->exc_info);
    gc_mark_obj((Obj *)g->fobj);
    /* while running, the thread's stack holds the live values */
    if (g->vals && (g->state == GEN_CREATED || g->state == GEN_SUSPENDED))
        for (int i = 0; i < g->nsaved; i++)
            gc_mark(g->vals[i]);
}

static void gen_finalize(Obj *o)
{
    ObjGenerator *g = (ObjGenerator *)o;
    if (!g->vals_inline)
        mem_free(g->vals, (size_t)g->nvals * sizeof(Value));
    g->vals = NULL;
}

Value gen_send(ObjGenerator *g, Value v, bool *done)
{
    *done = false;
    if (g->state == GEN_RUNNING)
        return err_set(exc_ValueError, "generator already executing");
    if (g->state == GEN_DONE) {
        *done = true;
        return NONE;
    }
    if (g->state == GEN_CREATED && v && !IS_NONE(v))
        return err_set(exc_TypeError, "can't send non-None value to a just-started generator");
    Value r = vm_gen_resume(g, v, RESUME_SEND);
    if (r && g->state == GEN_DONE)
        *done = true;
    return r;
}

static Value gen_close_impl(ObjGenerator *g);

/* What the delegate's throw() gave (r, or VNULL with its exception set;
 * subdone: it finished, r is its value): g goes on accordingly. */
static Value after_delegate_throw(ObjGenerator *g, Value r, bool subdone, bool *done)
{
    if (r && !subdone) {
        g->in_yield_from = true;
        return r;
    }
    if (r) {
        g->vals[g->nsaved - 1] = r;
        r = vm_gen_resume(g, VNULL, RESUME_CONTINUE);
        if (r && g->state == GEN_DONE)
            *done = true;
        return r;
    }
    Value r2 = vm_gen_resume(g, VNULL, RESUME_THROW);
    if (r2 && g->state == GEN_DONE)
        *done = true;
    return r2;
}

/* Throw exc into g.  While g delegates (yield from), the delegate gets it
 * first, as PEP 380 says. */
Value gen_throw_exc(ObjGenerator *g, Value exc, bool *done)
{
    *done = false;
    if (g->state == GEN_RUNNING)
        return err_set(exc_ValueError, "generator already executing");
    if (g->state != GEN_SUSPENDED) {
        g->state = GEN_DONE;
        err_set_value(exc);
        return VNULL;
    }
    if (g->in_yield_from && g->nsaved > 0) {
        Value sub = g->vals[g->nsaved - 1];
        g->in_yield_from = false;
        if (obj_isinstance(exc, exc_GeneratorExit)) {
            Value r;
            if (IS_GENERATOR(sub)) {
                r = gen_close_impl(AS_GEN(sub));
            } else {
                Value m = obj_getattr_opt(sub, s_close);
                r = m ? obj_call0(m) : (err_occurred() ? VNULL : NONE);
            }
            if (!r)
                exc = err_fetch();
        } else {
            bool subdone = false;
            Value r = VNULL;
            bool delegated = true;
            if (IS_GENERATOR(sub)) {
                r = gen_throw_exc(AS_GEN(sub), exc, &subdone);
            } else {
                Value m = obj_getattr_opt(sub, s_throw);
                if (m) {
                    r = obj_call1(m, exc);
                    if (!r) {
                        Value sv = vm_stopiteration_value();
                        if (sv) {
                            r = sv;
                            subdone = true;
                        }
                    }
                } else if (err_occurred()) {
                    exc = err_fetch();
                    delegated = false;
                } else {
                    delegated = false;
                }
            }
            if (delegated)
                return after_delegate_throw(g, r, subdone, done);
        }
    }
    err_set_value(exc);
    Value r = vm_gen_resume(g, VNULL, RESUME_THROW);
    if (r && g->state == GEN_DONE)
        *done = true;
    return r;
}

static Value gen_close_impl(ObjGenerator *g)
{
    if (g->state == GEN_CREATED || g->state == GEN_DONE) {
        g->state = GEN_DONE;
        return NONE;
    }
    if (g->state == GEN_RUNNING)
        return err_set(exc_ValueError, "generator already executing");
    Value exc = exc_new(exc_GeneratorExit, NULL);
    if (!exc)
        return VNULL;
    bool done = false;
    Value r = gen_throw_exc(g, exc, &done);
    if (r) {
        if (!done)
            return err_set(exc_RuntimeError, "generator ignored GeneratorExit");
        return NONE;
    }
    if (err_matches(exc_GeneratorExit) || err_matches(exc_StopIteration)) {
        err_clear();
        return NONE;
    }
    return VNULL;
}

static Value raise_stop(Value v)
{
    /* called, not exc_new'd, so that .value is set */
    Value e = IS_NONE(v) ? obj_call0(OBJ_VAL(exc_StopIteration))
                         : obj_call1(OBJ_VAL(exc_StopIteration), v);
    if (!e)
        return VNULL;
    return err_set_value(e);
}

static Value gen_next_slot(Value self)
{
    bool done = false;
    Value r = gen_send(AS_GEN(self), NONE, &done);
    if (!r)
        return VNULL;
    if (done) {
        /* exhausted: no StopIteration object, except that a trace
         * function sees one for a return value (CPython's FOR_ITER) */
        if (UNLIKELY(vm_cur->trace_fn) && !IS_NONE(r)) {
            Value e = obj_call1(OBJ_VAL(exc_StopIteration), r);
            if (e)
                err_set_value(e);
        }
        return VNULL;
    }
    return r;
}

static Value gen_iter_slot(Value self) { return self; }

static Value m_gen_send(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("send", nargs, kwnames, 2, 2) < 0)
        return VNULL;
    if (!IS_GENERATOR(args[0]))
        return err_set(exc_TypeError, "descriptor 'send' requires a 'generator' object");
    bool done = false;
    Value r = gen_send(AS_GEN(args[0]), args[1], &done);
    if (r && done)
        return raise_stop(r);
    return r;
}

static Value m_gen_next(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("__next__", nargs, kwnames, 1, 1) < 0 || !IS_GENERATOR(args[0]))
        return VNULL;
    bool done = false;
    Value r = gen_send(AS_GEN(args[0]), NONE, &done);
    if (r && done)
        return raise_stop(r);
    return r;
}

static Value m_gen_throw(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("throw", nargs, kwnames, 2, 4) < 0)
        return VNULL;
    if (!IS_GENERATOR(args[0]))
        return err_set(exc_TypeError, "descriptor 'throw' requires a 'generator' object");
    Value typ = args[1], val = nargs > 2 ? args[2] : NONE;
    ObjGenerator *g = AS_GEN(args[0]);
    /* a delegate that is not a generator gets throw()'s own arguments, as
     * given (CPython passes them through before normalizing them) */
    if (g->state == GEN_SUSPENDED && g->in_yield_from && g->nsaved > 0 &&
        !IS_GENERATOR(g->vals[g->nsaved - 1]) &&
        !(IS_TYPEOBJ(typ) && type_is_subtype(AS_TYPE(typ), exc_GeneratorExit)) &&
        !obj_isinstance(typ, exc_GeneratorExit)) {
        Value sub = g->vals[g->nsaved - 1];
        Value m = obj_getattr_opt(sub, s_throw);
        if (m) {
            g->in_yield_from = false;
            Value r = obj_call(m, args + 1, nargs - 1, NULL);
            bool subdone = false, done = false;
            if (!r) {
                Value sv = vm_stopiteration_value();
                if (sv) {
                    r = sv;
                    subdone = true;
                }
            }
            r = after_delegate_throw(g, r, subdone, &done);
            if (r && done)
                return raise_stop(r);
            return r;
        }
        if (err_occurred())
            return VNULL;
    }
    Value exc;
    if (IS_TYPEOBJ(typ) && (AS_TYPE(typ)->flags & TF_EXCEPTION)) {
        if (!IS_NONE(val) && obj_isinstance(val, AS_TYPE(typ))) {
            exc = val;
        } else if (IS_NONE(val)) {
            exc = obj_call0(typ);
        } else if (IS_TUPLE(val)) {
            exc = obj_call(typ, AS_TUPLE(val)->items, (int)AS_TUPLE(val)->len, NULL);
        } else {
            exc = obj_call1(typ, val);
        }
        if (!exc)
            return VNULL;
        if (!IS_EXCEPTION(exc)) /* a __new__ returning something else */
            return err_format(exc_TypeError,
                              "calling %R should have returned an instance of BaseException, "
                              "not %s", typ, TYPE(exc)->name);
    } else if (IS_EXCEPTION(typ)) {
        if (!IS_NONE(val))
            return err_set(exc_TypeError, "instance exception may not have a separate value");
        exc = typ;
    } else {
        return err_format(exc_TypeError,
                          "exceptions must be classes or instances deriving from "
                          "BaseException, not %s", TYPE(typ)->name);
    }
    bool done = false;
    Value r = gen_throw_exc(AS_GEN(args[0]), exc, &done);
    if (r && done)
        return raise_stop(r);
    return r;
}

static Value m_gen_close(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("close", nargs, kwnames, 1, 1) < 0 || !IS_GENERATOR(args[0]))
        return VNULL;
    return gen_close_impl(AS_GEN(args[0]));
}

static Value gen_repr(Value v)
{
    ObjGenerator *g = AS_GEN(v);
    return str_printf("<generator object %s at %p>", g->qualname ? g->qualname->data : "?",
                      (void *)g);
}

static Value gen_getattr(Value v, ObjStr *name)
{
    ObjGenerator *g = AS_GEN(v);
    if (S(name))
        return g->name ? OBJ_VAL(g->name) : NONE;
    if (S(qualname))
        return g->qualname ? OBJ_VAL(g->qualname) : NONE;
    const char *n = name->data;
    if (!strcmp(n, "gi_running"))
        return BOOL_V(g->state == GEN_RUNNING);
    if (!strcmp(n, "gi_code"))
        return OBJ_VAL(g->code);
    if (!strcmp(n, "gi_frame"))
        return frame_of_generator(g);
    if (!strcmp(n, "gi_suspended"))
        return BOOL_V(g->state == GEN_SUSPENDED);
    if (!strcmp(n, "gi_yieldfrom"))
        return g->in_yield_from && g->nsaved > 0 ? g->vals[g->nsaved - 1] : NONE;
    return obj_generic_getattr(v, name);
}

Type type_generator = {
    .flags = TF_WEAKREF | TF_GEN_LIKE,
    .name = "generator", .kind = KIND_OTHER, .inst_size = sizeof(ObjGenerator),
    .trace = gen_trace, .finalize = gen_finalize, .repr = gen_repr,
    .iter = gen_iter_slot, .next = gen_next_slot, .getattr = gen_getattr,
};

static const MethodDef gen_methods[] = {
    {"send", m_gen_send},
    {"throw", m_gen_throw},
    {"close", m_gen_close},
    {"__next__", m_gen_next},
    {NULL, NULL},
};

static const MethodDef prop_methods[] = {
    {"getter", prop_getter},
    {"setter", prop_setter},
    {"deleter", prop_deleter},
    {NULL, NULL},
};

void func_init(void)
{
    s_name = str_intern_cstr("__name__");
    s_qualname = str_intern_cstr("__qualname__");
    s_module = str_intern_cstr("__module__");
    s_doc = str_intern_cstr("__doc__");
    s_dict = str_intern_cstr("__dict__");
    s_code = str_intern_cstr("__code__");
    s_globals = str_intern_cstr("__globals__");
    s_defaults = str_intern_cstr("__defaults__");
    s_kwdefaults = str_intern_cstr("__kwdefaults__");
    s_closure = str_intern_cstr("__closure__");
    s_self = str_intern_cstr("__self__");
    s_func = str_intern_cstr("__func__");
    s_fget = str_intern_cstr("fget");
    s_fset = str_intern_cstr("fset");
    s_fdel = str_intern_cstr("fdel");
    s_close = str_intern_cstr("close");
    s_throw = str_intern_cstr("throw");
    s_contents = str_intern_cstr("cell_contents");
    s_wrapped = str_intern_cstr("__wrapped__");
    s_isabstract = str_intern_cstr("__isabstractmethod__");
    s_annotations = str_intern_cstr("__annotations__");
    type_ready(&type_code, code_methods);
    type_ready(&type_function, NULL);
    dict_set_str(type_function.dict, s_code, getset_descr_new(&type_function, "__code__", get_code, NULL));
    dict_set_str(type_function.dict, s_globals,
                 member_descr_new(&type_function, s_globals, offsetof(ObjFunction, globals)));
    type_ready(&type_cell, NULL);
    type_ready(&type_boundmethod, NULL);
    type_ready(&type_property, prop_methods);
    type_ready(&type_staticmethod, sm_methods);
    type_ready(&type_classmethod, sm_methods);
    type_ready(&type_super, NULL);
    type_ready(&type_generator, gen_methods);
}
