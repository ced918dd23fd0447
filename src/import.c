/* import.c — the import system: CPython 3.11's importlib semantics in C.
 *
 * `import` and `from … import` compile to IMPORT_NAME, which calls
 * builtins.__import__(name, globals, locals, fromlist, level); when that is
 * still the built-in one, the VM calls import_module_level() directly.
 *
 * import_module_level resolves a relative name against the importer's
 * __package__ (or __spec__.parent, or __name__), imports every parent
 * first, then the module: sys.modules; else each finder on sys.meta_path
 * in turn.  The default finder (baton's own, the first entry) finds the C
 * modules of src/modules/table.c, the lib/ modules compiled into the
 * binary, and NAME.py / NAME/__init__.py (a package) / NAME/ (a namespace
 * package) along the parent's __path__ or sys.path.  Any other finder is
 * asked with find_spec(name, path, None), as importlib does, and its spec
 * loaded with loader.create_module / exec_module.  So import hooks and
 * CPython's own importlib (importlib.import_module, which walks
 * sys.meta_path in Python) find the same modules the same way.
 *
 * A module gets __name__, __loader__, __package__, __spec__ (a
 * ModuleSpec), __path__ for packages, __file__ and __cached__, is entered in
 * sys.modules before its body runs (a circular import sees the partial
 * module; spec._initializing is true meanwhile), removed again if the body
 * raises, and the value left in sys.modules is what the import returns.
 */
#include <errno.h>
#include <sys/stat.h>

#include "codec.h"
#include "compiler.h"
#include "frame.h"
#include "gc.h"
#include "modules.h"
#include "objcore.h"
#include "pycache.h"
#include "str.h"

static ObjStr *s_name, *s_file, *s_path, *s_all, *s_package, *s_spec, *s_loader,
    *s_cached, *s_parent, *s_initializing, *s_origin, *s_ssl, *s_has_location,
    *s_builtins, *s_find_spec, *s_create_module, *s_exec_module, *s_meta_path,
    *s_loader_state, *s_set_fileattr, *s_dict, *s_syspath, *sa_name, *sa_loader, *sa_cached;

/* ---- ModuleSpec ------------------------------------------------------------ */

/* A ModuleSpec: a plain object whose attributes (name, loader, origin,
 * submodule_search_locations, loader_state, cached, _initializing) live in
 * its __dict__, as importlib's own; parent and has_location are computed. */
Type type_module_spec;
static Value spec_attr(Value spec, ObjStr *name)
{
    if (IS_OBJ(spec) && AS_OBJ(spec)->type == &type_module_spec) {
        ObjDict *d = AS_INSTANCE(spec)->dict;
        return d ? dict_get_str(d, name) : VNULL;
    }
    return obj_getattr_opt(spec, name);
}

static Value spec_new(ObjStr *name, Value loader, Value origin, Value locations)
{
    Value s = OBJ_VAL(type_alloc(&type_module_spec, sizeof(ObjInstance)));
    Value d = dict_new();
    if (!d)
        return VNULL;
    AS_INSTANCE(s)->dict = AS_DICT(d);
    ObjDict *dd = AS_DICT(d);
    if (dict_set_str(dd, sa_name, OBJ_VAL(name)) < 0 ||
        dict_set_str(dd, sa_loader, loader ? loader : NONE) < 0 ||
        dict_set_str(dd, s_origin, origin ? origin : NONE) < 0 ||
        dict_set_str(dd, s_loader_state, NONE) < 0 ||
        dict_set_str(dd, s_ssl, locations ? locations : NONE) < 0 ||
        dict_set_str(dd, sa_cached, NONE) < 0 ||
        dict_set_str(dd, s_set_fileattr, FALSE_V) < 0 ||
        /* importlib._bootstrap appends a package's submodules being imported */
        dict_set_str(dd, str_intern_cstr("_uninitialized_submodules"), list_new(0)) < 0)
        return VNULL;
    return s;
}

static Value spec_getattr(Value v, ObjStr *name)
{
    ObjDict *d = AS_INSTANCE(v)->dict;
    if (name == s_parent) {
        Value n = d ? dict_get_str(d, sa_name) : VNULL;
        Value l = d ? dict_get_str(d, s_ssl) : VNULL;
        if (!n || !IS_STR(n))
            return NONE;
        if (l && !IS_NONE(l))
            return n;
        const char *dot = strrchr(AS_STR(n)->data, '.');
        return dot ? str_new(AS_STR(n)->data, (size_t)(dot - AS_STR(n)->data)) : str_empty();
    }
    if (name == s_has_location) {
        Value f = d ? dict_get_str(d, s_set_fileattr) : VNULL;
        return f ? f : FALSE_V;
    }
    return obj_generic_getattr(v, name);
}

static int spec_setattr(Value v, ObjStr *name, Value val)
{
    if (name == s_has_location) {
        if (!val)
            return obj_generic_setattr(v, s_set_fileattr, FALSE_V);
        int t = obj_truthy(val);
        return t < 0 ? -1 : obj_generic_setattr(v, s_set_fileattr, BOOL_V(t));
    }
    return obj_generic_setattr(v, name, val);
}

static Value spec_repr(Value v)
{
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, "ModuleSpec(name=");
    Value n = spec_attr(v, sa_name), l = spec_attr(v, sa_loader), o = spec_attr(v, s_origin),
          ssl = spec_attr(v, s_ssl);
    if (sb_addv(&b, n ? n : NONE, true) < 0)
        goto fail;
    sb_adds(&b, ", loader=");
    if (sb_addv(&b, l ? l : NONE, true) < 0)
        goto fail;
    if (o && !IS_NONE(o)) {
        sb_adds(&b, ", origin=");
        if (sb_addv(&b, o, true) < 0)
            goto fail;
    }
    if (ssl && !IS_NONE(ssl)) {
        sb_adds(&b, ", submodule_search_locations=");
        if (sb_addv(&b, ssl, true) < 0)
            goto fail;
    }
    sb_addc(&b, ')');
    return sb_finish(&b);
