/* mod_random.c — the random module, bit-for-bit CPython's generator.
 *
 * The core is MT19937 seeded with CPython's init_by_array from the 32-bit
 * words of abs(seed) (hash(seed) for non-int seeds); random() combines two
 * outputs into 53 bits; getrandbits fills little-endian 32-bit words; and
 * the Python-level algorithms of Lib/random.py (randbelow by rejection on
 * n.bit_length() bits, randrange, shuffle, choice, sample, choices, gauss…)
 * are repeated step for step, so that after random.seed(42) every function
 * returns exactly what python3 returns.  Known difference: str/bytes seeds
 * are hashed instead of CPython's sha512 expansion.
 */
#include <math.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "containers.h"
#include "exceptions.h"
#include "str.h"

#define MT_N 624
#define MT_M 397

static uint32_t mt[MT_N];
static int mti = MT_N + 1;
static double gauss_next;
static bool have_gauss_next;

static void init_genrand(uint32_t s)
{
    mt[0] = s;
    for (mti = 1; mti < MT_N; mti++)
        mt[mti] = 1812433253u * (mt[mti - 1] ^ (mt[mti - 1] >> 30)) + (uint32_t)mti;
}

static void init_by_array(const uint32_t *key, size_t len)
{
    init_genrand(19650218u);
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
    mti = MT_N;
}

static uint32_t genrand(void)
{
    static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
    uint32_t y;
    if (mti >= MT_N) {
        if (mti == MT_N + 1)
            init_genrand(5489u);
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
        mti = 0;
    }
    y = mt[mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

static double rand_double(void)
{
    uint32_t a = genrand() >> 5, b = genrand() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* ---- seeding ---------------------------------------------------------- */

static void seed_from_mpz(mpz_t n)
{
    size_t bits = mpz_sgn(n) ? mpz_sizeinbase(n, 2) : 0;
    size_t words = bits == 0 ? 1 : (bits - 1) / 32 + 1;
    uint32_t *key = calloc(words, sizeof(uint32_t));
    if (!key)
        return;
    size_t count = 0;
    mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, n);
    init_by_array(key, words);
    free(key);
}

static void seed_urandom(void)
{
    uint32_t key[MT_N];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t r = getrandom((char *)key + got, sizeof key - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got < sizeof key) { /* no entropy source: time and pid */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        key[0] = (uint32_t)ts.tv_sec;
        key[1] = (uint32_t)ts.tv_nsec;
        key[2] = (uint32_t)getpid();
        init_by_array(key, 3);
        return;
    }
    init_by_array(key, MT_N);
}

static int do_seed(Value a)
{
    have_gauss_next = false;
    if (!a || IS_NONE(a)) {
        seed_urandom();
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
    seed_from_mpz(n);
    mpz_clear(n);
    return 0;
}

/* ---- bits and ranges ---------------------------------------------------- */

static uint64_t bits_u64(int k) /* 0 < k <= 64 */
{
    if (k <= 32)
        return genrand() >> (32 - k);
    uint64_t lo = genrand();
    uint64_t hi = genrand() >> (64 - k);
    return lo | hi << 32;
}

static Value bits_value(int64_t k)
{
    if (k == 0)
        return MK_INT(0);
    if (k <= 62)
        return MK_INT((int64_t)bits_u64((int)k));
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = malloc(words * sizeof(uint32_t));
    if (!w)
        return err_no_memory();
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t r = genrand();
        if (k < 32)
            r >>= (32 - k);
        w[i] = r;
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, w);
    free(w);
    Value v = int_from_mpz(z);
    mpz_clear(z);
    return v;
}

static int bit_length(Value n)
{
    if (IS_INT(n)) {
        uint64_t u = (uint64_t)AS_INT(n);
        return u ? 64 - __builtin_clzll(u) : 0;
    }
    return (int)mpz_sizeinbase(AS_BIGINT(n)->z, 2);
}

/* A random int in [0, n), n > 0, by rejection as Lib/random.py does. */
static Value randbelow(Value n)
{
    int k = bit_length(n);
    if (IS_INT(n)) {
        uint64_t lim = (uint64_t)AS_INT(n), r = bits_u64(k);
        while (r >= lim)
            r = bits_u64(k);
        return MK_INT((int64_t)r);
    }
    for (;;) {
        Value r = bits_value(k);
        if (!r)
            return VNULL;
        if (int_cmp(r, n) < 0)
            return r;
    }
}

static int64_t randbelow_i64(int64_t n)
{
    return AS_INT(randbelow(MK_INT(n)));
}

/* ---- module functions --------------------------------------------------- */

static Value m_seed(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"a", "version", NULL};
    Value a[2];
    if (args_parse("seed", args, nargs, kw, params, 0, 2, a) < 0)
        return VNULL;
    return do_seed(a[0]) < 0 ? VNULL : NONE;
}

static Value m_random(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("random", nargs, kw, 0, 0) < 0)
        return VNULL;
    return float_new(rand_double());
}

