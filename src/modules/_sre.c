/* modules/_sre.c — the _sre module: the regular-expression engine under
 * CPython 3.11's pure-Python `re` package.
 *
 * re._compiler turns a pattern into SRE code (a list of ints) and calls
 * _sre.compile(pattern, flags, code, groups, groupindex, indexgroup); this
 * file provides the module, the Pattern, Match and Scanner types and the
 * reading of subjects.  The matcher is _sre_match.c (with _sre_engine.h):
 * it validates the code at compile() -- a hand-made code list can never
 * make it read or write out of bounds -- and runs it.
 *
 * How a subject is read.  Positions are code-point indexes, as in CPython.
 * bytes and ASCII str are matched in place, one byte per character.  Other
 * str (UTF-8 inside baton) is decoded once into an array of code points --
 * one byte each when all are below 256, four otherwise -- with a table of
 * the byte offset of every 64th code point, so that a match's groups can be
 * sliced out of the UTF-8 without walking it from the start.  The decoded
 * forms of the last few strings are cached (subject_cache), so that a
 * tokenizer calling pattern.match(text, pos) in a loop does not decode its
 * whole text at every call.
 *
 * Unicode classification (\w, \d, \s and case-insensitive matching of
 * non-ASCII text) goes through the uni_* functions of _sre.h, which use
 * str.c's tables until the project's Unicode database header lands: switching is a
 * change to those five functions only.
 */
#include <stdlib.h>
#include <string.h>

#include "exceptions.h"
#include "gc.h"
#include "iterators.h"
#include "modules.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

#include "_sre.h"

/* ---- objects ----------------------------------------------------------- */

typedef struct {
    Obj obj;
    Value pattern;       /* str, bytes or None */
    Value groupindex;    /* dict name -> number, or VNULL when empty */
    Value indexgroup;    /* tuple number -> name, or VNULL */
    int64_t groups;      /* capturing groups */
    int64_t nmarks;      /* marks the code can set (highest MARK + 1) */
    int64_t flags;
    int isbytes;         /* 1 bytes, 0 str, -1 pattern None */
    int64_t codesize;
    uint32_t code[];
} ObjPattern;

typedef struct {
    Obj obj;
    Value string;        /* the subject */
    ObjPattern *pattern;
    Value regs;          /* cached .regs, or VNULL */
    int64_t pos, endpos, lastindex;
    int64_t groups;      /* pattern->groups + 1 */
    bool has_boff;       /* non-ASCII str: byte offsets follow the marks */
    int64_t mark[];      /* 2 per group (start, end), -1 unset; then, with
                            has_boff, the marks' byte offsets in the UTF-8 */
} ObjMatch;

typedef struct {
    Obj obj;
    ObjPattern *pattern;
    SreState state;
    bool done;           /* no more matches (CPython's state.start == NULL) */
    bool executing;
} ObjScanner;

/* A non-ASCII str decoded to code points (see the top of the file). */
typedef struct {
    Obj obj;
    Value str;
    int width;           /* 1 or 4 */
    int64_t n;           /* code points */
    const int64_t *ckpt; /* byte offset of code point 64*k, k = 0 .. n/64 */
    const void *chars;   /* n code points, and one more (0) for lookahead */
    _Alignas(8) uint8_t data[];
} ObjSubject;

static Type type_pattern, type_match, type_scanner, type_subject;

static void pattern_trace(Obj *o)
{
    ObjPattern *p = (ObjPattern *)o;
    gc_mark(p->pattern);
    gc_mark(p->groupindex);
    gc_mark(p->indexgroup);
}

static void match_trace(Obj *o)
{
    ObjMatch *m = (ObjMatch *)o;
    gc_mark(m->string);
    gc_mark_obj(&m->pattern->obj);
    gc_mark(m->regs);
}

static void scanner_trace(Obj *o)
{
    ObjScanner *s = (ObjScanner *)o;
    gc_mark_obj(s->pattern ? &s->pattern->obj : NULL);
    gc_mark(s->state.string);
    gc_mark(s->state.subject);
}

static void subject_trace(Obj *o) { gc_mark(((ObjSubject *)o)->str); }

/* ---- subjects ------------------------------------------------------------ */

#define SUBJECT_CACHE 4
#define SUBJECT_CACHE_MAX ((int64_t)64 << 20) /* bytes of decoded text */
static Value subject_cache[SUBJECT_CACHE];