fail:
    sb_free(&b);
    return VNULL;
}

static Value spec_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    static const char *const params[] = {"name", "loader", "origin", "loader_state",
                                         "is_package", NULL};
    Value a[5];
    if (args_parse("ModuleSpec", args, nargs, kwnames, params, 2, 2, a) < 0)
        return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "ModuleSpec name must be str, not %s", TYPE(a[0])->name);
    Value locs = VNULL;
    if (a[4]) {
        int pk = obj_truthy(a[4]);
        if (pk < 0)
            return VNULL;
        if (pk && !(locs = list_new(0)))
            return VNULL;
    }
    Value s = spec_new(str_intern_obj(AS_STR(a[0])), a[1], a[2], locs);
    if (s && a[3] && dict_set_str(AS_INSTANCE(s)->dict, s_loader_state, a[3]) < 0)
        return VNULL;
    return s;
}

static Value spec_richcmp(Value a, Value b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE_EXACT(b, &type_module_spec))
        return NOTIMPL;
    ObjStr *keys[] = {sa_name, sa_loader, s_origin, s_ssl, sa_cached, s_has_location};
    int eq = 1;
    for (int i = 0; eq == 1 && i < 6; i++) {
        Value x = spec_getattr(a, keys[i]), y = spec_getattr(b, keys[i]);
        if (!x || !y)
            return VNULL;
        eq = obj_eq(x, y);
    }
    if (eq < 0)
        return VNULL;
    return BOOL_V(op == CMP_EQ ? eq : !eq);
}

Type type_module_spec = {
    .name = "ModuleSpec", .kind = KIND_OBJECT, .inst_size = sizeof(ObjInstance),
    .flags = TF_HAS_DICT | TF_BASETYPE, .tp_new = spec_tp_new, .trace = obj_instance_trace,
    .repr = spec_repr,
    .getattr = spec_getattr, .setattr = spec_setattr, .richcmp = spec_richcmp,
};

/* ---- the loaders -------------------------------------------------------------- */

/* The loader of a module baton found: what kind, and for source modules
 * their file.  One type serves built-in, frozen (lib/) and source modules,
 * with importlib's loader methods. */
enum { LOAD_BUILTIN, LOAD_FROZEN, LOAD_SOURCE, LOAD_NAMESPACE };
typedef struct {
    Obj obj;
    ObjDict *dict;
    int kind;
    ObjStr *name;   /* the module's full name (source/frozen) */
    ObjStr *path;   /* the source file (source) */
    ObjStr *cached; /* its bytecode cache file (source; NULL: none) */
    bool package;
} ObjLoader;
Type type_baton_loader;
static Value builtin_loader, frozen_loader, baton_finder;

static void loader_trace(Obj *o)
{
    ObjLoader *l = (ObjLoader *)o;
    gc_mark_obj((Obj *)l->dict);
    gc_mark_obj((Obj *)l->name);
    gc_mark_obj((Obj *)l->path);
    gc_mark_obj((Obj *)l->cached);
}

static Value loader_new(int kind, ObjStr *name, ObjStr *path, bool package)
{
    ObjLoader *l = (ObjLoader *)gc_new(&type_baton_loader, sizeof(ObjLoader));
    l->kind = kind;
    l->name = name;
    l->path = path;
    l->package = package;
    return OBJ_VAL(l);
}

static Value loader_repr(Value v)
{
    ObjLoader *l = (ObjLoader *)AS_OBJ(v);
    switch (l->kind) {
    case LOAD_BUILTIN: return str_from_cstr("<class '_frozen_importlib.BuiltinImporter'>");
    case LOAD_FROZEN: return str_from_cstr("<class '_frozen_importlib.FrozenImporter'>");
    case LOAD_NAMESPACE: return str_printf("<baton namespace loader for %s>", l->name->data);
    default:
        return str_printf("<_frozen_importlib_external.SourceFileLoader object at %p>",
                          (void *)l);
    }
}

static Value loader_getattr(Value v, ObjStr *name)
{
    ObjLoader *l = (ObjLoader *)AS_OBJ(v);
    if (strcmp(name->data, "name") == 0 && l->name)
        return OBJ_VAL(l->name);
    if (strcmp(name->data, "path") == 0 && l->path)
        return OBJ_VAL(l->path);
    return obj_generic_getattr(v, name);
}

/* The module a builtin C init makes, or a frozen/source module's code. */
static const BuiltinModule *find_builtin(const char *name)
{
    for (const BuiltinModule *bm = modules_builtin; bm->name; bm++)
        if (strcmp(bm->name, name) == 0)
            return bm;
    return NULL;
}

