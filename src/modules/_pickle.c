/* modules/_pickle.c — the _pickle module: CPython's pickle protocols 0 to 5
 * in C, under CPython's Lib/pickle.py (which takes Pickler, Unpickler,
 * dump(s), load(s), the exceptions and PickleBuffer from here).
 *
 * The Pickler writes exactly the bytes CPython's C pickler writes: the same
 * opcode for every value and protocol, the same memo (MEMOIZE from
 * protocol 4, BINPUT/LONG_BINPUT in 1-3, PUT in 0), batches of 1000 items
 * for APPENDS/SETITEMS/ADDITEMS, 64 KiB frames from protocol 4 (a frame
 * under 4 bytes loses its header; a payload of 64 KiB or more is written
 * outside any frame), globals by STACK_GLOBAL or GLOBAL (with
 * _compat_pickle's 2.x names below protocol 3), and everything else by the
 * copy protocol: dispatch_table / copyreg.dispatch_table, reducer_override,
 * __reduce_ex__(protocol) (object.__reduce_ex__ is src/reduce.c), NEWOBJ /
 * NEWOBJ_EX for copyreg.__newobj__(_ex__), BUILD for the state.
 *
 * The Unpickler reads every opcode of every protocol, from bytes (loads)
 * or a file (read/readline, reading only what the pickle needs, so
 * several pickles can follow each other), with CPython's error messages.
 *
 * Memo tables hold strong references (the Pickler's is a hash table keyed
 * by object identity in malloc'd memory that the object's trace marks).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"

enum {
    MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', DUP = '2', FLOAT = 'F', INT = 'I',
    BININT = 'J', BININT1 = 'K', LONG = 'L', BININT2 = 'M', NONE_OP = 'N', PERSID = 'P',
    BINPERSID = 'Q', REDUCE = 'R', STRING = 'S', BINSTRING = 'T', SHORT_BINSTRING = 'U',
    UNICODE = 'V', BINUNICODE = 'X', APPEND = 'a', BUILD = 'b', GLOBAL = 'c', DICT = 'd',
    EMPTY_DICT = '}', APPENDS = 'e', GET = 'g', BINGET = 'h', INST = 'i', LONG_BINGET = 'j',
    LIST = 'l', EMPTY_LIST = ']', OBJ = 'o', PUT = 'p', BINPUT = 'q', LONG_BINPUT = 'r',
    SETITEM = 's', TUPLE = 't', EMPTY_TUPLE = ')', SETITEMS = 'u', BINFLOAT = 'G',
    PROTO = 0x80, NEWOBJ = 0x81, EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84, TUPLE1 = 0x85,
    TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
    BINBYTES = 'B', SHORT_BINBYTES = 'C', SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d,
    BINBYTES8 = 0x8e, EMPTY_SET = 0x8f, ADDITEMS = 0x90, FROZENSET = 0x91, NEWOBJ_EX = 0x92,
    STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95, BYTEARRAY8 = 0x96, NEXT_BUFFER = 0x97,
    READONLY_BUFFER = 0x98,
};

#define HIGHEST_PROTOCOL 5
#define DEFAULT_PROTOCOL 4
#define BATCHSIZE 1000
#define FRAME_SIZE_MIN 4
#define FRAME_SIZE_TARGET (64 * 1024)
#define FRAME_HEADER_SIZE 9
#define FAST_NESTING_LIMIT 50

/* What the module takes from copyreg, _compat_pickle, codecs, functools. */
static struct {
    Value PickleError, PicklingError, UnpicklingError;
    Value dispatch_table, extension_registry, inverted_registry, extension_cache;
    Value name_mapping_2to3, import_mapping_2to3, name_mapping_3to2, import_mapping_3to2;
    Value codecs_encode, getattr, partial;
} st;

static ObjStr *s_write, *s_read, *s_readline, *s_persistent_id, *s_persistent_load,
    *s_dispatch_table, *s_reducer_override, *s_reduce_ex, *s_reduce, *s_qualname, *s_name,
    *s_module, *s_newobj, *s_newobj_ex, *s_new, *s_class, *s_setstate, *s_dict, *s_extend,
    *s_append, *s_add, *s_items, *s_find_class, *s_getinitargs, *s_main, *s_latin1, *s_decode;

static Type type_pickler, type_unpickler, type_picklebuffer, type_pmemoproxy, type_umemoproxy;

static Value pickling_error(const char *fmt, ...);

/* Py_EnterRecursiveCall: the same depth budget as Python calls. */
static int enter(void) { return obj_enter_recursive(" while pickling an object"); }

static void leave(void) { obj_leave_recursive(); }

/* raise cls(msg) for one of the module's exception classes */
static Value raise_msg(Value cls, const char *msg)
{
    Value m = str_from_cstr(msg);
    return m ? err_set_value(exc_new(AS_TYPE(cls), AS_TUPLE(tuple_pack(1, m)))) : VNULL;
}

static Value raise_fmt(Value cls, const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    return raise_msg(cls, buf);
}

static Value pickling_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_fmt(st.PicklingError, fmt, ap);
    va_end(ap);
    return VNULL;
}

static Value unpickling_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_fmt(st.UnpicklingError, fmt, ap);
    va_end(ap);
    return VNULL;
}

/* repr(v) as a C string for messages (a static buffer per call site is
 * not needed: the result lives in a str the caller keeps on its stack). */
static const char *repr_c(Value v)
{
    Value r = obj_repr(v);
    if (!r) {
        err_clear();
        return "?";
    }
    return str_cstr(AS_STR(r));
}

static const char *str_c(Value v)
{
    Value r = obj_str(v);
    if (!r) {
        err_clear();
        return "?";
    }
    return str_cstr(AS_STR(r));
}

/* ---- the pickler's memo: object identity -> index --------------------------- */

typedef struct {
    Value *keys;    /* VNULL: empty */
    int64_t *vals;
    int64_t cap;    /* power of two, or 0 */
    int64_t len;
} MemoTable;

static uint64_t memo_hash(Value k)
{
    uint64_t h = (uint64_t)k >> 3;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static int64_t *memo_lookup(MemoTable *m, Value k)
{
    if (!m->cap)
        return NULL;
    uint64_t mask = (uint64_t)m->cap - 1;
    for (uint64_t i = memo_hash(k) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == k)
            return &m->vals[i];
        if (!m->keys[i])
            return NULL;
    }
}

static int memo_set(MemoTable *m, Value k, int64_t v)
{
    if ((m->len + 1) * 3 >= m->cap * 2) {
        int64_t ncap = m->cap ? m->cap * 2 : 64;
        Value *nk = calloc((size_t)ncap, sizeof(Value));
        int64_t *nv = calloc((size_t)ncap, sizeof(int64_t));
        if (!nk || !nv) {
            free(nk);
            free(nv);
            err_no_memory();
            return -1;
        }
        for (int64_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                uint64_t j = memo_hash(m->keys[i]) & (uint64_t)(ncap - 1);
                while (nk[j])
                    j = (j + 1) & (uint64_t)(ncap - 1);
                nk[j] = m->keys[i];
                nv[j] = m->vals[i];
            }
        free(m->keys);
        free(m->vals);
        m->keys = nk;
        m->vals = nv;
        m->cap = ncap;
    }
    uint64_t mask = (uint64_t)m->cap - 1;
    uint64_t i = memo_hash(k) & mask;
    while (m->keys[i] && m->keys[i] != k)
        i = (i + 1) & mask;
    if (!m->keys[i])
        m->len++;
    m->keys[i] = k;
    m->vals[i] = v;
    return 0;
}

static void memo_clear(MemoTable *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->len = 0;
}

/* ---- Pickler ------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    bool inited, bin, fast, fix_imports, framing;
    int proto;
    int fast_nesting;
    Value fast_memo;       /* dict id -> obj, or VNULL */
    Value write;           /* file.write, or VNULL (dumps) */
    Value pers_func;       /* persistent_id, or VNULL */
    Value dispatch_table;  /* VNULL: copyreg.dispatch_table */
    Value reducer_override;
    Value buffer_callback;
    MemoTable memo;
    uint8_t *out;
    int64_t out_len, out_cap;
    int64_t frame_start;   /* -1: no open frame */
} ObjPickler;

#define AS_PICKLER(v) ((ObjPickler *)AS_OBJ(v))

static void pickler_trace(Obj *o)
{
    ObjPickler *p = (ObjPickler *)o;
    gc_mark(p->fast_memo);
    gc_mark(p->write);
    gc_mark(p->pers_func);
    gc_mark(p->dispatch_table);
    gc_mark(p->reducer_override);
    gc_mark(p->buffer_callback);
    for (int64_t i = 0; i < p->memo.cap; i++)
        gc_mark(p->memo.keys[i]);
}

static void pickler_finalize(Obj *o)
{
    ObjPickler *p = (ObjPickler *)o;
    memo_clear(&p->memo);
    free(p->out);
    p->out = NULL;
}

static int out_reserve(ObjPickler *p, int64_t n)
{
    if (p->out_len + n <= p->out_cap)
        return 0;
    int64_t ncap = p->out_cap ? p->out_cap : 4096;
    while (ncap < p->out_len + n)
        ncap *= 2;
    uint8_t *nb = realloc(p->out, (size_t)ncap);
    if (!nb) {
        err_no_memory();
        return -1;
    }
    p->out = nb;
    p->out_cap = ncap;
    return 0;
}

