/* tuple.c — the immutable sequence, plus helpers every sequence shares:
 * the recursive-repr guard, index conversion and the repeat count.
 *
 * Tuples are one allocation (items inline).  The empty tuple is a single
 * shared object.  The hash is CPython 3.11's xxHash-based one, so
 * hash((1, 2)) equals python3's.
 */
#include <stdarg.h>

#include "containers.h"
#include "gc.h"
#include "vm.h"

ObjTuple *tuple_empty;

/* ---- shared sequence helpers -------------------------------------------- */

/* The objects being repr'd on this thread, innermost last.  Only C locals
 * of the callers hold them, so the GC sees them anyway. */
static _Thread_local Value *repr_stack;
static _Thread_local int repr_n, repr_cap;
/* Deep nesting: the entries are also in an open-addressing set (each
 * object at most once), so entering stays O(1) at any depth; shallow
 * stacks just scan. */
#define REPR_SCAN 32
static _Thread_local Value *repr_set;
static _Thread_local size_t repr_set_cap; /* power of two, or 0 */

static size_t repr_hash(Value v) { return (size_t)((v >> 4) * 0x9E3779B97F4A7C15ull); }

static bool repr_set_has(Value v)
{
    size_t m = repr_set_cap - 1;
    for (size_t i = repr_hash(v) & m; repr_set[i]; i = (i + 1) & m)
        if (repr_set[i] == v) return true;
    return false;
}

static void repr_set_put(Value *set, size_t cap, Value v)
{
    size_t m = cap - 1, i = repr_hash(v) & m;
    while (set[i]) i = (i + 1) & m;
    set[i] = v;
}

static void repr_set_del(Value v)
{
    size_t m = repr_set_cap - 1, i = repr_hash(v) & m;
    while (repr_set[i] != v) {
        if (!repr_set[i]) return;
        i = (i + 1) & m;
    }
    /* backward-shift deletion keeps every probe chain unbroken */
    for (size_t j = (i + 1) & m; repr_set[j]; j = (j + 1) & m) {
        size_t h = repr_hash(repr_set[j]) & m;
        if (((j - h) & m) >= ((j - i) & m)) {
            repr_set[i] = repr_set[j];
            i = j;
        }
    }
    repr_set[i] = VNULL;
}

/* Room for repr_n + 1 entries in the set (at most half full). */
static int repr_set_grow(void)
{
    if ((size_t)(repr_n + 1) * 2 <= repr_set_cap) return 0;
    size_t ncap = repr_set_cap ? repr_set_cap * 2 : 128;
    Value *ns = calloc(ncap, sizeof(Value));
    if (!ns) { err_no_memory(); return -1; }
    if (repr_n > REPR_SCAN) /* the set is in use: carry it over */
        for (int i = 0; i < repr_n; i++) repr_set_put(ns, ncap, repr_stack[i]);
    free(repr_set);
    repr_set = ns;
    repr_set_cap = ncap;
    return 0;
}

int repr_enter(Value v)
{
    if (repr_n <= REPR_SCAN) {
        for (int i = repr_n - 1; i >= 0; i--)
            if (repr_stack[i] == v) return 1;
    } else if (repr_set_has(v)) {
        return 1;
    }
    if (repr_n == repr_cap) {
        int ncap = repr_cap ? repr_cap * 2 : 16;
        Value *ns = realloc(repr_stack, (size_t)ncap * sizeof(Value));
        if (!ns) { err_no_memory(); return -1; }
        repr_stack = ns;
        repr_cap = ncap;
    }
    if (repr_n >= REPR_SCAN) {
        if (repr_set_grow() < 0) return -1;
        if (repr_n == REPR_SCAN) /* the set starts now: add what is there */
            for (int i = 0; i < repr_n; i++) repr_set_put(repr_set, repr_set_cap, repr_stack[i]);
        repr_set_put(repr_set, repr_set_cap, v);
    }
    repr_stack[repr_n++] = v;
    return 0;
}

