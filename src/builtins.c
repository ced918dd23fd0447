/* builtins.c — the builtins module: built-in functions, and the names of
 * the built-in types and exceptions.
 *
 * Each function follows CPython 3.11's signature and error messages.  The
 * hot ones (print, len, isinstance, min/max, sum) take fast paths for the
 * common exact types and fall back to the generic protocols of object.h;
 * keyword arguments are matched by pointer against interned names.
 */
#include <math.h>

#include "complexobj.h"
#include "bytes.h"
#include "codec.h"
#include "compiler.h"
#include "containers.h"
#include "exceptions.h"
#include "file.h"
#include "frame.h"
#include "gc.h"
#include "objcore.h"
#include "str.h"

/* Interned names used by keyword matching and dunder lookups. */
static ObjStr *s_sep, *s_end, *s_file, *s_flush, *s_key, *s_default, *s_reverse,
    *s_start, *s_dict, *s_abs, *s_round, *s_divmod, *s_rdivmod, *s_pow, *s_dir,
    *s_builtins, *s_base, *s_exp, *s_mod, *s_ndigits, *s_space, *s_newline, *s_next;

static ObjStr *intern(ObjStr **slot, const char *s)
{
    *slot = str_intern_cstr(s);
    gc_add_root_obj((Obj **)slot);
    return *slot;
}

static bool kw_is(ObjStr *k, ObjStr *name)
{
    return k == name || str_eq(k, name);
}

static Value bad_kw(const char *fn, ObjStr *k)
{
    return err_format(exc_TypeError, "'%s' is an invalid keyword argument for %s()", k->data, fn);
}

/* type(x).name(x, extra...) if the type defines it; *found tells. */
static Value call_dunder(Value x, ObjStr *name, Value *extra, int n, bool *found)
{
    Value m = type_lookup(TYPE(x), name);
    *found = m != VNULL;
    if (!m)
        return VNULL;
    Value a[3];
    a[0] = x;
    for (int i = 0; i < n && i < 2; i++)
        a[i + 1] = extra[i];
    return obj_call(m, a, n + 1, NULL);
}

/* ---- I/O ---------------------------------------------------------------- */

static Value bi_print(Value *args, int nargs, ObjTuple *kw)
{
    Value sep = VNULL, end = VNULL, file = VNULL, flush = VNULL;
    if (kw) {
        for (int64_t i = 0; i < kw->len; i++) {
            ObjStr *k = AS_STR(kw->items[i]);
            Value v = args[nargs + i];
            if (kw_is(k, s_sep)) sep = v;
            else if (kw_is(k, s_end)) end = v;
            else if (kw_is(k, s_file)) file = v;
            else if (kw_is(k, s_flush)) flush = v;
            else return bad_kw("print", k);
        }
    }
    if (sep && !IS_NONE(sep) && !IS_STR(sep))
        return err_format(exc_TypeError, "sep must be None or a string, not %T", sep);
    if (end && !IS_NONE(end) && !IS_STR(end))
        return err_format(exc_TypeError, "end must be None or a string, not %T", end);
    if (!file || IS_NONE(file)) {
        file = sys_get_stdout();
        if (!file || IS_NONE(file))
            return NONE;
    }
    if (sep && IS_NONE(sep))
        sep = VNULL;
    if (end && IS_NONE(end))
        end = VNULL;
    for (int i = 0; i < nargs; i++) {
        if (i > 0) {
            if (file_write_str(file, sep ? sep : OBJ_VAL(s_space)) < 0)
                return VNULL;
        }
        Value s = IS_STR(args[i]) ? args[i] : obj_str(args[i]);
        if (!s || file_write_str(file, s) < 0)
            return VNULL;
    }
    if (file_write_str(file, end ? end : OBJ_VAL(s_newline)) < 0)
        return VNULL;
    if (flush) {
        int t = obj_truthy(flush);
        if (t < 0 || (t && file_flush(file) < 0))
            return VNULL;
    }
    return NONE;
}

