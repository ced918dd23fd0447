/* common.c — the few helpers every file may need. */
#include <stdarg.h>

#include "common.h"

void baton_fatal(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("baton: fatal internal error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
