/* gc.c — the one allocator and a non-moving mark-sweep collector.
 *
 * Small objects (up to MAX_SMALL bytes) live in 64 KiB pages obtained from
 * mmap and aligned to their size, so `addr & ~(PAGE_SIZE-1)` is the page
 * header.  A page holds slots of one size class (16-byte granularity); free
 * slots have a NULL type word and are threaded through their second word,
 * so allocation is a pop from a per-class free list plus a memset.  A fresh
 * page (zero-filled by mmap) is not threaded up front: its class bumps a
 * pointer through it, so start-up touches only the memory it uses (every
 * untouched slot reads as type NULL, i.e. free, to the scan and the
 * sweep, which threads it then).  Pages are mapped 16 at a time.  Larger
 * objects come from malloc and sit in an array that is sorted by address
 * before each collection, so conservative lookups can binary-search it.
 *
 * Marking uses an explicit stack (never C recursion) and each type's trace
 * slot.  Roots: vm_mark_roots() (VM stacks, frames, modules), registered C
 * globals, static types registered by type_ready (through
 * gc_add_root_obj), the intern table (str_mark_interned), and every
 * interpreter thread's C stack, scanned conservatively.  Static objects
 * (GC_STATIC) are never freed but are traced once per collection.
 *
 * Threads: only the GIL holder allocates or collects, so there are no locks
 * here.  Other threads are parked (GIL released) with their registers saved
 * in Thread.gc_regs and their stack pointer in gc_stack_top.
 *
 * Out of memory (docs/internals.md, "Allocation failure"): the *_try
 * functions return NULL and the caller raises MemoryError (sizes that come
 * from the program: item arrays, str and bytes data, dict and set tables).
 * The others never return NULL: when the system refuses, they give back
 * the emergency reserve (RESERVE_SIZE bytes mapped at start-up) and try
 * again; if that succeeds, the thread gets a MemoryError at its next
 * safepoint (vm_cur->async_exc, as an asynchronous exception) and the next
 * collection maps the reserve again.  Only when even that fails does baton
 * stop with a fatal error.
 */
#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <sys/mman.h>

#include "gc.h"
#include "vm.h"

void str_mark_interned(void); /* str.c (declared in str.h) */

#define PAGE_SIZE ((size_t)64 * 1024)
#define GRAIN 16
#define MAX_SMALL 1024
#define NCLASS (MAX_SMALL / GRAIN + 1) /* class c holds c * GRAIN bytes */
#define NO_SANITIZE __attribute__((no_sanitize_address, no_sanitize_thread))

/* A free slot: type NULL tells "not an object" to the conservative scan. */
typedef struct FreeSlot { void *null_type; struct FreeSlot *next; } FreeSlot;

typedef struct Page {
    struct Page *next;   /* all pages */
    uint32_t cls;        /* size class; 0 while in the empty pool */
    uint32_t size;       /* slot size in bytes */
    uint32_t nslots;
    uint32_t live;       /* after the last sweep */
    char *first;         /* first slot */
} Page;

#define FIRST_OFFSET (((sizeof(Page) + 63) / 64) * 64)

typedef struct { char *p; size_t size; } Big;

static FreeSlot *freelist[NCLASS];
/* Per class: the untouched tail of its newest fresh page. */
static char *bump_ptr[NCLASS], *bump_end[NCLASS];
/* Fresh pages mapped ahead (PAGE_SIZE-aligned, never touched yet). */
static char *chunk_next, *chunk_end;
#define CHUNK_PAGES 16
#define SMALL_CHUNKS 4                      /* 4 MiB before huge chunks */
#define HUGE_CHUNK ((size_t)2 << 20)
static Page *pages;           /* every small-object page */
static Page *empty_pages;     /* pool of wholly free pages (cls 0) */
static size_t npages;
/* Open-addressing set of page addresses for conservative lookups. */
static uintptr_t *page_set;
static size_t page_set_cap;   /* power of two */
static uintptr_t heap_lo = UINTPTR_MAX, heap_hi;

static Big *bigs;
static size_t nbigs, bigs_cap;
static bool bigs_sorted = true;

/* Roots registered from C */
typedef struct { void *slot; bool is_value; } Root;
static Root *roots;
static size_t nroots, roots_cap;

/* Mark stack and the static objects visited in the current mark phase. */
static Value capture_list;
static Obj **mstack;
static size_t msp, mstack_cap;
static Obj **statics_seen;
static size_t nstatics_seen, statics_seen_cap;
#define GC_STATIC_SEEN 0x4u

/* Accounting */
static size_t bytes_since;      /* allocated since the last collection */
#define MIN_THRESHOLD ((size_t)8 << 20)
static size_t threshold = MIN_THRESHOLD;
static size_t live_bytes;       /* object bytes surviving the last sweep */
static size_t mem_bytes;        /* mem_alloc'd bytes outstanding */
static size_t total_allocated;
static size_t ncollections;
static bool enabled = true;
static bool requested;
static bool collecting;
static bool stress;
/* Stress mode collects at the first safepoint after every allocation while
 * the live heap is under STRESS_SPAN bytes; on a bigger heap after every
 * (live / STRESS_SPAN + 1)th, so that a collection's cost per allocation
 * stays bounded (a program that builds a 100 MB heap would otherwise take
 * hours) while every allocation site is still hit again and again. */
#define STRESS_SPAN ((size_t)4 << 20)
static size_t stress_every = 1;

