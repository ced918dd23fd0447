/* objcore.h — what object.c exports beyond object.h: the C-stack guard
 * that turns runaway C recursion into RecursionError instead of a crash.
 * The parser, compiler and VM may use it for their own recursion too. */
#ifndef BATON_OBJCORE_H
#define BATON_OBJCORE_H

#include "object.h"

/* True when the current thread's C stack is nearly used up (less than
 * ~256 KiB left); cheap enough for every recursive call. */
bool obj_stack_low(void);
/* obj_stack_low() and, if so, raise RecursionError "maximum recursion depth
 * exceeded<where>" (where e.g. " while calling a Python object") and
 * return -1; else 0. */
int obj_enter(const char *where);

#endif
