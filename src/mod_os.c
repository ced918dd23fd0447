/* mod_os.c — the os module and posixpath (os.path).
 *
 * Thin wrappers over POSIX calls; every failure becomes the OSError
 * subclass CPython raises (err_from_errno with the path).  os.environ is a
 * dict snapshot taken at import.  posixpath is written over UTF-8 bytes:
 * '/' and '.' are ASCII, so byte positions are safe split points.  Process
 * calls (fork, kill, waitpid…) are left to the process task.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exceptions.h"
#include "mp.h"
#include "str.h"

extern char **environ;

/* A path argument: str (or bytes) as a C string; NULL with TypeError. */
static const char *path_arg(Value v, const char *fn)
{
    if (IS_STR(v)) {
        if (strlen(str_cstr(AS_STR(v))) != (size_t)AS_STR(v)->len) {
            err_format(exc_ValueError, "%s: embedded null character in path", fn);
            return NULL;
        }
        return AS_STR(v)->data;
    }
    if (IS_BYTES(v))
        return (const char *)AS_BYTES(v)->data;
    err_format(exc_TypeError, "%s: path should be string, bytes or os.PathLike, not %T", fn, v);
    return NULL;
}

static Value m_getpid(Value *a, int n, ObjTuple *k)
{
    (void)a;
    return args_check("getpid", n, k, 0, 0) < 0 ? VNULL : MK_INT(getpid());
}

static Value m_getppid(Value *a, int n, ObjTuple *k)
{
    (void)a;
    return args_check("getppid", n, k, 0, 0) < 0 ? VNULL : MK_INT(getppid());
}

static Value m_getcwd(Value *a, int n, ObjTuple *k)
{
    (void)a;
    if (args_check("getcwd", n, k, 0, 0) < 0)
        return VNULL;
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return err_from_errno(exc_OSError, NULL);
    Value s = str_from_cstr(cwd);
    free(cwd);
    return s;
}

static Value m_chdir(Value *a, int n, ObjTuple *k)
{
    if (args_check("chdir", n, k, 1, 1) < 0)
        return VNULL;
    const char *p = path_arg(a[0], "chdir");
    if (!p)
        return VNULL;
    if (chdir(p) < 0)
        return err_from_errno(exc_OSError, p);
    return NONE;
}

static Value m_cpu_count(Value *a, int n, ObjTuple *k)
{
    (void)a;
    if (args_check("cpu_count", n, k, 0, 0) < 0)
        return VNULL;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? NONE : MK_INT(c);
}

static Value m_getenv(Value *a, int n, ObjTuple *k)
{
    static const char *const params[] = {"key", "default", NULL};
    Value v[2];
    if (args_parse("getenv", a, n, k, params, 1, 2, v) < 0)
        return VNULL;
    if (!IS_STR(v[0]))
        return err_format(exc_TypeError, "str expected, not %T", v[0]);
    const char *e = getenv(str_cstr(AS_STR(v[0])));
    if (!e || !utf8_valid(e, strlen(e)))
        return v[1] ? v[1] : NONE;
    return str_from_cstr(e);
}

static Value m_listdir(Value *a, int n, ObjTuple *k)
{
    if (args_check("listdir", n, k, 0, 1) < 0)
        return VNULL;
    const char *p = ".";
    if (n == 1 && !IS_NONE(a[0]) && !(p = path_arg(a[0], "listdir")))
        return VNULL;
    DIR *d = opendir(p);
    if (!d)
        return err_from_errno(exc_OSError, p);
    Value l = list_new(0);
    struct dirent *e;
    bool bytes = n == 1 && IS_BYTES(a[0]);
    while (l && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t len = strlen(e->d_name);
        Value s = bytes ? bytes_new((const uint8_t *)e->d_name, len)
                  : utf8_valid(e->d_name, len) ? str_new(e->d_name, len) : VNULL;
        if (!s) {
            if (err_occurred()) {
                closedir(d);
                return VNULL;
            }
            continue; /* not UTF-8: CPython would surrogateescape it */
        }
        if (list_append(l, s) < 0) {
            closedir(d);
            return VNULL;
        }
    }
    closedir(d);
    return l;
}

/* One-path calls: remove, unlink, rmdir. */
static Value path_call(Value *a, int n, ObjTuple *k, const char *fn, int (*f)(const char *))
{
    if (args_check(fn, n, k, 1, 1) < 0)
        return VNULL;
    const char *p = path_arg(a[0], fn);
    if (!p)
        return VNULL;
    if (f(p) < 0)
        return err_from_errno(exc_OSError, p);
    return NONE;
}

