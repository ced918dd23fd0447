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

/* err_write_unraisable (vm.h) with "<prefix><repr(obj)>". */
void err_write_unraisable_obj(const char *prefix, Value obj, Value exc);

/* The GC trace of ObjException, for types that extend its layout. */
void exc_trace(Obj *o);

/* ---- excgroup.c: BaseExceptionGroup, ExceptionGroup, except* ---------- */
extern Type *exc_BaseExceptionGroup, *exc_ExceptionGroup;
void excgroup_init(void);         /* called by exc_init */
bool excgroup_check(Value v);     /* isinstance(v, BaseExceptionGroup) */
ObjTuple *excgroup_exceptions(Value eg); /* eg.exceptions of a group */
/* BaseExceptionGroup(msg, excs): an ExceptionGroup when all are Exceptions. */
Value excgroup_new(Value msg, Value excs);
/* except*'s type check: TypeError for a non-exception class or a group type. */
int excgroup_check_star_type(Value type);
/* CHECK_EG_MATCH: split exc by type into *match (None: no match; a naked
 * exception that matches is wrapped in ExceptionGroup("", [exc])) and
 * *rest (None when all matched).  -1 on error. */
int excgroup_match(Value exc, Value type, Value *match, Value *rest);
/* PREP_RERAISE_STAR: what a try/except* re-raises, from the original
 * exception and the list of exceptions its clauses raised or re-raised (and
 * the unmatched rest); None for nothing. */
Value excgroup_prep_reraise(Value orig, Value excs);

/* Every exception type, for builtins_init to bind by name. */
typedef struct { const char *name; Type *type; } ExcEntryName;
int exc_all(const ExcEntryName **out); /* returns the count */

#endif
