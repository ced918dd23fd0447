/* modules/_struct.c — the _struct module under CPython's Lib/struct.py
 * (which is `from _struct import *`): pack, unpack, pack_into,
 * unpack_from, iter_unpack, calcsize, the Struct type, struct.error.
 *
 * A format compiles once into a list of codes (what, how many, where);
 * the module-level functions keep compiled Structs in a small cache
 * (cleared by _clearcache, as CPython's).  Byte orders, sizes, native
 * alignment and every error message follow CPython 3.11 on x86-64 Linux,
 * including its quirk that '<' and '=' use the native integer packers
 * where the sizes agree (so `<H` reports "ushort format requires ...").
 */
#include <float.h>
#include <math.h>

#include "exceptions.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

static Value struct_error;   /* struct.error */
static Value cache;          /* dict: format -> Struct */
#define CACHE_MAX 100

enum Order { NATIVE, LITTLE, BIG };

typedef struct {
    char ch;       /* format character */
    int64_t count; /* items (or the length for s and p) */
    int64_t size;  /* one item's size */
    int64_t offset;
} Code;

typedef struct {
    Obj obj;
    Value format;   /* str */
    int64_t size;   /* bytes */
    int64_t nitems; /* values packed / unpacked */
    int order;
    bool native;    /* '@': native sizes and alignment */
    Code *codes;
    int64_t ncodes;
} ObjStruct;

static Type type_struct;
#define AS_STRUCT(v) ((ObjStruct *)AS_OBJ(v))

static Value serr(const char *msg) { return err_set(AS_TYPE(struct_error), msg); }

/* native and standard sizes; 0: not valid in that mode */
static int64_t item_size(char c, bool native)
{
    switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': return native ? 8 : 4;
    case 'q': case 'Q': case 'd': return 8;
    case 'n': case 'N': case 'P': return native ? 8 : 0;
    default: return 0;
    }
}

static void struct_trace(Obj *o) { gc_mark(((ObjStruct *)o)->format); }
static void struct_finalize(Obj *o)
{
    ObjStruct *s = (ObjStruct *)o;
    if (s->codes) mem_free(s->codes, sizeof(Code) * (size_t)s->ncodes);
    s->codes = NULL;
}

static bool fspace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int compile_format(ObjStruct *s, const char *f, size_t n)
{
    const char *p = f, *e = f + n;
    s->order = LITTLE;
    s->native = true;
    if (p < e) {
        switch (*p) {
        case '@': p++; break;
        case '=': case '<': s->native = false; s->order = LITTLE; p++; break;
        case '>': case '!': s->native = false; s->order = BIG; p++; break;
        default: break;
        }
    }
    /* first pass: count codes and check */
    int64_t ncodes = 0;
    for (const char *q = p; q < e;) {
        if (fspace(*q)) { q++; continue; }
        if (*q >= '0' && *q <= '9') {
            while (q < e && *q >= '0' && *q <= '9') q++;
            if (q >= e) { serr("repeat count given without format specifier"); return -1; }
        }
        if (!item_size(*q, s->native)) { serr("bad char in struct format"); return -1; }
        ncodes++;
        q++;
    }
    s->codes = ncodes ? mem_alloc(sizeof(Code) * (size_t)ncodes) : NULL;
    s->ncodes = ncodes;
    int64_t off = 0, items = 0, k = 0;
    while (p < e) {
        if (fspace(*p)) { p++; continue; }
        int64_t count = 1;
        if (*p >= '0' && *p <= '9') {
            count = 0;
            while (p < e && *p >= '0' && *p <= '9') {
                if (count > (INT64_MAX / 16) / 10) { serr("total struct size too long"); return -1; }
                count = count * 10 + (*p++ - '0');
            }
        }
        char c = *p++;
        int64_t sz = item_size(c, s->native);
        if (s->native && c != 's' && c != 'p' && sz > 1) {
            int64_t a = sz;
            off = (off + a - 1) / a * a;
        }
        Code *cd = &s->codes[k++];
        cd->ch = c;
        cd->count = count;
        cd->size = sz;
        cd->offset = off;
        int64_t span = (c == 's' || c == 'p') ? count : count * sz;
        if (span > (INT64_MAX / 4) - off) { serr("total struct size too long"); return -1; }
        off += span;
        if (c == 's' || c == 'p') items += 1;
        else if (c != 'x') items += count;
    }
    s->size = off;
    s->nitems = items;
    return 0;
}

