/* modules/_json.c — the _json module, the speedups CPython's Lib/json uses
 * when they exist: scanstring, make_scanner (json.scanner.c_make_scanner),
 * make_encoder (json.encoder.c_make_encoder), encode_basestring and
 * encode_basestring_ascii.
 *
 * They do exactly what the pure-Python code in Lib/json does (and what
 * CPython's _json does where the two differ, e.g. "Invalid \escape"), so
 * json.dumps/json.loads give the same output and the same JSONDecodeError
 * (msg, pos, lineno, colno: the class is json.decoder's, imported when an
 * error is raised).
 *
 * Decoding works on code points, as positions are code-point indexes: an
 * ASCII str is read in place, any other str is decoded once into an array
 * of code points (Text).  Encoding appends UTF-8 to one StrBuf and returns
 * it as a one-element list, as CPython's encoder does.
 */
#include <math.h>

#include "exceptions.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"

/* ---- reading a str by code point ------------------------------------------ */

typedef struct {
    ObjStr *s;
    const uint8_t *a; /* the bytes of an ASCII str, or NULL */
    uint32_t *w;      /* the code points of any other (mem_alloc'd) */
    int64_t len;
} Text;

static void text_init(Text *t, ObjStr *s)
{
    t->s = s;
    t->len = s->ncp;
    if (s->ascii) {
        t->a = (const uint8_t *)str_cstr(s);
        t->w = NULL;
    } else {
        t->a = NULL;
        t->w = str_code_points(s);
    }
}

static void text_free(Text *t)
{
    if (t->w)
        mem_free(t->w, (size_t)(t->len + 1) * sizeof(uint32_t));
    t->w = NULL;
}

static inline uint32_t at(const Text *t, int64_t i) { return t->a ? t->a[i] : t->w[i]; }

static void sb_add_cp(StrBuf *b, uint32_t cp)
{
    char u[4];
    sb_add(b, u, (size_t)utf8_encode(cp, u));
}

/* s[lo:hi] as a new str */
static Value text_slice(const Text *t, int64_t lo, int64_t hi)
{
    if (t->a)
        return str_new_ascii((const char *)t->a + lo, (size_t)(hi - lo));
    StrBuf b;
    sb_init(&b);
    for (int64_t i = lo; i < hi; i++)
        sb_add_cp(&b, t->w[i]);
    return sb_finish(&b);
}

/* ---- errors ------------------------------------------------------------- */

/* raise json.decoder.JSONDecodeError(msg, doc, pos) */
static Value raise_errmsg(const char *msg, ObjStr *doc, int64_t pos)
{
    Value mod = vm_import(str_intern_cstr("json.decoder"));
    if (!mod)
        return VNULL;
    Value cls = obj_getattr(mod, str_intern_cstr("JSONDecodeError"));
    if (!cls)
        return VNULL;
    Value argv[3] = {str_from_cstr(msg), OBJ_VAL(doc), int_from_i64(pos)};
    if (!argv[0])
        return VNULL;
    Value exc = obj_call(cls, argv, 3, NULL);
    return exc ? err_set_value(exc) : VNULL;
}

static Value raise_stop(int64_t idx)
{
    Value v = int_from_i64(idx);
    return v ? err_set_value(exc_new(exc_StopIteration, AS_TUPLE(tuple_pack(1, v)))) : VNULL;
}

/* Py_EnterRecursiveCall: the same depth budget as Python calls. */
static int enter(const char *where) { return obj_enter_recursive(where); }

static void leave(void) { obj_leave_recursive(); }

/* ---- scanstring ------------------------------------------------------------ */

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Four hex digits at t[i..i+4) as a code point, or -1. */
static int32_t hex4(const Text *t, int64_t i)
{
    int32_t c = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(at(t, i + k));
        if (h < 0)
            return -1;
        c = c << 4 | h;
    }
    return c;
}

/* The string whose opening quote is at end - 1; *next_end gets the index
 * after its closing quote. */
