/* pycache.c — the bytecode cache (pycache.h): where a module's compiled
 * code is kept, the file format, and reading it back without trusting it.
 *
 * A cache file is a 56-byte header and a payload, all little-endian:
 *
 *   0  "BATONPYC"                 magic
 *   8  BATON_BYTECODE_VERSION     hash of the compiler's sources (build time)
 *  16  optimize level             -O / -OO compile differently
 *  24  source mtime, nanoseconds  st_mtim of the .py when it was compiled
 *  32  source size in bytes
 *  40  payload size in bytes      the file is exactly 56 + this long
 *  48  checksum                   FNV-1a 64 of bytes 0..47 and the payload
 *
 * The payload is one value, a tag byte and its body (varints are LEB128,
 * signed ones zigzagged):
 *
 *   N T F .        None True False Ellipsis
 *   i zvarint      a small int          l sign n bytes   a big int (LSB first)
 *   f 8 bytes      a float (IEEE)       x 16 bytes       a complex
 *   s n bytes      a str                u n bytes        an interned str
 *   r index        the index-th interned str of this payload again
 *   b n bytes      bytes                ( n values       a tuple
 *   { n values     a frozenset (in its iteration order)
 *   c              a code object: varints argcount posonlyargcount
 *                  kwonlyargcount stacksize flags nlocals ncellslots nfree
 *                  zvarint firstline, varints ncode nexc npositions; the
 *                  instruction words (4 bytes each); each line as a zvarint
 *                  delta from the previous one; cell slots; exception entries
 *                  (start end handler depth); the position table's bytes;
 *                  then the values consts (a tuple), names and localnames
 *                  (tuples of str), name and qualname (str).  co_filename is
 *                  not stored: the loader gives it, as CPython fixes it up.
 *
 * Loading checks everything before anything is used: the header fields,
 * the exact size, the checksum, every length against the bytes left, tag
 * by tag what each part must be (the names are str, the localnames as
 * many as nlocals, cell slots and exception entries in range, every
 * opcode known, a code object's operands in range of its tables).  Any
 * failure makes the load a miss: the caller compiles and rewrites it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bytecode_version.h"
#include "compiler.h"
#include "complexobj.h"
#include "gc.h"
#include "modules.h"
#include "opcodes.h"
#include "pycache.h"
#include "str.h"
#include "vm.h"

#define HEADER_SIZE 56
#define MAX_DEPTH 200

static const char MAGIC[8] = {'B', 'A', 'T', 'O', 'N', 'P', 'Y', 'C'};


static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* FNV-1a over 64-bit words (then the tail bytes), with a xor-shift after
 * each multiply to spread high bits down.  Every step is a bijection of
 * the state, so two inputs that differ in one word always differ in the
 * result: a flipped byte or bit is always caught. */
static uint64_t checksum(uint64_t h, const uint8_t *p, size_t n)
{
    for (; n >= 8; p += 8, n -= 8) {
        h = (h ^ get64(p)) * 0x100000001b3ULL;
        h ^= h >> 32;
    }
    for (; n; p++, n--)
        h = (h ^ *p) * 0x100000001b3ULL;
    return h;
}
#define CHECKSUM_START 0xcbf29ce484222325ULL

/* ---- writing ------------------------------------------------------------ */

typedef struct {
    StrBuf *out;
    Value strs; /* dict: interned str -> its index in the payload */
    int64_t nstrs;
    bool ok;
} Writer;

static void w_byte(Writer *w, int c) { sb_addc(w->out, (char)c); }

static void w_varint(Writer *w, uint64_t v)
{
    char b[10];
    int n = 0;
    do {
        b[n] = (char)(v & 0x7f);
        v >>= 7;
        if (v)
            b[n] |= (char)0x80;
        n++;
    } while (v);
    sb_add(w->out, b, (size_t)n);
}

