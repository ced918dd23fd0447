/* modules/_stat.c — _stat, the C half of CPython's Lib/stat.py: the S_IF*
 * file types, permission bits, S_IS*() tests, S_IMODE, S_IFMT and
 * filemode(), with the platform's values. */
#include <sys/stat.h>

#include "modules.h"
#include "vm.h"

/* A mode argument, as CPython's _PyLong_AsMode_t: a non-negative int that
 * fits in mode_t. */
static int mode_arg(Value v, mode_t *out)
{
    if (!IS_ANYINT(v) && !IS_BOOL(v)) {
        err_set(exc_TypeError, "an integer is required");
        return -1;
    }
    if (IS_BOOL(v))
        v = MK_INT(v == TRUE_V);
    if (int_sign(v) < 0) {
        err_set(exc_OverflowError, "can't convert negative value to unsigned int");
        return -1;
    }
    if (!IS_INT(v)) {
        err_set(exc_OverflowError, "Python int too large to convert to C unsigned long");
        return -1;
    }
    if ((uint64_t)AS_INT(v) != (mode_t)AS_INT(v)) {
        err_set(exc_OverflowError, "mode out of range");
        return -1;
    }
    *out = (mode_t)AS_INT(v);
    return 0;
}

static int one_mode(const char *name, Value *args, int nargs, ObjTuple *kw, mode_t *out)
{
    return args_check(name, nargs, kw, 1, 1) < 0 ? -1 : mode_arg(args[0], out);
}

