/* modules/_blake2.c — BLAKE2b and BLAKE2s (RFC 7693) with the whole
 * parameter block (digest size, key, salt, personalisation, tree hashing:
 * fanout, depth, leaf size, node offset/depth, inner size, last node), as
 * CPython's _blake2 module, which Lib/hashlib.py prefers to OpenSSL's.
 *
 * Written from the RFC.  One generic engine would cost speed: the 64-bit
 * and 32-bit variants are two small copies of the same shape (b_ and s_).
 * Updates of 2048 bytes or more run with the GIL released, guarded by the
 * object's mutex.
 */
#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "str.h"
#include "vm.h"

#define GIL_MINSIZE 2048

static const uint8_t sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static const uint64_t b_iv[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};
static const uint32_t s_iv[8] = {
    0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
};

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static uint32_t load32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rotr64(uint64_t x, int n) { return x >> n | x << (64 - n); }
static uint32_t rotr32(uint32_t x, int n) { return x >> n | x << (32 - n); }

/* One state for either variant: b uses h64/t64, s uses h32 (t fits in 64 bits). */
typedef struct {
    uint64_t h[8];     /* b: words; s: low 32 bits used */
    uint64_t t[2];     /* bytes compressed so far (128-bit for b) */
    uint8_t buf[128];
    size_t buflen;
    bool last_node;
    bool is_b;
    int outlen;
} Blake2;

static void b_compress(Blake2 *S, const uint8_t *block, bool last)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; i++) { v[i] = S->h[i]; v[i + 8] = b_iv[i]; }
    v[12] ^= S->t[0];
    v[13] ^= S->t[1];
    if (last) {
        v[14] = ~v[14];
        if (S->last_node) v[15] = ~v[15];
    }
#define G(a, b, c, d, x, y)                     \
    do {                                        \
        v[a] = v[a] + v[b] + (x);               \
        v[d] = rotr64(v[d] ^ v[a], 32);         \
        v[c] = v[c] + v[d];                     \
        v[b] = rotr64(v[b] ^ v[c], 24);         \
        v[a] = v[a] + v[b] + (y);               \
        v[d] = rotr64(v[d] ^ v[a], 16);         \
        v[c] = v[c] + v[d];                     \
        v[b] = rotr64(v[b] ^ v[c], 63);         \
    } while (0)
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = sigma[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef G
    for (int i = 0; i < 8; i++) S->h[i] ^= v[i] ^ v[i + 8];
}