static inline int utf8_len(uint8_t lead)
{
    return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

static Value subject_decode(ObjStr *s)
{
    const uint8_t *d = (const uint8_t *)s->data;
    int width = 1;
    for (int64_t i = 0; i < s->len; i++)
        if (d[i] >= 0xc4) { /* a lead byte of a code point >= 0x100 */
            width = 4;
            break;
        }
    int64_t n = s->ncp, nckpt = n / 64 + 1;
    size_t head = offsetof(ObjSubject, data);
    size_t size = head + (size_t)nckpt * 8 + (size_t)(n + 1) * (size_t)width;
    ObjSubject *o = (ObjSubject *)gc_new_data(&type_subject, head, size);
    o->str = OBJ_VAL(s);
    o->width = width;
    o->n = n;
    int64_t *ckpt = (int64_t *)(void *)o->data;
    uint8_t *c8 = o->data + nckpt * 8;
    uint32_t *c32 = (uint32_t *)(void *)c8;
    int64_t off = 0;
    for (int64_t i = 0; i < n; i++) {
        if ((i & 63) == 0)
            ckpt[i >> 6] = off;
        int len;
        uint32_t cp = utf8_decode(s->data + off, (size_t)(s->len - off), &len);
        off += len;
        if (width == 1)
            c8[i] = (uint8_t)cp;
        else
            c32[i] = cp;
    }
    if ((n & 63) == 0)
        ckpt[n >> 6] = off;
    if (width == 1)
        c8[n] = 0;
    else
        c32[n] = 0;
    o->ckpt = ckpt;
    o->chars = c8;
    return OBJ_VAL(o);
}

/* The decoded form of s, from the cache when s was decoded lately. */
static Value subject_for(ObjStr *s)
{
    for (int i = 0; i < SUBJECT_CACHE; i++) {
        Value v = subject_cache[i];
        if (v && AS_OBJ(((ObjSubject *)AS_OBJ(v))->str) == &s->obj) {
            memmove(subject_cache + 1, subject_cache, (size_t)i * sizeof(Value));
            subject_cache[0] = v;
            return v;
        }
    }
    Value v = subject_decode(s);
    ObjSubject *o = (ObjSubject *)AS_OBJ(v);
    if ((o->n + 1) * o->width <= SUBJECT_CACHE_MAX) {
        memmove(subject_cache + 1, subject_cache, (SUBJECT_CACHE - 1) * sizeof(Value));
        subject_cache[0] = v;
    }
    return v;
}

/* str and bytes, or instances of classes derived from them (which have
 * their layout). */
static inline bool is_str(Value v) { return IS_OBJ(v) && type_is_subtype(TYPE(v), &type_str); }
static inline bool is_bytes(Value v)
{
    return IS_OBJ(v) && type_is_subtype(TYPE(v), &type_bytes);
}

/* s[b:e] of a bytes or ASCII str subject (indexes within range); a slice
 * is always an exact str or bytes, the subject itself only when it is
 * one and the slice is all of it. */
static Value slice_simple(Value string, int64_t b, int64_t e)
{
    if (is_bytes(string)) {
        ObjBytes *bs = AS_BYTES(string);
        if (b == 0 && e == bs->len && IS_BYTES(string))
            return string;
        return bytes_new(bs->data + b, (size_t)(e - b));
    }
    ObjStr *s = AS_STR(string);
    if (b == 0 && e == s->ncp && IS_STR(string))
        return string;
    return str_new_ascii(s->data + b, (size_t)(e - b));
}

/* ---- state setup ----------------------------------------------------------- */

static void state_fini(SreState *st)
{
    if (st->stk != st->stk_inline)
        free(st->stk);
    if (st->mark != st->mark_inline)
        free(st->mark);
    st->stk = NULL;
    st->mark = NULL;
    st->stk_cap = st->stk_top = 0;
}

/* Get string ready for matching pat against string[pos:endpos]. */
static int state_init(SreState *st, ObjPattern *pat, Value string, int64_t pos, int64_t endpos)
{
    memset(st, 0, offsetof(SreState, mark_inline));
    const void *data;
    int64_t length;
    bool isbytes;
    st->subject = VNULL;
    if (is_str(string)) {
        ObjStr *s = AS_STR(string);
        isbytes = false;
        length = s->ncp;
        if (s->ascii) {
            data = s->data;
            st->width = 1;
        } else {
            st->subject = subject_for(s);
            ObjSubject *o = (ObjSubject *)AS_OBJ(st->subject);
            data = o->chars;
            st->width = o->width;
        }
    } else if (is_bytes(string)) {
        isbytes = true;
        length = AS_BYTES(string)->len;
        data = AS_BYTES(string)->data;
        st->width = 1;
    } else {
        err_format(exc_TypeError, "expected string or bytes-like object, got '%s'",
                   TYPE(string)->name);
        return -1;
    }
    if (isbytes && pat->isbytes == 0) {
        err_set(exc_TypeError, "cannot use a string pattern on a bytes-like object");
        return -1;
    }
    if (!isbytes && pat->isbytes > 0) {
        err_set(exc_TypeError, "cannot use a bytes pattern on a string-like object");
        return -1;
    }
    pos = pos < 0 ? 0 : pos > length ? length : pos;
    endpos = endpos < 0 ? 0 : endpos > length ? length : endpos;
    st->nmarks = pat->nmarks;
    if (st->nmarks <= (int64_t)(sizeof st->mark_inline / sizeof st->mark_inline[0])) {
        st->mark = st->mark_inline;
    } else {
        st->mark = calloc((size_t)st->nmarks, sizeof(void *));
        if (!st->mark) {
            err_no_memory();
            return -1;
        }
    }
    st->stk = st->stk_inline;
    st->stk_cap = sizeof st->stk_inline;
    st->isbytes = isbytes;
    st->beginning = data;
    st->start = (const char *)data + pos * st->width;
    st->end = (const char *)data + endpos * st->width;
    st->string = string;
    st->pos = pos;
    st->endpos = endpos;
    sre_state_reset(st);
    return 0;
}

static inline int64_t state_offset(const SreState *st, const void *p)
{
    return ((const char *)p - (const char *)st->beginning) / st->width;
}

/* Byte offset of code point i in a non-ASCII str subject's UTF-8: from
 * the last offset found when i is a little after it (findall, sub and a
 * match's marks go forward), else from the checkpoint before i. */
static int64_t state_byte_offset(SreState *st, int64_t i)
{
    const ObjSubject *o = (const ObjSubject *)AS_OBJ(st->subject);
    const uint8_t *d = (const uint8_t *)AS_STR(st->string)->data;
    int64_t from, off;
    if (i >= st->cur_cp && i - st->cur_cp <= (i & 63)) {
        from = st->cur_cp;
        off = st->cur_byte;
    } else {
        from = i & ~(int64_t)63;
        off = o->ckpt[i >> 6];
    }
    for (; from < i; from++)
        off += utf8_len(d[off]);
    st->cur_cp = i;
    st->cur_byte = off;
    return off;
}

/* subject[b:e] */
static Value state_slice(SreState *st, int64_t b, int64_t e)
{
    if (!st->subject)
        return slice_simple(st->string, b, e);
    ObjStr *s = AS_STR(st->string);
    if (b == 0 && e == s->ncp && IS_STR(st->string))
        return st->string;
    int64_t bb = state_byte_offset(st, b);
    int64_t eb = state_byte_offset(st, e);
    return str_new(s->data + bb, (size_t)(eb - bb));
}

static Value sre_error(int64_t status)
{
    if (status == SRE_ERROR_MEMORY)
        return err_no_memory();
    return err_set(exc_RuntimeError, "internal error in regular expression engine");
}

/* Group g (1-based) of the state's last match as a slice; unset groups
 * give the empty string (findall) or None (split). */
static Value state_group(SreState *st, int64_t g, bool empty)
{
    int64_t i = (g - 1) * 2;
    if (i >= st->lastmark || !st->mark[i] || !st->mark[i + 1]) {
        if (!empty)
            return NONE;
        return state_slice(st, 0, 0);
    }
    int64_t b = state_offset(st, st->mark[i]), e = state_offset(st, st->mark[i + 1]);
    if (b > e)
        return err_set(exc_SystemError, "The span of capturing group is wrong,"
                                        " please report a bug for the re module.");
    return state_slice(st, b, e);
}

static Value match_new(ObjPattern *pat, SreState *st, int64_t status)
{
    if (status == 0)
        return NONE;
    if (status < 0)
        return sre_error(status);
    int64_t ng = pat->groups + 1;
    bool boff = st->subject != VNULL;
    size_t nm = (size_t)(2 * ng) * (boff ? 2 : 1);
    ObjMatch *m = (ObjMatch *)gc_new(&type_match, sizeof(ObjMatch) + nm * sizeof(int64_t));
    m->string = st->string;
    m->pattern = pat;
    m->regs = VNULL;
    m->groups = ng;
    m->has_boff = boff;
    m->mark[0] = state_offset(st, st->start);
    m->mark[1] = state_offset(st, st->ptr);
    for (int64_t i = 0, j = 0; i < pat->groups; i++, j += 2) {
        if (j + 1 <= st->lastmark && st->mark[j] && st->mark[j + 1]) {
            m->mark[j + 2] = state_offset(st, st->mark[j]);
            m->mark[j + 3] = state_offset(st, st->mark[j + 1]);
            if (m->mark[j + 2] > m->mark[j + 3])
                return err_set(exc_SystemError, "The span of capturing group is wrong,"
                                                " please report a bug for the re module.");
        } else {
            m->mark[j + 2] = m->mark[j + 3] = -1;
        }
    }
    if (boff) {
        for (int64_t k = 0; k < 2 * ng; k++)
            m->mark[2 * ng + k] = m->mark[k] < 0 ? -1 : state_byte_offset(st, m->mark[k]);
    }
    m->pos = st->pos;
    m->endpos = st->endpos;
    m->lastindex = st->lastindex;
    return OBJ_VAL(m);
}

/* ---- argument helpers --------------------------------------------------- */

/* A method without arguments (want 0) or with exactly one (want 1), with
 * CPython's messages; qualname is "Pattern.__copy__" and the like. */
static int fixed_args(const char *qualname, int nargs, ObjTuple *kwnames, int want)
{
    if (kwnames && kwnames->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    if (nargs == want)
        return 0;
    if (want == 0)
        err_format(exc_TypeError, "%s() takes no arguments (%d given)", qualname, nargs);
    else
        err_format(exc_TypeError, "%s() takes exactly one argument (%d given)", qualname, nargs);
    return -1;
}

/* A Py_ssize_t argument (clinic's converter). */
static int arg_ssize(Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 0;
    }
    if (obj_as_int64(v, out) == 0)
        return 0;
    if (err_matches(exc_OverflowError)) {
        err_clear();
        err_set(exc_OverflowError, "Python int too large to convert to C ssize_t");
    }
    return -1;
}

static ObjPattern *check_pattern(Value self, const char *fname)
{
    if (!IS_TYPE_EXACT(self, &type_pattern)) {
        err_format(exc_TypeError, "descriptor '%s' for 're.Pattern' objects doesn't apply to a '%s' object",
                   fname, TYPE(self)->name);
        return NULL;
    }
    return (ObjPattern *)AS_OBJ(self);
}

/* (string, pos=0, endpos=sys.maxsize) */
static ObjPattern *parse_string_pos(const char *fname, Value *args, int nargs, ObjTuple *kwnames,
                                    Value *string, int64_t *pos, int64_t *endpos)
{
    static const char *const params[] = {"string", "pos", "endpos", NULL};
    Value out[3];
    ObjPattern *p = check_pattern(args[0], fname);
    if (!p || args_parse(fname, args + 1, nargs - 1, kwnames, params, 1, 3, out) < 0)
        return NULL;
    *string = out[0];
    *pos = 0;
    *endpos = INT64_MAX;
    if (out[1] && arg_ssize(out[1], pos) < 0)
        return NULL;
    if (out[2] && arg_ssize(out[2], endpos) < 0)
        return NULL;
    return p;
}

/* ---- Pattern ---------------------------------------------------------- */

static Value pattern_do_match(Value *args, int nargs, ObjTuple *kwnames, const char *fname, int how)
{
    Value string;
    int64_t pos, endpos;
    ObjPattern *p = parse_string_pos(fname, args, nargs, kwnames, &string, &pos, &endpos);
    if (!p)
        return VNULL;
    SreState st;
    if (state_init(&st, p, string, pos, endpos) < 0)
        return VNULL;
    int64_t status;
    if (how == 2) {
        status = sre_state_search(&st, p->code);
    } else {
        st.match_all = how == 1;
        status = sre_state_match(&st, p->code);
    }
    Value r = match_new(p, &st, status);
    state_fini(&st);
    return r;
}

static Value pattern_match(Value *args, int nargs, ObjTuple *kwnames)
{
    return pattern_do_match(args, nargs, kwnames, "match", 0);
}

static Value pattern_fullmatch(Value *args, int nargs, ObjTuple *kwnames)
{
    return pattern_do_match(args, nargs, kwnames, "fullmatch", 1);
}

static Value pattern_search(Value *args, int nargs, ObjTuple *kwnames)
{
    return pattern_do_match(args, nargs, kwnames, "search", 2);
}

static Value pattern_findall(Value *args, int nargs, ObjTuple *kwnames)
{
    Value string;
    int64_t pos, endpos;
    ObjPattern *p = parse_string_pos("findall", args, nargs, kwnames, &string, &pos, &endpos);
    if (!p)
        return VNULL;
    SreState st;
    if (state_init(&st, p, string, pos, endpos) < 0)
        return VNULL;
    Value list = list_new(0);
    while ((const char *)st.start <= (const char *)st.end) {
        int64_t status = sre_state_search(&st, p->code);
        if (status <= 0) {
            if (status == 0)
                break;
            sre_error(status);
            goto error;
        }
        Value item;
        if (p->groups == 0) {
            item = state_slice(&st, state_offset(&st, st.start),
                                 state_offset(&st, st.ptr));
        } else if (p->groups == 1) {
            item = state_group(&st, 1, true);
        } else {
            item = tuple_new(p->groups);
            for (int64_t i = 0; i < p->groups; i++) {
                Value g = state_group(&st, i + 1, true);
                if (!g)
                    goto error;
                AS_TUPLE(item)->items[i] = g;
            }
        }
        if (!item || list_append(list, item) < 0)
            goto error;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    state_fini(&st);
    return list;
error:
    state_fini(&st);
    return VNULL;
}

static Value scanner_make(ObjPattern *p, Value string, int64_t pos, int64_t endpos)
{
    ObjScanner *s = (ObjScanner *)gc_new(&type_scanner, sizeof(ObjScanner));
    if (state_init(&s->state, p, string, pos, endpos) < 0) {
        s->state.string = VNULL;
        return VNULL;
    }
    s->pattern = p;
    return OBJ_VAL(s);
}

static Value pattern_scanner(Value *args, int nargs, ObjTuple *kwnames)
{
    Value string;
    int64_t pos, endpos;
    ObjPattern *p = parse_string_pos("scanner", args, nargs, kwnames, &string, &pos, &endpos);
    if (!p)
        return VNULL;
    return scanner_make(p, string, pos, endpos);
}

static Value pattern_finditer(Value *args, int nargs, ObjTuple *kwnames)
{
    Value string;
    int64_t pos, endpos;
    ObjPattern *p = parse_string_pos("finditer", args, nargs, kwnames, &string, &pos, &endpos);
    if (!p)
        return VNULL;
    Value sc = scanner_make(p, string, pos, endpos);
    if (!sc)
        return VNULL;
    Value search = obj_getattr(sc, str_intern_cstr("search"));
    if (!search)
        return VNULL;
    return iterators_callable_iter(search, NONE);
}

static Value pattern_split(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"string", "maxsplit", NULL};
    Value out[2];
    ObjPattern *p = check_pattern(args[0], "split");
    if (!p || args_parse("split", args + 1, nargs - 1, kwnames, params, 1, 2, out) < 0)
        return VNULL;
    int64_t maxsplit = 0;
    if (out[1] && arg_ssize(out[1], &maxsplit) < 0)
        return VNULL;
    Value string = out[0];
    SreState st;
    if (state_init(&st, p, string, 0, INT64_MAX) < 0)
        return VNULL;
    Value list = list_new(0);
    int64_t n = 0;
    const void *last = st.start;
    while (!maxsplit || n < maxsplit) {
        int64_t status = sre_state_search(&st, p->code);
        if (status <= 0) {
            if (status == 0)
                break;
            sre_error(status);
            goto error;
        }
        Value item = state_slice(&st, state_offset(&st, last),
                                   state_offset(&st, st.start));
        if (!item || list_append(list, item) < 0)
            goto error;
        for (int64_t i = 0; i < p->groups; i++) {
            item = state_group(&st, i + 1, false);
            if (!item || list_append(list, item) < 0)
                goto error;
        }
        n++;
        st.must_advance = st.ptr == st.start;
        last = st.start = st.ptr;
    }
    Value item = state_slice(&st, state_offset(&st, last), st.endpos);
    if (!item || list_append(list, item) < 0)
        goto error;
    state_fini(&st);
    return list;
error:
    state_fini(&st);
    return VNULL;
}

/* re.<name>(*args), for the parts of _sre that CPython writes in Python. */
static Value call_re(const char *name, Value *args, int nargs)
{
    Value re = vm_import(str_intern_cstr("re"));
    if (!re)
        return VNULL;
    Value f = obj_getattr(re, str_intern_cstr(name));
    if (!f)
        return VNULL;
    return obj_call(f, args, nargs, NULL);
}

/* Append one piece of sub()'s result.  A piece of the wrong type is
 * str.join's / bytes.join's TypeError, raised (as CPython joins a list at
 * the end) only once every match has been replaced: *bad keeps the first. */
static void sub_append(StrBuf *b, bool isbytes, Value item, int64_t index, Value *bad)
{
    if (*bad)
        return;
    if (isbytes ? !is_bytes(item) : !is_str(item)) {
        *bad = isbytes ? err_format_str("sequence item %lld: expected a bytes-like object, %s found",
                                        (long long)index, TYPE(item)->name)
                       : err_format_str("sequence item %lld: expected str instance, %s found",
                                        (long long)index, TYPE(item)->name);
        return;
    }
    if (isbytes)
        sb_add(b, (const char *)AS_BYTES(item)->data, (size_t)AS_BYTES(item)->len);
    else
        sb_add(b, AS_STR(item)->data, (size_t)AS_STR(item)->len);
}

/* The subject's text from code point b to e, appended to the result. */
static void sub_append_span(StrBuf *b, SreState *st, int64_t from, int64_t to)
{
    if (st->isbytes) {
        sb_add(b, (const char *)AS_BYTES(st->string)->data + from, (size_t)(to - from));
        return;
    }
    ObjStr *s = AS_STR(st->string);
    if (s->ascii) {
        sb_add(b, s->data + from, (size_t)(to - from));
        return;
    }
    int64_t bb = state_byte_offset(st, from), eb = state_byte_offset(st, to);
    sb_add(b, s->data + bb, (size_t)(eb - bb));
}

static Value pattern_subx(Value *args, int nargs, ObjTuple *kwnames, const char *fname, bool subn)
{
    static const char *const params[] = {"repl", "string", "count", NULL};
    Value out[3];
    ObjPattern *p = check_pattern(args[0], fname);
    if (!p || args_parse(fname, args + 1, nargs - 1, kwnames, params, 2, 3, out) < 0)
        return VNULL;
    int64_t count = 0;
    if (out[2] && arg_ssize(out[2], &count) < 0)
        return VNULL;
    Value repl = out[0], string = out[1], filter = repl;
    bool callable = TYPE(repl)->call != NULL;
    if (!callable) {
        /* a template without backslashes is used as it is; others go
         * to re._subx, which gives a literal or a function */
        bool literal = false;
        if (is_str(repl))
            literal = memchr(AS_STR(repl)->data, '\\', (size_t)AS_STR(repl)->len) == NULL;
        else if (is_bytes(repl))
            literal = memchr(AS_BYTES(repl)->data, '\\', (size_t)AS_BYTES(repl)->len) == NULL;
        if (!literal) {
            Value a[2] = {OBJ_VAL(p), repl};
            filter = call_re("_subx", a, 2);
            if (!filter)
                return VNULL;
            callable = TYPE(filter)->call != NULL;
        }
    }
    SreState st;
    if (state_init(&st, p, string, 0, INT64_MAX) < 0)
        return VNULL;
    StrBuf b;
    sb_init(&b);
    int64_t n = 0, i = 0, pieces = 0;
    Value bad = VNULL;
    while (!count || n < count) {
        int64_t status = sre_state_search(&st, p->code);
        if (status <= 0) {
            if (status == 0)
                break;
            sre_error(status);
            goto error;
        }
        int64_t mb = state_offset(&st, st.start), me = state_offset(&st, st.ptr);
        if (i < mb) {
            sub_append_span(&b, &st, i, mb);
            pieces++;
        }
        Value item = filter;
        if (callable) {
            Value m = match_new(p, &st, 1);
            if (!m)
                goto error;
            item = obj_call1(filter, m);
            if (!item)
                goto error;
        }
        if (item != NONE) {
            sub_append(&b, st.isbytes, item, pieces, &bad);
            pieces++;
        }
        i = me;
        n++;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    if (bad) {
        err_set_value(exc_new(exc_TypeError, AS_TUPLE(tuple_pack(1, bad))));
        goto error;
    }
    Value result;
    if (n == 0 && (st.isbytes ? AS_BYTES(string)->len : AS_STR(string)->ncp) == st.endpos) {
        /* nothing replaced: the subject itself, as join([s]) gives */
        sb_free(&b);
        result = state_slice(&st, 0, st.endpos);
    } else {
        if (i < st.endpos)
            sub_append_span(&b, &st, i, st.endpos);
        if (st.isbytes) {
            result = bytes_new((const uint8_t *)(b.data ? b.data : ""), b.len);
            sb_free(&b);
        } else {
            result = sb_finish(&b);
        }
    }
    state_fini(&st);
    if (!subn)
        return result;
    return tuple_pack(2, result, MK_INT(n));
error:
    sb_free(&b);
    state_fini(&st);
    return VNULL;
}

static Value pattern_sub(Value *args, int nargs, ObjTuple *kwnames)
{
    return pattern_subx(args, nargs, kwnames, "sub", false);
}

static Value pattern_subn(Value *args, int nargs, ObjTuple *kwnames)
{
    return pattern_subx(args, nargs, kwnames, "subn", true);
}

static Value pattern_copy(Value *args, int nargs, ObjTuple *kwnames)
{
    if (!check_pattern(args[0], "__copy__") || fixed_args("Pattern.__copy__", nargs - 1, kwnames, 0) < 0)
        return VNULL;
    return args[0];
}

static Value pattern_deepcopy(Value *args, int nargs, ObjTuple *kwnames)
{
    if (!check_pattern(args[0], "__deepcopy__") ||
        fixed_args("Pattern.__deepcopy__", nargs - 1, kwnames, 1) < 0)
        return VNULL;
    return args[0];
}

/* Pattern[str]: a types.GenericAlias */
static Value class_getitem(Value *args, int nargs, ObjTuple *kwnames)
{
    if (nargs < 1 || !IS_TYPEOBJ(args[0]))
        return err_set(exc_TypeError, "__class_getitem__() needs the class");
    char q[64];
    snprintf(q, sizeof q, "%s.__class_getitem__", AS_TYPE(args[0])->name);
    if (fixed_args(q, nargs - 1, kwnames, 1) < 0)
        return VNULL;
    return generic_alias_new(args[0], args[1]);
}

static Value pattern_repr(Value self)
{
    static const struct { const char *name; int64_t value; } names[] = {
        {"re.IGNORECASE", SRE_FLAG_IGNORECASE}, {"re.LOCALE", SRE_FLAG_LOCALE},
        {"re.MULTILINE", SRE_FLAG_MULTILINE},   {"re.DOTALL", SRE_FLAG_DOTALL},
        {"re.UNICODE", SRE_FLAG_UNICODE},       {"re.VERBOSE", SRE_FLAG_VERBOSE},
        {"re.DEBUG", SRE_FLAG_DEBUG},           {"re.ASCII", SRE_FLAG_ASCII},
    };
    ObjPattern *p = (ObjPattern *)AS_OBJ(self);
    int64_t flags = p->flags;
    /* re.UNICODE is the default for str patterns: not shown */
    if (p->isbytes == 0 &&
        (flags & (SRE_FLAG_LOCALE | SRE_FLAG_UNICODE | SRE_FLAG_ASCII)) == SRE_FLAG_UNICODE)
        flags &= ~SRE_FLAG_UNICODE;
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, "re.compile(");
    Value r = obj_repr(p->pattern);
    if (!r) {
        sb_free(&b);
        return VNULL;
    }
    ObjStr *rs = AS_STR(r);
    /* %.200R: at most 200 characters of the repr */
    int64_t cut = rs->ncp > 200 ? str_byte_offset(rs, 200) : rs->len;
    sb_add(&b, rs->data, (size_t)cut);
    bool any = false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].value) {
            sb_adds(&b, any ? "|" : ", ");
            sb_adds(&b, names[i].name);
            flags &= ~names[i].value;
            any = true;
        }
    if (flags) {
        sb_adds(&b, any ? "|" : ", ");
        sb_printf(&b, "0x%llx", (unsigned long long)(uint32_t)flags);
    }
    sb_addc(&b, ')');
    return sb_finish(&b);
}

