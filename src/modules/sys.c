/* modules/sys.c — the sys module.
 *
 * sys.version is "3.11.0 (baton 0.1.0, <build date>) [<compiler>]": the
 * Python version whose semantics baton follows, then baton's own, in the
 * shape CPython's platform module parses.  sys.implementation is a
 * types.SimpleNamespace with name 'baton', version and cache_tag.  sys.stdout/stderr/stdin are looked up in the module dict
 * on every use, so scripts may replace them.
 */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#ifdef __clang__
#define BATON_COMPILER "Clang " __clang_version__
#else
#define BATON_COMPILER "GCC " __VERSION__
#endif
#include <gmp.h>
#include <unistd.h>

#include "codec.h"
#include "exceptions.h"
#include "file.h"
#include "frame.h"
#include "gc.h"
#include "gil.h"
#include "namespace.h"
#include "structseq.h"
#include "pycache.h"
#include "str.h"

static Value sys_module;
static ObjStr *s_stdout, *s_stderr, *s_stdin, *s_argv;
static int saved_argc = -1;
static char **saved_argv;

/* sys may be needed (print) before any script imported it */
static Value sys_attr(ObjStr *name)
{
    if (!sys_module) {
        if (!vm_cur || !exc_BaseException)
            return VNULL;
        Value saved = vm_cur->exc;
        Value m = mod_sys_init();
        if (m && vm_modules)
            dict_set_str(vm_modules, str_intern_cstr("sys"), m);
        vm_cur->exc = saved;
        if (!sys_module)
            return VNULL;
    }
    return dict_get_str(AS_MODULE(sys_module)->dict, name);
}

Value sys_get_stdout(void) { return sys_attr(s_stdout); }
Value sys_get_stderr(void) { return sys_attr(s_stderr); }
Value sys_get_displayhook(void) { return sys_attr(str_intern_cstr("displayhook")); }
Value sys_get_stdin(void) { return sys_attr(s_stdin); }

SysConfig sys_config;        /* the command line's options (main.c) */
bool sys_finalizing;         /* the interpreter is shutting down (main.c) */

static void apply_argv(void)
{
    Value l = list_new(0);
    if (!l)
        return;
    for (int i = 0; i < saved_argc; i++) {
        const char *a = saved_argv[i];
        Value s = codec_fs_decode(a, strlen(a));
        if (!s || list_append(l, s) < 0)
            return;
    }
    if (saved_argc == 0)
        list_append(l, str_new("", 0));
    module_add(AS_MODULE(sys_module), "argv", l);
}

void sys_set_argv(int argc, char **argv)
{
    saved_argc = argc;
    saved_argv = argv;
    if (sys_module)
        apply_argv();
}

static Value m_exit(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("exit", nargs, kw, 0, 1) < 0)
        return VNULL;
    /* CPython raises with PyErr_SetObject(SystemExit, arg): None means no
     * args, a tuple is the args, a SystemExit instance is raised as is. */
    Value arg = nargs ? args[0] : NONE;
    if (obj_isinstance(arg, exc_SystemExit))
        return err_set_value(arg);
    Value t = IS_NONE(arg) ? tuple_from(args, 0) : IS_TUPLE(arg) ? arg : tuple_from(args, 1);
    if (!t)
        return VNULL;
    return err_set_value(exc_new(exc_SystemExit, AS_TUPLE(t)));
}

static Value m_getrecursionlimit(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getrecursionlimit", nargs, kw, 0, 0) < 0)
        return VNULL;
    return MK_INT(vm_recursion_limit);
}

static Value m_setrecursionlimit(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setrecursionlimit", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (IS_FLOAT(args[0]))
        return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
    int64_t n;
    if (obj_as_int64(args[0], &n) < 0)
        return VNULL;
    if (n < 1)
        return err_set(exc_ValueError, "recursion limit must be greater or equal than 1");
    if (n > INT32_MAX)
        return err_set(exc_OverflowError, "Python int too large to convert to C int");
    vm_recursion_limit = (int)n;
    return NONE;
}

