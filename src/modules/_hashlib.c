/* modules/_hashlib.c — CPython 3.11's _hashlib over OpenSSL's libcrypto
 * (what Lib/hashlib.py and Lib/hmac.py call): new() and the openssl_*
 * constructors, HASH / HASHXOF objects, HMAC objects (hmac_new,
 * hmac_digest), pbkdf2_hmac, scrypt, compare_digest, get_fips_mode,
 * openssl_md_meth_names.
 *
 * Hashing 2048 bytes or more releases the GIL around OpenSSL's update, as
 * CPython does, so threads hashing big buffers run in parallel (see
 * examples/parallel_hashing.py and docs/gil.md).  Each hash object has its
 * own mutex for the time it is updated without the GIL.
 */
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <dlfcn.h>

/* libcrypto is opened when _hashlib is first imported, not linked in:
 * linked, its 17,000 relocations and the pages they dirty cost every baton
 * process about 1.4 MiB of RSS and 0.4 ms of start-up, imported or not
 * (docs/perf.md).  Every function this file calls goes through a pointer
 * that ossl_load() fills with dlsym; the macros below make the calls read
 * as plain OpenSSL calls. */
#define OSSL_FUNCS(X) \
    X(CRYPTO_memcmp) \
    X(ERR_clear_error) \
    X(ERR_lib_error_string) \
    X(ERR_peek_last_error) \
    X(ERR_reason_error_string) \
    X(EVP_DigestFinalXOF) \
    X(EVP_DigestFinal_ex) \
    X(EVP_DigestInit_ex) \
    X(EVP_DigestUpdate) \
    X(EVP_MAC_CTX_dup) \
    X(EVP_MAC_CTX_free) \
    X(EVP_MAC_CTX_new) \
    X(EVP_MAC_fetch) \
    X(EVP_MAC_final) \
    X(EVP_MAC_init) \
    X(EVP_MAC_update) \
    X(EVP_MD_CTX_copy_ex) \
    X(EVP_MD_CTX_free) \
    X(EVP_MD_CTX_get0_md) \
    X(EVP_MD_CTX_new) \
    X(EVP_MD_fetch) \
    X(EVP_MD_free) \
    X(EVP_MD_get0_name) \
    X(EVP_MD_get_block_size) \
    X(EVP_MD_get_flags) \
    X(EVP_MD_get_size) \
    X(EVP_PBE_scrypt) \
    X(EVP_default_properties_is_fips_enabled) \
    X(OSSL_PARAM_construct_end) \
    X(OSSL_PARAM_construct_utf8_string) \
    X(PKCS5_PBKDF2_HMAC)
#define X(f) static __typeof__(&f) p_##f;
OSSL_FUNCS(X)
#undef X