static Value scanstring(const Text *t, int64_t end, bool strict, int64_t *next_end)
{
    int64_t len = t->len, begin = end - 1;
    if (end < 0 || len <= end)
        return err_set(exc_ValueError, "end is out of bounds");
    StrBuf b;
    sb_init(&b);
    bool used = false; /* b holds text (else the result may be one slice) */
    for (;;) {
        uint32_t c = 0;
        int64_t next;
        for (next = end; next < len; next++) {
            c = at(t, next);
            if (c == '"' || c == '\\')
                break;
            if (c <= 0x1f && strict) {
                sb_free(&b);
                return raise_errmsg("Invalid control character at", t->s, next);
            }
        }
        if (c != '"' && c != '\\') {
            sb_free(&b);
            return raise_errmsg("Unterminated string starting at", t->s, begin);
        }
        if (c == '"' && !used) { /* no escapes: one slice */
            *next_end = next + 1;
            return text_slice(t, end, next);
        }
        used = true;
        if (t->a)
            sb_add(&b, (const char *)t->a + end, (size_t)(next - end));
        else
            for (int64_t i = end; i < next; i++)
                sb_add_cp(&b, t->w[i]);
        next++;
        if (c == '"') {
            end = next;
            break;
        }
        if (next == len) {
            sb_free(&b);
            return raise_errmsg("Unterminated string starting at", t->s, begin);
        }
        c = at(t, next);
        if (c != 'u') {
            end = next + 1;
            switch (c) {
            case '"': case '\\': case '/': break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default: c = 0;
            }
            if (c == 0) {
                sb_free(&b);
                return raise_errmsg("Invalid \\escape", t->s, end - 2);
            }
        } else {
            next++;
            end = next + 4;
            if (end >= len) {
                sb_free(&b);
                return raise_errmsg("Invalid \\uXXXX escape", t->s, next - 1);
            }
            int32_t h = hex4(t, next);
            if (h < 0) {
                sb_free(&b);
                return raise_errmsg("Invalid \\uXXXX escape", t->s, end - 5);
            }
            c = (uint32_t)h;
            /* a high surrogate followed by an escaped low one is one code point */
            if (c >= 0xD800 && c <= 0xDBFF && end + 6 < len && at(t, end) == '\\' &&
                at(t, end + 1) == 'u') {
                int32_t lo = hex4(t, end + 2);
                if (lo < 0) {
                    sb_free(&b);
                    return raise_errmsg("Invalid \\uXXXX escape", t->s, end + 1);
                }
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    c = 0x10000 + (((c - 0xD800) << 10) | ((uint32_t)lo - 0xDC00));
                    end += 6;
                }
            }
        }
        sb_add_cp(&b, c);
    }
    *next_end = end;
    return sb_finish(&b);
}

static Value m_scanstring(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "", "", NULL};
    Value a[3];
    if (args_parse("scanstring", args, nargs, kw, params, 2, 3, a) < 0)
        return VNULL;
    if (!STR_CHECK(a[0]))
        return err_format(exc_TypeError, "first argument must be a string, not %T", a[0]);
    int64_t end;
    if (obj_as_int64(a[1], &end) < 0)
        return VNULL;
    int strict = a[2] ? obj_truthy(a[2]) : 1;
    if (strict < 0)
        return VNULL;
    Text t;
    text_init(&t, AS_STR(a[0]));
    int64_t next = 0;
    Value s = scanstring(&t, end, strict, &next);
    text_free(&t);
    if (!s)
        return VNULL;
    Value n = int_from_i64(next);
    return n ? tuple_pack(2, s, n) : VNULL;
}