static Value m_exc_info(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("exc_info", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value e = vm_cur->exc_info;
    if (!e || IS_NONE(e))
        return tuple_pack(3, NONE, NONE, NONE);
    Value tb = IS_EXCEPTION(e) && AS_EXC(e)->traceback ? AS_EXC(e)->traceback : NONE;
    return tuple_pack(3, OBJ_VAL(TYPE(e)), e, tb);
}

static Value m_exception(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("exception", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value e = vm_cur->exc_info;
    return e ? e : NONE;
}

/* An estimate in CPython's spirit: the header plus what the object owns. */
static Value m_getsizeof(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getsizeof", nargs, kw, 1, 2) < 0)
        return VNULL;
    Value v = args[0];
    int64_t n;
    if (IS_INT(v))
        n = AS_INT(v) == 0 ? 24 : 28;
    else if (IS_BIGINT(v))
        n = 24 + 4 * (int64_t)((mpz_sizeinbase(AS_BIGINT(v)->z, 2) + 29) / 30);
    else if (IS_STR(v))
        n = (AS_STR(v)->ascii ? 49 : 74) + AS_STR(v)->len;
    else if (IS_BYTES(v))
        n = 33 + AS_BYTES(v)->len;
    else if (IS_LIST(v))
        n = 56 + 8 * AS_LIST(v)->cap;
    else if (IS_TUPLE(v))
        n = 40 + 8 * AS_TUPLE(v)->len;
    else if (IS_DICT(v))
        n = AS_DICT(v)->len == 0 ? 64 : 184 + 24 * AS_DICT(v)->cap + AS_DICT(v)->nindex;
    else if (IS_ANYSET(v))
        n = 216 + (AS_SET(v)->mask > 7 ? 16 * (AS_SET(v)->mask + 1) : 0);
    else if (IS_FLOAT(v))
        n = 24;
    else
        n = (int64_t)TYPE(v)->inst_size + 16;
    return int_from_i64(n);
}

static Value m_intern(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("intern", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "intern() argument must be str, not %T", args[0]);
    return OBJ_VAL(str_intern_obj(AS_STR(args[0])));
}

static Value m_getdefaultencoding(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getdefaultencoding", nargs, kw, 0, 0) < 0)
        return VNULL;
    return str_from_cstr("utf-8");
}

static Value m_getswitchinterval(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getswitchinterval", nargs, kw, 0, 0) < 0)
        return VNULL;
    return float_new(gil_get_interval());
}

static Value m_setswitchinterval(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setswitchinterval", nargs, kw, 1, 1) < 0)
        return VNULL;
    double d;
    if (num_to_double(args[0], &d) < 0)
        return VNULL;
    if (!(d > 0))
        return err_set(exc_ValueError, "switch interval must be strictly positive");
    gil_set_interval(d);
    return NONE;
}

/* baton only (CPython 2 had them; 3.9 removed them): the `old` GIL
 * policy's check interval, in eval-breaker ticks. */
static Value m_getcheckinterval(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getcheckinterval", nargs, kw, 0, 0) < 0)
        return VNULL;
    return MK_INT(gil_get_check_interval());
}

static Value m_setcheckinterval(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setcheckinterval", nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t n;
    if (obj_as_int64(args[0], &n) < 0)
        return VNULL;
    gil_set_check_interval(n < 1 ? 1 : n > 1000000000 ? 1000000000 : (int)n);
    return NONE;
}

/* baton only: the --gil-stats numbers as a dict. */
static Value m_gil_stats(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("gil_stats", nargs, kw, 0, 0) < 0)
        return VNULL;
    return gil_stats_dict();
}

static Value m_get_int_max_str_digits(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_int_max_str_digits", nargs, kw, 0, 0) < 0)
        return VNULL;
    return int_from_i64(int_max_str_digits);
}

static Value m_set_int_max_str_digits(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"maxdigits", NULL};
    Value a[1];
    if (args_parse("set_int_max_str_digits", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    int64_t n;
    if (obj_as_int64(a[0], &n) < 0)
        return VNULL;
    if (n != 0 && n < 640)
        return err_set(exc_ValueError, "maxdigits must be 0 or larger than 640");
    int_max_str_digits = n;
    return NONE;
}

static Value m_getrefcount(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getrefcount", nargs, kw, 1, 1) < 0)
        return VNULL;
    return MK_INT(2); /* no reference counts in a tracing GC */
}

/* sys._getframe([depth]) */
static Value m_getframe(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_getframe", nargs, kw, 0, 1) < 0)
        return VNULL;
    int64_t depth = 0;
    if (nargs && obj_as_int64(args[0], &depth) < 0)
        return VNULL;
    return frame_get(vm_cur, depth);
}

/* sys._current_frames(): thread id -> its innermost frame */
static Value m_current_frames(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_current_frames", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value d = dict_new();
    for (Thread *t = vm_threads; d && t; t = t->next) {
        if (!t->frame)
            continue;
        if (dict_set(d, int_from_u64(t->ident), OBJ_VAL(frame_object(t->frame))) < 0)
            return VNULL;
    }
    return d;
}

/* sys._current_exceptions(): thread id -> the exception it is handling */
static Value m_current_exceptions(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_current_exceptions", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value d = dict_new();
    for (Thread *t = vm_threads; d && t; t = t->next) {
        Value e = t->exc_info;
        if (!e || IS_NONE(e))
            continue;
        Value tb = IS_EXCEPTION(e) && AS_EXC(e)->traceback ? AS_EXC(e)->traceback : NONE;
        Value info = tuple_pack(3, OBJ_VAL(TYPE(e)), e, tb);
        if (!info || dict_set(d, int_from_u64(t->ident), info) < 0)
            return VNULL;
    }
    return d;
}

/* Trace and profile functions (src/tracefn.c runs them). */
static Value set_hook(Value *args, int nargs, ObjTuple *kw, const char *name, bool profile)
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    tracefn_set(vm_cur, args[0], profile);
    return NONE;
}
static Value m_settrace(Value *a, int n, ObjTuple *k) { return set_hook(a, n, k, "settrace", false); }
static Value m_setprofile(Value *a, int n, ObjTuple *k) { return set_hook(a, n, k, "setprofile", true); }
static Value m_gettrace(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("gettrace", nargs, kw, 0, 0) < 0)
        return VNULL;
    return vm_cur->trace_fn ? vm_cur->trace_fn : NONE;
}
static Value m_getprofile(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getprofile", nargs, kw, 0, 0) < 0)
        return VNULL;
    return vm_cur->profile_fn ? vm_cur->profile_fn : NONE;
}