NORETURN static void out_of_memory(void)
{
    baton_fatal("out of memory");
}

/* ---- allocation failure ------------------------------------------------- */

#define RESERVE_SIZE ((size_t)8 << 20)
static void *reserve;           /* mmap'd, untouched; NULL once given back */

static void reserve_take(void)
{
    if (reserve)
        return;
    void *m = mmap(NULL, RESERVE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m != MAP_FAILED)
        reserve = m;
}

#ifdef BATON_FAIL_ALLOC
/* BATON_FAIL_ALLOC=N[,M]: the Nth allocation (counting every gc_new and
 * mem_* call from start-up) fails as if the system had refused it, and
 * with M, every Mth one after it too (the allocation-failure injection
 * build, meson -Dfail_alloc=true). */
static uint64_t fail_count, fail_at, fail_every;
static bool inject_failure(void)
{
    if (!fail_at)
        return false;
    if (++fail_count < fail_at)
        return false;
    if (fail_count == fail_at)
        return true;
    return fail_every && (fail_count - fail_at) % fail_every == 0;
}
#define INJECT_FAILURE() UNLIKELY(inject_failure())
/* BATON_FAIL_ALLOC=count: print how many allocations the run made. */
static void print_alloc_count(void)
{
    fprintf(stderr, "baton: %llu allocations\n", (unsigned long long)fail_count);
}
#else
#define INJECT_FAILURE() false
#endif

/* An unchecked allocation failed: give back the reserve so that retrying
 * can succeed, and have the thread raise MemoryError at its next
 * safepoint.  Returns false when there is no reserve left (fatal). */
static bool reserve_release(void)
{
    if (!reserve)
        return false;
    munmap(reserve, RESERVE_SIZE);
    reserve = NULL;
    err_no_memory_async();
    if (enabled && !collecting) {
        requested = true;
        vm_request(EB_GC);
    }
    return true;
}

/* A malloc-family call that the injection build may fail, and that
 * unchecked callers retry once after giving back the reserve. */
#define TRY_ALLOC(expr) (INJECT_FAILURE() ? NULL : (expr))
#define MUST_ALLOC(var, expr)                                               \
    do {                                                                    \
        var = reserve ? TRY_ALLOC(expr) : (expr);                           \
        while (!var) {                                                      \
            if (!reserve_release())                                         \
                out_of_memory();                                            \
            var = (expr);                                                   \
        }                                                                   \
    } while (0)

/* ---- the page set ------------------------------------------------------ */

static size_t page_hash(uintptr_t p)
{
    return (size_t)((p >> 16) * 0x9E3779B97F4A7C15ull >> 20);
}

static void page_set_insert(uintptr_t p)
{
    if ((npages + 1) * 2 > page_set_cap) {
        size_t ncap = page_set_cap ? page_set_cap * 2 : 256;
        uintptr_t *nt;
        MUST_ALLOC(nt, calloc(ncap, sizeof *nt));
        for (size_t i = 0; i < page_set_cap; i++) {
            uintptr_t q = page_set[i];
            if (!q)
                continue;
            size_t h = page_hash(q) & (ncap - 1);
            while (nt[h])
                h = (h + 1) & (ncap - 1);
            nt[h] = q;
        }
        free(page_set);
        page_set = nt;
        page_set_cap = ncap;
    }
    size_t h = page_hash(p) & (page_set_cap - 1);
    while (page_set[h])
        h = (h + 1) & (page_set_cap - 1);
    page_set[h] = p;
    npages++;
    if (p < heap_lo)
        heap_lo = p;
    if (p + PAGE_SIZE > heap_hi)
        heap_hi = p + PAGE_SIZE;
}

static bool page_set_has(uintptr_t p)
{
    if (!page_set_cap)
        return false;
    size_t h = page_hash(p) & (page_set_cap - 1);
    for (;;) {
        uintptr_t q = page_set[h];
        if (q == p)
            return true;
        if (!q)
            return false;
        h = (h + 1) & (page_set_cap - 1);
    }
}

/* ---- pages -------------------------------------------------------------- */

/* A fresh PAGE_SIZE-aligned, zero-filled page, carved from a chunk of
 * CHUNK_PAGES pages (one mmap, trimmed to alignment). */
static Page *page_map(void)
{
    if (chunk_next == chunk_end) {
        /* The first chunks are small so a short script stays small; once
         * the heap has grown, chunks are huge-page sized and aligned and
         * the kernel is asked for a transparent huge page: one fault
         * zero-fills 2 MiB instead of 512 faults of 4 KiB each. */
        bool huge = npages >= SMALL_CHUNKS * CHUNK_PAGES;
        size_t align = huge ? HUGE_CHUNK : PAGE_SIZE;
        size_t want = huge ? HUGE_CHUNK : PAGE_SIZE * CHUNK_PAGES;
        size_t len = want + align;
        char *m = MAP_FAILED;
        if (!INJECT_FAILURE())
            m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        while (m == MAP_FAILED) {
            if (!reserve_release())
                out_of_memory();
            m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        }
        uintptr_t a = ((uintptr_t)m + align - 1) & ~(uintptr_t)(align - 1);
        size_t head = a - (uintptr_t)m, tail = len - head - want;
        if (head)
            munmap(m, head);
        if (tail)
            munmap((char *)a + want, tail);
#ifdef MADV_HUGEPAGE
        if (huge)
            madvise((void *)a, want, MADV_HUGEPAGE);
#endif
        chunk_next = (char *)a;
        chunk_end = chunk_next + want;
    }
    uintptr_t a = (uintptr_t)chunk_next;
    chunk_next += PAGE_SIZE;
    Page *pg = (Page *)a;
    pg->next = pages;
    pages = pg;
    page_set_insert(a);
    return pg;
}

