/* range.c — range, slice, and the sequence iterators (list, tuple, range,
 * reversed list, and the generic __getitem__ iterator).
 *
 * range holds C int64 bounds and its precomputed length; a range whose
 * bounds or length leave int64 (range(10**20)) keeps int Values instead
 * and takes a slow path everywhere, as CPython's longrange does.  The range
 * iterator keeps "next value" and "items left" so FOR_ITER does one add
 * and one decrement per step; see iterators.h for the field conventions
 * the VM may rely on.  slice_indices is PySlice_GetIndicesEx.
 */
#include "containers.h"
#include "gc.h"
#include "vm.h"

static ObjStr *s_start, *s_stop, *s_step;

/* ---- slice ------------------------------------------------------------- */

Value slice_new(Value start, Value stop, Value step)
{
    ObjSlice *s = (ObjSlice *)gc_new(&type_slice, sizeof(ObjSlice));
    if (!s) return err_no_memory();
    s->start = start ? start : NONE;
    s->stop = stop ? stop : NONE;
    s->step = step ? step : NONE;
    return OBJ_VAL(s);
}

/* A slice bound as int64, big ints clipped (CPython's _PyEval_SliceIndex). */
static int slice_bound(Value v, int64_t *out)
{
    if (IS_INT(v)) { *out = AS_INT(v); return 0; }
    if (v == TRUE_V || v == FALSE_V) { *out = v == TRUE_V; return 0; }
    Value i = VNULL;
    if (IS_BIGINT(v)) i = v;
    else {
        int64_t x;
        int rc = seq_index(v, &x);
        if (rc > 0) { *out = x; return 0; }
        if (rc < 0 && !err_matches(exc_IndexError)) return -1;
        if (rc < 0) { err_clear(); i = obj_index(v); if (!i) return -1; }
        else {
            err_set(exc_TypeError,
                    "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
    }
    if (IS_INT(i)) { *out = AS_INT(i); return 0; }
    *out = int_sign(i) < 0 ? -INT64_MAX : INT64_MAX;
    return 0;
}

int slice_indices(Value slice, int64_t len, int64_t *start, int64_t *stop,
                  int64_t *step, int64_t *slicelen)
{
    ObjSlice *s = AS_SLICE(slice);
    int64_t st = 1, a, b;
    if (!IS_NONE(s->step)) {
        if (slice_bound(s->step, &st) < 0) return -1;
        if (st == 0) { err_set(exc_ValueError, "slice step cannot be zero"); return -1; }
        if (st < -INT64_MAX) st = -INT64_MAX;
    }
    if (IS_NONE(s->start)) a = st < 0 ? INT64_MAX : 0;
    else if (slice_bound(s->start, &a) < 0) return -1;
    if (IS_NONE(s->stop)) b = st < 0 ? INT64_MIN : INT64_MAX;
    else if (slice_bound(s->stop, &b) < 0) return -1;

    if (a < 0) { a += len; if (a < 0) a = st < 0 ? -1 : 0; }
    else if (a >= len) a = st < 0 ? len - 1 : len;
    if (b < 0) { b += len; if (b < 0) b = st < 0 ? -1 : 0; }
    else if (b >= len) b = st < 0 ? len - 1 : len;

    int64_t n = 0;
    if (st < 0) { if (b < a) n = (a - b - 1) / (-st) + 1; }
    else if (a < b) n = (b - a - 1) / st + 1;
    *start = a; *stop = b; *step = st; *slicelen = n;
    return 0;
}

static Value slice_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "slice() takes no keyword arguments");
    if (nargs < 1)
        return err_format(exc_TypeError, "slice expected at least 1 argument, got %d", nargs);
    if (nargs > 3)
        return err_format(exc_TypeError, "slice expected at most 3 arguments, got %d", nargs);
    if (nargs == 1) return slice_new(NONE, args[0], NONE);
    return slice_new(args[0], args[1], nargs == 3 ? args[2] : NONE);
}

static void slice_trace(Obj *o)
{
    ObjSlice *s = (ObjSlice *)o;
    gc_mark(s->start); gc_mark(s->stop); gc_mark(s->step);
}