/* NULL when every function was found, else what went wrong. */
static const char *ossl_load(void)
{
    static void *lib;
    if (lib)
        return NULL;
    void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return dlerror();
#define X(f)                                              \
    if (!(*(void **)&p_##f = dlsym(h, #f))) {             \
        dlclose(h);                                       \
        return "libcrypto.so.3 has no " #f;               \
    }
    OSSL_FUNCS(X)
#undef X
    lib = h;
    return NULL;
}

#define CRYPTO_memcmp (*p_CRYPTO_memcmp)
#define ERR_clear_error (*p_ERR_clear_error)
#define ERR_lib_error_string (*p_ERR_lib_error_string)
#define ERR_peek_last_error (*p_ERR_peek_last_error)
#define ERR_reason_error_string (*p_ERR_reason_error_string)
#define EVP_DigestFinalXOF (*p_EVP_DigestFinalXOF)
#define EVP_DigestFinal_ex (*p_EVP_DigestFinal_ex)
#define EVP_DigestInit_ex (*p_EVP_DigestInit_ex)
#define EVP_DigestUpdate (*p_EVP_DigestUpdate)
#define EVP_MAC_CTX_dup (*p_EVP_MAC_CTX_dup)
#define EVP_MAC_CTX_free (*p_EVP_MAC_CTX_free)
#define EVP_MAC_CTX_new (*p_EVP_MAC_CTX_new)
#define EVP_MAC_fetch (*p_EVP_MAC_fetch)
#define EVP_MAC_final (*p_EVP_MAC_final)
#define EVP_MAC_init (*p_EVP_MAC_init)
#define EVP_MAC_update (*p_EVP_MAC_update)
#define EVP_MD_CTX_copy_ex (*p_EVP_MD_CTX_copy_ex)
#define EVP_MD_CTX_free (*p_EVP_MD_CTX_free)
#define EVP_MD_CTX_get0_md (*p_EVP_MD_CTX_get0_md)
#define EVP_MD_CTX_new (*p_EVP_MD_CTX_new)
#define EVP_MD_fetch (*p_EVP_MD_fetch)
#define EVP_MD_free (*p_EVP_MD_free)
#define EVP_MD_get0_name (*p_EVP_MD_get0_name)
#define EVP_MD_get_block_size (*p_EVP_MD_get_block_size)
#define EVP_MD_get_flags (*p_EVP_MD_get_flags)
#define EVP_MD_get_size (*p_EVP_MD_get_size)
#define EVP_PBE_scrypt (*p_EVP_PBE_scrypt)
#define EVP_default_properties_is_fips_enabled (*p_EVP_default_properties_is_fips_enabled)
#define OSSL_PARAM_construct_end (*p_OSSL_PARAM_construct_end)
#define OSSL_PARAM_construct_utf8_string (*p_OSSL_PARAM_construct_utf8_string)
#define PKCS5_PBKDF2_HMAC (*p_PKCS5_PBKDF2_HMAC)

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "str.h"
#include "vm.h"

#define GIL_MINSIZE 2048

static Value unsupported_error; /* _hashlib.UnsupportedDigestmodError */
static Value constructors;      /* dict: openssl_* function -> name */

/* Python's names and OpenSSL's, in CPython's order */
static const struct { const char *py, *ossl; } names[] = {
    {"md5", "MD5"}, {"sha1", "SHA1"}, {"sha224", "SHA224"}, {"sha256", "SHA256"},
    {"sha384", "SHA384"}, {"sha512", "SHA512"}, {"sha512_224", "SHA512-224"},
    {"sha512_256", "SHA512-256"}, {"sha3_224", "SHA3-224"}, {"sha3_256", "SHA3-256"},
    {"sha3_384", "SHA3-384"}, {"sha3_512", "SHA3-512"}, {"shake_128", "SHAKE128"},
    {"shake_256", "SHAKE256"}, {"blake2b", "BLAKE2B-512"}, {"blake2s", "BLAKE2S-256"},
    {"md5-sha1", "MD5-SHA1"}, {"ripemd160", "RIPEMD160"}, {"sm3", "SM3"}, {NULL, NULL},
};

/* An OpenSSL failure as `type`: "[lib] reason", or msg if OpenSSL said nothing. */
static Value ssl_error(Type *t, const char *msg)
{
    unsigned long e = ERR_peek_last_error();
    ERR_clear_error();
    const char *lib = e ? ERR_lib_error_string(e) : NULL, *reason = e ? ERR_reason_error_string(e) : NULL;
    if (lib && reason) return err_format(t, "[%s] %s", lib, reason);
    if (reason) return err_format(t, "%s", reason);
    return err_format(t, "%s", msg);
}

/* Fetch a digest by Python or OpenSSL name; *py gets the Python name. */
static EVP_MD *fetch_md(const char *name, const char **py)
{
    char low[64];
    size_t n = strlen(name);
    if (n >= sizeof low) n = sizeof low - 1;
    for (size_t i = 0; i < n; i++) low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    low[n] = 0;
    const char *ossl = name;
    *py = NULL;
    for (int i = 0; names[i].py; i++)
        if (!strcmp(low, names[i].py) || !strcasecmp(name, names[i].ossl)) {
            ossl = names[i].ossl;
            *py = names[i].py;
            break;
        }
    EVP_MD *md = EVP_MD_fetch(NULL, ossl, NULL);
    if (md && !*py) {
        const char *mn = EVP_MD_get0_name(md);
        *py = mn;
        for (int i = 0; names[i].py; i++)
            if (!strcasecmp(mn, names[i].ossl)) *py = names[i].py;
    }
    return md;
}

static Value unsupported(const char *name)
{
    char msg[128];
    snprintf(msg, sizeof msg, "unsupported hash type %s", name);
    return ssl_error(AS_TYPE(unsupported_error), msg);
}

/* data argument of a hash: a buffer, never a str */
static int hash_data(Value v, Buffer *b)
{
    if (IS_STR(v)) {
        err_set(exc_TypeError, "Strings must be encoded before hashing");
        return -1;
    }
    return obj_getbuffer_msg(v, b, BUF_SIMPLE, "object supporting the buffer API required");
}

/* ---- HASH objects ---------------------------------------------------------- */

typedef struct {
    Obj obj;
    EVP_MD_CTX *ctx;
    const char *name;  /* Python name (static storage or OpenSSL's) */
    pthread_mutex_t lock;
} ObjHash;

static Type type_hash, type_hashxof;
#define AS_HASH(v) ((ObjHash *)AS_OBJ(v))

static void hash_finalize(Obj *o)
{
    ObjHash *h = (ObjHash *)o;
    if (h->ctx) EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
    pthread_mutex_destroy(&h->lock);
}

static ObjHash *hash_alloc(Type *t)
{
    ObjHash *h = (ObjHash *)gc_new(t, sizeof(ObjHash));
    pthread_mutex_init(&h->lock, NULL);
    h->ctx = EVP_MD_CTX_new();
    return h;
}

/* Feed a buffer, without the GIL when it is big. */
static int hash_update(ObjHash *h, const Buffer *b)
{
    int ok;
    if (b->len >= GIL_MINSIZE) {
        GIL_RELEASE(BLOCK_COMPUTE);
        pthread_mutex_lock(&h->lock);
        ok = EVP_DigestUpdate(h->ctx, b->buf, (size_t)b->len);
        pthread_mutex_unlock(&h->lock);
        GIL_ACQUIRE();
    } else {
        gil_lock_mutex(&h->lock);
        ok = EVP_DigestUpdate(h->ctx, b->buf, (size_t)b->len);
        pthread_mutex_unlock(&h->lock);
    }
    if (!ok) {
        ssl_error(exc_ValueError, "digest update failed");
        return -1;
    }
    return 0;
}

static Value hash_new_with(EVP_MD *md, const char *py, Value data)
{
    bool xof = (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
    ObjHash *h = hash_alloc(xof ? &type_hashxof : &type_hash);
    h->name = py;
    if (!h->ctx || !EVP_DigestInit_ex(h->ctx, md, NULL)) {
        EVP_MD_free(md);
        return ssl_error(exc_ValueError, "digest initialisation failed");
    }
    EVP_MD_free(md); /* the context keeps its own reference */
    if (data) {
        Buffer b;
        if (hash_data(data, &b) < 0) return VNULL;
        int rc = hash_update(h, &b);
        buffer_release(&b);
        if (rc < 0) return VNULL;
    }
    return OBJ_VAL(h);
}

/* the data argument of new()/openssl_*(): positional, or `string=` */
static int ctor_args(const char *fname, Value *args, int nargs, ObjTuple *kw, bool with_name, Value *out)
{
    static const char *const p1[] = {"string", "usedforsecurity", NULL};
    static const char *const p2[] = {"name", "string", "usedforsecurity", NULL};
    Value a[3];
    if (args_parse(fname, args, nargs, kw, with_name ? p2 : p1, with_name ? 1 : 0, with_name ? 2 : 1, a) < 0)
        return -1;
    out[0] = a[0];
    out[1] = a[1];
    return 0;
}

static Value m_new(Value *args, int nargs, ObjTuple *kw)
{
    Value a[2];
    if (ctor_args("new", args, nargs, kw, true, a) < 0) return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "new() argument 'name' must be str, not %s", TYPE(a[0])->name);
    const char *py;
    EVP_MD *md = fetch_md(str_cstr(AS_STR(a[0])), &py);
    if (!md) return unsupported(str_cstr(AS_STR(a[0])));
    return hash_new_with(md, py, a[1]);
}

#define CTOR(pyname, ossl)                                                           \
    static Value m_openssl_##pyname(Value *args, int nargs, ObjTuple *kw)            \
    {                                                                                \
        Value a[2];                                                                  \
        if (ctor_args("openssl_" #pyname, args, nargs, kw, false, a) < 0) return VNULL; \
        EVP_MD *md = EVP_MD_fetch(NULL, ossl, NULL);                                 \
        if (!md) return unsupported(#pyname);                                        \
        return hash_new_with(md, #pyname, a[0]);                                     \
    }
CTOR(md5, "MD5")
CTOR(sha1, "SHA1")
CTOR(sha224, "SHA224")
CTOR(sha256, "SHA256")
CTOR(sha384, "SHA384")
CTOR(sha512, "SHA512")
CTOR(sha3_224, "SHA3-224")
CTOR(sha3_256, "SHA3-256")
CTOR(sha3_384, "SHA3-384")
CTOR(sha3_512, "SHA3-512")
CTOR(shake_128, "SHAKE128")
CTOR(shake_256, "SHAKE256")

static Value h_update(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("update", nargs - 1, kw, 1, 1) < 0) return VNULL;
    Buffer b;
    if (hash_data(args[1], &b) < 0) return VNULL;
    int rc = hash_update(AS_HASH(args[0]), &b);
    buffer_release(&b);
    return rc < 0 ? VNULL : NONE;
}

/* finish a copy of the context: the object can go on being updated */
static Value finish(ObjHash *h, int64_t xof_len, bool hex)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    gil_lock_mutex(&h->lock);
    int ok = c && EVP_MD_CTX_copy_ex(c, h->ctx);
    pthread_mutex_unlock(&h->lock);
    unsigned char small[EVP_MAX_MD_SIZE];
    unsigned char *out = small;
    unsigned int n = 0;
    if (ok) {
        if (xof_len >= 0) {
            out = mem_alloc((size_t)xof_len + 1);
            ok = EVP_DigestFinalXOF(c, out, (size_t)xof_len);
            n = (unsigned int)xof_len;
        } else {
            ok = EVP_DigestFinal_ex(c, out, &n);
        }
    }
    EVP_MD_CTX_free(c);
    Value r;
    if (!ok) {
        r = ssl_error(exc_ValueError, "digest failed");
    } else if (hex) {
        char *s = mem_alloc((size_t)n * 2 + 1);
        for (unsigned int i = 0; i < n; i++) {
            s[2 * i] = "0123456789abcdef"[out[i] >> 4];
            s[2 * i + 1] = "0123456789abcdef"[out[i] & 15];
        }
        r = str_new_ascii(s, (size_t)n * 2);
        mem_free(s, (size_t)n * 2 + 1);
    } else {
        r = bytes_new(out, n);
    }
    if (out != small) mem_free(out, (size_t)xof_len + 1);
    return r;
}

static Value h_digest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("digest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return finish(AS_HASH(args[0]), -1, false);
}
static Value h_hexdigest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hexdigest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return finish(AS_HASH(args[0]), -1, true);
}

static Value xof_finish(Value *args, int nargs, ObjTuple *kw, const char *name, bool hex)
{
    static const char *const params[] = {"length", NULL};
    Value a[1];
    if (args_parse(name, args + 1, nargs - 1, kw, params, 1, 1, a) < 0) return VNULL;
    int64_t n;
    if (obj_as_int64(a[0], &n) < 0) return VNULL;
    /* CPython 3.11 lets a negative length through to PyBytes: the same error */
    if (n < 0) return err_set(exc_SystemError, "Negative size passed to PyBytes_FromStringAndSize");
    if (n > ((int64_t)1 << 32)) return err_set(exc_ValueError, "digest length is too large");
    return finish(AS_HASH(args[0]), n, hex);
}
static Value x_digest(Value *a, int n, ObjTuple *k) { return xof_finish(a, n, k, "digest", false); }
static Value x_hexdigest(Value *a, int n, ObjTuple *k) { return xof_finish(a, n, k, "hexdigest", true); }

static Value h_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjHash *h = AS_HASH(args[0]);
    ObjHash *c = hash_alloc(TYPE(args[0]));
    c->name = h->name;
    gil_lock_mutex(&h->lock);
    int ok = c->ctx && EVP_MD_CTX_copy_ex(c->ctx, h->ctx);
    pthread_mutex_unlock(&h->lock);
    if (!ok) return ssl_error(exc_ValueError, "copy failed");
    return OBJ_VAL(c);
}

static Value hash_repr(Value v)
{
    return str_printf("<%s _hashlib.%s object @ %p>", AS_HASH(v)->name, TYPE(v)->name, (void *)AS_OBJ(v));
}

static Value get_name(Value v) { return str_from_cstr(AS_HASH(v)->name); }
static Value get_digest_size(Value v)
{
    const EVP_MD *md = EVP_MD_CTX_get0_md(AS_HASH(v)->ctx);
    return MK_INT((EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) ? 0 : EVP_MD_get_size(md));
}
static Value get_block_size(Value v) { return MK_INT(EVP_MD_get_block_size(EVP_MD_CTX_get0_md(AS_HASH(v)->ctx))); }

/* ---- HMAC ------------------------------------------------------------------- */

typedef struct {
    Obj obj;
    EVP_MAC_CTX *ctx;
    const char *name;  /* the digest's Python name */
    int digest_size, block_size;
    pthread_mutex_t lock;
} ObjHmac;

static Type type_hmac;
#define AS_HMAC(v) ((ObjHmac *)AS_OBJ(v))
static EVP_MAC *hmac_mac;

static void hmac_finalize(Obj *o)
{
    ObjHmac *h = (ObjHmac *)o;
    if (h->ctx) EVP_MAC_CTX_free(h->ctx);
    h->ctx = NULL;
    pthread_mutex_destroy(&h->lock);
}

/* digestmod: a name, or one of the openssl_* constructors */
static EVP_MD *digestmod_md(Value dm, const char **py)
{
    if (IS_STR(dm)) {
        EVP_MD *md = fetch_md(str_cstr(AS_STR(dm)), py);
        if (!md) unsupported(str_cstr(AS_STR(dm)));
        return md;
    }
    Value name = dict_get(constructors, dm);
    if (!name) {
        if (!err_occurred()) {
            Value r = obj_repr(dm);
            if (r) err_format(AS_TYPE(unsupported_error), "Unsupported digestmod %s", AS_STR(r)->data);
        }
        return NULL;
    }
    EVP_MD *md = fetch_md(str_cstr(AS_STR(name)), py);
    if (!md) unsupported(str_cstr(AS_STR(name)));
    return md;
}

static EVP_MAC_CTX *mac_ctx(const EVP_MD *md, const Buffer *key)
{
    EVP_MAC_CTX *c = EVP_MAC_CTX_new(hmac_mac);
    if (!c) return NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)EVP_MD_get0_name(md), 0);
    params[1] = OSSL_PARAM_construct_end();
    if (!EVP_MAC_init(c, key->buf, (size_t)key->len, params)) {
        EVP_MAC_CTX_free(c);
        return NULL;
    }
    return c;
}

