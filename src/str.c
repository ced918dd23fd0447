/* str.c — the str type: immutable UTF-8 text, its iterator, the intern
 * table, StrBuf and the UTF-8 helpers.
 *
 * A str stores UTF-8 bytes plus its code-point count; `ascii` (len == ncp)
 * makes indexing O(1) for the common case, other strings walk from the
 * nearer end.  Because UTF-8 byte order is code-point order, comparison is
 * memcmp, and most searching methods (find, split, replace, …) work on
 * bytes and only convert offsets to code-point indexes at the end.
 *
 * Interned strings are kept in one open-addressing table that lives for
 * the whole run; str_mark_interned() marks it for the collector.  The
 * one-character ASCII strings and '' are interned and cached.
 */
#include <errno.h>
#include <stdarg.h>

#include "gc.h"
#include "str.h"
#include "codec.h"
#include "unicode.h"
#include "vm.h"

/* ---- allocation ------------------------------------------------------- */

static ObjStr *char_cache[128];
static ObjStr *empty_str;

static ObjStr *str_alloc(size_t len)
{
    /* only the header is zeroed: the caller writes every data byte */
    ObjStr *s = (ObjStr *)gc_new_data(&type_str, sizeof(ObjStr), sizeof(ObjStr) + len + 1);
    s->len = (int64_t)len;
    s->hash = -1;
    s->data = (char *)(s + 1);
    s->data[len] = 0;
    return s;
}

/* Growing strings in place.
 *
 * CPython makes `s += t` in a loop linear by resizing s when its reference
 * count says nobody else sees it.  baton has no reference counts, so it
 * shares storage instead: a concatenation result of some size is allocated
 * with room to spare (an "owner", STR_OWNER).  When the longest string
 * living in that storage is concatenated again, the new bytes are written
 * right after it and the result is a new string object pointing into the
 * same storage (its `owner` keeps the storage alive).  Every older string
 * keeps its bytes and length; it only loses the NUL after its last byte,
 * which STR_NO_NUL records and str_cstr() repairs on demand. */
typedef struct { int64_t cap, used; } StrGrow;
#define GROW_MIN 64

static StrGrow *grow_of(ObjStr *owner) { return (StrGrow *)(void *)(owner + 1); }

/* NULL when the system refuses (the caller raises MemoryError). */
static ObjStr *str_alloc_owner(size_t len, size_t cap)
{
    if (cap > ((size_t)1 << 62))
        return NULL;
    ObjStr *s = (ObjStr *)gc_try_new_data(&type_str, sizeof(ObjStr) + sizeof(StrGrow),
                                          sizeof(ObjStr) + sizeof(StrGrow) + cap + 1);
    if (!s)
        return NULL;
    s->len = (int64_t)len;
    s->hash = -1;
    s->obj.obj_flags |= STR_OWNER;
    StrGrow *g = grow_of(s);
    g->cap = (int64_t)cap;
    g->used = (int64_t)len;
    s->data = (char *)(g + 1);
    s->data[len] = 0;
    return s;
}

static void str_trace(Obj *o)
{
    ObjStr *s = (ObjStr *)o;
    if (s->owner)
        gc_mark_obj((Obj *)s->owner);
}

const char *str_cstr(ObjStr *s)
{
    if (!(s->obj.obj_flags & STR_NO_NUL))
        return s->data;
    ObjStr *copy = str_alloc((size_t)s->len);
    memcpy(copy->data, s->data, (size_t)s->len);
    s->data = copy->data;
    s->owner = copy;
    s->obj.obj_flags &= ~STR_NO_NUL;
    return s->data;
}

/* Count code points (non-continuation bytes); 8 bytes at a time when the
 * text is ASCII. */
static int64_t count_cps(const char *s, size_t len)
{
    size_t i = 0;
    int64_t n = 0;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (!(w & 0x8080808080808080ull)) { n += 8; i += 8; continue; }
        for (int k = 0; k < 8; k++) n += ((uint8_t)s[i + k] & 0xC0) != 0x80;
        i += 8;
    }
    for (; i < len; i++) n += ((uint8_t)s[i] & 0xC0) != 0x80;
    return n;
}

static void set_ncp(ObjStr *s)
{
    s->ncp = count_cps(s->data, (size_t)s->len);
    s->ascii = s->ncp == s->len;
}

Value str_empty(void)
{
    if (!empty_str) empty_str = str_intern("", 0);
    return OBJ_VAL(empty_str);
}

Value str_new(const char *s, size_t len)
{
    if (len <= 1) {
        if (len == 0) return str_empty();
        if (!((uint8_t)s[0] & 0x80)) return str_from_cp((uint8_t)s[0]);
    }
    ObjStr *o = str_alloc(len);
    memcpy(o->data, s, len);
    set_ncp(o);
    return OBJ_VAL(o);
}

Value str_from_cstr(const char *s) { return str_new(s, strlen(s)); }

Value str_new_ascii(const char *s, size_t len)
{
    if (len <= 1) return str_new(s, len);
    ObjStr *o = str_alloc(len);
    memcpy(o->data, s, len);
    o->ncp = (int64_t)len;
    o->ascii = true;
    return OBJ_VAL(o);
}

/* A new string of exactly len bytes whose contents the caller writes,
 * then finishes with set_ncp (or sets ncp/ascii itself). */
static ObjStr *str_raw(size_t len)
{
    /* NULL when the system refuses (the caller raises MemoryError) */
    if (len > ((size_t)1 << 62))
        return NULL;
    ObjStr *s = (ObjStr *)gc_try_new_data(&type_str, sizeof(ObjStr), sizeof(ObjStr) + len + 1);
    if (!s)
        return NULL;
    s->len = (int64_t)len;
    s->hash = -1;
    s->data = (char *)(s + 1);
    s->data[len] = 0;
    return s;
}

/* ---- UTF-8 ------------------------------------------------------------ */

