/* match.c — the run-time side of the match statement (PEP 634).
 *
 * The compiler turns patterns into ordinary instructions plus four that
 * ask questions of the subject (opcodes.h): MATCH_SEQUENCE and
 * MATCH_MAPPING (is it one?), MATCH_KEYS (the values of a mapping
 * pattern's keys) and MATCH_CLASS (isinstance, then the attributes named by
 * __match_args__ and the keywords).  The answers and error messages are
 * CPython 3.11's (Python/ceval.c's match_class / match_keys).
 */
#include "match.h"

#include "gc.h"
#include "vm.h"

bool match_is_sequence(Value v)
{
    Type *t = TYPE(v);
    if (type_is_subtype(t, &type_str) || type_is_subtype(t, &type_bytes) || type_is_subtype(t, &type_bytearray))
        return false;
    if (type_is_subtype(t, &type_list) || type_is_subtype(t, &type_tuple) || type_is_subtype(t, &type_range) ||
        type_is_subtype(t, &type_memoryview))
        return true;
    if (type_is_subtype(t, &type_dict)) return false;
    return (t->flags & TF_SEQUENCE) != 0; /* _abc: collections.abc, deque, array */
}

bool match_is_mapping(Value v)
{
    Type *t = TYPE(v);
    if (type_is_subtype(t, &type_dict)) return true;
    if (type_is_subtype(t, &type_list) || type_is_subtype(t, &type_tuple) || type_is_subtype(t, &type_str)) return false;
    return (t->flags & TF_MAPPING) != 0;
}

/* A sentinel no mapping can hold: `mapping.get(key, missing)`. */
static Value missing_marker(void)
{
    static Value marker;
    if (!marker) {
        marker = str_printf("<match missing>"); /* a fresh str: only its identity counts */
        if (marker) gc_add_root_value(&marker);
    }
    return marker;
}

Value match_keys(Value subject, Value keys)
{
    ObjTuple *k = AS_TUPLE(keys);
    if (k->len == 0) return tuple_new(0);
    Value seen = set_new(&type_set);
    Value values = seen ? tuple_new(k->len) : VNULL;
    Value marker = missing_marker();
    if (!values || !marker) return VNULL;
    static ObjStr *get;
    if (!get) get = str_intern_cstr("get");
    for (int64_t i = 0; i < k->len; i++) {
        Value key = k->items[i];
        int dup = set_contains(seen, key);
        if (dup < 0) return VNULL;
        if (dup) return err_format(exc_ValueError, "mapping pattern checks duplicate key (%R)", key);
        if (set_add(seen, key) < 0) return VNULL;
        Value v;
        if (IS_TYPE_EXACT(subject, &type_dict)) {
            v = dict_get(subject, key);
            if (!v && err_occurred()) return VNULL;
        } else {
            Value args[2] = {key, marker};
            v = obj_call_method(subject, get, args, 2);
            if (!v) return VNULL;
            if (v == marker) v = VNULL;
        }
        if (!v) return NONE;
        AS_TUPLE(values)->items[i] = v;
    }
    return values;
}

/* The built-ins whose one positional sub-pattern matches the subject
 * itself (CPython's _Py_TPFLAGS_MATCH_SELF), subclasses included. */
static bool matches_self(Type *t)
{
    static Type *const self_types[] = {&type_bool, &type_bytearray, &type_bytes, &type_dict, &type_float,
                                       &type_frozenset, &type_int, &type_list, &type_set, &type_str, &type_tuple};
    for (size_t i = 0; i < sizeof self_types / sizeof self_types[0]; i++)
        if (type_is_subtype(t, self_types[i])) return true;
    return false;
}

/* subject.name, or VNULL with no error when it has no such attribute. */
static Value match_attr(Value subject, Value name, Value seen, Value cls)
{
    int dup = set_contains(seen, name);
    if (dup < 0) return VNULL;
    if (dup) {
        err_format(exc_TypeError, "%s() got multiple sub-patterns for attribute %R", AS_TYPE(cls)->name, name);
        return VNULL;
    }
    if (set_add(seen, name) < 0) return VNULL;
    Value v = obj_getattr(subject, AS_STR(name));
    if (!v && err_matches(exc_AttributeError)) err_clear();
    return v;
}

Value match_class(Value subject, Value cls, Value kwnames, int npos)
{
    if (!IS_TYPEOBJ(cls)) return err_set(exc_TypeError, "called match pattern must be a type");
    int r = obj_isinstance_v(subject, cls);
    if (r < 0) return VNULL;
    if (!r) return NONE;
    Type *t = AS_TYPE(cls);
    ObjTuple *kw = AS_TUPLE(kwnames);
    Value seen = set_new(&type_set);
    Value out = seen ? tuple_new(npos + kw->len) : VNULL;
    if (!out) return VNULL;
    int k = 0;
    if (npos) {
        static ObjStr *match_args_name;
        if (!match_args_name) match_args_name = str_intern_cstr("__match_args__");
        Value margs = obj_getattr(cls, match_args_name);
        bool self = false;
        if (!margs) {
            if (!err_matches(exc_AttributeError)) return VNULL;
            err_clear();
            margs = tuple_new(0);
            if (!margs) return VNULL;
            self = matches_self(t);
        } else if (!IS_TUPLE(margs) || !type_is_subtype(TYPE(margs), &type_tuple)) {
            return err_format(exc_TypeError, "%s.__match_args__ must be a tuple (got %s)", t->name, TYPE(margs)->name);
        }
        int64_t allowed = self ? 1 : AS_TUPLE(margs)->len;
        if (allowed < npos)
            return err_format(exc_TypeError, "%s() accepts %d positional sub-pattern%s (%d given)", t->name,
                              (int)allowed, allowed == 1 ? "" : "s", npos);
        if (self) {
            AS_TUPLE(out)->items[k++] = subject;
        } else {
            for (int i = 0; i < npos; i++) {
                Value name = AS_TUPLE(margs)->items[i];
                if (!IS_STR(name))
                    return err_format(exc_TypeError, "__match_args__ elements must be strings (got %s)",
                                      TYPE(name)->name);
                Value v = match_attr(subject, name, seen, cls);
                if (!v) return err_occurred() ? VNULL : NONE;
                AS_TUPLE(out)->items[k++] = v;
            }
        }
    }
    for (int64_t i = 0; i < kw->len; i++) {
        Value v = match_attr(subject, kw->items[i], seen, cls);
        if (!v) return err_occurred() ? VNULL : NONE;
        AS_TUPLE(out)->items[k++] = v;
    }
    return out;
}