#define S_TEST(NAME, EXPR)                                           \
    static Value m_##NAME(Value *args, int nargs, ObjTuple *kw)      \
    {                                                                \
        mode_t mode;                                                 \
        if (one_mode(#NAME, args, nargs, kw, &mode) < 0)             \
            return VNULL;                                            \
        return BOOL_V(EXPR);                                         \
    }
S_TEST(S_ISDIR, S_ISDIR(mode))
S_TEST(S_ISCHR, S_ISCHR(mode))
S_TEST(S_ISBLK, S_ISBLK(mode))
S_TEST(S_ISREG, S_ISREG(mode))
S_TEST(S_ISFIFO, S_ISFIFO(mode))
S_TEST(S_ISLNK, S_ISLNK(mode))
S_TEST(S_ISSOCK, S_ISSOCK(mode))
/* Solaris doors, event ports and BSD whiteouts do not exist on Linux. */
S_TEST(S_ISDOOR, (mode & 0) != 0)
S_TEST(S_ISPORT, (mode & 0) != 0)
S_TEST(S_ISWHT, (mode & 0) != 0)

static Value m_S_IMODE(Value *args, int nargs, ObjTuple *kw)
{
    mode_t mode;
    if (one_mode("S_IMODE", args, nargs, kw, &mode) < 0)
        return VNULL;
    return MK_INT(mode & 07777);
}

static Value m_S_IFMT(Value *args, int nargs, ObjTuple *kw)
{
    mode_t mode;
    if (one_mode("S_IFMT", args, nargs, kw, &mode) < 0)
        return VNULL;
    return MK_INT(mode & S_IFMT);
}

static char type_char(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFLNK: return 'l';
    case S_IFSOCK: return 's';
    case S_IFREG: return '-';
    case S_IFBLK: return 'b';
    case S_IFDIR: return 'd';
    case S_IFCHR: return 'c';
    case S_IFIFO: return 'p';
    default: return '?';
    }
}

/* One rwx triple; special is setuid/setgid/sticky with its letter. */
static void triple(char *p, mode_t mode, mode_t r, mode_t w, mode_t x, mode_t special, char letter)
{
    p[0] = mode & r ? 'r' : '-';
    p[1] = mode & w ? 'w' : '-';
    if (mode & special)
        p[2] = mode & x ? letter : (char)(letter - 'a' + 'A');
    else
        p[2] = mode & x ? 'x' : '-';
}

static Value m_filemode(Value *args, int nargs, ObjTuple *kw)
{
    mode_t mode;
    if (one_mode("filemode", args, nargs, kw, &mode) < 0)
        return VNULL;
    char buf[10];
    buf[0] = type_char(mode);
    triple(buf + 1, mode, S_IRUSR, S_IWUSR, S_IXUSR, S_ISUID, 's');
    triple(buf + 4, mode, S_IRGRP, S_IWGRP, S_IXGRP, S_ISGID, 's');
    triple(buf + 7, mode, S_IROTH, S_IWOTH, S_IXOTH, S_ISVTX, 't');
    return str_new_ascii(buf, 10);
}

static const MethodDef stat_fns[] = {
    {"S_ISDIR", m_S_ISDIR},   {"S_ISCHR", m_S_ISCHR}, {"S_ISBLK", m_S_ISBLK},
    {"S_ISREG", m_S_ISREG},   {"S_ISFIFO", m_S_ISFIFO}, {"S_ISLNK", m_S_ISLNK},
    {"S_ISSOCK", m_S_ISSOCK}, {"S_ISDOOR", m_S_ISDOOR}, {"S_ISPORT", m_S_ISPORT},
    {"S_ISWHT", m_S_ISWHT},   {"S_IMODE", m_S_IMODE}, {"S_IFMT", m_S_IFMT},
    {"filemode", m_filemode}, {NULL, NULL},
};

static const IntConstDef stat_consts[] = {
    {"S_IFDIR", S_IFDIR}, {"S_IFCHR", S_IFCHR}, {"S_IFBLK", S_IFBLK}, {"S_IFREG", S_IFREG},
    {"S_IFIFO", S_IFIFO}, {"S_IFLNK", S_IFLNK}, {"S_IFSOCK", S_IFSOCK},
    {"S_IFDOOR", 0}, {"S_IFPORT", 0}, {"S_IFWHT", 0},
    {"S_ISUID", S_ISUID}, {"S_ISGID", S_ISGID}, {"S_ISVTX", S_ISVTX},
    {"S_ENFMT", S_ISGID}, /* System V file locking enforcement: the setgid bit */
    {"S_IREAD", S_IRUSR}, {"S_IWRITE", S_IWUSR}, {"S_IEXEC", S_IXUSR},
    {"S_IRWXU", S_IRWXU}, {"S_IRUSR", S_IRUSR}, {"S_IWUSR", S_IWUSR}, {"S_IXUSR", S_IXUSR},
    {"S_IRWXG", S_IRWXG}, {"S_IRGRP", S_IRGRP}, {"S_IWGRP", S_IWGRP}, {"S_IXGRP", S_IXGRP},
    {"S_IRWXO", S_IRWXO}, {"S_IROTH", S_IROTH}, {"S_IWOTH", S_IWOTH}, {"S_IXOTH", S_IXOTH},
    /* BSD chflags() flags (st_flags), defined everywhere as CPython does */
    {"UF_NODUMP", 0x1}, {"UF_IMMUTABLE", 0x2}, {"UF_APPEND", 0x4}, {"UF_OPAQUE", 0x8},
    {"UF_NOUNLINK", 0x10}, {"UF_COMPRESSED", 0x20}, {"UF_HIDDEN", 0x8000},
    {"SF_ARCHIVED", 0x10000}, {"SF_IMMUTABLE", 0x20000}, {"SF_APPEND", 0x40000},
    {"SF_NOUNLINK", 0x100000}, {"SF_SNAPSHOT", 0x200000},
    /* indexes into a stat result */
    {"ST_MODE", 0}, {"ST_INO", 1}, {"ST_DEV", 2}, {"ST_NLINK", 3}, {"ST_UID", 4},
    {"ST_GID", 5}, {"ST_SIZE", 6}, {"ST_ATIME", 7}, {"ST_MTIME", 8}, {"ST_CTIME", 9},
    {NULL, 0},
};

Value mod_stat_init(void)
{
    Value mv = module_new(str_intern_cstr("_stat"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = stat_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add_ints(m, stat_consts);
    return mv;
}