uint32_t utf8_decode(const char *p, size_t n, int *len)
{
    const uint8_t *s = (const uint8_t *)p;
    uint8_t c = s[0];
    if (c < 0x80 || n < 2) { *len = 1; return c; }
    if ((c & 0xE0) == 0xC0) { *len = 2; return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F); }
    if ((c & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((c & 0xF8) == 0xF0 && n >= 4) {
        *len = 4;
        return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
    *len = 1;
    return c;
}

int utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool valid_utf8(const char *p, size_t len, bool surrogates)
{
    const uint8_t *s = (const uint8_t *)p, *e = s + len;
    while (s < e) {
        uint8_t c = *s;
        if (c < 0x80) { s++; continue; }
        int n;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (e - s < n) return false;
        for (int i = 1; i < n; i++) {
            if ((s[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (!surrogates && cp >= 0xD800 && cp <= 0xDFFF)) return false;
        s += n;
    }
    return true;
}

bool utf8_valid(const char *p, size_t len) { return valid_utf8(p, len, false); }
bool str_valid_internal(const char *p, size_t len) { return valid_utf8(p, len, true); }

Value str_from_cp(uint32_t cp)
{
    if (cp < 128) {
        if (!char_cache[cp]) {
            char c = (char)cp;
            char_cache[cp] = str_intern(&c, 1);
        }
        return OBJ_VAL(char_cache[cp]);
    }
    char buf[4];
    int n = utf8_encode(cp, buf);
    ObjStr *o = str_alloc((size_t)n);
    memcpy(o->data, buf, (size_t)n);
    o->ncp = 1;
    o->ascii = 0;
    return OBJ_VAL(o);
}

int64_t str_byte_offset(ObjStr *s, int64_t i)
{
    if (s->ascii) return i;
    const uint8_t *d = (const uint8_t *)s->data;
    if (i <= s->ncp / 2) {
        int64_t off = 0;
        while (i > 0) {
            off++;
            while (off < s->len && (d[off] & 0xC0) == 0x80) off++;
            i--;
        }
        return off;
    }
    int64_t off = s->len, k = s->ncp - i;
    while (k > 0) {
        off--;
        while (off > 0 && (d[off] & 0xC0) == 0x80) off--;
        k--;
    }
    return off;
}

/* Code-point index of byte offset off (off at a character boundary). */
static int64_t cp_index(ObjStr *s, int64_t off)
{
    if (s->ascii) return off;
    return count_cps(s->data, (size_t)off);
}

/* ---- hashing and interning -------------------------------------------- */

/* str and bytes hash as CPython 3.11's: SipHash-1-3 (Aumasson and
 * Bernstein's SipHash with one compression and three finalization rounds)
 * over the bytes CPython hashes, keyed by the process's hash secret.
 * PYTHONHASHSEED=0 makes the key zero, a number N derives it by CPython's
 * linear congruential generator, and unset or "random" draws it from the
 * system: so str sets iterate in CPython's order under the same seed. */
static uint64_t sip_k0, sip_k1;
int str_hash_randomized = 1;

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND(v0, v1, v2, v3)                                                   \
    do {                                                                            \
        v0 += v1; v1 = ROTL64(v1, 13); v1 ^= v0; v0 = ROTL64(v0, 32);               \
        v2 += v3; v3 = ROTL64(v3, 16); v3 ^= v2;                                    \
        v0 += v3; v3 = ROTL64(v3, 21); v3 ^= v0;                                    \
        v2 += v1; v1 = ROTL64(v1, 17); v1 ^= v2; v2 = ROTL64(v2, 32);               \
    } while (0)

static uint64_t siphash13(const uint8_t *p, size_t n)
{
    uint64_t v0 = sip_k0 ^ 0x736f6d6570736575ull, v1 = sip_k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = sip_k0 ^ 0x6c7967656e657261ull, v3 = sip_k1 ^ 0x7465646279746573ull;
    uint64_t last = (uint64_t)n << 56;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t m = 0;
        for (int i = 0; i < 8; i++)
            m |= (uint64_t)p[i] << (8 * i);
        v3 ^= m;
        SIP_ROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    for (size_t i = 0; i < n; i++)
        last |= (uint64_t)p[i] << (8 * i);
    v3 ^= last;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    for (int i = 0; i < 3; i++)
        SIP_ROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

int str_hash_seed(const char *env)
{
    uint8_t key[16];
    if (env && *env && strcmp(env, "random") != 0) {
        char *end;
        errno = 0;
        unsigned long long seed = strtoull(env, &end, 10);
        if (*end || errno || seed > 4294967295ull || env[0] == '-')
            return -1;
        uint32_t x = (uint32_t)seed;
        for (int i = 0; i < 16; i++) {
            x = x * 214013u + 2531011u;
            key[i] = (uint8_t)((x >> 16) & 0xff);
        }
        if (seed == 0)
            memset(key, 0, sizeof key);
        str_hash_randomized = seed != 0;
    } else {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(key, 1, sizeof key, f) != sizeof key)
            memset(key, 0x5a, sizeof key); /* no entropy: still a valid key */
        if (f)
            fclose(f);
    }
    sip_k0 = sip_k1 = 0;
    for (int i = 0; i < 8; i++) {
        sip_k0 |= (uint64_t)key[i] << (8 * i);
        sip_k1 |= (uint64_t)key[8 + i] << (8 * i);
    }
    return 0;
}

int64_t str_hash_bytes(const void *p, size_t n)
{
    if (n == 0)
        return 0;
    int64_t h = (int64_t)siphash13((const uint8_t *)p, n);
    return h == -1 ? -2 : h;
}

/* The hash of UTF-8 text (generalized: surrogates are code points) as
 * CPython hashes its own form of it: one, two or four bytes per code point
 * (the widest one decides), little-endian. */
static int64_t hash_utf8(const char *d, int64_t len)
{
    uint32_t maxcp = 0;
    int64_t ncp = 0;
    int w;
    for (int64_t i = 0; i < len; i += w, ncp++) {
        uint32_t c = utf8_decode(d + i, (size_t)(len - i), &w);
        if (c > maxcp) maxcp = c;
    }
    if (maxcp < 0x80)
        return str_hash_bytes(d, (size_t)len);
    size_t kind = maxcp < 0x100 ? 1 : maxcp < 0x10000 ? 2 : 4;
    uint8_t small[512];
    size_t bytes = (size_t)ncp * kind;
    uint8_t *buf = bytes <= sizeof small ? small : mem_alloc(bytes);
    size_t k = 0;
    for (int64_t i = 0; i < len; i += w) {
        uint32_t c = utf8_decode(d + i, (size_t)(len - i), &w);
        for (size_t j = 0; j < kind; j++)
            buf[k++] = (uint8_t)(c >> (8 * j));
    }
    int64_t h = str_hash_bytes(buf, bytes);
    if (buf != small)
        mem_free(buf, bytes);
    return h;
}

int64_t str_hash(ObjStr *s)
{
    if (s->hash != -1) return s->hash;
    s->hash = s->ascii ? str_hash_bytes(s->data, (size_t)s->len) : hash_utf8(s->data, s->len);
    return s->hash;
}

bool str_eq(ObjStr *a, ObjStr *b)
{
    if (a == b) return true;
    if (a->len != b->len) return false;
    if (a->interned && b->interned) return false;
    if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
    return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

static ObjStr **itab;      /* open addressing, NULL = empty */
static size_t itab_cap, itab_len;

static void itab_grow(void)
{
    size_t ncap = itab_cap ? itab_cap * 2 : 1024;
    ObjStr **nt = mem_calloc(ncap, sizeof(ObjStr *));
    for (size_t i = 0; i < itab_cap; i++) {
        ObjStr *s = itab[i];
        if (!s) continue;
        size_t j = (size_t)s->hash & (ncap - 1);
        while (nt[j]) j = (j + 1) & (ncap - 1);
        nt[j] = s;
    }
    if (itab) mem_free(itab, itab_cap * sizeof(ObjStr *));
    itab = nt;
    itab_cap = ncap;
}

/* Find s's twin in the table, or insert `add` (if not NULL). */
static ObjStr *itab_find(const char *s, size_t len, int64_t h, ObjStr *add)
{
    if ((itab_len + 1) * 2 > itab_cap) itab_grow();
    size_t j = (size_t)h & (itab_cap - 1);
    while (itab[j]) {
        ObjStr *o = itab[j];
        if (o->hash == h && (size_t)o->len == len && memcmp(o->data, s, len) == 0) return o;
        j = (j + 1) & (itab_cap - 1);
    }
    if (!add) {
        add = str_alloc(len);
        memcpy(add->data, s, len);
        set_ncp(add);
        add->hash = h;
    }
    add->interned = 1;
    itab[j] = add;
    itab_len++;
    return add;
}

ObjStr *str_intern(const char *s, size_t len)
{
    return itab_find(s, len, hash_utf8(s, (int64_t)len), NULL);
}

ObjStr *str_intern_cstr(const char *s) { return str_intern(s, strlen(s)); }

ObjStr *str_intern_obj(ObjStr *s)
{
    if (s->interned) return s;
    /* A string that shares growable storage is not interned itself: its
     * terminating NUL could be overwritten, and names are used as C
     * strings.  Intern a private copy instead. */
    bool shared = s->owner || (s->obj.obj_flags & (STR_OWNER | STR_NO_NUL));
    return itab_find(s->data, (size_t)s->len, str_hash(s), shared ? NULL : s);
}

void str_mark_interned(void)
{
    for (size_t i = 0; i < itab_cap; i++)
        if (itab[i]) gc_mark_obj(&itab[i]->obj);
}

/* ---- StrBuf ----------------------------------------------------------- */

void sb_init(StrBuf *b) { b->data = NULL; b->len = b->cap = 0; }

static void sb_reserve(StrBuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1) ncap *= 2;
    b->data = b->data ? mem_realloc(b->data, b->cap, ncap) : mem_alloc(ncap);
    b->cap = ncap;
}

void sb_add(StrBuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void sb_adds(StrBuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_addc(StrBuf *b, char c)
{
    if (b->len + 2 > b->cap) sb_reserve(b, 1);
    b->data[b->len++] = c;
}

static void sb_addcp(StrBuf *b, uint32_t cp)
{
    char buf[4];
    sb_add(b, buf, (size_t)utf8_encode(cp, buf));
}

static void sb_vprintf(StrBuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    sb_reserve(b, 64);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    if (n < 0) { va_end(ap2); return; }
    if ((size_t)n >= b->cap - b->len) {
        sb_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    }
    va_end(ap2);
    b->len += (size_t)n;
}

void sb_printf(StrBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

int sb_addv(StrBuf *b, Value v, bool repr)
{
    Value s = repr ? obj_repr(v) : (IS_STR(v) ? v : obj_str(v));
    if (!s) return -1;
    if (!STR_CHECK(s)) { err_set(exc_TypeError, "__str__ returned non-string"); return -1; }
    sb_add(b, AS_STR(s)->data, (size_t)AS_STR(s)->len);
    return 0;
}

Value sb_finish(StrBuf *b)
{
    Value r = str_new(b->data ? b->data : "", b->len);
    sb_free(b);
    return r;
}

void sb_free(StrBuf *b)
{
    if (b->data) mem_free(b->data, b->cap);
    sb_init(b);
}

Value str_printf(const char *fmt, ...)
{
    StrBuf b;
    sb_init(&b);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    return sb_finish(&b);
}

/* ---- repr ------------------------------------------------------------- */

Value str_repr(Value v)
{
    ObjStr *s = AS_STR(v);
    const char *d = s->data;
    bool has_sq = memchr(d, '\'', (size_t)s->len) != NULL;
    bool has_dq = memchr(d, '"', (size_t)s->len) != NULL;
    char q = has_sq && !has_dq ? '"' : '\'';
    StrBuf b;
    sb_init(&b);
    sb_reserve(&b, (size_t)s->len + 2);
    sb_addc(&b, q);
    for (int64_t i = 0; i < s->len;) {
        uint8_t c = (uint8_t)d[i];
        if (c < 0x80) {
            i++;
            if (c == (uint8_t)q || c == '\\') { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
            else if (c == '\n') sb_add(&b, "\\n", 2);
            else if (c == '\r') sb_add(&b, "\\r", 2);
            else if (c == '\t') sb_add(&b, "\\t", 2);
            else if (c < 0x20 || c == 0x7f) sb_printf(&b, "\\x%02x", c);
            else sb_addc(&b, (char)c);
            continue;
        }
        int n;
        uint32_t cp = utf8_decode(d + i, (size_t)(s->len - i), &n);
        if (unicode_isprintable(cp)) sb_add(&b, d + i, (size_t)n);
        else if (cp < 0x100) sb_printf(&b, "\\x%02x", cp);
        else if (cp < 0x10000) sb_printf(&b, "\\u%04x", cp);
        else sb_printf(&b, "\\U%08x", cp);
        i += n;
    }
    sb_addc(&b, q);
    return sb_finish(&b);
}

/* ---- core operations -------------------------------------------------- */

Value str_concat(Value a, Value b)
{
    ObjStr *x = AS_STR(a), *y = AS_STR(b);
    if (y->len == 0) return a;
    if (x->len == 0) return b;
    size_t total = (size_t)(x->len + y->len);
    ObjStr *own = x->owner ? x->owner : x;
    if (own->obj.obj_flags & STR_OWNER) {
        StrGrow *g = grow_of(own);
        char *end = x->data + x->len;
        if (end == own->data + g->used && g->used + y->len <= g->cap) {
            /* x is the longest string in this storage: append after it. */
            memcpy(end, y->data, (size_t)y->len);
            end[y->len] = 0;
            g->used += y->len;
            x->obj.obj_flags |= STR_NO_NUL;
            ObjStr *o = (ObjStr *)gc_new(&type_str, sizeof(ObjStr));
            o->len = (int64_t)total;
            o->hash = -1;
            o->data = x->data;
            o->owner = own;
            o->ncp = x->ncp + y->ncp;
            o->ascii = x->ascii && y->ascii;
            return OBJ_VAL(o);
        }
    }
    ObjStr *o = total >= GROW_MIN ? str_alloc_owner(total, total * 2) : str_raw(total);
    if (!o && total >= GROW_MIN) o = str_raw(total); /* no room to spare */
    if (!o) return err_no_memory();
    memcpy(o->data, x->data, (size_t)x->len);
    memcpy(o->data + x->len, y->data, (size_t)y->len);
    o->ncp = x->ncp + y->ncp;
    o->ascii = x->ascii && y->ascii;
    return OBJ_VAL(o);
}

static Value str_repeat(ObjStr *s, Value count)
{
    int64_t n;
    if (IS_BIGINT(count)) return err_set(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    n = IS_INT(count) ? AS_INT(count) : (count == TRUE_V);
    if (n <= 0 || s->len == 0) return str_empty();
    if (n == 1) return OBJ_VAL(s);
    if (s->len > ((int64_t)1 << 40) / n) return err_no_memory();
    size_t total = (size_t)(s->len * n);
    ObjStr *o = str_raw(total);
    if (!o) return err_no_memory();
    memcpy(o->data, s->data, (size_t)s->len);
    size_t done = (size_t)s->len;
    while (done < total) {
        size_t k = done < total - done ? done : total - done;
        memcpy(o->data + done, o->data, k);
        done += k;
    }
    o->ncp = s->ncp * n;
    o->ascii = s->ascii;
    return OBJ_VAL(o);
}

static bool is_builtin_type(Value v) { return !(TYPE(v)->flags & TF_HEAPTYPE); }

static Value str_nb_add(Value a, Value b)
{
    if (STR_CHECK(a) && STR_CHECK(b)) {
        if (UNLIKELY(!IS_STR(a) || !IS_STR(b))) {
            a = str_exact(a);
            b = a ? str_exact(b) : VNULL;
            if (!b) return VNULL;
        }
        return str_concat(a, b);
    }
    if (STR_CHECK(a) && is_builtin_type(b))
        return err_format(exc_TypeError, "can only concatenate str (not \"%s\") to str", TYPE(b)->name);
    return NOTIMPL;
}

static Value str_nb_mul(Value a, Value b)
{
    Value s = STR_CHECK(a) ? a : b, n = STR_CHECK(a) ? b : a;
    if (!STR_CHECK(s)) return NOTIMPL;
    if (UNLIKELY(!IS_STR(s)) && !(s = str_exact(s))) return VNULL;
    if (int_check(n)) return str_repeat(AS_STR(s), int_exact(n));
    if (STR_CHECK(a) && !is_builtin_type(b)) return NOTIMPL;
    if (!STR_CHECK(a) && !is_builtin_type(a)) return NOTIMPL;
    if (TYPE(n)->nb_int && !IS_FLOAT(n) && !is_builtin_type(n)) {
        Value i = obj_index(n);
        if (!i) return VNULL;
        return str_repeat(AS_STR(s), i);
    }
    return err_format(exc_TypeError, "can't multiply sequence by non-int of type '%s'", TYPE(n)->name);
}

static Value str_nb_mod(Value a, Value b)
{
    if (!STR_CHECK(a)) return NOTIMPL;
    if (UNLIKELY(!IS_STR(a)) && !(a = str_exact(a))) return VNULL;
    return str_mod_format(a, b);
}

static Value str_richcmp(Value a, Value b, int op)
{
    if (!STR_CHECK(a) || !STR_CHECK(b)) return NOTIMPL;
    ObjStr *x = AS_STR(a), *y = AS_STR(b);
    if (op == CMP_EQ) return BOOL_V(str_eq(x, y));
    if (op == CMP_NE) return BOOL_V(!str_eq(x, y));
    int64_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, (size_t)n);
    if (c == 0) c = (x->len > y->len) - (x->len < y->len);
    switch (op) {
    case CMP_LT: return BOOL_V(c < 0);
    case CMP_LE: return BOOL_V(c <= 0);
    case CMP_GT: return BOOL_V(c > 0);
    default: return BOOL_V(c >= 0);
    }
}

static int str_hash_slot(Value v, int64_t *out) { *out = str_hash(AS_STR(v)); return 0; }
static int64_t str_len_slot(Value v) { return AS_STR(v)->ncp; }
/* str(s): s itself, or for a subclass instance an exact str copy. */
Value str_exact(Value v)
{
    if (IS_STR(v)) return v;
    ObjStr *s = AS_STR(v);
    return str_new(s->data, (size_t)s->len);
}
static Value str_str_slot(Value v) { return str_exact(v); }
static int str_truth(Value v) { return AS_STR(v)->len != 0; }

static Value str_getitem(Value self, Value key)
{
    ObjStr *s = AS_STR(self);
    if (IS_INT(key) || IS_BOOL(key)) {
        int64_t i = IS_INT(key) ? AS_INT(key) : (key == TRUE_V);
        if (i < 0) i += s->ncp;
        if (i < 0 || i >= s->ncp) return err_set(exc_IndexError, "string index out of range");
        if (s->ascii) return str_from_cp((uint8_t)s->data[i]);
        int64_t off = str_byte_offset(s, i);
        int n;
        uint32_t cp = utf8_decode(s->data + off, (size_t)(s->len - off), &n);
        return str_from_cp(cp);
    }
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        int64_t start, stop, step, n;
        if (slice_indices(key, s->ncp, &start, &stop, &step, &n) < 0) return VNULL;
        if (n <= 0) return str_empty();
        if (step == 1) {
            if (n == s->ncp) return self;
            int64_t b0 = str_byte_offset(s, start);
            int64_t b1 = s->ascii ? stop : b0 + (str_byte_offset(s, stop) - b0);
            ObjStr *o = str_raw((size_t)(b1 - b0));
            if (!o) return err_no_memory();
            memcpy(o->data, s->data + b0, (size_t)(b1 - b0));
            o->ncp = n;
            o->ascii = s->ascii || (b1 - b0) == n;
            if (n == 1 && o->ascii) return str_from_cp((uint8_t)o->data[0]);
            return OBJ_VAL(o);
        }
        if (s->ascii) {
            ObjStr *o = str_raw((size_t)n);
            if (!o) return err_no_memory();
            for (int64_t k = 0, i = start; k < n; k++, i = slice_next(i, step)) o->data[k] = s->data[i];
            o->ncp = n;
            o->ascii = 1;
            return OBJ_VAL(o);
        }
        /* non-ASCII with a step: collect byte offsets of every code point */
        int64_t *offs = mem_alloc((size_t)(s->ncp + 1) * sizeof(int64_t));
        int64_t k = 0;
        for (int64_t off = 0; off < s->len; off++)
            if (((uint8_t)s->data[off] & 0xC0) != 0x80) offs[k++] = off;
        offs[k] = s->len;
        StrBuf b;
        sb_init(&b);
        for (int64_t j = 0, i = start; j < n; j++, i = slice_next(i, step))
            sb_add(&b, s->data + offs[i], (size_t)(offs[i + 1] - offs[i]));
        mem_free(offs, (size_t)(s->ncp + 1) * sizeof(int64_t));
        return sb_finish(&b);
    }
    if (IS_BIGINT(key)) return err_set(exc_IndexError, "cannot fit 'int' into an index-sized integer");
    if (!IS_FLOAT(key) && !is_builtin_type(key) && TYPE(key)->nb_int) {
        Value i = obj_index(key);
        if (!i) return VNULL;
        return str_getitem(self, i);
    }
    return err_format(exc_TypeError, "string indices must be integers, not '%s'", TYPE(key)->name);
}

static int str_contains(Value self, Value item)
{
    if (!STR_CHECK(item)) {
        err_format(exc_TypeError, "'in <string>' requires string as left operand, not %s", TYPE(item)->name);
        return -1;
    }
    ObjStr *s = AS_STR(self), *sub = AS_STR(item);
    if (sub->len == 0) return 1;
    if (sub->len == 1) return memchr(s->data, sub->data[0], (size_t)s->len) != NULL;
    return memmem(s->data, (size_t)s->len, sub->data, (size_t)sub->len) != NULL;
}

/* ---- the iterator ----------------------------------------------------- */

typedef struct { Obj obj; ObjStr *s; int64_t off; } ObjStrIter;

static void striter_trace(Obj *o) { gc_mark_obj(&((ObjStrIter *)o)->s->obj); }

static Value striter_next(Value v)
{
    ObjStrIter *it = (ObjStrIter *)AS_OBJ(v);
    ObjStr *s = it->s;
    if (it->off >= s->len) return VNULL;
    uint8_t c = (uint8_t)s->data[it->off];
    if (c < 0x80) { it->off++; return str_from_cp(c); }
    int n;
    utf8_decode(s->data + it->off, (size_t)(s->len - it->off), &n);
    Value r = str_new(s->data + it->off, (size_t)n);
    it->off += n;
    return r;
}

static Value iter_self(Value v) { return v; }

static Value striter_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs; (void)kw;
    ObjStrIter *it = (ObjStrIter *)AS_OBJ(args[0]);
    return MK_INT(it->s->ascii ? it->s->len - it->off : count_cps(it->s->data + it->off, (size_t)(it->s->len - it->off)));
}

static Type type_striter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "str_iterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjStrIter),
    .trace = striter_trace,
    .iter = iter_self,
    .next = striter_next,
};

static Value str_iter(Value v)
{
    ObjStrIter *it = (ObjStrIter *)gc_new(&type_striter, sizeof(ObjStrIter));
    it->s = AS_STR(v);
    it->off = 0;
    return OBJ_VAL(it);
}

/* ---- join ------------------------------------------------------------- */

Value str_join(Value sep, Value iterable)
{
    Value seq = iterable;
    if (!IS_LIST(seq) && !IS_TUPLE(seq)) {
        seq = obj_to_list(iterable);
        if (!seq) return VNULL;
    }
    Value *items = IS_LIST(seq) ? AS_LIST(seq)->items : AS_TUPLE(seq)->items;
    int64_t n = IS_LIST(seq) ? AS_LIST(seq)->len : AS_TUPLE(seq)->len;
    ObjStr *s = AS_STR(sep);
    if (n == 0) return str_empty();
    if (n == 1 && IS_STR(items[0])) return items[0];
    size_t total = (size_t)(s->len * (n - 1));
    int64_t ncp = s->ncp * (n - 1);
    bool ascii = s->ascii;
    for (int64_t i = 0; i < n; i++) {
        if (!STR_CHECK(items[i]))
            return err_format(exc_TypeError, "sequence item %lld: expected str instance, %s found",
                              (long long)i, TYPE(items[i])->name);
        ObjStr *it = AS_STR(items[i]);
        total += (size_t)it->len;
        ncp += it->ncp;
        ascii = ascii && it->ascii;
    }
    ObjStr *o = str_raw(total);
    if (!o) return err_no_memory();
    char *p = o->data;
    for (int64_t i = 0; i < n; i++) {
        ObjStr *it = AS_STR(items[i]);
        if (i && s->len) { memcpy(p, s->data, (size_t)s->len); p += s->len; }
        memcpy(p, it->data, (size_t)it->len);
        p += it->len;
    }
    o->ncp = ncp;
    o->ascii = ascii;
    return OBJ_VAL(o);
}

/* ---- method helpers --------------------------------------------------- */

static Value bad_self(const char *name, int nargs, Value self)
{
    if (nargs < 1) return err_format(exc_TypeError, "unbound method str.%s() needs an argument", name);
    return err_format(exc_TypeError, "descriptor '%s' for 'str' objects doesn't apply to a '%s' object",
                      name, TYPE(self)->name);
}

/* A method works on an exact str: a subclass instance is copied first, so
 * results that are "self unchanged" are plain strs, as in CPython. */
#define SELF(name)                                                            \
    if (nargs < 1 || !STR_CHECK(args[0])) return bad_self(name, nargs, nargs ? args[0] : VNULL); \
    if (UNLIKELY(!IS_STR(args[0])) && !(args[0] = str_exact(args[0]))) return VNULL; \
    ObjStr *self = AS_STR(args[0])
/* positional-only arguments after self: min..max of them */
#define ARGS(name, min, max)                                                  \
    SELF(name);                                                               \
    if (args_check(name, nargs - 1, kw, min, max) < 0) return VNULL

static Value need_str(Value v, const char *what)
{
    return err_format(exc_TypeError, "%s must be str, not %s", what, TYPE(v)->name);
}

/* start/end (code points, None allowed) -> clamped byte range */
static int sub_range(ObjStr *s, Value vs, Value ve, int64_t *bs, int64_t *be, int64_t *cs)
{
    int64_t start = 0, end = s->ncp;
    if (vs && !IS_NONE(vs)) {
        Value i = obj_index(vs);
        if (!i) {
            err_clear();
            err_set(exc_TypeError, "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        start = IS_INT(i) ? AS_INT(i) : (int_sign(i) < 0 ? -INT64_MAX / 2 : INT64_MAX / 2);
    }
    if (ve && !IS_NONE(ve)) {
        Value i = obj_index(ve);
        if (!i) {
            err_clear();
            err_set(exc_TypeError, "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        end = IS_INT(i) ? AS_INT(i) : (int_sign(i) < 0 ? -INT64_MAX / 2 : INT64_MAX / 2);
    }
    if (start < 0) { start += s->ncp; if (start < 0) start = 0; }
    if (end < 0) { end += s->ncp; if (end < 0) end = 0; }
    if (end > s->ncp) end = s->ncp;
    if (start > s->ncp) { *bs = s->len + 1; *be = s->len; *cs = start; return 0; } /* empty, start past end */
    if (end < start) end = start - 1; /* mark empty */
    *cs = start;
    *bs = str_byte_offset(s, start);
    *be = end < start ? *bs - 1 : str_byte_offset(s, end);
    return 0;
}

static Value str_slice_bytes(ObjStr *s, int64_t b0, int64_t b1)
{
    if (b0 == 0 && b1 == s->len) return OBJ_VAL(s);
    return str_new(s->data + b0, (size_t)(b1 - b0));
}

/* find/rfind core: byte offset of sub in [bs, be) or -1 */
static int64_t find_bytes(ObjStr *s, ObjStr *sub, int64_t bs, int64_t be, bool rev)
{
    if (be < bs) return -1;
    int64_t n = be - bs;
    if (sub->len > n) return -1;
    if (sub->len == 0) return rev ? be : bs;
    if (!rev) {
        const char *p = memmem(s->data + bs, (size_t)n, sub->data, (size_t)sub->len);
        return p ? p - s->data : -1;
    }
    for (int64_t i = be - sub->len; i >= bs; i--)
        if (s->data[i] == sub->data[0] && memcmp(s->data + i, sub->data, (size_t)sub->len) == 0) return i;
    return -1;
}

static Value find_common(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev, bool raise)
{
    ARGS(name, 1, 3);
    if (!STR_CHECK(args[1]))
        return err_format(exc_TypeError, "must be str, not %s", TYPE(args[1])->name);
    int64_t bs, be, cs;
    if (sub_range(self, nargs > 2 ? args[2] : VNULL, nargs > 3 ? args[3] : VNULL, &bs, &be, &cs) < 0) return VNULL;
    int64_t r = find_bytes(self, AS_STR(args[1]), bs, be, rev);
    if (r < 0) {
        if (raise) return err_set(exc_ValueError, "substring not found");
        return MK_INT(-1);
    }
    return MK_INT(cp_index(self, r));
}

static Value m_find(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "find", false, false); }
static Value m_rfind(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rfind", true, false); }
static Value m_index(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "index", false, true); }
static Value m_rindex(Value *a, int n, ObjTuple *k) { return find_common(a, n, k, "rindex", true, true); }

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("count", 1, 3);
    if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "must be str, not %s", TYPE(args[1])->name);
    ObjStr *sub = AS_STR(args[1]);
    int64_t bs, be, cs;
    if (sub_range(self, nargs > 2 ? args[2] : VNULL, nargs > 3 ? args[3] : VNULL, &bs, &be, &cs) < 0) return VNULL;
    if (be < bs) return MK_INT(0);
    if (sub->len == 0) return MK_INT(count_cps(self->data + bs, (size_t)(be - bs)) + 1);
    int64_t c = 0;
    const char *p = self->data + bs, *e = self->data + be;
    while (p + sub->len <= e) {
        const char *q = memmem(p, (size_t)(e - p), sub->data, (size_t)sub->len);
        if (!q) break;
        c++;
        p = q + sub->len;
    }
    return MK_INT(c);
}

static Value starts_ends(Value *args, int nargs, ObjTuple *kw, const char *name, bool ends)
{
    ARGS(name, 1, 3);
    int64_t bs, be, cs;
    if (sub_range(self, nargs > 2 ? args[2] : VNULL, nargs > 3 ? args[3] : VNULL, &bs, &be, &cs) < 0) return VNULL;
    Value pre = args[1];
    int64_t np = 1;
    Value *items = &pre;
    if (IS_TUPLE(pre)) { items = AS_TUPLE(pre)->items; np = AS_TUPLE(pre)->len; }
    else if (!STR_CHECK(pre))
        return err_format(exc_TypeError, "%s first arg must be str or a tuple of str, not %s", name, TYPE(pre)->name);
    for (int64_t i = 0; i < np; i++) {
        if (!STR_CHECK(items[i]))
            return err_format(exc_TypeError, "tuple for %s must only contain str, not %s", name, TYPE(items[i])->name);
        ObjStr *p = AS_STR(items[i]);
        if (bs > self->len) continue;
        if (be - bs < p->len) continue;
        const char *at = ends ? self->data + be - p->len : self->data + bs;
        if (memcmp(at, p->data, (size_t)p->len) == 0) return TRUE_V;
    }
    return FALSE_V;
}
static Value m_startswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "startswith", false); }
static Value m_endswith(Value *a, int n, ObjTuple *k) { return starts_ends(a, n, k, "endswith", true); }

/* ---- case ------------------------------------------------------------- */

/* step back to the start of the code point before byte offset off */
static int64_t prev_cp(const char *d, int64_t off)
{
    off--;
    while (off > 0 && ((uint8_t)d[off] & 0xC0) == 0x80) off--;
    return off;
}


/* U+03A3 lowercases to final sigma after a cased letter (skipping
 * case-ignorables) that no cased letter follows (SpecialCasing's
 * Final_Sigma; CPython's handle_capital_sigma).  i is the byte offset of
 * the sigma, n its length. */
static uint32_t lower_sigma(ObjStr *s, int64_t i, int n)
{
    const char *d = s->data;
    int64_t j = i;
    uint32_t c = 0;
    bool found = false;
    while (j > 0) {
        j = prev_cp(d, j);
        int k;
        c = utf8_decode(d + j, (size_t)(s->len - j), &k);
        if (!unicode_iscaseignorable(c)) { found = true; break; }
    }
    if (!found || !unicode_iscased(c)) return 0x3C3;
    for (j = i + n; j < s->len;) {
        int k;
        c = utf8_decode(d + j, (size_t)(s->len - j), &k);
        if (!unicode_iscaseignorable(c)) return unicode_iscased(c) ? 0x3C3 : 0x3C2;
        j += k;
    }
    return 0x3C2;
}

enum { CASE_LOWER, CASE_UPPER, CASE_FOLD, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static char ascii_case(int mode, char c, bool *prev_cased, bool first)
{
    bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
    bool to_upper;
    switch (mode) {
    case CASE_UPPER: to_upper = true; break;
    case CASE_SWAP: to_upper = low; break;
    case CASE_TITLE: to_upper = !*prev_cased; *prev_cased = up || low; break;
    case CASE_CAPITALIZE: to_upper = first; break;
    default: to_upper = false; break;
    }
    if (to_upper) return low ? (char)(c - 32) : c;
    return up ? (char)(c + 32) : c;
}

/* str.lower/upper/casefold/swapcase/title/capitalize with the full case
 * mappings, as CPython's do_lower & co. */
static Value case_map(ObjStr *s, int mode)
{
    if (s->ascii) {
        ObjStr *o = str_raw((size_t)s->len);
        if (!o) return err_no_memory();
        bool prev = false;
        for (int64_t i = 0; i < s->len; i++) o->data[i] = ascii_case(mode, s->data[i], &prev, i == 0);
        o->ncp = s->len;
        o->ascii = 1;
        return OBJ_VAL(o);
    }
    StrBuf b;
    sb_init(&b);
    sb_reserve(&b, (size_t)s->len);
    bool prev_cased = false;
    for (int64_t i = 0; i < s->len;) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &n), out[3];
        int k, how = mode; /* how: CASE_LOWER, CASE_UPPER, CASE_FOLD, CASE_TITLE or -1 (keep) */
        switch (mode) {
        case CASE_SWAP:
            how = unicode_isupper(cp) ? CASE_LOWER : unicode_islower(cp) ? CASE_UPPER : -1;
            break;
        case CASE_TITLE:
            how = prev_cased ? CASE_LOWER : CASE_TITLE;
            prev_cased = unicode_iscased(cp);
            break;
        case CASE_CAPITALIZE:
            how = i == 0 ? CASE_TITLE : CASE_LOWER;
            break;
        }
        switch (how) {
        case CASE_LOWER:
            if (cp == 0x3A3) { out[0] = lower_sigma(s, i, n); k = 1; }
            else k = unicode_lower_full(cp, out);
            break;
        case CASE_UPPER: k = unicode_upper_full(cp, out); break;
        case CASE_FOLD: k = unicode_fold_full(cp, out); break;
        case CASE_TITLE: k = unicode_title_full(cp, out); break;
        default: out[0] = cp; k = 1; break;
        }
        for (int j = 0; j < k; j++) sb_addcp(&b, out[j]);
        i += n;
    }
    return sb_finish(&b);
}

static Value m_upper(Value *args, int nargs, ObjTuple *kw) { ARGS("upper", 0, 0); return case_map(self, CASE_UPPER); }
static Value m_lower(Value *args, int nargs, ObjTuple *kw) { ARGS("lower", 0, 0); return case_map(self, CASE_LOWER); }
static Value m_swapcase(Value *args, int nargs, ObjTuple *kw) { ARGS("swapcase", 0, 0); return case_map(self, CASE_SWAP); }
static Value m_casefold(Value *args, int nargs, ObjTuple *kw) { ARGS("casefold", 0, 0); return case_map(self, CASE_FOLD); }
static Value m_title(Value *args, int nargs, ObjTuple *kw) { ARGS("title", 0, 0); return case_map(self, CASE_TITLE); }
static Value m_capitalize(Value *args, int nargs, ObjTuple *kw) { ARGS("capitalize", 0, 0); return case_map(self, CASE_CAPITALIZE); }

typedef bool (*CpPred)(uint32_t);

/* Is f true of every code point of s (False for '')?  ASCII text uses the
 * 128-entry flag table with the matching bit. */
static Value all_cps(ObjStr *s, CpPred f, unsigned ascii_bits)
{
    if (s->len == 0) return FALSE_V;
    if (s->ascii && ascii_bits) {
        for (int64_t i = 0; i < s->len; i++)
            if (!(unicode_ascii_flags[(uint8_t)s->data[i]] & ascii_bits)) return FALSE_V;
        return TRUE_V;
    }
    for (int64_t i = 0; i < s->len;) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &n);
        if (!f(cp)) return FALSE_V;
        i += n;
    }
    return TRUE_V;
}

static Value m_isdigit(Value *args, int nargs, ObjTuple *kw) { ARGS("isdigit", 0, 0); return all_cps(self, unicode_isdigit, UA_DIGIT); }
static Value m_isdecimal(Value *args, int nargs, ObjTuple *kw) { ARGS("isdecimal", 0, 0); return all_cps(self, unicode_isdecimal, UA_DIGIT); }
static Value m_isnumeric(Value *args, int nargs, ObjTuple *kw) { ARGS("isnumeric", 0, 0); return all_cps(self, unicode_isnumeric, UA_DIGIT); }
static Value m_isalpha(Value *args, int nargs, ObjTuple *kw) { ARGS("isalpha", 0, 0); return all_cps(self, unicode_isalpha, UA_ALPHA); }
static Value m_isalnum(Value *args, int nargs, ObjTuple *kw) { ARGS("isalnum", 0, 0); return all_cps(self, unicode_isalnum, UA_ALPHA | UA_DIGIT); }
static Value m_isspace(Value *args, int nargs, ObjTuple *kw) { ARGS("isspace", 0, 0); return all_cps(self, unicode_isspace, UA_SPACE); }
static Value m_isascii(Value *args, int nargs, ObjTuple *kw) { ARGS("isascii", 0, 0); return BOOL_V(self->ascii); }
static Value m_isprintable(Value *args, int nargs, ObjTuple *kw) { ARGS("isprintable", 0, 0); return self->len == 0 ? TRUE_V : all_cps(self, unicode_isprintable, UA_PRINTABLE); }

static Value case_check(ObjStr *s, bool upper)
{
    bool cased = false;
    for (int64_t i = 0; i < s->len;) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &n);
        i += n;
        if ((upper ? unicode_islower(cp) : unicode_isupper(cp)) || unicode_istitle(cp)) return FALSE_V;
        if (upper ? unicode_isupper(cp) : unicode_islower(cp)) cased = true;
    }
    return BOOL_V(cased);
}
static Value m_isupper(Value *args, int nargs, ObjTuple *kw) { ARGS("isupper", 0, 0); return case_check(self, true); }
static Value m_islower(Value *args, int nargs, ObjTuple *kw) { ARGS("islower", 0, 0); return case_check(self, false); }

