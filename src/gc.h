/* gc.h — the one allocator and the tracing garbage collector.
 *
 * Every object comes from gc_new(); every other block of memory an object
 * owns (list item arrays, dict tables, …) from mem_alloc/mem_realloc/
 * mem_free, so the collector can count all of it.
 *
 * Mark and sweep, non-moving.  Precise on the heap (each Type's trace slot
 * marks what an object holds), conservative on C stacks: every word on the
 * C stack of every interpreter thread that looks like a pointer into an
 * object (its start or interior) keeps that object alive.  That is why C
 * code may hold objects in locals across calls that run bytecode.
 *
 * A collection never starts inside gc_new: crossing the threshold only sets
 * EB_GC in the eval breaker, and the VM collects at its next safepoint
 * (a backward jump or a call), in the thread holding the GIL.  With the
 * stress-GC build option every allocation requests a collection.
 */
#ifndef BATON_GC_H
#define BATON_GC_H

#include "object.h"

/* A new zeroed object of `size` bytes whose header is set to type t. */
Obj *gc_new(Type *t, size_t size);
/* Like gc_new, but only the first `head` bytes are zeroed: for objects
 * whose tail is raw data the caller fills at once (str, bytes). */
Obj *gc_new_data(Type *t, size_t head, size_t size);
void *mem_alloc(size_t size);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t old_size, size_t new_size);
void mem_free(void *p, size_t size);
char *mem_strdup(const char *s);

/* Called from trace slots (and root marking). */
void gc_mark(Value v);
void gc_mark_obj(Obj *o);   /* NULL is allowed */
/* Mark every word in [start, end) that points at (or into) a live object;
 * anything else (ints, stale or freed pointers, junk) is ignored.  Used for
 * C stacks and for the unused tops of VM value stacks. */
void gc_mark_conservative(const void *start, const void *end);
/* Is p the start of a live object?  (For debugging checks.) */
bool gc_is_object(const void *p);

/* Run a full collection now.  Only from the GIL holder at a safepoint. */
void gc_collect(void);
/* Register a static Obj* / Value location as a root (module globals in C). */
void gc_add_root_obj(Obj **slot);
void gc_add_root_value(Value *slot);
/* Statistics for sys / gc module */
size_t gc_bytes_allocated(void);
size_t gc_collections(void);
/* Disable/enable automatic collection (gc.disable()). */
void gc_set_enabled(bool on);

/* Conservative stack scanning: each interpreter thread registers the top of
 * its C stack when it starts and saves its registers and stack pointer when
 * it releases the GIL (vm.h: Thread.gc_*). */
void gc_init(void);

#endif