/* Audit hooks: sys.audit calls every hook added with addaudithook (baton
 * itself raises no audit events). */
static Value audit_hooks;
static Value m_addaudithook(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("addaudithook", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!audit_hooks) {
        audit_hooks = list_new(0);
        gc_add_root_value(&audit_hooks);
    }
    return audit_hooks && list_append(audit_hooks, args[0]) >= 0 ? NONE : VNULL;
}

static Value m_audit(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "audit() takes no keyword arguments");
    if (nargs < 1)
        return err_set(exc_TypeError, "audit() missing 1 required positional argument: 'event'");
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "expected str for argument 'event', not %s",
                          TYPE(args[0])->name);
    if (!audit_hooks || AS_LIST(audit_hooks)->len == 0)
        return NONE;
    Value rest = tuple_from(args + 1, nargs - 1);
    Value hooks = list_from(AS_LIST(audit_hooks)->items, AS_LIST(audit_hooks)->len);
    for (int64_t i = 0; rest && hooks && i < AS_LIST(hooks)->len; i++)
        if (!obj_call2(AS_LIST(hooks)->items[i], args[0], rest))
            return VNULL;
    return rest && hooks ? NONE : VNULL;
}

static Value m_call_tracing(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("call_tracing", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_TUPLE(args[1]))
        return err_format(exc_TypeError, "call_tracing() argument 2 must be tuple, not %s",
                          TYPE(args[1])->name);
    return obj_call(args[0], AS_TUPLE(args[1])->items, (int)AS_TUPLE(args[1])->len, NULL);
}