static Value m_istitle(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("istitle", 0, 0);
    bool prev_cased = false, cased = false;
    for (int64_t i = 0; i < self->len;) {
        int n;
        uint32_t cp = utf8_decode(self->data + i, (size_t)(self->len - i), &n);
        i += n;
        if (unicode_isupper(cp) || unicode_istitle(cp)) {
            if (prev_cased) return FALSE_V;
            prev_cased = cased = true;
        } else if (unicode_islower(cp)) {
            if (!prev_cased) return FALSE_V;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return BOOL_V(cased);
}

bool str_isidentifier(ObjStr *s)
{
    if (s->len == 0) return false;
    for (int64_t i = 0; i < s->len;) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &n);
        if (!(i == 0 ? cp == '_' || unicode_isxidstart(cp) : unicode_isxidcontinue(cp))) return false;
        i += n;
    }
    return true;
}

static Value m_isidentifier(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("isidentifier", 0, 0);
    return BOOL_V(str_isidentifier(self));
}

uint32_t *str_code_points(ObjStr *s)
{
    uint32_t *a = mem_alloc((size_t)(s->ncp + 1) * 4);
    int64_t k = 0;
    for (int64_t i = 0; i < s->len; k++) {
        int n;
        a[k] = utf8_decode(s->data + i, (size_t)(s->len - i), &n);
        i += n;
    }
    return a;
}

