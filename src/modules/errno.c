/* modules/errno.c — the errno module: every E* constant of the platform and
 * errorcode, the map from number to name.
 *
 * The names are added in CPython's order, so the module's namespace and
 * errorcode iterate as python3's do; where two names share a number (EAGAIN
 * and EWOULDBLOCK), errorcode keeps the position of the first and the name
 * of the last, as CPython's repeated dict stores do.
 */
#include <errno.h>

#include "modules.h"
#include "vm.h"

#define ERRNO_NAMES(C)                                                                  \
    C(ENODEV) C(ENOCSI) C(EHOSTUNREACH) C(ENOMSG) C(EUCLEAN) C(EL2NSYNC) C(EL2HLT)      \
    C(ENODATA) C(ENOTBLK) C(ENOSYS) C(EPIPE) C(EINVAL) C(EOVERFLOW) C(EADV) C(EINTR)   \
    C(EUSERS) C(ENOTEMPTY) C(ENOBUFS) C(EPROTO) C(EREMOTE) C(ENAVAIL) C(ECHILD)        \
    C(ELOOP) C(EXDEV) C(E2BIG) C(ESRCH) C(EMSGSIZE) C(EAFNOSUPPORT) C(EBADR)           \
    C(EHOSTDOWN) C(EPFNOSUPPORT) C(ENOPROTOOPT) C(EBUSY) C(EWOULDBLOCK) C(EBADFD)      \
    C(EDOTDOT) C(EISCONN) C(ENOANO) C(ESHUTDOWN) C(ECHRNG) C(ELIBBAD) C(ENONET)        \
    C(EBADE) C(EBADF) C(EMULTIHOP) C(EIO) C(EUNATCH) C(EPROTOTYPE) C(ENOSPC)           \
    C(ENOEXEC) C(EALREADY) C(ENETDOWN) C(ENOTNAM) C(EACCES) C(ELNRNG) C(EILSEQ)        \
    C(ENOTDIR) C(ENOTUNIQ) C(EPERM) C(EDOM) C(EXFULL) C(ECONNREFUSED) C(EISDIR)        \
    C(EPROTONOSUPPORT) C(EROFS) C(EADDRNOTAVAIL) C(EIDRM) C(ECOMM) C(ESRMNT)           \
    C(EREMOTEIO) C(EL3RST) C(EBADMSG) C(ENFILE) C(ELIBMAX) C(ESPIPE) C(ENOLINK)        \
    C(ENETRESET) C(ETIMEDOUT) C(ENOENT) C(EEXIST) C(EDQUOT) C(ENOSTR) C(EBADSLT)       \
    C(EBADRQC) C(ELIBACC) C(EFAULT) C(EFBIG) C(EDEADLK) C(ENOTCONN) C(EDESTADDRREQ)    \
    C(ELIBSCN) C(ENOLCK) C(EISNAM) C(ECONNABORTED) C(ENETUNREACH) C(ESTALE) C(ENOSR)   \
    C(ENOMEM) C(ENOTSOCK) C(ESTRPIPE) C(EMLINK) C(ERANGE) C(ELIBEXEC) C(EL3HLT)        \
    C(ECONNRESET) C(EADDRINUSE) C(EOPNOTSUPP) C(EREMCHG) C(EAGAIN) C(ENAMETOOLONG)     \
    C(ENOTTY) C(ERESTART) C(ESOCKTNOSUPPORT) C(ETIME) C(EBFONT) C(EDEADLOCK)           \
    C(ETOOMANYREFS) C(EMFILE) C(ETXTBSY) C(EINPROGRESS) C(ENXIO) C(ENOPKG)             \
    C(ENOMEDIUM) C(EMEDIUMTYPE) C(ECANCELED) C(ENOKEY) C(EKEYEXPIRED) C(EKEYREVOKED)   \
    C(EKEYREJECTED) C(EOWNERDEAD) C(ENOTRECOVERABLE) C(ERFKILL) C(ENOTSUP)

#define ENTRY(n) {#n, n},
static const IntConstDef errno_names[] = {ERRNO_NAMES(ENTRY){NULL, 0}};

Value mod_errno_init(void)
{
    Value mv = module_new(str_intern_cstr("errno"));
    Value codes = dict_new();
    if (!mv || !codes)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "errorcode", codes);
    module_add_ints(m, errno_names);
    for (const IntConstDef *d = errno_names; d->name; d++) {
        Value name = str_from_cstr(d->name);
        if (!name || dict_set(codes, MK_INT(d->value), name) < 0)
            return VNULL;
    }
    return mv;
}