static Value m_is_finalizing(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("is_finalizing", nargs, kw, 0, 0) < 0 ? VNULL : BOOL_V(sys_finalizing);
}

static Value m_getfsencodeerrors(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getfilesystemencodeerrors", nargs, kw, 0, 0) < 0)
        return VNULL;
    return str_from_cstr("surrogateescape");
}

/* asyncio's hooks for async generators, one pair per thread as in CPython
 * (each thread's event loop installs its own): stored in the Thread, handed
 * back, and called by the async generators themselves (coro.c asks
 * sys_asyncgen_hooks at a generator's first iteration). */
static Value m_set_asyncgen_hooks(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"firstiter", "finalizer", NULL};
    Value a[2];
    if (args_parse("set_asyncgen_hooks", args, nargs, kw, params, 0, 2, a) < 0)
        return VNULL;
    for (int i = 0; i < 2; i++)
        if (a[i] && !IS_NONE(a[i]) && !TYPE(a[i])->call)
            return err_format(exc_TypeError, "callable %s expected, got %s",
                              i ? "finalizer" : "firstiter", TYPE(a[i])->name);
    Thread *t = vm_cur; /* vm_mark_roots marks them */
    if (a[0])
        t->agen_firstiter = IS_NONE(a[0]) ? VNULL : a[0];
    if (a[1])
        t->agen_finalizer = IS_NONE(a[1]) ? VNULL : a[1];
    return NONE;
}

static Value m_get_asyncgen_hooks(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_asyncgen_hooks", nargs, kw, 0, 0) < 0)
        return VNULL;
    Thread *t = vm_cur;
    static const char *const fields[] = {"firstiter", "finalizer", NULL};
    static const StructSeqDesc desc = {"asyncgen_hooks", fields, 2, NULL};
    static StructSeqType type;
    static bool ready;
    if (!ready) {
        structseq_init_type(&type, &desc);
        ready = true;
    }
    Value r = structseq_new(&type);
    STRUCTSEQ_SET(r, 0, t->agen_firstiter ? t->agen_firstiter : NONE);
    STRUCTSEQ_SET(r, 1, t->agen_finalizer ? t->agen_finalizer : NONE);
    return r;
}

void sys_asyncgen_hooks(Value *firstiter, Value *finalizer)
{
    *firstiter = vm_cur->agen_firstiter;
    *finalizer = vm_cur->agen_finalizer;
}

#define coro_tracking_depth (vm_cur->coro_origin_depth)
static Value m_set_coro_depth(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"depth", NULL};
    Value a[1];
    if (args_parse("set_coroutine_origin_tracking_depth", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    int64_t d;
    if (obj_as_int64(a[0], &d) < 0)
        return VNULL;
    if (d < 0)
        return err_set(exc_ValueError, "depth must be >= 0");
    coro_tracking_depth = d;
    return NONE;
}

static Value m_get_coro_depth(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_coroutine_origin_tracking_depth", nargs, kw, 0, 0) < 0)
        return VNULL;
    return int_from_i64(coro_tracking_depth);
}

/* sys.displayhook / __displayhook__: what the REPL (and pdb) do with the
 * value of an expression statement. */
static Value m_displayhook(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("sys.displayhook", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = args[0];
    if (IS_NONE(v))
        return NONE;
    ObjStr *underscore = str_intern_cstr("_");
    if (dict_set_str(vm_builtins, underscore, NONE) < 0)
        return VNULL;
    Value out = sys_get_stdout();
    if (!out || IS_NONE(out))
        return err_set(exc_RuntimeError, "lost sys.stdout");
    Value r = obj_repr(v);
    if (!r)
        return VNULL;
    Value nl = str_concat(r, str_from_cstr("\n"));
    if (!nl || file_write_str(out, nl) < 0)
        return VNULL;
    if (dict_set_str(vm_builtins, underscore, v) < 0)
        return VNULL;
    return NONE;
}

/* sys.excepthook / __excepthook__: print the traceback as CPython does. */
static Value m_excepthook(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("excepthook", nargs, kw, 3, 3) < 0)
        return VNULL;
    Value v = args[1];
    if (!IS_EXCEPTION(v)) {
        Value r = obj_str(v);
        if (!r)
            return VNULL;
        Value line = str_printf("TypeError: print_exception(): Exception expected for value, "
                                "%s found\n", TYPE(v)->name);
        Value f = sys_get_stderr();
        if (line && f && !IS_NONE(f) && file_write_str(f, line) < 0)
            err_clear();
        return NONE;
    }
    if (!IS_NONE(args[2]) && IS_TYPE_EXACT(args[2], &type_traceback))
        AS_EXC(v)->traceback = args[2];
    err_print(v, stderr);
    return NONE;
}

static Value m_unraisablehook(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unraisablehook", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value u = args[0];
    Value ev = obj_getattr_opt(u, str_intern_cstr("exc_value"));
    Value obj = obj_getattr_opt(u, str_intern_cstr("object"));
    Value msg = obj_getattr_opt(u, str_intern_cstr("err_msg"));
    if (err_occurred())
        return VNULL;
    Value r = obj && !IS_NONE(obj) ? obj_repr(obj) : VNULL;
    if (!r)
        err_clear();
    const char *prefix = msg && IS_STR(msg) ? AS_STR(msg)->data : "Exception ignored in";
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "%s: ", prefix);
    sb_addc(&b, 0);
    if (ev && IS_EXCEPTION(ev))
        err_write_unraisable(b.data, r ? AS_STR(r)->data : NULL, ev);
    sb_free(&b);
    return NONE;
}

