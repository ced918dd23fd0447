/* _imp.c — the _imp module CPython's importlib (Lib/importlib/_bootstrap*.py)
 * calls into: built-in modules, the (empty) set of frozen modules, the
 * import lock, and the helpers for source hashes.  baton's own import
 * system is import.c; this is what lets CPython's importlib package work
 * beside it (importlib.import_module, importlib.util, importlib.machinery).
 * baton's lib/ modules compiled into the binary are not "frozen" in
 * CPython's sense (no frozen code objects), so is_frozen() is False for
 * them: importlib then leaves their specs alone. */
#include <pthread.h>

#include "frame.h"
#include "gil.h"
#include "modules.h"
#include "vm.h"

static Value name_arg(Value *args, int nargs, ObjTuple *kw, const char *fn)
{
    if (args_check(fn, nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "%s() argument must be str, not %s", fn,
                          TYPE(args[0])->name);
    return args[0];
}

static Value f_is_builtin(Value *args, int nargs, ObjTuple *kw)
{
    Value n = name_arg(args, nargs, kw, "is_builtin");
    if (!n)
        return VNULL;
    const char *s = AS_STR(n)->data;
    /* CPython: -1 for sys and builtins (cannot be re-initialised), 1 for
     * other built-in modules, 0 otherwise */
    if (!strcmp(s, "sys") || !strcmp(s, "builtins"))
        return MK_INT(-1);
    return MK_INT(import_is_builtin(s) ? 1 : 0);
}

static Value f_create_builtin(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("create_builtin", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value n = obj_getattr(args[0], str_intern_cstr("name"));
    if (!n)
        return VNULL;
    if (!IS_STR(n))
        return err_set(exc_TypeError, "name must be string");
    ObjStr *name = str_intern_obj(AS_STR(n));
    Value m = dict_get_str(vm_modules, name);
    if (m && (!strcmp(name->data, "sys") || !strcmp(name->data, "builtins")))
        return m;
    return import_create_builtin(name);
}

static Value f_exec_builtin(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("exec_builtin", nargs, kw, 1, 1) < 0 ? VNULL : MK_INT(0);
}

static Value f_exec_dynamic(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("exec_dynamic", nargs, kw, 1, 1) < 0 ? VNULL : MK_INT(0);
}

static Value f_is_frozen(Value *args, int nargs, ObjTuple *kw)
{
    return name_arg(args, nargs, kw, "is_frozen") ? FALSE_V : VNULL;
}

static Value f_is_frozen_package(Value *args, int nargs, ObjTuple *kw)
{
    Value n = name_arg(args, nargs, kw, "is_frozen_package");
    return n ? err_format(exc_ImportError, "No such frozen object named %R", n) : VNULL;
}

static Value f_find_frozen(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"", "withdata", NULL};
    Value a[2];
    if (args_parse("find_frozen", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    return NONE;
}

static Value f_get_frozen_object(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("get_frozen_object", nargs, kw, 1, 2) < 0)
        return VNULL;
    return err_format(exc_ImportError, "No such frozen object named %R", args[0]);
}

static Value f_init_frozen(Value *args, int nargs, ObjTuple *kw)
{
    Value n = name_arg(args, nargs, kw, "init_frozen");
    return n ? NONE : VNULL;
}

static Value f_frozen_module_names(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("_frozen_module_names", nargs, kw, 0, 0) < 0 ? VNULL : tuple_new(0);
}

static Value f_extension_suffixes(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    /* baton cannot load CPython's C extension modules */
    return args_check("extension_suffixes", nargs, kw, 0, 0) < 0 ? VNULL : list_new(0);
}

/* The import lock: a re-entrant lock, taken with the GIL released while
 * waiting (importlib holds it around module-lock bookkeeping). */
static pthread_mutex_t lock_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lock_cv = PTHREAD_COND_INITIALIZER;
static uint64_t lock_owner;
static int64_t lock_count;

static Value f_acquire_lock(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("acquire_lock", nargs, kw, 0, 0) < 0)
        return VNULL;
    uint64_t me = vm_cur->ident ? vm_cur->ident : 1;
    if (lock_count && lock_owner == me) {
        lock_count++;
        return NONE;
    }
    if (lock_count) {
        GIL_RELEASE(BLOCK_LOCK);
        pthread_mutex_lock(&lock_mu);
        while (lock_count)
            pthread_cond_wait(&lock_cv, &lock_mu);
        pthread_mutex_unlock(&lock_mu);
        GIL_ACQUIRE();
    }
    pthread_mutex_lock(&lock_mu);
    lock_owner = me;
    lock_count = 1;
    pthread_mutex_unlock(&lock_mu);
    return NONE;
}

static Value f_release_lock(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("release_lock", nargs, kw, 0, 0) < 0)
        return VNULL;
    uint64_t me = vm_cur->ident ? vm_cur->ident : 1;
    if (!lock_count || lock_owner != me)
        return err_set(exc_RuntimeError, "not holding the import lock");
    if (--lock_count == 0) {
        pthread_mutex_lock(&lock_mu);
        lock_owner = 0;
        pthread_cond_broadcast(&lock_cv);
        pthread_mutex_unlock(&lock_mu);
    }
    return NONE;
}