static Value bi_input(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("input", nargs, kw, 0, 1) < 0)
        return VNULL;
    Value in = sys_get_stdin(), out = sys_get_stdout();
    if (!in || IS_NONE(in))
        return err_set(exc_RuntimeError, "input(): lost sys.stdin");
    if (!out || IS_NONE(out))
        return err_set(exc_RuntimeError, "input(): lost sys.stdout");
    if (file_flush(sys_get_stderr()) < 0)
        err_clear();
    if (nargs == 1) {
        Value p = obj_str(args[0]);
        if (!p || file_write_str(out, p) < 0)
            return VNULL;
    }
    if (file_flush(out) < 0)
        return VNULL;
    Value line = file_readline(in);
    if (!line)
        return VNULL;
    if (!IS_STR(line))
        return err_format(exc_TypeError, "object.readline() returned non-string");
    ObjStr *s = AS_STR(line);
    if (s->len == 0)
        return err_set(exc_EOFError, "EOF when reading a line");
    if (s->data[s->len - 1] == '\n')
        return str_new(s->data, (size_t)s->len - 1);
    return line;
}

/* ---- numbers ------------------------------------------------------------ */

static Value bi_abs(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("abs", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value x = args[0];
    if (IS_INT(x)) {
        int64_t i = AS_INT(x);
        return i >= 0 ? x : int_from_i64(-i);
    }
    if (IS_FLOAT(x))
        return AS_FLOAT(x) >= 0 && !signbit(AS_FLOAT(x)) ? x : float_new(fabs(AS_FLOAT(x)));
    bool found;
    Value r = call_dunder(x, s_abs, NULL, 0, &found);
    if (!found)
        return err_format(exc_TypeError, "bad operand type for abs(): '%T'", x);
    return r;
}

static Value bi_round(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"number", "ndigits", NULL};
    Value a[2];
    if (args_parse("round", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    if (IS_FLOAT(a[0]))
        return float_round(AS_FLOAT(a[0]), a[1] ? a[1] : VNULL);
    bool found;
    Value r;
    if (a[1] && !IS_NONE(a[1]))
        r = call_dunder(a[0], s_round, &a[1], 1, &found);
    else
        r = call_dunder(a[0], s_round, NULL, 0, &found);
    if (!found)
        return err_format(exc_TypeError, "type %s doesn't define __round__ method", TYPE(a[0])->name);
    return r;
}

static Value bi_divmod(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("divmod", nargs, kw, 2, 2) < 0)
        return VNULL;
    Value a = args[0], b = args[1];
    Value r = num_divmod(a, b);
    if (r != NOTIMPL)
        return r;
    bool found;
    r = call_dunder(a, s_divmod, &b, 1, &found);
    if (found && r != NOTIMPL)
        return r;
    if (found && !r)
        return VNULL;
    if (TYPE(a) != TYPE(b)) {
        r = call_dunder(b, s_rdivmod, &a, 1, &found);
        if (found && r != NOTIMPL)
            return r;
    }
    return err_format(exc_TypeError, "unsupported operand type(s) for divmod(): '%T' and '%T'", a, b);
}

static Value bi_pow(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"base", "exp", "mod", NULL};
    Value a[3];
    if (args_parse("pow", args, nargs, kw, params, 2, 3, a) < 0)
        return VNULL;
    if (!a[2] || IS_NONE(a[2]))
        return obj_binop(a[0], a[1], NB_POW);
    if (int_check(a[0]) && int_check(a[1]) && int_check(a[2]))
        return int_powmod(a[0], a[1], a[2]);
    bool found;
    Value extra[2] = {a[1], a[2]};
    Value r = call_dunder(a[0], s_pow, extra, 2, &found);
    if (found && r != NOTIMPL)
        return r;
    if (found && !r)
        return VNULL;
    return err_format(exc_TypeError, "unsupported operand type(s) for ** or pow(): '%T', '%T', '%T'",
                      a[0], a[1], a[2]);
}

static Value int_str_base(Value *args, int nargs, ObjTuple *kw, const char *name, int base)
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = obj_index(args[0]);
    if (!v)
        return VNULL;
    return int_to_str(v, base);
}

static Value bi_hex(Value *args, int nargs, ObjTuple *kw) { return int_str_base(args, nargs, kw, "hex", 16); }
static Value bi_oct(Value *args, int nargs, ObjTuple *kw) { return int_str_base(args, nargs, kw, "oct", 8); }
static Value bi_bin(Value *args, int nargs, ObjTuple *kw) { return int_str_base(args, nargs, kw, "bin", 2); }

static Value bi_chr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("chr", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = args[0];
    if (IS_FLOAT(v))
        return err_format(exc_TypeError, "'float' object cannot be interpreted as an integer");
    v = obj_index(v);
    if (!v)
        return VNULL;
    if (!IS_INT(v) || AS_INT(v) > INT32_MAX || AS_INT(v) < INT32_MIN)
        return err_set(exc_OverflowError, "Python int too large to convert to C int");
    int64_t i = AS_INT(v);
    if (i < 0 || i > 0x10FFFF)
        return err_set(exc_ValueError, "chr() arg not in range(0x110000)");
    return str_from_cp((uint32_t)i);
}