static void s_compress(Blake2 *S, const uint8_t *block, bool last)
{
    uint32_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = load32(block + 4 * i);
    for (int i = 0; i < 8; i++) { v[i] = (uint32_t)S->h[i]; v[i + 8] = s_iv[i]; }
    v[12] ^= (uint32_t)S->t[0];
    v[13] ^= (uint32_t)(S->t[0] >> 32);
    if (last) {
        v[14] = ~v[14];
        if (S->last_node) v[15] = ~v[15];
    }
#define G(a, b, c, d, x, y)                     \
    do {                                        \
        v[a] = v[a] + v[b] + (x);               \
        v[d] = rotr32(v[d] ^ v[a], 16);         \
        v[c] = v[c] + v[d];                     \
        v[b] = rotr32(v[b] ^ v[c], 12);         \
        v[a] = v[a] + v[b] + (y);               \
        v[d] = rotr32(v[d] ^ v[a], 8);          \
        v[c] = v[c] + v[d];                     \
        v[b] = rotr32(v[b] ^ v[c], 7);          \
    } while (0)
    for (int r = 0; r < 10; r++) {
        const uint8_t *s = sigma[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef G
    for (int i = 0; i < 8; i++) S->h[i] = (uint32_t)S->h[i] ^ v[i] ^ v[i + 8];
}

static size_t block_size(const Blake2 *S) { return S->is_b ? 128 : 64; }

static void count(Blake2 *S, size_t n)
{
    S->t[0] += n;
    if (S->t[0] < n) S->t[1]++;
}

static void compress(Blake2 *S, const uint8_t *block, bool last)
{
    if (S->is_b) b_compress(S, block, last);
    else s_compress(S, block, last);
}

/* The last block is only known at the end: a full buffer is compressed
 * when more data arrives. */
static void blake2_update(Blake2 *S, const uint8_t *p, size_t n)
{
    size_t bs = block_size(S);
    while (n) {
        if (S->buflen == bs) {
            count(S, bs);
            compress(S, S->buf, false);
            S->buflen = 0;
        }
        if (S->buflen == 0 && n > bs) {
            count(S, bs);
            compress(S, p, false);
            p += bs;
            n -= bs;
            continue;
        }
        size_t k = bs - S->buflen < n ? bs - S->buflen : n;
        memcpy(S->buf + S->buflen, p, k);
        S->buflen += k;
        p += k;
        n -= k;
    }
}

static void blake2_final(const Blake2 *in, uint8_t *out)
{
    Blake2 S = *in;
    size_t bs = block_size(&S);
    count(&S, S.buflen);
    memset(S.buf + S.buflen, 0, bs - S.buflen);
    compress(&S, S.buf, true);
    uint8_t full[64];
    for (int i = 0; i < 8; i++) {
        if (S.is_b) for (int k = 0; k < 8; k++) full[8 * i + k] = (uint8_t)(S.h[i] >> (8 * k));
        else if (i < 8) for (int k = 0; k < 4; k++) full[4 * i + k] = (uint8_t)(S.h[i] >> (8 * k));
    }
    memcpy(out, full, (size_t)S.outlen);
}

/* ---- the Python objects ------------------------------------------------- */

typedef struct {
    Obj obj;
    Blake2 st;
    pthread_mutex_t lock;
} ObjBlake2;

static Type type_blake2b, type_blake2s;
#define AS_B2(v) ((ObjBlake2 *)AS_OBJ(v))

static void b2_finalize(Obj *o) { pthread_mutex_destroy(&((ObjBlake2 *)o)->lock); }

static int b2_feed(ObjBlake2 *h, Value data)
{
    if (IS_STR(data)) {
        err_set(exc_TypeError, "Strings must be encoded before hashing");
        return -1;
    }
    Buffer b;
    if (obj_getbuffer_msg(data, &b, BUF_SIMPLE, "object supporting the buffer API required") < 0) return -1;
    if (b.len >= GIL_MINSIZE) {
        GIL_RELEASE(BLOCK_COMPUTE);
        pthread_mutex_lock(&h->lock);
        blake2_update(&h->st, b.buf, (size_t)b.len);
        pthread_mutex_unlock(&h->lock);
        GIL_ACQUIRE();
    } else {
        gil_lock_mutex(&h->lock);
        blake2_update(&h->st, b.buf, (size_t)b.len);
        pthread_mutex_unlock(&h->lock);
    }
    buffer_release(&b);
    return 0;
}

static int int_arg(Value v, int64_t *out)
{
    if (!int_check(v) && (IS_FLOAT(v) || !TYPE(v)->nb_int)) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
        return -1;
    }
    return obj_as_int64(v, out);
}

/* an optional bytes-like parameter with a maximum length */
static int bytes_param(Value v, Buffer *b, int64_t max, const char *what)
{
    if (obj_getbuffer(v, b, BUF_SIMPLE) < 0) return -1;
    if (b->len > max) {
        buffer_release(b);
        err_format(exc_ValueError, "maximum %s length is %lld bytes", what, (long long)max);
        return -1;
    }
    return 0;
}

static Value b2_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    bool is_b = t == &type_blake2b;
    const char *fname = is_b ? "blake2b" : "blake2s";
    static const char *const params[] = {"", "digest_size", "key", "salt", "person", "fanout", "depth",
                                         "leaf_size", "node_offset", "node_depth", "inner_size",
                                         "last_node", "usedforsecurity", NULL};
    if (kwnames)
        for (int64_t i = 0; i < kwnames->len; i++)
            if (!strcmp(AS_STR(kwnames->items[i])->data, "data") || !strcmp(AS_STR(kwnames->items[i])->data, "string"))
                return err_format(exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                                  AS_STR(kwnames->items[i])->data, fname);
    Value a[13];
    if (args_parse(fname, args, nargs, kwnames, params, 0, 1, a) < 0) return VNULL;
    int64_t maxd = is_b ? 64 : 32, maxs = is_b ? 16 : 8;
    int64_t digest_size = maxd, fanout = 1, depth = 1, leaf = 0, offset = 0, ndepth = 0, inner = 0;
    if (a[1] && int_arg(a[1], &digest_size) < 0) return VNULL;
    if (digest_size < 1 || digest_size > maxd)
        return err_format(exc_ValueError, "digest_size must be between 1 and %lld bytes", (long long)maxd);
    Buffer salt = {0}, person = {0}, key = {0};
    bool hs = a[3] != VNULL, hp = a[4] != VNULL, hk = a[2] != VNULL;
    if (hs && bytes_param(a[3], &salt, maxs, "salt") < 0) return VNULL;
    if (hp && bytes_param(a[4], &person, maxs, "person") < 0) goto fail;
    Value err = VNULL;
    if (a[5] && int_arg(a[5], &fanout) < 0) goto fail;
    if (fanout < 0 || fanout > 255) { err = err_set(exc_ValueError, "fanout must be between 0 and 255"); goto fail; }
    if (a[6] && int_arg(a[6], &depth) < 0) goto fail;
    if (depth < 1 || depth > 255) { err = err_set(exc_ValueError, "depth must be between 1 and 255"); goto fail; }
    if (a[7] && int_arg(a[7], &leaf) < 0) goto fail;
    if (leaf < 0) { err_set(exc_ValueError, "value must be positive"); goto fail; }
    if (leaf > 0xffffffffll) { err_set(exc_OverflowError, "leaf_size is too large"); goto fail; }
    if (a[8]) {
        if (int_arg(a[8], &offset) < 0) {
            if (err_matches(exc_OverflowError)) { err_clear(); err_set(exc_OverflowError, "node_offset is too large"); }
            goto fail;
        }
    }
    if (offset < 0) { err_set(exc_ValueError, "value must be positive"); goto fail; }
    if (!is_b && offset > 0xffffffffffffll) { err_set(exc_OverflowError, "node_offset is too large"); goto fail; }
    if (a[9] && int_arg(a[9], &ndepth) < 0) goto fail;
    if (ndepth < 0 || ndepth > 255) { err_set(exc_ValueError, "node_depth must be between 0 and 255"); goto fail; }
    if (a[10] && int_arg(a[10], &inner) < 0) goto fail;
    if (inner < 0 || inner > maxd) {
        err_format(exc_ValueError, "inner_size must be between 0 and is %lld", (long long)maxd);
        goto fail;
    }
    if (hk && bytes_param(a[2], &key, maxd, "key") < 0) { hk = false; goto fail; }
    int last = a[11] ? obj_truthy(a[11]) : 0;
    if (last < 0) goto fail;

    ObjBlake2 *h = (ObjBlake2 *)gc_new(t, sizeof(ObjBlake2));
    pthread_mutex_init(&h->lock, NULL);
    Blake2 *S = &h->st;
    S->is_b = is_b;
    S->outlen = (int)digest_size;
    S->last_node = last;
    /* the parameter block (RFC 7693 section 2.5 and the BLAKE2 paper's tree fields) */
    uint8_t P[64] = {0};
    P[0] = (uint8_t)digest_size;
    P[1] = (uint8_t)(hk ? key.len : 0);
    P[2] = (uint8_t)fanout;
    P[3] = (uint8_t)depth;
    for (int i = 0; i < 4; i++) P[4 + i] = (uint8_t)(leaf >> (8 * i));
    if (is_b) {
        for (int i = 0; i < 8; i++) P[8 + i] = (uint8_t)((uint64_t)offset >> (8 * i));
        P[16] = (uint8_t)ndepth;
        P[17] = (uint8_t)inner;
        if (hs) memcpy(P + 32, salt.buf, (size_t)salt.len);
        if (hp) memcpy(P + 48, person.buf, (size_t)person.len);
        for (int i = 0; i < 8; i++) S->h[i] = b_iv[i] ^ load64(P + 8 * i);
    } else {
        for (int i = 0; i < 6; i++) P[8 + i] = (uint8_t)((uint64_t)offset >> (8 * i));
        P[14] = (uint8_t)ndepth;
        P[15] = (uint8_t)inner;
        if (hs) memcpy(P + 16, salt.buf, (size_t)salt.len);
        if (hp) memcpy(P + 24, person.buf, (size_t)person.len);
        for (int i = 0; i < 8; i++) S->h[i] = s_iv[i] ^ load32(P + 4 * i);
    }
    if (hk && key.len) {
        uint8_t block[128] = {0};
        memcpy(block, key.buf, (size_t)key.len);
        blake2_update(S, block, block_size(S));
    }
    if (hs) buffer_release(&salt);
    if (hp) buffer_release(&person);
    if (hk) buffer_release(&key);
    if (a[0] && b2_feed(h, a[0]) < 0) return VNULL;
    return OBJ_VAL(h);
fail:
    (void)err;
    if (hs) buffer_release(&salt);
    if (hp && person.obj) buffer_release(&person);
    if (hk && key.obj) buffer_release(&key);
    return VNULL;
}

