/* module.c — module objects, traceback entries, and the import machinery.
 *
 * import looks in this order, as CPython's finders do for what baton has:
 * sys.modules; the C modules of modules_builtin[]; the lib/ modules
 * compiled into the binary (modules_lib[], generated at build time); then
 * NAME.py or NAME/__init__.py along sys.path (sys.path[0] is the script's
 * folder).  A module is entered in sys.modules before its body runs, so a
 * circular import sees the partially initialised module, and removed again
 * if the body raises.  Dotted names import each parent first and look for
 * the child in the parent's __path__ (packages) or as a module attribute
 * (os.path).
 */
#include <errno.h>
#include <sys/stat.h>

#include "compiler.h"
#include "frame.h"
#include "gc.h"
#include "modules.h"

static ObjStr *s_name, *s_file, *s_path, *s_all, *s_dict, *s_doc, *s_builtins,
    *s_package;

const BuiltinModule modules_builtin[] = {
    {"sys", mod_sys_init},
    {"time", mod_time_init},
    {"math", mod_math_init},
    {"random", mod_random_init},
    {"os", mod_os_init},
    {"posixpath", mod_posixpath_init},
    {"_thread", mod_thread_init},
    {"signal", mod_signal_init},
    {"pickle", mod_pickle_init},
    {"_mp", mod_mp_init},
    {"gil", mod_gil_init},
    {NULL, NULL},
};

/* ---- module objects ------------------------------------------------------ */

Value module_new(ObjStr *name)
{
    Value d = dict_new();
    if (!d)
        return VNULL;
    ObjModule *m = (ObjModule *)gc_new(&type_module, sizeof(ObjModule));
    m->name = name;
    m->dict = AS_DICT(d);
    if (name && (dict_set_str(m->dict, s_name, OBJ_VAL(name)) < 0 ||
                 dict_set_str(m->dict, s_doc, NONE) < 0))
        return VNULL;
    return OBJ_VAL(m);
}

void module_add_fn(ObjModule *m, const char *name, NativeFn fn)
{
    Value f = native_new(name, fn, VNULL);
    if (f)
        dict_set_str(m->dict, str_intern_cstr(name), f);
}

void module_add(ObjModule *m, const char *name, Value v)
{
    if (v)
        dict_set_str(m->dict, str_intern_cstr(name), v);
}

static void module_trace(Obj *o)
{
    ObjModule *m = (ObjModule *)o;
    gc_mark_obj((Obj *)m->name);
    gc_mark_obj((Obj *)m->dict);
}

static const char *mod_name(ObjModule *m)
{
    Value n = m->dict ? dict_get_str(m->dict, s_name) : VNULL;
    if (n && IS_STR(n))
        return AS_STR(n)->data;
    return m->name ? m->name->data : "?";
}

static Value module_repr(Value v)
{
    ObjModule *m = AS_MODULE(v);
    const char *name = mod_name(m);
    if (m->obj.obj_flags & MODF_BUILTIN)
        return str_printf("<module '%s' (built-in)>", name);
    Value f = m->dict ? dict_get_str(m->dict, s_file) : VNULL;
    if (f && IS_STR(f))
        return str_printf("<module '%s' from '%s'>", name, AS_STR(f)->data);
    if (m->obj.obj_flags & MODF_FROZEN)
        return str_printf("<module '%s' (frozen)>", name);
    return str_printf("<module '%s'>", name);
}

static Value module_getattr(Value v, ObjStr *name)
{
    ObjModule *m = AS_MODULE(v);
    if (m->dict) {
        Value r = dict_get_str(m->dict, name);
        if (r)
            return r;
    }
    if (name == s_dict)
        return m->dict ? OBJ_VAL(m->dict) : NONE;
    Value r = obj_generic_getattr(v, name);
    if (!r && err_matches(exc_AttributeError)) {
        err_clear();
        return err_format(exc_AttributeError, "module '%s' has no attribute '%s'",
                          mod_name(m), name->data);
    }
    return r;
}

static int module_setattr(Value v, ObjStr *name, Value val)
{
    ObjModule *m = AS_MODULE(v);
    if (!val) {
        if (!dict_get_str(m->dict, name)) {
            err_format(exc_AttributeError, "module '%s' has no attribute '%s'", mod_name(m),
                       name->data);
            return -1;
        }
        return dict_del(OBJ_VAL(m->dict), OBJ_VAL(name));
    }
    return dict_set_str(m->dict, name, val);
}

