/* modules/_random.h — the Mersenne Twister state of _random.Random, for the
 * one other user in the tree (modules/random.c, baton's C `random` module,
 * until CPython's Lib/random.py takes its place). */
#ifndef BATON_MODULES_RANDOM_H
#define BATON_MODULES_RANDOM_H

#include "object.h"

#define MT_N 624

typedef struct {
    Obj obj;
    int mti;            /* next word of mt to temper; MT_N: regenerate */
    uint32_t mt[MT_N];
} ObjRandom;

/* A new _random.Random seeded from the OS's entropy (as Random()). */
ObjRandom *random_state_new(void);
uint32_t random_genrand(ObjRandom *r);
double random_double(ObjRandom *r); /* [0, 1) with 53 random bits */
/* CPython's seeding: None from urandom, an int by its absolute value's
 * 32-bit words, anything else by its hash. */
int random_seed(ObjRandom *r, Value a);
Value random_getrandbits(ObjRandom *r, int64_t k); /* k >= 0 */

#endif