static void page_header(Page *pg, size_t cls)
{
    size_t size = cls * GRAIN;
    pg->cls = (uint32_t)cls;
    pg->size = (uint32_t)size;
    pg->first = (char *)pg + FIRST_OFFSET;
    pg->nslots = (uint32_t)((PAGE_SIZE - FIRST_OFFSET) / size);
    pg->live = 0;
}

/* Give a recycled page pg (stale contents) to size class cls and thread
 * its slots onto the free list. */
static FreeSlot *page_format(Page *pg, size_t cls)
{
    size_t size = cls * GRAIN;
    page_header(pg, cls);
    FreeSlot *head = freelist[cls];
    /* Thread backwards so allocation walks the page upwards. */
    for (size_t i = pg->nslots; i-- > 0;) {
        FreeSlot *s = (FreeSlot *)(pg->first + i * size);
        s->null_type = NULL;
        s->next = head;
        head = s;
    }
    freelist[cls] = head;
    return head;
}

/* A free slot of class cls when its free list is empty: the rest of its
 * fresh page, a recycled page, or a new fresh page. */
static void *refill(size_t cls)
{
    size_t size = cls * GRAIN;
    if (bump_ptr[cls] && (size_t)(bump_end[cls] - bump_ptr[cls]) >= size) {
        void *s = bump_ptr[cls];
        bump_ptr[cls] += size;
        return s;
    }
    Page *pg = empty_pages;
    if (pg) {
        /* empty pages stay on the all-pages list; the pool links via
         * `first`, which page_format overwrites */
        empty_pages = (Page *)(void *)pg->first;
        if (pg->size == size) {
            /* Same slot layout as before it emptied: every slot's type
             * word is NULL already (the sweep cleared the dead ones), so
             * bump through it like a fresh page instead of threading all
             * its slots first (each slot is then written once, not twice). */
            page_header(pg, cls);
            bump_ptr[cls] = pg->first + size;
            bump_end[cls] = pg->first + (size_t)pg->nslots * size;
            return pg->first;
        }
        FreeSlot *s = page_format(pg, cls);
        freelist[cls] = s->next;
        return s;
    }
    pg = page_map();
    page_header(pg, cls);
    bump_ptr[cls] = pg->first + size;
    bump_end[cls] = pg->first + (size_t)pg->nslots * size;
    return pg->first;
}

/* ---- allocation --------------------------------------------------------- */

static size_t objs_since; /* objects allocated since the last collection */

static inline void count(size_t n)
{
    objs_since++;
    bytes_since += n;
    total_allocated += n;
    if (UNLIKELY((bytes_since > threshold || (stress && objs_since >= stress_every))
                 && enabled && !requested
                 && !collecting)) {
        requested = true;
        vm_request(EB_GC);
    }
}

/* A big object of at least size bytes, or NULL when the system refuses
 * (must: never NULL, the reserve path). */
static Obj *big_new(size_t size, bool must)
{
    if (size > SIZE_MAX / 2) {
        if (must)
            out_of_memory();
        return NULL;
    }
    if (nbigs == bigs_cap) {
        size_t ncap = bigs_cap ? bigs_cap * 2 : 64;
        Big *nb;
        MUST_ALLOC(nb, realloc(bigs, ncap * sizeof *nb));
        bigs = nb;
        bigs_cap = ncap;
    }
    size = (size + GRAIN - 1) & ~(size_t)(GRAIN - 1);
    char *p;
    if (must) {
        MUST_ALLOC(p, aligned_alloc(GRAIN, size));
    } else if (!(p = TRY_ALLOC(aligned_alloc(GRAIN, size)))) {
        return NULL;
    }
    if (nbigs && p < bigs[nbigs - 1].p)
        bigs_sorted = false;
    bigs[nbigs].p = p;
    bigs[nbigs].size = size;
    nbigs++;
    return (Obj *)p;
}

Obj *gc_new(Type *t, size_t size)
{
    Obj *o;
    if (size < sizeof(Obj))
        size = sizeof(Obj);
    if (LIKELY(size <= MAX_SMALL)) {
        size_t cls = (size + GRAIN - 1) / GRAIN;
        FreeSlot *s = freelist[cls];
        if (LIKELY(s != NULL)) {
            freelist[cls] = s->next;
            o = (Obj *)s;
        } else {
            o = refill(cls);
        }
        size = cls * GRAIN;
    } else {
        o = big_new(size, true);
        size = bigs[nbigs - 1].size;
    }
    /* most objects are small: zero them inline, not through a memset call */
    uint64_t *w = (uint64_t *)(void *)o;
    switch (size / GRAIN) {
    case 8: w[14] = 0; w[15] = 0; /* fall through */
    case 7: w[12] = 0; w[13] = 0; /* fall through */
    case 6: w[10] = 0; w[11] = 0; /* fall through */
    case 5: w[8] = 0; w[9] = 0; /* fall through */
    case 4: w[6] = 0; w[7] = 0; /* fall through */
    case 3: w[4] = 0; w[5] = 0; /* fall through */
    case 2: w[2] = 0; w[3] = 0; /* fall through */
    case 1: w[1] = 0; break;
    default: memset(o, 0, size);
    }
    o->type = t;
    count(size);
    return o;
}