static Value struct_make(Value fmt)
{
    const char *f;
    size_t n;
    Value fstr;
    if (IS_STR(fmt)) {
        f = str_cstr(AS_STR(fmt));
        n = (size_t)AS_STR(fmt)->len;
        fstr = fmt;
    } else if (IS_BYTES(fmt)) {
        f = (const char *)AS_BYTES(fmt)->data;
        n = (size_t)AS_BYTES(fmt)->len;
        fstr = bytes_decode(AS_BYTES(fmt)->data, n, "latin-1", "strict");
        if (!fstr) return VNULL;
    } else {
        return err_format(exc_TypeError, "Struct() argument 1 must be a str or bytes object, not %s",
                          TYPE(fmt)->name);
    }
    ObjStruct *s = (ObjStruct *)gc_new(&type_struct, sizeof(ObjStruct));
    s->format = fstr;
    if (compile_format(s, f, n) < 0) return VNULL;
    return OBJ_VAL(s);
}

/* the cached Struct for a format (module-level functions) */
static Value cached_struct(Value fmt)
{
    Value s = (IS_STR(fmt) || IS_BYTES(fmt)) ? dict_get(cache, fmt) : VNULL;
    if (s) return s;
    if (err_occurred()) return VNULL;
    s = struct_make(fmt);
    if (!s) return VNULL;
    if (AS_DICT(cache)->len >= CACHE_MAX)
        cache = dict_new();
    if (dict_set(cache, fmt, s) < 0) return VNULL;
    return s;
}

/* ---- packing ------------------------------------------------------------ */

static void put_uint(uint8_t *p, uint64_t u, int64_t size, int order)
{
    if (order == BIG)
        for (int64_t i = size - 1; i >= 0; i--, u >>= 8) p[i] = (uint8_t)u;
    else
        for (int64_t i = 0; i < size; i++, u >>= 8) p[i] = (uint8_t)u;
}

static uint64_t get_uint(const uint8_t *p, int64_t size, int order)
{
    uint64_t u = 0;
    if (order == BIG)
        for (int64_t i = 0; i < size; i++) u = u << 8 | p[i];
    else
        for (int64_t i = size - 1; i >= 0; i--) u = u << 8 | p[i];
    return u;
}

/* v as an int (struct.error unless int-like) */
static Value int_arg(Value v)
{
    if (int_check(v)) return int_exact(v);
    if (!IS_FLOAT(v) && TYPE(v)->nb_int && (TYPE(v)->flags & TF_HEAPTYPE)) return obj_index(v);
    return serr("required argument is not an integer");
}

/* the int as int64 / uint64: 0 fits, 1 does not */
static int as_i64(Value i, int64_t *out)
{
    if (IS_INT(i)) { *out = AS_INT(i); return 0; }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(i, z);
    int r = mpz_fits_slong_p(z) ? (*out = mpz_get_si(z), 0) : 1;
    mpz_clear(z);
    return r;
}
static int as_u64(Value i, uint64_t *out)
{
    if (IS_INT(i)) {
        if (AS_INT(i) < 0) return 1;
        *out = (uint64_t)AS_INT(i);
        return 0;
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(i, z);
    int r = (mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64) ? (*out = mpz_get_ui(z), 0) : 1;
    mpz_clear(z);
    return r;
}

static int range_error(char c, int64_t size, bool is_unsigned)
{
    uint64_t ul = size == 8 ? UINT64_MAX : (((uint64_t)1 << (size * 8)) - 1);
    if (is_unsigned) {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)ul);
        err_format(AS_TYPE(struct_error), "'%c' format requires 0 <= number <= %s", c, buf);
    } else {
        int64_t largest = (int64_t)(ul >> 1);
        err_format(AS_TYPE(struct_error), "'%c' format requires %lld <= number <= %lld", c,
                   (long long)~largest, (long long)largest);
    }
    return -1;
}

