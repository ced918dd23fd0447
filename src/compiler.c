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
#include "gc.h"
#include "opcodes.h"
#include "parser.h"
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
/* resolved kinds */
enum { R_NONE, R_LOCAL, R_GLOBAL_EXPLICIT, R_GLOBAL_IMPLICIT, R_FREE, R_CELL };

typedef struct {
    const char *name;
    uint32_t flags;
    int kind;
    int slot;
    int line, col;
} Sym;

typedef struct Scope {
    int type;
    bool comprehension, generator, lambda, needs_class_cell, has_docstring;
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

enum FbType { FB_WHILE, FB_FOR, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_HANDLER, FB_WITH };

typedef struct {
    int type;
    int cont, brk;     /* loop labels */
    int outer;         /* handler active outside this block */
    Node *node;        /* FINALLY_TRY: the try node (finalbody); HANDLER: the handler */
} FBlock;

#define MAX_FBLOCKS 100

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
    int line;
    int firstline;
    int bound_at;      /* instruction index the latest label was bound to */
} Unit;

struct Compiler {
    CompileErr *err;
    Arena *arena;
    const char *filename;
    int mode;
    Unit *u;
    Scope *cur_scope; /* symtable pass */
    int depth;
    bool interactive;
};

static void *calloc_a(Compiler *C, size_t n)
{
    void *p = arena_alloc(C->arena, n);
    if (!p) cerr_raise(C->err, exc_MemoryError, 0, -1, "out of memory");
    return p;
}

static void cerror(Compiler *C, Node *n, const char *fmt, ...)
{
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n && n->end_line == n->line && n->end_col > n->col) cerr_set_end(C->err, n->end_line, n->end_col);
    cerr_raise(C->err, exc_SyntaxError, n ? n->line : 0, n ? n->col : -1, "%s", buf);
}

static void nomem(Compiler *C) { cerr_raise(C->err, exc_MemoryError, 0, -1, "out of memory"); }

/* Grow an arena array (old contents copied). */
static void *grow(Compiler *C, void *old, int n, int *cap, size_t elem)
{
    int nc = *cap ? *cap * 2 : 16;
    void *p = calloc_a(C, elem * (size_t)nc);
    if (old && n) memcpy(p, old, elem * (size_t)n);
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
    return kind == E_LISTCOMP ? "<listcomp>" : kind == E_SETCOMP ? "<setcomp>" : kind == E_DICTCOMP ? "<dictcomp>" : "<genexp>";
}

static void st_comprehension(Compiler *C, Node *e)
{
    Node *g0 = e->l1.items[0];
    st_expr(C, g0->b); /* first iterator in the enclosing scope */
    Scope *s = scope_new(C, SC_FUNCTION, comp_name(e->kind), e);
    s->comprehension = true;
    s->generator = e->kind == E_GENEXP;
    C->cur_scope = s;
    sym_add(C, s, ".0", DEF_PARAM, e);
    for (int i = 0; i < e->l1.len; i++) {
        Node *g = e->l1.items[i];
        if (i > 0) st_expr(C, g->b);
        st_target(C, g->a);
        st_list(C, &g->l1);
    }
    st_expr(C, e->a);
    if (e->b) st_expr(C, e->b);
    C->cur_scope = s->parent;
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
        st_expr(C, e->b);
        Scope *s = C->cur_scope;
        if (s->comprehension) {
            Scope *t = s;
            while (t->comprehension) {
                Sym *y = sym_find(t, e->a->name);
                if (y && (y->flags & DEF_LOCAL) && t == s)
                    cerror(C, e, "assignment expression cannot rebind comprehension iteration variable '%s'", e->a->name);
                t = t->parent;
            }
            if (t->type == SC_CLASS) cerror(C, e, "assignment expression within a comprehension cannot be used in a class body");
            for (Scope *x = s; x != t; x = x->parent)
                sym_add(C, x, e->a->name, t->type == SC_MODULE ? DEF_GLOBAL : DEF_NONLOCAL, e);
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
            if (global && (y->flags & DEF_NONLOCAL)) cerror(C, st, "name '%s' is nonlocal and global", name);
            if (!global && (y->flags & DEF_GLOBAL)) cerror(C, st, "name '%s' is nonlocal and global", name);
            if (y->flags & DEF_LOCAL) cerror(C, st, "name '%s' is assigned to before %s declaration", name, what);
            if (y->flags & USE) cerror(C, st, "name '%s' is used prior to %s declaration", name, what);
        }
        sym_add(C, s, name, global ? DEF_GLOBAL : DEF_NONLOCAL, st);
    }
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
        st_name(C, s->name, DEF_LOCAL, s);
        Scope *f = scope_new(C, SC_FUNCTION, s->name, s);
        C->cur_scope = f;
        st_params(C, s->args);
        st_stmts(C, &s->l1);
        C->cur_scope = f->parent;
        break;
    }
    case S_CLASSDEF: {
        st_list(C, &s->l3);
        st_list(C, &s->l1);
        st_name(C, s->name, DEF_LOCAL, s);
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
                cerror(C, &fake, "no binding for nonlocal '%s' found", y->name);
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
        return u->n++;
    }
    if (op == OP_STORE_FAST) {
        if (!fusable_tail(u, 3)) return -1;
        uint32_t l = u->code[u->n - 3], k = u->code[u->n - 2], b = u->code[u->n - 1];
        if (OPCODE(l) != OP_LOAD_FAST || ARG(l) != (uint32_t)arg || ARG(l) > FUSED_MAX || OPCODE(k) != OP_LOAD_CONST ||
            ARG(k) > FC_CONST_MAX || (OPCODE(b) != OP_BINARY_ADD && OPCODE(b) != OP_BINARY_SUB))
            return -1;
        u->n -= 3;
        u->code[u->n] = INSTR(OPCODE(b) == OP_BINARY_ADD ? OP_ADD_FC : OP_SUB_FC,
                              FUSED_ARG(ARG(l), ARG(k)) | (ARG(b) ? FC_INPLACE : 0));
        return u->n++;
    }
    return -1;
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
        u->cap = cap;
    }
    u->code[u->n] = INSTR(op, arg);
    u->lines[u->n] = (uint32_t)u->line;
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
        emit(C, C->mode == COMPILE_EVAL ? nm[ctx] : g[ctx], add_name(C, name));
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