static void write_size64(uint8_t *out, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

/* _Pickler_Write: append, opening a frame first when framing. */
static int pwrite(ObjPickler *p, const void *s, int64_t n)
{
    bool new_frame = p->framing && p->frame_start == -1;
    if (out_reserve(p, n + (new_frame ? FRAME_HEADER_SIZE : 0)) < 0)
        return -1;
    if (new_frame) {
        p->frame_start = p->out_len;
        memset(p->out + p->out_len, 0xFE, FRAME_HEADER_SIZE);
        p->out_len += FRAME_HEADER_SIZE;
    }
    memcpy(p->out + p->out_len, s, (size_t)n);
    p->out_len += n;
    return 0;
}

static int pwrite_op(ObjPickler *p, uint8_t op) { return pwrite(p, &op, 1); }

static int commit_frame(ObjPickler *p)
{
    if (!p->framing || p->frame_start == -1)
        return 0;
    int64_t frame_len = p->out_len - p->frame_start - FRAME_HEADER_SIZE;
    uint8_t *q = p->out + p->frame_start;
    if (frame_len >= FRAME_SIZE_MIN) {
        q[0] = FRAME;
        write_size64(q + 1, (uint64_t)frame_len);
    } else {
        memmove(q, q + FRAME_HEADER_SIZE, (size_t)frame_len);
        p->out_len -= FRAME_HEADER_SIZE;
    }
    p->frame_start = -1;
    return 0;
}

static int flush_to_file(ObjPickler *p)
{
    Value b = bytes_new(p->out, (size_t)p->out_len);
    if (!b)
        return -1;
    p->out_len = 0;
    return obj_call1(p->write, b) ? 0 : -1;
}

static int opcode_boundary(ObjPickler *p)
{
    if (!p->framing || p->frame_start == -1)
        return 0;
    int64_t frame_len = p->out_len - p->frame_start - FRAME_HEADER_SIZE;
    if (frame_len >= FRAME_SIZE_TARGET) {
        commit_frame(p);
        if (p->write && flush_to_file(p) < 0)
            return -1;
    }
    return 0;
}

/* _Pickler_write_bytes: a header, then a payload that bypasses the frame
 * (and, writing to a file, the buffer) when it is large. */
static int write_bytes(ObjPickler *p, const uint8_t *header, int64_t hlen, const uint8_t *data,
                       int64_t n, Value payload)
{
    bool bypass = n >= FRAME_SIZE_TARGET;
    bool framing = p->framing;
    if (bypass) {
        commit_frame(p);
        p->framing = false;
    }
    if (pwrite(p, header, hlen) < 0)
        return -1;
    if (bypass && p->write) {
        if (flush_to_file(p) < 0)
            return -1;
        if (!payload && !(payload = bytes_new(data, (size_t)n)))
            return -1;
        if (!obj_call1(p->write, payload))
            return -1;
    } else if (pwrite(p, data, n) < 0) {
        return -1;
    }
    p->framing = framing;
    return 0;
}

/* getattr(self, name) or VNULL, no error, if there is none (the getset
 * descriptors raise AttributeError while unset) */
static Value attr_or_null(Value self, ObjStr *name)
{
    Value v = obj_getattr_opt(self, name);
    if (!v && err_matches(exc_AttributeError))
        err_clear();
    return v;
}

static int save(ObjPickler *p, Value obj, bool pers_save);

static int memo_put(ObjPickler *p, Value obj)
{
    if (p->fast)
        return 0;
    int64_t idx = p->memo.len;
    if (memo_set(&p->memo, obj, idx) < 0)
        return -1;
    uint8_t buf[32];
    int64_t n;
    if (p->proto >= 4)
        return pwrite_op(p, MEMOIZE);
    if (!p->bin) {
        n = snprintf((char *)buf, sizeof buf, "%c%lld\n", PUT, (long long)idx);
    } else if (idx < 256) {
        buf[0] = BINPUT;
        buf[1] = (uint8_t)idx;
        n = 2;
    } else if (idx <= 0xffffffffLL) {
        buf[0] = LONG_BINPUT;
        for (int i = 0; i < 4; i++)
            buf[1 + i] = (uint8_t)(idx >> (8 * i));
        n = 5;
    } else {
        pickling_error("memo id too large for LONG_BINPUT");
        return -1;
    }
    return pwrite(p, buf, n);
}

static int memo_get(ObjPickler *p, Value obj)
{
    int64_t idx = *memo_lookup(&p->memo, obj);
    uint8_t buf[32];
    int64_t n;
    if (!p->bin) {
        n = snprintf((char *)buf, sizeof buf, "%c%lld\n", GET, (long long)idx);
    } else if (idx < 256) {
        buf[0] = BINGET;
        buf[1] = (uint8_t)idx;
        n = 2;
    } else if (idx <= 0xffffffffLL) {
        buf[0] = LONG_BINGET;
        for (int i = 0; i < 4; i++)
            buf[1 + i] = (uint8_t)(idx >> (8 * i));
        n = 5;
    } else {
        pickling_error("memo id too large for LONG_BINGET");
        return -1;
    }
    return pwrite(p, buf, n);
}

/* fast mode: no memo, but a cycle must not recurse forever */
static int fast_enter(ObjPickler *p, Value obj)
{
    if (++p->fast_nesting < FAST_NESTING_LIMIT)
        return 0;
    if (!p->fast_memo && !(p->fast_memo = dict_new()))
        return -1;
    Value key = int_from_u64((uint64_t)obj);
    int has = key ? obj_contains(p->fast_memo, key) : -1;
    if (has < 0)
        return -1;
    if (has) {
        p->fast_nesting = 0;
        char msg[200];
        snprintf(msg, sizeof msg, "fast mode: can't pickle cyclic objects including object type %s at %p",
                 TYPE(obj)->name, (void *)AS_OBJ(obj));
        err_set(exc_ValueError, msg);
        return -1;
    }
    return dict_set(p->fast_memo, key, obj);
}

static int fast_leave(ObjPickler *p, Value obj)
{
    if (p->fast_nesting-- >= FAST_NESTING_LIMIT) {
        Value key = int_from_u64((uint64_t)obj);
        if (!key || dict_del(p->fast_memo, key) < 0)
            return -1;
    }
    return 0;
}

static int save_long(ObjPickler *p, Value obj)
{
    int64_t v;
    bool small = IS_INT(obj) && AS_INT(obj) <= 0x7fffffffLL && AS_INT(obj) >= -0x80000000LL;
    if (small) {
        v = AS_INT(obj);
        uint8_t b[16];
        if (p->bin) {
            b[1] = (uint8_t)(v & 0xff);
            b[2] = (uint8_t)((v >> 8) & 0xff);
            b[3] = (uint8_t)((v >> 16) & 0xff);
            b[4] = (uint8_t)((v >> 24) & 0xff);
            int n;
            if (b[4] || b[3]) {
                b[0] = BININT;
                n = 5;
            } else if (b[2]) {
                b[0] = BININT2;
                n = 3;
            } else {
                b[0] = BININT1;
                n = 2;
            }
            return pwrite(p, b, n);
        }
        int n = snprintf((char *)b, sizeof b, "%c%lld\n", INT, (long long)v);
        return pwrite(p, b, n);
    }
    if (p->proto >= 2) {
        mpz_t z;
        mpz_init(z);
        int_to_mpz(obj, z);
        int sign = mpz_sgn(z);
        size_t nbits = sign ? mpz_sizeinbase(z, 2) : 0;
        /* _PyLong_NumBits of a negative number is that of its absolute value */
        size_t nbytes = (nbits >> 3) + 1;
        if (nbytes > 0x7fffffffUL) {
            mpz_clear(z);
            err_set(exc_OverflowError, "int too large to pickle");
            return -1;
        }
        uint8_t *data = calloc(nbytes, 1);
        if (!data) {
            mpz_clear(z);
            err_no_memory();
            return -1;
        }
        /* two's complement, little-endian, nbytes long */
        mpz_t m;
        mpz_init(m);
        if (sign < 0) {
            mpz_ui_pow_ui(m, 2, nbytes * 8);
            mpz_add(m, m, z);
        } else {
            mpz_set(m, z);
        }
        size_t cnt = 0;
        mpz_export(data, &cnt, -1, 1, 0, 0, m);
        mpz_clear(m);
        mpz_clear(z);
        if (sign < 0 && nbytes > 1 && data[nbytes - 1] == 0xff && (data[nbytes - 2] & 0x80))
            nbytes--;
        uint8_t h[5];
        int hn;
        if (nbytes < 256) {
            h[0] = LONG1;
            h[1] = (uint8_t)nbytes;
            hn = 2;
        } else {
            h[0] = LONG4;
            for (int i = 0; i < 4; i++)
                h[1 + i] = (uint8_t)(nbytes >> (8 * i));
            hn = 5;
        }
        int rc = pwrite(p, h, hn) < 0 || pwrite(p, data, (int64_t)nbytes) < 0 ? -1 : 0;
        free(data);
        return rc;
    }
    Value r = int_to_str(obj, 10);
    if (!r)
        return -1;
    if (pwrite_op(p, LONG) < 0 || pwrite(p, str_cstr(AS_STR(r)), AS_STR(r)->len) < 0)
        return -1;
    return pwrite(p, "L\n", 2);
}

static int save_float(ObjPickler *p, double x)
{
    if (p->bin) {
        uint8_t b[9];
        b[0] = BINFLOAT;
        uint64_t u;
        memcpy(&u, &x, 8);
        for (int i = 0; i < 8; i++)
            b[1 + i] = (uint8_t)(u >> (56 - 8 * i));
        return pwrite(p, b, 9);
    }
    char buf[40];
    float_format_repr(x, buf, sizeof buf);
    if (pwrite_op(p, FLOAT) < 0 || pwrite(p, buf, (int64_t)strlen(buf)) < 0)
        return -1;
    return pwrite(p, "\n", 1);
}

static int save_reduce(ObjPickler *p, Value args, Value obj);

static int save_bytes_data(ObjPickler *p, Value obj, const uint8_t *data, int64_t n)
{
    uint8_t h[9];
    int hn;
    if (n <= 0xff) {
        h[0] = SHORT_BINBYTES;
        h[1] = (uint8_t)n;
        hn = 2;
    } else if (n <= 0xffffffffLL) {
        h[0] = BINBYTES;
        for (int i = 0; i < 4; i++)
            h[1 + i] = (uint8_t)(n >> (8 * i));
        hn = 5;
    } else {
        h[0] = BINBYTES8;
        write_size64(h + 1, (uint64_t)n);
        hn = 9;
    }
    if (write_bytes(p, h, hn, data, n, obj) < 0)
        return -1;
    return memo_put(p, obj);
}

static int save_bytes(ObjPickler *p, Value obj)
{
    ObjBytes *b = AS_BYTES(obj);
    if (p->proto >= 3)
        return save_bytes_data(p, obj, b->data, b->len);
    /* below protocol 3: codecs.encode(latin-1 text, 'latin1'), or bytes() */
    Value rv;
    if (b->len == 0) {
        Value empty = tuple_new(0);
        rv = empty ? tuple_pack(2, OBJ_VAL(&type_bytes), empty) : VNULL;
    } else {
        StrBuf s;
        sb_init(&s);
        for (int64_t i = 0; i < b->len; i++) {
            char u[4];
            sb_add(&s, u, (size_t)utf8_encode(b->data[i], u));
        }
        Value text = sb_finish(&s);
        Value a = text ? tuple_pack(2, text, OBJ_VAL(s_latin1)) : VNULL;
        rv = a ? tuple_pack(2, st.codecs_encode, a) : VNULL;
    }
    return rv ? save_reduce(p, rv, obj) : -1;
}

static const char hexdigits[] = "0123456789abcdef";

static int save_unicode(ObjPickler *p, Value obj)
{
    ObjStr *s = AS_STR(obj);
    const char *data = str_cstr(s);
    if (p->bin) {
        int64_t n = s->len;
        uint8_t h[9];
        int hn;
        if (n <= 0xff && p->proto >= 4) {
            h[0] = SHORT_BINUNICODE;
            h[1] = (uint8_t)n;
            hn = 2;
        } else if (n <= 0xffffffffLL) {
            h[0] = BINUNICODE;
            for (int i = 0; i < 4; i++)
                h[1 + i] = (uint8_t)(n >> (8 * i));
            hn = 5;
        } else if (p->proto >= 4) {
            h[0] = BINUNICODE8;
            write_size64(h + 1, (uint64_t)n);
            hn = 9;
        } else {
            pickling_error("cannot serialize a string larger than 4GiB");
            return -1;
        }
        /* baton's str is UTF-8 with lone surrogates as CPython's
         * "surrogatepass" writes them */
        if (write_bytes(p, h, hn, (const uint8_t *)data, n, VNULL) < 0)
            return -1;
    } else {
        /* raw-unicode-escape, plus \uXXXX for \\, \0, \n, \r and \x1a */
        if (pwrite_op(p, UNICODE) < 0)
            return -1;
        const char *q = data, *e = data + s->len;
        while (q < e) {
            int n;
            uint32_t c = utf8_decode(q, (size_t)(e - q), &n);
            q += n;
            uint8_t b[10];
            int bn;
            if (c >= 0x10000) {
                b[0] = '\\';
                b[1] = 'U';
                for (int i = 0; i < 8; i++)
                    b[2 + i] = (uint8_t)hexdigits[(c >> (28 - 4 * i)) & 15];
                bn = 10;
            } else if (c >= 256 || c == '\\' || c == 0 || c == '\n' || c == '\r' || c == 0x1a) {
                b[0] = '\\';
                b[1] = 'u';
                for (int i = 0; i < 4; i++)
                    b[2 + i] = (uint8_t)hexdigits[(c >> (12 - 4 * i)) & 15];
                bn = 6;
            } else {
                b[0] = (uint8_t)c;
                bn = 1;
            }
            if (pwrite(p, b, bn) < 0)
                return -1;
        }
        if (pwrite(p, "\n", 1) < 0)
            return -1;
    }
    return memo_put(p, obj);
}

static int store_tuple_elements(ObjPickler *p, ObjTuple *t)
{
    for (int64_t i = 0; i < t->len; i++)
        if (save(p, t->items[i], false) < 0)
            return -1;
    return 0;
}

static int save_tuple(ObjPickler *p, Value obj)
{
    ObjTuple *t = AS_TUPLE(obj);
    int64_t len = t->len;
    if (len == 0) {
        if (p->proto)
            return pwrite_op(p, EMPTY_TUPLE);
        return pwrite(p, "(t", 2);
    }
    if (len <= 3 && p->proto >= 2) {
        if (store_tuple_elements(p, t) < 0)
            return -1;
        if (memo_lookup(&p->memo, obj)) { /* recursive: pop them, take the memo */
            for (int64_t i = 0; i < len; i++)
                if (pwrite_op(p, POP) < 0)
                    return -1;
            return memo_get(p, obj);
        }
        static const uint8_t ops[] = {EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3};
        if (pwrite_op(p, ops[len]) < 0)
            return -1;
        return memo_put(p, obj);
    }
    if (pwrite_op(p, MARK) < 0 || store_tuple_elements(p, t) < 0)
        return -1;
    if (memo_lookup(&p->memo, obj)) {
        if (p->bin) {
            if (pwrite_op(p, POP_MARK) < 0)
                return -1;
        } else {
            for (int64_t i = 0; i <= len; i++)
                if (pwrite_op(p, POP) < 0)
                    return -1;
        }
        return memo_get(p, obj);
    }
    if (pwrite_op(p, TUPLE) < 0)
        return -1;
    return memo_put(p, obj);
}

/* Items of a list (or a listitems iterator) in batches. */
static int batch_list(ObjPickler *p, Value iter)
{
    if (p->proto == 0) {
        Value x;
        while ((x = obj_next(iter)))
            if (save(p, x, false) < 0 || pwrite_op(p, APPEND) < 0)
                return -1;
        return err_occurred() ? -1 : 0;
    }
    int64_t n;
    do {
        Value first = obj_next(iter);
        if (!first)
            return err_occurred() ? -1 : 0;
        Value x = obj_next(iter);
        if (!x) {
            if (err_occurred())
                return -1;
            if (save(p, first, false) < 0 || pwrite_op(p, APPEND) < 0)
                return -1;
            return 0;
        }
        if (pwrite_op(p, MARK) < 0 || save(p, first, false) < 0)
            return -1;
        n = 1;
        while (x) {
            if (save(p, x, false) < 0)
                return -1;
            if (++n == BATCHSIZE)
                break;
            x = obj_next(iter);
            if (!x && err_occurred())
                return -1;
        }
        if (pwrite_op(p, APPENDS) < 0)
            return -1;
    } while (n == BATCHSIZE);
    return 0;
}

static int batch_list_exact(ObjPickler *p, Value obj)
{
    ObjList *l = AS_LIST(obj);
    if (l->len == 1) {
        if (save(p, l->items[0], false) < 0)
            return -1;
        return pwrite_op(p, APPEND);
    }
    int64_t total = 0;
    do {
        int64_t this_batch = 0;
        if (pwrite_op(p, MARK) < 0)
            return -1;
        while (total < l->len) {
            if (save(p, l->items[total], false) < 0)
                return -1;
            total++;
            if (++this_batch == BATCHSIZE)
                break;
        }
        if (pwrite_op(p, APPENDS) < 0)
            return -1;
    } while (total < l->len);
    return 0;
}

static int save_list(ObjPickler *p, Value obj)
{
    if (p->fast && fast_enter(p, obj) < 0)
        return -1;
    int rc = p->bin ? pwrite_op(p, EMPTY_LIST) : pwrite(p, "(l", 2);
    if (rc == 0)
        rc = memo_put(p, obj);
    if (rc == 0 && AS_LIST(obj)->len) {
        if (IS_LIST(obj) && p->proto > 0) {
            if ((rc = enter()) == 0) {
                rc = batch_list_exact(p, obj);
                leave();
            }
        } else {
            Value it = obj_iter(obj);
            rc = it ? batch_list(p, it) : -1;
        }
    }
    if (p->fast && fast_leave(p, obj) < 0)
        rc = -1;
    return rc;
}

static int item_pair(Value item, Value *k, Value *v)
{
    if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2) {
        err_set(exc_TypeError, "dict items iterator must return 2-tuples");
        return -1;
    }
    *k = AS_TUPLE(item)->items[0];
    *v = AS_TUPLE(item)->items[1];
    return 0;
}

static int batch_dict(ObjPickler *p, Value iter)
{
    Value k, v;
    if (p->proto == 0) {
        Value x;
        while ((x = obj_next(iter)))
            if (item_pair(x, &k, &v) < 0 || save(p, k, false) < 0 || save(p, v, false) < 0 ||
                pwrite_op(p, SETITEM) < 0)
                return -1;
        return err_occurred() ? -1 : 0;
    }
    int64_t n;
    do {
        Value first = obj_next(iter);
        if (!first)
            return err_occurred() ? -1 : 0;
        if (item_pair(first, &k, &v) < 0)
            return -1;
        Value x = obj_next(iter);
        if (!x) {
            if (err_occurred())
                return -1;
            if (save(p, k, false) < 0 || save(p, v, false) < 0 || pwrite_op(p, SETITEM) < 0)
                return -1;
            return 0;
        }
        if (pwrite_op(p, MARK) < 0 || save(p, k, false) < 0 || save(p, v, false) < 0)
            return -1;
        n = 1;
        while (x) {
            if (item_pair(x, &k, &v) < 0 || save(p, k, false) < 0 || save(p, v, false) < 0)
                return -1;
            if (++n == BATCHSIZE)
                break;
            x = obj_next(iter);
            if (!x && err_occurred())
                return -1;
        }
        if (pwrite_op(p, SETITEMS) < 0)
            return -1;
    } while (n == BATCHSIZE);
    return 0;
}

static int batch_dict_exact(ObjPickler *p, Value obj)
{
    ObjDict *d = AS_DICT(obj);
    int64_t size = d->len, pos = 0;
    Value k, v;
    if (size == 1) {
        dict_next(d, &pos, &k, &v);
        if (save(p, k, false) < 0 || save(p, v, false) < 0)
            return -1;
        return pwrite_op(p, SETITEM);
    }
    int64_t i;
    do {
        i = 0;
        if (pwrite_op(p, MARK) < 0)
            return -1;
        while (dict_next(d, &pos, &k, &v)) {
            if (save(p, k, false) < 0 || save(p, v, false) < 0)
                return -1;
            if (++i == BATCHSIZE)
                break;
        }
        if (pwrite_op(p, SETITEMS) < 0)
            return -1;
        if (d->len != size) {
            err_set(exc_RuntimeError, "dictionary changed size during iteration");
            return -1;
        }
    } while (i == BATCHSIZE);
    return 0;
}

