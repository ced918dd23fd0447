/* modules/_collections.c — the C types under CPython's Lib/collections:
 * deque (with its two iterator types), defaultdict, _tuplegetter (the
 * field descriptors of namedtuple classes) and _count_elements (Counter's
 * loop).
 *
 * A deque is a doubly linked list of fixed-size blocks, as in CPython: the
 * items run from lb->data[li] to rb->data[ri], so both ends are O(1) and
 * no item ever moves on append or pop.  An empty deque keeps one block and
 * starts in its middle, so it can grow either way.  Every mutation that
 * can move items bumps `state`; iterators (and the loops that call back
 * into Python: count, index, remove, `in`) compare it to notice a deque
 * changed under them instead of reading a freed block.  Freed blocks go to
 * a small free list first (all of this runs under the GIL).
 */
#include "containers.h"
#include "gc.h"
#include "modsupport.h"
#include "modules.h"
#include "str.h"

#define BLOCKLEN 64
#define CENTER ((BLOCKLEN - 1) / 2)

typedef struct Block {
    struct Block *left, *right;
    Value data[BLOCKLEN];
} Block;

typedef struct {
    Obj obj;
    Block *lb, *rb;      /* leftmost and rightmost blocks */
    int64_t li, ri;      /* first item lb->data[li], last item rb->data[ri] */
    int64_t len;
    int64_t maxlen;      /* -1: unbounded */
    uint64_t state;      /* bumped by mutations (iterators compare it) */
} ObjDeque;

typedef struct {
    Obj obj;
    ObjDeque *d;
    Block *b;
    int64_t i;           /* index in b of the next item */
    uint64_t state;
    int64_t counter;     /* items left */
} ObjDequeIter;

typedef struct {
    ObjDict dict;
    Value factory;       /* default_factory: None or a callable */
} ObjDefaultDict;

typedef struct {
    Obj obj;
    int64_t index;
    Value doc;
} ObjTupleGetter;

static Type type_deque, type_dequeiter, type_dequereviter, type_defaultdict, type_tuplegetter;

#define AS_DEQUE(v) ((ObjDeque *)AS_OBJ(v))
#define IS_DEQUE(v) (IS_OBJ(v) && (AS_OBJ(v)->type == &type_deque || obj_isinstance(v, &type_deque)))

/* ---- blocks ------------------------------------------------------------------ */

#define MAXFREEBLOCKS 16
static Block *freeblocks[MAXFREEBLOCKS];
static int numfree;

static Block *newblock(void)
{
    if (numfree)
        return freeblocks[--numfree];
    Block *b = mem_alloc(sizeof(Block));
    if (!b)
        err_no_memory();
    return b;
}

static void freeblock(Block *b)
{
    if (numfree < MAXFREEBLOCKS)
        freeblocks[numfree++] = b;
    else
        mem_free(b, sizeof(Block));
}

/* ---- the core operations --------------------------------------------------------- */

static int deque_setup(ObjDeque *d)
{
    Block *b = newblock();
    if (!b)
        return -1;
    b->left = b->right = NULL;
    d->lb = d->rb = b;
    d->li = CENTER + 1;
    d->ri = CENTER;
    d->len = 0;
    d->maxlen = -1;
    return 0;
}

static Value popright(ObjDeque *d)
{
    Value x = d->rb->data[d->ri--];
    d->len--;
    d->state++;
    if (d->ri < 0) {
        if (d->len) {
            Block *prev = d->rb->left;
            freeblock(d->rb);
            prev->right = NULL;
            d->rb = prev;
            d->ri = BLOCKLEN - 1;
        } else {
            d->li = CENTER + 1;
            d->ri = CENTER;
        }
    }
    return x;
}

static Value popleft(ObjDeque *d)
{
    Value x = d->lb->data[d->li++];
    d->len--;
    d->state++;
    if (d->li == BLOCKLEN) {
        if (d->len) {
            Block *next = d->lb->right;
            freeblock(d->lb);
            next->left = NULL;
            d->lb = next;
            d->li = 0;
        } else {
            d->li = CENTER + 1;
            d->ri = CENTER;
        }
    }
    return x;
}

static int pushright(ObjDeque *d, Value x)
{
    if (UNLIKELY(d->ri == BLOCKLEN - 1)) {
        Block *b = newblock();
        if (!b)
            return -1;
        b->left = d->rb;
        b->right = NULL;
        d->rb->right = b;
        d->rb = b;
        d->ri = -1;
    }
    d->rb->data[++d->ri] = x;
    d->len++;
    d->state++;
    if (UNLIKELY(d->maxlen >= 0 && d->len > d->maxlen))
        popleft(d);
    return 0;
}

static int pushleft(ObjDeque *d, Value x)
{
    if (UNLIKELY(d->li == 0)) {
        Block *b = newblock();
        if (!b)
            return -1;
        b->right = d->lb;
        b->left = NULL;
        d->lb->left = b;
        d->lb = b;
        d->li = BLOCKLEN;
    }
    d->lb->data[--d->li] = x;
    d->len++;
    d->state++;
    if (UNLIKELY(d->maxlen >= 0 && d->len > d->maxlen))
        popright(d);
    return 0;
}

/* The slot of item i (0 <= i < len), walking from the nearer end. */
static Value *item_slot(ObjDeque *d, int64_t i)
{
    if (i < d->len / 2) {
        int64_t k = i + d->li;
        Block *b = d->lb;
        while (k >= BLOCKLEN) {
            b = b->right;
            k -= BLOCKLEN;
        }
        return &b->data[k];
    }
    int64_t k = d->ri - (d->len - 1 - i);
    Block *b = d->rb;
    while (k < 0) {
        b = b->left;
        k += BLOCKLEN;
    }
    return &b->data[k];
}

