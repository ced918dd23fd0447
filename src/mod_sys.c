/* mod_sys.c — the sys module.
 *
 * sys.version is "3.11.0 (baton 0.1.0)": the Python version whose
 * semantics baton follows, then baton's own.  sys.implementation is a
 * module object (CPython: a SimpleNamespace) with name 'baton', version
 * and cache_tag.  sys.stdout/stderr/stdin are looked up in the module dict
 * on every use, so scripts may replace them.
 */
#include <unistd.h>

#include "exceptions.h"
#include "file.h"
#include "gc.h"
#include "gil.h"
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
Value sys_get_stdin(void) { return sys_attr(s_stdin); }

static void apply_argv(void)
{
    Value l = list_new(0);
    if (!l)
        return;
    for (int i = 0; i < saved_argc; i++) {
        const char *a = saved_argv[i];
        Value s = utf8_valid(a, strlen(a)) ? str_from_cstr(a) : str_from_cstr("?");
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

static const MethodDef sys_fns[] = {
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
    {"gil_stats", m_gil_stats},
    {"setswitchinterval", m_setswitchinterval},
    {"get_int_max_str_digits", m_get_int_max_str_digits},
    {"set_int_max_str_digits", m_set_int_max_str_digits},
    {"getrefcount", m_getrefcount},
    {NULL, NULL},
};

static Value version_info(void)
{
    return tuple_pack(5, MK_INT(3), MK_INT(11), MK_INT(0), str_from_cstr("final"), MK_INT(0));
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

    Value out = file_from_fd(1, "<stdout>", "w");
    Value err = file_from_fd(2, "<stderr>", "w");
    Value in = file_from_fd(0, "<stdin>", "r");
    if (!out || !err || !in)
        return VNULL;
    module_add(m, "stdout", out);
    module_add(m, "stderr", err);
    module_add(m, "stdin", in);
    module_add(m, "__stdout__", out);
    module_add(m, "__stderr__", err);
    module_add(m, "__stdin__", in);

    Value path = list_new(0);
    if (!path || list_append(path, str_new("", 0)) < 0)
        return VNULL;
    module_add(m, "path", path);
    module_add(m, "modules", vm_modules ? OBJ_VAL(vm_modules) : dict_new());
    module_add(m, "version", str_from_cstr("3.11.0 (baton " BATON_VERSION ")"));
    Value vi = version_info();
    module_add(m, "version_info", vi);
    module_add(m, "hexversion", int_from_i64(0x030B00F0));
    module_add(m, "api_version", MK_INT(1013));
    module_add(m, "platform", str_from_cstr("linux"));
    module_add(m, "maxsize", int_from_i64(INT64_MAX));
    module_add(m, "maxunicode", MK_INT(0x10FFFF));
    module_add(m, "byteorder", str_from_cstr(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big"));
    module_add(m, "copyright", str_from_cstr("Copyright (c) baton authors."));
    module_add(m, "dont_write_bytecode", TRUE_V);
    module_add(m, "warnoptions", list_new(0));
    module_add(m, "float_repr_style", str_from_cstr("short"));
    module_add(m, "prefix", str_from_cstr("/usr/local"));
    module_add(m, "exec_prefix", str_from_cstr("/usr/local"));
    module_add(m, "ps1", str_from_cstr(">>> "));
    module_add(m, "ps2", str_from_cstr("... "));

    char *exe = realpath("/proc/self/exe", NULL);
    module_add(m, "executable", str_from_cstr(exe && utf8_valid(exe, strlen(exe)) ? exe : ""));
    free(exe);

    Value impl = module_new(str_intern_cstr("implementation"));
    if (impl) {
        module_add(AS_MODULE(impl), "name", str_from_cstr("baton"));
        module_add(AS_MODULE(impl), "cache_tag", NONE);
        module_add(AS_MODULE(impl), "version",
                   tuple_pack(5, MK_INT(0), MK_INT(1), MK_INT(0), str_from_cstr("final"), MK_INT(0)));
        module_add(AS_MODULE(impl), "hexversion", MK_INT(0x000100F0));
        module_add(m, "implementation", impl);
    }
    static const char *const builtin_names[] = {"builtins", "sys", "time", "math", "random",
                                                "os", "posixpath", NULL};
    Value bn = list_new(0);
    for (int i = 0; bn && builtin_names[i]; i++)
        list_append(bn, str_from_cstr(builtin_names[i]));
    if (bn)
        module_add(m, "builtin_module_names", obj_to_tuple(bn));
    if (saved_argc >= 0)
        apply_argv();
    else
        module_add(m, "argv", list_new(0));
    if (err_occurred())
        return VNULL;
    return mv;
}
