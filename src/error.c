/* error.c — raising exceptions from C and printing uncaught ones.
 *
 * The exception being raised lives in vm_cur->exc; every err_* raiser
 * returns VNULL so C code can `return err_format(...)`.  Raising while an
 * exception is being handled (vm_cur->exc_info) chains it as __context__,
 * which is what CPython's _PyErr_SetObject does, so natives and bytecode
 * get implicit chaining in one place.
 *
 * err_print reproduces CPython 3.11's default excepthook output: chained
 * exceptions first, "Traceback (most recent call last):", one File/line/name
 * line per entry with the source line and, under it, the ~~^^ markers of
 * the failing instruction's span (Python/traceback.c's rules: a binary
 * operator or subscript gets its operator marked, a span covering the whole
 * line gets none), runs of more than 3 identical entries collapsed to
 * "[Previous line repeated N more times]", then "Type: message".  SyntaxError
 * gets its own File/text/caret block.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/types.h>

#include "exceptions.h"
#include "gc.h"
#include "compiler.h"
#include "modules.h"
#include "objcore.h"
#include "positions.h"

static Value memory_error; /* preallocated: raising it must not allocate */

/* ---- formatting ------------------------------------------------------- */

/* Append v converted by str() or repr(); -1 with the error set. */
static int add_value(StrBuf *b, Value v, bool repr)
{
    if (!v) {
        sb_adds(b, "<NULL>");
        return 0;
    }
    return sb_addv(b, v, repr);
}

static Value vformat(const char *fmt, va_list ap)
{
    StrBuf b;
    sb_init(&b);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            const char *q = p;
            while (*q && *q != '%')
                q++;
            sb_add(&b, p, (size_t)(q - p));
            p = q - 1;
            continue;
        }
        const char *start = p++;
        /* flags, width, precision, length: passed on to snprintf for numbers */
        while (*p == '0' || *p == '-' || *p == ' ' || *p == '+')
            p++;
        while (*p >= '0' && *p <= '9')
            p++;
        int prec = -1;
        if (*p == '.') {
            prec = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        }
        int lng = 0;
        bool z = false;
        while (*p == 'l') {
            lng++;
            p++;
        }
        if (*p == 'z') {
            z = true;
            p++;
        }
        char spec[32], num[64];
        size_t sl = (size_t)(p - start) + 1;
        if (sl >= sizeof spec)
            sl = sizeof spec - 1;
        memcpy(spec, start, sl);
        spec[sl] = '\0';
        switch (*p) {
        case '%':
            sb_addc(&b, '%');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t n = strlen(s);
            if (prec >= 0 && (size_t)prec < n)
                n = (size_t)prec;
            sb_add(&b, s, n);
            break;
        }
        case 'c':
            sb_addc(&b, (char)va_arg(ap, int));
            break;
        case 'd': case 'i': case 'u': case 'x': case 'X': {
            bool sgn = *p == 'd' || *p == 'i';
            if (z) {
                if (sgn)
                    snprintf(num, sizeof num, spec, va_arg(ap, ssize_t));
                else
                    snprintf(num, sizeof num, spec, va_arg(ap, size_t));
            } else if (lng >= 2) {
                if (sgn)
                    snprintf(num, sizeof num, spec, va_arg(ap, long long));
                else
                    snprintf(num, sizeof num, spec, va_arg(ap, unsigned long long));
            } else if (lng == 1) {
                if (sgn)
                    snprintf(num, sizeof num, spec, va_arg(ap, long));
                else
                    snprintf(num, sizeof num, spec, va_arg(ap, unsigned long));
            } else {
                if (sgn)
                    snprintf(num, sizeof num, spec, va_arg(ap, int));
                else
                    snprintf(num, sizeof num, spec, va_arg(ap, unsigned));
            }
            sb_adds(&b, num);
            break;
        }
        case 'S': case 'R':
            if (add_value(&b, va_arg(ap, Value), *p == 'R') < 0) {
                sb_free(&b);
                return VNULL;
            }
            break;
        case 'T': {
            Value v = va_arg(ap, Value);
            sb_adds(&b, v ? TYPE(v)->name : "NULL");
            break;
        }
        case 'N': {
            ObjStr *s = va_arg(ap, ObjStr *);
            if (s)
                sb_add(&b, s->data, (size_t)s->len);
            else
                sb_adds(&b, "<NULL>");
            break;
        }
        case '\0':
            p--;
            break;
        default:
            sb_add(&b, start, (size_t)(p - start) + 1);
            break;
        }
    }
    return sb_finish(&b);
}

