/* main.c — the `baton` command line.
 *
 * Parses options from one table (adding an option is one row), sets up
 * sys.argv, sys.path[0] and the __main__ module, then runs a file, a -c
 * string, stdin, or the REPL (repl.c), with CPython's exit codes: 0, 1 for
 * an uncaught exception, SystemExit's code, 2 for usage errors and files
 * that cannot be opened.  Nothing here is on a hot path; keep it small.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include "compiler.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "repl.h"
#include "trace.h"
#include "vm.h"

static const char *usage_line =
    "usage: baton [option] ... [-c cmd | file | -] [arg] ...\n";

/* ---- options ------------------------------------------------------------ */

static struct {
    bool dis;            /* --dis: print bytecode instead of running */
    const char *command; /* -c CODE */
    double switch_ms;    /* --switch-interval=MS, 0: the default */
    bool gil_stats;      /* --gil-stats: per-thread GIL numbers at exit */
    bool timeline;       /* --timeline: a chart of who held the GIL */
    const char *trace;   /* --trace=FILE.json|FILE.svg */
} opt;

static int opt_help(const char *arg);
static int opt_version(const char *arg);
static int opt_dis(const char *arg) { (void)arg; opt.dis = true; return 0; }
static int opt_command(const char *arg) { opt.command = arg; return 0; }
static int opt_gil_stats(const char *arg) { (void)arg; opt.gil_stats = true; return 0; }
static int opt_timeline(const char *arg) { (void)arg; opt.timeline = true; return 0; }
static int opt_trace(const char *arg) { opt.trace = arg; return 0; }

static int opt_switch_interval(const char *arg)
{
    char *end;
    double ms = strtod(arg, &end);
    if (*end || !(ms > 0) || ms > 1e9) {
        fprintf(stderr, "baton: --switch-interval takes milliseconds > 0, not '%s'\n", arg);
        return -1;
    }
    opt.switch_ms = ms;
    return 0;
}

/* One row per option.  takes_arg: the value follows as the next word or
 * after '=' (long) / glued on (short).  An option that returns 1 stops
 * option parsing (-c: the rest are the script's arguments). */
typedef struct {
    const char *name, *alias;
    bool takes_arg;
    int (*handle)(const char *arg); /* 0 go on, 1 stop parsing, -1 exit 2 */
    const char *help;
} Option;

static const Option options[] = {
    {"-c", NULL, true, NULL, "program passed in as string (terminates option list)"},
    {"--dis", NULL, false, opt_dis, "compile the script and print its bytecode; do not run it"},
    {"--gil-stats", NULL, false, opt_gil_stats, "at exit, print each thread's GIL held/wait/blocked times to stderr"},
    {"--timeline", NULL, false, opt_timeline, "at exit, draw who held the GIL over time (stderr)"},
    {"--trace", NULL, true, opt_trace, "write a GIL trace: FILE.json (Perfetto) or FILE.svg"},
    {"--switch-interval", NULL, true, opt_switch_interval, "GIL switch interval in milliseconds (default 5)"},
    {"--help", "-h", false, opt_help, "print this help message and exit"},
    {"--version", "-V", false, opt_version, "print the version and exit"},
    {NULL, NULL, false, NULL, NULL},
};

static int opt_help(const char *arg)
{
    (void)arg;
    printf("%s", usage_line);
    printf("Options:\n");
    for (const Option *o = options; o->name; o++) {
        char head[64];
        snprintf(head, sizeof head, "%s%s%s%s", o->name, o->alias ? ", " : "",
                 o->alias ? o->alias : "", o->takes_arg ? " ARG" : "");
        printf("  %-20s %s\n", head, o->help);
    }
    printf("  %-20s %s\n", "-", "read the program from stdin");
    printf("  %-20s %s\n", "--", "end of options");
    printf("file: program read from script file; with no file and a terminal,\n"
           "      baton starts the interactive REPL\n"
           "arg ...: arguments passed to the program in sys.argv[1:]\n");
    exit(0);
}

static int opt_version(const char *arg)
{
    (void)arg;
    printf("baton " BATON_VERSION " (Python " BATON_PY_VERSION " subset)\n");
    exit(0);
}

static NORETURN void usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, fmt, what);
    fprintf(stderr, "%sTry 'baton --help' for more information.\n", usage_line);
    exit(2);
}

/* Parse argv; returns the index of the first non-option word (the script,
 * '-', or the first argument after -c CODE). */