static int mac_update(ObjHmac *h, const Buffer *b)
{
    int ok;
    if (b->len >= GIL_MINSIZE) {
        GIL_RELEASE(BLOCK_COMPUTE);
        pthread_mutex_lock(&h->lock);
        ok = EVP_MAC_update(h->ctx, b->buf, (size_t)b->len);
        pthread_mutex_unlock(&h->lock);
        GIL_ACQUIRE();
    } else {
        gil_lock_mutex(&h->lock);
        ok = EVP_MAC_update(h->ctx, b->buf, (size_t)b->len);
        pthread_mutex_unlock(&h->lock);
    }
    if (!ok) {
        ssl_error(exc_ValueError, "hmac update failed");
        return -1;
    }
    return 0;
}

static Value m_hmac_new(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"key", "msg", "digestmod", NULL};
    Value a[3];
    if (args_parse("hmac_new", args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    if (!a[2] || IS_NONE(a[2])) return err_set(exc_TypeError, "Missing required parameter 'digestmod'.");
    Buffer key;
    if (obj_getbuffer(a[0], &key, BUF_SIMPLE) < 0) return VNULL;
    const char *py;
    EVP_MD *md = digestmod_md(a[2], &py);
    if (!md) { buffer_release(&key); return VNULL; }
    ObjHmac *h = (ObjHmac *)gc_new(&type_hmac, sizeof(ObjHmac));
    pthread_mutex_init(&h->lock, NULL);
    h->name = py;
    h->digest_size = EVP_MD_get_size(md);
    h->block_size = EVP_MD_get_block_size(md);
    h->ctx = mac_ctx(md, &key);
    EVP_MD_free(md);
    buffer_release(&key);
    if (!h->ctx) return ssl_error(exc_ValueError, "hmac initialisation failed");
    if (a[1] && !IS_NONE(a[1])) {
        Buffer b;
        if (obj_getbuffer(a[1], &b, BUF_SIMPLE) < 0) return VNULL;
        int rc = mac_update(h, &b);
        buffer_release(&b);
        if (rc < 0) return VNULL;
    }
    return OBJ_VAL(h);
}

static Value hm_update(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"msg", NULL};
    Value a[1];
    if (args_parse("update", args + 1, nargs - 1, kw, params, 1, 1, a) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    int rc = mac_update(AS_HMAC(args[0]), &b);
    buffer_release(&b);
    return rc < 0 ? VNULL : NONE;
}

static Value hm_finish(Value self, bool hex)
{
    ObjHmac *h = AS_HMAC(self);
    gil_lock_mutex(&h->lock);
    EVP_MAC_CTX *c = EVP_MAC_CTX_dup(h->ctx);
    pthread_mutex_unlock(&h->lock);
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t n = 0;
    int ok = c && EVP_MAC_final(c, out, &n, sizeof out);
    EVP_MAC_CTX_free(c);
    if (!ok) return ssl_error(exc_ValueError, "hmac digest failed");
    if (!hex) return bytes_new(out, n);
    char s[EVP_MAX_MD_SIZE * 2];
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = "0123456789abcdef"[out[i] >> 4];
        s[2 * i + 1] = "0123456789abcdef"[out[i] & 15];
    }
    return str_new_ascii(s, n * 2);
}
static Value hm_digest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("digest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return hm_finish(args[0], false);
}
static Value hm_hexdigest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hexdigest", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return hm_finish(args[0], true);
}
static Value hm_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjHmac *h = AS_HMAC(args[0]);
    ObjHmac *c = (ObjHmac *)gc_new(&type_hmac, sizeof(ObjHmac));
    pthread_mutex_init(&c->lock, NULL);
    c->name = h->name;
    c->digest_size = h->digest_size;
    c->block_size = h->block_size;
    gil_lock_mutex(&h->lock);
    c->ctx = EVP_MAC_CTX_dup(h->ctx);
    pthread_mutex_unlock(&h->lock);
    if (!c->ctx) return ssl_error(exc_ValueError, "copy failed");
    return OBJ_VAL(c);
}
static Value hmac_repr(Value v)
{
    return str_printf("<%s HMAC object @ %p>", AS_HMAC(v)->name, (void *)AS_OBJ(v));
}
static Value hm_name(Value v) { return str_printf("hmac-%s", AS_HMAC(v)->name); }
static Value hm_digest_size(Value v) { return MK_INT(AS_HMAC(v)->digest_size); }
static Value hm_block_size(Value v) { return MK_INT(AS_HMAC(v)->block_size); }

