/* containers.h — what the container files (tuple.c list.c dict.c set.c
 * range.c iterators.c) export beyond object.h. */
#ifndef BATON_CONTAINERS_H
#define BATON_CONTAINERS_H

#include "iterators.h"

/* ---- tuple.c: shared sequence helpers ---------------------------------- */
/* Recursive-repr guard (CPython's Py_ReprEnter/Py_ReprLeave), per thread:
 * returns 1 if v is already being printed (print "[...]"), 0 after
 * entering; repr_leave(v) must follow a 0. */
int repr_enter(Value v);
void repr_leave(Value v);
/* An index for seq[key]: 1 and *out set for an int, bool or __index__
 * object; 0 if key is not an index (caller raises its TypeError); -1 on
 * error (IndexError "cannot fit 'int' into an index-sized integer"). */
int seq_index(Value key, int64_t *out);
/* The count n of `seq * n`: 1 ok, 0 not an int (NotImplemented), -1 error. */
int seq_repeat_count(Value n, int64_t *out);
extern ObjTuple *tuple_empty;              /* the () singleton */
Value tuple_slice(Value t, int64_t lo, int64_t hi); /* clamped */
Value tuple_concat(Value a, Value b);      /* both tuples */
int64_t tuple_hash_items(const Value *items, int64_t n, int *err);
/* Lexicographic rich comparison of two item arrays (tuples, lists). */
Value seq_richcompare(const Value *a, int64_t na, const Value *b, int64_t nb, int op);
/* index(x, start, stop)'s optional bounds, clamped to [0, len]. */
int seq_index_bounds(Value *extra, int nextra, int64_t len, int64_t *lo, int64_t *hi);

/* ---- list.c ------------------------------------------------------------ */
Value list_slice(Value l, int64_t lo, int64_t hi); /* clamped, new list */
int list_insert(Value l, int64_t where, Value v);   /* clamps like list.insert */
Value list_pop(Value l, int64_t i);                 /* IndexError */
Value list_as_tuple(Value l);                       /* new tuple of the items */
int list_reverse_inplace(Value l);

/* ---- dict.c ------------------------------------------------------------ */
extern Type type_dict_keys, type_dict_values, type_dict_items;
extern Type type_dict_keyiter, type_dict_valueiter, type_dict_itemiter;
/* d[key]: KeyError(key) if missing. */
Value dict_getitem(Value d, Value key);
/* key in d: 1, 0, -1 */
int dict_contains(Value d, Value key);
/* d.pop(key[, dflt]): dflt VNULL raises KeyError if missing */
Value dict_pop(Value d, Value key, Value dflt);
Value dict_copy(Value d);
void dict_clear(Value d);
Value dict_keys_list(Value d);   /* new list of the keys */
Value dict_items_list(Value d);  /* new list of (k, v) tuples */
/* Merge other into d (DICT_MERGE for f(**m)): a repeated key sets
 * *dup (when dup is not NULL) to the key and returns -2 without raising;
 * other errors return -1. */
int dict_merge_nodup(Value d, Value other, Value *dup);
/* The global counter dict versions come from (strictly increasing). */
extern uint64_t dict_version_counter;

/* ---- set.c ------------------------------------------------------------- */
int set_discard(Value s, Value key);     /* 1 removed, 0 absent, -1 error */
Value set_copy(Value s);                 /* same type as s */
extern Type type_setiter;

/* ---- range.c ----------------------------------------------------------- */
/* Sequences' `x in seq` fallback and helpers */
Value range_from_values(Value start, Value stop, Value step); /* range(…) rules */

/* ---- method helpers shared by list.c, dict.c and set.c ------------------ */

/* First line of a method called as `list.m(self, …)`: self must be an
 * instance of tobj (whose name is tname), with CPython's two messages. */
#define CONTAINER_SELF_CHECK(tname, tobj, name)                                 \
    do {                                                                        \
        if (nargs < 1)                                                          \
            return err_set(exc_TypeError, "unbound method " tname "." name "() needs an argument"); \
        if (!obj_isinstance(args[0], (tobj)))                                   \
            return err_format(exc_TypeError,                                    \
                "descriptor '" name "' for '" tname "' objects doesn't apply to a '%T' object", args[0]); \
    } while (0)

/* A C slot as a method, for super().__repr__() and list.__eq__(a, b) in
 * subclasses: check(label) validates self, then exactly nparams more
 * arguments are allowed. */
#define CONTAINER_SLOT_METHOD(check, cname, label, nparams, call)               \
    static Value cname(Value *args, int nargs, ObjTuple *kw)                    \
    {                                                                           \
        check(label);                                                           \
        if (args_check(label, nargs - 1, kw, nparams, nparams) < 0) return VNULL; \
        return call;                                                            \
    }

#endif