static Value slice_repr(Value self)
{
    ObjSlice *s = AS_SLICE(self);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, "slice(");
    if (sb_addv(&b, s->start, true) < 0) goto fail;
    sb_add(&b, ", ", 2);
    if (sb_addv(&b, s->stop, true) < 0) goto fail;
    sb_add(&b, ", ", 2);
    if (sb_addv(&b, s->step, true) < 0) goto fail;
    sb_addc(&b, ')');
    return sb_finish(&b);
fail:
    sb_free(&b);
    return VNULL;
}

static Value slice_getattr(Value self, ObjStr *name)
{
    ObjSlice *s = AS_SLICE(self);
    if (name == s_start) return s->start;
    if (name == s_stop) return s->stop;
    if (name == s_step) return s->step;
    return obj_generic_getattr(self, name);
}

static Value slice_richcmp(Value a, Value b, int op)
{
    if (!IS_TYPE_EXACT(a, &type_slice) || !IS_TYPE_EXACT(b, &type_slice)) return NOTIMPL;
    ObjSlice *x = AS_SLICE(a), *y = AS_SLICE(b);
    Value xa[3] = {x->start, x->stop, x->step}, ya[3] = {y->start, y->stop, y->step};
    return seq_richcompare(xa, 3, ya, 3, op);
}

static Value m_slice_indices(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !IS_TYPE_EXACT(args[0], &type_slice))
        return err_set(exc_TypeError, "descriptor 'indices' requires a 'slice' object");
    if (args_check("indices", nargs - 1, kw, 1, 1) < 0) return VNULL;
    int64_t len;
    Value l = obj_index(args[1]);
    if (!l) return VNULL;
    if (obj_as_int64(l, &len) < 0) return VNULL;
    if (len < 0) return err_set(exc_ValueError, "length should not be negative");
    int64_t a, b, st, n;
    if (slice_indices(args[0], len, &a, &b, &st, &n) < 0) return VNULL;
    /* CPython's slice.indices does not clamp a negative-step stop to -1
     * the way the result list does; it returns what GetIndicesEx gives. */
    return tuple_pack(3, int_from_i64(a), int_from_i64(b), int_from_i64(st));
}

static const MethodDef slice_methods[] = {
    {"indices", m_slice_indices},
    {NULL, NULL},
};

Type type_slice = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "slice",
    .base = &type_object,
    .inst_size = sizeof(ObjSlice),
    .kind = KIND_OTHER,
    .tp_new = slice_tp_new,
    .trace = slice_trace,
    .repr = slice_repr,
    .richcmp = slice_richcmp,
    .getattr = slice_getattr,
};

/* ---- range ---------------------------------------------------------------- */

/* A range whose bounds or length leave int64 keeps them as int Values
 * after the ObjRange head, marked by step == 0 (never a valid step); every
 * operation then takes the slow path over Values (CPython's longrange). */
typedef struct { ObjRange r; Value start, stop, step, len; } BigRange;
#define IS_BIG(r) ((r)->step == 0)
#define BIG(r) ((BigRange *)(r))

/* The longrange iterator: next value, step and items left as Values. */
typedef struct { Obj obj; Value cur, step, left; } LongRangeIter;
static Type type_longrangeiter;

static int range_compute_len(int64_t start, int64_t stop, int64_t step, int64_t *len)
{
    uint64_t n = 0;
    if (step > 0 && start < stop)
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    else if (step < 0 && start > stop)
        n = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
    if (n > (uint64_t)INT64_MAX) return -1;
    *len = (int64_t)n;
    return 0;
}

/* An int Value as int64, false if it does not fit. */
static bool fits_i64(Value v, int64_t *out)
{
    if (IS_INT(v)) { *out = AS_INT(v); return true; }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool ok = mpz_fits_slong_p(z) && sizeof(long) == sizeof(int64_t);
    if (ok) *out = (int64_t)mpz_get_si(z);
    mpz_clear(z);
    return ok;
}

