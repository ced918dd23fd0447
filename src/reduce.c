/* reduce.c — the copy protocol of the object core: object.__reduce_ex__,
 * object.__reduce__ and object.__getstate__, and the __reduce__ /
 * __getnewargs__ methods of the built-in types that CPython gives them.
 *
 * pickle, copy and copyreg (CPython's Lib/) rely on these.  As in CPython
 * 3.11's typeobject.c: with protocol 2 and up an object reduces to
 * copyreg.__newobj__(cls, *args) (or __newobj_ex__ with keyword
 * arguments from __getnewargs_ex__), its state (__getstate__: the
 * instance __dict__ and the values of its __slots__), and iterators over
 * its items if it is a list or dict; below protocol 2 copyreg._reduce_ex
 * (Python) does the work.  A type whose instances hold C data that no
 * state describes cannot be reduced this way: "cannot pickle 'X' object".
 */
#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

static ObjStr *s_reduce, *s_reduce_ex, *s_getstate, *s_getnewargs, *s_getnewargs_ex, *s_slotnames,
    *s_newobj, *s_newobj_ex, *s_reduce_ex_py, *s_items;
static Value object_reduce_fn, object_getstate_fn; /* object.__reduce__ / __getstate__ */

static Value copyreg_attr(ObjStr *name)
{
    Value m = vm_import(str_intern_cstr("copyreg"));
    return m ? obj_getattr(m, name) : VNULL;
}

/* type(obj).<name> bound to obj (a special-method lookup), or VNULL
 * without error if the type has none. */
static Value lookup_special(Value obj, ObjStr *name)
{
    Type *t = TYPE(obj);
    Value f = type_lookup(t, name);
    if (!f)
        return VNULL;
    Type *ft = TYPE(f);
    return ft->descr_get ? ft->descr_get(f, obj, OBJ_VAL(t)) : f;
}

/* __getnewargs_ex__ / __getnewargs__: *args (a tuple or VNULL) and
 * *kwargs (a dict or VNULL). */
static int get_new_arguments(Value obj, Value *args, Value *kwargs)
{
    *args = *kwargs = VNULL;
    Value f = lookup_special(obj, s_getnewargs_ex);
    if (f) {
        Value r = obj_call0(f);
        if (!r)
            return -1;
        if (!IS_TUPLE(r)) {
            err_format(exc_TypeError, "__getnewargs_ex__ should return a tuple, not '%s'",
                       TYPE(r)->name);
            return -1;
        }
        if (AS_TUPLE(r)->len != 2) {
            err_format(exc_ValueError, "__getnewargs_ex__ should return a tuple of length 2, not %lld",
                       (long long)AS_TUPLE(r)->len);
            return -1;
        }
        *args = AS_TUPLE(r)->items[0];
        *kwargs = AS_TUPLE(r)->items[1];
        if (!IS_TUPLE(*args)) {
            err_format(exc_TypeError,
                       "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '%s'",
                       TYPE(*args)->name);
            return -1;
        }
        if (!IS_DICT(*kwargs)) {
            err_format(exc_TypeError,
                       "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '%s'",
                       TYPE(*kwargs)->name);
            return -1;
        }
        return 0;
    }
    if (err_occurred())
        return -1;
    f = lookup_special(obj, s_getnewargs);
    if (f) {
        Value r = obj_call0(f);
        if (!r)
            return -1;
        if (!IS_TUPLE(r)) {
            err_format(exc_TypeError, "__getnewargs__ should return a tuple, not '%s'", TYPE(r)->name);
            return -1;
        }
        *args = r;
        return 0;
    }
    return err_occurred() ? -1 : 0;
}

/* copyreg._slotnames(cls), cached by copyreg in cls.__slotnames__. */
static Value slot_names(Type *t)
{
    Value v = dict_get_str(t->dict, s_slotnames);
    if (!v) {
        Value f = copyreg_attr(str_intern_cstr("_slotnames"));
        v = f ? obj_call1(f, OBJ_VAL(t)) : VNULL;
        if (!v)
            return VNULL;
    }
    if (!IS_NONE(v) && !IS_LIST(v))
        return err_set(exc_TypeError, "copyreg._slotnames didn't return a list or None");
    return v;
}

/* "cannot pickle 'X' object" with X as CPython's tp_name: a built-in
 * type outside builtins is named with its module ('_thread.lock'). */
static Value cannot_pickle(Type *t)
{
    if (!(t->flags & TF_HEAPTYPE) && t->module && strcmp(t->module->data, "builtins") != 0 &&
        !strchr(t->name, '.'))
        return err_format(exc_TypeError, "cannot pickle '%s.%s' object", t->module->data, t->name);
    return err_format(exc_TypeError, "cannot pickle '%s' object", t->name);
}

/* object.__getstate__ without an override: the instance dict (None if
 * empty or absent) and, if some __slots__ are set, (dict, {slot: value}).
 * required: the object has no other way to be rebuilt (no new
 * arguments), so C data it holds is an error. */