static Value m_getrandbits(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getrandbits", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t k;
    if (IS_FLOAT(args[0]))
        return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
    if (obj_as_int64(args[0], &k) < 0)
        return VNULL;
    if (k < 0)
        return err_set(exc_ValueError, "number of bits must be non-negative");
    return bits_value(k);
}

/* randrange's int arguments: floats with integral values still pass
 * (deprecated in 3.11), others are ValueError. */
static Value range_arg(Value v, int pos)
{
    if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v);
        if (d != floor(d) || !isfinite(d))
            return err_format(exc_ValueError, "non-integer %s for randrange()",
                              pos == 1 ? "arg 1" : pos == 2 ? "stop" : "step");
        return int_from_double(d);
    }
    if (int_check(v))
        return int_exact(v);
    return obj_index(v);
}

static Value randrange(Value start, Value stop, Value step)
{
    Value istart = range_arg(start, 1);
    if (!istart)
        return VNULL;
    if (!stop || IS_NONE(stop)) {
        if (step && !(IS_INT(step) && AS_INT(step) == 1))
            return err_set(exc_TypeError, "Missing a non-None stop argument");
        if (int_sign(istart) > 0)
            return randbelow(istart);
        return err_set(exc_ValueError, "empty range for randrange()");
    }
    Value istop = range_arg(stop, 2);
    if (!istop)
        return VNULL;
    Value width = int_sub(istop, istart);
    if (!width)
        return VNULL;
    Value istep = step ? range_arg(step, 3) : MK_INT(1);
    if (!istep)
        return VNULL;
    if (IS_INT(istep) && AS_INT(istep) == 1) {
        if (int_sign(width) > 0) {
            Value r = randbelow(width);
            return r ? int_add(istart, r) : VNULL;
        }
        return err_format(exc_ValueError, "empty range for randrange() (%S, %S, %S)", istart, istop,
                          width);
    }
    int s = int_sign(istep);
    if (s == 0)
        return err_set(exc_ValueError, "zero step for randrange()");
    Value num = int_add(width, int_add(istep, MK_INT(s > 0 ? -1 : 1)));
    if (!num)
        return VNULL;
    Value n = obj_binop(num, istep, NB_FLOORDIV);
    if (!n)
        return VNULL;
    if (int_sign(n) <= 0)
        return err_set(exc_ValueError, "empty range for randrange()");
    Value r = randbelow(n);
    if (!r)
        return VNULL;
    return int_add(istart, int_mul(istep, r));
}

static Value m_randrange(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"start", "stop", "step", NULL};
    Value a[3];
    if (args_parse("randrange", args, nargs, kw, params, 1, 3, a) < 0)
        return VNULL;
    return randrange(a[0], a[1], a[2]);
}

