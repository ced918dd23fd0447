/* modules/_random.c — the _random module: the Random type that CPython's
 * Lib/random.py subclasses (`class Random(_random.Random)`).
 *
 * Each instance is one MT19937 generator.  Everything is bit for bit
 * CPython's: seeding runs init_by_array over the 32-bit words of the
 * seed's absolute value (least significant first; hash(seed) for a
 * non-int, which random.py only passes for floats: it turns str and bytes
 * into ints itself), random() combines two outputs into 53 bits,
 * getrandbits(k) fills 32-bit words from the least significant end, and
 * getstate()/setstate() use the 625-tuple (the 624 words and the index).
 *
 * As in CPython, __new__ only allocates (a zeroed state) and __init__
 * seeds, so a subclass with its own __init__ (random.Random) decides how.
 */
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "_random.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"

#define MT_M 397

static Type type_random;

static void init_genrand(ObjRandom *r, uint32_t s)
{
    uint32_t *mt = r->mt;
    mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    r->mti = MT_N;
}

static void init_by_array(ObjRandom *r, const uint32_t *key, size_t len)
{
    uint32_t *mt = r->mt;
    init_genrand(r, 19650218u);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > len ? MT_N : len; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000u;
}

uint32_t random_genrand(ObjRandom *r)
{
    static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
    uint32_t *mt = r->mt, y;
    if (r->mti >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
        }
        y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
        r->mti = 0;
    }
    y = mt[r->mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

double random_double(ObjRandom *r)
{
    uint32_t a = random_genrand(r) >> 5, b = random_genrand(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* ---- seeding ---------------------------------------------------------- */

static int seed_from_mpz(ObjRandom *r, mpz_t n)
{
    size_t bits = mpz_sgn(n) ? mpz_sizeinbase(n, 2) : 0;
    size_t words = bits == 0 ? 1 : (bits - 1) / 32 + 1;
    uint32_t *key = calloc(words, sizeof(uint32_t));
    if (!key) {
        err_no_memory();
        return -1;
    }
    size_t count = 0;
    mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, n);
    init_by_array(r, key, words);
    free(key);
    return 0;
}

static void seed_urandom(ObjRandom *r)
{
    uint32_t key[MT_N];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom((char *)key + got, sizeof key - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof key) { /* no entropy source: time and pid, as CPython */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        key[0] = (uint32_t)ts.tv_sec;
        key[1] = (uint32_t)ts.tv_nsec;
        key[2] = (uint32_t)getpid();
        init_by_array(r, key, 3);
        return;
    }
    init_by_array(r, key, MT_N);
}

int random_seed(ObjRandom *r, Value a)
{
    if (!a || IS_NONE(a)) {
        seed_urandom(r);
        return 0;
    }
    mpz_t n;
    mpz_init(n);
    if (int_check(a)) {
        int_to_mpz(int_exact(a), n);
        mpz_abs(n, n);
    } else {
        int64_t h;
        if (obj_hash(a, &h) < 0) {
            mpz_clear(n);
            return -1;
        }
        mpz_import(n, 1, -1, sizeof(uint64_t), 0, 0, &(uint64_t){(uint64_t)h});
    }
    int rc = seed_from_mpz(r, n);
    mpz_clear(n);
    return rc;
}

Value random_getrandbits(ObjRandom *r, int64_t k)
{
    if (k <= 32)
        return MK_INT(k == 0 ? 0 : random_genrand(r) >> (32 - k));
    if (k <= 62) {
        uint64_t lo = random_genrand(r);
        uint64_t hi = random_genrand(r) >> (64 - k);
        return MK_INT((int64_t)(lo | hi << 32));
    }
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = malloc(words * sizeof(uint32_t));
    if (!w)
        return err_no_memory();
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t x = random_genrand(r);
        if (k < 32)
            x >>= (32 - k);
        w[i] = x;
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, w);
    free(w);
    Value v = int_from_mpz(z);
    mpz_clear(z);
    return v;
}

static void random_ready(void);

ObjRandom *random_state_new(void)
{
    random_ready();
    ObjRandom *r = (ObjRandom *)type_alloc(&type_random, sizeof(ObjRandom));
    seed_urandom(r);
    return r;
}

/* ---- the type ----------------------------------------------------------- */

#define SELF ((ObjRandom *)AS_OBJ(args[0]))

/* Random(seed=None): __init__'s argument rules, which apply to the type
 * itself and to subclasses that keep its __init__. */
static int init_args(int nargs, ObjTuple *kw)
{
    if (kw && kw->len) {
        err_set(exc_TypeError, "Random() takes no keyword arguments");
        return -1;
    }
    if (nargs > 1) {
        err_set(exc_TypeError, "Random() requires 0 or 1 argument");
        return -1;
    }
    return 0;
}

static Value random_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    ObjRandom *r = (ObjRandom *)type_alloc(t, sizeof(ObjRandom));
    if (t != &type_random) /* a subclass: its __init__ (maybe ours) seeds */
        return OBJ_VAL(r);
    if (init_args(nargs, kw) < 0 || random_seed(r, nargs ? args[0] : VNULL) < 0)
        return VNULL;
    return OBJ_VAL(r);
}