static Value getstate_default(Value obj, bool required)
{
    Type *t = TYPE(obj);
    if (required && IS_OBJ(obj)) {
        Type *base = type_builtin_base(t);
        /* CPython's words for a variable-size C type (memoryview's) */
        if (base == &type_memoryview)
            return err_format(exc_TypeError, "cannot pickle %s objects", t->name);
        if (base != &type_object && !(t->flags & TF_EXCEPTION))
            return cannot_pickle(t);
    }
    ObjDict **dp = IS_OBJ(obj) ? obj_dict_slot(obj) : NULL;
    Value state = dp && *dp && (*dp)->len ? OBJ_VAL(*dp) : NONE;
    Value names = slot_names(t);
    if (!names)
        return VNULL;
    if (IS_LIST(names) && AS_LIST(names)->len) {
        Value slots = dict_new();
        if (!slots)
            return VNULL;
        for (int64_t i = 0; i < AS_LIST(names)->len; i++) {
            Value name = AS_LIST(names)->items[i];
            if (!IS_STR(name))
                return err_format(exc_TypeError, "attribute name must be string, not '%s'",
                                  TYPE(name)->name);
            Value v = obj_getattr_opt(obj, AS_STR(name));
            if (!v) {
                if (err_occurred() && !err_matches(exc_AttributeError))
                    return VNULL;
                err_clear(); /* an unset slot */
                continue;
            }
            if (dict_set(slots, name, v) < 0)
                return VNULL;
        }
        if (AS_DICT(slots)->len)
            state = tuple_pack(2, state, slots);
    }
    return state;
}

static Value object_getstate(Value obj, bool required)
{
    Value f = type_lookup(TYPE(obj), s_getstate);
    if (f == object_getstate_fn || !f)
        return getstate_default(obj, required);
    Value g = obj_getattr(obj, s_getstate);
    return g ? obj_call0(g) : VNULL;
}

static Value reduce_newobj(Value obj)
{
    Type *t = TYPE(obj);
    if (!t->tp_new)
        return cannot_pickle(t);
    Value args, kwargs;
    if (get_new_arguments(obj, &args, &kwargs) < 0)
        return VNULL;
    bool hasargs = args != VNULL;
    Value newobj, newargs;
    if (!kwargs || AS_DICT(kwargs)->len == 0) {
        newobj = copyreg_attr(s_newobj);
        int64_t n = args ? AS_TUPLE(args)->len : 0;
        newargs = newobj ? tuple_new(n + 1) : VNULL;
        if (!newargs)
            return VNULL;
        AS_TUPLE(newargs)->items[0] = OBJ_VAL(t);
        for (int64_t i = 0; i < n; i++)
            AS_TUPLE(newargs)->items[i + 1] = AS_TUPLE(args)->items[i];
    } else {
        newobj = copyreg_attr(s_newobj_ex);
        newargs = newobj ? tuple_pack(3, OBJ_VAL(t), args, kwargs) : VNULL;
        if (!newargs)
            return VNULL;
    }
    Value state = object_getstate(obj, !(hasargs || LIST_CHECK(obj) || DICT_CHECK(obj)));
    if (!state)
        return VNULL;
    Value listitems = NONE, dictitems = NONE;
    if (LIST_CHECK(obj) && !(listitems = obj_iter(obj)))
        return VNULL;
    if (DICT_CHECK(obj)) {
        Value items = obj_call_method(obj, s_items, NULL, 0);
        if (!items || !(dictitems = obj_iter(items)))
            return VNULL;
    }
    return tuple_pack(5, newobj, newargs, state, listitems, dictitems);
}

static Value common_reduce(Value self, int64_t proto)
{
    if (proto >= 2)
        return reduce_newobj(self);
    Value f = copyreg_attr(s_reduce_ex_py);
    return f ? obj_call2(f, self, MK_INT(proto)) : VNULL;
}

static Value m_object_reduce_ex(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("object.__reduce_ex__", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    if (IS_FLOAT(args[1]))
        return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
    int64_t proto;
    if (obj_as_int64(args[1], &proto) < 0)
        return VNULL;
    Value self = args[0];
    Value clsreduce = type_lookup(TYPE(self), s_reduce);
    if (clsreduce && clsreduce != object_reduce_fn) {
        Value r = obj_getattr(self, s_reduce);
        return r ? obj_call0(r) : VNULL;
    }
    return common_reduce(self, proto);
}

static Value m_object_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return common_reduce(args[0], 0);
}

static Value m_object_getstate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__getstate__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return getstate_default(args[0], false);
}

/* ---- the built-in types' own reductions ------------------------------------- */

static Value m_int_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__getnewargs__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return tuple_pack(1, int_exact(args[0]));
}

static Value m_float_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__getnewargs__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value f = float_new(AS_FLOAT(args[0]));
    return f ? tuple_pack(1, f) : VNULL;
}