/* gc_new for objects with a large tail of raw data (str, bytes): only the
 * first `head` bytes are zeroed; the caller fills the rest, which must hold
 * no Values (the collector never looks at it). */
static Obj *new_data(Type *t, size_t head, size_t size, bool must)
{
    if (size <= MAX_SMALL)
        return gc_new(t, size);
    Obj *o = big_new(size, must);
    if (!o)
        return NULL;
    if (head > size)
        head = size;
    size = bigs[nbigs - 1].size;
    memset(o, 0, head > sizeof(Obj) ? head : sizeof(Obj));
    o->type = t;
    count(size);
    return o;
}

Obj *gc_new_data(Type *t, size_t head, size_t size)
{
    return new_data(t, head, size, true);
}

/* Below TRY_MIN bytes a *_try call behaves like the unchecked one (the
 * reserve path): a caller that ignores a failure of a small table (a
 * dict_set_str at start-up) must not silently lose an entry, and only
 * sizes the program chose are worth a synchronous MemoryError. */
#define TRY_MIN ((size_t)256 << 10)

Obj *gc_try_new_data(Type *t, size_t head, size_t size)
{
    return new_data(t, head, size, size < TRY_MIN);
}

void *mem_try_alloc(size_t size)
{
    if (size < TRY_MIN)
        return mem_alloc(size);
    void *p = TRY_ALLOC(malloc(size));
    if (!p)
        return NULL;
    mem_bytes += size;
    count(size);
    return p;
}

void *mem_alloc(size_t size)
{
    void *p;
    MUST_ALLOC(p, malloc(size ? size : 1));
    mem_bytes += size;
    count(size);
    return p;
}

void *mem_try_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (n * size < TRY_MIN)
        return mem_calloc(n, size);
    void *p = TRY_ALLOC(calloc(n, size));
    if (!p)
        return NULL;
    mem_bytes += n * size;
    count(n * size);
    return p;
}

void *mem_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    void *p;
    MUST_ALLOC(p, calloc(n ? n : 1, size ? size : 1));
    mem_bytes += n * size;
    count(n * size);
    return p;
}

static void realloced(size_t old_size, size_t new_size)
{
    mem_bytes += new_size;
    mem_bytes -= old_size < mem_bytes ? old_size : mem_bytes;
    if (new_size > old_size)
        count(new_size - old_size);
}

void *mem_try_realloc(void *p, size_t old_size, size_t new_size)
{
    if (new_size < TRY_MIN)
        return mem_realloc(p, old_size, new_size);
    void *q = TRY_ALLOC(realloc(p, new_size));
    if (!q)
        return NULL;   /* p is unchanged */
    realloced(old_size, new_size);
    return q;
}

void *mem_realloc(void *p, size_t old_size, size_t new_size)
{
    void *q;
    MUST_ALLOC(q, realloc(p, new_size ? new_size : 1));
    realloced(old_size, new_size);
    return q;
}

void mem_free(void *p, size_t size)
{
    if (!p)
        return;
    free(p);
    mem_bytes -= size < mem_bytes ? size : mem_bytes;
}

char *mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mem_alloc(n);
    memcpy(p, s, n);
    return p;
}

/* ---- finding objects from arbitrary words -------------------------------- */

static int big_cmp(const void *a, const void *b)
{
    const char *x = ((const Big *)a)->p, *y = ((const Big *)b)->p;
    return x < y ? -1 : x > y;
}

static void bigs_sort(void)
{
    if (!bigs_sorted) {
        qsort(bigs, nbigs, sizeof *bigs, big_cmp);
        bigs_sorted = true;
    }
}

/* The live object containing address w, or NULL.  bigs must be sorted. */
static inline Obj *find_object(uintptr_t w)
{
    if (w >= heap_lo && w < heap_hi) {
        uintptr_t pa = w & ~(uintptr_t)(PAGE_SIZE - 1);
        if (page_set_has(pa)) {
            Page *pg = (Page *)pa;
            if (!pg->cls || w < (uintptr_t)pg->first)
                return NULL;
            size_t i = (w - (uintptr_t)pg->first) / pg->size;
            if (i >= pg->nslots)
                return NULL;
            Obj *o = (Obj *)(pg->first + i * pg->size);
            return o->type ? o : NULL;
        }
    }
    if (!nbigs || w < (uintptr_t)bigs[0].p)
        return NULL;
    size_t lo = 0, hi = nbigs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)bigs[mid].p <= w)
            lo = mid;
        else
            hi = mid;
    }
    if (w < (uintptr_t)bigs[lo].p + bigs[lo].size)
        return (Obj *)bigs[lo].p;
    return NULL;
}

bool gc_is_object(const void *p)
{
    bigs_sort();
    Obj *o = find_object((uintptr_t)p);
    return o && (const void *)o == p;
}

/* ---- marking ------------------------------------------------------------- */

static void push(Obj *o)
{
    if (UNLIKELY(msp == mstack_cap)) {
        size_t ncap = mstack_cap ? mstack_cap * 2 : 4096;
        Obj **ns;
        MUST_ALLOC(ns, realloc(mstack, ncap * sizeof *ns));
        mstack = ns;
        mstack_cap = ncap;
    }
    mstack[msp++] = o;
}