static Value bi_ord(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ord", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value c = args[0];
    if (IS_STR(c) || (IS_OBJ(c) && type_is_subtype(AS_OBJ(c)->type, &type_str))) {
        ObjStr *s = AS_STR(c);
        if (s->ncp != 1)
            return err_format(exc_TypeError, "ord() expected a character, but string of length %lld found",
                              (long long)s->ncp);
        int len;
        return MK_INT(utf8_decode(s->data, (size_t)s->len, &len));
    }
    if (IS_BYTES(c) || IS_BYTEARRAY(c)) {
        const uint8_t *p = IS_BYTES(c) ? AS_BYTES(c)->data : AS_BYTEARRAY(c)->data;
        int64_t n = IS_BYTES(c) ? AS_BYTES(c)->len : AS_BYTEARRAY(c)->len;
        if (n != 1)
            return err_format(exc_TypeError, "ord() expected a character, but string of length %lld found",
                              (long long)n);
        return MK_INT(p[0]);
    }
    return err_format(exc_TypeError, "ord() expected string of length 1, but %T found", c);
}

static Value bi_hash(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hash", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t h;
    if (obj_hash(args[0], &h) < 0)
        return VNULL;
    return int_from_i64(h);
}

static Value bi_id(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("id", nargs, kw, 1, 1) < 0)
        return VNULL;
    /* small ints are not objects: their word is their identity */
    return int_from_u64((uint64_t)args[0]);
}

/* ---- min / max / sum ---------------------------------------------------- */