Value err_format_str(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Value s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* ---- raising ---------------------------------------------------------- */

static void need_thread(const char *what)
{
    if (!vm_cur || !exc_BaseException)
        baton_fatal("exception raised before the VM was ready: %s", what);
}

Value err_set_value(Value exc)
{
    need_thread("err_set_value");
    if (IS_TYPEOBJ(exc) && (AS_TYPE(exc)->flags & TF_EXCEPTION)) {
        Value inst = obj_call(exc, NULL, 0, NULL);
        if (!inst)
            return VNULL;
        if (!IS_EXCEPTION(inst))
            return err_format(exc_TypeError,
                              "calling %R should have returned an instance of BaseException, not %T",
                              exc, inst);
        exc = inst;
    } else if (!IS_EXCEPTION(exc)) {
        return err_set(exc_TypeError, "exceptions must derive from BaseException");
    }
    Value handled = vm_cur->exc_info;
    if (handled && IS_EXCEPTION(handled) && handled != exc) {
        /* Cut exc out of the handled exception's context chain so chaining
         * never makes a cycle; the slow pointer guards against cycles that
         * scripts built by hand (Floyd). */
        Value o = handled, slow = handled;
        bool step = false;
        while (o) {
            Value ctx = AS_EXC(o)->context;
            if (ctx == exc) {
                AS_EXC(o)->context = VNULL;
                break;
            }
            o = ctx;
            if (step)
                slow = AS_EXC(slow)->context;
            step = !step;
            if (o && o == slow)
                break;
        }
        AS_EXC(exc)->context = handled;
    }
    vm_cur->exc = exc;
    return VNULL;
}

Value err_set(Type *t, const char *msg)
{
    need_thread(msg);
    Value e = exc_new_msg(t, msg);
    if (!e)
        return VNULL;
    return err_set_value(e);
}

Value err_format(Type *t, const char *fmt, ...)
{
    need_thread(fmt);
    va_list ap;
    va_start(ap, fmt);
    Value s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        return VNULL;
    Value args = tuple_from(&s, 1);
    if (!args)
        return VNULL;
    Value e = exc_new(t, AS_TUPLE(args));
    if (!e)
        return VNULL;
    return err_set_value(e);
}

void err_init_memory(void)
{
    if (!memory_error) {
        memory_error = exc_new(exc_MemoryError, NULL);
        gc_add_root_value(&memory_error);
    }
}

/* The preallocated MemoryError, fresh: raising it allocates nothing (its
 * traceback starts again; a script that kept an earlier one sees it
 * reused, as CPython's MemoryError free list may). */
static Value fresh_memory_error(void)
{
    ObjException *e = AS_EXC(memory_error);
    e->traceback = VNULL;
    e->cause = VNULL;
    e->context = VNULL;
    e->suppress_context = false;
    return memory_error;
}

Value err_no_memory(void)
{
    need_thread("out of memory");
    err_init_memory();
    vm_cur->exc = fresh_memory_error();
    return VNULL;
}

void err_no_memory_async(void)
{
    Thread *t = vm_cur;
    if (!t || !memory_error)
        return;   /* start-up: the reserve only keeps baton going */
    t->async_exc = fresh_memory_error();
    vm_request(EB_ASYNC_EXC);
}

Value err_from_errno(Type *t_default, const char *filename)
{
    int en = errno;
    need_thread("errno");
    Value a[3];
    int n = 2;
    a[0] = MK_INT(en);
    a[1] = str_from_cstr(strerror(en));
    if (!a[1])
        return VNULL;
    if (filename) {
        a[2] = str_from_cstr(filename);
        if (!a[2])
            return VNULL;
        n = 3;
    }
    Value args = tuple_from(a, n);
    if (!args)
        return VNULL;
    Value e = exc_new(t_default ? t_default : exc_OSError, AS_TUPLE(args));
    if (!e)
        return VNULL;
    return err_set_value(e);
}

bool err_occurred(void)
{
    return vm_cur && vm_cur->exc != VNULL;
}

bool err_matches(Type *t)
{
    Value e = vm_cur ? vm_cur->exc : VNULL;
    return e && IS_OBJ(e) && type_is_subtype(AS_OBJ(e)->type, t);
}

Value err_fetch(void)
{
    Value e = vm_cur->exc;
    vm_cur->exc = VNULL;
    return e;
}

void err_clear(void)
{
    if (vm_cur)
        vm_cur->exc = VNULL;
}

Value err_syntax(Type *t, const char *msg, const char *filename, int lineno,
                 int offset, const char *text)
{
    need_thread(msg);
    Value info[6];
    info[0] = filename ? str_from_cstr(filename) : NONE;
    info[1] = MK_INT(lineno);
    info[2] = MK_INT(offset);
    info[3] = NONE;
    if (text) {
        size_t n = strlen(text);
        /* CPython's SyntaxError.text keeps the line's newline */
        info[3] = (n && text[n - 1] == '\n') ? str_new(text, n) : str_printf("%s\n", text);
    }
    info[4] = MK_INT(lineno);
    info[5] = MK_INT(offset ? offset + 1 : 0); /* no column: 0, as CPython */
    if (!info[0] || !info[3])
        return VNULL;
    Value a[2];
    a[0] = str_from_cstr(msg);
    a[1] = tuple_from(info, 6);
    if (!a[0] || !a[1])
        return VNULL;
    Value args = tuple_from(a, 2);
    if (!args)
        return VNULL;
    Value e = exc_new(t ? t : exc_SyntaxError, AS_TUPLE(args));
    if (!e)
        return VNULL;
    return err_set_value(e);
}

void err_add_traceback(ObjCode *code, int line, int lasti, Value frame)
{
    Value exc = vm_cur ? vm_cur->exc : VNULL;
    if (!exc || !IS_EXCEPTION(exc))
        return;
    ObjException *e = AS_EXC(exc);
    ObjTraceback *tb = (ObjTraceback *)gc_new(&type_traceback, sizeof(ObjTraceback));
    tb->next = e->traceback ? (ObjTraceback *)AS_OBJ(e->traceback) : NULL;
    tb->code = code;
    tb->line = line;
    tb->lasti = lasti;
    tb->frame = frame;
    e->traceback = OBJ_VAL(tb);
}

/* ---- printing --------------------------------------------------------- */

/* The last source file read, so a deep traceback reads it once. */
static char *src_name, *src_text;
static size_t src_len;

static bool source_line(const char *fname, int line, const char **out, size_t *outlen)
{
    if (!fname || fname[0] == '<' || line < 1)
        return false;
    if (!src_name || strcmp(src_name, fname) != 0) {
        free(src_name);
        free(src_text);
        src_name = src_text = NULL;
        FILE *f = fopen(fname, "rb");
        if (!f)
            return false;
        size_t cap = 4096, len = 0;
        char *buf = malloc(cap);
        size_t n;
        while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
            len += n;
            if (len == cap) {
                char *nb = realloc(buf, cap * 2);
                if (!nb) {
                    free(buf);
                    buf = NULL;
                    break;
                }
                buf = nb;
                cap *= 2;
            }
        }
        fclose(f);
        if (!buf)
            return false;
        src_name = strdup(fname);
        src_text = buf;
        src_len = len;
        if (!src_name)
            return false;
    }
    const char *p = src_text, *end = src_text + src_len;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return false;
        p = nl + 1;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    if (e > p && e[-1] == '\r')
        e--;
    *out = p;
    *outlen = (size_t)(e - p);
    return true;
}

