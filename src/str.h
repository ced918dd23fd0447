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
/* v (a str or an instance of a str subclass) as an exact str. */
Value str_exact(Value v);
/* The empty string. */
Value str_empty(void);
/* UTF-8: decode the code point at p (n bytes available); *len gets its
 * length in bytes (1 for invalid bytes). */
uint32_t utf8_decode(const char *p, size_t n, int *len);
/* Is p[0..len) baton's internal form of a str: UTF-8 that may also hold
 * lone surrogates (ED A0 80 .. ED BF BF)?  utf8_valid (object.h) is real
 * UTF-8, without them. */
bool str_valid_internal(const char *p, size_t len);
/* Encode cp into out (4 bytes), return the length. */
int utf8_encode(uint32_t cp, char *out);
/* Byte offset of code point i in s (0 <= i <= ncp). */
int64_t str_byte_offset(ObjStr *s, int64_t i);
/* The code points of s as a mem_alloc'd array of s->ncp + 1 entries
 * (free with mem_free(a, (s->ncp + 1) * 4)), and back. */
uint32_t *str_code_points(ObjStr *s);
Value str_from_code_points(const uint32_t *a, size_t n);
/* The ASCII text int()/float() parse for s: Unicode spaces as ' ',
 * decimal digits as '0'..'9', other non-ASCII as '?'. */
Value str_numeric_ascii(ObjStr *s);
/* str.isidentifier(): XID_Start or '_', then XID_Continue. */
bool str_isidentifier(ObjStr *s);
/* Replace the native `name` in t's dict by a staticmethod/classmethod
 * wrapping it (wrapper is &type_staticmethod or &type_classmethod). */
void str_wrap_method(Type *t, const char *name, Type *wrapper);
/* Add a read-only property computed by fget(self) to t's dict. */
/* A str.format template, piece by piece (strformat.c; _string.formatter_parser
 * too): literal text, then maybe a field {name!conv:spec}.  Pointers into
 * the template. */
typedef struct {
    const char *lit;
    size_t lit_len;
    bool field;          /* a replacement field follows the literal */
    const char *name;    /* the field name (may be empty) */
    size_t name_len;
    const char *conv;    /* after '!': one character (conv_len bytes), or NULL */
    size_t conv_len;
    uint32_t conv_cp;
    bool has_spec;       /* a ':' was present */
    bool spec_nested;    /* the spec holds {fields} of its own */
    const char *spec;
    size_t spec_len;
} FmtPiece;
/* From *pos (advanced): 1 a piece, 0 the end, -1 ValueError (CPython's). */
int fmt_next_piece(const char *s, size_t len, size_t *pos, FmtPiece *out);
/* A field name: its first part (up to '.' or '[') is s[0..*first_len);
 * returns it as an index, -1 when it is not all digits, -2 ValueError. */
int64_t fmt_field_first(const char *s, size_t len, size_t *first_len);
/* The rest, from *pos (advanced): ".attr" or "[key]" (index >= 0 when the
 * key is all digits).  1 a part, 0 the end, -1 ValueError. */
typedef struct {
    bool is_attr;
    const char *name;
    size_t name_len;
    int64_t index;
} FmtPart;
int fmt_field_next(const char *s, size_t len, size_t *pos, FmtPart *out);

/* str.format(*args, **kwargs) (strformat.c), used as the str method. */
Value str_format_method(Value *args, int nargs, ObjTuple *kwnames);
/* The format-spec helpers for ints and floats (strformat.c). */
Value strformat_int(Value v, ObjStr *spec);
Value strformat_float(double d, ObjStr *spec);
Value strformat_str(Value s, ObjStr *spec);
/* bytes % args over a latin-1 view of the bytes (bytes.c) */
Value strformat_bytes_mod(Value fmt, Value args);

/* ---- bytes.c ---------------------------------------------------------- */
/* bytes.decode / str.encode: the codecs of codec.c by name, then the
 * codec registry; UnicodeDecodeError/EncodeError as CPython words them. */
Value bytes_decode(const uint8_t *s, size_t len, const char *encoding,
                   const char *errors);
/* str.encode: -> bytes, UnicodeEncodeError / LookupError. */
Value str_encode(ObjStr *s, const char *encoding, const char *errors);

#endif
