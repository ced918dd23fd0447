/* common.h — what every baton source file includes first.
 *
 * Build switches live here (set by meson options, see meson_options.txt):
 *   BATON_STRESS_GC     collect at the first safepoint after every allocation
 *                       (every Nth once the live heap passes 4 MiB: gc.c)
 *   BATON_TRACE_EXEC    print every instruction as it executes (very slow)
 *   BATON_COMPUTED_GOTO dispatch with computed goto instead of a switch
 */
#ifndef BATON_COMMON_H
#define BATON_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATON_VERSION "0.1.0"
/* The Python version whose semantics baton follows. */
#define BATON_PY_VERSION "3.11"

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define UNUSED __attribute__((unused))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#define NORETURN
#define UNUSED
#define PRINTF_LIKE(f, a)
#endif

/* An internal invariant broke: print and abort.  Never used for user errors. */
NORETURN void baton_fatal(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