static Value m_init(Value *args, int nargs, ObjTuple *kw)
{
    if (init_args(nargs - 1, kw) < 0 || random_seed(SELF, nargs > 1 ? args[1] : VNULL) < 0)
        return VNULL;
    return NONE;
}

static Value m_random(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("Random.random", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return float_new(random_double(SELF));
}

static Value m_seed(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "Random.seed() takes no keyword arguments");
    if (args_check("seed", nargs - 1, NULL, 0, 1) < 0)
        return VNULL;
    return random_seed(SELF, nargs > 1 ? args[1] : VNULL) < 0 ? VNULL : NONE;
}

static Value m_getrandbits(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("Random.getrandbits", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int64_t k;
    if (obj_as_int64(args[1], &k) < 0 || k > INT32_MAX || k < INT32_MIN) {
        if (err_occurred() && !err_matches(exc_OverflowError))
            return VNULL;
        err_clear();
        return err_set(exc_OverflowError, "Python int too large to convert to C int");
    }
    if (k < 0)
        return err_set(exc_ValueError, "number of bits must be non-negative");
    return random_getrandbits(SELF, k);
}

static Value m_getstate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("Random.getstate", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjRandom *r = SELF;
    Value t = tuple_new(MT_N + 1);
    if (!t)
        return VNULL;
    for (int i = 0; i < MT_N; i++)
        AS_TUPLE(t)->items[i] = MK_INT(r->mt[i]);
    AS_TUPLE(t)->items[MT_N] = MK_INT(r->mti);
    return t;
}

/* One word of a state vector: CPython's PyLong_AsUnsignedLong, cut to 32
 * bits. */
static int state_word(Value v, uint32_t *out)
{
    if (!int_check(v)) {
        err_set(exc_TypeError, "an integer is required");
        return -1;
    }
    v = int_exact(v);
    if (int_sign(v) < 0) {
        err_set(exc_OverflowError, "can't convert negative value to unsigned int");
        return -1;
    }
    if (IS_INT(v)) {
        *out = (uint32_t)AS_INT(v);
        return 0;
    }
    if (mpz_sizeinbase(AS_BIGINT(v)->z, 2) > 64) {
        err_set(exc_OverflowError, "Python int too large to convert to C unsigned long");
        return -1;
    }
    *out = (uint32_t)mpz_getlimbn(AS_BIGINT(v)->z, 0);
    return 0;
}

static Value m_setstate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("Random.setstate", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value s = args[1];
    if (!TUPLE_CHECK(s))
        return err_set(exc_TypeError, "state vector must be a tuple");
    ObjTuple *t = AS_TUPLE(s);
    if (t->len != MT_N + 1)
        return err_set(exc_ValueError, "state vector is the wrong size");
    uint32_t words[MT_N];
    for (int i = 0; i < MT_N; i++)
        if (state_word(t->items[i], &words[i]) < 0)
            return VNULL;
    int64_t index;
    if (obj_as_int64(t->items[MT_N], &index) < 0) {
        if (err_matches(exc_OverflowError)) {
            err_clear();
            err_set(exc_OverflowError, "Python int too large to convert to C long");
        }
        return VNULL;
    }
    if (index < 0 || index > MT_N)
        return err_set(exc_ValueError, "invalid state");
    ObjRandom *r = SELF;
    memcpy(r->mt, words, sizeof words);
    r->mti = (int)index;
    return NONE;
}

static const MethodDef random_methods[] = {
    {"__init__", m_init},       {"random", m_random},     {"seed", m_seed},
    {"getstate", m_getstate},   {"setstate", m_setstate}, {"getrandbits", m_getrandbits},
    {NULL, NULL},
};

static Type type_random = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_random.Random", /* tp_name, for messages; __name__ is "Random" */
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjRandom),
    .tp_new = random_tp_new,
};

static void random_ready(void)
{
    if (!type_random.module) {
        type_random.module = str_intern_cstr("_random");
        type_random.name_str = str_intern_cstr("Random");
        type_ready(&type_random, random_methods);
    }
}

Value mod__random_init(void)
{
    random_ready();
    Value mv = module_new(str_intern_cstr("_random"));
    if (!mv)
        return VNULL;
    module_add(AS_MODULE(mv), "Random", OBJ_VAL(&type_random));
    return mv;
}