static int pack_int(ObjStruct *s, const Code *cd, uint8_t *p, Value v)
{
    Value i = int_arg(v);
    if (!i) return -1;
    char c = cd->ch;
    int64_t x = 0;
    uint64_t u = 0;
    bool is_unsigned = c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N';
    /* the native packers: '@', and '<'/'=' where the sizes agree */
    bool native = s->native || (s->order == LITTLE && c != 'l' && c != 'L');
    if (c == 'b' || c == 'B' || (native && (c == 'h' || c == 'H'))) {
        if (as_i64(i, &x)) { serr("argument out of range"); return -1; }
        const char *msg = c == 'b' ? "byte format requires -128 <= number <= 127"
                        : c == 'B' ? "ubyte format requires 0 <= number <= 255"
                        : c == 'h' ? "short format requires -32768 <= number <= 32767"
                                   : "ushort format requires 0 <= number <= 65535";
        int64_t lo = c == 'b' ? -128 : c == 'h' ? -32768 : 0;
        int64_t hi = c == 'b' ? 127 : c == 'B' ? 255 : c == 'h' ? 32767 : 65535;
        if (x < lo || x > hi) { serr(msg); return -1; }
        put_uint(p, (uint64_t)x, cd->size, s->order);
        return 0;
    }
    if (c == 'P') {
        if (as_i64(i, &x) == 0) u = (uint64_t)x;
        else if (as_u64(i, &u)) { serr("int too large to convert"); return -1; }
        put_uint(p, u, 8, LITTLE);
        return 0;
    }
    if (cd->size == 8) {
        if (is_unsigned ? as_u64(i, &u) : as_i64(i, &x)) {
            serr(native ? "argument out of range" : "int too large to convert");
            return -1;
        }
        put_uint(p, is_unsigned ? u : (uint64_t)x, 8, s->order);
        return 0;
    }
    /* 2- and 4-byte ints */
    if (is_unsigned) {
        if (as_u64(i, &u)) { serr("argument out of range"); return -1; }
        if (u > (((uint64_t)1 << (cd->size * 8)) - 1)) return range_error(c, cd->size, true);
        put_uint(p, u, cd->size, s->order);
    } else {
        if (as_i64(i, &x)) { serr("argument out of range"); return -1; }
        int64_t lim = (int64_t)1 << (cd->size * 8 - 1);
        if (x < -lim || x >= lim) return range_error(c, cd->size, false);
        put_uint(p, (uint64_t)x, cd->size, s->order);
    }
    return 0;
}

static int float_arg(Value v, double *out)
{
    if (IS_FLOAT(v)) { *out = AS_FLOAT(v); return 0; }
    if (int_check(v) && int_as_double(int_exact(v), out) == 0) return 0;
    if (!int_check(v) && TYPE(v)->nb_float) {
        Value f = TYPE(v)->nb_float(v);
        if (f && IS_FLOAT(f)) { *out = AS_FLOAT(f); return 0; }
    }
    err_clear();
    serr("required argument is not a float");
    return -1;
}

/* IEEE 754 binary16, rounding half to even; -1 on overflow */
static int half_pack(double x, uint16_t *out)
{
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    if (isnan(x)) { *out = sign | 0x7e00; return 0; }
    if (isinf(a)) { *out = sign | 0x7c00; return 0; }
    if (a == 0) { *out = sign; return 0; }
    int e;
    double f = frexp(a, &e); /* a = f * 2^e, 0.5 <= f < 1 */
    e -= 1;
    f *= 2;                  /* 1 <= f < 2 */
    if (e < -14) {
        /* subnormal: a = m * 2^-24 (m == 1024 rounds up into the normals) */
        uint32_t m = (uint32_t)nearbyint(a * 16777216.0);
        *out = sign | (uint16_t)m;
        return 0;
    }
    uint32_t m = (uint32_t)nearbyint((f - 1) * 1024);
    if (m == 1024) { m = 0; e++; }
    if (e > 15) return -1;
    *out = sign | (uint16_t)((e + 15) << 10) | (uint16_t)m;
    return 0;
}

static double half_unpack(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    int m = h & 0x3ff;
    double sign = (h & 0x8000) ? -1.0 : 1.0;
    if (e == 0x1f) return m ? copysign(NAN, sign) : sign * INFINITY;
    if (e == 0) return sign * ldexp(m, -24);
    return sign * ldexp(m + 1024, e - 25);
}

