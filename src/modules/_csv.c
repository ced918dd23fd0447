/* modules/_csv.c — the _csv module under CPython's Lib/csv.py: Dialect,
 * reader, writer, the dialect registry, field_size_limit, the QUOTE_*
 * constants and _csv.Error.
 *
 * The reader is CPython's state machine, fed one code point at a time and
 * an EOL mark at the end of each line, so quoting, doubled quotes, escape
 * characters, skipinitialspace, strict mode, newlines inside quoted fields
 * and the errors come out as in CPython 3.11.  The writer quotes a field
 * when it holds the delimiter, the quote or escape character or a
 * character of the line terminator (QUOTE_MINIMAL), always (QUOTE_ALL), or
 * when it is not a number (QUOTE_NONNUMERIC), and escapes instead under
 * QUOTE_NONE or without doublequote.
 */
#include <stdarg.h>
#include <stdio.h>

#include "exceptions.h"
#include "gc.h"
#include "str.h"

#define NOT_SET 0xFFFFFFFFu /* no quotechar / escapechar */
#define EOL 0xFFFFFFFEu     /* the end of a line, fed to the state machine */

enum { QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE };

typedef struct {
    Obj obj;
    uint32_t delimiter, quotechar, escapechar;
    ObjStr *lineterminator;
    int quoting;
    bool doublequote, skipinitialspace, strict;
} ObjDialect;

enum State {
    START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD, ESCAPE_IN_QUOTED_FIELD,
    QUOTE_IN_QUOTED_FIELD, EAT_CRNL, AFTER_ESCAPED_CRNL
};

typedef struct {
    Obj obj;
    Value input_iter;
    ObjDialect *dialect;
    Value fields;      /* the record being read (a list), or VNULL */
    StrBuf field;      /* the field being read, UTF-8 */
    int64_t field_len; /* its length in code points */
    enum State state;
    bool numeric_field;
    int64_t line_num;
} ObjReader;

typedef struct {
    Obj obj;
    Value write;       /* the file's bound write method */
    ObjDialect *dialect;
} ObjWriter;

static Type type_dialect, type_reader, type_writer;
static Value csv_error;      /* _csv.Error */
static Value registry;       /* name -> Dialect */
static int64_t field_limit = 128 * 1024;

#define AS_DIALECT(v) ((ObjDialect *)AS_OBJ(v))

/* ---- Dialect ---------------------------------------------------------------- */

static void dialect_trace(Obj *o) { gc_mark_obj((Obj *)((ObjDialect *)o)->lineterminator); }

static int set_char(const char *name, uint32_t *target, Value src, uint32_t dflt, bool or_none)
{
    if (!src) {
        *target = dflt;
        return 0;
    }
    *target = NOT_SET;
    if (or_none && IS_NONE(src))
        return 0;
    if (!STR_CHECK(src)) {
        err_format(exc_TypeError, "\"%s\" must be string%s, not %T", name, or_none ? " or None" : "",
                   src);
        return -1;
    }
    ObjStr *s = AS_STR(src);
    if (s->ncp != 1) {
        err_format(exc_TypeError, "\"%s\" must be a 1-character string", name);
        return -1;
    }
    int n;
    *target = utf8_decode(str_cstr(s), (size_t)s->len, &n);
    return 0;
}

static int set_bool(bool *target, Value src, bool dflt)
{
    if (!src) {
        *target = dflt;
        return 0;
    }
    int b = obj_truthy(src);
    if (b < 0)
        return -1;
    *target = b;
    return 0;
}

static Value get_dialect(Value name)
{
    Value d = dict_get(registry, name);
    if (!d && !err_occurred())
        err_set_value(exc_new(AS_TYPE(csv_error), AS_TUPLE(tuple_pack(1, str_from_cstr("unknown dialect")))));
    return d;
}

static Value csv_err(const char *fmt, ...);

