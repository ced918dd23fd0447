/* signals.h — how OS signals reach scripts (modules/_signal.c). */
#ifndef BATON_SIGNALS_H
#define BATON_SIGNALS_H

#include "object.h"

/* Install the SIGINT handler (KeyboardInterrupt) and ignore SIGPIPE. */
void signal_init(void);
/* Some signal arrived and its handler has not run yet. */
bool signal_pending(void);
/* The script installed a handler of its own for some signal (one that
 * could run code that wakes a blocked thread).  Called with the GIL. */
bool signal_has_script_handler(void);
/* Run pending handlers (main thread only; elsewhere a no-op returning 0).
 * Returns -1 with the handler's exception (KeyboardInterrupt…) raised. */
int signal_run_pending(void);
void signal_reset_after_fork(void);
/* A blocking system call returned EINTR: run whatever the eval breaker
 * holds for signals now (KeyboardInterrupt in the main thread).  Returns
 * -1 with the exception raised, else 0 (the caller retries). */
int signal_interrupted(void);
/* A blocking system call failed with err (its errno, saved before the GIL
 * was re-taken): EINTR goes to signal_interrupted (0: retry the call);
 * anything else raises OSError for err.  Returns -1 with the exception. */
int signal_retry_or_raise(int err);
Value mod_signal_init(void);

#endif
