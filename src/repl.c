/* repl.c — the interactive read-eval-print loop.
 *
 * Lines are read with libedit's callback interface under our own select(),
 * so that Ctrl-C (SIGINT) interrupts the wait: the line is dropped,
 * "KeyboardInterrupt" printed, and a fresh prompt shown, as in CPython.
 * Input accumulates while compile_source() says it is incomplete (open
 * brackets, open triple quotes, a header with no body) and, for compound
 * statements, until an empty line.  Each complete input is compiled in
 * COMPILE_SINGLE mode, so expression statements echo their repr
 * (PRINT_EXPR), and run in __main__'s globals; an exception prints its
 * traceback and the loop goes on; SystemExit and Ctrl-D end it.
 *
 * Tab completion only looks names up (dict lookups on modules, instances
 * and types); it never runs code: no getattr, no properties, no __dir__.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/select.h>
#include <unistd.h>

#include <editline/readline.h>

#include "compiler.h"
#include "gc.h"
#include "modules.h"
#include "gil.h"
#include "repl.h"
#include "vm.h"

#define BANNER "baton " BATON_VERSION " \xe2\x80\x94 Python " BATON_PY_VERSION \
    " subset with a visible GIL. Ctrl-D exits."

static ObjDict *globals;
static bool use_editline;
static volatile sig_atomic_t got_sigint;

/* ---- waiting for a line -------------------------------------------------- */

enum { LINE_OK, LINE_EOF, LINE_INTERRUPT };

static char *cb_line;
static bool cb_done;

static void on_line(char *line)
{
    cb_line = line;
    cb_done = true;
    rl_callback_handler_remove();
}

static bool sigint_pending(void)
{
    return got_sigint || (atomic_load(&vm_eval_breaker) & EB_SIGNAL);
}

/* Take the pending SIGINT: let the VM consume its own request (it would
 * raise KeyboardInterrupt, which here only means "drop the line"). */
static void consume_sigint(void)
{
    got_sigint = 0;
    if (atomic_load(&vm_eval_breaker) & EB_SIGNAL) {
        if (vm_handle_breaker() < 0) err_clear();
        vm_clear_request(EB_SIGNAL);
    }
}

/* Read one line (without its newline) into *out (malloc'd).  The GIL is
 * released while we wait for the user, so threads started in the REPL keep
 * running while they type; it is held again before editline handles a key
 * (tab completion looks up interpreter objects). */
static int wait_line(const char *prompt, char **out)
{
    *out = NULL;
    if (!use_editline) {
        fputs(prompt, stderr);
        fflush(stderr);
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        int err;
        GIL_RELEASE(BLOCK_INPUT);
        errno = 0;
        n = getline(&line, &cap, stdin);
        err = errno;
        GIL_ACQUIRE();
        errno = err;
        if (n < 0) {
            free(line);
            if (errno == EINTR || sigint_pending()) {
                clearerr(stdin);
                return LINE_INTERRUPT;
            }
            return LINE_EOF;
        }
        if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
        *out = line;
        return LINE_OK;
    }
    cb_line = NULL;
    cb_done = false;
    rl_callback_handler_install(prompt, on_line);
    while (!cb_done) {
        if (sigint_pending()) {
            rl_callback_handler_remove();
            return LINE_INTERRUPT;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(0, &fds);
        int r, err;
        GIL_RELEASE(BLOCK_INPUT);
        r = select(1, &fds, NULL, NULL, NULL);
        err = errno;
        GIL_ACQUIRE();
        if (r < 0) {
            if (err == EINTR) continue;  /* checked at the loop top */
            rl_callback_handler_remove();
            return LINE_EOF;
        }
        if (r > 0) rl_callback_read_char();
    }
    if (!cb_line) return LINE_EOF;
    *out = cb_line;
    return LINE_OK;
}

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
    vm_request(EB_SIGNAL);
}

/* ---- completion ----------------------------------------------------------- */

static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await",
    "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield", NULL,
};

static char **cands;    /* matches for the current completion */
static size_t ncands, capcands, nextcand;

static void add_cand(const char *prefix, size_t plen, const char *name,
                     const char *partial, size_t partlen)
{
    if (strncmp(name, partial, partlen) != 0) return;
    if (partlen == 0 && name[0] == '_') return;  /* hide privates, as rlcompleter */
    for (size_t i = 0; i < ncands; i++)
        if (strcmp(cands[i] + plen, name) == 0) return;
    if (ncands == capcands) {
        size_t nc = capcands ? capcands * 2 : 64;
        char **n = realloc(cands, nc * sizeof *n);
        if (!n) return;
        cands = n;
        capcands = nc;
    }
    size_t nlen = strlen(name);
    char *s = malloc(plen + nlen + 1);
    if (!s) return;
    memcpy(s, prefix, plen);
    memcpy(s + plen, name, nlen + 1);
    cands[ncands++] = s;
}