/* Pop entries down to n, keeping the set in step. */
static void repr_pop_to(int n)
{
    while (repr_n > n) {
        repr_n--;
        if (repr_n > REPR_SCAN) repr_set_del(repr_stack[repr_n]);
        else if (repr_n == REPR_SCAN) /* back to scanning: empty the set */
            for (int i = 0; i <= REPR_SCAN; i++) repr_set_del(repr_stack[i]);
    }
}

void repr_leave(Value v)
{
    /* Leave the innermost matching entry (an error may have skipped a leave
     * of something nested deeper; drop those too). */
    if (repr_n && repr_stack[repr_n - 1] == v) { repr_pop_to(repr_n - 1); return; }
    for (int i = repr_n - 1; i >= 0; i--)
        if (repr_stack[i] == v) { repr_pop_to(i); return; }
}

static ObjStr *name_index;

/* Does v's class define __index__?  Built-ins other than int/bool do not. */
static bool has_index(Value v)
{
    Type *t = TYPE(v);
    if (!(t->flags & TF_HEAPTYPE)) return false;
    if (!name_index) name_index = str_intern_cstr("__index__");
    return type_lookup(t, name_index) != VNULL;
}

int seq_index(Value key, int64_t *out)
{
    if (LIKELY(IS_INT(key))) { *out = AS_INT(key); return 1; }
    if (key == TRUE_V) { *out = 1; return 1; }
    if (key == FALSE_V) { *out = 0; return 1; }
    if (IS_BIGINT(key)) {
        err_format(exc_IndexError, "cannot fit '%s' into an index-sized integer", "int");
        return -1;
    }
    if (!IS_OBJ(key) || !has_index(key)) return 0;
    Value i = obj_index(key);
    if (!i) return -1;
    if (IS_INT(i)) { *out = AS_INT(i); return 1; }
    err_format(exc_IndexError, "cannot fit '%s' into an index-sized integer", "int");
    return -1;
}

int seq_repeat_count(Value n, int64_t *out)
{
    if (LIKELY(IS_INT(n))) { *out = AS_INT(n); return 1; }
    if (n == TRUE_V) { *out = 1; return 1; }
    if (n == FALSE_V) { *out = 0; return 1; }
    if (IS_BIGINT(n)) {
        if (int_sign(n) < 0) { *out = 0; return 1; }
        err_format(exc_OverflowError, "cannot fit '%s' into an index-sized integer", "int");
        return -1;
    }
    if (!IS_OBJ(n) || !has_index(n)) return 0;
    Value i = obj_index(n);
    if (!i) return -1;
    if (IS_INT(i)) { *out = AS_INT(i); return 1; }
    if (int_sign(i) < 0) { *out = 0; return 1; }
    err_format(exc_OverflowError, "cannot fit '%s' into an index-sized integer", "int");
    return -1;
}

/* ---- construction --------------------------------------------------------- */

static ObjTuple *tuple_alloc(int64_t len)
{
    if (len < 0 || (uint64_t)len > (SIZE_MAX - sizeof(ObjTuple)) / sizeof(Value) / 2) {
        err_no_memory();
        return NULL;
    }
    size_t size = sizeof(ObjTuple) + (size_t)len * sizeof(Value);
    ObjTuple *t = (ObjTuple *)gc_try_new_data(&type_tuple, size, size);
    if (!t) { err_no_memory(); return NULL; }
    t->len = len;
    t->hash = -1;
    return t;
}

Value tuple_new(int64_t len)
{
    if (len == 0 && tuple_empty) return OBJ_VAL(tuple_empty);
    ObjTuple *t = tuple_alloc(len);
    if (!t) return VNULL;
    for (int64_t i = 0; i < len; i++) t->items[i] = NONE;
    return OBJ_VAL(t);
}

Value tuple_from(const Value *items, int64_t len)
{
    if (len == 0 && tuple_empty) return OBJ_VAL(tuple_empty);
    ObjTuple *t = tuple_alloc(len);
    if (!t) return VNULL;
    if (len) memcpy(t->items, items, (size_t)len * sizeof(Value));
    return OBJ_VAL(t);
}