/* ---- the scanner --------------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value strict_v, object_hook, object_pairs_hook, parse_float, parse_int, parse_constant;
    ObjDict *memo;
    bool strict;
} ObjScanner;

static Type type_scanner, type_encoder;

static void scanner_trace(Obj *o)
{
    ObjScanner *s = (ObjScanner *)o;
    gc_mark(s->strict_v);
    gc_mark(s->object_hook);
    gc_mark(s->object_pairs_hook);
    gc_mark(s->parse_float);
    gc_mark(s->parse_int);
    gc_mark(s->parse_constant);
    gc_mark_obj((Obj *)s->memo);
}

static Value scan_once(ObjScanner *s, const Text *t, int64_t idx, int64_t *next);

static int64_t skip_ws(const Text *t, int64_t i)
{
    while (i < t->len) {
        uint32_t c = at(t, i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        i++;
    }
    return i;
}

/* An object whose '{' is at idx - 1. */
static Value parse_object(ObjScanner *s, const Text *t, int64_t idx, int64_t *next_idx)
{
    int64_t end_idx = t->len - 1;
    bool pairs = !IS_NONE(s->object_pairs_hook);
    Value acc = pairs ? list_new(0) : dict_new();
    if (!acc)
        return VNULL;
    idx = skip_ws(t, idx);
    if (idx > end_idx || at(t, idx) != '}') {
        while (idx <= end_idx) {
            if (at(t, idx) != '"')
                return raise_errmsg("Expecting property name enclosed in double quotes", t->s, idx);
            int64_t next;
            Value key = scanstring(t, idx + 1, s->strict, &next);
            if (!key)
                return VNULL;
            Value memo_key = dict_get(OBJ_VAL(s->memo), key);
            if (memo_key)
                key = memo_key;
            else if (err_occurred() || dict_set(OBJ_VAL(s->memo), key, key) < 0)
                return VNULL;
            idx = skip_ws(t, next);
            if (idx > end_idx || at(t, idx) != ':')
                return raise_errmsg("Expecting ':' delimiter", t->s, idx);
            idx = skip_ws(t, idx + 1);
            Value val = scan_once(s, t, idx, &next);
            if (!val)
                return VNULL;
            if (pairs) {
                Value pair = tuple_pack(2, key, val);
                if (!pair || list_append(acc, pair) < 0)
                    return VNULL;
            } else if (dict_set(acc, key, val) < 0) {
                return VNULL;
            }
            idx = skip_ws(t, next);
            if (idx <= end_idx && at(t, idx) == '}')
                break;
            if (idx > end_idx || at(t, idx) != ',')
                return raise_errmsg("Expecting ',' delimiter", t->s, idx);
            idx = skip_ws(t, idx + 1);
        }
    }
    if (idx > end_idx || at(t, idx) != '}')
        return raise_errmsg("Expecting property name enclosed in double quotes", t->s, idx);
    *next_idx = idx + 1;
    if (pairs)
        return obj_call1(s->object_pairs_hook, acc);
    if (!IS_NONE(s->object_hook))
        return obj_call1(s->object_hook, acc);
    return acc;
}

/* An array whose '[' is at idx - 1. */
static Value parse_array(ObjScanner *s, const Text *t, int64_t idx, int64_t *next_idx)
{
    int64_t end_idx = t->len - 1;
    Value acc = list_new(0);
    if (!acc)
        return VNULL;
    idx = skip_ws(t, idx);
    if (idx <= end_idx && at(t, idx) != ']') {
        while (idx <= end_idx) {
            int64_t next;
            Value val = scan_once(s, t, idx, &next);
            if (!val || list_append(acc, val) < 0)
                return VNULL;
            idx = skip_ws(t, next);
            if (idx <= end_idx && at(t, idx) == ']')
                break;
            if (idx > end_idx || at(t, idx) != ',')
                return raise_errmsg("Expecting ',' delimiter", t->s, idx);
            idx = skip_ws(t, idx + 1);
        }
    }
    if (idx > end_idx || at(t, idx) != ']')
        return raise_errmsg("Expecting value", t->s, idx);
    *next_idx = idx + 1;
    return acc;
}