/* len(range(start, stop, step)) over int Values; step is not zero. */
static Value big_len(Value start, Value stop, Value step)
{
    Value lo = start, hi = stop, st = step;
    if (int_sign(step) < 0) {
        lo = stop; hi = start;
        if (!(st = int_sub(MK_INT(0), step))) return VNULL;
    }
    if (int_cmp(lo, hi) >= 0) return MK_INT(0);
    Value d = int_sub(hi, lo);
    if (!d || !(d = int_sub(d, MK_INT(1)))) return VNULL;
    if (!(d = obj_binop(d, st, NB_FLOORDIV))) return VNULL;
    return int_add(d, MK_INT(1));
}

static Value big_new(Value start, Value stop, Value step)
{
    Value len = big_len(start, stop, step);
    if (!len) return VNULL;
    BigRange *b = (BigRange *)gc_new(&type_range, sizeof(BigRange));
    if (!b) return err_no_memory();
    b->start = start; b->stop = stop; b->step = step; b->len = len;
    return OBJ_VAL(b);
}

/* A range over int Values (small or big): int64 fast form when it fits. */
static Value range_make(Value start, Value stop, Value step)
{
    int64_t a, b, c, len;
    if (int_sign(step) == 0) return err_set(exc_ValueError, "range() arg 3 must not be zero");
    if (fits_i64(start, &a) && fits_i64(stop, &b) && fits_i64(step, &c) &&
        range_compute_len(a, b, c, &len) == 0) {
        ObjRange *r = (ObjRange *)gc_new(&type_range, sizeof(ObjRange));
        if (!r) return err_no_memory();
        r->start = a; r->stop = b; r->step = c; r->len = len;
        return OBJ_VAL(r);
    }
    return big_new(start, stop, step);
}

Value range_new(int64_t start, int64_t stop, int64_t step)
{
    int64_t len;
    if (step == 0) return err_set(exc_ValueError, "range() arg 3 must not be zero");
    if (range_compute_len(start, stop, step, &len) < 0)
        return big_new(int_from_i64(start), int_from_i64(stop), int_from_i64(step));
    ObjRange *r = (ObjRange *)gc_new(&type_range, sizeof(ObjRange));
    if (!r) return err_no_memory();
    r->start = start; r->stop = stop; r->step = step; r->len = len;
    return OBJ_VAL(r);
}

/* start, stop, step, len of either form as int Values. */
static void range_vals(ObjRange *r, Value v[4])
{
    if (IS_BIG(r)) {
        v[0] = BIG(r)->start; v[1] = BIG(r)->stop; v[2] = BIG(r)->step; v[3] = BIG(r)->len;
        return;
    }
    v[0] = int_from_i64(r->start); v[1] = int_from_i64(r->stop);
    v[2] = int_from_i64(r->step); v[3] = int_from_i64(r->len);
}

static void range_trace(Obj *o)
{
    ObjRange *r = (ObjRange *)o;
    if (!IS_BIG(r)) return;
    gc_mark(BIG(r)->start); gc_mark(BIG(r)->stop);
    gc_mark(BIG(r)->step); gc_mark(BIG(r)->len);
}

Value range_from_values(Value a, Value b, Value c)
{
    Value start = MK_INT(0), stop, step = MK_INT(1);
    if (!b) {
        if (!(stop = IS_INT(a) ? a : obj_index(a))) return VNULL;
        if (IS_INT(stop)) return range_new(0, AS_INT(stop), 1);
    } else {
        if (!(start = IS_INT(a) ? a : obj_index(a))) return VNULL;
        if (!(stop = IS_INT(b) ? b : obj_index(b))) return VNULL;
        if (c && !(step = IS_INT(c) ? c : obj_index(c))) return VNULL;
        if (LIKELY(IS_INT(start) && IS_INT(stop) && IS_INT(step)))
            return range_new(AS_INT(start), AS_INT(stop), AS_INT(step));
    }
    return range_make(start, stop, step);
}

static Value range_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "range() takes no keyword arguments");
    if (nargs < 1)
        return err_format(exc_TypeError, "range expected at least 1 argument, got %d", nargs);
    if (nargs > 3)
        return err_format(exc_TypeError, "range expected at most 3 arguments, got %d", nargs);
    return range_from_values(args[0], nargs > 1 ? args[1] : VNULL, nargs > 2 ? args[2] : VNULL);
}