static Value m_remove(Value *a, int n, ObjTuple *k) { return path_call(a, n, k, "remove", unlink); }
static Value m_unlink(Value *a, int n, ObjTuple *k) { return path_call(a, n, k, "unlink", unlink); }
static Value m_rmdir(Value *a, int n, ObjTuple *k) { return path_call(a, n, k, "rmdir", rmdir); }

static Value m_mkdir(Value *a, int n, ObjTuple *k)
{
    static const char *const params[] = {"path", "mode", "dir_fd", NULL};
    Value v[3];
    if (args_parse("mkdir", a, n, k, params, 1, 2, v) < 0)
        return VNULL;
    const char *p = path_arg(v[0], "mkdir");
    int64_t mode = 0777;
    if (!p || (v[1] && obj_as_int64(v[1], &mode) < 0))
        return VNULL;
    if (mkdir(p, (mode_t)mode) < 0)
        return err_from_errno(exc_OSError, p);
    return NONE;
}

static Value m_makedirs(Value *a, int n, ObjTuple *k)
{
    static const char *const params[] = {"name", "mode", "exist_ok", NULL};
    Value v[3];
    if (args_parse("makedirs", a, n, k, params, 1, 3, v) < 0)
        return VNULL;
    const char *p = path_arg(v[0], "makedirs");
    int64_t mode = 0777;
    int exist_ok = 0;
    if (!p || (v[1] && obj_as_int64(v[1], &mode) < 0) || (v[2] && (exist_ok = obj_truthy(v[2])) < 0))
        return VNULL;
    size_t len = strlen(p);
    char *buf = malloc(len + 1);
    if (!buf)
        return err_no_memory();
    memcpy(buf, p, len + 1);
    for (size_t i = 1; i < len; i++) {
        if (buf[i] != '/')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST) {
            Value r = err_from_errno(exc_OSError, buf);
            free(buf);
            return r;
        }
        buf[i] = '/';
    }
    free(buf);
    if (mkdir(p, (mode_t)mode) < 0) {
        struct stat st;
        if (errno == EEXIST && exist_ok && stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            return NONE;
        return err_from_errno(exc_OSError, p);
    }
    return NONE;
}

static Value m_rename(Value *a, int n, ObjTuple *k)
{
    if (args_check("rename", n, k, 2, 2) < 0)
        return VNULL;
    const char *s = path_arg(a[0], "rename"), *d = s ? path_arg(a[1], "rename") : NULL;
    if (!d)
        return VNULL;
    if (rename(s, d) < 0) {
        /* CPython reports "[Errno 2] No such file or directory: 'a' -> 'b'" */
        int en = errno;
        Value args[5] = {MK_INT(en), str_from_cstr(strerror(en)), a[0], NONE, a[1]};
        if (!args[1])
            return VNULL;
        Value t = tuple_from(args, 5);
        if (!t)
            return VNULL;
        Value e = exc_new(exc_OSError, AS_TUPLE(t));
        return e ? err_set_value(e) : VNULL;
    }
    return NONE;
}

static Value m_urandom(Value *a, int n, ObjTuple *k)
{
    if (args_check("urandom", n, k, 1, 1) < 0)
        return VNULL;
    int64_t size;
    if (obj_as_int64(a[0], &size) < 0)
        return VNULL;
    if (size < 0)
        return err_set(exc_ValueError, "negative argument not allowed");
    uint8_t *buf = malloc((size_t)size + 1);
    if (!buf)
        return err_no_memory();
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t r = getrandom(buf + got, (size_t)size - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(buf);
            return err_from_errno(exc_OSError, NULL);
        }
        got += (size_t)r;
    }
    Value b = bytes_new(buf, (size_t)size);
    free(buf);
    return b;
}

static Value m_strerror(Value *a, int n, ObjTuple *k)
{
    if (args_check("strerror", n, k, 1, 1) < 0)
        return VNULL;
    int64_t code;
    if (obj_as_int64(a[0], &code) < 0)
        return VNULL;
    return str_from_cstr(strerror((int)code));
}

static Value m_isatty(Value *a, int n, ObjTuple *k)
{
    if (args_check("isatty", n, k, 1, 1) < 0)
        return VNULL;
    int64_t fd;
    if (obj_as_int64(a[0], &fd) < 0)
        return VNULL;
    return BOOL_V(fd >= 0 && fd <= INT32_MAX && isatty((int)fd));
}