/* Code points in the first `bytes` bytes of s (of length len), as
 * _PyPegen_byte_offset_to_character_offset counts them. */
static int char_offset(const char *s, size_t len, int bytes)
{
    int extra = 0;
    if ((size_t)bytes > len) {
        extra = 1;
        bytes = (int)len;
    }
    int n = 0;
    for (int i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n + extra;
}

/* Byte index of code point `chars` in s. */
static size_t byte_offset(const char *s, size_t len, int chars)
{
    size_t i = 0;
    for (int c = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80) {
            if (c == chars)
                break;
            c++;
        }
    }
    return i;
}

#define IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\f')

/* How uncaught exceptions are being printed: inside an exception group
 * every line starts with a margin, "| " after two spaces per level. */
typedef struct { Value *items; size_t n, cap; } Seen;

typedef struct {
    FILE *out;
    int depth;       /* exception group nesting, 0 at the top */
    bool need_close; /* the innermost group still needs its closing line */
    Seen seen;       /* printed already (chains may share exceptions) */
} Printer;

static void put_indent(Printer *P)
{
    for (int i = 0; i < P->depth; i++)
        fputs("  ", P->out);
}

static void put_margin(Printer *P)
{
    put_indent(P);
    if (P->depth)
        fputs("| ", P->out);
}