void gc_mark_obj(Obj *o)
{
    if (!o)
        return;
    if (UNLIKELY(capture_list)) {
        list_append(capture_list, OBJ_VAL(o));
        return;
    }
    uint32_t f = o->gc_flags;
    if (UNLIKELY(f & GC_STATIC)) {
        if (f & GC_STATIC_SEEN)
            return;
        o->gc_flags = f | GC_STATIC_SEEN;
        if (nstatics_seen == statics_seen_cap) {
            size_t ncap = statics_seen_cap ? statics_seen_cap * 2 : 256;
            Obj **ns;
            MUST_ALLOC(ns, realloc(statics_seen, ncap * sizeof *ns));
            statics_seen = ns;
            statics_seen_cap = ncap;
        }
        statics_seen[nstatics_seen++] = o;
        push(o);
        return;
    }
    if (f & GC_MARKED)
        return;
    o->gc_flags = f | GC_MARKED;
    /* leaves of a static type (str, float, big int…) need no visit */
    Type *t = o->type;
    if (!t->trace && (t->obj.gc_flags & GC_STATIC))
        return;
    push(o);
}

void gc_mark(Value v)
{
    if (IS_OBJ(v))
        gc_mark_obj(AS_OBJ(v));
}

static void drain(void)
{
    while (msp) {
        Obj *o = mstack[--msp];
        Type *t = o->type;
        if (t) {
            gc_mark_obj(&t->obj);
            if (t->trace)
                t->trace(o);
        }
    }
}

NO_SANITIZE void gc_mark_conservative(const void *start, const void *end)
{
    uintptr_t s = ((uintptr_t)start + 7) & ~(uintptr_t)7;
    uintptr_t e = (uintptr_t)end & ~(uintptr_t)7;
    bigs_sort();
    for (uintptr_t a = s; a < e; a += 8) {
        uintptr_t w = *(const volatile uintptr_t *)a;
        if (w < 4096)
            continue;
        Obj *o = find_object(w);
        if (o)
            gc_mark_obj(o);
    }
}

/* The stack bounds of the calling thread, from the pthread attributes. */
static void *stack_base_of_self(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return NULL;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return (char *)addr + size;
}

static void *main_stack_base;

/* Where gc_collect was entered, and the registers its callers had: the
 * collecting thread's stack is scanned from there, so the collector's own
 * frames (whose unused slots hold whatever deeper calls left, often
 * pointers to objects the program has dropped) are not read as roots. */
static const char *collect_lo;
static jmp_buf *collect_regs;

NO_SANITIZE __attribute__((noinline)) static void scan_own_stack(void *base)
{
    jmp_buf regs;
    memset(&regs, 0, sizeof regs);
    setjmp(regs);
    volatile char here = 0;
    const char *lo = (const char *)&here;
    if ((const char *)&regs < lo)
        lo = (const char *)&regs;
    if (collect_lo && collect_regs) {
        lo = collect_lo;
        gc_mark_conservative(collect_regs, (char *)collect_regs + sizeof *collect_regs);
    } else {
        gc_mark_conservative(&regs, (char *)&regs + sizeof regs);
    }
    gc_mark_conservative(lo, base);
}

static void mark_stacks(void)
{
    Thread *self = vm_cur;
    void *base = self && self->gc_stack_base ? self->gc_stack_base : NULL;
    if (!base) {
        base = stack_base_of_self();
        if (self)
            self->gc_stack_base = base;
        else if (!base)
            base = main_stack_base;
    }
    if (base)
        scan_own_stack(base);
    /* Other threads gave up the GIL, so they are parked: their registers
     * and stack pointer were saved when they let go.  A thread that is not
     * marked parked should not exist; scan its last saved range anyway. */
    for (Thread *t = vm_threads; t; t = t->next) {
        if (t == self || !t->gc_stack_base || !t->gc_stack_top)
            continue;
        gc_mark_conservative(&t->gc_regs, (char *)&t->gc_regs + sizeof t->gc_regs);
        gc_mark_conservative(t->gc_stack_top, t->gc_stack_base);
    }
}

void gc_mark_queue(void);

static void mark_roots(void)
{
    for (size_t i = 0; i < nroots; i++) {
        if (roots[i].is_value)
            gc_mark(*(Value *)roots[i].slot);
        else
            gc_mark_obj(*(Obj **)roots[i].slot);
    }
    drain();
    vm_mark_roots();
    drain();
    str_mark_interned();
    drain();
    mark_stacks();
    drain();
    gc_mark_queue();
    drain();
}

/* ---- weak lists ------------------------------------------------------------ */

/* Lists whose items do not keep their objects alive (a type's
 * __subclasses__): the owner marks the list with gc_mark_weak_list, which
 * does not trace it, and after marking every dead item is dropped. */
static ObjList **weak_lists;
static size_t nweak_lists, weak_lists_cap;

void gc_register_weak_list(ObjList *l)
{
    if (nweak_lists == weak_lists_cap) {
        size_t ncap = weak_lists_cap ? weak_lists_cap * 2 : 64;
        ObjList **nl;
        MUST_ALLOC(nl, realloc(weak_lists, ncap * sizeof *nl));
        weak_lists = nl;
        weak_lists_cap = ncap;
    }
    weak_lists[nweak_lists++] = l;
}

void gc_mark_weak_list(ObjList *l)
{
    l->obj.gc_flags |= GC_MARKED;
}

static bool survives(Value v)
{
    return !IS_OBJ(v) || (AS_OBJ(v)->gc_flags & (GC_MARKED | GC_STATIC));
}