static void w_zvarint(Writer *w, int64_t v)
{
    w_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void w_value(Writer *w, Value v);

static void w_str(Writer *w, ObjStr *s)
{
    if (s->interned) {
        Value idx = dict_get(w->strs, OBJ_VAL(s));
        if (idx) {
            w_byte(w, 'r');
            w_varint(w, (uint64_t)AS_INT(idx));
            return;
        }
        if (err_occurred() || dict_set(w->strs, OBJ_VAL(s), MK_INT(w->nstrs)) < 0) {
            w->ok = false;
            return;
        }
        w->nstrs++;
    }
    w_byte(w, s->interned ? 'u' : 's');
    w_varint(w, (uint64_t)s->len);
    sb_add(w->out, s->data, (size_t)s->len);
}

static void w_code(Writer *w, ObjCode *c)
{
    w_byte(w, 'c');
    w_varint(w, (uint64_t)c->argcount);
    w_varint(w, (uint64_t)c->posonlyargcount);
    w_varint(w, (uint64_t)c->kwonlyargcount);
    w_varint(w, (uint64_t)c->stacksize);
    w_varint(w, c->flags);
    w_varint(w, (uint64_t)c->nlocals);
    w_varint(w, (uint64_t)c->ncellslots);
    w_varint(w, (uint64_t)c->nfree);
    w_zvarint(w, c->firstline);
    w_varint(w, (uint64_t)c->ncode);
    w_varint(w, (uint64_t)c->nexc);
    w_varint(w, (uint64_t)(c->positions ? c->npositions : 0));
    for (int32_t i = 0; i < c->ncode; i++) {
        uint32_t x = c->code[i];
        char b[4] = {(char)x, (char)(x >> 8), (char)(x >> 16), (char)(x >> 24)};
        sb_add(w->out, b, 4);
    }
    int64_t prev = c->firstline;
    for (int32_t i = 0; i < c->ncode; i++) {
        w_zvarint(w, (int64_t)c->lines[i] - prev);
        prev = c->lines[i];
    }
    for (int32_t i = 0; i < c->ncellslots; i++)
        w_varint(w, (uint64_t)c->cell_slots[i]);
    for (int32_t i = 0; i < c->nexc; i++) {
        w_varint(w, c->exctable[i].start);
        w_varint(w, c->exctable[i].end);
        w_varint(w, c->exctable[i].handler);
        w_varint(w, c->exctable[i].depth);
    }
    if (c->positions)
        sb_add(w->out, (const char *)c->positions, (size_t)c->npositions);
    w_value(w, OBJ_VAL(c->consts));
    w_value(w, OBJ_VAL(c->names));
    w_value(w, OBJ_VAL(c->localnames));
    w_value(w, OBJ_VAL(c->name));
    w_value(w, OBJ_VAL(c->qualname ? c->qualname : c->name));
}

static void w_value(Writer *w, Value v)
{
    if (!w->ok)
        return;
    if (v == NONE || v == TRUE_V || v == FALSE_V || v == ELLIPSIS) {
        w_byte(w, v == NONE ? 'N' : v == TRUE_V ? 'T' : v == FALSE_V ? 'F' : '.');
    } else if (IS_INT(v)) {
        w_byte(w, 'i');
        w_zvarint(w, AS_INT(v));
    } else if (IS_BIGINT(v)) {
        mpz_srcptr z = AS_BIGINT(v)->z;
        size_t n = (mpz_sizeinbase(z, 2) + 7) / 8;
        uint8_t *buf = malloc(n ? n : 1);
        if (!buf) {
            w->ok = false;
            return;
        }
        size_t count = 0;
        mpz_export(buf, &count, -1, 1, 0, 0, z);
        w_byte(w, 'l');
        w_byte(w, mpz_sgn(z) < 0);
        w_varint(w, count);
        sb_add(w->out, (const char *)buf, count);
        free(buf);
    } else if (IS_FLOAT(v) || IS_COMPLEX(v)) {
        double d[2] = {0, 0};
        int n = IS_FLOAT(v) ? 1 : 2;
        if (n == 1)
            d[0] = AS_FLOAT(v);
        else {
            d[0] = AS_COMPLEX(v)->re;
            d[1] = AS_COMPLEX(v)->im;
        }
        w_byte(w, n == 1 ? 'f' : 'x');
        for (int i = 0; i < n; i++) {
            uint64_t bits;
            uint8_t b[8];
            memcpy(&bits, &d[i], 8);
            put64(b, bits);
            sb_add(w->out, (const char *)b, 8);
        }
    } else if (IS_STR(v) && AS_OBJ(v)->type == &type_str) {
        w_str(w, AS_STR(v));
    } else if (IS_BYTES(v)) {
        w_byte(w, 'b');
        w_varint(w, (uint64_t)AS_BYTES(v)->len);
        sb_add(w->out, (const char *)AS_BYTES(v)->data, (size_t)AS_BYTES(v)->len);
    } else if (IS_TUPLE(v) && AS_OBJ(v)->type == &type_tuple) {
        ObjTuple *t = AS_TUPLE(v);
        w_byte(w, '(');
        w_varint(w, (uint64_t)t->len);
        for (int64_t i = 0; i < t->len && w->ok; i++)
            w_value(w, t->items[i]);
    } else if (IS_TYPE_EXACT(v, &type_frozenset)) {
        Value t = obj_to_tuple(v);
        if (!t) {
            w->ok = false;
            return;
        }
        w_byte(w, '{');
        w_varint(w, (uint64_t)AS_TUPLE(t)->len);
        for (int64_t i = 0; i < AS_TUPLE(t)->len && w->ok; i++)
            w_value(w, AS_TUPLE(t)->items[i]);
    } else if (IS_CODE(v)) {
        w_code(w, AS_CODE(v));
    } else {
        w->ok = false; /* a constant the format does not know: do not cache */
    }
}

bool pycache_dump(ObjCode *code, StrBuf *out)
{
    Writer w = {out, dict_new(), 0, true};
    if (!w.strs)
        return false;
    w_value(&w, OBJ_VAL(code));
    if (err_occurred())
        err_clear();
    return w.ok;
}

/* ---- reading -------------------------------------------------------------- */

typedef struct {
    const uint8_t *p, *end;
    ObjStr **strs; /* the interned strs read so far ('r' refers to them) */
    size_t nstrs, cap;
    int depth;
    ObjStr *filename;
} Reader;

/* No collection can run while a payload is read (no bytecode runs), so
 * the objects held only in `strs` and in C locals stay alive. */

static bool r_varint(Reader *r, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && r->p < r->end; shift += 7) {
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool r_zvarint(Reader *r, int64_t *out)
{
    uint64_t u;
    if (!r_varint(r, &u))
        return false;
    *out = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
    return true;
}

/* A count or size that must fit in what is left of the payload (each
 * item taking at least `unit` bytes) and in an int32. */
static bool r_count(Reader *r, size_t unit, int32_t *out)
{
    uint64_t n;
    if (!r_varint(r, &n) || n > INT32_MAX || n * unit > (uint64_t)(r->end - r->p))
        return false;
    *out = (int32_t)n;
    return true;
}

static bool r_int32(Reader *r, int32_t *out)
{
    uint64_t n;
    if (!r_varint(r, &n) || n > INT32_MAX)
        return false;
    *out = (int32_t)n;
    return true;
}

static const uint8_t *r_bytes(Reader *r, size_t n)
{
    if (n > (size_t)(r->end - r->p))
        return NULL;
    const uint8_t *b = r->p;
    r->p += n;
    return b;
}

static Value r_value(Reader *r);

static Value r_str(Reader *r, bool interned)
{
    int32_t n;
    if (!r_count(r, 1, &n))
        return VNULL;
    const char *b = (const char *)r_bytes(r, (size_t)n);
    if (!b || !str_valid_internal(b, (size_t)n))
        return VNULL;
    if (!interned)
        return str_new(b, (size_t)n);
    ObjStr *s = str_intern(b, (size_t)n);
    if (!s)
        return VNULL;
    if (r->nstrs == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        ObjStr **ns = realloc(r->strs, cap * sizeof *ns);
        if (!ns)
            return VNULL;
        r->strs = ns;
        r->cap = cap;
    }
    r->strs[r->nstrs++] = s;
    return OBJ_VAL(s);
}

static bool all_str(Value t)
{
    if (!IS_TUPLE(t))
        return false;
    for (int64_t i = 0; i < AS_TUPLE(t)->len; i++)
        if (!IS_STR(AS_TUPLE(t)->items[i]) || !AS_STR(AS_TUPLE(t)->items[i])->interned)
            return false;
    return true;
}

/* Are the instruction's operands within the code object's tables?  The
 * opcodes that index consts, names or local slots directly are checked;
 * jump targets must be instructions. */
static bool operands_ok(ObjCode *c)
{
    int64_t nconsts = c->consts->len, nnames = c->names->len, nloc = c->nlocals;
    for (int32_t i = 0; i < c->ncode; i++) {
        uint32_t op = c->code[i] & 0xff, a = c->code[i] >> 8;
        switch (op) {
        case OP_LOAD_CONST:
        case OP_KW_NAMES:
            if (a >= nconsts)
                return false;
            break;
        case OP_LOAD_FAST:
        case OP_STORE_FAST:
        case OP_DELETE_FAST:
        case OP_LOAD_DEREF:
        case OP_STORE_DEREF:
        case OP_DELETE_DEREF:
        case OP_LOAD_CLOSURE:
        case OP_LOAD_CLASSDEREF:
            if (a >= nloc)
                return false;
            break;
        case OP_LOAD_GLOBAL:
        case OP_STORE_GLOBAL:
        case OP_DELETE_GLOBAL:
        case OP_LOAD_NAME:
        case OP_STORE_NAME:
        case OP_DELETE_NAME:
        case OP_LOAD_ATTR:
        case OP_STORE_ATTR:
        case OP_DELETE_ATTR:
        case OP_LOAD_METHOD:
        case OP_IMPORT_NAME:
        case OP_IMPORT_FROM:
            if (a >= nnames)
                return false;
            break;
        case OP_LOAD_FAST_ATTR:
        case OP_STORE_FAST_ATTR:
        case OP_LOAD_FAST_METHOD:
            if (FUSED_LOCAL(a) >= nloc || FUSED_NAME(a) >= nnames)
                return false;
            break;
        case OP_COMPARE_LT_FC:
        case OP_COMPARE_LE_FC:
        case OP_COMPARE_EQ_FC:
        case OP_COMPARE_NE_FC:
        case OP_COMPARE_GT_FC:
        case OP_COMPARE_GE_FC:
        case OP_ADD_FC:
        case OP_SUB_FC:
            if (FUSED_LOCAL(a) >= nloc || FC_CONST(a) >= nconsts)
                return false;
            break;
        case OP_JUMP:
        case OP_JUMP_BACKWARD:
        case OP_POP_JUMP_IF_FALSE:
        case OP_POP_JUMP_IF_TRUE:
        case OP_JUMP_IF_FALSE_OR_POP:
        case OP_JUMP_IF_TRUE_OR_POP:
        case OP_POP_JUMP_IF_NONE:
        case OP_POP_JUMP_IF_NOT_NONE:
        case OP_FOR_ITER:
            if (a >= (uint32_t)c->ncode)
                return false;
            break;
        default:
            break;
        }
    }
    return true;
}

static Value r_code(Reader *r)
{
    int32_t f[8], nexc, npos, ncode;
    int64_t firstline;
    for (int i = 0; i < 8; i++)
        if (!r_int32(r, &f[i]))
            return VNULL;
    if (!r_zvarint(r, &firstline) || firstline < INT32_MIN || firstline > INT32_MAX ||
        !r_count(r, 4, &ncode) || !r_count(r, 4, &nexc) || !r_count(r, 1, &npos))
        return VNULL;
    int32_t argc = f[0], posonly = f[1], kwonly = f[2], nlocals = f[5], ncell = f[6], nfree = f[7];
    if (ncode == 0 || posonly > argc || (int64_t)argc + kwonly > nlocals || nfree > nlocals ||
        ncell > nlocals)
        return VNULL;
    const uint8_t *words = r_bytes(r, (size_t)ncode * 4);
    if (!words)
        return VNULL;
    ObjCode *c = code_new();
    c->argcount = argc;
    c->posonlyargcount = posonly;
    c->kwonlyargcount = kwonly;
    c->stacksize = f[3];
    c->flags = (uint32_t)f[4];
    c->nlocals = nlocals;
    c->nfree = nfree;
    c->firstline = (int32_t)firstline;
    c->filename = r->filename;
    c->code = mem_alloc((size_t)ncode * sizeof(uint32_t));
    c->lines = mem_alloc((size_t)ncode * sizeof(uint32_t));
    c->ncode = ncode;
    for (int32_t i = 0; i < ncode; i++) {
        const uint8_t *b = words + 4 * i;
        c->code[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        if ((c->code[i] & 0xff) >= OP__COUNT)
            return VNULL;
    }
    int64_t line = firstline;
    for (int32_t i = 0; i < ncode; i++) {
        int64_t d;
        if (!r_zvarint(r, &d))
            return VNULL;
        line += d;
        if (line < 0 || line > INT32_MAX)
            return VNULL;
        c->lines[i] = (uint32_t)line;
    }
    if (ncell) {
        c->cell_slots = mem_alloc((size_t)ncell * sizeof(int32_t));
        c->ncellslots = ncell;
        for (int32_t i = 0; i < ncell; i++)
            if (!r_int32(r, &c->cell_slots[i]) || c->cell_slots[i] >= nlocals)
                return VNULL;
    }
    if (nexc) {
        c->exctable = mem_alloc((size_t)nexc * sizeof(ExcEntry));
        c->nexc = nexc;
        for (int32_t i = 0; i < nexc; i++) {
            int32_t e[4];
            for (int k = 0; k < 4; k++)
                if (!r_int32(r, &e[k]))
                    return VNULL;
            if (e[0] > e[1] || e[1] > ncode || e[2] >= ncode || e[3] > c->stacksize)
                return VNULL;
            c->exctable[i] = (ExcEntry){(uint32_t)e[0], (uint32_t)e[1], (uint32_t)e[2], (uint32_t)e[3]};
        }
    }
    if (npos) {
        const uint8_t *pb = r_bytes(r, (size_t)npos);
        if (!pb)
            return VNULL;
        c->positions = mem_alloc((size_t)npos);
        memcpy(c->positions, pb, (size_t)npos);
        c->npositions = npos;
    }
    Value parts[5];
    for (int i = 0; i < 5; i++)
        if (!(parts[i] = r_value(r)))
            return VNULL;
    if (!IS_TUPLE(parts[0]) || !all_str(parts[1]) || !all_str(parts[2]) ||
        AS_TUPLE(parts[2])->len != nlocals || !IS_STR(parts[3]) || !AS_STR(parts[3])->interned ||
        !IS_STR(parts[4]) || !AS_STR(parts[4])->interned)
        return VNULL;
    c->consts = AS_TUPLE(parts[0]);
    c->names = AS_TUPLE(parts[1]);
    c->localnames = AS_TUPLE(parts[2]);
    c->name = AS_STR(parts[3]);
    c->qualname = AS_STR(parts[4]);
    return operands_ok(c) ? OBJ_VAL(c) : VNULL;
}

static Value r_value(Reader *r)
{
    if (r->p >= r->end || r->depth >= MAX_DEPTH)
        return VNULL;
    int tag = *r->p++;
    switch (tag) {
    case 'N': return NONE;
    case 'T': return TRUE_V;
    case 'F': return FALSE_V;
    case '.': return ELLIPSIS;
    case 'i': {
        int64_t v;
        return r_zvarint(r, &v) ? int_from_i64(v) : VNULL;
    }
    case 'l': {
        const uint8_t *sign = r_bytes(r, 1);
        int32_t n;
        if (!sign || *sign > 1 || !r_count(r, 1, &n))
            return VNULL;
        const uint8_t *b = r_bytes(r, (size_t)n);
        if (!b)
            return VNULL;
        mpz_t z;
        mpz_init(z);
        mpz_import(z, (size_t)n, -1, 1, 0, 0, b);
        if (*sign)
            mpz_neg(z, z);
        Value v = int_from_mpz(z);
        mpz_clear(z);
        return v;
    }
    case 'f':
    case 'x': {
        int n = tag == 'f' ? 1 : 2;
        const uint8_t *b = r_bytes(r, (size_t)n * 8);
        if (!b)
            return VNULL;
        double d[2];
        for (int i = 0; i < n; i++) {
            uint64_t bits = get64(b + 8 * i);
            memcpy(&d[i], &bits, 8);
        }
        return n == 1 ? float_new(d[0]) : complex_new(d[0], d[1]);
    }
    case 's':
    case 'u': return r_str(r, tag == 'u');
    case 'r': {
        uint64_t i;
        if (!r_varint(r, &i) || i >= r->nstrs)
            return VNULL;
        return OBJ_VAL(r->strs[i]);
    }
    case 'b': {
        int32_t n;
        if (!r_count(r, 1, &n))
            return VNULL;
        const uint8_t *b = r_bytes(r, (size_t)n);
        return b ? bytes_new(b, (size_t)n) : VNULL;
    }
    case '(':
    case '{': {
        int32_t n;
        if (!r_count(r, 1, &n))
            return VNULL;
        Value t = tag == '(' ? tuple_new(n) : set_new(&type_frozenset);
        if (!t)
            return VNULL;
        r->depth++;
        for (int32_t i = 0; i < n; i++) {
            Value item = r_value(r);
            if (!item) {
                r->depth--;
                return VNULL;
            }
            if (tag == '(') {
                AS_TUPLE(t)->items[i] = item;
            } else if (set_add(t, item) < 0) {
                r->depth--;
                return VNULL;
            }
        }
        r->depth--;
        return t;
    }
    case 'c': {
        r->depth++;
        Value c = r_code(r);
        r->depth--;
        return c;
    }
    default: return VNULL;
    }
}

ObjCode *pycache_undump(const uint8_t *data, size_t len, ObjStr *filename)
{
    Reader r = {data, data + len, NULL, 0, 0, 0, filename};
    Value v = r_value(&r);
    free(r.strs);
    if (err_occurred())
        err_clear(); /* a frozenset of an unhashable item, out of memory: a miss */
    return v && r.p == r.end && IS_CODE(v) ? AS_CODE(v) : NULL;
}

/* ---- the files ------------------------------------------------------------ */

PycacheKey pycache_key_of_stat(const struct stat *st)
{
    return (PycacheKey){(int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec,
                        (uint64_t)st->st_size};
}

PycacheKey pycache_key_of_text(const char *src, size_t len)
{
    return (PycacheKey){(int64_t)checksum(CHECKSUM_START, (const uint8_t *)src, len), len};
}

static char *read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= HEADER_SIZE &&
        (buf = malloc((size_t)st.st_size))) {
        size_t n = 0;
        while (n < (size_t)st.st_size) {
            ssize_t got = read(fd, buf + n, (size_t)st.st_size - n);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            n += (size_t)got;
        }
        if (n != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        }
        *len = n;
    }
    close(fd);
    return buf;
}

ObjCode *pycache_load(const char *cache, PycacheKey key, ObjStr *filename)
{
    size_t len = 0;
    uint8_t *buf = (uint8_t *)read_all(cache, &len);
    if (!buf)
        return NULL;
    ObjCode *code = NULL;
    if (memcmp(buf, MAGIC, 8) == 0 && get64(buf + 8) == BATON_BYTECODE_VERSION &&
        get64(buf + 16) == (uint64_t)compile_optimize && get64(buf + 24) == (uint64_t)key.mtime_ns &&
        get64(buf + 32) == key.size && get64(buf + 40) == len - HEADER_SIZE &&
        get64(buf + 48) == checksum(checksum(CHECKSUM_START, buf, 48), buf + HEADER_SIZE, len - HEADER_SIZE))
        code = pycache_undump(buf + HEADER_SIZE, len - HEADER_SIZE, filename);
    free(buf);
    return code;
}

static bool dont_write(void)
{
    Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
    Value v = sys && IS_MODULE(sys) ? dict_get_str(AS_MODULE(sys)->dict, str_intern_cstr("dont_write_bytecode"))
                                    : VNULL;
    if (!v)
        return sys_config.dont_write_bytecode != 0;
    int t = obj_truthy(v);
    if (t < 0)
        err_clear();
    return t != 0;
}

/* mkdir -p of cache's directory (the fallback tree is several levels). */
static bool make_parents(char *path)
{
    for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        int r = mkdir(path, 0777);
        int e = errno;
        *s = '/';
        if (r < 0 && e != EEXIST)
            return false;
    }
    return true;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

void pycache_store(const char *cache, ObjCode *code, PycacheKey key)
{
    if (dont_write())
        return;
    StrBuf b;
    sb_init(&b);
    sb_add(&b, (const char *)(uint8_t[HEADER_SIZE]){0}, HEADER_SIZE);
    if (!pycache_dump(code, &b)) {
        sb_free(&b);
        return;
    }
    uint8_t *h = (uint8_t *)b.data;
    memcpy(h, MAGIC, 8);
    put64(h + 8, BATON_BYTECODE_VERSION);
    put64(h + 16, (uint64_t)compile_optimize);
    put64(h + 24, (uint64_t)key.mtime_ns);
    put64(h + 32, key.size);
    put64(h + 40, b.len - HEADER_SIZE);
    put64(h + 48, checksum(checksum(CHECKSUM_START, h, 48), h + HEADER_SIZE, b.len - HEADER_SIZE));
    size_t n = strlen(cache);
    char *tmp = malloc(n + 32);
    if (tmp) {
        snprintf(tmp, n + 32, "%s.%ld.tmp", cache, (long)getpid());
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0 && errno == ENOENT && make_parents(tmp))
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd >= 0) {
            bool ok = write_all(fd, b.data, b.len);
            if (close(fd) < 0)
                ok = false;
            if (!ok || rename(tmp, cache) < 0)
                unlink(tmp);
        }
        free(tmp);
    }
    sb_free(&b);
}

