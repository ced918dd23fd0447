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
 * Out of memory: baton_fatal for now; every failure goes through
 * out_of_memory() so a MemoryError path can be added there.
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

NORETURN static void out_of_memory(void)
{
    baton_fatal("out of memory");
}

/* ---- the page set ------------------------------------------------------ */

static size_t page_hash(uintptr_t p)
{
    return (size_t)((p >> 16) * 0x9E3779B97F4A7C15ull >> 20);
}

static void page_set_insert(uintptr_t p)
{
    if ((npages + 1) * 2 > page_set_cap) {
        size_t ncap = page_set_cap ? page_set_cap * 2 : 256;
        uintptr_t *nt = calloc(ncap, sizeof *nt);
        if (!nt)
            out_of_memory();
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
        char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            out_of_memory();
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

static inline void count(size_t n)
{
    bytes_since += n;
    total_allocated += n;
    if (UNLIKELY((bytes_since > threshold || stress) && enabled && !requested
                 && !collecting)) {
        requested = true;
        vm_request(EB_GC);
    }
}

static Obj *big_new(size_t size)
{
    if (nbigs == bigs_cap) {
        size_t ncap = bigs_cap ? bigs_cap * 2 : 64;
        Big *nb = realloc(bigs, ncap * sizeof *nb);
        if (!nb)
            out_of_memory();
        bigs = nb;
        bigs_cap = ncap;
    }
    size = (size + GRAIN - 1) & ~(size_t)(GRAIN - 1);
    char *p = aligned_alloc(GRAIN, size);
    if (!p)
        out_of_memory();
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
        o = big_new(size);
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
Obj *gc_new_data(Type *t, size_t head, size_t size)
{
    if (size <= MAX_SMALL || head >= size)
        return gc_new(t, size);
    Obj *o = big_new(size);
    size = bigs[nbigs - 1].size;
    memset(o, 0, head > sizeof(Obj) ? head : sizeof(Obj));
    o->type = t;
    count(size);
    return o;
}

void *mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    mem_bytes += size;
    count(size);
    return p;
}

void *mem_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    mem_bytes += n * size;
    count(n * size);
    return p;
}

void *mem_realloc(void *p, size_t old_size, size_t new_size)
{
    void *q = realloc(p, new_size ? new_size : 1);
    if (!q)
        out_of_memory();
    mem_bytes += new_size;
    mem_bytes -= old_size < mem_bytes ? old_size : mem_bytes;
    if (new_size > old_size)
        count(new_size - old_size);
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
        Obj **ns = realloc(mstack, ncap * sizeof *ns);
        if (!ns)
            out_of_memory();
        mstack = ns;
        mstack_cap = ncap;
    }
    mstack[msp++] = o;
}

void gc_mark_obj(Obj *o)
{
    if (!o)
        return;
    uint32_t f = o->gc_flags;
    if (UNLIKELY(f & GC_STATIC)) {
        if (f & GC_STATIC_SEEN)
            return;
        o->gc_flags = f | GC_STATIC_SEEN;
        if (nstatics_seen == statics_seen_cap) {
            size_t ncap = statics_seen_cap ? statics_seen_cap * 2 : 256;
            Obj **ns = realloc(statics_seen, ncap * sizeof *ns);
            if (!ns)
                out_of_memory();
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

NO_SANITIZE __attribute__((noinline)) static void scan_own_stack(void *base)
{
    jmp_buf regs;
    setjmp(regs);
    volatile char here = 0;
    const char *lo = (const char *)&here;
    if ((const char *)&regs < lo)
        lo = (const char *)&regs;
    gc_mark_conservative(&regs, (char *)&regs + sizeof regs);
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
}

/* ---- sweeping ------------------------------------------------------------- */

static void sweep(void)
{
    size_t live = 0;
    /* The untouched tails of fresh pages read as free slots: the loop
     * below threads them like any other. */
    for (size_t c = 0; c < NCLASS; c++) {
        freelist[c] = NULL;
        bump_ptr[c] = bump_end[c] = NULL;
    }
    for (Page *pg = pages; pg; pg = pg->next) {
        if (!pg->cls)
            continue; /* already in the empty pool */
        size_t size = pg->size, n = pg->nslots, nlive = 0;
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
    }
    nbigs = j;
    live_bytes = live;
}

void gc_collect(void)
{
    if (collecting)
        return;
    collecting = true;
    bigs_sort();
    msp = 0;
    mark_roots();
    for (size_t i = 0; i < nstatics_seen; i++)
        statics_seen[i]->gc_flags &= ~GC_STATIC_SEEN;
    nstatics_seen = 0;
    sweep();
    ncollections++;
    bytes_since = 0;
    requested = false;
    /* next collection after allocating twice the live heap (at least
     * MIN_THRESHOLD): the heap stays within ~3x of what is live */
    size_t live = live_bytes + mem_bytes;
    threshold = 2 * live > MIN_THRESHOLD ? 2 * live : MIN_THRESHOLD;
    vm_clear_request(EB_GC);
    collecting = false;
}

/* ---- roots, stats, init ---------------------------------------------------- */

static void add_root(void *slot, bool is_value)
{
    if (nroots == roots_cap) {
        size_t ncap = roots_cap ? roots_cap * 2 : 128;
        Root *nr = realloc(roots, ncap * sizeof *nr);
        if (!nr)
            out_of_memory();
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

void gc_init(void)
{
#ifdef BATON_STRESS_GC
    stress = true;
#endif
    const char *s = getenv("BATON_STRESS_GC");
    if (s && *s && strcmp(s, "0") != 0)
        stress = true;
    /* Only a fallback (main.c registers main's frame): glibc's start-up
     * stack pointer costs nothing, where pthread_getattr_np parses
     * /proc/self/maps for the main thread. */
    extern void *__libc_stack_end;
    main_stack_base = __libc_stack_end;
    /* Big objects come and go quickly (string building): keep freed memory
     * in malloc's heap instead of unmapping and faulting it in again. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}