static const LibModule *find_frozen(const char *name)
{
    for (const LibModule *lm = modules_lib; lm->name; lm++)
        if (strcmp(lm->name, name) == 0)
            return lm;
    return NULL;
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

/* An embedded lib/ module's code: cached like a source module's, under
 * ~/.cache/baton/frozen/, keyed by a hash of the embedded text. */
static ObjCode *frozen_code(const LibModule *lm)
{
    char fname[300];
    snprintf(fname, sizeof fname, "<frozen %s>", lm->name);
    Value cached = pycache_frozen_path(lm->name);
    PycacheKey key = pycache_key_of_text(lm->source, lm->len);
    if (cached) {
        ObjCode *code = pycache_load(AS_STR(cached)->data, key, str_intern_cstr(fname));
        if (code)
            return code;
    }
    ObjCode *code = compile_source(lm->source, lm->len, fname, COMPILE_FILE, NULL);
    if (code && cached)
        pycache_store(AS_STR(cached)->data, code, key);
    return code;
}

/* A source module's code: from its bytecode cache when that is valid for
 * the source's mtime and size (pycache.c), else compiled and cached. */
static ObjCode *source_code(ObjStr *path, ObjStr *cached)
{
    struct stat st;
    bool have_st = cached && stat(path->data, &st) == 0;
    if (have_st) {
        ObjCode *code = pycache_load(cached->data, pycache_key_of_stat(&st), str_intern_obj(path));
        if (code)
            return code;
    }
    size_t len = 0;
    char *src = read_file(path->data, &len);
    if (!src) {
        err_from_errno(exc_OSError, path->data);
        return NULL;
    }
    Value text = codec_source_text(src, len, path->data, true); /* PEP 263 */
    ObjCode *code = !text ? NULL
                    : IS_NONE(text) ? compile_source(src, len, path->data, COMPILE_FILE, NULL)
                                    : compile_source(AS_STR(text)->data, (size_t)AS_STR(text)->len, path->data,
                                                     COMPILE_FILE, NULL);
    free(src);
    if (code && have_st)
        pycache_store(cached->data, code, pycache_key_of_stat(&st));
    return code;
}

static ObjCode *loader_code(ObjLoader *l, ObjStr *name)
{
    if (l->kind == LOAD_SOURCE)
        return source_code(l->path, l->cached);
    if (l->kind == LOAD_FROZEN) {
        const LibModule *lm = find_frozen(name->data);
        if (!lm) {
            err_format(exc_ImportError, "No module named '%s'", name->data);
            return NULL;
        }
        return frozen_code(lm);
    }
    return NULL;
}

static Value module_name_of(Value module)
{
    Value n = obj_getattr_opt(module, s_name);
    if (!n && !err_occurred())
        err_set(exc_AttributeError, "module has no __name__");
    return n;
}

/* Run code as module's body (its dict is the globals). */
static int exec_code_in(ObjCode *code, Value module)
{
    ObjDict *g = IS_MODULE(module) ? AS_MODULE(module)->dict : NULL;
    if (!g) {
        Value d = obj_getattr(module, s_dict);
        if (!d)
            return -1;
        if (!IS_DICT(d)) {
            err_set(exc_TypeError, "module __dict__ must be a dict");
            return -1;
        }
        g = AS_DICT(d);
    }
    if (!dict_get_str(g, s_builtins)) {
        Value bm = dict_get_str(vm_modules, str_intern_cstr("builtins"));
        if (dict_set_str(g, s_builtins, bm ? bm : OBJ_VAL(vm_builtins)) < 0)
            return -1;
    }
    return vm_run_code(code, g, NULL) ? 0 : -1;
}

static Value m_loader_create_module(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("create_module", nargs, kw, 2, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    if (l->kind != LOAD_BUILTIN)
        return NONE;
    Value n = spec_attr(args[1], sa_name);
    if (!n || !IS_STR(n))
        return err_set(exc_TypeError, "spec has no name");
    const BuiltinModule *bm = find_builtin(AS_STR(n)->data);
    if (!bm)
        return err_format(exc_ImportError, "no built-in module named %s", AS_STR(n)->data);
    Value m = bm->init();
    if (m && IS_MODULE(m))
        AS_MODULE(m)->obj.obj_flags |= MODF_BUILTIN;
    return m;
}

static Value m_loader_exec_module(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("exec_module", nargs, kw, 2, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    if (l->kind == LOAD_BUILTIN || l->kind == LOAD_NAMESPACE)
        return NONE;
    Value n = module_name_of(args[1]);
    if (!n)
        return VNULL;
    ObjCode *code = loader_code(l, str_intern_obj(AS_STR(n)));
    if (!code || exec_code_in(code, args[1]) < 0)
        return VNULL;
    return NONE;
}

static Value loader_name_arg(ObjLoader *l, Value *args, int nargs)
{
    if (nargs > 1 && !IS_NONE(args[1]))
        return args[1];
    return l->name ? OBJ_VAL(l->name) : NONE;
}

static Value m_loader_get_code(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_code", nargs, kw, 1, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    Value n = loader_name_arg(l, args, nargs);
    if (!IS_STR(n) || l->kind == LOAD_BUILTIN || l->kind == LOAD_NAMESPACE)
        return NONE;
    ObjCode *code = loader_code(l, str_intern_obj(AS_STR(n)));
    return code ? OBJ_VAL(code) : VNULL;
}

static Value m_loader_get_source(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_source", nargs, kw, 1, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    if (l->kind == LOAD_FROZEN) {
        Value n = loader_name_arg(l, args, nargs);
        const LibModule *lm = IS_STR(n) ? find_frozen(AS_STR(n)->data) : NULL;
        return lm ? str_new(lm->source, lm->len) : NONE;
    }
    if (l->kind != LOAD_SOURCE)
        return NONE;
    size_t len = 0;
    char *src = read_file(l->path->data, &len);
    if (!src)
        return err_from_errno(exc_OSError, l->path->data);
    Value r = utf8_valid(src, len) ? str_new(src, len)
                                   : bytes_decode((const uint8_t *)src, len, "latin-1", "strict");
    free(src);
    return r;
}

static Value m_loader_get_data(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_data", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "expected str, not %s", TYPE(args[1])->name);
    size_t len = 0;
    char *d = read_file(AS_STR(args[1])->data, &len);
    if (!d)
        return err_from_errno(exc_OSError, AS_STR(args[1])->data);
    Value r = bytes_new((const uint8_t *)d, len);
    free(d);
    return r;
}

static Value m_loader_get_filename(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_filename", nargs, kw, 1, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    if (l->kind != LOAD_SOURCE)
        return err_set(exc_ImportError, "loader has no file name");
    return OBJ_VAL(l->path);
}

static Value m_loader_is_package(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("is_package", nargs, kw, 1, 2) < 0)
        return VNULL;
    ObjLoader *l = (ObjLoader *)AS_OBJ(args[0]);
    if (l->kind == LOAD_FROZEN && nargs > 1 && IS_STR(args[1])) {
        const LibModule *lm = find_frozen(AS_STR(args[1])->data);
        return BOOL_V(lm && lm->is_package);
    }
    return BOOL_V(l->package || l->kind == LOAD_NAMESPACE);
}

static Value m_loader_load_module(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("load_module", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "expected str, not %s", TYPE(args[1])->name);
    return import_module_level(AS_STR(args[1]), VNULL, NONE, 0);
}

static const MethodDef loader_methods[] = {
    {"create_module", m_loader_create_module},
    {"exec_module", m_loader_exec_module},
    {"get_code", m_loader_get_code},
    {"get_source", m_loader_get_source},
    {"get_data", m_loader_get_data},
    {"get_filename", m_loader_get_filename},
    {"is_package", m_loader_is_package},
    {"load_module", m_loader_load_module},
    {NULL, NULL}};

Type type_baton_loader = {
    .name = "BatonLoader", .kind = KIND_OTHER, .inst_size = sizeof(ObjLoader),
    .trace = loader_trace, .repr = loader_repr, .getattr = loader_getattr,
};

/* ---- baton's finder ---------------------------------------------------------------- */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static Value str_of_buf(StrBuf *b)
{
    return utf8_valid(b->data, b->len) ? str_new(b->data, b->len) : VNULL;
}

/* The spec of the source module in file (a package when locs is its
 * __path__), with its bytecode cache as spec.cached and loader.cached. */
static Value source_spec(ObjStr *full, Value file, Value locs)
{
    Value ld = loader_new(LOAD_SOURCE, full, AS_STR(file), locs != VNULL);
    Value cached = pycache_path(AS_STR(file)->data);
    if (cached)
        ((ObjLoader *)AS_OBJ(ld))->cached = AS_STR(cached);
    Value spec = spec_new(full, ld, file, locs);
    if (spec && (dict_set_str(AS_INSTANCE(spec)->dict, s_set_fileattr, TRUE_V) < 0 ||
                 (cached && dict_set_str(AS_INSTANCE(spec)->dict, sa_cached, cached) < 0)))
        return VNULL;
    return spec;
}

/* The spec of a source module: leaf.py or leaf/__init__.py in a directory
 * of `path` (a list of str); a directory `leaf` with neither adds to a
 * namespace package found only if no real module exists.  VNULL with no
 * error: not found. */
static Value find_in_path(ObjStr *full, const char *leaf, Value path)
{
    Value snap = obj_to_list(path);
    if (!snap)
        return VNULL;
    Value ns_dirs = VNULL;
    for (int64_t i = 0; i < AS_LIST(snap)->len; i++) {
        Value dir = AS_LIST(snap)->items[i];
        if (!IS_STR(dir))
            continue;
        const char *d = AS_STR(dir)->len ? AS_STR(dir)->data : ".";
        StrBuf b;
        sb_init(&b);
        sb_printf(&b, "%s/%s/__init__.py", d, leaf);
        sb_addc(&b, '\0');
        b.len--;
        if (is_file(b.data)) {
            Value file = str_of_buf(&b);
            b.len -= strlen("/__init__.py");
            Value pkgdir = str_of_buf(&b);
            sb_free(&b);
            if (!file || !pkgdir)
                return VNULL;
            Value locs = list_from(&pkgdir, 1);
            return locs ? source_spec(full, file, locs) : VNULL;
        }
        b.len = 0;
        sb_printf(&b, "%s/%s.py", d, leaf);
        sb_addc(&b, '\0');
        b.len--;
        if (is_file(b.data)) {
            Value file = str_of_buf(&b);
            sb_free(&b);
            if (!file)
                return VNULL;
            return source_spec(full, file, VNULL);
        }
        b.len = 0;
        sb_printf(&b, "%s/%s", d, leaf);
        sb_addc(&b, '\0');
        b.len--;
        if (is_dir(b.data)) {
            Value nd = str_of_buf(&b);
            if (nd) {
                if (!ns_dirs && !(ns_dirs = list_new(0))) {
                    sb_free(&b);
                    return VNULL;
                }
                if (list_append(ns_dirs, nd) < 0) {
                    sb_free(&b);
                    return VNULL;
                }
            }
        }
        sb_free(&b);
    }
    if (ns_dirs) {
        Value ld = loader_new(LOAD_NAMESPACE, full, NULL, true);
        return spec_new(full, ld, NONE, ns_dirs);
    }
    return VNULL;
}

/* What baton's finder finds for full (path: the parent's __path__, or
 * VNULL for a top-level name). */
static Value baton_find_spec(ObjStr *full, Value path)
{
    if (find_builtin(full->data))
        return spec_new(full, builtin_loader, str_from_cstr("built-in"), VNULL);
    const LibModule *lm = find_frozen(full->data);
    if (lm) {
        Value locs = VNULL;
        if (lm->is_package && !(locs = list_new(0)))
            return VNULL;
        return spec_new(full, frozen_loader, str_from_cstr("frozen"), locs);
    }
    if (!path || IS_NONE(path)) {
        Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
        path = sys && IS_MODULE(sys) ? dict_get_str(AS_MODULE(sys)->dict, s_syspath) : VNULL;
        if (!path)
            return VNULL;
    }
    const char *dot = strrchr(full->data, '.');
    return find_in_path(full, dot ? dot + 1 : full->data, path);
}

static Value m_finder_find_spec(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "fullname", "path", "target", NULL};
    Value a[4];
    if (args_parse("find_spec", args, nargs, kw, params, 2, 4, a) < 0)
        return VNULL;
    if (!IS_STR(a[1]))
        return err_format(exc_TypeError, "find_spec() argument 'fullname' must be str, not %s",
                          TYPE(a[1])->name);
    Value spec = baton_find_spec(str_intern_obj(AS_STR(a[1])), a[2]);
    if (!spec && !err_occurred())
        return NONE;
    return spec;
}