static Value dialect_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const names[] = {"dialect",        "delimiter",  "doublequote",
                                        "escapechar",     "lineterminator", "quotechar",
                                        "quoting",        "skipinitialspace", "strict", NULL};
    Value a[9] = {0};
    if (nargs > 9)
        return err_format(exc_TypeError, "function takes at most 9 arguments (%d given)", nargs);
    for (int i = 0; i < nargs; i++)
        a[i] = args[i];
    for (int64_t k = 0; kw && k < kw->len; k++) {
        const char *kn = str_cstr(AS_STR(kw->items[k]));
        int i = 0;
        while (names[i] && strcmp(names[i], kn) != 0)
            i++;
        if (!names[i])
            return err_format(exc_TypeError, "'%s' is an invalid keyword argument for this function", kn);
        if (a[i])
            return err_format(exc_TypeError, "argument for function given by name ('%s') and position (%d)",
                              kn, i + 1);
        a[i] = args[nargs + k];
    }
    Value dialect = a[0];
    if (dialect) {
        if (STR_CHECK(dialect) && !(dialect = get_dialect(dialect)))
            return VNULL;
        bool none = true;
        for (int i = 1; i < 9; i++)
            none &= !a[i];
        if (none && obj_isinstance(dialect, &type_dialect))
            return dialect;
        for (int i = 1; i < 9; i++)
            if (!a[i]) {
                a[i] = obj_getattr_opt(dialect, str_intern_cstr(names[i]));
                if (!a[i])
                    err_clear();
            }
    }
    ObjDialect *d = (ObjDialect *)type_alloc(t, sizeof(ObjDialect));
    if (set_char("delimiter", &d->delimiter, a[1], ',', false) < 0 ||
        set_bool(&d->doublequote, a[2], true) < 0 ||
        set_char("escapechar", &d->escapechar, a[3], NOT_SET, true) < 0)
        return VNULL;
    if (!a[4]) {
        d->lineterminator = AS_STR(str_from_cstr("\r\n"));
    } else if (IS_NONE(a[4])) {
        d->lineterminator = NULL;
    } else if (!STR_CHECK(a[4])) {
        return err_set(exc_TypeError, "\"lineterminator\" must be a string");
    } else {
        d->lineterminator = AS_STR(a[4]);
    }
    if (set_char("quotechar", &d->quotechar, a[5], '"', true) < 0)
        return VNULL;
    if (!a[6]) {
        d->quoting = QUOTE_MINIMAL;
    } else {
        if (!IS_ANYINT(a[6]))
            return err_set(exc_TypeError, "\"quoting\" must be an integer");
        int64_t q;
        if (obj_as_int64(a[6], &q) < 0)
            return VNULL;
        d->quoting = q < 0 || q > 3 ? -1 : (int)q;
    }
    if (set_bool(&d->skipinitialspace, a[7], false) < 0 || set_bool(&d->strict, a[8], false) < 0)
        return VNULL;
    if (d->quoting < 0)
        return err_set(exc_TypeError, "bad \"quoting\" value");
    if (d->delimiter == NOT_SET)
        return err_set(exc_TypeError, "\"delimiter\" must be a 1-character string");
    if (a[5] && IS_NONE(a[5]) && !a[6])
        d->quoting = QUOTE_NONE;
    if (d->quoting != QUOTE_NONE && d->quotechar == NOT_SET)
        return err_set(exc_TypeError, "quotechar must be set if quoting enabled");
    if (!d->lineterminator)
        return err_set(exc_TypeError, "lineterminator must be set");
    return OBJ_VAL(d);
}

static Value char_or_none(uint32_t c) { return c == NOT_SET ? NONE : str_from_cp(c); }
static Value d_delimiter(Value self) { return str_from_cp(AS_DIALECT(self)->delimiter); }
static Value d_quotechar(Value self) { return char_or_none(AS_DIALECT(self)->quotechar); }
static Value d_escapechar(Value self) { return char_or_none(AS_DIALECT(self)->escapechar); }
static Value d_lineterminator(Value self) { return OBJ_VAL(AS_DIALECT(self)->lineterminator); }
static Value d_quoting(Value self) { return MK_INT(AS_DIALECT(self)->quoting); }
static Value d_doublequote(Value self) { return BOOL_V(AS_DIALECT(self)->doublequote); }
static Value d_skipinitialspace(Value self) { return BOOL_V(AS_DIALECT(self)->skipinitialspace); }
static Value d_strict(Value self) { return BOOL_V(AS_DIALECT(self)->strict); }