static Value minmax(Value *args, int nargs, ObjTuple *kw, int op, const char *name)
{
    Value key = VNULL, dflt = VNULL;
    if (nargs == 0)
        return err_format(exc_TypeError, "%s expected at least 1 argument, got 0", name);
    if (kw) {
        for (int64_t i = 0; i < kw->len; i++) {
            ObjStr *k = AS_STR(kw->items[i]);
            if (kw_is(k, s_key)) key = args[nargs + i];
            else if (kw_is(k, s_default)) dflt = args[nargs + i];
            else return bad_kw(name, k);
        }
    }
    if (key && IS_NONE(key))
        key = VNULL;
    if (nargs > 1 && dflt)
        return err_format(exc_TypeError,
                          "Cannot specify a default for %s() with multiple positional arguments", name);
    Value it = VNULL, seq = VNULL;
    int64_t pos = 0;
    if (nargs == 1) {
        it = obj_iter(args[0]);
        if (!it)
            return VNULL;
    } else {
        seq = tuple_from(args, nargs); /* keeps the args reachable */
        if (!seq)
            return VNULL;
    }
    Value best = VNULL, bestkey = VNULL;
    for (;;) {
        Value x;
        if (it) {
            x = obj_next(it);
            if (!x) {
                if (err_occurred())
                    return VNULL;
                break;
            }
        } else {
            if (pos >= AS_TUPLE(seq)->len)
                break;
            x = AS_TUPLE(seq)->items[pos++];
        }
        Value k = x;
        if (key) {
            k = obj_call1(key, x);
            if (!k)
                return VNULL;
        }
        if (!best) {
            best = x;
            bestkey = k;
            continue;
        }
        int better;
        if (IS_INT(k) && IS_INT(bestkey))
            better = op == CMP_GT ? AS_INT(k) > AS_INT(bestkey) : AS_INT(k) < AS_INT(bestkey);
        else if ((better = obj_richcmp_bool(k, bestkey, op)) < 0)
            return VNULL;
        if (better) {
            best = x;
            bestkey = k;
        }
    }
    if (!best) {
        if (dflt)
            return dflt;
        return err_format(exc_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
}

static Value bi_min(Value *args, int nargs, ObjTuple *kw) { return minmax(args, nargs, kw, CMP_LT, "min"); }
static Value bi_max(Value *args, int nargs, ObjTuple *kw) { return minmax(args, nargs, kw, CMP_GT, "max"); }

static Value bi_sum(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "start", NULL};
    Value a[2];
    if (args_parse("sum", args, nargs, kw, params, 1, 2, a) < 0)
        return VNULL;
    Value acc = a[1] ? a[1] : MK_INT(0);
    if (IS_STR(acc))
        return err_set(exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (IS_BYTES(acc))
        return err_set(exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    Value it = obj_iter(a[0]);
    if (!it)
        return VNULL;
    Value x;
    /* fast paths: a run of small ints, then a run of floats */
    if (IS_INT(acc)) {
        int64_t s = AS_INT(acc);
        while ((x = obj_next(it))) {
            int64_t r;
            if (IS_INT(x) && !__builtin_add_overflow(s, AS_INT(x), &r) && FITS_SMALLINT(r)) {
                s = r;
                continue;
            }
            acc = int_from_i64(s);
            goto general; /* x is not added yet */
        }
        if (err_occurred())
            return VNULL;
        return int_from_i64(s);
    }
    for (;;) {
        x = obj_next(it);
        if (!x)
            break;
    general:
        if (IS_FLOAT(acc)) {
            double d = AS_FLOAT(acc);
            for (;;) {
                if (IS_FLOAT(x))
                    d += AS_FLOAT(x);
                else if (IS_INT(x))
                    d += (double)AS_INT(x);
                else
                    break;
                x = obj_next(it);
                if (!x) {
                    if (err_occurred())
                        return VNULL;
                    return float_new(d);
                }
            }
            acc = float_new(d);
        }
        acc = obj_binop(acc, x, NB_ADD);
        if (!acc)
            return VNULL;
    }
    if (err_occurred())
        return VNULL;
    return acc;
}

static Value bi_any_all(Value *args, int nargs, ObjTuple *kw, bool any)
{
    if (args_check(any ? "any" : "all", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value it = obj_iter(args[0]);
    if (!it)
        return VNULL;
    Value x;
    while ((x = obj_next(it))) {
        int t = x == TRUE_V ? 1 : x == FALSE_V ? 0 : obj_truthy(x);
        if (t < 0)
            return VNULL;
        if (t == any)
            return BOOL_V(any);
    }
    if (err_occurred())
        return VNULL;
    return BOOL_V(!any);
}

static Value bi_any(Value *args, int nargs, ObjTuple *kw) { return bi_any_all(args, nargs, kw, true); }
static Value bi_all(Value *args, int nargs, ObjTuple *kw) { return bi_any_all(args, nargs, kw, false); }

static Value bi_sorted(Value *args, int nargs, ObjTuple *kw)
{
    Value key = VNULL, rev = VNULL;
    if (kw) {
        for (int64_t i = 0; i < kw->len; i++) {
            ObjStr *k = AS_STR(kw->items[i]);
            if (kw_is(k, s_key)) key = args[nargs + i];
            else if (kw_is(k, s_reverse)) rev = args[nargs + i];
            else return bad_kw("sort", k);
        }
    }
    if (nargs != 1)
        return err_format(exc_TypeError, nargs == 0 ? "sorted expected 1 argument, got 0"
                                                    : "sorted expected 1 argument, got %d", nargs);
    int r = 0;
    if (rev && (r = obj_truthy(rev)) < 0)
        return VNULL;
    Value l = obj_to_list(args[0]);
    if (!l)
        return VNULL;
    if (IS_LIST(args[0]) && l == args[0]) { /* never sort the caller's list */
        l = list_from(AS_LIST(args[0])->items, AS_LIST(args[0])->len);
        if (!l)
            return VNULL;
    }
    if (!list_sort(l, key && !IS_NONE(key) ? key : VNULL, r))
        return VNULL;
    return l;
}

/* ---- objects ------------------------------------------------------------ */

static Value bi_len(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("len", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value x = args[0];
    if (IS_STR(x))
        return MK_INT(AS_STR(x)->ncp);
    if (IS_LIST(x))
        return MK_INT(AS_LIST(x)->len);
    if (IS_TUPLE(x))
        return MK_INT(AS_TUPLE(x)->len);
    if (IS_DICT(x))
        return MK_INT(AS_DICT(x)->len);
    int64_t n = obj_len(x);
    if (n < 0)
        return VNULL;
    return int_from_i64(n);
}

static Value bi_repr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("repr", nargs, kw, 1, 1) < 0)
        return VNULL;
    return obj_repr(args[0]);
}

static Value bi_ascii(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ascii", nargs, kw, 1, 1) < 0)
        return VNULL;
    return obj_ascii(args[0]);
}

static Value bi_format(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("format", nargs, kw, 1, 2) < 0)
        return VNULL;
    Value spec = nargs > 1 ? args[1] : str_new("", 0);
    if (!spec)
        return VNULL;
    if (!IS_STR(spec))
        return err_format(exc_TypeError, "format() argument 2 must be str, not %T", spec);
    return str_format_spec(args[0], AS_STR(spec));
}

static Value bi_iter(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("iter", nargs, kw, 1, 2) < 0)
        return VNULL;
    if (nargs == 1)
        return obj_iter(args[0]);
    if (!TYPE(args[0])->call)
        return err_set(exc_TypeError, "iter(v, w): v must be callable");
    return iterators_callable_iter(args[0], args[1]);
}

static Value bi_next(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("next", nargs, kw, 1, 2) < 0)
        return VNULL;
    Value it = args[0];
    if (!TYPE(it)->next)
        return err_format(exc_TypeError, "'%T' object is not an iterator", it);
    if (IS_TYPE_EXACT(it, &type_generator)) {
        /* __next__ raises StopIteration(return value); the slot does not */
        Value m = type_lookup(&type_generator, s_next);
        if (m) {
            Value r = obj_call1(m, it);
            if (!r && nargs == 2 && err_matches(exc_StopIteration)) {
                err_clear();
                return args[1];
            }
            return r;
        }
    }
    Value x = obj_next_raw(it);
    if (x)
        return x;
    if (err_occurred()) {
        if (nargs == 2 && err_matches(exc_StopIteration)) {
            err_clear();
            return args[1];
        }
        return VNULL;
    }
    if (nargs == 2)
        return args[1];
    return err_set_value(exc_new(exc_StopIteration, NULL));
}

static ObjStr *attr_name(Value v, const char *fn)
{
    if (!IS_STR(v) && !(IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_str))) {
        (void)fn;
        err_format(exc_TypeError, "attribute name must be string, not '%T'", v);
        return NULL;
    }
    return str_intern_obj(AS_STR(v));
}

