/* parser.c — tokens to AST.
 *
 * Hand-written recursive descent following CPython 3.11's grammar, with the
 * binary operators done by precedence climbing (fewer C frames per nested
 * bracket).  Tokens are pulled from the lexer lazily into a growing array,
 * so the parser can look ahead (and rewind) freely.  Errors go through
 * cerr_raise (a longjmp); the messages are CPython's where we can match
 * them.  String literals (escapes, concatenation, f-strings) are decoded
 * here; an f-string's expressions are parsed by a sub-parser over the very
 * source bytes, so their positions are right.
 *
 * Recursion is bounded: the lexer refuses more than 200 nested brackets
 * and 100 indentation levels, and `depth` below caps the rest (unary
 * chains, lambdas, conditional expressions).
 */
#include <stdarg.h>

#include "parser.h"
#include "gc.h"
#include "str.h"
#include "unicode.h"
#include "compiler.h"
#include "complexobj.h"
#include "vm.h"

#define MAX_DEPTH 1000

typedef struct Parser {
    CompileErr *err;
    Arena *arena;
    Lexer lx;
    Token *toks;
    int ntoks, cap, pos;
    int depth;
    int mode;
    bool fstring;     /* a sub-parser for an f-string expression */
    Node *last_test;  /* the condition of the header being parsed */
    int fdepth;       /* f-string nesting */
    bool fstr_after;  /* CPython reports f-string scanning errors at the token */
    int fstr_after_line, fstr_after_col; /* after the string: where it is */
} Parser;

static Node *expression(Parser *P);
static Node *yield_expr(Parser *P);
static Node *star_expressions(Parser *P);
static Node *named_expression(Parser *P);
static Node *disjunction(Parser *P);
static Node *bitor(Parser *P);
static void block(Parser *P, NodeList *out, const char *what, int hline);
static void statement(Parser *P, NodeList *out);
static void statement1(Parser *P, NodeList *out);

/* ---- tokens ----------------------------------------------------------- */

static void *alloc(Parser *P, size_t n)
{
    void *p = arena_alloc(P->arena, n);
    if (!p) cerr_raise(P->err, exc_MemoryError, 0, -1, "out of memory");
    return p;
}

static Token *peek(Parser *P, int k)
{
    while (P->ntoks <= P->pos + k) {
        if (P->ntoks > 0 && P->toks[P->ntoks - 1].kind == T_ENDMARKER) return &P->toks[P->ntoks - 1];
        if (P->ntoks == P->cap) {
            int cap = P->cap ? P->cap * 2 : 256;
            Token *t = alloc(P, sizeof(Token) * (size_t)cap);
            if (P->ntoks) memcpy(t, P->toks, sizeof(Token) * (size_t)P->ntoks);
            P->toks = t;
            P->cap = cap;
        }
        lexer_next(&P->lx, &P->toks[P->ntoks]);
        P->ntoks++;
    }
    return &P->toks[P->pos + k];
}
#define TOK(P) peek(P, 0)

static Token *advance(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind != T_ENDMARKER) P->pos++;
    return &P->toks[P->pos - (t->kind != T_ENDMARKER)];
}

static bool is_op(Parser *P, int op) { Token *t = TOK(P); return t->kind == T_OP && t->op == op; }
static bool is_kw(Parser *P, int kw) { Token *t = TOK(P); return t->kind == T_NAME && t->op == kw; }
static bool accept_op(Parser *P, int op) { if (is_op(P, op)) { advance(P); return true; } return false; }
static bool accept_kw(Parser *P, int kw) { if (is_kw(P, kw)) { advance(P); return true; } return false; }

NORETURN static void error_at(Parser *P, int line, int col, const char *fmt, ...) PRINTF_LIKE(4, 5);
static void error_at(Parser *P, int line, int col, const char *fmt, ...)
{
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    bool prefixed = strncmp(buf, "f-string: ", 10) == 0;
    cerr_raise(P->err, exc_SyntaxError, line, col, "%s%s", P->fstring && !prefixed ? "f-string: " : "", buf);
}

NORETURN static void error_tok(Parser *P, Token *t, const char *msg)
{
    if (t->kind == T_ENDMARKER) P->err->incomplete = !P->fstring;
    if (t->kind == T_NAME || t->kind == T_NUMBER || (t->kind == T_STRING && t->end_line == t->line) || t->kind == T_OP)
        cerr_set_end(P->err, t->end_line, t->end_col);
    error_at(P, t->line, t->col, "%s", msg);
}

/* A generic syntax error inside brackets opened on an earlier line is
 * reported as the unclosed bracket, as CPython does. */
NORETURN static void invalid(Parser *P)
{
    Token *t = TOK(P);
    Lexer *lx = &P->lx;
    if (!P->fstring && lx->nparen > 0 && t->line > lx->paren_line[lx->nparen - 1]) {
        int i = lx->nparen - 1;
        cerr_raise(P->err, exc_SyntaxError, lx->paren_line[i], lx->paren_col[i], "'%c' was never closed", lx->paren[i]);
    }
    error_tok(P, t, "invalid syntax");
}

static void expect_op(Parser *P, int op, const char *msg)
{
    if (!accept_op(P, op)) {
        if (msg) error_tok(P, TOK(P), msg);
        invalid(P);
    }
}

static Node *new_node(Parser *P, int kind, Token *t)
{
    Node *n = alloc(P, sizeof(Node));
    n->kind = (uint8_t)kind;
    n->line = t->line;
    n->col = t->col;
    return n;
}

static Node *node_at(Parser *P, int kind, Node *pos)
{
    Node *n = alloc(P, sizeof(Node));
    n->kind = (uint8_t)kind;
    n->line = pos->gline ? pos->gline : pos->line;
    n->col = pos->gline ? pos->gcol : pos->col;
    return n;
}

/* Set n's end to the end of the last token consumed. */
static Node *fin(Parser *P, Node *n)
{
    if (P->pos > 0 && n) {
        Token *t = &P->toks[P->pos - 1];
        n->end_line = t->end_line;
        n->end_col = t->end_col;
    }
    return n;
}

NORETURN static void error_node(Parser *P, Node *n, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void error_node(Parser *P, Node *n, const char *fmt, ...)
{
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n->end_line == n->line && n->end_col > n->col) cerr_set_end(P->err, n->end_line, n->end_col);
    error_at(P, n->line, n->col, "%s", buf);
}

static void push(Parser *P, NodeList *l, Node *n)
{
    nodelist_push(P->arena, l, n);
    if (l->items == NULL) cerr_raise(P->err, exc_MemoryError, 0, -1, "out of memory");
}

/* A name token's text; non-ASCII identifiers are NFKC-normalized, as
 * CPython does (so ℌ and H are the same name). */
static const char *tok_str(Parser *P, Token *t)
{
    for (int i = 0; i < t->len; i++)
        if ((unsigned char)t->s[i] >= 0x80) {
            size_t n;
            char *norm = unicode_nfkc_utf8(t->s, (size_t)t->len, &n);
            const char *r = arena_strndup(P->arena, norm, n);
            mem_free(norm, n + 1);
            return r;
        }
    return arena_strndup(P->arena, t->s, (size_t)t->len);
}

static void enter(Parser *P)
{
    if (++P->depth > MAX_DEPTH)
        cerr_raise(P->err, exc_RecursionError, TOK(P)->line, TOK(P)->col,
                   "maximum recursion depth exceeded during compilation");
}
#define LEAVE(P) (P->depth--)

static Token *expect_name(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind != T_NAME || t->op != K_NONE) invalid(P);
    return advance(P);
}

/* Can the current token start an expression? (for "forgot a comma?") */
static bool starts_expr(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_NUMBER || t->kind == T_STRING) return true;
    if (t->kind == T_NAME)
        return t->op == K_NONE || t->op == K_None || t->op == K_True || t->op == K_False || t->op == K_lambda ||
               t->op == K_not;
    if (t->kind == T_OP) return t->op == O_LPAR || t->op == O_LSQB || t->op == O_LBRACE || t->op == O_TILDE;
    return false;
}

NORETURN static void invalid(Parser *P);
NORETURN static void forgot_comma(Parser *P, Node *prev)
{
    if (prev->line != TOK(P)->line) invalid(P);
    Token *t = TOK(P);
    if (t->end_line == prev->line) cerr_set_end(P->err, t->end_line, t->end_col);
    error_at(P, prev->line, prev->col, "invalid syntax. Perhaps you forgot a comma?");
}

/* ---- string literals -------------------------------------------------- */

typedef struct { char *buf; size_t len; } SBuf; /* output never longer than input */

/* CPython's message for a bad escape: the byte range [start, end) of the
 * escape, counted from the start of the literal's text. */
static void bad_escape_error(Parser *P, Token *t, size_t start, size_t end, const char *what)
{
    error_at(P, t->line, t->col, "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s",
             start, end - 1, what);
}

/* Decode s[0..n) into out (appending), handling escapes unless raw. */
static void decode_chunk(Parser *P, Token *t, const char *s, size_t n, bool raw, bool bytes, SBuf *out)
{
    const char *end = s + n, *s0 = s;
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        if (c != '\\' || raw) {
            if (bytes && c >= 0x80) error_at(P, t->line, t->col, "bytes can only contain ASCII literal characters");
            out->buf[out->len++] = (char)c;
            s++;
            continue;
        }
        const char *esc = s++;
        if (s >= end) { out->buf[out->len++] = '\\'; break; }
        c = (unsigned char)*s++;
        uint32_t cp;
        switch (c) {
        case '\n': continue;
        case '\\': cp = '\\'; break;
        case '\'': cp = '\''; break;
        case '"': cp = '"'; break;
        case 'a': cp = 7; break;
        case 'b': cp = 8; break;
        case 'f': cp = 12; break;
        case 'n': cp = 10; break;
        case 'r': cp = 13; break;
        case 't': cp = 9; break;
        case 'v': cp = 11; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            cp = c - '0';
            for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++) cp = cp * 8 + (uint32_t)(*s++ - '0');
            if (bytes) cp &= 0xff;
            break;
        case 'x': case 'u': case 'U': {
            if (bytes && c != 'x') {
                out->buf[out->len++] = '\\';
                out->buf[out->len++] = (char)c;
                continue;
            }
            int nd = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            cp = 0;
            for (int i = 0; i < nd; i++) {
                char d = s < end ? *s : 0;
                int v = (d >= '0' && d <= '9') ? d - '0' : (d >= 'a' && d <= 'f') ? d - 'a' + 10
                        : (d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
                if (v < 0) {
                    if (bytes) error_at(P, t->line, t->col, "(value error) invalid \\x escape at position 0");
                    bad_escape_error(P, t, (size_t)(esc - s0), (size_t)(s - s0),
                                     c == 'x' ? "truncated \\xXX escape" : c == 'u' ? "truncated \\uXXXX escape"
                                                                          : "truncated \\UXXXXXXXX escape");
                }
                cp = cp * 16 + (uint32_t)v;
                s++;
            }
            if (cp > 0x10ffff) bad_escape_error(P, t, (size_t)(esc - s0), (size_t)(s - s0), "illegal Unicode character");
            /* a lone surrogate is fine: str holds it as ED A0 80 .. ED BF BF */
            break;
        }
        case 'N':
            if (!bytes) {
                /* \N{name}: a character name or alias (no named sequences) */
                const char *why = "malformed \\N character escape";
                if (s < end && *s == '{') {
                    const char *name = ++s;
                    while (s < end && *s != '}') s++;
                    if (s < end && s > name) {
                        uint32_t found[4];
                        s++;
                        if (unicode_lookup(name, (size_t)(s - 1 - name), false, found)) {
                            cp = found[0];
                            break;
                        }
                        why = "unknown Unicode character name";
                    }
                }
                bad_escape_error(P, t, (size_t)(esc - s0), (size_t)(s - s0), why);
            }
            /* fall through */
        default:
            out->buf[out->len++] = '\\';
            s--;
            continue;
        }
        if (bytes) out->buf[out->len++] = (char)cp;
        else if (cp == 0) out->buf[out->len++] = 0;
        else out->len += (size_t)lex_utf8_put(cp, out->buf + out->len);
    }
}