static int pack_one(ObjStruct *s, const Code *cd, uint8_t *p, Value v)
{
    switch (cd->ch) {
    case 'c':
        if (!IS_BYTES(v) || AS_BYTES(v)->len != 1) {
            serr("char format requires a bytes object of length 1");
            return -1;
        }
        *p = AS_BYTES(v)->data[0];
        return 0;
    case '?': {
        int t = obj_truthy(v);
        if (t < 0) return -1;
        *p = (uint8_t)t;
        return 0;
    }
    case 'e': {
        double d;
        uint16_t h;
        if (float_arg(v, &d) < 0) return -1;
        if (half_pack(d, &h) < 0) {
            err_set(exc_OverflowError, "float too large to pack with e format");
            return -1;
        }
        put_uint(p, h, 2, s->order);
        return 0;
    }
    case 'f': {
        double d;
        if (float_arg(v, &d) < 0) return -1;
        float f = (float)d;
        if (!s->native && isinf(f) && !isinf(d)) {
            err_set(exc_OverflowError, "float too large to pack with f format");
            return -1;
        }
        uint32_t u;
        memcpy(&u, &f, 4);
        put_uint(p, u, 4, s->order);
        return 0;
    }
    case 'd': {
        double d;
        if (float_arg(v, &d) < 0) return -1;
        uint64_t u;
        memcpy(&u, &d, 8);
        put_uint(p, u, 8, s->order);
        return 0;
    }
    default:
        return pack_int(s, cd, p, v);
    }
}

/* pack items[0 .. nitems) into p (s->size bytes, zeroed by the caller) */
static int pack_all(ObjStruct *s, uint8_t *p, Value *items)
{
    int64_t k = 0;
    for (int64_t c = 0; c < s->ncodes; c++) {
        const Code *cd = &s->codes[c];
        uint8_t *at = p + cd->offset;
        if (cd->ch == 'x') continue;
        if (cd->ch == 's' || cd->ch == 'p') {
            Value v = items[k++];
            if (!IS_BYTES(v) && !IS_BYTEARRAY(v)) {
                err_format(AS_TYPE(struct_error), "argument for '%c' must be a bytes object", cd->ch);
                return -1;
            }
            const uint8_t *d = IS_BYTES(v) ? AS_BYTES(v)->data : AS_BYTEARRAY(v)->data;
            int64_t n = IS_BYTES(v) ? AS_BYTES(v)->len : AS_BYTEARRAY(v)->len;
            if (cd->ch == 's') {
                if (n > cd->count) n = cd->count;
                if (n) memcpy(at, d, (size_t)n);
            } else if (cd->count > 0) {
                if (n > cd->count - 1) n = cd->count - 1;
                if (n) memcpy(at + 1, d, (size_t)n);
                at[0] = (uint8_t)(n > 255 ? 255 : n);
            }
            continue;
        }
        for (int64_t j = 0; j < cd->count; j++, at += cd->size)
            if (pack_one(s, cd, at, items[k++]) < 0) return -1;
    }
    return 0;
}

static Value unpack_one(ObjStruct *s, const Code *cd, const uint8_t *p)
{
    char c = cd->ch;
    switch (c) {
    case 'c': return bytes_new(p, 1);
    case '?': return BOOL_V(*p != 0);
    case 'e': return float_new(half_unpack((uint16_t)get_uint(p, 2, s->order)));
    case 'f': {
        uint32_t u = (uint32_t)get_uint(p, 4, s->order);
        float f;
        memcpy(&f, &u, 4);
        return float_new(f);
    }
    case 'd': {
        uint64_t u = get_uint(p, 8, s->order);
        double d;
        memcpy(&d, &u, 8);
        return float_new(d);
    }
    default: {
        uint64_t u = get_uint(p, cd->size, c == 'P' ? LITTLE : s->order);
        bool is_unsigned = c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N' || c == 'P';
        if (is_unsigned) return int_from_u64(u);
        if (cd->size < 8) {
            uint64_t sign = (uint64_t)1 << (cd->size * 8 - 1);
            u = (u ^ sign) - sign;
        }
        return int_from_i64((int64_t)u);
    }
    }
}