static Value bi_getattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getattr", nargs, kw, 2, 3) < 0)
        return VNULL;
    ObjStr *name = attr_name(args[1], "getattr");
    if (!name)
        return VNULL;
    if (nargs == 2)
        return obj_getattr(args[0], name);
    /* A missing attribute costs no AttributeError (and no message to
     * format) where the lookup can tell without one: getattr(x, name,
     * default) is how asyncio's Task.__step asks every result it gets. */
    Value v = obj_getattr_opt(args[0], name);
    if (!v && !err_occurred())
        return args[2];
    return v;
}

static Value bi_hasattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("hasattr", nargs, kw, 2, 2) < 0)
        return VNULL;
    ObjStr *name = attr_name(args[1], "hasattr");
    if (!name)
        return VNULL;
    Value v = obj_getattr_opt(args[0], name);
    if (v)
        return TRUE_V;
    if (!err_occurred())
        return FALSE_V;
    return VNULL;
}

static Value bi_setattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setattr", nargs, kw, 3, 3) < 0)
        return VNULL;
    ObjStr *name = attr_name(args[1], "setattr");
    if (!name || obj_setattr(args[0], name, args[2]) < 0)
        return VNULL;
    return NONE;
}

static Value bi_delattr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("delattr", nargs, kw, 2, 2) < 0)
        return VNULL;
    ObjStr *name = attr_name(args[1], "delattr");
    if (!name || obj_setattr(args[0], name, VNULL) < 0)
        return VNULL;
    return NONE;
}

static Value bi_callable(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("callable", nargs, kw, 1, 1) < 0)
        return VNULL;
    return BOOL_V(TYPE(args[0])->call != NULL);
}

static Value bi_isinstance(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("isinstance", nargs, kw, 2, 2) < 0)
        return VNULL;
    Value cls = args[1];
    if (IS_OBJ(cls) && AS_OBJ(cls)->type == &type_type &&
        type_is_subtype(TYPE(args[0]), AS_TYPE(cls)))
        return TRUE_V;
    int r = obj_isinstance_v(args[0], cls);
    if (r < 0)
        return VNULL;
    return BOOL_V(r);
}

static Value bi_issubclass(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("issubclass", nargs, kw, 2, 2) < 0)
        return VNULL;
    int r = obj_issubclass_v(args[0], args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value bi_vars(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("vars", nargs, kw, 0, 1) < 0)
        return VNULL;
    if (nargs == 0)
        return vm_current_locals();
    Value d = obj_getattr(args[0], s_dict);
    if (!d && err_matches(exc_AttributeError)) {
        err_clear();
        return err_set(exc_TypeError, "vars() argument must have __dict__ attribute");
    }
    return d;
}