static int save_dict(ObjPickler *p, Value obj)
{
    if (p->fast && fast_enter(p, obj) < 0)
        return -1;
    int rc = p->bin ? pwrite_op(p, EMPTY_DICT) : pwrite(p, "(d", 2);
    if (rc == 0)
        rc = memo_put(p, obj);
    if (rc == 0 && AS_DICT(obj)->len) {
        if (IS_DICT(obj) && p->proto > 0) {
            if ((rc = enter()) == 0) {
                rc = batch_dict_exact(p, obj);
                leave();
            }
        } else {
            Value items = obj_call_method(obj, s_items, NULL, 0);
            Value it = items ? obj_iter(items) : VNULL;
            rc = it ? batch_dict(p, it) : -1;
        }
    }
    if (p->fast && fast_leave(p, obj) < 0)
        rc = -1;
    return rc;
}

/* (cls, (list(obj),)) for sets and frozensets below protocol 4 */
static int save_set_reduce(ObjPickler *p, Value obj, Type *cls)
{
    Value items = obj_to_list(obj);
    Value a = items ? tuple_pack(1, items) : VNULL;
    Value rv = a ? tuple_pack(2, OBJ_VAL(cls), a) : VNULL;
    return rv ? save_reduce(p, rv, obj) : -1;
}

static int save_set(ObjPickler *p, Value obj)
{
    if (p->proto < 4)
        return save_set_reduce(p, obj, &type_set);
    if (pwrite_op(p, EMPTY_SET) < 0 || memo_put(p, obj) < 0)
        return -1;
    ObjSet *s = AS_SET(obj);
    int64_t size = s->len, pos = 0, i;
    if (size == 0)
        return 0;
    do {
        i = 0;
        if (pwrite_op(p, MARK) < 0)
            return -1;
        Value item;
        while (set_next(s, &pos, &item)) {
            if (save(p, item, false) < 0)
                return -1;
            if (++i == BATCHSIZE)
                break;
        }
        if (pwrite_op(p, ADDITEMS) < 0)
            return -1;
        if (s->len != size) {
            err_set(exc_RuntimeError, "set changed size during iteration");
            return -1;
        }
    } while (i == BATCHSIZE);
    return 0;
}

static int save_frozenset(ObjPickler *p, Value obj)
{
    if (p->fast && fast_enter(p, obj) < 0)
        return -1;
    int rc;
    if (p->proto < 4) {
        rc = save_set_reduce(p, obj, &type_frozenset);
    } else {
        rc = pwrite_op(p, MARK);
        int64_t pos = 0;
        Value item;
        while (rc == 0 && set_next(AS_SET(obj), &pos, &item))
            rc = save(p, item, false);
        if (rc == 0) {
            if (memo_lookup(&p->memo, obj))
                rc = pwrite_op(p, POP_MARK) < 0 ? -1 : memo_get(p, obj);
            else
                rc = pwrite_op(p, FROZENSET) < 0 ? -1 : memo_put(p, obj);
        }
    }
    if (p->fast && fast_leave(p, obj) < 0)
        rc = -1;
    return rc;
}

static int save_bytearray_data(ObjPickler *p, Value obj, const uint8_t *data, int64_t n)
{
    uint8_t h[9];
    h[0] = BYTEARRAY8;
    write_size64(h + 1, (uint64_t)n);
    if (write_bytes(p, h, 9, data, n, VNULL) < 0)
        return -1;
    return memo_put(p, obj);
}

static int save_bytearray(ObjPickler *p, Value obj)
{
    ObjByteArray *b = AS_BYTEARRAY(obj);
    if (p->proto >= 5)
        return save_bytearray_data(p, obj, b->data, b->len);
    Value a = b->len == 0 ? tuple_new(0) : VNULL;
    if (b->len) {
        Value bytes = bytes_new(b->data, (size_t)b->len);
        a = bytes ? tuple_pack(1, bytes) : VNULL;
    }
    Value rv = a ? tuple_pack(2, OBJ_VAL(&type_bytearray), a) : VNULL;
    return rv ? save_reduce(p, rv, obj) : -1;
}

/* PickleBuffer */
typedef struct {
    Obj obj;
    Value wrapped;  /* VNULL once released */
    Buffer view;
} ObjPickleBuffer;

static int save_picklebuffer(ObjPickler *p, Value obj)
{
    if (p->proto < 5) {
        pickling_error("PickleBuffer can only pickled with protocol >= 5");
        return -1;
    }
    ObjPickleBuffer *pb = (ObjPickleBuffer *)AS_OBJ(obj);
    if (!pb->wrapped) {
        err_set(exc_ValueError, "operation forbidden on released PickleBuffer object");
        return -1;
    }
    if (!buffer_is_contig(&pb->view)) {
        pickling_error("PickleBuffer can not be pickled when pointing to a non-contiguous buffer");
        return -1;
    }
    bool in_band = true;
    if (p->buffer_callback) {
        Value r = obj_call1(p->buffer_callback, obj);
        int t = r ? obj_truthy(r) : -1;
        if (t < 0)
            return -1;
        in_band = t;
    }
    if (in_band) {
        if (pb->view.readonly)
            return save_bytes_data(p, obj, pb->view.buf, pb->view.len);
        return save_bytearray_data(p, obj, pb->view.buf, pb->view.len);
    }
    if (pwrite_op(p, NEXT_BUFFER) < 0)
        return -1;
    if (pb->view.readonly && pwrite_op(p, READONLY_BUFFER) < 0)
        return -1;
    return 0;
}

/* ---- globals ------------------------------------------------------------------ */

/* name split at dots; AttributeError for a local object */
static Value dotted_path(Value obj, Value name)
{
    Value dot = str_from_cstr(".");
    Value parts = dot ? obj_call_method(name, str_intern_cstr("split"), &dot, 1) : VNULL;
    if (!parts)
        return VNULL;
    for (int64_t i = 0; i < AS_LIST(parts)->len; i++) {
        Value sub = AS_LIST(parts)->items[i];
        if (IS_STR(sub) && strcmp(str_cstr(AS_STR(sub)), "<locals>") == 0) {
            if (!obj)
                return err_format(exc_AttributeError, "Can't pickle local object %R", name);
            return err_format(exc_AttributeError, "Can't pickle local attribute %R on %R", name, obj);
        }
    }
    return parts;
}

/* getattr along the path; VNULL without error if an attribute is missing. */
static Value deep_attribute(Value obj, Value path, Value *parent)
{
    Value par = VNULL;
    for (int64_t i = 0; i < AS_LIST(path)->len; i++) {
        par = obj;
        Value name = AS_LIST(path)->items[i];
        obj = IS_STR(name) ? obj_getattr_opt(obj, AS_STR(name)) : VNULL;
        if (!obj) {
            if (err_matches(exc_AttributeError))
                err_clear();
            return VNULL;
        }
    }
    if (parent)
        *parent = par;
    return obj;
}

static Value import_module(Value name)
{
    if (!IS_STR(name))
        return err_format(exc_TypeError, "module name must be str, not %T", name);
    Value m = vm_import(AS_STR(name));
    if (!m)
        return VNULL;
    /* vm_import returns the leaf; make sure it is the module of that name */
    Value mods = vm_modules ? OBJ_VAL(vm_modules) : VNULL;
    Value leaf = mods ? dict_get(mods, name) : VNULL;
    return leaf ? leaf : m;
}

static Value whichmodule(Value obj, Value path)
{
    Value mod = obj_getattr_opt(obj, s_module);
    if (mod && !IS_NONE(mod))
        return mod;
    if (!mod && err_occurred())
        return VNULL;
    int64_t pos = 0;
    Value k, m;
    while (dict_next(vm_modules, &pos, &k, &m)) {
        if (!IS_STR(k) || strcmp(str_cstr(AS_STR(k)), "__main__") == 0 || IS_NONE(m))
            continue;
        Value found = deep_attribute(m, path, NULL);
        if (found == obj)
            return k;
        if (err_occurred())
            return VNULL;
    }
    return OBJ_VAL(s_main);
}

static int fix_imports(Value *module_name, Value *global_name)
{
    Value key = tuple_pack(2, *module_name, *global_name);
    if (!key)
        return -1;
    Value item = dict_get(st.name_mapping_3to2, key);
    if (item) {
        if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2) {
            err_format(exc_RuntimeError,
                       "_compat_pickle.REVERSE_NAME_MAPPING values should be 2-tuples, not %s",
                       TYPE(item)->name);
            return -1;
        }
        Value m = AS_TUPLE(item)->items[0], g = AS_TUPLE(item)->items[1];
        if (!STR_CHECK(m) || !STR_CHECK(g)) {
            err_format(exc_RuntimeError,
                       "_compat_pickle.REVERSE_NAME_MAPPING values should be pairs of str, not (%s, %s)",
                       TYPE(m)->name, TYPE(g)->name);
            return -1;
        }
        *module_name = m;
        *global_name = g;
        return 0;
    }
    if (err_occurred())
        return -1;
    item = dict_get(st.import_mapping_3to2, *module_name);
    if (item) {
        if (!STR_CHECK(item)) {
            err_format(exc_RuntimeError,
                       "_compat_pickle.REVERSE_IMPORT_MAPPING values should be strings, not %s",
                       TYPE(item)->name);
            return -1;
        }
        *module_name = item;
    }
    return err_occurred() ? -1 : 0;
}

/* module or global name as GLOBAL writes it: UTF-8 in protocol 3, ASCII
 * below */
static int write_global_name(ObjPickler *p, Value name, const char *what)
{
    ObjStr *s = AS_STR(name);
    if (p->proto != 3 && !s->ascii) {
        pickling_error("can't pickle %s identifier '%s' using pickle protocol %d", what, str_cstr(s),
                       p->proto);
        return -1;
    }
    if (pwrite(p, str_cstr(s), s->len) < 0)
        return -1;
    return pwrite(p, "\n", 1);
}

static int save_global(ObjPickler *p, Value obj, Value name)
{
    Value global_name = name;
    if (!global_name) {
        global_name = obj_getattr_opt(obj, s_qualname);
        if (!global_name) {
            if (err_occurred())
                return -1;
            if (!(global_name = obj_getattr(obj, s_name)))
                return -1;
        }
    }
    if (!STR_CHECK(global_name)) {
        err_format(exc_TypeError, "attribute name must be string, not '%s'", TYPE(global_name)->name);
        return -1;
    }
    Value path = dotted_path(VNULL, global_name);
    if (!path)
        return -1;
    Value module_name = whichmodule(obj, path);
    if (!module_name)
        return -1;
    Value module = import_module(module_name);
    if (!module) {
        err_clear();
        pickling_error("Can't pickle %s: import of module %s failed", repr_c(obj), repr_c(module_name));
        return -1;
    }
    Value lastname = AS_LIST(path)->items[AS_LIST(path)->len - 1];
    Value parent = VNULL;
    Value cls = deep_attribute(module, path, &parent);
    if (!cls) {
        if (err_occurred())
            return -1;
        pickling_error("Can't pickle %s: attribute lookup %s on %s failed", repr_c(obj),
                       str_c(global_name), str_c(module_name));
        return -1;
    }
    if (cls != obj) {
        pickling_error("Can't pickle %s: it's not the same object as %s.%s", repr_c(obj),
                       str_c(module_name), str_c(global_name));
        return -1;
    }
    if (p->proto >= 2) {
        Value key = tuple_pack(2, module_name, global_name);
        Value code_obj = key ? dict_get(st.extension_registry, key) : VNULL;
        if (code_obj) {
            if (!INT_CHECK(code_obj)) {
                pickling_error("Can't pickle %s: extension code %s isn't an integer", repr_c(obj),
                               repr_c(code_obj));
                return -1;
            }
            int64_t code;
            if (obj_as_int64(code_obj, &code) < 0)
                return -1;
            if (code <= 0 || code > 0x7fffffffLL) {
                pickling_error("Can't pickle %s: extension code %lld is out of range", repr_c(obj),
                               (long long)code);
                return -1;
            }
            uint8_t b[5];
            int n;
            if (code <= 0xff) {
                b[0] = EXT1;
                b[1] = (uint8_t)code;
                n = 2;
            } else if (code <= 0xffff) {
                b[0] = EXT2;
                b[1] = (uint8_t)(code & 0xff);
                b[2] = (uint8_t)(code >> 8);
                n = 3;
            } else {
                b[0] = EXT4;
                for (int i = 0; i < 4; i++)
                    b[1 + i] = (uint8_t)(code >> (8 * i));
                n = 5;
            }
            return pwrite(p, b, n);
        }
        if (err_occurred())
            return -1;
    }
    if (parent == module)
        global_name = lastname;
    if (p->proto >= 4) {
        if (save(p, module_name, false) < 0 || save(p, global_name, false) < 0 ||
            pwrite_op(p, STACK_GLOBAL) < 0)
            return -1;
    } else if (parent != module) {
        Value a = tuple_pack(2, parent, lastname);
        Value rv = a ? tuple_pack(2, st.getattr, a) : VNULL;
        if (!rv || save_reduce(p, rv, VNULL) < 0)
            return -1;
    } else {
        if (pwrite_op(p, GLOBAL) < 0)
            return -1;
        if (p->proto < 3 && p->fix_imports && fix_imports(&module_name, &global_name) < 0)
            return -1;
        if (write_global_name(p, module_name, "module") < 0 ||
            write_global_name(p, global_name, "global") < 0)
            return -1;
    }
    return memo_put(p, obj);
}

/* type(None), type(Ellipsis), type(NotImplemented): (type, (singleton,)) */
static int save_type(ObjPickler *p, Value obj)
{
    Value singleton = VNULL;
    if (obj == OBJ_VAL(&type_none))
        singleton = NONE;
    else if (obj == OBJ_VAL(&type_ellipsis))
        singleton = ELLIPSIS;
    else if (obj == OBJ_VAL(&type_notimpl))
        singleton = NOTIMPL;
    if (!singleton)
        return save_global(p, obj, VNULL);
    Value a = tuple_pack(1, singleton);
    Value rv = a ? tuple_pack(2, OBJ_VAL(&type_type), a) : VNULL;
    return rv ? save_reduce(p, rv, obj) : -1;
}

static int save_pers(ObjPickler *p, Value obj)
{
    Value pid = obj_call1(p->pers_func, obj);
    if (!pid)
        return -1;
    if (IS_NONE(pid))
        return 0;
    if (p->bin) {
        if (save(p, pid, true) < 0 || pwrite_op(p, BINPERSID) < 0)
            return -1;
    } else {
        Value s = obj_str(pid);
        if (!s)
            return -1;
        if (!AS_STR(s)->ascii) {
            pickling_error("persistent IDs in protocol 0 must be ASCII strings");
            return -1;
        }
        if (pwrite_op(p, PERSID) < 0 || pwrite(p, str_cstr(AS_STR(s)), AS_STR(s)->len) < 0 ||
            pwrite(p, "\n", 1) < 0)
            return -1;
    }
    return 1;
}

static bool is_iterator(Value v) { return TYPE(v)->next != NULL; }