Value tuple_pack(int n, ...)
{
    va_list ap;
    Value t = tuple_new(n);
    if (!t) return VNULL;
    va_start(ap, n);
    for (int i = 0; i < n; i++) AS_TUPLE(t)->items[i] = va_arg(ap, Value);
    va_end(ap);
    return t;
}

Value tuple_slice(Value tv, int64_t lo, int64_t hi)
{
    ObjTuple *t = AS_TUPLE(tv);
    if (lo < 0) lo = 0;
    if (hi > t->len) hi = t->len;
    if (lo == 0 && hi == t->len) return tv;
    if (hi <= lo) return OBJ_VAL(tuple_empty);
    return tuple_from(t->items + lo, hi - lo);
}

Value tuple_concat(Value a, Value b)
{
    ObjTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
    if (y->len == 0) return a;
    if (x->len == 0) return b;
    ObjTuple *r = tuple_alloc(x->len + y->len);
    if (!r) return VNULL;
    memcpy(r->items, x->items, (size_t)x->len * sizeof(Value));
    memcpy(r->items + x->len, y->items, (size_t)y->len * sizeof(Value));
    return OBJ_VAL(r);
}

static Value tuple_tp_new_exact(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "tuple() takes no keyword arguments");
    if (nargs > 1)
        return err_format(exc_TypeError, "tuple expected at most 1 argument, got %d", nargs);
    if (nargs == 0) return OBJ_VAL(tuple_empty);
    if (IS_TUPLE(args[0])) return args[0];
    if (IS_LIST(args[0])) return list_as_tuple(args[0]);
    Value l = obj_to_list(args[0]);
    if (!l) return VNULL;
    return list_as_tuple(l);
}

static Value tuple_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value v = tuple_tp_new_exact(t, args, nargs, kwnames);
    return t == &type_tuple ? v : type_adopt(t, v);
}

/* ---- slots ------------------------------------------------------------- */

static void tuple_trace(Obj *o)
{
    ObjTuple *t = (ObjTuple *)o;
    for (int64_t i = 0; i < t->len; i++)
        if (IS_OBJ(t->items[i])) gc_mark(t->items[i]);
}

static int64_t tuple_len(Value self) { return AS_TUPLE(self)->len; }

static Value tuple_repr(Value self)
{
    ObjTuple *t = AS_TUPLE(self);
    if (t->len == 0) return str_from_cstr("()");
    int r = repr_enter(self);
    if (r < 0) return VNULL;
    if (r > 0) return str_from_cstr("(...)");
    StrBuf b;
    sb_init(&b);
    sb_addc(&b, '(');
    for (int64_t i = 0; i < t->len; i++) {
        if (i) sb_add(&b, ", ", 2);
        if (sb_addv(&b, t->items[i], true) < 0) {
            sb_free(&b);
            repr_leave(self);
            return VNULL;
        }
    }
    if (t->len == 1) sb_addc(&b, ',');
    sb_addc(&b, ')');
    repr_leave(self);
    return sb_finish(&b);
}

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

int64_t tuple_hash_items(const Value *items, int64_t n, int *err)
{
    uint64_t acc = XXPRIME_5;
    *err = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t h;
        if (obj_hash(items[i], &h) < 0) { *err = 1; return -1; }
        acc += (uint64_t)h * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539ULL);
    if (acc == (uint64_t)-1) return 1546275796;
    return (int64_t)acc;
}

static int tuple_hash(Value self, int64_t *out)
{
    ObjTuple *t = AS_TUPLE(self);
    if (t->hash != -1) { *out = t->hash; return 0; }
    int err;
    int64_t h = tuple_hash_items(t->items, t->len, &err);
    if (err) return -1;
    t->hash = h;
    *out = h;
    return 0;
}

