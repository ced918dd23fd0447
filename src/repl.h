/* repl.h — the interactive loop (repl.c), started by main.c when stdin is
 * a terminal and no script is given. */
#ifndef BATON_REPL_H
#define BATON_REPL_H

#include "object.h"

/* Read-eval-print in `globals` (the __main__ module's dict) until EOF or
 * SystemExit; returns the process exit status.  banner: print the version
 * line first (not under -q, nor after a script run with -i). */
int repl_run(ObjDict *globals, bool banner);

#endif