static int save_reduce(ObjPickler *p, Value args, Value obj)
{
    ObjTuple *t = AS_TUPLE(args);
    if (t->len < 2 || t->len > 6) {
        pickling_error("tuple returned by __reduce__ must contain 2 through 6 elements");
        return -1;
    }
    Value callable = t->items[0], argtup = t->items[1];
    Value state = t->len > 2 ? t->items[2] : NONE;
    Value listitems = t->len > 3 ? t->items[3] : NONE;
    Value dictitems = t->len > 4 ? t->items[4] : NONE;
    Value state_setter = t->len > 5 ? t->items[5] : NONE;
    if (!TYPE(callable)->call && !IS_TYPEOBJ(callable)) {
        pickling_error("first item of the tuple returned by __reduce__ must be callable");
        return -1;
    }
    if (!TUPLE_CHECK(argtup)) {
        pickling_error("second item of the tuple returned by __reduce__ must be a tuple");
        return -1;
    }
    if (!IS_NONE(listitems) && !is_iterator(listitems)) {
        pickling_error("fourth element of the tuple returned by __reduce__ must be an iterator, not %s",
                       TYPE(listitems)->name);
        return -1;
    }
    if (!IS_NONE(dictitems) && !is_iterator(dictitems)) {
        pickling_error("fifth element of the tuple returned by __reduce__ must be an iterator, not %s",
                       TYPE(dictitems)->name);
        return -1;
    }
    if (!IS_NONE(state_setter) && !TYPE(state_setter)->call) {
        pickling_error("sixth element of the tuple returned by __reduce__ must be a function, not %s",
                       TYPE(state_setter)->name);
        return -1;
    }
    bool use_newobj = false, use_newobj_ex = false;
    if (p->proto >= 2) {
        Value name = obj_getattr_opt(callable, s_name);
        if (!name && err_occurred())
            return -1;
        if (name && STR_CHECK(name)) {
            use_newobj_ex = str_eq(AS_STR(name), s_newobj_ex);
            use_newobj = !use_newobj_ex && str_eq(AS_STR(name), s_newobj);
        }
    }
    ObjTuple *at = AS_TUPLE(argtup);
    if (use_newobj_ex) {
        if (at->len != 3) {
            pickling_error("length of the NEWOBJ_EX argument tuple must be exactly 3, not %lld",
                           (long long)at->len);
            return -1;
        }
        Value cls = at->items[0], a = at->items[1], kw = at->items[2];
        if (!IS_TYPEOBJ(cls)) {
            pickling_error("first item from NEWOBJ_EX argument tuple must be a class, not %s",
                           TYPE(cls)->name);
            return -1;
        }
        if (!TUPLE_CHECK(a)) {
            pickling_error("second item from NEWOBJ_EX argument tuple must be a tuple, not %s",
                           TYPE(a)->name);
            return -1;
        }
        if (!DICT_CHECK(kw)) {
            pickling_error("third item from NEWOBJ_EX argument tuple must be a dict, not %s",
                           TYPE(kw)->name);
            return -1;
        }
        if (p->proto >= 4) {
            if (save(p, cls, false) < 0 || save(p, a, false) < 0 || save(p, kw, false) < 0 ||
                pwrite_op(p, NEWOBJ_EX) < 0)
                return -1;
        } else {
            /* partial(cls.__new__, cls, *args, **kwargs)() */
            Value cls_new = obj_getattr(cls, s_new);
            if (!cls_new)
                return -1;
            int64_t n = AS_TUPLE(a)->len, nk = AS_DICT(kw)->len;
            Value argv = tuple_new(n + 2 + nk);
            Value names = tuple_new(nk);
            if (!argv || !names)
                return -1;
            AS_TUPLE(argv)->items[0] = cls_new;
            AS_TUPLE(argv)->items[1] = cls;
            for (int64_t i = 0; i < n; i++)
                AS_TUPLE(argv)->items[2 + i] = AS_TUPLE(a)->items[i];
            int64_t pos = 0, j = 0;
            Value k, v;
            while (dict_next(AS_DICT(kw), &pos, &k, &v)) {
                if (!IS_STR(k)) {
                    err_set(exc_TypeError, "keywords must be strings");
                    return -1;
                }
                AS_TUPLE(names)->items[j] = OBJ_VAL(str_intern_obj(AS_STR(k)));
                AS_TUPLE(argv)->items[n + 2 + j++] = v;
            }
            Value part = obj_call(st.partial, AS_TUPLE(argv)->items, (int)(n + 2),
                                  nk ? AS_TUPLE(names) : NULL);
            Value empty = part ? tuple_new(0) : VNULL;
            if (!empty || save(p, part, false) < 0 || save(p, empty, false) < 0 ||
                pwrite_op(p, REDUCE) < 0)
                return -1;
        }
    } else if (use_newobj) {
        if (at->len < 1) {
            pickling_error("__newobj__ arglist is empty");
            return -1;
        }
        Value cls = at->items[0];
        if (!IS_TYPEOBJ(cls)) {
            pickling_error("args[0] from __newobj__ args is not a type");
            return -1;
        }
        if (obj) {
            Value oc = obj_getattr(obj, s_class);
            if (!oc)
                return -1;
            if (oc != cls) {
                pickling_error("args[0] from __newobj__ args has the wrong class");
                return -1;
            }
        }
        if (save(p, cls, false) < 0)
            return -1;
        Value rest = tuple_from(at->items + 1, at->len - 1);
        if (!rest || save(p, rest, false) < 0 || pwrite_op(p, NEWOBJ) < 0)
            return -1;
    } else {
        if (save(p, callable, false) < 0 || save(p, argtup, false) < 0 || pwrite_op(p, REDUCE) < 0)
            return -1;
    }
    if (obj) {
        if (memo_lookup(&p->memo, obj)) { /* recursive */
            if (pwrite_op(p, POP) < 0)
                return -1;
            return memo_get(p, obj);
        }
        if (memo_put(p, obj) < 0)
            return -1;
    }
    if (!IS_NONE(listitems) && batch_list(p, listitems) < 0)
        return -1;
    if (!IS_NONE(dictitems) && batch_dict(p, dictitems) < 0)
        return -1;
    if (!IS_NONE(state)) {
        if (IS_NONE(state_setter)) {
            if (save(p, state, false) < 0 || pwrite_op(p, BUILD) < 0)
                return -1;
        } else {
            /* state_setter(obj, state), its result popped */
            if (save(p, state_setter, false) < 0 || save(p, obj, false) < 0 ||
                save(p, state, false) < 0 || pwrite_op(p, TUPLE2) < 0 || pwrite_op(p, REDUCE) < 0 ||
                pwrite_op(p, POP) < 0)
                return -1;
        }
    }
    return 0;
}

static int save(ObjPickler *p, Value obj, bool pers_save)
{
    if (opcode_boundary(p) < 0)
        return -1;
    if (!pers_save && p->pers_func) {
        int r = save_pers(p, obj);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    Type *type = TYPE(obj);
    if (IS_NONE(obj))
        return pwrite_op(p, NONE_OP);
    if (obj == TRUE_V || obj == FALSE_V) {
        if (p->proto >= 2)
            return pwrite_op(p, obj == TRUE_V ? NEWTRUE : NEWFALSE);
        return pwrite(p, obj == TRUE_V ? "I01\n" : "I00\n", 4);
    }
    if (type == &type_int)
        return save_long(p, obj);
    if (type == &type_float)
        return save_float(p, AS_FLOAT(obj));
    if (memo_lookup(&p->memo, obj))
        return memo_get(p, obj);
    if (type == &type_bytes)
        return save_bytes(p, obj);
    if (type == &type_str)
        return save_unicode(p, obj);
    if (enter() < 0)
        return -1;
    int status;
    Value reduce_value = VNULL;
    if (type == &type_dict) {
        status = save_dict(p, obj);
        goto done;
    } else if (type == &type_set) {
        status = save_set(p, obj);
        goto done;
    } else if (type == &type_frozenset) {
        status = save_frozenset(p, obj);
        goto done;
    } else if (type == &type_list) {
        status = save_list(p, obj);
        goto done;
    } else if (type == &type_tuple) {
        status = save_tuple(p, obj);
        goto done;
    } else if (type == &type_bytearray) {
        status = save_bytearray(p, obj);
        goto done;
    } else if (type == &type_picklebuffer) {
        status = save_picklebuffer(p, obj);
        goto done;
    }
    if (p->reducer_override) {
        reduce_value = obj_call1(p->reducer_override, obj);
        if (!reduce_value)
            goto error;
        if (reduce_value != NOTIMPL)
            goto reduce;
        reduce_value = VNULL;
    }
    if (type == &type_type) {
        status = save_type(p, obj);
        goto done;
    } else if (type == &type_function) {
        status = save_global(p, obj, VNULL);
        goto done;
    }
    Value reduce_func = VNULL;
    if (!p->dispatch_table) {
        reduce_func = dict_get(st.dispatch_table, OBJ_VAL(type));
        if (!reduce_func && err_occurred())
            goto error;
    } else {
        reduce_func = obj_getitem(p->dispatch_table, OBJ_VAL(type));
        if (!reduce_func) {
            if (!err_matches(exc_KeyError))
                goto error;
            err_clear();
        }
    }
    if (reduce_func) {
        reduce_value = obj_call1(reduce_func, obj);
    } else if (type_is_subtype(type, &type_type)) {
        status = save_global(p, obj, VNULL);
        goto done;
    } else {
        Value f = obj_getattr_opt(obj, s_reduce_ex);
        if (f) {
            reduce_value = obj_call1(f, MK_INT(p->proto));
        } else {
            if (err_occurred())
                goto error;
            f = obj_getattr_opt(obj, s_reduce);
            if (f) {
                reduce_value = obj_call0(f);
            } else {
                if (err_occurred())
                    goto error;
                pickling_error("can't pickle '%s' object: %s", type->name, repr_c(obj));
                goto error;
            }
        }
    }
    if (!reduce_value)
        goto error;
reduce:
    if (STR_CHECK(reduce_value)) {
        status = save_global(p, obj, reduce_value);
        goto done;
    }
    if (!TUPLE_CHECK(reduce_value)) {
        pickling_error("__reduce__ must return a string or tuple");
        goto error;
    }
    status = save_reduce(p, reduce_value, obj);
    goto done;
error:
    status = -1;
done:
    leave();
    return status;
}

static int dump(ObjPickler *p, Value obj)
{
    Value ro = attr_or_null(OBJ_VAL(p), s_reducer_override);
    if (!ro && err_occurred())
        return -1;
    p->reducer_override = ro;
    int status = -1;
    if (p->proto >= 2) {
        uint8_t h[2] = {PROTO, (uint8_t)p->proto};
        if (pwrite(p, h, 2) < 0)
            goto out;
        if (p->proto >= 4)
            p->framing = true;
    }
    if (save(p, obj, false) < 0 || pwrite_op(p, STOP) < 0 || commit_frame(p) < 0)
        goto out;
    status = 0;
out:
    p->framing = false;
    p->frame_start = -1;
    p->reducer_override = VNULL;
    return status;
}

/* Set up a pickler (Pickler.__init__ and the module functions). */
static int pickler_setup(ObjPickler *p, Value file, Value protocol, Value fix_imports,
                         Value buffer_callback)
{
    int64_t proto = DEFAULT_PROTOCOL;
    if (protocol && !IS_NONE(protocol)) {
        if (obj_as_int64(protocol, &proto) < 0)
            return -1;
        if (proto < 0)
            proto = HIGHEST_PROTOCOL;
        else if (proto > HIGHEST_PROTOCOL) {
            err_format(exc_ValueError, "pickle protocol must be <= %d", HIGHEST_PROTOCOL);
            return -1;
        }
    }
    int fix = fix_imports ? obj_truthy(fix_imports) : 1;
    if (fix < 0)
        return -1;
    if (buffer_callback && IS_NONE(buffer_callback))
        buffer_callback = VNULL;
    if (buffer_callback && proto < 5) {
        err_set(exc_ValueError, "buffer_callback needs protocol >= 5");
        return -1;
    }
    p->proto = (int)proto;
    p->bin = proto > 0;
    p->fix_imports = fix && proto < 3;
    p->buffer_callback = buffer_callback;
    p->frame_start = -1;
    p->out_len = 0;
    if (file) {
        p->write = obj_getattr_opt(file, s_write);
        if (!p->write) {
            if (!err_occurred() || err_matches(exc_AttributeError)) {
                err_clear();
                err_set(exc_TypeError, "file must have a 'write' attribute");
            }
            return -1;
        }
    }
    memo_clear(&p->memo);
    p->inited = true;
    return 0;
}

/* persistent_id / dispatch_table from a subclass or an instance attribute */
static int pickler_lookup_hooks(ObjPickler *p)
{
    Value self = OBJ_VAL(p);
    if (TYPE(self) != &type_pickler) {
        p->pers_func = attr_or_null(self, s_persistent_id);
        if (!p->pers_func && err_occurred())
            return -1;
        Value dt = attr_or_null(self, s_dispatch_table);
        if (!dt && err_occurred())
            return -1;
        if (dt)
            p->dispatch_table = dt;
    }
    return 0;
}

static ObjPickler *pickler_alloc(Type *t)
{
    ObjPickler *p = (ObjPickler *)type_alloc(t, sizeof(ObjPickler));
    p->frame_start = -1;
    return p;
}

static const char *const pickler_params[] = {"file", "protocol", "fix_imports", "buffer_callback", NULL};

static Value m_pickler_init(Value *args, int nargs, ObjTuple *kw)
{
    Value a[4];
    if (args_parse("Pickler", args + 1, nargs - 1, kw, pickler_params, 1, 2, a) < 0)
        return VNULL;
    ObjPickler *p = AS_PICKLER(args[0]);
    if (pickler_setup(p, a[0], a[1], a[2], a[3]) < 0 || pickler_lookup_hooks(p) < 0)
        return VNULL;
    return NONE;
}

static Value pickler_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    ObjPickler *p = pickler_alloc(t);
    if (t != &type_pickler)
        return OBJ_VAL(p);
    Value argv[8];
    if (nargs + (kw ? kw->len : 0) > 7)
        return err_format(exc_TypeError, "Pickler() takes at most 4 arguments (%d given)",
                          nargs + (int)(kw ? kw->len : 0));
    argv[0] = OBJ_VAL(p);
    memcpy(argv + 1, args, (size_t)(nargs + (kw ? kw->len : 0)) * sizeof(Value));
    return m_pickler_init(argv, nargs + 1, kw) ? OBJ_VAL(p) : VNULL;
}

static int pickler_check(ObjPickler *p)
{
    if (!p->inited) {
        pickling_error("Pickler.__init__() was not called by %s.__init__()", TYPE(OBJ_VAL(p))->name);
        return -1;
    }
    return 0;
}

