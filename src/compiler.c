/* compiler.c — AST to code objects.
 *
 * Two passes, as in CPython: a symbol-table pass (scopes, what each name
 * is: local, global, free, cell) and a code-generation pass emitting the
 * instructions of opcodes.h into one Unit per code object.  Jumps go to
 * labels resolved at the end; a flow analysis then computes the exact
 * maximum stack depth and each exception handler's depth, and the
 * zero-cost exception table is built from the handler each instruction was
 * emitted under (runs of equal handlers become ExcEntry ranges).
 *
 * try/except/finally/with follow CPython 3.11's layout: handlers start with
 * PUSH_EXC_INFO, and a "cleanup" entry covering each handler restores the
 * previous exc_info (ROT_TWO, POP_EXCEPT, RERAISE) if the handler raises.
 * return/break/continue unwind the compile-time block stack (fblocks):
 * popping for-loop iterators, running finally bodies, calling __exit__.
 */
#include <stdarg.h>

#include "compiler.h"
#include "coro.h"
#include "gc.h"
#include "opcodes.h"
#include "parser.h"
#include "positions.h"
#include "unparse.h"
#include "str.h"
#include "vm.h"

/* ---- Symbol table ----------------------------------------------------- */

enum { SC_MODULE, SC_FUNCTION, SC_CLASS };
/* symbol flags */
#define DEF_LOCAL 0x01u
#define DEF_PARAM 0x02u
#define DEF_GLOBAL 0x04u
#define DEF_NONLOCAL 0x08u
#define USE 0x10u
#define DEF_FREE_CLASS 0x20u /* a class binds it and also passes it on as free */
#define DEF_COMP_ITER 0x40u  /* a comprehension's iteration variable */
/* resolved kinds */
enum { R_NONE, R_LOCAL, R_GLOBAL_EXPLICIT, R_GLOBAL_IMPLICIT, R_FREE, R_CELL };

typedef struct {
    const char *name;
    uint32_t flags;
    int kind;
    int slot;
    int line, col;
    Node *decl;        /* its first global/nonlocal statement */
} Sym;

typedef struct Scope {
    int type;
    bool comprehension, generator, lambda, needs_class_cell, has_docstring;
    bool coroutine; /* async def, or a comprehension with await / async for */
    const char *name, *qualname;
    struct Scope *parent;
    struct Scope **children;
    int nchildren, capchildren;
    Sym *syms;
    int nsyms, capsyms;
    int *table; /* hash: index+1 into syms, 0 empty */
    int tabsize;
    Node *node;
    /* slots */
    int nlocals, nfree;
    int *cellslots;
    int ncells;
} Scope;

typedef struct Compiler Compiler;

