/* objcore.h — what object.c exports beyond object.h: the C-stack guard
 * that turns runaway C recursion into RecursionError instead of a crash.
 * The parser, compiler and VM may use it for their own recursion too. */
#ifndef BATON_OBJCORE_H
#define BATON_OBJCORE_H

#include "object.h"

/* True when the current thread's C stack is nearly used up (less than
 * ~256 KiB left); cheap enough for every recursive call (inline: a
 * thread-local load and a compare). */
extern _Thread_local uintptr_t obj_stack_floor;
void obj_stack_floor_init(void);
static inline bool obj_stack_low(void)
{
    char here;
    if (UNLIKELY(!obj_stack_floor))
        obj_stack_floor_init();
    return (uintptr_t)&here < obj_stack_floor;
}
/* obj_stack_low() and, if so, raise RecursionError "maximum recursion depth
 * exceeded<where>" (where e.g. " while calling a Python object") and
 * return -1; else 0. */
int obj_enter(const char *where);

#endif