Value str_from_code_points(const uint32_t *a, size_t n)
{
    StrBuf b;
    sb_init(&b);
    for (size_t i = 0; i < n; i++) sb_addcp(&b, a[i]);
    return sb_finish(&b);
}

/* int() and float() of text: CPython first maps Unicode white space to ' '
 * and decimal digits to ASCII ones (_PyUnicode_TransformDecimalAndSpace-
 * ToASCII); any other non-ASCII character becomes '?' so that parsing
 * fails.  ASCII strings come back as they are. */
Value str_numeric_ascii(ObjStr *s)
{
    if (s->ascii) return OBJ_VAL(s);
    ObjStr *o = str_raw((size_t)s->ncp);
    if (!o) return err_no_memory();
    int64_t k = 0;
    for (int64_t i = 0; i < s->len; k++) {
        int n;
        uint32_t cp = utf8_decode(s->data + i, (size_t)(s->len - i), &n);
        i += n;
        int d;
        o->data[k] = cp < 128 ? (char)cp : unicode_isspace(cp) ? ' ' : (d = unicode_decimal(cp)) >= 0 ? (char)('0' + d) : '?';
    }
    o->ncp = o->len;
    o->ascii = 1;
    return OBJ_VAL(o);
}

/* ---- strip / split / partition ---------------------------------------- */