NORETURN static void cerror(Compiler *C, Node *n, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* ---- Units (one code object being built) ------------------------------ */

typedef struct { int label; int depth; int setup; } Handler;

/* FB_POP_VALUE: a return value kept on the stack while a finally body runs
 * on the way out; a break/continue/return in that body drops it. */
enum FbType { FB_WHILE, FB_FOR, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_HANDLER, FB_WITH, FB_ASYNC_WITH,
              FB_EG_HANDLER /* the except* clauses: no break, continue or return out of them */,
              FB_POP_VALUE };

typedef struct {
    int type;
    int cont, brk;     /* loop labels */
    int outer;         /* handler active outside this block */
    Node *node;        /* FINALLY_TRY: the try node (finalbody); HANDLER: the handler */
} FBlock;

#define MAX_FBLOCKS 100

typedef struct { int end_line, col, end_col; } Pos;
typedef struct { int line, end_line, col, end_col; } Loc;

typedef struct Unit {
    Scope *sc;
    uint32_t *code, *lines;
    int *hnd;          /* handler of each instruction, -1 none */
    int n, cap;
    int *labels;
    int nlabels, caplabels;
    Handler *handlers;
    int nhandlers, caphandlers;
    int cur;           /* current handler */
    Value consts;      /* ObjList */
    Value names;       /* ObjList */
    int *ctab, ctabsize;  /* hash tables of indexes+1 */
    int *ntab, ntabsize;
    FBlock fb[MAX_FBLOCKS];
    int nfb;
    int line;          /* the location new instructions get: line, end_line, */
    int end_line, col, end_col; /* 0-based byte columns (-1: none), as CPython's co_positions */
    Pos *pos;          /* end_line/col/end_col of each instruction */
    int firstline;
    int bound_at;      /* instruction index the latest label was bound to */
} Unit;

struct Compiler {
    CompileErr *err;
    Arena *arena;
    const char *filename;
    int mode;
    bool name_ops;     /* module-level names through LOAD_NAME (COMPILE_EXEC) */
    Unit *u;
    Scope *cur_scope; /* symtable pass */
    int depth;
    bool interactive;
    Node *last_pattern; /* match statement */
    int comp_iter_expr; /* symtable: inside a comprehension's iterable */
    bool future_annotations; /* from __future__ import annotations: they stay text */
    bool comp_iter_target; /* symtable: binding a comprehension's iteration variable */
};

static void *calloc_a(Compiler *C, size_t n)
{
    void *p = arena_alloc(C->arena, n);
    if (!p) cerr_raise(C->err, exc_MemoryError, 0, -1, "out of memory");
    return p;
}

/* A SyntaxError at n; ranged: marking n's whole span (CPython's symtable
 * errors mark only its start). */
NORETURN static void vcerror(Compiler *C, Node *n, bool ranged, const char *fmt, va_list ap)
{
    char buf[300];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (ranged && n && ((n->end_line == n->line && n->end_col > n->col) || n->end_line > n->line))
        cerr_set_end(C->err, n->end_line, n->end_col);
    cerr_raise(C->err, exc_SyntaxError, n ? n->line : 0, n ? n->col : -1, "%s", buf);
}

static void cerror(Compiler *C, Node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcerror(C, n, true, fmt, ap);
}

NORETURN static void cerror_at(Compiler *C, Node *n, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void cerror_at(Compiler *C, Node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcerror(C, n, false, fmt, ap);
}

static void nomem(Compiler *C) { cerr_raise(C->err, exc_MemoryError, 0, -1, "out of memory"); }

/* Grow an arena array (old contents copied). */
static void *grow(Compiler *C, void *old, int n, int *cap, size_t elem)
{
    int nc = *cap ? *cap * 2 : 16;
    void *p = calloc_a(C, elem * (size_t)nc);
    if (old && n > 0) memcpy(p, old, elem * (size_t)n);
    *cap = nc;
    return p;
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static Sym *sym_find(Scope *s, const char *name)
{
    if (!s->tabsize) return NULL;
    uint32_t m = (uint32_t)s->tabsize - 1;
    for (uint32_t i = hash_str(name) & m;; i = (i + 1) & m) {
        int k = s->table[i];
        if (!k) return NULL;
        if (strcmp(s->syms[k - 1].name, name) == 0) return &s->syms[k - 1];
    }
}

static Sym *sym_add(Compiler *C, Scope *s, const char *name, uint32_t flags, Node *at)
{
    Sym *y = sym_find(s, name);
    if (y) {
        y->flags |= flags;
        return y;
    }
    if (s->nsyms == s->capsyms) s->syms = grow(C, s->syms, s->nsyms, &s->capsyms, sizeof(Sym));
    if ((s->nsyms + 1) * 2 > s->tabsize) {
        int ts = s->tabsize ? s->tabsize * 2 : 16;
        while ((s->nsyms + 1) * 2 > ts) ts *= 2;
        s->table = calloc_a(C, sizeof(int) * (size_t)ts);
        s->tabsize = ts;
        uint32_t m = (uint32_t)ts - 1;
        for (int k = 0; k < s->nsyms; k++) {
            uint32_t i = hash_str(s->syms[k].name) & m;
            while (s->table[i]) i = (i + 1) & m;
            s->table[i] = k + 1;
        }
    }
    y = &s->syms[s->nsyms++];
    y->name = name;
    y->flags = flags;
    y->kind = R_NONE;
    y->slot = -1;
    y->decl = NULL;
    y->line = at ? at->line : 0;
    y->col = at ? at->col : 0;
    uint32_t m = (uint32_t)s->tabsize - 1;
    uint32_t i = hash_str(name) & m;
    while (s->table[i]) i = (i + 1) & m;
    s->table[i] = s->nsyms;
    return y;
}

static Scope *scope_new(Compiler *C, int type, const char *name, Node *node)
{
    Scope *s = calloc_a(C, sizeof(Scope));
    s->type = type;
    s->name = name;
    s->node = node;
    s->parent = C->cur_scope;
    if (node) node->scope = s;
    if (s->parent) {
        Scope *p = s->parent;
        if (p->nchildren == p->capchildren) p->children = grow(C, p->children, p->nchildren, &p->capchildren, sizeof(Scope *));
        p->children[p->nchildren++] = s;
        /* qualified name */
        const char *pq = p->qualname;
        if (p->type == SC_MODULE) {
            s->qualname = name;
        } else {
            bool global_decl = false;
            Sym *y = sym_find(p, name);
            if (y && (y->flags & DEF_GLOBAL) && type != SC_MODULE) global_decl = true;
            size_t n = strlen(pq) + strlen(name) + 12;
            char *q = calloc_a(C, n);
            snprintf(q, n, p->type == SC_FUNCTION ? "%s.<locals>.%s" : "%s.%s", pq, name);
            s->qualname = global_decl ? name : q;
        }
    } else {
        s->qualname = name;
    }
    return s;
}

/* --- pass 0: private names --- */

/* Inside a class, "__x" (not "__x__", no dot) means "_Class__x" (CPython's
 * _Py_Mangle): the tree is rewritten before the symbol table, so every
 * later pass sees the mangled names.  A def or class statement keeps its
 * own __name__ (name) and gets the mangled target in name2. */
static const char *mangle_name(Compiler *C, const char *priv, const char *name)
{
    if (!priv || !name || name[0] != '_' || name[1] != '_') return name;
    size_t n = strlen(name);
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.')) return name;
    while (*priv == '_') priv++;
    if (!*priv) return name;
    size_t pn = strlen(priv);
    char *m = calloc_a(C, pn + n + 2);
    m[0] = '_';
    memcpy(m + 1, priv, pn);
    memcpy(m + 1 + pn, name, n + 1);
    return m;
}

static void mangle_tree(Compiler *C, Node *n, const char *priv);
static void enter_depth(Compiler *C, Node *n);

static void mangle_list(Compiler *C, NodeList *l, const char *priv)
{
    for (int i = 0; i < l->len; i++)
        if (l->items[i]) mangle_tree(C, l->items[i], priv);
}

static void mangle_args(Compiler *C, Args *a, const char *priv)
{
    if (!a) return;
    mangle_list(C, &a->args, priv);
    mangle_list(C, &a->kwonly, priv);
    if (a->vararg) mangle_tree(C, a->vararg, priv);
    if (a->kwarg) mangle_tree(C, a->kwarg, priv);
}

static void mangle_tree(Compiler *C, Node *n, const char *priv)
{
    enter_depth(C, n);
    switch (n->kind) {
    case E_NAME: case N_ARG: case E_ATTR: case N_HANDLER:
        n->name = mangle_name(C, priv, n->name);
        break;
    case N_ALIAS:
        /* from m import __x: the attribute keeps its name, the binding is mangled */
        if (n->name2) n->name2 = mangle_name(C, priv, n->name2);
        else if (!strchr(n->name, '.') && mangle_name(C, priv, n->name) != n->name)
            n->name2 = mangle_name(C, priv, n->name);
        break;
    case S_CLASSDEF: {
        mangle_list(C, &n->l1, priv);
        mangle_list(C, &n->l3, priv);
        mangle_list(C, &n->l4, priv);
        const char *m = mangle_name(C, priv, n->name);
        if (m != n->name) n->name2 = m;
        mangle_list(C, &n->l2, n->name);
        C->depth--;
        return;
    }
    case S_FUNCDEF: {
        const char *m = mangle_name(C, priv, n->name);
        if (m != n->name) n->name2 = m;
        break;
    }
    default: break;
    }
    if (n->a) mangle_tree(C, n->a, priv);
    if (n->b) mangle_tree(C, n->b, priv);
    if (n->c) mangle_tree(C, n->c, priv);
    mangle_list(C, &n->l1, priv);
    mangle_list(C, &n->l2, priv);
    mangle_list(C, &n->l3, priv);
    mangle_list(C, &n->l4, priv);
    mangle_args(C, n->args, priv);
    C->depth--;
}

/* --- pass 1: collect names --- */

static void st_expr(Compiler *C, Node *e);
static void st_stmts(Compiler *C, NodeList *l);

static void enter_depth(Compiler *C, Node *n)
{
    if (++C->depth > 3000)
        cerr_raise(C->err, exc_RecursionError, n->line, n->col, "maximum recursion depth exceeded during compilation");
}

static void st_name(Compiler *C, const char *name, uint32_t flags, Node *at)
{
    Scope *s = C->cur_scope;
    Sym *y = sym_find(s, name);
    if (C->comp_iter_target && s->comprehension && (flags & DEF_LOCAL)) {
        if (y && (y->flags & (DEF_GLOBAL | DEF_NONLOCAL)))
            cerror_at(C, at, "comprehension inner loop cannot rebind assignment expression target '%s'", name);
        flags |= DEF_COMP_ITER;
    }
    if (y && (flags & (DEF_LOCAL)) && (y->flags & (DEF_GLOBAL | DEF_NONLOCAL))) {
        /* fine: assignment to a declared global/nonlocal */
    }
    sym_add(C, s, name, flags, at);
    if ((flags & USE) && s->type == SC_FUNCTION && (strcmp(name, "super") == 0 || strcmp(name, "__class__") == 0))
        sym_add(C, s, "__class__", USE, at);
}

static void st_target(Compiler *C, Node *t)
{
    switch (t->kind) {
    case E_NAME: st_name(C, t->name, DEF_LOCAL, t); break;
    case E_TUPLE: case E_LIST:
        for (int i = 0; i < t->l1.len; i++) st_target(C, t->l1.items[i]);
        break;
    case E_STARRED: st_target(C, t->a); break;
    default: st_expr(C, t); break;
    }
}

static void st_list(Compiler *C, NodeList *l)
{
    for (int i = 0; i < l->len; i++)
        if (l->items[i]) st_expr(C, l->items[i]);
}

static void st_args_defaults(Compiler *C, Args *a)
{
    for (int i = 0; i < a->args.len; i++)
        if (a->args.items[i]->a) st_expr(C, a->args.items[i]->a);
    for (int i = 0; i < a->kwonly.len; i++)
        if (a->kwonly.items[i]->a) st_expr(C, a->kwonly.items[i]->a);
}

static void st_params(Compiler *C, Args *a)
{
    for (int i = 0; i < a->args.len; i++) st_name(C, a->args.items[i]->name, DEF_PARAM, a->args.items[i]);
    for (int i = 0; i < a->kwonly.len; i++) st_name(C, a->kwonly.items[i]->name, DEF_PARAM, a->kwonly.items[i]);
    if (a->vararg) st_name(C, a->vararg->name, DEF_PARAM, a->vararg);
    if (a->kwarg) st_name(C, a->kwarg->name, DEF_PARAM, a->kwarg);
}

static const char *comp_name(int kind)
{
    return kind == E_LISTCOMP ? "<listcomp>" : kind == E_SETCOMP ? "<setcomp>" : kind == E_DICTCOMP ? "<dictcomp>" : "<genexpr>";
}

static void st_comprehension(Compiler *C, Node *e)
{
    Node *g0 = e->l1.items[0];
    C->comp_iter_expr++;
    st_expr(C, g0->b); /* first iterator in the enclosing scope */
    C->comp_iter_expr--;
    Scope *s = scope_new(C, SC_FUNCTION, comp_name(e->kind), e);
    s->comprehension = true;
    s->generator = e->kind == E_GENEXP;
    C->cur_scope = s;
    sym_add(C, s, ".0", DEF_PARAM, e);
    for (int i = 0; i < e->l1.len; i++) {
        Node *g = e->l1.items[i];
        if (g->op) s->coroutine = true; /* async for */
        if (i > 0) {
            C->comp_iter_expr++;
            st_expr(C, g->b);
            C->comp_iter_expr--;
        }
        C->comp_iter_target = true;
        st_target(C, g->a);
        C->comp_iter_target = false;
        st_list(C, &g->l1);
    }
    st_expr(C, e->a);
    if (e->b) st_expr(C, e->b);
    C->cur_scope = s->parent;
    /* an asynchronous list/set/dict comprehension makes the comprehension
     * around it asynchronous too */
    if (s->coroutine && e->kind != E_GENEXP && s->parent->comprehension) s->parent->coroutine = true;
}

static void st_expr(Compiler *C, Node *e)
{
    enter_depth(C, e);
    switch (e->kind) {
    case E_NAME: st_name(C, e->name, USE, e); break;
    case E_CONST: break;
    case E_JOINEDSTR: st_list(C, &e->l1); break;
    case E_FORMATTED: st_expr(C, e->a); if (e->b) st_expr(C, e->b); break;
    case E_TUPLE: case E_LIST: case E_SET: case E_BOOLOP: st_list(C, &e->l1); break;
    case E_DICT: st_list(C, &e->l1); st_list(C, &e->l2); break;
    case E_BINOP: st_expr(C, e->a); st_expr(C, e->b); break;
    case E_UNARY: case E_NOT: case E_STARRED: st_expr(C, e->a); break;
    case E_COMPARE: st_expr(C, e->a); st_list(C, &e->l1); break;
    case E_IFEXP: st_expr(C, e->a); st_expr(C, e->b); st_expr(C, e->c); break;
    case E_LAMBDA: {
        st_args_defaults(C, e->args);
        Scope *s = scope_new(C, SC_FUNCTION, "<lambda>", e);
        s->lambda = true;
        C->cur_scope = s;
        st_params(C, e->args);
        st_expr(C, e->a);
        C->cur_scope = s->parent;
        break;
    }
    case E_CALL: st_expr(C, e->a); st_list(C, &e->l1); st_list(C, &e->l2); break;
    case E_AWAIT:
        st_expr(C, e->a);
        if (C->cur_scope->comprehension) C->cur_scope->coroutine = true;
        break;
    case E_KEYWORD: st_expr(C, e->a); break;
    case E_ATTR: st_expr(C, e->a); break;
    case E_SUBSCR: st_expr(C, e->a); st_expr(C, e->b); break;
    case E_SLICE:
        if (e->a) st_expr(C, e->a);
        if (e->b) st_expr(C, e->b);
        if (e->c) st_expr(C, e->c);
        break;
    case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP: st_comprehension(C, e); break;
    case E_YIELD: case E_YIELDFROM: {
        Scope *s = C->cur_scope;
        if (s->type != SC_FUNCTION) cerror(C, e, "'yield' outside function");
        if (s->comprehension && !s->generator) {
            const char *what = s->node->kind == E_LISTCOMP ? "list comprehension" : s->node->kind == E_SETCOMP
                               ? "set comprehension" : "dict comprehension";
            cerror(C, e, "'yield' inside %s", what);
        }
        if (s->comprehension) cerror(C, e, "'yield' inside generator expression");
        s->generator = true;
        if (e->a) st_expr(C, e->a);
        break;
    }
    case E_NAMEDEXPR: {
        Scope *s = C->cur_scope;
        if (C->comp_iter_expr) {
            /* CPython gives this one a range, the other walrus errors none */
            cerror(C, e, "assignment expression cannot be used in a comprehension iterable expression");
        }
        st_expr(C, e->b);
        if (s->comprehension) {
            Scope *t = s;
            while (t->comprehension) {
                Sym *y = sym_find(t, e->a->name);
                if (y && (y->flags & DEF_COMP_ITER))
                    cerror_at(C, e, "assignment expression cannot rebind comprehension iteration variable '%s'", e->a->name);
                t = t->parent;
            }
            if (t->type == SC_CLASS) cerror_at(C, e, "assignment expression within a comprehension cannot be used in a class body");
            /* the target binds in the enclosing function (or module): global
             * there if declared so */
            Sym *ty = sym_find(t, e->a->name);
            bool global = t->type == SC_MODULE || (ty && (ty->flags & DEF_GLOBAL));
            for (Scope *x = s; x != t; x = x->parent)
                sym_add(C, x, e->a->name, global ? DEF_GLOBAL : DEF_NONLOCAL, e);
            Scope *save = C->cur_scope;
            C->cur_scope = t;
            st_name(C, e->a->name, DEF_LOCAL, e->a);
            C->cur_scope = save;
        } else {
            st_name(C, e->a->name, DEF_LOCAL, e->a);
        }
        break;
    }
    default: break;
    }
    C->depth--;
}

static void st_decl(Compiler *C, Node *st, bool global)
{
    Scope *s = C->cur_scope;
    for (int i = 0; i < st->l1.len; i++) {
        const char *name = st->l1.items[i]->name;
        if (!global && s->type == SC_MODULE) cerror(C, st, "nonlocal declaration not allowed at module level");
        Sym *y = sym_find(s, name);
        const char *what = global ? "global" : "nonlocal";
        if (y) {
            if ((y->flags & DEF_PARAM)) cerror(C, st, "name '%s' is parameter and %s", name, what);
            if ((global && (y->flags & DEF_NONLOCAL)) || (!global && (y->flags & DEF_GLOBAL)))
                cerror(C, y->decl ? y->decl : st, "name '%s' is nonlocal and global", name);
            if (y->flags & DEF_LOCAL) cerror(C, st, "name '%s' is assigned to before %s declaration", name, what);
            if (y->flags & USE) cerror(C, st, "name '%s' is used prior to %s declaration", name, what);
        }
        Sym *d = sym_add(C, s, name, global ? DEF_GLOBAL : DEF_NONLOCAL, st);
        if (!d->decl) d->decl = st;
    }
}

/* The names a pattern binds, the expressions it evaluates. */
static void st_pattern(Compiler *C, Node *p)
{
    if (!p) return;
    enter_depth(C, p);
    switch (p->kind) {
    case P_VALUE: st_expr(C, p->a); break;
    case P_SEQUENCE: case P_OR:
        for (int i = 0; i < p->l1.len; i++) st_pattern(C, p->l1.items[i]);
        break;
    case P_STAR:
        if (p->name) st_name(C, p->name, DEF_LOCAL, p);
        break;
    case P_MAPPING:
        for (int i = 0; i < p->l1.len; i++) {
            st_pattern(C, p->l1.items[i]);
            st_pattern(C, p->l2.items[i]);
        }
        if (p->name) st_name(C, p->name, DEF_LOCAL, p);
        break;
    case P_CLASS:
        st_expr(C, p->a);
        for (int i = 0; i < p->l1.len; i++) st_pattern(C, p->l1.items[i]);
        for (int i = 0; i < p->l2.len; i++) st_pattern(C, p->l2.items[i]->a);
        break;
    case P_AS:
        st_pattern(C, p->a);
        if (p->name) st_name(C, p->name, DEF_LOCAL, p);
        break;
    default: break;
    }
    C->depth--;
}

/* A definition's annotations are evaluated where it is defined. */
static void st_annotations(Compiler *C, Node *s)
{
    Args *a = s->args;
    for (int i = 0; i < a->args.len; i++)
        if (a->args.items[i]->c) st_expr(C, a->args.items[i]->c);
    if (a->vararg && a->vararg->c) st_expr(C, a->vararg->c);
    for (int i = 0; i < a->kwonly.len; i++)
        if (a->kwonly.items[i]->c) st_expr(C, a->kwonly.items[i]->c);
    if (a->kwarg && a->kwarg->c) st_expr(C, a->kwarg->c);
    if (s->c) st_expr(C, s->c);
}

static void st_stmt(Compiler *C, Node *s)
{
    enter_depth(C, s);
    switch (s->kind) {
    case S_EXPR: st_expr(C, s->a); break;
    case S_ASSIGN:
        st_expr(C, s->a);
        for (int i = 0; i < s->l1.len; i++) st_target(C, s->l1.items[i]);
        break;
    case S_AUGASSIGN:
        st_expr(C, s->b);
        if (s->a->kind == E_NAME) st_name(C, s->a->name, DEF_LOCAL | USE, s->a);
        else st_expr(C, s->a);
        break;
    case S_ANNASSIGN:
        if (s->b) st_expr(C, s->b);
        if (C->cur_scope->type != SC_FUNCTION && !C->future_annotations) st_expr(C, s->c);
        if (s->a->kind == E_NAME) {
            Sym *y = sym_find(C->cur_scope, s->a->name);
            if (y && (y->flags & (DEF_GLOBAL | DEF_NONLOCAL)) && C->cur_scope->type != SC_MODULE)
                cerror(C, s, "annotated name '%s' can't be %s", s->a->name, (y->flags & DEF_GLOBAL) ? "global" : "nonlocal");
            st_name(C, s->a->name, DEF_LOCAL, s->a);
        } else {
            st_expr(C, s->a);
        }
        break;
    case S_DEL:
        for (int i = 0; i < s->l1.len; i++) st_target(C, s->l1.items[i]);
        break;
    case S_RETURN:
        if (s->a) st_expr(C, s->a);
        break;
    case S_RAISE:
        if (s->a) st_expr(C, s->a);
        if (s->b) st_expr(C, s->b);
        break;
    case S_GLOBAL: st_decl(C, s, true); break;
    case S_NONLOCAL: st_decl(C, s, false); break;
    case S_IMPORT:
        for (int i = 0; i < s->l1.len; i++) {
            Node *a = s->l1.items[i];
            if (a->name2) {
                st_name(C, a->name2, DEF_LOCAL, a);
            } else {
                const char *dot = strchr(a->name, '.');
                st_name(C, dot ? arena_strndup(C->arena, a->name, (size_t)(dot - a->name)) : a->name, DEF_LOCAL, a);
            }
        }
        break;
    case S_IMPORTFROM:
        for (int i = 0; i < s->l1.len; i++) {
            Node *a = s->l1.items[i];
            if (strcmp(a->name, "*") == 0) {
                if (C->cur_scope->type != SC_MODULE) cerror(C, s, "import * only allowed at module level");
                continue;
            }
            st_name(C, a->name2 ? a->name2 : a->name, DEF_LOCAL, a);
        }
        break;
    case S_MATCH:
        st_expr(C, s->a);
        for (int i = 0; i < s->l1.len; i++) {
            Node *c = s->l1.items[i];
            st_pattern(C, c->a);
            if (c->b) st_expr(C, c->b);
            st_stmts(C, &c->l1);
        }
        break;
    case S_IF: case S_WHILE:
        st_expr(C, s->a);
        st_stmts(C, &s->l1);
        st_stmts(C, &s->l2);
        break;
    case S_FOR:
        st_expr(C, s->b);
        st_target(C, s->a);
        st_stmts(C, &s->l1);
        st_stmts(C, &s->l2);
        break;
    case S_TRY:
        st_stmts(C, &s->l1);
        for (int i = 0; i < s->l2.len; i++) {
            Node *h = s->l2.items[i];
            if (h->a) st_expr(C, h->a);
            if (h->name) st_name(C, h->name, DEF_LOCAL, h);
            st_stmts(C, &h->l1);
        }
        st_stmts(C, &s->l3);
        st_stmts(C, &s->l4);
        break;
    case S_WITH:
        for (int i = 0; i < s->l1.len; i++) {
            Node *w = s->l1.items[i];
            st_expr(C, w->a);
            if (w->b) st_target(C, w->b);
        }
        st_stmts(C, &s->l2);
        break;
    case S_FUNCDEF: {
        st_list(C, &s->l2);
        st_args_defaults(C, s->args);
        if (!C->future_annotations) st_annotations(C, s);
        st_name(C, s->name2 ? s->name2 : s->name, DEF_LOCAL, s);
        Scope *f = scope_new(C, SC_FUNCTION, s->name, s);
        f->coroutine = s->op == 1;
        C->cur_scope = f;
        st_params(C, s->args);
        st_stmts(C, &s->l1);
        C->cur_scope = f->parent;
        break;
    }
    case S_CLASSDEF: {
        st_list(C, &s->l3);
        st_list(C, &s->l1);
        st_list(C, &s->l4);
        st_name(C, s->name2 ? s->name2 : s->name, DEF_LOCAL, s);
        Scope *c = scope_new(C, SC_CLASS, s->name, s);
        C->cur_scope = c;
        st_stmts(C, &s->l2);
        C->cur_scope = c->parent;
        break;
    }
    case S_ASSERT:
        st_expr(C, s->a);
        if (s->b) st_expr(C, s->b);
        break;
    default: break;
    }
    C->depth--;
}

static void st_stmts(Compiler *C, NodeList *l)
{
    for (int i = 0; i < l->len; i++) st_stmt(C, l->items[i]);
}

/* --- pass 2: resolve --- */

static void mark_free_path(Compiler *C, Scope *from, Scope *provider, const char *name)
{
    for (Scope *x = from->parent; x && x != provider; x = x->parent) {
        Sym *y = sym_find(x, name);
        if (!y) {
            y = sym_add(C, x, name, 0, NULL);
            y->kind = R_FREE;
        } else if (x->type == SC_CLASS && y->kind == R_LOCAL) {
            y->flags |= DEF_FREE_CLASS;
        } else if (y->kind != R_FREE) {
            y->kind = R_FREE;
        }
    }
    Sym *p = sym_find(provider, name);
    if (p && p->kind == R_LOCAL) p->kind = R_CELL;
    if (provider->type == SC_CLASS) {
        provider->needs_class_cell = true;
        if (!p) {
            p = sym_add(C, provider, name, 0, NULL);
            p->kind = R_CELL;
        }
    }
}

/* Find who provides a free name for scope s: returns the scope, or NULL
 * (then it is a global). */
static Scope *find_provider(Scope *s, const char *name)
{
    bool is_class_name = strcmp(name, "__class__") == 0;
    for (Scope *x = s->parent; x; x = x->parent) {
        if (x->type == SC_MODULE) return NULL;
        if (x->type == SC_CLASS) {
            if (is_class_name) return x;
            continue;
        }
        Sym *y = sym_find(x, name);
        if (!y) continue;
        if (y->kind == R_LOCAL || y->kind == R_CELL || y->kind == R_FREE) return x;
        if (y->kind == R_GLOBAL_EXPLICIT || y->kind == R_GLOBAL_IMPLICIT) return NULL;
        if (y->flags & (DEF_LOCAL | DEF_PARAM)) return x;
    }
    return NULL;
}

static void resolve(Compiler *C, Scope *s)
{
    for (int i = 0; i < s->nsyms; i++) {
        Sym *y = &s->syms[i];
        if (y->kind != R_NONE) continue; /* set by a child already */
        if (s->type == SC_MODULE) {
            y->kind = (y->flags & DEF_GLOBAL) ? R_GLOBAL_EXPLICIT : R_GLOBAL_IMPLICIT;
            continue;
        }
        if (y->flags & DEF_GLOBAL) {
            y->kind = R_GLOBAL_EXPLICIT;
        } else if (y->flags & DEF_NONLOCAL) {
            Scope *p = find_provider(s, y->name);
            if (!p || p->type == SC_CLASS) {
                Node fake = {0};
                fake.line = y->line;
                fake.col = y->col;
                cerror(C, y->decl ? y->decl : &fake, "no binding for nonlocal '%s' found", y->name);
            }
            y->kind = R_FREE;
            mark_free_path(C, s, p, y->name);
        } else if (y->flags & (DEF_LOCAL | DEF_PARAM)) {
            y->kind = R_LOCAL;
        } else {
            Scope *p = find_provider(s, y->name);
            if (p) {
                y->kind = R_FREE;
                mark_free_path(C, s, p, y->name);
            } else {
                y->kind = R_GLOBAL_IMPLICIT;
            }
        }
    }
    for (int i = 0; i < s->nchildren; i++) resolve(C, s->children[i]);
}

/* --- pass 3: slots --- */

static void assign_slots(Compiler *C, Scope *s)
{
    for (int i = 0; i < s->nchildren; i++) assign_slots(C, s->children[i]);
    if (s->type == SC_MODULE) return;
    int n = 0;
    if (s->type == SC_FUNCTION) {
        /* parameters first, in declaration order */
        Node *fn = s->node;
        Args *a = fn && (fn->kind == S_FUNCDEF || fn->kind == E_LAMBDA) ? fn->args : NULL;
        if (a) {
            for (int i = 0; i < a->args.len; i++) sym_find(s, a->args.items[i]->name)->slot = n++;
            for (int i = 0; i < a->kwonly.len; i++) sym_find(s, a->kwonly.items[i]->name)->slot = n++;
            if (a->vararg) sym_find(s, a->vararg->name)->slot = n++;
            if (a->kwarg) sym_find(s, a->kwarg->name)->slot = n++;
        } else if (s->comprehension) {
            sym_find(s, ".0")->slot = n++;
        }
        for (int i = 0; i < s->nsyms; i++)
            if (s->syms[i].kind == R_LOCAL && s->syms[i].slot < 0) s->syms[i].slot = n++;
    }
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].kind == R_CELL && s->syms[i].slot < 0) s->syms[i].slot = n++;
    int nfree = 0;
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].kind == R_FREE || (s->syms[i].flags & DEF_FREE_CLASS)) {
            if (s->syms[i].kind == R_FREE || s->syms[i].slot < 0) s->syms[i].slot = n++;
            nfree++;
        }
    s->nlocals = n;
    s->nfree = nfree;
    int nc = 0;
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].kind == R_CELL) nc++;
    s->cellslots = calloc_a(C, sizeof(int) * (size_t)(nc + 1));
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].kind == R_CELL) s->cellslots[s->ncells++] = s->syms[i].slot;
}

/* In a class scope with DEF_FREE_CLASS, the class binds the name (NAME ops)
 * but needs a free slot to pass it on; assign_slots gave the slot above
 * (slot < 0 check) — class-local names have no slot otherwise. */

/* ---- Emission --------------------------------------------------------- */

static int is_jump(int op)
{
    return op == OP_JUMP || op == OP_JUMP_BACKWARD || op == OP_POP_JUMP_IF_FALSE || op == OP_POP_JUMP_IF_TRUE ||
           op == OP_JUMP_IF_FALSE_OR_POP || op == OP_JUMP_IF_TRUE_OR_POP || op == OP_POP_JUMP_IF_NONE ||
           op == OP_POP_JUMP_IF_NOT_NONE || op == OP_FOR_ITER;
}

/* Instructions u->code[n-k .. n-1] and the one about to be emitted can be
 * one: no label points inside, and they share a line and a handler. */
static bool fusable_tail(Unit *u, int k)
{
    if (u->n < k || u->bound_at > u->n - k) return false;
    for (int i = u->n - k; i < u->n; i++)
        if (u->lines[i] != (uint32_t)u->line || u->hnd[i] != u->cur) return false;
    return true;
}

/* LOAD_FAST then op (names[arg]) as one superinstruction, when the
 * LOAD_FAST was the last instruction emitted, no label points between the
 * two, and both share a line and a handler: the fused instruction's index,
 * or -1. */