/* Rotate n steps to the right (n < 0: to the left), moving runs of items
 * between the end blocks. */
static int rotate(ObjDeque *d, int64_t n)
{
    int64_t len = d->len, half = len >> 1;
    if (len <= 1)
        return 0;
    if (n > half || n < -half) {
        n %= len;
        if (n > half)
            n -= len;
        else if (n < -half)
            n += len;
    }
    d->state++;
    while (n > 0) {
        if (d->li == 0) {
            Block *b = newblock();
            if (!b)
                return -1;
            b->right = d->lb;
            b->left = NULL;
            d->lb->left = b;
            d->lb = b;
            d->li = BLOCKLEN;
        }
        int64_t m = n;
        if (m > d->li) m = d->li;
        if (m > d->ri + 1) m = d->ri + 1;
        memmove(&d->lb->data[d->li - m], &d->rb->data[d->ri - m + 1], (size_t)m * sizeof(Value));
        d->li -= m;
        d->ri -= m;
        n -= m;
        if (d->ri < 0) {
            Block *prev = d->rb->left;
            freeblock(d->rb);
            prev->right = NULL;
            d->rb = prev;
            d->ri = BLOCKLEN - 1;
        }
    }
    while (n < 0) {
        if (d->ri == BLOCKLEN - 1) {
            Block *b = newblock();
            if (!b)
                return -1;
            b->left = d->rb;
            b->right = NULL;
            d->rb->right = b;
            d->rb = b;
            d->ri = -1;
        }
        int64_t m = -n;
        if (m > BLOCKLEN - 1 - d->ri) m = BLOCKLEN - 1 - d->ri;
        if (m > BLOCKLEN - d->li) m = BLOCKLEN - d->li;
        memmove(&d->rb->data[d->ri + 1], &d->lb->data[d->li], (size_t)m * sizeof(Value));
        d->ri += m;
        d->li += m;
        n += m;
        if (d->li == BLOCKLEN) {
            Block *next = d->lb->right;
            freeblock(d->lb);
            next->left = NULL;
            d->lb = next;
            d->li = 0;
        }
    }
    return 0;
}

static void deque_clear(ObjDeque *d)
{
    if (!d->lb)
        return;
    Block *b = d->lb->right;
    while (b) {
        Block *next = b->right;
        freeblock(b);
        b = next;
    }
    d->lb->right = NULL;
    d->rb = d->lb;
    d->li = CENTER + 1;
    d->ri = CENTER;
    d->len = 0;
    d->state++;
}

static int del_item(ObjDeque *d, int64_t i)
{
    if (rotate(d, -i) < 0)
        return -1;
    popleft(d);
    return rotate(d, i);
}

/* Copy the items into a new list (a snapshot for code that calls back
 * into Python). */
static Value deque_list(ObjDeque *d)
{
    Value l = list_new(d->len);
    if (!l)
        return VNULL;
    Block *b = d->lb;
    int64_t k = d->li;
    for (int64_t i = 0; i < d->len; i++) {
        AS_LIST(l)->items[i] = b->data[k];
        if (++k == BLOCKLEN) {
            b = b->right;
            k = 0;
        }
    }
    return l;
}

/* Append every item of iterable (left: to the left end, reversing). */
static int deque_extend(ObjDeque *d, Value iterable, bool left)
{
    int (*push)(ObjDeque *, Value) = left ? pushleft : pushright;
    if (iterable == OBJ_VAL(d)) {
        Value l = deque_list(d);
        if (!l)
            return -1;
        iterable = l;
    }
    if (IS_LIST(iterable) || IS_TUPLE(iterable)) {
        for (int64_t i = 0;; i++) {
            ObjTuple *t = IS_TUPLE(iterable) ? AS_TUPLE(iterable) : NULL;
            int64_t n = t ? t->len : AS_LIST(iterable)->len;
            if (i >= n)
                return 0;
            if (push(d, t ? t->items[i] : AS_LIST(iterable)->items[i]) < 0)
                return -1;
        }
    }
    Value it = obj_iter(iterable);
    if (!it)
        return -1;
    for (;;) {
        Value x = obj_next(it);
        if (!x)
            return err_occurred() ? -1 : 0;
        if (push(d, x) < 0)
            return -1;
    }
}

static ObjDeque *deque_alloc(Type *t)
{
    ObjDeque *d = (ObjDeque *)type_alloc(t, sizeof(ObjDeque));
    if (deque_setup(d) < 0)
        return NULL;
    return d;
}

/* ---- construction --------------------------------------------------------------- */

/* deque.__init__(iterable=(), maxlen=None) */
static int deque_init(ObjDeque *d, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"iterable", "maxlen", NULL};
    Value a[2];
    if (mod_parse("deque", args, nargs, kw, params, 0, 2, a) < 0)
        return -1;
    int64_t maxlen = -1;
    if (a[1] && a[1] != NONE) {
        if (mod_long_ssize(a[1], &maxlen) < 0)
            return -1;
        if (maxlen < 0) {
            err_set(exc_ValueError, "maxlen must be non-negative");
            return -1;
        }
    }
    d->maxlen = maxlen;
    if (d->len)
        deque_clear(d);
    if (a[0])
        return deque_extend(d, a[0], false);
    return 0;
}