static Value m_update(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("update", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return b2_feed(AS_B2(args[0]), args[1]) < 0 ? VNULL : NONE;
}

static Value finish(Value self, bool hex)
{
    ObjBlake2 *h = AS_B2(self);
    uint8_t out[64];
    gil_lock_mutex(&h->lock);
    blake2_final(&h->st, out);
    pthread_mutex_unlock(&h->lock);
    int n = h->st.outlen;
    if (!hex) return bytes_new(out, (size_t)n);
    char s[128];
    for (int i = 0; i < n; i++) {
        s[2 * i] = "0123456789abcdef"[out[i] >> 4];
        s[2 * i + 1] = "0123456789abcdef"[out[i] & 15];
    }
    return str_new_ascii(s, (size_t)n * 2);
}
static Value m_digest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("digest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return finish(args[0], false);
}
static Value m_hexdigest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hexdigest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return finish(args[0], true);
}
static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjBlake2 *h = AS_B2(args[0]);
    ObjBlake2 *c = (ObjBlake2 *)gc_new(TYPE(args[0]), sizeof(ObjBlake2));
    pthread_mutex_init(&c->lock, NULL);
    gil_lock_mutex(&h->lock);
    c->st = h->st;
    pthread_mutex_unlock(&h->lock);
    return OBJ_VAL(c);
}