static Value m_finder_invalidate_caches(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return NONE;
}

static const MethodDef finder_methods[] = {
    {"find_spec", m_finder_find_spec},
    {"invalidate_caches", m_finder_invalidate_caches},
    {NULL, NULL}};

static Value finder_repr(Value v)
{
    (void)v;
    return str_from_cstr("<class 'baton.PathFinder'>");
}

Type type_baton_finder = {
    .name = "BatonFinder", .kind = KIND_OTHER, .inst_size = sizeof(Obj),
    .repr = finder_repr,
};

/* ---- loading a spec ---------------------------------------------------------------- */

static Value not_found(const char *full, const char *fmt_parent)
{
    if (fmt_parent)
        err_format(exc_ModuleNotFoundError, "No module named '%s'; '%s' is not a package", full,
                   fmt_parent);
    else
        err_format(exc_ModuleNotFoundError, "No module named '%s'", full);
    Value e = vm_cur->exc;
    Value n = str_from_cstr(full);
    if (e && IS_EXCEPTION(e) && n) {
        ObjDict **ds = obj_dict_slot(e);
        if (ds) {
            if (!*ds)
                *ds = AS_DICT(dict_new());
            if (*ds)
                dict_set_str(*ds, str_intern_cstr("name"), n);
        }
    }
    return VNULL;
}