static Value m_randint(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"a", "b", NULL};
    Value a[2];
    if (args_parse("randint", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    Value b1 = obj_binop(a[1], MK_INT(1), NB_ADD);
    if (!b1)
        return VNULL;
    return randrange(a[0], b1, VNULL);
}

static Value m_choice(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("choice", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t n = obj_len(args[0]);
    if (n < 0)
        return VNULL;
    if (n == 0)
        return err_set(exc_IndexError, "Cannot choose from an empty sequence");
    int64_t i = randbelow_i64(n);
    if (IS_LIST(args[0]))
        return AS_LIST(args[0])->items[i];
    return obj_getitem(args[0], MK_INT(i));
}

static Value m_shuffle(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("shuffle", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value x = args[0];
    int64_t n = obj_len(x);
    if (n < 0)
        return VNULL;
    for (int64_t i = n - 1; i >= 1; i--) {
        int64_t j = randbelow_i64(i + 1);
        if (IS_LIST(x) && AS_LIST(x)->len == n) {
            Value *it = AS_LIST(x)->items, t = it[i];
            it[i] = it[j];
            it[j] = t;
            continue;
        }
        Value a = obj_getitem(x, MK_INT(j)), b = a ? obj_getitem(x, MK_INT(i)) : VNULL;
        if (!b || obj_setitem(x, MK_INT(i), a) < 0 || obj_setitem(x, MK_INT(j), b) < 0)
            return VNULL;
    }
    return NONE;
}

static Value m_uniform(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("uniform", nargs, kw, 2, 2) < 0)
        return VNULL;
    double a, b;
    if (num_to_double(args[0], &a) < 0 || num_to_double(args[1], &b) < 0)
        return VNULL;
    return float_new(a + (b - a) * rand_double());
}

static Value m_sample(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"population", "k", "counts", NULL};
    Value a[3];
    if (args_parse("sample", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    Value pop = a[0];
    if (IS_ANYSET(pop) || IS_DICT(pop) || !TYPE(pop)->getitem || !TYPE(pop)->len)
        return err_set(exc_TypeError,
                       "Population must be a sequence.  For dicts or sets, use sorted(d).");
    if (a[2] && !IS_NONE(a[2]))
        return err_set(exc_NotImplementedError, "sample(): counts is not supported");
    int64_t n = obj_len(pop), k;
    if (n < 0 || obj_as_int64(a[1], &k) < 0)
        return VNULL;
    if (k < 0 || k > n)
        return err_set(exc_ValueError, "Sample larger than population or is negative");
    Value result = list_new(k);
    if (!result)
        return VNULL;
    int64_t setsize = 21;
    if (k > 5)
        setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    if (n <= setsize) {
        Value pool = obj_to_list(pop);
        if (!pool)
            return VNULL;
        if (pool == pop && !(pool = list_from(AS_LIST(pop)->items, AS_LIST(pop)->len)))
            return VNULL;
        for (int64_t i = 0; i < k; i++) {
            int64_t j = randbelow_i64(n - i);
            Value *p = AS_LIST(pool)->items;
            AS_LIST(result)->items[i] = p[j];
            p[j] = p[n - i - 1];
        }
    } else {
        Value selected = set_new(&type_set);
        if (!selected)
            return VNULL;
        for (int64_t i = 0; i < k; i++) {
            int64_t j = randbelow_i64(n);
            int c;
            while ((c = set_contains(selected, MK_INT(j))) == 1)
                j = randbelow_i64(n);
            if (c < 0 || set_add(selected, MK_INT(j)) < 0)
                return VNULL;
            Value v = obj_getitem(pop, MK_INT(j));
            if (!v)
                return VNULL;
            AS_LIST(result)->items[i] = v;
        }
    }
    return result;
}

/* bisect_right(a, x, 0, hi) on a list of floats-or-ints */
static int64_t bisect_right(Value cum, double x, int64_t hi)
{
    int64_t lo = 0;
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        double v;
        num_to_double(AS_LIST(cum)->items[mid], &v);
        if (x < v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static Value m_choices(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"population", "weights", "cum_weights", "k", NULL};
    Value a[4];
    if (args_parse("choices", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    Value pop = a[0];
    int64_t n = obj_len(pop), k = 1;
    if (n < 0 || (a[3] && obj_as_int64(a[3], &k) < 0))
        return VNULL;
    Value out = list_new(0);
    if (!out)
        return VNULL;
    Value weights = a[1] && !IS_NONE(a[1]) ? a[1] : VNULL;
    Value cum = a[2] && !IS_NONE(a[2]) ? a[2] : VNULL;
    if (!cum) {
        if (!weights) {
            double fn = (double)n;
            for (int64_t i = 0; i < k; i++) {
                Value v = obj_getitem(pop, MK_INT((int64_t)floor(rand_double() * fn)));
                if (!v || list_append(out, v) < 0)
                    return VNULL;
            }
            return out;
        }
        Value w = obj_to_list(weights);
        if (!w)
            return VNULL;
        cum = list_new(0);
        Value acc = VNULL;
        for (int64_t i = 0; cum && i < AS_LIST(w)->len; i++) {
            acc = acc ? obj_binop(acc, AS_LIST(w)->items[i], NB_ADD) : AS_LIST(w)->items[i];
            if (!acc || list_append(cum, acc) < 0)
                return VNULL;
        }
        if (!cum)
            return VNULL;
    } else if (weights) {
        return err_set(exc_TypeError, "Cannot specify both weights and cumulative weights");
    } else if (!(cum = obj_to_list(cum))) {
        return VNULL;
    }
    if (AS_LIST(cum)->len != n)
        return err_set(exc_ValueError, "The number of weights does not match the population");
    if (n == 0)
        return err_set(exc_IndexError, "list index out of range");
    double total;
    if (num_to_double(AS_LIST(cum)->items[n - 1], &total) < 0)
        return VNULL;
    total += 0.0;
    if (total <= 0.0)
        return err_set(exc_ValueError, "Total of weights must be greater than zero");
    if (!isfinite(total))
        return err_set(exc_ValueError, "Total of weights must be finite");
    for (int64_t i = 0; i < k; i++) {
        Value v = obj_getitem(pop, MK_INT(bisect_right(cum, rand_double() * total, n - 1)));
        if (!v || list_append(out, v) < 0)
            return VNULL;
    }
    return out;
}

static int two_floats(Value *args, int nargs, ObjTuple *kw, const char *name, double *a, double *b,
                      double da, double db)
{
    if (args_check(name, nargs, kw, 0, 2) < 0)
        return -1;
    *a = da;
    *b = db;
    if (nargs > 0 && num_to_double(args[0], a) < 0)
        return -1;
    if (nargs > 1 && num_to_double(args[1], b) < 0)
        return -1;
    return 0;
}

static Value m_gauss(Value *args, int nargs, ObjTuple *kw)
{
    double mu, sigma;
    if (two_floats(args, nargs, kw, "gauss", &mu, &sigma, 0.0, 1.0) < 0)
        return VNULL;
    double z;
    if (have_gauss_next) {
        z = gauss_next;
        have_gauss_next = false;
    } else {
        double x2pi = rand_double() * 2 * M_PI;
        double g2rad = sqrt(-2.0 * log(1.0 - rand_double()));
        z = cos(x2pi) * g2rad;
        gauss_next = sin(x2pi) * g2rad;
        have_gauss_next = true;
    }
    return float_new(mu + z * sigma);
}

static Value m_normalvariate(Value *args, int nargs, ObjTuple *kw)
{
    double mu, sigma, z;
    if (two_floats(args, nargs, kw, "normalvariate", &mu, &sigma, 0.0, 1.0) < 0)
        return VNULL;
    const double magic = 4 * exp(-0.5) / sqrt(2.0);
    for (;;) {
        double u1 = rand_double(), u2 = 1.0 - rand_double();
        z = magic * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -log(u2))
            break;
    }
    return float_new(mu + z * sigma);
}

static Value m_expovariate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("expovariate", nargs, kw, 1, 1) < 0)
        return VNULL;
    double l;
    if (num_to_double(args[0], &l) < 0)
        return VNULL;
    if (l == 0)
        return err_set(exc_ZeroDivisionError, "float division by zero");
    return float_new(-log(1.0 - rand_double()) / l);
}

static Value m_triangular(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("triangular", nargs, kw, 0, 3) < 0)
        return VNULL;
    double low = 0.0, high = 1.0, mode = 0.0;
    if ((nargs > 0 && num_to_double(args[0], &low) < 0) ||
        (nargs > 1 && num_to_double(args[1], &high) < 0))
        return VNULL;
    bool has_mode = nargs > 2 && !IS_NONE(args[2]);
    if (has_mode && num_to_double(args[2], &mode) < 0)
        return VNULL;
    double u = rand_double(), c;
    if (!has_mode)
        c = 0.5;
    else if (high == low)
        return float_new(low);
    else
        c = (mode - low) / (high - low);
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        double t = low;
        low = high;
        high = t;
    }
    return float_new(low + (high - low) * sqrt(u * c));
}

static Value m_getstate(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getstate", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value t = tuple_new(MT_N + 1);
    if (!t)
        return VNULL;
    for (int i = 0; i < MT_N; i++)
        AS_TUPLE(t)->items[i] = MK_INT(mt[i]);
    AS_TUPLE(t)->items[MT_N] = MK_INT(mti);
    return tuple_pack(3, MK_INT(3), t, have_gauss_next ? float_new(gauss_next) : NONE);
}

static Value m_setstate(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setstate", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value s = args[0];
    if (!IS_TUPLE(s) || AS_TUPLE(s)->len != 3 || !IS_TUPLE(AS_TUPLE(s)->items[1]) ||
        AS_TUPLE(AS_TUPLE(s)->items[1])->len != MT_N + 1)
        return err_set(exc_ValueError, "state vector is the wrong size");
    ObjTuple *t = AS_TUPLE(AS_TUPLE(s)->items[1]);
    for (int i = 0; i <= MT_N; i++)
        if (!IS_INT(t->items[i]) || AS_INT(t->items[i]) < 0 || AS_INT(t->items[i]) > 0xffffffffLL)
            return err_set(exc_ValueError, "invalid state");
    if (AS_INT(t->items[MT_N]) > MT_N)
        return err_set(exc_ValueError, "invalid state");
    for (int i = 0; i < MT_N; i++)
        mt[i] = (uint32_t)AS_INT(t->items[i]);
    mti = (int)AS_INT(t->items[MT_N]);
    Value g = AS_TUPLE(s)->items[2];
    have_gauss_next = !IS_NONE(g);
    if (have_gauss_next && num_to_double(g, &gauss_next) < 0)
        return VNULL;
    return NONE;
}

static Value m_randbytes(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("randbytes", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t n;
    if (obj_as_int64(args[0], &n) < 0)
        return VNULL;
    if (n < 0)
        return err_set(exc_ValueError, "number of bits must be non-negative");
    Value v = bits_value(n * 8);
    if (!v)
        return VNULL;
    uint8_t *buf = calloc((size_t)n + 1, 1);
    if (!buf)
        return err_no_memory();
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    size_t cnt = 0;
    if (n)
        mpz_export(buf, &cnt, -1, 1, 0, 0, z);
    mpz_clear(z);
    Value b = bytes_new(buf, (size_t)n);
    free(buf);
    return b;
}

static const MethodDef random_fns[] = {
    {"seed", m_seed},           {"random", m_random},       {"getrandbits", m_getrandbits},
    {"randrange", m_randrange}, {"randint", m_randint},     {"choice", m_choice},
    {"shuffle", m_shuffle},     {"uniform", m_uniform},     {"sample", m_sample},
    {"choices", m_choices},     {"gauss", m_gauss},         {"normalvariate", m_normalvariate},
    {"expovariate", m_expovariate}, {"triangular", m_triangular}, {"getstate", m_getstate},
    {"setstate", m_setstate},   {"randbytes", m_randbytes}, {NULL, NULL},
};

Value mod_random_init(void)
{
    Value mv = module_new(str_intern_cstr("random"));
    if (!mv)
        return VNULL;
    for (const MethodDef *d = random_fns; d->name; d++)
        module_add_fn(AS_MODULE(mv), d->name, d->fn);
    seed_urandom();
    return mv;
}