static Value unpack_all(ObjStruct *s, const uint8_t *p)
{
    Value t = tuple_new(s->nitems);
    int64_t k = 0;
    for (int64_t c = 0; c < s->ncodes; c++) {
        const Code *cd = &s->codes[c];
        const uint8_t *at = p + cd->offset;
        if (cd->ch == 'x') continue;
        if (cd->ch == 's') { AS_TUPLE(t)->items[k++] = bytes_new(at, (size_t)cd->count); continue; }
        if (cd->ch == 'p') {
            int64_t n = cd->count ? at[0] : 0;
            if (n >= cd->count) n = cd->count - 1;
            AS_TUPLE(t)->items[k++] = bytes_new(at + 1, (size_t)(n < 0 ? 0 : n));
            continue;
        }
        for (int64_t j = 0; j < cd->count; j++, at += cd->size) {
            Value v = unpack_one(s, cd, at);
            if (!v) return VNULL;
            AS_TUPLE(t)->items[k++] = v;
        }
    }
    return t;
}

/* ---- the operations, on a compiled Struct -------------------------------- */

static Value do_pack(ObjStruct *s, Value *args, int nargs)
{
    if (nargs != s->nitems)
        return err_format(AS_TYPE(struct_error), "pack expected %lld items for packing (got %d)",
                          (long long)s->nitems, nargs);
    /* the arguments may run code (__index__): pack into a fresh bytes */
    ObjBytes *b = bytes_alloc((size_t)s->size);
    memset(b->data, 0, (size_t)s->size);
    if (pack_all(s, b->data, args) < 0) return VNULL;
    return OBJ_VAL(b);
}

static Value do_pack_into(ObjStruct *s, Value *args, int nargs)
{
    if (nargs < 1) return err_set(exc_TypeError, "pack_into expected buffer argument");
    if (nargs < 2) return serr("pack_into expected offset argument");
    if (nargs - 2 != s->nitems)
        return err_format(AS_TYPE(struct_error), "pack_into expected %lld items for packing (got %d)",
                          (long long)s->nitems, nargs - 2);
    int64_t off;
    if (obj_as_int64(args[1], &off) < 0) return VNULL;
    Value packed = do_pack(s, args + 2, nargs - 2);
    if (!packed) return VNULL;
    Buffer b;
    if (obj_getbuffer_msg(args[0], &b, BUF_WRITABLE, "argument must be read-write bytes-like object, not %s") < 0) {
        if (err_matches(exc_BufferError)) {
            err_clear();
            return err_format(exc_TypeError, "argument must be read-write bytes-like object, not %s",
                              TYPE(args[0])->name);
        }
        return VNULL;
    }
    Value r = NONE;
    if (off < 0) {
        if (off + s->size > 0)
            r = err_format(AS_TYPE(struct_error), "no space to pack %lld bytes at offset %lld",
                           (long long)s->size, (long long)off);
        else if (off + b.len < 0)
            r = err_format(AS_TYPE(struct_error), "offset %lld out of range for %lld-byte buffer",
                           (long long)off, (long long)b.len);
        off += b.len;
    }
    if (r && b.len - off < s->size)
        r = err_format(AS_TYPE(struct_error),
                       "pack_into requires a buffer of at least %lld bytes for packing %lld bytes at offset %lld "
                       "(actual buffer size is %lld)",
                       (long long)(s->size + off), (long long)s->size, (long long)off, (long long)b.len);
    if (r && s->size) memcpy(b.buf + off, AS_BYTES(packed)->data, (size_t)s->size);
    buffer_release(&b);
    return r;
}

static Value do_unpack(ObjStruct *s, Value buf)
{
    Buffer b;
    if (obj_getbuffer(buf, &b, BUF_SIMPLE) < 0) return VNULL;
    Value r;
    if (b.len != s->size)
        r = err_format(AS_TYPE(struct_error), "unpack requires a buffer of %lld bytes", (long long)s->size);
    else
        r = unpack_all(s, b.buf);
    buffer_release(&b);
    return r;
}