static Value deque_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    ObjDeque *d = deque_alloc(t);
    if (!d)
        return VNULL;
    /* a subclass: its __init__ (deque's unless it overrides it) fills it */
    if (t == &type_deque && deque_init(d, args, nargs, kw) < 0)
        return VNULL;
    return OBJ_VAL(d);
}

static Value m_init(Value *args, int nargs, ObjTuple *kw)
{
    return deque_init(AS_DEQUE(args[0]), args + 1, nargs - 1, kw) < 0 ? VNULL : NONE;
}

static void deque_trace(Obj *o)
{
    ObjDeque *d = (ObjDeque *)o;
    Block *b = d->lb;
    int64_t k = d->li;
    for (int64_t n = d->len; n > 0; n--) {
        if (IS_OBJ(b->data[k]))
            gc_mark(b->data[k]);
        if (++k == BLOCKLEN) {
            b = b->right;
            k = 0;
        }
    }
}

static void deque_finalize(Obj *o)
{
    ObjDeque *d = (ObjDeque *)o;
    Block *b = d->lb;
    while (b) {
        Block *next = b->right;
        freeblock(b);
        b = next;
    }
    d->lb = d->rb = NULL;
    d->len = 0;
}

/* A new deque like d (same maxlen, same items): type(d)(d[, maxlen]) for
 * a subclass, as CPython's deque.copy(). */
static Value deque_copy(ObjDeque *d)
{
    if (d->obj.type == &type_deque) {
        ObjDeque *n = deque_alloc(&type_deque);
        if (!n)
            return VNULL;
        n->maxlen = d->maxlen;
        if (deque_extend(n, OBJ_VAL(d), false) < 0)
            return VNULL;
        return OBJ_VAL(n);
    }
    if (d->maxlen < 0)
        return obj_call1(OBJ_VAL(d->obj.type), OBJ_VAL(d));
    return obj_call2(OBJ_VAL(d->obj.type), OBJ_VAL(d), MK_INT(d->maxlen));
}

/* ---- methods ---------------------------------------------------------------------- */

static Value m_append(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.append");
    return pushright(AS_DEQUE(args[0]), args[1]) < 0 ? VNULL : NONE;
}

static Value m_appendleft(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.appendleft");
    return pushleft(AS_DEQUE(args[0]), args[1]) < 0 ? VNULL : NONE;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.pop");
    ObjDeque *d = AS_DEQUE(args[0]);
    if (!d->len)
        return err_set(exc_IndexError, "pop from an empty deque");
    return popright(d);
}

static Value m_popleft(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.popleft");
    ObjDeque *d = AS_DEQUE(args[0]);
    if (!d->len)
        return err_set(exc_IndexError, "pop from an empty deque");
    return popleft(d);
}

static Value m_extend(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.extend");
    return deque_extend(AS_DEQUE(args[0]), args[1], false) < 0 ? VNULL : NONE;
}

static Value m_extendleft(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.extendleft");
    return deque_extend(AS_DEQUE(args[0]), args[1], true) < 0 ? VNULL : NONE;
}

static Value m_rotate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("deque.rotate", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    int64_t n = 1;
    if (nargs > 1 && mod_index_ssize(args[1], &n) < 0)
        return VNULL;
    return rotate(AS_DEQUE(args[0]), n) < 0 ? VNULL : NONE;
}

static Value m_reverse(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.reverse");
    ObjDeque *d = AS_DEQUE(args[0]);
    Block *lb = d->lb, *rb = d->rb;
    int64_t li = d->li, ri = d->ri;
    for (int64_t n = d->len / 2; n > 0; n--) {
        Value t = lb->data[li];
        lb->data[li] = rb->data[ri];
        rb->data[ri] = t;
        if (++li == BLOCKLEN) {
            lb = lb->right;
            li = 0;
        }
        if (--ri < 0) {
            rb = rb->left;
            ri = BLOCKLEN - 1;
        }
    }
    d->state++;
    return NONE;
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.clear");
    deque_clear(AS_DEQUE(args[0]));
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.copy");
    return deque_copy(AS_DEQUE(args[0]));
}

static Value m_copy_dunder(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.__copy__");
    return deque_copy(AS_DEQUE(args[0]));
}

/* Find v from index lo up to hi: its index, -1 if absent, -2 on error
 * (a comparison that mutates the deque raises mutated's exception). */
static int64_t find(ObjDeque *d, Value v, int64_t lo, int64_t hi, Type *mutated)
{
    uint64_t state = d->state;
    if (hi > d->len)
        hi = d->len;
    if (lo >= hi)
        return -1;
    Block *b = d->lb;
    int64_t k = d->li + lo;
    while (k >= BLOCKLEN) {
        b = b->right;
        k -= BLOCKLEN;
    }
    for (int64_t i = lo; i < hi; i++) {
        Value x = b->data[k];
        int eq = x == v ? 1 : obj_eq(x, v);
        if (eq < 0)
            return -2;
        if (state != d->state) {
            err_set(mutated, "deque mutated during iteration");
            return -2;
        }
        if (eq)
            return i;
        if (++k == BLOCKLEN) {
            b = b->right;
            k = 0;
        }
    }
    return -1;
}

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.count");
    ObjDeque *d = AS_DEQUE(args[0]);
    int64_t c = 0, i = 0;
    for (;;) {
        int64_t r = find(d, args[1], i, d->len, exc_RuntimeError);
        if (r == -2)
            return VNULL;
        if (r < 0)
            return MK_INT(c);
        c++;
        i = r + 1;
    }
}

