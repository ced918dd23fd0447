/* list.c — the mutable sequence and its sort.
 *
 * Items live in a mem_alloc'd array grown like CPython's (about 1/8 extra),
 * so append is amortised O(1).  Any obj_* call may run bytecode that
 * mutates the list, so loops that compare re-read items/len every step.
 *
 * sort is a stable natural merge sort (runs found and extended to 32 by
 * binary insertion, then merged pairwise), with C fast paths when every
 * key is a small int, a float or a str.  While sorting, the list is
 * emptied (as CPython does) so mutation from a key or __lt__ is detected,
 * and every Value is kept in temporary list objects the GC can see.
 */
#include "containers.h"
#include "gc.h"
#include "vm.h"

/* ---- storage ------------------------------------------------------------ */

static void list_clear_items(ObjList *l);

static int list_resize(ObjList *l, int64_t newlen)
{
    if (newlen <= l->cap && newlen >= (l->cap >> 1)) {
        l->len = newlen;
        return 0;
    }
    if (newlen == 0) {
        list_clear_items(l);
        return 0;
    }
    if (newlen > INT64_MAX / 16 / (int64_t)sizeof(Value)) { err_no_memory(); return -1; }
    int64_t ncap = (newlen + (newlen >> 3) + 6) & ~(int64_t)3;
    Value *ni = l->items ? mem_try_realloc(l->items, (size_t)l->cap * sizeof(Value), (size_t)ncap * sizeof(Value))
                         : mem_try_alloc((size_t)ncap * sizeof(Value));
    if (!ni) { err_no_memory(); return -1; }
    l->items = ni;
    l->cap = ncap;
    l->len = newlen;
    return 0;
}

static ObjList *list_alloc(int64_t cap)
{
    ObjList *l = (ObjList *)gc_new(&type_list, sizeof(ObjList));
    if (!l) { err_no_memory(); return NULL; }
    if (cap > 0) {
        if (cap > INT64_MAX / 16 / (int64_t)sizeof(Value)) { err_no_memory(); return NULL; }
        l->items = mem_try_alloc((size_t)cap * sizeof(Value));
        if (!l->items) { err_no_memory(); return NULL; }
        l->cap = cap;
    }
    return l;
}

Value list_new(int64_t len)
{
    if (len < 0) len = 0;
    ObjList *l = list_alloc(len);
    if (!l) return VNULL;
    for (int64_t i = 0; i < len; i++) l->items[i] = NONE;
    l->len = len;
    return OBJ_VAL(l);
}

Value list_from(const Value *items, int64_t len)
{
    ObjList *l = list_alloc(len);
    if (!l) return VNULL;
    if (len > 0) memcpy(l->items, items, (size_t)len * sizeof(Value));
    l->len = len;
    return OBJ_VAL(l);
}

int list_append(Value lv, Value v)
{
    ObjList *l = AS_LIST(lv);
    if (LIKELY(l->len < l->cap)) {
        l->items[l->len++] = v;
        return 0;
    }
    if (list_resize(l, l->len + 1) < 0) return -1;
    l->items[l->len - 1] = v;
    return 0;
}

int list_extend(Value lv, Value iterable)
{
    ObjList *l = AS_LIST(lv);
    if (IS_LIST(iterable) || IS_TUPLE(iterable)) {
        int64_t n = IS_LIST(iterable) ? AS_LIST(iterable)->len : AS_TUPLE(iterable)->len;
        if (n == 0) return 0;
        int64_t old = l->len;
        if (list_resize(l, old + n) < 0) return -1;
        /* read the source after resizing: it may be l itself */
        const Value *src = IS_LIST(iterable) ? AS_LIST(iterable)->items : AS_TUPLE(iterable)->items;
        memmove(l->items + old, src, (size_t)n * sizeof(Value));
        return 0;
    }
    Value it = obj_iter(iterable);
    if (!it) return -1;
    Value (*next)(Value) = TYPE(it)->next;
    for (;;) {
        Value v = next ? next(it) : obj_next(it);
        if (!v) {
            if (!err_occurred()) return 0;
            if (!err_matches(exc_StopIteration)) return -1;
            err_clear(); /* a __next__'s StopIteration(value): the end */
            return 0;
        }
        if (list_append(lv, v) < 0) return -1;
    }
}