static void call(Compiler *C, Node *e)
{
    Node *f = e->a;
    bool ex = has_starred(&e->l1);
    for (int i = 0; i < e->l2.len; i++)
        if (!e->l2.items[i]->name) ex = true;
    if (ex) {
        expr(C, f);
        emit(C, OP_PUSH_NULL, 0);
        int i = 0;
        NodeList *l = &e->l1;
        for (; i < l->len && i < 30 && l->items[i]->kind != E_STARRED; i++) expr(C, l->items[i]);
        emit(C, OP_BUILD_LIST, i);
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
        if (e->l2.len) {
            emit(C, OP_BUILD_MAP, 0);
            for (int k = 0; k < e->l2.len; k++) {
                Node *kw = e->l2.items[k];
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
        emit(C, OP_CALL_FUNCTION_EX, e->l2.len ? 1 : 0);
        return;
    }
    if (f->kind == E_ATTR) {
        expr(C, f->a);
        int save = C->u->line;
        C->u->line = f->end_line ? f->end_line : f->line;
        emit(C, OP_LOAD_METHOD, add_name(C, f->name));
        C->u->line = save;
    } else {
        expr(C, f);
        emit(C, OP_PUSH_NULL, 0);
    }
    for (int i = 0; i < e->l1.len; i++) expr(C, e->l1.items[i]);
    for (int i = 0; i < e->l2.len; i++) expr(C, e->l2.items[i]->a);
    if (e->l2.len) {
        Value names = tuple_new(e->l2.len);
        if (!names) nomem(C);
        for (int i = 0; i < e->l2.len; i++) AS_TUPLE(names)->items[i] = OBJ_VAL(intern(C, e->l2.items[i]->name));
        emit(C, OP_KW_NAMES, add_const(C, names));
    }
    emit(C, OP_CALL, e->l1.len + e->l2.len);
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
    ObjCode *code = compile_scope(C, s, e);
    make_closure(C, code, s, 0);
    expr(C, e->l1.items[0]->b);
    emit(C, OP_GET_ITER, 0);
    emit(C, OP_CALL, 0);
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

static void expr(Compiler *C, Node *e)
{
    enter_depth(C, e);
    Unit *u = C->u;
    int save = u->line;
    u->line = e->line;
    switch (e->kind) {
    case E_NAME: name_op(C, e->name, CTX_LOAD); break;
    case E_CONST: load_const(C, e->v); break;
    case E_JOINEDSTR: joined(C, e); break;
    case E_FORMATTED: formatted(C, e); break;
    case E_TUPLE: case E_LIST: case E_SET: sequence(C, e); break;
    case E_DICT: dict_display(C, e); break;
    case E_BINOP:
        expr(C, e->a);
        expr(C, e->b);
        u->line = e->line;
        emit(C, OP_BINARY_ADD + e->op, 0);
        break;
    case E_UNARY:
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
        u->line = e->end_line ? e->end_line : e->line;
        emit(C, OP_LOAD_ATTR, add_name(C, e->name));
        break;
    case E_SUBSCR:
        expr(C, e->a);
        expr(C, e->b);
        u->line = e->line;
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
        expr(C, e->a);
        emit(C, OP_GET_YIELD_FROM_ITER, 0);
        load_const(C, NONE);
        emit(C, OP_YIELD_FROM, 0);
        break;
    case E_NAMEDEXPR:
        expr(C, e->b);
        emit(C, OP_DUP_TOP, 0);
        name_op(C, e->a->name, CTX_STORE);
        break;
    default: cerror(C, e, "invalid syntax");
    }
    u->line = save;
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
            int save = C->u->line;
            C->u->line = e->line;
            emit(C, isnone ? OP_POP_JUMP_IF_NONE : OP_POP_JUMP_IF_NOT_NONE, label);
            C->u->line = save;
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
    emit(C, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
}

/* ---- Targets ---------------------------------------------------------- */

static void store_target(Compiler *C, Node *t)
{
    switch (t->kind) {
    case E_NAME: name_op(C, t->name, CTX_STORE); break;
    case E_ATTR:
        expr(C, t->a);
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
}

static void delete_target(Compiler *C, Node *t)
{
    switch (t->kind) {
    case E_NAME: name_op(C, t->name, CTX_DEL); break;
    case E_ATTR:
        expr(C, t->a);
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

static void call_exit_none(Compiler *C)
{
    emit(C, OP_PUSH_NULL, 0);
    load_const(C, NONE);
    load_const(C, NONE);
    load_const(C, NONE);
    emit(C, OP_CALL, 3);
    emit(C, OP_POP_TOP, 0);
}

static void unwind(Compiler *C, FBlock *f, bool preserve)
{
    Unit *u = C->u;
    switch (f->type) {
    case FB_WHILE: break;
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
    case FB_WITH:
        u->cur = f->outer;
        if (preserve) emit(C, OP_ROT_TWO, 0);
        call_exit_none(C);
        break;
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
    switch (t->kind) {
    case E_NAME:
        name_op(C, t->name, CTX_LOAD);
        expr(C, s->b);
        emit(C, op, 1);
        name_op(C, t->name, CTX_STORE);
        break;
    case E_ATTR: {
        int ni = add_name(C, t->name);
        int at = C->u->n;
        expr(C, t->a);
        if (C->u->n == at + 1 && OPCODE(C->u->code[at]) == OP_LOAD_FAST && !may_rebind(s->b)) {
            /* local.x op= v: reading the local again for the store gives
             * the same object (nothing in v can rebind it), so this is
             * LOAD_FAST_ATTR, v, op, STORE_FAST_ATTR: no DUP_TOP/ROT_TWO */
            uint32_t local = ARG(C->u->code[at]);
            emit(C, OP_LOAD_ATTR, ni);
            expr(C, s->b);
            emit(C, op, 1);
            emit(C, OP_LOAD_FAST, local);
            emit(C, OP_STORE_ATTR, ni);
            break;
        }
        emit(C, OP_DUP_TOP, 0);
        emit(C, OP_LOAD_ATTR, ni);
        expr(C, s->b);
        emit(C, op, 1);
        emit(C, OP_ROT_TWO, 0);
        emit(C, OP_STORE_ATTR, ni);
        break;
    }
    case E_SUBSCR:
        expr(C, t->a);
        expr(C, t->b);
        emit(C, OP_DUP_TOP_TWO, 0);
        emit(C, OP_BINARY_SUBSCR, 0);
        expr(C, s->b);
        emit(C, op, 1);
        emit(C, OP_ROT_THREE, 0);
        emit(C, OP_STORE_SUBSCR, 0);
        break;
    default: cerror(C, t, "illegal expression for augmented assignment");
    }
}

static FBlock *find_loop(Compiler *C)
{
    Unit *u = C->u;
    for (int i = u->nfb - 1; i >= 0; i--)
        if (u->fb[i].type == FB_WHILE || u->fb[i].type == FB_FOR) return &u->fb[i];
    return NULL;
}

static void break_continue(Compiler *C, Node *s, bool isbreak)
{
    Unit *u = C->u;
    FBlock *loop = find_loop(C);
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
    if (s->a) expr(C, s->a);
    else load_const(C, NONE);
    int savecur = u->cur;
    for (int i = u->nfb - 1; i >= 0; i--) unwind(C, &u->fb[i], true);
    emit(C, OP_RETURN_VALUE, 0);
    u->cur = savecur;
}

static void for_stmt(Compiler *C, Node *s)
{
    int start = new_label(C), exit_ = new_label(C), brk = new_label(C);
    expr(C, s->b);
    emit(C, OP_GET_ITER, 0);
    bind(C, start);
    emit(C, OP_FOR_ITER, exit_);
    store_target(C, s->a);
    FBlock *f = push_fb(C, s, FB_FOR);
    f->cont = start;
    f->brk = brk;
    stmts(C, &s->l1);
    C->u->nfb--;
    C->u->line = s->line;
    emit(C, OP_JUMP, start);
    bind(C, exit_);
    stmts(C, &s->l2);
    bind(C, brk);
}

static void while_stmt(Compiler *C, Node *s)
{
    int start = new_label(C), exit_ = new_label(C), brk = new_label(C);
    bind(C, start);
    jump_if(C, s->a, false, exit_);
    FBlock *f = push_fb(C, s, FB_WHILE);
    f->cont = start;
    f->brk = brk;
    stmts(C, &s->l1);
    C->u->nfb--;
    C->u->line = s->line;
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

static void try_except(Compiler *C, Node *s)
{
    Unit *u = C->u;
    int outer = u->cur;
    int handler = new_label(C), cleanup = new_label(C), end = new_label(C);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, OP_NOP, 0));
    u->cur = h;
    push_fb(C, s, FB_TRY_EXCEPT);
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
    for (int i = 0; i < s->l2.len; i++) {
        Node *hn = s->l2.items[i];
        u->line = hn->line;
        int next = new_label(C);
        if (hn->a) {
            expr(C, hn->a);
            emit(C, OP_CHECK_EXC_MATCH, 0);
            emit(C, OP_POP_JUMP_IF_FALSE, next);
        }
        if (hn->name) {
            name_op(C, hn->name, CTX_STORE);
            int named_cleanup = new_label(C);
            int hn_h = new_handler(C, named_cleanup);
            setup_at(C, hn_h, emit(C, OP_NOP, 0));
            u->cur = hn_h;
            FBlock *f = push_fb(C, hn, FB_HANDLER);
            f->outer = outer;
            f->node = hn;
            stmts(C, &hn->l1);
            u->nfb--;
            u->cur = hc;
            emit(C, OP_POP_EXCEPT, 0);
            load_const(C, NONE);
            name_op(C, hn->name, CTX_STORE);
            name_op(C, hn->name, CTX_DEL);
            emit(C, OP_JUMP, end);
            /* exception inside the clause: e = None; del e; re-raise */
            bind(C, named_cleanup);
            load_const(C, NONE);
            name_op(C, hn->name, CTX_STORE);
            name_op(C, hn->name, CTX_DEL);
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

static void try_stmt(Compiler *C, Node *s)
{
    if (s->l4.len == 0) {
        try_except(C, s);
        return;
    }
    Unit *u = C->u;
    int outer = u->cur;
    int handler = new_label(C), cleanup = new_label(C), end = new_label(C);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, OP_NOP, 0));
    u->cur = h;
    FBlock *f = push_fb(C, s, FB_FINALLY_TRY);
    f->node = s;
    if (s->l2.len) try_except(C, s);
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
    u->line = w->line;
    expr(C, w->a);
    int h = new_handler(C, handler);
    setup_at(C, h, emit(C, OP_BEFORE_WITH, 0));
    u->cur = h;
    if (w->b) store_target(C, w->b);
    else emit(C, OP_POP_TOP, 0);
    push_fb(C, s, FB_WITH)->outer = outer;
    if (i + 1 < s->l1.len) with_items(C, s, i + 1);
    else stmts(C, &s->l2);
    u->nfb--;
    u->cur = outer;
    u->line = s->line;
    call_exit_none(C);
    emit(C, OP_JUMP, end);
    /* exceptional exit: [exit exc] */
    bind(C, handler);
    int hc = new_handler(C, cleanup);
    u->cur = hc;
    setup_at(C, hc, emit(C, OP_PUSH_EXC_INFO, 0));
    emit(C, OP_WITH_EXCEPT_START, 0);
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

static Value docstring(NodeList *body)
{
    if (body->len && body->items[0]->kind == S_EXPR && body->items[0]->a->kind == E_CONST &&
        IS_STR(body->items[0]->a->v))
        return body->items[0]->a->v;
    return VNULL;
}

static void funcdef(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l2.len; i++) {
        expr(C, s->l2.items[i]);
        emit(C, OP_PUSH_NULL, 0);
    }
    C->u->line = s->line;
    int flags = defaults(C, s->args);
    ObjCode *code = compile_scope(C, s->scope, s);
    make_closure(C, code, s->scope, flags);
    for (int i = s->l2.len - 1; i >= 0; i--) emit(C, OP_CALL, 1);
    name_op(C, s->name, CTX_STORE);
}

static void classdef(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l3.len; i++) {
        expr(C, s->l3.items[i]);
        emit(C, OP_PUSH_NULL, 0);
    }
    C->u->line = s->line;
    ObjCode *code = compile_scope(C, s->scope, s);
    make_closure(C, code, s->scope, 0);
    load_const(C, OBJ_VAL(intern(C, s->name)));
    for (int i = 0; i < s->l1.len; i++) expr(C, s->l1.items[i]);
    emit(C, OP_BUILD_CLASS, s->l1.len);
    for (int i = s->l3.len - 1; i >= 0; i--) emit(C, OP_CALL, 1);
    name_op(C, s->name, CTX_STORE);
}

static void import_stmt(Compiler *C, Node *s)
{
    for (int i = 0; i < s->l1.len; i++) {
        Node *a = s->l1.items[i];
        if (a->name2) {
            emit(C, OP_IMPORT_MODULE, add_name(C, a->name));
            name_op(C, a->name2, CTX_STORE);
        } else {
            emit(C, OP_IMPORT_NAME, add_name(C, a->name));
            const char *dot = strchr(a->name, '.');
            name_op(C, dot ? arena_strndup(C->arena, a->name, (size_t)(dot - a->name)) : a->name, CTX_STORE);
        }
    }
}

static void importfrom(Compiler *C, Node *s)
{
    emit(C, OP_IMPORT_MODULE, add_name(C, s->name));
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

static void stmt(Compiler *C, Node *s)
{
    enter_depth(C, s);
    Unit *u = C->u;
    u->line = s->line;
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
    case S_ANNASSIGN:
        if (s->b) {
            expr(C, s->b);
            store_target(C, s->a);
        }
        break;
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
    case S_ASSERT: {
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
    case OP_BUILD_CLASS: return -(a + 1);
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
    u->line = firstline;
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
        stmts(C, &node->l2);
        if (s->needs_class_cell) {
            Sym *y = sym_find(s, "__class__");
            emit(C, OP_LOAD_CLOSURE, y->slot);
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
            u->line = g->line;
            if (i == 0) {
                emit(C, OP_LOAD_FAST, 0);
            } else {
                expr(C, g->b);
                emit(C, OP_GET_ITER, 0);
            }
            bind(C, starts[i]);
            emit(C, OP_FOR_ITER, ends[i]);
            store_target(C, g->a);
            for (int k = 0; k < g->l1.len; k++) jump_if(C, g->l1.items[k], false, skips[i]);
        }
        u->line = node->line;
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
        }
        if (kind == E_GENEXP) load_const(C, NONE);
        emit(C, OP_RETURN_VALUE, 0);
        if (s->generator) flags |= CO_GENERATOR;
    } else {
        /* def or lambda */
        Args *a = node->args;
        argcount = a->args.len;
        kwonly = a->kwonly.len;
        posonly = a->nposonly;
        if (a->vararg) flags |= CO_VARARGS;
        if (a->kwarg) flags |= CO_VARKW;
        if (s->generator) flags |= CO_GENERATOR;
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
    if (e->end_col > e->col && e->end_line == e->line && offset > 0 && vm_cur && vm_cur->exc) {
        int chars = 0;
        for (int i = 0; i < e->end_col && i < (int)tl; i++)
            if (((unsigned char)text[i] & 0xc0) != 0x80) chars++;
        Value exc = vm_cur->exc;
        obj_setattr(exc, str_intern_cstr("end_offset"), MK_INT(chars + 1));
        vm_cur->exc = exc;
    }
    free(text);
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

static ObjCode *do_compile(CompileErr *err, const char *src, size_t len, const char *filename, int mode)
{
    Compiler comp;
    memset(&comp, 0, sizeof comp);
    Compiler *C = &comp;
    C->err = err;
    C->arena = &err->arena;
    C->filename = filename;
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
    if (mode == COMPILE_SINGLE && body.len) {
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