/* ---- where the cache lives ------------------------------------------------- */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Does the cache file at `cache` look valid for `source` (its header:
 * this compiler, this -O, the source's mtime and size)?  For a cache
 * that cannot be rewritten: a stale one sends the cache to the fallback. */
static bool fresh_header(const char *cache, const char *source)
{
    struct stat st;
    uint8_t h[HEADER_SIZE];
    if (stat(source, &st) != 0)
        return false;
    int fd = open(cache, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    PycacheKey key = pycache_key_of_stat(&st);
    return n == HEADER_SIZE && memcmp(h, MAGIC, 8) == 0 && get64(h + 8) == BATON_BYTECODE_VERSION &&
           get64(h + 16) == (uint64_t)compile_optimize && get64(h + 24) == (uint64_t)key.mtime_ns &&
           get64(h + 32) == key.size;
}

Value pycache_path(const char *source)
{
    size_t n = strlen(source);
    if (n < 4 || strcmp(source + n - 3, ".py") != 0)
        return VNULL;
    const char *slash = strrchr(source, '/');
    size_t dirlen = slash ? (size_t)(slash - source) : 0;
    const char *base = slash ? slash + 1 : source;
    size_t baselen = (size_t)(source + n - 3 - base);
    char opt[16] = "";
    if (compile_optimize)
        snprintf(opt, sizeof opt, ".opt-%d", compile_optimize);
    StrBuf b;
    sb_init(&b);
    if (slash)
        sb_printf(&b, "%.*s/", (int)dirlen, source);
    sb_adds(&b, "__pycache__");
    sb_addc(&b, '\0');
    /* the usual place, if it can be written or already has the file */
    bool primary = is_dir(b.data) ? access(b.data, W_OK) == 0 : false;
    if (!primary && !is_dir(b.data) && access(b.data, F_OK) != 0) {
        /* no __pycache__ yet: can the source's directory get one? */
        b.data[dirlen] = '\0';
        primary = access(slash ? (dirlen ? b.data : "/") : ".", W_OK) == 0;
        if (slash)
            b.data[dirlen] = '/';
    }
    b.len--;
    sb_printf(&b, "/%.*s." PYCACHE_TAG "%s.pyc", (int)baselen, base, opt);
    sb_addc(&b, '\0');
    b.len--;
    const char *home = getenv("HOME");
    if (!primary && !fresh_header(b.data, source) && home && *home == '/') {
        char *dir = NULL;
        if (slash) {
            char *d = malloc(dirlen + 2);
            if (d) {
                memcpy(d, source, dirlen ? dirlen : 1);
                d[dirlen ? dirlen : 1] = '\0';
                if (!dirlen)
                    d[0] = '/';
                dir = realpath(d, NULL);
                free(d);
            }
        } else {
            dir = realpath(".", NULL);
        }
        if (dir) {
            b.len = 0;
            size_t hl = strlen(home);
            while (hl > 1 && home[hl - 1] == '/')
                hl--;
            sb_printf(&b, "%.*s/.cache/baton%s/%.*s." PYCACHE_TAG "%s.pyc", (int)hl, home,
                      strcmp(dir, "/") == 0 ? "" : dir, (int)baselen, base, opt);
            sb_addc(&b, '\0');
            b.len--;
            free(dir);
        }
    }
    Value r = utf8_valid(b.data, b.len) ? str_new(b.data, b.len) : VNULL;
    sb_free(&b);
    if (!r && err_occurred())
        err_clear();
    return r;
}

Value pycache_frozen_path(const char *name)
{
    const char *home = getenv("HOME");
    if (!home || *home != '/')
        return VNULL;
    size_t hl = strlen(home);
    while (hl > 1 && home[hl - 1] == '/')
        hl--;
    char opt[16] = "";
    if (compile_optimize)
        snprintf(opt, sizeof opt, ".opt-%d", compile_optimize);
    Value r = str_printf("%.*s/.cache/baton/frozen/%s." PYCACHE_TAG "%s.pyc", (int)hl, home, name, opt);
    if (!r || !utf8_valid(AS_STR(r)->data, (size_t)AS_STR(r)->len)) {
        err_clear();
        return VNULL;
    }
    return r;
}