static Value parse_constant(ObjScanner *s, const char *name, int64_t idx, int64_t n,
                            int64_t *next_idx)
{
    Value arg = str_from_cstr(name);
    if (!arg)
        return VNULL;
    *next_idx = idx + n;
    return obj_call1(s->parse_constant, arg);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static Value match_number(ObjScanner *s, const Text *t, int64_t start, int64_t *next_idx)
{
    int64_t end_idx = t->len - 1, idx = start;
    bool is_float = false;
    if (at(t, idx) == '-') {
        idx++;
        if (idx > end_idx)
            return raise_stop(start);
    }
    if (at(t, idx) >= '1' && at(t, idx) <= '9') {
        idx++;
        while (idx <= end_idx && is_digit(at(t, idx)))
            idx++;
    } else if (at(t, idx) == '0') {
        idx++;
    } else {
        return raise_stop(start);
    }
    if (idx < end_idx && at(t, idx) == '.' && is_digit(at(t, idx + 1))) {
        is_float = true;
        idx += 2;
        while (idx <= end_idx && is_digit(at(t, idx)))
            idx++;
    }
    if (idx < end_idx && (at(t, idx) == 'e' || at(t, idx) == 'E')) {
        int64_t e_start = idx;
        idx++;
        if (idx < end_idx && (at(t, idx) == '-' || at(t, idx) == '+'))
            idx++;
        while (idx <= end_idx && is_digit(at(t, idx)))
            idx++;
        if (is_digit(at(t, idx - 1)))
            is_float = true;
        else
            idx = e_start;
    }
    *next_idx = idx;
    /* the digits are ASCII: copy them out */
    int64_t n = idx - start;
    char small[64];
    char *buf = n < (int64_t)sizeof small ? small : malloc((size_t)n + 1);
    if (!buf)
        return err_no_memory();
    for (int64_t i = 0; i < n; i++)
        buf[i] = (char)at(t, start + i);
    buf[n] = 0;
    Value r;
    Value custom = is_float ? s->parse_float : s->parse_int;
    if (is_float && custom == OBJ_VAL(&type_float)) {
        r = float_from_str(buf, (size_t)n);
    } else if (!is_float && custom == OBJ_VAL(&type_int)) {
        r = int_from_str(buf, (size_t)n, 10);
    } else {
        Value str = str_new_ascii(buf, (size_t)n);
        r = str ? obj_call1(custom, str) : VNULL;
    }
    if (buf != small)
        free(buf);
    return r;
}

static bool matches(const Text *t, int64_t i, const char *word)
{
    for (; *word; word++, i++)
        if (at(t, i) != (uint8_t)*word)
            return false;
    return true;
}

static Value scan_once(ObjScanner *s, const Text *t, int64_t idx, int64_t *next_idx)
{
    int64_t length = t->len;
    if (idx < 0)
        return err_set(exc_ValueError, "idx cannot be negative");
    if (idx >= length)
        return raise_stop(idx);
    Value r;
    switch (at(t, idx)) {
    case '"':
        return scanstring(t, idx + 1, s->strict, next_idx);
    case '{':
        if (enter(" while decoding a JSON object from a unicode string") < 0)
            return VNULL;
        r = parse_object(s, t, idx + 1, next_idx);
        leave();
        return r;
    case '[':
        if (enter(" while decoding a JSON array from a unicode string") < 0)
            return VNULL;
        r = parse_array(s, t, idx + 1, next_idx);
        leave();
        return r;
    case 'n':
        if (idx + 3 < length && matches(t, idx + 1, "ull")) {
            *next_idx = idx + 4;
            return NONE;
        }
        break;
    case 't':
        if (idx + 3 < length && matches(t, idx + 1, "rue")) {
            *next_idx = idx + 4;
            return TRUE_V;
        }
        break;
    case 'f':
        if (idx + 4 < length && matches(t, idx + 1, "alse")) {
            *next_idx = idx + 5;
            return FALSE_V;
        }
        break;
    case 'N':
        if (idx + 2 < length && matches(t, idx + 1, "aN"))
            return parse_constant(s, "NaN", idx, 3, next_idx);
        break;
    case 'I':
        if (idx + 7 < length && matches(t, idx + 1, "nfinity"))
            return parse_constant(s, "Infinity", idx, 8, next_idx);
        break;
    case '-':
        if (idx + 8 < length && matches(t, idx + 1, "Infinity"))
            return parse_constant(s, "-Infinity", idx, 9, next_idx);
        break;
    }
    return match_number(s, t, idx, next_idx);
}

static Value scanner_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"string", "idx", NULL};
    Value a[2];
    if (args_parse("scan_once", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    if (!STR_CHECK(a[0]))
        return err_format(exc_TypeError, "first argument must be a string, not %T", a[0]);
    int64_t idx;
    if (obj_as_int64(a[1], &idx) < 0)
        return VNULL;
    ObjScanner *s = (ObjScanner *)AS_OBJ(self);
    Text t;
    text_init(&t, AS_STR(a[0]));
    int64_t next = 0;
    Value r = scan_once(s, &t, idx, &next);
    text_free(&t);
    if (s->memo->len) { /* the memo only lives for one call */
        Value fresh = dict_new();
        if (!fresh)
            return VNULL;
        s->memo = AS_DICT(fresh);
    }
    if (!r)
        return VNULL;
    Value n = int_from_i64(next);
    return n ? tuple_pack(2, r, n) : VNULL;
}

static Value scanner_tp_new(Type *tp, Value *args, int nargs, ObjTuple *kw)
{
    (void)tp;
    static const char *const params[] = {"context", NULL};
    Value ctx;
    if (args_parse("make_scanner", args, nargs, kw, params, 1, 1, &ctx) < 0)
        return VNULL;
    ObjScanner *s = (ObjScanner *)gc_new(&type_scanner, sizeof(ObjScanner));
    Value d = dict_new();
    if (!d)
        return VNULL;
    s->memo = AS_DICT(d);
    static const char *const names[] = {"strict",    "object_hook", "object_pairs_hook",
                                        "parse_float", "parse_int", "parse_constant"};
    Value *slots[] = {&s->strict_v,   &s->object_hook, &s->object_pairs_hook,
                      &s->parse_float, &s->parse_int,  &s->parse_constant};
    for (int i = 0; i < 6; i++) {
        Value v = obj_getattr(ctx, str_intern_cstr(names[i]));
        if (!v)
            return VNULL;
        *slots[i] = v;
    }
    int strict = obj_truthy(s->strict_v);
    if (strict < 0)
        return VNULL;
    s->strict = strict;
    return OBJ_VAL(s);
}

#define SCANNER_GETTER(field)                                                               \
    static Value scanner_get_##field(Value self) { return ((ObjScanner *)AS_OBJ(self))->field; }
SCANNER_GETTER(object_hook)
SCANNER_GETTER(object_pairs_hook)
SCANNER_GETTER(parse_float)
SCANNER_GETTER(parse_int)
SCANNER_GETTER(parse_constant)
static Value scanner_get_strict(Value self) { return BOOL_V(((ObjScanner *)AS_OBJ(self))->strict); }

/* ---- encoding strings ---------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

static void add_u_escape(StrBuf *b, uint32_t c)
{
    char e[6] = {'\\', 'u', hexdig[(c >> 12) & 15], hexdig[(c >> 8) & 15], hexdig[(c >> 4) & 15],
                 hexdig[c & 15]};
    sb_add(b, e, 6);
}

/* The escape of an ASCII character both encoders share, or 0 if it
 * needs none. */
static char short_escape(uint8_t c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    default: return 0;
    }
}