static int fuse(Compiler *C, int op, int64_t arg)
{
    Unit *u = C->u;
    int fused = op == OP_LOAD_ATTR ? OP_LOAD_FAST_ATTR : op == OP_STORE_ATTR ? OP_STORE_FAST_ATTR
              : op == OP_LOAD_METHOD ? OP_LOAD_FAST_METHOD : -1;
    if (fused < 0 || !fusable_tail(u, 1)) return -1;
    int i = u->n - 1;
    uint32_t prev = u->code[i];
    if (OPCODE(prev) != OP_LOAD_FAST || ARG(prev) > FUSED_MAX || arg > (int64_t)FUSED_MAX)
        return -1;
    u->code[i] = INSTR(fused, FUSED_ARG(ARG(prev), arg));
    u->pos[i] = (Pos){u->end_line, u->col, u->end_col}; /* the attribute is what can fail */
    return i;
}

/* LOAD_FAST, LOAD_CONST, then a comparison: COMPARE_*_FC.  LOAD_FAST x,
 * LOAD_CONST k, BINARY_ADD/SUB, then STORE_FAST x: ADD_FC/SUB_FC.  The
 * fused instruction's index, or -1. */
static int fuse_fc(Compiler *C, int op, int64_t arg)
{
    Unit *u = C->u;
    if (op >= OP_COMPARE_LT && op <= OP_COMPARE_GE) {
        if (!fusable_tail(u, 2)) return -1;
        uint32_t l = u->code[u->n - 2], k = u->code[u->n - 1];
        if (OPCODE(l) != OP_LOAD_FAST || OPCODE(k) != OP_LOAD_CONST || ARG(l) > FUSED_MAX || ARG(k) > FUSED_MAX)
            return -1;
        u->n -= 2;
        u->code[u->n] = INSTR(op - OP_COMPARE_LT + OP_COMPARE_LT_FC, FUSED_ARG(ARG(l), ARG(k)));
        u->pos[u->n] = (Pos){u->end_line, u->col, u->end_col};
        return u->n++;
    }
    if (op == OP_STORE_FAST) {
        if (!fusable_tail(u, 3)) return -1;
        uint32_t l = u->code[u->n - 3], k = u->code[u->n - 2], b = u->code[u->n - 1];
        if (OPCODE(l) != OP_LOAD_FAST || ARG(l) != (uint32_t)arg || ARG(l) > FUSED_MAX || OPCODE(k) != OP_LOAD_CONST ||
            ARG(k) > FC_CONST_MAX || (OPCODE(b) != OP_BINARY_ADD && OPCODE(b) != OP_BINARY_SUB))
            return -1;
        u->n -= 3;
        u->pos[u->n] = u->pos[u->n + 2]; /* the operator is what can fail */
        u->code[u->n] = INSTR(OPCODE(b) == OP_BINARY_ADD ? OP_ADD_FC : OP_SUB_FC,
                              FUSED_ARG(ARG(l), ARG(k)) | (ARG(b) ? FC_INPLACE : 0));
        return u->n++;
    }
    return -1;
}

/* ---- Locations (CPython's co_positions: each instruction carries the
 * span of the innermost expression or statement being compiled) ---- */

static Loc loc_save(Compiler *C)
{
    Unit *u = C->u;
    return (Loc){u->line, u->end_line, u->col, u->end_col};
}

static void loc_restore(Compiler *C, Loc l)
{
    Unit *u = C->u;
    u->line = l.line;
    u->end_line = l.end_line;
    u->col = l.col;
    u->end_col = l.end_col;
}

static void set_loc(Compiler *C, const Node *n)
{
    Unit *u = C->u;
    u->line = n->line;
    u->end_line = n->end_line ? n->end_line : n->line;
    u->col = n->col;
    u->end_col = n->end_line ? n->end_col : -1;
}

/* An attribute spanning lines (`a\n.b`) is located at its name on the last
 * line, as CPython 3.11 does (update_start_location_to_match_attr). */
static void loc_attr(Compiler *C, const Node *attr)
{
    Unit *u = C->u;
    if (!attr->end_line || u->line == attr->end_line) return;
    u->line = attr->end_line;
    int len = 0; /* in code points, as CPython compares them with a byte column */
    for (const char *q = attr->name; *q; q++) len += ((unsigned char)*q & 0xc0) != 0x80;
    if (len <= attr->end_col) {
        u->col = attr->end_col - len;
    } else {
        u->col = -1;
        u->end_col = -1;
    }
    u->end_line = attr->end_line;
}

static int emit(Compiler *C, int op, int64_t arg)
{
    Unit *u = C->u;
    if (arg < 0 || arg > (int64_t)ARG_MAX) cerr_raise(C->err, exc_SyntaxError, u->line, -1, "code too complex");
    int fused = fuse_fc(C, op, arg);
    if (fused >= 0) return fused;
    fused = fuse(C, op, arg);
    if (fused >= 0) return fused;
    if (u->n == u->cap) {
        int cap = u->cap;
        u->code = grow(C, u->code, u->n, &cap, sizeof(uint32_t));
        cap = u->cap;
        u->lines = grow(C, u->lines, u->n, &cap, sizeof(uint32_t));
        cap = u->cap;
        u->hnd = grow(C, u->hnd, u->n, &cap, sizeof(int));
        cap = u->cap;
        u->pos = grow(C, u->pos, u->n, &cap, sizeof(Pos));
        u->cap = cap;
    }
    u->code[u->n] = INSTR(op, arg);
    u->lines[u->n] = (uint32_t)u->line;
    u->pos[u->n] = (Pos){u->end_line, u->col, u->end_col};
    u->hnd[u->n] = u->cur;
    return u->n++;
}