/* The source line without its indentation, then the markers under it. */
static void print_source(Printer *P, ObjTraceback *tb, const char *line, size_t len)
{
    FILE *out = P->out;
    size_t ind = 0;
    while (ind < len && IS_WS(line[ind]))
        ind++;
    if (ind == len)
        return; /* CPython prints nothing for an empty line either */
    put_margin(P);
    fprintf(out, "    %.*s\n", (int)(len - ind), line + ind);
    CodePos p;
    if (!tb->code || tb->lasti < 0 || !pos_get(tb->code, tb->lasti, &p))
        return;
    if (p.line < 0 || p.end_line < 0 || p.col < 0 || p.end_col < 0)
        return;
    int line_chars = char_offset(line, len, (int)len);
    int truncation = (int)ind - 4;
    int start = char_offset(line, len, p.col), end = char_offset(line, len, p.end_col);
    int left = -1, right = -1;
    bool tilde = false;
    if (p.line == p.end_line) {
        size_t b0 = byte_offset(line, len, start), b1 = byte_offset(line, len, end);
        if (b1 > b0 && compile_caret_anchors(line + b0, b1 - b0, &left, &right)) {
            tilde = left >= 0;
            if (left >= 0) {
                left = char_offset(line + b0, b1 - b0, left) + start;
                right = char_offset(line + b0, b1 - b0, right) + start;
            }
        }
    } else {
        int i = line_chars;
        while (--i >= 0 && IS_WS(line[i]))
            ;
        end = i + 1;
    }
    bool secondary = left != -1 || right != -1;
    if (end - start == line_chars - (int)ind && !secondary)
        return;
    put_margin(P);
    for (int off = truncation + 1; off <= end; off++) {
        if (off <= start)
            fputc(' ', out);
        else if (secondary && left < off && off <= right)
            fputc('^', out);
        else
            fputc(tilde ? '~' : '^', out);
    }
    fputc('\n', out);
}

#define TB_LIMIT 1000
#define TB_CUTOFF 3

static void print_repeated(Printer *P, int cnt)
{
    cnt -= TB_CUTOFF;
    put_margin(P);
    fprintf(P->out, "  [Previous line repeated %d more time%s]\n", cnt, cnt > 1 ? "s" : "");
}

void err_print_location(FILE *out, ObjCode *c, int line)
{
    ObjStr *file = c ? c->filename : NULL, *name = c ? c->name : NULL;
    fprintf(out, "  File \"%s\", line %d, in %s\n", file ? file->data : "???", line,
            name ? name->data : "???");
    const char *text;
    size_t n;
    if (file && source_line(file->data, line, &text, &n) && n > 0)
        fprintf(out, "    %.*s\n", (int)n, text);
}

/* header_margin replaces the margin on the header line ("+ " for a
 * top-level group). */
static void print_tb(Printer *P, ObjTraceback *tb, const char *header, const char *header_margin)
{
    FILE *out = P->out;
    int depth = 0;
    for (ObjTraceback *t = tb; t; t = t->next)
        depth++;
    while (depth > TB_LIMIT) {
        tb = tb->next;
        depth--;
    }
    put_indent(P);
    fputs(header_margin, out);
    fputs(header, out);
    ObjStr *last_file = NULL, *last_name = NULL;
    int last_line = -1, cnt = 0;
    for (; tb; tb = tb->next) {
        ObjCode *c = tb->code;
        ObjStr *file = c ? c->filename : NULL, *name = c ? c->name : NULL;
        if (last_file == NULL || file != last_file || tb->line != last_line || name != last_name) {
            if (cnt > TB_CUTOFF)
                print_repeated(P, cnt);
            last_file = file;
            last_line = tb->line;
            last_name = name;
            cnt = 0;
        }
        if (++cnt > TB_CUTOFF)
            continue;
        put_margin(P);
        fprintf(out, "  File \"%s\", line %d, in %s\n", file ? file->data : "???", tb->line,
                name ? name->data : "???");
        const char *text;
        size_t n;
        if (file && source_line(file->data, tb->line, &text, &n))
            print_source(P, tb, text, n);
    }
    if (cnt > TB_CUTOFF)
        print_repeated(P, cnt);
}

