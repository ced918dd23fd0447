/* modules/pickle.c — baton's serialisation: how values cross process
 * boundaries (multiprocessing queues, pipes and pools).  The `pickle`
 * module scripts import is CPython's Lib/pickle.py over _pickle.
 *
 * The format is baton's own, compact and simple: a two-byte header, then
 * one tag byte per value followed by its payload, lengths and ints as
 * LEB128 varints.  Lists, dicts, sets and instances are memoised when
 * first written, so shared references stay shared and cycles survive.
 * Functions and classes travel by reference (module + qualified name) and
 * are looked up again in the receiving process, as CPython's pickle does;
 * instances carry their class reference and their __dict__.  Anything that
 * cannot be rebuilt that way (lambdas, closures, locks, files, threads,
 * generators) raises TypeError in the sender before anything is written.
 * Loading checks every length against the input: truncated or corrupt
 * data raises _pickle.UnpicklingError, never crashes.
 */
#include "frame.h"
#include "gc.h"
#include "modules.h"
#include "pickle.h"
#include "vm.h"

#define MAGIC0 0xBA
#define MAGIC1 0x01
#define MAX_DEPTH 2000

enum {
    T_NONE = 'N', T_TRUE = 'T', T_FALSE = 'F', T_INT = 'i', T_BIGINT = 'I',
    T_FLOAT = 'f', T_STR = 's', T_BYTES = 'b', T_TUPLE = 't', T_LIST = 'l',
    T_DICT = 'd', T_SET = 'S', T_FROZENSET = 'Z', T_MEMO = 'g', T_CLASS = 'C',
    T_FUNC = 'Y', T_INSTANCE = 'O', T_EXC = 'E', T_BUILTIN = 'B',
    T_ELLIPSIS = '.', T_RANGE = 'r', T_SLICE = ':',
    T_REDUCE = 'R', /* module, name, args: module.name(*args) (__reduce_ex__) */
    T_OBJREDUCE = 'X', /* callable, args, state, listitems, dictitems: what
                          __reduce_ex__(4) returned (memoised, as CPython's) */
};

/* _pickle.UnpicklingError: what corrupt data raises (ValueError if _pickle
 * cannot be imported) */
static Value unpickling_error_type(void)
{
    static Value err;
    if (!err) {
        Value m = module_import(str_intern_cstr("_pickle"));
        Value e = m ? obj_getattr(m, str_intern_cstr("UnpicklingError")) : VNULL;
        if (!e || !IS_TYPEOBJ(e)) {
            err_clear();
            return OBJ_VAL(exc_ValueError);
        }
        err = e;
        gc_add_root_value(&err);
    }
    return err;
}
#define unpickling_error unpickling_error_type()

/* ---- writing ---------------------------------------------------------- */

typedef struct {
    StrBuf out;
    Value memo;   /* dict: id(obj) -> index */
    int64_t nmemo;
    int depth;
} Writer;

static inline void put_byte(Writer *w, uint8_t b)
{
    StrBuf *o = &w->out;
    if (o->len + 2 > o->cap) {
        sb_addc(o, (char)b); /* grows the buffer */
        return;
    }
    o->data[o->len++] = (char)b;
}

static void put_varint(Writer *w, uint64_t v)
{
    StrBuf *o = &w->out;
    if (o->len + 12 > o->cap) {
        do {
            uint8_t b = v & 0x7f;
            v >>= 7;
            put_byte(w, b | (v ? 0x80 : 0));
        } while (v);
        return;
    }
    uint8_t *p = (uint8_t *)o->data + o->len;
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    o->len = (size_t)((char *)p - o->data);
}

static void put_bytes(Writer *w, const void *p, size_t n)
{
    put_varint(w, n);
    sb_add(&w->out, p, n);
}

static int dump(Writer *w, Value v);

/* Memo: 0 = new (remembered now), 1 = written as a back reference. */
static int memo_check(Writer *w, Value v)
{
    /* Made on first use: most messages (numbers, strings, tuples) need
     * none, and a dict per message is most of the cost of a small one. */
    if (!w->memo && !(w->memo = dict_new()))
        return -1;
    Value key = int_from_u64((uint64_t)(uintptr_t)AS_OBJ(v));
    Value idx = dict_get(w->memo, key);
    if (idx) {
        put_byte(w, T_MEMO);
        put_varint(w, (uint64_t)AS_INT(idx));
        return 1;
    }
    if (err_occurred() || dict_set(w->memo, key, MK_INT(w->nmemo)) < 0)
        return -1;
    w->nmemo++;
    return 0;
}