/* Parts of a string being concatenated: constant text accumulates in cur. */
typedef struct {
    NodeList parts;
    SBuf cur;
    size_t curcap;
    bool fstr;
} StrParts;

static void flush_const(Parser *P, StrParts *sp, Token *t)
{
    if (sp->cur.len == 0) return;
    Node *n = new_node(P, E_CONST, t);
    n->v = str_new(sp->cur.buf, sp->cur.len);
    if (!n->v) cerr_raise(P->err, exc_MemoryError, 0, -1, "out of memory");
    push(P, &sp->parts, n);
    sp->cur.buf += sp->cur.len; /* the buffer is sized for the whole input */
    sp->cur.len = 0;
}

static void line_col_of(Token *t, const char *p, int *line, int *col);

/* Where an error found while scanning an f-string is reported: at the
 * token after the string literal(s), as CPython 3.11 does. */
static void scan_pos(Parser *P, Token *t, const char *p, int *line, int *col)
{
    if (P->fstr_after) {
        *line = P->fstr_after_line;
        *col = P->fstr_after_col;
        return;
    }
    line_col_of(t, p, line, col);
}

static void line_col_of(Token *t, const char *p, int *line, int *col)
{
    int l = t->line, c = t->col;
    for (const char *q = t->s; q < p; q++) {
        if (*q == '\n') l++, c = 0;
        else c++;
    }
    *line = l;
    *col = c;
}

static Node *parse_fstring_expr(Parser *P, Token *t, const char *s, size_t n)
{
    Parser sub;
    memset(&sub, 0, sizeof sub);
    sub.err = P->err;
    sub.arena = P->arena;
    sub.mode = P->mode;
    sub.fstring = true;
    sub.depth = P->depth;
    sub.fdepth = P->fdepth + 1;
    int line0, col0;
    line_col_of(t, s, &line0, &col0);
    volatile int line = line0, col = col0; /* read after a longjmp */
    /* CPython 3.11 parses the expression as the text "(expr)": its syntax
     * errors show that text, with columns counted in it */
    CompileErr *err = P->err;
    jmp_buf outer;
    memcpy(outer, err->jb, sizeof outer);
    if (setjmp(err->jb)) {
        memcpy(err->jb, outer, sizeof outer);
        if (!err->text && err->type == exc_SyntaxError && err->line == line && memchr(s, '\n', n) == NULL) {
            char *txt = arena_alloc(P->arena, n + 3);
            if (txt) {
                txt[0] = '(';
                memcpy(txt + 1, s, n);
                txt[n + 1] = ')';
                txt[n + 2] = 0;
                err->text = txt;
                if (err->col >= 0) err->col = err->col - col + 1;
                if (err->end_col >= 0 && err->end_line == line) err->end_col = err->end_col - col + 1;
            }
        }
        longjmp(err->jb, 1);
    }
    lexer_init(&sub.lx, P->err, s, n, line, col, true);
    Node *e;
    if (is_kw(&sub, K_yield)) e = yield_expr(&sub);
    else e = star_expressions(&sub);
    if (TOK(&sub)->kind != T_ENDMARKER) {
        if (starts_expr(&sub)) forgot_comma(&sub, e);
        invalid(&sub);
    }
    if (e->kind == E_STARRED) error_node(&sub, e, "cannot use starred expression here");
    memcpy(err->jb, outer, sizeof outer);
    return e;
}

static void fstring_body(Parser *P, Token *t, const char *s, const char *end, bool raw, StrParts *sp, bool spec,
                         const char **stop, int level);