/* set and frozenset: (type(s), (list(s),), state) */
static Value m_set_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    Value keys = obj_to_list(args[0]);
    Value a = keys ? tuple_pack(1, keys) : VNULL;
    Value state = a ? object_getstate(args[0], false) : VNULL;
    return state ? tuple_pack(3, OBJ_VAL(TYPE(args[0])), a, state) : VNULL;
}

static Value m_range_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjRange *r = AS_RANGE(args[0]);
    Value a = tuple_pack(3, int_from_i64(r->start), int_from_i64(r->stop), int_from_i64(r->step));
    return a ? tuple_pack(2, OBJ_VAL(&type_range), a) : VNULL;
}

static Value m_slice_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjSlice *s = AS_SLICE(args[0]);
    Value a = tuple_pack(3, s->start, s->stop, s->step);
    return a ? tuple_pack(2, OBJ_VAL(&type_slice), a) : VNULL;
}

/* BaseException: (type, args) or (type, args, __dict__) */
static Value m_exc_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjException *e = AS_EXC(args[0]);
    Value a = e->args ? OBJ_VAL(e->args) : tuple_new(0);
    if (!a)
        return VNULL;
    if (e->dict && e->dict->len)
        return tuple_pack(3, OBJ_VAL(TYPE(args[0])), a, OBJ_VAL(e->dict));
    return tuple_pack(2, OBJ_VAL(TYPE(args[0])), a);
}

static Value m_exc_setstate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__setstate__", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value state = args[1];
    if (IS_NONE(state))
        return NONE;
    if (!DICT_CHECK(state))
        return err_set(exc_TypeError, "state is not a dictionary");
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(state), &pos, &k, &v)) {
        if (!STR_CHECK(k))
            return err_format(exc_TypeError, "attribute name must be string, not '%s'", TYPE(k)->name);
        if (obj_setattr(args[0], AS_STR(k), v) < 0)
            return VNULL;
    }
    return NONE;
}

/* Ellipsis and NotImplemented reduce to their names in builtins. */
static Value m_ellipsis_reduce(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return str_from_cstr("Ellipsis");
}

static Value m_notimpl_reduce(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return str_from_cstr("NotImplemented");
}

/* builtin functions by name; bound ones and method descriptors as
 * getattr(self or owner type, name) */
static Value m_native_reduce(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__reduce__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjNative *n = AS_NATIVE(args[0]);
    Value owner = n->self && !IS_MODULE(n->self) ? n->self
                  : (n->obj.obj_flags & NATIVE_METHOD) ? OBJ_VAL(((ObjMethodDescr *)n)->owner)
                                                        : VNULL;
    Value name = str_from_cstr(n->name);
    if (!owner || !name)
        return name;
    Value getattr = dict_get_str(vm_builtins, str_intern_cstr("getattr"));
    Value a = tuple_pack(2, owner, name);
    return a ? tuple_pack(2, getattr, a) : VNULL;
}

static void add_if_missing(Type *t, const char *name, NativeFn fn)
{
    if (!dict_get_str(t->dict, str_intern_cstr(name)))
        type_add_method(t, name, fn);
}

void reduce_init(void)
{
    s_reduce = str_intern_cstr("__reduce__");
    s_reduce_ex = str_intern_cstr("__reduce_ex__");
    s_getstate = str_intern_cstr("__getstate__");
    s_getnewargs = str_intern_cstr("__getnewargs__");
    s_getnewargs_ex = str_intern_cstr("__getnewargs_ex__");
    s_slotnames = str_intern_cstr("__slotnames__");
    s_newobj = str_intern_cstr("__newobj__");
    s_newobj_ex = str_intern_cstr("__newobj_ex__");
    s_reduce_ex_py = str_intern_cstr("_reduce_ex");
    s_items = str_intern_cstr("items");
    type_add_method(&type_object, "__reduce_ex__", m_object_reduce_ex);
    type_add_method(&type_object, "__reduce__", m_object_reduce);
    type_add_method(&type_object, "__getstate__", m_object_getstate);
    object_reduce_fn = dict_get_str(type_object.dict, s_reduce);
    object_getstate_fn = dict_get_str(type_object.dict, s_getstate);
    gc_add_root_value(&object_reduce_fn);
    gc_add_root_value(&object_getstate_fn);
    add_if_missing(&type_int, "__getnewargs__", m_int_getnewargs);
    add_if_missing(&type_float, "__getnewargs__", m_float_getnewargs);
    add_if_missing(&type_set, "__reduce__", m_set_reduce);
    add_if_missing(&type_frozenset, "__reduce__", m_set_reduce);
    add_if_missing(&type_range, "__reduce__", m_range_reduce);
    add_if_missing(&type_slice, "__reduce__", m_slice_reduce);
    add_if_missing(exc_BaseException, "__reduce__", m_exc_reduce);
    add_if_missing(exc_BaseException, "__setstate__", m_exc_setstate);
    add_if_missing(&type_ellipsis, "__reduce__", m_ellipsis_reduce);
    add_if_missing(&type_notimpl, "__reduce__", m_notimpl_reduce);
    add_if_missing(&type_native, "__reduce__", m_native_reduce);
}