/* A module-level object is written as (module, qualname), provided that
 * looking the name up again gives the very same object. */
static int dump_ref(Writer *w, Value v, int tag)
{
    Value mod = obj_getattr_opt(v, str_intern_cstr("__module__"));
    Value qual = obj_getattr_opt(v, str_intern_cstr("__qualname__"));
    if (!mod || !qual || !IS_STR(mod) || !IS_STR(qual)) {
        if (err_occurred())
            return -1;
        err_format(exc_TypeError, "cannot pickle '%s' object", TYPE(v)->name);
        return -1;
    }
    if (strstr(AS_STR(qual)->data, "<lambda>") || strstr(AS_STR(qual)->data, "<locals>")) {
        err_format(exc_TypeError,
                   "cannot pickle '%s' object: %s is not defined at module level",
                   TYPE(v)->name, AS_STR(qual)->data);
        return -1;
    }
    put_byte(w, (uint8_t)tag);
    put_bytes(w, AS_STR(mod)->data, (size_t)AS_STR(mod)->len);
    put_bytes(w, AS_STR(qual)->data, (size_t)AS_STR(qual)->len);
    return 0;
}


/* A built-in type of C (bytearray, array.array) that has __reduce_ex__:
 * its (callable, args[, state]) with state None; the callable is found
 * again by the type's module and the callable's __name__. */
static int dump_reduce(Writer *w, Value v)
{
    Type *t = TYPE(v);
    Value r = obj_call_method(v, str_intern_cstr("__reduce_ex__"), (Value[]){MK_INT(4)}, 1);
    if (!r)
        return -1;
    if (!IS_TUPLE(r) || AS_TUPLE(r)->len < 2 || !IS_TUPLE(AS_TUPLE(r)->items[1]) ||
        (AS_TUPLE(r)->len > 2 && !IS_NONE(AS_TUPLE(r)->items[2]))) {
        err_format(exc_TypeError, "cannot pickle '%s' object", t->name);
        return -1;
    }
    Value fn = AS_TUPLE(r)->items[0];
    Value name = obj_getattr(fn, str_intern_cstr("__name__"));
    if (!name || !IS_STR(name))
        return -1;
    const char *mod = t->module ? t->module->data : "builtins";
    put_byte(w, T_REDUCE);
    put_bytes(w, mod, strlen(mod));
    put_bytes(w, AS_STR(name)->data, (size_t)AS_STR(name)->len);
    return dump(w, AS_TUPLE(r)->items[1]);
}

/* Does t reduce itself (a class statement's type, or a C type with a
 * __reduce__ of its own: functools.partial, collections.deque)? */
static bool reduces_itself(Type *t)
{
    if (t->flags & TF_HEAPTYPE)
        return true;
    Value own = type_lookup(t, str_intern_cstr("__reduce__"));
    return own && own != type_lookup(&type_object, str_intern_cstr("__reduce__"));
}

/* An iterator's items as a list (listitems, dictitems), or None. */
static Value items_of(Value it)
{
    if (it == NONE)
        return NONE;
    Value l = list_new(0);
    return l && list_extend(l, it) == 0 ? l : VNULL;
}

/* v as the reduce protocol describes it: v.__reduce_ex__(4) gives
 * (callable, args[, state[, listitems[, dictitems]]]). */
