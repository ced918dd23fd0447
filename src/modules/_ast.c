/* _ast.c — the node classes of Python 3.11's abstract syntax (Lib/ast.py
 * does `from _ast import *`).
 *
 * The classes are made at import from one table that follows the order of
 * CPython's Parser/Python.asdl: a sum type ("expr") becomes an abstract
 * class whose constructors ("Name") derive from it, a product type
 * ("arguments") a class of its own.  Each entry gives the fields in ASDL
 * notation ("identifier id, expr_context ctx"): the names make _fields and
 * __match_args__, the text makes __doc__, and an optional field ("expr?")
 * is None on the class, as in CPython, so a node built without it reads
 * None.  The base class AST has the generic constructor (positional
 * arguments by _fields, then keywords) and __reduce__.
 */
#include <stdarg.h>
#include <string.h>

#include "compiler.h"
#include "gc.h"
#include "modules.h"
#include "vm.h"

typedef struct {
    const char *name;
    const char *base;   /* the sum type a constructor belongs to, else NULL */
    const char *fields; /* ASDL field list; NULL for a sum type */
    const char *attrs;  /* _attributes of a sum or product type (ASDL) */
} NodeDef;

static const NodeDef nodes[] = {
    {"mod", NULL, NULL, ""},
    {"Module", "mod", "stmt* body, type_ignore* type_ignores", NULL},
    {"Interactive", "mod", "stmt* body", NULL},
    {"Expression", "mod", "expr body", NULL},
    {"FunctionType", "mod", "expr* argtypes, expr returns", NULL},
    {"stmt", NULL, NULL, "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"FunctionDef", "stmt", "identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment", NULL},
    {"AsyncFunctionDef", "stmt", "identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment", NULL},
    {"ClassDef", "stmt", "identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list", NULL},
    {"Return", "stmt", "expr? value", NULL},
    {"Delete", "stmt", "expr* targets", NULL},
    {"Assign", "stmt", "expr* targets, expr value, string? type_comment", NULL},
    {"AugAssign", "stmt", "expr target, operator op, expr value", NULL},
    {"AnnAssign", "stmt", "expr target, expr annotation, expr? value, int simple", NULL},
    {"For", "stmt", "expr target, expr iter, stmt* body, stmt* orelse, string? type_comment", NULL},
    {"AsyncFor", "stmt", "expr target, expr iter, stmt* body, stmt* orelse, string? type_comment", NULL},
    {"While", "stmt", "expr test, stmt* body, stmt* orelse", NULL},
    {"If", "stmt", "expr test, stmt* body, stmt* orelse", NULL},
    {"With", "stmt", "withitem* items, stmt* body, string? type_comment", NULL},
    {"AsyncWith", "stmt", "withitem* items, stmt* body, string? type_comment", NULL},
    {"Match", "stmt", "expr subject, match_case* cases", NULL},
    {"Raise", "stmt", "expr? exc, expr? cause", NULL},
    {"Try", "stmt", "stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody", NULL},
    {"TryStar", "stmt", "stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody", NULL},
    {"Assert", "stmt", "expr test, expr? msg", NULL},
    {"Import", "stmt", "alias* names", NULL},
    {"ImportFrom", "stmt", "identifier? module, alias* names, int? level", NULL},
    {"Global", "stmt", "identifier* names", NULL},
    {"Nonlocal", "stmt", "identifier* names", NULL},
    {"Expr", "stmt", "expr value", NULL},
    {"Pass", "stmt", "", NULL},
    {"Break", "stmt", "", NULL},
    {"Continue", "stmt", "", NULL},
    {"expr", NULL, NULL, "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"BoolOp", "expr", "boolop op, expr* values", NULL},
    {"NamedExpr", "expr", "expr target, expr value", NULL},
    {"BinOp", "expr", "expr left, operator op, expr right", NULL},
    {"UnaryOp", "expr", "unaryop op, expr operand", NULL},
    {"Lambda", "expr", "arguments args, expr body", NULL},
    {"IfExp", "expr", "expr test, expr body, expr orelse", NULL},
    {"Dict", "expr", "expr* keys, expr* values", NULL},
    {"Set", "expr", "expr* elts", NULL},
    {"ListComp", "expr", "expr elt, comprehension* generators", NULL},
    {"SetComp", "expr", "expr elt, comprehension* generators", NULL},
    {"DictComp", "expr", "expr key, expr value, comprehension* generators", NULL},
    {"GeneratorExp", "expr", "expr elt, comprehension* generators", NULL},
    {"Await", "expr", "expr value", NULL},
    {"Yield", "expr", "expr? value", NULL},
    {"YieldFrom", "expr", "expr value", NULL},
    {"Compare", "expr", "expr left, cmpop* ops, expr* comparators", NULL},
    {"Call", "expr", "expr func, expr* args, keyword* keywords", NULL},
    {"FormattedValue", "expr", "expr value, int conversion, expr? format_spec", NULL},
    {"JoinedStr", "expr", "expr* values", NULL},
    {"Constant", "expr", "constant value, string? kind", NULL},
    {"Attribute", "expr", "expr value, identifier attr, expr_context ctx", NULL},
    {"Subscript", "expr", "expr value, expr slice, expr_context ctx", NULL},
    {"Starred", "expr", "expr value, expr_context ctx", NULL},
    {"Name", "expr", "identifier id, expr_context ctx", NULL},
    {"List", "expr", "expr* elts, expr_context ctx", NULL},
    {"Tuple", "expr", "expr* elts, expr_context ctx", NULL},
    {"Slice", "expr", "expr? lower, expr? upper, expr? step", NULL},
    {"expr_context", NULL, NULL, ""},
    {"Load", "expr_context", "", NULL},
    {"Store", "expr_context", "", NULL},
    {"Del", "expr_context", "", NULL},
    {"boolop", NULL, NULL, ""},
    {"And", "boolop", "", NULL},
    {"Or", "boolop", "", NULL},
    {"operator", NULL, NULL, ""},
    {"Add", "operator", "", NULL},
    {"Sub", "operator", "", NULL},
    {"Mult", "operator", "", NULL},
    {"MatMult", "operator", "", NULL},
    {"Div", "operator", "", NULL},
    {"Mod", "operator", "", NULL},
    {"Pow", "operator", "", NULL},
    {"LShift", "operator", "", NULL},
    {"RShift", "operator", "", NULL},
    {"BitOr", "operator", "", NULL},
    {"BitXor", "operator", "", NULL},
    {"BitAnd", "operator", "", NULL},
    {"FloorDiv", "operator", "", NULL},
    {"unaryop", NULL, NULL, ""},
    {"Invert", "unaryop", "", NULL},
    {"Not", "unaryop", "", NULL},
    {"UAdd", "unaryop", "", NULL},
    {"USub", "unaryop", "", NULL},
    {"cmpop", NULL, NULL, ""},
    {"Eq", "cmpop", "", NULL},
    {"NotEq", "cmpop", "", NULL},
    {"Lt", "cmpop", "", NULL},
    {"LtE", "cmpop", "", NULL},
    {"Gt", "cmpop", "", NULL},
    {"GtE", "cmpop", "", NULL},
    {"Is", "cmpop", "", NULL},
    {"IsNot", "cmpop", "", NULL},
    {"In", "cmpop", "", NULL},
    {"NotIn", "cmpop", "", NULL},
    {"comprehension", NULL, "expr target, expr iter, expr* ifs, int is_async", ""},
    {"excepthandler", NULL, NULL, "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"ExceptHandler", "excepthandler", "expr? type, identifier? name, stmt* body", NULL},
    {"arguments", NULL, "arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults", ""},
    {"arg", NULL, "identifier arg, expr? annotation, string? type_comment", "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"keyword", NULL, "identifier? arg, expr value", "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"alias", NULL, "identifier name, identifier? asname", "int lineno, int col_offset, int? end_lineno, int? end_col_offset"},
    {"withitem", NULL, "expr context_expr, expr? optional_vars", ""},
    {"match_case", NULL, "pattern pattern, expr? guard, stmt* body", ""},
    {"pattern", NULL, NULL, "int lineno, int col_offset, int end_lineno, int end_col_offset"},
    {"MatchValue", "pattern", "expr value", NULL},
    {"MatchSingleton", "pattern", "constant value", NULL},
    {"MatchSequence", "pattern", "pattern* patterns", NULL},
    {"MatchMapping", "pattern", "expr* keys, pattern* patterns, identifier? rest", NULL},
    {"MatchClass", "pattern", "expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns", NULL},
    {"MatchStar", "pattern", "identifier? name", NULL},
    {"MatchAs", "pattern", "pattern? pattern, identifier? name", NULL},
    {"MatchOr", "pattern", "pattern* patterns", NULL},
    {"type_ignore", NULL, NULL, ""},
    {"TypeIgnore", "type_ignore", "int lineno, string tag", NULL},
    {NULL, NULL, NULL, NULL},
};

static Type *ast_base; /* AST */
static ObjDict *ast_ns; /* the _ast module's dict: the classes by name */

static ObjStr *name_of(const char *s) { return str_intern_cstr(s); }

/* The names of an ASDL field list ("expr* elts, expr_context ctx") as a
 * tuple; with opt, only the optional ones ("expr? value"). */
static Value field_names(const char *spec, bool opt)
{
    Value list = list_new(0);
    const char *p = spec;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *sp = memchr(p, ' ', len);
        bool is_opt = sp && sp > p && sp[-1] == '?';
        if (sp && (!opt || is_opt)) {
            Value n = OBJ_VAL(str_intern(sp + 1, len - (size_t)(sp + 1 - p)));
            if (list_append(list, n) < 0)
                return VNULL;
        }
        p = end ? end + 2 : NULL;
    }
    return tuple_from(AS_LIST(list)->items, AS_LIST(list)->len);
}

/* Grow a malloc'd C string by s. */
static void buf_add(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = mem_realloc(*buf, *len + 1, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* "Name(identifier id, expr_context ctx)", or "Load" without fields. */
static void doc_add_ctor(char **buf, size_t *len, const NodeDef *d)
{
    buf_add(buf, len, d->name);
    if (d->fields[0]) {
        buf_add(buf, len, "(");
        buf_add(buf, len, d->fields);
        buf_add(buf, len, ")");
    }
}

static Value make_doc(const NodeDef *d)
{
    char *buf = mem_alloc(1);
    size_t len = 0;
    buf[0] = 0;
    if (d->fields) {
        doc_add_ctor(&buf, &len, d);
    } else { /* "expr = BoolOp(boolop op, expr* values)\n     | ..." */
        buf_add(&buf, &len, d->name);
        buf_add(&buf, &len, " = ");
        bool multi_line = false;
        for (const NodeDef *c = d + 1; c->name && c->base; c++)
            if (c->fields[0])
                multi_line = true;
        bool first = true;
        for (const NodeDef *c = d + 1; c->name && c->base; c++) {
            if (!first) {
                if (multi_line) {
                    buf_add(&buf, &len, "\n");
                    for (size_t i = 0; i <= strlen(d->name); i++)
                        buf_add(&buf, &len, " ");
                    buf_add(&buf, &len, "| ");
                } else {
                    buf_add(&buf, &len, " | ");
                }
            }
            first = false;
            doc_add_ctor(&buf, &len, c);
        }
    }
    Value s = str_new(buf, len);
    mem_free(buf, len + 1);
    return s;
}

/* Set ns[name] = None for each optional name of an ASDL list. */
static int set_optional_none(ObjDict *ns, const char *spec)
{
    Value opt = field_names(spec, true);
    if (!opt)
        return -1;
    for (int64_t i = 0; i < AS_TUPLE(opt)->len; i++)
        if (dict_set_str(ns, AS_STR(AS_TUPLE(opt)->items[i]), NONE) < 0)
            return -1;
    return 0;
}

static Value make_class(ObjModule *m, const NodeDef *d)
{
    Value base = OBJ_VAL(ast_base);
    if (d->base && !(base = dict_get_str(m->dict, name_of(d->base))))
        return err_format(exc_SystemError, "_ast: no base %s", d->base);
    Value ns = dict_new();
    ObjDict *nd = AS_DICT(ns);
    Value fields = field_names(d->fields ? d->fields : "", false);
    if (!fields)
        return VNULL;
    dict_set_str(nd, name_of("_fields"), fields);
    dict_set_str(nd, name_of("__match_args__"), fields);
    dict_set_str(nd, name_of("__module__"), str_from_cstr("ast"));
    Value doc = make_doc(d);
    if (!doc)
        return VNULL;
    dict_set_str(nd, name_of("__doc__"), doc);
    if (d->attrs) {
        Value attrs = field_names(d->attrs, false);
        if (!attrs || dict_set_str(nd, name_of("_attributes"), attrs) < 0 ||
            set_optional_none(nd, d->attrs) < 0)
            return VNULL;
    }
    if (d->fields && set_optional_none(nd, d->fields) < 0)
        return VNULL;
    Value cls = type_new_class(name_of(d->name), AS_TUPLE(tuple_pack(1, base)), nd);
    if (!cls)
        return VNULL;
    module_add(m, d->name, cls);
    return cls;
}

/* AST.__init__(self, *args, **kwargs): positional arguments fill _fields
 * in order, keywords set any attribute. */
static Value ast_init(Value *args, int nargs, ObjTuple *kwnames)
{
    Value self = args[0];
    Value fields = obj_getattr_opt(OBJ_VAL(TYPE(self)), name_of("_fields"));
    if (!fields) {
        if (vm_cur->exc)
            return VNULL;
        fields = tuple_new(0);
    }
    Value seq = obj_to_tuple(fields);
    if (!seq)
        return VNULL;
    Value *names = IS_TUPLE(seq) ? AS_TUPLE(seq)->items : AS_LIST(seq)->items;
    int64_t nfields = IS_TUPLE(seq) ? AS_TUPLE(seq)->len : AS_LIST(seq)->len;
    int npos = nargs - 1;
    if (npos > nfields)
        return err_format(exc_TypeError, "%N constructor takes at most %lld positional argument%s",
                          TYPE(self)->name_str, (long long)nfields, nfields == 1 ? "" : "s");
    for (int i = 0; i < npos; i++) {
        if (!IS_STR(names[i]))
            return err_format(exc_TypeError, "attribute name must be string, not '%T'", names[i]);
        if (obj_setattr(self, AS_STR(names[i]), args[1 + i]) < 0)
            return VNULL;
    }
    int nkw = kwnames ? (int)kwnames->len : 0;
    for (int k = 0; k < nkw; k++) {
        ObjStr *key = AS_STR(kwnames->items[k]);
        for (int i = 0; i < npos; i++) {
            int eq = obj_eq(names[i], OBJ_VAL(key));
            if (eq < 0)
                return VNULL;
            if (eq)
                return err_format(exc_TypeError, "%N got multiple values for argument '%N'",
                                  TYPE(self)->name_str, key);
        }
        if (obj_setattr(self, key, args[nargs + k]) < 0)
            return VNULL;
    }
    return NONE;
}

/* AST.__reduce__: (type(self), (), self.__dict__) */
static Value ast_reduce(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("__reduce__", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    Value d = obj_getattr_opt(args[0], name_of("__dict__"));
    if (!d) {
        if (vm_cur->exc)
            return VNULL;
        return tuple_pack(2, OBJ_VAL(TYPE(args[0])), tuple_new(0));
    }
    return tuple_pack(3, OBJ_VAL(TYPE(args[0])), tuple_new(0), d);
}

static const IntConstDef ast_consts[] = {
    {"PyCF_ONLY_AST", 0x400},
    {"PyCF_TYPE_COMMENTS", 0x1000},
    {"PyCF_ALLOW_TOP_LEVEL_AWAIT", 0x2000},
    {NULL, 0},
};

Value mod_ast_init(void)
{
    ObjModule *m = AS_MODULE(module_new(str_intern_cstr("_ast")));
    if (!ast_base) {
        Value ns = dict_new();
        ObjDict *nd = AS_DICT(ns);
        Value empty = tuple_new(0);
        dict_set_str(nd, name_of("__module__"), str_from_cstr("ast"));
        dict_set_str(nd, name_of("_fields"), empty);
        dict_set_str(nd, name_of("_attributes"), empty);
        dict_set_str(nd, name_of("__match_args__"), empty);
        Value cls = type_new_class(name_of("AST"), AS_TUPLE(tuple_pack(1, OBJ_VAL(&type_object))),
                                   nd);
        if (!cls)
            return VNULL;
        ast_base = AS_TYPE(cls);
        gc_add_root_obj((Obj **)&ast_base);
        type_add_method(ast_base, "__init__", ast_init);
        type_add_method(ast_base, "__reduce__", ast_reduce);
        ObjStr *init = name_of("__init__");
        if (type_setattr_slots(ast_base, init, dict_get_str(ast_base->dict, init)) < 0)
            return VNULL;
    }
    module_add(m, "AST", OBJ_VAL(ast_base));
    for (const NodeDef *d = nodes; d->name; d++)
        if (!make_class(m, d))
            return VNULL;
    module_add_ints(m, ast_consts);
    if (!ast_ns) {
        ast_ns = m->dict;
        gc_add_root_obj((Obj **)&ast_ns);
    }
    return OBJ_VAL(m);
}

/* ---- ast.parse: baton's parser tree (ast.h) as node objects ---------- */


/* A new node of class cls; the values of its _fields follow, then the
 * position of at (if not NULL) sets the _attributes. */
static Value mk(const char *cls, Node *at, ...)
{
    Value c = dict_get_str(ast_ns, name_of(cls));
    Value node = instance_new(AS_TYPE(c));
    Value fields = dict_get_str(AS_TYPE(c)->dict, name_of("_fields"));
    va_list ap;
    va_start(ap, at);
    for (int64_t i = 0; i < AS_TUPLE(fields)->len; i++) {
        Value v = va_arg(ap, Value);
        if (!v) {
            va_end(ap);
            return VNULL;
        }
        if (obj_setattr(node, AS_STR(AS_TUPLE(fields)->items[i]), v) < 0) {
            va_end(ap);
            return VNULL;
        }
    }
    va_end(ap);
    if (at) {
        static const char *const attrs[] = {"lineno", "col_offset", "end_lineno", "end_col_offset"};
        int pos[4] = {at->line, at->col, at->end_line, at->end_col};
        for (int i = 0; i < 4; i++)
            if (obj_setattr(node, name_of(attrs[i]), int_from_i64(pos[i])) < 0)
                return VNULL;
    }
    return node;
}

static Value singleton(const char *cls) { return mk(cls, NULL); }
static Value str_or_none(const char *s) { return s ? str_from_cstr(s) : NONE; }

static Value conv_expr(Node *n, const char *ctx);
static Value conv_stmts(NodeList *l);
static Value conv_pattern(Node *n);

static Value conv_exprs(NodeList *l, const char *ctx)
{
    Value list = list_new(0);
    for (int i = 0; i < l->len; i++) {
        Value v = l->items[i] ? conv_expr(l->items[i], ctx) : NONE;
        if (!v || list_append(list, v) < 0)
            return VNULL;
    }
    return list;
}

static Value opt_expr(Node *n) { return n ? conv_expr(n, "Load") : NONE; }

static const char *const binop_names[] = {"Add", "Sub", "Mult", "Div", "FloorDiv", "Mod", "Pow",
                                          "LShift", "RShift", "BitAnd", "BitOr", "BitXor", "MatMult"};
static const char *const cmp_names[] = {"Lt", "LtE", "Eq", "NotEq", "Gt", "GtE", "In", "NotIn",
                                        "Is", "IsNot"};

static Value conv_arg(Node *a)
{
    return mk("arg", a, str_from_cstr(a->name), opt_expr(a->c), NONE);
}

static Value conv_args(Args *args)
{
    Value posonly = list_new(0), pos = list_new(0), kwonly = list_new(0), kwd = list_new(0),
          defaults = list_new(0);
    if (args) {
        for (int i = 0; i < args->args.len; i++) {
            Node *a = args->args.items[i];
            Value v = conv_arg(a);
            if (!v || list_append(i < args->nposonly ? posonly : pos, v) < 0)
                return VNULL;
            if (a->a && (!(v = conv_expr(a->a, "Load")) || list_append(defaults, v) < 0))
                return VNULL;
        }
        for (int i = 0; i < args->kwonly.len; i++) {
            Node *a = args->kwonly.items[i];
            Value v = conv_arg(a), d = opt_expr(a->a);
            if (!v || !d || list_append(kwonly, v) < 0 || list_append(kwd, d) < 0)
                return VNULL;
        }
    }
    Value va = args && args->vararg ? conv_arg(args->vararg) : NONE;
    Value kw = args && args->kwarg ? conv_arg(args->kwarg) : NONE;
    return mk("arguments", NULL, posonly, pos, va, kwonly, kwd, kw, defaults);
}

static Value conv_list(NodeList *l, Value (*f)(Node *))
{
    Value list = list_new(0);
    for (int i = 0; i < l->len; i++) {
        Value v = f(l->items[i]);
        if (!v || list_append(list, v) < 0)
            return VNULL;
    }
    return list;
}

static Value conv_comp(Node *n)
{
    return mk("comprehension", NULL, conv_expr(n->a, "Store"), conv_expr(n->b, "Load"),
              conv_exprs(&n->l1, "Load"), int_from_i64(n->op));
}

static Value conv_keyword(Node *n)
{
    return mk("keyword", n, str_or_none(n->name), conv_expr(n->a, "Load"));
}

static Value conv_expr(Node *n, const char *ctx)
{
    switch (n->kind) {
    case E_NAME: return mk("Name", n, str_from_cstr(n->name), singleton(ctx));
    case E_CONST: return n->b ? conv_expr(n->b, ctx) : mk("Constant", n, n->v, NONE);
    case E_JOINEDSTR: return mk("JoinedStr", n, conv_exprs(&n->l1, "Load"));
    case E_FORMATTED: {
        static const int conv[] = {-1, 's', 'r', 'a'};
        return mk("FormattedValue", n, conv_expr(n->a, "Load"), int_from_i64(conv[n->op & 3]),
                  opt_expr(n->b));
    }
    case E_TUPLE: return mk("Tuple", n, conv_exprs(&n->l1, ctx), singleton(ctx));
    case E_LIST: return mk("List", n, conv_exprs(&n->l1, ctx), singleton(ctx));
    case E_SET: return mk("Set", n, conv_exprs(&n->l1, "Load"));
    case E_DICT: return mk("Dict", n, conv_exprs(&n->l1, "Load"), conv_exprs(&n->l2, "Load"));
    case E_BINOP:
        return mk("BinOp", n, conv_expr(n->a, "Load"), singleton(binop_names[n->op]),
                  conv_expr(n->b, "Load"));
    case E_UNARY: {
        static const char *const un[] = {"USub", "UAdd", "Invert"};
        return mk("UnaryOp", n, singleton(un[n->op]), conv_expr(n->a, "Load"));
    }
    case E_NOT: return mk("UnaryOp", n, singleton("Not"), conv_expr(n->a, "Load"));
    case E_BOOLOP:
        return mk("BoolOp", n, singleton(n->op ? "Or" : "And"), conv_exprs(&n->l1, "Load"));
    case E_COMPARE: {
        Value ops = list_new(0);
        for (int i = 0; i < n->l1.len; i++)
            if (list_append(ops, singleton(cmp_names[n->ops[i]])) < 0)
                return VNULL;
        return mk("Compare", n, conv_expr(n->a, "Load"), ops, conv_exprs(&n->l1, "Load"));
    }
    case E_IFEXP:
        return mk("IfExp", n, conv_expr(n->a, "Load"), conv_expr(n->b, "Load"),
                  conv_expr(n->c, "Load"));
    case E_LAMBDA: return mk("Lambda", n, conv_args(n->args), conv_expr(n->a, "Load"));
    case E_CALL:
        return mk("Call", n, conv_expr(n->a, "Load"), conv_exprs(&n->l1, "Load"),
                  conv_list(&n->l2, conv_keyword));
    case E_ATTR: return mk("Attribute", n, conv_expr(n->a, "Load"), str_from_cstr(n->name), singleton(ctx));
    case E_SUBSCR:
        return mk("Subscript", n, conv_expr(n->a, "Load"), conv_expr(n->b, "Load"), singleton(ctx));
    case E_SLICE: return mk("Slice", n, opt_expr(n->a), opt_expr(n->b), opt_expr(n->c));
    case E_STARRED: return mk("Starred", n, conv_expr(n->a, ctx), singleton(ctx));
    case E_LISTCOMP: return mk("ListComp", n, conv_expr(n->a, "Load"), conv_list(&n->l1, conv_comp));
    case E_SETCOMP: return mk("SetComp", n, conv_expr(n->a, "Load"), conv_list(&n->l1, conv_comp));
    case E_GENEXP: return mk("GeneratorExp", n, conv_expr(n->a, "Load"), conv_list(&n->l1, conv_comp));
    case E_DICTCOMP:
        return mk("DictComp", n, conv_expr(n->a, "Load"), conv_expr(n->b, "Load"),
                  conv_list(&n->l1, conv_comp));
    case E_YIELD: return mk("Yield", n, opt_expr(n->a));
    case E_YIELDFROM: return mk("YieldFrom", n, conv_expr(n->a, "Load"));
    case E_NAMEDEXPR: return mk("NamedExpr", n, conv_expr(n->a, "Store"), conv_expr(n->b, "Load"));
    case E_AWAIT: return mk("Await", n, conv_expr(n->a, "Load"));
    default:
        return err_format(exc_SystemError, "_ast: unexpected expression node %d", n->kind);
    }
}

static Value conv_alias(Node *n) { return mk("alias", n, str_from_cstr(n->name), str_or_none(n->name2)); }
static Value conv_handler(Node *n)
{
    return mk("ExceptHandler", n, opt_expr(n->a), str_or_none(n->name), conv_stmts(&n->l1));
}
static Value conv_withitem(Node *n)
{
    return mk("withitem", NULL, conv_expr(n->a, "Load"), n->b ? conv_expr(n->b, "Store") : NONE);
}
static Value conv_case(Node *n)
{
    return mk("match_case", NULL, conv_pattern(n->a), opt_expr(n->b), conv_stmts(&n->l1));
}
static Value name_str(Node *n) { return str_from_cstr(n->name); }

static Value conv_pattern(Node *n)
{
    switch (n->kind) {
    case P_VALUE: return mk("MatchValue", n, conv_expr(n->a, "Load"));
    case P_SINGLETON: return mk("MatchSingleton", n, n->v);
    case P_SEQUENCE: return mk("MatchSequence", n, conv_list(&n->l1, conv_pattern));
    case P_STAR: return mk("MatchStar", n, str_or_none(n->name));
    case P_MAPPING: {
        Value keys = list_new(0);
        for (int i = 0; i < n->l1.len; i++) {
            Node *k = n->l1.items[i];
            Value v = k->kind == P_VALUE ? conv_expr(k->a, "Load") : mk("Constant", k, k->v, NONE);
            if (!v || list_append(keys, v) < 0)
                return VNULL;
        }
        return mk("MatchMapping", n, keys, conv_list(&n->l2, conv_pattern), str_or_none(n->name));
    }
    case P_CLASS: {
        Value names = list_new(0), pats = list_new(0);
        for (int i = 0; i < n->l2.len; i++) {
            Node *k = n->l2.items[i];
            Value p = conv_pattern(k->a);
            if (!p || list_append(names, name_str(k)) < 0 || list_append(pats, p) < 0)
                return VNULL;
        }
        return mk("MatchClass", n, conv_expr(n->a, "Load"), conv_list(&n->l1, conv_pattern), names, pats);
    }
    case P_AS: return mk("MatchAs", n, n->a ? conv_pattern(n->a) : NONE, str_or_none(n->name));
    case P_OR: return mk("MatchOr", n, conv_list(&n->l1, conv_pattern));
    default:
        return err_format(exc_SystemError, "_ast: unexpected pattern node %d", n->kind);
    }
}

static Value conv_stmt(Node *n)
{
    switch (n->kind) {
    case S_EXPR: return mk("Expr", n, conv_expr(n->a, "Load"));
    case S_ASSIGN: return mk("Assign", n, conv_exprs(&n->l1, "Store"), conv_expr(n->a, "Load"), NONE);
    case S_AUGASSIGN:
        return mk("AugAssign", n, conv_expr(n->a, "Store"), singleton(binop_names[n->op]),
                  conv_expr(n->b, "Load"));
    case S_ANNASSIGN:
        return mk("AnnAssign", n, conv_expr(n->a, "Store"), conv_expr(n->c, "Load"), opt_expr(n->b),
                  int_from_i64(n->a->kind == E_NAME && !n->a->gline));
    case S_PASS: return mk("Pass", n);
    case S_BREAK: return mk("Break", n);
    case S_CONTINUE: return mk("Continue", n);
    case S_DEL: return mk("Delete", n, conv_exprs(&n->l1, "Del"));
    case S_RETURN: return mk("Return", n, opt_expr(n->a));
    case S_RAISE: return mk("Raise", n, opt_expr(n->a), opt_expr(n->b));
    case S_GLOBAL: return mk("Global", n, conv_list(&n->l1, name_str));
    case S_NONLOCAL: return mk("Nonlocal", n, conv_list(&n->l1, name_str));
    case S_IMPORT: return mk("Import", n, conv_list(&n->l1, conv_alias));
    case S_IMPORTFROM:
        return mk("ImportFrom", n, n->name && n->name[0] ? str_from_cstr(n->name) : NONE,
                  conv_list(&n->l1, conv_alias), int_from_i64(n->op));
    case S_IF: return mk("If", n, conv_expr(n->a, "Load"), conv_stmts(&n->l1), conv_stmts(&n->l2));
    case S_WHILE: return mk("While", n, conv_expr(n->a, "Load"), conv_stmts(&n->l1), conv_stmts(&n->l2));
    case S_FOR:
        return mk(n->op ? "AsyncFor" : "For", n, conv_expr(n->a, "Store"), conv_expr(n->b, "Load"),
                  conv_stmts(&n->l1), conv_stmts(&n->l2), NONE);
    case S_TRY:
        return mk(n->op ? "TryStar" : "Try", n, conv_stmts(&n->l1), conv_list(&n->l2, conv_handler),
                  conv_stmts(&n->l3), conv_stmts(&n->l4));
    case S_WITH:
        return mk(n->op ? "AsyncWith" : "With", n, conv_list(&n->l1, conv_withitem), conv_stmts(&n->l2),
                  NONE);
    case S_FUNCDEF:
        return mk(n->op ? "AsyncFunctionDef" : "FunctionDef", n, str_from_cstr(n->name),
                  conv_args(n->args), conv_stmts(&n->l1), conv_exprs(&n->l2, "Load"), opt_expr(n->c),
                  NONE);
    case S_CLASSDEF:
        return mk("ClassDef", n, str_from_cstr(n->name), conv_exprs(&n->l1, "Load"),
                  conv_list(&n->l4, conv_keyword), conv_stmts(&n->l2), conv_exprs(&n->l3, "Load"));
    case S_ASSERT: return mk("Assert", n, conv_expr(n->a, "Load"), opt_expr(n->b));
    case S_MATCH: return mk("Match", n, conv_expr(n->a, "Load"), conv_list(&n->l1, conv_case));
    default:
        return err_format(exc_SystemError, "_ast: unexpected statement node %d", n->kind);
    }
}

static Value conv_stmts(NodeList *l) { return conv_list(l, conv_stmt); }

static Value tree_sink(NodeList *body, Node *expr, void *ctx)
{
    int mode = *(int *)ctx;
    if (mode == COMPILE_EVAL)
        return mk("Expression", NULL, conv_expr(expr, "Load"));
    if (mode == COMPILE_SINGLE)
        return mk("Interactive", NULL, conv_stmts(body));
    return mk("Module", NULL, conv_stmts(body), list_new(0));
}

Value ast_from_source(const char *src, size_t len, const char *filename, int mode)
{
    if (!ast_ns) {
        Value m = vm_import(str_intern_cstr("_ast"));
        if (!m)
            return VNULL;
    }
    return compile_source_ast(src, len, filename, mode, tree_sink, &mode);
}