static int pattern_hash(Value self, int64_t *out)
{
    ObjPattern *p = (ObjPattern *)AS_OBJ(self);
    int64_t h;
    if (obj_hash(p->pattern, &h) < 0)
        return -1;
    uint64_t x = 14695981039346656037ull;
    for (int64_t i = 0; i < p->codesize; i++)
        x = (x ^ p->code[i]) * 1099511628211ull;
    h ^= (int64_t)(x >> 2);
    h ^= p->flags ^ p->isbytes ^ p->codesize;
    *out = h == -1 ? -2 : h;
    return 0;
}

static Value pattern_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE_EXACT(b, &type_pattern) ||
        !IS_TYPE_EXACT(a, &type_pattern))
        return NOTIMPL;
    if (a == b)
        return BOOL_V(op == CMP_EQ);
    ObjPattern *l = (ObjPattern *)AS_OBJ(a), *r = (ObjPattern *)AS_OBJ(b);
    int eq = l->flags == r->flags && l->isbytes == r->isbytes && l->codesize == r->codesize &&
             memcmp(l->code, r->code, (size_t)l->codesize * sizeof(uint32_t)) == 0;
    if (eq) {
        eq = obj_eq(l->pattern, r->pattern);
        if (eq < 0)
            return VNULL;
    }
    return BOOL_V((op == CMP_EQ) == (eq != 0));
}