int list_insert(Value lv, int64_t where, Value v)
{
    ObjList *l = AS_LIST(lv);
    int64_t n = l->len;
    if (where < 0) { where += n; if (where < 0) where = 0; }
    if (where > n) where = n;
    if (list_resize(l, n + 1) < 0) return -1;
    memmove(l->items + where + 1, l->items + where, (size_t)(n - where) * sizeof(Value));
    l->items[where] = v;
    return 0;
}

Value list_pop(Value lv, int64_t i)
{
    ObjList *l = AS_LIST(lv);
    if (l->len == 0) return err_set(exc_IndexError, "pop from empty list");
    if (i < 0) i += l->len;
    if (i < 0 || i >= l->len) return err_set(exc_IndexError, "pop index out of range");
    Value v = l->items[i];
    memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
    if (list_resize(l, l->len - 1) < 0) return VNULL;
    return v;
}

Value list_slice(Value lv, int64_t lo, int64_t hi)
{
    ObjList *l = AS_LIST(lv);
    if (lo < 0) lo = 0;
    if (hi > l->len) hi = l->len;
    if (hi < lo) hi = lo;
    return list_from(l->items + lo, hi - lo);
}

Value list_as_tuple(Value lv)
{
    ObjList *l = AS_LIST(lv);
    return tuple_from(l->items, l->len);
}

int list_reverse_inplace(Value lv)
{
    ObjList *l = AS_LIST(lv);
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
    return 0;
}

static void list_clear_items(ObjList *l)
{
    if (l->items) mem_free(l->items, (size_t)l->cap * sizeof(Value));
    l->items = NULL;
    l->len = l->cap = 0;
}

/* ---- slots ---------------------------------------------------------------- */

static Value list_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (t != &type_list) /* a subclass: empty, list.__init__ fills it */
        return OBJ_VAL(type_alloc(t, sizeof(ObjList)));
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "list() takes no keyword arguments");
    if (nargs > 1)
        return err_format(exc_TypeError, "list expected at most 1 argument, got %d", nargs);
    Value l = list_new(0);
    if (!l) return VNULL;
    if (nargs == 1 && list_extend(l, args[0]) < 0) return VNULL;
    return l;
}

static void list_trace(Obj *o)
{
    ObjList *l = (ObjList *)o;
    for (int64_t i = 0; i < l->len; i++)
        if (IS_OBJ(l->items[i])) gc_mark(l->items[i]);
}

static void list_finalize(Obj *o) { list_clear_items((ObjList *)o); }

static int64_t list_len(Value self) { return AS_LIST(self)->len; }

static Value list_repr(Value self)
{
    ObjList *l = AS_LIST(self);
    if (l->len == 0) return str_from_cstr("[]");
    int r = repr_enter(self);
    if (r < 0) return VNULL;
    if (r > 0) return str_from_cstr("[...]");
    StrBuf b;
    sb_init(&b);
    sb_addc(&b, '[');
    for (int64_t i = 0; i < l->len; i++) { /* len re-read: repr may mutate */
        if (i) sb_add(&b, ", ", 2);
        if (sb_addv(&b, l->items[i], true) < 0) {
            sb_free(&b);
            repr_leave(self);
            return VNULL;
        }
    }
    sb_addc(&b, ']');
    repr_leave(self);
    return sb_finish(&b);
}

/* list or a subclass of it: the operators accept both (PyList_Check) */
#define IS_LISTLIKE(v) (IS_LIST(v) || (IS_OBJ(v) && obj_isinstance(v, &type_list)))

