/* str.h — what the number and string files (int.c, float.c, str.c,
 * strformat.c, bytes.c) export beyond object.h.
 *
 * object.h declares the common constructors and protocols; this header adds
 * the pieces builtins, sys, math and the VM need from the numeric and
 * string types: the GC hook for the intern table, one-character strings,
 * UTF-8 helpers, divmod/pow/round, and the int string-conversion limit.
 */
#ifndef BATON_STR_H
#define BATON_STR_H

#include "object.h"

/* ---- int.c ------------------------------------------------------------ */
/* sys.set_int_max_str_digits / get_int_max_str_digits (0 = no limit). */
extern int64_t int_max_str_digits;
/* pow(a, b, m) for three ints (TypeError if any is not an int). */
Value int_powmod(Value a, Value b, Value m);
/* Is v an int or a bool (small, big or True/False)? */
bool int_check(Value v);
/* v (an int or bool) as a small/big int: True -> 1. */
Value int_exact(Value v);
/* round(v, ndigits) for an int (ndigits an int). */
Value int_round(Value v, Value ndigits);

/* ---- float.c ---------------------------------------------------------- */
/* divmod(a, b) for ints and floats; NotImplemented for other types. */
Value num_divmod(Value a, Value b);
/* round(x) (ndigits VNULL or None -> int) and round(x, n) -> float. */
Value float_round(double x, Value ndigits);
/* Parse a float literal the way float(str) does (whitespace, underscores,
 * inf/nan); ValueError "could not convert string to float: 'x'". */
Value float_from_str(const char *s, size_t len);
/* int -> double with CPython's rounding; OverflowError "int too large to
 * convert to float". */
int int_as_double(Value v, double *out);

/* ---- str.c ------------------------------------------------------------ */
/* The interned-string table is a GC root: gc.c (or vm_mark_roots) must call
 * this on every collection. */
void str_mark_interned(void);
/* The one-character string for code point cp (cached for ASCII). */
Value str_from_cp(uint32_t cp);
/* The empty string. */
Value str_empty(void);
/* UTF-8: decode the code point at p (n bytes available); *len gets its
 * length in bytes (1 for invalid bytes). */
uint32_t utf8_decode(const char *p, size_t n, int *len);
/* Encode cp into out (4 bytes), return the length. */
int utf8_encode(uint32_t cp, char *out);
/* Byte offset of code point i in s (0 <= i <= ncp). */
int64_t str_byte_offset(ObjStr *s, int64_t i);
/* Python's str.isprintable for one code point (used by repr). */
bool str_cp_printable(uint32_t cp);
/* Replace the native `name` in t's dict by a staticmethod/classmethod
 * wrapping it (wrapper is &type_staticmethod or &type_classmethod). */
void str_wrap_method(Type *t, const char *name, Type *wrapper);
/* Add a read-only property computed by fget(self) to t's dict. */
/* str.format(*args, **kwargs) (strformat.c), used as the str method. */
Value str_format_method(Value *args, int nargs, ObjTuple *kwnames);
/* The format-spec helpers for ints and floats (strformat.c). */
Value strformat_int(Value v, ObjStr *spec);
Value strformat_float(double d, ObjStr *spec);
Value strformat_str(Value s, ObjStr *spec);
/* bytes % args over a latin-1 view of the bytes (bytes.c) */
Value strformat_bytes_mod(Value fmt, Value args);

/* ---- bytes.c ---------------------------------------------------------- */
/* decode bytes with an encoding name (utf-8, ascii, latin-1) and errors
 * (strict, ignore, replace); UnicodeDecodeError as CPython words it. */
Value bytes_decode(const uint8_t *s, size_t len, const char *encoding,
                   const char *errors);
/* str.encode: -> bytes, UnicodeEncodeError / LookupError. */
Value str_encode(ObjStr *s, const char *encoding, const char *errors);

#endif