static int new_label(Compiler *C)
{
    Unit *u = C->u;
    if (u->nlabels == u->caplabels) u->labels = grow(C, u->labels, u->nlabels, &u->caplabels, sizeof(int));
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

static void bind(Compiler *C, int label)
{
    C->u->labels[label] = C->u->n;
    C->u->bound_at = C->u->n;
}

static int new_handler(Compiler *C, int label)
{
    Unit *u = C->u;
    if (u->nhandlers == u->caphandlers) u->handlers = grow(C, u->handlers, u->nhandlers, &u->caphandlers, sizeof(Handler));
    u->handlers[u->nhandlers].label = label;
    u->handlers[u->nhandlers].depth = -1;
    u->handlers[u->nhandlers].setup = -1;
    return u->nhandlers++;
}

/* Consts and names: dedupe tables keyed by (type, value). */
static uint32_t const_hash(Value v)
{
    if (IS_INT(v)) return (uint32_t)(v * 0x9E3779B97F4A7C15ull >> 32);
    if (IS_STR(v)) return (uint32_t)str_hash(AS_STR(v)) ^ 1u;
    if (IS_FLOAT(v)) {
        uint64_t b;
        double d = AS_FLOAT(v);
        memcpy(&b, &d, 8);
        return (uint32_t)(b * 0x9E3779B97F4A7C15ull >> 32) ^ 2u;
    }
    return (uint32_t)((uintptr_t)v >> 4) * 2654435761u;
}

static bool const_eq(Value a, Value b)
{
    if (a == b) return true;
    if (IS_INT(a) || IS_INT(b)) return false;
    if (AS_OBJ(a)->type != AS_OBJ(b)->type) return false;
    if (IS_STR(a)) return str_eq(AS_STR(a), AS_STR(b));
    if (IS_FLOAT(a)) return memcmp(&AS_FLOAT(a), &AS_FLOAT(b), sizeof(double)) == 0;
    if (IS_BIGINT(a)) return mpz_cmp(AS_BIGINT(a)->z, AS_BIGINT(b)->z) == 0;
    if (IS_BYTES(a)) return AS_BYTES(a)->len == AS_BYTES(b)->len && memcmp(AS_BYTES(a)->data, AS_BYTES(b)->data, (size_t)AS_BYTES(a)->len) == 0;
    return false;
}

static int add_to(Compiler *C, Value list, int **tab, int *tabsize, Value v)
{
    ObjList *l = AS_LIST(list);
    if (*tabsize) {
        uint32_t m = (uint32_t)*tabsize - 1;
        for (uint32_t i = const_hash(v) & m;; i = (i + 1) & m) {
            int k = (*tab)[i];
            if (!k) break;
            if (const_eq(l->items[k - 1], v)) return k - 1;
        }
    }
    if (list_append(list, v) < 0) nomem(C);
    if ((int)l->len * 2 > *tabsize) {
        int ts = *tabsize ? *tabsize * 2 : 32;
        while ((int)l->len * 2 > ts) ts *= 2;
        *tab = calloc_a(C, sizeof(int) * (size_t)ts);
        *tabsize = ts;
        uint32_t m = (uint32_t)ts - 1;
        for (int k = 0; k < (int)l->len; k++) {
            /* only hashable kinds are deduped; others (code objects) still get a slot */
            uint32_t i = const_hash(l->items[k]) & m;
            while ((*tab)[i]) i = (i + 1) & m;
            (*tab)[i] = k + 1;
        }
    } else {
        uint32_t m = (uint32_t)*tabsize - 1;
        uint32_t i = const_hash(v) & m;
        while ((*tab)[i]) i = (i + 1) & m;
        (*tab)[i] = (int)l->len;
    }
    return (int)l->len - 1;
}

static int add_const(Compiler *C, Value v)
{
    Unit *u = C->u;
    if (IS_OBJ(v) && (IS_TUPLE(v) || IS_CODE(v))) {
        /* tuples/code: no dedupe (cheap and safe) */
        if (list_append(u->consts, v) < 0) nomem(C);
        return (int)AS_LIST(u->consts)->len - 1;
    }
    return add_to(C, u->consts, &u->ctab, &u->ctabsize, v);
}

static ObjStr *intern(Compiler *C, const char *s)
{
    ObjStr *o = str_intern_cstr(s);
    if (!o) nomem(C);
    return o;
}

static int add_name(Compiler *C, const char *s)
{
    return add_to(C, C->u->names, &C->u->ntab, &C->u->ntabsize, OBJ_VAL(intern(C, s)));
}

static void load_const(Compiler *C, Value v) { emit(C, OP_LOAD_CONST, add_const(C, v)); }

/* ---- Names ------------------------------------------------------------ */

enum { CTX_LOAD, CTX_STORE, CTX_DEL };

static void name_op(Compiler *C, const char *name, int ctx)
{
    Unit *u = C->u;
    Scope *s = u->sc;
    Sym *y = sym_find(s, name);
    int kind = y ? y->kind : R_GLOBAL_IMPLICIT;
    static const int g[3] = {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL};
    static const int nm[3] = {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME};
    static const int fast[3] = {OP_LOAD_FAST, OP_STORE_FAST, OP_DELETE_FAST};
    static const int deref[3] = {OP_LOAD_DEREF, OP_STORE_DEREF, OP_DELETE_DEREF};
    if (s->type == SC_MODULE) {
        bool by_name = (C->mode == COMPILE_EVAL || C->name_ops) &&
                       !(y && (y->flags & DEF_GLOBAL)); /* `global x` at top level */
        emit(C, by_name ? nm[ctx] : g[ctx], add_name(C, name));
        return;
    }
    if (s->type == SC_CLASS) {
        if (kind == R_GLOBAL_EXPLICIT) emit(C, g[ctx], add_name(C, name));
        else if (kind == R_FREE && !(y->flags & DEF_FREE_CLASS)) {
            if (ctx == CTX_LOAD) emit(C, OP_LOAD_CLASSDEREF, y->slot);
            else emit(C, deref[ctx], y->slot);
        } else emit(C, nm[ctx], add_name(C, name));
        return;
    }
    switch (kind) {
    case R_LOCAL: emit(C, fast[ctx], y->slot); break;
    case R_CELL: case R_FREE: emit(C, deref[ctx], y->slot); break;
    default: emit(C, g[ctx], add_name(C, name)); break;
    }
}

/* ---- Expressions ------------------------------------------------------ */

static void expr(Compiler *C, Node *e);
static void stmts(Compiler *C, NodeList *l);
static void store_target(Compiler *C, Node *t);
static ObjCode *compile_scope(Compiler *C, Scope *s, Node *node);

static void jump_if(Compiler *C, Node *e, bool cond, int label);
static bool has_annotations(NodeList *l);
static void emit_await(Compiler *C, int where);
static void async_next(Compiler *C, int exhausted);
static void setup_at(Compiler *C, int h, int at);

static bool is_const(Node *e) { return e && e->kind == E_CONST; }

static Value const_tuple(Compiler *C, NodeList *l)
{
    Value t = tuple_new(l->len);
    if (!t) nomem(C);
    for (int i = 0; i < l->len; i++) AS_TUPLE(t)->items[i] = l->items[i]->v;
    return t;
}

static bool all_const(NodeList *l)
{
    for (int i = 0; i < l->len; i++)
        if (!is_const(l->items[i])) return false;
    return true;
}

static bool has_starred(NodeList *l)
{
    for (int i = 0; i < l->len; i++)
        if (l->items[i]->kind == E_STARRED) return true;
    return false;
}

/* list/tuple/set displays */
static void sequence(Compiler *C, Node *e)
{
    NodeList *l = &e->l1;
    int build = e->kind == E_SET ? OP_BUILD_SET : OP_BUILD_LIST;
    int add = e->kind == E_SET ? OP_SET_ADD : OP_LIST_APPEND;
    int extend = e->kind == E_SET ? OP_SET_UPDATE : OP_LIST_EXTEND;
    if (e->kind == E_TUPLE && l->len > 0 && all_const(l)) {
        load_const(C, const_tuple(C, l));
        return;
    }
    /* as CPython: 3+ constants become one constant (a frozenset for a set
     * display, which also fixes the set's iteration order).  CPython's
     * constant merging rebuilds that frozenset from a tuple of its own
     * items (merge_consts_recursive), which can reorder colliding keys:
     * do the same. */
    if (e->kind != E_TUPLE && l->len > 2 && !has_starred(l) && all_const(l)) {
        emit(C, build, 0);
        Value items = const_tuple(C, l);
        if (e->kind == E_SET) {
            Value fs = set_new(&type_frozenset);
            if (!fs || set_update(fs, items) < 0) nomem(C);
            Value again = set_new(&type_frozenset), t = obj_to_tuple(fs);
            if (!again || !t || set_update(again, t) < 0) nomem(C);
            items = again;
        }
        emit(C, OP_LOAD_CONST, add_const(C, items));
        emit(C, extend, 1);
        return;
    }
    if (!has_starred(l) && l->len <= 30) {
        for (int i = 0; i < l->len; i++) expr(C, l->items[i]);
        emit(C, e->kind == E_TUPLE ? OP_BUILD_TUPLE : build, l->len);
        return;
    }
    int i = 0;
    for (; i < l->len && i < 30 && l->items[i]->kind != E_STARRED; i++) expr(C, l->items[i]);
    emit(C, build, i);
    for (; i < l->len; i++) {
        Node *x = l->items[i];
        if (x->kind == E_STARRED) {
            expr(C, x->a);
            emit(C, extend, 1);
        } else {
            expr(C, x);
            emit(C, add, 1);
        }
    }
    if (e->kind == E_TUPLE) emit(C, OP_LIST_TO_TUPLE, 0);
}

static void dict_display(Compiler *C, Node *e)
{
    int n = e->l1.len;
    bool dstar = false;
    for (int i = 0; i < n; i++)
        if (!e->l1.items[i]) dstar = true;
    if (!dstar && n > 1 && n <= 16) {
        bool constkeys = true;
        for (int i = 0; i < n; i++)
            if (!is_const(e->l1.items[i]) || !IS_STR(e->l1.items[i]->v)) constkeys = false;
        if (constkeys) {
            /* duplicate keys must keep the last value: only fold distinct keys */
            for (int i = 0; i < n && constkeys; i++)
                for (int j = i + 1; j < n; j++)
                    if (str_eq(AS_STR(e->l1.items[i]->v), AS_STR(e->l1.items[j]->v))) { constkeys = false; break; }
        }
        if (constkeys) {
            for (int i = 0; i < n; i++) expr(C, e->l2.items[i]);
            load_const(C, const_tuple(C, &e->l1));
            emit(C, OP_BUILD_CONST_KEY_MAP, n);
            return;
        }
    }
    int i = 0, pending = 0;
    bool built = false;
    for (; i < n; i++) {
        Node *k = e->l1.items[i];
        if (!k) {
            if (!built) emit(C, OP_BUILD_MAP, pending);
            else if (pending) cerr_raise(C->err, exc_RuntimeError, 0, -1, "internal compiler error");
            built = true;
            pending = 0;
            expr(C, e->l2.items[i]);
            emit(C, OP_DICT_UPDATE, 1);
            continue;
        }
        if (!built && pending < 16) {
            expr(C, k);
            expr(C, e->l2.items[i]);
            pending++;
            continue;
        }
        if (!built) {
            emit(C, OP_BUILD_MAP, pending);
            built = true;
            pending = 0;
        }
        expr(C, k);
        expr(C, e->l2.items[i]);
        emit(C, OP_MAP_ADD, 1);
    }
    if (!built) emit(C, OP_BUILD_MAP, pending);
}

static void compare_op(Compiler *C, int ck)
{
    switch (ck) {
    case CK_IN: emit(C, OP_CONTAINS_OP, 0); break;
    case CK_NOTIN: emit(C, OP_CONTAINS_OP, 1); break;
    case CK_IS: emit(C, OP_IS_OP, 0); break;
    case CK_ISNOT: emit(C, OP_IS_OP, 1); break;
    default: emit(C, OP_COMPARE_LT + ck, 0); break;
    }
}

static void compare(Compiler *C, Node *e)
{
    expr(C, e->a);
    int n = e->l1.len;
    if (n == 1) {
        expr(C, e->l1.items[0]);
        compare_op(C, e->ops[0]);
        return;
    }
    int cleanup = new_label(C), end = new_label(C);
    for (int i = 0; i < n - 1; i++) {
        expr(C, e->l1.items[i]);
        emit(C, OP_DUP_TOP, 0);
        emit(C, OP_ROT_THREE, 0);
        compare_op(C, e->ops[i]);
        emit(C, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    expr(C, e->l1.items[n - 1]);
    compare_op(C, e->ops[n - 1]);
    emit(C, OP_JUMP, end);
    bind(C, cleanup);
    emit(C, OP_ROT_TWO, 0);
    emit(C, OP_POP_TOP, 0);
    bind(C, end);
}

/* The arguments of a call whose callable (and `prefix` positional
 * arguments already pushed after it, as for a class statement's body
 * function and name) are on the stack, then the CALL. */
static void call_args(Compiler *C, int prefix, NodeList *args, NodeList *kws)
{
    bool ex = has_starred(args);
    for (int i = 0; i < kws->len; i++)
        if (!kws->items[i]->name) ex = true;
    if (ex && prefix == 0 && args->len == 1 && args->items[0]->kind == E_STARRED) {
        /* f(*x): x itself, made a tuple with f's name in the error */
        expr(C, args->items[0]->a);
        emit(C, OP_CALL_ARGS_TUPLE, 0);
    } else if (ex) {
        int i = 0;
        NodeList *l = args;
        for (; i < l->len && i < 30 && l->items[i]->kind != E_STARRED; i++) expr(C, l->items[i]);
        emit(C, OP_BUILD_LIST, prefix + i);
        for (; i < l->len; i++) {
            if (l->items[i]->kind == E_STARRED) {
                expr(C, l->items[i]->a);
                emit(C, OP_LIST_EXTEND, 1);
            } else {
                expr(C, l->items[i]);
                emit(C, OP_LIST_APPEND, 1);
            }
        }
        emit(C, OP_LIST_TO_TUPLE, 0);
    }
    if (ex) {
        if (kws->len) {
            emit(C, OP_BUILD_MAP, 0);
            for (int k = 0; k < kws->len; k++) {
                Node *kw = kws->items[k];
                if (kw->name) {
                    load_const(C, OBJ_VAL(intern(C, kw->name)));
                    expr(C, kw->a);
                    emit(C, OP_BUILD_MAP, 1);
                } else {
                    expr(C, kw->a);
                }
                emit(C, OP_DICT_MERGE, 1);
            }
        }
        emit(C, OP_CALL_FUNCTION_EX, kws->len ? 1 : 0);
        return;
    }
    for (int i = 0; i < args->len; i++) expr(C, args->items[i]);
    for (int i = 0; i < kws->len; i++) expr(C, kws->items[i]->a);
    if (kws->len) {
        Value names = tuple_new(kws->len);
        if (!names) nomem(C);
        for (int i = 0; i < kws->len; i++) AS_TUPLE(names)->items[i] = OBJ_VAL(intern(C, kws->items[i]->name));
        emit(C, OP_KW_NAMES, add_const(C, names));
    }
    emit(C, OP_CALL, prefix + args->len + kws->len);
}

static void call(Compiler *C, Node *e)
{
    Node *f = e->a;
    bool ex = has_starred(&e->l1);
    for (int i = 0; i < e->l2.len; i++)
        if (!e->l2.items[i]->name) ex = true;
    if (f->kind == E_ATTR && !ex) {
        expr(C, f->a);
        set_loc(C, f);
        loc_attr(C, f);
        emit(C, OP_LOAD_METHOD, add_name(C, f->name));
        set_loc(C, e);
        loc_attr(C, f);
    } else {
        expr(C, f);
        emit(C, OP_PUSH_NULL, 0);
    }
    call_args(C, 0, &e->l1, &e->l2);
}

static void make_closure(Compiler *C, ObjCode *code, Scope *s, int flags)
{
    if (s->nfree) {
        /* the child's free names, in slot order */
        for (int slot = s->nlocals - s->nfree; slot < s->nlocals; slot++) {
            const char *name = NULL;
            for (int i = 0; i < s->nsyms; i++)
                if (s->syms[i].slot == slot && (s->syms[i].kind == R_FREE || (s->syms[i].flags & DEF_FREE_CLASS))) name = s->syms[i].name;
            Sym *py = sym_find(C->u->sc, name);
            if (!py || py->slot < 0) cerr_raise(C->err, exc_SyntaxError, 0, -1, "internal error: no cell for '%s'", name);
            emit(C, OP_LOAD_CLOSURE, py->slot);
        }
        emit(C, OP_BUILD_TUPLE, s->nfree);
        flags |= 4;
    }
    load_const(C, OBJ_VAL(code));
    emit(C, OP_MAKE_FUNCTION, flags);
}

/* defaults + kwdefaults; returns MAKE_FUNCTION flags */
static int defaults(Compiler *C, Args *a)
{
    int flags = 0, nd = 0;
    for (int i = 0; i < a->args.len; i++)
        if (a->args.items[i]->a) {
            expr(C, a->args.items[i]->a);
            nd++;
        }
    if (nd) {
        emit(C, OP_BUILD_TUPLE, nd);
        flags |= 1;
    }
    int nk = 0;
    for (int i = 0; i < a->kwonly.len; i++)
        if (a->kwonly.items[i]->a) {
            load_const(C, OBJ_VAL(intern(C, a->kwonly.items[i]->name)));
            expr(C, a->kwonly.items[i]->a);
            nk++;
        }
    if (nk) {
        emit(C, OP_BUILD_MAP, nk);
        flags |= 2;
    }
    return flags;
}

static void comprehension(Compiler *C, Node *e)
{
    Scope *s = e->scope;
    Scope *outer = C->u->sc;
    if (s->coroutine && e->kind != E_GENEXP && !outer->coroutine && !outer->comprehension)
        cerror(C, e, "asynchronous comprehension outside of an asynchronous function");
    ObjCode *code = compile_scope(C, s, e);
    make_closure(C, code, s, 0);
    expr(C, e->l1.items[0]->b);
    emit(C, e->l1.items[0]->op ? OP_GET_AITER : OP_GET_ITER, 0);
    emit(C, OP_CALL, 0);
    if (s->coroutine && e->kind != E_GENEXP) emit_await(C, AWAIT_PLAIN);
}

static void formatted(Compiler *C, Node *f)
{
    expr(C, f->a);
    int flags = f->op;
    if (f->b) {
        expr(C, f->b);
        flags |= 4;
    }
    emit(C, OP_FORMAT_VALUE, flags);
}

static void joined(Compiler *C, Node *e)
{
    if (e->l1.len == 0) {
        load_const(C, str_empty());
        return;
    }
    if (e->l1.len == 1 && e->l1.items[0]->kind == E_CONST) {
        load_const(C, e->l1.items[0]->v);
        return;
    }
    for (int i = 0; i < e->l1.len; i++) {
        Node *p = e->l1.items[i];
        if (p->kind == E_CONST) load_const(C, p->v);
        else formatted(C, p);
    }
    if (e->l1.len > 1) emit(C, OP_BUILD_STRING, e->l1.len);
}

/* await the object on top of the stack (where: coro.h's AWAIT_*) */
static void emit_await(Compiler *C, int where)
{
    emit(C, OP_GET_AWAITABLE, where);
    load_const(C, NONE);
    emit(C, OP_YIELD_FROM, 0);
}

static void expr(Compiler *C, Node *e)
{
    enter_depth(C, e);
    Unit *u = C->u;
    Loc save = loc_save(C);
    set_loc(C, e);
    switch (e->kind) {
    case E_NAME:
        /* __debug__ is a constant, as in CPython (it cannot be assigned) */
        if (strcmp(e->name, "__debug__") == 0)
            load_const(C, compile_optimize ? FALSE_V : TRUE_V);
        else
            name_op(C, e->name, CTX_LOAD);
        break;
    case E_CONST: load_const(C, e->v); break;
    case E_JOINEDSTR: joined(C, e); break;
    case E_FORMATTED: formatted(C, e); break;
    case E_TUPLE: case E_LIST: case E_SET: sequence(C, e); break;
    case E_DICT: dict_display(C, e); break;
    case E_BINOP:
        expr(C, e->a);
        expr(C, e->b);
        set_loc(C, e);
        emit(C, OP_BINARY_ADD + e->op, 0);
        break;
    case E_UNARY:
        /* -constant is a constant, as CPython folds it: `x ** -1.5` must
         * not negate 1.5 (and box the result) every time it runs */
        if (e->op == UN_NEG && e->a->kind == E_CONST) {
            Value c = e->a->v;
            if (IS_INT(c) && AS_INT(c) != SMALLINT_MIN) {
                load_const(C, MK_INT(-AS_INT(c)));
                break;
            }
            if (IS_OBJ(c) && IS_FLOAT(c)) {
                Value f = float_new(-AS_FLOAT(c));
                if (!f) nomem(C);
                load_const(C, f);
                break;
            }
        }
        expr(C, e->a);
        emit(C, OP_UNARY_NEG + e->op, 0);
        break;
    case E_NOT:
        expr(C, e->a);
        emit(C, OP_UNARY_NOT, 0);
        break;
    case E_BOOLOP: {
        int end = new_label(C);
        for (int i = 0; i < e->l1.len - 1; i++) {
            expr(C, e->l1.items[i]);
            emit(C, e->op ? OP_JUMP_IF_TRUE_OR_POP : OP_JUMP_IF_FALSE_OR_POP, end);
        }
        expr(C, e->l1.items[e->l1.len - 1]);
        bind(C, end);
        break;
    }
    case E_COMPARE: compare(C, e); break;
    case E_IFEXP: {
        int other = new_label(C), end = new_label(C);
        jump_if(C, e->a, false, other);
        expr(C, e->b);
        emit(C, OP_JUMP, end);
        bind(C, other);
        expr(C, e->c);
        bind(C, end);
        break;
    }
    case E_LAMBDA: {
        int flags = defaults(C, e->args);
        ObjCode *code = compile_scope(C, e->scope, e);
        make_closure(C, code, e->scope, flags);
        break;
    }
    case E_CALL: call(C, e); break;
    case E_ATTR:
        expr(C, e->a);
        set_loc(C, e);
        loc_attr(C, e);
        emit(C, OP_LOAD_ATTR, add_name(C, e->name));
        break;
    case E_SUBSCR:
        expr(C, e->a);
        expr(C, e->b);
        set_loc(C, e);
        emit(C, OP_BINARY_SUBSCR, 0);
        break;
    case E_SLICE: {
        if (e->a) expr(C, e->a); else load_const(C, NONE);
        if (e->b) expr(C, e->b); else load_const(C, NONE);
        if (e->c) expr(C, e->c);
        emit(C, OP_BUILD_SLICE, e->c ? 3 : 2);
        break;
    }
    case E_STARRED: cerror(C, e, "can't use starred expression here");
    case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP: comprehension(C, e); break;
    case E_YIELD:
        if (u->sc->type != SC_FUNCTION) cerror(C, e, "'yield' outside function");
        if (e->a) expr(C, e->a); else load_const(C, NONE);
        emit(C, OP_YIELD_VALUE, 0);
        break;
    case E_YIELDFROM:
        if (u->sc->type != SC_FUNCTION) cerror(C, e, "'yield' outside function");
        if (u->sc->coroutine) cerror(C, e, "'yield from' inside async function");
        expr(C, e->a);
        emit(C, OP_GET_YIELD_FROM_ITER, 0);
        load_const(C, NONE);
        emit(C, OP_YIELD_FROM, 0);
        break;
    case E_AWAIT:
        if (u->sc->type != SC_FUNCTION) cerror(C, e, "'await' outside function");
        if (!u->sc->coroutine && !u->sc->comprehension) cerror(C, e, "'await' outside async function");
        expr(C, e->a);
        emit_await(C, AWAIT_PLAIN);
        break;
    case E_NAMEDEXPR:
        expr(C, e->b);
        emit(C, OP_DUP_TOP, 0);
        name_op(C, e->a->name, CTX_STORE);
        break;
    default: cerror(C, e, "invalid syntax");
    }
    loc_restore(C, save);
    C->depth--;
}

/* Jump to label if truth(e) == cond; fall through otherwise. */
static void jump_if(Compiler *C, Node *e, bool cond, int label)
{
    switch (e->kind) {
    case E_NOT: jump_if(C, e->a, !cond, label); return;
    case E_BOOLOP: {
        bool isor = e->op == 1;
        if (isor == cond) {
            /* or/true, and/false: any operand decides */
            for (int i = 0; i < e->l1.len; i++) jump_if(C, e->l1.items[i], cond, label);
        } else {
            int skip = new_label(C);
            for (int i = 0; i < e->l1.len - 1; i++) jump_if(C, e->l1.items[i], !cond, skip);
            jump_if(C, e->l1.items[e->l1.len - 1], cond, label);
            bind(C, skip);
        }
        return;
    }
    case E_COMPARE:
        if (e->l1.len == 1 && (e->ops[0] == CK_IS || e->ops[0] == CK_ISNOT) && is_const(e->l1.items[0]) &&
            IS_NONE(e->l1.items[0]->v)) {
            expr(C, e->a);
            bool isnone = (e->ops[0] == CK_IS) == cond;
            set_loc(C, e); /* kept for what follows, as CPython 3.11 does */
            emit(C, isnone ? OP_POP_JUMP_IF_NONE : OP_POP_JUMP_IF_NOT_NONE, label);
            return;
        }
        break;
    case E_CONST:
        if (e->v == TRUE_V || e->v == FALSE_V || IS_NONE(e->v)) {
            if ((e->v == TRUE_V) == cond) emit(C, OP_JUMP, label);
            return;
        }
        break;
    default: break;
    }
    expr(C, e);
    if (e->kind == E_COMPARE) set_loc(C, e); /* likewise */
    emit(C, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
}

/* ---- Targets ---------------------------------------------------------- */

static void store_target(Compiler *C, Node *t)
{
    Loc save = loc_save(C);
    set_loc(C, t);
    switch (t->kind) {
    case E_NAME:
        if (strcmp(t->name, "__debug__") == 0) cerror(C, t, "cannot assign to __debug__");
        name_op(C, t->name, CTX_STORE);
        break;
    case E_ATTR:
        expr(C, t->a);
        loc_attr(C, t);
        emit(C, OP_STORE_ATTR, add_name(C, t->name));
        break;
    case E_SUBSCR:
        expr(C, t->a);
        expr(C, t->b);
        emit(C, OP_STORE_SUBSCR, 0);
        break;
    case E_TUPLE: case E_LIST: {
        int star = -1;
        for (int i = 0; i < t->l1.len; i++)
            if (t->l1.items[i]->kind == E_STARRED) star = i;
        if (star < 0) {
            emit(C, OP_UNPACK_SEQUENCE, t->l1.len);
        } else {
            int before = star, after = t->l1.len - star - 1;
            if (before > 255 || after > 0xffff) cerror(C, t, "too many expressions in star-unpacking assignment");
            emit(C, OP_UNPACK_EX, before | after << 8);
        }
        for (int i = 0; i < t->l1.len; i++) {
            Node *x = t->l1.items[i];
            store_target(C, x->kind == E_STARRED ? x->a : x);
        }
        break;
    }
    case E_STARRED: store_target(C, t->a); break;
    default: cerror(C, t, "cannot assign to expression");
    }
    loc_restore(C, save);
}

static void delete_target(Compiler *C, Node *t)
{
    Loc save = loc_save(C);
    set_loc(C, t);
    switch (t->kind) {
    case E_NAME: name_op(C, t->name, CTX_DEL); break;
    case E_ATTR:
        expr(C, t->a);
        loc_attr(C, t);
        emit(C, OP_DELETE_ATTR, add_name(C, t->name));
        break;
    case E_SUBSCR:
        expr(C, t->a);
        expr(C, t->b);
        emit(C, OP_DELETE_SUBSCR, 0);
        break;
    case E_TUPLE: case E_LIST:
        for (int i = 0; i < t->l1.len; i++) delete_target(C, t->l1.items[i]);
        break;
    default: cerror(C, t, "cannot delete expression");
    }
    loc_restore(C, save);
}

/* ---- Statements ------------------------------------------------------- */

static FBlock *push_fb(Compiler *C, Node *at, int type)
{
    Unit *u = C->u;
    if (u->nfb >= MAX_FBLOCKS) cerror(C, at, "too many statically nested blocks");
    FBlock *f = &u->fb[u->nfb++];
    memset(f, 0, sizeof *f);
    f->type = type;
    f->outer = u->cur;
    return f;
}

static void call_exit_none(Compiler *C, bool async)
{
    emit(C, OP_PUSH_NULL, 0);
    load_const(C, NONE);
    load_const(C, NONE);
    load_const(C, NONE);
    emit(C, OP_CALL, 3);
    if (async) emit_await(C, AWAIT_AEXIT);
    emit(C, OP_POP_TOP, 0);
}

static void unwind(Compiler *C, FBlock *f, bool preserve)
{
    Unit *u = C->u;
    switch (f->type) {
    case FB_WHILE: break;
    case FB_POP_VALUE:
        if (preserve) emit(C, OP_ROT_TWO, 0);
        emit(C, OP_POP_TOP, 0);
        break;
    case FB_FOR:
        if (preserve) emit(C, OP_ROT_TWO, 0);
        emit(C, OP_POP_TOP, 0);
        break;
    case FB_TRY_EXCEPT: u->cur = f->outer; break;
    case FB_FINALLY_TRY: {
        u->cur = f->outer;
        /* compile the finally body with this block popped */
        FBlock saved = *f;
        int idx = (int)(f - u->fb);
        int savednfb = u->nfb;
        u->nfb = idx;
        if (preserve) push_fb(C, saved.node, FB_POP_VALUE);
        stmts(C, &saved.node->l4);
        u->nfb = savednfb;
        u->fb[idx] = saved;
        break;
    }
    case FB_FINALLY_END:
        u->cur = f->outer;
        if (preserve) emit(C, OP_ROT_TWO, 0);
        emit(C, OP_POP_TOP, 0);
        if (preserve) emit(C, OP_ROT_TWO, 0);
        emit(C, OP_POP_EXCEPT, 0);
        break;
    case FB_WITH: case FB_ASYNC_WITH:
        u->cur = f->outer;
        if (preserve) emit(C, OP_ROT_TWO, 0);
        call_exit_none(C, f->type == FB_ASYNC_WITH);
        break;
    case FB_EG_HANDLER: break; /* never unwound: leaving it is a SyntaxError */
    case FB_HANDLER:
        u->cur = f->outer;
        if (f->node && f->node->name) {
            load_const(C, NONE);
            name_op(C, f->node->name, CTX_STORE);
            name_op(C, f->node->name, CTX_DEL);
        }
        if (preserve) emit(C, OP_ROT_TWO, 0);
        emit(C, OP_POP_EXCEPT, 0);
        break;
    }
}

static void stmt(Compiler *C, Node *s);

static void stmts(Compiler *C, NodeList *l)
{
    for (int i = 0; i < l->len; i++) stmt(C, l->items[i]);
}

static void assign(Compiler *C, Node *s)
{
    Node *v = s->a;
    if (s->l1.len == 1) {
        Node *t = s->l1.items[0];
        /* a, b = b, a: no tuple */
        if ((t->kind == E_TUPLE || t->kind == E_LIST) && v->kind == E_TUPLE && t->l1.len == v->l1.len &&
            (t->l1.len == 2 || t->l1.len == 3) && !has_starred(&t->l1) && !has_starred(&v->l1)) {
            for (int i = 0; i < v->l1.len; i++) expr(C, v->l1.items[i]);
            if (v->l1.len == 3) emit(C, OP_ROT_THREE, 0);
            emit(C, OP_ROT_TWO, 0);
            for (int i = 0; i < t->l1.len; i++) store_target(C, t->l1.items[i]);
            return;
        }
    }
    expr(C, v);
    for (int i = 0; i < s->l1.len; i++) {
        if (i < s->l1.len - 1) emit(C, OP_DUP_TOP, 0);
        store_target(C, s->l1.items[i]);
    }
}

/* Could evaluating e assign to a local of the current function?  Only an
 * assignment expression can (lambdas are counted too: a walrus in a
 * default binds in this scope). */
static bool may_rebind(const Node *e)
{
    if (!e) return false;
    if (e->kind == E_NAMEDEXPR || e->kind == E_LAMBDA) return true;
    if (may_rebind(e->a) || may_rebind(e->b) || may_rebind(e->c)) return true;
    const NodeList *ls[] = {&e->l1, &e->l2, &e->l3, &e->l4};
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < ls[k]->len; i++)
            if (may_rebind(ls[k]->items[i])) return true;
    return false;
}

static void augassign(Compiler *C, Node *s)
{
    Node *t = s->a;
    int op = OP_BINARY_ADD + s->op;
    /* CPython's locations: the target's for its load and store, the
     * statement's for the operator */
    Loc st = loc_save(C);
    set_loc(C, t);
    switch (t->kind) {
    case E_NAME:
        name_op(C, t->name, CTX_LOAD);
        loc_restore(C, st);
        expr(C, s->b);
        emit(C, op, 1);
        set_loc(C, t);
        name_op(C, t->name, CTX_STORE);
        break;
    case E_ATTR: {
        int ni = add_name(C, t->name);
        int at = C->u->n;
        expr(C, t->a);
        loc_attr(C, t);
        if (C->u->n == at + 1 && OPCODE(C->u->code[at]) == OP_LOAD_FAST && !may_rebind(s->b)) {
            /* local.x op= v: reading the local again for the store gives
             * the same object (nothing in v can rebind it), so this is
             * LOAD_FAST_ATTR, v, op, STORE_FAST_ATTR: no DUP_TOP/ROT_TWO */
            uint32_t local = ARG(C->u->code[at]);
            emit(C, OP_LOAD_ATTR, ni);
            loc_restore(C, st);
            expr(C, s->b);
            emit(C, op, 1);
            set_loc(C, t);
            loc_attr(C, t);
            emit(C, OP_LOAD_FAST, local);
            emit(C, OP_STORE_ATTR, ni);
            break;
        }
        emit(C, OP_DUP_TOP, 0);
        emit(C, OP_LOAD_ATTR, ni);
        loc_restore(C, st);
        expr(C, s->b);
        emit(C, op, 1);
        set_loc(C, t);
        loc_attr(C, t);
        emit(C, OP_ROT_TWO, 0);
        emit(C, OP_STORE_ATTR, ni);
        break;
    }
    case E_SUBSCR:
        expr(C, t->a);
        expr(C, t->b);
        emit(C, OP_DUP_TOP_TWO, 0);
        emit(C, OP_BINARY_SUBSCR, 0);
        loc_restore(C, st);
        expr(C, s->b);
        emit(C, op, 1);
        set_loc(C, t);
        emit(C, OP_ROT_THREE, 0);
        emit(C, OP_STORE_SUBSCR, 0);
        break;
    default: cerror(C, t, "illegal expression for augmented assignment");
    }
    loc_restore(C, st);
}

static FBlock *find_loop(Compiler *C)
{
    Unit *u = C->u;
    for (int i = u->nfb - 1; i >= 0; i--)
        if (u->fb[i].type == FB_WHILE || u->fb[i].type == FB_FOR) return &u->fb[i];
    return NULL;
}

#define EG_EXIT_MSG "'break', 'continue' and 'return' cannot appear in an except* block"

/* break/continue/return may not leave an except* clause (up to `stop`). */
static void check_eg_exit(Compiler *C, Node *at, int stop)
{
    Unit *u = C->u;
    for (int i = u->nfb - 1; i > stop; i--)
        if (u->fb[i].type == FB_EG_HANDLER) cerror(C, at, EG_EXIT_MSG);
}

static void break_continue(Compiler *C, Node *s, bool isbreak)
{
    Unit *u = C->u;
    FBlock *loop = find_loop(C);
    check_eg_exit(C, s, loop ? (int)(loop - u->fb) : -1);
    if (!loop) cerror(C, s, isbreak ? "'break' outside loop" : "'continue' not properly in loop");
    int savecur = u->cur;
    int loopidx = (int)(loop - u->fb);
    for (int i = u->nfb - 1; i > loopidx; i--) unwind(C, &u->fb[i], false);
    if (isbreak) {
        unwind(C, loop, false);
        emit(C, OP_JUMP, loop->brk);
    } else {
        emit(C, OP_JUMP, loop->cont);
    }
    u->cur = savecur;
}

static void return_stmt(Compiler *C, Node *s)
{
    Unit *u = C->u;
    if (u->sc->type != SC_FUNCTION || u->sc->comprehension) cerror(C, s, "'return' outside function");
    if (s->a && u->sc->coroutine && u->sc->generator) cerror(C, s, "'return' with value in async generator");
    /* CPython locates a constant's return at the constant */
    check_eg_exit(C, s->a && s->a->kind == E_CONST && s->a->line == s->line ? s->a : s, -1);
    if (s->a) expr(C, s->a);
    else load_const(C, NONE);
    int savecur = u->cur;
    for (int i = u->nfb - 1; i >= 0; i--) unwind(C, &u->fb[i], true);
    emit(C, OP_RETURN_VALUE, 0);
    u->cur = savecur;
}

/* With an async iterator on top: push its next item, awaited; when it
 * raises StopAsyncIteration, pop the iterator and go to `exhausted`, where
 * END_ASYNC_FOR must be emitted. */
static void async_next(Compiler *C, int exhausted)
{
    Unit *u = C->u;
    int outer = u->cur;
    int h = new_handler(C, exhausted);
    setup_at(C, h, emit(C, OP_GET_ANEXT, 0));
    u->cur = h;
    load_const(C, NONE);
    emit(C, OP_YIELD_FROM, 0);
    u->cur = outer;
}

/* for / async for: the iterator stays on the stack during the loop */
static void for_stmt(Compiler *C, Node *s)
{
    bool async = s->op == 1;
    if (async && !C->u->sc->coroutine) cerror(C, s, "'async for' outside async function");
    int start = new_label(C), exit_ = new_label(C), brk = new_label(C);
    expr(C, s->b);
    emit(C, async ? OP_GET_AITER : OP_GET_ITER, 0);
    bind(C, start);
    if (async) async_next(C, exit_);
    else emit(C, OP_FOR_ITER, exit_);
    store_target(C, s->a);
    FBlock *f = push_fb(C, s, FB_FOR);
    f->cont = start;
    f->brk = brk;
    stmts(C, &s->l1);
    C->u->nfb--;
    set_loc(C, s);
    emit(C, OP_JUMP, start);
    bind(C, exit_);
    if (async) emit(C, OP_END_ASYNC_FOR, 0);
    stmts(C, &s->l2);
    bind(C, brk);
}

static void while_stmt(Compiler *C, Node *s)
{
    int start = new_label(C), exit_ = new_label(C), brk = new_label(C);
    /* `while True:` tests nothing: a NOP before the loop carries its line,
     * so a trace function sees the line on entry as in CPython (then at
     * each closing jump) */
    bool forever = is_const(s->a) && obj_truthy(s->a->v) == 1;
    if (forever) {
        set_loc(C, s);
        emit(C, OP_NOP, 0);
    }
    bind(C, start);
    jump_if(C, s->a, false, exit_);
    FBlock *f = push_fb(C, s, FB_WHILE);
    f->cont = start;
    f->brk = brk;
    stmts(C, &s->l1);
    C->u->nfb--;
    set_loc(C, s);
    emit(C, OP_JUMP, start);
    bind(C, exit_);
    stmts(C, &s->l2);
    bind(C, brk);
}

/* Emit the setup marker for handler h: the depth before instruction `at`
 * is the handler's depth. */
static void setup_at(Compiler *C, int h, int at) { C->u->handlers[h].setup = at; }

/* ROT_TWO, POP_EXCEPT, RERAISE at a cleanup label (emitted under `outer`). */
static void cleanup_block(Compiler *C, int label, int outer)
{
    C->u->cur = outer;
    bind(C, label);
    emit(C, OP_ROT_TWO, 0);
    emit(C, OP_POP_EXCEPT, 0);
    emit(C, OP_RERAISE, 0);
}

/* An except clause's body under a handler that goes to on_exc; `after`
 * is the handler current once it is done. */
static void clause_body(Compiler *C, Node *hn, int on_exc, int fb_outer, int after)
{
    Unit *u = C->u;
    int hb = new_handler(C, on_exc);
    setup_at(C, hb, emit(C, OP_NOP, 0));
    u->cur = hb;
    FBlock *f = push_fb(C, hn, FB_HANDLER);
    f->outer = fb_outer;
    f->node = hn;
    stmts(C, &hn->l1);
    u->nfb--;
    u->cur = after;
}

/* `name = None; del name` after an except clause that bound it. */
static void clear_name(Compiler *C, const char *name)
{
    load_const(C, NONE);
    name_op(C, name, CTX_STORE);
    name_op(C, name, CTX_DEL);
}

/* The body and else of a try with except clauses, then the handler's
 * start: [prev_exc_info, exc] under a new handler (returned) whose
 * cleanup label pops the exception state and re-raises. */
static int try_body(Compiler *C, Node *s, int cleanup, int end)
{
    Unit *u = C->u;
    int outer = u->cur;
    int handler = new_label(C);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, OP_NOP, 0));
    u->cur = h;
    push_fb(C, s, FB_TRY_EXCEPT)->outer = outer; /* what a return/break inside leaves to */
    stmts(C, &s->l1);
    u->nfb--;
    u->cur = outer;
    stmts(C, &s->l3);
    emit(C, OP_JUMP, end);
    /* handler: [exc] */
    bind(C, handler);
    int hc = new_handler(C, cleanup);
    u->cur = hc;
    setup_at(C, hc, emit(C, OP_PUSH_EXC_INFO, 0));
    return hc;
}

static void try_except(Compiler *C, Node *s)
{
    Unit *u = C->u;
    int outer = u->cur;
    int cleanup = new_label(C), end = new_label(C);
    int hc = try_body(C, s, cleanup, end);
    for (int i = 0; i < s->l2.len; i++) {
        Node *hn = s->l2.items[i];
        set_loc(C, hn);
        int next = new_label(C);
        if (hn->a) {
            expr(C, hn->a);
            emit(C, OP_CHECK_EXC_MATCH, 0);
            emit(C, OP_POP_JUMP_IF_FALSE, next);
        }
        if (hn->name) {
            name_op(C, hn->name, CTX_STORE);
            int named_cleanup = new_label(C);
            clause_body(C, hn, named_cleanup, outer, hc);
            emit(C, OP_POP_EXCEPT, 0);
            clear_name(C, hn->name);
            emit(C, OP_JUMP, end);
            /* exception inside the clause: e = None; del e; re-raise */
            bind(C, named_cleanup);
            clear_name(C, hn->name);
            emit(C, OP_RERAISE, 0);
        } else {
            emit(C, OP_POP_TOP, 0);
            FBlock *f = push_fb(C, hn, FB_HANDLER);
            f->outer = outer;
            f->node = hn;
            stmts(C, &hn->l1);
            u->nfb--;
            emit(C, OP_POP_EXCEPT, 0);
            emit(C, OP_JUMP, end);
        }
        bind(C, next);
    }
    emit(C, OP_RERAISE, 0);
    cleanup_block(C, cleanup, outer);
    bind(C, end);
}

/* try/except*: each clause gets the part of the exception that matches its
 * type (CHECK_EG_MATCH leaves the rest for the next clause); what a clause
 * raises, the clauses' re-raises and the unmatched rest are collected in a
 * list, and PREP_RERAISE_STAR turns them into the one exception to raise.
 * Stack in the clauses: prev_exc_info, orig, list, rest. */
static void try_star_except(Compiler *C, Node *s)
{
    Unit *u = C->u;
    int outer = u->cur;
    int cleanup = new_label(C), end = new_label(C), reraise = new_label(C);
    int hc = try_body(C, s, cleanup, end);
    set_loc(C, s->l2.items[0]);
    emit(C, OP_COPY, 1);
    emit(C, OP_BUILD_LIST, 0);
    emit(C, OP_ROT_TWO, 0);
    FBlock *eg = push_fb(C, s, FB_EG_HANDLER);
    eg->outer = outer;
    for (int i = 0; i < s->l2.len; i++) {
        Node *hn = s->l2.items[i];
        set_loc(C, hn);
        int no_match = new_label(C), next = new_label(C), body_exc = new_label(C);
        expr(C, hn->a);
        emit(C, OP_CHECK_EG_MATCH, 0);
        emit(C, OP_COPY, 1);
        emit(C, OP_POP_JUMP_IF_NONE, no_match);
        if (hn->name) name_op(C, hn->name, CTX_STORE);
        else emit(C, OP_POP_TOP, 0);
        /* [prev, orig, list, rest]; an exception in the body goes to the list */
        clause_body(C, hn, body_exc, hc, hc);
        if (hn->name) clear_name(C, hn->name);
        emit(C, OP_JUMP, next);
        bind(C, body_exc); /* [prev, orig, list, rest, raised] */
        if (hn->name) clear_name(C, hn->name);
        emit(C, OP_LIST_APPEND, 2);
        emit(C, OP_JUMP, next);
        bind(C, no_match); /* [prev, orig, list, exc, None] */
        emit(C, OP_POP_TOP, 0);
        bind(C, next);
    }
    u->nfb--;
    emit(C, OP_LIST_APPEND, 1); /* the unmatched rest (or None) */
    emit(C, OP_PREP_RERAISE_STAR, 0);
    emit(C, OP_COPY, 1);
    emit(C, OP_POP_JUMP_IF_NOT_NONE, reraise);
    emit(C, OP_POP_TOP, 0);
    emit(C, OP_POP_EXCEPT, 0);
    emit(C, OP_JUMP, end);
    u->cur = outer;
    bind(C, reraise); /* [prev, exc] */
    emit(C, OP_ROT_TWO, 0);
    emit(C, OP_POP_EXCEPT, 0);
    emit(C, OP_RERAISE, 0);
    cleanup_block(C, cleanup, outer);
    bind(C, end);
}

static void try_stmt(Compiler *C, Node *s)
{
    if (s->l4.len == 0) {
        if (s->op) try_star_except(C, s);
        else try_except(C, s);
        return;
    }
    Unit *u = C->u;
    int outer = u->cur;
    int handler = new_label(C), cleanup = new_label(C), end = new_label(C);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, OP_NOP, 0));
    u->cur = h;
    FBlock *f = push_fb(C, s, FB_FINALLY_TRY);
    f->outer = outer; /* the finally body run by a return/break is outside the try */
    f->node = s;
    if (s->l2.len && s->op) try_star_except(C, s);
    else if (s->l2.len) try_except(C, s);
    else stmts(C, &s->l1);
    u->nfb--;
    u->cur = outer;
    stmts(C, &s->l4);
    emit(C, OP_JUMP, end);
    /* exceptional path: [exc] */
    bind(C, handler);
    int hc = new_handler(C, cleanup);
    u->cur = hc;
    setup_at(C, hc, emit(C, OP_PUSH_EXC_INFO, 0));
    FBlock *fe = push_fb(C, s, FB_FINALLY_END);
    fe->outer = outer;
    stmts(C, &s->l4);
    u->nfb--;
    emit(C, OP_RERAISE, 0);
    cleanup_block(C, cleanup, outer);
    bind(C, end);
}

