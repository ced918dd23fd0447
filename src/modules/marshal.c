/* modules/marshal.c — marshal: CPython's serialisation format, version 4.
 *
 * Every non-code type is written and read exactly as CPython 3.11 does
 * (type byte, little-endian sizes, ints as 15-bit digits, floats as IEEE
 * doubles, the short forms for ASCII strings and small tuples, and back
 * references to objects already written).
 *
 * The one thing baton cannot reproduce is which objects CPython flags as
 * possibly shared (FLAG_REF, 0x80 on the type byte): CPython flags an
 * object when its reference count is above one.  baton has no reference
 * counts, so it assumes what holds for the usual arguments: the object
 * given to dumps() is shared (a variable holds it), immutable values
 * inside it are shared (constants and small ints always are in CPython),
 * and a list, dict or set inside another container is shared only if it
 * occurs more than once.  Strings count as interned (the 'Z', 'A' and 't'
 * forms) when they consist of identifier characters only, as CPython's
 * compiler interns such constants.  Output
 * can therefore differ from CPython's in the 0x80 bits for values computed
 * at run time; loads() reads either.
 *
 * Code objects use a baton format under type byte 'B' (baton's bytecode is
 * not CPython's): CPython's code objects ('c') are refused, and baton's
 * mean nothing to CPython.  Like CPython's, marshal data with code objects
 * must come from a trusted source: the instructions are not verified.
 */
#include <math.h>

#include "codec.h"
#include "complexobj.h"
#include "exceptions.h"
#include "gc.h"
#include "opcodes.h"
#include "str.h"

#define FLAG_REF 0x80
#define MAX_DEPTH 2000
#define SIZE32_MAX 0x7FFFFFFF
#define TYPE_BATON_CODE 'B'

/* ---- writing ------------------------------------------------------------ */

typedef struct {
    StrBuf out;
    int version, depth;
    const char *error;   /* ValueError message, once something failed */
    Value refs;          /* dict: id(obj) -> index written (version >= 3) */
    Value seen;          /* dict: id(mutable container) -> occurrences */
} Writer;

static void w_byte(Writer *w, int c) { sb_addc(&w->out, (char)c); }

static void w_long(Writer *w, int64_t x)
{
    char b[4] = {(char)(x & 0xff), (char)((x >> 8) & 0xff), (char)((x >> 16) & 0xff),
                 (char)((x >> 24) & 0xff)};
    sb_add(&w->out, b, 4);
}

static void w_size(Writer *w, int64_t n)
{
    if (n > SIZE32_MAX)
        w->error = "unmarshallable object";
    w_long(w, n);
}

static void w_pstring(Writer *w, const void *s, size_t n)
{
    w_size(w, (int64_t)n);
    sb_add(&w->out, s, n);
}

static bool is_mutable_container(Value v)
{
    return IS_LIST(v) || IS_DICT(v) || IS_SET(v);
}

/* The identity key of an object for the ref tables. */
static Value id_key(Value v) { return int_from_u64((uint64_t)v); }

/* Count the occurrences of every mutable container in v (first pass). */
static int count_containers(Writer *w, Value v, int depth)
{
    if (depth > MAX_DEPTH || !IS_OBJ(v))
        return 0;
    if (is_mutable_container(v)) {
        Value k = id_key(v), n = dict_get(w->seen, k);
        if (dict_set(w->seen, k, MK_INT(n ? AS_INT(n) + 1 : 1)) < 0)
            return -1;
        if (n)
            return 0; /* its contents were counted the first time */
    }
    if (IS_LIST(v) || IS_TUPLE(v)) {
        int64_t len = IS_LIST(v) ? AS_LIST(v)->len : AS_TUPLE(v)->len;
        for (int64_t i = 0; i < len; i++) {
            Value item = IS_LIST(v) ? AS_LIST(v)->items[i] : AS_TUPLE(v)->items[i];
            if (count_containers(w, item, depth + 1) < 0)
                return -1;
        }
    } else if (IS_DICT(v)) {
        int64_t pos = 0;
        Value k, x;
        while (dict_next(AS_DICT(v), &pos, &k, &x))
            if (count_containers(w, k, depth + 1) < 0 || count_containers(w, x, depth + 1) < 0)
                return -1;
    }
    return 0;
}