static Value m_index(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "deque.index() takes no keyword arguments");
    if (nargs < 2)
        return err_format(exc_TypeError, "index() takes at least 1 argument (%d given)", nargs - 1);
    if (nargs > 4)
        return err_format(exc_TypeError, "index() takes at most 3 arguments (%d given)", nargs - 1);
    ObjDeque *d = AS_DEQUE(args[0]);
    int64_t lo, hi;
    if (seq_index_bounds(args + 2, nargs - 2, d->len, &lo, &hi) < 0)
        return VNULL;
    int64_t r = find(d, args[1], lo, hi, exc_RuntimeError);
    if (r == -2)
        return VNULL;
    if (r < 0)
        return err_format(exc_ValueError, "%R is not in deque", args[1]);
    return MK_INT(r);
}

static Value m_remove(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.remove");
    ObjDeque *d = AS_DEQUE(args[0]);
    int64_t r = find(d, args[1], 0, d->len, exc_IndexError);
    if (r == -2)
        return VNULL;
    if (r < 0)
        return err_format(exc_ValueError, "%R is not in deque", args[1]);
    return del_item(d, r) < 0 ? VNULL : NONE;
}

static Value m_insert(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "deque.insert() takes no keyword arguments");
    if (nargs != 3)
        return err_format(exc_TypeError, "insert() takes exactly 2 arguments (%d given)", nargs - 1);
    ObjDeque *d = AS_DEQUE(args[0]);
    int64_t i;
    if (mod_index_ssize(args[1], &i) < 0)
        return VNULL;
    int64_t n = d->len;
    if (d->maxlen == n)
        return err_set(exc_IndexError, "deque already at its maximum size");
    if (i >= n)
        return pushright(d, args[2]) < 0 ? VNULL : NONE;
    if (i <= -n || i == 0)
        return pushleft(d, args[2]) < 0 ? VNULL : NONE;
    if (rotate(d, -i) < 0)
        return VNULL;
    if (i < 0) {
        if (pushright(d, args[2]) < 0)
            return VNULL;
    } else if (pushleft(d, args[2]) < 0) {
        return VNULL;
    }
    return rotate(d, i) < 0 ? VNULL : NONE;
}

static Value m_reversed(Value *args, int nargs, ObjTuple *kw);

static Value m_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.__reduce__");
    ObjDeque *d = AS_DEQUE(args[0]);
    ObjDict **ds = obj_dict_slot(args[0]);
    Value state = ds && *ds && (*ds)->len ? OBJ_VAL(*ds) : NONE;
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    Value empty = OBJ_VAL(tuple_empty);
    Value targs = d->maxlen < 0 ? empty : tuple_pack(2, empty, MK_INT(d->maxlen));
    if (!targs)
        return VNULL;
    return tuple_pack(4, OBJ_VAL(d->obj.type), targs, state, it);
}

static Value get_maxlen(Value self)
{
    int64_t m = AS_DEQUE(self)->maxlen;
    return m < 0 ? NONE : MK_INT(m);
}

/* ---- slots -------------------------------------------------------------------------- */

static int64_t deque_len(Value self) { return AS_DEQUE(self)->len; }

static Value deque_repr(Value self)
{
    ObjDeque *d = AS_DEQUE(self);
    const char *name = d->obj.type->name_str->data;
    int r = repr_enter(self);
    if (r < 0)
        return VNULL;
    if (r > 0)
        return str_from_cstr("[...]");
    Value l = deque_list(d);
    Value lr = l ? obj_repr(l) : VNULL;
    repr_leave(self);
    if (!lr)
        return VNULL;
    if (d->maxlen < 0)
        return str_printf("%s(%s)", name, AS_STR(lr)->data);
    return str_printf("%s(%s, maxlen=%lld)", name, AS_STR(lr)->data, (long long)d->maxlen);
}

static int deque_hash(Value self, int64_t *out)
{
    (void)out;
    err_format(exc_TypeError, "unhashable type: '%T'", self);
    return -1;
}

static Value deque_richcmp(Value a, Value b, int op)
{
    if (!IS_DEQUE(a) || !IS_DEQUE(b))
        return NOTIMPL;
    Value la = deque_list(AS_DEQUE(a));
    Value lb = la ? deque_list(AS_DEQUE(b)) : VNULL;
    if (!lb)
        return VNULL;
    return seq_richcompare(AS_LIST(la)->items, AS_LIST(la)->len, AS_LIST(lb)->items,
                           AS_LIST(lb)->len, op);
}

static int deque_contains(Value self, Value v)
{
    ObjDeque *d = AS_DEQUE(self);
    int64_t r = find(d, v, 0, d->len, exc_RuntimeError);
    return r == -2 ? -1 : r >= 0;
}

/* d[i]: the index must be an int (CPython's "sequence index must be
 * integer, not 'slice'": deques do not slice). */
static int index_arg(ObjDeque *d, Value key, int64_t *out)
{
    int64_t i;
    int r = seq_index(key, &i);
    if (r < 0)
        return -1;
    if (r == 0) {
        err_format(exc_TypeError, "sequence index must be integer, not '%T'", key);
        return -1;
    }
    if (i < 0)
        i += d->len;
    if (i < 0 || i >= d->len) {
        err_set(exc_IndexError, "deque index out of range");
        return -1;
    }
    *out = i;
    return 0;
}

static Value deque_getitem(Value self, Value key)
{
    ObjDeque *d = AS_DEQUE(self);
    int64_t i;
    if (index_arg(d, key, &i) < 0)
        return VNULL;
    return *item_slot(d, i);
}