/* Append the JSON string for s: ascii escapes everything outside
 * ' '..'~' as \uXXXX (surrogate pairs above the BMP). */
static void encode_str(StrBuf *b, ObjStr *s, bool ascii)
{
    const uint8_t *p = (const uint8_t *)str_cstr(s), *e = p + s->len;
    sb_addc(b, '"');
    while (p < e) {
        const uint8_t *run = p;
        if (ascii)
            while (p < e && *p >= ' ' && *p <= '~' && *p != '"' && *p != '\\')
                p++;
        else /* bytes of non-ASCII characters are >= 0x80: they pass */
            while (p < e && *p >= ' ' && *p != '"' && *p != '\\')
                p++;
        sb_add(b, (const char *)run, (size_t)(p - run));
        if (p >= e)
            break;
        uint8_t c = *p;
        if (c < 0x80) {
            char esc = short_escape(c);
            if (esc) {
                char two[2] = {'\\', esc};
                sb_add(b, two, 2);
            } else {
                add_u_escape(b, c);
            }
            p++;
            continue;
        }
        int n;
        uint32_t cp = utf8_decode((const char *)p, (size_t)(e - p), &n);
        p += n;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            add_u_escape(b, 0xD800 | (cp >> 10));
            add_u_escape(b, 0xDC00 | (cp & 0x3FF));
        } else {
            add_u_escape(b, cp);
        }
    }
    sb_addc(b, '"');
}

static Value encode_basestring_fn(Value *args, int nargs, ObjTuple *kw, const char *name,
                                  bool ascii)
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!STR_CHECK(args[0]))
        return err_format(exc_TypeError, "first argument must be a string, not %T", args[0]);
    StrBuf b;
    sb_init(&b);
    encode_str(&b, AS_STR(args[0]), ascii);
    return sb_finish(&b);
}

static Value m_encode_basestring_ascii(Value *args, int nargs, ObjTuple *kw)
{
    return encode_basestring_fn(args, nargs, kw, "encode_basestring_ascii", true);
}

static Value m_encode_basestring(Value *args, int nargs, ObjTuple *kw)
{
    return encode_basestring_fn(args, nargs, kw, "encode_basestring", false);
}

/* ---- the encoder ------------------------------------------------------------------ */

typedef struct {
    Obj obj;
    Value markers, defaultfn, encoder, indent, key_separator, item_separator;
    bool sort_keys, skipkeys, allow_nan;
    int fast; /* 0: call encoder; 1: encode_basestring; 2: ..._ascii */
} ObjEncoder;