/* Dialect(dialect, **kwargs) as reader/writer/register_dialect make it */
static Value call_dialect(Value dialect, Value *kwv, ObjTuple *kw)
{
    int64_t nkw = kw ? kw->len : 0;
    Value tmp = tuple_new(1 + nkw);
    if (!tmp)
        return VNULL;
    Value *argv = AS_TUPLE(tmp)->items;
    int n = 0;
    if (dialect)
        argv[n++] = dialect;
    for (int64_t i = 0; i < nkw; i++)
        argv[n + i] = kwv[i];
    return dialect_tp_new(&type_dialect, argv, n, kw);
}

/* ---- errors ------------------------------------------------------------------- */

static Value csv_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    Value msg = str_from_cstr(buf);
    return msg ? err_set_value(exc_new(AS_TYPE(csv_error), AS_TUPLE(tuple_pack(1, msg)))) : VNULL;
}

/* ---- reader ------------------------------------------------------------------------ */

static void reader_trace(Obj *o)
{
    ObjReader *r = (ObjReader *)o;
    gc_mark(r->input_iter);
    gc_mark_obj((Obj *)r->dialect);
    gc_mark(r->fields);
}

static void reader_finalize(Obj *o) { sb_free(&((ObjReader *)o)->field); }

static int save_field(ObjReader *r)
{
    const char *data = r->field.data ? r->field.data : "";
    Value f;
    if (r->numeric_field) { /* QUOTE_NONNUMERIC: float(field) */
        r->numeric_field = false;
        f = float_from_str(data, r->field.len);
    } else {
        f = str_new(data, r->field.len);
    }
    r->field.len = 0;
    r->field_len = 0;
    return f ? list_append(r->fields, f) : -1;
}

static int add_char(ObjReader *r, uint32_t c)
{
    if (r->field_len >= field_limit) {
        csv_err("field larger than field limit (%lld)", (long long)field_limit);
        return -1;
    }
    char u[4];
    sb_add(&r->field, u, (size_t)utf8_encode(c, u));
    r->field_len++;
    return 0;
}

