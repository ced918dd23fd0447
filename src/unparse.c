/* unparse.c — an expression's AST back to source text, normalised the way
 * CPython's compiler writes annotations under `from __future__ import
 * annotations` (and ast.unparse prints them): minimal parentheses by
 * precedence, single spaces around binary operators, repr() of constants.
 */
#include "unparse.h"

#include <math.h>

#include "complexobj.h"
#include "gc.h"
#include "vm.h"

/* precedence levels, loosest first */
enum {
    PR_TUPLE, PR_TEST, PR_OR, PR_AND, PR_NOT, PR_CMP, PR_EXPR, PR_BOR = PR_EXPR, PR_BXOR, PR_BAND, PR_SHIFT,
    PR_ARITH, PR_TERM, PR_FACTOR, PR_POWER, PR_AWAIT, PR_ATOM
};

static void un(StrBuf *b, Node *e, int level);

static const char *const binop_text[] = {" + ", " - ", " * ", " / ", " // ", " % ", " ** ",
                                         " << ", " >> ", " & ", " | ", " ^ ", " @ "};
static const int binop_prec[] = {PR_ARITH, PR_ARITH, PR_TERM, PR_TERM, PR_TERM, PR_TERM, PR_POWER,
                                 PR_SHIFT, PR_SHIFT, PR_BAND, PR_BOR, PR_BXOR, PR_TERM};
static const char *const cmp_text[] = {" < ", " <= ", " == ", " != ", " > ", " >= ", " in ", " not in ", " is ",
                                       " is not "};

static void add_value_repr(StrBuf *b, Value v)
{
    if (v == ELLIPSIS) {
        sb_adds(b, "...");
        return;
    }
    /* infinities have no literal: CPython writes 1e309 */
    if (IS_FLOAT(v) && isinf(AS_FLOAT(v))) {
        sb_adds(b, AS_FLOAT(v) < 0 ? "-1e309" : "1e309");
        return;
    }
    if (IS_COMPLEX(v) && (isinf(AS_COMPLEX(v)->re) || isinf(AS_COMPLEX(v)->im))) {
        sb_adds(b, "1e309j");
        return;
    }
    Value r = obj_repr(v);
    if (r) sb_add(b, AS_STR(r)->data, (size_t)AS_STR(r)->len);
    else err_clear();
}

static void seq(StrBuf *b, NodeList *l, int level)
{
    for (int i = 0; i < l->len; i++) {
        if (i) sb_adds(b, ", ");
        un(b, l->items[i], level);
    }
}

static void arg_list(StrBuf *b, Args *a)
{
    bool first = true;
#define SEP() do { if (!first) sb_adds(b, ", "); first = false; } while (0)
    for (int i = 0; i < a->args.len; i++) {
        SEP();
        Node *p = a->args.items[i];
        sb_adds(b, p->name);
        if (p->a) {
            sb_addc(b, '=');
            un(b, p->a, PR_TEST);
        }
        if (i + 1 == a->nposonly) sb_adds(b, ", /");
    }
    if (a->vararg || a->kwonly.len) {
        SEP();
        sb_addc(b, '*');
        if (a->vararg) sb_adds(b, a->vararg->name);
    }
    for (int i = 0; i < a->kwonly.len; i++) {
        SEP();
        Node *p = a->kwonly.items[i];
        sb_adds(b, p->name);
        if (p->a) {
            sb_addc(b, '=');
            un(b, p->a, PR_TEST);
        }
    }
    if (a->kwarg) {
        SEP();
        sb_adds(b, "**");
        sb_adds(b, a->kwarg->name);
    }
#undef SEP
}

static void comp_clauses(StrBuf *b, NodeList *gens)
{
    for (int i = 0; i < gens->len; i++) {
        Node *g = gens->items[i];
        sb_adds(b, g->op ? " async for " : " for ");
        un(b, g->a, PR_TUPLE);
        sb_adds(b, " in ");
        un(b, g->b, PR_TEST + 1);
        for (int k = 0; k < g->l1.len; k++) {
            sb_adds(b, " if ");
            un(b, g->l1.items[k], PR_TEST + 1);
        }
    }
}