static Value do_unpack_from(ObjStruct *s, Value buf, Value offv)
{
    int64_t off = 0;
    if (offv && obj_as_int64(offv, &off) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(buf, &b, BUF_SIMPLE) < 0) return VNULL;
    Value r = VNULL;
    if (off < 0) {
        if (off + b.len < 0) {
            err_format(AS_TYPE(struct_error), "offset %lld out of range for %lld-byte buffer", (long long)off,
                       (long long)b.len);
            goto done;
        }
        off += b.len;
    }
    if (b.len - off < s->size) {
        err_format(AS_TYPE(struct_error),
                   "unpack_from requires a buffer of at least %lld bytes for unpacking %lld bytes at offset %lld "
                   "(actual buffer size is %lld)",
                   (long long)(s->size + off), (long long)s->size, (long long)off, (long long)b.len);
        goto done;
    }
    r = unpack_all(s, b.buf + off);
done:
    buffer_release(&b);
    return r;
}

/* iter_unpack: an iterator over a bytes copy of the buffer */
typedef struct { Obj obj; ObjStruct *s; Value data; int64_t pos; } ObjUnpackIter;
static void uiter_trace(Obj *o)
{
    gc_mark_obj((Obj *)((ObjUnpackIter *)o)->s);
    gc_mark(((ObjUnpackIter *)o)->data);
}
static Value uiter_next(Value v)
{
    ObjUnpackIter *it = (ObjUnpackIter *)AS_OBJ(v);
    if (!it->data || it->pos + it->s->size > AS_BYTES(it->data)->len) { it->data = VNULL; return VNULL; }
    Value r = unpack_all(it->s, AS_BYTES(it->data)->data + it->pos);
    it->pos += it->s->size;
    return r;
}
static Value uiter_self(Value v) { return v; }
static Value uiter_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs; (void)kw;
    ObjUnpackIter *it = (ObjUnpackIter *)AS_OBJ(args[0]);
    if (!it->data) return MK_INT(0);
    return MK_INT((AS_BYTES(it->data)->len - it->pos) / it->s->size);
}
static Type type_unpack_iter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "unpack_iterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjUnpackIter),
    .trace = uiter_trace,
    .iter = uiter_self,
    .next = uiter_next,
};

static Value do_iter_unpack(ObjStruct *s, Value buf)
{
    if (s->size == 0) return serr("cannot iteratively unpack with a struct of length 0");
    Buffer b;
    if (obj_getbuffer(buf, &b, BUF_SIMPLE) < 0) return VNULL;
    int64_t n = b.len;
    Value copy = n % s->size ? VNULL : bytes_new(b.buf, (size_t)n);
    buffer_release(&b);
    if (!copy)
        return err_format(AS_TYPE(struct_error), "iterative unpacking requires a buffer of a multiple of %lld bytes",
                          (long long)s->size);
    ObjUnpackIter *it = (ObjUnpackIter *)gc_new(&type_unpack_iter, sizeof(ObjUnpackIter));
    it->s = s;
    it->data = copy;
    return OBJ_VAL(it);
}

/* ---- the Struct type ------------------------------------------------------ */

static Value struct_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"format", NULL};
    Value a[1];
    if (args_parse("Struct", args, nargs, kwnames, params, 1, 1, a) < 0) return VNULL;
    return struct_make(a[0]);
}

static Value st_pack(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "pack() takes no keyword arguments");
    return do_pack(AS_STRUCT(args[0]), args + 1, nargs - 1);
}
static Value st_pack_into(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "pack_into() takes no keyword arguments");
    return do_pack_into(AS_STRUCT(args[0]), args + 1, nargs - 1);
}
static Value st_unpack(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unpack", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return do_unpack(AS_STRUCT(args[0]), args[1]);
}
static Value st_unpack_from(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"buffer", "offset", NULL};
    Value a[2];
    if (args_parse("unpack_from", args + 1, nargs - 1, kw, params, 1, 2, a) < 0) return VNULL;
    return do_unpack_from(AS_STRUCT(args[0]), a[0], a[1]);
}
static Value st_iter_unpack(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("iter_unpack", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return do_iter_unpack(AS_STRUCT(args[0]), args[1]);
}
static Value st_sizeof(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__sizeof__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return MK_INT(64 + (int64_t)sizeof(Code) * (AS_STRUCT(args[0])->ncodes + 1));
}
static Value get_format(Value v) { return AS_STRUCT(v)->format; }
static Value get_size(Value v) { return int_from_i64(AS_STRUCT(v)->size); }

static const MethodDef struct_methods[] = {
    {"pack", st_pack}, {"pack_into", st_pack_into}, {"unpack", st_unpack},
    {"unpack_from", st_unpack_from}, {"iter_unpack", st_iter_unpack}, {"__sizeof__", st_sizeof},
    {NULL, NULL},
};

static Type type_struct = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "Struct",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjStruct),
    .tp_new = struct_tp_new,
    .trace = struct_trace,
    .finalize = struct_finalize,
};

