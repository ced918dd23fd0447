/* lexer.h — tokens, and the error state the whole front end shares.
 *
 * The lexer is pull-based (the parser asks for one token at a time) so a
 * syntax error early in a file is reported before a tokenizer error later
 * in it, as CPython does.  Errors from the lexer, parser and compiler all
 * land in one CompileErr and longjmp back to compile_source.
 */
#ifndef BATON_LEXER_H
#define BATON_LEXER_H

#include <setjmp.h>

#include "ast.h"

enum TokKind { T_ENDMARKER, T_NAME, T_NUMBER, T_STRING, T_NEWLINE, T_INDENT, T_DEDENT, T_OP, T_ERROR };

/* Operators (Token.op when kind == T_OP) */
enum TokOp {
    O_NONE, O_LPAR, O_RPAR, O_LSQB, O_RSQB, O_LBRACE, O_RBRACE, O_COLON, O_COMMA,
    O_SEMI, O_PLUS, O_MINUS, O_STAR, O_SLASH, O_DSLASH, O_PERCENT, O_DSTAR,
    O_LSHIFT, O_RSHIFT, O_AMP, O_VBAR, O_CIRC, O_TILDE, O_LT, O_GT, O_LE, O_GE,
    O_EQEQ, O_NE, O_DOT, O_ELLIPSIS, O_ARROW, O_EQ, O_AT, O_WALRUS,
    /* augmented assignment, in enum BinOp order */
    O_PLUSEQ, O_MINUSEQ, O_STAREQ, O_SLASHEQ, O_DSLASHEQ, O_PERCENTEQ, O_DSTAREQ,
    O_LSHIFTEQ, O_RSHIFTEQ, O_AMPEQ, O_VBAREQ, O_CIRCEQ, O_ATEQ,
    O_BANG
};

/* Keywords (Token.op when kind == T_NAME; 0 for plain names) */
enum Keyword {
    K_NONE, K_False, K_None, K_True, K_and, K_as, K_assert, K_async, K_await,
    K_break, K_class, K_continue, K_def, K_del, K_elif, K_else, K_except,
    K_finally, K_for, K_from, K_global, K_if, K_import, K_in, K_is, K_lambda,
    K_nonlocal, K_not, K_or, K_pass, K_raise, K_return, K_try, K_while,
    K_with, K_yield
};

typedef struct {
    uint8_t kind;
    uint8_t op;
    const char *s;   /* text in the source */
    int len;
    int line, col;   /* 1-based line, 0-based byte column */
    int end_line, end_col;
} Token;

typedef struct {
    jmp_buf jb;
    Arena arena;
    Type *type;        /* exc_SyntaxError, exc_IndentationError, exc_TabError */
    char *msg;
    int line, col;     /* col: 0-based byte offset in the line; -1 = none */
    int end_line, end_col; /* end of the offending range (end_col -1: none) */
    bool incomplete;
    bool repl;         /* the REPL compiles: a compound statement needs a blank line */
    bool set;
    const char *src;   /* the whole source, for the error's text line */
    const char *text;  /* or this text instead of the source line (f-string expressions) */
    size_t srclen;
} CompileErr;

/* Record the error's end position for the next cerr_raise. */
void cerr_set_end(CompileErr *e, int end_line, int end_col);
NORETURN void cerr_raise(CompileErr *e, Type *t, int line, int col, const char *fmt, ...) PRINTF_LIKE(5, 6);

#define LEX_MAXINDENT 100
#define LEX_MAXPAREN 200

typedef struct {
    CompileErr *err;
    const char *src, *end, *p;
    int line;
    const char *line_start;
    int indent[LEX_MAXINDENT + 1], altindent[LEX_MAXINDENT + 1];
    int nindent;
    int pending;        /* >0: INDENTs to emit, <0: DEDENTs */
    char paren[LEX_MAXPAREN];
    int paren_line[LEX_MAXPAREN], paren_col[LEX_MAXPAREN];
    int nparen;
    bool at_bol;        /* at the beginning of a logical line */
    bool emitted_nl;    /* last token was NEWLINE (or nothing yet) */
    bool done;
    int line_offset;    /* added to line numbers (f-string sub-lexers) */
    bool sub;           /* a sub-lexer for an f-string expression: no NEWLINE/INDENT */
} Lexer;

void lexer_init(Lexer *lx, CompileErr *err, const char *src, size_t len, int line, int col, bool sub);
void lexer_next(Lexer *lx, Token *t);
const char *lexer_kwname(int kw);
/* UTF-8 helpers */
uint32_t lex_utf8(const char *p, const char *end, int *n);
int lex_utf8_put(uint32_t cp, char *out);

#endif