static Value module_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"name", "doc", NULL};
    Value out[2];
    if (args_parse("module", args, nargs, kwnames, params, 1, 2, out) < 0)
        return VNULL;
    if (!IS_STR(out[0]))
        return err_format(exc_TypeError, "module.__init__() argument 'name' must be str, not %s",
                          TYPE(out[0])->name);
    Value m = module_new(str_intern_obj(AS_STR(out[0])));
    if (m && out[1])
        dict_set_str(AS_MODULE(m)->dict, s_doc, out[1]);
    return m;
}

Type type_module = {
    .name = "module", .kind = KIND_OTHER, .inst_size = sizeof(ObjModule),
    .tp_new = module_tp_new, .trace = module_trace, .repr = module_repr,
    .getattr = module_getattr, .setattr = module_setattr,
};

/* ---- traceback entries --------------------------------------------------- */

static void tb_trace(Obj *o)
{
    ObjTraceback *tb = (ObjTraceback *)o;
    gc_mark_obj((Obj *)tb->next);
    gc_mark_obj((Obj *)tb->code);
}

static Value tb_getattr(Value v, ObjStr *name)
{
    ObjTraceback *tb = (ObjTraceback *)AS_OBJ(v);
    const char *n = name->data;
    if (!strcmp(n, "tb_next"))
        return tb->next ? OBJ_VAL(tb->next) : NONE;
    if (!strcmp(n, "tb_lineno"))
        return MK_INT(tb->line);
    if (!strcmp(n, "tb_frame"))
        return NONE;
    if (!strcmp(n, "tb_lasti"))
        return MK_INT(-1);
    if (!strcmp(n, "tb_code"))
        return tb->code ? OBJ_VAL(tb->code) : NONE;
    return obj_generic_getattr(v, name);
}

Type type_traceback = {
    .name = "traceback", .kind = KIND_OTHER, .inst_size = sizeof(ObjTraceback),
    .trace = tb_trace, .getattr = tb_getattr,
};

void module_init(void)
{
    s_name = str_intern_cstr("__name__");
    s_file = str_intern_cstr("__file__");
    s_path = str_intern_cstr("__path__");
    s_all = str_intern_cstr("__all__");
    s_dict = str_intern_cstr("__dict__");
    s_doc = str_intern_cstr("__doc__");
    s_builtins = str_intern_cstr("__builtins__");
    s_package = str_intern_cstr("__package__");
    type_ready(&type_module, NULL);
    type_ready(&type_traceback, NULL);
}

/* ---- import -------------------------------------------------------------- */

static Value not_found(const char *full, const char *parent)
{
    if (parent)
        err_format(exc_ModuleNotFoundError, "No module named '%s'; '%s' is not a package", full,
                   parent);
    else
        err_format(exc_ModuleNotFoundError, "No module named '%s'", full);
    Value e = vm_cur->exc;
    if (e) {
        Value n = str_from_cstr(full);
        if (n && obj_setattr(e, str_intern_cstr("name"), n) < 0) {
            Value keep = err_fetch();
            (void)keep;
            err_set_value(e);
        }
    }
    return VNULL;
}