static Value m_hmac_digest(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"key", "msg", "digest", NULL};
    Value a[3];
    if (args_parse("hmac_digest", args, nargs, kw, params, 3, 3, a) < 0) return VNULL;
    Buffer key, msg;
    if (obj_getbuffer(a[0], &key, BUF_SIMPLE) < 0) return VNULL;
    if (obj_getbuffer(a[1], &msg, BUF_SIMPLE) < 0) { buffer_release(&key); return VNULL; }
    const char *py;
    EVP_MD *md = digestmod_md(a[2], &py);
    Value r = VNULL;
    if (md) {
        EVP_MAC_CTX *c = mac_ctx(md, &key);
        unsigned char out[EVP_MAX_MD_SIZE];
        size_t n = 0;
        int ok = c != NULL;
        if (ok) {
            GIL_RELEASE(BLOCK_COMPUTE);
            ok = EVP_MAC_update(c, msg.buf, (size_t)msg.len) && EVP_MAC_final(c, out, &n, sizeof out);
            GIL_ACQUIRE();
        }
        EVP_MAC_CTX_free(c);
        EVP_MD_free(md);
        r = ok ? bytes_new(out, n) : ssl_error(exc_ValueError, "hmac failed");
    }
    buffer_release(&key);
    buffer_release(&msg);
    return r;
}