static Value m_pickler_dump(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("dump", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    ObjPickler *p = AS_PICKLER(args[0]);
    if (pickler_check(p) < 0)
        return VNULL;
    if (!p->write) {
        pickling_error("Pickler.__init__() was not called by %s.__init__()", TYPE(args[0])->name);
        return VNULL;
    }
    p->out_len = 0;
    if (dump(p, args[1]) < 0 || flush_to_file(p) < 0)
        return VNULL;
    return NONE;
}

static Value m_pickler_clear_memo(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("clear_memo", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    memo_clear(&AS_PICKLER(args[0])->memo);
    return NONE;
}

/* Pickler attributes */
static Value p_get_persistent_id(Value self)
{
    Value f = AS_PICKLER(self)->pers_func;
    return f ? f : err_set(exc_AttributeError, "persistent_id");
}

static int p_set_persistent_id(Value self, Value v)
{
    if (!v) {
        err_set(exc_TypeError, "attribute deletion is not supported");
        return -1;
    }
    if (!TYPE(v)->call) {
        err_set(exc_TypeError, "persistent_id must be a callable taking one argument");
        return -1;
    }
    AS_PICKLER(self)->pers_func = v;
    return 0;
}

static Value p_get_dispatch_table(Value self)
{
    Value d = AS_PICKLER(self)->dispatch_table;
    return d ? d : err_set(exc_AttributeError, "dispatch_table");
}

static int p_set_dispatch_table(Value self, Value v)
{
    AS_PICKLER(self)->dispatch_table = v;
    return 0;
}

static Value p_get_fast(Value self) { return MK_INT(AS_PICKLER(self)->fast); }

static int p_set_fast(Value self, Value v)
{
    int t = v ? obj_truthy(v) : 0;
    if (t < 0)
        return -1;
    AS_PICKLER(self)->fast = t;
    return 0;
}

static Value p_get_bin(Value self) { return BOOL_V(AS_PICKLER(self)->bin); }

/* Pickler.memo: a proxy whose copy() is {id(obj): (index, obj)} */
typedef struct { Obj obj; Value owner; } ObjMemoProxy;

static void proxy_trace(Obj *o) { gc_mark(((ObjMemoProxy *)o)->owner); }

static Value p_get_memo(Value self)
{
    ObjMemoProxy *m = (ObjMemoProxy *)gc_new(&type_pmemoproxy, sizeof(ObjMemoProxy));
    m->owner = self;
    return OBJ_VAL(m);
}

static Value pmemo_copy_of(ObjPickler *p)
{
    Value d = dict_new();
    for (int64_t i = 0; d && i < p->memo.cap; i++) {
        Value k = p->memo.keys[i];
        if (!k)
            continue;
        Value id = int_from_u64((uint64_t)k);
        Value pair = tuple_pack(2, int_from_i64(p->memo.vals[i]), k);
        if (!id || !pair || dict_set(d, id, pair) < 0)
            return VNULL;
    }
    return d;
}

static int p_set_memo(Value self, Value v)
{
    ObjPickler *p = AS_PICKLER(self);
    if (!v) {
        err_set(exc_TypeError, "attribute deletion is not supported");
        return -1;
    }
    Value d;
    if (IS_TYPE_EXACT(v, &type_pmemoproxy))
        d = pmemo_copy_of(AS_PICKLER(((ObjMemoProxy *)AS_OBJ(v))->owner));
    else if (DICT_CHECK(v))
        d = v;
    else {
        err_format(exc_TypeError, "'memo' attribute must be a PicklerMemoProxy object or dict, not %s",
                   TYPE(v)->name);
        return -1;
    }
    if (!d)
        return -1;
    MemoTable fresh = {0};
    int64_t pos = 0;
    Value k, val;
    while (dict_next(AS_DICT(d), &pos, &k, &val)) {
        int64_t idx;
        if (!IS_TUPLE(val) || AS_TUPLE(val)->len != 2 ||
            obj_as_int64(AS_TUPLE(val)->items[0], &idx) < 0) {
            memo_clear(&fresh);
            if (!err_occurred())
                err_set(exc_TypeError, "'memo' values must be 2-item tuples");
            return -1;
        }
        if (memo_set(&fresh, AS_TUPLE(val)->items[1], idx) < 0) {
            memo_clear(&fresh);
            return -1;
        }
    }
    memo_clear(&p->memo);
    p->memo = fresh;
    return 0;
}

static Value m_pmemo_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return pmemo_copy_of(AS_PICKLER(((ObjMemoProxy *)AS_OBJ(args[0]))->owner));
}

static Value m_pmemo_clear(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    memo_clear(&AS_PICKLER(((ObjMemoProxy *)AS_OBJ(args[0]))->owner)->memo);
    return NONE;
}

/* ---- Unpickler ------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    bool inited, fix_imports;
    int proto;
    Value read, readline;    /* file mode, or VNULL */
    Value input;             /* the object the data belongs to (loads) */
    const uint8_t *buf;      /* the data: the bytes given, or ibuf */
    int64_t len, pos;
    uint8_t *ibuf;           /* file mode: what was read and not used yet */
    int64_t icap;
    Buffer view;
    bool have_view;
    Value stack;             /* a list */
    int64_t *marks;
    int64_t nmarks, capmarks;
    Value *memo;
    int64_t memo_size;
    int64_t memo_len;        /* number of set entries */
    Value pers_func;
    Value buffers;           /* an iterator, or VNULL */
    Value encoding, errors;  /* str */
} ObjUnpickler;

#define AS_UNPICKLER(v) ((ObjUnpickler *)AS_OBJ(v))

static void unpickler_trace(Obj *o)
{
    ObjUnpickler *u = (ObjUnpickler *)o;
    gc_mark(u->read);
    gc_mark(u->readline);
    gc_mark(u->input);
    gc_mark(u->stack);
    gc_mark(u->pers_func);
    gc_mark(u->buffers);
    gc_mark(u->encoding);
    gc_mark(u->errors);
    for (int64_t i = 0; i < u->memo_size; i++)
        gc_mark(u->memo[i]);
}

static void unpickler_release_input(ObjUnpickler *u)
{
    if (u->have_view)
        buffer_release(&u->view);
    u->have_view = false;
    u->input = VNULL;
}

static void unpickler_finalize(Obj *o)
{
    ObjUnpickler *u = (ObjUnpickler *)o;
    unpickler_release_input(u);
    free(u->ibuf);
    free(u->marks);
    free(u->memo);
    u->ibuf = NULL;
    u->marks = NULL;
    u->memo = NULL;
    u->memo_size = 0;
}

static Value truncated(void) { return unpickling_error("pickle data was truncated"); }

/* Make n more bytes available at u->buf + u->pos (file mode reads them). */
static int fill(ObjUnpickler *u, int64_t n)
{
    if (!u->read) {
        truncated();
        return -1;
    }
    int64_t have = u->len - u->pos;
    Value want = int_from_i64(n - have);
    Value data = want ? obj_call1(u->read, want) : VNULL;
    if (!data)
        return -1;
    Buffer b;
    if (obj_getbuffer(data, &b, BUF_SIMPLE) < 0)
        return -1;
    int64_t total = have + b.len;
    if (total > u->icap) {
        uint8_t *nb = malloc((size_t)total);
        if (!nb) {
            buffer_release(&b);
            err_no_memory();
            return -1;
        }
        if (have)
            memcpy(nb, u->buf + u->pos, (size_t)have);
        free(u->ibuf);
        u->ibuf = nb;
        u->icap = total;
    } else if (have) {
        memmove(u->ibuf, u->buf + u->pos, (size_t)have);
    }
    if (b.len)
        memcpy(u->ibuf + have, b.buf, (size_t)b.len);
    buffer_release(&b);
    u->buf = u->ibuf;
    u->len = total;
    u->pos = 0;
    if (total < n) {
        truncated();
        return -1;
    }
    return 0;
}

static int rd(ObjUnpickler *u, int64_t n, const uint8_t **out)
{
    if (n < 0 || u->pos > INT64_MAX - n) {
        unpickling_error("read would overflow (invalid bytecode)");
        return -1;
    }
    if (u->pos + n > u->len && fill(u, n) < 0)
        return -1;
    *out = u->buf + u->pos;
    u->pos += n;
    return 0;
}

/* A line including its '\n'; *n its length. */
static int rdline(ObjUnpickler *u, const uint8_t **out, int64_t *n)
{
    const uint8_t *s = u->buf + u->pos;
    const uint8_t *nl = u->len > u->pos ? memchr(s, '\n', (size_t)(u->len - u->pos)) : NULL;
    if (nl) {
        *n = nl - s + 1;
        *out = s;
        u->pos += *n;
        return 0;
    }
    if (!u->readline) {
        truncated();
        return -1;
    }
    Value line = obj_call0(u->readline);
    if (!line)
        return -1;
    Buffer b;
    if (obj_getbuffer(line, &b, BUF_SIMPLE) < 0)
        return -1;
    int64_t have = u->len - u->pos, total = have + b.len;
    uint8_t *nb = malloc((size_t)(total ? total : 1));
    if (!nb) {
        buffer_release(&b);
        err_no_memory();
        return -1;
    }
    memcpy(nb, u->buf + u->pos, (size_t)have);
    memcpy(nb + have, b.buf, (size_t)b.len);
    buffer_release(&b);
    free(u->ibuf);
    u->ibuf = nb;
    u->icap = total;
    u->buf = nb;
    u->len = total;
    u->pos = 0;
    if (total == 0 || nb[total - 1] != '\n') {
        if (total == 0) {
            truncated();
            return -1;
        }
    }
    *out = nb;
    *n = total;
    u->pos = total;
    return 0;
}

/* the stack */
static int64_t fence(ObjUnpickler *u) { return u->nmarks ? u->marks[u->nmarks - 1] : 0; }

static Value underflow(ObjUnpickler *u)
{
    return unpickling_error(u->nmarks ? "unexpected MARK found" : "unpickling stack underflow");
}

static int push(ObjUnpickler *u, Value v) { return v ? list_append(u->stack, v) : -1; }

static Value pop(ObjUnpickler *u)
{
    ObjList *s = AS_LIST(u->stack);
    if (s->len <= fence(u))
        return underflow(u);
    return s->items[--s->len];
}

static Value *top(ObjUnpickler *u)
{
    ObjList *s = AS_LIST(u->stack);
    if (s->len <= fence(u)) {
        underflow(u);
        return NULL;
    }
    return &s->items[s->len - 1];
}

static int marker(ObjUnpickler *u, int64_t *out)
{
    if (u->nmarks < 1) {
        unpickling_error("could not find MARK");
        return -1;
    }
    *out = u->marks[--u->nmarks];
    return 0;
}

/* the items since the last mark, as a tuple; the mark is removed */
static Value pop_mark_tuple(ObjUnpickler *u)
{
    int64_t m;
    if (marker(u, &m) < 0)
        return VNULL;
    ObjList *s = AS_LIST(u->stack);
    Value t = tuple_from(s->items + m, s->len - m);
    s->len = m;
    return t;
}

static Value pop_tuple_n(ObjUnpickler *u, int64_t n)
{
    ObjList *s = AS_LIST(u->stack);
    if (s->len - fence(u) < n)
        return underflow(u);
    Value t = tuple_from(s->items + s->len - n, n);
    s->len -= n;
    return t;
}

static int memo_put_at(ObjUnpickler *u, int64_t idx, Value v)
{
    if (idx >= u->memo_size) {
        int64_t ns = u->memo_size ? u->memo_size : 32;
        while (ns <= idx)
            ns *= 2;
        Value *nm = realloc(u->memo, (size_t)ns * sizeof(Value));
        if (!nm) {
            err_no_memory();
            return -1;
        }
        memset(nm + u->memo_size, 0, (size_t)(ns - u->memo_size) * sizeof(Value));
        u->memo = nm;
        u->memo_size = ns;
    }
    if (!u->memo[idx])
        u->memo_len++;
    u->memo[idx] = v;
    return 0;
}

static int64_t le_int(const uint8_t *s, int n)
{
    uint64_t x = 0;
    for (int i = n - 1; i >= 0; i--)
        x = x << 8 | s[i];
    return (int64_t)x;
}

static Value decode_utf8(const uint8_t *s, int64_t n)
{
    if (str_valid_internal((const char *)s, (size_t)n))
        return str_new((const char *)s, (size_t)n);
    Value b = bytes_new(s, (size_t)n);
    Value argv[2] = {str_from_cstr("utf-8"), str_from_cstr("surrogatepass")};
    return b && argv[0] && argv[1] ? obj_call_method(b, s_decode, argv, 2) : VNULL;
}

/* a str line without its '\n' (the ASCII/UTF-8 text of GLOBAL, INT …) */
static Value line_str(const uint8_t *s, int64_t n) { return decode_utf8(s, n - 1); }

static Value decode_bytes_with(ObjUnpickler *u, Value b)
{
    const char *enc = str_cstr(AS_STR(u->encoding));
    const char *errs = str_cstr(AS_STR(u->errors));
    if (strcmp(enc, "bytes") == 0)
        return b;
    if (strcmp(errs, "bytes") == 0) {
        Value argv[2] = {u->encoding, str_from_cstr("strict")};
        Value r = obj_call_method(b, s_decode, argv, 2);
        if (!r && err_matches(exc_UnicodeDecodeError)) {
            err_clear();
            return b;
        }
        return r;
    }
    Value argv[2] = {u->encoding, u->errors};
    return obj_call_method(b, s_decode, argv, 2);
}

static Value find_class(ObjUnpickler *u, Value module, Value name)
{
    Value f = obj_getattr(OBJ_VAL(u), s_find_class);
    return f ? obj_call2(f, module, name) : VNULL;
}

static int load_int_line(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    if (n == 3 && s[0] == '0' && s[1] == '0')
        return push(u, FALSE_V);
    if (n == 3 && s[0] == '0' && s[1] == '1')
        return push(u, TRUE_V);
    Value v = int_from_str((const char *)s, (size_t)(n - 1), 0);
    if (!v) {
        err_clear();
        err_set(exc_ValueError, "could not convert string to int");
        return -1;
    }
    return push(u, v);
}

static int load_long_line(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    int64_t k = n - 1;
    if (k > 0 && s[k - 1] == 'L')
        k--;
    Value v = int_from_str((const char *)s, (size_t)k, 0);
    return v ? push(u, v) : -1;
}

static Value long_from_bytes(const uint8_t *s, int64_t n)
{
    if (n == 0)
        return MK_INT(0);
    mpz_t z;
    mpz_init(z);
    mpz_import(z, (size_t)n, -1, 1, 0, 0, s);
    if (s[n - 1] & 0x80) { /* negative: subtract 256**n */
        mpz_t m;
        mpz_init(m);
        mpz_ui_pow_ui(m, 2, (unsigned long)(n * 8));
        mpz_sub(z, z, m);
        mpz_clear(m);
    }
    Value v = int_from_mpz(z);
    mpz_clear(z);
    return v;
}

static int load_counted_long(ObjUnpickler *u, int size)
{
    const uint8_t *s;
    if (rd(u, size, &s) < 0)
        return -1;
    int64_t n = le_int(s, size);
    if (size == 4 && (int32_t)n < 0) {
        unpickling_error("LONG pickle has negative byte count");
        return -1;
    }
    if (rd(u, n, &s) < 0)
        return -1;
    return push(u, long_from_bytes(s, n));
}