static Value list_richcmp(Value a, Value b, int op)
{
    if (!IS_LISTLIKE(a) || !IS_LISTLIKE(b)) return NOTIMPL;
    ObjList *x = AS_LIST(a), *y = AS_LIST(b);
    if ((op == CMP_EQ || op == CMP_NE) && x->len != y->len) return BOOL_V(op == CMP_NE);
    int64_t i;
    for (i = 0; i < x->len && i < y->len; i++) {
        Value p = x->items[i], q = y->items[i];
        if (p == q) continue;
        int eq = obj_eq(p, q);
        if (eq < 0) return VNULL;
        if (!eq) break;
    }
    if (i >= x->len || i >= y->len) {
        int64_t na = x->len, nb = y->len;
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
    return obj_richcmp(x->items[i], y->items[i], op);
}

static Value list_getitem(Value self, Value key)
{
    ObjList *l = AS_LIST(self);
    if (LIKELY(IS_INT(key))) {
        int64_t i = AS_INT(key);
        if (i < 0) i += l->len;
        if ((uint64_t)i >= (uint64_t)l->len)
            return err_set(exc_IndexError, "list index out of range");
        return l->items[i];
    }
    if (IS_TYPE_EXACT(key, &type_slice)) {
        int64_t start, stop, step, n;
        if (slice_indices(key, l->len, &start, &stop, &step, &n) < 0) return VNULL;
        if (step == 1) return list_slice(self, start, stop);
        ObjList *r = list_alloc(n);
        if (!r) return VNULL;
        for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) r->items[k] = l->items[j];
        r->len = n > 0 ? n : 0;
        return OBJ_VAL(r);
    }
    int64_t i;
    int rc = seq_index(key, &i);
    if (rc < 0) return VNULL;
    if (rc == 0)
        return err_format(exc_TypeError, "list indices must be integers or slices, not %T", key);
    return list_getitem(self, MK_INT(i));
}

/* l[lo:hi] = items[0..n) (step 1). */
static int list_assign_slice(ObjList *l, int64_t lo, int64_t hi, const Value *items, int64_t n)
{
    if (lo < 0) lo = 0;
    if (lo > l->len) lo = l->len;
    if (hi < lo) hi = lo;
    if (hi > l->len) hi = l->len;
    int64_t d = n - (hi - lo), oldlen = l->len;
    if (d > 0) {
        if (list_resize(l, oldlen + d) < 0) return -1;
        memmove(l->items + hi + d, l->items + hi, (size_t)(oldlen - hi) * sizeof(Value));
    } else if (d < 0) {
        memmove(l->items + hi + d, l->items + hi, (size_t)(oldlen - hi) * sizeof(Value));
        if (list_resize(l, oldlen + d) < 0) return -1;
    }
    if (n) memcpy(l->items + lo, items, (size_t)n * sizeof(Value));
    return 0;
}

static int list_setslice(Value self, Value slice, Value v)
{
    ObjList *l = AS_LIST(self);
    int64_t start, stop, step, n;
    if (slice_indices(slice, l->len, &start, &stop, &step, &n) < 0) return -1;
    if (!v) { /* delete */
        if (step == 1) return list_assign_slice(l, start, stop, NULL, 0);
        if (n <= 0) return 0;
        if (step < 0) { /* walk it forward */
            start = start + step * (n - 1);
            step = -step;
        }
        int64_t w = start;
        for (int64_t r = start, k = 0; r < l->len; r++) {
            if (k < n && r == start + k * step) { k++; continue; }
            l->items[w++] = l->items[r];
        }
        return list_resize(l, w);
    }
    /* Take a snapshot of the new items first: v may be l itself or a
     * generator that looks at l. */
    Value seq;
    if (IS_TUPLE(v)) seq = v;
    else if (IS_LISTLIKE(v)) seq = list_as_tuple(v);
    else {
        Value it = obj_iter(v);
        if (!it) {
            if (err_matches(exc_TypeError)) {
                err_clear();
                err_set(exc_TypeError, "can only assign an iterable");
            }
            return -1;
        }
        Value lst = list_new(0);
        if (!lst || list_extend(lst, it) < 0) return -1;
        seq = list_as_tuple(lst);
    }
    if (!seq) return -1;
    ObjTuple *t = AS_TUPLE(seq);
    /* the snapshot may have run code that changed l: recompute */
    if (slice_indices(slice, l->len, &start, &stop, &step, &n) < 0) return -1;
    if (step == 1) return list_assign_slice(l, start, stop, t->items, t->len);
    if (t->len != n) {
        err_format(exc_ValueError,
                   "attempt to assign sequence of size %lld to extended slice of size %lld",
                   (long long)t->len, (long long)n);
        return -1;
    }
    for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) l->items[j] = t->items[k];
    return 0;
}

static int list_setitem(Value self, Value key, Value v)
{
    ObjList *l = AS_LIST(self);
    int64_t i;
    if (LIKELY(IS_INT(key))) i = AS_INT(key);
    else if (IS_TYPE_EXACT(key, &type_slice)) return list_setslice(self, key, v);
    else {
        int rc = seq_index(key, &i);
        if (rc < 0) return -1;
        if (rc == 0) {
            err_format(exc_TypeError, "list indices must be integers or slices, not %T", key);
            return -1;
        }
    }
    if (i < 0) i += l->len;
    if ((uint64_t)i >= (uint64_t)l->len) {
        err_set(exc_IndexError, "list assignment index out of range");
        return -1;
    }
    if (v) {
        l->items[i] = v;
        return 0;
    }
    memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
    return list_resize(l, l->len - 1);
}