static int dump_objreduce(Writer *w, Value v)
{
    int m = memo_check(w, v);
    if (m)
        return m < 0 ? -1 : 0;
    Value r = obj_call_method(v, str_intern_cstr("__reduce_ex__"), (Value[]){MK_INT(4)}, 1);
    if (!r)
        return -1;
    if (!IS_TUPLE(r) || AS_TUPLE(r)->len < 2 || AS_TUPLE(r)->len > 5 ||
        !IS_TUPLE(AS_TUPLE(r)->items[1])) {
        err_format(exc_TypeError, "cannot pickle '%s' object", TYPE(v)->name);
        return -1;
    }
    ObjTuple *rt = AS_TUPLE(r);
    Value parts[5] = {rt->items[0], rt->items[1], NONE, NONE, NONE};
    for (int64_t i = 2; i < rt->len; i++)
        parts[i] = rt->items[i];
    for (int i = 3; i < 5; i++) /* iterators become lists */
        if (!(parts[i] = items_of(parts[i])))
            return -1;
    put_byte(w, T_OBJREDUCE);
    for (int i = 0; i < 5; i++)
        if (dump(w, parts[i]) < 0)
            return -1;
    return 0;
}

static int dump_items(Writer *w, const Value *items, int64_t n)
{
    put_varint(w, (uint64_t)n);
    for (int64_t i = 0; i < n; i++)
        if (dump(w, items[i]) < 0)
            return -1;
    return 0;
}

static int dump_dict(Writer *w, ObjDict *d)
{
    put_varint(w, (uint64_t)d->len);
    int64_t pos = 0, n = 0;
    Value k, val;
    while (dict_next(d, &pos, &k, &val)) {
        if (dump(w, k) < 0 || dump(w, val) < 0)
            return -1;
        n++;
    }
    if (n != d->len) {
        err_set(exc_RuntimeError, "dictionary changed size during pickling");
        return -1;
    }
    return 0;
}

static int dump_set(Writer *w, Value s)
{
    ObjSet *set = AS_SET(s);
    put_varint(w, (uint64_t)set->len);
    int64_t pos = 0;
    Value k;
    while (set_next(set, &pos, &k))
        if (dump(w, k) < 0)
            return -1;
    return 0;
}