static int load_float_line(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    char buf[400];
    if (n - 1 >= (int64_t)sizeof buf) {
        err_set(exc_ValueError, "could not convert string to float");
        return -1;
    }
    memcpy(buf, s, (size_t)(n - 1));
    buf[n - 1] = 0;
    char *end;
    double d = strtod(buf, &end);
    if (end == buf || *end) {
        err_set(exc_ValueError, "could not convert string to float");
        return -1;
    }
    if (isinf(d) && strncasecmp(buf + (buf[0] == '-' || buf[0] == '+'), "inf", 3) != 0) {
        err_format(exc_OverflowError, "could not convert string to float: '%s'", buf);
        return -1;
    }
    return push(u, float_new(d));
}

static int load_binfloat(ObjUnpickler *u)
{
    const uint8_t *s;
    if (rd(u, 8, &s) < 0)
        return -1;
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x = x << 8 | s[i];
    double d;
    memcpy(&d, &x, 8);
    return push(u, float_new(d));
}

static int load_string_line(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    int64_t k = n - 1;
    /* strip trailing whitespace as CPython does not: it requires quotes */
    if (k >= 2 && s[0] == s[k - 1] && (s[0] == '\'' || s[0] == '"')) {
        Value raw = bytes_new(s + 1, (size_t)(k - 2));
        if (!raw)
            return -1;
        Value argv[1] = {raw};
        Value codecs = vm_import(str_intern_cstr("codecs"));
        Value esc = codecs ? obj_getattr(codecs, str_intern_cstr("escape_decode")) : VNULL;
        Value r = esc ? obj_call(esc, argv, 1, NULL) : VNULL;
        if (!r)
            return -1;
        Value b = AS_TUPLE(r)->items[0];
        return push(u, decode_bytes_with(u, b));
    }
    unpickling_error("the STRING opcode argument must be quoted");
    return -1;
}

static int load_counted_binstring(ObjUnpickler *u, int nbytes)
{
    const uint8_t *s;
    if (rd(u, nbytes, &s) < 0)
        return -1;
    int64_t n = le_int(s, nbytes);
    if (nbytes == 4 && (int32_t)n < 0) {
        unpickling_error("BINSTRING pickle has negative byte count");
        return -1;
    }
    if (rd(u, n, &s) < 0)
        return -1;
    Value b = bytes_new(s, (size_t)n);
    return b ? push(u, decode_bytes_with(u, b)) : -1;
}

static int load_counted_binbytes(ObjUnpickler *u, int nbytes)
{
    const uint8_t *s;
    if (rd(u, nbytes, &s) < 0)
        return -1;
    uint64_t n = (uint64_t)le_int(s, nbytes);
    if (n > INT64_MAX) {
        err_format(exc_OverflowError, "BINBYTES exceeds system's maximum size of %lld bytes",
                   (long long)INT64_MAX);
        return -1;
    }
    if (rd(u, (int64_t)n, &s) < 0)
        return -1;
    return push(u, bytes_new(s, (size_t)n));
}

static int load_counted_binunicode(ObjUnpickler *u, int nbytes)
{
    const uint8_t *s;
    if (rd(u, nbytes, &s) < 0)
        return -1;
    uint64_t n = (uint64_t)le_int(s, nbytes);
    if (n > INT64_MAX) {
        err_format(exc_OverflowError, "BINUNICODE exceeds system's maximum size of %lld bytes",
                   (long long)INT64_MAX);
        return -1;
    }
    if (rd(u, (int64_t)n, &s) < 0)
        return -1;
    return push(u, decode_utf8(s, (int64_t)n));
}

static int load_unicode_line(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    Value b = bytes_new(s, (size_t)(n - 1));
    Value enc = str_from_cstr("raw_unicode_escape");
    return b && enc ? push(u, obj_call_method(b, s_decode, &enc, 1)) : -1;
}

static int load_bytearray8(ObjUnpickler *u)
{
    const uint8_t *s;
    if (rd(u, 8, &s) < 0)
        return -1;
    int64_t n = le_int(s, 8);
    if (n < 0) {
        err_format(exc_OverflowError, "BYTEARRAY8 exceeds system's maximum size of %lld bytes",
                   (long long)INT64_MAX);
        return -1;
    }
    if (rd(u, n, &s) < 0)
        return -1;
    return push(u, bytearray_new(s, (size_t)n));
}

static int load_next_buffer(ObjUnpickler *u)
{
    if (!u->buffers) {
        unpickling_error("pickle stream refers to out-of-band data but no *buffers* argument was given");
        return -1;
    }
    Value b = obj_next(u->buffers);
    if (!b) {
        if (!err_occurred())
            unpickling_error("not enough out-of-band buffers");
        return -1;
    }
    return push(u, b);
}

static int load_readonly_buffer(ObjUnpickler *u)
{
    Value *t = top(u);
    if (!t)
        return -1;
    Value view = obj_call1(OBJ_VAL(&type_memoryview), *t);
    if (!view)
        return -1;
    Value ro = obj_call_method(view, str_intern_cstr("toreadonly"), NULL, 0);
    Value readonly = ro ? obj_getattr(view, str_intern_cstr("readonly")) : VNULL;
    if (!readonly)
        return -1;
    if (readonly != TRUE_V)
        *t = ro;
    return 0;
}

static int load_global(ObjUnpickler *u)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    Value module = line_str(s, n);
    if (!module)
        return -1;
    if (rdline(u, &s, &n) < 0)
        return -1;
    Value name = line_str(s, n);
    return name ? push(u, find_class(u, module, name)) : -1;
}

static int load_stack_global(ObjUnpickler *u)
{
    Value name = pop(u);
    Value module = name ? pop(u) : VNULL;
    if (!module)
        return -1;
    if (!IS_STR(module) || !IS_STR(name)) {
        unpickling_error("STACK_GLOBAL requires str");
        return -1;
    }
    return push(u, find_class(u, module, name));
}

static Value instantiate(Value cls, Value args)
{
    if (AS_TUPLE(args)->len == 0 && IS_TYPEOBJ(cls)) {
        Value f = obj_getattr_opt(cls, s_getinitargs);
        if (!f) {
            if (err_occurred())
                return VNULL;
            Value newf = obj_getattr(cls, s_new);
            return newf ? obj_call1(newf, cls) : VNULL;
        }
    }
    return obj_call(cls, AS_TUPLE(args)->items, (int)AS_TUPLE(args)->len, NULL);
}

static int load_inst(ObjUnpickler *u)
{
    Value args = pop_mark_tuple(u);
    if (!args)
        return -1;
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    Value module = line_str(s, n);
    if (!module || rdline(u, &s, &n) < 0)
        return -1;
    Value name = line_str(s, n);
    Value cls = name ? find_class(u, module, name) : VNULL;
    return cls ? push(u, instantiate(cls, args)) : -1;
}

static int load_obj(ObjUnpickler *u)
{
    Value args = pop_mark_tuple(u);
    if (!args)
        return -1;
    if (AS_TUPLE(args)->len < 1) {
        underflow(u);
        return -1;
    }
    Value cls = AS_TUPLE(args)->items[0];
    Value rest = tuple_from(AS_TUPLE(args)->items + 1, AS_TUPLE(args)->len - 1);
    return rest ? push(u, instantiate(cls, rest)) : -1;
}

static int load_newobj(ObjUnpickler *u, bool use_kwargs)
{
    const char *op = use_kwargs ? "NEWOBJ_EX" : "NEWOBJ";
    Value kwargs = VNULL;
    if (use_kwargs && !(kwargs = pop(u)))
        return -1;
    Value args = pop(u);
    Value cls = args ? pop(u) : VNULL;
    if (!cls)
        return -1;
    if (!IS_TYPEOBJ(cls)) {
        unpickling_error("%s class argument must be a type, not %s", op, TYPE(cls)->name);
        return -1;
    }
    if (!AS_TYPE(cls)->tp_new) {
        unpickling_error("%s class argument '%s' doesn't have __new__", op, AS_TYPE(cls)->name);
        return -1;
    }
    if (!TUPLE_CHECK(args)) {
        unpickling_error("%s args argument must be a tuple, not %s", op, TYPE(args)->name);
        return -1;
    }
    if (kwargs && !DICT_CHECK(kwargs)) {
        unpickling_error("%s kwargs argument must be a dict, not %s", op, TYPE(kwargs)->name);
        return -1;
    }
    Value newf = obj_getattr(cls, s_new);
    if (!newf)
        return -1;
    int64_t n = AS_TUPLE(args)->len, nk = kwargs ? AS_DICT(kwargs)->len : 0;
    Value argv = tuple_new(1 + n + nk);
    Value names = tuple_new(nk);
    if (!argv || !names)
        return -1;
    AS_TUPLE(argv)->items[0] = cls;
    for (int64_t i = 0; i < n; i++)
        AS_TUPLE(argv)->items[1 + i] = AS_TUPLE(args)->items[i];
    int64_t pos = 0, j = 0;
    Value k, v;
    while (kwargs && dict_next(AS_DICT(kwargs), &pos, &k, &v)) {
        if (!IS_STR(k)) {
            err_set(exc_TypeError, "keywords must be strings");
            return -1;
        }
        AS_TUPLE(names)->items[j] = OBJ_VAL(str_intern_obj(AS_STR(k)));
        AS_TUPLE(argv)->items[1 + n + j++] = v;
    }
    Value obj = obj_call(newf, AS_TUPLE(argv)->items, (int)(1 + n), nk ? AS_TUPLE(names) : NULL);
    return push(u, obj);
}

static int load_reduce(ObjUnpickler *u)
{
    Value args = pop(u);
    Value *callable = args ? top(u) : NULL;
    if (!callable)
        return -1;
    if (!TUPLE_CHECK(args)) {
        err_set(exc_TypeError, "argument list must be a tuple");
        return -1;
    }
    Value r = obj_call(*callable, AS_TUPLE(args)->items, (int)AS_TUPLE(args)->len, NULL);
    if (!r)
        return -1;
    *top(u) = r;
    return 0;
}

static int load_build(ObjUnpickler *u)
{
    Value state = pop(u);
    Value *instp = state ? top(u) : NULL;
    if (!instp)
        return -1;
    Value inst = *instp;
    Value setstate = obj_getattr_opt(inst, s_setstate);
    if (setstate)
        return obj_call1(setstate, state) ? 0 : -1;
    if (err_occurred())
        return -1;
    Value slotstate = VNULL;
    if (IS_TUPLE(state) && AS_TUPLE(state)->len == 2) {
        slotstate = AS_TUPLE(state)->items[1];
        state = AS_TUPLE(state)->items[0];
    }
    if (!IS_NONE(state)) {
        if (!DICT_CHECK(state)) {
            unpickling_error("state is not a dictionary");
            return -1;
        }
        Value dict = obj_getattr(inst, s_dict);
        if (!dict)
            return -1;
        int64_t pos = 0;
        Value k, v;
        while (dict_next(AS_DICT(state), &pos, &k, &v)) {
            if (IS_STR(k))
                k = OBJ_VAL(str_intern_obj(AS_STR(k)));
            if (obj_setitem(dict, k, v) < 0)
                return -1;
        }
    }
    if (slotstate && !IS_NONE(slotstate)) {
        if (!DICT_CHECK(slotstate)) {
            unpickling_error("slot state is not a dictionary");
            return -1;
        }
        int64_t pos = 0;
        Value k, v;
        while (dict_next(AS_DICT(slotstate), &pos, &k, &v)) {
            if (!STR_CHECK(k)) {
                err_format(exc_TypeError, "attribute name must be string, not '%s'", TYPE(k)->name);
                return -1;
            }
            if (obj_setattr(inst, AS_STR(k), v) < 0)
                return -1;
        }
    }
    return 0;
}

static int do_append(ObjUnpickler *u, int64_t x)
{
    ObjList *s = AS_LIST(u->stack);
    int64_t len = s->len;
    if (x > len || x <= fence(u)) {
        underflow(u);
        return -1;
    }
    if (len == x)
        return 0;
    Value list = s->items[x - 1];
    Value slice = list_from(s->items + x, len - x);
    if (!slice)
        return -1;
    s->len = x;
    if (IS_LIST(list))
        return list_extend(list, slice);
    Value extend = obj_getattr_opt(list, s_extend);
    if (extend)
        return obj_call1(extend, slice) ? 0 : -1;
    if (err_occurred())
        return -1;
    Value append = obj_getattr(list, s_append);
    if (!append)
        return -1;
    for (int64_t i = 0; i < AS_LIST(slice)->len; i++)
        if (!obj_call1(append, AS_LIST(slice)->items[i]))
            return -1;
    return 0;
}

static int do_setitems(ObjUnpickler *u, int64_t x)
{
    ObjList *s = AS_LIST(u->stack);
    int64_t len = s->len;
    if (x > len || x <= fence(u)) {
        underflow(u);
        return -1;
    }
    if (len == x)
        return 0;
    if ((len - x) % 2 != 0) {
        unpickling_error("odd number of items for SETITEMS");
        return -1;
    }
    Value dict = s->items[x - 1];
    Value items = list_from(s->items + x, len - x);
    if (!items)
        return -1;
    s->len = x;
    for (int64_t i = 0; i + 1 < AS_LIST(items)->len; i += 2)
        if (obj_setitem(dict, AS_LIST(items)->items[i], AS_LIST(items)->items[i + 1]) < 0)
            return -1;
    return 0;
}

static int load_additems(ObjUnpickler *u)
{
    int64_t m;
    if (marker(u, &m) < 0)
        return -1;
    ObjList *s = AS_LIST(u->stack);
    int64_t len = s->len;
    if (m > len || m <= fence(u)) {
        underflow(u);
        return -1;
    }
    if (len == m)
        return 0;
    Value set = s->items[m - 1];
    Value items = list_from(s->items + m, len - m);
    if (!items)
        return -1;
    s->len = m;
    if (IS_SET(set))
        return set_update(set, items);
    Value add = obj_getattr(set, s_add);
    if (!add)
        return -1;
    for (int64_t i = 0; i < AS_LIST(items)->len; i++)
        if (!obj_call1(add, AS_LIST(items)->items[i]))
            return -1;
    return 0;
}

static int load_ext(ObjUnpickler *u, int nbytes)
{
    const uint8_t *s;
    if (rd(u, nbytes, &s) < 0)
        return -1;
    int64_t code = le_int(s, nbytes);
    if (code <= 0) {
        err_set(exc_ValueError, "EXT specifies code <= 0");
        return -1;
    }
    Value key = int_from_i64(code);
    Value obj = dict_get(st.extension_cache, key);
    if (obj)
        return push(u, obj);
    if (err_occurred())
        return -1;
    Value pair = dict_get(st.inverted_registry, key);
    if (!pair) {
        if (!err_occurred())
            err_format(exc_ValueError, "unregistered extension code %lld", (long long)code);
        return -1;
    }
    if (!IS_TUPLE(pair) || AS_TUPLE(pair)->len != 2 || !IS_STR(AS_TUPLE(pair)->items[0]) ||
        !IS_STR(AS_TUPLE(pair)->items[1])) {
        err_format(exc_ValueError, "_inverted_registry[%lld] isn't a 2-tuple of strings", (long long)code);
        return -1;
    }
    obj = find_class(u, AS_TUPLE(pair)->items[0], AS_TUPLE(pair)->items[1]);
    if (!obj || dict_set(st.extension_cache, key, obj) < 0)
        return -1;
    return push(u, obj);
}