static void encoder_trace(Obj *o)
{
    ObjEncoder *e = (ObjEncoder *)o;
    gc_mark(e->markers);
    gc_mark(e->defaultfn);
    gc_mark(e->encoder);
    gc_mark(e->indent);
    gc_mark(e->key_separator);
    gc_mark(e->item_separator);
}

static Value encoder_tp_new(Type *tp, Value *args, int nargs, ObjTuple *kw)
{
    (void)tp;
    static const char *const params[] = {"markers",        "default",   "encoder",
                                         "indent",         "key_separator", "item_separator",
                                         "sort_keys",      "skipkeys",  "allow_nan", NULL};
    Value a[9];
    if (args_parse("make_encoder", args, nargs, kw, params, 9, 9, a) < 0)
        return VNULL;
    if (!IS_NONE(a[0]) && !DICT_CHECK(a[0]))
        return err_format(exc_TypeError, "make_encoder() argument 1 must be dict or None, not %T", a[0]);
    if (!STR_CHECK(a[4]))
        return err_format(exc_TypeError, "make_encoder() argument 5 must be str, not %T", a[4]);
    if (!STR_CHECK(a[5]))
        return err_format(exc_TypeError, "make_encoder() argument 6 must be str, not %T", a[5]);
    int flags[3];
    for (int i = 0; i < 3; i++)
        if ((flags[i] = obj_truthy(a[6 + i])) < 0)
            return VNULL;
    ObjEncoder *e = (ObjEncoder *)gc_new(&type_encoder, sizeof(ObjEncoder));
    e->markers = a[0];
    e->defaultfn = a[1];
    e->encoder = a[2];
    e->indent = a[3];
    e->key_separator = a[4];
    e->item_separator = a[5];
    e->sort_keys = flags[0];
    e->skipkeys = flags[1];
    e->allow_nan = flags[2];
    if (IS_NATIVE(a[2]) && AS_NATIVE(a[2])->fn == m_encode_basestring)
        e->fast = 1;
    else if (IS_NATIVE(a[2]) && AS_NATIVE(a[2])->fn == m_encode_basestring_ascii)
        e->fast = 2;
    return OBJ_VAL(e);
}

static int encode_obj(ObjEncoder *e, StrBuf *b, Value obj);

static int add_str(StrBuf *b, Value s)
{
    sb_add(b, str_cstr(AS_STR(s)), (size_t)AS_STR(s)->len);
    return 0;
}

static int encode_string(ObjEncoder *e, StrBuf *b, Value s)
{
    if (e->fast) {
        encode_str(b, AS_STR(s), e->fast == 2);
        return 0;
    }
    Value r = obj_call1(e->encoder, s);
    if (!r)
        return -1;
    if (!STR_CHECK(r)) {
        err_format(exc_TypeError, "encoder() must return a string, not %T", r);
        return -1;
    }
    return add_str(b, r);
}