static int process_char(ObjReader *r, uint32_t c)
{
    ObjDialect *d = r->dialect;
    switch (r->state) {
    case START_RECORD:
        if (c == EOL)
            break; /* an empty line: [] */
        if (c == '\n' || c == '\r') {
            r->state = EAT_CRNL;
            break;
        }
        r->state = START_FIELD;
        /* fall through */
    case START_FIELD:
        if (c == '\n' || c == '\r' || c == EOL) {
            if (save_field(r) < 0)
                return -1;
            r->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (c == d->quotechar && d->quoting != QUOTE_NONE) {
            r->state = IN_QUOTED_FIELD;
        } else if (c == d->escapechar) {
            r->state = ESCAPED_CHAR;
        } else if (c == ' ' && d->skipinitialspace) {
            /* spaces at the start of a field */
        } else if (c == d->delimiter) {
            if (save_field(r) < 0)
                return -1;
        } else {
            if (d->quoting == QUOTE_NONNUMERIC)
                r->numeric_field = true;
            if (add_char(r, c) < 0)
                return -1;
            r->state = IN_FIELD;
        }
        break;
    case ESCAPED_CHAR:
        if (c == '\n' || c == '\r') {
            if (add_char(r, c) < 0)
                return -1;
            r->state = AFTER_ESCAPED_CRNL;
            break;
        }
        if (c == EOL)
            c = '\n';
        if (add_char(r, c) < 0)
            return -1;
        r->state = IN_FIELD;
        break;
    case AFTER_ESCAPED_CRNL:
        if (c == EOL)
            break;
        /* fall through */
    case IN_FIELD:
        if (c == '\n' || c == '\r' || c == EOL) {
            if (save_field(r) < 0)
                return -1;
            r->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (c == d->escapechar) {
            r->state = ESCAPED_CHAR;
        } else if (c == d->delimiter) {
            if (save_field(r) < 0)
                return -1;
            r->state = START_FIELD;
        } else if (add_char(r, c) < 0) {
            return -1;
        }
        break;
    case IN_QUOTED_FIELD:
        if (c == EOL) {
            /* the field goes on on the next line */
        } else if (c == d->escapechar) {
            r->state = ESCAPE_IN_QUOTED_FIELD;
        } else if (c == d->quotechar && d->quoting != QUOTE_NONE) {
            r->state = d->doublequote ? QUOTE_IN_QUOTED_FIELD : IN_FIELD;
        } else if (add_char(r, c) < 0) {
            return -1;
        }
        break;
    case ESCAPE_IN_QUOTED_FIELD:
        if (c == EOL)
            c = '\n';
        if (add_char(r, c) < 0)
            return -1;
        r->state = IN_QUOTED_FIELD;
        break;
    case QUOTE_IN_QUOTED_FIELD:
        if (d->quoting != QUOTE_NONE && c == d->quotechar) { /* "" is " */
            if (add_char(r, c) < 0)
                return -1;
            r->state = IN_QUOTED_FIELD;
        } else if (c == d->delimiter) {
            if (save_field(r) < 0)
                return -1;
            r->state = START_FIELD;
        } else if (c == '\n' || c == '\r' || c == EOL) {
            if (save_field(r) < 0)
                return -1;
            r->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (!d->strict) {
            if (add_char(r, c) < 0)
                return -1;
            r->state = IN_FIELD;
        } else {
            char dl[4], qc[4];
            dl[utf8_encode(d->delimiter, dl)] = 0;
            qc[utf8_encode(d->quotechar, qc)] = 0;
            csv_err("'%s' expected after '%s'", dl, qc);
            return -1;
        }
        break;
    case EAT_CRNL:
        if (c == '\n' || c == '\r') {
        } else if (c == EOL) {
            r->state = START_RECORD;
        } else {
            csv_err("new-line character seen in unquoted field - do you need to open the file in "
                    "universal-newline mode?");
            return -1;
        }
        break;
    }
    return 0;
}

static Value reader_next(Value self)
{
    ObjReader *r = (ObjReader *)AS_OBJ(self);
    r->fields = list_new(0);
    if (!r->fields)
        return VNULL;
    r->field.len = 0;
    r->field_len = 0;
    r->state = START_RECORD;
    r->numeric_field = false;
    do {
        Value line = obj_next(r->input_iter);
        if (!line) {
            if (!err_occurred() && (r->field_len != 0 || r->state == IN_QUOTED_FIELD)) {
                if (r->dialect->strict)
                    return csv_err("unexpected end of data");
                if (save_field(r) < 0)
                    return VNULL;
                break;
            }
            r->fields = VNULL;
            return VNULL;
        }
        if (!STR_CHECK(line))
            return csv_err("iterator should return strings, not %s (the file should be opened in text "
                           "mode)",
                           TYPE(line)->name);
        r->line_num++;
        ObjStr *s = AS_STR(line);
        const char *p = str_cstr(s), *e = p + s->len;
        while (p < e) {
            int n;
            uint32_t c = utf8_decode(p, (size_t)(e - p), &n);
            p += n;
            if (process_char(r, c) < 0)
                return VNULL;
        }
        if (process_char(r, EOL) < 0)
            return VNULL;
    } while (r->state != START_RECORD);
    Value f = r->fields;
    r->fields = VNULL;
    return f;
}

static Value reader_iter(Value self) { return self; }
static Value reader_dialect(Value self) { return OBJ_VAL(((ObjReader *)AS_OBJ(self))->dialect); }
static Value reader_line_num(Value self) { return int_from_i64(((ObjReader *)AS_OBJ(self))->line_num); }

static Value m_reader(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_format(exc_TypeError, " expected at least 1 argument, got %d", nargs);
    if (nargs > 2)
        return err_format(exc_TypeError, " expected at most 2 arguments, got %d", nargs);
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    Value d = call_dialect(nargs > 1 ? args[1] : VNULL, args + nargs, kw);
    if (!d)
        return VNULL;
    ObjReader *r = (ObjReader *)gc_new(&type_reader, sizeof(ObjReader));
    sb_init(&r->field);
    r->input_iter = it;
    r->dialect = AS_DIALECT(d);
    return OBJ_VAL(r);
}

/* ---- writer ------------------------------------------------------------------------ */

static void writer_trace(Obj *o)
{
    ObjWriter *w = (ObjWriter *)o;
    gc_mark(w->write);
    gc_mark_obj((Obj *)w->dialect);
}

static bool in_str(ObjStr *s, uint32_t c)
{
    const char *p = str_cstr(s), *e = p + s->len;
    while (p < e) {
        int n;
        if (utf8_decode(p, (size_t)(e - p), &n) == c)
            return true;
        p += n;
    }
    return false;
}

static void add_cp(StrBuf *b, uint32_t c)
{
    char u[4];
    sb_add(b, u, (size_t)utf8_encode(c, u));
}

/* Append one field (s NULL: empty) to rec, after a delimiter unless first. */
static int join_append(ObjWriter *w, StrBuf *rec, ObjStr *s, bool quoted, bool first)
{
    ObjDialect *d = w->dialect;
    StrBuf f;
    sb_init(&f);
    const char *p = s ? str_cstr(s) : "", *e = p + (s ? s->len : 0);
    while (p < e) {
        int n;
        uint32_t c = utf8_decode(p, (size_t)(e - p), &n);
        bool want_escape = false;
        if (c == d->delimiter || c == d->escapechar || c == d->quotechar ||
            in_str(d->lineterminator, c)) {
            if (d->quoting == QUOTE_NONE) {
                want_escape = true;
            } else {
                if (c == d->quotechar) {
                    if (d->doublequote)
                        add_cp(&f, d->quotechar);
                    else
                        want_escape = true;
                } else if (c == d->escapechar) {
                    want_escape = true;
                }
                if (!want_escape)
                    quoted = true;
            }
            if (want_escape) {
                if (d->escapechar == NOT_SET) {
                    sb_free(&f);
                    csv_err("need to escape, but no escapechar set");
                    return -1;
                }
                add_cp(&f, d->escapechar);
            }
        }
        sb_add(&f, p, (size_t)n);
        p += n;
    }
    if (!first)
        add_cp(rec, d->delimiter);
    if (quoted)
        add_cp(rec, d->quotechar);
    sb_add(rec, f.data ? f.data : "", f.len);
    if (quoted)
        add_cp(rec, d->quotechar);
    sb_free(&f);
    return 0;
}

/* PyNumber_Check: what QUOTE_NONNUMERIC leaves unquoted. */
static bool is_number(Value v)
{
    if (IS_INT(v))
        return true;
    Type *t = TYPE(v);
    return t->nb_int || t->nb_float || INT_CHECK(v) || FLOAT_CHECK(v) ||
           (IS_OBJ(v) && (type_lookup(t, str_intern_cstr("__index__")) ||
                          type_lookup(t, str_intern_cstr("__complex__"))));
}

static Value m_writerow(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("writerow", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    ObjWriter *w = (ObjWriter *)AS_OBJ(args[0]);
    ObjDialect *d = w->dialect;
    Value it = obj_iter(args[1]);
    if (!it) {
        if (!err_matches(exc_TypeError))
            return VNULL;
        err_clear();
        return csv_err("iterable expected, not %s", TYPE(args[1])->name);
    }
    StrBuf rec;
    sb_init(&rec);
    int64_t num_fields = 0;
    Value field;
    while ((field = obj_next(it))) {
        bool quoted = d->quoting == QUOTE_NONNUMERIC ? !is_number(field) : d->quoting == QUOTE_ALL;
        ObjStr *s = NULL;
        if (STR_CHECK(field)) {
            s = AS_STR(field);
        } else if (!IS_NONE(field)) {
            Value str = obj_str(field);
            if (!str) {
                sb_free(&rec);
                return VNULL;
            }
            s = AS_STR(str);
        }
        if (join_append(w, &rec, s, quoted, num_fields == 0) < 0) {
            sb_free(&rec);
            return VNULL;
        }
        num_fields++;
    }
    if (err_occurred()) {
        sb_free(&rec);
        return VNULL;
    }
    if (num_fields > 0 && rec.len == 0) {
        if (d->quoting == QUOTE_NONE) {
            sb_free(&rec);
            return csv_err("single empty field record must be quoted");
        }
        if (join_append(w, &rec, NULL, true, true) < 0) {
            sb_free(&rec);
            return VNULL;
        }
    }
    sb_add(&rec, str_cstr(d->lineterminator), (size_t)d->lineterminator->len);
    Value line = sb_finish(&rec);
    return line ? obj_call1(w->write, line) : VNULL;
}

static Value m_writerows(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("writerows", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value it = obj_iter(args[1]);
    if (!it)
        return VNULL;
    Value row;
    while ((row = obj_next(it))) {
        Value a[2] = {args[0], row};
        if (!m_writerow(a, 2, NULL))
            return VNULL;
    }
    return err_occurred() ? VNULL : NONE;
}

static Value writer_dialect(Value self) { return OBJ_VAL(((ObjWriter *)AS_OBJ(self))->dialect); }

static Value m_writer(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_format(exc_TypeError, " expected at least 1 argument, got %d", nargs);
    if (nargs > 2)
        return err_format(exc_TypeError, " expected at most 2 arguments, got %d", nargs);
    Value write = obj_getattr_opt(args[0], str_intern_cstr("write"));
    if (!write) {
        if (err_occurred())
            return VNULL;
        return err_set(exc_TypeError, "argument 1 must have a \"write\" method");
    }
    Value d = call_dialect(nargs > 1 ? args[1] : VNULL, args + nargs, kw);
    if (!d)
        return VNULL;
    ObjWriter *w = (ObjWriter *)gc_new(&type_writer, sizeof(ObjWriter));
    w->write = write;
    w->dialect = AS_DIALECT(d);
    return OBJ_VAL(w);
}

/* ---- the registry ---------------------------------------------------------------- */

static Value m_register_dialect(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_format(exc_TypeError, " expected at least 1 argument, got %d", nargs);
    if (nargs > 2)
        return err_format(exc_TypeError, " expected at most 2 arguments, got %d", nargs);
    if (!STR_CHECK(args[0]))
        return err_set(exc_TypeError, "dialect name must be a string");
    Value d = call_dialect(nargs > 1 ? args[1] : VNULL, args + nargs, kw);
    if (!d || dict_set(registry, args[0], d) < 0)
        return VNULL;
    return NONE;
}

static Value m_unregister_dialect(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unregister_dialect", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value d = dict_get(registry, args[0]);
    if (!d)
        return err_occurred() ? VNULL : csv_err("unknown dialect");
    return dict_del(registry, args[0]) < 0 ? VNULL : NONE;
}

static Value m_get_dialect(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_dialect", nargs, kw, 1, 1) < 0)
        return VNULL;
    return get_dialect(args[0]);
}

static Value m_list_dialects(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("list_dialects", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value l = list_new(0);
    int64_t pos = 0;
    Value k, v;
    while (l && dict_next(AS_DICT(registry), &pos, &k, &v))
        if (list_append(l, k) < 0)
            return VNULL;
    return l;
}

static Value m_field_size_limit(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"new_limit", NULL};
    Value a[1];
    if (args_parse("field_size_limit", args, nargs, kw, params, 0, 1, a) < 0)
        return VNULL;
    int64_t old = field_limit;
    if (a[0]) {
        if (!INT_CHECK(a[0]))
            return err_set(exc_TypeError, "limit must be an integer");
        int64_t n;
        if (obj_as_int64(a[0], &n) < 0) {
            if (err_matches(exc_OverflowError)) {
                err_clear();
                err_set(exc_OverflowError, "Python int too large to convert to C long");
            }
            return VNULL;
        }
        field_limit = n;
    }
    return int_from_i64(old);
}

/* ---- the module -------------------------------------------------------------------- */

static const MethodDef writer_methods[] = {
    {"writerow", m_writerow}, {"writerows", m_writerows}, {NULL, NULL},
};

static Type type_dialect = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_csv.Dialect",
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjDialect),
    .tp_new = dialect_tp_new,
    .trace = dialect_trace,
};

static Type type_reader = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_csv.reader",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjReader),
    .trace = reader_trace,
    .finalize = reader_finalize,
    .iter = reader_iter,
    .next = reader_next,
};

static Type type_writer = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_csv.writer",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjWriter),
    .trace = writer_trace,
};

Value mod_csv_init(void)
{
    if (!csv_error) {
        ObjStr *mod = str_intern_cstr("_csv");
        type_dialect.module = type_reader.module = type_writer.module = mod;
        type_dialect.name_str = str_intern_cstr("Dialect");
        type_reader.name_str = str_intern_cstr("reader");
        type_writer.name_str = str_intern_cstr("writer");
        type_ready(&type_dialect, NULL);
        type_ready(&type_reader, NULL);
        type_ready(&type_writer, writer_methods);
        static const struct { const char *name; GetterFn get; } dattrs[] = {
            {"delimiter", d_delimiter},       {"quotechar", d_quotechar},
            {"escapechar", d_escapechar},     {"lineterminator", d_lineterminator},
            {"quoting", d_quoting},           {"doublequote", d_doublequote},
            {"skipinitialspace", d_skipinitialspace}, {"strict", d_strict},
        };
        for (size_t i = 0; i < sizeof dattrs / sizeof *dattrs; i++)
            exc_add_getset(&type_dialect, dattrs[i].name, dattrs[i].get, NULL);
        exc_add_getset(&type_reader, "dialect", reader_dialect, NULL);
        exc_add_getset(&type_reader, "line_num", reader_line_num, NULL);
        exc_add_getset(&type_writer, "dialect", writer_dialect, NULL);
        csv_error = module_new_exception("_csv", "Error", OBJ_VAL(exc_Exception));
        registry = dict_new();
        gc_add_root_value(&csv_error);
        gc_add_root_value(&registry);
        if (!csv_error || !registry)
            return VNULL;
    }
    Value mv = module_new(str_intern_cstr("_csv"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "__version__", str_from_cstr("1.0"));
    module_add(m, "__doc__", str_from_cstr("CSV parsing and writing.\n"));
    module_add(m, "QUOTE_MINIMAL", MK_INT(QUOTE_MINIMAL));
    module_add(m, "QUOTE_ALL", MK_INT(QUOTE_ALL));
    module_add(m, "QUOTE_NONNUMERIC", MK_INT(QUOTE_NONNUMERIC));
    module_add(m, "QUOTE_NONE", MK_INT(QUOTE_NONE));
    module_add(m, "Error", csv_error);
    module_add(m, "Dialect", OBJ_VAL(&type_dialect));
    module_add_fn(m, "reader", m_reader);
    module_add_fn(m, "writer", m_writer);
    module_add_fn(m, "register_dialect", m_register_dialect);
    module_add_fn(m, "unregister_dialect", m_unregister_dialect);
    module_add_fn(m, "get_dialect", m_get_dialect);
    module_add_fn(m, "list_dialects", m_list_dialects);
    module_add_fn(m, "field_size_limit", m_field_size_limit);
    return err_occurred() ? VNULL : mv;
}