static void with_items(Compiler *C, Node *s, int i)
{
    Unit *u = C->u;
    Node *w = s->l1.items[i];
    int outer = u->cur;
    int handler = new_label(C), cleanup = new_label(C), end = new_label(C), suppress = new_label(C);
    bool async = s->op == 1;
    if (async && i == 0 && !u->sc->coroutine) cerror(C, s, "'async with' outside async function");
    set_loc(C, s); /* BEFORE_WITH is located at the statement, as in CPython */
    expr(C, w->a);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, async ? OP_BEFORE_ASYNC_WITH : OP_BEFORE_WITH, 0));
    if (async) emit_await(C, AWAIT_AENTER);
    u->cur = h;
    if (w->b) store_target(C, w->b);
    else emit(C, OP_POP_TOP, 0);
    push_fb(C, s, async ? FB_ASYNC_WITH : FB_WITH)->outer = outer;
    if (i + 1 < s->l1.len) with_items(C, s, i + 1);
    else stmts(C, &s->l2);
    u->nfb--;
    u->cur = outer;
    set_loc(C, s);
    call_exit_none(C, async);
    emit(C, OP_JUMP, end);
    /* exceptional exit: [exit exc] */
    bind(C, handler);
    int hc = new_handler(C, cleanup);
    u->cur = hc;
    setup_at(C, hc, emit(C, OP_PUSH_EXC_INFO, 0));
    emit(C, OP_WITH_EXCEPT_START, 0);
    if (async) emit_await(C, AWAIT_AEXIT);
    emit(C, OP_POP_JUMP_IF_TRUE, suppress);
    emit(C, OP_RERAISE, 0);
    bind(C, suppress);
    emit(C, OP_POP_TOP, 0);
    emit(C, OP_POP_EXCEPT, 0);
    emit(C, OP_POP_TOP, 0);
    emit(C, OP_JUMP, end);
    cleanup_block(C, cleanup, outer);
    bind(C, end);
}