static int add_keys(Value set, Value d)
{
    if (!d || !IS_DICT(d))
        return 0;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(d), &pos, &k, &v))
        if (dict_set(set, k, NONE) < 0)
            return -1;
    return 0;
}

static Value sorted_keys(Value d)
{
    Value l = dict_keys_list(d);
    if (!l || !list_sort(l, VNULL, false))
        return VNULL;
    return l;
}

static Value bi_dir(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("dir", nargs, kw, 0, 1) < 0)
        return VNULL;
    if (nargs == 0) {
        Value loc = vm_current_locals();
        if (!loc)
            return VNULL;
        return sorted_keys(loc);
    }
    Value o = args[0];
    Type *t = TYPE(o);
    if (t->flags & TF_HEAPTYPE) { /* a class may define __dir__ */
        bool found;
        Value r = call_dunder(o, s_dir, NULL, 0, &found);
        if (found) {
            if (!r)
                return VNULL;
            Value l = obj_to_list(r);
            if (!l || !list_sort(l, VNULL, false))
                return VNULL;
            return l;
        }
    }
    Value set = dict_new();
    if (!set)
        return VNULL;
    if (IS_MODULE(o))
        return sorted_keys(OBJ_VAL(AS_MODULE(o)->dict));
    Value d = obj_getattr_opt(o, s_dict);
    if (!d && err_occurred())
        err_clear();
    if (add_keys(set, d) < 0)
        return VNULL;
    Type *start = IS_TYPEOBJ(o) ? AS_TYPE(o) : t;
    if (start->mro) { /* every class of the MRO, not only the first bases */
        for (int64_t i = 0; i < start->mro->len; i++) {
            Type *c = AS_TYPE(start->mro->items[i]);
            if (c->dict && add_keys(set, OBJ_VAL(c->dict)) < 0)
                return VNULL;
        }
    } else {
        for (Type *c = start; c; c = c->base)
            if (c->dict && add_keys(set, OBJ_VAL(c->dict)) < 0)
                return VNULL;
    }
    return sorted_keys(set);
}

static Value bi_globals(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("globals", nargs, kw, 0, 0) < 0)
        return VNULL;
    return vm_current_globals();
}

static Value bi_locals(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("locals", nargs, kw, 0, 0) < 0)
        return VNULL;
    return vm_current_locals();
}

static Value bi_super(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs == 0 && !kw)
        return vm_super_noargs();
    if (args_check("super", nargs, kw, 1, 2) < 0)
        return VNULL;
    if (!type_super.tp_new)
        return err_set(exc_RuntimeError, "super(): not available");
    return type_super.tp_new(&type_super, args, nargs, NULL);
}

static Value bi_exit(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("exit", nargs, kw, 0, 1) < 0)
        return VNULL;
    Value t = tuple_from(args, nargs);
    if (!t)
        return VNULL;
    return err_set_value(exc_new(exc_SystemExit, AS_TUPLE(t)));
}

/* ---- code --------------------------------------------------------------- */

/* With tree (compile's PyCF_ONLY_AST), *tree gets the source's _ast nodes
 * instead (VNULL on error) and the result is NULL. */
