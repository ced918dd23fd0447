/* lexer.c — source text to tokens, one at a time, plus the front end's
 * arena and error helper.
 *
 * Indentation is turned into INDENT/DEDENT tokens with CPython's rules
 * (tabs to multiples of 8, and a second count with tabs of width 1 to catch
 * inconsistent tab/space mixes: TabError).  Newlines inside brackets are
 * ignored.  Strings are only delimited here; the parser decodes escapes and
 * f-strings, because it knows the prefix and may need to build nodes.
 * The error messages are CPython 3.11's tokenizer messages.
 */
#include <stdarg.h>

#include "lexer.h"
#include "unicode.h"
#include "vm.h"

/* ---- Arena ------------------------------------------------------------ */

struct ArenaBlock { ArenaBlock *next; size_t used, cap; max_align_t data[]; };

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 60000 ? n : 60000;
        b = malloc(sizeof(ArenaBlock) + cap);
        if (!b) return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void arena_free(Arena *a)
{
    while (a->head) {
        ArenaBlock *n = a->head->next;
        free(a->head);
        a->head = n;
    }
}

void nodelist_push(Arena *a, NodeList *l, Node *n)
{
    if (l->len == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        Node **items = arena_alloc(a, sizeof(Node *) * (size_t)cap);
        if (!items) return; /* caller's arena checks catch OOM elsewhere */
        if (l->len) memcpy(items, l->items, sizeof(Node *) * (size_t)l->len);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = n;
}

void cerr_set_end(CompileErr *e, int end_line, int end_col)
{
    if (!e->set) {
        e->end_line = end_line;
        e->end_col = end_col;
    }
}

void cerr_raise(CompileErr *e, Type *t, int line, int col, const char *fmt, ...)
{
    if (!e->set) {
        va_list ap;
        char small[8];
        va_start(ap, fmt);
        int n = vsnprintf(small, sizeof small, fmt, ap);
        va_end(ap);
        if (n < 0) n = 0;
        e->msg = arena_alloc(&e->arena, (size_t)n + 1);
        if (e->msg) {
            va_start(ap, fmt);
            vsnprintf(e->msg, (size_t)n + 1, fmt, ap);
            va_end(ap);
        }
        e->type = t;
        e->line = line;
        e->col = col;
        e->set = true;
    }
    longjmp(e->jb, 1);
}

/* ---- UTF-8 ------------------------------------------------------------ */

uint32_t lex_utf8(const char *p, const char *end, int *n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    if (avail == 0) { *n = 0; return 0; }
    if (s[0] < 0x80) { *n = 1; return s[0]; }
    int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
    if (len == 1 || (size_t)len > avail) { *n = 1; return 0xFFFD; }
    uint32_t cp = s[0] & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) { *n = 1; return 0xFFFD; }
        cp = cp << 6 | (s[i] & 0x3f);
    }
    *n = len;
    return cp;
}

