/* ast.h — the syntax tree the parser builds and the compiler walks.
 *
 * One generic Node for every expression and statement keeps the parser and
 * compiler small (the field meanings per kind are listed below).  Nodes,
 * lists and identifier strings live in an Arena that compile_source frees
 * in one go; only constants (Value) are GC objects, and no collection can
 * run while compiling.
 */
#ifndef BATON_AST_H
#define BATON_AST_H

#include "object.h"

/* ---- Arena ------------------------------------------------------------ */
typedef struct ArenaBlock ArenaBlock;
typedef struct { ArenaBlock *head; } Arena;
void *arena_alloc(Arena *a, size_t n);            /* zeroed; never NULL (longjmps on OOM via caller check) */
char *arena_strndup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);

typedef struct Node Node;
typedef struct { Node **items; int len, cap; } NodeList;
void nodelist_push(Arena *a, NodeList *l, Node *n);

enum NodeKind {
    /* expressions */
    E_NAME,      /* name */
    E_CONST,     /* v; b: the E_UNARY as written when the parser folded -<int> (ast.parse) */
    E_JOINEDSTR, /* l1: parts (E_CONST str / E_FORMATTED) */
    E_FORMATTED, /* a value, op conversion (0 none, 1 s, 2 r, 3 a), b spec (E_JOINEDSTR) or NULL */
    E_TUPLE, E_LIST, E_SET, /* l1 elts */
    E_DICT,      /* l1 keys (NULL for **v), l2 values */
    E_BINOP,     /* op (enum BinOp), a, b */
    E_UNARY,     /* op (enum UnOp), a */
    E_NOT,       /* a */
    E_BOOLOP,    /* op 0 and, 1 or; l1 values */
    E_COMPARE,   /* a; l1 comparators; ops[i] (CmpKind) */
    E_IFEXP,     /* a test, b body, c orelse */
    E_LAMBDA,    /* args, a body */
    E_CALL,      /* a func, l1 args (may hold E_STARRED), l2 keywords (E_KEYWORD) */
    E_KEYWORD,   /* name (NULL for **), a value */
    E_ATTR,      /* a, name */
    E_SUBSCR,    /* a, b */
    E_SLICE,     /* a lower, b upper, c step (each may be NULL) */
    E_STARRED,   /* a */
    E_LISTCOMP, E_SETCOMP, E_GENEXP, /* a elt, l1 generators (N_COMP) */
    E_DICTCOMP,  /* a key, b value, l1 generators */
    E_YIELD,     /* a or NULL */
    E_YIELDFROM, /* a */
    E_NAMEDEXPR, /* a target (E_NAME), b value */
    E_AWAIT,     /* a */
    N_COMP,      /* a target, b iter, l1 ifs; op 1: async for */
    /* statements */
    S_EXPR,      /* a */
    S_ASSIGN,    /* l1 targets, a value */
    S_AUGASSIGN, /* a target, op (enum BinOp), b value */
    S_ANNASSIGN, /* a target, b value or NULL, c annotation */
    S_PASS, S_BREAK, S_CONTINUE,
    S_DEL,       /* l1 targets */
    S_RETURN,    /* a or NULL */
    S_RAISE,     /* a exc or NULL, b cause or NULL */
    S_GLOBAL, S_NONLOCAL, /* l1 E_NAME */
    S_IMPORT,    /* l1 N_ALIAS */
    S_IMPORTFROM,/* name module ("" for `from . import x`), op level (dots),
                    l1 N_ALIAS (name "*" for star) */
    N_ALIAS,     /* name (dotted), name2 asname or NULL */
    S_IF,        /* a test, l1 body, l2 orelse */
    S_WHILE,     /* a test, l1 body, l2 orelse */
    S_FOR,       /* a target, b iter, l1 body, l2 orelse; op 1: async for */
    S_TRY,       /* l1 body, l2 handlers (N_HANDLER), l3 orelse, l4 finalbody; op 1: except* */
    N_HANDLER,   /* a type or NULL, name or NULL, l1 body; op 1: an except* clause */
    S_WITH,      /* l1 items (N_WITHITEM), l2 body; op 1: async with */
    N_WITHITEM,  /* a context expr, b target or NULL */
    S_FUNCDEF,   /* name, args, l1 body, l2 decorators, c return annotation; op 1: async def */
    S_CLASSDEF,  /* name, l1 bases, l2 body, l3 decorators, l4 keywords */
    S_ASSERT,    /* a test, b msg or NULL */
    N_ARG,       /* name, a default or NULL, c annotation or NULL */
    S_MATCH,     /* a subject, l1 cases (N_CASE) */
    N_CASE,      /* a pattern, b guard or NULL, l1 body */
    /* patterns (match statement) */
    P_VALUE,     /* a: a literal or dotted-name expression, compared with == */
    P_SINGLETON, /* v: None, True or False, compared with is */
    P_SEQUENCE,  /* l1 patterns, at most one P_STAR */
    P_STAR,      /* name, or NULL for *_ */
    P_MAPPING,   /* l1 keys (P_VALUE / P_SINGLETON), l2 patterns, name **rest or NULL */
    P_CLASS,     /* a class expression, l1 positional patterns, l2 P_KEYWORD */
    P_KEYWORD,   /* name, a pattern */
    P_AS,        /* a pattern or NULL (capture), name (NULL: the wildcard _) */
    P_OR,        /* l1 alternatives */
};

/* Comparison kinds in E_COMPARE.ops */
enum CmpKind { CK_LT, CK_LE, CK_EQ, CK_NE, CK_GT, CK_GE, CK_IN, CK_NOTIN, CK_IS, CK_ISNOT };

/* Function parameters: args[0 .. nposonly) are positional-only,
 * args[0 .. nargs) positional, then kwonly[]; defaults are on the N_ARG. */
typedef struct {
    NodeList args;     /* N_ARG */
    int nposonly;
    NodeList kwonly;   /* N_ARG */
    Node *vararg;      /* N_ARG or NULL */
    Node *kwarg;       /* N_ARG or NULL */
} Args;

struct Node {
    uint8_t kind;
    int op;
    int line, col;         /* 1-based line, 0-based byte column */
    int end_line, end_col;
    int gline, gcol;       /* start of the parentheses around it, if any (0: none):
                              where a node that begins with it begins */
    Node *a, *b, *c;
    NodeList l1, l2, l3, l4;
    const char *name, *name2;
    Value v;
    int *ops;
    Args *args;
    struct Scope *scope;   /* set by the compiler's symbol-table pass */
};

#endif