/* The inside of an f-string, as f'...' text */
static void fstring_body(StrBuf *b, NodeList *parts, bool spec)
{
    for (int i = 0; i < parts->len; i++) {
        Node *p = parts->items[i];
        if (p->kind == E_CONST && IS_STR(p->v)) {
            ObjStr *s = AS_STR(p->v);
            for (int64_t k = 0; k < s->len; k++) {
                char c = s->data[k];
                if (c == '{' || c == '}') sb_addc(b, c); /* doubled */
                sb_addc(b, c);
            }
            continue;
        }
        sb_addc(b, '{');
        StrBuf inner;
        sb_init(&inner);
        un(&inner, p->a, PR_TEST + 1);
        Value t = sb_finish(&inner);
        if (t && AS_STR(t)->len && AS_STR(t)->data[0] == '{') sb_addc(b, ' ');
        if (t) sb_add(b, AS_STR(t)->data, (size_t)AS_STR(t)->len);
        if (p->op) {
            sb_addc(b, '!');
            sb_addc(b, "xsra"[p->op]);
        }
        if (p->b) {
            sb_addc(b, ':');
            fstring_body(b, &p->b->l1, true);
        }
        sb_addc(b, '}');
    }
    (void)spec;
}

static void un(StrBuf *b, Node *e, int level)
{
    switch (e->kind) {
    case E_NAME: sb_adds(b, e->name); break;
    case E_CONST: {
        /* the parser folds -1 into a constant: it still reads as a unary minus */
        Value v = e->v;
        bool neg = (IS_INT(v) && AS_INT(v) < 0) || (IS_FLOAT(v) && signbit(AS_FLOAT(v))) ||
                   (IS_BIGINT(v) && mpz_sgn(AS_BIGINT(v)->z) < 0);
        if (neg && level > PR_FACTOR) sb_addc(b, '(');
        add_value_repr(b, v);
        if (neg && level > PR_FACTOR) sb_addc(b, ')');
        break;
    }
    case E_JOINEDSTR: {
        StrBuf body;
        sb_init(&body);
        fstring_body(&body, &e->l1, false);
        Value t = sb_finish(&body);
        Value r = t ? obj_repr(t) : VNULL;
        sb_addc(b, 'f');
        if (r) sb_add(b, AS_STR(r)->data, (size_t)AS_STR(r)->len);
        break;
    }
    case E_TUPLE:
        if (e->l1.len == 0) {
            sb_adds(b, "()");
            break;
        }
        if (level > PR_TUPLE) sb_addc(b, '(');
        seq(b, &e->l1, PR_TEST);
        if (e->l1.len == 1) sb_addc(b, ',');
        if (level > PR_TUPLE) sb_addc(b, ')');
        break;
    case E_LIST:
        sb_addc(b, '[');
        seq(b, &e->l1, PR_TEST);
        sb_addc(b, ']');
        break;
    case E_SET:
        sb_addc(b, '{');
        seq(b, &e->l1, PR_TEST);
        sb_addc(b, '}');
        break;
    case E_DICT:
        sb_addc(b, '{');
        for (int i = 0; i < e->l1.len; i++) {
            if (i) sb_adds(b, ", ");
            if (e->l1.items[i]) {
                un(b, e->l1.items[i], PR_TEST);
                sb_adds(b, ": ");
                un(b, e->l2.items[i], PR_TEST);
            } else {
                sb_adds(b, "**");
                un(b, e->l2.items[i], PR_EXPR);
            }
        }
        sb_addc(b, '}');
        break;
    case E_BINOP: {
        int pr = binop_prec[e->op];
        bool right_assoc = e->op == NB_POW;
        if (level > pr) sb_addc(b, '(');
        un(b, e->a, right_assoc ? pr + 1 : pr);
        sb_adds(b, binop_text[e->op]);
        un(b, e->b, right_assoc ? pr : pr + 1);
        if (level > pr) sb_addc(b, ')');
        break;
    }
    case E_UNARY:
        if (level > PR_FACTOR) sb_addc(b, '(');
        sb_addc(b, "-+~"[e->op]);
        un(b, e->a, PR_FACTOR);
        if (level > PR_FACTOR) sb_addc(b, ')');
        break;
    case E_NOT:
        if (level > PR_NOT) sb_addc(b, '(');
        sb_adds(b, "not ");
        un(b, e->a, PR_NOT);
        if (level > PR_NOT) sb_addc(b, ')');
        break;
    case E_BOOLOP: {
        int pr = e->op ? PR_OR : PR_AND;
        if (level > pr) sb_addc(b, '(');
        for (int i = 0; i < e->l1.len; i++) {
            if (i) sb_adds(b, e->op ? " or " : " and ");
            un(b, e->l1.items[i], pr + 1);
        }
        if (level > pr) sb_addc(b, ')');
        break;
    }
    case E_COMPARE:
        if (level > PR_CMP) sb_addc(b, '(');
        un(b, e->a, PR_CMP + 1);
        for (int i = 0; i < e->l1.len; i++) {
            sb_adds(b, cmp_text[e->ops[i]]);
            un(b, e->l1.items[i], PR_CMP + 1);
        }
        if (level > PR_CMP) sb_addc(b, ')');
        break;
    case E_IFEXP:
        if (level > PR_TEST) sb_addc(b, '(');
        un(b, e->b, PR_TEST + 1);
        sb_adds(b, " if ");
        un(b, e->a, PR_TEST + 1);
        sb_adds(b, " else ");
        un(b, e->c, PR_TEST);
        if (level > PR_TEST) sb_addc(b, ')');
        break;
    case E_LAMBDA: {
        if (level > PR_TEST) sb_addc(b, '(');
        Args *a = e->args;
        bool any = a->args.len || a->kwonly.len || a->vararg || a->kwarg;
        sb_adds(b, any ? "lambda " : "lambda");
        arg_list(b, a);
        sb_adds(b, ": ");
        un(b, e->a, PR_TEST);
        if (level > PR_TEST) sb_addc(b, ')');
        break;
    }
    case E_CALL: {
        un(b, e->a, PR_ATOM);
        bool genexp_only = e->l1.len == 1 && !e->l2.len && e->l1.items[0]->kind == E_GENEXP;
        if (genexp_only) {
            un(b, e->l1.items[0], PR_TEST);
            break;
        }
        sb_addc(b, '(');
        bool first = true;
        for (int i = 0; i < e->l1.len; i++, first = false) {
            if (!first) sb_adds(b, ", ");
            un(b, e->l1.items[i], PR_TEST);
        }
        for (int i = 0; i < e->l2.len; i++, first = false) {
            if (!first) sb_adds(b, ", ");
            Node *k = e->l2.items[i];
            if (k->name) {
                sb_adds(b, k->name);
                sb_addc(b, '=');
            } else {
                sb_adds(b, "**");
            }
            un(b, k->a, PR_TEST);
        }
        sb_addc(b, ')');
        break;
    }
    case E_ATTR:
        un(b, e->a, PR_ATOM);
        /* 1 .real: an int literal needs the space */
        if (e->a->kind == E_CONST && (IS_INT(e->a->v) || IS_BIGINT(e->a->v))) sb_addc(b, ' ');
        sb_addc(b, '.');
        sb_adds(b, e->name);
        break;
    case E_SUBSCR:
        un(b, e->a, PR_ATOM);
        sb_addc(b, '[');
        if (e->b->kind == E_TUPLE && e->b->l1.len > 0) {
            seq(b, &e->b->l1, PR_TEST);
            if (e->b->l1.len == 1) sb_addc(b, ',');
        } else {
            un(b, e->b, PR_TUPLE);
        }
        sb_addc(b, ']');
        break;
    case E_SLICE:
        if (e->a) un(b, e->a, PR_TEST);
        sb_addc(b, ':');
        if (e->b) un(b, e->b, PR_TEST);
        if (e->c) {
            sb_addc(b, ':');
            un(b, e->c, PR_TEST);
        }
        break;
    case E_STARRED:
        sb_addc(b, '*');
        un(b, e->a, PR_EXPR);
        break;
    case E_LISTCOMP: case E_SETCOMP: case E_GENEXP:
        sb_addc(b, e->kind == E_LISTCOMP ? '[' : e->kind == E_SETCOMP ? '{' : '(');
        un(b, e->a, PR_TEST);
        comp_clauses(b, &e->l1);
        sb_addc(b, e->kind == E_LISTCOMP ? ']' : e->kind == E_SETCOMP ? '}' : ')');
        break;
    case E_DICTCOMP:
        sb_addc(b, '{');
        un(b, e->a, PR_TEST);
        sb_adds(b, ": ");
        un(b, e->b, PR_TEST);
        comp_clauses(b, &e->l1);
        sb_addc(b, '}');
        break;
    case E_YIELD:
        sb_adds(b, e->a ? "(yield " : "(yield");
        if (e->a) un(b, e->a, PR_TEST);
        sb_addc(b, ')');
        break;
    case E_YIELDFROM:
        sb_adds(b, "(yield from ");
        un(b, e->a, PR_TEST);
        sb_addc(b, ')');
        break;
    case E_AWAIT:
        if (level > PR_AWAIT) sb_addc(b, '(');
        sb_adds(b, "await ");
        un(b, e->a, PR_ATOM);
        if (level > PR_AWAIT) sb_addc(b, ')');
        break;
    case E_NAMEDEXPR:
        if (level > PR_TUPLE) sb_addc(b, '(');
        un(b, e->a, PR_ATOM);
        sb_adds(b, " := ");
        un(b, e->b, PR_ATOM);
        if (level > PR_TUPLE) sb_addc(b, ')');
        break;
    default: break; /* not an expression kind: nothing else reaches here */
    }
}

Value unparse_annotation(Node *e)
{
    StrBuf b;
    sb_init(&b);
    un(&b, e, PR_TEST);
    return sb_finish(&b);
}