static void clear_weak_lists(void)
{
    size_t j = 0;
    for (size_t i = 0; i < nweak_lists; i++) {
        ObjList *l = weak_lists[i];
        if (!(l->obj.gc_flags & (GC_MARKED | GC_STATIC)))
            continue;
        int64_t k = 0;
        for (int64_t n = 0; n < l->len; n++)
            if (survives(l->items[n]))
                l->items[k++] = l->items[n];
        l->len = k;
        weak_lists[j++] = l;
    }
    nweak_lists = j;
}

/* ---- weak references and finalizers --------------------------------------- */

/* Weak references (weakref.c's objects) register here; they are not
 * traced through their referent.  After marking, every weak reference
 * whose referent died is cleared (its referent slot set to VNULL) and, if
 * the weak reference itself lives and has a callback, queued.
 *
 * Objects that want a finalizer (a class with __del__, a generator
 * suspended inside a try) register too.  One that is found dead and was
 * never finalized is kept alive for this cycle, with everything it
 * reaches, and queued; the queue runs after the collection, in the thread
 * that collected (gc_run_finalizers).  A finalized object is freed by the
 * next collection that finds it dead: each object is finalized once
 * (PEP 442).  Weak references to it were cleared first, as in CPython. */
typedef struct { Obj *obj; Value *slot; bool plain; } WeakEntry;
static WeakEntry *weaks;
static size_t nweaks, weaks_cap;
static Obj **finals;
static size_t nfinals, finals_cap;
/* queued work: weak references whose callback must run, objects to
 * finalize (both kept alive until run: marked as roots) */
static Obj **queue;
static size_t nqueue, queue_cap;
static GcFinalizeFn finalize_fn;
static size_t nfreed; /* objects freed by the last collection */

static void grow_array(void **arr, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 64;
    void *na;
    MUST_ALLOC(na, realloc(*arr, ncap * elem));
    *arr = na;
    *cap = ncap;
}

void gc_register_weak(Obj *w, Value *referent_slot)
{
    if (nweaks == weaks_cap)
        grow_array((void **)&weaks, &weaks_cap, sizeof *weaks);
    weaks[nweaks++] = (WeakEntry){w, referent_slot, false};
}

/* The plain weak references (weakref.ref(o) without a callback, which
 * CPython shares) by referent: an open-addressing table of (referent, w),
 * filled as they are made and rebuilt from `weaks` after every collection
 * (so it never holds a weak reference that was freed, nor a referent
 * that died: their slots were cleared before the rebuild). */
typedef struct { Obj *key, *w; } PlainEntry;
static PlainEntry *plains;
static size_t nplains, plains_cap; /* plains_cap: a power of 2 or 0 */