/* importlib's _init_module_attrs: the module learns where it came from. */
static int init_module_attrs(Value spec, Value module)
{
    Value name = spec_attr(spec, sa_name), loader = spec_attr(spec, sa_loader);
    Value locs = spec_attr(spec, s_ssl), origin = spec_attr(spec, s_origin);
    if (err_occurred())
        return -1;
    Value parent = obj_getattr(spec, s_parent);
    if (!parent)
        return -1;
    Value fileattr = obj_getattr(spec, s_has_location);
    if (!fileattr)
        return -1;
    Value cur = obj_getattr_opt(module, s_name);
    if (!cur && name && obj_setattr(module, s_name, name) < 0)
        return -1;
    cur = obj_getattr_opt(module, s_loader);
    if ((!cur || IS_NONE(cur)) && loader && obj_setattr(module, s_loader, loader) < 0)
        return -1;
    cur = obj_getattr_opt(module, s_package);
    if ((!cur || IS_NONE(cur)) && obj_setattr(module, s_package, parent) < 0)
        return -1;
    if (obj_setattr(module, s_spec, spec) < 0)
        return -1;
    if (locs && !IS_NONE(locs) && obj_setattr(module, s_path, locs) < 0)
        return -1;
    int fa = obj_truthy(fileattr);
    if (fa < 0)
        return -1;
    if (loader && IS_TYPE_EXACT(loader, &type_baton_loader) &&
        ((ObjLoader *)AS_OBJ(loader))->kind == LOAD_NAMESPACE && obj_setattr(module, s_file, NONE) < 0)
        return -1; /* namespace packages have __file__ None (3.7+) */
    if (fa && origin && !IS_NONE(origin)) {
        if (obj_setattr(module, s_file, origin) < 0)
            return -1;
        Value cached = spec_attr(spec, sa_cached);
        if (obj_setattr(module, s_cached, cached ? cached : NONE) < 0)
            return -1;
    }
    return err_occurred() ? -1 : 0;
}

static int set_initializing(Value spec, bool on)
{
    if (IS_TYPE_EXACT(spec, &type_module_spec))
        return dict_set_str(AS_INSTANCE(spec)->dict, s_initializing, BOOL_V(on));
    int r = obj_setattr(spec, s_initializing, BOOL_V(on));
    if (r < 0 && err_matches(exc_AttributeError)) {
        err_clear();
        return 0;
    }
    return r;
}

/* Load the module spec describes and enter it in sys.modules (importlib's
 * _load_unlocked); returns what sys.modules holds afterwards. */