static Value pattern_get_pattern(Value self) { return ((ObjPattern *)AS_OBJ(self))->pattern; }
static Value pattern_get_flags(Value self) { return MK_INT(((ObjPattern *)AS_OBJ(self))->flags); }
static Value pattern_get_groups(Value self) { return MK_INT(((ObjPattern *)AS_OBJ(self))->groups); }

/* A read-only view of the names (a new empty dict without names). */
static Value pattern_get_groupindex(Value self)
{
    ObjPattern *p = (ObjPattern *)AS_OBJ(self);
    return p->groupindex ? mappingproxy_new(p->groupindex) : dict_new();
}

static Value pattern_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args, (void)nargs, (void)kwnames;
    return err_format(exc_TypeError, "cannot create '%s.%s' instances", t->module->data, t->name);
}

/* ---- Match ------------------------------------------------------------- */

static ObjMatch *check_match(Value self, const char *fname)
{
    if (!IS_TYPE_EXACT(self, &type_match)) {
        err_format(exc_TypeError, "descriptor '%s' for 're.Match' objects doesn't apply to a '%s' object",
                   fname, TYPE(self)->name);
        return NULL;
    }
    return (ObjMatch *)AS_OBJ(self);
}

/* The group number an index or name stands for; IndexError if none. */
static int64_t match_index(ObjMatch *m, Value index)
{
    int64_t i = -1;
    if (!index)
        return 0;
    if (IS_INT(index)) {
        i = AS_INT(index);
    } else if (IS_BIGINT(index)) {
        i = -1; /* out of any range: CPython clips it */
    } else if (IS_BOOL(index)) {
        i = index == TRUE_V;
    } else if ((TYPE(index)->flags & TF_HEAPTYPE) &&
               type_lookup(TYPE(index), str_intern_cstr("__index__"))) {
        Value v = obj_index(index);
        if (!v)
            return -1;
        i = IS_INT(v) ? AS_INT(v) : -1;
    } else if (m->pattern->groupindex) {
        Value v = dict_get(m->pattern->groupindex, index);
        if (!v && err_occurred())
            return -1;
        if (v && IS_INT(v))
            i = AS_INT(v);
    }
    if (i < 0 || i >= m->groups) {
        err_set(exc_IndexError, "no such group");
        return -1;
    }
    return i;
}