/* ---- key derivation -------------------------------------------------------- */

static Value m_pbkdf2_hmac(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"hash_name", "password", "salt", "iterations", "dklen", NULL};
    Value a[5];
    if (args_parse("pbkdf2_hmac", args, nargs, kw, params, 4, 5, a) < 0) return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "pbkdf2_hmac() argument 'hash_name' must be str, not %s", TYPE(a[0])->name);
    int64_t iters, dklen = -1;
    if (obj_as_int64(a[3], &iters) < 0) return VNULL;
    if (iters < 1) return err_set(exc_ValueError, "iteration value must be greater than 0.");
    if (iters > INT32_MAX) return err_set(exc_OverflowError, "iteration value is too great.");
    const char *py;
    EVP_MD *md = fetch_md(str_cstr(AS_STR(a[0])), &py);
    if (!md) return unsupported(str_cstr(AS_STR(a[0])));
    if (a[4] && !IS_NONE(a[4]) && obj_as_int64(a[4], &dklen) < 0) { EVP_MD_free(md); return VNULL; }
    if (dklen == -1 && (!a[4] || IS_NONE(a[4]))) dklen = EVP_MD_get_size(md);
    if (dklen < 1) { EVP_MD_free(md); return err_set(exc_ValueError, "key length must be greater than 0."); }
    if (dklen > INT32_MAX) { EVP_MD_free(md); return err_set(exc_OverflowError, "key length is too great."); }
    Buffer pw, salt;
    if (obj_getbuffer(a[1], &pw, BUF_SIMPLE) < 0) { EVP_MD_free(md); return VNULL; }
    if (obj_getbuffer(a[2], &salt, BUF_SIMPLE) < 0) { buffer_release(&pw); EVP_MD_free(md); return VNULL; }
    ObjBytes *o = bytes_alloc((size_t)dklen);
    int ok;
    GIL_RELEASE(BLOCK_COMPUTE);
    ok = PKCS5_PBKDF2_HMAC((const char *)pw.buf, (int)pw.len, salt.buf, (int)salt.len, (int)iters, md, (int)dklen,
                           o->data);
    GIL_ACQUIRE();
    buffer_release(&pw);
    buffer_release(&salt);
    EVP_MD_free(md);
    if (!ok) return ssl_error(exc_ValueError, "pbkdf2 failed");
    return OBJ_VAL(o);
}