static void add_dict_keys(ObjDict *d, const char *prefix, size_t plen,
                          const char *partial, size_t partlen)
{
    if (!d) return;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v))
        if (IS_STR(k)) add_cand(prefix, plen, AS_STR(k)->data, partial, partlen);
}

static ObjDict *instance_dict(Value o)
{
    if (!IS_OBJ(o)) return NULL;
    Type *t = AS_OBJ(o)->type;
    if (!(t->flags & TF_HAS_DICT)) return NULL;
    return AS_INSTANCE(o)->dict;
}

/* o.name by dictionary lookups only; VNULL if not found that way. */
static Value peek_attr(Value o, ObjStr *name)
{
    if (IS_MODULE(o)) return dict_get_str(AS_MODULE(o)->dict, name);
    if (IS_TYPEOBJ(o)) return type_lookup(AS_TYPE(o), name);
    ObjDict *d = instance_dict(o);
    if (d) {
        Value v = dict_get_str(d, name);
        if (v) return v;
    }
    return type_lookup(TYPE(o), name);
}

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9')) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

static void find_candidates(const char *text)
{
    for (size_t i = 0; i < ncands; i++) free(cands[i]);
    ncands = 0;
    const char *dot = strrchr(text, '.');
    if (!dot) {
        size_t n = strlen(text);
        for (const char *const *k = keywords; *k; k++) add_cand("", 0, *k, text, n);
        add_dict_keys(globals, "", 0, text, n);
        add_dict_keys(vm_builtins, "", 0, text, n);
        return;
    }
    /* Resolve the dotted prefix a.b.c, component by component. */
    Value o = VNULL;
    for (const char *p = text; p < dot;) {
        const char *e = memchr(p, '.', (size_t)(dot - p));
        if (!e) e = dot;
        if (!is_ident(p, (size_t)(e - p))) return;
        ObjStr *name = str_intern(p, (size_t)(e - p));
        if (!name) { err_clear(); return; }
        if (!o) {
            o = dict_get_str(globals, name);
            if (!o) o = dict_get_str(vm_builtins, name);
        } else {
            o = peek_attr(o, name);
        }
        if (!o) { err_clear(); return; }
        p = e + 1;
    }
    size_t plen = (size_t)(dot - text) + 1;
    const char *partial = dot + 1;
    size_t partlen = strlen(partial);
    if (IS_MODULE(o)) {
        add_dict_keys(AS_MODULE(o)->dict, text, plen, partial, partlen);
        return;
    }
    add_dict_keys(instance_dict(o), text, plen, partial, partlen);
    for (Type *t = IS_TYPEOBJ(o) ? AS_TYPE(o) : TYPE(o); t; t = t->base)
        add_dict_keys(t->dict, text, plen, partial, partlen);
}

static char *next_candidate(const char *text, int state)
{
    if (state == 0) {
        find_candidates(text);
        nextcand = 0;
    }
    if (nextcand >= ncands) return NULL;
    return strdup(cands[nextcand++]);
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    if (text[0] == '\0') {
        /* Tab at the start of a line indents, as in CPython. */
        bool blank = true;
        for (int i = 0; i < start && rl_line_buffer[i]; i++)
            if (rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t') blank = false;
        if (blank) {
            rl_insert_text("    ");
            return NULL;
        }
    }
    return rl_completion_matches(text, next_candidate);
}

/* ---- deciding when an input is complete ---------------------------------- */

/* Inside brackets, an open triple-quoted string, or after a backslash? */
static bool input_open(const char *s, size_t len)
{
    int depth = 0;
    char quote = 0;
    bool triple = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && i + 1 < len) { i++; continue; }
            if (c == quote) {
                if (!triple) quote = 0;
                else if (i + 2 < len && s[i + 1] == c && s[i + 2] == c) { quote = 0; i += 2; }
            } else if (c == '\n' && !triple) {
                quote = 0;  /* unterminated string: an error, not "open" */
            }
            continue;
        }
        if (c == '#') {
            while (i + 1 < len && s[i + 1] != '\n') i++;
        } else if (c == '\'' || c == '"') {
            triple = i + 2 < len && s[i + 1] == c && s[i + 2] == c;
            if (triple) i += 2;
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            depth--;
        }
    }
    if ((quote && triple) || depth > 0) return true;
    return len >= 2 && s[len - 1] == '\n' && s[len - 2] == '\\';
}