static Value match_slice(ObjMatch *m, int64_t g, Value dflt)
{
    int64_t b = m->mark[2 * g], e = m->mark[2 * g + 1];
    if (b < 0)
        return dflt;
    if (!m->has_boff)
        return slice_simple(m->string, b, e);
    ObjStr *s = AS_STR(m->string);
    if (b == 0 && e == s->ncp && IS_STR(m->string))
        return m->string;
    int64_t bb = m->mark[2 * m->groups + 2 * g], eb = m->mark[2 * m->groups + 2 * g + 1];
    return str_new(s->data + bb, (size_t)(eb - bb));
}

static Value match_get(ObjMatch *m, Value index, Value dflt)
{
    int64_t i = match_index(m, index);
    if (i < 0)
        return VNULL;
    return match_slice(m, i, dflt);
}

static Value match_group(Value *args, int nargs, ObjTuple *kwnames)
{
    ObjMatch *m = check_match(args[0], "group");
    if (!m)
        return VNULL;
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "Match.group() takes no keyword arguments");
    if (nargs == 1)
        return match_slice(m, 0, NONE);
    if (nargs == 2)
        return match_get(m, args[1], NONE);
    Value t = tuple_new(nargs - 1);
    for (int i = 1; i < nargs; i++) {
        Value v = match_get(m, args[i], NONE);
        if (!v)
            return VNULL;
        AS_TUPLE(t)->items[i - 1] = v;
    }
    return t;
}

