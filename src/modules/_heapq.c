/* modules/_heapq.c — the C half of CPython's Lib/heapq.py: a binary
 * min-heap on a list (and the max-heap variants heapq.merge and nlargest
 * use).  The sifts are CPython's, step for step (siftup moves the smaller
 * child up to a leaf, then sifts the item back down), so the list ends in
 * the same order as on CPython; a comparison that changes the list's size
 * raises RuntimeError instead of reading past its end.
 */
#include "containers.h"
#include "modsupport.h"
#include "modules.h"

static int lt(Value a, Value b, bool max)
{
    return max ? obj_richcmp_bool(b, a, CMP_LT) : obj_richcmp_bool(a, b, CMP_LT);
}

static int changed_size(void)
{
    err_set(exc_RuntimeError, "list changed size during iteration");
    return -1;
}

/* Move the item at pos up towards startpos while it is smaller than its
 * parent. */
static int siftdown(ObjList *heap, int64_t startpos, int64_t pos, bool max)
{
    int64_t size = heap->len;
    while (pos > startpos) {
        int64_t parentpos = (pos - 1) >> 1;
        int c = lt(heap->items[pos], heap->items[parentpos], max);
        if (c < 0)
            return -1;
        if (size != heap->len)
            return changed_size();
        if (!c)
            break;
        Value t = heap->items[parentpos];
        heap->items[parentpos] = heap->items[pos];
        heap->items[pos] = t;
        pos = parentpos;
    }
    return 0;
}

static int siftup(ObjList *heap, int64_t pos, bool max)
{
    int64_t endpos = heap->len, startpos = pos, limit = endpos >> 1;
    while (pos < limit) {
        int64_t childpos = 2 * pos + 1;
        if (childpos + 1 < endpos) {
            int c = lt(heap->items[childpos], heap->items[childpos + 1], max);
            if (c < 0)
                return -1;
            childpos += c ^ 1;
            if (endpos != heap->len)
                return changed_size();
        }
        Value t = heap->items[childpos];
        heap->items[childpos] = heap->items[pos];
        heap->items[pos] = t;
        pos = childpos;
    }
    return siftdown(heap, startpos, pos, max);
}

/* The heap argument: a list (or subclass), else CPython's TypeError. */
static ObjList *heap_arg(const char *fname, Value v, bool numbered)
{
    if (LIST_CHECK(v))
        return AS_LIST(v);
    err_format(exc_TypeError, "%s() argument%s must be list, not %T", fname, numbered ? " 1" : "", v);
    return NULL;
}

static int check(const char *fname, int nargs, ObjTuple *kw, int n)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "_heapq.%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs == n)
        return 0;
    if (n == 1)
        err_format(exc_TypeError, "_heapq.%s() takes exactly one argument (%d given)", fname, nargs);
    else
        err_format(exc_TypeError, "%s expected %d arguments, got %d", fname, n, nargs);
    return -1;
}

static Value f_heappush(Value *args, int nargs, ObjTuple *kw)
{
    if (check("heappush", nargs, kw, 2) < 0)
        return VNULL;
    ObjList *heap = heap_arg("heappush", args[0], true);
    if (!heap || list_append(args[0], args[1]) < 0)
        return VNULL;
    return siftdown(heap, 0, heap->len - 1, false) < 0 ? VNULL : NONE;
}

static Value heappop(const char *fname, Value *args, int nargs, ObjTuple *kw, bool max)
{
    if (check(fname, nargs, kw, 1) < 0)
        return VNULL;
    ObjList *heap = heap_arg(fname, args[0], false);
    if (!heap)
        return VNULL;
    if (heap->len == 0)
        return err_set(exc_IndexError, "index out of range");
    Value last = list_pop(args[0], heap->len - 1);
    if (!last || heap->len == 0)
        return last;
    Value r = heap->items[0];
    heap->items[0] = last;
    return siftup(heap, 0, max) < 0 ? VNULL : r;
}

static Value f_heappop(Value *args, int nargs, ObjTuple *kw)
{
    return heappop("heappop", args, nargs, kw, false);
}

static Value f_heappop_max(Value *args, int nargs, ObjTuple *kw)
{
    return heappop("_heappop_max", args, nargs, kw, true);
}