/* Does cp belong to the strip set (chars NULL: whitespace)? */
static bool in_chars(uint32_t cp, ObjStr *chars)
{
    if (!chars) return unicode_isspace_fast(cp);
    if (cp < 128 && chars->ascii) return memchr(chars->data, (int)cp, (size_t)chars->len) != NULL;
    for (int64_t i = 0; i < chars->len;) {
        int n;
        uint32_t c = utf8_decode(chars->data + i, (size_t)(chars->len - i), &n);
        if (c == cp) return true;
        i += n;
    }
    return false;
}

static Value do_strip(Value *args, int nargs, ObjTuple *kw, const char *name, bool left, bool right)
{
    ARGS(name, 0, 1);
    ObjStr *chars = NULL;
    if (nargs > 1 && !IS_NONE(args[1])) {
        if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "%s arg must be None or str", name);
        chars = AS_STR(args[1]);
    }
    int64_t b = 0, e = self->len;
    const char *d = self->data;
    if (left)
        while (b < e) {
            int n;
            uint32_t cp = utf8_decode(d + b, (size_t)(e - b), &n);
            if (!in_chars(cp, chars)) break;
            b += n;
        }
    if (right)
        while (e > b) {
            int64_t p = prev_cp(d, e);
            int n;
            uint32_t cp = utf8_decode(d + p, (size_t)(e - p), &n);
            if (!in_chars(cp, chars)) break;
            e = p;
        }
    return str_slice_bytes(self, b, e);
}
static Value m_strip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "strip", true, true); }
static Value m_lstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "lstrip", true, false); }
static Value m_rstrip(Value *a, int n, ObjTuple *k) { return do_strip(a, n, k, "rstrip", false, true); }