static int64_t range_len(Value self)
{
    ObjRange *r = AS_RANGE(self);
    if (!IS_BIG(r)) return r->len;
    if (IS_INT(BIG(r)->len)) return AS_INT(BIG(r)->len);
    err_set(exc_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

static int range_truth(Value self)
{
    ObjRange *r = AS_RANGE(self);
    return IS_BIG(r) ? int_sign(BIG(r)->len) != 0 : r->len != 0;
}

static Value range_repr(Value self)
{
    ObjRange *r = AS_RANGE(self);
    if (IS_BIG(r)) {
        Value v[4];
        range_vals(r, v);
        StrBuf b;
        sb_init(&b);
        sb_adds(&b, "range(");
        if (sb_addv(&b, v[0], true) < 0) goto fail;
        sb_add(&b, ", ", 2);
        if (sb_addv(&b, v[1], true) < 0) goto fail;
        if (!(IS_INT(v[2]) && AS_INT(v[2]) == 1)) {
            sb_add(&b, ", ", 2);
            if (sb_addv(&b, v[2], true) < 0) goto fail;
        }
        sb_addc(&b, ')');
        return sb_finish(&b);
    fail:
        sb_free(&b);
        return VNULL;
    }
    if (r->step == 1)
        return str_printf("range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return str_printf("range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                      (long long)r->step);
}

static inline int64_t range_item(ObjRange *r, int64_t i)
{
    return (int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step);
}

/* start + i*step over Values. */
static Value big_item(Value *v, Value i)
{
    Value x = int_mul(i, v[2]);
    return x ? int_add(v[0], x) : VNULL;
}

/* One slice bound over Values, clipped to [lo, hi] (_PySlice_GetLongIndices). */
static Value big_bound(Value b, Value len, Value lo, Value hi)
{
    Value i = obj_index(b);
    if (!i) return VNULL;
    if (int_sign(i) < 0) {
        if (!(i = int_add(i, len))) return VNULL;
        if (int_cmp(i, lo) < 0) i = lo;
    } else if (int_cmp(i, hi) > 0) {
        i = hi;
    }
    return i;
}

/* r[slice] when the bounds may leave int64. */
static Value big_slice(ObjRange *r, Value key)
{
    ObjSlice *s = AS_SLICE(key);
    Value v[4];
    range_vals(r, v);
    Value st = MK_INT(1);
    if (!IS_NONE(s->step)) {
        if (!(st = obj_index(s->step))) return VNULL;
        if (int_sign(st) == 0) return err_set(exc_ValueError, "slice step cannot be zero");
    }
    bool neg = int_sign(st) < 0;
    Value lo = neg ? MK_INT(-1) : MK_INT(0);
    Value hi = neg ? int_add(v[3], MK_INT(-1)) : v[3];
    if (!hi) return VNULL;
    Value a = IS_NONE(s->start) ? (neg ? hi : lo) : big_bound(s->start, v[3], lo, hi);
    if (!a) return VNULL;
    Value b = IS_NONE(s->stop) ? (neg ? lo : hi) : big_bound(s->stop, v[3], lo, hi);
    if (!b) return VNULL;
    Value nstart = big_item(v, a), nstop = nstart ? big_item(v, b) : VNULL;
    Value nstep = nstop ? int_mul(st, v[2]) : VNULL;
    if (!nstep) return VNULL;
    return range_make(nstart, nstop, nstep);
}

static Value range_getitem(Value self, Value key)
{
    ObjRange *r = AS_RANGE(self);
    if (IS_TYPE_EXACT(key, &type_slice)) {
        if (IS_BIG(r)) return big_slice(r, key);
        int64_t a, b, st, n;
        if (slice_indices(key, r->len, &a, &b, &st, &n) < 0) return VNULL;
        int64_t nstart, nstop, nstep;
        if (__builtin_mul_overflow(st, r->step, &nstep) ||
            __builtin_mul_overflow(a, r->step, &nstart) ||
            __builtin_add_overflow(nstart, r->start, &nstart) ||
            __builtin_mul_overflow(b, r->step, &nstop) ||
            __builtin_add_overflow(nstop, r->start, &nstop))
            return big_slice(r, key);
        return range_new(nstart, nstop, nstep);
    }
    if (IS_BIG(r)) {
        if (!IS_INT(key) && !IS_BIGINT(key) && key != TRUE_V && key != FALSE_V &&
            !TYPE(key)->nb_int)
            return err_format(exc_TypeError, "range indices must be integers or slices, not %T", key);
        Value i = obj_index(key);
        if (!i) return VNULL;
        Value v[4];
        range_vals(r, v);
        if (int_sign(i) < 0 && !(i = int_add(i, v[3]))) return VNULL;
        if (int_sign(i) < 0 || int_cmp(i, v[3]) >= 0)
            return err_set(exc_IndexError, "range object index out of range");
        return big_item(v, i);
    }
    int64_t i;
    int rc = seq_index(key, &i);
    if (rc < 0) {
        if (err_matches(exc_IndexError)) {
            err_clear();
            return err_set(exc_IndexError, "range object index out of range");
        }
        return VNULL;
    }
    if (rc == 0)
        return err_format(exc_TypeError, "range indices must be integers or slices, not %T", key);
    if (i < 0) i += r->len;
    if (i < 0 || i >= r->len) return err_set(exc_IndexError, "range object index out of range");
    return int_from_i64(range_item(r, i));
}

/* x in r for an int x over Values: 1/0, -1 on error. */
static int big_has_int(ObjRange *r, Value x)
{
    Value v[4];
    range_vals(r, v);
    if (int_sign(v[2]) > 0) {
        if (int_cmp(x, v[0]) < 0 || int_cmp(x, v[1]) >= 0) return 0;
    } else if (int_cmp(x, v[0]) > 0 || int_cmp(x, v[1]) <= 0) {
        return 0;
    }
    Value d = int_sub(x, v[0]);
    if (!d || !(d = obj_binop(d, v[2], NB_MOD))) return -1;
    return int_sign(d) == 0;
}

/* 1/0 for an int (or bool) x, -1 on error, -2 if x is not an int. */
static int range_has_int(ObjRange *r, Value x)
{
    int64_t v;
    if (IS_INT(x) && !IS_BIG(r)) v = AS_INT(x);
    else if (x == TRUE_V || x == FALSE_V) {
        if (IS_BIG(r)) return big_has_int(r, MK_INT(x == TRUE_V));
        v = x == TRUE_V;
    } else if (IS_INT(x) || IS_BIGINT(x)) return big_has_int(r, x);
    else return -2;
    if (r->step > 0) {
        if (v < r->start || v >= r->stop) return 0;
        return ((uint64_t)v - (uint64_t)r->start) % (uint64_t)r->step == 0;
    }
    if (v > r->start || v <= r->stop) return 0;
    return ((uint64_t)r->start - (uint64_t)v) % (0 - (uint64_t)r->step) == 0;
}

/* Calls fn(item, i, ctx) for each item of r in order until it returns
 * non-zero; returns that, or 0. */
static int range_each(ObjRange *r, int (*fn)(Value, Value, void *), void *ctx)
{
    if (!IS_BIG(r)) {
        for (int64_t i = 0; i < r->len; i++) {
            int rc = fn(int_from_i64(range_item(r, i)), MK_INT(i), ctx);
            if (rc) return rc;
        }
        return 0;
    }
    Value v[4];
    range_vals(r, v);
    Value cur = v[0], i = MK_INT(0);
    while (int_cmp(i, v[3]) < 0) {
        int rc = fn(cur, i, ctx);
        if (rc) return rc;
        if (!(cur = int_add(cur, v[2])) || !(i = int_add(i, MK_INT(1)))) return -1;
    }
    return 0;
}

typedef struct { Value x; Value found; int64_t count; } Search;

static int find_eq(Value item, Value i, void *ctx)
{
    Search *s = ctx;
    int eq = obj_eq(item, s->x);
    if (eq > 0) s->found = i;
    return eq;
}

static int count_eq(Value item, Value i, void *ctx)
{
    (void)i;
    Search *s = ctx;
    int eq = obj_eq(item, s->x);
    if (eq < 0) return -1;
    s->count += eq;
    return 0;
}

static int range_contains(Value self, Value x)
{
    ObjRange *r = AS_RANGE(self);
    int rc = range_has_int(r, x);
    if (rc != -2) return rc;
    Search s = {x, VNULL, 0};
    return range_each(r, find_eq, &s);
}

static Value range_richcmp(Value a, Value b, int op)
{
    if (!IS_RANGE(a) || !IS_RANGE(b) || (op != CMP_EQ && op != CMP_NE)) return NOTIMPL;
    ObjRange *x = AS_RANGE(a), *y = AS_RANGE(b);
    bool eq;
    if (x == y) eq = true;
    else if (IS_BIG(x) || IS_BIG(y)) {
        Value u[4], w[4];
        range_vals(x, u);
        range_vals(y, w);
        if (int_cmp(u[3], w[3]) != 0) eq = false;
        else if (int_sign(u[3]) == 0) eq = true;
        else if (int_cmp(u[0], w[0]) != 0) eq = false;
        else if (IS_INT(u[3]) && AS_INT(u[3]) == 1) eq = true;
        else eq = int_cmp(u[2], w[2]) == 0;
    }
    else if (x->len != y->len) eq = false;
    else if (x->len == 0) eq = true;
    else if (x->start != y->start) eq = false;
    else if (x->len == 1) eq = true;
    else eq = x->step == y->step;
    return BOOL_V(eq == (op == CMP_EQ));
}

static int range_hash(Value self, int64_t *out)
{
    ObjRange *r = AS_RANGE(self);
    Value v[4];
    range_vals(r, v);
    Value t[3] = {v[3], NONE, NONE};
    if (int_sign(v[3]) != 0) {
        t[1] = v[0];
        if (!(IS_INT(v[3]) && AS_INT(v[3]) == 1)) t[2] = v[2];
    }
    int err;
    *out = tuple_hash_items(t, 3, &err);
    return err ? -1 : 0;
}

static Value range_getattr(Value self, ObjStr *name)
{
    ObjRange *r = AS_RANGE(self);
    if (name == s_start || name == s_stop || name == s_step) {
        Value v[4];
        range_vals(r, v);
        return v[name == s_start ? 0 : name == s_stop ? 1 : 2];
    }
    return obj_generic_getattr(self, name);
}

static Value longrange_iter_new(Value cur, Value step, Value left)
{
    LongRangeIter *it = (LongRangeIter *)gc_new(&type_longrangeiter, sizeof(LongRangeIter));
    if (!it) return err_no_memory();
    it->cur = cur; it->step = step; it->left = left;
    return OBJ_VAL(it);
}

static Value range_iter(Value self)
{
    ObjRange *r = AS_RANGE(self);
    if (!IS_BIG(r)) return seqiter_new(self);
    return longrange_iter_new(BIG(r)->start, BIG(r)->step, BIG(r)->len);
}

static Value m_range_count(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !IS_RANGE(args[0]))
        return err_set(exc_TypeError, "descriptor 'count' requires a 'range' object");
    if (args_check("count", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjRange *r = AS_RANGE(args[0]);
    int rc = range_has_int(r, args[1]);
    if (rc == -1) return VNULL;
    if (rc != -2) return MK_INT(rc);
    Search s = {args[1], VNULL, 0};
    if (range_each(r, count_eq, &s) < 0) return VNULL;
    return int_from_i64(s.count);
}

static Value m_range_index(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !IS_RANGE(args[0]))
        return err_set(exc_TypeError, "descriptor 'index' requires a 'range' object");
    if (args_check("index", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjRange *r = AS_RANGE(args[0]);
    Value x = args[1];
    int rc = range_has_int(r, x);
    if (rc == -1) return VNULL;
    if (rc == 1) {
        if (!IS_BIG(r) && (IS_INT(x) || x == TRUE_V || x == FALSE_V)) {
            int64_t v = IS_INT(x) ? AS_INT(x) : x == TRUE_V;
            return int_from_i64((int64_t)(((uint64_t)v - (uint64_t)r->start) / (uint64_t)r->step));
        }
        Value v[4];
        range_vals(r, v);
        Value d = int_sub(IS_INT(x) || IS_BIGINT(x) ? x : MK_INT(x == TRUE_V), v[0]);
        return d ? obj_binop(d, v[2], NB_FLOORDIV) : VNULL;
    }
    if (rc == 0) return err_format(exc_ValueError, "%R is not in range", x);
    Search s = {x, VNULL, 0};
    rc = range_each(r, find_eq, &s);
    if (rc < 0) return VNULL;
    if (rc > 0) return s.found;
    return err_set(exc_ValueError, "sequence.index(x): x not in sequence");
}

static Value m_range_reversed(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1 || !IS_RANGE(args[0]))
        return err_set(exc_TypeError, "descriptor '__reversed__' requires a 'range' object");
    ObjRange *r = AS_RANGE(args[0]);
    if (!IS_BIG(r)) return iterators_reversed(args[0]);
    Value v[4];
    range_vals(r, v);
    Value last = int_sub(v[3], MK_INT(1));
    if (!last || !(last = big_item(v, last))) return VNULL;
    Value step = int_sub(MK_INT(0), v[2]);
    if (!step) return VNULL;
    return longrange_iter_new(last, step, v[3]);
}

static const MethodDef range_methods[] = {
    {"count", m_range_count},
    {"index", m_range_index},
    {"__reversed__", m_range_reversed},
    {NULL, NULL},
};

Type type_range = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "range",
    .base = &type_object,
    .inst_size = sizeof(ObjRange),
    .kind = KIND_OTHER,
    .tp_new = range_tp_new,
    .trace = range_trace,
    .repr = range_repr,
    .hash = range_hash,
    .richcmp = range_richcmp,
    .truth = range_truth,
    .getattr = range_getattr,
    .iter = range_iter,
    .len = range_len,
    .getitem = range_getitem,
    .contains = range_contains,
};

static void longrange_trace(Obj *o)
{
    LongRangeIter *it = (LongRangeIter *)o;
    gc_mark(it->cur); gc_mark(it->step); gc_mark(it->left);
}

static Value longrange_next(Value self)
{
    LongRangeIter *it = (LongRangeIter *)AS_OBJ(self);
    if (int_sign(it->left) <= 0) return VNULL;
    Value v = it->cur;
    Value next = int_add(v, it->step), left = next ? int_sub(it->left, MK_INT(1)) : VNULL;
    if (!left) return VNULL;
    it->cur = next;
    it->left = left;
    return v;
}

static Value m_longrange_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1 || !IS_TYPE_EXACT(args[0], &type_longrangeiter))
        return err_set(exc_TypeError, "__length_hint__ needs a longrange_iterator");
    return ((LongRangeIter *)AS_OBJ(args[0]))->left;
}