/* "mod.Name" unless the class lives in __main__ or builtins. */
static void print_type_name(Type *t, FILE *out)
{
    ObjStr *mod = t->module;
    if (mod && strcmp(mod->data, "__main__") != 0 && strcmp(mod->data, "builtins") != 0)
        fprintf(out, "%s.", mod->data);
    fputs(t->qualname ? t->qualname->data : t->name, out);
}

static Value exc_attr(Value exc, const char *name)
{
    ObjDict *d = AS_EXC(exc)->dict;
    return d ? dict_get_str(d, str_intern_cstr(name)) : VNULL;
}

static void print_error_text(FILE *out, int64_t offset, int64_t end_offset, const char *text)
{
    /* offsets are 1-based columns; work 0-based */
    offset--;
    end_offset--;
    while (*text == ' ' || *text == '\t' || *text == '\f') {
        text++;
        offset--;
        end_offset--;
    }
    int64_t len = (int64_t)strlen(text);
    if (len > 0 && text[len - 1] == '\n')
        len--;
    if (offset > len)
        offset = len;
    /* a multi-line text: show only the line the offset points into */
    for (;;) {
        const char *nl = memchr(text, '\n', (size_t)len);
        if (!nl)
            break;
        int64_t inl = nl - text;
        if (inl >= offset)
            break;
        inl++;
        text += inl;
        len -= inl;
        offset -= inl;
        end_offset -= inl;
    }
    fprintf(out, "    %.*s\n", (int)len, text);
    if (offset < 0)
        return;
    if (end_offset > len)
        end_offset = len;
    int64_t reps = end_offset > offset ? end_offset - offset : 1;
    fputs("    ", out);
    for (int64_t i = 0; i < offset; i++)
        fputc(' ', out);
    for (int64_t i = 0; i < reps; i++)
        fputc('^', out);
    fputc('\n', out);
}

/* SyntaxError's File/text/caret block; returns the message to print. */
static Value print_syntax_block(Printer *P, Value exc)
{
    FILE *out = P->out;
    Value msg = exc_attr(exc, "msg"), fn = exc_attr(exc, "filename");
    Value ln = exc_attr(exc, "lineno"), off = exc_attr(exc, "offset");
    Value text = exc_attr(exc, "text"), eln = exc_attr(exc, "end_lineno");
    Value eoff = exc_attr(exc, "end_offset");
    if (!ln || !IS_INT(ln))
        return VNULL;
    put_margin(P); /* the text and caret lines get none, as in CPython */
    fprintf(out, "  File \"%s\", line %lld\n", fn && IS_STR(fn) ? AS_STR(fn)->data : "<string>",
            (long long)AS_INT(ln));
    if (text && IS_STR(text)) {
        int64_t o = off && IS_INT(off) ? AS_INT(off) : -1;
        int64_t eo = eoff && IS_INT(eoff) ? AS_INT(eoff) : -1;
        if (eln && IS_INT(eln) && AS_INT(eln) != AS_INT(ln))
            eo = -1;
        const char *s = AS_STR(text)->data;
        print_error_text(out, o, eo, s);
    }
    return msg ? msg : NONE;
}

/* PyUnicode_Splitlines(s, keepends) for the line breaks notes use. */
static void print_note_lines(Printer *P, ObjStr *s)
{
    const char *p = s->data, *end = s->data + s->len;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\r')
            q++;
        if (q < end)
            q += (*q == '\r' && q + 1 < end && q[1] == '\n') ? 2 : 1;
        put_margin(P);
        fwrite(p, 1, (size_t)(q - p), P->out);
        p = q;
    }
}

/* __notes__ as CPython's print_exception_notes: each item of the sequence
 * (a str is one too: each character a note) with the margin before each of
 * its lines, an item whose str() fails as "<note str() failed>", and a
 * non-sequence as its repr (with no newline after it). */