int compile_optimize;

static Value docstring(NodeList *body)
{
    if (compile_optimize < 2 && body->len && body->items[0]->kind == S_EXPR && body->items[0]->a->kind == E_CONST &&
        IS_STR(body->items[0]->a->v))
        return body->items[0]->a->v;
    return VNULL;
}

/* An annotation's value: the expression, or its text under
 * `from __future__ import annotations`. */
static void annotation(Compiler *C, Node *e)
{
    if (C->future_annotations) {
        Value t = unparse_annotation(e);
        if (!t) nomem(C);
        load_const(C, OBJ_VAL(str_intern_obj(AS_STR(t))));
    } else {
        expr(C, e);
    }
}

static int add_arg_annotation(Compiler *C, Node *a)
{
    if (!a || !a->c) return 0;
    load_const(C, OBJ_VAL(intern(C, a->name)));
    annotation(C, a->c);
    return 1;
}

/* With the new function on top: set its __annotations__ when the
 * definition has any (parameters in order, then 'return'). */
static void function_annotations(Compiler *C, Node *s)
{
    Args *a = s->args;
    int n = 0;
    for (int i = 0; i < a->args.len; i++) n += a->args.items[i]->c != NULL;
    n += a->vararg && a->vararg->c;
    for (int i = 0; i < a->kwonly.len; i++) n += a->kwonly.items[i]->c != NULL;
    n += a->kwarg && a->kwarg->c;
    if (!n && !s->c) return;
    n = 0;
    for (int i = 0; i < a->args.len; i++) n += add_arg_annotation(C, a->args.items[i]);
    n += add_arg_annotation(C, a->vararg);
    for (int i = 0; i < a->kwonly.len; i++) n += add_arg_annotation(C, a->kwonly.items[i]);
    n += add_arg_annotation(C, a->kwarg);
    if (s->c) {
        load_const(C, OBJ_VAL(intern(C, "return")));
        annotation(C, s->c);
        n++;
    }
    emit(C, OP_BUILD_MAP, n);
    emit(C, OP_COPY, 2);
    emit(C, OP_STORE_ATTR, add_name(C, "__annotations__"));
}

static void funcdef(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l2.len; i++) {
        expr(C, s->l2.items[i]);
        emit(C, OP_PUSH_NULL, 0);
    }
    set_loc(C, s);
    int flags = defaults(C, s->args);
    ObjCode *code = compile_scope(C, s->scope, s);
    make_closure(C, code, s->scope, flags);
    function_annotations(C, s);
    for (int i = s->l2.len - 1; i >= 0; i--) emit(C, OP_CALL, 1);
    name_op(C, s->name2 ? s->name2 : s->name, CTX_STORE);
}

static void classdef(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l3.len; i++) {
        expr(C, s->l3.items[i]);
        emit(C, OP_PUSH_NULL, 0);
    }
    set_loc(C, s);
    emit(C, OP_LOAD_BUILD_CLASS, 0);
    emit(C, OP_PUSH_NULL, 0);
    ObjCode *code = compile_scope(C, s->scope, s);
    make_closure(C, code, s->scope, 0);
    load_const(C, OBJ_VAL(intern(C, s->name)));
    call_args(C, 2, &s->l1, &s->l4);
    for (int i = s->l3.len - 1; i >= 0; i--) emit(C, OP_CALL, 1);
    name_op(C, s->name2 ? s->name2 : s->name, CTX_STORE);
}

/* An import pushes its level and fromlist for IMPORT_NAME (what
 * builtins.__import__ receives), as CPython's compiler does. */
static void import_args(Compiler *C, int level, Value fromlist)
{
    load_const(C, MK_INT(level));
    load_const(C, fromlist);
}

static void import_stmt(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l1.len; i++) {
        Node *a = s->l1.items[i];
        import_args(C, 0, NONE);
        if (a->name2 && strchr(a->name, '.')) {
            /* import a.b.c as d: d is the leaf module */
            emit(C, OP_IMPORT_MODULE, add_name(C, a->name));
            name_op(C, a->name2, CTX_STORE);
        } else {
            emit(C, OP_IMPORT_NAME, add_name(C, a->name));
            const char *dot = strchr(a->name, '.');
            const char *store = a->name2 ? a->name2
                                : dot ? arena_strndup(C->arena, a->name, (size_t)(dot - a->name)) : a->name;
            name_op(C, store, CTX_STORE);
        }
    }
}

static void importfrom(Compiler *C, Node *s)
{
    if (s->op == 0 && strcmp(s->name, "__future__") == 0 && s->v != TRUE_V)
        cerror(C, s, "from __future__ imports must occur at the beginning of the file");
    Value names = tuple_new(s->l1.len);
    if (!names) nomem(C);
    for (int i = 0; i < s->l1.len; i++)
        AS_TUPLE(names)->items[i] = OBJ_VAL(intern(C, s->l1.items[i]->name));
    import_args(C, s->op, names);
    emit(C, OP_IMPORT_NAME, add_name(C, s->name));
    if (s->l1.len == 1 && strcmp(s->l1.items[0]->name, "*") == 0) {
        emit(C, OP_IMPORT_STAR, 0);
        return;
    }
    for (int i = 0; i < s->l1.len; i++) {
        Node *a = s->l1.items[i];
        emit(C, OP_IMPORT_FROM, add_name(C, a->name));
        name_op(C, a->name2 ? a->name2 : a->name, CTX_STORE);
    }
    emit(C, OP_POP_TOP, 0);
}

/* ---- The match statement ---------------------------------------------
 *
 * A pattern consumes the value on top of the stack.  The values it
 * captures stay on the stack, below the items the enclosing patterns still
 * need (on_top), until the whole case matched; then they are stored, as
 * CPython does (a failed case binds nothing).  A failing test jumps to
 * fail[n], which pops the n items above the case's base and falls through
 * fail[n-1] ... fail[0], the next case. */

typedef struct {
    const char **stores; /* captured names, in capture order */
    int nstores, capstores;
    int on_top;
    int *fail;
    int nfail, capfail;
    bool allow_irrefutable;
} PatCtx;

static void pattern(Compiler *C, Node *p, PatCtx *pc);

static int fail_label(Compiler *C, PatCtx *pc, int n)
{
    while (pc->nfail <= n) {
        if (pc->nfail == pc->capfail) pc->fail = grow(C, pc->fail, pc->nfail, &pc->capfail, sizeof(int));
        pc->fail[pc->nfail++] = new_label(C);
    }
    return pc->fail[n];
}

/* Jump (op) to the failure path with `extra` items above the captures and
 * on_top ones. */
static void jump_fail(Compiler *C, PatCtx *pc, int op, int extra)
{
    emit(C, op, fail_label(C, pc, pc->nstores + pc->on_top + extra));
}

static void emit_fail_pops(Compiler *C, PatCtx *pc)
{
    for (int i = pc->nfail - 1; i > 0; i--) {
        bind(C, pc->fail[i]);
        emit(C, OP_POP_TOP, 0);
    }
    if (pc->nfail) bind(C, pc->fail[0]);
}

static void rot_n(Compiler *C, int n)
{
    if (n == 2) emit(C, OP_ROT_TWO, 0);
    else if (n > 2) emit(C, OP_ROT_N, n);
}

/* Bring the item at depth d (1 = top) to the top. */
static void rot_up(Compiler *C, int d)
{
    for (int i = 1; i < d; i++) rot_n(C, d);
}

static bool has_store(PatCtx *pc, const char *name)
{
    for (int i = 0; i < pc->nstores; i++)
        if (strcmp(pc->stores[i], name) == 0) return true;
    return false;
}

static void add_store(Compiler *C, PatCtx *pc, Node *at, const char *name)
{
    if (has_store(pc, name)) cerror(C, at, "multiple assignments to name '%s' in pattern", name);
    if (pc->nstores == pc->capstores) pc->stores = grow(C, pc->stores, pc->nstores, &pc->capstores, sizeof(char *));
    pc->stores[pc->nstores++] = name;
}

/* A capture or the wildcard (name NULL). */
static void capture(Compiler *C, Node *at, const char *name, PatCtx *pc)
{
    if (!name) {
        emit(C, OP_POP_TOP, 0);
        return;
    }
    add_store(C, pc, at, name);
    rot_n(C, pc->on_top + 1);
}

/* A sub-pattern may be irrefutable. */
static void subpattern(Compiler *C, Node *p, PatCtx *pc)
{
    bool allow = pc->allow_irrefutable;
    pc->allow_irrefutable = true;
    pattern(C, p, pc);
    pc->allow_irrefutable = allow;
}

/* Match the n items UNPACK_* left (first on top) against items[]. */
static void subpatterns(Compiler *C, Node **items, int n, PatCtx *pc)
{
    int on_top = pc->on_top;
    for (int i = 0; i < n; i++) {
        pc->on_top = on_top + n - i - 1;
        Node *p = items[i];
        if (p->kind == P_STAR) {
            if (p->name) capture(C, p, p->name, pc);
            else emit(C, OP_POP_TOP, 0);
        } else {
            subpattern(C, p, pc);
        }
    }
    pc->on_top = on_top;
}

static void sequence_pattern(Compiler *C, Node *p, PatCtx *pc)
{
    int n = p->l1.len, star = -1;
    for (int i = 0; i < n; i++) {
        if (p->l1.items[i]->kind != P_STAR) continue;
        if (star >= 0) cerror(C, p, "multiple starred names in sequence pattern");
        star = i;
    }
    emit(C, OP_MATCH_SEQUENCE, 0);
    jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 1);
    if (star < 0 || n > 1) {
        emit(C, OP_GET_LEN, 0);
        load_const(C, MK_INT(star < 0 ? n : n - 1));
        emit(C, star < 0 ? OP_COMPARE_EQ : OP_COMPARE_GE, 0);
        jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 1);
    }
    if (star < 0) {
        emit(C, OP_UNPACK_SEQUENCE, n);
    } else {
        int before = star, after = n - star - 1;
        if (before > 255 || after > 0xffff) cerror(C, p, "too many expressions in star-unpacking assignment");
        emit(C, OP_UNPACK_EX, before | after << 8);
    }
    subpatterns(C, p->l1.items, n, pc);
}

/* A mapping key's constant value, or VNULL when it is computed. */
static Value key_const(Node *k)
{
    if (k->kind == P_SINGLETON) return k->v;
    if (k->a->kind == E_CONST) return k->a->v;
    return VNULL;
}

static void mapping_pattern(Compiler *C, Node *p, PatCtx *pc)
{
    int n = p->l1.len;
    emit(C, OP_MATCH_MAPPING, 0);
    jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 1);
    if (n == 0 && !p->name) {
        emit(C, OP_POP_TOP, 0);
        return;
    }
    if (n) {
        emit(C, OP_GET_LEN, 0);
        load_const(C, MK_INT(n));
        emit(C, OP_COMPARE_GE, 0);
        jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 1);
    }
    /* the keys: a constant tuple when they all are; duplicates of
     * constants are a SyntaxError */
    bool all_const = true;
    for (int i = 0; i < n; i++) {
        Node *k = p->l1.items[i];
        Value v = key_const(k);
        if (!v) {
            all_const = false;
            continue;
        }
        for (int j = 0; j < i; j++) {
            Value w = key_const(p->l1.items[j]);
            if (!w) continue;
            int eq = obj_eq(v, w);
            if (eq < 0) nomem(C);
            if (eq) {
                Value r = obj_repr(v);
                cerror(C, p, "mapping pattern checks duplicate key (%s)", r ? AS_STR(r)->data : "?");
            }
        }
    }
    if (all_const) {
        Value t = tuple_new(n);
        if (!t) nomem(C);
        for (int i = 0; i < n; i++) AS_TUPLE(t)->items[i] = key_const(p->l1.items[i]);
        load_const(C, t);
    } else {
        for (int i = 0; i < n; i++) {
            Node *k = p->l1.items[i];
            if (k->kind == P_SINGLETON) load_const(C, k->v);
            else expr(C, k->a);
        }
        emit(C, OP_BUILD_TUPLE, n);
    }
    /* o keys -- o keys values */
    emit(C, OP_MATCH_KEYS, 0);
    emit(C, OP_DUP_TOP, 0);
    jump_fail(C, pc, OP_POP_JUMP_IF_NONE, 3);
    emit(C, OP_UNPACK_SEQUENCE, n);
    pc->on_top += 2;
    subpatterns(C, p->l2.items, n, pc);
    pc->on_top -= 2;
    if (!p->name) {
        emit(C, OP_POP_TOP, 0);
        emit(C, OP_POP_TOP, 0);
        return;
    }
    /* **rest: a copy of the mapping without the keys */
    emit(C, OP_ROT_TWO, 0);      /* keys o */
    emit(C, OP_BUILD_MAP, 0);    /* keys o {} */
    emit(C, OP_ROT_TWO, 0);      /* keys {} o */
    emit(C, OP_DICT_UPDATE, 1);  /* keys rest */
    emit(C, OP_ROT_TWO, 0);      /* rest keys */
    emit(C, OP_UNPACK_SEQUENCE, n); /* rest k_n-1 .. k0 */
    for (int i = 0; i < n; i++) {
        emit(C, OP_COPY, n - i + 1); /* rest .. k_i rest */
        emit(C, OP_ROT_TWO, 0);
        emit(C, OP_DELETE_SUBSCR, 0);
    }
    capture(C, p, p->name, pc);
}

static void class_pattern(Compiler *C, Node *p, PatCtx *pc)
{
    int npos = p->l1.len, nkw = p->l2.len;
    for (int i = 0; i < nkw; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(p->l2.items[i]->name, p->l2.items[j]->name) == 0)
                cerror(C, p->l2.items[i]->a, "attribute name repeated in class pattern: %s", p->l2.items[i]->name);
    expr(C, p->a);
    Value names = tuple_new(nkw);
    if (!names) nomem(C);
    for (int i = 0; i < nkw; i++) AS_TUPLE(names)->items[i] = OBJ_VAL(intern(C, p->l2.items[i]->name));
    load_const(C, names);
    emit(C, OP_MATCH_CLASS, npos);
    emit(C, OP_DUP_TOP, 0);
    jump_fail(C, pc, OP_POP_JUMP_IF_NONE, 1);
    int n = npos + nkw;
    if (n == 0) {
        emit(C, OP_POP_TOP, 0);
        return;
    }
    emit(C, OP_UNPACK_SEQUENCE, n);
    Node **items = calloc_a(C, sizeof(Node *) * (size_t)n);
    for (int i = 0; i < npos; i++) items[i] = p->l1.items[i];
    for (int i = 0; i < nkw; i++) items[npos + i] = p->l2.items[i]->a;
    subpatterns(C, items, n, pc);
}