static const MethodDef longrangeiter_methods[] = {
    ITERATOR_METHODS,
    {"__length_hint__", m_longrange_length_hint},
    {NULL, NULL},
};

static Type type_longrangeiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "longrange_iterator",
    .base = &type_object,
    .inst_size = sizeof(LongRangeIter),
    .kind = KIND_OTHER,
    .trace = longrange_trace,
    .iter = iterators_self,
    .next = longrange_next,
};

/* ---- sequence iterators ------------------------------------------------ */

static ObjSeqIter *iter_alloc(Type *t, Value seq)
{
    ObjSeqIter *it = (ObjSeqIter *)gc_new(t, sizeof(ObjSeqIter));
    if (!it) { err_no_memory(); return NULL; }
    it->seq = seq;
    it->step = 1;
    return it;
}

Value seqiter_new(Value seq)
{
    ObjSeqIter *it;
    if (LIST_CHECK(seq)) {
        it = iter_alloc(&type_listiter, seq);
    } else if (TUPLE_CHECK(seq)) {
        it = iter_alloc(&type_tupleiter, seq);
    } else if (IS_RANGE(seq)) {
        ObjRange *r = AS_RANGE(seq);
        it = iter_alloc(&type_rangeiter, seq);
        if (it) { it->index = r->start; it->end = r->len; it->step = r->step; }
    } else if (IS_STR(seq)) {
        return obj_iter(seq);
    } else {
        it = iter_alloc(&type_seqiter, seq);
    }
    return it ? OBJ_VAL(it) : VNULL;
}