static const MethodDef sys_fns[] = {
    {"_getframe", m_getframe},
    {"_current_frames", m_current_frames},
    {"_current_exceptions", m_current_exceptions},
    {"settrace", m_settrace},
    {"setprofile", m_setprofile},
    {"gettrace", m_gettrace},
    {"getprofile", m_getprofile},
    {"addaudithook", m_addaudithook},
    {"audit", m_audit},
    {"call_tracing", m_call_tracing},
    {"is_finalizing", m_is_finalizing},
    {"getfilesystemencodeerrors", m_getfsencodeerrors},
    {"set_asyncgen_hooks", m_set_asyncgen_hooks},
    {"get_asyncgen_hooks", m_get_asyncgen_hooks},
    {"set_coroutine_origin_tracking_depth", m_set_coro_depth},
    {"get_coroutine_origin_tracking_depth", m_get_coro_depth},
    {"excepthook", m_excepthook},
    {"displayhook", m_displayhook},

    {"unraisablehook", m_unraisablehook},

    {"exit", m_exit},
    {"getrecursionlimit", m_getrecursionlimit},
    {"setrecursionlimit", m_setrecursionlimit},
    {"exc_info", m_exc_info},
    {"exception", m_exception},
    {"getsizeof", m_getsizeof},
    {"intern", m_intern},
    {"getdefaultencoding", m_getdefaultencoding},
    {"getfilesystemencoding", m_getdefaultencoding},
    {"getswitchinterval", m_getswitchinterval},
    {"getcheckinterval", m_getcheckinterval},
    {"setcheckinterval", m_setcheckinterval},
    {"gil_stats", m_gil_stats},
    {"setswitchinterval", m_setswitchinterval},
    {"get_int_max_str_digits", m_get_int_max_str_digits},
    {"set_int_max_str_digits", m_set_int_max_str_digits},
    {"getrefcount", m_getrefcount},
    {NULL, NULL},
};

/* ---- the struct sequences: version_info, flags, float_info… ------------- */

static const char *const version_fields[] = {"major", "minor", "micro", "releaselevel", "serial", NULL};
static const StructSeqDesc version_desc = {"sys.version_info", version_fields, 5, NULL};
static StructSeqType version_type;

static const char *const flags_fields[] = {
    "debug", "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site",
    "no_site", "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization",
    "isolated", "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path",
    "int_max_str_digits", NULL,
};
static const StructSeqDesc flags_desc = {"sys.flags", flags_fields, 18, NULL};
static StructSeqType flags_type;