static Value match_getitem(Value self, Value key)
{
    return match_get((ObjMatch *)AS_OBJ(self), key, NONE);
}

static Value match_getitem_method(Value *args, int nargs, ObjTuple *kwnames)
{
    if (!check_match(args[0], "__getitem__"))
        return VNULL;
    if (nargs != 2 || (kwnames && kwnames->len))
        return err_format(exc_TypeError, "expected 1 argument, got %d", nargs - 1);
    return match_getitem(args[0], args[1]);
}

static Value match_groups(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"default", NULL};
    Value out[1];
    ObjMatch *m = check_match(args[0], "groups");
    if (!m || args_parse("groups", args + 1, nargs - 1, kwnames, params, 0, 1, out) < 0)
        return VNULL;
    Value dflt = out[0] ? out[0] : NONE;
    Value t = tuple_new(m->groups - 1);
    for (int64_t i = 1; i < m->groups; i++) {
        Value v = match_slice(m, i, dflt);
        if (!v)
            return VNULL;
        AS_TUPLE(t)->items[i - 1] = v;
    }
    return t;
}

static Value match_groupdict(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"default", NULL};
    Value out[1];
    ObjMatch *m = check_match(args[0], "groupdict");
    if (!m || args_parse("groupdict", args + 1, nargs - 1, kwnames, params, 0, 1, out) < 0)
        return VNULL;
    Value dflt = out[0] ? out[0] : NONE;
    Value d = dict_new();
    if (!m->pattern->groupindex)
        return d;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(m->pattern->groupindex), &pos, &k, &v)) {
        Value g = match_get(m, k, dflt);
        if (!g || dict_set(d, k, g) < 0)
            return VNULL;
    }
    return d;
}

/* start/end/span(group=0) */
static ObjMatch *parse_group_arg(const char *fname, Value *args, int nargs, ObjTuple *kwnames,
                                 int64_t *g)
{
    ObjMatch *m = check_match(args[0], fname);
    if (!m)
        return NULL;
    if (kwnames && kwnames->len) {
        err_format(exc_TypeError, "Match.%s() takes no keyword arguments", fname);
        return NULL;
    }
    if (nargs > 2) {
        err_format(exc_TypeError, "%s expected at most 1 argument, got %d", fname, nargs - 1);
        return NULL;
    }
    *g = match_index(m, nargs > 1 ? args[1] : VNULL);
    return *g < 0 ? NULL : m;
}

static Value match_start(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t g;
    ObjMatch *m = parse_group_arg("start", args, nargs, kwnames, &g);
    return m ? MK_INT(m->mark[2 * g]) : VNULL;
}

static Value match_end(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t g;
    ObjMatch *m = parse_group_arg("end", args, nargs, kwnames, &g);
    return m ? MK_INT(m->mark[2 * g + 1]) : VNULL;
}

static Value match_span(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t g;
    ObjMatch *m = parse_group_arg("span", args, nargs, kwnames, &g);
    return m ? tuple_pack(2, MK_INT(m->mark[2 * g]), MK_INT(m->mark[2 * g + 1])) : VNULL;
}

static Value match_expand(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"template", NULL};
    Value out[1];
    ObjMatch *m = check_match(args[0], "expand");
    if (!m || args_parse("expand", args + 1, nargs - 1, kwnames, params, 1, 1, out) < 0)
        return VNULL;
    Value a[3] = {OBJ_VAL(m->pattern), args[0], out[0]};
    return call_re("_expand", a, 3);
}

static Value match_copy(Value *args, int nargs, ObjTuple *kwnames)
{
    if (!check_match(args[0], "__copy__") || fixed_args("Match.__copy__", nargs - 1, kwnames, 0) < 0)
        return VNULL;
    return args[0];
}

static Value match_deepcopy(Value *args, int nargs, ObjTuple *kwnames)
{
    if (!check_match(args[0], "__deepcopy__") ||
        fixed_args("Match.__deepcopy__", nargs - 1, kwnames, 1) < 0)
        return VNULL;
    return args[0];
}

static Value match_repr(Value self)
{
    ObjMatch *m = (ObjMatch *)AS_OBJ(self);
    Value g0 = match_slice(m, 0, NONE);
    if (!g0)
        return VNULL;
    Value r = obj_repr(g0);
    if (!r)
        return VNULL;
    ObjStr *rs = AS_STR(r);
    /* %.50R */
    int64_t cut = rs->ncp > 50 ? str_byte_offset(rs, 50) : rs->len;
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "<re.Match object; span=(%lld, %lld), match=", (long long)m->mark[0],
              (long long)m->mark[1]);
    sb_add(&b, rs->data, (size_t)cut);
    sb_addc(&b, '>');
    return sb_finish(&b);
}