static Value heapreplace(const char *fname, Value *args, int nargs, ObjTuple *kw, bool max)
{
    if (check(fname, nargs, kw, 2) < 0)
        return VNULL;
    ObjList *heap = heap_arg(fname, args[0], true);
    if (!heap)
        return VNULL;
    if (heap->len == 0)
        return err_set(exc_IndexError, "index out of range");
    Value r = heap->items[0];
    heap->items[0] = args[1];
    return siftup(heap, 0, max) < 0 ? VNULL : r;
}

static Value f_heapreplace(Value *args, int nargs, ObjTuple *kw)
{
    return heapreplace("heapreplace", args, nargs, kw, false);
}

static Value f_heapreplace_max(Value *args, int nargs, ObjTuple *kw)
{
    return heapreplace("_heapreplace_max", args, nargs, kw, true);
}

static Value f_heappushpop(Value *args, int nargs, ObjTuple *kw)
{
    if (check("heappushpop", nargs, kw, 2) < 0)
        return VNULL;
    ObjList *heap = heap_arg("heappushpop", args[0], true);
    if (!heap)
        return VNULL;
    if (heap->len == 0)
        return args[1];
    int c = lt(heap->items[0], args[1], false);
    if (c < 0)
        return VNULL;
    if (!c)
        return args[1];
    if (heap->len == 0)
        return err_set(exc_IndexError, "index out of range");
    Value r = heap->items[0];
    heap->items[0] = args[1];
    return siftup(heap, 0, false) < 0 ? VNULL : r;
}

/* Sift every inner node, deepest first: each sift needs only its own
 * subtree to be a heap already, so this order gives the same list as
 * CPython's cache-friendly one. */
static Value heapify(const char *fname, Value *args, int nargs, ObjTuple *kw, bool max)
{
    if (check(fname, nargs, kw, 1) < 0)
        return VNULL;
    ObjList *heap = heap_arg(fname, args[0], false);
    if (!heap)
        return VNULL;
    for (int64_t i = (heap->len >> 1) - 1; i >= 0; i--)
        if (siftup(heap, i, max) < 0)
            return VNULL;
    return NONE;
}

static Value f_heapify(Value *args, int nargs, ObjTuple *kw)
{
    return heapify("heapify", args, nargs, kw, false);
}

static Value f_heapify_max(Value *args, int nargs, ObjTuple *kw)
{
    return heapify("_heapify_max", args, nargs, kw, true);
}

static const struct { const char *name; NativeFn fn; const char *doc; } heapq_functions[] = {
    {"heappush", f_heappush, "Push item onto heap, maintaining the heap invariant."},
    {"heappop", f_heappop, "Pop the smallest item off the heap, maintaining the heap invariant."},
    {"heapify", f_heapify, "Transform list into a heap, in-place, in O(len(heap)) time."},
    {"heapreplace", f_heapreplace,
     "Pop and return the current smallest value, and add the new item.\n\n"
     "This is more efficient than heappop() followed by heappush(), and can be\n"
     "more appropriate when using a fixed-size heap.  Note that the value\n"
     "returned may be larger than item!  That constrains reasonable uses of\n"
     "this routine unless written as part of a conditional replacement:\n\n"
     "    if item > heap[0]:\n"
     "        item = heapreplace(heap, item)"},
    {"heappushpop", f_heappushpop,
     "Push item on the heap, then pop and return the smallest item from the heap.\n\n"
     "The combined action runs more efficiently than heappush() followed by\n"
     "a separate call to heappop()."},
    {"_heappop_max", f_heappop_max, "Maxheap variant of heappop."},
    {"_heapify_max", f_heapify_max, "Maxheap variant of heapify."},
    {"_heapreplace_max", f_heapreplace_max, "Maxheap variant of heapreplace."},
    {NULL, NULL, NULL},
};

Value mod_heapq_init(void)
{
    Value m = module_new(str_intern_cstr("_heapq"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Heap queue algorithm (a.k.a. priority queue)."));
    for (int i = 0; heapq_functions[i].name; i++) {
        Value f = native_new(heapq_functions[i].name, heapq_functions[i].fn, VNULL);
        AS_NATIVE(f)->doc = heapq_functions[i].doc;
        module_add(mod, heapq_functions[i].name, f);
    }
    return m;
}