static Value load_spec(ObjStr *name, Value spec)
{
    Value loader = spec_attr(spec, sa_loader);
    if (err_occurred())
        return VNULL;
    Value module = VNULL;
    bool native = loader && IS_TYPE_EXACT(loader, &type_baton_loader);
    if (native) {
        Value a[2] = {loader, spec};
        module = m_loader_create_module(a, 2, NULL);
        if (!module)
            return VNULL;
        if (IS_NONE(module))
            module = VNULL;
    } else if (loader && !IS_NONE(loader)) {
        Value cm = obj_getattr_opt(loader, s_create_module);
        if (cm) {
            module = obj_call1(cm, spec);
            if (!module)
                return VNULL;
            if (IS_NONE(module))
                module = VNULL;
        } else if (err_occurred()) {
            return VNULL;
        } else {
            Value em = obj_getattr_opt(loader, s_exec_module);
            if (!em && !err_occurred())
                return err_set(exc_ImportError,
                               "loaders that define exec_module() must also define create_module()");
        }
    }
    if (!module && !(module = module_new(name)))
        return VNULL;
    if (init_module_attrs(spec, module) < 0)
        return VNULL;
    if (set_initializing(spec, true) < 0 || dict_set_str(vm_modules, name, module) < 0)
        return VNULL;
    Value r = NONE;
    if (native) {
        Value a[2] = {loader, module};
        r = m_loader_exec_module(a, 2, NULL);
    } else if (loader && !IS_NONE(loader)) {
        Value em = obj_getattr_opt(loader, s_exec_module);
        r = em ? obj_call1(em, module) : err_occurred() ? VNULL : NONE;
    }
    if (!r) {
        Value exc = err_fetch();
        if (dict_get_str(vm_modules, name))
            dict_del(OBJ_VAL(vm_modules), OBJ_VAL(name));
        set_initializing(spec, false);
        err_clear();
        vm_cur->exc = exc;
        return VNULL;
    }
    if (set_initializing(spec, false) < 0)
        return VNULL;
    Value again = dict_get_str(vm_modules, name);
    if (!again)
        return err_format(exc_KeyError, "%R", OBJ_VAL(name));
    for (const ImportHook *h = modules_after_import; h->name; h++)
        if (strcmp(h->name, name->data) == 0 && h->loaded(again) < 0)
            return VNULL;
    return again;
}

/* The spec for name from the finders on sys.meta_path (VNULL + no error:
 * none found). */
static Value find_spec(ObjStr *name, Value path)
{
    Value sys = dict_get_str(vm_modules, str_intern_cstr("sys"));
    Value mp = sys && IS_MODULE(sys) ? dict_get_str(AS_MODULE(sys)->dict, s_meta_path) : VNULL;
    if (!mp || !IS_LIST(mp))
        return baton_find_spec(name, path);
    Value snap = list_from(AS_LIST(mp)->items, AS_LIST(mp)->len);
    if (!snap)
        return VNULL;
    for (int64_t i = 0; i < AS_LIST(snap)->len; i++) {
        Value finder = AS_LIST(snap)->items[i];
        Value spec;
        if (finder == baton_finder) {
            spec = baton_find_spec(name, path);
        } else {
            Value fs = obj_getattr_opt(finder, s_find_spec);
            if (!fs) {
                if (err_occurred())
                    return VNULL;
                continue;
            }
            Value args[3] = {OBJ_VAL(name), path ? path : NONE, NONE};
            spec = obj_call(fs, args, 3, NULL);
            if (spec && IS_NONE(spec))
                spec = VNULL;
        }
        if (spec || err_occurred())
            return spec;
    }
    return VNULL;
}

/* ---- the import itself -------------------------------------------------------------- */

/* Import name (absolute, dotted): importlib's _find_and_load. */
static Value find_and_load(ObjStr *name)
{
    Value m = dict_get_str(vm_modules, name);
    if (m) {
        if (IS_NONE(m))
            return err_format(exc_ModuleNotFoundError, "import of %s halted; None in sys.modules",
                              name->data);
        return m;
    }
    const char *dot = strrchr(name->data, '.');
    Value path = VNULL, parent = VNULL;
    ObjStr *pname = NULL;
    if (dot) {
        pname = str_intern(name->data, (size_t)(dot - name->data));
        parent = dict_get_str(vm_modules, pname);
        if (!parent || IS_NONE(parent)) {
            parent = find_and_load(pname);
            if (!parent)
                return VNULL;
        }
        m = dict_get_str(vm_modules, name); /* importing the parent may have done it */
        if (m)
            return m;
        path = obj_getattr_opt(parent, s_path);
        if (!path) {
            if (err_occurred())
                return VNULL;
            return not_found(name->data, pname->data);
        }
    }
    Value spec = find_spec(name, path);
    if (!spec) {
        if (err_occurred())
            return VNULL;
        return not_found(name->data, NULL);
    }
    m = load_spec(name, spec);
    if (!m)
        return VNULL;
    if (parent) {
        /* the parent gets the child as an attribute */
        ObjStr *leaf = str_intern_cstr(dot + 1);
        if (obj_setattr(parent, leaf, m) < 0) {
            if (!err_matches(exc_AttributeError))
                return VNULL;
            err_clear();
        }
    }
    return m;
}

/* importlib's _calc___package__: the package a relative import is
 * relative to. */
static Value calc_package(Value globals)
{
    if (!globals || !IS_OBJ(globals) || !(TYPE(globals)->flags & TF_DICT_SUB))
        return err_set(exc_KeyError, "'__name__' not in globals");
    ObjDict *g = AS_DICT(globals);
    Value package = dict_get_str(g, s_package);
    Value spec = dict_get_str(g, s_spec);
    if (package && !IS_NONE(package)) {
        if (!IS_STR(package))
            return err_set(exc_TypeError, "package must be a string");
        return package;
    }
    if (spec && !IS_NONE(spec))
        return obj_getattr(spec, s_parent);
    Value name = dict_get_str(g, s_name);
    if (!name)
        return err_set(exc_KeyError, "'__name__' not in globals");
    if (!IS_STR(name))
        return err_set(exc_TypeError, "__name__ must be a string");
    if (dict_get_str(g, s_path))
        return name;
    const char *dot = strrchr(AS_STR(name)->data, '.');
    return dot ? str_new(AS_STR(name)->data, (size_t)(dot - AS_STR(name)->data)) : str_empty();
}