static int split_args(Value *args, int nargs, ObjTuple *kw, const char *name, ObjStr **sep, int64_t *maxsplit)
{
    static const char *const params[] = {"sep", "maxsplit", NULL};
    Value a[2];
    if (args_parse(name, args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return -1;
    *sep = NULL;
    *maxsplit = -1;
    if (a[0] && !IS_NONE(a[0])) {
        if (!STR_CHECK(a[0])) { need_str(a[0], "must be str or None, not"); err_clear();
            err_format(exc_TypeError, "must be str or None, not %s", TYPE(a[0])->name); return -1; }
        *sep = AS_STR(a[0]);
        if ((*sep)->len == 0) { err_set(exc_ValueError, "empty separator"); return -1; }
    }
    if (a[1] && obj_as_int64(a[1], maxsplit) < 0) return -1;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return 0;
}

static Value m_split(Value *args, int nargs, ObjTuple *kw)
{
    SELF("split");
    ObjStr *sep;
    int64_t maxsplit;
    if (split_args(args, nargs, kw, "split", &sep, &maxsplit) < 0) return VNULL;
    Value list = list_new(0);
    const char *d = self->data;
    int64_t len = self->len;
    if (sep) {
        int64_t pos = 0;
        while (maxsplit-- > 0) {
            const char *q = sep->len == 1 ? memchr(d + pos, sep->data[0], (size_t)(len - pos))
                                          : memmem(d + pos, (size_t)(len - pos), sep->data, (size_t)sep->len);
            if (!q) break;
            if (list_append(list, str_new(d + pos, (size_t)(q - d - pos))) < 0) return VNULL;
            pos = q - d + sep->len;
        }
        if (pos == 0 && STR_CHECK(args[0]) && AS_LIST(list)->len == 0) { list_append(list, args[0]); return list; }
        if (list_append(list, str_new(d + pos, (size_t)(len - pos))) < 0) return VNULL;
        return list;
    }
    int64_t i = 0;
    while (i < len) {
        int n;
        while (i < len) {
            uint32_t cp = utf8_decode(d + i, (size_t)(len - i), &n);
            if (!unicode_isspace_fast(cp)) break;
            i += n;
        }
        if (i >= len) break;
        if (maxsplit-- <= 0) {
            if (list_append(list, str_new(d + i, (size_t)(len - i))) < 0) return VNULL;
            break;
        }
        int64_t j = i;
        while (j < len) {
            uint32_t cp = utf8_decode(d + j, (size_t)(len - j), &n);
            if (unicode_isspace_fast(cp)) break;
            j += n;
        }
        if (list_append(list, str_new(d + i, (size_t)(j - i))) < 0) return VNULL;
        i = j;
    }
    return list;
}

static Value list_reverse_inplace(Value list)
{
    ObjList *l = AS_LIST(list);
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i]; l->items[i] = l->items[j]; l->items[j] = t;
    }
    return list;
}

static Value m_rsplit(Value *args, int nargs, ObjTuple *kw)
{
    SELF("rsplit");
    ObjStr *sep;
    int64_t maxsplit;
    if (split_args(args, nargs, kw, "rsplit", &sep, &maxsplit) < 0) return VNULL;
    Value list = list_new(0);
    const char *d = self->data;
    if (sep) {
        int64_t end = self->len;
        while (maxsplit-- > 0) {
            int64_t p = find_bytes(self, sep, 0, end, true);
            if (p < 0) break;
            if (list_append(list, str_new(d + p + sep->len, (size_t)(end - p - sep->len))) < 0) return VNULL;
            end = p;
        }
        if (list_append(list, str_new(d, (size_t)end)) < 0) return VNULL;
        return list_reverse_inplace(list);
    }
    int64_t e = self->len;
    int n;
    while (e > 0) {
        while (e > 0) {
            int64_t p = prev_cp(d, e);
            uint32_t cp = utf8_decode(d + p, (size_t)(e - p), &n);
            if (!unicode_isspace_fast(cp)) break;
            e = p;
        }
        if (e <= 0) break;
        if (maxsplit-- <= 0) {
            if (list_append(list, str_new(d, (size_t)e)) < 0) return VNULL;
            break;
        }
        int64_t b = e;
        while (b > 0) {
            int64_t p = prev_cp(d, b);
            uint32_t cp = utf8_decode(d + p, (size_t)(b - p), &n);
            if (unicode_isspace_fast(cp)) break;
            b = p;
        }
        if (list_append(list, str_new(d + b, (size_t)(e - b))) < 0) return VNULL;
        e = b;
    }
    return list_reverse_inplace(list);
}

static Value partition(Value *args, int nargs, ObjTuple *kw, const char *name, bool rev)
{
    ARGS(name, 1, 1);
    if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "must be str, not %s", TYPE(args[1])->name);
    ObjStr *sep = AS_STR(args[1]);
    if (sep->len == 0) return err_set(exc_ValueError, "empty separator");
    int64_t p = find_bytes(self, sep, 0, self->len, rev);
    if (p < 0) {
        Value e = str_empty();
        return rev ? tuple_pack(3, e, e, args[0]) : tuple_pack(3, args[0], e, e);
    }
    Value a = str_new(self->data, (size_t)p);
    Value c = str_new(self->data + p + sep->len, (size_t)(self->len - p - sep->len));
    return tuple_pack(3, a, args[1], c);
}
static Value m_partition(Value *a, int n, ObjTuple *k) { return partition(a, n, k, "partition", false); }
static Value m_rpartition(Value *a, int n, ObjTuple *k) { return partition(a, n, k, "rpartition", true); }

