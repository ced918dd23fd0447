/* mp.h — process support (mod_mp.c): fork with the interpreter's
 * bookkeeping, and the os functions built on it. */
#ifndef BATON_MP_H
#define BATON_MP_H

#include "object.h"

/* fork() after flushing stdio; the child resets threads, GIL, signals. */
Value mp_fork(void);
void mp_after_fork_child(void);
/* Add fork, waitpid, kill, _exit, W* helpers to the os module. */
void mp_add_os_functions(ObjModule *os);
Value mod_mp_init(void);

#endif