static int list_contains(Value self, Value item)
{
    ObjList *l = AS_LIST(self);
    for (int64_t i = 0; i < l->len; i++) {
        Value x = l->items[i];
        if (x == item) return 1;
        int eq = obj_eq(x, item);
        if (eq) return eq;
    }
    return 0;
}

static Value list_iter(Value self)
{
    if (IS_LIST(self)) return seqiter_new(self);
    /* a subclass iterates its items, not through an overridden __getitem__ */
    ObjSeqIter *it = (ObjSeqIter *)gc_new(&type_listiter, sizeof(ObjSeqIter));
    if (!it) return err_no_memory();
    it->seq = self;
    it->step = 1;
    return OBJ_VAL(it);
}

static bool maybe_reflected(Value v)
{
    return IS_OBJ(v) && (TYPE(v)->flags & TF_HEAPTYPE);
}

static Value list_add(Value a, Value b)
{
    if (!IS_LISTLIKE(a)) return NOTIMPL;
    if (!IS_LISTLIKE(b)) {
        if (maybe_reflected(b)) return NOTIMPL;
        return err_format(exc_TypeError, "can only concatenate list (not \"%T\") to list", b);
    }
    ObjList *x = AS_LIST(a), *y = AS_LIST(b);
    ObjList *r = list_alloc(x->len + y->len);
    if (!r) return VNULL;
    if (x->len) memcpy(r->items, x->items, (size_t)x->len * sizeof(Value));
    if (y->len) memcpy(r->items + x->len, y->items, (size_t)y->len * sizeof(Value));
    r->len = x->len + y->len;
    return OBJ_VAL(r);
}

static int repeat_arg(Value a, Value b, Value *seq, int64_t *n)
{
    *seq = IS_LISTLIKE(a) ? a : b;
    Value nv = IS_LISTLIKE(a) ? b : a;
    int rc = seq_repeat_count(nv, n);
    if (rc == 0) {
        if (maybe_reflected(nv) || (IS_LISTLIKE(a) && IS_LISTLIKE(b))) return 0;
        err_format(exc_TypeError, "can't multiply sequence by non-int of type '%T'", nv);
        return -1;
    }
    return rc;
}

static Value list_mul(Value a, Value b)
{
    if (!IS_LISTLIKE(a) && !IS_LISTLIKE(b)) return NOTIMPL;
    Value seq;
    int64_t n;
    int rc = repeat_arg(a, b, &seq, &n);
    if (rc <= 0) return rc < 0 ? VNULL : NOTIMPL;
    ObjList *l = AS_LIST(seq);
    if (n <= 0 || l->len == 0) return list_new(0);
    if (l->len > INT64_MAX / 16 / n) return err_no_memory();
    int64_t len = l->len;
    ObjList *r = list_alloc(len * n);
    if (!r) return VNULL;
    if (len == 1) {
        for (int64_t k = 0; k < n; k++) r->items[k] = l->items[0];
    } else {
        for (int64_t k = 0; k < n; k++)
            memcpy(r->items + k * len, l->items, (size_t)len * sizeof(Value));
    }
    r->len = len * n;
    return OBJ_VAL(r);
}

static Value list_iadd(Value a, Value b)
{
    if (!IS_LISTLIKE(a)) return NOTIMPL;
    if (list_extend(a, b) < 0) return VNULL;
    return a;
}

static Value list_imul(Value a, Value b)
{
    if (!IS_LISTLIKE(a)) return NOTIMPL;
    Value seq;
    int64_t n;
    int rc = repeat_arg(a, b, &seq, &n);
    if (rc <= 0) return rc < 0 ? VNULL : NOTIMPL;
    ObjList *l = AS_LIST(a);
    if (n <= 0 || l->len == 0) {
        list_clear_items(l);
        return a;
    }
    if (n == 1) return a;
    int64_t len = l->len;
    if (len > INT64_MAX / 16 / n) return err_no_memory();
    if (list_resize(l, len * n) < 0) return VNULL;
    for (int64_t k = 1; k < n; k++)
        memcpy(l->items + k * len, l->items, (size_t)len * sizeof(Value));
    return a;
}