static int load_get_idx(ObjUnpickler *u, int64_t idx)
{
    if (idx < 0 || idx >= u->memo_size || !u->memo[idx]) {
        unpickling_error("Memo value not found at index %lld", (long long)idx);
        return -1;
    }
    return push(u, u->memo[idx]);
}

static int load_put_idx(ObjUnpickler *u, int64_t idx)
{
    Value *t = top(u);
    if (!t)
        return -1;
    if (idx < 0) {
        err_set(exc_ValueError, "negative PUT argument");
        return -1;
    }
    return memo_put_at(u, idx, *t);
}

static int line_index(ObjUnpickler *u, int64_t *idx)
{
    const uint8_t *s;
    int64_t n;
    if (rdline(u, &s, &n) < 0)
        return -1;
    Value v = int_from_str((const char *)s, (size_t)(n - 1), 10);
    if (!v || obj_as_int64(v, idx) < 0)
        return -1;
    return 0;
}

static int load_persid(ObjUnpickler *u, bool bin)
{
    Value pid;
    if (!u->pers_func) {
        unpickling_error("A load persistent id instruction was encountered,\nbut no "
                         "persistent_load function was specified.");
        return -1;
    }
    if (bin) {
        if (!(pid = pop(u)))
            return -1;
    } else {
        const uint8_t *s;
        int64_t n;
        if (rdline(u, &s, &n) < 0)
            return -1;
        for (int64_t i = 0; i < n - 1; i++)
            if (s[i] >= 0x80) {
                unpickling_error("persistent IDs in protocol 0 must be ASCII strings");
                return -1;
            }
        pid = str_new((const char *)s, (size_t)(n - 1));
    }
    return pid ? push(u, obj_call1(u->pers_func, pid)) : -1;
}

static Value unpickler_load(ObjUnpickler *u)
{
    ObjList *stack = AS_LIST(u->stack);
    stack->len = 0;
    u->nmarks = 0;
    u->proto = 0;
    for (;;) {
        if (u->pos >= u->len && !u->read) {
            err_set(exc_EOFError, "Ran out of input");
            return VNULL;
        }
        const uint8_t *s;
        if (rd(u, 1, &s) < 0) {
            if (err_matches(AS_TYPE(st.UnpicklingError))) {
                err_clear();
                err_set(exc_EOFError, "Ran out of input");
            }
            return VNULL;
        }
        uint8_t op = s[0];
        int rc = 0;
        int64_t idx;
        switch (op) {
        case NONE_OP: rc = push(u, NONE); break;
        case BININT: rc = rd(u, 4, &s) < 0 ? -1 : push(u, int_from_i64((int32_t)le_int(s, 4))); break;
        case BININT1: rc = rd(u, 1, &s) < 0 ? -1 : push(u, MK_INT(s[0])); break;
        case BININT2: rc = rd(u, 2, &s) < 0 ? -1 : push(u, MK_INT(le_int(s, 2))); break;
        case INT: rc = load_int_line(u); break;
        case LONG: rc = load_long_line(u); break;
        case LONG1: rc = load_counted_long(u, 1); break;
        case LONG4: rc = load_counted_long(u, 4); break;
        case FLOAT: rc = load_float_line(u); break;
        case BINFLOAT: rc = load_binfloat(u); break;
        case SHORT_BINBYTES: rc = load_counted_binbytes(u, 1); break;
        case BINBYTES: rc = load_counted_binbytes(u, 4); break;
        case BINBYTES8: rc = load_counted_binbytes(u, 8); break;
        case BYTEARRAY8: rc = load_bytearray8(u); break;
        case NEXT_BUFFER: rc = load_next_buffer(u); break;
        case READONLY_BUFFER: rc = load_readonly_buffer(u); break;
        case SHORT_BINSTRING: rc = load_counted_binstring(u, 1); break;
        case BINSTRING: rc = load_counted_binstring(u, 4); break;
        case STRING: rc = load_string_line(u); break;
        case UNICODE: rc = load_unicode_line(u); break;
        case SHORT_BINUNICODE: rc = load_counted_binunicode(u, 1); break;
        case BINUNICODE: rc = load_counted_binunicode(u, 4); break;
        case BINUNICODE8: rc = load_counted_binunicode(u, 8); break;
        case EMPTY_TUPLE: rc = push(u, tuple_new(0)); break;
        case TUPLE1: case TUPLE2: case TUPLE3: rc = push(u, pop_tuple_n(u, op - TUPLE1 + 1)); break;
        case TUPLE: rc = push(u, pop_mark_tuple(u)); break;
        case EMPTY_LIST: rc = push(u, list_new(0)); break;
        case EMPTY_DICT: rc = push(u, dict_new()); break;
        case EMPTY_SET: rc = push(u, set_new(&type_set)); break;
        case FROZENSET: {
            Value t = pop_mark_tuple(u);
            Value fs = t ? set_new(&type_frozenset) : VNULL;
            rc = fs && set_update(fs, t) == 0 ? push(u, fs) : -1;
            break;
        }
        case LIST: {
            Value t = pop_mark_tuple(u);
            rc = t ? push(u, list_from(AS_TUPLE(t)->items, AS_TUPLE(t)->len)) : -1;
            break;
        }
        case DICT: {
            int64_t m;
            if (marker(u, &m) < 0) {
                rc = -1;
                break;
            }
            ObjList *sl = AS_LIST(u->stack);
            if ((sl->len - m) % 2) {
                unpickling_error("odd number of items for DICT");
                rc = -1;
                break;
            }
            Value d = dict_new();
            for (int64_t i = m; d && i + 1 < sl->len; i += 2)
                if (dict_set(d, sl->items[i], sl->items[i + 1]) < 0)
                    d = VNULL;
            sl->len = m;
            rc = push(u, d);
            break;
        }
        case OBJ: rc = load_obj(u); break;
        case INST: rc = load_inst(u); break;
        case NEWOBJ: rc = load_newobj(u, false); break;
        case NEWOBJ_EX: rc = load_newobj(u, true); break;
        case GLOBAL: rc = load_global(u); break;
        case STACK_GLOBAL: rc = load_stack_global(u); break;
        case APPEND: rc = do_append(u, AS_LIST(u->stack)->len - 1); break;
        case APPENDS: rc = marker(u, &idx) < 0 ? -1 : do_append(u, idx); break;
        case BUILD: rc = load_build(u); break;
        case DUP: {
            Value *t = top(u);
            rc = t ? push(u, *t) : -1;
            break;
        }
        case BINGET: rc = rd(u, 1, &s) < 0 ? -1 : load_get_idx(u, s[0]); break;
        case LONG_BINGET: rc = rd(u, 4, &s) < 0 ? -1 : load_get_idx(u, le_int(s, 4)); break;
        case GET: rc = line_index(u, &idx) < 0 ? -1 : load_get_idx(u, idx); break;
        case EXT1: rc = load_ext(u, 1); break;
        case EXT2: rc = load_ext(u, 2); break;
        case EXT4: rc = load_ext(u, 4); break;
        case MARK:
            if (u->nmarks >= u->capmarks) {
                int64_t nc = u->capmarks ? u->capmarks * 2 : 16;
                int64_t *nm = realloc(u->marks, (size_t)nc * sizeof(int64_t));
                if (!nm) {
                    err_no_memory();
                    rc = -1;
                    break;
                }
                u->marks = nm;
                u->capmarks = nc;
            }
            u->marks[u->nmarks++] = AS_LIST(u->stack)->len;
            break;
        case BINPUT: rc = rd(u, 1, &s) < 0 ? -1 : load_put_idx(u, s[0]); break;
        case LONG_BINPUT:
            if (rd(u, 4, &s) < 0) {
                rc = -1;
                break;
            }
            idx = (int32_t)le_int(s, 4);
            if (idx < 0) {
                err_set(exc_ValueError, "negative LONG_BINPUT argument");
                rc = -1;
                break;
            }
            rc = load_put_idx(u, idx);
            break;
        case PUT: rc = line_index(u, &idx) < 0 ? -1 : load_put_idx(u, idx); break;
        case MEMOIZE: rc = load_put_idx(u, u->memo_len); break;
        case POP: /* the top item, or a MARK right on top */
            if (u->nmarks && u->marks[u->nmarks - 1] == AS_LIST(u->stack)->len)
                u->nmarks--;
            else if (AS_LIST(u->stack)->len <= fence(u))
                rc = underflow(u) ? 0 : -1;
            else
                AS_LIST(u->stack)->len--;
            break;
        case POP_MARK:
            if (marker(u, &idx) < 0)
                rc = -1;
            else
                AS_LIST(u->stack)->len = idx;
            break;
        case SETITEM: rc = do_setitems(u, AS_LIST(u->stack)->len - 2); break;
        case SETITEMS: rc = marker(u, &idx) < 0 ? -1 : do_setitems(u, idx); break;
        case ADDITEMS: rc = load_additems(u); break;
        case REDUCE: rc = load_reduce(u); break;
        case PROTO:
            if (rd(u, 1, &s) < 0) {
                rc = -1;
                break;
            }
            if (s[0] > HIGHEST_PROTOCOL) {
                err_format(exc_ValueError, "unsupported pickle protocol: %d", s[0]);
                rc = -1;
                break;
            }
            u->proto = s[0];
            break;
        case FRAME: {
            if (rd(u, 8, &s) < 0) {
                rc = -1;
                break;
            }
            uint64_t n = (uint64_t)le_int(s, 8);
            if (n > INT64_MAX) {
                err_format(exc_OverflowError, "FRAME length exceeds system's maximum of %lld bytes",
                           (long long)INT64_MAX);
                rc = -1;
                break;
            }
            /* the whole frame must be there: read it now, consume it later */
            if (u->pos + (int64_t)n > u->len && fill(u, (int64_t)n) < 0)
                rc = -1;
            break;
        }
        case PERSID: rc = load_persid(u, false); break;
        case BINPERSID: rc = load_persid(u, true); break;
        case NEWTRUE: rc = push(u, TRUE_V); break;
        case NEWFALSE: rc = push(u, FALSE_V); break;
        case STOP: {
            Value v = pop(u);
            return v;
        }
        default:
            if (op >= 0x20 && op <= 0x7e && op != '\'' && op != '\\')
                unpickling_error("invalid load key, '%c'.", op);
            else
                unpickling_error("invalid load key, '\\x%02x'.", op);
            return VNULL;
        }
        if (rc < 0)
            return VNULL;
    }
}

static const char *const unpickler_params[] = {"file", "fix_imports", "encoding", "errors", "buffers",
                                               NULL};

static int unpickler_setup(ObjUnpickler *u, Value file, Value fix, Value enc, Value errs, Value bufs)
{
    int f = fix ? obj_truthy(fix) : 1;
    if (f < 0)
        return -1;
    if (enc && !STR_CHECK(enc)) {
        err_format(exc_TypeError, "Unpickler() argument 'encoding' must be str, not %s", TYPE(enc)->name);
        return -1;
    }
    if (errs && !STR_CHECK(errs)) {
        err_format(exc_TypeError, "Unpickler() argument 'errors' must be str, not %s", TYPE(errs)->name);
        return -1;
    }
    u->fix_imports = f;
    u->encoding = enc ? enc : str_from_cstr("ASCII");
    u->errors = errs ? errs : str_from_cstr("strict");
    u->buffers = VNULL;
    if (bufs && !IS_NONE(bufs) && !(u->buffers = obj_iter(bufs)))
        return -1;
    if (!u->stack && !(u->stack = list_new(0)))
        return -1;
    if (file) {
        u->read = obj_getattr_opt(file, s_read);
        u->readline = u->read ? obj_getattr_opt(file, s_readline) : VNULL;
        if (!u->read || !u->readline) {
            if (!err_occurred() || err_matches(exc_AttributeError)) {
                err_clear();
                err_set(exc_TypeError, "file must have 'read' and 'readline' attributes");
            }
            return -1;
        }
    }
    free(u->memo);
    u->memo = NULL;
    u->memo_size = u->memo_len = 0;
    Value self = OBJ_VAL(u);
    if (TYPE(self) != &type_unpickler) {
        u->pers_func = attr_or_null(self, s_persistent_load);
        if (!u->pers_func && err_occurred())
            return -1;
    }
    u->inited = true;
    return 0;
}

static Value m_unpickler_init(Value *args, int nargs, ObjTuple *kw)
{
    Value a[5];
    if (args_parse("Unpickler", args + 1, nargs - 1, kw, unpickler_params, 1, 1, a) < 0)
        return VNULL;
    return unpickler_setup(AS_UNPICKLER(args[0]), a[0], a[1], a[2], a[3], a[4]) < 0 ? VNULL : NONE;
}

static ObjUnpickler *unpickler_alloc(Type *t)
{
    return (ObjUnpickler *)type_alloc(t, sizeof(ObjUnpickler));
}

static Value unpickler_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    ObjUnpickler *u = unpickler_alloc(t);
    if (t != &type_unpickler)
        return OBJ_VAL(u);
    int total = nargs + (kw ? (int)kw->len : 0);
    if (total > 7)
        return err_format(exc_TypeError, "Unpickler() takes at most 5 arguments (%d given)", total);
    Value argv[8];
    argv[0] = OBJ_VAL(u);
    memcpy(argv + 1, args, (size_t)total * sizeof(Value));
    return m_unpickler_init(argv, nargs + 1, kw) ? OBJ_VAL(u) : VNULL;
}

static Value m_unpickler_load(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("load", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjUnpickler *u = AS_UNPICKLER(args[0]);
    if (!u->inited)
        return unpickling_error("Unpickler.__init__() was not called by %s.__init__()",
                                TYPE(args[0])->name);
    return unpickler_load(u);
}

/* find_class(module_name, global_name) */
static Value m_find_class(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("find_class", nargs - 1, kw, 2, 2) < 0)
        return VNULL;
    ObjUnpickler *u = AS_UNPICKLER(args[0]);
    Value module_name = args[1], global_name = args[2];
    if (u->proto < 3 && u->fix_imports) {
        Value key = tuple_pack(2, module_name, global_name);
        Value item = key ? dict_get(st.name_mapping_2to3, key) : VNULL;
        if (item) {
            if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2)
                return err_format(exc_RuntimeError,
                                  "_compat_pickle.NAME_MAPPING values should be 2-tuples, not %s",
                                  TYPE(item)->name);
            module_name = AS_TUPLE(item)->items[0];
            global_name = AS_TUPLE(item)->items[1];
        } else if (err_occurred()) {
            return VNULL;
        } else {
            item = dict_get(st.import_mapping_2to3, module_name);
            if (item)
                module_name = item;
            else if (err_occurred())
                return VNULL;
        }
    }
    Value module = import_module(module_name);
    if (!module)
        return VNULL;
    Value global;
    if (u->proto >= 4) {
        Value path = dotted_path(module, global_name);
        if (!path)
            return VNULL;
        global = deep_attribute(module, path, NULL);
    } else {
        global = IS_STR(global_name) ? obj_getattr_opt(module, AS_STR(global_name)) : VNULL;
        if (!global && err_matches(exc_AttributeError))
            err_clear();
    }
    if (!global && !err_occurred())
        return err_format(exc_AttributeError, "Can't get attribute %R on %R", global_name, module);
    return global;
}