/* Parse one {expr[=][!c][:spec]} starting at s (just after '{'). */
static const char *fstring_field(Parser *P, Token *t, const char *s, const char *end, bool raw, StrParts *sp, int level)
{
    int line, col;
    scan_pos(P, t, s - 1, &line, &col);
    if (level >= 2) error_at(P, line, col, "f-string: expressions nested too deeply");
    const char *e = s;
    int depth = 0;
    char quote = 0;
    char opened[LEX_MAXPAREN];
    for (; e < end; e++) {
        char c = *e;
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\\') error_at(P, line, col, "f-string expression part cannot include a backslash");
        if (c == '\'' || c == '"') { quote = c; continue; }
        if (c == '#') error_at(P, line, col, "f-string expression part cannot include '#'");
        if (c == '(' || c == '[' || c == '{') {
            if (depth >= LEX_MAXPAREN) error_at(P, line, col, "f-string: too many nested parenthesis");
            opened[depth++] = c;
            continue;
        }
        if (c == ')' || c == ']' || c == '}') {
            if (depth == 0 && c == '}') break;
            if (depth == 0) error_at(P, line, col, "f-string: unmatched '%c'", c);
            char o = opened[depth - 1];
            if ((o == '(' && c != ')') || (o == '[' && c != ']') || (o == '{' && c != '}'))
                error_at(P, line, col, "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'", c, o);
            depth--;
            continue;
        }
        if (depth > 0) continue;
        if (c == '!' && !(e + 1 < end && e[1] == '=')) break;
        if (c == ':') break;
        if (c == '=' && !(e + 1 < end && e[1] == '=') && !(e > s && strchr("=!<>", e[-1]))) break;
        if (c == '=' && e + 1 < end && e[1] == '=') e++;
    }
    if (e >= end || quote) error_at(P, line, col, "f-string: expecting '}'");
    bool blank = true;
    for (const char *q = s; q < e; q++)
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f') blank = false;
    if (blank && *e != '}') error_at(P, line, col, "f-string: expression required before '%c'", *e);
    if (blank) error_at(P, line, col, "f-string: empty expression not allowed");
    Node *value = parse_fstring_expr(P, t, s, (size_t)(e - s));
    Node *f = new_node(P, E_FORMATTED, t);
    f->a = value;
    bool eq_default = false;
    if (*e == '=') {
        e++;
        while (e < end && (*e == ' ' || *e == '\t' || *e == '\n')) e++;
        size_t n = (size_t)(e - s);
        memcpy(sp->cur.buf + sp->cur.len, s, n); /* the buffer has room: this text is input */
        sp->cur.len += n;
        f->op = 2;
        eq_default = true;
    }
    if (e < end && *e == '!') {
        e++;
        eq_default = false;
        if (e >= end || !strchr("sra", *e) || *e == 0)
            error_at(P, line, col, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        if (e + 1 >= end || (e[1] != '}' && e[1] != ':')) error_at(P, line, col, "f-string: expecting '}'");
        f->op = *e == 's' ? 1 : *e == 'r' ? 2 : 3;
        e++;
    }
    if (e < end && *e == ':') {
        e++;
        StrParts spec;
        memset(&spec, 0, sizeof spec);
        spec.cur.buf = alloc(P, (size_t)(end - e) + 1);
        const char *stop;
        fstring_body(P, t, e, end, raw, &spec, true, &stop, level + 1);
        flush_const(P, &spec, t);
        Node *js = new_node(P, E_JOINEDSTR, t);
        js->end_line = t->end_line;
        js->end_col = t->end_col;
        js->l1 = spec.parts;
        f->b = js;
        e = stop;
        if (eq_default) f->op = 0; /* f"{x=:>5}" formats, not repr */
    }
    if (e >= end || *e != '}') error_at(P, line, col, "f-string: expecting '}'");
    flush_const(P, sp, t);
    push(P, &sp->parts, f);
    sp->fstr = true;
    return e + 1;
}

static void fstring_body(Parser *P, Token *t, const char *s, const char *end, bool raw, StrParts *sp, bool spec,
                         const char **stop, int level)
{
    const char *lit = s;
    while (s < end) {
        char c = *s;
        if (c == '{' || c == '}') {
            decode_chunk(P, t, lit, (size_t)(s - lit), raw, false, &sp->cur);
            if (c == '}' && spec) { *stop = s; return; }
            if (s + 1 < end && s[1] == c && !spec) {
                sp->cur.buf[sp->cur.len++] = c;
                s += 2;
            } else if (c == '}') {
                int line, col;
                scan_pos(P, t, s, &line, &col);
                error_at(P, line, col, "f-string: single '}' is not allowed");
            } else {
                s = fstring_field(P, t, s + 1, end, raw, sp, level);
            }
            lit = s;
            continue;
        }
        if (c == '\\' && !raw && s + 2 < end && s[1] == 'N' && s[2] == '{') {
            /* \N{NAME}: its braces are not a replacement field */
            const char *close = memchr(s + 3, '}', (size_t)(end - s - 3));
            if (close) { s = close + 1; continue; }
        }
        if (c == '\\' && !raw && s + 1 < end) s++;
        s++;
    }
    decode_chunk(P, t, lit, (size_t)(s - lit), raw, false, &sp->cur);
    if (spec) {
        int line, col;
        scan_pos(P, t, s, &line, &col);
        error_at(P, line, col, "f-string: expecting '}'");
    }
    *stop = s;
}

/* The text and replacement fields of an f-string are located at the whole
 * string; a format spec is located at the string token it is in, and so
 * are its parts when it is only text, as in CPython 3.11; only the
 * expressions inside keep their own spans. */
static void fstring_parts_at(NodeList *parts, Node *js)
{
    for (int i = 0; i < parts->len; i++) {
        Node *p = parts->items[i];
        p->line = js->line;
        p->col = js->col;
        p->end_line = js->end_line;
        p->end_col = js->end_col;
        if (p->kind == E_FORMATTED && p->b) {
            bool fields = false;
            for (int k = 0; k < p->b->l1.len; k++)
                fields |= p->b->l1.items[k]->kind == E_FORMATTED;
            fstring_parts_at(&p->b->l1, fields ? js : p->b);
        }
    }
}

/* One or more adjacent string tokens -> E_CONST (str/bytes) or E_JOINEDSTR. */
static Node *strings(Parser *P)
{
    Token *first = TOK(P);
    size_t total = 0;
    int n = 0;
    while (peek(P, n)->kind == T_STRING) total += (size_t)peek(P, n)->len, n++;
    bool after_saved = P->fstr_after;
    int after_line = P->fstr_after_line, after_col = P->fstr_after_col;
    if (!P->fstring) {
        Token *after = peek(P, n);
        P->fstr_after = true;
        P->fstr_after_line = after->line;
        P->fstr_after_col = after->col;
    }
    StrParts sp;
    memset(&sp, 0, sizeof sp);
    sp.cur.buf = alloc(P, total + 1);
    int isbytes = -1;
    for (int i = 0; i < n; i++) {
        Token *t = advance(P);
        const char *s = t->s, *end = t->s + t->len;
        bool raw = false, bytes = false, f = false;
        while (*s != '\'' && *s != '"') {
            char c = (char)(*s | 0x20);
            if (c == 'r') raw = true;
            else if (c == 'b') bytes = true;
            else if (c == 'f') f = true;
            s++;
        }
        int q = (end - s >= 6 && s[1] == s[0] && s[2] == s[0]) ? 3 : 1;
        s += q;
        end -= q;
        if (isbytes >= 0 && isbytes != bytes) error_at(P, first->line, first->col, "cannot mix bytes and nonbytes literals");
        isbytes = bytes;
        if (f) {
            const char *stop;
            fstring_body(P, t, s, end, raw, &sp, false, &stop, 0); /* only format specs count as nesting */
            sp.fstr = true;
        } else {
            decode_chunk(P, t, s, (size_t)(end - s), raw, bytes, &sp.cur);
        }
    }
    P->fstr_after = after_saved;
    P->fstr_after_line = after_line;
    P->fstr_after_col = after_col;
    Node *node = new_node(P, E_CONST, first);
    if (isbytes == 1) {
        node->v = bytes_new((const uint8_t *)sp.cur.buf, sp.cur.len);
    } else if (!sp.fstr) {
        if (!str_valid_internal(sp.cur.buf, sp.cur.len)) error_at(P, first->line, first->col, "invalid UTF-8 in string literal");
        node->v = str_new(sp.cur.buf, sp.cur.len);
    } else {
        flush_const(P, &sp, first);
        node->kind = E_JOINEDSTR;
        node->l1 = sp.parts;
        fin(P, node);
        fstring_parts_at(&node->l1, node);
        return node;
    }
    if (!node->v) cerr_raise(P->err, exc_MemoryError, 0, -1, "out of memory");
    return fin(P, node);
}

/* ---- numbers ---------------------------------------------------------- */

static Node *number(Parser *P)
{
    Token *t = advance(P);
    Node *n = new_node(P, E_CONST, t);
    char *buf = alloc(P, (size_t)t->len + 1);
    size_t k = 0;
    bool isfloat = false;
    for (int i = 0; i < t->len; i++)
        if (t->s[i] != '_') buf[k++] = t->s[i];
    buf[k] = 0;
    int base = 10;
    const char *digits = buf;
    if (k > 1 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
        char c = (char)(buf[1] | 0x20);
        base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
        digits = buf + 2;
    } else {
        for (size_t i = 0; i < k; i++)
            if (buf[i] == '.' || buf[i] == 'e' || buf[i] == 'E') isfloat = true;
    }
    if (k > 0 && (buf[k - 1] | 0x20) == 'j') {
        buf[k - 1] = 0;
        n->v = complex_new(0.0, strtod(buf, NULL));
    } else if (isfloat) {
        n->v = float_new(strtod(buf, NULL));
    } else {
        size_t nd = strlen(digits);
        if (nd <= 15 && base == 10) {
            int64_t v = 0;
            for (size_t i = 0; i < nd; i++) v = v * 10 + (digits[i] - '0');
            n->v = MK_INT(v);
        } else {
            n->v = int_from_str(digits, nd, base);
            if (!n->v && err_matches(exc_ValueError)) {
                /* past the int string-conversion limit: CPython's message
                 * and its position (the line, offset 0) */
                Value e = err_fetch();
                Value m = obj_str(e);
                if (!m) err_clear();
                cerr_set_end(P->err, t->line, -1);
                cerr_raise(P->err, exc_SyntaxError, t->line, -1,
                           "%s - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                           m ? AS_STR(m)->data : "Exceeds the limit for integer string conversion");
            }
        }
    }
    if (!n->v) cerr_raise(P->err, exc_MemoryError, 0, -1, "out of memory");
    return fin(P, n);
}

/* ---- targets ---------------------------------------------------------- */

static const char *expr_name(Node *e)
{
    switch (e->kind) {
    case E_CALL: return "function call";
    case E_CONST:
        if (IS_NONE(e->v)) return "None";
        if (e->v == TRUE_V) return "True";
        if (e->v == FALSE_V) return "False";
        if (e->v == ELLIPSIS) return "ellipsis";
        return "literal";
    case E_JOINEDSTR: return "f-string expression";
    case E_COMPARE: return "comparison";
    case E_IFEXP: return "conditional expression";
    case E_LAMBDA: return "lambda";
    case E_GENEXP: return "generator expression";
    case E_LISTCOMP: return "list comprehension";
    case E_SETCOMP: return "set comprehension";
    case E_DICTCOMP: return "dict comprehension";
    case E_DICT: return "dict literal";
    case E_SET: return "set display";
    case E_NAMEDEXPR: return "named expression";
    case E_YIELD: case E_YIELDFROM: return "yield expression";
    case E_STARRED: return "starred";
    case E_ATTR: return "attribute";
    case E_SUBSCR: return "subscript";
    case E_NAME: return "name";
    case E_TUPLE: return "tuple";
    case E_LIST: return "list";
    default: return "expression";
    }
}

/* Check that e can be assigned to (store) or deleted (del). `here`: add
 * CPython's "here. Maybe you meant '==' instead of '='?" hint. */
static void check_target(Parser *P, Node *e, bool del, bool here, bool top)
{
    switch (e->kind) {
    case E_NAME: case E_ATTR: case E_SUBSCR: return;
    case E_TUPLE: case E_LIST: {
        int nstar = 0;
        for (int i = 0; i < e->l1.len; i++) {
            Node *x = e->l1.items[i];
            if (x->kind == E_STARRED) {
                if (del) error_node(P, x, "cannot delete starred");
                if (++nstar > 1) error_node(P, e, "multiple starred expressions in assignment");
                check_target(P, x->a, del, false, false);
            } else {
                check_target(P, x, del, false, false);
            }
        }
        return;
    }
    case E_STARRED:
        if (del) error_node(P, e, "cannot delete starred");
        if (top) error_node(P, e, "starred assignment target must be in a list or tuple");
        check_target(P, e->a, del, false, false);
        return;
    default: break;
    }
    if (del) error_node(P, e, "cannot delete %s", expr_name(e));
    if (e->kind == E_YIELD || e->kind == E_YIELDFROM)
        error_node(P, e, "assignment to yield expression not possible");
    if (here && e->kind != E_COMPARE && e->kind != E_IFEXP && e->kind != E_GENEXP && e->kind != E_LAMBDA &&
        e->kind != E_LISTCOMP && e->kind != E_SETCOMP && e->kind != E_DICTCOMP && !(e->kind == E_CONST && (IS_NONE(e->v) || IS_BOOL(e->v))))
        error_node(P, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?", expr_name(e));
    error_node(P, e, "cannot assign to %s", expr_name(e));
}

/* ---- expressions ------------------------------------------------------ */

static Node *comprehension_tail(Parser *P, int kind, Node *elt, Node *val, Token *start);

/* At `for` or `async for` (a comprehension clause)? */
static bool at_comp_for(Parser *P)
{
    return is_kw(P, K_for) || (is_kw(P, K_async) && peek(P, 1)->kind == T_NAME && peek(P, 1)->op == K_for);
}

static Node *collect(Parser *P, int kind, Node *first, int closer)
{
    /* a display [first, ...] / (first, ...) / {first, ...}; current token is ',' or closer */
    Node *n = node_at(P, kind, first);
    push(P, &n->l1, first);
    Node *prev = first;
    while (accept_op(P, O_COMMA)) {
        if (is_op(P, closer)) break;
        Node *e;
        if (is_op(P, O_STAR)) {
            Token *st = advance(P);
            e = new_node(P, E_STARRED, st);
            e->a = bitor(P);
            fin(P, e);
        } else {
            e = named_expression(P);
        }
        push(P, &n->l1, e);
        prev = e;
    }
    if (!is_op(P, closer)) {
        if (starts_expr(P)) forgot_comma(P, prev);
        invalid(P);
    }
    return n;
}

static Node *star_or_named(Parser *P)
{
    if (is_op(P, O_STAR)) {
        Token *st = advance(P);
        Node *e = new_node(P, E_STARRED, st);
        e->a = bitor(P);
        return fin(P, e);
    }
    return named_expression(P);
}

static Node *yield_expr(Parser *P)
{
    Token *t = advance(P);
    if (accept_kw(P, K_from)) {
        Node *n = new_node(P, E_YIELDFROM, t);
        n->a = expression(P);
        return fin(P, n);
    }
    Node *n = new_node(P, E_YIELD, t);
    if (!is_op(P, O_RPAR) && !is_op(P, O_RSQB) && !is_op(P, O_RBRACE) && !is_op(P, O_EQ) && TOK(P)->kind != T_NEWLINE &&
        !is_op(P, O_SEMI) && TOK(P)->kind != T_ENDMARKER)
        n->a = star_expressions(P);
    return fin(P, n);
}

static Node *atom(Parser *P)
{
    Token *t = TOK(P);
    switch (t->kind) {
    case T_NAME: {
        if (t->op == K_NONE) {
            advance(P);
            Node *n = new_node(P, E_NAME, t);
            n->name = tok_str(P, t);
            return fin(P, n);
        }
        Node *n = new_node(P, E_CONST, t);
        if (t->op == K_None) n->v = NONE;
        else if (t->op == K_True) n->v = TRUE_V;
        else if (t->op == K_False) n->v = FALSE_V;
        else invalid(P);
        advance(P);
        return fin(P, n);
    }
    case T_NUMBER: return fin(P, number(P));
    case T_STRING: return fin(P, strings(P));
    case T_OP: break;
    case T_INDENT: error_tok(P, t, "unexpected indent"); 
    default: invalid(P);
    }
    if (t->op == O_ELLIPSIS) {
        advance(P);
        Node *n = new_node(P, E_CONST, t);
        n->v = ELLIPSIS;
        return fin(P, n);
    }
    if (t->op == O_LPAR) {
        advance(P);
        if (accept_op(P, O_RPAR)) return fin(P, new_node(P, E_TUPLE, t));
        if (is_kw(P, K_yield)) {
            Node *y = yield_expr(P);
            expect_op(P, O_RPAR, NULL);
            y->gline = t->line;
            y->gcol = t->col;
            return y;
        }
        Node *first = star_or_named(P);
        if (at_comp_for(P)) {
            if (first->kind == E_STARRED) error_node(P, first, "iterable unpacking cannot be used in comprehension");
            Node *g = comprehension_tail(P, E_GENEXP, first, NULL, t);
            expect_op(P, O_RPAR, NULL);
            return fin(P, g);
        }
        if (accept_op(P, O_RPAR)) {
            if (first->kind == E_STARRED) error_node(P, first, "cannot use starred expression here");
            first->gline = t->line;
            first->gcol = t->col;
            return first;
        }
        if (!is_op(P, O_COMMA)) {
            if (starts_expr(P)) forgot_comma(P, first);
            invalid(P);
        }
        Node *tup = collect(P, E_TUPLE, first, O_RPAR);
        tup->line = t->line;
        tup->col = t->col;
        advance(P);
        return fin(P, tup);
    }
    if (t->op == O_LSQB) {
        advance(P);
        if (accept_op(P, O_RSQB)) return fin(P, new_node(P, E_LIST, t));
        Node *first = star_or_named(P);
        if (at_comp_for(P)) {
            if (first->kind == E_STARRED) error_node(P, first, "iterable unpacking cannot be used in comprehension");
            Node *g = comprehension_tail(P, E_LISTCOMP, first, NULL, t);
            expect_op(P, O_RSQB, NULL);
            return fin(P, g);
        }
        Node *l = collect(P, E_LIST, first, O_RSQB);
        l->line = t->line;
        l->col = t->col;
        advance(P);
        return fin(P, l);
    }
    if (t->op == O_LBRACE) {
        advance(P);
        if (accept_op(P, O_RBRACE)) return fin(P, new_node(P, E_DICT, t));
        Node *first_key = NULL, *first_val;
        if (accept_op(P, O_DSTAR)) {
            first_val = bitor(P);
        } else {
            Node *e = star_or_named(P);
            if (e->kind != E_STARRED && accept_op(P, O_COLON)) {
                first_key = e;
                first_val = expression(P);
            } else {
                /* a set */
                if (at_comp_for(P)) {
                    if (e->kind == E_STARRED) error_node(P, e, "iterable unpacking cannot be used in comprehension");
                    Node *g = comprehension_tail(P, E_SETCOMP, e, NULL, t);
                    expect_op(P, O_RBRACE, NULL);
                    return fin(P, g);
                }
                Node *s = collect(P, E_SET, e, O_RBRACE);
                s->line = t->line;
                s->col = t->col;
                advance(P);
                return fin(P, s);
            }
        }
        if (first_key && at_comp_for(P)) {
            Node *g = comprehension_tail(P, E_DICTCOMP, first_key, first_val, t);
            expect_op(P, O_RBRACE, NULL);
            return fin(P, g);
        }
        Node *d = new_node(P, E_DICT, t);
        push(P, &d->l1, first_key);
        push(P, &d->l2, first_val);
        Node *prev = first_val;
        while (accept_op(P, O_COMMA)) {
            if (is_op(P, O_RBRACE)) break;
            if (accept_op(P, O_DSTAR)) {
                push(P, &d->l1, NULL);
                push(P, &d->l2, prev = bitor(P));
                continue;
            }
            Node *k = expression(P);
            if (!accept_op(P, O_COLON)) {
                if (is_op(P, O_COMMA) || is_op(P, O_RBRACE))
                    error_node(P, k, "':' expected after dictionary key");
                invalid(P);
            }
            push(P, &d->l1, k);
            push(P, &d->l2, prev = expression(P));
        }
        if (!accept_op(P, O_RBRACE)) {
            if (starts_expr(P)) forgot_comma(P, prev);
            invalid(P);
        }
        return fin(P, d);
    }
    if (t->op == O_RPAR || t->op == O_RSQB || t->op == O_RBRACE) invalid(P);
    invalid(P);
}

static Node *slice_item(Parser *P)
{
    Token *t = TOK(P);
    Node *lower = NULL;
    if (!is_op(P, O_COLON)) {
        lower = star_or_named(P);
        if (!is_op(P, O_COLON)) return lower;
        if (lower->kind == E_STARRED) invalid(P);
    }
    advance(P); /* ':' */
    Node *s = new_node(P, E_SLICE, t);
    s->a = lower;
    if (!is_op(P, O_COLON) && !is_op(P, O_COMMA) && !is_op(P, O_RSQB)) s->b = expression(P);
    if (accept_op(P, O_COLON))
        if (!is_op(P, O_COMMA) && !is_op(P, O_RSQB)) s->c = expression(P);
    return fin(P, s);
}

static void call_args(Parser *P, Node *call)
{
    /* after '(' */
    int call_lpar = P->pos - 1;
    const char *late_error = NULL;
    bool seen_kw = false, seen_dstar = false;
    Node *prev = NULL;
    while (!is_op(P, O_RPAR)) {
        Token *t = TOK(P);
        if (accept_op(P, O_STAR)) {
            if (seen_dstar) error_tok(P, t, "iterable argument unpacking follows keyword argument unpacking");
            Node *s = new_node(P, E_STARRED, t);
            s->a = expression(P);
            fin(P, s);
            push(P, &call->l1, s);
            prev = s;
        } else if (accept_op(P, O_DSTAR)) {
            Node *k = new_node(P, E_KEYWORD, t);
            k->a = expression(P);
            fin(P, k);
            push(P, &call->l2, k);
            seen_dstar = true;
            prev = k;
        } else if (t->kind == T_NAME && t->op == K_NONE && peek(P, 1)->kind == T_OP && peek(P, 1)->op == O_EQ) {
            advance(P);
            advance(P);
            Node *k = new_node(P, E_KEYWORD, t);
            k->name = tok_str(P, t);
            for (int i = 0; i < call->l2.len; i++) {
                if (call->l2.items[i]->name && strcmp(call->l2.items[i]->name, k->name) == 0) {
                    Node *v = expression(P); /* the range is the whole `x=value` */
                    if (v->end_line == t->line) cerr_set_end(P->err, v->end_line, v->end_col);
                    error_at(P, t->line, t->col, "keyword argument repeated: %s", k->name);
                }
            }
            k->a = expression(P);
            fin(P, k);
            push(P, &call->l2, k);
            seen_kw = true;
            prev = k;
        } else {
            Node *e = named_expression(P);
            if (is_op(P, O_EQ)) {
                Token *eq = TOK(P);
                if (e->kind == E_CONST && (IS_NONE(e->v) || IS_BOOL(e->v)))
                    error_node(P, e, "cannot assign to %s", expr_name(e));
                error_tok(P, eq, "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (at_comp_for(P)) {
                Node *g = comprehension_tail(P, E_GENEXP, e, NULL, t);
                if (call->l1.len || call->l2.len || !is_op(P, O_RPAR))
                    if (!(is_op(P, O_COMMA) && peek(P, 1)->kind == T_OP && peek(P, 1)->op == O_RPAR && !call->l1.len && !call->l2.len))
                        error_node(P, g, "Generator expression must be parenthesized");
                if (is_op(P, O_RPAR)) { /* f(x for x in y): the genexp spans the call's parentheses */
                    Token *lpar = &P->toks[call_lpar], *rpar = TOK(P);
                    g->line = lpar->line;
                    g->col = lpar->col;
                    g->end_line = rpar->end_line;
                    g->end_col = rpar->end_col;
                }
                e = g;
            }
            if (seen_dstar && !late_error) late_error = "positional argument follows keyword argument unpacking";
            if (seen_kw && !late_error) late_error = "positional argument follows keyword argument";
            push(P, &call->l1, e);
            prev = e;
        }
        if (!accept_op(P, O_COMMA)) {
            if (!is_op(P, O_RPAR)) {
                if (starts_expr(P) && prev) forgot_comma(P, prev);
                invalid(P);
            }
        }
    }
    /* CPython reports these once all arguments are read, at the ')' */
    if (late_error) error_tok(P, TOK(P), late_error);
    advance(P);
}

static Node *primary(Parser *P)
{
    Node *e = atom(P);
    for (;;) {
        Token *t = TOK(P);
        if (t->kind != T_OP) return e;
        if (t->op == O_DOT) {
            advance(P);
            Token *nt = TOK(P);
            if (nt->kind != T_NAME || nt->op != K_NONE) invalid(P);
            advance(P);
            Node *a = node_at(P, E_ATTR, e);
            a->a = e;
            a->name = tok_str(P, nt);
            a->end_line = nt->line;
            a->end_col = nt->col;
            e = fin(P, a);
        } else if (t->op == O_LPAR) {
            advance(P);
            Node *c = node_at(P, E_CALL, e);
            c->a = e;
            enter(P);
            call_args(P, c);
            LEAVE(P);
            e = fin(P, c);
        } else if (t->op == O_LSQB) {
            advance(P);
            enter(P);
            Node *s = node_at(P, E_SUBSCR, e);
            s->a = e;
            Node *first = slice_item(P);
            if (is_op(P, O_COMMA)) {
                Node *tup = node_at(P, E_TUPLE, first);
                push(P, &tup->l1, first);
                while (accept_op(P, O_COMMA)) {
                    if (is_op(P, O_RSQB)) break;
                    push(P, &tup->l1, slice_item(P));
                }
                first = fin(P, tup);
            } else if (first->kind == E_STARRED) {
                Node *tup = node_at(P, E_TUPLE, first);
                push(P, &tup->l1, first);
                first = fin(P, tup);
            }
            s->b = first;
            expect_op(P, O_RSQB, NULL);
            LEAVE(P);
            e = fin(P, s);
        } else {
            return e;
        }
    }
}

static Node *unary(Parser *P);

static Node *power(Parser *P)
{
    Node *e;
    if (is_kw(P, K_await)) {
        Token *t = advance(P);
        e = new_node(P, E_AWAIT, t);
        e->a = primary(P);
        fin(P, e);
    } else {
        e = primary(P);
    }
    if (is_op(P, O_DSTAR)) {
        advance(P);
        Node *b = node_at(P, E_BINOP, e);
        b->op = NB_POW;
        b->a = e;
        b->b = unary(P);
        return fin(P, b);
    }
    return e;
}

static Node *unary(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_OP && (t->op == O_MINUS || t->op == O_PLUS || t->op == O_TILDE)) {
        advance(P);
        enter(P);
        Node *n = new_node(P, E_UNARY, t);
        n->op = t->op == O_MINUS ? UN_NEG : t->op == O_PLUS ? UN_POS : UN_INVERT;
        n->a = unary(P);
        LEAVE(P);
        fin(P, n);
        /* fold -<number literal> so that -1 is a constant */
        if (n->op == UN_NEG && n->a->kind == E_CONST && IS_INT(n->a->v) && AS_INT(n->a->v) != SMALLINT_MIN) {
            /* b keeps the expression as written, for ast.parse */
            Node *c = alloc(P, sizeof(Node));
            *c = *n->a;
            c->v = MK_INT(-AS_INT(n->a->v));
            c->line = n->line;
            c->col = n->col;
            c->b = n;
            return c;
        }
        return n;
    }
    return power(P);
}

/* binary operator precedence: 1 |, 2 ^, 3 &, 4 << >>, 5 + -, 6 * / // % @ */
static int binop_of(Token *t, int *op)
{
    if (t->kind != T_OP) return 0;
    switch (t->op) {
    case O_VBAR: *op = NB_OR; return 1;
    case O_CIRC: *op = NB_XOR; return 2;
    case O_AMP: *op = NB_AND; return 3;
    case O_LSHIFT: *op = NB_LSHIFT; return 4;
    case O_RSHIFT: *op = NB_RSHIFT; return 4;
    case O_PLUS: *op = NB_ADD; return 5;
    case O_MINUS: *op = NB_SUB; return 5;
    case O_STAR: *op = NB_MUL; return 6;
    case O_SLASH: *op = NB_TRUEDIV; return 6;
    case O_DSLASH: *op = NB_FLOORDIV; return 6;
    case O_PERCENT: *op = NB_MOD; return 6;
    case O_AT: *op = NB_MATMUL; return 6;
    }
    return 0;
}

static Node *binary(Parser *P, int minprec)
{
    Node *e = minprec > 6 ? unary(P) : binary(P, minprec + 1);
    if (minprec > 6) return e;
    for (;;) {
        int op = 0, prec = binop_of(TOK(P), &op);
        if (prec != minprec) return e;
        advance(P);
        Node *b = node_at(P, E_BINOP, e);
        b->op = op;
        b->a = e;
        b->b = binary(P, minprec + 1);
        e = fin(P, b);
    }
}

static Node *bitor(Parser *P) { return binary(P, 1); }

static int cmp_op(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_OP) {
        switch (t->op) {
        case O_LT: advance(P); return CK_LT;
        case O_LE: advance(P); return CK_LE;
        case O_EQEQ: advance(P); return CK_EQ;
        case O_NE: advance(P); return CK_NE;
        case O_GT: advance(P); return CK_GT;
        case O_GE: advance(P); return CK_GE;
        }
        return -1;
    }
    if (t->kind != T_NAME) return -1;
    if (t->op == K_in) { advance(P); return CK_IN; }
    if (t->op == K_is) {
        advance(P);
        return accept_kw(P, K_not) ? CK_ISNOT : CK_IS;
    }
    if (t->op == K_not && peek(P, 1)->kind == T_NAME && peek(P, 1)->op == K_in) {
        advance(P);
        advance(P);
        return CK_NOTIN;
    }
    return -1;
}

static Node *comparison(Parser *P)
{
    Node *e = bitor(P);
    int op = cmp_op(P);
    if (op < 0) return e;
    Node *c = node_at(P, E_COMPARE, e);
    c->a = e;
    int cap = 4, n = 0;
    c->ops = alloc(P, sizeof(int) * (size_t)cap);
    while (op >= 0) {
        if (n == cap) {
            int *o = alloc(P, sizeof(int) * (size_t)cap * 2);
            memcpy(o, c->ops, sizeof(int) * (size_t)cap);
            c->ops = o;
            cap *= 2;
        }
        c->ops[n++] = op;
        push(P, &c->l1, bitor(P));
        op = cmp_op(P);
    }
    return fin(P, c);
}

static Node *inversion(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_NAME && t->op == K_not) {
        advance(P);
        enter(P);
        Node *n = new_node(P, E_NOT, t);
        n->a = inversion(P);
        LEAVE(P);
        return fin(P, n);
    }
    return comparison(P);
}

static Node *boolop(Parser *P, int kw, Node *(*sub)(Parser *))
{
    Node *e = sub(P);
    if (!is_kw(P, kw)) return e;
    Node *b = node_at(P, E_BOOLOP, e);
    b->op = kw == K_or;
    push(P, &b->l1, e);
    while (accept_kw(P, kw)) push(P, &b->l1, sub(P));
    return fin(P, b);
}

static Node *conjunction(Parser *P) { return boolop(P, K_and, inversion); }
static Node *disjunction(Parser *P) { return boolop(P, K_or, conjunction); }

static void params(Parser *P, Args *a, bool lambda);

static Node *lambdef(Parser *P)
{
    Token *t = advance(P);
    Node *n = new_node(P, E_LAMBDA, t);
    n->args = alloc(P, sizeof(Args));
    params(P, n->args, true);
    expect_op(P, O_COLON, NULL);
    n->a = expression(P);
    return fin(P, n);
}

static Node *expression(Parser *P)
{
    enter(P);
    Node *e;
    if (is_kw(P, K_lambda)) {
        e = lambdef(P);
    } else {
        e = disjunction(P);
        if (is_kw(P, K_if)) {
            Token *t = advance(P);
            (void)t;
            Node *c = node_at(P, E_IFEXP, e);
            c->b = e;
            c->a = disjunction(P);
            if (!accept_kw(P, K_else)) {
                fin(P, c);
                error_node(P, c, "expected 'else' after 'if' expression");
            }
            c->c = expression(P);
            e = fin(P, c);
        }
    }
    LEAVE(P);
    return e;
}

static Node *named_expression(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_NAME && t->op == K_NONE && peek(P, 1)->kind == T_OP && peek(P, 1)->op == O_WALRUS) {
        advance(P);
        advance(P);
        Node *n = new_node(P, E_NAMEDEXPR, t);
        Node *target = new_node(P, E_NAME, t);
        target->name = tok_str(P, t);
        target->end_line = t->end_line;
        target->end_col = t->end_col;
        n->a = target;
        n->b = expression(P);
        return fin(P, n);
    }
    Node *e = expression(P);
    if (is_op(P, O_WALRUS)) error_node(P, e, "cannot use assignment expressions with %s", expr_name(e));
    return e;
}