static int parse_options(int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') break;  /* a file or '-' */
        if (strcmp(a, "--") == 0) return i + 1;
        const Option *o = options;
        const char *val = NULL;
        for (; o->name; o++) {
            size_t n = strlen(o->name);
            if (strcmp(a, o->name) == 0 || (o->alias && strcmp(a, o->alias) == 0))
                break;
            if (o->takes_arg && strncmp(a, o->name, n) == 0 &&
                ((a[1] == '-' && a[n] == '=') || (a[1] != '-' && n == 2))) {
                val = a + n + (a[n] == '=' && a[1] == '-');
                break;
            }
        }
        if (!o->name) usage_error("unknown option %s\n", a);
        i++;
        if (o->takes_arg && !val) {
            if (i >= argc) usage_error("Argument expected for the %s option\n", o->name);
            val = argv[i++];
        }
        if (!o->handle) { /* -c */
            opt_command(val);
            return i;
        }
        int r = o->handle(val);
        if (r < 0) exit(2);
        if (r > 0) return i;
    }
    return i;
}

/* ---- running ------------------------------------------------------------ */

/* Read all of f into a malloc'd buffer; NULL with errno set on failure. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (n + 4096 > cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); errno = ENOMEM; return NULL; }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) { int e = errno; free(buf); errno = e ? e : EIO; return NULL; }
            break;
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* "dir/x.py" -> "/cwd/dir/x.py", not normalised (CPython's __file__). */
static char *absolute_path(const char *path)
{
    if (path[0] == '/') return strdup(path);
    char *cwd = getcwd(NULL, 0);
    if (!cwd) return strdup(path);
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%s/%s", cwd, path);
    free(cwd);
    return out;
}

static Value sys_attr(const char *name)
{
    Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
    if (!sys || !IS_MODULE(sys)) return VNULL;
    return dict_get_str(AS_MODULE(sys)->dict, str_intern_cstr(name));
}

/* sys.path[0]: the script's real folder, or '' (-c, stdin, REPL). */
static void set_path0(const char *script)
{
    Value path = sys_attr("path");
    if (!path || !IS_LIST(path)) return;
    char *dir = NULL;
    if (script) {
        char *real = realpath(script, NULL);
        if (real) {
            char *slash = strrchr(real, '/');
            if (slash == real) slash[1] = '\0'; else if (slash) *slash = '\0';
            dir = real;
        }
    }
    Value s = str_from_cstr(dir ? dir : "");
    free(dir);
    if (!s) { err_clear(); return; }
    ObjList *l = AS_LIST(path);
    if (l->len > 0 && IS_STR(l->items[0]) && AS_STR(l->items[0])->len == 0) {
        l->items[0] = s;   /* vm_init's placeholder */
        return;
    }
    if (list_append(path, s) < 0) { err_clear(); return; }
    memmove(l->items + 1, l->items, (size_t)(l->len - 1) * sizeof(Value));
    l->items[0] = s;
}

/* The __main__ module, registered in sys.modules. */
static ObjDict *make_main(const char *file)
{
    ObjStr *name = str_intern_cstr("__main__");
    Value m = module_new(name);
    if (!m) return NULL;
    ObjDict *g = AS_MODULE(m)->dict;
    Value b = dict_get_str(vm_modules, str_intern_cstr("builtins"));
    if (dict_set_str(g, str_intern_cstr("__name__"), OBJ_VAL(name)) < 0 ||
        dict_set_str(g, str_intern_cstr("__builtins__"),
                     b ? b : OBJ_VAL(vm_builtins)) < 0 ||
        dict_set_str(vm_modules, name, m) < 0)
        return NULL;
    if (file) {
        Value f = str_from_cstr(file);
        if (!f || dict_set_str(g, str_intern_cstr("__file__"), f) < 0) return NULL;
    }
    return g;
}

static void flush_std(void)
{
    Value f = sys_get_stdout();
    if (f && file_flush(f) < 0) err_clear();
    f = sys_get_stderr();
    if (f && file_flush(f) < 0) err_clear();
    fflush(stdout);
    fflush(stderr);
}

/* Report an uncaught exception (fetched) and return the exit status. */
static int report(Value exc)
{
    if (IS_EXCEPTION(exc) && type_is_subtype(AS_OBJ(exc)->type, exc_SystemExit)) {
        flush_std();
        return err_system_exit_code(exc);
    }
    flush_std();
    err_print(exc, stderr);
    if (IS_EXCEPTION(exc) &&
        type_is_subtype(AS_OBJ(exc)->type, exc_KeyboardInterrupt)) {
        /* As CPython: die by SIGINT so the shell sees an interrupted job. */
        fflush(stderr);
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
        return 130;
    }
    return 1;
}