static size_t plain_hash(Obj *key)
{
    return (size_t)(((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull >> 20);
}

static void plain_put(Obj *key, Obj *w)
{
    size_t m = plains_cap - 1, i = plain_hash(key) & m;
    while (plains[i].key && plains[i].key != key)
        i = (i + 1) & m;
    if (!plains[i].key)
        nplains++;
    plains[i] = (PlainEntry){key, w};
}

static void plains_reset(size_t cap)
{
    if (cap != plains_cap) {
        PlainEntry *np;
        MUST_ALLOC(np, malloc(cap * sizeof *np));
        free(plains);
        plains = np;
        plains_cap = cap;
    }
    memset(plains, 0, plains_cap * sizeof *plains);
    nplains = 0;
}

/* Rebuild from the weak references that survived, at 25-50% load. */
static void plains_rebuild(void)
{
    size_t n = 0;
    for (size_t i = 0; i < nweaks; i++)
        n += weaks[i].plain && IS_OBJ(*weaks[i].slot);
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    if (!plains_cap && !n)
        return;
    plains_reset(cap);
    for (size_t i = 0; i < nweaks; i++)
        if (weaks[i].plain && IS_OBJ(*weaks[i].slot))
            plain_put(AS_OBJ(*weaks[i].slot), weaks[i].obj);
}

void gc_register_plain_weak(Obj *w, Value *referent_slot)
{
    gc_register_weak(w, referent_slot);
    weaks[nweaks - 1].plain = true;
    if (2 * (nplains + 1) > plains_cap) {
        /* grow: rebuild from every registered one (all are alive and
         * none is cleared between collections) */
        plains_reset(plains_cap ? plains_cap * 2 : 64);
        for (size_t i = 0; i + 1 < nweaks; i++)
            if (weaks[i].plain && IS_OBJ(*weaks[i].slot))
                plain_put(AS_OBJ(*weaks[i].slot), weaks[i].obj);
    }
    plain_put(AS_OBJ(*referent_slot), w);
}

Obj *gc_find_plain_weak(Obj *referent)
{
    if (!nplains)
        return NULL;
    size_t m = plains_cap - 1, i = plain_hash(referent) & m;
    while (plains[i].key) {
        if (plains[i].key == referent)
            return plains[i].w;
        i = (i + 1) & m;
    }
    return NULL;
}

void gc_for_each_weak(void (*fn)(Obj *w, void *ctx), void *ctx)
{
    for (size_t i = 0; i < nweaks; i++)
        fn(weaks[i].obj, ctx);
}

bool gc_any_finalizer(void)
{
    if (nfinals || nqueue)
        return true;
    for (size_t i = 0; i < nweaks; i++)
        if (finalize_fn && finalize_fn(weaks[i].obj, true))
            return true;
    return false;
}

void gc_register_finalizer(Obj *o)
{
    if (o->gc_flags & (GC_FINALIZED | GC_HAS_FINALIZER))
        return;
    o->gc_flags |= GC_HAS_FINALIZER;
    if (nfinals == finals_cap)
        grow_array((void **)&finals, &finals_cap, sizeof *finals);
    finals[nfinals++] = o;
}

void gc_set_finalize_fn(GcFinalizeFn fn) { finalize_fn = fn; }

static void enqueue(Obj *o)
{
    if (nqueue == queue_cap)
        grow_array((void **)&queue, &queue_cap, sizeof *queue);
    queue[nqueue++] = o;
}

static bool obj_alive(Obj *o)
{
    return (o->gc_flags & (GC_MARKED | GC_STATIC)) != 0;
}

static void process_weak_and_finalizers(void)
{
    /* 1. clear weak references to dead objects; queue live ones' callbacks */
    for (size_t i = 0; i < nweaks; i++) {
        Value *slot = weaks[i].slot;
        Value r = *slot;
        if (!IS_OBJ(r) || obj_alive(AS_OBJ(r)))
            continue;
        *slot = VNULL;
        if (obj_alive(weaks[i].obj) && finalize_fn && finalize_fn(weaks[i].obj, true))
            enqueue(weaks[i].obj);
    }
    /* 2. resurrect the finalizable dead, once */
    size_t j = 0;
    for (size_t i = 0; i < nfinals; i++) {
        Obj *o = finals[i];
        if (obj_alive(o)) {
            finals[j++] = o;
            continue;
        }
        o->gc_flags = (o->gc_flags & ~GC_HAS_FINALIZER) | GC_FINALIZED;
        enqueue(o);
        gc_mark_obj(o);
        drain();
    }
    nfinals = j;
    /* 3. forget weak references that died (after resurrection) */
    j = 0;
    for (size_t i = 0; i < nweaks; i++)
        if (obj_alive(weaks[i].obj))
            weaks[j++] = weaks[i];
    nweaks = j;
    plains_rebuild();
}

void gc_mark_queue(void)
{
    for (size_t i = 0; i < nqueue; i++)
        gc_mark_obj(queue[i]);
}

void gc_run_finalizers(void)
{
    static bool running;
    if (running || !finalize_fn)
        return;
    running = true;
    while (nqueue) {
        Obj *o = queue[--nqueue];
        /* o stays reachable from this C frame while it runs */
        finalize_fn(o, false);
    }
    running = false;
}

size_t gc_pending_finalizers(void) { return nqueue; }

void gc_queue_all_finalizers(void)
{
    for (size_t i = 0; i < nfinals; i++) {
        Obj *o = finals[i];
        o->gc_flags = (o->gc_flags & ~GC_HAS_FINALIZER) | GC_FINALIZED;
        enqueue(o);
    }
    nfinals = 0;
}
size_t gc_last_freed(void) { return nfreed; }

void gc_for_each_object(void (*fn)(Obj *o, void *ctx), void *ctx)
{
    for (Page *pg = pages; pg; pg = pg->next) {
        if (!pg->cls)
            continue;
        char *p = pg->first;
        for (size_t i = 0; i < pg->nslots; i++, p += pg->size)
            if (((Obj *)p)->type)
                fn((Obj *)p, ctx);
    }
    for (size_t i = 0; i < nbigs; i++)
        if (((Obj *)bigs[i].p)->type)
            fn((Obj *)bigs[i].p, ctx);
}

/* ---- sweeping ------------------------------------------------------------- */

static void sweep(void)
{
    size_t live = 0;
    nfreed = 0;
    /* The untouched tail of each class's fresh page stays untouched: the
     * loop below stops where bumping got to, and the tail is bumped from
     * again afterwards.  (Threading it onto the free list would fault in
     * up to a page per size class, 2 MiB at the exit collection of
     * `-c pass`.) */
    Page *bump_page[NCLASS];
    for (size_t c = 0; c < NCLASS; c++) {
        freelist[c] = NULL;
        bump_page[c] = bump_ptr[c] ? (Page *)((uintptr_t)(bump_ptr[c] - 1) & ~(uintptr_t)(PAGE_SIZE - 1)) : NULL;
    }
    for (Page *pg = pages; pg; pg = pg->next) {
        if (!pg->cls)
            continue; /* already in the empty pool */
        size_t size = pg->size, n = pg->nslots, nlive = 0;
        if (pg == bump_page[pg->cls])
            n = (size_t)(bump_ptr[pg->cls] - pg->first) / size;
        char *p = pg->first;
        FreeSlot *head = freelist[pg->cls], *local = NULL, *local_tail = NULL;
        for (size_t i = 0; i < n; i++, p += size) {
            Obj *o = (Obj *)p;
            if (o->type) {
                /* GC_STATIC on a heap object (type_ready on a gc_new'd
                 * type) makes it immortal */
                if (o->gc_flags & (GC_MARKED | GC_STATIC)) {
                    o->gc_flags &= ~GC_MARKED;
                    nlive++;
                    continue;
                }
                if (o->type->finalize)
                    o->type->finalize(o);
                o->type = NULL;
                nfreed++;
            }
            FreeSlot *s = (FreeSlot *)o;
            s->next = NULL;
            if (local_tail)
                local_tail->next = s;
            else
                local = s;
            local_tail = s;
        }
        pg->live = (uint32_t)nlive;
        if (!nlive) {
            /* return the whole page to the pool, usable by any class */
            if (pg == bump_page[pg->cls]) {
                bump_page[pg->cls] = NULL;
                bump_ptr[pg->cls] = bump_end[pg->cls] = NULL;
            }
            pg->cls = 0;
            pg->first = (char *)(void *)empty_pages;
            empty_pages = pg;
            continue;
        }
        if (local) {
            local_tail->next = head;
            freelist[pg->cls] = local;
        }
        live += nlive * size;
    }
    /* big objects */
    size_t j = 0;
    for (size_t i = 0; i < nbigs; i++) {
        Obj *o = (Obj *)bigs[i].p;
        if (o->gc_flags & (GC_MARKED | GC_STATIC)) {
            o->gc_flags &= ~GC_MARKED;
            live += bigs[i].size;
            bigs[j++] = bigs[i];
            continue;
        }
        if (o->type && o->type->finalize)
            o->type->finalize(o);
        free(o);
        nfreed++;
    }
    nbigs = j;
    live_bytes = live;
}

/* Stack memory that deeper calls left pointers in, cleared before the
 * collector's frames reuse it. */
__attribute__((noinline)) static void clear_dead_stack(void)
{
    volatile char buf[8192];
    memset((char *)buf, 0, sizeof buf);
}

static void collect(void);

NO_SANITIZE __attribute__((noinline)) void gc_collect(void)
{
    if (collecting)
        return;
    jmp_buf regs;
    memset(&regs, 0, sizeof regs); /* setjmp fills only part of it */
    setjmp(regs);
    collect_regs = &regs;
    collect_lo = (const char *)&regs;
    clear_dead_stack();
    collect();
    collect_lo = NULL;
    collect_regs = NULL;
}

__attribute__((noinline)) static void collect(void)
{
    if (collecting)
        return;
    collecting = true;
    bigs_sort();
    msp = 0;
    mark_roots();
    process_weak_and_finalizers();
    for (size_t i = 0; i < nstatics_seen; i++)
        statics_seen[i]->gc_flags &= ~GC_STATIC_SEEN;
    nstatics_seen = 0;
    clear_weak_lists();
    sweep();
    ncollections++;
    bytes_since = 0;
    objs_since = 0;
    requested = false;
    /* next collection after allocating twice the live heap (at least
     * MIN_THRESHOLD): the heap stays within ~3x of what is live */
    size_t live = live_bytes + mem_bytes;
    threshold = 2 * live > MIN_THRESHOLD ? 2 * live : MIN_THRESHOLD;
    stress_every = live / STRESS_SPAN + 1;
    vm_clear_request(EB_GC);
    collecting = false;
    reserve_take();
}

/* ---- roots, stats, init ---------------------------------------------------- */

static void add_root(void *slot, bool is_value)
{
    if (nroots == roots_cap) {
        size_t ncap = roots_cap ? roots_cap * 2 : 128;
        Root *nr;
        MUST_ALLOC(nr, realloc(roots, ncap * sizeof *nr));
        roots = nr;
        roots_cap = ncap;
    }
    roots[nroots].slot = slot;
    roots[nroots].is_value = is_value;
    nroots++;
}

void gc_add_root_obj(Obj **slot) { add_root(slot, false); }
void gc_add_root_value(Value *slot) { add_root(slot, true); }

size_t gc_bytes_allocated(void) { return live_bytes + mem_bytes + bytes_since; }
size_t gc_collections(void) { return ncollections; }

void gc_set_enabled(bool on)
{
    enabled = on;
}

bool gc_is_enabled(void) { return enabled; }
size_t gc_allocations_since(void) { return objs_since; }

/* The objects o's trace slot marks, appended to list out (gc.get_referents):
 * marking is redirected while the slot runs. */
int gc_referents(Value o, Value out)
{
    if (!IS_OBJ(o) || !AS_OBJ(o)->type->trace || collecting)
        return 0;
    capture_list = out;
    AS_OBJ(o)->type->trace(AS_OBJ(o));
    capture_list = VNULL;
    return err_occurred() ? -1 : 0;
}

void gc_init(void)
{
#ifdef BATON_STRESS_GC
    stress = true;
#endif
    const char *s = getenv("BATON_STRESS_GC");
    if (s && *s && strcmp(s, "0") != 0)
        stress = true;
#ifdef BATON_FAIL_ALLOC
    s = getenv("BATON_FAIL_ALLOC");
    if (s && strcmp(s, "count") == 0) {
        atexit(print_alloc_count);
        fail_at = UINT64_MAX; /* count, never fail */
    } else if (s && *s) {
        char *end;
        fail_at = strtoull(s, &end, 10);
        if (*end == ',')
            fail_every = strtoull(end + 1, NULL, 10);
    }
#endif
    reserve_take();
    /* Only a fallback (main.c registers main's frame): glibc's start-up
     * stack pointer costs nothing, where pthread_getattr_np parses
     * /proc/self/maps for the main thread. */
    extern void *__libc_stack_end;
    main_stack_base = __libc_stack_end;
    /* Big objects come and go quickly (string building): keep freed memory
     * in malloc's heap instead of unmapping and faulting it in again. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    /* Threads take turns under the GIL: glibc's per-thread arenas (64 MiB
     * of address space each, up to 8 per core) buy little here and cost
     * the address space that threads need under `ulimit -v`. */
    mallopt(M_ARENA_MAX, 2);
}