/* Run code as the body of a new module registered under name. */
static Value exec_module(ObjStr *name, ObjCode *code, const char *file, const char *pkgdir,
                         uint32_t flags)
{
    Value m = module_new(name);
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    mod->obj.obj_flags |= flags;
    ObjDict *g = mod->dict;
    Value bm = dict_get_str(vm_modules, str_intern_cstr("builtins"));
    if (dict_set_str(g, s_builtins, bm ? bm : OBJ_VAL(vm_builtins)) < 0)
        return VNULL;
    if (file) {
        Value f = str_from_cstr(file);
        if (!f || dict_set_str(g, s_file, f) < 0)
            return VNULL;
    }
    const char *dot = strrchr(name->data, '.');
    Value pkg = pkgdir ? OBJ_VAL(name)
                       : (dot ? str_new(name->data, (size_t)(dot - name->data)) : str_from_cstr(""));
    if (!pkg || dict_set_str(g, s_package, pkg) < 0)
        return VNULL;
    if (pkgdir) {
        Value d = str_from_cstr(pkgdir);
        Value l = d ? list_from(&d, 1) : VNULL;
        if (!l || dict_set_str(g, s_path, l) < 0)
            return VNULL;
    }
    if (dict_set_str(vm_modules, name, m) < 0)
        return VNULL;
    Value r = vm_run_code(code, g, NULL);
    if (!r) {
        Value exc = err_fetch();
        if (dict_get_str(vm_modules, name))
            dict_del(OBJ_VAL(vm_modules), OBJ_VAL(name));
        err_clear();
        vm_cur->exc = exc;
        return VNULL;
    }
    Value again = dict_get_str(vm_modules, name);
    return again ? again : m;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Look for leaf in dir: leaf.py, then leaf/__init__.py (a package). */
static Value try_dir(ObjStr *full, const char *leaf, const char *dir, bool *found)
{
    StrBuf b;
    sb_init(&b);
    const char *d = dir && *dir ? dir : ".";
    sb_printf(&b, "%s/%s/__init__.py", d, leaf);
    sb_addc(&b, '\0');
    char *pkgfile = b.data;
    char *path = NULL, *pkgdir = NULL;
    if (is_file(pkgfile)) {
        path = pkgfile;
        size_t n = strlen(pkgfile) - strlen("/__init__.py");
        pkgdir = malloc(n + 1);
        if (pkgdir) {
            memcpy(pkgdir, pkgfile, n);
            pkgdir[n] = '\0';
        }
    } else {
        sb_free(&b);
        sb_init(&b);
        sb_printf(&b, "%s/%s.py", d, leaf);
        sb_addc(&b, '\0');
        if (is_file(b.data))
            path = b.data;
    }
    if (!path) {
        sb_free(&b);
        return VNULL;
    }
    *found = true;
    size_t len = 0;
    char *src = read_file(path, &len);
    if (!src) {
        err_from_errno(exc_OSError, path);
        sb_free(&b);
        free(pkgdir);
        return VNULL;
    }
    ObjCode *code = compile_source(src, len, path, COMPILE_FILE, NULL);
    free(src);
    Value m = code ? exec_module(full, code, path, pkgdir, 0) : VNULL;
    sb_free(&b);
    free(pkgdir);
    return m;
}

static Value import_leaf(ObjStr *full, const char *leaf, Value parent)
{
    for (const BuiltinModule *bm = modules_builtin; bm->name; bm++) {
        if (strcmp(bm->name, full->data) != 0)
            continue;
        Value m = bm->init();
        if (!m)
            return VNULL;
        if (IS_MODULE(m))
            AS_MODULE(m)->obj.obj_flags |= MODF_BUILTIN;
        if (dict_set_str(vm_modules, full, m) < 0)
            return VNULL;
        return m;
    }
    /* lib/ modules, and submodules of lib/ packages (concurrent.futures) */
    if (!parent || (IS_MODULE(parent) && (AS_MODULE(parent)->obj.obj_flags & MODF_FROZEN))) {
        for (const LibModule *lm = modules_lib; lm->name; lm++) {
            if (strcmp(lm->name, full->data) != 0)
                continue;
            char fname[300];
            snprintf(fname, sizeof fname, "<frozen %s>", lm->name);
            ObjCode *code = compile_source(lm->source, lm->len, fname, COMPILE_FILE, NULL);
            if (!code)
                return VNULL;
            return exec_module(full, code, NULL, lm->is_package ? fname : NULL, MODF_FROZEN);
        }
    }
    Value path;
    if (parent) {
        path = dict_get_str(AS_MODULE(parent)->dict, s_path);
        if (!path)
            return VNULL; /* not a package: the caller words the error */
    } else {
        Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
        path = sys && IS_MODULE(sys) ? dict_get_str(AS_MODULE(sys)->dict, str_intern_cstr("path"))
                                     : VNULL;
    }
    if (path && IS_LIST(path)) {
        /* copy: the import may change sys.path */
        Value snap = list_from(AS_LIST(path)->items, AS_LIST(path)->len);
        if (!snap)
            return VNULL;
        for (int64_t i = 0; i < AS_LIST(snap)->len; i++) {
            Value dir = AS_LIST(snap)->items[i];
            if (!IS_STR(dir))
                continue;
            bool found = false;
            Value m = try_dir(full, leaf, AS_STR(dir)->data, &found);
            if (found || m)
                return m;
        }
    }
    return VNULL;
}

Value module_import(ObjStr *name)
{
    name = str_intern_obj(name);
    Value m = dict_get_str(vm_modules, name);
    if (m)
        return m;
    if (name->len == 0)
        return err_set(exc_ValueError, "Empty module name");
    const char *dot = strrchr(name->data, '.');
    Value parent = VNULL;
    const char *leaf = name->data;
    if (dot) {
        ObjStr *pname = str_intern(name->data, (size_t)(dot - name->data));
        parent = module_import(pname);
        if (!parent)
            return VNULL;
        m = dict_get_str(vm_modules, name); /* the parent may have imported it */
        if (m)
            return m;
        leaf = dot + 1;
        if (!IS_MODULE(parent))
            return not_found(name->data, pname->data);
        Value a = dict_get_str(AS_MODULE(parent)->dict, str_intern_cstr(leaf));
        if (a && IS_MODULE(a)) {
            if (dict_set_str(vm_modules, name, a) < 0)
                return VNULL;
            return a;
        }
        if (!dict_get_str(AS_MODULE(parent)->dict, s_path)) {
            bool builtin = false;
            for (const BuiltinModule *bm = modules_builtin; bm->name; bm++)
                if (!strcmp(bm->name, name->data))
                    builtin = true;
            if (!builtin)
                return not_found(name->data, pname->data);
        }
    }
    m = import_leaf(name, leaf, parent);
    if (!m) {
        if (err_occurred())
            return VNULL;
        return not_found(name->data, NULL);
    }
    if (parent && IS_MODULE(parent))
        dict_set_str(AS_MODULE(parent)->dict, str_intern_cstr(leaf), m);
    return m;
}

Value module_import_from(Value m, ObjStr *name)
{
    Value v = obj_getattr_opt(m, name);
    if (v)
        return v;
    if (err_occurred()) {
        if (!err_matches(exc_AttributeError))
            return VNULL;
        err_clear();
    }
    Value mname = IS_MODULE(m) ? dict_get_str(AS_MODULE(m)->dict, s_name) : VNULL;
    if (mname && IS_STR(mname)) {
        /* a submodule of a package */
        Value full = str_printf("%s.%s", AS_STR(mname)->data, name->data);
        if (!full)
            return VNULL;
        ObjStr *fs = str_intern_obj(AS_STR(full));
        Value sub = dict_get_str(vm_modules, fs);
        if (sub)
            return sub;
        if (dict_get_str(AS_MODULE(m)->dict, s_path)) {
            sub = module_import(fs);
            if (sub)
                return sub;
            if (!err_matches(exc_ModuleNotFoundError))
                return VNULL;
            err_clear();
        }
    }
    const char *mn = mname && IS_STR(mname) ? AS_STR(mname)->data : "?";
    Value file = IS_MODULE(m) ? dict_get_str(AS_MODULE(m)->dict, s_file) : VNULL;
    return err_format(exc_ImportError, "cannot import name '%s' from '%s' (%s)", name->data, mn,
                      file && IS_STR(file) ? AS_STR(file)->data : "unknown location");
}

int module_import_star(Value m, ObjDict *ns)
{
    if (!IS_MODULE(m)) {
        Value d = obj_getattr(m, s_dict);
        if (!d || !IS_DICT(d))
            return -1;
        int64_t pos = 0;
        Value k, v;
        while (dict_next(AS_DICT(d), &pos, &k, &v))
            if (IS_STR(k) && AS_STR(k)->data[0] != '_' && dict_set(OBJ_VAL(ns), k, v) < 0)
                return -1;
        return 0;
    }
    ObjDict *md = AS_MODULE(m)->dict;
    Value all = dict_get_str(md, s_all);
    if (all) {
        Value l = obj_to_list(all);
        if (!l)
            return -1;
        for (int64_t i = 0; i < AS_LIST(l)->len; i++) {
            Value k = AS_LIST(l)->items[i];
            if (!IS_STR(k)) {
                err_format(exc_TypeError, "Item in %s.__all__ must be str, not %s",
                           mod_name(AS_MODULE(m)), TYPE(k)->name);
                return -1;
            }
            Value v = module_getattr(m, str_intern_obj(AS_STR(k)));
            if (!v || dict_set(OBJ_VAL(ns), OBJ_VAL(str_intern_obj(AS_STR(k))), v) < 0)
                return -1;
        }
        return 0;
    }
    /* snapshot: the namespace may be the module's own dict */
    Value items = list_new(0);
    if (!items)
        return -1;
    int64_t pos = 0;
    Value k, v;
    while (dict_next(md, &pos, &k, &v)) {
        if (!IS_STR(k) || AS_STR(k)->data[0] == '_')
            continue;
        if (list_append(items, k) < 0 || list_append(items, v) < 0)
            return -1;
    }
    for (int64_t i = 0; i + 1 < AS_LIST(items)->len; i += 2)
        if (dict_set(OBJ_VAL(ns), AS_LIST(items)->items[i], AS_LIST(items)->items[i + 1]) < 0)
            return -1;
    return 0;
}