/* Call module.fn() if the module was imported; report what it raises. */
static void call_if_imported(const char *module, const char *fn)
{
    Value m = dict_get_str(vm_modules, str_intern_cstr(module));
    if (!m)
        return;
    Value f = obj_getattr_opt(m, str_intern_cstr(fn));
    if (!f) {
        err_clear();
        return;
    }
    if (!obj_call0(f)) {
        Value exc = err_fetch();
        if (!obj_isinstance(exc, exc_SystemExit) && !obj_isinstance(exc, exc_KeyboardInterrupt)) {
            flush_std();
            err_print(exc, stderr);
        }
    }
}

/* What CPython's Py_FinalizeEx does first: wait for the non-daemon
 * threads (daemon threads are simply left behind, blocked or waiting for
 * the GIL this thread keeps), then run the atexit handlers — which is
 * where multiprocessing joins its children and stops its daemons. */
static void finalize(void)
{
    call_if_imported("threading", "_shutdown");
    call_if_imported("atexit", "_run_exitfuncs");
    flush_std();
    if (opt.gil_stats)
        gil_print_stats(stderr);
    trace_finish(opt.trace, opt.timeline, stderr);
    fflush(stderr);
}

static int run_source(const char *src, size_t len, const char *filename,
                      ObjDict *globals)
{
    ObjCode *code = compile_source(src, len, filename, COMPILE_FILE, NULL);
    if (!code) return report(err_fetch());
    if (opt.dis) {
        dis_code(code, stdout);
        return 0;
    }
    Value r = vm_run_code(code, globals, NULL);
    if (!r) return report(err_fetch());
    return 0;
}

static NORETURN void cannot_open(const char *path, int e)
{
    char *abs = absolute_path(path);
    fprintf(stderr, "baton: can't open file '%s': [Errno %d] %s\n",
            abs ? abs : path, e, strerror(e));
    free(abs);
    exit(2);
}

static int __attribute__((noinline)) run(int argc, char **argv, void *stack_base)
{
    int first = parse_options(argc, argv);
    const char *script = NULL;  /* a file path, or NULL */
    char *src = NULL;
    size_t len = 0;
    bool interactive = false;

    /* sys.argv: argv[first-1 ..] with [0] replaced, as CPython does. */
    char **sargv = argv + first - 1;
    int sargc = argc - first + 1;
    char *argv0;
    if (opt.command) {
        argv0 = "-c";
    } else if (first < argc && strcmp(argv[first], "-") != 0) {
        script = argv[first];
        argv0 = argv[first];
        sargv++;
        sargc--;
        FILE *f = fopen(script, "rb");
        if (!f) cannot_open(script, errno);
        src = read_all(f, &len);
        int e = errno;
        fclose(f);
        if (!src) cannot_open(script, e);
    } else if (first < argc) { /* '-' */
        argv0 = "-";
        sargv++;
        sargc--;
    } else {
        interactive = isatty(0) && !opt.dis;
        argv0 = "";
    }

    vm_init(argc, argv);
    if (opt.switch_ms > 0)
        gil_set_interval(opt.switch_ms / 1000.0);
    if (opt.timeline || opt.trace)
        trace_start();
    /* The GC scans the C stack from main's frame down. */
    if (vm_main_thread && (!vm_main_thread->gc_stack_base ||
                           (char *)vm_main_thread->gc_stack_base < (char *)stack_base))
        vm_main_thread->gc_stack_base = stack_base;

    /* sys.argv[0] is argv0; the rest are the script's arguments. */
    char *saved0 = sargv[0];
    sargv[0] = argv0;
    sys_set_argv(sargc, sargv);
    sargv[0] = saved0;
    set_path0(script);

    char *file_abs = script ? absolute_path(script) : NULL;
    ObjDict *globals = make_main(file_abs);
    if (!globals) {
        free(file_abs);
        return report(err_fetch());
    }

    int status;
    if (opt.command) {
        status = run_source(opt.command, strlen(opt.command), "<string>", globals);
    } else if (script) {
        /* CPython 3.11 names __main__'s file by its absolute path in
         * tracebacks too. */
        status = run_source(src, len, file_abs ? file_abs : script, globals);
    } else if (interactive) {
        status = repl_run(globals);
    } else {
        src = read_all(stdin, &len);
        if (!src) {
            fprintf(stderr, "baton: can't read <stdin>: %s\n", strerror(errno));
            status = 2;
        } else {
            status = run_source(src, len, "<stdin>", globals);
        }
    }
    flush_std();
    if (!opt.dis)
        finalize();
    free(src);
    free(file_abs);
    return status;
}

int main(int argc, char **argv)
{
    volatile char stack_base = 0;
    return run(argc, argv, (void *)&stack_base);
}
