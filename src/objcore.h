/* objcore.h — what the object core (object.c, type.c, descr.c) shares
 * beyond object.h: the interned dunder names, the helpers that call a
 * dunder found on a type, where an instance keeps its __dict__, and the
 * C-stack guard that turns runaway C recursion into RecursionError instead
 * of a crash (the parser, compiler and VM use it for their own recursion
 * too). */
#ifndef BATON_OBJCORE_H
#define BATON_OBJCORE_H

#include "object.h"

/* ---- the C-stack guard ------------------------------------------------- */

/* True when the current thread's C stack is nearly used up (less than
 * ~256 KiB left); cheap enough for every recursive call (inline: a
 * thread-local load and a compare). */
extern _Thread_local uintptr_t obj_stack_floor;
void obj_stack_floor_init(void);
static inline bool obj_stack_low(void)
{
    char here;
    if (UNLIKELY(!obj_stack_floor))
        obj_stack_floor_init();
    return (uintptr_t)&here < obj_stack_floor;
}
/* obj_stack_low() and, if so, raise RecursionError "maximum recursion depth
 * exceeded<where>" (where e.g. " while calling a Python object") and
 * return -1; else 0. */
int obj_enter(const char *where);
/* Raise RecursionError "maximum recursion depth exceeded<where>". */
Value obj_recursion_error(const char *where);
/* Py_EnterRecursiveCall: C recursion that counts against the recursion
 * limit, as Python calls do (RecursionError and -1 past it or when the C
 * stack is low); obj_leave_recursive undoes a successful enter. */
int obj_enter_recursive(const char *where);
void obj_leave_recursive(void);

/* ---- interned names ------------------------------------------------------ */

#define OBJ_NAMES(X) \
    X(repr) X(str) X(hash) X(eq) X(ne) X(lt) X(le) X(gt) X(ge) X(bool) \
    X(len) X(getattr) X(getattribute) X(setattr) X(delattr) X(call) X(iter) \
    X(next) X(getitem) X(setitem) X(delitem) X(contains) X(neg) X(pos) \
    X(invert) X(int) X(float) X(index) X(get) X(set) X(delete) X(init) \
    X(new) X(class) X(dict) X(name) X(qualname) X(module) X(doc) X(base) \
    X(bases) X(mro) X(init_subclass) X(class_getitem) X(set_name) X(self) \
    X(format) X(dir) X(abs) X(slots) X(weakref) X(classcell) X(prepare) \
    X(mro_entries) X(orig_bases) X(instancecheck) X(subclasscheck) \
    X(abstractmethods) X(annotations) X(missing) X(func) X(wrapped) \
    X(isabstractmethod) X(objclass) X(text_signature) X(reduce_ex) X(subclasshook) X(del)

enum {
#define X(n) N_##n,
    OBJ_NAMES(X)
#undef X
    N_COUNT
};
/* "__repr__" … as interned strings (GC roots), indexed by N_*. */
extern ObjStr *obj_names[N_COUNT];
/* "__add__" …, "__radd__" …, "__iadd__" … in enum BinOp order; the six
 * comparisons in enum CmpOp order; the unary operators in enum UnOp order. */
extern ObjStr *obj_name_op[NB_COUNT], *obj_name_rop[NB_COUNT], *obj_name_iop[NB_COUNT];
extern ObjStr *obj_name_cmp[6], *obj_name_unary[UN_COUNT], *obj_name_builtins;
extern const char *const obj_binop_sym[NB_COUNT];   /* "+", … */
extern const char *const obj_cmp_sym[6];            /* "<", … */

static inline ObjStr *obj_interned(ObjStr *s)
{
    return LIKELY(s->interned) ? s : str_intern_obj(s);
}

/* ---- calling dunders ----------------------------------------------------- */

/* Is v something a script put in a class (not a C method or slot wrapper
 * of a built-in type)?  A class's C slot then calls it (type.c). */
bool obj_is_user(Value v);
/* f(self, *args, **kw) without allocating for the common small cases. */
Value obj_call_with_self(Value f, Value self, Value *args, int nargs, ObjTuple *kwnames);
/* Call m (found on type(self)) as a method of self. */
Value obj_call_found(Value m, Value self, Value *args, int nargs);
/* self.<name>(*args) looked up on type(self); VNULL without error if the
 * type has no such attribute (*found, if given, tells which). */
Value obj_call_dunder(Value self, ObjStr *name, Value *args, int nargs, bool *found);

/* TypeError "<what> returned non-string (type X)" unless r is a str. */
Value obj_check_str_result(Value r, const char *what);