static Value match_get_string(Value self) { return ((ObjMatch *)AS_OBJ(self))->string; }
static Value match_get_re(Value self) { return OBJ_VAL(((ObjMatch *)AS_OBJ(self))->pattern); }
static Value match_get_pos(Value self) { return MK_INT(((ObjMatch *)AS_OBJ(self))->pos); }
static Value match_get_endpos(Value self) { return MK_INT(((ObjMatch *)AS_OBJ(self))->endpos); }

static Value match_get_lastindex(Value self)
{
    ObjMatch *m = (ObjMatch *)AS_OBJ(self);
    return m->lastindex >= 0 ? MK_INT(m->lastindex) : NONE;
}

static Value match_get_lastgroup(Value self)
{
    ObjMatch *m = (ObjMatch *)AS_OBJ(self);
    Value ig = m->pattern->indexgroup;
    if (ig && m->lastindex >= 0 && m->lastindex < AS_TUPLE(ig)->len)
        return AS_TUPLE(ig)->items[m->lastindex];
    return NONE;
}

static Value match_get_regs(Value self)
{
    ObjMatch *m = (ObjMatch *)AS_OBJ(self);
    if (m->regs)
        return m->regs;
    Value t = tuple_new(m->groups);
    for (int64_t i = 0; i < m->groups; i++)
        AS_TUPLE(t)->items[i] = tuple_pack(2, MK_INT(m->mark[2 * i]), MK_INT(m->mark[2 * i + 1]));
    m->regs = t;
    return t;
}

/* ---- Scanner ------------------------------------------------------------- */

static void scanner_finalize(Obj *o) { state_fini(&((ObjScanner *)o)->state); }

static Value scanner_next(Value *args, int nargs, ObjTuple *kwnames, const char *fname, bool search)
{
    if (nargs != 1 || (kwnames && kwnames->len))
        return err_format(exc_TypeError, "%s() takes no arguments", fname);
    if (!IS_TYPE_EXACT(args[0], &type_scanner))
        return err_format(exc_TypeError,
                          "descriptor '%s' for '_sre.SRE_Scanner' objects doesn't apply to a '%s' object",
                          fname, TYPE(args[0])->name);
    ObjScanner *s = (ObjScanner *)AS_OBJ(args[0]);
    if (s->executing)
        return err_set(exc_ValueError, "regular expression scanner already executing");
    if (s->done)
        return NONE;
    SreState *st = &s->state;
    s->executing = true;
    int64_t status = search ? sre_state_search(st, s->pattern->code) : sre_state_match(st, s->pattern->code);
    Value m = match_new(s->pattern, st, status);
    if (status == 0) {
        s->done = true;
    } else {
        st->must_advance = st->ptr == st->start;
        st->start = st->ptr;
    }
    s->executing = false;
    return m;
}

static Value scanner_match(Value *args, int nargs, ObjTuple *kwnames)
{
    return scanner_next(args, nargs, kwnames, "match", false);
}

static Value scanner_search(Value *args, int nargs, ObjTuple *kwnames)
{
    return scanner_next(args, nargs, kwnames, "search", true);
}

static Value scanner_get_pattern(Value self)
{
    return OBJ_VAL(((ObjScanner *)AS_OBJ(self))->pattern);
}

/* ---- module functions ----------------------------------------------------- */

static Value sre_compile(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"pattern", "flags", "code", "groups", "groupindex",
                                         "indexgroup", NULL};
    Value out[6];
    if (args_parse("compile", args, nargs, kwnames, params, 6, 6, out) < 0)
        return VNULL;
    int64_t flags, groups;
    if (!IS_ANYINT(out[1]) && !IS_BOOL(out[1]))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          TYPE(out[1])->name);
    if (obj_as_int64(out[1], &flags) < 0 || flags < INT32_MIN || flags > INT32_MAX) {
        err_clear();
        return err_set(exc_OverflowError, "Python int too large to convert to C int");
    }
    if (!IS_LIST(out[2]))
        return err_format(exc_TypeError, "compile() argument 'code' must be list, not %s",
                          TYPE(out[2])->name);
    if (arg_ssize(out[3], &groups) < 0)
        return VNULL;
    if (!IS_DICT(out[4]))
        return err_format(exc_TypeError, "compile() argument 'groupindex' must be dict, not %s",
                          TYPE(out[4])->name);
    if (!IS_TUPLE(out[5]))
        return err_format(exc_TypeError, "compile() argument 'indexgroup' must be tuple, not %s",
                          TYPE(out[5])->name);
    ObjList *code = AS_LIST(out[2]);
    int64_t n = code->len;
    ObjPattern *p = (ObjPattern *)gc_new_data(&type_pattern, sizeof(ObjPattern),
                                              sizeof(ObjPattern) + (size_t)n * sizeof(uint32_t));
    p->pattern = NONE;
    for (int64_t i = 0; i < n && i < code->len; i++) {
        Value o = code->items[i];
        if (INT_CHECK(o))
            o = int_exact(o); /* re._constants' opcodes are an int subclass */
        if (IS_INT(o)) {
            int64_t x = AS_INT(o);
            if (x < 0)
                return err_set(exc_OverflowError, "can't convert negative value to unsigned int");
            if (x > UINT32_MAX)
                return err_set(exc_OverflowError, "regular expression code size limit exceeded");
            p->code[i] = (uint32_t)x;
        } else if (IS_BIGINT(o)) {
            if (mpz_sgn(AS_BIGINT(o)->z) < 0)
                return err_set(exc_OverflowError, "can't convert negative value to unsigned int");
            return err_set(exc_OverflowError, "Python int too large to convert to C unsigned long");
        } else if (IS_BOOL(o)) {
            p->code[i] = o == TRUE_V;
        } else {
            return err_format(exc_TypeError, "an integer is required");
        }
    }
    if (code->len != n)
        return err_set(exc_RuntimeError, "invalid SRE code");
    p->codesize = n;
    Value pat = out[0];
    if (pat == NONE)
        p->isbytes = -1;
    else if (is_str(pat))
        p->isbytes = 0;
    else if (is_bytes(pat))
        p->isbytes = 1;
    else
        return err_format(exc_TypeError, "expected string or bytes-like object, got '%s'",
                          TYPE(pat)->name);
    p->pattern = pat;
    p->flags = flags;
    p->groups = groups;
    p->groupindex = VNULL;
    p->indexgroup = VNULL;
    if (AS_DICT(out[4])->len > 0) {
        p->groupindex = out[4];
        if (AS_TUPLE(out[5])->len > 0)
            p->indexgroup = out[5];
    }
    int64_t maxmark;
    if (!sre_validate(p->code, n, groups, &maxmark))
        return err_set(exc_RuntimeError, "invalid SRE code");
    p->nmarks = maxmark + 1;
    return OBJ_VAL(p);
}