/* Does the first line start a compound statement (needs an empty line)? */
static bool starts_compound(const char *line)
{
    static const char *const heads[] = {
        "if", "for", "while", "def", "class", "with", "try", "async", NULL,
    };
    while (*line == ' ' || *line == '\t') line++;
    if (*line == '@') return true;
    for (const char *const *h = heads; *h; h++) {
        size_t n = strlen(*h);
        if (strncmp(line, *h, n) == 0) {
            char c = line[n];
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || (unsigned char)c >= 0x80))
                return true;
        }
    }
    return false;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\f') return *s == '#';
    return true;
}

/* ---- the loop -------------------------------------------------------------- */

static void flush_std(void)
{
    Value f = sys_get_stdout();
    if (f && file_flush(f) < 0) err_clear();
    f = sys_get_stderr();
    if (f && file_flush(f) < 0) err_clear();
    fflush(stdout);
    fflush(stderr);
}

static char *history_path(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    size_t n = strlen(home) + sizeof "/.baton_history";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/.baton_history", home);
    return p;
}

/* Run one complete input.  Returns -1 to go on, else an exit status. */
static int run_input(ObjCode *code)
{
    Value r = vm_run_code(code, globals, NULL);
    flush_std();
    if (r) return -1;
    Value exc = err_fetch();
    if (IS_EXCEPTION(exc) && type_is_subtype(AS_OBJ(exc)->type, exc_SystemExit))
        return err_system_exit_code(exc);
    err_print(exc, stderr);
    fflush(stderr);
    return -1;
}

int repl_run(ObjDict *g, bool banner)
{
    globals = g;
    use_editline = isatty(0) && isatty(1);
    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sigaction(SIGINT, NULL, &old_sa);
    bool own_handler = old_sa.sa_handler == SIG_DFL;
    if (own_handler) {  /* the VM did not install one: interrupt waits ourselves */
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
    }
    char *hist = NULL;
    if (use_editline) {
        rl_readline_name = "baton";
        rl_attempted_completion_function = complete;
        rl_completer_word_break_characters = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";
        rl_completion_append_character = '\0';
        using_history();
        stifle_history(1000);
        hist = history_path();
        if (hist) read_history(hist);
    }
    if (banner)
        fprintf(stderr, "%s\n", BANNER);

    char *buf = NULL;  /* the input so far, lines joined with '\n' */
    size_t len = 0, cap = 0;
    bool compound = false;
    int status = 0;
    for (;;) {
        flush_std();
        char *line;
        int got = wait_line(len ? "... " : ">>> ", &line);
        if (got == LINE_INTERRUPT) {
            consume_sigint();
            fputs("\nKeyboardInterrupt\n", stderr); /* as CPython: with the prompts */
            fflush(stderr);
            len = 0;
            continue;
        }
        if (got == LINE_EOF) {
            if (len == 0) {
                fputc('\n', stderr);
                break;
            }
            line = strdup("");  /* EOF inside a block ends it */
            if (!line) break;
        }
        if (use_editline && !is_blank(line)) add_history(line);
        size_t n = strlen(line);
        if (len == 0 && is_blank(line)) { free(line); continue; }
        if (len + n + 2 > cap) {
            size_t nc = (len + n + 2) * 2;
            char *nb = realloc(buf, nc);
            if (!nb) { free(line); fputs("MemoryError\n", stderr); len = 0; continue; }
            buf = nb;
            cap = nc;
        }
        if (len == 0) compound = starts_compound(line);
        bool blank = is_blank(line);
        memcpy(buf + len, line, n);
        len += n;
        buf[len++] = '\n';
        buf[len] = '\0';
        free(line);
        if (compound && !blank && got != LINE_EOF) continue;

        bool incomplete = false;
        ObjCode *code = compile_source(buf, len, "<stdin>", COMPILE_SINGLE, &incomplete);
        if (!code) {
            if (incomplete && got != LINE_EOF && (!blank || input_open(buf, len))) {
                err_clear();
                continue;  /* ask for more */
            }
            len = 0;
            Value exc = err_fetch();
            flush_std();
            err_print(exc, stderr);
            fflush(stderr);
            continue;
        }
        len = 0;
        int r = run_input(code);
        if (r >= 0) { status = r; break; }
        if (got == LINE_EOF) break;
    }
    free(buf);
    if (use_editline && hist) write_history(hist);
    free(hist);
    if (own_handler) sigaction(SIGINT, &old_sa, NULL);
    return status;
}