static void seqiter_trace(Obj *o) { gc_mark(((ObjSeqIter *)o)->seq); }

static Value listiter_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    ObjList *l = AS_LIST(it->seq);
    if (it->index < l->len) return l->items[it->index++];
    it->index = INT64_MAX;
    return VNULL;
}

static Value tupleiter_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    ObjTuple *t = AS_TUPLE(it->seq);
    if (it->index < t->len) return t->items[it->index++];
    return VNULL;
}

static Value rangeiter_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    if (it->end <= 0) return VNULL;
    int64_t v = it->index;
    it->end--;
    it->index = (int64_t)((uint64_t)v + (uint64_t)it->step);
    return LIKELY(FITS_SMALLINT(v)) ? MK_INT(v) : int_from_i64(v);
}

static Value listreviter_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    ObjList *l = AS_LIST(it->seq);
    if (it->index >= 0 && it->index < l->len) return l->items[it->index--];
    it->index = -1;
    return VNULL;
}

static Value seqiter_next(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    if (!it->seq || it->index < 0) return VNULL;
    if (BYTES_CHECK(it->seq)) {
        ObjBytes *b = AS_BYTES(it->seq);
        if (it->index < b->len) return MK_INT(b->data[it->index++]);
        it->index = -1;
        return VNULL;
    }
    Value v = obj_getitem(it->seq, MK_INT(it->index));
    if (!v) {
        if (err_matches(exc_IndexError) || err_matches(exc_StopIteration)) {
            err_clear();
            it->index = -1;
        }
        return VNULL;
    }
    it->index++;
    return v;
}

