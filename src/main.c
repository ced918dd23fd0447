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
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "codec.h"
#include "compiler.h"
#include "deadlock.h"
#include "frame.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "repl.h"
#include "weakref.h"
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
    const char *trace;   /* --trace=FILE.json|FILE.svg|FILE.html */
    const char *gil;     /* --gil=POLICY */
    int check_interval;  /* --check-interval=N, 0: the default */
    bool deadlock_hang;  /* --deadlock=hang */
    const char *module;  /* -m MODULE */
    bool skip_first;     /* -x: skip the script's first line */
} opt;

static int opt_help(const char *arg);
static int opt_ignored(const char *arg) { (void)arg; return 0; }
static int opt_version(const char *arg);
static int opt_dis(const char *arg) { (void)arg; opt.dis = true; return 0; }
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

static int opt_gil(const char *arg)
{
    if (strcmp(arg, "new") && strcmp(arg, "old") && strcmp(arg, "fair")) {
        fprintf(stderr, "baton: --gil takes one of %s, not '%s'\n", gil_policy_names(), arg);
        return -1;
    }
    opt.gil = arg;
    return 0;
}

static int opt_check_interval(const char *arg)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || !*arg || n < 1 || n > 1000000000) {
        fprintf(stderr, "baton: --check-interval takes a number of ticks >= 1, not '%s'\n", arg);
        return -1;
    }
    opt.check_interval = (int)n;
    return 0;
}

static int opt_deadlock(const char *arg)
{
    if (strcmp(arg, "report") && strcmp(arg, "hang")) {
        fprintf(stderr, "baton: --deadlock takes report or hang, not '%s'\n", arg);
        return -1;
    }
    opt.deadlock_hang = strcmp(arg, "hang") == 0;
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
    {"--check-hash-based-pycs", NULL, true, opt_ignored, "accepted; baton writes no .pyc files"},
    {"--dis", NULL, false, opt_dis, "compile the script and print its bytecode; do not run it"},
    {"--gil-stats", NULL, false, opt_gil_stats, "at exit, print each thread's GIL held/wait/blocked times to stderr"},
    {"--timeline", NULL, false, opt_timeline, "at exit, draw who held the GIL over time (stderr)"},
    {"--trace", NULL, true, opt_trace, "write a GIL trace: FILE.json (Perfetto), FILE.svg or FILE.html"},
    {"--gil", NULL, true, opt_gil, "GIL policy: new (default), old (CPython 2) or fair"},
    {"--switch-interval", NULL, true, opt_switch_interval, "GIL switch interval in milliseconds (default 5)"},
    {"--check-interval", NULL, true, opt_check_interval, "ticks between releases under --gil=old (default 100)"},
    {"--deadlock", NULL, true, opt_deadlock, "report (default: print the threads, exit 2) or hang"},
    {"--help", "-h", false, opt_help, "print this help message and exit"},
    {"--version", "-V", false, opt_version, "print the version and exit"},
    {NULL, NULL, false, NULL, NULL},
};