/* ---- instance layout ------------------------------------------------------ */

/* The trace slot of the ObjInstance layout (a static type of that layout,
 * such as ModuleSpec, needs it: only heap types inherit object's). */
void obj_instance_trace(Obj *o);
/* Where o keeps its __dict__ pointer, or NULL if its type gives it none. */
ObjDict **obj_dict_slot(Value o);
/* Where the values a class statement appended to o's built-in layout
 * begin (the __dict__ pointer, then __slots__), or NULL. */
Value *obj_extra_values(Value o);

/* ---- reduce.c: object.__reduce_ex__/__reduce__/__getstate__ and the
 * built-in types' __reduce__ / __getnewargs__ (after exc_init). */
void reduce_init(void);

/* ---- type.c ---------------------------------------------------------------- */

/* The built-in type whose C layout instances of t have (object for classes
 * that derive only from classes). */
Type *type_builtin_base(Type *t);
/* The C slots of a class after a dunder was assigned or deleted (type.c). */
void type_fixup_slots(Type *t);
/* type.__new__(meta, name, bases, ns, **kw) (the class statement and
 * type(name, bases, dict) end here). */
Value type_new_full(Type *meta, ObjStr *name, ObjTuple *bases, Value ns,
                    Value *kwvals, ObjTuple *kwnames);
/* object.__new__ for type t with the given arguments (the excess-argument
 * and abstract-class checks included). */
Value type_object_new(Type *t, Value *args, int nargs, ObjTuple *kwnames);
/* object.__init__(self, *args) with CPython's excess-argument rule. */
Value type_object_init(Value *args, int nargs, ObjTuple *kwnames);
/* Attribute lookup on a type object (the generic part of type.__getattribute__);
 * VNULL and no error when missing if !raise. */
Value type_getattr_generic(Value self, ObjStr *name, bool raise);
/* builtins.__build_class__(func, name, *bases, metaclass=..., **kw) */
Value type_build_class(Value *args, int nargs, ObjTuple *kwnames);
void type_init(void);

/* ---- object.c: isinstance / issubclass ------------------------------------------ */

/* isinstance(inst, cls) / issubclass(derived, cls) without the
 * __instancecheck__ / __subclasscheck__ hooks (type's own versions of
 * them): by the MRO, or __class__ / __bases__ for non-type classes. */
int obj_real_isinstance(Value inst, Value cls);
int obj_real_issubclass(Value derived, Value cls);

/* ---- genericalias.c: types.GenericAlias and types.UnionType ------------------ */

extern Type type_generic_alias, type_union;
Value generic_alias_new(Value origin, Value args);
Value union_args(Value u);                 /* a union's __args__ tuple */
Value union_type_or(Value a, Value b);     /* type.__or__: int | None */
/* cls.__class_getitem__(item) -> GenericAlias(cls, item) */
Value generic_class_getitem(Value *args, int nargs, ObjTuple *kw);
void genericalias_init(void);

/* ---- descr.c: descriptors for slots, built-in attributes, mappingproxy ----- */

extern Type type_member_descr, type_getset_descr, type_wrapper_descr,
    type_method_wrapper, type_mappingproxy;
/* A __slots__ member: reads and writes the Value at byte offset off. */
Value member_descr_new(Type *owner, ObjStr *name, size_t off);
/* The same, read-only: assigning raises AttributeError "readonly attribute". */
Value member_descr_new_readonly(Type *owner, ObjStr *name, size_t off);
/* A read-only (set NULL) or writable attribute computed by C functions. */
typedef Value (*GetterFn)(Value self);
typedef int (*SetterFn)(Value self, Value v); /* v VNULL: delete */
Value getset_descr_new(Type *owner, const char *name, GetterFn get, SetterFn set);
/* A read-only view of a mapping (a class's __dict__). */
Value mappingproxy_new(Value mapping);
/* type_ready: a wrapper_descriptor for every C slot that `own` (t's slots
 * before inheritance) defines, unless t's dict has the dunder already. */
void descr_add_slot_wrappers(Type *t, const Type *own);
/* Turn t's native methods of these names into slot wrappers, which is
 * what they are in CPython (type(object.__init__) is wrapper_descriptor). */
void descr_wrap_natives(Type *t, const char *const *names);
/* The type whose C slot the wrapper_descriptor v calls, or NULL. */
Type *descr_wrapper_owner(Value v);
/* The dunder a slot wrapper (descr_wrapper_owner != NULL) stands for. */
ObjStr *descr_wrapper_name(Value v);
void descr_init(void);

#endif