/* importlib's _resolve_name */
static ObjStr *resolve_name(ObjStr *name, Value package, int level)
{
    if (!IS_STR(package) || AS_STR(package)->len == 0) {
        err_set(exc_ImportError, "attempted relative import with no known parent package");
        return NULL;
    }
    ObjStr *p = AS_STR(package);
    int64_t end = p->len;
    for (int i = 1; i < level; i++) {
        while (end > 0 && p->data[end - 1] != '.')
            end--;
        if (end == 0) {
            err_set(exc_ImportError, "attempted relative import beyond top-level package");
            return NULL;
        }
        end--;
    }
    Value r = name->len ? str_printf("%.*s.%s", (int)end, p->data, name->data)
                        : str_new(p->data, (size_t)end);
    return r ? str_intern_obj(AS_STR(r)) : NULL;
}

/* The fromlist names that are submodules get imported (importlib's
 * _handle_fromlist). */
static int handle_fromlist(Value module, Value fromlist, bool recursive)
{
    Value l = obj_to_list(fromlist);
    if (!l)
        return -1;
    for (int64_t i = 0; i < AS_LIST(l)->len; i++) {
        Value x = AS_LIST(l)->items[i];
        if (!IS_STR(x)) {
            Value mn = obj_getattr_opt(module, s_name);
            err_format(exc_TypeError, "Item in %s must be str, not %s",
                       recursive ? "``from list''" : "``from list''", TYPE(x)->name);
            (void)mn;
            return -1;
        }
        ObjStr *xs = str_intern_obj(AS_STR(x));
        if (strcmp(xs->data, "*") == 0) {
            if (!recursive) {
                Value all = obj_getattr_opt(module, s_all);
                if (all && handle_fromlist(module, all, true) < 0)
                    return -1;
                if (!all && err_occurred())
                    return -1;
            }
            continue;
        }
        Value have = obj_getattr_opt(module, xs);
        if (have)
            continue;
        if (err_occurred())
            return -1;
        Value mname = module_name_of(module);
        if (!mname || !IS_STR(mname))
            return -1;
        Value full = str_printf("%s.%s", AS_STR(mname)->data, xs->data);
        if (!full)
            return -1;
        ObjStr *fs = str_intern_obj(AS_STR(full));
        if (!find_and_load(fs)) {
            /* a missing submodule is not an error here: IMPORT_FROM says so */
            if (err_matches(exc_ModuleNotFoundError)) {
                Value e = vm_cur->exc;
                ObjDict **ds = IS_EXCEPTION(e) ? obj_dict_slot(e) : NULL;
                Value en = ds && *ds ? dict_get_str(*ds, str_intern_cstr("name")) : VNULL;
                if (en && IS_STR(en) && str_eq(AS_STR(en), fs)) {
                    err_clear();
                    continue;
                }
            }
            return -1;
        }
    }
    return 0;
}

Value import_module_level(ObjStr *name, Value globals, Value fromlist, int level)
{
    name = str_intern_obj(name);
    if (level < 0)
        return err_set(exc_ValueError, "level must be >= 0");
    ObjStr *abs = name;
    if (level > 0) {
        Value package = calc_package(globals);
        if (!package)
            return VNULL;
        abs = resolve_name(name, package, level);
        if (!abs)
            return VNULL;
    } else if (name->len == 0) {
        return err_set(exc_ValueError, "Empty module name");
    }
    Value m = dict_get_str(vm_modules, abs);
    if (!m || IS_NONE(m)) {
        m = find_and_load(abs);
        if (!m)
            return VNULL;
    }
    int has_from = 0;
    if (fromlist && !IS_NONE(fromlist) && (has_from = obj_truthy(fromlist)) < 0)
        return VNULL;
    if (!has_from) {
        if (level == 0) {
            const char *dot = strchr(name->data, '.');
            if (!dot)
                return m;
            return find_and_load(str_intern(name->data, (size_t)(dot - name->data)));
        }
        if (name->len == 0)
            return m;
        /* `from . import x` always has a fromlist; __import__('a.b', level=1) */
        const char *dot = strchr(name->data, '.');
        size_t cut = dot ? strlen(dot) : 0;
        Value mn = module_name_of(m);
        if (!mn || !IS_STR(mn))
            return VNULL;
        ObjStr *top = str_intern(AS_STR(mn)->data, (size_t)AS_STR(mn)->len - cut);
        Value t = dict_get_str(vm_modules, top);
        return t ? t : err_format(exc_KeyError, "%R", OBJ_VAL(top));
    }
    Value path = obj_getattr_opt(m, s_path);
    if (path) {
        if (handle_fromlist(m, fromlist, false) < 0)
            return VNULL;
    } else if (err_occurred()) {
        return VNULL;
    }
    return m;
}

Value module_import(ObjStr *name)
{
    return import_module_level(name, VNULL, NONE, 0) ? dict_get_str(vm_modules,
                                                                      str_intern_obj(name))
                                                     : VNULL;
}

/* from m import name: the attribute, or a submodule in sys.modules (the
 * import may have put it there without the attribute). */
Value module_import_from(Value m, ObjStr *name)
{
    Value v = obj_getattr_opt(m, name);
    if (v)
        return v;
    if (err_occurred())
        return VNULL;
    Value mname = obj_getattr_opt(m, s_name);
    if (!mname && err_occurred())
        return VNULL;
    if (mname && IS_STR(mname)) {
        Value full = str_printf("%s.%s", AS_STR(mname)->data, name->data);
        if (!full)
            return VNULL;
        Value sub = dict_get_str(vm_modules, str_intern_obj(AS_STR(full)));
        if (sub)
            return sub;
    }
    const char *mn = mname && IS_STR(mname) ? AS_STR(mname)->data : "<unknown module name>";
    Value spec = obj_getattr_opt(m, s_spec);
    Value init = spec ? obj_getattr_opt(spec, s_initializing) : VNULL;
    err_clear();
    if (init == TRUE_V)
        return err_format(exc_ImportError, "cannot import name '%s' from partially initialized "
                          "module '%s' (most likely due to a circular import) (%s)",
                          name->data, mn, "unknown location");
    Value file = obj_getattr_opt(m, s_file);
    err_clear();
    return err_format(exc_ImportError, "cannot import name '%s' from '%s' (%s)", name->data, mn,
                      file && IS_STR(file) ? AS_STR(file)->data : "unknown location");
}

