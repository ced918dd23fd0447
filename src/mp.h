/* mp.h — process support (modules/_mp.c): fork with the interpreter's
 * bookkeeping, and the os functions built on it. */
#ifndef BATON_MP_H
#define BATON_MP_H

#include "object.h"

/* fork(); the child resets threads, GIL, signals.  Python-level buffers
 * are not flushed (os.fork does not flush them in CPython either);
 * mp_flush_std flushes sys.stdout and sys.stderr, as multiprocessing
 * does before it forks. */
Value mp_fork(void);
void mp_flush_std(void);
void mp_after_fork_child(void);
Value mod_mp_init(void);

#endif