static int deque_setitem(Value self, Value key, Value v)
{
    ObjDeque *d = AS_DEQUE(self);
    int64_t i;
    if (index_arg(d, key, &i) < 0)
        return -1;
    if (!v)
        return del_item(d, i);
    *item_slot(d, i) = v;
    return 0;
}

/* A heap type may still answer the operator with its reflected method. */
static bool maybe_reflected(Value v) { return IS_OBJ(v) && (TYPE(v)->flags & TF_HEAPTYPE); }

/* The count of d * n: 1 and *n, 0 for NotImplemented, -1 on error. */
static int repeat_count(Value nv, bool other_deque, int64_t *n)
{
    int r = seq_repeat_count(nv, n);
    if (r != 0)
        return r;
    if (maybe_reflected(nv) || other_deque)
        return 0;
    err_format(exc_TypeError, "can't multiply sequence by non-int of type '%T'", nv);
    return -1;
}

/* d * n, n * d: a copy repeated (CPython's sq_repeat takes either order) */
static int inplace_repeat(ObjDeque *d, int64_t n)
{
    int64_t size = d->len;
    if (size == 0 || n == 1)
        return 0;
    if (n <= 0) {
        deque_clear(d);
        return 0;
    }
    if (d->maxlen >= 0 && n * size > d->maxlen)
        n = (d->maxlen + size - 1) / size;
    if (size > INT64_MAX / n) {
        err_no_memory();
        return -1;
    }
    Value l = deque_list(d);
    if (!l)
        return -1;
    for (int64_t k = 1; k < n; k++)
        for (int64_t i = 0; i < size; i++)
            if (pushright(d, AS_LIST(l)->items[i]) < 0)
                return -1;
    return 0;
}

static Value deque_mul(Value a, Value b)
{
    Value dq = IS_DEQUE(a) ? a : b, nv = dq == a ? b : a;
    int64_t n;
    int r = repeat_count(nv, IS_DEQUE(nv), &n);
    if (r <= 0)
        return r < 0 ? VNULL : NOTIMPL;
    Value c = deque_copy(AS_DEQUE(dq));
    if (!c)
        return VNULL;
    if (!IS_DEQUE(c))
        return c;
    return inplace_repeat(AS_DEQUE(c), n) < 0 ? VNULL : c;
}

static Value deque_imul(Value a, Value b)
{
    int64_t n;
    int r = repeat_count(b, false, &n);
    if (r <= 0)
        return r < 0 ? VNULL : NOTIMPL;
    return inplace_repeat(AS_DEQUE(a), n) < 0 ? VNULL : a;
}

/* d.__imul__(n) called as a method: n must be an index */
static Value m_imul(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("deque.__imul__");
    int64_t n;
    if (mod_index_ssize(args[1], &n) < 0)
        return VNULL;
    return inplace_repeat(AS_DEQUE(args[0]), n) < 0 ? VNULL : args[0];
}

static Value deque_add(Value a, Value b)
{
    if (!IS_DEQUE(a))
        return NOTIMPL;
    if (!IS_DEQUE(b) && maybe_reflected(b))
        return NOTIMPL;
    if (!IS_DEQUE(b))
        return err_format(exc_TypeError, "can only concatenate deque (not \"%s\") to deque",
                          TYPE(b)->name);
    Value c = deque_copy(AS_DEQUE(a));
    if (!c)
        return VNULL;
    if (!IS_DEQUE(c))
        return c;
    return deque_extend(AS_DEQUE(c), b, false) < 0 ? VNULL : c;
}

static Value deque_iadd(Value a, Value b)
{
    return deque_extend(AS_DEQUE(a), b, false) < 0 ? VNULL : a;
}

/* ---- iterators ---------------------------------------------------------------------- */

static Value dequeiter_make(Type *t, ObjDeque *d, bool rev)
{
    ObjDequeIter *it = (ObjDequeIter *)gc_new(t, sizeof(ObjDequeIter));
    it->d = d;
    it->b = rev ? d->rb : d->lb;
    it->i = rev ? d->ri : d->li;
    it->state = d->state;
    it->counter = d->len;
    return OBJ_VAL(it);
}

static Value deque_iter(Value self) { return dequeiter_make(&type_dequeiter, AS_DEQUE(self), false); }

static Value m_reversed(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("deque.__reversed__");
    return dequeiter_make(&type_dequereviter, AS_DEQUE(args[0]), true);
}

static Value mutated(ObjDequeIter *it)
{
    it->counter = 0;
    return err_set(exc_RuntimeError, "deque mutated during iteration");
}

static Value dequeiter_next(Value self)
{
    ObjDequeIter *it = (ObjDequeIter *)AS_OBJ(self);
    if (UNLIKELY(it->d->state != it->state))
        return mutated(it);
    if (it->counter == 0)
        return VNULL;
    Value x = it->b->data[it->i++];
    if (--it->counter > 0 && it->i == BLOCKLEN) {
        it->b = it->b->right;
        it->i = 0;
    }
    return x;
}

static Value dequereviter_next(Value self)
{
    ObjDequeIter *it = (ObjDequeIter *)AS_OBJ(self);
    if (UNLIKELY(it->d->state != it->state))
        return mutated(it);
    if (it->counter == 0)
        return VNULL;
    Value x = it->b->data[it->i--];
    if (--it->counter > 0 && it->i < 0) {
        it->b = it->b->left;
        it->i = BLOCKLEN - 1;
    }
    return x;
}