/* ---- sort ------------------------------------------------------------- */

enum { SORT_GENERIC, SORT_INT, SORT_FLOAT, SORT_STR };

typedef struct {
    Value *keys, *vals;  /* vals NULL when there is no key function */
    Value *tk, *tv;      /* merge buffers */
    int mode;
} Sorter;

/* a < b: 1, 0, or -1 on error */
static inline int sort_lt(int mode, Value a, Value b)
{
    switch (mode) {
    case SORT_INT: return AS_INT(a) < AS_INT(b);
    case SORT_FLOAT: return AS_FLOAT(a) < AS_FLOAT(b);
    case SORT_STR: {
        ObjStr *x = AS_STR(a), *y = AS_STR(b);
        int64_t n = x->len < y->len ? x->len : y->len;
        int c = memcmp(x->data, y->data, (size_t)n);
        return c < 0 || (c == 0 && x->len < y->len);
    }
    default: return obj_richcmp_bool(a, b, CMP_LT);
    }
}

static void sort_swap_range(Value *a, int64_t lo, int64_t hi)
{
    for (hi--; lo < hi; lo++, hi--) { Value t = a[lo]; a[lo] = a[hi]; a[hi] = t; }
}

/* Binary insertion sort of [lo, hi) where [lo, start) is already sorted. */
static int binary_insertion(Sorter *s, int64_t lo, int64_t hi, int64_t start)
{
    for (int64_t i = start; i < hi; i++) {
        Value pk = s->keys[i], pv = s->vals ? s->vals[i] : 0;
        int64_t l = lo, r = i;
        while (l < r) {
            int64_t m = l + ((r - l) >> 1);
            int c = sort_lt(s->mode, pk, s->keys[m]);
            if (c < 0) return -1;
            if (c) r = m; else l = m + 1;
        }
        memmove(s->keys + l + 1, s->keys + l, (size_t)(i - l) * sizeof(Value));
        s->keys[l] = pk;
        if (s->vals) {
            memmove(s->vals + l + 1, s->vals + l, (size_t)(i - l) * sizeof(Value));
            s->vals[l] = pv;
        }
    }
    return 0;
}

/* Merge sorted [lo, mid) and [mid, hi).  On a comparison error every item
 * is still put back, so the array stays a permutation. */
static int merge_runs(Sorter *s, int64_t lo, int64_t mid, int64_t hi)
{
    int c = sort_lt(s->mode, s->keys[mid], s->keys[mid - 1]);
    if (c <= 0) return c; /* already in order */
    int64_t nl = mid - lo;
    memcpy(s->tk, s->keys + lo, (size_t)nl * sizeof(Value));
    if (s->vals) memcpy(s->tv, s->vals + lo, (size_t)nl * sizeof(Value));
    int64_t i = 0, j = mid, k = lo;
    int rc = 0;
    while (i < nl && j < hi) {
        c = sort_lt(s->mode, s->keys[j], s->tk[i]);
        if (c < 0) { rc = -1; break; }
        if (c) {
            s->keys[k] = s->keys[j];
            if (s->vals) s->vals[k] = s->vals[j];
            j++;
        } else {
            s->keys[k] = s->tk[i];
            if (s->vals) s->vals[k] = s->tv[i];
            i++;
        }
        k++;
    }
    /* the rest of the left run fills exactly [k, j) */
    memcpy(s->keys + k, s->tk + i, (size_t)(nl - i) * sizeof(Value));
    if (s->vals) memcpy(s->vals + k, s->tv + i, (size_t)(nl - i) * sizeof(Value));
    return rc;
}

#define MINRUN 32

