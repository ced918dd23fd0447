/* error.c — raising exceptions from C and printing uncaught ones.
 *
 * The exception being raised lives in vm_cur->exc; every err_* raiser
 * returns VNULL so C code can `return err_format(...)`.  Raising while an
 * exception is being handled (vm_cur->exc_info) chains it as __context__,
 * which is what CPython's _PyErr_SetObject does, so natives and bytecode
 * get implicit chaining in one place.
 *
 * err_print reproduces CPython 3.11's default excepthook output, minus the
 * ~~~^^^ position markers: chained exceptions first, "Traceback (most
 * recent call last):", one File/line/name line per entry with the stripped
 * source line, runs of more than 3 identical entries collapsed to
 * "[Previous line repeated N more times]", then "Type: message".  SyntaxError
 * gets its own File/text/caret block.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/types.h>

#include "exceptions.h"
#include "gc.h"
#include "modules.h"

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

Value err_no_memory(void)
{
    need_thread("out of memory");
    if (!memory_error) {
        memory_error = exc_new(exc_MemoryError, NULL);
        gc_add_root_value(&memory_error);
    }
    vm_cur->exc = memory_error;
    return VNULL;
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
    info[5] = MK_INT(offset + 1);
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

void err_add_traceback(ObjCode *code, int line)
{
    Value exc = vm_cur ? vm_cur->exc : VNULL;
    if (!exc || !IS_EXCEPTION(exc))
        return;
    ObjException *e = AS_EXC(exc);
    ObjTraceback *tb = (ObjTraceback *)gc_new(&type_traceback, sizeof(ObjTraceback));
    tb->next = e->traceback ? (ObjTraceback *)AS_OBJ(e->traceback) : NULL;
    tb->code = code;
    tb->line = line;
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
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\f'))
        e--;
    *out = p;
    *outlen = (size_t)(e - p);
    return true;
}

#define TB_LIMIT 1000
#define TB_CUTOFF 3

static void print_repeated(FILE *out, int cnt)
{
    cnt -= TB_CUTOFF;
    fprintf(out, "  [Previous line repeated %d more time%s]\n", cnt, cnt > 1 ? "s" : "");
}

static void print_tb(ObjTraceback *tb, FILE *out)
{
    int depth = 0;
    for (ObjTraceback *t = tb; t; t = t->next)
        depth++;
    while (depth > TB_LIMIT) {
        tb = tb->next;
        depth--;
    }
    fputs("Traceback (most recent call last):\n", out);
    ObjStr *last_file = NULL, *last_name = NULL;
    int last_line = -1, cnt = 0;
    for (; tb; tb = tb->next) {
        ObjCode *c = tb->code;
        ObjStr *file = c ? c->filename : NULL, *name = c ? c->name : NULL;
        if (last_file == NULL || file != last_file || tb->line != last_line || name != last_name) {
            if (cnt > TB_CUTOFF)
                print_repeated(out, cnt);
            last_file = file;
            last_line = tb->line;
            last_name = name;
            cnt = 0;
        }
        if (++cnt > TB_CUTOFF)
            continue;
        fprintf(out, "  File \"%s\", line %d, in %s\n", file ? file->data : "???", tb->line,
                name ? name->data : "???");
        const char *text;
        size_t n;
        if (file && source_line(file->data, tb->line, &text, &n) && n > 0)
            fprintf(out, "    %.*s\n", (int)n, text);
    }
    if (cnt > TB_CUTOFF)
        print_repeated(out, cnt);
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
static Value print_syntax_block(Value exc, FILE *out)
{
    Value msg = exc_attr(exc, "msg"), fn = exc_attr(exc, "filename");
    Value ln = exc_attr(exc, "lineno"), off = exc_attr(exc, "offset");
    Value text = exc_attr(exc, "text"), eln = exc_attr(exc, "end_lineno");
    Value eoff = exc_attr(exc, "end_offset");
    if (!ln || !IS_INT(ln))
        return VNULL;
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

static void print_one(Value exc, FILE *out)
{
    if (!IS_EXCEPTION(exc)) {
        fputs("TypeError: print_exception(): Exception expected for value, ", out);
        fprintf(out, "%s found\n", TYPE(exc)->name);
        return;
    }
    ObjException *e = AS_EXC(exc);
    if (e->traceback && IS_TYPE_EXACT(e->traceback, &type_traceback))
        print_tb((ObjTraceback *)AS_OBJ(e->traceback), out);
    Value msgv = VNULL;
    if (type_is_subtype(e->obj.type, exc_SyntaxError))
        msgv = print_syntax_block(exc, out);
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
    Value notes = exc_attr(exc, "__notes__");
    if (notes && (IS_LIST(notes) || IS_TUPLE(notes))) {
        int64_t n = IS_LIST(notes) ? AS_LIST(notes)->len : AS_TUPLE(notes)->len;
        for (int64_t i = 0; i < n; i++) {
            Value it = IS_LIST(notes) ? AS_LIST(notes)->items[i] : AS_TUPLE(notes)->items[i];
            Value ns = obj_str(it);
            if (!ns) {
                err_clear();
                fputs("<note str() failed>\n", out);
            } else {
                fwrite(AS_STR(ns)->data, 1, (size_t)AS_STR(ns)->len, out);
                fputc('\n', out);
            }
        }
    }
}

typedef struct { Value *items; size_t n, cap; } Seen;

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

static void print_chain(Value exc, FILE *out, Seen *seen, int depth)
{
    seen_add(seen, exc);
    if (IS_EXCEPTION(exc) && depth < 100) {
        ObjException *e = AS_EXC(exc);
        if (e->cause) {
            if (!seen_has(seen, e->cause)) {
                print_chain(e->cause, out, seen, depth + 1);
                fputs("\nThe above exception was the direct cause of the following exception:\n\n",
                      out);
            }
        } else if (e->context && !e->suppress_context) {
            if (!seen_has(seen, e->context)) {
                print_chain(e->context, out, seen, depth + 1);
                fputs("\nDuring handling of the above exception, another exception occurred:\n\n",
                      out);
            }
        }
    }
    print_one(exc, out);
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
    /* printing may run __str__; keep the current exception state aside */
    Value saved = vm_cur ? vm_cur->exc : VNULL;
    if (vm_cur)
        vm_cur->exc = VNULL;
    flush_stdio();
    fflush(stdout);
    Seen seen = {NULL, 0, 0};
    print_chain(exc, out, &seen, 0);
    free(seen.items);
    fflush(out);
    if (vm_cur)
        vm_cur->exc = saved;
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