static void print_notes(Printer *P, Value exc)
{
    FILE *out = P->out;
    Value notes = exc_attr(exc, "__notes__");
    if (!notes)
        return;
    bool seq = IS_LIST(notes) || IS_TUPLE(notes) ||
               (IS_OBJ(notes) && !IS_DICT(notes) && type_lookup(TYPE(notes), obj_names[N_getitem]));
    if (!seq) {
        put_margin(P);
        Value r = obj_repr(notes);
        if (!r) {
            err_clear();
            fputs("<__notes__ repr() failed>", out);
        } else {
            fwrite(AS_STR(r)->data, 1, (size_t)AS_STR(r)->len, out);
        }
        return;
    }
    int64_t n = obj_len(notes);
    if (n < 0)
        err_clear();
    for (int64_t i = 0; i < n; i++) {
        Value it = obj_getitem(notes, int_from_i64(i));
        if (!it) {
            err_clear(); /* CPython stops printing there too */
            break;
        }
        Value ns = obj_str(it);
        if (!ns) {
            err_clear();
            fputs("<note str() failed>", out);
        } else {
            print_note_lines(P, AS_STR(ns));
        }
        fputc('\n', out);
    }
}

static void print_one(Printer *P, Value exc)
{
    FILE *out = P->out;
    if (!IS_EXCEPTION(exc)) {
        put_margin(P);
        fputs("TypeError: print_exception(): Exception expected for value, ", out);
        fprintf(out, "%s found\n", TYPE(exc)->name);
        return;
    }
    ObjException *e = AS_EXC(exc);
    if (e->traceback && IS_TYPE_EXACT(e->traceback, &type_traceback)) {
        bool group = excgroup_check(exc);
        print_tb(P, (ObjTraceback *)AS_OBJ(e->traceback),
                 group ? "Exception Group Traceback (most recent call last):\n"
                       : "Traceback (most recent call last):\n",
                 group && P->depth == 1 ? "+ " : P->depth ? "| " : "");
    }
    Value msgv = VNULL;
    if (type_is_subtype(e->obj.type, exc_SyntaxError))
        msgv = print_syntax_block(P, exc);
    put_margin(P);
    print_type_name(e->obj.type, out);
    Value s = msgv ? obj_str(msgv) : obj_str(exc);
    if (!s) {
        err_clear();
        fputs(": <exception str() failed>", out);
    } else if (IS_STR(s) && AS_STR(s)->len > 0) {
        fputs(": ", out);
        fwrite(AS_STR(s)->data, 1, (size_t)AS_STR(s)->len, out);
    }
    fputc('\n', out);
    print_notes(P, exc);
}

static bool seen_has(Seen *s, Value v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i] == v)
            return true;
    return false;
}

static void seen_add(Seen *s, Value v)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        Value *ni = realloc(s->items, nc * sizeof(Value));
        if (!ni)
            return;
        s->items = ni;
        s->cap = nc;
    }
    s->items[s->n++] = v;
}

#define MAX_GROUP_WIDTH 15
#define MAX_GROUP_DEPTH 10

static void print_recursive(Printer *P, Value exc, int chain_depth);

static void print_chained(Printer *P, Value exc, const char *msg, int chain_depth)
{
    bool need_close = P->need_close;
    print_recursive(P, exc, chain_depth + 1);
    P->need_close = need_close;
    put_margin(P);
    fputc('\n', P->out);
    put_margin(P);
    fputs(msg, P->out);
    put_margin(P);
    fputc('\n', P->out);
}

/* A group: its own traceback and message, then each nested exception in a
 * numbered box, at most MAX_GROUP_WIDTH of them. */
static void print_group(Printer *P, Value exc, int chain_depth)
{
    bool top = P->depth == 0;
    if (top)
        P->depth = 1;
    print_one(P, exc);
    ObjTuple *excs = excgroup_exceptions(exc);
    int64_t total = excs->len;
    int64_t n = total <= MAX_GROUP_WIDTH ? total : MAX_GROUP_WIDTH + 1;
    P->need_close = false;
    for (int64_t i = 0; i < n; i++) {
        bool last = i == n - 1, truncated = i >= MAX_GROUP_WIDTH;
        if (last)
            P->need_close = true; /* unless a nested group closes it */
        put_indent(P);
        fputs(i == 0 ? "+-" : "  ", P->out);
        if (truncated)
            fputs("+---------------- ... ----------------\n", P->out);
        else
            fprintf(P->out, "+---------------- %lld ----------------\n", (long long)(i + 1));
        P->depth++;
        if (!truncated) {
            print_recursive(P, excs->items[i], chain_depth + 1);
        } else {
            int64_t more = total - MAX_GROUP_WIDTH;
            put_margin(P);
            fprintf(P->out, "and %lld more exception%s\n", (long long)more, more > 1 ? "s" : "");
        }
        if (last && P->need_close) {
            put_indent(P);
            fputs("+------------------------------------\n", P->out);
            P->need_close = false;
        }
        P->depth--;
    }
    if (top)
        P->depth = 0;
}