/* Comma-separated expressions with optional *starred; a trailing comma or
 * several items make a tuple. */
static Node *star_expressions(Parser *P)
{
    Node *first = is_op(P, O_STAR) ? NULL : expression(P);
    if (!first) {
        Token *st = advance(P);
        first = new_node(P, E_STARRED, st);
        first->a = bitor(P);
        fin(P, first);
    }
    if (!is_op(P, O_COMMA)) return first;
    Node *tup = node_at(P, E_TUPLE, first);
    push(P, &tup->l1, first);
    while (accept_op(P, O_COMMA)) {
        Token *t = TOK(P);
        if (t->kind == T_NEWLINE || t->kind == T_ENDMARKER || (t->kind == T_OP && (t->op == O_EQ || t->op == O_RPAR ||
            t->op == O_SEMI || t->op == O_COLON || (t->op >= O_PLUSEQ && t->op <= O_ATEQ) || t->op == O_RSQB || t->op == O_RBRACE)))
            break;
        if (t->kind == T_NAME && (t->op == K_in || t->op == K_if || t->op == K_for)) break;
        if (is_op(P, O_STAR)) {
            Token *st = advance(P);
            Node *s = new_node(P, E_STARRED, st);
            s->a = bitor(P);
            push(P, &tup->l1, fin(P, s));
        } else {
            push(P, &tup->l1, expression(P));
        }
    }
    return fin(P, tup);
}

