/* exceptions.h — what exceptions.c exports beyond vm.h's exc_* pointers:
 * a few extra exception types, a C-level attribute descriptor other C types
 * can reuse, and helpers that build the exceptions with structured
 * attributes (UnicodeDecodeError, OSError). */
#ifndef BATON_EXCEPTIONS_H
#define BATON_EXCEPTIONS_H

#include "vm.h"

/* Exception types not listed in vm.h (same lifetime: built by exc_init). */
extern Type *exc_NotADirectoryError, *exc_BlockingIOError,
    *exc_ConnectionRefusedError, *exc_ConnectionResetError,
    *exc_ConnectionAbortedError, *exc_SystemError, *exc_ReferenceError,
    *exc_FloatingPointError, *exc_UnicodeTranslateError, *exc_Warning,
    *exc_UserWarning, *exc_DeprecationWarning, *exc_RuntimeWarning;

/* A "getset_descriptor": a data descriptor backed by C functions.  get gets
 * the instance; set gets the instance and the new value (VNULL: delete);
 * set NULL makes the attribute read-only.  The caller adds it to a type's
 * dict. */
typedef Value (*GetterFn)(Value self);
typedef int (*SetterFn)(Value self, Value v);
Value exc_getset_new(const char *name, GetterFn get, SetterFn set);
void exc_add_getset(Type *t, const char *name, GetterFn get, SetterFn set);

/* Raise UnicodeDecodeError('utf-8', data, start, end, reason). */
Value exc_unicode_decode(const char *encoding, const uint8_t *data, size_t len,
                         size_t start, size_t end, const char *reason);
/* err_format's engine returning the string instead of raising (error.c). */
Value err_format_str(const char *fmt, ...);

/* Every exception type, for builtins_init to bind by name. */
typedef struct { const char *name; Type *type; } ExcEntryName;
int exc_all(const ExcEntryName **out); /* returns the count */

#endif