static int sort_all(Sorter *s, int64_t n)
{
    /* find natural runs, extend short ones, record their starts */
    int64_t *runs = NULL, nruns = 0, capruns = 0;
    int64_t i = 0;
    int rc = 0;
    while (i < n) {
        int64_t start = i, end = i + 1;
        if (end < n) {
            int c = sort_lt(s->mode, s->keys[end], s->keys[start]);
            if (c < 0) { rc = -1; break; }
            if (c) { /* strictly descending: take it and reverse */
                end++;
                while (end < n) {
                    c = sort_lt(s->mode, s->keys[end], s->keys[end - 1]);
                    if (c < 0) { rc = -1; break; }
                    if (!c) break;
                    end++;
                }
                if (rc) break;
                sort_swap_range(s->keys, start, end);
                if (s->vals) sort_swap_range(s->vals, start, end);
            } else {
                end++;
                while (end < n) {
                    c = sort_lt(s->mode, s->keys[end], s->keys[end - 1]);
                    if (c < 0) { rc = -1; break; }
                    if (c) break;
                    end++;
                }
                if (rc) break;
            }
        }
        if (end - start < MINRUN && end < n) {
            int64_t stop = start + MINRUN < n ? start + MINRUN : n;
            if (binary_insertion(s, start, stop, end) < 0) { rc = -1; break; }
            end = stop;
        }
        if (nruns == capruns) {
            int64_t nc = capruns ? capruns * 2 : 16;
            int64_t *nr = realloc(runs, (size_t)(nc + 1) * sizeof(int64_t));
            if (!nr) { err_no_memory(); rc = -1; break; }
            runs = nr;
            capruns = nc;
        }
        runs[nruns++] = start;
        i = end;
    }
    if (rc == 0 && nruns > 1) {
        runs[nruns] = n;
        /* merge neighbours pairwise until one run is left */
        while (nruns > 1 && rc == 0) {
            int64_t w = 0;
            for (int64_t r = 0; r < nruns; r += 2) {
                if (r + 1 < nruns) {
                    if (merge_runs(s, runs[r], runs[r + 1], runs[r + 2]) < 0) { rc = -1; break; }
                }
                runs[w++] = runs[r];
            }
            if (rc) break;
            runs[w] = n;
            nruns = w;
        }
    }
    free(runs);
    return rc;
}

static ObjList *scratch_list(int64_t n)
{
    ObjList *t = list_alloc(n);
    if (!t) return NULL;
    for (int64_t i = 0; i < n; i++) t->items[i] = VNULL;
    t->len = n;
    return t;
}

static void drop_scratch(ObjList *t)
{
    if (t) list_clear_items(t);
}

Value list_sort(Value lv, Value key, bool reverse)
{
    ObjList *l = AS_LIST(lv);
    if (key && IS_NONE(key)) key = VNULL;
    /* Detach the items into a holder the GC traces; the list is empty
     * while we sort so that mutation can be detected. */
    ObjList *hold = list_alloc(0), *keys = NULL, *tk = NULL, *tv = NULL;
    if (!hold) return VNULL;
    hold->items = l->items; hold->len = l->len; hold->cap = l->cap;
    l->items = NULL; l->len = l->cap = 0;
    int64_t n = hold->len;
    int rc = 0;
    if (reverse) sort_swap_range(hold->items, 0, n);
    Sorter s = {hold->items, NULL, NULL, NULL, SORT_GENERIC};
    if (key) {
        keys = scratch_list(n);
        if (!keys) { rc = -1; goto done; }
        for (int64_t i = 0; i < n; i++) {
            Value k = obj_call1(key, hold->items[i]);
            if (!k) { rc = -1; goto done; }
            keys->items[i] = k;
        }
        s.keys = keys->items;
        s.vals = hold->items;
    }
    if (n > 1) {
        Value k0 = s.keys[0];
        int mode = IS_INT(k0) ? SORT_INT : IS_FLOAT(k0) ? SORT_FLOAT : IS_STR(k0) ? SORT_STR : SORT_GENERIC;
        for (int64_t i = 1; i < n && mode != SORT_GENERIC; i++) {
            Value k = s.keys[i];
            if ((mode == SORT_INT && !IS_INT(k)) || (mode == SORT_FLOAT && !IS_FLOAT(k)) ||
                (mode == SORT_STR && !IS_STR(k)))
                mode = SORT_GENERIC;
        }
        s.mode = mode;
        tk = scratch_list(n);
        if (!tk) { rc = -1; goto done; }
        s.tk = tk->items;
        if (s.vals) {
            tv = scratch_list(n);
            if (!tv) { rc = -1; goto done; }
            s.tv = tv->items;
        }
        rc = sort_all(&s, n);
    }
done:
    if (reverse) sort_swap_range(hold->items, 0, n);
    drop_scratch(keys);
    drop_scratch(tk);
    drop_scratch(tv);
    bool modified = l->items != NULL || l->len != 0;
    if (l->items) list_clear_items(l);
    l->items = hold->items; l->len = hold->len; l->cap = hold->cap;
    hold->items = NULL; hold->len = hold->cap = 0;
    if (rc < 0) return VNULL;
    if (modified) return err_set(exc_ValueError, "list modified during sort");
    return NONE;
}