/* Target lists of for-loops and comprehensions: bitor-level items. */
static Node *target_list(Parser *P)
{
    Node *first;
    Token *t = TOK(P);
    if (accept_op(P, O_STAR)) {
        first = new_node(P, E_STARRED, t);
        first->a = bitor(P);
        fin(P, first);
    } else {
        first = bitor(P);
    }
    if (is_op(P, O_COMMA)) {
        Node *tup = node_at(P, E_TUPLE, first);
        push(P, &tup->l1, first);
        while (accept_op(P, O_COMMA)) {
            if (is_kw(P, K_in) || is_op(P, O_EQ)) break;
            Token *st = TOK(P);
            if (accept_op(P, O_STAR)) {
                Node *s = new_node(P, E_STARRED, st);
                s->a = bitor(P);
                push(P, &tup->l1, fin(P, s));
            } else {
                push(P, &tup->l1, bitor(P));
            }
        }
        first = fin(P, tup);
    }
    check_target(P, first, false, false, true);
    return first;
}

static Node *comprehension_tail(Parser *P, int kind, Node *elt, Node *val, Token *start)
{
    Node *c = new_node(P, kind, start);
    c->a = elt;
    c->b = val;
    while (at_comp_for(P)) {
        Token *t = advance(P);
        bool is_async = t->op == K_async;
        if (is_async) advance(P);
        Node *g = new_node(P, N_COMP, t);
        g->op = is_async;
        g->a = target_list(P);
        if (!accept_kw(P, K_in)) invalid(P);
        g->b = disjunction(P);
        while (is_kw(P, K_if)) {
            advance(P);
            push(P, &g->l1, disjunction(P));
        }
        fin(P, g);
        push(P, &c->l1, g);
    }
    return fin(P, c);
}

/* ---- parameters ------------------------------------------------------- */

static Node *param(Parser *P, bool lambda, bool allow_default)
{
    Token *t = TOK(P);
    if (t->kind != T_NAME || t->op != K_NONE) invalid(P);
    advance(P);
    Node *a = new_node(P, N_ARG, t);
    a->name = tok_str(P, t);
    if (!lambda && accept_op(P, O_COLON)) a->c = expression(P); /* annotation */
    fin(P, a);
    if (allow_default && accept_op(P, O_EQ)) a->a = expression(P);
    return a;
}

static void check_dup(Parser *P, Args *a, Node *p)
{
    NodeList *lists[2] = {&a->args, &a->kwonly};
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < lists[l]->len; i++)
            if (lists[l]->items[i] != p && strcmp(lists[l]->items[i]->name, p->name) == 0)
                goto dup;
    if (a->vararg && a->vararg != p && strcmp(a->vararg->name, p->name) == 0) goto dup;
    if (a->kwarg && a->kwarg != p && strcmp(a->kwarg->name, p->name) == 0) goto dup;
    return;
dup:
    error_node(P, p, "duplicate argument '%s' in function definition", p->name);
}

static void params(Parser *P, Args *a, bool lambda)
{
    int closer = lambda ? O_COLON : O_RPAR;
    bool star = false, seen_default = false, slash = false;
    while (!is_op(P, closer)) {
        Token *t = TOK(P);
        if (accept_op(P, O_SLASH)) {
            if (slash) error_tok(P, t, "/ may appear only once");
            if (star) error_tok(P, t, "/ must be ahead of *");
            if (a->args.len == 0) error_tok(P, t, "at least one argument must precede /");
            slash = true;
            a->nposonly = a->args.len;
        } else if (accept_op(P, O_STAR)) {
            if (star) error_tok(P, t, "* argument may appear only once");
            star = true;
            if (is_op(P, O_COMMA) || is_op(P, closer)) {
                if (is_op(P, closer) || (peek(P, 1)->kind == T_OP && (peek(P, 1)->op == closer || peek(P, 1)->op == O_DSTAR)))
                    error_tok(P, TOK(P), "named arguments must follow bare *");
            } else {
                a->vararg = param(P, lambda, false);
                if (is_op(P, O_EQ)) error_tok(P, TOK(P), "var-positional argument cannot have default value");
                check_dup(P, a, a->vararg);
            }
        } else if (accept_op(P, O_DSTAR)) {
            a->kwarg = param(P, lambda, false);
            if (is_op(P, O_EQ)) error_tok(P, TOK(P), "var-keyword argument cannot have default value");
            check_dup(P, a, a->kwarg);
            accept_op(P, O_COMMA);
            if (!is_op(P, closer)) error_tok(P, TOK(P), "arguments cannot follow var-keyword argument");
            break;
        } else {
            Node *p = param(P, lambda, true);
            if (star) {
                push(P, &a->kwonly, p);
            } else {
                if (p->a) seen_default = true;
                else if (seen_default) error_node(P, p, "non-default argument follows default argument");
                push(P, &a->args, p);
            }
            check_dup(P, a, p);
        }
        if (!accept_op(P, O_COMMA)) {
            if (!is_op(P, closer)) {
                if (lambda) invalid(P);
                invalid(P);
            }
        }
    }
    if (star && !a->vararg && a->kwonly.len == 0) error_tok(P, TOK(P), "named arguments must follow bare *");
}

/* ---- statements ------------------------------------------------------- */

static Node *stmt_node(Parser *P, int kind, Token *t) { return new_node(P, kind, t); }

static void dotted_name(Parser *P, char **out)
{
    Token *t = expect_name(P);
    size_t len = (size_t)t->len;
    const char *start = t->s;
    char *buf = arena_strndup(P->arena, start, len);
    while (is_op(P, O_DOT)) {
        advance(P);
        Token *n = expect_name(P);
        char *nb = alloc(P, strlen(buf) + (size_t)n->len + 2);
        strcpy(nb, buf);
        strcat(nb, ".");
        strncat(nb, n->s, (size_t)n->len);
        buf = nb;
    }
    *out = buf;
}

static Node *import_stmt(Parser *P)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_IMPORT, t);
    do {
        Token *at = TOK(P);
        Node *al = new_node(P, N_ALIAS, at);
        char *name;
        dotted_name(P, &name);
        al->name = name;
        if (accept_kw(P, K_as)) al->name2 = tok_str(P, expect_name(P));
        push(P, &n->l1, fin(P, al));
    } while (accept_op(P, O_COMMA));
    return n;
}