static Value m_putenv(Value *a, int n, ObjTuple *k)
{
    if (args_check("putenv", n, k, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(a[0]) || !IS_STR(a[1]))
        return err_set(exc_TypeError, "str expected");
    if (AS_STR(a[0])->len == 0 || strchr(str_cstr(AS_STR(a[0])), '='))
        return err_set(exc_ValueError, "illegal environment variable name");
    if (setenv(str_cstr(AS_STR(a[0])), str_cstr(AS_STR(a[1])), 1) < 0)
        return err_from_errno(exc_OSError, NULL);
    return NONE;
}

/* ---- posixpath -------------------------------------------------------- */

static ObjStr *str_arg(Value v, const char *fn)
{
    if (IS_STR(v))
        return AS_STR(v);
    err_format(exc_TypeError, "%s() argument must be str, not %T", fn, v);
    return NULL;
}

static Value p_join(Value *a, int n, ObjTuple *k)
{
    if (args_check("join", n, k, 1, 1 << 30) < 0)
        return VNULL;
    StrBuf b;
    sb_init(&b);
    for (int i = 0; i < n; i++) {
        if (!IS_STR(a[i])) {
            sb_free(&b);
            return err_format(exc_TypeError,
                              "join() argument must be str, bytes, or os.PathLike object, not '%T'",
                              a[i]);
        }
        ObjStr *s = AS_STR(a[i]);
        if (i > 0 && s->len && s->data[0] == '/')
            b.len = 0;
        else if (i > 0 && b.len && b.data[b.len - 1] != '/')
            sb_addc(&b, '/');
        sb_add(&b, s->data, (size_t)s->len);
    }
    return sb_finish(&b);
}

/* index just past the last '/' */
static size_t tail_start(ObjStr *s)
{
    const char *p = memrchr(s->data, '/', (size_t)s->len);
    return p ? (size_t)(p - s->data) + 1 : 0;
}

static Value head_of(ObjStr *s)
{
    size_t i = tail_start(s), h = i;
    bool all_slash = true;
    for (size_t j = 0; j < i; j++)
        if (s->data[j] != '/')
            all_slash = false;
    if (i && !all_slash)
        while (h > 0 && s->data[h - 1] == '/')
            h--;
    return str_new(s->data, h);
}

static Value p_split(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("split", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "split")))
        return VNULL;
    size_t i = tail_start(s);
    return tuple_pack(2, head_of(s), str_new(s->data + i, (size_t)s->len - i));
}

static Value p_basename(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("basename", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "basename")))
        return VNULL;
    size_t i = tail_start(s);
    return str_new(s->data + i, (size_t)s->len - i);
}

static Value p_dirname(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("dirname", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "dirname")))
        return VNULL;
    return head_of(s);
}

static Value p_splitext(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("splitext", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "splitext")))
        return VNULL;
    const char *d = s->data;
    const char *sep = memrchr(d, '/', (size_t)s->len), *dot = memrchr(d, '.', (size_t)s->len);
    int64_t si = sep ? sep - d : -1, di = dot ? dot - d : -1;
    if (di > si) {
        for (int64_t f = si + 1; f < di; f++)
            if (d[f] != '.')
                return tuple_pack(2, str_new(d, (size_t)di), str_new(d + di, (size_t)(s->len - di)));
    }
    return tuple_pack(2, OBJ_VAL(s), str_new("", 0));
}

static Value normpath(const char *p, size_t len)
{
    if (len == 0)
        return str_new(".", 1);
    int initial = p[0] == '/';
    if (initial && len > 1 && p[1] == '/' && !(len > 2 && p[2] == '/'))
        initial = 2;
    /* components as (start, len) pairs */
    size_t ncomp = 0;
    size_t *cs = malloc((len + 1) * sizeof(size_t)), *cl = malloc((len + 1) * sizeof(size_t));
    if (!cs || !cl) {
        free(cs);
        free(cl);
        return err_no_memory();
    }
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && p[j] != '/')
            j++;
        size_t L = j - i;
        const char *c = p + i;
        if (L == 0 || (L == 1 && c[0] == '.')) {
            /* skip */
        } else if (!(L == 2 && c[0] == '.' && c[1] == '.') || (!initial && ncomp == 0) ||
                   (ncomp && cl[ncomp - 1] == 2 && p[cs[ncomp - 1]] == '.' &&
                    p[cs[ncomp - 1] + 1] == '.')) {
            cs[ncomp] = i;
            cl[ncomp++] = L;
        } else if (ncomp) {
            ncomp--;
        }
        i = j + 1;
    }
    StrBuf b;
    sb_init(&b);
    for (int i = 0; i < initial; i++)
        sb_addc(&b, '/');
    for (size_t i = 0; i < ncomp; i++) {
        if (i)
            sb_addc(&b, '/');
        sb_add(&b, p + cs[i], cl[i]);
    }
    free(cs);
    free(cl);
    if (b.len == 0)
        sb_addc(&b, '.');
    return sb_finish(&b);
}