int module_import_star(Value m, ObjDict *ns)
{
    Value all = obj_getattr_opt(m, s_all);
    if (!all && err_occurred())
        return -1;
    bool skip_private = !all;
    Value names = all;
    if (!names) {
        Value d = obj_getattr_opt(m, s_dict);
        if (!d) {
            if (!err_occurred())
                err_set(exc_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        names = obj_call_method(d, str_intern_cstr("keys"), NULL, 0);
        if (!names)
            return -1;
    }
    Value l = obj_to_list(names);
    if (!l)
        return -1;
    for (int64_t i = 0; i < AS_LIST(l)->len; i++) {
        Value k = AS_LIST(l)->items[i];
        if (!IS_STR(k) && !(TYPE(k)->flags & TF_STR_SUB)) {
            Value mn = obj_getattr_opt(m, s_name);
            err_clear();
            err_format(exc_TypeError, "%s in %s.%s must be str, not %s",
                       skip_private ? "Key" : "Item",
                       mn && IS_STR(mn) ? AS_STR(mn)->data : "module",
                       skip_private ? "__dict__" : "__all__", TYPE(k)->name);
            return -1;
        }
        ObjStr *ks = str_intern_obj(AS_STR(k));
        if (skip_private && ks->data[0] == '_')
            continue;
        Value v = obj_getattr(m, ks);
        if (!v)
            return -1;
        if (obj_setitem(OBJ_VAL(ns), OBJ_VAL(ks), v) < 0)
            return -1;
    }
    return 0;
}

/* builtins.__import__(name, globals=None, locals=None, fromlist=(), level=0) */
Value import_builtin_import(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    Value a[5];
    if (args_parse("__import__", args, nargs, kw, params, 1, 5, a) < 0)
        return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "__import__() argument 1 must be str, not %s",
                          TYPE(a[0])->name);
    int64_t level = 0;
    if (a[4] && obj_as_int64(a[4], &level) < 0)
        return VNULL;
    return import_module_level(AS_STR(a[0]), a[1] && !IS_NONE(a[1]) ? a[1] : VNULL,
                               a[3] ? a[3] : NONE, (int)level);
}

/* The spec and loader a script's __main__ module gets. */
Value import_main_loader(const char *file)
{
    Value f = str_from_cstr(file);
    return f ? loader_new(LOAD_SOURCE, str_intern_cstr("__main__"), AS_STR(f), false) : VNULL;
}

/* ---- _imp's view of the same tables ---------------------------------------------------- */

bool import_is_builtin(const char *name) { return find_builtin(name) != NULL; }

Value import_create_builtin(ObjStr *name)
{
    const BuiltinModule *bm = find_builtin(name->data);
    if (!bm)
        return err_format(exc_ImportError, "no built-in module named %s", name->data);
    Value m = dict_get_str(vm_modules, name);
    if (m)
        return m;
    m = bm->init();
    if (m && IS_MODULE(m))
        AS_MODULE(m)->obj.obj_flags |= MODF_BUILTIN;
    return m;
}

Value import_builtin_names(void)
{
    Value l = list_new(0);
    for (const BuiltinModule *bm = modules_builtin; l && bm->name; bm++)
        if (list_append(l, str_from_cstr(bm->name)) < 0)
            return VNULL;
    if (l && list_append(l, str_from_cstr("builtins")) < 0)
        return VNULL;
    return l ? obj_to_tuple(l) : VNULL;
}

/* sys.meta_path's first entry (sys.c installs it). */
Value import_default_finder(void) { return baton_finder; }

void import_init(void)
{
#define I(v, s) v = str_intern_cstr(s)
    I(s_name, "__name__");
    I(s_file, "__file__");
    I(s_path, "__path__");
    I(s_all, "__all__");
    I(s_package, "__package__");
    I(s_spec, "__spec__");
    I(s_loader, "__loader__");
    I(s_cached, "__cached__");
    I(s_builtins, "__builtins__");
    I(s_dict, "__dict__");
    I(s_parent, "parent");
    I(s_initializing, "_initializing");
    I(s_origin, "origin");
    I(s_ssl, "submodule_search_locations");
    I(s_has_location, "has_location");
    I(s_find_spec, "find_spec");
    I(s_create_module, "create_module");
    I(s_exec_module, "exec_module");
    I(s_meta_path, "meta_path");
    I(s_loader_state, "loader_state");
    I(s_set_fileattr, "_set_fileattr");
    I(s_syspath, "path");
    I(sa_name, "name");
    I(sa_loader, "loader");
    I(sa_cached, "cached");
#undef I
    type_module_spec.module = str_intern_cstr("_frozen_importlib");
    type_ready(&type_module_spec, NULL);
    type_ready(&type_baton_loader, loader_methods);
    type_ready(&type_baton_finder, finder_methods);
    builtin_loader = loader_new(LOAD_BUILTIN, NULL, NULL, false);
    frozen_loader = loader_new(LOAD_FROZEN, NULL, NULL, false);
    baton_finder = OBJ_VAL(gc_new(&type_baton_finder, sizeof(Obj)));
    gc_add_root_value(&builtin_loader);
    gc_add_root_value(&frozen_loader);
    gc_add_root_value(&baton_finder);
}