static Node *from_stmt(Parser *P)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_IMPORTFROM, t);
    /* from . import x, from ..pkg.mod import y: op is the level */
    int level = 0;
    for (;;) {
        if (accept_op(P, O_DOT)) level++;
        else if (accept_op(P, O_ELLIPSIS)) level += 3;
        else break;
    }
    n->op = level;
    if (level && is_kw(P, K_import)) {
        n->name = "";
    } else {
        char *mod;
        dotted_name(P, &mod);
        n->name = mod;
    }
    if (!accept_kw(P, K_import)) invalid(P);
    Token *st = TOK(P);
    if (accept_op(P, O_STAR)) {
        Node *al = new_node(P, N_ALIAS, st);
        al->name = "*";
        push(P, &n->l1, fin(P, al));
        return n;
    }
    bool paren = accept_op(P, O_LPAR);
    do {
        if (paren && is_op(P, O_RPAR)) break;
        Token *at = TOK(P);
        Node *al = new_node(P, N_ALIAS, at);
        al->name = tok_str(P, expect_name(P));
        if (accept_kw(P, K_as)) al->name2 = tok_str(P, expect_name(P));
        push(P, &n->l1, fin(P, al));
    } while (accept_op(P, O_COMMA));
    if (!paren && n->l1.len && TOK(P - 0)->kind == T_NEWLINE && P->toks[P->pos - 1].kind == T_OP)
        error_tok(P, &P->toks[P->pos - 1], "trailing comma not allowed without surrounding parentheses");
    if (paren) expect_op(P, O_RPAR, NULL);
    if (n->l1.len == 0) invalid(P);
    return n;
}

static int augop(Token *t)
{
    if (t->kind != T_OP || t->op < O_PLUSEQ || t->op > O_ATEQ) return -1;
    static const int map[] = {NB_ADD, NB_SUB, NB_MUL, NB_TRUEDIV, NB_FLOORDIV, NB_MOD, NB_POW,
                              NB_LSHIFT, NB_RSHIFT, NB_AND, NB_OR, NB_XOR, NB_MATMUL};
    return map[t->op - O_PLUSEQ];
}

static Node *assign_value(Parser *P)
{
    if (is_kw(P, K_yield)) return yield_expr(P);
    return star_expressions(P);
}

static Node *expr_stmt(Parser *P)
{
    Token *t = TOK(P);
    Node *e = is_kw(P, K_yield) ? yield_expr(P) : star_expressions(P);
    Token *nt = TOK(P);
    int aop = augop(nt);
    if (aop >= 0) {
        if (e->kind != E_NAME && e->kind != E_ATTR && e->kind != E_SUBSCR) {
            const char *what = e->kind == E_TUPLE ? "tuple" : e->kind == E_LIST ? "list" : expr_name(e);
            error_node(P, e, "'%s' is an illegal expression for augmented assignment", what);
        }
        advance(P);
        Node *n = stmt_node(P, S_AUGASSIGN, t);
        n->a = e;
        n->op = aop;
        n->b = assign_value(P);
        return n;
    }
    if (nt->kind == T_OP && nt->op == O_COLON) {
        /* annotated assignment */
        if (e->kind != E_NAME && e->kind != E_ATTR && e->kind != E_SUBSCR) {
            if (e->kind == E_TUPLE) error_node(P, e, "only single target (not tuple) can be annotated");
            if (e->kind == E_LIST) error_node(P, e, "only single target (not list) can be annotated");
            error_node(P, e, "illegal target for annotation");
        }
        advance(P);
        Node *n = stmt_node(P, S_ANNASSIGN, t);
        n->a = e;
        n->c = expression(P);
        if (accept_op(P, O_EQ)) n->b = assign_value(P);
        return n;
    }
    if (nt->kind == T_OP && nt->op == O_EQ) {
        Node *n = stmt_node(P, S_ASSIGN, t);
        push(P, &n->l1, e);
        Node *value = NULL;
        while (accept_op(P, O_EQ)) {
            value = assign_value(P);
            if (is_op(P, O_EQ)) push(P, &n->l1, value);
        }
        for (int i = 0; i < n->l1.len; i++)
            check_target(P, n->l1.items[i], false, n->l1.len == 1 && i == 0, true);
        n->a = value;
        return n;
    }
    if (nt->kind == T_NEWLINE || (nt->kind == T_OP && nt->op == O_SEMI) || nt->kind == T_ENDMARKER) {
        Node *n = stmt_node(P, S_EXPR, t);
        n->a = e;
        return n;
    }
    /* error diagnostics */
    if (e->kind == E_NAME && strcmp(e->name, "print") == 0 && (starts_expr(P))) {
        int k = 0;
        while (peek(P, k + 1)->kind != T_NEWLINE && peek(P, k + 1)->kind != T_ENDMARKER) k++;
        if (peek(P, k)->end_line == e->line) cerr_set_end(P->err, e->line, peek(P, k)->end_col);
        error_at(P, e->line, e->col, "Missing parentheses in call to 'print'. Did you mean print(...)?");
    }
    if (e->kind == E_NAME && strcmp(e->name, "exec") == 0 && starts_expr(P))
        error_node(P, e, "Missing parentheses in call to 'exec'. Did you mean exec(...)?");
    if (e->kind == E_NAME && t->kind == T_NAME) {
        if (strcmp(e->name, "type") == 0 && nt->kind == T_NAME)
            error_tok(P, t, "baton does not support the 'type' statement");
    }
    if (nt->kind == T_OP && nt->op == O_WALRUS) invalid(P);
    if (starts_expr(P) && (nt->kind != T_NAME || nt->op == K_NONE) && e->kind != E_CONST && 0) forgot_comma(P, e);
    invalid(P);
}

static Node *simple_stmt(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_NAME) {
        switch (t->op) {
        case K_pass: advance(P); return stmt_node(P, S_PASS, t);
        case K_break: advance(P); return stmt_node(P, S_BREAK, t);
        case K_continue: advance(P); return stmt_node(P, S_CONTINUE, t);
        case K_return: {
            advance(P);
            Node *n = stmt_node(P, S_RETURN, t);
            if (TOK(P)->kind != T_NEWLINE && !is_op(P, O_SEMI) && TOK(P)->kind != T_ENDMARKER) n->a = star_expressions(P);
            return n;
        }
        case K_raise: {
            advance(P);
            Node *n = stmt_node(P, S_RAISE, t);
            if (TOK(P)->kind != T_NEWLINE && !is_op(P, O_SEMI) && TOK(P)->kind != T_ENDMARKER) {
                n->a = expression(P);
                if (accept_kw(P, K_from)) n->b = expression(P);
            }
            return n;
        }
        case K_global: case K_nonlocal: {
            advance(P);
            Node *n = stmt_node(P, t->op == K_global ? S_GLOBAL : S_NONLOCAL, t);
            do {
                Token *nt = expect_name(P);
                Node *nm = new_node(P, E_NAME, nt);
                nm->name = tok_str(P, nt);
                push(P, &n->l1, nm);
            } while (accept_op(P, O_COMMA));
            return n;
        }
        case K_del: {
            advance(P);
            Node *n = stmt_node(P, S_DEL, t);
            do {
                if (TOK(P)->kind == T_NEWLINE || is_op(P, O_SEMI)) break;
                Node *e = is_op(P, O_STAR) ? star_or_named(P) : bitor(P);
                check_target(P, e, true, false, true);
                push(P, &n->l1, e);
            } while (accept_op(P, O_COMMA));
            if (n->l1.len == 0) invalid(P);
            return n;
        }
        case K_assert: {
            advance(P);
            Node *n = stmt_node(P, S_ASSERT, t);
            n->a = expression(P);
            if (accept_op(P, O_COMMA)) n->b = expression(P);
            return n;
        }
        case K_import: return import_stmt(P);
        case K_from: return from_stmt(P);
        }
    }
    return expr_stmt(P);
}

static void simple_stmts(Parser *P, NodeList *out)
{
    for (;;) {
        push(P, out, fin(P, simple_stmt(P)));
        if (accept_op(P, O_SEMI)) {
            if (TOK(P)->kind == T_NEWLINE) break;
            continue;
        }
        break;
    }
    Token *t = TOK(P);
    if (t->kind == T_NEWLINE) {
        advance(P);
        return;
    }
    if (t->kind == T_ENDMARKER) return;
    invalid(P);
}

static void expect_colon(Parser *P)
{
    if (!accept_op(P, O_COLON)) {
        if (is_op(P, O_EQ) && P->pos > 0) {
            /* if x = 1: — find the test expression's node start: last statement header */
            Token *eq = TOK(P);
            if (P->last_test) {
                Node *e = P->last_test;
                if (e->kind == E_NAME) {
                    /* the range runs to the end of the value after '=' */
                    advance(P);
                    Node *v = bitor(P);
                    if (v->end_line == e->line) cerr_set_end(P->err, v->end_line, v->end_col);
                    error_at(P, e->line, e->col, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                }
                if (e->kind != E_COMPARE && e->kind != E_IFEXP && e->kind != E_LAMBDA)
                    error_node(P, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                             expr_name(e));
            }
            error_tok(P, eq, "invalid syntax");
        }
        Token *prev = &P->toks[P->pos - 1];
        if (TOK(P)->kind == T_NEWLINE || TOK(P)->kind == T_ENDMARKER)
            error_at(P, prev->end_line, prev->end_col, "expected ':'");
        if (is_op(P, O_EQ)) invalid(P);
        error_tok(P, TOK(P), "expected ':'");
    }
}

/* A suite after ':'.  `what` names the header for the IndentationError. */
static void block(Parser *P, NodeList *out, const char *what, int hline)
{
    if (TOK(P)->kind != T_NEWLINE) {
        simple_stmts(P, out);
        return;
    }
    advance(P);
    Token *t = TOK(P);
    if (t->kind != T_INDENT) {
        if (t->kind == T_ENDMARKER || (t->kind == T_DEDENT && P->lx.done)) P->err->incomplete = true;
        if (t->kind == T_DEDENT) {
            /* find where the next statement is, for the location */
            int k = 0;
            while (peek(P, k)->kind == T_DEDENT) k++;
            if (peek(P, k)->kind == T_ENDMARKER) P->err->incomplete = true;
            t = peek(P, k);
        }
        cerr_raise(P->err, exc_IndentationError, t->line, t->col, "expected an indented block after %s on line %d",
                   what, hline);
    }
    advance(P);
    while (TOK(P)->kind != T_DEDENT && TOK(P)->kind != T_ENDMARKER) statement(P, out);
    advance(P);
}

static Node *if_stmt(Parser *P, Token *t, const char *what)
{
    Node *n = stmt_node(P, S_IF, t);
    n->a = P->last_test = named_expression(P);
    expect_colon(P);
    P->last_test = NULL;
    block(P, &n->l1, what, t->line);
    Token *e = TOK(P);
    if (e->kind == T_NAME && e->op == K_elif) {
        advance(P);
        push(P, &n->l2, if_stmt(P, e, "'elif' statement"));
    } else if (e->kind == T_NAME && e->op == K_else) {
        advance(P);
        expect_colon(P);
        block(P, &n->l2, "'else' statement", e->line);
    }
    return n;
}

static void else_block(Parser *P, NodeList *out)
{
    Token *e = TOK(P);
    if (e->kind == T_NAME && e->op == K_else) {
        advance(P);
        expect_colon(P);
        block(P, out, "'else' statement", e->line);
    }
}

static Node *funcdef(Parser *P, NodeList *decorators)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_FUNCDEF, t);
    n->name = tok_str(P, expect_name(P));
    if (decorators) n->l2 = *decorators;
    n->args = alloc(P, sizeof(Args));
    if (!accept_op(P, O_LPAR)) error_tok(P, TOK(P), "expected '('");
    enter(P);
    params(P, n->args, false);
    LEAVE(P);
    advance(P);
    if (accept_op(P, O_ARROW)) n->c = expression(P); /* the return annotation */
    expect_colon(P);
    block(P, &n->l1, "function definition", t->line);
    return n;
}