static void dequeiter_trace(Obj *o) { gc_mark_obj(&((ObjDequeIter *)o)->d->obj); }

/* _deque_iterator(deque, index=0): an iterator advanced index items (what
 * pickling an iterator rebuilds). */
static Value dequeiter_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_format(exc_TypeError, "%s() takes no keyword arguments", t->name_str->data);
    if (nargs < 1)
        return err_format(exc_TypeError, "function takes at least 1 argument (%d given)", nargs);
    if (nargs > 2)
        return err_format(exc_TypeError, "function takes at most 2 arguments (%d given)", nargs);
    if (!IS_DEQUE(args[0]))
        return err_format(exc_TypeError, "argument 1 must be collections.deque, not %s",
                          TYPE(args[0])->name);
    int64_t index = 0;
    if (nargs > 1 && mod_index_ssize(args[1], &index) < 0)
        return VNULL;
    bool rev = t == &type_dequereviter;
    Value it = dequeiter_make(t, AS_DEQUE(args[0]), rev);
    for (; index > 0; index--) {
        Value x = rev ? dequereviter_next(it) : dequeiter_next(it);
        if (!x) {
            if (err_occurred())
                return VNULL;
            break;
        }
    }
    return it;
}

static Value m_iter_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__length_hint__");
    return MK_INT(((ObjDequeIter *)AS_OBJ(args[0]))->counter);
}

static Value m_iter_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("__reduce__");
    ObjDequeIter *it = (ObjDequeIter *)AS_OBJ(args[0]);
    Value targs = tuple_pack(2, OBJ_VAL(it->d), MK_INT(it->d->len - it->counter));
    if (!targs)
        return VNULL;
    return tuple_pack(2, OBJ_VAL(it->obj.type), targs);
}

static const MethodDef dequeiter_methods[] = {
    {"__length_hint__", m_iter_length_hint},
    {"__reduce__", m_iter_reduce},
    {NULL, NULL},
};

static Type type_dequeiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_collections._deque_iterator",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjDequeIter),
    .tp_new = dequeiter_tp_new,
    .trace = dequeiter_trace,
    .iter = iterators_self,
    .next = dequeiter_next,
};

static Type type_dequereviter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_collections._deque_reverse_iterator",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjDequeIter),
    .tp_new = dequeiter_tp_new,
    .trace = dequeiter_trace,
    .iter = iterators_self,
    .next = dequereviter_next,
};

static const MethodDef deque_methods[] = {
    {"__init__", m_init},
    {"append", m_append},
    {"appendleft", m_appendleft},
    {"pop", m_pop},
    {"popleft", m_popleft},
    {"extend", m_extend},
    {"extendleft", m_extendleft},
    {"rotate", m_rotate},
    {"reverse", m_reverse},
    {"clear", m_clear},
    {"copy", m_copy},
    {"__copy__", m_copy_dunder},
    {"count", m_count},
    {"index", m_index},
    {"remove", m_remove},
    {"insert", m_insert},
    {"__reversed__", m_reversed},
    {"__reduce__", m_reduce},
    {"__imul__", m_imul},
    {NULL, NULL},
};

static Type type_deque = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "collections.deque",
    .flags = TF_BASETYPE | TF_WEAKREF | TF_SEQUENCE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjDeque),
    .tp_new = deque_tp_new,
    .trace = deque_trace,
    .finalize = deque_finalize,
    .repr = deque_repr,
    .hash = deque_hash,
    .richcmp = deque_richcmp,
    .iter = deque_iter,
    .len = deque_len,
    .getitem = deque_getitem,
    .setitem = deque_setitem,
    .contains = deque_contains,
    .nb = {[NB_ADD] = deque_add, [NB_MUL] = deque_mul},
    .nb_inplace = {[NB_ADD] = deque_iadd, [NB_MUL] = deque_imul},
};

/* ---- defaultdict -------------------------------------------------------------------- */

#define AS_DD(v) ((ObjDefaultDict *)AS_OBJ(v))
#define IS_DD(v) (IS_OBJ(v) && obj_isinstance(v, &type_defaultdict))

static Value dd_missing_fn; /* defaultdict.__missing__ (to call it directly) */

/* defaultdict.__init__(default_factory=None, /, *args, **kwargs) */
static Value m_dd_init(Value *args, int nargs, ObjTuple *kw)
{
    Value self = args[0];
    Value factory = nargs > 1 ? args[1] : NONE;
    if (factory != NONE && !TYPE(factory)->call)
        return err_set(exc_TypeError, "first argument must be callable or None");
    AS_DD(self)->factory = factory;
    Value init = dict_get_str(type_dict.dict, obj_names[N_init]);
    if (nargs > 1) { /* dict.__init__(self, *args[2:], **kw) */
        args[1] = self;
        Value r = obj_call(init, args + 1, nargs - 1, kw);
        args[1] = factory;
        return r;
    }
    return obj_call(init, args, nargs, kw);
}

static Value dd_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    ObjDefaultDict *d = (ObjDefaultDict *)type_alloc(t, sizeof(ObjDefaultDict));
    d->dict.version = ++dict_version_counter;
    d->factory = NONE;
    if (t != &type_defaultdict) /* a subclass: its __init__ fills it */
        return OBJ_VAL(d);
    int nkw = kw ? (int)kw->len : 0;
    Value tmp = tuple_new(nargs + nkw + 1);
    if (!tmp)
        return VNULL;
    AS_TUPLE(tmp)->items[0] = OBJ_VAL(d);
    if (nargs + nkw)
        memcpy(AS_TUPLE(tmp)->items + 1, args, (size_t)(nargs + nkw) * sizeof(Value));
    return m_dd_init(AS_TUPLE(tmp)->items, nargs + 1, kw) ? OBJ_VAL(d) : VNULL;
}