static Value b2_repr(Value v) { return str_printf("<_blake2.%s object at %p>", TYPE(v)->name, (void *)AS_OBJ(v)); }
static Value get_name(Value v) { return str_from_cstr(TYPE(v)->name); }
static Value get_digest_size(Value v) { return MK_INT(AS_B2(v)->st.outlen); }
static Value get_block_size(Value v) { return MK_INT((int64_t)block_size(&AS_B2(v)->st)); }

static const MethodDef b2_methods[] = {
    {"update", m_update}, {"digest", m_digest}, {"hexdigest", m_hexdigest}, {"copy", m_copy}, {NULL, NULL},
};

static Type type_blake2b = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "blake2b",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBlake2),
    .tp_new = b2_new,
    .finalize = b2_finalize,
    .repr = b2_repr,
};
static Type type_blake2s = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "blake2s",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjBlake2),
    .tp_new = b2_new,
    .finalize = b2_finalize,
    .repr = b2_repr,
};

Value mod_blake2_init(void)
{
    static bool ready;
    if (!ready) {
        ready = true;
        Type *ts[2] = {&type_blake2b, &type_blake2s};
        for (int i = 0; i < 2; i++) {
            ts[i]->module = str_intern_cstr("_blake2");
            type_ready(ts[i], b2_methods);
            exc_add_getset(ts[i], "name", get_name, NULL);
            exc_add_getset(ts[i], "digest_size", get_digest_size, NULL);
            exc_add_getset(ts[i], "block_size", get_block_size, NULL);
            bool b = i == 0;
            dict_set_str(ts[i]->dict, str_intern_cstr("SALT_SIZE"), MK_INT(b ? 16 : 8));
            dict_set_str(ts[i]->dict, str_intern_cstr("PERSON_SIZE"), MK_INT(b ? 16 : 8));
            dict_set_str(ts[i]->dict, str_intern_cstr("MAX_KEY_SIZE"), MK_INT(b ? 64 : 32));
            dict_set_str(ts[i]->dict, str_intern_cstr("MAX_DIGEST_SIZE"), MK_INT(b ? 64 : 32));
        }
    }
    Value m = module_new(str_intern_cstr("_blake2"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "blake2b", OBJ_VAL(&type_blake2b));
    module_add(mod, "blake2s", OBJ_VAL(&type_blake2s));
    module_add(mod, "BLAKE2B_SALT_SIZE", MK_INT(16));
    module_add(mod, "BLAKE2B_PERSON_SIZE", MK_INT(16));
    module_add(mod, "BLAKE2B_MAX_KEY_SIZE", MK_INT(64));
    module_add(mod, "BLAKE2B_MAX_DIGEST_SIZE", MK_INT(64));
    module_add(mod, "BLAKE2S_SALT_SIZE", MK_INT(8));
    module_add(mod, "BLAKE2S_PERSON_SIZE", MK_INT(8));
    module_add(mod, "BLAKE2S_MAX_KEY_SIZE", MK_INT(32));
    module_add(mod, "BLAKE2S_MAX_DIGEST_SIZE", MK_INT(32));
    return m;
}