static void or_pattern(Compiler *C, Node *p, PatCtx *pc)
{
    int end = new_label(C);
    int nalt = p->l1.len;
    const char **control = NULL;
    int ncontrol = 0;
    for (int i = 0; i < nalt; i++) {
        Node *alt = p->l1.items[i];
        PatCtx sub = {0};
        sub.allow_irrefutable = i == nalt - 1 && pc->allow_irrefutable;
        emit(C, OP_DUP_TOP, 0);
        pattern(C, alt, &sub);
        int m = sub.nstores;
        if (i == 0) {
            control = sub.stores;
            ncontrol = m;
        } else {
            bool same = m == ncontrol;
            for (int k = 0; same && k < m; k++) {
                bool found = false;
                for (int j = 0; j < m; j++)
                    if (strcmp(control[k], sub.stores[j]) == 0) found = true;
                same = found;
            }
            if (!same) cerror(C, C->last_pattern, "alternative patterns bind different names");
            /* put the captures in the first alternative's order */
            const char **cur = calloc_a(C, sizeof(char *) * (size_t)(m + 1));
            if (m) memcpy(cur, sub.stores, sizeof(char *) * (size_t)m);
            for (int k = 0; k < m; k++) {
                int idx = 0;
                while (strcmp(cur[idx], control[k]) != 0) idx++;
                int d = m - idx;
                rot_up(C, d);
                const char *x = cur[idx];
                memmove(cur + idx, cur + idx + 1, sizeof(char *) * (size_t)(m - idx - 1));
                cur[m - 1] = x;
            }
        }
        /* drop the value, then move the captures below the on_top items */
        rot_up(C, m + 1);
        emit(C, OP_POP_TOP, 0);
        if (pc->on_top > 0)
            for (int k = 0; k < m; k++) rot_n(C, pc->on_top + m);
        emit(C, OP_JUMP, end);
        emit_fail_pops(C, &sub);
    }
    /* no alternative matched */
    emit(C, OP_POP_TOP, 0);
    jump_fail(C, pc, OP_JUMP, 0);
    bind(C, end);
    for (int k = 0; k < ncontrol; k++) add_store(C, pc, p, control[k]);
}

static void pattern(Compiler *C, Node *p, PatCtx *pc)
{
    enter_depth(C, p);
    Loc save = loc_save(C);
    set_loc(C, p);
    C->last_pattern = p; /* CPython reports some errors at the last pattern compiled */
    switch (p->kind) {
    case P_AS:
        if (!p->a) {
            if (!pc->allow_irrefutable) {
                if (!p->name) cerror(C, p, "wildcard makes remaining patterns unreachable");
                cerror(C, p, "name capture '%s' makes remaining patterns unreachable", p->name);
            }
            capture(C, p, p->name, pc);
            break;
        }
        emit(C, OP_DUP_TOP, 0);
        pc->on_top++;
        pattern(C, p->a, pc);
        pc->on_top--;
        capture(C, p, p->name, pc);
        break;
    case P_VALUE:
        expr(C, p->a);
        emit(C, OP_COMPARE_EQ, 0);
        jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 0);
        break;
    case P_SINGLETON:
        load_const(C, p->v);
        emit(C, OP_IS_OP, 0);
        jump_fail(C, pc, OP_POP_JUMP_IF_FALSE, 0);
        break;
    case P_SEQUENCE: sequence_pattern(C, p, pc); break;
    case P_MAPPING: mapping_pattern(C, p, pc); break;
    case P_CLASS: class_pattern(C, p, pc); break;
    case P_OR: or_pattern(C, p, pc); break;
    default: cerror(C, p, "invalid syntax");
    }
    loc_restore(C, save);
    C->depth--;
}

static void match_stmt(Compiler *C, Node *s)
{
    expr(C, s->a);
    int end = new_label(C);
    int n = s->l1.len;
    for (int i = 0; i < n; i++) {
        Node *c = s->l1.items[i];
        bool last = i == n - 1;
        set_loc(C, c->a);
        if (!last) emit(C, OP_DUP_TOP, 0);
        PatCtx pc = {0};
        pc.allow_irrefutable = c->b || last;
        pattern(C, c->a, &pc);
        /* store the captures, first captured first */
        set_loc(C, c->a);
        for (int k = pc.nstores; k >= 2; k--) rot_n(C, k);
        for (int k = 0; k < pc.nstores; k++) name_op(C, pc.stores[k], CTX_STORE);
        if (c->b) jump_if(C, c->b, false, fail_label(C, &pc, 0));
        if (!last) emit(C, OP_POP_TOP, 0);
        stmts(C, &c->l1);
        if (!last || pc.nfail) emit(C, OP_JUMP, end);
        emit_fail_pops(C, &pc);
    }
    bind(C, end);
}

/* x: T = v.  In a module or class body the annotation of a simple name
 * goes into __annotations__ (after the assignment); other targets have
 * their annotation evaluated and their object part too when there is no
 * value.  Function bodies evaluate no annotation. */
static void annassign(Compiler *C, Node *s)
{
    Node *t = s->a;
    if (s->b) {
        expr(C, s->b);
        store_target(C, t);
    }
    bool simple = t->kind == E_NAME && !t->gline;
    bool body = C->u->sc->type != SC_FUNCTION;
    if (simple && body) {
        annotation(C, s->c);
        emit(C, OP_LOAD_NAME, add_name(C, "__annotations__"));
        load_const(C, OBJ_VAL(intern(C, t->name)));
        emit(C, OP_STORE_SUBSCR, 0);
        return;
    }
    if (!s->b && (t->kind == E_ATTR || t->kind == E_SUBSCR)) {
        expr(C, t->a);
        emit(C, OP_POP_TOP, 0);
        if (t->kind == E_SUBSCR) {
            expr(C, t->b);
            emit(C, OP_POP_TOP, 0);
        }
    }
    if (body && !C->future_annotations) {
        expr(C, s->c);
        emit(C, OP_POP_TOP, 0);
    }
}

/* Does this body (not counting nested functions and classes) annotate a
 * name?  Then it starts with SETUP_ANNOTATIONS. */
static bool has_annotations(NodeList *l)
{
    for (int i = 0; i < l->len; i++) {
        Node *s = l->items[i];
        switch (s->kind) {
        case S_ANNASSIGN: return true;
        case S_IF: case S_WHILE: case S_FOR: case S_WITH:
            if (has_annotations(&s->l1) || has_annotations(&s->l2)) return true;
            break;
        case S_TRY:
            if (has_annotations(&s->l1) || has_annotations(&s->l3) || has_annotations(&s->l4)) return true;
            for (int k = 0; k < s->l2.len; k++)
                if (has_annotations(&s->l2.items[k]->l1)) return true;
            break;
        case S_MATCH:
            for (int k = 0; k < s->l1.len; k++)
                if (has_annotations(&s->l1.items[k]->l1)) return true;
            break;
        default: break;
        }
    }
    return false;
}

static void stmt(Compiler *C, Node *s)
{
    enter_depth(C, s);
    Unit *u = C->u;
    set_loc(C, s);
    switch (s->kind) {
    case S_EXPR:
        if (C->interactive && u->sc->type == SC_MODULE) {
            expr(C, s->a);
            emit(C, OP_PRINT_EXPR, 0);
        } else if (s->a->kind == E_CONST) {
            /* a docstring or a bare constant: nothing to do */
        } else {
            expr(C, s->a);
            emit(C, OP_POP_TOP, 0);
        }
        break;
    case S_ASSIGN: assign(C, s); break;
    case S_AUGASSIGN: augassign(C, s); break;
    case S_ANNASSIGN: annassign(C, s); break;
    case S_PASS: break;
    case S_BREAK: break_continue(C, s, true); break;
    case S_CONTINUE: break_continue(C, s, false); break;
    case S_DEL:
        for (int i = 0; i < s->l1.len; i++) delete_target(C, s->l1.items[i]);
        break;
    case S_RETURN: return_stmt(C, s); break;
    case S_RAISE:
        if (s->a) expr(C, s->a);
        if (s->b) expr(C, s->b);
        emit(C, OP_RAISE_VARARGS, s->a ? (s->b ? 2 : 1) : 0);
        break;
    case S_GLOBAL: case S_NONLOCAL: break;
    case S_IMPORT: import_stmt(C, s); break;
    case S_IMPORTFROM: importfrom(C, s); break;
    case S_IF: {
        int other = new_label(C), end = new_label(C);
        jump_if(C, s->a, false, other);
        stmts(C, &s->l1);
        if (s->l2.len) emit(C, OP_JUMP, end);
        bind(C, other);
        stmts(C, &s->l2);
        bind(C, end);
        break;
    }
    case S_WHILE: while_stmt(C, s); break;
    case S_FOR: for_stmt(C, s); break;
    case S_TRY: try_stmt(C, s); break;
    case S_WITH: with_items(C, s, 0); break;
    case S_FUNCDEF: funcdef(C, s); break;
    case S_CLASSDEF: classdef(C, s); break;
    case S_MATCH: match_stmt(C, s); break;
    case S_ASSERT: {
        if (compile_optimize > 0)
            break;
        int ok = new_label(C);
        jump_if(C, s->a, true, ok);
        emit(C, OP_LOAD_ASSERTION_ERROR, 0);
        if (s->b) {
            emit(C, OP_PUSH_NULL, 0);
            expr(C, s->b);
            emit(C, OP_CALL, 1);
        }
        emit(C, OP_RAISE_VARARGS, 1);
        bind(C, ok);
        break;
    }
    default: cerror(C, s, "invalid syntax");
    }
    C->depth--;
}

/* ---- Finishing a code object ------------------------------------------ */

static int stack_effect(uint32_t ins, bool jump)
{
    int op = (int)OPCODE(ins), a = (int)ARG(ins);
    switch (op) {
    case OP_BUILD_SLICE: return 1 - a;
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
    case OP_FOR_ITER: return jump ? -1 : 1;
    case OP_CALL: return -(a + 1);
    case OP_CALL_FUNCTION_EX: return -(2 + (a & 1));
    case OP_MAKE_FUNCTION: return -((a & 1) + ((a >> 1) & 1) + ((a >> 2) & 1));
    case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET: case OP_BUILD_STRING: return 1 - a;
    case OP_BUILD_MAP: return 1 - 2 * a;
    case OP_BUILD_CONST_KEY_MAP: return -a;
    case OP_FORMAT_VALUE: return (a & 4) ? -1 : 0;
    case OP_UNPACK_SEQUENCE: return a - 1;
    case OP_UNPACK_EX: return (a & 0xff) + (a >> 8);
    case OP_RAISE_VARARGS: return -a;
    default: return opcode_effects[op];
    }
}

int compile_stack_depths(ObjCode *co, int *depth)
{
    int n = (int)co->ncode;
    for (int i = 0; i < n; i++)
        depth[i] = -1;
    if (n == 0)
        return 0;
    depth[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < n; i++) {
            int d = depth[i];
            if (d < 0)
                continue;
            uint32_t ins = co->code[i];
            int op = (int)OPCODE(ins);
            if (is_jump(op)) {
                int t = (int)ARG(ins);
                if (t < n && depth[t] < 0) {
                    depth[t] = d + stack_effect(ins, true);
                    changed = true;
                }
            }
            if (op == OP_JUMP || op == OP_JUMP_BACKWARD || op == OP_RETURN_VALUE || op == OP_RERAISE ||
                op == OP_RAISE_VARARGS || i + 1 >= n || depth[i + 1] >= 0)
                continue;
            depth[i + 1] = d + stack_effect(ins, false);
            changed = true;
        }
        for (int k = 0; k < co->nexc; k++) {
            const ExcEntry *e = &co->exctable[k];
            if (e->handler >= (uint32_t)n || depth[e->handler] >= 0)
                continue;
            for (uint32_t i = e->start; i < e->end && i < (uint32_t)n; i++)
                if (depth[i] >= 0) {
                    depth[e->handler] = (int)e->depth + 1;
                    changed = true;
                    break;
                }
        }
    }
    return 0;
}

static ObjCode *finish(Compiler *C, Unit *u, int argcount, int kwonly, int posonly, uint32_t flags)
{
    int n = u->n;
    /* resolve labels; forward/backward jumps */
    for (int i = 0; i < n; i++) {
        int op = (int)OPCODE(u->code[i]);
        if (!is_jump(op)) continue;
        int target = u->labels[ARG(u->code[i])];
        if (target < 0) cerr_raise(C->err, exc_SyntaxError, 0, -1, "internal error: unbound label");
        if (op == OP_JUMP && target <= i) op = OP_JUMP_BACKWARD;
        u->code[i] = INSTR(op, target);
    }
    /* which handler is set up by which instruction */
    int *setup = calloc_a(C, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) setup[i] = -1;
    for (int h = 0; h < u->nhandlers; h++) {
        int at = u->handlers[h].setup;
        if (at >= 0 && at < n) setup[at] = h;
        u->handlers[h].label = u->labels[u->handlers[h].label];
    }
    /* flow analysis: depth before each instruction */
    int *depth = calloc_a(C, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) depth[i] = -1;
    int *work = calloc_a(C, sizeof(int) * (size_t)(n + u->nhandlers + 2));
    int nw = 0, maxd = 0;
#define PUSHW(pc, d)                                                                                                   \
    do {                                                                                                               \
        if ((pc) < n && depth[pc] < 0) {                                                                               \
            depth[pc] = (d);                                                                                           \
            work[nw++] = (pc);                                                                                         \
        } else if ((pc) < n && depth[pc] != (d)) {                                                                     \
            cerr_raise(C->err, exc_RuntimeError, (int)u->lines[pc], -1,                \
                       "internal compiler error: inconsistent stack depth");                                           \
        }                                                                                                              \
    } while (0)
    if (n > 0) PUSHW(0, 0);
    while (nw > 0) {
        int pc = work[--nw];
        for (;;) {
            int d = depth[pc];
            if (setup[pc] >= 0) {
                Handler *h = &u->handlers[setup[pc]];
                h->depth = d;
                if (d + 1 > maxd) maxd = d + 1;
                PUSHW(h->label, d + 1);
            }
            uint32_t ins = u->code[pc];
            int op = (int)OPCODE(ins);
            if (is_jump(op)) {
                int jd = d + stack_effect(ins, true);
                if (jd > maxd) maxd = jd;
                PUSHW((int)ARG(ins), jd);
            }
            if (op == OP_JUMP || op == OP_JUMP_BACKWARD || op == OP_RETURN_VALUE || op == OP_RERAISE ||
                op == OP_RAISE_VARARGS)
                break;
            int nd = d + stack_effect(ins, false);
            if (nd > maxd) maxd = nd;
            if (nd < 0) cerr_raise(C->err, exc_RuntimeError, u->lines[pc], -1, "internal compiler error: stack underflow");
            if (pc + 1 >= n) break;
            if (depth[pc + 1] >= 0) {
                if (depth[pc + 1] != nd)
                    cerr_raise(C->err, exc_RuntimeError, u->lines[pc], -1, "internal compiler error: stack depth mismatch");
                break;
            }
            depth[pc + 1] = nd;
            pc++;
        }
    }
#undef PUSHW
    /* exception table: runs of instructions under the same handler */
    int nexc = 0;
    for (int i = 0; i < n; i++)
        if (u->hnd[i] >= 0 && (i == 0 || u->hnd[i - 1] != u->hnd[i])) nexc++;
    ExcEntry *exc = nexc ? mem_alloc(sizeof(ExcEntry) * (size_t)nexc) : NULL;
    if (nexc && !exc) nomem(C);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (u->hnd[i] < 0 || (i > 0 && u->hnd[i - 1] == u->hnd[i])) continue;
        int j = i;
        while (j < n && u->hnd[j] == u->hnd[i]) j++;
        Handler *h = &u->handlers[u->hnd[i]];
        exc[k].start = (uint32_t)i;
        exc[k].end = (uint32_t)j;
        exc[k].handler = (uint32_t)h->label;
        exc[k].depth = (uint32_t)(h->depth < 0 ? 0 : h->depth);
        k++;
    }
    ObjCode *co = code_new();
    if (!co) nomem(C);
    co->code = mem_alloc(sizeof(uint32_t) * (size_t)n);
    co->lines = mem_alloc(sizeof(uint32_t) * (size_t)n);
    if (!co->code || !co->lines) nomem(C);
    memcpy(co->code, u->code, sizeof(uint32_t) * (size_t)n);
    memcpy(co->lines, u->lines, sizeof(uint32_t) * (size_t)n);
    CodePos *cp = calloc_a(C, sizeof(CodePos) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        cp[i] = (CodePos){(int)u->lines[i], u->pos[i].end_line, u->pos[i].col, u->pos[i].end_col};
    co->positions = pos_encode(cp, n, &co->npositions);
    if (!co->positions) nomem(C);
    co->ncode = n;
    co->firstline = u->firstline;
    Value consts = tuple_from(AS_LIST(u->consts)->items, AS_LIST(u->consts)->len);
    Value names = tuple_from(AS_LIST(u->names)->items, AS_LIST(u->names)->len);
    if (!consts || !names) nomem(C);
    co->consts = AS_TUPLE(consts);
    co->names = AS_TUPLE(names);
    Scope *s = u->sc;
    Value ln = tuple_new(s->nlocals);
    if (!ln) nomem(C);
    for (int i = 0; i < s->nsyms; i++) {
        Sym *y = &s->syms[i];
        if (y->slot >= 0 && y->slot < s->nlocals) AS_TUPLE(ln)->items[y->slot] = OBJ_VAL(intern(C, y->name));
    }
    co->localnames = AS_TUPLE(ln);
    co->nlocals = s->nlocals;
    co->argcount = argcount;
    co->kwonlyargcount = kwonly;
    co->posonlyargcount = posonly;
    co->ncellslots = s->ncells;
    co->cell_slots = s->ncells ? mem_alloc(sizeof(int32_t) * (size_t)s->ncells) : NULL;
    for (int i = 0; i < s->ncells; i++) co->cell_slots[i] = s->cellslots[i];
    co->nfree = s->nfree;
    co->stacksize = maxd + 1;
    if (!(flags & (CO_VARARGS | CO_VARKW)) && kwonly == 0 && s->ncells == 0 && s->nfree == 0)
        flags |= CO_SIMPLE;
    co->flags = flags;
    co->exctable = exc;
    co->nexc = nexc;
    co->name = intern(C, s->name);
    co->qualname = intern(C, s->qualname);
    co->filename = intern(C, C->filename);
    return co;
}