static ObjCode *source_code(Value src, const char *fname, int mode, const char *caller, Value *tree)
{
    if (IS_CODE(src))
        return AS_CODE(src);
    const char *p;
    size_t len;
    Value text = NONE; /* the decoded source: keeps p alive during compile */
    if (!IS_STR(src) && !IS_BYTES(src) && !IS_CODE(src) && obj_has_buffer(src)) {
        /* bytearray, memoryview …: compiled from a copy of their bytes */
        src = bytes_from_object(src, "bytes");
        if (!src)
            return NULL;
    }
    if (IS_STR(src)) {
        p = AS_STR(src)->data;
        len = (size_t)AS_STR(src)->len;
    } else if (IS_BYTES(src)) {
        p = (const char *)AS_BYTES(src)->data;
        len = (size_t)AS_BYTES(src)->len;
        text = codec_source_text(p, len, fname, false); /* PEP 263 */
        if (!text)
            return NULL;
        if (!IS_NONE(text)) {
            p = AS_STR(text)->data;
            len = (size_t)AS_STR(text)->len;
        } else if (!utf8_valid(p, len)) {
            exc_unicode_decode("utf-8", (const uint8_t *)p, len, 0, 1, "invalid start byte");
            return NULL;
        }
    } else {
        err_format(exc_TypeError, "%s() arg 1 must be a string, bytes or %s object", caller,
                   strcmp(caller, "compile") ? "code" : "AST");
        return NULL;
    }
    if (memchr(p, '\0', len)) {
        err_set(exc_SyntaxError, "source code string cannot contain null bytes");
        return NULL;
    }
    if (tree) {
        *tree = ast_from_source(p, len, fname, mode);
        return NULL;
    }
    /* eval ignores leading spaces and tabs, as CPython does */
    if (mode == COMPILE_EVAL)
        while (len && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
    return compile_source(p, len, fname, mode, NULL);
}

static Value run_in(ObjCode *code, Value g, Value l, const char *fn)
{
    if (g && IS_NONE(g))
        g = VNULL;
    if (l && IS_NONE(l))
        l = VNULL;
    if (g && !IS_DICT(g))
        return err_format(exc_TypeError, "%s() globals must be a dict, not %T", fn, g);
    if (!g) {
        g = vm_current_globals();
        if (!g)
            return VNULL;
        if (!l) {
            l = vm_current_locals();
            if (!l)
                return VNULL;
        }
    } else if (!l) {
        l = g;
    }
    if (!dict_get_str(AS_DICT(g), s_builtins)) {
        Value b = dict_get_str(vm_modules, s_builtins);
        if (dict_set_str(AS_DICT(g), s_builtins, b ? b : OBJ_VAL(vm_builtins)) < 0)
            return VNULL;
    }
    if (!IS_DICT(l))
        return err_format(exc_TypeError, "locals must be a mapping");
    return vm_run_code(code, AS_DICT(g), AS_DICT(l));
}

static Value bi_eval(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "globals", "locals", NULL};
    Value a[3];
    if (args_parse("eval", args, nargs, kw, params, 1, 3, a) < 0)
        return VNULL;
    ObjCode *code = source_code(a[0], "<string>", COMPILE_EVAL, "eval", NULL);
    if (!code)
        return VNULL;
    return run_in(code, a[1], a[2], "eval");
}

static Value bi_exec(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "globals", "locals", NULL};
    Value a[3];
    if (args_parse("exec", args, nargs, kw, params, 1, 3, a) < 0)
        return VNULL;
    ObjCode *code = source_code(a[0], "<string>", COMPILE_EXEC, "exec", NULL);
    if (!code)
        return VNULL;
    Value r = run_in(code, a[1], a[2], "exec");
    return r ? NONE : VNULL;
}

static Value bi_compile(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"source", "filename", "mode", "flags", "dont_inherit",
                                         "optimize", "_feature_version", NULL};
    Value a[7]; /* _feature_version (ast.parse passes it) is not used: one grammar, 3.11's */
    if (args_parse("compile", args, nargs, kw, params, 3, 6, a) < 0)
        return VNULL;
    if (!IS_STR(a[1]))
        return err_format(exc_TypeError, "compile() argument 'filename' must be str, not %T", a[1]);
    if (!IS_STR(a[2]))
        return err_format(exc_TypeError, "compile() argument 'mode' must be str, not %T", a[2]);
    const char *m = AS_STR(a[2])->data;
    int mode = !strcmp(m, "exec") ? COMPILE_EXEC : !strcmp(m, "eval") ? COMPILE_EVAL
               : !strcmp(m, "single") ? COMPILE_SINGLE : -1;
    if (mode < 0)
        return err_set(exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
    /* optimize: -1 (the default) is the interpreter's level (-O) */
    int saved = compile_optimize;
    if (a[5] && !IS_NONE(a[5])) {
        if (!IS_INT(a[5]))
            return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", a[5]);
        int64_t o = AS_INT(a[5]);
        if (o < -1 || o > 2)
            return err_set(exc_ValueError, "compile(): invalid optimize value");
        if (o >= 0)
            compile_optimize = (int)o;
    }
    if (a[3] && IS_INT(a[3]) && (AS_INT(a[3]) & 0x400) && !IS_CODE(a[0])) {
        compile_optimize = saved; /* PyCF_ONLY_AST: the tree, as _ast nodes */
        Value tree = VNULL;
        source_code(a[0], AS_STR(a[1])->data, mode, "compile", &tree);
        return tree;
    }
    ObjCode *code = source_code(a[0], AS_STR(a[1])->data, mode, "compile", NULL);
    compile_optimize = saved;
    return code ? OBJ_VAL(code) : VNULL;
}


