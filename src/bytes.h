/* bytes.h — what bytes.c shares with bytearray.c and memoryview.c: one
 * implementation of the methods bytes and bytearray have in common (the
 * result is of self's type), the repr, comparisons and construction
 * helpers. */
#ifndef BATON_BYTES_H
#define BATON_BYTES_H
#include "object.h"

/* Methods common to bytes and bytearray (self is either). */
extern const MethodDef bytes_common_methods[];
/* b'...' body of a repr: prefix + quoted bytes + suffix. */
Value bytes_repr_data(const uint8_t *p, int64_t n, const char *prefix, const char *suffix);
/* Compare two byte strings: <0, 0, >0. */
int bytes_memcmp(const uint8_t *a, int64_t na, const uint8_t *b, int64_t nb);
/* op's result from a three-way comparison c */
Value bytes_cmp_result(int c, int op);
/* An int-like in range(256) (ValueError "byte must be in range(0, 256)"). */
int bytes_byte_value(Value v, uint8_t *out, const char *range_msg);
/* Fill out (n bytes) from a list/tuple of ints. */
int bytes_fill_from_ints(Value *items, int64_t n, uint8_t *out);
/* obj.hex(sep=None, bytes_per_sep=1) for any buffer obj (args after self). */
Value bytes_hex_impl(Value obj, Value *args, int nargs, ObjTuple *kw);
/* The bytes of bytes.fromhex(s) as a new object of type t. */
Value bytes_fromhex_impl(Type *t, Value s);
/* A new bytearray of len bytes, zeroed. */
Value bytearray_alloc(int64_t len);
/* bytes % args / bytearray % args; the result has type t. */
Value bytes_format(Type *t, const uint8_t *fmt, int64_t n, Value args);
/* The source argument of bytes()/bytearray() -> a new bytes (no encoding
 * argument).  tname names the type in messages. */
Value bytes_from_object(Value x, const char *tname);
/* A bytes object with v's __bytes__, or VNULL without error if it has none. */
Value bytes_call_dunder(Value v);

/* `item in data` (an int byte or a bytes-like), seq * n helpers. */
int bytes_contains_impl(const uint8_t *p, int64_t n, Value item);
int bytes_repeat_count(Value n, int64_t len, int64_t *out, bool *notimpl);
void bytes_repeat_into(uint8_t *dst, const uint8_t *src, int64_t len, int64_t k);

void bytearray_init(void);
void memoryview_init(void);
#endif