static Value u_get_persistent_load(Value self)
{
    Value f = AS_UNPICKLER(self)->pers_func;
    return f ? f : err_set(exc_AttributeError, "persistent_load");
}

static int u_set_persistent_load(Value self, Value v)
{
    if (!v) {
        err_set(exc_TypeError, "attribute deletion is not supported");
        return -1;
    }
    if (!TYPE(v)->call) {
        err_set(exc_TypeError, "persistent_load must be a callable taking one argument");
        return -1;
    }
    AS_UNPICKLER(self)->pers_func = v;
    return 0;
}

static Value u_get_memo(Value self)
{
    ObjMemoProxy *m = (ObjMemoProxy *)gc_new(&type_umemoproxy, sizeof(ObjMemoProxy));
    m->owner = self;
    return OBJ_VAL(m);
}

static Value umemo_copy_of(ObjUnpickler *u)
{
    Value d = dict_new();
    for (int64_t i = 0; d && i < u->memo_size; i++)
        if (u->memo[i] && dict_set(d, int_from_i64(i), u->memo[i]) < 0)
            return VNULL;
    return d;
}

static int u_set_memo(Value self, Value v)
{
    ObjUnpickler *u = AS_UNPICKLER(self);
    if (!v) {
        err_set(exc_TypeError, "attribute deletion is not supported");
        return -1;
    }
    Value d;
    if (IS_TYPE_EXACT(v, &type_umemoproxy))
        d = umemo_copy_of(AS_UNPICKLER(((ObjMemoProxy *)AS_OBJ(v))->owner));
    else if (DICT_CHECK(v))
        d = v;
    else {
        err_format(exc_TypeError,
                   "'memo' attribute must be an UnpicklerMemoProxy object or dict, not %s",
                   TYPE(v)->name);
        return -1;
    }
    if (!d)
        return -1;
    free(u->memo);
    u->memo = NULL;
    u->memo_size = u->memo_len = 0;
    int64_t pos = 0;
    Value k, val;
    while (dict_next(AS_DICT(d), &pos, &k, &val)) {
        int64_t idx;
        if (!INT_CHECK(k)) {
            err_set(exc_TypeError, "memo key must be integers");
            return -1;
        }
        if (obj_as_int64(k, &idx) < 0)
            return -1;
        if (idx < 0) {
            err_set(exc_ValueError, "memo key must be positive integers.");
            return -1;
        }
        if (memo_put_at(u, idx, val) < 0)
            return -1;
    }
    return 0;
}

static Value m_umemo_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return umemo_copy_of(AS_UNPICKLER(((ObjMemoProxy *)AS_OBJ(args[0]))->owner));
}

static Value m_umemo_clear(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjUnpickler *u = AS_UNPICKLER(((ObjMemoProxy *)AS_OBJ(args[0]))->owner);
    free(u->memo);
    u->memo = NULL;
    u->memo_size = u->memo_len = 0;
    return NONE;
}

/* ---- PickleBuffer ------------------------------------------------------------ */

static void pb_trace(Obj *o) { gc_mark(((ObjPickleBuffer *)o)->wrapped); }

static void pb_finalize(Obj *o)
{
    ObjPickleBuffer *pb = (ObjPickleBuffer *)o;
    if (pb->wrapped)
        buffer_release(&pb->view);
    pb->wrapped = VNULL;
}

static Value pb_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"buffer", NULL};
    Value a[1];
    if (args_parse("PickleBuffer", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    ObjPickleBuffer *pb = (ObjPickleBuffer *)type_alloc(t, sizeof(ObjPickleBuffer));
    if (obj_getbuffer(a[0], &pb->view, BUF_STRIDED) < 0)
        return VNULL;
    pb->wrapped = a[0];
    return OBJ_VAL(pb);
}

static int pb_getbuffer(Value self, Buffer *view, int flags)
{
    ObjPickleBuffer *pb = (ObjPickleBuffer *)AS_OBJ(self);
    if (!pb->wrapped) {
        err_set(exc_ValueError, "operation forbidden on released PickleBuffer object");
        return -1;
    }
    return obj_getbuffer(pb->wrapped, view, flags);
}

static Value m_pb_raw(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("raw", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjPickleBuffer *pb = (ObjPickleBuffer *)AS_OBJ(args[0]);
    if (!pb->wrapped)
        return err_set(exc_ValueError, "operation forbidden on released PickleBuffer object");
    if (!buffer_is_contig(&pb->view))
        return err_set(exc_BufferError, "cannot extract raw buffer from non-contiguous buffer");
    Value mv = obj_call1(OBJ_VAL(&type_memoryview), args[0]);
    if (!mv)
        return VNULL;
    Value fmt = str_from_cstr("B");
    return fmt ? obj_call_method(mv, str_intern_cstr("cast"), &fmt, 1) : VNULL;
}

static Value m_pb_release(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("release", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    pb_finalize(AS_OBJ(args[0]));
    return NONE;
}

/* ---- module functions ----------------------------------------------------------- */

static Value m_dump(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"obj", "file", "protocol", "fix_imports", "buffer_callback",
                                         NULL};
    Value a[5];
    if (args_parse("dump", args, nargs, kw, params, 2, 3, a) < 0)
        return VNULL;
    ObjPickler *p = pickler_alloc(&type_pickler);
    if (pickler_setup(p, a[1], a[2], a[3], a[4]) < 0 || dump(p, a[0]) < 0 || flush_to_file(p) < 0)
        return VNULL;
    return NONE;
}

static Value m_dumps(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"obj", "protocol", "fix_imports", "buffer_callback", NULL};
    Value a[4];
    if (args_parse("dumps", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    ObjPickler *p = pickler_alloc(&type_pickler);
    if (pickler_setup(p, VNULL, a[1], a[2], a[3]) < 0 || dump(p, a[0]) < 0)
        return VNULL;
    return bytes_new(p->out, (size_t)p->out_len);
}

static Value m_load(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"file", "fix_imports", "encoding", "errors", "buffers", NULL};
    Value a[5];
    if (args_parse("load", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    ObjUnpickler *u = unpickler_alloc(&type_unpickler);
    if (unpickler_setup(u, a[0], a[1], a[2], a[3], a[4]) < 0)
        return VNULL;
    return unpickler_load(u);
}

static Value m_loads(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "fix_imports", "encoding", "errors", "buffers", NULL};
    Value a[5];
    if (args_parse("loads", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    if (STR_CHECK(a[0]))
        return err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(a[0])->name);
    ObjUnpickler *u = unpickler_alloc(&type_unpickler);
    if (unpickler_setup(u, VNULL, a[1], a[2], a[3], a[4]) < 0)
        return VNULL;
    if (obj_getbuffer(a[0], &u->view, BUF_SIMPLE) < 0)
        return VNULL;
    u->have_view = true;
    u->input = a[0];
    u->buf = u->view.buf;
    u->len = u->view.len;
    u->pos = 0;
    Value r = unpickler_load(u);
    unpickler_release_input(u);
    return r;
}

/* ---- the module ----------------------------------------------------------------- */

static const MethodDef pickler_methods[] = {
    {"__init__", m_pickler_init}, {"dump", m_pickler_dump}, {"clear_memo", m_pickler_clear_memo},
    {NULL, NULL},
};

static const MethodDef unpickler_methods[] = {
    {"__init__", m_unpickler_init}, {"load", m_unpickler_load}, {"find_class", m_find_class},
    {NULL, NULL},
};

static const MethodDef pmemo_methods[] = {{"copy", m_pmemo_copy}, {"clear", m_pmemo_clear}, {NULL, NULL}};
static const MethodDef umemo_methods[] = {{"copy", m_umemo_copy}, {"clear", m_umemo_clear}, {NULL, NULL}};
static const MethodDef pb_methods[] = {{"raw", m_pb_raw}, {"release", m_pb_release}, {NULL, NULL}};

static Type type_pickler = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_pickle.Pickler",
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjPickler),
    .tp_new = pickler_tp_new,
    .trace = pickler_trace,
    .finalize = pickler_finalize,
};

static Type type_unpickler = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_pickle.Unpickler",
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjUnpickler),
    .tp_new = unpickler_tp_new,
    .trace = unpickler_trace,
    .finalize = unpickler_finalize,
};

static Type type_pmemoproxy = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_pickle.PicklerMemoProxy",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjMemoProxy),
    .trace = proxy_trace,
};

static Type type_umemoproxy = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_pickle.UnpicklerMemoProxy",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjMemoProxy),
    .trace = proxy_trace,
};

static Type type_picklebuffer = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "pickle.PickleBuffer",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjPickleBuffer),
    .tp_new = pb_tp_new,
    .trace = pb_trace,
    .finalize = pb_finalize,
    .getbuffer = pb_getbuffer,
};

static int load_state(void)
{
    Value copyreg = vm_import(str_intern_cstr("copyreg"));
    if (!copyreg)
        return -1;
    struct { Value *slot; Value mod; const char *name; } items[] = {
        {&st.dispatch_table, copyreg, "dispatch_table"},
        {&st.extension_registry, copyreg, "_extension_registry"},
        {&st.inverted_registry, copyreg, "_inverted_registry"},
        {&st.extension_cache, copyreg, "_extension_cache"},
    };
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        if (!(*items[i].slot = obj_getattr(items[i].mod, str_intern_cstr(items[i].name))))
            return -1;
    Value compat = vm_import(str_intern_cstr("_compat_pickle"));
    if (!compat)
        return -1;
    if (!(st.name_mapping_2to3 = obj_getattr(compat, str_intern_cstr("NAME_MAPPING"))) ||
        !(st.import_mapping_2to3 = obj_getattr(compat, str_intern_cstr("IMPORT_MAPPING"))) ||
        !(st.name_mapping_3to2 = obj_getattr(compat, str_intern_cstr("REVERSE_NAME_MAPPING"))) ||
        !(st.import_mapping_3to2 = obj_getattr(compat, str_intern_cstr("REVERSE_IMPORT_MAPPING"))))
        return -1;
    Value codecs = vm_import(str_intern_cstr("codecs"));
    if (!codecs || !(st.codecs_encode = obj_getattr(codecs, str_intern_cstr("encode"))))
        return -1;
    st.getattr = dict_get_str(vm_builtins, str_intern_cstr("getattr"));
    Value functools = vm_import(str_intern_cstr("functools"));
    if (!functools || !(st.partial = obj_getattr(functools, str_intern_cstr("partial"))))
        return -1;
    return 0;
}

static void ready(Type *t, const char *name, const MethodDef *methods, const char *module)
{
    t->module = str_intern_cstr(module);
    t->name_str = str_intern_cstr(name);
    type_ready(t, methods);
}

Value mod__pickle_init(void)
{
    if (!type_pickler.module) {
        Value *roots[] = {&st.PickleError, &st.PicklingError, &st.UnpicklingError, &st.dispatch_table,
                          &st.extension_registry, &st.inverted_registry, &st.extension_cache,
                          &st.name_mapping_2to3, &st.import_mapping_2to3, &st.name_mapping_3to2,
                          &st.import_mapping_3to2, &st.codecs_encode, &st.getattr, &st.partial};
        for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
            gc_add_root_value(roots[i]);
        struct { ObjStr **s; const char *text; } names[] = {
            {&s_write, "write"}, {&s_read, "read"}, {&s_readline, "readline"},
            {&s_persistent_id, "persistent_id"}, {&s_persistent_load, "persistent_load"},
            {&s_dispatch_table, "dispatch_table"}, {&s_reducer_override, "reducer_override"},
            {&s_reduce_ex, "__reduce_ex__"}, {&s_reduce, "__reduce__"}, {&s_qualname, "__qualname__"},
            {&s_name, "__name__"}, {&s_module, "__module__"}, {&s_newobj, "__newobj__"},
            {&s_newobj_ex, "__newobj_ex__"}, {&s_new, "__new__"}, {&s_class, "__class__"},
            {&s_setstate, "__setstate__"}, {&s_dict, "__dict__"}, {&s_extend, "extend"},
            {&s_append, "append"}, {&s_add, "add"}, {&s_items, "items"}, {&s_find_class, "find_class"},
            {&s_getinitargs, "__getinitargs__"}, {&s_main, "__main__"}, {&s_latin1, "latin1"},
            {&s_decode, "decode"},
        };
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            *names[i].s = str_intern_cstr(names[i].text);
        ready(&type_pickler, "Pickler", pickler_methods, "_pickle");
        ready(&type_unpickler, "Unpickler", unpickler_methods, "_pickle");
        ready(&type_pmemoproxy, "PicklerMemoProxy", pmemo_methods, "_pickle");
        ready(&type_umemoproxy, "UnpicklerMemoProxy", umemo_methods, "_pickle");
        ready(&type_picklebuffer, "PickleBuffer", pb_methods, "pickle");
        exc_add_getset(&type_pickler, "persistent_id", p_get_persistent_id, p_set_persistent_id);
        exc_add_getset(&type_pickler, "dispatch_table", p_get_dispatch_table, p_set_dispatch_table);
        exc_add_getset(&type_pickler, "fast", p_get_fast, p_set_fast);
        exc_add_getset(&type_pickler, "bin", p_get_bin, NULL);
        exc_add_getset(&type_pickler, "memo", p_get_memo, p_set_memo);
        exc_add_getset(&type_unpickler, "persistent_load", u_get_persistent_load, u_set_persistent_load);
        exc_add_getset(&type_unpickler, "memo", u_get_memo, u_set_memo);
        st.PickleError = module_new_exception("_pickle", "PickleError", OBJ_VAL(exc_Exception));
        st.PicklingError = st.PickleError ? module_new_exception("_pickle", "PicklingError", st.PickleError)
                                          : VNULL;
        st.UnpicklingError =
            st.PickleError ? module_new_exception("_pickle", "UnpicklingError", st.PickleError) : VNULL;
        if (!st.UnpicklingError || !st.PicklingError)
            return VNULL;
    }
    if (!st.dispatch_table && load_state() < 0)
        return VNULL;
    Value mv = module_new(str_intern_cstr("_pickle"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "PickleError", st.PickleError);
    module_add(m, "PicklingError", st.PicklingError);
    module_add(m, "UnpicklingError", st.UnpicklingError);
    module_add(m, "Pickler", OBJ_VAL(&type_pickler));
    module_add(m, "Unpickler", OBJ_VAL(&type_unpickler));
    module_add(m, "PickleBuffer", OBJ_VAL(&type_picklebuffer));
    module_add_fn(m, "dump", m_dump);
    module_add_fn(m, "dumps", m_dumps);
    module_add_fn(m, "load", m_load);
    module_add_fn(m, "loads", m_loads);
    return err_occurred() ? VNULL : mv;
}
