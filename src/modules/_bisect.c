/* modules/_bisect.c — the C half of CPython's Lib/bisect.py: binary
 * search of a sorted sequence, with lo, hi and (3.10+) key, and insertion
 * keeping it sorted.  The midpoints and comparisons are CPython's
 * (bisect_left asks a[mid] < x, bisect_right x < a[mid]), so objects with
 * odd comparisons see the same calls in the same order.
 */
#include "containers.h"
#include "modsupport.h"
#include "modules.h"

typedef struct { Value a, x, key; int64_t lo, hi; } BisectArgs;

/* (a, x, lo=0, hi=None, *, key=None) */
static int parse(const char *fname, Value *args, int nargs, ObjTuple *kw, BisectArgs *b)
{
    static const char *const params[] = {"a", "x", "lo", "hi", "key", NULL};
    Value v[5];
    if (mod_parse(fname, args, nargs, kw, params, 2, 4, v) < 0)
        return -1;
    b->a = v[0];
    b->x = v[1];
    b->key = v[4] ? v[4] : NONE;
    b->lo = 0;
    b->hi = -1;
    if (v[2] && mod_index_ssize(v[2], &b->lo) < 0)
        return -1;
    if (b->lo < 0) {
        err_set(exc_ValueError, "lo must be non-negative");
        return -1;
    }
    if (v[3] && v[3] != NONE && mod_index_ssize(v[3], &b->hi) < 0)
        return -1;
    if (b->hi == -1 && (b->hi = obj_len(b->a)) < 0)
        return -1;
    return 0;
}

/* The insertion point of x (right: after equal items); -1 on error. */
static int64_t search(const BisectArgs *b, Value x, bool right)
{
    int64_t lo = b->lo, hi = b->hi;
    while (lo < hi) {
        int64_t mid = (int64_t)(((uint64_t)lo + (uint64_t)hi) / 2);
        Value item;
        if (IS_LIST(b->a) && mid < AS_LIST(b->a)->len)
            item = AS_LIST(b->a)->items[mid];
        else if (IS_TUPLE(b->a) && mid < AS_TUPLE(b->a)->len)
            item = AS_TUPLE(b->a)->items[mid];
        else if (!(item = obj_getitem(b->a, MK_INT(mid))))
            return -1;
        if (b->key != NONE && !(item = obj_call1(b->key, item)))
            return -1;
        int r = right ? obj_richcmp_bool(x, item, CMP_LT) : obj_richcmp_bool(item, x, CMP_LT);
        if (r < 0)
            return -1;
        if (right == (r != 0))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static Value bisect(const char *fname, Value *args, int nargs, ObjTuple *kw, bool right)
{
    BisectArgs b;
    if (parse(fname, args, nargs, kw, &b) < 0)
        return VNULL;
    int64_t i = search(&b, b.x, right);
    return i < 0 ? VNULL : int_from_i64(i);
}

/* insort: a list gets the item directly, anything else through its
 * insert method (a subclass's override included). */
static Value insort(const char *fname, Value *args, int nargs, ObjTuple *kw, bool right)
{
    BisectArgs b;
    if (parse(fname, args, nargs, kw, &b) < 0)
        return VNULL;
    Value kx = b.x;
    if (b.key != NONE && !(kx = obj_call1(b.key, b.x)))
        return VNULL;
    int64_t i = search(&b, kx, right);
    if (i < 0)
        return VNULL;
    if (IS_LIST(b.a))
        return list_insert(b.a, i, b.x) < 0 ? VNULL : NONE;
    Value ia[2] = {int_from_i64(i), b.x};
    Value r = obj_call_method(b.a, str_intern_cstr("insert"), ia, 2);
    return r ? NONE : VNULL;
}

static Value f_bisect_left(Value *args, int nargs, ObjTuple *kw)
{
    return bisect("bisect_left", args, nargs, kw, false);
}

static Value f_bisect_right(Value *args, int nargs, ObjTuple *kw)
{
    return bisect("bisect_right", args, nargs, kw, true);
}

static Value f_insort_left(Value *args, int nargs, ObjTuple *kw)
{
    return insort("insort_left", args, nargs, kw, false);
}

static Value f_insort_right(Value *args, int nargs, ObjTuple *kw)
{
    return insort("insort_right", args, nargs, kw, true);
}

#define BOUNDS "\n\nOptional args lo (default 0) and hi (default len(a)) bound the\nslice of a to be searched."
static const struct { const char *name; NativeFn fn; const char *doc; } bisect_functions[] = {
    {"bisect_left", f_bisect_left,
     "Return the index where to insert item x in list a, assuming a is sorted.\n\n"
     "The return value i is such that all e in a[:i] have e < x, and all e in\n"
     "a[i:] have e >= x.  So if x already appears in the list, a.insert(i, x) will\n"
     "insert just before the leftmost x already there." BOUNDS},
    {"bisect_right", f_bisect_right,
     "Return the index where to insert item x in list a, assuming a is sorted.\n\n"
     "The return value i is such that all e in a[:i] have e <= x, and all e in\n"
     "a[i:] have e > x.  So if x already appears in the list, a.insert(i, x) will\n"
     "insert just after the rightmost x already there." BOUNDS},
    {"insort_left", f_insort_left,
     "Insert item x in list a, and keep it sorted assuming a is sorted.\n\n"
     "If x is already in a, insert it to the left of the leftmost x." BOUNDS},
    {"insort_right", f_insort_right,
     "Insert item x in list a, and keep it sorted assuming a is sorted.\n\n"
     "If x is already in a, insert it to the right of the rightmost x." BOUNDS},
    {NULL, NULL, NULL},
};

Value mod_bisect_init(void)
{
    Value m = module_new(str_intern_cstr("_bisect"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Bisection algorithms.\n\n"
        "This module provides support for maintaining a list in sorted order without\n"
        "having to sort the list after each insertion. For long lists of items with\n"
        "expensive comparison operations, this can be an improvement over the more\n"
        "common approach.\n"));
    for (int i = 0; bisect_functions[i].name; i++) {
        Value f = native_new(bisect_functions[i].name, bisect_functions[i].fn, VNULL);
        AS_NATIVE(f)->doc = bisect_functions[i].doc;
        module_add(mod, bisect_functions[i].name, f);
    }
    return m;
}