static Value dd_missing(Value self, Value key)
{
    Value f = AS_DD(self)->factory;
    if (f == NONE) {
        Value t = tuple_pack(1, key);
        return t ? err_set_value(exc_new(exc_KeyError, AS_TUPLE(t))) : VNULL;
    }
    Value v = obj_call0(f);
    if (!v)
        return VNULL;
    return obj_setitem(self, key, v) < 0 ? VNULL : v;
}

static Value m_dd_missing(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("defaultdict.__missing__");
    return dd_missing(args[0], args[1]);
}

static Value dd_getitem(Value self, Value key)
{
    Value v = dict_get(self, key);
    if (v || err_occurred())
        return v;
    Value m = type_lookup(AS_OBJ(self)->type, obj_names[N_missing]);
    if (m == dd_missing_fn)
        return dd_missing(self, key);
    return obj_call_found(m, self, &key, 1);
}

/* type(dd)(dd.default_factory, arg): copy() and | */
static Value dd_new_like(Value self, Value arg)
{
    return obj_call2(OBJ_VAL(AS_OBJ(self)->type), AS_DD(self)->factory, arg);
}

static Value m_dd_copy(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("defaultdict.copy");
    return dd_new_like(args[0], args[0]);
}

static Value m_dd_copy_dunder(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("defaultdict.__copy__");
    return dd_new_like(args[0], args[0]);
}

static Value m_dd_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("defaultdict.__reduce__");
    Value f = AS_DD(args[0])->factory;
    Value targs = f == NONE ? OBJ_VAL(tuple_empty) : tuple_pack(1, f);
    Value items = targs ? obj_call_method(args[0], str_intern_cstr("items"), NULL, 0) : VNULL;
    Value it = items ? obj_iter(items) : VNULL;
    if (!it)
        return VNULL;
    return tuple_pack(5, OBJ_VAL(AS_OBJ(args[0])->type), targs, NONE, NONE, it);
}

static Value dd_repr(Value self)
{
    Value base = type_dict.repr(self);
    if (!base)
        return VNULL;
    Value f = AS_DD(self)->factory, fr;
    if (f == NONE) {
        fr = str_from_cstr("None");
    } else {
        int r = repr_enter(f);
        if (r < 0)
            return VNULL;
        if (r > 0) {
            fr = str_from_cstr("...");
        } else {
            fr = obj_repr(f);
            repr_leave(f);
        }
    }
    if (!fr)
        return VNULL;
    return str_printf("%s(%s, %s)", AS_OBJ(self)->type->name_str->data, AS_STR(fr)->data,
                      AS_STR(base)->data);
}

static Value dd_or(Value a, Value b)
{
    Value self = IS_DD(a) ? a : b, other = self == a ? b : a;
    if (!DICT_CHECK(other))
        return NOTIMPL;
    Value n = dd_new_like(self, a);
    if (!n)
        return VNULL;
    return dict_update(n, b) < 0 ? VNULL : n;
}

static void dd_trace(Obj *o)
{
    type_dict.trace(o);
    gc_mark(((ObjDefaultDict *)o)->factory);
}

static const MethodDef dd_methods[] = {
    {"__init__", m_dd_init},
    {"__missing__", m_dd_missing},
    {"copy", m_dd_copy},
    {"__copy__", m_dd_copy_dunder},
    {"__reduce__", m_dd_reduce},
    {NULL, NULL},
};

static Type type_defaultdict = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "collections.defaultdict",
    .flags = TF_BASETYPE | TF_DICT_SUB | TF_WEAKREF,
    .base = &type_dict,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjDefaultDict),
    .tp_new = dd_tp_new,
    .trace = dd_trace,
    .repr = dd_repr,
    .getitem = dd_getitem,
    .nb = {[NB_OR] = dd_or},
};

/* ---- _tuplegetter ------------------------------------------------------------------ */

static Value tg_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "_tuplegetter() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "_tuplegetter expected 2 arguments, got %d", nargs);
    int64_t index;
    if (mod_index_ssize(args[0], &index) < 0)
        return VNULL;
    ObjTupleGetter *g = (ObjTupleGetter *)type_alloc(t, sizeof(ObjTupleGetter));
    g->index = index;
    g->doc = args[1];
    return OBJ_VAL(g);
}

static Value tg_get(Value self, Value obj, Value type)
{
    (void)type;
    ObjTupleGetter *g = (ObjTupleGetter *)AS_OBJ(self);
    if (!obj || obj == NONE)
        return self;
    if (!TUPLE_CHECK(obj))
        return err_format(exc_TypeError, "descriptor for index '%lld' for tuple subclasses "
                          "doesn't apply to '%T' object", (long long)g->index, obj);
    if (g->index < 0 || g->index >= AS_TUPLE(obj)->len)
        return err_set(exc_IndexError, "tuple index out of range");
    return AS_TUPLE(obj)->items[g->index];
}

static int tg_set(Value self, Value obj, Value v)
{
    (void)self, (void)obj;
    err_set(exc_AttributeError, v ? "can't set attribute" : "can't delete attribute");
    return -1;
}