/* Lexicographic comparison shared with lists: items a[0..na), b[0..nb). */
Value seq_richcompare(const Value *a, int64_t na, const Value *b, int64_t nb, int op)
{
    if ((op == CMP_EQ || op == CMP_NE) && na != nb) return BOOL_V(op == CMP_NE);
    int64_t i;
    for (i = 0; i < na && i < nb; i++) {
        int eq = obj_eq(a[i], b[i]);
        if (eq < 0) return VNULL;
        if (!eq) break;
    }
    if (i >= na || i >= nb) {
        bool r;
        switch (op) {
        case CMP_LT: r = na < nb; break;
        case CMP_LE: r = na <= nb; break;
        case CMP_EQ: r = na == nb; break;
        case CMP_NE: r = na != nb; break;
        case CMP_GT: r = na > nb; break;
        default: r = na >= nb; break;
        }
        return BOOL_V(r);
    }
    if (op == CMP_EQ) return FALSE_V;
    if (op == CMP_NE) return TRUE_V;
    return obj_richcmp(a[i], b[i], op);
}

/* v (a tuple or an instance of a tuple subclass) as an exact tuple. */
Value tuple_exact(Value v)
{
    if (IS_TUPLE(v)) return v;
    return tuple_from(AS_TUPLE(v)->items, AS_TUPLE(v)->len);
}

static Value tuple_richcmp(Value a, Value b, int op)
{
    if (!TUPLE_CHECK(a) || !TUPLE_CHECK(b)) return NOTIMPL;
    ObjTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
    return seq_richcompare(x->items, x->len, y->items, y->len, op);
}

static Value tuple_getitem(Value self, Value key)
{
    ObjTuple *t = AS_TUPLE(self);
    if (LIKELY(IS_INT(key))) {
        int64_t i = AS_INT(key);
        if (i < 0) i += t->len;
        if ((uint64_t)i >= (uint64_t)t->len)
            return err_set(exc_IndexError, "tuple index out of range");
        return t->items[i];
    }
    if (IS_TYPE_EXACT(key, &type_slice)) {
        int64_t start, stop, step, n;
        if (slice_indices(key, t->len, &start, &stop, &step, &n) < 0) return VNULL;
        if (step == 1) {
            Value r = tuple_slice(self, start, stop);
            return r == self ? tuple_exact(self) : r;
        }
        if (n <= 0) return OBJ_VAL(tuple_empty);
        ObjTuple *r = tuple_alloc(n);
        if (!r) return VNULL;
        for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) r->items[k] = t->items[j];
        return OBJ_VAL(r);
    }
    int64_t i;
    int rc = seq_index(key, &i);
    if (rc < 0) return VNULL;
    if (rc == 0)
        return err_format(exc_TypeError, "tuple indices must be integers or slices, not %T", key);
    return tuple_getitem(self, MK_INT(i));
}

static int tuple_contains(Value self, Value item)
{
    ObjTuple *t = AS_TUPLE(self);
    for (int64_t i = 0; i < t->len; i++) {
        int eq = obj_eq(t->items[i], item);
        if (eq) return eq;
    }
    return 0;
}

static Value tuple_iter(Value self) { return seqiter_new(self); }

/* Heap-type operands may define the reflected method; leave it to them. */
static bool maybe_reflected(Value v)
{
    return IS_OBJ(v) && (TYPE(v)->flags & TF_HEAPTYPE);
}

static Value tuple_add(Value a, Value b)
{
    if (!TUPLE_CHECK(a)) return NOTIMPL;
    if (!TUPLE_CHECK(b)) {
        if (maybe_reflected(b)) return NOTIMPL;
        return err_format(exc_TypeError, "can only concatenate tuple (not \"%T\") to tuple", b);
    }
    if (UNLIKELY(!IS_TUPLE(a) || !IS_TUPLE(b))) {
        a = tuple_exact(a);
        b = a ? tuple_exact(b) : VNULL;
        if (!b) return VNULL;
    }
    return tuple_concat(a, b);
}