static Value m_scrypt(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"password", "salt", "n", "r", "p", "maxmem", "dklen", NULL};
    Value a[7];
    if (args_parse("scrypt", args, nargs, kw, params, 1, 1, a) < 0) return VNULL;
    if (!a[1] || IS_NONE(a[1])) return err_set(exc_TypeError, "salt is required");
    int64_t n = 0, r = 0, p = 0, maxmem = 0, dklen = 64;
    if (!a[2] || !IS_INT(a[2]) || (n = AS_INT(a[2])) < 0 || n > UINT32_MAX)
        return err_set(exc_TypeError, "n is required and must be an unsigned int");
    if (!a[3] || !IS_INT(a[3]) || (r = AS_INT(a[3])) < 0 || r > UINT32_MAX)
        return err_set(exc_TypeError, "r is required and must be an unsigned int");
    if (!a[4] || !IS_INT(a[4]) || (p = AS_INT(a[4])) < 0 || p > UINT32_MAX)
        return err_set(exc_TypeError, "p is required and must be an unsigned int");
    if (n < 2 || (n & (n - 1))) return err_set(exc_ValueError, "n must be a power of 2.");
    if (a[5] && obj_as_int64(a[5], &maxmem) < 0) return VNULL;
    if (maxmem < 0 || maxmem > INT32_MAX)
        return err_format(exc_ValueError, "maxmem must be positive and smaller than %d", INT32_MAX);
    if (a[6] && obj_as_int64(a[6], &dklen) < 0) return VNULL;
    if (dklen < 1 || dklen > INT32_MAX)
        return err_format(exc_ValueError, "dklen must be greater than 0 and smaller than %d", INT32_MAX);
    Buffer pw, salt;
    if (obj_getbuffer(a[0], &pw, BUF_SIMPLE) < 0) return VNULL;
    if (obj_getbuffer(a[1], &salt, BUF_SIMPLE) < 0) { buffer_release(&pw); return VNULL; }
    /* check the combination first, as CPython does */
    int ok = EVP_PBE_scrypt(NULL, 0, NULL, 0, (uint64_t)n, (uint64_t)r, (uint64_t)p, (uint64_t)maxmem, NULL, 0);
    Value res;
    if (!ok) {
        res = ssl_error(exc_ValueError, "Invalid parameter combination for n, r, p, maxmem.");
    } else {
        ObjBytes *o = bytes_alloc((size_t)dklen);
        GIL_RELEASE(BLOCK_COMPUTE);
        ok = EVP_PBE_scrypt((const char *)pw.buf, (size_t)pw.len, salt.buf, (size_t)salt.len, (uint64_t)n,
                            (uint64_t)r, (uint64_t)p, (uint64_t)maxmem, o->data, (size_t)dklen);
        GIL_ACQUIRE();
        res = ok ? OBJ_VAL(o) : ssl_error(exc_ValueError, "scrypt failed");
    }
    buffer_release(&pw);
    buffer_release(&salt);
    return res;
}