/* ---- registration ------------------------------------------------------- */

static const MethodDef builtin_fns[] = {
    {"print", bi_print},       {"input", bi_input},       {"len", bi_len},
    {"abs", bi_abs},           {"min", bi_min},           {"max", bi_max},
    {"sum", bi_sum},           {"sorted", bi_sorted},     {"any", bi_any},
    {"all", bi_all},           {"repr", bi_repr},         {"ascii", bi_ascii},
    {"hash", bi_hash},         {"id", bi_id},             {"round", bi_round},
    {"divmod", bi_divmod},     {"pow", bi_pow},           {"chr", bi_chr},
    {"ord", bi_ord},           {"hex", bi_hex},           {"oct", bi_oct},
    {"bin", bi_bin},           {"format", bi_format},     {"iter", bi_iter},
    {"next", bi_next},         {"getattr", bi_getattr},   {"setattr", bi_setattr},
    {"hasattr", bi_hasattr},   {"delattr", bi_delattr},   {"callable", bi_callable},
    {"isinstance", bi_isinstance}, {"issubclass", bi_issubclass},
    {"__build_class__", type_build_class},
    {"vars", bi_vars},         {"dir", bi_dir},           {"globals", bi_globals},
    {"locals", bi_locals},     {"super", bi_super},       {"exit", bi_exit},
    {"quit", bi_exit},         {"open", file_open_builtin}, {"eval", bi_eval},
    {"exec", bi_exec},         {"compile", bi_compile},   {"__import__", import_builtin_import},
    {NULL, NULL},
};

static void bind(const char *name, Value v)
{
    dict_set_str(vm_builtins, str_intern_cstr(name), v);
}

void builtins_init(void)
{
    intern(&s_sep, "sep");
    intern(&s_end, "end");
    intern(&s_file, "file");
    intern(&s_flush, "flush");
    intern(&s_key, "key");
    intern(&s_default, "default");
    intern(&s_reverse, "reverse");
    intern(&s_start, "start");
    intern(&s_dict, "__dict__");
    intern(&s_abs, "__abs__");
    intern(&s_round, "__round__");
    intern(&s_divmod, "__divmod__");
    intern(&s_rdivmod, "__rdivmod__");
    intern(&s_pow, "__pow__");
    intern(&s_dir, "__dir__");
    intern(&s_builtins, "__builtins__");
    intern(&s_base, "base");
    intern(&s_exp, "exp");
    intern(&s_mod, "mod");
    intern(&s_ndigits, "ndigits");
    intern(&s_space, " ");
    intern(&s_next, "__next__");
    intern(&s_newline, "\n");

    if (!vm_builtins) {
        vm_builtins = AS_DICT(dict_new());
        gc_add_root_obj((Obj **)&vm_builtins);
    }
    for (const MethodDef *m = builtin_fns; m->name; m++)
        bind(m->name, native_new(m->name, m->fn, VNULL));

    static Type *const types[] = {
        &type_object, &type_type, &type_int, &type_bool, &type_float, &type_complex, &type_str,
        &type_bytes, &type_bytearray, &type_memoryview, &type_list, &type_tuple, &type_dict,
        &type_set, &type_frozenset,
        &type_range, &type_slice, &type_enumerate, &type_zip, &type_map, &type_filter,
        &type_reversed, &type_property, &type_staticmethod, &type_classmethod, NULL,
    };
    for (int i = 0; types[i]; i++)
        if (types[i]->name)
            bind(types[i]->name, OBJ_VAL(types[i]));
    const ExcEntryName *ex;
    int n = exc_all(&ex);
    for (int i = 0; i < n; i++)
        bind(ex[i].name, OBJ_VAL(ex[i].type));

    bind("None", NONE);
    bind("True", TRUE_V);
    bind("False", FALSE_V);
    bind("NotImplemented", NOTIMPL);
    bind("Ellipsis", ELLIPSIS);
    bind("__debug__", TRUE_V);
    bind("__name__", OBJ_VAL(str_intern_cstr("builtins")));

    /* the builtins module shares vm_builtins as its dict */
    if (vm_modules && !dict_get_str(vm_modules, str_intern_cstr("builtins"))) {
        Value m = module_new(str_intern_cstr("builtins"));
        if (m) {
            AS_MODULE(m)->dict = vm_builtins;
            dict_set_str(vm_modules, str_intern_cstr("builtins"), m);
        }
    }
}