static Value tuple_mul(Value a, Value b)
{
    Value seq = TUPLE_CHECK(a) ? a : b, nv = TUPLE_CHECK(a) ? b : a;
    if (!TUPLE_CHECK(seq)) return NOTIMPL;
    if (UNLIKELY(!IS_TUPLE(seq)) && !(seq = tuple_exact(seq))) return VNULL;
    int64_t n;
    int rc = seq_repeat_count(nv, &n);
    if (rc < 0) return VNULL;
    if (rc == 0) {
        if (maybe_reflected(nv) || (TUPLE_CHECK(a) && TUPLE_CHECK(b))) return NOTIMPL;
        return err_format(exc_TypeError, "can't multiply sequence by non-int of type '%T'", nv);
    }
    ObjTuple *t = AS_TUPLE(seq);
    if (n <= 0 || t->len == 0) return OBJ_VAL(tuple_empty);
    if (n == 1) return seq;
    if (t->len > INT64_MAX / 16 / n) return err_no_memory();
    ObjTuple *r = tuple_alloc(t->len * n);
    if (!r) return VNULL;
    for (int64_t k = 0; k < n; k++)
        memcpy(r->items + k * t->len, t->items, (size_t)t->len * sizeof(Value));
    return OBJ_VAL(r);
}

/* ---- methods ------------------------------------------------------------- */

#define SELF_CHECK(name)                                                        \
    do {                                                                        \
        if (nargs < 1)                                                          \
            return err_set(exc_TypeError, "unbound method tuple." name "() needs an argument"); \
        if (!TUPLE_CHECK(args[0]))                                              \
            return err_format(exc_TypeError,                                    \
                "descriptor '" name "' for 'tuple' objects doesn't apply to a '%T' object", args[0]); \
    } while (0)

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("count");
    if (args_check("count", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjTuple *t = AS_TUPLE(args[0]);
    int64_t c = 0;
    for (int64_t i = 0; i < t->len; i++) {
        int eq = obj_eq(t->items[i], args[1]);
        if (eq < 0) return VNULL;
        c += eq;
    }
    return MK_INT(c);
}

/* Resolve index()'s optional start/stop like CPython's slice clamping. */
int seq_index_bounds(Value *extra, int nextra, int64_t len, int64_t *lo, int64_t *hi)
{
    *lo = 0;
    *hi = len;
    for (int k = 0; k < nextra && k < 2; k++) {
        int64_t v;
        int rc = seq_index(extra[k], &v);
        if (rc < 0) {
            if (!err_matches(exc_IndexError)) return -1;
            err_clear();
            v = int_sign(extra[k]) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
        } else if (rc == 0) {
            err_set(exc_TypeError, "slice indices must be integers or have an __index__ method");
            return -1;
        }
        if (v < 0) { v += len; if (v < 0) v = 0; }
        if (v > len) v = len;
        if (k == 0) *lo = v; else *hi = v;
    }
    return 0;
}

static Value m_index(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("index");
    if (args_check("index", nargs - 1, kw, 1, 3) < 0) return VNULL;
    ObjTuple *t = AS_TUPLE(args[0]);
    int64_t lo, hi;
    if (seq_index_bounds(args + 2, nargs - 2, t->len, &lo, &hi) < 0) return VNULL;
    for (int64_t i = lo; i < hi && i < t->len; i++) {
        int eq = obj_eq(t->items[i], args[1]);
        if (eq < 0) return VNULL;
        if (eq) return MK_INT(i);
    }
    return err_set(exc_ValueError, "tuple.index(x): x not in tuple");
}

static Value m_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__getnewargs__");
    (void)kw;
    return tuple_pack(1, args[0]);
}

static const MethodDef tuple_methods[] = {
    {"count", m_count},
    {"index", m_index},
    {"__getnewargs__", m_getnewargs},
    {NULL, NULL},
};

Type type_tuple = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "tuple",
    .flags = TF_BASETYPE | TF_TUPLE_SUB,
    .inst_size = sizeof(ObjTuple),
    .kind = KIND_OTHER,
    .tp_new = tuple_tp_new,
    .trace = tuple_trace,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcmp = tuple_richcmp,
    .iter = tuple_iter,
    .len = tuple_len,
    .getitem = tuple_getitem,
    .contains = tuple_contains,
    .nb = {[NB_ADD] = tuple_add, [NB_MUL] = tuple_mul},
};

void tuple_init(void)
{
    type_ready(&type_tuple, tuple_methods);
    tuple_empty = (ObjTuple *)gc_new(&type_tuple, sizeof(ObjTuple));
    tuple_empty->len = 0;
    tuple_empty->hash = -1;
    gc_add_root_obj((Obj **)&tuple_empty);
}