/* ---- compare_digest, get_fips_mode ----------------------------------------- */

static Value m_compare_digest(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("compare_digest", nargs, kw, 2, 2) < 0) return VNULL;
    Value a = args[0], b = args[1];
    const uint8_t *pa, *pb;
    int64_t na, nb;
    Buffer ba, bb;
    bool bufs = false;
    if (IS_STR(a) && IS_STR(b)) {
        if (!AS_STR(a)->ascii || !AS_STR(b)->ascii)
            return err_set(exc_TypeError, "comparing strings with non-ASCII characters is not supported");
        pa = (const uint8_t *)AS_STR(a)->data; na = AS_STR(a)->len;
        pb = (const uint8_t *)AS_STR(b)->data; nb = AS_STR(b)->len;
    } else {
        if (!obj_has_buffer(a) && !obj_has_buffer(b))
            return err_format(exc_TypeError, "unsupported operand types(s) or combination of types: '%s' and '%s'",
                              TYPE(a)->name, TYPE(b)->name);
        if (obj_getbuffer(a, &ba, BUF_SIMPLE) < 0) return VNULL;
        if (obj_getbuffer(b, &bb, BUF_SIMPLE) < 0) { buffer_release(&ba); return VNULL; }
        bufs = true;
        pa = ba.buf; na = ba.len;
        pb = bb.buf; nb = bb.len;
    }
    /* time depends on the length of b only, as CPython's _tscmp */
    bool eq;
    if (na == nb) eq = CRYPTO_memcmp(pa, pb, (size_t)na) == 0;
    else eq = CRYPTO_memcmp(pb, pb, (size_t)nb) != 0;
    if (bufs) { buffer_release(&ba); buffer_release(&bb); }
    return BOOL_V(eq);
}

static Value m_get_fips_mode(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_fips_mode", nargs, kw, 0, 0) < 0) return VNULL;
    return MK_INT(EVP_default_properties_is_fips_enabled(NULL));
}

/* ---- module ---------------------------------------------------------------- */