static int encode_float(ObjEncoder *e, StrBuf *b, double d)
{
    if (!isfinite(d)) {
        if (!e->allow_nan) {
            err_set(exc_ValueError, "Out of range float values are not JSON compliant");
            return -1;
        }
        sb_adds(b, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return 0;
    }
    char buf[40];
    float_format_repr(d, buf, sizeof buf);
    sb_adds(b, buf);
    return 0;
}

static int encode_int(StrBuf *b, Value v)
{
    Value s = int_to_str(int_exact(v), 10);
    return s ? add_str(b, s) : -1;
}

/* markers[id(obj)] = obj, or ValueError if it is there already */
static int mark(ObjEncoder *e, Value obj, Value *ident)
{
    if (IS_NONE(e->markers)) {
        *ident = VNULL;
        return 0;
    }
    *ident = int_from_u64((uint64_t)obj);
    if (!*ident)
        return -1;
    int has = obj_contains(e->markers, *ident);
    if (has < 0)
        return -1;
    if (has) {
        err_set(exc_ValueError, "Circular reference detected");
        return -1;
    }
    return dict_set(e->markers, *ident, obj);
}

static int unmark(ObjEncoder *e, Value ident)
{
    return ident ? dict_del(e->markers, ident) : 0;
}

static int encode_value(ObjEncoder *e, StrBuf *b, Value v)
{
    if (enter(" while encoding a JSON object") < 0)
        return -1;
    int rc = encode_obj(e, b, v);
    leave();
    return rc;
}

static int encode_list(ObjEncoder *e, StrBuf *b, Value seq)
{
    Value items = obj_to_tuple(seq); /* a list stays a list */
    if (!items)
        return -1;
    int64_t n = IS_LIST(items) ? AS_LIST(items)->len : AS_TUPLE(items)->len;
    if (n == 0) {
        sb_adds(b, "[]");
        return 0;
    }
    Value ident;
    if (mark(e, seq, &ident) < 0)
        return -1;
    sb_addc(b, '[');
    for (int64_t i = 0;; i++) {
        /* a list can change size while its items are encoded */
        n = IS_LIST(items) ? AS_LIST(items)->len : AS_TUPLE(items)->len;
        if (i >= n)
            break;
        Value v = IS_LIST(items) ? AS_LIST(items)->items[i] : AS_TUPLE(items)->items[i];
        if (i > 0)
            add_str(b, e->item_separator);
        if (encode_value(e, b, v) < 0)
            return -1;
    }
    if (unmark(e, ident) < 0)
        return -1;
    sb_addc(b, ']');
    return 0;
}

static int encode_dict(ObjEncoder *e, StrBuf *b, Value dct)
{
    int64_t n = obj_len(dct);
    if (n < 0)
        return -1;
    if (n == 0) {
        sb_adds(b, "{}");
        return 0;
    }
    Value ident;
    if (mark(e, dct, &ident) < 0)
        return -1;
    sb_addc(b, '{');
    Value items;
    if (IS_DICT(dct)) {
        items = list_new(0);
        if (!items)
            return -1;
        int64_t pos = 0;
        Value k, v;
        while (dict_next(AS_DICT(dct), &pos, &k, &v)) {
            Value pair = tuple_pack(2, k, v);
            if (!pair || list_append(items, pair) < 0)
                return -1;
        }
    } else {
        Value meth = obj_getattr(dct, str_intern_cstr("items"));
        Value it = meth ? obj_call0(meth) : VNULL;
        items = it ? obj_to_list(it) : VNULL;
        if (!items)
            return -1;
    }
    if (e->sort_keys && !list_sort(items, VNULL, false))
        return -1;
    bool first = true;
    for (int64_t i = 0; i < AS_LIST(items)->len; i++) {
        Value item = AS_LIST(items)->items[i];
        if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2) {
            err_set(exc_ValueError, "items must return 2-tuples");
            return -1;
        }
        Value key = AS_TUPLE(item)->items[0], value = AS_TUPLE(item)->items[1];
        Value kstr;
        if (STR_CHECK(key)) {
            kstr = key;
        } else {
            StrBuf kb;
            sb_init(&kb);
            int rc = 0;
            if (FLOAT_CHECK(key))
                rc = encode_float(e, &kb, AS_FLOAT(key));
            else if (key == TRUE_V || key == FALSE_V || IS_NONE(key))
                sb_adds(&kb, key == TRUE_V ? "true" : key == FALSE_V ? "false" : "null");
            else if (INT_CHECK(key))
                rc = encode_int(&kb, key);
            else if (e->skipkeys) {
                sb_free(&kb);
                continue;
            } else {
                sb_free(&kb);
                err_format(exc_TypeError, "keys must be str, int, float, bool or None, not %s",
                           TYPE(key)->name);
                return -1;
            }
            if (rc < 0) {
                sb_free(&kb);
                return -1;
            }
            kstr = sb_finish(&kb);
            if (!kstr)
                return -1;
        }
        if (!first)
            add_str(b, e->item_separator);
        first = false;
        if (encode_string(e, b, kstr) < 0)
            return -1;
        add_str(b, e->key_separator);
        if (encode_value(e, b, value) < 0)
            return -1;
    }
    if (unmark(e, ident) < 0)
        return -1;
    sb_addc(b, '}');
    return 0;
}

static int encode_obj(ObjEncoder *e, StrBuf *b, Value obj)
{
    if (IS_NONE(obj)) {
        sb_adds(b, "null");
        return 0;
    }
    if (obj == TRUE_V || obj == FALSE_V) {
        sb_adds(b, obj == TRUE_V ? "true" : "false");
        return 0;
    }
    if (STR_CHECK(obj))
        return encode_string(e, b, obj);
    if (INT_CHECK(obj))
        return encode_int(b, obj);
    if (FLOAT_CHECK(obj))
        return encode_float(e, b, AS_FLOAT(obj));
    if (LIST_CHECK(obj) || TUPLE_CHECK(obj))
        return encode_list(e, b, obj);
    if (DICT_CHECK(obj))
        return encode_dict(e, b, obj);
    Value ident;
    if (mark(e, obj, &ident) < 0)
        return -1;
    Value newobj = obj_call1(e->defaultfn, obj);
    if (!newobj)
        return -1;
    if (encode_value(e, b, newobj) < 0)
        return -1;
    return unmark(e, ident);
}