static int opt_help(const char *arg)
{
    (void)arg;
    printf("%s", usage_line);
    printf("Options (CPython's, then baton's own):\n"
           "  -b                   issue warnings about str(bytes_instance) (accepted)\n"
           "  -B                   don't write bytecode cache files (__pycache__/*.baton-311.pyc)\n"
           "  -c cmd               program passed in as string (terminates option list)\n"
           "  -d                   turn on parser debugging output (accepted)\n"
           "  -E                   ignore PYTHON* environment variables (and BATONSTDLIB)\n"
           "  -h, -?               print this help message and exit\n"
           "  -i                   inspect interactively after running the script or command\n"
           "  -I                   isolate: -E, -P and -s\n"
           "  -m mod               run library module as a script (terminates option list)\n"
           "  -O                   remove assert and __debug__-dependent statements\n"
           "  -OO                  -O and discard docstrings\n"
           "  -P                   don't prepend a potentially unsafe path to sys.path\n"
           "  -q                   don't print the version message in interactive mode\n"
           "  -s, -S               no user site directory / no site module (baton has neither)\n"
           "  -u                   unbuffered binary stdout and stderr\n"
           "  -v                   verbose (accepted)\n"
           "  -V, --version        print the version and exit\n"
           "  -W arg               warning control (sys.warnoptions)\n"
           "  -x                   skip the first line of the source\n"
           "  -X opt               implementation-specific option (sys._xoptions)\n");
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

/* A list of option values (-W, -X) for sys; malloc'd, lives to exit. */
static void add_value(const char ***list, int *n, const char *v)
{
    const char **l = realloc(*list, (size_t)(*n + 1) * sizeof *l);
    if (!l) { fputs("baton: out of memory\n", stderr); exit(1); }
    l[(*n)++] = v;
    *list = l;
}

/* One word of CPython's one-letter options ("-uB", "-OO", "-Wignore",
 * "-mjson.tool"); a value is the rest of the word or the next word.
 * Returns 1 when option parsing ends (-c, -m). */
static int short_options(const char *a, int *i, int argc, char **argv)
{
    for (const char *p = a + 1; *p; p++) {
        char c = *p;
        const char *val = NULL;
        if (strchr("cmWX", c)) {
            if (p[1])
                val = p + 1;
            else if (*i < argc)
                val = argv[(*i)++];
            else {
                char name[3] = {'-', c, 0};
                usage_error("Argument expected for the %s option\n", name);
            }
        }
        switch (c) {
        case 'c': opt.command = val; return 1;
        case 'm': opt.module = val; return 1;
        case 'W': add_value(&sys_config.warnoptions, &sys_config.nwarnoptions, val); return 0;
        case 'X': add_value(&sys_config.xoptions, &sys_config.nxoptions, val); return 0;
        case 'b': sys_config.bytes_warning++; break;
        case 'B': sys_config.dont_write_bytecode = 1; break;
        case 'd': sys_config.debug++; break;
        case 'E': sys_config.ignore_environment = 1; break;
        case 'h': case '?': opt_help(NULL); break;
        case 'i': sys_config.inspect = sys_config.interactive = 1; break;
        case 'I':
            sys_config.isolated = sys_config.ignore_environment = sys_config.no_user_site = 1;
            sys_config.safe_path = true;
            break;
        case 'O': sys_config.optimize++; break;
        case 'P': sys_config.safe_path = true; break;
        case 'q': sys_config.quiet = 1; break;
        case 'R': break; /* hash randomisation: baton's str hash has no seed */
        case 's': sys_config.no_user_site = 1; break;
        case 'S': sys_config.no_site = 1; break;
        case 'u': sys_config.unbuffered = true; break;
        case 'v': sys_config.verbose++; break;
        case 'V': opt_version(NULL); break;
        case 'x': opt.skip_first = true; break;
        default: {
            char name[3] = {'-', c, 0};
            usage_error("Unknown option: %s\n", name);
        }
        }
    }
    return 0;
}

/* Parse argv; returns the index of the first non-option word (the script,
 * '-', or the first argument after -c CODE / -m MODULE). */
static int parse_options(int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') break;  /* a file or '-' */
        if (strcmp(a, "--") == 0) return i + 1;
        i++;
        if (a[1] != '-') {
            if (short_options(a, &i, argc, argv)) return i;
            continue;
        }
        const Option *o = options;
        const char *val = NULL;
        for (; o->name; o++) {
            size_t n = strlen(o->name);
            if (strcmp(a, o->name) == 0)
                break;
            if (o->takes_arg && strncmp(a, o->name, n) == 0 && a[n] == '=') {
                val = a + n + 1;
                break;
            }
        }
        if (!o->name) usage_error("unknown option %s\n", a);
        if (o->takes_arg && !val) {
            if (i >= argc) usage_error("Argument expected for the %s option\n", o->name);
            val = argv[i++];
        }
        int r = o->handle(val);
        if (r < 0) exit(2);
        if (r > 0) return i;
    }
    return i;
}