static Value m_splitlines(Value *args, int nargs, ObjTuple *kw)
{
    SELF("splitlines");
    static const char *const params[] = {"keepends", NULL};
    Value a[1];
    if (args_parse("splitlines", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    int keep = 0;
    if (a[0] && (keep = obj_truthy(a[0])) < 0) return VNULL;
    Value list = list_new(0);
    const char *d = self->data;
    int64_t len = self->len, i = 0, start = 0;
    while (i < len) {
        int n;
        uint32_t cp = utf8_decode(d + i, (size_t)(len - i), &n);
        bool brk = unicode_islinebreak_fast(cp);
        if (!brk) { i += n; continue; }
        int64_t eol = i;
        i += n;
        if (cp == '\r' && i < len && d[i] == '\n') i++;
        if (list_append(list, str_new(d + start, (size_t)((keep ? i : eol) - start))) < 0) return VNULL;
        start = i;
    }
    if (start < len && list_append(list, str_new(d + start, (size_t)(len - start))) < 0) return VNULL;
    return list;
}

static Value m_join(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("join", 1, 1);
    (void)self;
    return str_join(args[0], args[1]);
}

static Value m_replace(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("replace", 2, 3);
    if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "replace() argument 1 must be str, not %s", TYPE(args[1])->name);
    if (!STR_CHECK(args[2])) return err_format(exc_TypeError, "replace() argument 2 must be str, not %s", TYPE(args[2])->name);
    int64_t count = -1;
    if (nargs > 3 && obj_as_int64(args[3], &count) < 0) return VNULL;
    if (count < 0) count = INT64_MAX;
    ObjStr *old = AS_STR(args[1]), *rep = AS_STR(args[2]);
    const char *d = self->data;
    int64_t len = self->len;
    StrBuf b;
    if (old->len == 0) {
        /* insert rep before every code point and at the end */
        sb_init(&b);
        int64_t i = 0;
        while (i <= len && count > 0) {
            sb_add(&b, rep->data, (size_t)rep->len);
            count--;
            if (i == len) { i++; break; }
            int n;
            utf8_decode(d + i, (size_t)(len - i), &n);
            sb_add(&b, d + i, (size_t)n);
            i += n;
        }
        if (i < len) sb_add(&b, d + i, (size_t)(len - i));
        return sb_finish(&b);
    }
    /* count matches first so the result is allocated once */
    int64_t m = 0;
    const char *p = d, *e = d + len;
    while (m < count) {
        const char *q = memmem(p, (size_t)(e - p), old->data, (size_t)old->len);
        if (!q) break;
        m++;
        p = q + old->len;
    }
    if (m == 0) return args[0];
    size_t total = (size_t)(len + m * (rep->len - old->len));
    ObjStr *o = str_raw(total);
    if (!o) return err_no_memory();
    char *w = o->data;
    p = d;
    for (int64_t k = 0; k < m; k++) {
        const char *q = memmem(p, (size_t)(e - p), old->data, (size_t)old->len);
        memcpy(w, p, (size_t)(q - p)); w += q - p;
        memcpy(w, rep->data, (size_t)rep->len); w += rep->len;
        p = q + old->len;
    }
    memcpy(w, p, (size_t)(e - p));
    set_ncp(o);
    return OBJ_VAL(o);
}

/* ---- padding ---------------------------------------------------------- */

static Value pad(ObjStr *s, int64_t left, int64_t right, uint32_t fill)
{
    char fb[4];
    int fl = utf8_encode(fill, fb);
    if (left + right > ((int64_t)1 << 36)) return err_no_memory();
    size_t total = (size_t)(s->len + (left + right) * fl);
    ObjStr *o = str_raw(total);
    if (!o) return err_no_memory();
    char *w = o->data;
    for (int64_t i = 0; i < left; i++) { memcpy(w, fb, (size_t)fl); w += fl; }
    memcpy(w, s->data, (size_t)s->len); w += s->len;
    for (int64_t i = 0; i < right; i++) { memcpy(w, fb, (size_t)fl); w += fl; }
    o->ncp = s->ncp + left + right;
    o->ascii = s->ascii && fl == 1;
    return OBJ_VAL(o);
}

static int fill_arg(Value *args, int nargs, uint32_t *fill)
{
    *fill = ' ';
    if (nargs > 2) {
        if (!STR_CHECK(args[2]) || AS_STR(args[2])->ncp != 1) {
            if (!STR_CHECK(args[2]))
                err_format(exc_TypeError, "The fill character must be a unicode character, not %s", TYPE(args[2])->name);
            else
                err_set(exc_TypeError, "The fill character must be exactly one character long");
            return -1;
        }
        int n;
        *fill = utf8_decode(AS_STR(args[2])->data, (size_t)AS_STR(args[2])->len, &n);
    }
    return 0;
}

static Value justify(Value *args, int nargs, ObjTuple *kw, const char *name, int mode)
{
    ARGS(name, 1, 2);
    int64_t width;
    uint32_t fill;
    if (obj_as_int64(args[1], &width) < 0 || fill_arg(args, nargs, &fill) < 0) return VNULL;
    if (width <= self->ncp) return args[0];
    int64_t marg = width - self->ncp;
    int64_t left = mode == 0 ? 0 : mode == 1 ? marg : marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}
static Value m_ljust(Value *a, int n, ObjTuple *k) { return justify(a, n, k, "ljust", 0); }
static Value m_rjust(Value *a, int n, ObjTuple *k) { return justify(a, n, k, "rjust", 1); }
static Value m_center(Value *a, int n, ObjTuple *k) { return justify(a, n, k, "center", 2); }

static Value m_zfill(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("zfill", 1, 1);
    int64_t width;
    if (obj_as_int64(args[1], &width) < 0) return VNULL;
    if (width <= self->ncp) return args[0];
    Value r = pad(self, width - self->ncp, 0, '0');
    if (!r) return VNULL;
    ObjStr *o = AS_STR(r);
    int64_t fillc = width - self->ncp;
    if (self->len && (self->data[0] == '+' || self->data[0] == '-')) {
        o->data[0] = self->data[0];
        o->data[fillc] = '0';
    }
    return r;
}

static Value m_expandtabs(Value *args, int nargs, ObjTuple *kw)
{
    SELF("expandtabs");
    static const char *const params[] = {"tabsize", NULL};
    Value a[1];
    if (args_parse("expandtabs", args + 1, nargs - 1, kw, params, 0, 1, a) < 0) return VNULL;
    int64_t ts = 8;
    if (a[0] && obj_as_int64(a[0], &ts) < 0) return VNULL;
    StrBuf b;
    sb_init(&b);
    int64_t col = 0;
    for (int64_t i = 0; i < self->len;) {
        int n;
        uint32_t cp = utf8_decode(self->data + i, (size_t)(self->len - i), &n);
        if (cp == '\t') {
            if (ts > 0) {
                int64_t k = ts - col % ts;
                if (k > ((int64_t)1 << 32)) { sb_free(&b); return err_no_memory(); }
                for (int64_t j = 0; j < k; j++) sb_addc(&b, ' ');
                col += k;
            }
        } else {
            sb_add(&b, self->data + i, (size_t)n);
            col = (cp == '\n' || cp == '\r') ? 0 : col + 1;
        }
        i += n;
    }
    return sb_finish(&b);
}

static Value m_removeprefix(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("removeprefix", 1, 1);
    if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "removeprefix() argument must be str, not %s", TYPE(args[1])->name);
    ObjStr *p = AS_STR(args[1]);
    if (p->len <= self->len && memcmp(self->data, p->data, (size_t)p->len) == 0)
        return str_slice_bytes(self, p->len, self->len);
    return args[0];
}

static Value m_removesuffix(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("removesuffix", 1, 1);
    if (!STR_CHECK(args[1])) return err_format(exc_TypeError, "removesuffix() argument must be str, not %s", TYPE(args[1])->name);
    ObjStr *p = AS_STR(args[1]);
    if (p->len && p->len <= self->len && memcmp(self->data + self->len - p->len, p->data, (size_t)p->len) == 0)
        return str_slice_bytes(self, 0, self->len - p->len);
    return args[0];
}

/* ---- encode / translate ----------------------------------------------- */

static Value m_encode(Value *args, int nargs, ObjTuple *kw)
{
    SELF("encode");
    static const char *const params[] = {"encoding", "errors", NULL};
    Value a[2];
    if (args_parse("encode", args + 1, nargs - 1, kw, params, 0, 2, a) < 0) return VNULL;
    if (a[0] && !STR_CHECK(a[0]))
        return err_format(exc_TypeError, "encode() argument 'encoding' must be str, not %s", TYPE(a[0])->name);
    if (a[1] && !STR_CHECK(a[1]))
        return err_format(exc_TypeError, "encode() argument 'errors' must be str, not %s", TYPE(a[1])->name);
    return str_encode(self, a[0] ? AS_STR(a[0])->data : "utf-8", a[1] ? AS_STR(a[1])->data : NULL);
}

Value str_encode(ObjStr *s, const char *encoding, const char *errors)
{
    return codec_encode_str(s, encoding, errors);
}