static const MethodDef hash_methods[] = {
    {"update", h_update}, {"digest", h_digest}, {"hexdigest", h_hexdigest}, {"copy", h_copy}, {NULL, NULL},
};
static const MethodDef xof_methods[] = {{"digest", x_digest}, {"hexdigest", x_hexdigest}, {NULL, NULL}};
static const MethodDef hmac_methods[] = {
    {"update", hm_update}, {"digest", hm_digest}, {"hexdigest", hm_hexdigest}, {"copy", hm_copy}, {NULL, NULL},
};

static Type type_hash = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "HASH",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjHash),
    .finalize = hash_finalize,
    .repr = hash_repr,
};
static Type type_hashxof = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "HASHXOF",
    .base = &type_hash,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjHash),
    .finalize = hash_finalize,
    .repr = hash_repr,
};
static Type type_hmac = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "HMAC",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjHmac),
    .finalize = hmac_finalize,
    .repr = hmac_repr,
};

Value mod_hashlib_init(void)
{
    const char *why = ossl_load();
    if (why)
        return err_format(exc_ImportError, "cannot load libcrypto: %s", why);
    if (!unsupported_error) {
        unsupported_error = module_new_exception("_hashlib", "UnsupportedDigestmodError", OBJ_VAL(exc_ValueError));
        if (!unsupported_error) return VNULL;
        hmac_mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        ObjStr *mod = str_intern_cstr("_hashlib");
        type_hash.module = type_hashxof.module = type_hmac.module = mod;
        type_ready(&type_hash, hash_methods);
        type_ready(&type_hashxof, xof_methods);
        type_ready(&type_hmac, hmac_methods);
        exc_add_getset(&type_hash, "name", get_name, NULL);
        exc_add_getset(&type_hash, "digest_size", get_digest_size, NULL);
        exc_add_getset(&type_hash, "block_size", get_block_size, NULL);
        exc_add_getset(&type_hmac, "name", hm_name, NULL);
        exc_add_getset(&type_hmac, "digest_size", hm_digest_size, NULL);
        exc_add_getset(&type_hmac, "block_size", hm_block_size, NULL);
        gc_add_root_value(&constructors);
    }
    Value m = module_new(str_intern_cstr("_hashlib"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    static const MethodDef fns[] = {
        {"new", m_new}, {"hmac_new", m_hmac_new}, {"hmac_digest", m_hmac_digest},
        {"pbkdf2_hmac", m_pbkdf2_hmac}, {"scrypt", m_scrypt}, {"compare_digest", m_compare_digest},
        {"get_fips_mode", m_get_fips_mode}, {NULL, NULL},
    };
    for (const MethodDef *f = fns; f->name; f++) module_add_fn(mod, f->name, f->fn);
    static const struct { const char *name; NativeFn fn; } ctors[] = {
        {"md5", m_openssl_md5}, {"sha1", m_openssl_sha1}, {"sha224", m_openssl_sha224},
        {"sha256", m_openssl_sha256}, {"sha384", m_openssl_sha384}, {"sha512", m_openssl_sha512},
        {"sha3_224", m_openssl_sha3_224}, {"sha3_256", m_openssl_sha3_256}, {"sha3_384", m_openssl_sha3_384},
        {"sha3_512", m_openssl_sha3_512}, {"shake_128", m_openssl_shake_128}, {"shake_256", m_openssl_shake_256},
        {NULL, NULL},
    };
    constructors = dict_new();
    char fname[32];
    for (int i = 0; ctors[i].name; i++) {
        snprintf(fname, sizeof fname, "openssl_%s", ctors[i].name);
        ObjStr *fn = str_intern_cstr(fname);
        Value f = native_new(fn->data, ctors[i].fn, VNULL);
        module_add(mod, fn->data, f);
        dict_set(constructors, f, str_from_cstr(ctors[i].name));
    }
    module_add(mod, "_constructors", constructors);
    /* the digests this libcrypto provides, by Python name */
    Value meth = set_new(&type_frozenset);
    for (int i = 0; names[i].py; i++) {
        EVP_MD *md = EVP_MD_fetch(NULL, names[i].ossl, NULL);
        if (md) set_add(meth, str_from_cstr(names[i].py));
        EVP_MD_free(md);
    }
    ERR_clear_error();
    module_add(mod, "openssl_md_meth_names", meth);
    module_add(mod, "HASH", OBJ_VAL(&type_hash));
    module_add(mod, "HASHXOF", OBJ_VAL(&type_hashxof));
    module_add(mod, "HMAC", OBJ_VAL(&type_hmac));
    module_add(mod, "UnsupportedDigestmodError", unsupported_error);
    return m;
}