static bool name_chars(ObjStr *s)
{
    for (int64_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static bool interned(Value v)
{
    return name_chars(AS_STR(v));
}

/* What identifies v in the table of objects already written.  Numbers,
 * strings and bytes go by value: equal constants are one object in
 * CPython (its compiler merges them, and small ints are cached), and in
 * baton ints are not objects at all.  Everything else goes by identity. */
static Value ref_key(Value v)
{
    if (IS_ANYINT(v))
        return tuple_pack(2, MK_INT(0), v);
    if (IS_FLOAT(v)) {
        uint64_t bits;
        double d = AS_FLOAT(v);
        memcpy(&bits, &d, 8);
        return tuple_pack(2, MK_INT(1), int_from_u64(bits));
    }
    if (IS_COMPLEX(v)) {
        uint64_t b[2];
        memcpy(&b[0], &AS_COMPLEX(v)->re, 8);
        memcpy(&b[1], &AS_COMPLEX(v)->im, 8);
        return tuple_pack(3, MK_INT(4), int_from_u64(b[0]), int_from_u64(b[1]));
    }
    if (IS_STR(v))
        return tuple_pack(2, MK_INT(2), v);
    if (IS_BYTES(v))
        return tuple_pack(2, MK_INT(3), v);
    return id_key(v);
}

/* Would CPython see v as shared (refcount > 1)?  See the top comment. */
static bool shared(Writer *w, Value v, bool top)
{
    if (top || !is_mutable_container(v))
        return true;
    Value n = dict_get(w->seen, id_key(v));
    return n && AS_INT(n) > 1;
}

static void w_object(Writer *w, Value v, bool top);

static void w_code(Writer *w, ObjCode *c, int flag)
{
    w_byte(w, TYPE_BATON_CODE | flag);
    int64_t ints[] = {c->argcount, c->posonlyargcount, c->kwonlyargcount, c->stacksize, c->flags,
                      c->nlocals, c->ncellslots, c->nfree, c->firstline, c->ncode, c->nexc};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        w_long(w, ints[i]);
    for (int32_t i = 0; i < c->ncode; i++)
        w_long(w, c->code[i]);
    for (int32_t i = 0; i < c->ncode; i++)
        w_long(w, c->lines[i]);
    for (int32_t i = 0; i < c->ncellslots; i++)
        w_long(w, c->cell_slots[i]);
    for (int32_t i = 0; i < c->nexc; i++) {
        w_long(w, c->exctable[i].start);
        w_long(w, c->exctable[i].end);
        w_long(w, c->exctable[i].handler);
        w_long(w, c->exctable[i].depth);
    }
    w_object(w, OBJ_VAL(c->consts), false);
    w_object(w, OBJ_VAL(c->names), false);
    w_object(w, OBJ_VAL(c->localnames), false);
    w_object(w, OBJ_VAL(c->name), false);
    w_object(w, c->qualname ? OBJ_VAL(c->qualname) : OBJ_VAL(c->name), false);
    w_object(w, OBJ_VAL(c->filename), false);
}

static void w_int(Writer *w, Value v, int flag)
{
    if (IS_INT(v) && AS_INT(v) >= INT32_MIN && AS_INT(v) <= INT32_MAX) {
        w_byte(w, 'i' | flag);
        w_long(w, AS_INT(v));
        return;
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    int sign = mpz_sgn(z);
    size_t count = 0;
    /* 15 bits in each 16-bit word, least significant first */
    uint16_t *digits = mpz_export(NULL, &count, -1, 2, -1, 1, z);
    w_byte(w, 'l' | flag);
    if (count > SIZE32_MAX)
        w->error = "unmarshallable object";
    w_long(w, sign < 0 ? -(int64_t)count : (int64_t)count);
    for (size_t i = 0; i < count; i++) {
        char b[2] = {(char)(digits[i] & 0xff), (char)(digits[i] >> 8)};
        sb_add(&w->out, b, 2);
    }
    mem_free(digits, count * 2); /* GMP's allocator is mem_alloc (int.c) */
    mpz_clear(z);
}

/* A double: 8 bytes little-endian (version > 1), else a repr string. */
static void w_double(Writer *w, double d)
{
    if (w->version > 1) {
        uint64_t bits;
        memcpy(&bits, &d, 8);
        for (int i = 0; i < 8; i++)
            w_byte(w, (int)((bits >> (8 * i)) & 0xff));
        return;
    }
    char buf[64];
    if (isinf(d))
        snprintf(buf, sizeof buf, "%s", d > 0 ? "inf" : "-inf");
    else if (isnan(d))
        snprintf(buf, sizeof buf, "nan");
    else
        snprintf(buf, sizeof buf, "%.17g", d);
    w_byte(w, (int)strlen(buf));
    sb_adds(&w->out, buf);
}

static void w_float(Writer *w, double d, int flag)
{
    w_byte(w, (w->version > 1 ? 'g' : 'f') | flag);
    w_double(w, d);
}

static void w_complex(Writer *w, ObjComplex *c, int flag)
{
    w_byte(w, (w->version > 1 ? 'y' : 'x') | flag);
    w_double(w, c->re);
    w_double(w, c->im);
}

static void w_str(Writer *w, Value v, int flag)
{
    ObjStr *s = AS_STR(v);
    bool in = interned(v);
    if (w->version >= 4 && s->ascii) {
        if (s->len < 256) {
            w_byte(w, (in ? 'Z' : 'z') | flag);
            w_byte(w, (int)s->len);
            sb_add(&w->out, s->data, (size_t)s->len);
        } else {
            w_byte(w, (in ? 'A' : 'a') | flag);
            w_pstring(w, s->data, (size_t)s->len);
        }
        return;
    }
    w_byte(w, (w->version >= 3 && in ? 't' : 'u') | flag);
    if (codec_has_surrogates(s)) {
        /* surrogatepass: baton's UTF-8 already holds them that way */
        Value b = codec_utf8_encode(s, "surrogatepass");
        if (!b) {
            w->error = "unmarshallable object";
            err_clear();
            return;
        }
        w_pstring(w, AS_BYTES(b)->data, (size_t)AS_BYTES(b)->len);
        return;
    }
    w_pstring(w, s->data, (size_t)s->len);
}

/* A sequence of n items (tuple, list, set) after its header. */
static void w_items(Writer *w, const Value *items, int64_t n)
{
    for (int64_t i = 0; i < n && !w->error; i++)
        w_object(w, items[i], false);
}

static void w_object(Writer *w, Value v, bool top)
{
    if (w->error)
        return;
    if (++w->depth > MAX_DEPTH) {
        w->error = "object too deeply nested to marshal";
        return;
    }
    if (!v) {
        w_byte(w, '0');
    } else if (IS_NONE(v)) {
        w_byte(w, 'N');
    } else if (v == OBJ_VAL(exc_StopIteration)) {
        w_byte(w, 'S');
    } else if (v == ELLIPSIS) {
        w_byte(w, '.');
    } else if (v == FALSE_V) {
        w_byte(w, 'F');
    } else if (v == TRUE_V) {
        w_byte(w, 'T');
    } else {
        int flag = 0;
        bool known = IS_ANYINT(v) || IS_FLOAT(v) || IS_COMPLEX(v) || IS_STR(v) || IS_BYTES(v) || IS_TUPLE(v) ||
                     IS_LIST(v) || IS_DICT(v) || IS_ANYSET(v) || IS_CODE(v) || obj_has_buffer(v);
        if (w->version >= 3 && known && shared(w, v, top)) {
            Value k = ref_key(v), idx = k ? dict_get(w->refs, k) : VNULL;
            if (idx) {
                w_byte(w, 'r');
                w_long(w, AS_INT(idx));
                w->depth--;
                return;
            }
            if (!k || dict_set(w->refs, k, MK_INT(AS_DICT(w->refs)->len)) < 0) {
                w->error = "unmarshallable object";
                return;
            }
            flag = FLAG_REF;
        }
        if (IS_ANYINT(v)) {
            w_int(w, v, flag);
        } else if (IS_FLOAT(v)) {
            w_float(w, AS_FLOAT(v), flag);
        } else if (IS_COMPLEX(v)) {
            w_complex(w, AS_COMPLEX(v), flag);
        } else if (IS_STR(v)) {
            w_str(w, v, flag);
        } else if (IS_BYTES(v)) {
            w_byte(w, 's' | flag);
            w_pstring(w, AS_BYTES(v)->data, (size_t)AS_BYTES(v)->len);
        } else if (IS_TUPLE(v)) {
            int64_t n = AS_TUPLE(v)->len;
            if (w->version >= 4 && n < 256) {
                w_byte(w, ')' | flag);
                w_byte(w, (int)n);
            } else {
                w_byte(w, '(' | flag);
                w_size(w, n);
            }
            w_items(w, AS_TUPLE(v)->items, n);
        } else if (IS_LIST(v)) {
            w_byte(w, '[' | flag);
            w_size(w, AS_LIST(v)->len);
            w_items(w, AS_LIST(v)->items, AS_LIST(v)->len);
        } else if (IS_DICT(v)) {
            w_byte(w, '{' | flag);
            int64_t pos = 0;
            Value k, x;
            while (!w->error && dict_next(AS_DICT(v), &pos, &k, &x)) {
                w_object(w, k, false);
                w_object(w, x, false);
            }
            w_byte(w, '0');
        } else if (IS_ANYSET(v)) {
            w_byte(w, (IS_SET(v) ? '<' : '>') | flag);
            w_size(w, AS_SET(v)->len);
            int64_t pos = 0;
            Value k;
            while (!w->error && set_next(AS_SET(v), &pos, &k))
                w_object(w, k, false);
        } else if (IS_CODE(v)) {
            w_code(w, AS_CODE(v), flag);
        } else if (obj_has_buffer(v)) {
            /* any other bytes-like object is written as bytes */
            Buffer view;
            if (obj_getbuffer(v, &view, BUF_SIMPLE) < 0) {
                err_clear();
                w_byte(w, '?');
                w->error = "unmarshallable object";
            } else {
                w_byte(w, 's' | flag);
                w_pstring(w, view.buf, (size_t)view.len);
                buffer_release(&view);
            }
        } else {
            w_byte(w, '?');
            w->error = "unmarshallable object";
        }
    }
    w->depth--;
}

static Value dumps_value(Value v, int version)
{
    Writer w = {.version = version};
    sb_init(&w.out);
    w.refs = dict_new();
    w.seen = dict_new();
    if (count_containers(&w, v, 0) < 0) {
        sb_free(&w.out);
        return VNULL;
    }
    w_object(&w, v, true);
    if (err_occurred()) {
        sb_free(&w.out);
        return VNULL;
    }
    if (w.error) {
        sb_free(&w.out);
        return err_set(exc_ValueError, w.error);
    }
    Value b = bytes_new((const uint8_t *)w.out.data, w.out.len);
    sb_free(&w.out);
    return b;
}

static int version_arg(int nargs, Value *args, int idx, int *out)
{
    *out = 4;
    if (nargs <= idx)
        return 0;
    int64_t v;
    if (IS_FLOAT(args[idx])) {
        err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", args[idx]);
        return -1;
    }
    if (obj_as_int64(args[idx], &v) < 0)
        return -1;
    *out = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
    return 0;
}

static Value m_dumps(Value *args, int nargs, ObjTuple *kw)
{
    int version;
    if (args_check("dumps", nargs, kw, 1, 2) < 0 || version_arg(nargs, args, 1, &version) < 0)
        return VNULL;
    return dumps_value(args[0], version);
}

static Value m_dump(Value *args, int nargs, ObjTuple *kw)
{
    int version;
    if (args_check("dump", nargs, kw, 2, 3) < 0 || version_arg(nargs, args, 2, &version) < 0)
        return VNULL;
    Value b = dumps_value(args[0], version);
    return b ? obj_call_method(args[1], str_intern_cstr("write"), &b, 1) : VNULL;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct {
    const uint8_t *p, *end;  /* loads(): the data */
    Value file;              /* load(): read from file.read(n) instead */
    Value chunk;             /* load(): the last bytes read (keeps them alive) */
    Value refs;              /* list of objects flagged so far */
    int depth;
} Reader;

/* n bytes, or NULL with EOFError. */
static const uint8_t *r_bytes(Reader *r, size_t n)
{
    if (!r->file) {
        if ((size_t)(r->end - r->p) < n) {
            err_set(exc_EOFError, "marshal data too short");
            return NULL;
        }
        const uint8_t *s = r->p;
        r->p += n;
        return s;
    }
    if (n == 0)
        return (const uint8_t *)"";
    Value arg = int_from_u64(n);
    Value b = obj_call_method(r->file, str_intern_cstr("read"), &arg, 1);
    if (!b)
        return NULL;
    if (!IS_BYTES(b)) {
        err_format(exc_TypeError, "file.read() returned not bytes but %T", b);
        return NULL;
    }
    if ((size_t)AS_BYTES(b)->len != n) {
        if ((size_t)AS_BYTES(b)->len > n)
            err_format(exc_ValueError, "read() returned too much data: %zd bytes requested, %zd returned",
                       (ssize_t)n, (ssize_t)AS_BYTES(b)->len);
        else
            err_set(exc_EOFError, "EOF read where not expected");
        return NULL;
    }
    r->chunk = b;
    return AS_BYTES(b)->data;
}

/* One byte, or -1 at the end of the data (no exception for loads). */
static int r_byte(Reader *r)
{
    if (!r->file)
        return r->p < r->end ? *r->p++ : -1;
    const uint8_t *b = r_bytes(r, 1);
    if (!b) {
        if (err_matches(exc_EOFError))
            err_clear();
        return -1;
    }
    return b[0];
}

static int r_long(Reader *r, int64_t *out)
{
    const uint8_t *b = r_bytes(r, 4);
    if (!b)
        return -1;
    *out = (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
    return 0;
}

/* 8 bytes, little-endian */
static int r_u64(Reader *r, uint64_t *out)
{
    const uint8_t *b = r_bytes(r, 8);
    if (!b)
        return -1;
    uint64_t u = 0;
    for (int i = 7; i >= 0; i--)
        u = u << 8 | b[i];
    *out = u;
    return 0;
}

/* A double: 8 bytes (binary) or a length byte and its repr. */
static int r_double(Reader *r, bool binary, double *out)
{
    if (binary) {
        uint64_t u;
        if (r_u64(r, &u) < 0)
            return -1;
        memcpy(out, &u, 8);
        return 0;
    }
    int len = r_byte(r);
    if (len < 0) {
        err_set(exc_EOFError, "EOF read where object expected");
        return -1;
    }
    const uint8_t *b = r_bytes(r, (size_t)len);
    Value f = b ? float_from_str((const char *)b, (size_t)len) : VNULL;
    if (!f)
        return -1;
    *out = AS_FLOAT(f);
    return 0;
}

static Value bad(const char *what)
{
    return err_format(exc_ValueError, "bad marshal data (%s)", what);
}

static Value r_object(Reader *r);

/* Append v to the refs if flagged (as it is created, before its items). */
static Value r_ref(Reader *r, Value v, int flag)
{
    if (v && flag && list_append(r->refs, v) < 0)
        return VNULL;
    return v;
}

/* Reserve a ref slot for an object built from its parts (frozenset, code). */
static int64_t r_reserve(Reader *r, int flag)
{
    if (!flag)
        return -1;
    int64_t idx = AS_LIST(r->refs)->len;
    return list_append(r->refs, NONE) < 0 ? -2 : idx;
}

static Value r_size(Reader *r, const char *what, int64_t *n)
{
    if (r_long(r, n) < 0)
        return VNULL;
    if (*n < 0 || *n > SIZE32_MAX)
        return bad(what);
    return NONE;
}

static Value r_pylong(Reader *r)
{
    int64_t n;
    if (r_long(r, &n) < 0)
        return VNULL;
    if (n == 0)
        return MK_INT(0);
    if (n < -SIZE32_MAX || n > SIZE32_MAX)
        return bad("long size out of range");
    int64_t count = n < 0 ? -n : n;
    const uint8_t *b = r_bytes(r, (size_t)count * 2);
    if (!b)
        return VNULL;
    mpz_t z;
    mpz_init(z);
    for (int64_t i = count - 1; i >= 0; i--) {
        int md = (int16_t)(b[2 * i] | b[2 * i + 1] << 8);
        if (md < 0 || md > 0x8000) {
            mpz_clear(z);
            return bad("digit out of range in long");
        }
        if (i == count - 1 && md == 0) {
            mpz_clear(z);
            return bad("unnormalized long data");
        }
        mpz_mul_2exp(z, z, 15);
        mpz_add_ui(z, z, (unsigned long)md);
    }
    if (n < 0)
        mpz_neg(z, z);
    Value v = int_from_mpz(z);
    mpz_clear(z);
    return v;
}

static Value r_items(Reader *r, Value container, int64_t n, const char *kind)
{
    for (int64_t i = 0; i < n; i++) {
        Value item = r_object(r);
        if (!item) {
            if (!err_occurred())
                err_format(exc_TypeError, "NULL object in marshal data for %s", kind);
            return VNULL;
        }
        if (IS_TUPLE(container))
            AS_TUPLE(container)->items[i] = item;
        else if (IS_LIST(container))
            AS_LIST(container)->items[i] = item;
        else if (set_add(container, item) < 0)
            return VNULL;
    }
    return container;
}

static bool all_str(Value t)
{
    if (!IS_TUPLE(t))
        return false;
    for (int64_t i = 0; i < AS_TUPLE(t)->len; i++)
        if (!IS_STR(AS_TUPLE(t)->items[i]))
            return false;
    return true;
}

static Value intern_all(Value t)
{
    for (int64_t i = 0; i < AS_TUPLE(t)->len; i++)
        AS_TUPLE(t)->items[i] = OBJ_VAL(str_intern_obj(AS_STR(AS_TUPLE(t)->items[i])));
    return t;
}

static Value r_code(Reader *r, int flag)
{
    int64_t idx = r_reserve(r, flag);
    if (idx == -2)
        return VNULL;
    int64_t f[11];
    for (int i = 0; i < 11; i++)
        if (r_long(r, &f[i]) < 0)
            return VNULL;
    int64_t ncode = f[9], ncell = f[6], nexc = f[10];
    for (int i = 0; i < 11; i++)
        if (f[i] < 0 && i != 8)
            return bad("invalid code object");
    const uint8_t *words = r_bytes(r, (size_t)(ncode * 2 + ncell + nexc * 4) * 4);
    if (!words)
        return VNULL;
    ObjCode *c = code_new();
    c->argcount = (int32_t)f[0];
    c->posonlyargcount = (int32_t)f[1];
    c->kwonlyargcount = (int32_t)f[2];
    c->stacksize = (int32_t)f[3];
    c->flags = (uint32_t)f[4];
    c->nlocals = (int32_t)f[5];
    c->nfree = (int32_t)f[7];
    c->firstline = (int32_t)f[8];
    c->code = mem_alloc((size_t)ncode * sizeof(uint32_t));
    c->lines = mem_alloc((size_t)ncode * sizeof(uint32_t));
    c->ncode = (int32_t)ncode;
    c->cell_slots = mem_alloc((size_t)ncell * sizeof(int32_t));
    c->ncellslots = (int32_t)ncell;
    c->exctable = mem_alloc((size_t)nexc * sizeof(ExcEntry));
    c->nexc = (int32_t)nexc;
    const uint8_t *p = words;
#define NEXT32() (p += 4, (uint32_t)p[-4] | (uint32_t)p[-3] << 8 | (uint32_t)p[-2] << 16 | (uint32_t)p[-1] << 24)
    for (int64_t i = 0; i < ncode; i++)
        c->code[i] = NEXT32();
    for (int64_t i = 0; i < ncode; i++)
        c->lines[i] = NEXT32();
    for (int64_t i = 0; i < ncell; i++)
        c->cell_slots[i] = (int32_t)NEXT32();
    for (int64_t i = 0; i < nexc; i++) {
        c->exctable[i].start = NEXT32();
        c->exctable[i].end = NEXT32();
        c->exctable[i].handler = NEXT32();
        c->exctable[i].depth = NEXT32();
    }
#undef NEXT32
    Value parts[6];
    for (int i = 0; i < 6; i++)
        if (!(parts[i] = r_object(r)))
            return err_occurred() ? VNULL : bad("invalid code object");
    if (!IS_TUPLE(parts[0]) || !all_str(parts[1]) || !all_str(parts[2]) ||
        AS_TUPLE(parts[2])->len != c->nlocals || !IS_STR(parts[3]) || !IS_STR(parts[4]) ||
        !IS_STR(parts[5]) || c->nfree > c->nlocals)
        return bad("invalid code object");
    for (int64_t i = 0; i < ncode; i++)
        if ((c->code[i] & 0xff) >= OP__COUNT)
            return bad("invalid code object");
    for (int64_t i = 0; i < ncell; i++)
        if (c->cell_slots[i] < 0 || c->cell_slots[i] >= c->nlocals)
            return bad("invalid code object");
    c->consts = AS_TUPLE(parts[0]);
    c->names = AS_TUPLE(intern_all(parts[1]));
    c->localnames = AS_TUPLE(intern_all(parts[2]));
    c->name = str_intern_obj(AS_STR(parts[3]));
    c->qualname = str_intern_obj(AS_STR(parts[4]));
    c->filename = str_intern_obj(AS_STR(parts[5]));
    if (idx >= 0)
        AS_LIST(r->refs)->items[idx] = OBJ_VAL(c);
    return OBJ_VAL(c);
}

static Value r_object_body(Reader *r, int code)
{
    int flag = code & FLAG_REF, type = code & ~FLAG_REF;
    int64_t n;
    switch (type) {
    case '0': return VNULL;
    case 'N': return NONE;
    case 'S': return OBJ_VAL(exc_StopIteration);
    case '.': return ELLIPSIS;
    case 'F': return FALSE_V;
    case 'T': return TRUE_V;
    case 'i':
        if (r_long(r, &n) < 0)
            return VNULL;
        return r_ref(r, MK_INT(n), flag);
    case 'I': {
        uint64_t u;
        if (r_u64(r, &u) < 0)
            return VNULL;
        return r_ref(r, int_from_i64((int64_t)u), flag);
    }
    case 'l': return r_ref(r, r_pylong(r), flag);
    case 'g':
    case 'f': {
        double d;
        if (r_double(r, type == 'g', &d) < 0)
            return VNULL;
        return r_ref(r, float_new(d), flag);
    }
    case 'x':
    case 'y': {
        double re, im;
        if (r_double(r, type == 'y', &re) < 0 || r_double(r, type == 'y', &im) < 0)
            return VNULL;
        return r_ref(r, complex_new(re, im), flag);
    }
    case 's': {
        if (!r_size(r, "bytes object size out of range", &n))
            return VNULL;
        const uint8_t *b = r_bytes(r, (size_t)n);
        return b ? r_ref(r, bytes_new(b, (size_t)n), flag) : VNULL;
    }
    case 'A':
    case 'a':
    case 'Z':
    case 'z': {
        if (type == 'A' || type == 'a') {
            if (!r_size(r, "string size out of range", &n))
                return VNULL;
        } else if ((n = r_byte(r)) < 0) {
            return err_set(exc_EOFError, "EOF read where object expected");
        }
        const uint8_t *b = r_bytes(r, (size_t)n);
        if (!b)
            return VNULL;
        /* the bytes are Latin-1 code points (they are ASCII when CPython wrote them) */
        Value s = codec_latin1_decode(b, (size_t)n, "strict");
        if (s && (type == 'A' || type == 'Z'))
            s = OBJ_VAL(str_intern_obj(AS_STR(s)));
        return r_ref(r, s, flag);
    }
    case 't':
    case 'u': {
        if (!r_size(r, "string size out of range", &n))
            return VNULL;
        const uint8_t *b = r_bytes(r, (size_t)n);
        if (!b)
            return VNULL;
        Value s = codec_utf8_decode(b, (size_t)n, "surrogatepass", true, NULL);
        if (s && type == 't')
            s = OBJ_VAL(str_intern_obj(AS_STR(s)));
        return r_ref(r, s, flag);
    }
    case ')':
    case '(': {
        if (type == ')') {
            if ((n = r_byte(r)) < 0)
                return err_set(exc_EOFError, "EOF read where object expected");
        } else if (!r_size(r, "tuple size out of range", &n)) {
            return VNULL;
        }
        Value t = r_ref(r, tuple_new(n), flag);
        return t ? r_items(r, t, n, "tuple") : VNULL;
    }
    case '[': {
        if (!r_size(r, "list size out of range", &n))
            return VNULL;
        Value l = r_ref(r, list_new(n), flag);
        return l ? r_items(r, l, n, "list") : VNULL;
    }
    case '{': {
        Value d = r_ref(r, dict_new(), flag);
        if (!d)
            return VNULL;
        for (;;) {
            Value k = r_object(r);
            if (!k)
                break;
            Value v = r_object(r);
            if (!v || dict_set(d, k, v) < 0)
                break;
        }
        return err_occurred() ? VNULL : d;
    }
    case '<':
    case '>': {
        if (!r_size(r, "set size out of range", &n))
            return VNULL;
        if (type == '<') {
            Value s = r_ref(r, set_new(&type_set), flag);
            return s ? r_items(r, s, n, "set") : VNULL;
        }
        int64_t idx = r_reserve(r, flag);
        Value s = idx == -2 ? VNULL : set_new(&type_frozenset);
        if (!s || !r_items(r, s, n, "set"))
            return VNULL;
        if (idx >= 0)
            AS_LIST(r->refs)->items[idx] = s;
        return s;
    }
    case TYPE_BATON_CODE:
        return r_code(r, flag);
    case 'c': {
        /* CPython's code object: read it through (so that truncated data
         * fails as in CPython), then refuse it */
        static const char layout[] = "llllloooooooloo";
        for (const char *f = layout; *f; f++) {
            if (*f == 'l') {
                if (r_long(r, &n) < 0)
                    return VNULL;
            } else if (!r_object(r)) {
                return err_occurred() ? VNULL : bad("NULL object in code");
            }
        }
        return err_set(exc_ValueError, "bad marshal data (CPython code objects cannot be loaded by baton)");
    }
    case 'r':
        if (r_long(r, &n) < 0)
            return VNULL;
        if (n < 0 || n >= AS_LIST(r->refs)->len || IS_NONE(AS_LIST(r->refs)->items[n]))
            return bad("invalid reference");
        return AS_LIST(r->refs)->items[n];
    default:
        return bad("unknown type code");
    }
}

/* VNULL with no exception: a NULL ('0') was read. */
static Value r_object(Reader *r)
{
    int code = r_byte(r);
    if (code < 0) {
        if (!err_occurred())
            err_set(exc_EOFError, "EOF read where object expected");
        return VNULL;
    }
    if (++r->depth > MAX_DEPTH) {
        r->depth--;
        return err_set(exc_ValueError, "recursion limit exceeded");
    }
    Value v = r_object_body(r, code);
    r->depth--;
    return v;
}

static Value read_object(Reader *r)
{
    r->refs = list_new(0);
    Value v = r_object(r);
    if (!v && !err_occurred())
        err_set(exc_TypeError, "NULL object in marshal data for object");
    return v;
}

static Value m_loads(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("loads", nargs, kw, 1, 1) < 0)
        return VNULL;
    Buffer view; /* loads() runs no code that could resize it */
    if (obj_getbuffer(args[0], &view, BUF_SIMPLE) < 0)
        return VNULL;
    Reader r = {view.buf, view.buf + view.len, VNULL, VNULL, VNULL, 0};
    Value v = read_object(&r);
    buffer_release(&view);
    return v;
}

static Value m_load(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("load", nargs, kw, 1, 1) < 0)
        return VNULL;
    /* read(0) first: the file must have a read method that gives bytes */
    Value zero = MK_INT(0);
    Value d = obj_call_method(args[0], str_intern_cstr("read"), &zero, 1);
    if (!d)
        return VNULL;
    if (!IS_BYTES(d))
        return err_format(exc_TypeError, "file.read() returned not bytes but %T", d);
    Reader r = {NULL, NULL, args[0], VNULL, VNULL, 0};
    return read_object(&r);
}

static const MethodDef marshal_fns[] = {
    {"dumps", m_dumps}, {"dump", m_dump}, {"loads", m_loads}, {"load", m_load}, {NULL, NULL},
};

Value mod_marshal_init(void)
{
    Value mv = module_new(str_intern_cstr("marshal"));
    if (!mv)
        return VNULL;
    for (const MethodDef *d = marshal_fns; d->name; d++)
        module_add_fn(AS_MODULE(mv), d->name, d->fn);
    module_add(AS_MODULE(mv), "version", MK_INT(4));
    return mv;
}