static const char *const float_fields[] = {"max", "max_exp", "max_10_exp", "min", "min_exp",
                                           "min_10_exp", "dig", "mant_dig", "epsilon", "radix",
                                           "rounds", NULL};
static const StructSeqDesc float_desc = {"sys.float_info", float_fields, 11, NULL};
static StructSeqType float_type;

static const char *const int_fields[] = {"bits_per_digit", "sizeof_digit", "default_max_str_digits",
                                         "str_digits_check_threshold", NULL};
static const StructSeqDesc int_desc = {"sys.int_info", int_fields, 4, NULL};
static StructSeqType int_type;

static const char *const hash_fields[] = {"width", "modulus", "inf", "nan", "imag", "algorithm",
                                          "hash_bits", "seed_bits", "cutoff", NULL};
static const StructSeqDesc hash_desc = {"sys.hash_info", hash_fields, 9, NULL};
static StructSeqType hash_type;

static const char *const thread_fields[] = {"name", "lock", "version", NULL};
static const StructSeqDesc thread_desc = {"sys.thread_info", thread_fields, 3, NULL};
static StructSeqType thread_type;

static Value fill(StructSeqType *t, const Value *v)
{
    Value r = structseq_new(t);
    for (int i = 0; i < t->n_fields; i++) {
        if (!v[i])
            return VNULL;
        STRUCTSEQ_SET(r, i, v[i]);
    }
    return r;
}

static Value version_info(void)
{
    structseq_init_type(&version_type, &version_desc);
    Value v[] = {MK_INT(3), MK_INT(11), MK_INT(0), str_from_cstr("final"), MK_INT(0)};
    return fill(&version_type, v);
}

/* sys.flags: the command line's options (sys_config, filled by main.c); hash
 * randomisation stays 0 (baton's str hash has no seed). */
static Value flags_value(void)
{
    structseq_init_type(&flags_type, &flags_desc);
    const SysConfig *c = &sys_config;
    Value v[] = {MK_INT(c->debug), MK_INT(c->inspect), MK_INT(c->interactive),
                 MK_INT(c->optimize), MK_INT(c->dont_write_bytecode), MK_INT(c->no_user_site), MK_INT(c->no_site),
                 MK_INT(c->ignore_environment), MK_INT(c->verbose), MK_INT(c->bytes_warning),
                 MK_INT(c->quiet), MK_INT(str_hash_randomized), MK_INT(c->isolated), FALSE_V, MK_INT(0),
                 MK_INT(0), c->safe_path ? TRUE_V : FALSE_V, MK_INT(-1)};
    return fill(&flags_type, v);
}

static Value float_info(void)
{
    structseq_init_type(&float_type, &float_desc);
    Value v[] = {float_new(DBL_MAX), MK_INT(DBL_MAX_EXP), MK_INT(DBL_MAX_10_EXP), float_new(DBL_MIN),
                 MK_INT(DBL_MIN_EXP), MK_INT(DBL_MIN_10_EXP), MK_INT(DBL_DIG), MK_INT(DBL_MANT_DIG),
                 float_new(DBL_EPSILON), MK_INT(FLT_RADIX), MK_INT(FLT_ROUNDS)};
    return fill(&float_type, v);
}

/* baton's big ints are GMP numbers: a digit is a GMP limb. */
static Value int_info(void)
{
    structseq_init_type(&int_type, &int_desc);
    Value v[] = {MK_INT(GMP_NUMB_BITS), MK_INT(sizeof(mp_limb_t)), MK_INT(4300), MK_INT(640)};
    return fill(&int_type, v);
}

/* Numbers hash as CPython's (mod 2**61-1); str and bytes by SipHash-1-3
 * under the PYTHONHASHSEED secret, as CPython 3.11 (str.c). */
static Value hash_info(void)
{
    structseq_init_type(&hash_type, &hash_desc);
    Value v[] = {MK_INT(64), int_from_i64(((int64_t)1 << 61) - 1), MK_INT(314159), MK_INT(0),
                 MK_INT(1000003), str_from_cstr("siphash13"), MK_INT(64), MK_INT(128), MK_INT(0)};
    return fill(&hash_type, v);
}