/* exc with what it was chained from first (cause, else context). */
static void print_recursive(Printer *P, Value exc, int chain_depth)
{
    seen_add(&P->seen, exc);
    if (IS_EXCEPTION(exc) && chain_depth < 200) {
        ObjException *e = AS_EXC(exc);
        if (e->cause) {
            if (!seen_has(&P->seen, e->cause))
                print_chained(P, e->cause, "The above exception was the direct cause of the following exception:\n",
                              chain_depth);
        } else if (e->context && !e->suppress_context) {
            if (!seen_has(&P->seen, e->context))
                print_chained(P, e->context, "During handling of the above exception, another exception occurred:\n",
                              chain_depth);
        }
    }
    if (!excgroup_check(exc)) {
        print_one(P, exc);
    } else if (P->depth > MAX_GROUP_DEPTH) {
        put_margin(P);
        fprintf(P->out, "... (max_group_depth is %d)\n", MAX_GROUP_DEPTH);
    } else {
        print_group(P, exc, chain_depth);
    }
}

static void flush_stdio(void)
{
    Value saved = vm_cur ? vm_cur->exc : VNULL;
    Value f = sys_get_stdout();
    if (f && !IS_NONE(f) && file_flush(f) < 0)
        err_clear();
    f = sys_get_stderr();
    if (f && !IS_NONE(f) && file_flush(f) < 0)
        err_clear();
    if (vm_cur)
        vm_cur->exc = saved;
}

void err_print(Value exc, FILE *out)
{
    if (!exc)
        return;
    /* sys.stderr = None (or fd 2 closed at start-up): the report is lost,
     * as CPython's PyErr_Display does */
    if (out == stderr) {
        Value f = sys_get_stderr();
        if (f && IS_NONE(f))
            return;
    }
    /* printing may run __str__; keep the current exception state aside */
    Value saved = vm_cur ? vm_cur->exc : VNULL;
    if (vm_cur)
        vm_cur->exc = VNULL;
    flush_stdio();
    fflush(stdout);
    Printer P = {out, 0, false, {NULL, 0, 0}};
    print_recursive(&P, exc, 0);
    free(P.seen.items);
    fflush(out);
    if (vm_cur)
        vm_cur->exc = saved;
}

void err_write_unraisable(const char *prefix, const char *what, Value exc)
{
    flush_stdio();
    fflush(stdout);
    Value out = sys_get_stderr();
    Value line = str_printf("%s%s\n", prefix, what ? what : "");
    if (out && line && file_write_str(out, line) < 0)
        err_clear();
    if (out)
        file_flush(out);
    err_print(exc, stderr);
}

void err_write_unraisable_obj(const char *prefix, Value obj, Value exc)
{
    Value r = obj_repr(obj);
    if (!r)
        err_clear();
    err_write_unraisable(prefix, r ? AS_STR(r)->data : "<object repr() failed>", exc);
}

int err_system_exit_code(Value exc)
{
    if (!IS_EXCEPTION(exc) || !type_is_subtype(AS_OBJ(exc)->type, exc_SystemExit))
        return 1;
    Value code = exc_attr(exc, "code");
    if (!code || IS_NONE(code))
        return 0;
    if (IS_INT(code))
        return (int)AS_INT(code);
    if (code == TRUE_V || code == FALSE_V)
        return code == TRUE_V;
    if (IS_BIGINT(code))
        return -1;
    Value saved = vm_cur ? vm_cur->exc : VNULL;
    flush_stdio();
    Value s = obj_str(code);
    if (!s) {
        err_clear();
    } else {
        Value f = sys_get_stderr();
        if (f && !IS_NONE(f) && file_write_str(f, s) >= 0 &&
            file_write_str(f, str_new("\n", 1)) >= 0 && file_flush(f) >= 0) {
        } else {
            err_clear();
            fwrite(AS_STR(s)->data, 1, (size_t)AS_STR(s)->len, stderr);
            fputc('\n', stderr);
        }
    }
    if (vm_cur)
        vm_cur->exc = saved;
    return 1;
}