/* The PYTHON* variables CPython reads at start-up (not under -E / -I). */
static void read_environment(void)
{
    if (sys_config.ignore_environment)
        return;
    const char *v;
    if ((v = getenv("PYTHONUNBUFFERED")) && *v) sys_config.unbuffered = true;
    if ((v = getenv("PYTHONDONTWRITEBYTECODE")) && *v) sys_config.dont_write_bytecode = 1;
    if ((v = getenv("PYTHONINSPECT")) && *v) sys_config.inspect = 1;
    if ((v = getenv("PYTHONSAFEPATH")) && *v) sys_config.safe_path = true;
    if ((v = getenv("PYTHONOPTIMIZE")) && *v) {
        int n = atoi(v);
        n = n > 0 ? n : 1;
        if (n > sys_config.optimize) sys_config.optimize = n;
    }
    if ((v = getenv("PYTHONVERBOSE")) && *v && !sys_config.verbose) sys_config.verbose = 1;
    /* PYTHONWARNINGS come before the -W options, as CPython orders them */
    if ((v = getenv("PYTHONWARNINGS")) && *v) {
        const char **cmd = sys_config.warnoptions;
        int ncmd = sys_config.nwarnoptions;
        sys_config.warnoptions = NULL;
        sys_config.nwarnoptions = 0;
        char *copy = strdup(v);
        if (!copy) { fputs("baton: out of memory\n", stderr); exit(1); } /* as add_value */
        for (char *save, *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
            add_value(&sys_config.warnoptions, &sys_config.nwarnoptions, w);
        for (int k = 0; k < ncmd; k++)
            add_value(&sys_config.warnoptions, &sys_config.nwarnoptions, cmd[k]);
        free(cmd);
    }
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

/* sys.path[0]: the script's real folder, the current folder's full path
 * (-m), or '' (-c, stdin, REPL). */
static void set_path0(const char *script, bool module)
{
    Value path = sys_attr("path");
    if (!path || !IS_LIST(path)) return;
    ObjList *l = AS_LIST(path);
    if (sys_config.safe_path) { /* -P, -I: nothing in front; drop vm_init's '' */
        if (l->len > 0 && IS_STR(l->items[0]) && AS_STR(l->items[0])->len == 0) {
            memmove(l->items, l->items + 1, (size_t)(l->len - 1) * sizeof(Value));
            l->len--;
        }
        return;
    }
    char *dir = NULL;
    if (module) {
        dir = getcwd(NULL, 0);
    } else if (script) {
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
    /* as CPython's __main__: no spec and no package; a script's loader */
    Value loader = file ? import_main_loader(file) : NONE;
    if (!loader || dict_set_str(g, str_intern_cstr("__spec__"), NONE) < 0 ||
        dict_set_str(g, str_intern_cstr("__package__"), NONE) < 0 ||
        dict_set_str(g, str_intern_cstr("__loader__"), loader) < 0)
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

static bool unhandled_interrupt; /* main ended with KeyboardInterrupt */

/* Report an uncaught exception (fetched) and return the exit status. */
static int report(Value exc)
{
    /* under -i a SystemExit is reported like any exception: the REPL
     * comes next (CPython's _Py_HandleSystemExit) */
    if (IS_EXCEPTION(exc) && type_is_subtype(AS_OBJ(exc)->type, exc_SystemExit) &&
        !sys_config.inspect) {
        flush_std();
        return err_system_exit_code(exc);
    }
    flush_std();
    /* a script's sys.excepthook prints it instead */
    Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
    Value hook = sys ? obj_getattr_opt(sys, str_intern_cstr("excepthook")) : VNULL;
    Value orig = sys ? obj_getattr_opt(sys, str_intern_cstr("__excepthook__")) : VNULL;
    err_clear();
    if (hook && hook != orig && IS_EXCEPTION(exc)) {
        Value tb = AS_EXC(exc)->traceback ? AS_EXC(exc)->traceback : NONE;
        Value args[3] = {OBJ_VAL(TYPE(exc)), exc, tb};
        if (!obj_call(hook, args, 3, NULL)) {
            Value e2 = err_fetch();
            fputs("Error in sys.excepthook:\n", stderr);
            err_print(e2, stderr);
            fputs("\nOriginal exception was:\n", stderr);
            err_print(exc, stderr);
        }
    } else {
        err_print(exc, stderr);
    }
    if (IS_EXCEPTION(exc) &&
        type_is_subtype(AS_OBJ(exc)->type, exc_KeyboardInterrupt)) {
        /* As CPython: finalise as usual, then die by SIGINT (die_by_sigint)
         * so the shell sees an interrupted job. */
        unhandled_interrupt = true;
        return 130;
    }
    return 1;
}

/* CPython's exit_sigint: with the default action restored, SIGINT kills
 * the process; 130 is what a shell would report if it somehow did not. */
static int die_by_sigint(void)
{
    fflush(stdout);
    fflush(stderr);
    signal(SIGINT, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGINT);
    return 130;
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
    sys_finalizing = true;
    weakref_finalize_all(); /* __del__ and generators' finally blocks */
    flush_std();
    if (opt.gil_stats)
        gil_print_stats(stderr);
    trace_finish(opt.trace, opt.timeline, stderr);
    fflush(stderr);
}

/* A deadlock report's exit: the exit report still shows the run. */
static void deadlock_exit(void)
{
    if (opt.gil_stats)
        gil_print_stats(stderr);
    trace_finish(opt.trace, opt.timeline, stderr);
}

static int run_source(const char *src, size_t len, const char *filename,
                      ObjDict *globals)
{
    Value text = codec_source_text(src, len, filename, true); /* PEP 263 */
    if (!text) return report(err_fetch());
    if (!IS_NONE(text)) {
        src = AS_STR(text)->data;
        len = (size_t)AS_STR(text)->len;
    }
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

/* -m MODULE: what CPython does, runpy._run_module_as_main(MODULE) (it
 * finds the module or package.__main__, sets sys.argv[0] to its path and
 * runs it as __main__). */
static int run_module(const char *name)
{
    Value mod = module_import(str_intern_cstr("runpy"));
    Value fn = mod ? obj_getattr(mod, str_intern_cstr("_run_module_as_main")) : VNULL;
    Value arg = fn ? str_from_cstr(name) : VNULL;
    Value args[2] = {arg, TRUE_V};
    if (!arg || !obj_call(fn, args, 2, NULL))
        return report(err_fetch());
    return 0;
}

/* What CPython's site module adds to builtins (site.setquit, setcopyright,
 * sethelper): exit and quit that print how to leave, help() over pydoc,
 * copyright, credits, license, from CPython's own _sitebuiltins.  Under -S
 * (no site) none of them exist, as in CPython. */
static const char site_builtins_src[] =
    /* run without sys.path[0], as CPython's site runs before it is set: a
     * script's own types.py or os.py must not replace what _sitebuiltins
     * and its _Printer import */
    "import sys\n"
    "p0 = sys.path.pop(0) if sys.path[:1] == [''] else None\n"
    "try:\n"
    "    import builtins as b, _sitebuiltins as sb\n"
    "    eof = 'Ctrl-D (i.e. EOF)'\n"
    "    b.quit = sb.Quitter('quit', eof)\n"
    "    b.exit = sb.Quitter('exit', eof)\n"
    "    b.copyright = sb._Printer('copyright', sys.copyright)\n"
    "    b.credits = sb._Printer('credits', '''\\\n"
    "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n"
    "    for supporting Python development.  See www.python.org for more information.''')\n"
    "    here = sys._stdlib_dir\n"
    "    b.license = sb._Printer('license', 'See https://www.python.org/psf/license/',\n"
    "        ['LICENSE.txt', 'LICENSE'], [here + '/..', here, '.'])\n"
    "    b.help = sb._Helper()\n"
    "finally:\n"
    "    if p0 is not None:\n"
    "        sys.path.insert(0, p0)\n";

static void site_builtins(void)
{
    if (sys_config.no_site) {
        dict_del(OBJ_VAL(vm_builtins), OBJ_VAL(str_intern_cstr("exit")));
        dict_del(OBJ_VAL(vm_builtins), OBJ_VAL(str_intern_cstr("quit")));
        err_clear();
        return;
    }
    ObjCode *code = compile_source(site_builtins_src, sizeof site_builtins_src - 1, "<site>",
                                   COMPILE_FILE, NULL);
    Value g = code ? dict_new() : VNULL;
    Value b = g ? dict_get_str(vm_modules, str_intern_cstr("builtins")) : VNULL;
    if (!b || dict_set_str(AS_DICT(g), str_intern_cstr("__builtins__"), b) < 0 ||
        !vm_run_code(code, AS_DICT(g), NULL))
        err_clear(); /* without the library: the C exit/quit stay */
}

/* sys.orig_argv: the command line as the process got it. */
static void set_orig_argv(int argc, char **argv)
{
    Value l = list_new(0);
    for (int i = 0; l && i < argc; i++) {
        Value a = codec_fs_decode(argv[i], strlen(argv[i]));
        if (!a || list_append(l, a) < 0)
            l = VNULL;
    }
    Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
    if (!l || !sys || !IS_MODULE(sys) ||
        dict_set_str(AS_MODULE(sys)->dict, str_intern_cstr("orig_argv"), l) < 0)
        err_clear();
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
    locale_startup();
    int first = parse_options(argc, argv);
    read_environment();
    compile_optimize = sys_config.optimize > 2 ? 2 : sys_config.optimize;
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
    } else if (opt.module) {
        argv0 = "-m"; /* runpy puts the module's path there */
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
        interactive = (isatty(0) || sys_config.inspect) && !opt.dis;
        argv0 = "";
    }
    if (src && opt.skip_first) { /* -x: the line still counts */
        char *nl = memchr(src, '\n', len);
        size_t n = nl ? (size_t)(nl - src) : len;
        memset(src, ' ', n);
    }

    /* the str/bytes hash secret, before anything is hashed */
    if (str_hash_seed(sys_config.ignore_environment ? NULL : getenv("PYTHONHASHSEED")) < 0) {
        fprintf(stderr, "Fatal Python error: config_init_hash_seed: PYTHONHASHSEED must be "
                        "\"random\" or an integer in range [0; 4294967295]\n"
                        "Python runtime state: preinitialized\n\n");
        return 1;
    }
    vm_init(argc, argv);
    if (sys_config.optimize)
        dict_set_str(vm_builtins, str_intern_cstr("__debug__"), FALSE_V);
    set_orig_argv(argc, argv);
    site_builtins();
    if (opt.switch_ms > 0)
        gil_set_interval(opt.switch_ms / 1000.0);
    if (opt.check_interval > 0)
        gil_set_check_interval(opt.check_interval);
    /* BATON_GIL=POLICY: the default policy for this process and the
     * children it starts (how the test suite runs under each policy). */
    const char *env_gil = getenv("BATON_GIL");
    if (!opt.gil && env_gil && *env_gil && opt_gil(env_gil) < 0)
        exit(2);
    if (opt.gil)
        gil_set_policy(opt.gil);
    if (opt.timeline || opt.trace)
        trace_start();
    deadlock_set_enabled(!opt.deadlock_hang);
    deadlock_set_exit_hook(deadlock_exit);
    /* The GC scans the C stack from main's frame down. */
    if (vm_main_thread && (!vm_main_thread->gc_stack_base ||
                           (char *)vm_main_thread->gc_stack_base < (char *)stack_base))
        vm_main_thread->gc_stack_base = stack_base;

    /* sys.argv[0] is argv0; the rest are the script's arguments. */
    char *saved0 = sargv[0];
    sargv[0] = argv0;
    sys_set_argv(sargc, sargv);
    sargv[0] = saved0;
    set_path0(script, opt.module != NULL);

    char *file_abs = script ? absolute_path(script) : NULL;
    ObjDict *globals = make_main(file_abs);
    if (!globals) {
        free(file_abs);
        return report(err_fetch());
    }

    int status;
    if (opt.command) {
        status = run_source(opt.command, strlen(opt.command), "<string>", globals);
    } else if (opt.module) {
        status = run_module(opt.module);
    } else if (script) {
        /* CPython 3.11 names __main__'s file by its absolute path in
         * tracebacks too. */
        status = run_source(src, len, file_abs ? file_abs : script, globals);
    } else if (interactive) {
        deadlock_set_interactive(true);
        status = repl_run(globals, !sys_config.quiet);
    } else {
        src = read_all(stdin, &len);
        if (!src && errno == EBADF) /* `baton <&-`: nothing to run, as CPython */
            src = calloc(1, 1);
        if (!src) {
            fprintf(stderr, "baton: can't read <stdin>: %s\n", strerror(errno));
            status = 2;
        } else {
            status = run_source(src, len, "<stdin>", globals);
        }
    }
    /* -i (or PYTHONINSPECT): the REPL after the script, command or module,
     * in __main__'s namespace, whatever the script raised (not SystemExit) */
    if (sys_config.inspect && !interactive && !opt.dis) {
        flush_std();
        sys_config.inspect = 0; /* exit() in the REPL exits */
        unhandled_interrupt = false; /* reported; the REPL's status counts */
        deadlock_set_interactive(true);
        Value m = dict_get_str(vm_modules, str_intern_cstr("__main__"));
        status = repl_run(m && IS_MODULE(m) ? AS_MODULE(m)->dict : globals, false);
    }
    flush_std();
    if (!opt.dis)
        finalize();
    free(src);
    free(file_abs);
    if (unhandled_interrupt)
        return die_by_sigint();
    return status;
}

int main(int argc, char **argv)
{
    volatile char stack_base = 0;
    return run(argc, argv, (void *)&stack_base);
}