static Value thread_info(void)
{
    structseq_init_type(&thread_type, &thread_desc);
    char ver[64] = "";
    size_t n = confstr(_CS_GNU_LIBPTHREAD_VERSION, ver, sizeof ver);
    Value v[] = {str_from_cstr("pthread"), str_from_cstr("semaphore"),
                 n > 0 && n <= sizeof ver ? str_from_cstr(ver) : NONE};
    return fill(&thread_type, v);
}

/* A standard stream whose fd is not open (`baton >&-`) is None, as in
 * CPython: print() to it does nothing, an uncaught exception with no
 * stderr is lost. */
static Value std_stream(int fd, const char *name, const char *mode)
{
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
        return NONE;
    return file_from_fd(fd, name, mode);
}

Value mod_sys_init(void)
{
    if (sys_module)
        return sys_module;
    s_stdout = str_intern_cstr("stdout");
    s_stderr = str_intern_cstr("stderr");
    s_stdin = str_intern_cstr("stdin");
    s_argv = str_intern_cstr("argv");
    gc_add_root_obj((Obj **)&s_stdout);
    gc_add_root_obj((Obj **)&s_stderr);
    gc_add_root_obj((Obj **)&s_stdin);
    gc_add_root_obj((Obj **)&s_argv);

    Value mv = module_new(str_intern_cstr("sys"));
    if (!mv)
        return VNULL;
    sys_module = mv;
    gc_add_root_value(&sys_module);
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = sys_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    /* the originals, for code that restores them */
    module_add(m, "__excepthook__", dict_get_str(m->dict, str_intern_cstr("excepthook")));
    module_add(m, "__displayhook__", dict_get_str(m->dict, str_intern_cstr("displayhook")));
    module_add(m, "__unraisablehook__", dict_get_str(m->dict, str_intern_cstr("unraisablehook")));

    Value out = std_stream(1, "<stdout>", "w");
    Value err = std_stream(2, "<stderr>", "w");
    Value in = std_stream(0, "<stdin>", "r");
    if (!out || !err || !in)
        return VNULL;
    module_add(m, "stdout", out);
    module_add(m, "stderr", err);
    module_add(m, "stdin", in);
    module_add(m, "__stdout__", out);
    module_add(m, "__stderr__", err);
    module_add(m, "__stdin__", in);

    /* sys.path: the script's folder (set by main.c), PYTHONPATH, then
     * CPython's own library (BATONSTDLIB or the configured folder) */
    Value path = list_new(0);
    if (!path || list_append(path, str_new("", 0)) < 0)
        return VNULL;
    const char *pp = getenv("PYTHONPATH");
    if (pp && !sys_config.ignore_environment) {
        for (const char *p = pp; *p;) {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n && utf8_valid(p, n) && list_append(path, str_new(p, n)) < 0)
                return VNULL;
            p += n + (e ? 1 : 0);
        }
    }
    const char *lib = sys_config.ignore_environment ? NULL : getenv("BATONSTDLIB");
    if (!lib || !*lib)
        lib = BATON_STDLIB;
    if (*lib && utf8_valid(lib, strlen(lib)) && list_append(path, str_from_cstr(lib)) < 0)
        return VNULL;
    module_add(m, "path", path);
    module_add(m, "modules", vm_modules ? OBJ_VAL(vm_modules) : dict_new());
    module_add(m, "version", str_from_cstr("3.11.0 (baton " BATON_VERSION ", " __DATE__ ", " __TIME__
                                           ") [" BATON_COMPILER "]"));
    module_add(m, "version_info", version_info());
    module_add(m, "flags", flags_value());
    module_add(m, "float_info", float_info());
    module_add(m, "int_info", int_info());
    module_add(m, "hash_info", hash_info());
    module_add(m, "thread_info", thread_info());
    module_add(m, "hexversion", int_from_i64(0x030B00F0));
    module_add(m, "api_version", MK_INT(1013));
    module_add(m, "platform", str_from_cstr("linux"));
    module_add(m, "maxsize", int_from_i64(INT64_MAX));
    module_add(m, "maxunicode", MK_INT(0x10FFFF));
    module_add(m, "byteorder", str_from_cstr(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big"));
    module_add(m, "copyright", str_from_cstr("Copyright (c) baton authors."));
    /* -B: baton writes no bytecode files yet; the flag says what was asked */
    module_add(m, "dont_write_bytecode", sys_config.dont_write_bytecode ? TRUE_V : FALSE_V);
    Value wo = list_new(0);
    for (int i = 0; wo && i < sys_config.nwarnoptions; i++) {
        const char *w = sys_config.warnoptions[i];
        Value ws = codec_fs_decode(w, strlen(w));
        if (!ws || list_append(wo, ws) < 0)
            return VNULL;
    }
    module_add(m, "warnoptions", wo);
    module_add(m, "float_repr_style", str_from_cstr("short"));
    /* the prefix of the CPython installation whose Lib/ baton runs
     * (/usr for /usr/lib/python3.11), as sysconfig expects */
    {
        const char *lib = BATON_STDLIB;
        const char *cut = strstr(lib, "/lib/python3");
        Value prefix = cut ? str_new(lib, (size_t)(cut - lib)) : str_from_cstr("/usr/local");
        module_add(m, "prefix", prefix);
        module_add(m, "exec_prefix", prefix);
        module_add(m, "base_prefix", prefix);
        module_add(m, "base_exec_prefix", prefix);
        module_add(m, "_stdlib_dir", str_from_cstr(lib));
    }
    module_add(m, "platlibdir", str_from_cstr("lib"));
    module_add(m, "pycache_prefix", NONE);
    module_add(m, "abiflags", str_from_cstr(""));
    /* -X name=value, or -X name (True) */
    Value xo = dict_new();
    for (int i = 0; xo && i < sys_config.nxoptions; i++) {
        const char *x = sys_config.xoptions[i], *eq = strchr(x, '=');
        Value k = codec_fs_decode(x, eq ? (size_t)(eq - x) : strlen(x));
        Value val = eq ? codec_fs_decode(eq + 1, strlen(eq + 1)) : TRUE_V;
        if (!k || !val || dict_set(xo, k, val) < 0)
            return VNULL;
    }
    module_add(m, "_xoptions", xo);
    module_add(m, "_git", tuple_pack(3, str_from_cstr("baton"), str_from_cstr(""),
                                     str_from_cstr("")));
    module_add(m, "_framework", str_from_cstr(""));
    module_add(m, "ps1", str_from_cstr(">>> "));
    module_add(m, "ps2", str_from_cstr("... "));

    char *exe = realpath("/proc/self/exe", NULL);
    module_add(m, "executable", str_from_cstr(exe && utf8_valid(exe, strlen(exe)) ? exe : ""));
    free(exe);

    Value impl = namespace_new();
    if (impl) {
        namespace_set(impl, "name", str_from_cstr("baton"));
        namespace_set(impl, "cache_tag", str_from_cstr(PYCACHE_TAG));
        namespace_set(impl, "version", tuple_pack(5, MK_INT(0), MK_INT(1), MK_INT(0),
                                                  str_from_cstr("final"), MK_INT(0)));
        namespace_set(impl, "hexversion", MK_INT(0x000100F0));
#if defined(__x86_64__)
        namespace_set(impl, "_multiarch", str_from_cstr("x86_64-linux-gnu"));
#elif defined(__aarch64__)
        namespace_set(impl, "_multiarch", str_from_cstr("aarch64-linux-gnu"));
#endif
        module_add(m, "implementation", impl);
    }
    module_add(m, "builtin_module_names", import_builtin_names());
    Value meta = list_from((Value[]){import_default_finder()}, 1);
    module_add(m, "meta_path", meta);
    module_add(m, "path_hooks", list_new(0));
    module_add(m, "path_importer_cache", dict_new());
    if (saved_argc >= 0)
        apply_argv();
    else
        module_add(m, "argv", list_new(0));
    if (err_occurred())
        return VNULL;
    return mv;
}