int lex_utf8_put(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xc0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* ---- Keywords --------------------------------------------------------- */

static const char *const kwnames[] = {
    "", "False", "None", "True", "and", "as", "assert", "async", "await",
    "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
};

const char *lexer_kwname(int kw) { return kwnames[kw]; }

static int keyword(const char *s, int len)
{
    if (len < 2 || len > 8) return 0;
    for (int i = 1; i < (int)(sizeof kwnames / sizeof *kwnames); i++)
        if ((int)strlen(kwnames[i]) == len && memcmp(kwnames[i], s, (size_t)len) == 0) return i;
    return 0;
}

/* ---- The lexer -------------------------------------------------------- */

void lexer_init(Lexer *lx, CompileErr *err, const char *src, size_t len, int line, int col, bool sub)
{
    memset(lx, 0, sizeof *lx);
    lx->err = err;
    lx->src = lx->p = src;
    lx->end = src + len;
    lx->line = line;
    lx->line_start = src - col;
    lx->at_bol = !sub;
    lx->emitted_nl = true;
    lx->sub = sub;
}

#define COL(lx, ptr) ((int)((ptr) - (lx)->line_start))

NORETURN static void lex_error(Lexer *lx, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void lex_error(Lexer *lx, const char *at, const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cerr_raise(lx->err, exc_SyntaxError, lx->line, COL(lx, at), "%s", buf);
}

static bool is_id_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
static bool is_id_char(unsigned char c) { return is_id_start(c) || (c >= '0' && c <= '9'); }

static bool nonprintable(uint32_t cp) { return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp == 0xad; }

NORETURN static void bad_char(Lexer *lx, const char *at, uint32_t cp)
{
    if (nonprintable(cp))
        cerr_raise(lx->err, exc_SyntaxError, lx->line, COL(lx, at), "invalid non-printable character U+%04X", cp);
    char u[5] = {0};
    lex_utf8_put(cp, u);
    cerr_raise(lx->err, exc_SyntaxError, lx->line, COL(lx, at), "invalid character '%s' (U+%04X)", u, cp);
}

static void newline(Lexer *lx, const char *after)
{
    lx->line++;
    lx->line_start = after;
}

static void start_tok(Lexer *lx, Token *t, int kind, const char *s)
{
    t->kind = (uint8_t)kind;
    t->op = 0;
    t->s = s;
    t->line = lx->line;
    t->col = COL(lx, s);
}

static void end_tok(Lexer *lx, Token *t)
{
    t->len = (int)(lx->p - t->s);
    t->end_line = lx->line;
    t->end_col = COL(lx, lx->p);
    lx->emitted_nl = t->kind == T_NEWLINE;
}

/* Measure the indentation of a new logical line; set pending INDENT/DEDENTs.
 * Returns false for blank/comment-only lines (which do not count). */
static bool indentation(Lexer *lx)
{
    int col = 0, alt = 0;
    const char *p = lx->p;
    for (; p < lx->end; p++) {
        if (*p == ' ') col++, alt++;
        else if (*p == '\t') col = (col / 8 + 1) * 8, alt++;
        else if (*p == '\f') col = alt = 0;
        else break;
    }
    lx->p = p;
    if (p >= lx->end || *p == '#' || *p == '\n' || (*p == '\\' && p + 1 < lx->end && p[1] == '\n'))
        return false;
    int top = lx->indent[lx->nindent], alttop = lx->altindent[lx->nindent];
    if (col == top) {
        if (alt != alttop) goto tab_error;
    } else if (col > top) {
        if (lx->nindent >= LEX_MAXINDENT)
            cerr_raise(lx->err, exc_IndentationError, lx->line, COL(lx, p), "too many levels of indentation");
        if (alt <= alttop) goto tab_error;
        lx->nindent++;
        lx->indent[lx->nindent] = col;
        lx->altindent[lx->nindent] = alt;
        lx->pending = 1;
    } else {
        while (lx->nindent > 0 && col < lx->indent[lx->nindent]) {
            lx->nindent--;
            lx->pending--;
        }
        const char *eol = p;
        while (eol < lx->end && *eol != '\n') eol++;
        if (col != lx->indent[lx->nindent])
            cerr_raise(lx->err, exc_IndentationError, lx->line, COL(lx, eol),
                       "unindent does not match any outer indentation level");
        if (alt != lx->altindent[lx->nindent]) goto tab_error;
    }
    return true;
tab_error:
    cerr_raise(lx->err, exc_TabError, lx->line, COL(lx, p), "inconsistent use of tabs and spaces in indentation");
}

static void lex_string(Lexer *lx, Token *t, const char *start)
{
    /* lx->p at the opening quote */
    char q = *lx->p;
    int sline = lx->line;
    const char *sls = lx->line_start;
    bool triple = lx->end - lx->p >= 3 && lx->p[1] == q && lx->p[2] == q;
    lx->p += triple ? 3 : 1;
    for (;;) {
        if (lx->p >= lx->end) {
            if (triple) lx->err->incomplete = true;
            cerr_raise(lx->err, exc_SyntaxError, sline, (int)(start - sls),
                       triple ? "unterminated triple-quoted string literal (detected at line %d)"
                              : "unterminated string literal (detected at line %d)",
                       lx->line + lx->line_offset);
        }
        char c = *lx->p;
        if (c == '\\') {
            if (lx->p + 1 < lx->end) {
                if (lx->p[1] == '\n') newline(lx, lx->p + 2);
                lx->p += 2;
            } else {
                lx->p++;
            }
            continue;
        }
        if (c == '\n') {
            if (!triple)
                cerr_raise(lx->err, exc_SyntaxError, sline, (int)(start - sls),
                           "unterminated string literal (detected at line %d)", lx->line + lx->line_offset);
            lx->p++;
            newline(lx, lx->p);
            continue;
        }
        if (c == q) {
            if (!triple) { lx->p++; break; }
            if (lx->end - lx->p >= 3 && lx->p[1] == q && lx->p[2] == q) { lx->p += 3; break; }
        }
        lx->p++;
    }
    t->kind = T_STRING;
    t->s = start;
    t->line = sline;
    t->col = (int)(start - sls);
    end_tok(lx, t);
}

static bool isdig(char c) { return c >= '0' && c <= '9'; }

/* Digits of a base with single underscores between them. */
static void digits(Lexer *lx, int base, const char *kind)
{
    const char *p = lx->p;
    for (;;) {
        char c = p < lx->end ? *p : 0;
        int d = isdig(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
        if (d < base) { p++; continue; }
        if (c == '_' && p + 1 < lx->end) {
            char n = p[1];
            int dn = isdig(n) ? n - '0' : (n >= 'a' && n <= 'f') ? n - 'a' + 10 : (n >= 'A' && n <= 'F') ? n - 'A' + 10 : 99;
            if (dn < base) { p++; continue; }
            lx->p = p + 1;
            lex_error(lx, p + 1, "invalid %s literal", kind);
        }
        if (d < 10 && base < 10) {
            lx->p = p;
            lex_error(lx, p, "invalid digit '%c' in %s literal", c, kind);
        }
        break;
    }
    lx->p = p;
}

/* After a number: a letter directly following is an error, except the
 * start of a keyword that may legally follow (1if x else y). */
static void end_of_number(Lexer *lx, const char *kind, const char *start)
{
    if (lx->p >= lx->end || !is_id_char((unsigned char)*lx->p)) return;
    static const char *const ok[] = {"and", "else", "for", "if", "in", "is", "not", "or", NULL};
    for (int i = 0; ok[i]; i++) {
        size_t n = strlen(ok[i]);
        if ((size_t)(lx->end - lx->p) >= n && memcmp(lx->p, ok[i], n) == 0) return;
    }
    lex_error(lx, start, "invalid %s literal", kind);
}

static void lex_number(Lexer *lx, Token *t)
{
    const char *s = lx->p;
    start_tok(lx, t, T_NUMBER, s);
    if (*s == '0' && lx->p + 1 < lx->end && strchr("xXoObB", lx->p[1]) && lx->p[1]) {
        char k = (char)(lx->p[1] | 0x20);
        int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
        const char *kind = k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary";
        lx->p += 2;
        if (lx->p < lx->end && *lx->p == '_') lx->p++;
        const char *d0 = lx->p;
        digits(lx, base, kind);
        if (lx->p == d0) lex_error(lx, lx->p, "invalid %s literal", kind);
        if (base != 16 && lx->p < lx->end && isdig(*lx->p))
            lex_error(lx, lx->p, "invalid digit '%c' in %s literal", *lx->p, kind);
        end_of_number(lx, kind, s);
        end_tok(lx, t);
        return;
    }
    bool isfloat = false;
    if (*s != '.') {
        digits(lx, 10, "decimal");
        /* leading zeros: 0777 is an error, 000 and 0.5 are fine */
        if (*s == '0') {
            const char *q = s;
            while (q < lx->p && (*q == '0' || *q == '_')) q++;
            if (q < lx->p && (lx->p >= lx->end || (*lx->p != '.' && (*lx->p | 0x20) != 'e' && (*lx->p | 0x20) != 'j')))
                cerr_raise(lx->err, exc_SyntaxError, lx->line, COL(lx, s),
                           "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
        }
    }
    if (lx->p < lx->end && *lx->p == '.') {
        isfloat = true;
        lx->p++;
        if (lx->p < lx->end && isdig(*lx->p)) digits(lx, 10, "decimal");
    }
    if (lx->p < lx->end && (*lx->p | 0x20) == 'e') {
        const char *e = lx->p;
        lx->p++;
        if (lx->p < lx->end && (*lx->p == '+' || *lx->p == '-')) lx->p++;
        if (lx->p >= lx->end || !isdig(*lx->p)) {
            /* not an exponent: 1else is 1 followed by the keyword */
            lx->p = e;
            end_of_number(lx, "decimal", s);
            end_tok(lx, t);
            return;
        }
        digits(lx, 10, "decimal");
        isfloat = true;
    }
    if (lx->p < lx->end && (*lx->p | 0x20) == 'j') lx->p++; /* imaginary */
    (void)isfloat;
    end_of_number(lx, "decimal", s);
    end_tok(lx, t);
}

static int op3(const char *p, const char *end, int *len)
{
    char a = p[0], b = p + 1 < end ? p[1] : 0, c = p + 2 < end ? p[2] : 0;
    *len = 3;
    if (a == '*' && b == '*' && c == '=') return O_DSTAREQ;
    if (a == '/' && b == '/' && c == '=') return O_DSLASHEQ;
    if (a == '<' && b == '<' && c == '=') return O_LSHIFTEQ;
    if (a == '>' && b == '>' && c == '=') return O_RSHIFTEQ;
    if (a == '.' && b == '.' && c == '.') return O_ELLIPSIS;
    *len = 2;
    switch (a) {
    case '*': if (b == '*') return O_DSTAR; if (b == '=') return O_STAREQ; break;
    case '/': if (b == '/') return O_DSLASH; if (b == '=') return O_SLASHEQ; break;
    case '<': if (b == '<') return O_LSHIFT; if (b == '=') return O_LE; if (b == '>') return O_NONE; break;
    case '>': if (b == '>') return O_RSHIFT; if (b == '=') return O_GE; break;
    case '=': if (b == '=') return O_EQEQ; break;
    case '!': if (b == '=') return O_NE; break;
    case '-': if (b == '>') return O_ARROW; if (b == '=') return O_MINUSEQ; break;
    case '+': if (b == '=') return O_PLUSEQ; break;
    case '%': if (b == '=') return O_PERCENTEQ; break;
    case '&': if (b == '=') return O_AMPEQ; break;
    case '|': if (b == '=') return O_VBAREQ; break;
    case '^': if (b == '=') return O_CIRCEQ; break;
    case '@': if (b == '=') return O_ATEQ; break;
    case ':': if (b == '=') return O_WALRUS; break;
    }
    *len = 1;
    switch (a) {
    case '(': return O_LPAR; case ')': return O_RPAR; case '[': return O_LSQB;
    case ']': return O_RSQB; case '{': return O_LBRACE; case '}': return O_RBRACE;
    case ':': return O_COLON; case ',': return O_COMMA; case ';': return O_SEMI;
    case '+': return O_PLUS; case '-': return O_MINUS; case '*': return O_STAR;
    case '/': return O_SLASH; case '%': return O_PERCENT; case '&': return O_AMP;
    case '|': return O_VBAR; case '^': return O_CIRC; case '~': return O_TILDE;
    case '<': return O_LT; case '>': return O_GT; case '.': return O_DOT;
    case '=': return O_EQ; case '@': return O_AT; case '!': return O_BANG;
    }
    return O_NONE;
}

static const char *close_of(char c) { return c == '(' ? ")" : c == '[' ? "]" : "}"; }

void lexer_next(Lexer *lx, Token *t)
{
    memset(t, 0, sizeof *t);
    for (;;) {
        if (lx->pending > 0) {
            lx->pending--;
            start_tok(lx, t, T_INDENT, lx->p);
            end_tok(lx, t);
            t->col = 0;
            return;
        }
        if (lx->pending < 0) {
            lx->pending++;
            start_tok(lx, t, T_DEDENT, lx->p);
            end_tok(lx, t);
            return;
        }
        if (lx->at_bol) {
            lx->at_bol = false;
            if (lx->nparen == 0 && !indentation(lx)) {
                /* blank line: skip to its end (a backslash ends a comment
                 * line like any other character) */
                bool comment = lx->p < lx->end && *lx->p == '#';
                while (lx->p < lx->end && *lx->p != '\n') {
                    if (!comment && *lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] == '\n') break;
                    lx->p++;
                }
                if (lx->p < lx->end && *lx->p == '\\') {
                    lx->p += 2;
                    newline(lx, lx->p);
                    lx->at_bol = false;
                    continue;
                }
                if (lx->p < lx->end) {
                    lx->p++;
                    newline(lx, lx->p);
                    lx->at_bol = true;
                    continue;
                }
            }
            if (lx->pending) continue;
        }
        /* whitespace, comments, continuations */
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\f')) lx->p++;
        if (lx->p < lx->end && *lx->p == '#')
            while (lx->p < lx->end && *lx->p != '\n') lx->p++;
        if (lx->p >= lx->end) {
            if (lx->sub) {
                start_tok(lx, t, T_ENDMARKER, lx->p);
                end_tok(lx, t);
                return;
            }
            if (lx->nparen > 0) {
                int i = lx->nparen - 1;
                lx->err->incomplete = true;
                cerr_raise(lx->err, exc_SyntaxError, lx->paren_line[i], lx->paren_col[i], "'%c' was never closed",
                           lx->paren[i]);
            }
            if (!lx->emitted_nl) {
                start_tok(lx, t, T_NEWLINE, lx->p);
                end_tok(lx, t);
                t->len = 0;
                return;
            }
            if (lx->nindent > 0) {
                lx->nindent--;
                start_tok(lx, t, T_DEDENT, lx->p);
                end_tok(lx, t);
                return;
            }
            start_tok(lx, t, T_ENDMARKER, lx->p);
            end_tok(lx, t);
            lx->done = true;
            return;
        }
        char c = *lx->p;
        if (c == '\\') {
            const char *b = lx->p;
            if (b + 1 >= lx->end) {
                lx->err->incomplete = true;
                lex_error(lx, b + 1, "unexpected EOF while parsing");
            }
            if (b[1] != '\n') lex_error(lx, b + 1, "unexpected character after line continuation character");
            lx->p += 2;
            newline(lx, lx->p);
            if (lx->p >= lx->end && !lx->sub) {
                lx->err->incomplete = true;
                lex_error(lx, lx->p, "unexpected EOF while parsing");
            }
            continue;
        }
        if (c == '\n') {
            const char *nl = lx->p;
            lx->p++;
            if (lx->nparen > 0 || lx->sub) {
                newline(lx, lx->p);
                continue;
            }
            start_tok(lx, t, T_NEWLINE, nl);
            end_tok(lx, t);
            newline(lx, lx->p);
            lx->at_bol = true;
            return;
        }
        break;
    }
    const char *s = lx->p;
    unsigned char c = (unsigned char)*s;
    if (is_id_start(c)) {
        start_tok(lx, t, T_NAME, s);
        while (lx->p < lx->end && is_id_char((unsigned char)*lx->p)) {
            if ((unsigned char)*lx->p >= 0x80) {
                int n;
                uint32_t cp = lex_utf8(lx->p, lx->end, &n);
                if (!(lx->p == s ? unicode_isxidstart(cp) : unicode_isxidcontinue(cp))) {
                    if (lx->p == s) bad_char(lx, lx->p, cp);
                    break;
                }
                lx->p += n;
            } else {
                lx->p++;
            }
        }
        int len = (int)(lx->p - s);
        if (len <= 2 && lx->p < lx->end && (*lx->p == '\'' || *lx->p == '"')) {
            char a = (char)(s[0] | 0x20), b = len == 2 ? (char)(s[1] | 0x20) : 0;
            bool ok = len == 1 ? (a == 'r' || a == 'u' || a == 'b' || a == 'f')
                               : ((a == 'r' && (b == 'b' || b == 'f')) || (b == 'r' && (a == 'b' || a == 'f')));
            if (ok) {
                lex_string(lx, t, s);
                return;
            }
        }
        t->op = (uint8_t)keyword(s, len);
        end_tok(lx, t);
        return;
    }
    if (isdig((char)c) || (c == '.' && lx->p + 1 < lx->end && isdig(lx->p[1]))) {
        lex_number(lx, t);
        return;
    }
    if (c == '\'' || c == '"') {
        lex_string(lx, t, s);
        return;
    }
    if (c >= 0x80 || c < 0x20 || c == 0x7f) {
        int n;
        uint32_t cp = lex_utf8(s, lx->end, &n);
        bad_char(lx, s, cp);
    }
    int len;
    int op = op3(s, lx->end, &len);
    start_tok(lx, t, T_OP, s);
    lx->p += len;
    if (op == O_NONE) {
        t->kind = T_ERROR;
        end_tok(lx, t);
        return;
    }
    t->op = (uint8_t)op;
    if (op == O_LPAR || op == O_LSQB || op == O_LBRACE) {
        if (lx->nparen >= LEX_MAXPAREN) lex_error(lx, s, "too many nested parentheses");
        lx->paren[lx->nparen] = (char)c;
        lx->paren_line[lx->nparen] = lx->line;
        lx->paren_col[lx->nparen] = COL(lx, s);
        lx->nparen++;
    } else if (op == O_RPAR || op == O_RSQB || op == O_RBRACE) {
        if (lx->nparen == 0) lex_error(lx, s, "unmatched '%c'", c);
        char open = lx->paren[lx->nparen - 1];
        if (*close_of(open) != (char)c) {
            if (lx->paren_line[lx->nparen - 1] != lx->line)
                lex_error(lx, s, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, open,
                          lx->paren_line[lx->nparen - 1] + lx->line_offset);
            lex_error(lx, s, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
        }
        lx->nparen--;
    }
    end_tok(lx, t);
}
