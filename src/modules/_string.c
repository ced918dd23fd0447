/* modules/_string.c — the C half of CPython's Lib/string.py: the parsers
 * string.Formatter builds on, over the template scanner str.format uses
 * (strformat.c), so both read templates alike and raise the same errors.
 *
 *   formatter_parser(s)            -> iterator of (literal, field_name,
 *                                     format_spec, conversion)
 *   formatter_field_name_split(s)  -> (first, iterator of (is_attr, key))
 */
#include "modsupport.h"
#include "iterators.h"
#include "modules.h"

/* Both iterators: the str they read and how far they have got. */
typedef struct {
    Obj obj;
    Value str;
    size_t pos;
} ObjFmtIter;

static void fmtiter_trace(Obj *o) { gc_mark(((ObjFmtIter *)o)->str); }

static Value substr(const char *p, size_t n) { return p ? str_new(p, n) : NONE; }

static Value formatteriter_next(Value self)
{
    ObjFmtIter *it = (ObjFmtIter *)AS_OBJ(self);
    ObjStr *s = AS_STR(it->str);
    FmtPiece f;
    if (fmt_next_piece(s->data, (size_t)s->len, &it->pos, &f) <= 0)
        return VNULL; /* the end, or the ValueError it set */
    Value lit = str_new(f.lit, f.lit_len);
    Value name = f.field ? str_new(f.name, f.name_len) : NONE;
    Value spec = f.field ? str_new(f.has_spec ? f.spec : "", f.spec_len) : NONE;
    Value conv = substr(f.conv, f.conv_len);
    if (!lit || !name || !spec || !conv)
        return VNULL;
    return tuple_pack(4, lit, name, spec, conv);
}

static Value fieldnameiter_next(Value self)
{
    ObjFmtIter *it = (ObjFmtIter *)AS_OBJ(self);
    ObjStr *s = AS_STR(it->str);
    FmtPart part;
    if (fmt_field_next(s->data, (size_t)s->len, &it->pos, &part) <= 0)
        return VNULL;
    Value key = part.index >= 0 ? int_from_i64(part.index) : str_new(part.name, part.name_len);
    if (!key)
        return VNULL;
    return tuple_pack(2, BOOL_V(part.is_attr), key);
}

static Type type_formatteriter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "formatteriterator",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjFmtIter),
    .trace = fmtiter_trace,
    .iter = iterators_self,
    .next = formatteriter_next,
};

static Type type_fieldnameiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "fieldnameiterator",
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjFmtIter),
    .trace = fmtiter_trace,
    .iter = iterators_self,
    .next = fieldnameiter_next,
};

static ObjFmtIter *iter_new(Type *t, Value s, size_t pos)
{
    ObjFmtIter *it = (ObjFmtIter *)gc_new(t, sizeof(ObjFmtIter));
    it->str = s;
    it->pos = pos;
    return it;
}

/* The one argument, a str (CPython's message otherwise). */
static Value str_arg(const char *fname, Value *args, int nargs, ObjTuple *kw)
{
    if (args_check(fname, nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!STR_CHECK(args[0]))
        return err_format(exc_TypeError, "expected str, got %s", TYPE(args[0])->name);
    return args[0];
}

static Value f_formatter_parser(Value *args, int nargs, ObjTuple *kw)
{
    Value s = str_arg("_string.formatter_parser", args, nargs, kw);
    return s ? OBJ_VAL(iter_new(&type_formatteriter, s, 0)) : VNULL;
}

static Value f_formatter_field_name_split(Value *args, int nargs, ObjTuple *kw)
{
    Value s = str_arg("_string.formatter_field_name_split", args, nargs, kw);
    if (!s)
        return VNULL;
    size_t first_len;
    int64_t idx = fmt_field_first(AS_STR(s)->data, (size_t)AS_STR(s)->len, &first_len);
    if (idx == -2)
        return VNULL;
    Value first = idx >= 0 ? int_from_i64(idx) : str_new(AS_STR(s)->data, first_len);
    if (!first)
        return VNULL;
    ObjFmtIter *rest = iter_new(&type_fieldnameiter, s, first_len);
    return tuple_pack(2, first, OBJ_VAL(rest));
}

Value mod_string_init(void)
{
    static bool ready;
    if (!ready) {
        type_ready(&type_formatteriter, NULL);
        type_ready(&type_fieldnameiter, NULL);
        ready = true;
    }
    Value m = module_new(str_intern_cstr("_string"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("string helper module"));
    module_add(mod, "formatter_parser",
               native_new("formatter_parser", f_formatter_parser, VNULL));
    module_add(mod, "formatter_field_name_split",
               native_new("formatter_field_name_split", f_formatter_field_name_split, VNULL));
    return m;
}
