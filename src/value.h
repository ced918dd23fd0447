/* value.h — the Value word.
 *
 * Every baton value is one 64-bit word:
 *   ...xxxx1   a small int: the word shifted right by one (63-bit signed).
 *   ...xxx00   a pointer to an Obj (objects are at least 8-byte aligned).
 *   0          VNULL: "no value".  Never visible to scripts; functions that
 *              return a Value return VNULL when they raised an exception
 *              (the exception is in the current thread, see vm.h), and
 *              empty local slots / empty cells hold VNULL.
 *
 * Ints that do not fit in 63 bits are ObjInt (GMP) objects; an int result
 * that fits in a small int is always returned as a small int, so two equal
 * ints are either both small or both big.  Floats are boxed (ObjFloat).
 * None, True and False are statically allocated objects.
 */
#ifndef BATON_VALUE_H
#define BATON_VALUE_H

#include "common.h"

typedef uint64_t Value;
typedef struct Obj Obj;

#define VNULL ((Value)0)

#define IS_INT(v) (((v) & 1) != 0)
#define AS_INT(v) ((int64_t)(v) >> 1)
#define MK_INT(i) ((Value)(((uint64_t)(int64_t)(i) << 1) | 1u))
#define SMALLINT_MAX (INT64_MAX >> 1)
#define SMALLINT_MIN (INT64_MIN >> 1)
#define FITS_SMALLINT(i) ((i) >= SMALLINT_MIN && (i) <= SMALLINT_MAX)

#define IS_OBJ(v) (((v) & 1) == 0 && (v) != VNULL)
#define AS_OBJ(v) ((Obj *)(uintptr_t)(v))
#define OBJ_VAL(o) ((Value)(uintptr_t)(o))

#endif