static int char_arg(const char *fname, Value *args, int nargs, ObjTuple *kwnames, uint32_t *c)
{
    if (fixed_args(fname, nargs, kwnames, 1) < 0)
        return -1;
    if (!IS_ANYINT(args[0]) && !IS_BOOL(args[0])) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   TYPE(args[0])->name);
        return -1;
    }
    int64_t v;
    if (obj_as_int64(args[0], &v) < 0 || v < INT32_MIN || v > INT32_MAX) {
        err_clear();
        err_set(exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *c = (uint32_t)(int32_t)v;
    return 0;
}

static Value sre_getcodesize(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (fixed_args("_sre.getcodesize", nargs, kwnames, 0) < 0)
        return VNULL;
    return MK_INT(sizeof(uint32_t));
}

static Value sre_ascii_iscased(Value *args, int nargs, ObjTuple *kwnames)
{
    uint32_t c;
    if (char_arg("_sre.ascii_iscased", args, nargs, kwnames, &c) < 0)
        return VNULL;
    return BOOL_V(c < 128 && (c | 32) - 'a' < 26);
}

static Value sre_unicode_iscased(Value *args, int nargs, ObjTuple *kwnames)
{
    uint32_t c;
    if (char_arg("_sre.unicode_iscased", args, nargs, kwnames, &c) < 0)
        return VNULL;
    return BOOL_V(c != sre_lower_unicode(c) || c != sre_upper_unicode(c));
}

static Value sre_ascii_tolower(Value *args, int nargs, ObjTuple *kwnames)
{
    uint32_t c;
    if (char_arg("_sre.ascii_tolower", args, nargs, kwnames, &c) < 0)
        return VNULL;
    return MK_INT((int32_t)sre_lower_ascii(c));
}

static Value sre_unicode_tolower(Value *args, int nargs, ObjTuple *kwnames)
{
    uint32_t c;
    if (char_arg("_sre.unicode_tolower", args, nargs, kwnames, &c) < 0)
        return VNULL;
    return MK_INT((int32_t)sre_lower_unicode(c));
}

/* ---- types and the module ------------------------------------------------ */

static const MethodDef pattern_methods[] = {
    {"match", pattern_match},
    {"fullmatch", pattern_fullmatch},
    {"search", pattern_search},
    {"sub", pattern_sub},
    {"subn", pattern_subn},
    {"findall", pattern_findall},
    {"split", pattern_split},
    {"finditer", pattern_finditer},
    {"scanner", pattern_scanner},
    {"__copy__", pattern_copy},
    {"__deepcopy__", pattern_deepcopy},
    {"__class_getitem__", class_getitem},
    {NULL, NULL},
};

static const MethodDef match_methods[] = {
    {"group", match_group},
    {"__getitem__", match_getitem_method},
    {"start", match_start},
    {"end", match_end},
    {"span", match_span},
    {"groups", match_groups},
    {"groupdict", match_groupdict},
    {"expand", match_expand},
    {"__copy__", match_copy},
    {"__deepcopy__", match_deepcopy},
    {"__class_getitem__", class_getitem},
    {NULL, NULL},
};

static const MethodDef scanner_methods[] = {
    {"match", scanner_match},
    {"search", scanner_search},
    {NULL, NULL},
};

static Type type_pattern = {
    .name = "Pattern",
    .inst_size = sizeof(ObjPattern),
    .tp_new = pattern_tp_new,
    .trace = pattern_trace,
    .repr = pattern_repr,
    .hash = pattern_hash,
    .richcmp = pattern_richcmp,
};

static Type type_match = {
    .name = "Match",
    .inst_size = sizeof(ObjMatch),
    .tp_new = pattern_tp_new,
    .trace = match_trace,
    .repr = match_repr,
    .getitem = match_getitem,
};

static Type type_scanner = {
    .name = "SRE_Scanner",
    .inst_size = sizeof(ObjScanner),
    .tp_new = pattern_tp_new,
    .trace = scanner_trace,
    .finalize = scanner_finalize,
};

static Type type_subject = {
    .name = "SRE_Subject",
    .inst_size = sizeof(ObjSubject),
    .trace = subject_trace,
};

static void types_ready(void)
{
    type_ready(&type_pattern, pattern_methods);
    type_ready(&type_match, match_methods);
    type_ready(&type_scanner, scanner_methods);
    type_ready(&type_subject, NULL);
    type_pattern.module = str_intern_cstr("re");
    type_match.module = str_intern_cstr("re");
    type_scanner.module = str_intern_cstr("_sre");
    type_subject.module = str_intern_cstr("_sre");
    str_wrap_method(&type_pattern, "__class_getitem__", &type_classmethod);
    str_wrap_method(&type_match, "__class_getitem__", &type_classmethod);
    exc_add_getset(&type_pattern, "pattern", pattern_get_pattern, NULL);
    exc_add_getset(&type_pattern, "flags", pattern_get_flags, NULL);
    exc_add_getset(&type_pattern, "groups", pattern_get_groups, NULL);
    exc_add_getset(&type_pattern, "groupindex", pattern_get_groupindex, NULL);
    exc_add_getset(&type_match, "string", match_get_string, NULL);
    exc_add_getset(&type_match, "re", match_get_re, NULL);
    exc_add_getset(&type_match, "pos", match_get_pos, NULL);
    exc_add_getset(&type_match, "endpos", match_get_endpos, NULL);
    exc_add_getset(&type_match, "lastindex", match_get_lastindex, NULL);
    exc_add_getset(&type_match, "lastgroup", match_get_lastgroup, NULL);
    exc_add_getset(&type_match, "regs", match_get_regs, NULL);
    exc_add_getset(&type_scanner, "pattern", scanner_get_pattern, NULL);
    for (int i = 0; i < SUBJECT_CACHE; i++)
        gc_add_root_value(&subject_cache[i]);
}

Value mod_sre_init(void)
{
    static bool ready;
    if (!ready) {
        types_ready();
        ready = true;
    }
    Value m = module_new(str_intern_cstr("_sre"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add_fn(mod, "compile", sre_compile);
    module_add_fn(mod, "getcodesize", sre_getcodesize);
    module_add_fn(mod, "ascii_iscased", sre_ascii_iscased);
    module_add_fn(mod, "unicode_iscased", sre_unicode_iscased);
    module_add_fn(mod, "ascii_tolower", sre_ascii_tolower);
    module_add_fn(mod, "unicode_tolower", sre_unicode_tolower);
    module_add(mod, "MAGIC", MK_INT(SRE_MAGIC));
    module_add(mod, "CODESIZE", MK_INT(sizeof(uint32_t)));
    module_add(mod, "MAXREPEAT", MK_INT(SRE_MAXREPEAT));
    module_add(mod, "MAXGROUPS", MK_INT(SRE_MAXGROUPS));
    module_add(mod, "copyright",
               str_from_cstr(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "));
    return m;
}