static Value encoder_call(Value self, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"obj", "_current_indent_level", NULL};
    Value a[2];
    if (args_parse("_iterencode", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    int64_t level;
    if (obj_as_int64(a[1], &level) < 0)
        return VNULL;
    StrBuf b;
    sb_init(&b);
    if (encode_obj((ObjEncoder *)AS_OBJ(self), &b, a[0]) < 0) {
        sb_free(&b);
        return VNULL;
    }
    Value s = sb_finish(&b);
    if (!s)
        return VNULL;
    Value l = list_new(1);
    if (l)
        AS_LIST(l)->items[0] = s;
    return l;
}

#define ENCODER_GETTER(field)                                                               \
    static Value encoder_get_##field(Value self) { return ((ObjEncoder *)AS_OBJ(self))->field; }
ENCODER_GETTER(markers)
ENCODER_GETTER(defaultfn)
ENCODER_GETTER(encoder)
ENCODER_GETTER(indent)
ENCODER_GETTER(key_separator)
ENCODER_GETTER(item_separator)
static Value encoder_get_sort_keys(Value self) { return BOOL_V(((ObjEncoder *)AS_OBJ(self))->sort_keys); }
static Value encoder_get_skipkeys(Value self) { return BOOL_V(((ObjEncoder *)AS_OBJ(self))->skipkeys); }

/* ---- the module ------------------------------------------------------------------- */

static Type type_scanner = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_json.Scanner",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjScanner),
    .tp_new = scanner_tp_new,
    .trace = scanner_trace,
    .call = scanner_call,
};

static Type type_encoder = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_json.Encoder",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjEncoder),
    .tp_new = encoder_tp_new,
    .trace = encoder_trace,
    .call = encoder_call,
};

Value mod_json_init(void)
{
    if (!type_scanner.module) {
        type_scanner.module = type_encoder.module = str_intern_cstr("_json");
        type_scanner.name_str = str_intern_cstr("Scanner");
        type_encoder.name_str = str_intern_cstr("Encoder");
        type_ready(&type_scanner, NULL);
        type_ready(&type_encoder, NULL);
        exc_add_getset(&type_scanner, "strict", scanner_get_strict, NULL);
        exc_add_getset(&type_scanner, "object_hook", scanner_get_object_hook, NULL);
        exc_add_getset(&type_scanner, "object_pairs_hook", scanner_get_object_pairs_hook, NULL);
        exc_add_getset(&type_scanner, "parse_float", scanner_get_parse_float, NULL);
        exc_add_getset(&type_scanner, "parse_int", scanner_get_parse_int, NULL);
        exc_add_getset(&type_scanner, "parse_constant", scanner_get_parse_constant, NULL);
        exc_add_getset(&type_encoder, "markers", encoder_get_markers, NULL);
        exc_add_getset(&type_encoder, "default", encoder_get_defaultfn, NULL);
        exc_add_getset(&type_encoder, "encoder", encoder_get_encoder, NULL);
        exc_add_getset(&type_encoder, "indent", encoder_get_indent, NULL);
        exc_add_getset(&type_encoder, "key_separator", encoder_get_key_separator, NULL);
        exc_add_getset(&type_encoder, "item_separator", encoder_get_item_separator, NULL);
        exc_add_getset(&type_encoder, "sort_keys", encoder_get_sort_keys, NULL);
        exc_add_getset(&type_encoder, "skipkeys", encoder_get_skipkeys, NULL);
    }
    Value mv = module_new(str_intern_cstr("_json"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add_fn(m, "scanstring", m_scanstring);
    module_add_fn(m, "encode_basestring", m_encode_basestring);
    module_add_fn(m, "encode_basestring_ascii", m_encode_basestring_ascii);
    module_add(m, "make_scanner", OBJ_VAL(&type_scanner));
    module_add(m, "make_encoder", OBJ_VAL(&type_encoder));
    return mv;
}
