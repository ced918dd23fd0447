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
/* The same, but NULL (no exception set) when the system refuses: for sizes
 * that come from the program (item arrays, str/bytes data, tables), whose
 * caller then raises MemoryError (err_no_memory).  mem_try_realloc leaves
 * p as it was on failure.  The functions above never return NULL: when
 * memory runs out they spend the emergency reserve and the thread raises
 * MemoryError at its next safepoint (gc.c, docs/internals.md). */
Obj *gc_try_new_data(Type *t, size_t head, size_t size);
void *mem_try_alloc(size_t size);
void *mem_try_calloc(size_t n, size_t size);
void *mem_try_realloc(void *p, size_t old_size, size_t new_size);
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

/* Weak lists: a list registered here keeps none of its items alive when
 * its owner marks it with gc_mark_weak_list (instead of gc_mark); items
 * that die are removed from it at the next collection. */
void gc_register_weak_list(ObjList *l);
void gc_mark_weak_list(ObjList *l);
/* Weak references and finalization (see gc.c).  A weak reference object w
 * registers the slot holding its referent, which the collector does not
 * trace and sets to VNULL when the referent dies.  An object registered
 * with gc_register_finalizer is finalized once when found dead.  The
 * finalize function (weakref.c installs it) says whether a cleared weak
 * reference has a callback to run (check=true), and runs a weak
 * reference's callback or an object's finalizer (check=false); queued work
 * runs in gc_run_finalizers, after the collection. */
typedef bool (*GcFinalizeFn)(Obj *o, bool check);
void gc_register_weak(Obj *w, Value *referent_slot);
/* Call fn for every weak reference registered with gc_register_weak (a
 * few, where gc_for_each_object visits the whole heap). */
void gc_for_each_weak(void (*fn)(Obj *w, void *ctx), void *ctx);
/* Is any object registered for finalization, queued, or any weak
 * reference carrying a callback?  If not, a collection can run no code. */
bool gc_any_finalizer(void);
/* The same for a plain weak reference (one CPython shares: weakref.ref(o)
 * with no callback), which gc_find_plain_weak(referent) then finds in
 * O(1); *referent_slot must hold the referent already. */
void gc_register_plain_weak(Obj *w, Value *referent_slot);
Obj *gc_find_plain_weak(Obj *referent);
void gc_register_finalizer(Obj *o);
void gc_set_finalize_fn(GcFinalizeFn fn);
void gc_run_finalizers(void);
size_t gc_pending_finalizers(void);
/* At exit: queue every registered finalizer, alive or not (as CPython's
 * shutdown, which clears the modules' globals, runs most of them). */
void gc_queue_all_finalizers(void);
size_t gc_last_freed(void);   /* objects the last collection freed */
/* Call fn on every live object of the heap (gc.get_objects, and classes
 * that gain a __del__ after their instances exist). */
void gc_for_each_object(void (*fn)(Obj *o, void *ctx), void *ctx);
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
bool gc_is_enabled(void);
size_t gc_allocations_since(void);  /* gc.get_count()[0] */
/* Append what o references (its trace slot's marks) to the list out. */
int gc_referents(Value o, Value out);

/* Conservative stack scanning: each interpreter thread registers the top of
 * its C stack when it starts and saves its registers and stack pointer when
 * it releases the GIL (vm.h: Thread.gc_*). */
void gc_init(void);

#endif