/* ---- methods -------------------------------------------------------------- */

#define SELF_CHECK(name) CONTAINER_SELF_CHECK("list", &type_list, name)

static Value m_append(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("append");
    if (UNLIKELY(nargs != 2 || (kw && kw->len)) && args_check("append", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    if (list_append(args[0], args[1]) < 0) return VNULL;
    return NONE;
}

static Value m_extend(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("extend");
    if (args_check("extend", nargs - 1, kw, 1, 1) < 0) return VNULL;
    if (list_extend(args[0], args[1]) < 0) return VNULL;
    return NONE;
}

static int int_arg(Value v, int64_t *out)
{
    int rc = seq_index(v, out);
    if (rc > 0) return 0;
    if (rc == 0)
        err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", v);
    return -1;
}

static Value m_insert(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("insert");
    if (args_check("insert", nargs - 1, kw, 2, 2) < 0) return VNULL;
    int64_t i;
    if (int_arg(args[1], &i) < 0) return VNULL;
    if (list_insert(args[0], i, args[2]) < 0) return VNULL;
    return NONE;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("pop");
    if (args_check("pop", nargs - 1, kw, 0, 1) < 0) return VNULL;
    int64_t i = -1;
    if (nargs > 1 && int_arg(args[1], &i) < 0) return VNULL;
    return list_pop(args[0], i);
}

static Value m_remove(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("remove");
    if (args_check("remove", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjList *l = AS_LIST(args[0]);
    for (int64_t i = 0; i < l->len; i++) {
        int eq = obj_eq(l->items[i], args[1]);
        if (eq < 0) return VNULL;
        if (eq && i < l->len) {
            memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
            if (list_resize(l, l->len - 1) < 0) return VNULL;
            return NONE;
        }
    }
    return err_set(exc_ValueError, "list.remove(x): x not in list");
}

static Value m_index(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("index");
    if (args_check("index", nargs - 1, kw, 1, 3) < 0) return VNULL;
    ObjList *l = AS_LIST(args[0]);
    int64_t lo, hi;
    if (seq_index_bounds(args + 2, nargs - 2, l->len, &lo, &hi) < 0) return VNULL;
    for (int64_t i = lo; i < hi && i < l->len; i++) {
        int eq = obj_eq(l->items[i], args[1]);
        if (eq < 0) return VNULL;
        if (eq) return MK_INT(i);
    }
    return err_format(exc_ValueError, "%R is not in list", args[1]);
}

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("count");
    if (args_check("count", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjList *l = AS_LIST(args[0]);
    int64_t c = 0;
    for (int64_t i = 0; i < l->len; i++) {
        int eq = obj_eq(l->items[i], args[1]);
        if (eq < 0) return VNULL;
        c += eq;
    }
    return MK_INT(c);
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("clear");
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0) return VNULL;
    list_clear_items(AS_LIST(args[0]));
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("copy");
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return list_slice(args[0], 0, AS_LIST(args[0])->len);
}

static Value m_reverse(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("reverse");
    if (args_check("reverse", nargs - 1, kw, 0, 0) < 0) return VNULL;
    list_reverse_inplace(args[0]);
    return NONE;
}

static Value m_sort(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("sort");
    if (nargs > 1) return err_set(exc_TypeError, "sort() takes no positional arguments");
    static const char *const params[] = {"key", "reverse", NULL};
    Value out[2];
    if (args_parse("sort", args + 1, 0, kw, params, 0, 0, out) < 0) return VNULL;
    bool rev = false;
    if (out[1]) {
        int t = obj_truthy(out[1]);
        if (t < 0) return VNULL;
        rev = t;
    }
    return list_sort(args[0], out[0], rev);
}

static Value m_reversed(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__reversed__");
    (void)kw;
    if (IS_LIST(args[0])) return iterators_reversed(args[0]);
    /* a subclass: iterators_reversed would find this method again */
    ObjSeqIter *it = (ObjSeqIter *)gc_new(&type_listreviter, sizeof(ObjSeqIter));
    if (!it) return err_no_memory();
    it->seq = args[0];
    it->index = AS_LIST(args[0])->len - 1;
    it->step = -1;
    return OBJ_VAL(it);
}

static Value m_getitem(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__getitem__");
    if (args_check("__getitem__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return list_getitem(args[0], args[1]);
}

static Value m_len(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__len__");
    (void)kw;
    return MK_INT(AS_LIST(args[0])->len);
}

/* The C slots as methods, for super().__setitem__(…) and list.__repr__(x)
 * in subclasses. */
#define SLOT_METHOD(cname, label, nparams, call) \
    CONTAINER_SLOT_METHOD(SELF_CHECK, cname, label, nparams, call)

static Value int_result(int rc) { return rc < 0 ? VNULL : NONE; }
static Value bool_result(int rc) { return rc < 0 ? VNULL : BOOL_V(rc); }

SLOT_METHOD(m_repr, "__repr__", 0, list_repr(args[0]))
SLOT_METHOD(m_iter, "__iter__", 0, list_iter(args[0]))
SLOT_METHOD(m_contains, "__contains__", 1, bool_result(list_contains(args[0], args[1])))
SLOT_METHOD(m_setitem, "__setitem__", 2, int_result(list_setitem(args[0], args[1], args[2])))
SLOT_METHOD(m_delitem, "__delitem__", 1, int_result(list_setitem(args[0], args[1], VNULL)))
SLOT_METHOD(m_eq, "__eq__", 1, list_richcmp(args[0], args[1], CMP_EQ))
SLOT_METHOD(m_ne, "__ne__", 1, list_richcmp(args[0], args[1], CMP_NE))
SLOT_METHOD(m_lt, "__lt__", 1, list_richcmp(args[0], args[1], CMP_LT))
SLOT_METHOD(m_le, "__le__", 1, list_richcmp(args[0], args[1], CMP_LE))
SLOT_METHOD(m_gt, "__gt__", 1, list_richcmp(args[0], args[1], CMP_GT))
SLOT_METHOD(m_ge, "__ge__", 1, list_richcmp(args[0], args[1], CMP_GE))
SLOT_METHOD(m_add, "__add__", 1, list_add(args[0], args[1]))
SLOT_METHOD(m_mul, "__mul__", 1, list_mul(args[0], args[1]))
SLOT_METHOD(m_iadd, "__iadd__", 1, list_iadd(args[0], args[1]))
SLOT_METHOD(m_imul, "__imul__", 1, list_imul(args[0], args[1]))

/* __init__: refills the object from the arguments (list.__init__ and
 * company; a subclass's instance starts empty and gets here). */
static Value m_list_init(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("list", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    AS_LIST(args[0])->len = 0;
    if (nargs == 2 && list_extend(args[0], args[1]) < 0)
        return VNULL;
    return NONE;
}

static const MethodDef list_methods[] = {
    {"__init__", m_list_init},
    {"append", m_append},
    {"extend", m_extend},
    {"insert", m_insert},
    {"pop", m_pop},
    {"remove", m_remove},
    {"index", m_index},
    {"count", m_count},
    {"clear", m_clear},
    {"copy", m_copy},
    {"reverse", m_reverse},
    {"sort", m_sort},
    {"__reversed__", m_reversed},
    {"__getitem__", m_getitem},
    {"__len__", m_len},
    {"__repr__", m_repr},
    {"__iter__", m_iter},
    {"__contains__", m_contains},
    {"__setitem__", m_setitem},
    {"__delitem__", m_delitem},
    {"__eq__", m_eq},
    {"__ne__", m_ne},
    {"__lt__", m_lt},
    {"__le__", m_le},
    {"__gt__", m_gt},
    {"__ge__", m_ge},
    {"__add__", m_add},
    {"__mul__", m_mul},
    {"__rmul__", m_mul},
    {"__iadd__", m_iadd},
    {"__imul__", m_imul},
    {NULL, NULL},
};

Type type_list = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "list",
    .flags = TF_BASETYPE | TF_LIST_SUB,
    .base = &type_object,
    .inst_size = sizeof(ObjList),
    .kind = KIND_OTHER,
    .tp_new = list_tp_new,
    .trace = list_trace,
    .finalize = list_finalize,
    .repr = list_repr,
    .richcmp = list_richcmp,
    .iter = list_iter,
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .contains = list_contains,
    .nb = {[NB_ADD] = list_add, [NB_MUL] = list_mul},
    .nb_inplace = {[NB_ADD] = list_iadd, [NB_MUL] = list_imul},
};

void list_init(void)
{
    type_ready(&type_list, list_methods);
}