static Value p_normpath(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("normpath", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "normpath")))
        return VNULL;
    return normpath(s->data, (size_t)s->len);
}

static Value p_abspath(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("abspath", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "abspath")))
        return VNULL;
    if (s->len && s->data[0] == '/')
        return normpath(s->data, (size_t)s->len);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return err_from_errno(exc_OSError, NULL);
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, cwd);
    free(cwd);
    sb_addc(&b, '/');
    sb_add(&b, s->data, (size_t)s->len);
    Value r = normpath(b.data, b.len);
    sb_free(&b);
    return r;
}

static Value p_realpath(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("realpath", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "realpath")))
        return VNULL;
    char *r = realpath(s->data, NULL);
    if (!r)
        return p_abspath(a, n, k);
    Value v = str_from_cstr(r);
    free(r);
    return v;
}

static Value p_isabs(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("isabs", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "isabs")))
        return VNULL;
    return BOOL_V(s->len && s->data[0] == '/');
}

/* exists/isfile/isdir/islink: False on any error, as CPython. */
static Value stat_test(Value *a, int n, ObjTuple *k, const char *fn, int which)
{
    if (args_check(fn, n, k, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(a[0]) && !IS_BYTES(a[0]))
        return IS_INT(a[0]) ? FALSE_V : err_format(exc_TypeError,
            "stat: path should be string, bytes, os.PathLike or integer, not %T", a[0]);
    const char *p = IS_STR(a[0]) ? str_cstr(AS_STR(a[0])) : (const char *)AS_BYTES(a[0])->data;
    struct stat st;
    int r = which == 3 ? lstat(p, &st) : stat(p, &st);
    if (r < 0)
        return FALSE_V;
    switch (which) {
    case 0: return TRUE_V;
    case 1: return BOOL_V(S_ISREG(st.st_mode));
    case 2: return BOOL_V(S_ISDIR(st.st_mode));
    default: return BOOL_V(S_ISLNK(st.st_mode));
    }
}

static Value p_exists(Value *a, int n, ObjTuple *k) { return stat_test(a, n, k, "exists", 0); }
static Value p_isfile(Value *a, int n, ObjTuple *k) { return stat_test(a, n, k, "isfile", 1); }
static Value p_isdir(Value *a, int n, ObjTuple *k) { return stat_test(a, n, k, "isdir", 2); }
static Value p_islink(Value *a, int n, ObjTuple *k) { return stat_test(a, n, k, "islink", 3); }

static Value stat_num(Value *a, int n, ObjTuple *k, const char *fn, int which)
{
    if (args_check(fn, n, k, 1, 1) < 0)
        return VNULL;
    const char *p = path_arg(a[0], "stat");
    if (!p)
        return VNULL;
    struct stat st;
    if (stat(p, &st) < 0)
        return err_from_errno(exc_OSError, p);
    if (which == 0)
        return int_from_i64((int64_t)st.st_size);
    struct timespec ts = which == 1 ? st.st_mtim : which == 2 ? st.st_atim : st.st_ctim;
    return float_new((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

static Value p_getsize(Value *a, int n, ObjTuple *k) { return stat_num(a, n, k, "getsize", 0); }
static Value p_getmtime(Value *a, int n, ObjTuple *k) { return stat_num(a, n, k, "getmtime", 1); }
static Value p_getatime(Value *a, int n, ObjTuple *k) { return stat_num(a, n, k, "getatime", 2); }
static Value p_getctime(Value *a, int n, ObjTuple *k) { return stat_num(a, n, k, "getctime", 3); }

static Value p_expanduser(Value *a, int n, ObjTuple *k)
{
    ObjStr *s;
    if (args_check("expanduser", n, k, 1, 1) < 0 || !(s = str_arg(a[0], "expanduser")))
        return VNULL;
    if (s->len == 0 || s->data[0] != '~' || (s->len > 1 && s->data[1] != '/'))
        return OBJ_VAL(s);
    const char *home = getenv("HOME");
    if (!home)
        return OBJ_VAL(s);
    size_t hl = strlen(home);
    while (hl > 1 && home[hl - 1] == '/')
        hl--;
    StrBuf b;
    sb_init(&b);
    sb_add(&b, home, hl);
    sb_add(&b, s->data + 1, (size_t)s->len - 1);
    if (b.len == 0)
        sb_addc(&b, '/');
    return sb_finish(&b);
}

static const MethodDef posixpath_fns[] = {
    {"join", p_join},         {"split", p_split},       {"basename", p_basename},
    {"dirname", p_dirname},   {"splitext", p_splitext}, {"normpath", p_normpath},
    {"abspath", p_abspath},   {"realpath", p_realpath}, {"isabs", p_isabs},
    {"exists", p_exists},     {"isfile", p_isfile},     {"isdir", p_isdir},
    {"islink", p_islink},     {"getsize", p_getsize},   {"getmtime", p_getmtime},
    {"getatime", p_getatime}, {"getctime", p_getctime}, {"expanduser", p_expanduser},
    {NULL, NULL},
};

static Value posixpath_module;

Value mod_posixpath_init(void)
{
    if (posixpath_module)
        return posixpath_module;
    Value mv = module_new(str_intern_cstr("posixpath"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = posixpath_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add(m, "sep", str_from_cstr("/"));
    module_add(m, "curdir", str_from_cstr("."));
    module_add(m, "pardir", str_from_cstr(".."));
    module_add(m, "extsep", str_from_cstr("."));
    module_add(m, "pathsep", str_from_cstr(":"));
    module_add(m, "devnull", str_from_cstr("/dev/null"));
    posixpath_module = mv;
    return mv;
}

static const MethodDef os_fns[] = {
    {"getpid", m_getpid},   {"getppid", m_getppid}, {"getcwd", m_getcwd},
    {"chdir", m_chdir},     {"cpu_count", m_cpu_count}, {"getenv", m_getenv},
    {"putenv", m_putenv},   {"listdir", m_listdir}, {"remove", m_remove},
    {"unlink", m_unlink},   {"rmdir", m_rmdir},     {"mkdir", m_mkdir},
    {"makedirs", m_makedirs}, {"rename", m_rename}, {"replace", m_rename},
    {"urandom", m_urandom}, {"strerror", m_strerror}, {"isatty", m_isatty},
    {NULL, NULL},
};

Value mod_os_init(void)
{
    Value mv = module_new(str_intern_cstr("os"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = os_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    mp_add_os_functions(m); /* fork, waitpid, kill, _exit (mod_mp.c) */
    Value env = dict_new();
    for (char **e = environ; env && e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || !utf8_valid(*e, strlen(*e)))
            continue;
        Value key = str_new(*e, (size_t)(eq - *e)), val = str_from_cstr(eq + 1);
        if (!key || !val || dict_set(env, key, val) < 0)
            return VNULL;
    }
    module_add(m, "environ", env);
    Value pp = mod_posixpath_init();
    if (!pp)
        return VNULL;
    module_add(m, "path", pp);
    if (vm_modules && !dict_get_str(vm_modules, str_intern_cstr("posixpath")))
        dict_set_str(vm_modules, str_intern_cstr("posixpath"), pp);
    if (vm_modules && !dict_get_str(vm_modules, str_intern_cstr("os.path")))
        dict_set_str(vm_modules, str_intern_cstr("os.path"), pp);
    module_add(m, "sep", str_from_cstr("/"));
    module_add(m, "altsep", NONE);
    module_add(m, "linesep", str_from_cstr("\n"));
    module_add(m, "name", str_from_cstr("posix"));
    module_add(m, "curdir", str_from_cstr("."));
    module_add(m, "pardir", str_from_cstr(".."));
    module_add(m, "extsep", str_from_cstr("."));
    module_add(m, "pathsep", str_from_cstr(":"));
    module_add(m, "devnull", str_from_cstr("/dev/null"));
    module_add(m, "error", OBJ_VAL(exc_OSError));
    module_add(m, "O_RDONLY", MK_INT(O_RDONLY));
    module_add(m, "O_WRONLY", MK_INT(O_WRONLY));
    module_add(m, "O_RDWR", MK_INT(O_RDWR));
    module_add(m, "O_CREAT", MK_INT(O_CREAT));
    module_add(m, "O_TRUNC", MK_INT(O_TRUNC));
    module_add(m, "O_APPEND", MK_INT(O_APPEND));
    return err_occurred() ? VNULL : mv;
}