static int dump(Writer *w, Value v)
{
    if (IS_INT(v)) {
        int64_t i = AS_INT(v);
        put_byte(w, T_INT);
        put_varint(w, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
        return 0;
    }
    if (v == NONE) { put_byte(w, T_NONE); return 0; }
    if (v == TRUE_V) { put_byte(w, T_TRUE); return 0; }
    if (v == FALSE_V) { put_byte(w, T_FALSE); return 0; }
    if (v == ELLIPSIS) { put_byte(w, T_ELLIPSIS); return 0; }
    if (++w->depth > MAX_DEPTH) {
        err_set(exc_RecursionError, "maximum recursion depth exceeded while pickling an object");
        return -1;
    }
    int rc = 0;
    Type *t = TYPE(v);
    if (t == &type_int) {
        Value s = int_to_str(v, 16);
        if (!s)
            return -1;
        put_byte(w, T_BIGINT);
        put_bytes(w, AS_STR(s)->data, (size_t)AS_STR(s)->len);
    } else if (t == &type_float) {
        double d = AS_FLOAT(v);
        put_byte(w, T_FLOAT);
        sb_add(&w->out, (const char *)&d, sizeof d);
    } else if (t == &type_str) {
        put_byte(w, T_STR);
        put_bytes(w, AS_STR(v)->data, (size_t)AS_STR(v)->len);
    } else if (t == &type_bytes) {
        put_byte(w, T_BYTES);
        put_bytes(w, AS_BYTES(v)->data, (size_t)AS_BYTES(v)->len);
    } else if (t == &type_tuple) {
        put_byte(w, T_TUPLE);
        rc = dump_items(w, AS_TUPLE(v)->items, AS_TUPLE(v)->len);
    } else if (t == &type_range) {
        ObjRange *r = AS_RANGE(v);
        put_byte(w, T_RANGE);
        Value parts[3] = {int_from_i64(r->start), int_from_i64(r->stop), int_from_i64(r->step)};
        for (int i = 0; i < 3 && rc == 0; i++)
            rc = dump(w, parts[i]);
    } else if (t == &type_slice) {
        ObjSlice *sl = AS_SLICE(v);
        put_byte(w, T_SLICE);
        Value parts[3] = {sl->start, sl->stop, sl->step};
        for (int i = 0; i < 3 && rc == 0; i++)
            rc = dump(w, parts[i]);
    } else if (t == &type_list || t == &type_dict || t == &type_set ||
               t == &type_frozenset) {
        int m = memo_check(w, v);
        if (m)
            rc = m < 0 ? -1 : 0;
        else if (t == &type_list) {
            put_byte(w, T_LIST);
            /* The list may change while items are written (a __reduce__-free
             * format runs no user code, but be safe with a snapshot). */
            Value snap = list_from(AS_LIST(v)->items, AS_LIST(v)->len);
            rc = snap ? dump_items(w, AS_LIST(snap)->items, AS_LIST(snap)->len) : -1;
        } else if (t == &type_dict) {
            put_byte(w, T_DICT);
            rc = dump_dict(w, AS_DICT(v));
        } else {
            put_byte(w, t == &type_set ? T_SET : T_FROZENSET);
            rc = dump_set(w, v);
        }
    } else if (t == &type_type || IS_TYPEOBJ(v)) {
        Type *ty = AS_TYPE(v);
        if (!(ty->flags & TF_HEAPTYPE) && (!ty->module || !strcmp(ty->module->data, "builtins"))) {
            /* A built-in type or exception class: by name in builtins. */
            put_byte(w, T_BUILTIN);
            put_bytes(w, ty->name, strlen(ty->name));
        } else
            rc = dump_ref(w, v, T_CLASS);
    } else if (t == &type_function) {
        rc = dump_ref(w, v, T_FUNC);
    } else if (t == &type_native && AS_NATIVE(v)->self == VNULL && AS_NATIVE(v)->module &&
               strcmp(AS_NATIVE(v)->module->data, "builtins") != 0) {
        rc = dump_ref(w, v, T_FUNC); /* a module's C function: _heapq.heappush */
    } else if (t == &type_native && AS_NATIVE(v)->self == VNULL) {
        put_byte(w, T_BUILTIN);
        put_bytes(w, AS_NATIVE(v)->name, strlen(AS_NATIVE(v)->name));
    } else if (t->flags & TF_EXCEPTION) {
        ObjException *e = AS_EXC(v);
        put_byte(w, T_EXC);
        rc = dump(w, OBJ_VAL(t));
        if (rc == 0)
            rc = dump(w, e->args ? OBJ_VAL(e->args) : tuple_new(0));
        if (rc == 0)
            rc = dump(w, e->dict ? OBJ_VAL(e->dict) : dict_new());
    } else if ((t->flags & TF_HEAPTYPE) && t->kind == KIND_OBJECT) {
        int m = memo_check(w, v);
        if (m)
            rc = m < 0 ? -1 : 0;
        else {
            ObjInstance *in = AS_INSTANCE(v);
            put_byte(w, T_INSTANCE);
            rc = dump(w, OBJ_VAL(t));
            if (rc == 0) {
                if (in->dict)
                    rc = dump_dict(w, in->dict);
                else
                    put_varint(w, 0);
            }
        }
    } else if (!(t->flags & TF_HEAPTYPE) && dict_get_str(t->dict, str_intern_cstr("__reduce_ex__"))) {
        rc = dump_reduce(w, v);
    } else if (reduces_itself(t)) {
        rc = dump_objreduce(w, v);
    } else {
        /* a C type's name may already be dotted, as CPython's tp_name */
        const char *mod = t->module && strcmp(t->module->data, "builtins") != 0 &&
                                  !strchr(t->name, '.')
                              ? t->module->data : NULL;
        if (t == &type_memoryview) /* its own __reduce__'s words in CPython */
            err_set(exc_TypeError, "cannot pickle memoryview objects");
        else if (mod)
            err_format(exc_TypeError, "cannot pickle '%s.%s' object", mod, t->name);
        else
            err_format(exc_TypeError, "cannot pickle '%s' object", t->name);
        rc = -1;
    }
    w->depth--;
    return rc;
}

int pickle_dump_to(Value v, StrBuf *out)
{
    Writer w = {*out, VNULL, 0, 0};
    put_byte(&w, MAGIC0);
    put_byte(&w, MAGIC1);
    int rc = dump(&w, v);
    *out = w.out;
    return rc;
}

Value pickle_dumps(Value v)
{
    StrBuf out;
    sb_init(&out);
    if (pickle_dump_to(v, &out) < 0) {
        sb_free(&out);
        return VNULL;
    }
    Value b = bytes_new((const uint8_t *)out.data, out.len);
    sb_free(&out);
    return b;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct {
    const uint8_t *p, *end;
    Value memo;  /* list of memoised objects, by index */
    int depth;
} Reader;

/* Remember a container as it is made, for later back references (the
 * memo list is made on first use). */
static int memo_add(Reader *r, Value v)
{
    if (!r->memo && !(r->memo = list_new(0)))
        return -1;
    return list_append(r->memo, v);
}

static Value corrupt(const char *what)
{
    return err_format(AS_TYPE(unpickling_error), "pickle data was %s", what);
}

static int get_varint(Reader *r, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            corrupt("truncated");
            return -1;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    corrupt("corrupted (bad length)");
    return -1;
}

static int get_span(Reader *r, const uint8_t **s, size_t *n)
{
    uint64_t len;
    if (get_varint(r, &len) < 0)
        return -1;
    if (len > (uint64_t)(r->end - r->p)) {
        corrupt("truncated");
        return -1;
    }
    *s = r->p;
    *n = (size_t)len;
    r->p += len;
    return 0;
}

static Value load(Reader *r);

/* Look a module-level object up again: import the module, walk the
 * dotted qualified name. */
static Value load_ref(Reader *r)
{
    const uint8_t *m, *q;
    size_t mn, qn;
    if (get_span(r, &m, &mn) < 0 || get_span(r, &q, &qn) < 0)
        return VNULL;
    if (!utf8_valid((const char *)m, mn) || !utf8_valid((const char *)q, qn))
        return corrupt("corrupted (bad name)");
    Value mod = vm_import(str_intern((const char *)m, mn));
    if (!mod)
        return VNULL;
    Value obj = mod;
    size_t start = 0;
    for (size_t i = 0; i <= qn; i++) {
        if (i == qn || q[i] == '.') {
            obj = obj_getattr(obj, str_intern((const char *)q + start, i - start));
            if (!obj)
                return VNULL;
            start = i + 1;
        }
    }
    return obj;
}

static Value load_objreduce(Reader *r);

static int load_into_dict(Reader *r, Value d)
{
    uint64_t n;
    if (get_varint(r, &n) < 0)
        return -1;
    for (uint64_t i = 0; i < n; i++) {
        Value k = load(r);
        if (!k)
            return -1;
        Value v = load(r);
        if (!v)
            return -1;
        if (IS_STR(k))
            k = OBJ_VAL(str_intern_obj(AS_STR(k)));
        if (dict_set(d, k, v) < 0)
            return -1;
    }
    return 0;
}

static Value load(Reader *r)
{
    if (r->p >= r->end)
        return corrupt("truncated");
    if (++r->depth > MAX_DEPTH)
        return corrupt("nested too deeply");
    uint8_t tag = *r->p++;
    Value v = VNULL;
    const uint8_t *s;
    size_t n;
    uint64_t u;
    switch (tag) {
    case T_NONE: v = NONE; break;
    case T_TRUE: v = TRUE_V; break;
    case T_FALSE: v = FALSE_V; break;
    case T_ELLIPSIS: v = ELLIPSIS; break;
    case T_INT:
        if (get_varint(r, &u) < 0)
            break;
        v = int_from_i64((int64_t)(u >> 1) ^ -(int64_t)(u & 1));
        break;
    case T_BIGINT:
        if (get_span(r, &s, &n) < 0)
            break;
        v = int_from_str((const char *)s, n, 16);
        if (!v) {
            err_clear();
            v = corrupt("corrupted (bad int)");
        }
        break;
    case T_FLOAT: {
        double d;
        if ((size_t)(r->end - r->p) < sizeof d) {
            v = corrupt("truncated");
            break;
        }
        memcpy(&d, r->p, sizeof d);
        r->p += sizeof d;
        v = float_new(d);
        break;
    }
    case T_STR:
        if (get_span(r, &s, &n) < 0)
            break;
        v = utf8_valid((const char *)s, n) ? str_new((const char *)s, n)
                                           : corrupt("corrupted (bad UTF-8)");
        break;
    case T_BYTES:
        if (get_span(r, &s, &n) < 0)
            break;
        v = bytes_new(s, n);
        break;
    case T_TUPLE: {
        if (get_varint(r, &u) < 0)
            break;
        if (u > (uint64_t)(r->end - r->p)) {
            v = corrupt("truncated");
            break;
        }
        Value t = tuple_new((int64_t)u);
        for (uint64_t i = 0; t && i < u; i++) {
            Value item = load(r);
            if (!item) {
                t = VNULL;
                break;
            }
            AS_TUPLE(t)->items[i] = item;
        }
        v = t;
        break;
    }
    case T_RANGE: {
        Value a = load(r), b = a ? load(r) : VNULL, c = b ? load(r) : VNULL;
        if (!c)
            break;
        if (!IS_INT(a) || !IS_INT(b) || !IS_INT(c) || AS_INT(c) == 0) {
            v = corrupt("corrupted (bad range)");
            break;
        }
        v = range_new(AS_INT(a), AS_INT(b), AS_INT(c));
        break;
    }
    case T_SLICE: {
        Value a = load(r), b = a ? load(r) : VNULL, c = b ? load(r) : VNULL;
        if (c)
            v = slice_new(a, b, c);
        break;
    }
    case T_LIST: {
        if (get_varint(r, &u) < 0)
            break;
        if (u > (uint64_t)(r->end - r->p)) {
            v = corrupt("truncated");
            break;
        }
        /* Made at its full length (items None until loaded): one
         * allocation instead of a growing array. */
        Value l = list_new((int64_t)u);
        if (!l || memo_add(r, l) < 0)
            break;
        for (uint64_t i = 0; i < u; i++) {
            Value item = load(r);
            if (!item) {
                l = VNULL;
                break;
            }
            AS_LIST(l)->items[i] = item;
        }
        v = l;
        break;
    }
    case T_DICT: {
        Value d = dict_new();
        if (!d || memo_add(r, d) < 0 || load_into_dict(r, d) < 0)
            break;
        v = d;
        break;
    }
    case T_SET:
    case T_FROZENSET: {
        Value st = set_new(tag == T_SET ? &type_set : &type_frozenset);
        if (!st || memo_add(r, st) < 0 || get_varint(r, &u) < 0)
            break;
        uint64_t i = 0;
        for (; i < u; i++) {
            Value item = load(r);
            if (!item || set_add(st, item) < 0)
                break;
        }
        if (i == u)
            v = st;
        break;
    }
    case T_MEMO:
        if (get_varint(r, &u) < 0)
            break;
        if (!r->memo || u >= (uint64_t)AS_LIST(r->memo)->len) {
            v = corrupt("corrupted (bad reference)");
            break;
        }
        v = AS_LIST(r->memo)->items[u];
        break;
    case T_CLASS:
    case T_FUNC:
        v = load_ref(r);
        break;
    case T_REDUCE: {
        Value fn = load_ref(r);
        Value args = fn ? load(r) : VNULL;
        if (!args)
            break;
        if (!IS_TUPLE(args)) {
            v = corrupt("corrupted (bad arguments)");
            break;
        }
        v = obj_call(fn, AS_TUPLE(args)->items, (int)AS_TUPLE(args)->len, NULL);
        break;
    }
    case T_OBJREDUCE:
        v = load_objreduce(r);
        break;
    case T_BUILTIN: {
        if (get_span(r, &s, &n) < 0)
            break;
        ObjStr *name = str_intern((const char *)s, n);
        v = dict_get_str(vm_builtins, name);
        if (!v)
            v = err_format(AS_TYPE(unpickling_error), "no built-in named '%s'", name->data);
        break;
    }
    case T_INSTANCE: {
        Value cls = load(r);
        if (!cls)
            break;
        if (!IS_TYPEOBJ(cls) || AS_TYPE(cls)->kind != KIND_OBJECT) {
            v = corrupt("corrupted (not a class)");
            break;
        }
        Value inst = instance_new(AS_TYPE(cls));
        if (!inst || memo_add(r, inst) < 0)
            break;
        ObjInstance *in = AS_INSTANCE(inst);
        if (!in->dict)
            in->dict = AS_DICT(dict_new());
        if (load_into_dict(r, OBJ_VAL(in->dict)) < 0)
            break;
        v = inst;
        break;
    }
    case T_EXC: {
        Value cls = load(r);
        Value args = cls ? load(r) : VNULL;
        Value d = args ? load(r) : VNULL;
        if (!d)
            break;
        if (!IS_EXCEPTION_CLASS(cls) || !IS_TUPLE(args) || !IS_DICT(d)) {
            v = corrupt("corrupted (bad exception)");
            break;
        }
        Value e = exc_new(AS_TYPE(cls), AS_TUPLE(args));
        if (!e)
            break;
        if (AS_DICT(d)->len) {
            if (!AS_EXC(e)->dict)
                AS_EXC(e)->dict = AS_DICT(dict_new());
            if (dict_update(OBJ_VAL(AS_EXC(e)->dict), d) < 0)
                break;
        }
        v = e;
        break;
    }
    default:
        v = corrupt("corrupted (unknown tag)");
    }
    r->depth--;
    return v;
}

/* CPython's BUILD: obj.__setstate__(state), else state (or (state,
 * slotstate)) into its __dict__ and attributes. */
static int set_state(Value obj, Value state)
{
    Value setstate = obj_getattr_opt(obj, str_intern_cstr("__setstate__"));
    if (setstate)
        return obj_call(setstate, &state, 1, NULL) ? 0 : -1;
    if (err_occurred())
        return -1;
    Value slots = NONE;
    if (IS_TUPLE(state) && AS_TUPLE(state)->len == 2) {
        slots = AS_TUPLE(state)->items[1];
        state = AS_TUPLE(state)->items[0];
    }
    for (int pass = 0; pass < 2; pass++) {
        Value d = pass ? slots : state;
        if (d == NONE)
            continue;
        if (!IS_DICT(d)) {
            corrupt("corrupted (bad state)");
            return -1;
        }
        int64_t pos = 0;
        Value k, val;
        while (dict_next(AS_DICT(d), &pos, &k, &val))
            if (!IS_STR(k) || obj_setattr(obj, str_intern_obj(AS_STR(k)), val) < 0) {
                if (!err_occurred())
                    corrupt("corrupted (bad state)");
                return -1;
            }
    }
    return 0;
}

static Value load_objreduce(Reader *r)
{
    int64_t slot = r->memo ? AS_LIST(r->memo)->len : 0;
    if (memo_add(r, NONE) < 0) /* its index, taken before its parts' */
        return VNULL;
    Value fn = load(r);
    Value args = fn ? load(r) : VNULL;
    if (!args)
        return VNULL;
    if (!IS_TUPLE(args))
        return corrupt("corrupted (bad arguments)");
    Value obj = obj_call(fn, AS_TUPLE(args)->items, (int)AS_TUPLE(args)->len, NULL);
    if (!obj)
        return VNULL;
    AS_LIST(r->memo)->items[slot] = obj;
    Value state = load(r);
    if (!state || (state != NONE && set_state(obj, state) < 0))
        return VNULL;
    Value items = load(r);
    if (!items)
        return VNULL;
    if (items != NONE) {
        if (!IS_LIST(items))
            return corrupt("corrupted (bad list items)");
        Value ok = obj_call_method(obj, str_intern_cstr("extend"), &items, 1);
        if (!ok)
            return VNULL;
    }
    Value pairs = load(r);
    if (!pairs)
        return VNULL;
    if (pairs != NONE) {
        if (!IS_LIST(pairs))
            return corrupt("corrupted (bad dict items)");
        for (int64_t i = 0; i < AS_LIST(pairs)->len; i++) {
            Value p = AS_LIST(pairs)->items[i];
            if (!IS_TUPLE(p) || AS_TUPLE(p)->len != 2)
                return corrupt("corrupted (bad dict items)");
            if (obj_setitem(obj, AS_TUPLE(p)->items[0], AS_TUPLE(p)->items[1]) < 0)
                return VNULL;
        }
    }
    return obj;
}

Value pickle_loads(const uint8_t *data, size_t len)
{
    if (len < 2)
        return corrupt("truncated");
    if (data[0] != MAGIC0 || data[1] != MAGIC1)
        return err_set(AS_TYPE(unpickling_error), "invalid load key (not baton pickle data)");
    Reader r = {data + 2, data + len, VNULL, 0};
    Value v = load(&r);
    if (v && r.p != r.end)
        return corrupt("followed by extra bytes");
    return v;
}