static Node *classdef(Parser *P, NodeList *decorators)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_CLASSDEF, t);
    n->name = tok_str(P, expect_name(P));
    if (decorators) n->l3 = *decorators;
    if (accept_op(P, O_LPAR)) {
        Node call;
        memset(&call, 0, sizeof call);
        call_args(P, &call);
        n->l1 = call.l1;
        n->l4 = call.l2;
    }
    expect_colon(P);
    block(P, &n->l2, "class definition", t->line);
    return n;
}

static Node *with_item(Parser *P)
{
    Token *t = TOK(P);
    Node *w = new_node(P, N_WITHITEM, t);
    w->a = expression(P);
    if (accept_kw(P, K_as)) {
        w->b = bitor(P);
        check_target(P, w->b, false, false, true);
    }
    return fin(P, w);
}

static Node *with_stmt(Parser *P)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_WITH, t);
    bool paren = false;
    if (is_op(P, O_LPAR)) {
        /* with (a as b, c): — parenthesised items if the matching ')' is followed by ':' */
        int depth = 0, k = 0;
        for (;; k++) {
            Token *x = peek(P, k);
            if (x->kind == T_ENDMARKER || x->kind == T_NEWLINE) break;
            if (x->kind != T_OP) continue;
            if (x->op == O_LPAR || x->op == O_LSQB || x->op == O_LBRACE) depth++;
            else if (x->op == O_RPAR || x->op == O_RSQB || x->op == O_RBRACE) {
                if (--depth == 0) {
                    Token *after = peek(P, k + 1);
                    paren = after->kind == T_OP && after->op == O_COLON;
                    break;
                }
            }
        }
    }
    if (paren) {
        advance(P);
        do {
            if (is_op(P, O_RPAR)) break;
            push(P, &n->l1, with_item(P));
        } while (accept_op(P, O_COMMA));
        expect_op(P, O_RPAR, NULL);
    } else {
        do push(P, &n->l1, with_item(P));
        while (accept_op(P, O_COMMA));
    }
    expect_colon(P);
    block(P, &n->l2, "'with' statement", t->line);
    return n;
}

static Node *try_stmt(Parser *P)
{
    Token *t = advance(P);
    Node *n = stmt_node(P, S_TRY, t);
    expect_colon(P);
    block(P, &n->l1, "'try' statement", t->line);
    bool bare = false;
    Token bare_tok = {0}, bare_colon = {0};
    int kind = -1; /* 0: except clauses, 1: except* clauses */
    while (is_kw(P, K_except)) {
        Token *et = advance(P);
        bool star = is_op(P, O_STAR);
        if (kind >= 0 && star != kind) {
            /* CPython marks `except *` when it follows except, else `except` */
            if (star) cerr_set_end(P->err, TOK(P)->end_line, TOK(P)->end_col);
            else cerr_set_end(P->err, et->end_line, et->end_col);
            error_at(P, et->line, et->col, "cannot have both 'except' and 'except*' on the same 'try'");
        }
        kind = star;
        if (star) {
            advance(P);
            if (is_op(P, O_COLON) || TOK(P)->kind == T_NEWLINE)
                error_at(P, TOK(P)->line, TOK(P)->col, "expected one or more exception types");
        }
        if (bare) {
            /* CPython marks the bare `except:` itself */
            cerr_set_end(P->err, bare_colon.end_line, bare_colon.end_col);
            error_at(P, bare_tok.line, bare_tok.col, "default 'except:' must be last");
        }
        Node *h = new_node(P, N_HANDLER, et);
        h->op = star;
        if (!is_op(P, O_COLON)) {
            h->a = expression(P);
            if (is_op(P, O_COMMA)) {
                /* CPython marks from the first type to the end of `a, b [as n]` */
                Token *last = NULL;
                for (int k = 0;; k++) {
                    Token *x = peek(P, k);
                    if (x->kind == T_NEWLINE || x->kind == T_ENDMARKER || (x->kind == T_OP && x->op == O_COLON)) break;
                    last = x;
                }
                if (last && last->end_line == h->a->line) cerr_set_end(P->err, last->end_line, last->end_col);
                error_at(P, h->a->line, h->a->col, "multiple exception types must be parenthesized");
            }
            if (accept_kw(P, K_as)) h->name = tok_str(P, expect_name(P));
        } else {
            bare = true;
            bare_tok = *et;
            bare_colon = *TOK(P);
        }
        expect_colon(P);
        block(P, &h->l1, star ? "'except*' statement" : "'except' statement", et->line);
        push(P, &n->l2, h);
    }
    n->op = kind == 1;
    if (n->l2.len) else_block(P, &n->l3);
    if (is_kw(P, K_finally)) {
        Token *ft = advance(P);
        expect_colon(P);
        block(P, &n->l4, "'finally' statement", ft->line);
    }
    if (n->l2.len == 0 && n->l4.len == 0 && !is_kw(P, K_finally)) {
        Token *x = TOK(P);
        if (x->kind == T_ENDMARKER) P->err->incomplete = true;
        if (n->l4.len == 0) error_tok(P, x, "expected 'except' or 'finally' block");
    }
    return n;
}

/* ---- the match statement ---------------------------------------------- */

static void compound_end(Node *n);
#define IS_COMPLEX_CONST(n) ((n)->kind == E_CONST && IS_COMPLEX((n)->v))

/* `match` is a soft keyword: a statement starting with the name `match`
 * is a match statement when its line (at bracket depth 0) ends with ':'. */
static bool at_match_stmt(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind != T_NAME || t->op != K_NONE || t->len != 5 || memcmp(t->s, "match", 5) != 0) return false;
    Token *n = peek(P, 1);
    if (n->kind == T_NEWLINE || n->kind == T_ENDMARKER) return false;
    if (n->kind == T_OP && (n->op == O_EQ || n->op == O_DOT || n->op == O_COLON || n->op == O_COMMA ||
                            n->op == O_RPAR || (n->op >= O_PLUSEQ && n->op <= O_ATEQ)))
        return false;
    int depth = 0;
    for (int k = 1;; k++) {
        Token *x = peek(P, k);
        if (x->kind == T_ENDMARKER || (x->kind == T_NEWLINE && depth == 0))
            return k > 2 && peek(P, k - 1)->kind == T_OP && peek(P, k - 1)->op == O_COLON;
        if (x->kind == T_OP) {
            if (x->op == O_LPAR || x->op == O_LSQB || x->op == O_LBRACE) depth++;
            else if ((x->op == O_RPAR || x->op == O_RSQB || x->op == O_RBRACE) && --depth < 0) return false;
        }
    }
}

static bool is_name(Token *t, const char *s)
{
    return t->kind == T_NAME && t->op == K_NONE && (size_t)t->len == strlen(s) && memcmp(t->s, s, (size_t)t->len) == 0;
}

static Node *as_pattern(Parser *P);

static Node *capture_target(Parser *P)
{
    Token *t = TOK(P);
    if (is_name(t, "_")) error_tok(P, t, "cannot use '_' as a target");
    Node *n = new_node(P, E_NAME, expect_name(P));
    n->name = tok_str(P, t);
    return fin(P, n);
}

static Node *star_pattern(Parser *P)
{
    Token *t = advance(P); /* '*' */
    Node *s = new_node(P, P_STAR, t);
    Token *nt = TOK(P);
    if (is_name(nt, "_")) advance(P);
    else s->name = tok_str(P, expect_name(P));
    return fin(P, s);
}

static Node *maybe_star_pattern(Parser *P)
{
    return is_op(P, O_STAR) ? star_pattern(P) : as_pattern(P);
}

/* Patterns up to `closer`, after the opening bracket: into seq->l1. */
static void pattern_items(Parser *P, Node *seq, int closer)
{
    while (!is_op(P, closer)) {
        push(P, &seq->l1, maybe_star_pattern(P));
        if (!accept_op(P, O_COMMA)) break;
    }
    expect_op(P, closer, NULL);
}

/* A signed number, a string (no f-string) or a dotted name: the value of a
 * value pattern or of a mapping pattern's key. */
static Node *literal_or_value(Parser *P, bool *is_name_only)
{
    Token *t = TOK(P);
    *is_name_only = false;
    if (t->kind == T_STRING) {
        Node *e = strings(P);
        if (e->kind == E_JOINEDSTR) error_node(P, e, "patterns may only match literals and attribute lookups");
        return e;
    }
    if (t->kind == T_NUMBER || (t->kind == T_OP && t->op == O_MINUS)) {
        Node *e;
        if (accept_op(P, O_MINUS)) {
            if (TOK(P)->kind != T_NUMBER) invalid(P);
            e = new_node(P, E_UNARY, t);
            e->op = UN_NEG;
            e->a = number(P);
            fin(P, e);
        } else {
            e = number(P);
        }
        if (is_op(P, O_PLUS) || is_op(P, O_MINUS)) {
            Token *op = advance(P);
            if (TOK(P)->kind != T_NUMBER) invalid(P);
            Node *r = number(P);
            if (!IS_COMPLEX_CONST(r)) error_node(P, r, "imaginary number required in complex literal");
            Node *b = node_at(P, E_BINOP, e);
            b->op = op->op == O_PLUS ? NB_ADD : NB_SUB;
            b->a = e;
            b->b = r;
            e = fin(P, b);
        }
        return e;
    }
    if (t->kind == T_NAME && t->op == K_NONE) {
        Node *e = fin(P, new_node(P, E_NAME, advance(P)));
        e->name = tok_str(P, t);
        *is_name_only = true;
        while (accept_op(P, O_DOT)) {
            Token *nt = expect_name(P);
            Node *a = node_at(P, E_ATTR, e);
            a->a = e;
            a->name = tok_str(P, nt);
            e = fin(P, a);
            *is_name_only = false;
        }
        return e;
    }
    invalid(P);
}

static Node *singleton_pattern(Parser *P)
{
    Token *t = advance(P);
    Node *n = new_node(P, P_SINGLETON, t);
    n->v = t->op == K_None ? NONE : t->op == K_True ? TRUE_V : FALSE_V;
    return fin(P, n);
}

static Node *mapping_pattern(Parser *P)
{
    Token *t = advance(P); /* '{' */
    Node *m = new_node(P, P_MAPPING, t);
    while (!is_op(P, O_RBRACE)) {
        if (accept_op(P, O_DSTAR)) {
            if (is_name(TOK(P), "_")) invalid(P);
            m->name = capture_target(P)->name;
            accept_op(P, O_COMMA);
            if (!is_op(P, O_RBRACE)) invalid(P);
            break;
        }
        Token *kt = TOK(P);
        Node *key;
        if (kt->kind == T_NAME && (kt->op == K_None || kt->op == K_True || kt->op == K_False)) {
            key = singleton_pattern(P);
        } else {
            bool plain;
            Node *v = literal_or_value(P, &plain);
            if (plain) invalid(P);
            key = node_at(P, P_VALUE, v);
            key->a = v;
            key->end_line = v->end_line;
            key->end_col = v->end_col;
        }
        expect_op(P, O_COLON, NULL);
        push(P, &m->l1, key);
        push(P, &m->l2, as_pattern(P));
        if (!accept_op(P, O_COMMA)) break;
    }
    expect_op(P, O_RBRACE, NULL);
    return fin(P, m);
}