static void unit_init(Compiler *C, Unit *u, Scope *s, int firstline)
{
    memset(u, 0, sizeof *u);
    u->sc = s;
    u->cur = -1;
    u->line = u->end_line = firstline;
    u->col = u->end_col = -1;
    u->firstline = firstline;
    u->consts = list_new(0);
    u->names = list_new(0);
    if (!u->consts || !u->names) nomem(C);
    (void)C;
}

static ObjCode *compile_scope(Compiler *C, Scope *s, Node *node)
{
    Unit *parent = C->u;
    Unit *u = calloc_a(C, sizeof(Unit));
    unit_init(C, u, s, node->line);
    C->u = u;
    uint32_t flags = CO_NESTED;
    int argcount = 0, kwonly = 0, posonly = 0;
    if (s->type == SC_CLASS) {
        flags = CO_CLASSBODY;
        emit(C, OP_LOAD_GLOBAL, add_name(C, "__name__"));
        emit(C, OP_STORE_NAME, add_name(C, "__module__"));
        load_const(C, OBJ_VAL(intern(C, s->qualname)));
        emit(C, OP_STORE_NAME, add_name(C, "__qualname__"));
        Value doc = docstring(&node->l2);
        if (doc) {
            load_const(C, doc);
            emit(C, OP_STORE_NAME, add_name(C, "__doc__"));
        }
        if (has_annotations(&node->l2)) emit(C, OP_SETUP_ANNOTATIONS, 0);
        stmts(C, &node->l2);
        if (s->needs_class_cell) {
            /* type.__new__ takes the cell from the namespace and fills it */
            Sym *y = sym_find(s, "__class__");
            emit(C, OP_LOAD_CLOSURE, y->slot);
            emit(C, OP_DUP_TOP, 0);
            emit(C, OP_STORE_NAME, add_name(C, "__classcell__"));
        } else {
            load_const(C, NONE);
        }
        emit(C, OP_RETURN_VALUE, 0);
    } else if (s->comprehension) {
        argcount = 1;
        int kind = node->kind;
        int ngen = node->l1.len;
        if (kind != E_GENEXP) emit(C, kind == E_LISTCOMP ? OP_BUILD_LIST : kind == E_SETCOMP ? OP_BUILD_SET : OP_BUILD_MAP, 0);
        int *starts = calloc_a(C, sizeof(int) * (size_t)ngen), *skips = calloc_a(C, sizeof(int) * (size_t)ngen),
            *ends = calloc_a(C, sizeof(int) * (size_t)ngen);
        for (int i = 0; i < ngen; i++) {
            Node *g = node->l1.items[i];
            starts[i] = new_label(C);
            skips[i] = new_label(C);
            ends[i] = new_label(C);
            set_loc(C, g);
            if (i == 0) {
                emit(C, OP_LOAD_FAST, 0);
            } else {
                expr(C, g->b);
                emit(C, g->op ? OP_GET_AITER : OP_GET_ITER, 0);
            }
            bind(C, starts[i]);
            if (g->op) {
                async_next(C, ends[i]);
            } else {
                emit(C, OP_FOR_ITER, ends[i]);
            }
            store_target(C, g->a);
            for (int k = 0; k < g->l1.len; k++) jump_if(C, g->l1.items[k], false, skips[i]);
        }
        set_loc(C, node);
        if (kind == E_GENEXP) {
            expr(C, node->a);
            emit(C, OP_YIELD_VALUE, 0);
            emit(C, OP_POP_TOP, 0);
        } else if (kind == E_DICTCOMP) {
            expr(C, node->a);
            expr(C, node->b);
            emit(C, OP_MAP_ADD, ngen + 1);
        } else {
            expr(C, node->a);
            emit(C, kind == E_LISTCOMP ? OP_LIST_APPEND : OP_SET_ADD, ngen + 1);
        }
        for (int i = ngen - 1; i >= 0; i--) {
            bind(C, skips[i]);
            emit(C, OP_JUMP, starts[i]);
            bind(C, ends[i]);
            if (node->l1.items[i]->op) emit(C, OP_END_ASYNC_FOR, 0);
        }
        if (kind == E_GENEXP) load_const(C, NONE);
        emit(C, OP_RETURN_VALUE, 0);
        if (s->generator) flags |= CO_GENERATOR;
        if (s->coroutine) flags |= CO_GENERATOR | (kind == E_GENEXP ? CO_ASYNC_GENERATOR : CO_COROUTINE);
    } else {
        /* def or lambda */
        Args *a = node->args;
        argcount = a->args.len;
        kwonly = a->kwonly.len;
        posonly = a->nposonly;
        if (a->vararg) flags |= CO_VARARGS;
        if (a->kwarg) flags |= CO_VARKW;
        if (s->generator) flags |= CO_GENERATOR;
        if (s->coroutine) flags |= CO_GENERATOR | (s->generator ? CO_ASYNC_GENERATOR : CO_COROUTINE);
        if (node->kind == E_LAMBDA) {
            add_const(C, NONE); /* consts[0]: the docstring (none) */
            expr(C, node->a);
            emit(C, OP_RETURN_VALUE, 0);
        } else {
            Value doc = docstring(&node->l1);
            if (doc) {
                list_append(u->consts, doc);
            } else {
                add_const(C, NONE);
            }
            stmts(C, &node->l1);
            load_const(C, NONE);
            emit(C, OP_RETURN_VALUE, 0);
        }
    }
    ObjCode *co = finish(C, u, argcount, kwonly, posonly, flags);
    C->u = parent;
    return co;
}

/* ---- Entry point ------------------------------------------------------ */

static void raise_error(CompileErr *e, const char *filename)
{
    if (e->type == exc_MemoryError) {
        err_no_memory();
        return;
    }
    if (e->type != exc_SyntaxError && e->type != exc_IndentationError && e->type != exc_TabError) {
        err_set(e->type, e->msg ? e->msg : "error");
        return;
    }
    /* the line's text and the 1-based column in characters */
    const char *p = e->src, *end = e->src + e->srclen;
    for (int l = 1; l < e->line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) { p = end; break; }
        p = nl + 1;
    }
    const char *le = p;
    while (le < end && *le != '\n') le++;
    if (e->text) {
        p = e->text;
        le = p + strlen(p);
    }
    size_t tl = (size_t)(le - p);
    char *text = malloc(tl + 1);
    if (!text) {
        err_no_memory();
        return;
    }
    memcpy(text, p, tl);
    text[tl] = 0;
    int offset = 0;
    if (e->col >= 0) {
        int chars = 0;
        for (int i = 0; i < e->col && i < (int)tl; i++)
            if (((unsigned char)text[i] & 0xc0) != 0x80) chars++;
        if (e->col > (int)tl) chars += e->col - (int)tl;
        offset = chars + 1;
    }
    err_syntax(e->type, e->msg ? e->msg : "invalid syntax", filename, e->line, offset,
               e->line > 0 && (p < end || tl) ? text : NULL);
    if (((e->end_col > e->col && e->end_line == e->line) || e->end_line > e->line) && offset > 0 && vm_cur &&
        vm_cur->exc) {
        /* a range running past its line is marked to the line's end */
        int end = e->end_line > e->line ? (int)tl : e->end_col;
        int chars = 0;
        for (int i = 0; i < end && i < (int)tl; i++)
            if (((unsigned char)text[i] & 0xc0) != 0x80) chars++;
        Value exc = vm_cur->exc;
        obj_setattr(exc, str_intern_cstr("end_offset"), MK_INT(chars + 1));
        vm_cur->exc = exc;
    }
    free(text);
}

/* `from __future__ import x` statements: only at the top (after the
 * docstring), only known features; `annotations` changes how they compile.
 * The statement also runs as an ordinary import of Lib/__future__.py. */
static void future_imports(Compiler *C, NodeList *body)
{
    static const char *const features[] = {"nested_scopes", "generators", "division", "absolute_import",
                                           "with_statement", "print_function", "unicode_literals",
                                           "barry_as_FLUFL", "generator_stop", "annotations", NULL};
    bool at_top = true;
    for (int i = 0; i < body->len; i++) {
        Node *s = body->items[i];
        bool future = s->kind == S_IMPORTFROM && s->op == 0 && strcmp(s->name, "__future__") == 0;
        if (!future) {
            if (!(i == 0 && s->kind == S_EXPR && s->a->kind == E_CONST && IS_STR(s->a->v))) at_top = false;
            continue;
        }
        if (!at_top) cerror(C, s, "from __future__ imports must occur at the beginning of the file");
        for (int k = 0; k < s->l1.len; k++) {
            const char *f = s->l1.items[k]->name;
            if (strcmp(f, "braces") == 0) cerror_at(C, s, "not a chance");
            bool known = false;
            for (int j = 0; features[j]; j++) known |= strcmp(f, features[j]) == 0;
            if (!known) cerror_at(C, s, "future feature %s is not defined", f);
            if (strcmp(f, "annotations") == 0) C->future_annotations = true;
        }
        s->v = TRUE_V; /* a directive: importfrom() lets it pass */
    }
}

static bool ends_with_blank_line(const char *s, size_t n)
{
    /* the last line (after the final newline) is empty or whitespace, and
     * the line before it too, i.e. the user entered an empty line */
    if (n == 0) return true;
    size_t i = n;
    if (s[i - 1] == '\n') i--;
    size_t j = i;
    while (j > 0 && s[j - 1] != '\n') j--;
    for (size_t k = j; k < i; k++)
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\f') return false;
    return j > 0 || i == 0;
}

/* compile_source_ast's receiver of the parsed tree (NULL: compile). */
static CompileAstSink ast_sink;
static void *ast_sink_ctx;
static Value ast_sink_result;

static ObjCode *do_compile(CompileErr *err, const char *src, size_t len, const char *filename, int mode)
{
    Compiler comp;
    memset(&comp, 0, sizeof comp);
    Compiler *C = &comp;
    C->err = err;
    C->arena = &err->arena;
    C->filename = filename;
    if (mode == COMPILE_EXEC) {
        C->name_ops = true;
        mode = COMPILE_FILE;
    }
    /* compile(..., 'single') may run with separate locals (pdb's `!x = 1`) */
    if (mode == COMPILE_SINGLE)
        C->name_ops = true;
    C->mode = mode;
    C->interactive = mode == COMPILE_SINGLE;
    /* BOM, NUL bytes, invalid UTF-8, \r\n line ends */
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        src += 3;
        len -= 3;
    }
    {
        int line = 1;
        for (size_t i = 0; i < len; i++) {
            if (src[i] == '\n') line++;
            else if (src[i] == 0) {
                err->src = src;
                err->srclen = len;
                cerr_raise(err, exc_SyntaxError, line, -1, "source code cannot contain null bytes");
            }
        }
        if (!utf8_valid(src, len)) {
            size_t i = 0;
            int l = 1;
            while (i < len) {
                int n;
                unsigned char c = (unsigned char)src[i];
                uint32_t cp = lex_utf8(src + i, src + len, &n);
                if (c >= 0x80 && (cp == 0xFFFD && !(n == 3 && (unsigned char)src[i] == 0xef))) break;
                if (c == '\n') l++;
                i += (size_t)n;
            }
            cerr_raise(err, exc_SyntaxError, l, -1,
                       "Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding declared; "
                       "see https://peps.python.org/pep-0263/ for details",
                       i < len ? (unsigned char)src[i] : 0, filename, l);
        }
        if (memchr(src, '\r', len)) {
            char *copy = arena_alloc(&err->arena, len + 1);
            if (!copy) nomem(C);
            size_t k = 0;
            for (size_t i = 0; i < len; i++) {
                if (src[i] == '\r') {
                    copy[k++] = '\n';
                    if (i + 1 < len && src[i + 1] == '\n') i++;
                } else {
                    copy[k++] = src[i];
                }
            }
            src = copy;
            len = k;
        }
        err->src = src;
        err->srclen = len;
    }
    NodeList body = {0};
    Node *ex = NULL;
    parse_source(err, src, len, mode, &body, &ex);
    if (mode == COMPILE_SINGLE && !err->repl && body.len > 1 &&
        body.items[body.len - 1]->line != body.items[0]->line)
        cerr_raise(err, exc_SyntaxError, body.items[0]->line, body.items[0]->end_col,
                   "multiple statements found while compiling a single statement");
    if (mode == COMPILE_SINGLE && err->repl && body.len) {
        Node *last = body.items[body.len - 1];
        int k = last->kind;
        if ((k == S_IF || k == S_WHILE || k == S_FOR || k == S_TRY || k == S_WITH || k == S_FUNCDEF || k == S_CLASSDEF) &&
            !ends_with_blank_line(src, len)) {
            err->incomplete = true;
            int line = 1;
            for (size_t i = 0; i < len; i++)
                if (src[i] == '\n' && i + 1 < len) line++;
            cerr_raise(err, exc_SyntaxError, line, -1, "unexpected EOF while parsing");
        }
    }
    if (ast_sink) {
        ast_sink_result = ast_sink(&body, ex, ast_sink_ctx);
        return NULL;
    }
    future_imports(C, &body);
    if (ex) mangle_tree(C, ex, NULL);
    else mangle_list(C, &body, NULL);
    /* symbol table */
    Scope *mod = scope_new(C, SC_MODULE, "<module>", NULL);
    C->cur_scope = mod;
    if (ex) st_expr(C, ex);
    else st_stmts(C, &body);
    resolve(C, mod);
    assign_slots(C, mod);
    /* code */
    Unit *u = calloc_a(C, sizeof(Unit));
    unit_init(C, u, mod, 1);
    C->u = u;
    if (ex) {
        expr(C, ex);
        emit(C, OP_RETURN_VALUE, 0);
    } else {
        Value doc = mode == COMPILE_FILE ? docstring(&body) : VNULL;
        if (doc) {
            load_const(C, doc);
            emit(C, OP_STORE_GLOBAL, add_name(C, "__doc__"));
        }
        if (has_annotations(&body)) emit(C, OP_SETUP_ANNOTATIONS, 0);
        stmts(C, &body);
        load_const(C, NONE);
        emit(C, OP_RETURN_VALUE, 0);
    }
    return finish(C, u, 0, 0, 0, CO_MODULE);
}

ObjCode *compile_source(const char *src, size_t len, const char *filename, int mode, bool *incomplete)
{
    CompileErr *err = calloc(1, sizeof(CompileErr));
    if (!err) {
        err_no_memory();
        return NULL;
    }
    if (incomplete) *incomplete = false;
    err->repl = incomplete != NULL;
    const char *volatile fname = filename ? filename : "<string>";
    err->src = src;
    err->srclen = len;
    if (setjmp(err->jb)) {
        raise_error(err, fname);
        if (incomplete) *incomplete = err->incomplete;
        arena_free(&err->arena);
        free(err);
        return NULL;
    }
    ObjCode *result = do_compile(err, src, len, fname, mode);
    arena_free(&err->arena);
    free(err);
    return result;
}

Value compile_source_ast(const char *src, size_t len, const char *filename, int mode,
                         CompileAstSink sink, void *ctx)
{
    ast_sink = sink;
    ast_sink_ctx = ctx;
    ast_sink_result = VNULL;
    compile_source(src, len, filename, mode, NULL);
    ast_sink = NULL;
    Value r = ast_sink_result;
    ast_sink_result = VNULL;
    return r;
}

/* The anchors of a traceback's marker line (Python/traceback.c's
 * extract_anchors_from_line): parse the failing span alone; if it is one
 * binary operation, [*left, *right) are the byte offsets of its operator,
 * if one subscript, of its `[...]`.  False (and no exception) otherwise. */
#define IS_WS_CHAR(c) ((c) == ' ' || (c) == '\t' || (c) == '\f')

bool compile_caret_anchors(const char *seg, size_t len, int *left, int *right)
{
    CompileErr *err = calloc(1, sizeof(CompileErr));
    if (!err) return false;
    char *src = malloc(len + 1);
    if (!src) {
        free(err);
        return false;
    }
    memcpy(src, seg, len);
    src[len] = 0;
    volatile bool found = false;
    err->src = src;
    err->srclen = len;
    if (setjmp(err->jb) == 0) {
        NodeList body = {0};
        parse_source(err, src, len, COMPILE_FILE, &body, NULL);
        Node *e = body.len == 1 && body.items[0]->kind == S_EXPR ? body.items[0]->a : NULL;
        int slen = (int)len;
        if (e && e->kind == E_BINOP) {
            for (int i = e->a->end_col; i < e->b->col && i < slen; i++) {
                if (IS_WS_CHAR(src[i])) continue;
                *left = i;
                *right = i + 1;
                if (i + 1 < e->b->col && !IS_WS_CHAR(src[i + 1])) ++*right;
                if (i + 1 < e->b->col && src[i] == ')') continue;
                break;
            }
            found = true;
        } else if (e && e->kind == E_SUBSCR) {
            int l = e->a->end_col, r = e->b->end_col + 1;
            while (l < slen && src[l] != '[') l++;
            while (r < slen && src[r] != ']') r++;
            if (r < slen) r++;
            *left = l;
            *right = r;
            found = true;
        }
    }
    arena_free(&err->arena);
    free(err);
    free(src);
    return found;
}