static Value m_maketrans(Value *args, int nargs, ObjTuple *kw)
{
    /* called as str.maketrans(...) (no self) or "".maketrans(...) */
    if (nargs >= 1 && IS_TYPEOBJ(args[0])) { args++; nargs--; }
    if (args_check("maketrans", nargs, kw, 1, 3) < 0) return VNULL;
    Value d = dict_new();
    if (nargs == 1) {
        if (!IS_DICT(args[0]))
            return err_set(exc_TypeError, "if you give only one argument to maketrans it must be a dict");
        int64_t pos = 0;
        Value k, v;
        while (dict_next(AS_DICT(args[0]), &pos, &k, &v)) {
            if (STR_CHECK(k)) {
                if (AS_STR(k)->ncp != 1)
                    return err_set(exc_ValueError, "string keys in translate table must be of length 1");
                int n;
                k = MK_INT(utf8_decode(AS_STR(k)->data, (size_t)AS_STR(k)->len, &n));
            } else if (!int_check(k)) {
                return err_set(exc_TypeError, "keys in translate table must be strings or integers");
            }
            if (dict_set(d, k, v) < 0) return VNULL;
        }
        return d;
    }
    if (!STR_CHECK(args[0]) || !STR_CHECK(args[1]))
        return err_set(exc_TypeError, "maketrans() argument must be str");
    ObjStr *x = AS_STR(args[0]), *y = AS_STR(args[1]);
    if (x->ncp != y->ncp)
        return err_set(exc_ValueError, "the first two maketrans arguments must have equal length");
    for (int64_t i = 0, j = 0; i < x->len;) {
        int n, m;
        uint32_t a = utf8_decode(x->data + i, (size_t)(x->len - i), &n);
        uint32_t b = utf8_decode(y->data + j, (size_t)(y->len - j), &m);
        if (dict_set(d, MK_INT(a), MK_INT(b)) < 0) return VNULL;
        i += n;
        j += m;
    }
    if (nargs == 3) {
        if (!STR_CHECK(args[2])) return err_set(exc_TypeError, "maketrans() argument 3 must be str");
        ObjStr *z = AS_STR(args[2]);
        for (int64_t i = 0; i < z->len;) {
            int n;
            uint32_t a = utf8_decode(z->data + i, (size_t)(z->len - i), &n);
            if (dict_set(d, MK_INT(a), NONE) < 0) return VNULL;
            i += n;
        }
    }
    return d;
}

static Value m_translate(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("translate", 1, 1);
    Value table = args[1];
    StrBuf b;
    sb_init(&b);
    for (int64_t i = 0; i < self->len;) {
        int n;
        uint32_t cp = utf8_decode(self->data + i, (size_t)(self->len - i), &n);
        Value r = obj_getitem(table, MK_INT(cp));
        if (!r) {
            if (err_matches(exc_LookupError)) {
                err_clear();
                sb_add(&b, self->data + i, (size_t)n);
                i += n;
                continue;
            }
            sb_free(&b);
            return VNULL;
        }
        i += n;
        if (IS_NONE(r)) continue;
        if (STR_CHECK(r)) { sb_add(&b, AS_STR(r)->data, (size_t)AS_STR(r)->len); continue; }
        if (IS_INT(r)) {
            if (AS_INT(r) < 0 || AS_INT(r) > 0x10ffff) {
                sb_free(&b);
                return err_set(exc_ValueError, "character mapping must be in range(0x110000)");
            }
            sb_addcp(&b, (uint32_t)AS_INT(r));
            continue;
        }
        sb_free(&b);
        return err_set(exc_TypeError, "character mapping must return integer, None or str");
    }
    return sb_finish(&b);
}

static Value m_format_spec(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("__format__", 1, 1);
    if (!STR_CHECK(args[1]))
        return err_format(exc_TypeError, "__format__() argument must be str, not %s", TYPE(args[1])->name);
    return strformat_str(OBJ_VAL(self), AS_STR(args[1]));
}

static Value m_mod(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("__mod__", 1, 1);
    return str_mod_format(OBJ_VAL(self), args[1]);
}

static Value m_len(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("__len__", 0, 0);
    return MK_INT(self->ncp);
}

static Value m_getnewargs(Value *args, int nargs, ObjTuple *kw)
{
    ARGS("__getnewargs__", 0, 0);
    return tuple_pack(1, OBJ_VAL(self));
}

Value str_format_map_method(Value *args, int nargs, ObjTuple *kwnames);

static const MethodDef str_methods[] = {
    {"split", m_split}, {"rsplit", m_rsplit}, {"join", m_join},
    {"strip", m_strip}, {"lstrip", m_lstrip}, {"rstrip", m_rstrip},
    {"replace", m_replace},
    {"find", m_find}, {"rfind", m_rfind}, {"index", m_index}, {"rindex", m_rindex},
    {"count", m_count}, {"startswith", m_startswith}, {"endswith", m_endswith},
    {"upper", m_upper}, {"lower", m_lower}, {"title", m_title}, {"capitalize", m_capitalize},
    {"swapcase", m_swapcase}, {"casefold", m_casefold},
    {"isdigit", m_isdigit}, {"isalpha", m_isalpha}, {"isalnum", m_isalnum}, {"isspace", m_isspace},
    {"isupper", m_isupper}, {"islower", m_islower}, {"isdecimal", m_isdecimal},
    {"isnumeric", m_isnumeric}, {"isidentifier", m_isidentifier}, {"istitle", m_istitle},
    {"isascii", m_isascii}, {"isprintable", m_isprintable},
    {"ljust", m_ljust}, {"rjust", m_rjust}, {"center", m_center}, {"zfill", m_zfill},
    {"partition", m_partition}, {"rpartition", m_rpartition}, {"splitlines", m_splitlines},
    {"encode", m_encode}, {"format", str_format_method}, {"format_map", str_format_map_method},
    {"expandtabs", m_expandtabs}, {"removeprefix", m_removeprefix}, {"removesuffix", m_removesuffix},
    {"maketrans", m_maketrans}, {"translate", m_translate},
    {"__format__", m_format_spec}, {"__mod__", m_mod}, {"__len__", m_len},
    {"__getnewargs__", m_getnewargs},
    {NULL, NULL},
};

/* str(x) */
static Value str_of(Value x)
{
    Value r = obj_str(x);
    if (r && !STR_CHECK(r))
        return err_format(exc_TypeError, "__str__ returned non-string (type %s)", TYPE(r)->name);
    return r;
}

/* str(object='', encoding='utf-8', errors='strict') */
static Value str_tp_new_exact(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"object", "encoding", "errors", NULL};
    Value a[3];
    if (nargs == 1 && !(kwnames && kwnames->len))
        return str_of(args[0]); /* the common call, without parsing */
    if (args_parse("str", args, nargs, kwnames, params, 0, 3, a) < 0) return VNULL;
    if (!a[0]) {
        if (a[1] || a[2]) return bytes_decode((const uint8_t *)"", 0, "utf-8", "strict");
        return str_empty();
    }
    if (!a[1] && !a[2])
        return str_of(a[0]);
    if (a[1] && !STR_CHECK(a[1]))
        return err_format(exc_TypeError, "str() argument 'encoding' must be str, not %s", TYPE(a[1])->name);
    if (a[2] && !STR_CHECK(a[2]))
        return err_format(exc_TypeError, "str() argument 'errors' must be str, not %s", TYPE(a[2])->name);
    if (STR_CHECK(a[0])) return err_set(exc_TypeError, "decoding str is not supported");
    Buffer b;
    if (obj_getbuffer_msg(a[0], &b, BUF_SIMPLE, "decoding to str: need a bytes-like object, %s found") < 0)
        return VNULL;
    Value r = bytes_decode(b.buf, (size_t)b.len, a[1] ? str_cstr(AS_STR(a[1])) : "utf-8",
                           a[2] ? str_cstr(AS_STR(a[2])) : NULL);
    buffer_release(&b);
    return r;
}

static Value str_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    Value v = str_tp_new_exact(t, args, nargs, kwnames);
    return t == &type_str ? v : type_adopt(t, v);
}

static int str_contains_slot(Value self, Value item) { return str_contains(self, item); }

Type type_str = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "str",
    .flags = TF_BASETYPE | TF_STR_SUB,
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjStr),
    .tp_new = str_tp_new,
    .trace = str_trace,
    .repr = str_repr,
    .str = str_str_slot,
    .hash = str_hash_slot,
    .richcmp = str_richcmp,
    .truth = str_truth,
    .iter = str_iter,
    .len = str_len_slot,
    .getitem = str_getitem,
    .contains = str_contains_slot,
    .nb = {[NB_ADD] = str_nb_add, [NB_MUL] = str_nb_mul, [NB_MOD] = str_nb_mod},
};

/* Re-wrap a native of t's dict as a staticmethod/classmethod (func.c's
 * types) so str.maketrans / int.from_bytes bind like CPython's. */
void str_wrap_method(Type *t, const char *name, Type *wrapper)
{
    ObjStr *k = str_intern_cstr(name);
    Value f = dict_get_str(t->dict, k);
    if (!f || !IS_NATIVE(f)) return;
    /* a plain native: the dict's method descriptor would check self */
    Value plain = native_new(AS_NATIVE(f)->name, AS_NATIVE(f)->fn, VNULL);
    ObjStaticMethod *sm = (ObjStaticMethod *)gc_new(wrapper, sizeof(ObjStaticMethod));
    sm->func = plain;
    dict_set_str(t->dict, k, OBJ_VAL(sm));
}

/* A read-only property whose getter is a C function of self (int.real…). */
void str_init(void)
{
    static const MethodDef iter_methods[] = {{"__length_hint__", striter_length_hint}, {NULL, NULL}};
    type_ready(&type_str, str_methods);
    type_ready(&type_striter, iter_methods);
    str_wrap_method(&type_str, "maketrans", &type_staticmethod);
    str_empty();
    for (uint32_t c = 0; c < 128; c++) str_from_cp(c);
}