/* __length_hint__ for list(), tuple() presizing */
static int64_t seqiter_len(Value self)
{
    ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(self);
    Type *t = AS_OBJ(self)->type;
    if (t == &type_rangeiter) return it->end;
    if (t == &type_listiter) {
        int64_t n = AS_LIST(it->seq)->len - it->index;
        return n > 0 ? n : 0;
    }
    if (t == &type_tupleiter) return AS_TUPLE(it->seq)->len - it->index;
    if (t == &type_listreviter) {
        return it->index >= 0 && it->index < AS_LIST(it->seq)->len ? it->index + 1 : 0;
    }
    err_format(exc_TypeError, "object of type '%T' has no len()", self);
    return -1;
}

static Value m_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1) return err_set(exc_TypeError, "__length_hint__ needs an argument");
    int64_t n = seqiter_len(args[0]);
    if (n < 0) return VNULL;
    return MK_INT(n);
}

static const MethodDef plainiter_methods[] = {
    ITERATOR_METHODS,
    {NULL, NULL},
};

static const MethodDef seqiter_methods[] = {
    ITERATOR_METHODS,
    {"__length_hint__", m_length_hint},
    {NULL, NULL},
};

#define SEQITER_TYPE(var, tname, nextfn)                                       \
    Type var = {                                                              \
        .obj = STATIC_OBJ_HEAD(&type_type),                                   \
        .name = tname,                                                        \
        .base = &type_object,                                                 \
        .inst_size = sizeof(ObjSeqIter),                                      \
        .kind = KIND_OTHER,                                                   \
        .trace = seqiter_trace,                                               \
        .iter = iterators_self,                                               \
        .next = nextfn,                                                       \
    }

SEQITER_TYPE(type_seqiter, "iterator", seqiter_next);
SEQITER_TYPE(type_listiter, "list_iterator", listiter_next);
SEQITER_TYPE(type_listreviter, "list_reverseiterator", listreviter_next);
SEQITER_TYPE(type_tupleiter, "tuple_iterator", tupleiter_next);
SEQITER_TYPE(type_rangeiter, "range_iterator", rangeiter_next);

void range_init(void)
{
    s_start = str_intern_cstr("start");
    s_stop = str_intern_cstr("stop");
    s_step = str_intern_cstr("step");
    gc_add_root_obj((Obj **)&s_start);
    gc_add_root_obj((Obj **)&s_stop);
    gc_add_root_obj((Obj **)&s_step);
    type_ready(&type_range, range_methods);
    type_ready(&type_slice, slice_methods);
    type_ready(&type_seqiter, plainiter_methods);
    type_ready(&type_listiter, seqiter_methods);
    type_ready(&type_listreviter, seqiter_methods);
    type_ready(&type_tupleiter, seqiter_methods);
    type_ready(&type_rangeiter, seqiter_methods);
    type_ready(&type_longrangeiter, longrangeiter_methods);
}