static Node *class_pattern(Parser *P, Node *cls)
{
    advance(P); /* '(' */
    Node *c = node_at(P, P_CLASS, cls);
    c->a = cls;
    while (!is_op(P, O_RPAR)) {
        Token *t = TOK(P);
        if (t->kind == T_NAME && t->op == K_NONE && peek(P, 1)->kind == T_OP && peek(P, 1)->op == O_EQ) {
            advance(P);
            advance(P);
            Node *k = new_node(P, P_KEYWORD, t);
            k->name = tok_str(P, t);
            k->a = as_pattern(P);
            push(P, &c->l2, fin(P, k));
        } else {
            Node *p = as_pattern(P);
            if (c->l2.len) error_node(P, p, "positional patterns follow keyword patterns");
            push(P, &c->l1, p);
        }
        if (!accept_op(P, O_COMMA)) break;
    }
    expect_op(P, O_RPAR, NULL);
    return fin(P, c);
}

static Node *closed_pattern(Parser *P)
{
    Token *t = TOK(P);
    if (t->kind == T_NAME && (t->op == K_None || t->op == K_True || t->op == K_False)) return singleton_pattern(P);
    if (t->kind == T_NAME && t->op == K_NONE) {
        Token *n = peek(P, 1);
        bool more = n->kind == T_OP && (n->op == O_DOT || n->op == O_LPAR);
        if (!more) {
            advance(P);
            Node *a = new_node(P, P_AS, t);
            if (!is_name(t, "_")) a->name = tok_str(P, t);
            return fin(P, a);
        }
        bool plain;
        Node *v = literal_or_value(P, &plain);
        if (is_op(P, O_LPAR)) return class_pattern(P, v);
        Node *p = node_at(P, P_VALUE, v);
        p->a = v;
        return fin(P, p);
    }
    if (t->kind == T_STRING || t->kind == T_NUMBER || (t->kind == T_OP && t->op == O_MINUS)) {
        bool plain;
        Node *v = literal_or_value(P, &plain);
        Node *p = node_at(P, P_VALUE, v);
        p->a = v;
        return fin(P, p);
    }
    if (t->kind == T_OP && t->op == O_LPAR) {
        advance(P);
        if (accept_op(P, O_RPAR)) return fin(P, new_node(P, P_SEQUENCE, t));
        Node *first = maybe_star_pattern(P);
        if (accept_op(P, O_RPAR) && first->kind != P_STAR) {
            first->gline = t->line; /* a group: (p) is p */
            first->gcol = t->col;
            return first;
        }
        Node *seq = new_node(P, P_SEQUENCE, t);
        push(P, &seq->l1, first);
        if (P->toks[P->pos - 1].kind == T_OP && P->toks[P->pos - 1].op == O_RPAR) return fin(P, seq); /* (*x) */
        if (!accept_op(P, O_COMMA)) invalid(P);
        pattern_items(P, seq, O_RPAR);
        return fin(P, seq);
    }
    if (t->kind == T_OP && t->op == O_LSQB) {
        advance(P);
        Node *seq = new_node(P, P_SEQUENCE, t);
        pattern_items(P, seq, O_RSQB);
        return fin(P, seq);
    }
    if (t->kind == T_OP && t->op == O_LBRACE) return mapping_pattern(P);
    invalid(P);
}

static Node *or_pattern(Parser *P)
{
    Node *p = closed_pattern(P);
    if (!is_op(P, O_VBAR)) return p;
    Node *o = node_at(P, P_OR, p);
    push(P, &o->l1, p);
    while (accept_op(P, O_VBAR)) push(P, &o->l1, closed_pattern(P));
    return fin(P, o);
}

static Node *as_pattern(Parser *P)
{
    enter(P);
    Node *p = or_pattern(P);
    if (accept_kw(P, K_as)) {
        Node *target = capture_target(P);
        Node *a = node_at(P, P_AS, p);
        a->a = p;
        a->name = target->name;
        p = fin(P, a);
    }
    LEAVE(P);
    return p;
}

/* A case's patterns: `case a, *b:` is a sequence pattern. */
static Node *case_patterns(Parser *P)
{
    Token *t = TOK(P);
    Node *p = maybe_star_pattern(P);
    if (!is_op(P, O_COMMA)) {
        if (p->kind == P_STAR) invalid(P);
        return p;
    }
    Node *seq = new_node(P, P_SEQUENCE, t);
    push(P, &seq->l1, p);
    while (accept_op(P, O_COMMA)) {
        if (is_op(P, O_COLON) || is_kw(P, K_if)) break;
        push(P, &seq->l1, maybe_star_pattern(P));
    }
    return fin(P, seq);
}

static Node *match_stmt(Parser *P)
{
    Token *t = advance(P); /* 'match' */
    Node *n = stmt_node(P, S_MATCH, t);
    n->a = star_expressions(P);
    expect_colon(P);
    if (TOK(P)->kind != T_NEWLINE) invalid(P);
    advance(P);
    Token *it = TOK(P);
    if (it->kind != T_INDENT) {
        if (it->kind == T_ENDMARKER) P->err->incomplete = true;
        cerr_raise(P->err, exc_IndentationError, it->line, it->col,
                   "expected an indented block after 'match' statement on line %d", t->line);
    }
    advance(P);
    for (;;) {
        while (TOK(P)->kind == T_NEWLINE) advance(P); /* the lexer's NEWLINEs between DEDENTs at the end */
        if (TOK(P)->kind == T_DEDENT || TOK(P)->kind == T_ENDMARKER) break;
        Token *ct = TOK(P);
        if (!is_name(ct, "case")) invalid(P);
        advance(P);
        Node *c = new_node(P, N_CASE, ct);
        c->a = case_patterns(P);
        if (accept_kw(P, K_if)) c->b = named_expression(P);
        if (!is_op(P, O_COLON) && TOK(P)->kind != T_NEWLINE) invalid(P);
        expect_colon(P);
        block(P, &c->l1, "'case' statement", ct->line);
        compound_end(c);
        push(P, &n->l1, c);
    }
    advance(P);
    return n;
}

static Node *for_stmt(Parser *P)
{
    Token *t = advance(P); /* 'for' */
    Node *n = stmt_node(P, S_FOR, t);
    n->a = target_list(P);
    if (!accept_kw(P, K_in)) invalid(P);
    n->b = star_expressions(P);
    expect_colon(P);
    block(P, &n->l1, "'for' statement", t->line);
    else_block(P, &n->l2);
    return n;
}

/* A compound statement ends where the last statement of its last block
 * ends (CPython's end_lineno / end_col_offset). */
static void compound_end(Node *n)
{
    NodeList *ls[4] = {&n->l1, &n->l2, &n->l3, &n->l4};
    for (int k = 0; k < 4; k++) {
        if (!ls[k]->len) continue;
        Node *last = ls[k]->items[ls[k]->len - 1];
        if (!last) continue;
        if (last->kind == N_HANDLER) {
            for (int i = 0; i < ls[k]->len; i++) compound_end(ls[k]->items[i]);
        } else if (last->kind == S_IF && n->kind == S_IF && k == 1) {
            compound_end(last); /* elif */
        }
        if (last->end_line > n->end_line || (last->end_line == n->end_line && last->end_col > n->end_col)) {
            n->end_line = last->end_line;
            n->end_col = last->end_col;
        }
    }
}

static void statement(Parser *P, NodeList *out)
{
    int first = out->len;
    statement1(P, out);
    for (int i = first; i < out->len; i++) {
        Node *n = out->items[i];
        int k = n->kind;
        if (k == S_IF || k == S_WHILE || k == S_FOR || k == S_TRY || k == S_WITH || k == S_FUNCDEF || k == S_CLASSDEF ||
            k == S_MATCH)
            compound_end(n);
    }
}

static void statement1(Parser *P, NodeList *out)
{
    Token *t = TOK(P);
    enter(P);
    if (t->kind == T_INDENT) cerr_raise(P->err, exc_IndentationError, t->line, t->col, "unexpected indent");
    if (at_match_stmt(P)) {
        push(P, out, match_stmt(P));
        LEAVE(P);
        return;
    }
    if (t->kind == T_NAME) {
        switch (t->op) {
        case K_if:
            advance(P);
            push(P, out, if_stmt(P, t, "'if' statement"));
            LEAVE(P);
            return;
        case K_while: {
            advance(P);
            Node *n = stmt_node(P, S_WHILE, t);
            n->a = P->last_test = named_expression(P);
            expect_colon(P);
            P->last_test = NULL;
            block(P, &n->l1, "'while' statement", t->line);
            else_block(P, &n->l2);
            push(P, out, n);
            LEAVE(P);
            return;
        }
        case K_async: {
            /* async def / for / with: the statement starts at `async` */
            Token *n1 = peek(P, 1);
            Node *n = NULL;
            if (n1->kind == T_NAME && n1->op == K_def) {
                advance(P);
                n = funcdef(P, NULL);
            } else if (n1->kind == T_NAME && (n1->op == K_for || n1->op == K_with)) {
                advance(P);
                n = n1->op == K_for ? for_stmt(P) : with_stmt(P);
            } else {
                advance(P);
                invalid(P);
            }
            n->op = 1;
            n->line = t->line;
            n->col = t->col;
            push(P, out, n);
            LEAVE(P);
            return;
        }
        case K_for: {
            push(P, out, for_stmt(P));
            LEAVE(P);
            return;
        }
        case K_try: push(P, out, try_stmt(P)); LEAVE(P); return;
        case K_with: push(P, out, with_stmt(P)); LEAVE(P); return;
        case K_def: push(P, out, funcdef(P, NULL)); LEAVE(P); return;
        case K_class: push(P, out, classdef(P, NULL)); LEAVE(P); return;
        case K_else: case K_elif: case K_except: case K_finally: invalid(P);
        }
    }
    if (t->kind == T_OP && t->op == O_AT) {
        NodeList decos = {0};
        while (accept_op(P, O_AT)) {
            push(P, &decos, named_expression(P));
            if (TOK(P)->kind != T_NEWLINE) invalid(P);
            advance(P);
        }
        if (is_kw(P, K_def)) push(P, out, funcdef(P, &decos));
        else if (is_kw(P, K_class)) push(P, out, classdef(P, &decos));
        else if (is_kw(P, K_async) && peek(P, 1)->kind == T_NAME && peek(P, 1)->op == K_def) {
            Token *at = advance(P);
            Node *n = funcdef(P, &decos);
            n->op = 1;
            n->line = at->line;
            n->col = at->col;
            push(P, out, n);
        }
        else invalid(P);
        LEAVE(P);
        return;
    }
    if (t->kind == T_DEDENT || t->kind == T_ERROR) invalid(P);
    if (t->kind == T_NEWLINE) { advance(P); LEAVE(P); return; }
    simple_stmts(P, out);
    LEAVE(P);
}

void parse_source(CompileErr *err, const char *src, size_t len, int mode, NodeList *body, Node **expr)
{
    Parser P;
    memset(&P, 0, sizeof P);
    P.err = err;
    P.arena = &err->arena;
    P.mode = mode;
    lexer_init(&P.lx, err, src, len, 1, 0, false);
    if (mode == COMPILE_EVAL) {
        while (TOK(&P)->kind == T_NEWLINE) advance(&P);
        if (TOK(&P)->kind == T_INDENT) error_tok(&P, TOK(&P), "unexpected indent");
        Node *e = is_kw(&P, K_yield) ? yield_expr(&P) : star_expressions(&P);
        while (TOK(&P)->kind == T_NEWLINE) advance(&P);
        if (TOK(&P)->kind != T_ENDMARKER) {
            if (starts_expr(&P)) forgot_comma(&P, e);
            invalid(&P);
        }
        *expr = e;
        return;
    }
    while (TOK(&P)->kind != T_ENDMARKER) statement(&P, body);
}