/* ---- module functions ----------------------------------------------------- */

static Value m_pack(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "pack() takes no keyword arguments");
    if (nargs < 1) return err_set(exc_TypeError, "missing format argument");
    Value s = cached_struct(args[0]);
    return s ? do_pack(AS_STRUCT(s), args + 1, nargs - 1) : VNULL;
}
static Value m_pack_into(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "pack_into() takes no keyword arguments");
    if (nargs < 1) return err_set(exc_TypeError, "missing format argument");
    Value s = cached_struct(args[0]);
    return s ? do_pack_into(AS_STRUCT(s), args + 1, nargs - 1) : VNULL;
}
static Value m_unpack(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unpack", nargs, kw, 2, 2) < 0) return VNULL;
    Value s = cached_struct(args[0]);
    return s ? do_unpack(AS_STRUCT(s), args[1]) : VNULL;
}
static Value m_unpack_from(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"format", "buffer", "offset", NULL};
    Value a[3];
    if (args_parse("unpack_from", args, nargs, kw, params, 2, 3, a) < 0) return VNULL;
    Value s = cached_struct(a[0]);
    return s ? do_unpack_from(AS_STRUCT(s), a[1], a[2]) : VNULL;
}
static Value m_iter_unpack(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("iter_unpack", nargs, kw, 2, 2) < 0) return VNULL;
    Value s = cached_struct(args[0]);
    return s ? do_iter_unpack(AS_STRUCT(s), args[1]) : VNULL;
}
static Value m_calcsize(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("calcsize", nargs, kw, 1, 1) < 0) return VNULL;
    Value s = cached_struct(args[0]);
    return s ? int_from_i64(AS_STRUCT(s)->size) : VNULL;
}
static Value m_clearcache(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_clearcache", nargs, kw, 0, 0) < 0) return VNULL;
    cache = dict_new();
    return NONE;
}

Value mod_struct_init(void)
{
    if (!struct_error) {
        struct_error = module_new_exception("struct", "error", OBJ_VAL(exc_Exception));
        if (!struct_error) return VNULL;
        gc_add_root_value(&cache);
        cache = dict_new();
        type_struct.module = str_intern_cstr("_struct");
        type_ready(&type_struct, struct_methods);
        exc_add_getset(&type_struct, "format", get_format, NULL);
        exc_add_getset(&type_struct, "size", get_size, NULL);
        static const MethodDef iter_methods[] = {{"__length_hint__", uiter_length_hint}, {NULL, NULL}};
        type_unpack_iter.module = str_intern_cstr("_struct");
        type_ready(&type_unpack_iter, iter_methods);
    }
    Value m = module_new(str_intern_cstr("_struct"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr(
        "Functions to convert between Python values and C structs.\n"
        "Python bytes objects are used to hold the data representing the C struct\n"
        "and also as format strings (explained below) to describe the layout of data\n"
        "in the C struct.\n"));
    module_add_fn(mod, "pack", m_pack);
    module_add_fn(mod, "pack_into", m_pack_into);
    module_add_fn(mod, "unpack", m_unpack);
    module_add_fn(mod, "unpack_from", m_unpack_from);
    module_add_fn(mod, "iter_unpack", m_iter_unpack);
    module_add_fn(mod, "calcsize", m_calcsize);
    module_add_fn(mod, "_clearcache", m_clearcache);
    module_add(mod, "Struct", OBJ_VAL(&type_struct));
    module_add(mod, "error", struct_error);
    return m;
}