static Value f_lock_held(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("lock_held", nargs, kw, 0, 0) < 0 ? VNULL : BOOL_V(lock_count > 0);
}

static Value f_fix_co_filename(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_fix_co_filename", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!IS_CODE(args[0]) || !IS_STR(args[1]))
        return err_set(exc_TypeError, "_fix_co_filename() expects a code object and a str");
    return NONE;
}

/* source_hash(key, source): the 8-byte hash CPython's hash-based .pyc files
 * carry (SipHash-1-3 keyed by key); baton writes no such files, but the
 * value must be deterministic for a (key, source) pair. */
static uint64_t sip_rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }
static uint64_t siphash13(uint64_t k0, uint64_t k1, const uint8_t *m, size_t len)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
    uint64_t b = (uint64_t)len << 56;
#define ROUND do { v0 += v1; v1 = sip_rotl(v1, 13); v1 ^= v0; v0 = sip_rotl(v0, 32); \
        v2 += v3; v3 = sip_rotl(v3, 16); v3 ^= v2; v0 += v3; v3 = sip_rotl(v3, 21); v3 ^= v0; \
        v2 += v1; v1 = sip_rotl(v1, 17); v1 ^= v2; v2 = sip_rotl(v2, 32); } while (0)
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, m + i, 8);
        v3 ^= w;
        ROUND;
        v0 ^= w;
    }
    uint64_t t = 0;
    for (size_t j = 0; i + j < len; j++)
        t |= (uint64_t)m[i + j] << (8 * j);
    b |= t;
    v3 ^= b;
    ROUND;
    v0 ^= b;
    v2 ^= 0xff;
    ROUND;
    ROUND;
    ROUND;
#undef ROUND
    return v0 ^ v1 ^ v2 ^ v3;
}

static Value f_source_hash(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"key", "source", NULL};
    Value a[2];
    if (args_parse("source_hash", args, nargs, kw, params, 2, 2, a) < 0)
        return VNULL;
    int64_t key;
    if (obj_as_int64(a[0], &key) < 0)
        return VNULL;
    Buffer b;
    if (obj_getbuffer(a[1], &b, BUF_SIMPLE) < 0)
        return VNULL;
    uint64_t h = siphash13((uint64_t)key, 0, b.buf, (size_t)b.len);
    buffer_release(&b);
    return bytes_new((const uint8_t *)&h, 8);
}

static Value f_override_frozen(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("_override_frozen_modules_for_tests", nargs, kw, 1, 1) < 0 ? VNULL : NONE;
}

Value mod_imp_init(void)
{
    Value mv = module_new(str_intern_cstr("_imp"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    static const MethodDef fns[] = {
        {"is_builtin", f_is_builtin}, {"create_builtin", f_create_builtin},
        {"exec_builtin", f_exec_builtin}, {"exec_dynamic", f_exec_dynamic},
        {"is_frozen", f_is_frozen}, {"is_frozen_package", f_is_frozen_package},
        {"find_frozen", f_find_frozen}, {"get_frozen_object", f_get_frozen_object},
        {"init_frozen", f_init_frozen}, {"_frozen_module_names", f_frozen_module_names},
        {"extension_suffixes", f_extension_suffixes}, {"acquire_lock", f_acquire_lock},
        {"release_lock", f_release_lock}, {"lock_held", f_lock_held},
        {"_fix_co_filename", f_fix_co_filename}, {"source_hash", f_source_hash},
        {"_override_frozen_modules_for_tests", f_override_frozen},
        {NULL, NULL}};
    for (const MethodDef *d = fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add(m, "check_hash_based_pycs", str_from_cstr("default"));
    return mv;
}