static Value tg_repr(Value self)
{
    ObjTupleGetter *g = (ObjTupleGetter *)AS_OBJ(self);
    Value d = obj_repr(g->doc);
    if (!d)
        return VNULL;
    return str_printf("%s(%lld, %s)", g->obj.type->name_str->data, (long long)g->index,
                      AS_STR(d)->data);
}

static Value m_tg_reduce(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("_tuplegetter.__reduce__");
    ObjTupleGetter *g = (ObjTupleGetter *)AS_OBJ(args[0]);
    Value targs = tuple_pack(2, MK_INT(g->index), g->doc);
    return targs ? tuple_pack(2, OBJ_VAL(g->obj.type), targs) : VNULL;
}

static void tg_trace(Obj *o) { gc_mark(((ObjTupleGetter *)o)->doc); }

static const MethodDef tg_methods[] = {
    {"__reduce__", m_tg_reduce},
    {NULL, NULL},
};

static Type type_tuplegetter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_collections._tuplegetter",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjTupleGetter),
    .tp_new = tg_tp_new,
    .trace = tg_trace,
    .repr = tg_repr,
    .descr_get = tg_get,
    .descr_set = tg_set,
};

/* ---- _count_elements ------------------------------------------------------------------ */

/* _count_elements(mapping, iterable): mapping[x] = mapping.get(x, 0) + 1
 * for each x, straight on the dict when mapping's get and __setitem__ are
 * dict's own (Counter's case). */
static Value m_count_elements(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "_count_elements() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "_count_elements expected 2 arguments, got %d", nargs);
    Value mapping = args[0];
    Value it = obj_iter(args[1]);
    if (!it)
        return VNULL;
    ObjStr *s_get = str_intern_cstr("get");
    Type *mt = TYPE(mapping);
    bool fast = DICT_CHECK(mapping) &&
                type_lookup(mt, s_get) == dict_get_str(type_dict.dict, s_get) &&
                type_lookup(mt, obj_names[N_setitem]) == dict_get_str(type_dict.dict, obj_names[N_setitem]);
    Value get = VNULL;
    if (!fast && !(get = obj_getattr(mapping, s_get)))
        return VNULL;
    for (;;) {
        Value x = obj_next(it);
        if (!x)
            return err_occurred() ? VNULL : NONE;
        Value old, n;
        if (fast) {
            old = dict_get(mapping, x);
            if (!old && err_occurred())
                return VNULL;
            n = !old ? MK_INT(1) : IS_INT(old) && AS_INT(old) < SMALLINT_MAX ? MK_INT(AS_INT(old) + 1)
                                                                           : obj_binop(old, MK_INT(1), NB_ADD);
            if (!n || dict_set(mapping, x, n) < 0)
                return VNULL;
        } else {
            old = obj_call2(get, x, MK_INT(0));
            n = old ? obj_binop(old, MK_INT(1), NB_ADD) : VNULL;
            if (!n || obj_setitem(mapping, x, n) < 0)
                return VNULL;
        }
    }
}

/* ---- the module ------------------------------------------------------------------------ */

static const char deque_doc[] =
    "deque([iterable[, maxlen]]) --> deque object\n\n"
    "A list-like sequence optimized for data accesses near its endpoints.";
static const char dd_doc[] =
    "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\n"
    "The default factory is called without arguments to produce\n"
    "a new value when a key is not present, in __getitem__ only.\n"
    "A defaultdict compares equal to a dict with the same items.\n"
    "All remaining arguments are treated the same as if they were\n"
    "passed to the dict constructor, including keyword arguments.\n";

Value mod_collections_init(void)
{
    if (!dd_missing_fn) {
        mod_type_ready(&type_deque, "collections", deque_methods, deque_doc);
        dict_set_str(type_deque.dict, str_intern_cstr("maxlen"),
                     getset_descr_new(&type_deque, "maxlen", get_maxlen, NULL));
        mod_add_class_getitem(&type_deque);
        mod_type_ready(&type_dequeiter, "_collections", dequeiter_methods, NULL);
        mod_type_ready(&type_dequereviter, "_collections", dequeiter_methods, NULL);
        mod_type_ready(&type_defaultdict, "collections", dd_methods, dd_doc);
        dict_set_str(type_defaultdict.dict, str_intern_cstr("default_factory"),
                     member_descr_new(&type_defaultdict, str_intern_cstr("default_factory"),
                                      offsetof(ObjDefaultDict, factory)));
        mod_add_class_getitem(&type_defaultdict);
        dd_missing_fn = dict_get_str(type_defaultdict.dict, obj_names[N_missing]);
        mod_type_ready(&type_tuplegetter, "_collections", tg_methods, NULL);
        dict_set_str(type_tuplegetter.dict, obj_names[N_doc],
                     member_descr_new(&type_tuplegetter, obj_names[N_doc],
                                      offsetof(ObjTupleGetter, doc)));
    }
    Value m = module_new(str_intern_cstr("_collections"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("High performance data structures.\n"
                                             "- deque:        ordered collection accessible from endpoints only\n"
                                             "- defaultdict:  dict subclass with a default value factory\n"));
    module_add(mod, "deque", OBJ_VAL(&type_deque));
    module_add(mod, "defaultdict", OBJ_VAL(&type_defaultdict));
    module_add(mod, "_deque_iterator", OBJ_VAL(&type_dequeiter));
    module_add(mod, "_deque_reverse_iterator", OBJ_VAL(&type_dequereviter));
    module_add(mod, "_tuplegetter", OBJ_VAL(&type_tuplegetter));
    module_add_fn(mod, "_count_elements", m_count_elements);
    return m;
}
