/* modules/termios.c — the termios module: tcgetattr/tcsetattr and the
 * other POSIX tty calls over <termios.h>, tcgetwinsize/tcsetwinsize (3.11)
 * over the TIOCGWINSZ/TIOCSWINSZ ioctls, termios.error and every constant
 * CPython's termios exports on Linux.  Lib's tty and pty sit on it.
 *
 * Failures raise termios.error(errno, strerror) as CPython's
 * PyErr_SetFromErrno(TermiosError) does.  The calls that wait on the line
 * (tcdrain until the output is sent, tcsendbreak for the break's length)
 * run with the GIL released.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ttydefaults.h>
#include <termios.h>

#include "gil.h"
#include "modules.h"
#include "posix.h"
#include "str.h"
#include "vm.h"

static Value termios_error;

static Value raise_errno(int err)
{
    Value e = exc_new(AS_TYPE(termios_error),
                      AS_TUPLE(tuple_pack(2, MK_INT(err), str_from_cstr(strerror(err)))));
    if (!e) return VNULL;
    return err_set_value(e);
}

/* PyLong_AsLong: an int or an object with __index__ */
static int as_long(Value v, long *out)
{
    int64_t x;
    if (obj_as_int64(v, &x) < 0) return -1;
    *out = (long)x;
    return 0;
}

static int int_args(Value *args, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (posix_int_arg(args[i], &out[i]) < 0) return -1;
    return 0;
}

static Value t_tcgetattr(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "tcgetattr() takes no keyword arguments");
    if (nargs != 1)
        return err_format(exc_TypeError, "termios.tcgetattr() takes exactly one argument (%d given)", nargs);
    int fd;
    if (posix_fildes(args[0], &fd) < 0) return VNULL;
    struct termios mode;
    if (tcgetattr(fd, &mode) < 0) return raise_errno(errno);
    Value cc = list_new(NCCS);
    for (int i = 0; i < NCCS; i++) {
        uint8_t c = mode.c_cc[i];
        AS_LIST(cc)->items[i] = bytes_new(&c, 1);
    }
    /* in non-canonical mode VMIN and VTIME are counts, not characters */
    if (!(mode.c_lflag & ICANON)) {
        AS_LIST(cc)->items[VMIN] = MK_INT(mode.c_cc[VMIN]);
        AS_LIST(cc)->items[VTIME] = MK_INT(mode.c_cc[VTIME]);
    }
    Value items[7] = {
        int_from_u64(mode.c_iflag), int_from_u64(mode.c_oflag), int_from_u64(mode.c_cflag),
        int_from_u64(mode.c_lflag), int_from_u64(cfgetispeed(&mode)),
        int_from_u64(cfgetospeed(&mode)), cc,
    };
    return list_from(items, 7);
}

static Value t_tcsetattr(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "tcsetattr() takes no keyword arguments");
    if (nargs != 3) return err_format(exc_TypeError, "tcsetattr expected 3 arguments, got %d", nargs);
    int fd, when;
    if (posix_fildes(args[0], &fd) < 0 || posix_int_arg(args[1], &when) < 0) return VNULL;
    Value term = args[2];
    if (!LIST_CHECK(term) || AS_LIST(term)->len != 7)
        return err_set(exc_TypeError, "tcsetattr, arg 3: must be 7 element list");
    struct termios mode;
    /* start from the current mode: it may have fields the list does not carry */
    if (tcgetattr(fd, &mode) < 0) return raise_errno(errno);
    long f[6];
    for (int i = 0; i < 6; i++)
        if (as_long(AS_LIST(term)->items[i], &f[i]) < 0) return VNULL;
    mode.c_iflag = (tcflag_t)f[0];
    mode.c_oflag = (tcflag_t)f[1];
    mode.c_cflag = (tcflag_t)f[2];
    mode.c_lflag = (tcflag_t)f[3];
    Value cc = AS_LIST(term)->items[6];
    if (!LIST_CHECK(cc) || AS_LIST(cc)->len != NCCS)
        return err_format(exc_TypeError, "tcsetattr: attributes[6] must be %d element list", NCCS);
    for (int i = 0; i < NCCS; i++) {
        Value v = AS_LIST(cc)->items[i];
        if (BYTES_CHECK(v) && AS_BYTES(v)->len == 1) {
            mode.c_cc[i] = (cc_t)AS_BYTES(v)->data[0];
        } else if (INT_CHECK(v)) {
            long x;
            if (as_long(v, &x) < 0) return VNULL;
            mode.c_cc[i] = (cc_t)x;
        } else {
            return err_set(exc_TypeError, "tcsetattr: elements of attributes must be characters or integers");
        }
    }
    if (cfsetispeed(&mode, (speed_t)f[4]) < 0) return raise_errno(errno);
    if (cfsetospeed(&mode, (speed_t)f[5]) < 0) return raise_errno(errno);
    if (tcsetattr(fd, when, &mode) < 0) return raise_errno(errno);
    return NONE;
}

/* fd and one int argument: tcsendbreak, tcflush, tcflow */
static int fd_int(const char *name, Value *args, int nargs, ObjTuple *kw, int *fd, int *arg)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs != 2) {
        err_format(exc_TypeError, "%s expected 2 arguments, got %d", name, nargs);
        return -1;
    }
    if (posix_fildes(args[0], fd) < 0) return -1;
    return int_args(args + 1, 1, arg);
}

static Value t_tcsendbreak(Value *args, int nargs, ObjTuple *kw)
{
    int fd, duration;
    if (fd_int("tcsendbreak", args, nargs, kw, &fd, &duration) < 0) return VNULL;
    int rc, err;
    GIL_RELEASE(BLOCK_WRITE);
    rc = tcsendbreak(fd, duration);
    err = errno;
    GIL_ACQUIRE();
    return rc < 0 ? raise_errno(err) : NONE;
}

static Value t_tcdrain(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "tcdrain() takes no keyword arguments");
    if (nargs != 1)
        return err_format(exc_TypeError, "termios.tcdrain() takes exactly one argument (%d given)", nargs);
    int fd;
    if (posix_fildes(args[0], &fd) < 0) return VNULL;
    int rc, err;
    GIL_RELEASE(BLOCK_WRITE);
    rc = tcdrain(fd);
    err = errno;
    GIL_ACQUIRE();
    return rc < 0 ? raise_errno(err) : NONE;
}

static Value t_tcflush(Value *args, int nargs, ObjTuple *kw)
{
    int fd, queue;
    if (fd_int("tcflush", args, nargs, kw, &fd, &queue) < 0) return VNULL;
    return tcflush(fd, queue) < 0 ? raise_errno(errno) : NONE;
}

static Value t_tcflow(Value *args, int nargs, ObjTuple *kw)
{
    int fd, action;
    if (fd_int("tcflow", args, nargs, kw, &fd, &action) < 0) return VNULL;
    return tcflow(fd, action) < 0 ? raise_errno(errno) : NONE;
}

static Value t_tcgetwinsize(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "tcgetwinsize() takes no keyword arguments");
    if (nargs != 1)
        return err_format(exc_TypeError, "termios.tcgetwinsize() takes exactly one argument (%d given)",
                          nargs);
    int fd;
    if (posix_fildes(args[0], &fd) < 0) return VNULL;
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) < 0) return raise_errno(errno);
    return tuple_pack(2, MK_INT(w.ws_row), MK_INT(w.ws_col));
}

static Value t_tcsetwinsize(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "tcsetwinsize() takes no keyword arguments");
    if (nargs != 2) return err_format(exc_TypeError, "tcsetwinsize expected 2 arguments, got %d", nargs);
    int fd;
    if (posix_fildes(args[0], &fd) < 0) return VNULL;
    Value ws = args[1];
    /* a two-item sequence (not a mapping: dict and set are refused) */
    bool seq = TYPE(ws)->getitem && !DICT_CHECK(ws) && !ANYSET_CHECK(ws);
    int64_t n = seq ? obj_len(ws) : -1;
    if (n < 0 && seq) return VNULL;
    if (n != 2) return err_set(exc_TypeError, "tcsetwinsize, arg 2: must be a two-item sequence");
    long rc[2];
    for (int i = 0; i < 2; i++) {
        Value item = obj_getitem(ws, MK_INT(i));
        if (!item || as_long(item, &rc[i]) < 0) return VNULL;
    }
    struct winsize w;
    /* keep the fields the tuple does not carry (the pixel sizes) */
    if (ioctl(fd, TIOCGWINSZ, &w) < 0) return raise_errno(errno);
    w.ws_row = (unsigned short)rc[0];
    w.ws_col = (unsigned short)rc[1];
    if ((long)w.ws_row != rc[0] || (long)w.ws_col != rc[1])
        return err_set(exc_OverflowError, "winsize value(s) out of range.");
    if (ioctl(fd, TIOCSWINSZ, &w) < 0) return raise_errno(errno);
    return NONE;
}

static const IntConstDef termios_consts[] = {
#ifdef B0
    {"B0", B0},
#endif
#ifdef B1000000
    {"B1000000", B1000000},
#endif
#ifdef B110
    {"B110", B110},
#endif
#ifdef B115200
    {"B115200", B115200},
#endif
#ifdef B1152000
    {"B1152000", B1152000},
#endif
#ifdef B1200
    {"B1200", B1200},
#endif
#ifdef B134
    {"B134", B134},
#endif
#ifdef B150
    {"B150", B150},
#endif
#ifdef B1500000
    {"B1500000", B1500000},
#endif
#ifdef B1800
    {"B1800", B1800},
#endif
#ifdef B19200
    {"B19200", B19200},
#endif
#ifdef B200
    {"B200", B200},
#endif
#ifdef B2000000
    {"B2000000", B2000000},
#endif
#ifdef B230400
    {"B230400", B230400},
#endif
#ifdef B2400
    {"B2400", B2400},
#endif
#ifdef B2500000
    {"B2500000", B2500000},
#endif
#ifdef B300
    {"B300", B300},
#endif
#ifdef B3000000
    {"B3000000", B3000000},
#endif
#ifdef B3500000
    {"B3500000", B3500000},
#endif
#ifdef B38400
    {"B38400", B38400},
#endif
#ifdef B4000000
    {"B4000000", B4000000},
#endif
#ifdef B460800
    {"B460800", B460800},
#endif
#ifdef B4800
    {"B4800", B4800},
#endif
#ifdef B50
    {"B50", B50},
#endif
#ifdef B500000
    {"B500000", B500000},
#endif
#ifdef B57600
    {"B57600", B57600},
#endif
#ifdef B576000
    {"B576000", B576000},
#endif
#ifdef B600
    {"B600", B600},
#endif
#ifdef B75
    {"B75", B75},
#endif
#ifdef B921600
    {"B921600", B921600},
#endif
#ifdef B9600
    {"B9600", B9600},
#endif
#ifdef BRKINT
    {"BRKINT", BRKINT},
#endif
#ifdef BS0
    {"BS0", BS0},
#endif
#ifdef BS1
    {"BS1", BS1},
#endif
#ifdef BSDLY
    {"BSDLY", BSDLY},
#endif
#ifdef CBAUD
    {"CBAUD", CBAUD},
#endif
#ifdef CBAUDEX
    {"CBAUDEX", CBAUDEX},
#endif
#ifdef CDSUSP
    {"CDSUSP", CDSUSP},
#endif
#ifdef CEOF
    {"CEOF", CEOF},
#endif
#ifdef CEOL
    {"CEOL", CEOL},
#endif
#ifdef CEOT
    {"CEOT", CEOT},
#endif
#ifdef CERASE
    {"CERASE", CERASE},
#endif
#ifdef CFLUSH
    {"CFLUSH", CFLUSH},
#endif
#ifdef CIBAUD
    {"CIBAUD", CIBAUD},
#endif
#ifdef CINTR
    {"CINTR", CINTR},
#endif
#ifdef CKILL
    {"CKILL", CKILL},
#endif
#ifdef CLNEXT
    {"CLNEXT", CLNEXT},
#endif
#ifdef CLOCAL
    {"CLOCAL", CLOCAL},
#endif
#ifdef CQUIT
    {"CQUIT", CQUIT},
#endif
#ifdef CR0
    {"CR0", CR0},
#endif
#ifdef CR1
    {"CR1", CR1},
#endif
#ifdef CR2
    {"CR2", CR2},
#endif
#ifdef CR3
    {"CR3", CR3},
#endif
#ifdef CRDLY
    {"CRDLY", CRDLY},
#endif
#ifdef CREAD
    {"CREAD", CREAD},
#endif
#ifdef CRPRNT
    {"CRPRNT", CRPRNT},
#endif
#ifdef CRTSCTS
    {"CRTSCTS", CRTSCTS},
#endif
#ifdef CS5
    {"CS5", CS5},
#endif
#ifdef CS6
    {"CS6", CS6},
#endif
#ifdef CS7
    {"CS7", CS7},
#endif
#ifdef CS8
    {"CS8", CS8},
#endif
#ifdef CSIZE
    {"CSIZE", CSIZE},
#endif
#ifdef CSTART
    {"CSTART", CSTART},
#endif
#ifdef CSTOP
    {"CSTOP", CSTOP},
#endif
#ifdef CSTOPB
    {"CSTOPB", CSTOPB},
#endif
#ifdef CSUSP
    {"CSUSP", CSUSP},
#endif
#ifdef CWERASE
    {"CWERASE", CWERASE},
#endif
#ifdef ECHO
    {"ECHO", ECHO},
#endif
#ifdef ECHOCTL
    {"ECHOCTL", ECHOCTL},
#endif
#ifdef ECHOE
    {"ECHOE", ECHOE},
#endif
#ifdef ECHOK
    {"ECHOK", ECHOK},
#endif
#ifdef ECHOKE
    {"ECHOKE", ECHOKE},
#endif
#ifdef ECHONL
    {"ECHONL", ECHONL},
#endif
#ifdef ECHOPRT
    {"ECHOPRT", ECHOPRT},
#endif
#ifdef EXTA
    {"EXTA", EXTA},
#endif
#ifdef EXTB
    {"EXTB", EXTB},
#endif
#ifdef FF0
    {"FF0", FF0},
#endif
#ifdef FF1
    {"FF1", FF1},
#endif
#ifdef FFDLY
    {"FFDLY", FFDLY},
#endif
#ifdef FIOASYNC
    {"FIOASYNC", FIOASYNC},
#endif
#ifdef FIOCLEX
    {"FIOCLEX", FIOCLEX},
#endif
#ifdef FIONBIO
    {"FIONBIO", FIONBIO},
#endif
#ifdef FIONCLEX
    {"FIONCLEX", FIONCLEX},
#endif
#ifdef FIONREAD
    {"FIONREAD", FIONREAD},
#endif
#ifdef FLUSHO
    {"FLUSHO", FLUSHO},
#endif
#ifdef HUPCL
    {"HUPCL", HUPCL},
#endif
#ifdef ICANON
    {"ICANON", ICANON},
#endif
#ifdef ICRNL
    {"ICRNL", ICRNL},
#endif
#ifdef IEXTEN
    {"IEXTEN", IEXTEN},
#endif
#ifdef IGNBRK
    {"IGNBRK", IGNBRK},
#endif
#ifdef IGNCR
    {"IGNCR", IGNCR},
#endif
#ifdef IGNPAR
    {"IGNPAR", IGNPAR},
#endif
#ifdef IMAXBEL
    {"IMAXBEL", IMAXBEL},
#endif
#ifdef INLCR
    {"INLCR", INLCR},
#endif
#ifdef INPCK
    {"INPCK", INPCK},
#endif
#ifdef IOCSIZE_MASK
    {"IOCSIZE_MASK", IOCSIZE_MASK},
#endif
#ifdef IOCSIZE_SHIFT
    {"IOCSIZE_SHIFT", IOCSIZE_SHIFT},
#endif
#ifdef ISIG
    {"ISIG", ISIG},
#endif
#ifdef ISTRIP
    {"ISTRIP", ISTRIP},
#endif
#ifdef IUCLC
    {"IUCLC", IUCLC},
#endif
#ifdef IXANY
    {"IXANY", IXANY},
#endif
#ifdef IXOFF
    {"IXOFF", IXOFF},
#endif
#ifdef IXON
    {"IXON", IXON},
#endif
#ifdef NCC
    {"NCC", NCC},
#endif
#ifdef NCCS
    {"NCCS", NCCS},
#endif
#ifdef NL0
    {"NL0", NL0},
#endif
#ifdef NL1
    {"NL1", NL1},
#endif
#ifdef NLDLY
    {"NLDLY", NLDLY},
#endif
#ifdef NOFLSH
    {"NOFLSH", NOFLSH},
#endif
#ifdef N_MOUSE
    {"N_MOUSE", N_MOUSE},
#endif
#ifdef N_PPP
    {"N_PPP", N_PPP},
#endif
#ifdef N_SLIP
    {"N_SLIP", N_SLIP},
#endif
#ifdef N_STRIP
    {"N_STRIP", N_STRIP},
#endif
#ifdef N_TTY
    {"N_TTY", N_TTY},
#endif
#ifdef OCRNL
    {"OCRNL", OCRNL},
#endif
#ifdef OFDEL
    {"OFDEL", OFDEL},
#endif
#ifdef OFILL
    {"OFILL", OFILL},
#endif
#ifdef OLCUC
    {"OLCUC", OLCUC},
#endif
#ifdef ONLCR
    {"ONLCR", ONLCR},
#endif
#ifdef ONLRET
    {"ONLRET", ONLRET},
#endif
#ifdef ONOCR
    {"ONOCR", ONOCR},
#endif
#ifdef OPOST
    {"OPOST", OPOST},
#endif
#ifdef PARENB
    {"PARENB", PARENB},
#endif
#ifdef PARMRK
    {"PARMRK", PARMRK},
#endif
#ifdef PARODD
    {"PARODD", PARODD},
#endif
#ifdef PENDIN
    {"PENDIN", PENDIN},
#endif
#ifdef TAB0
    {"TAB0", TAB0},
#endif
#ifdef TAB1
    {"TAB1", TAB1},
#endif
#ifdef TAB2
    {"TAB2", TAB2},
#endif
#ifdef TAB3
    {"TAB3", TAB3},
#endif
#ifdef TABDLY
    {"TABDLY", TABDLY},
#endif
#ifdef TCFLSH
    {"TCFLSH", TCFLSH},
#endif
#ifdef TCGETA
    {"TCGETA", TCGETA},
#endif
#ifdef TCGETS
    {"TCGETS", TCGETS},
#endif
#ifdef TCIFLUSH
    {"TCIFLUSH", TCIFLUSH},
#endif
#ifdef TCIOFF
    {"TCIOFF", TCIOFF},
#endif
#ifdef TCIOFLUSH
    {"TCIOFLUSH", TCIOFLUSH},
#endif
#ifdef TCION
    {"TCION", TCION},
#endif
#ifdef TCOFLUSH
    {"TCOFLUSH", TCOFLUSH},
#endif
#ifdef TCOOFF
    {"TCOOFF", TCOOFF},
#endif
#ifdef TCOON
    {"TCOON", TCOON},
#endif
#ifdef TCSADRAIN
    {"TCSADRAIN", TCSADRAIN},
#endif
#ifdef TCSAFLUSH
    {"TCSAFLUSH", TCSAFLUSH},
#endif
#ifdef TCSANOW
    {"TCSANOW", TCSANOW},
#endif
#ifdef TCSBRK
    {"TCSBRK", TCSBRK},
#endif
#ifdef TCSBRKP
    {"TCSBRKP", TCSBRKP},
#endif
#ifdef TCSETA
    {"TCSETA", TCSETA},
#endif
#ifdef TCSETAF
    {"TCSETAF", TCSETAF},
#endif
#ifdef TCSETAW
    {"TCSETAW", TCSETAW},
#endif
#ifdef TCSETS
    {"TCSETS", TCSETS},
#endif
#ifdef TCSETSF
    {"TCSETSF", TCSETSF},
#endif
#ifdef TCSETSW
    {"TCSETSW", TCSETSW},
#endif
#ifdef TCXONC
    {"TCXONC", TCXONC},
#endif
#ifdef TIOCCONS
    {"TIOCCONS", TIOCCONS},
#endif
#ifdef TIOCEXCL
    {"TIOCEXCL", TIOCEXCL},
#endif
#ifdef TIOCGETD
    {"TIOCGETD", TIOCGETD},
#endif
#ifdef TIOCGICOUNT
    {"TIOCGICOUNT", TIOCGICOUNT},
#endif
#ifdef TIOCGLCKTRMIOS
    {"TIOCGLCKTRMIOS", TIOCGLCKTRMIOS},
#endif
#ifdef TIOCGPGRP
    {"TIOCGPGRP", TIOCGPGRP},
#endif
#ifdef TIOCGSERIAL
    {"TIOCGSERIAL", TIOCGSERIAL},
#endif
#ifdef TIOCGSOFTCAR
    {"TIOCGSOFTCAR", TIOCGSOFTCAR},
#endif
#ifdef TIOCGWINSZ
    {"TIOCGWINSZ", TIOCGWINSZ},
#endif
#ifdef TIOCINQ
    {"TIOCINQ", TIOCINQ},
#endif
#ifdef TIOCLINUX
    {"TIOCLINUX", TIOCLINUX},
#endif
#ifdef TIOCMBIC
    {"TIOCMBIC", TIOCMBIC},
#endif
#ifdef TIOCMBIS
    {"TIOCMBIS", TIOCMBIS},
#endif
#ifdef TIOCMGET
    {"TIOCMGET", TIOCMGET},
#endif
#ifdef TIOCMIWAIT
    {"TIOCMIWAIT", TIOCMIWAIT},
#endif
#ifdef TIOCMSET
    {"TIOCMSET", TIOCMSET},
#endif
#ifdef TIOCM_CAR
    {"TIOCM_CAR", TIOCM_CAR},
#endif
#ifdef TIOCM_CD
    {"TIOCM_CD", TIOCM_CD},
#endif
#ifdef TIOCM_CTS
    {"TIOCM_CTS", TIOCM_CTS},
#endif
#ifdef TIOCM_DSR
    {"TIOCM_DSR", TIOCM_DSR},
#endif
#ifdef TIOCM_DTR
    {"TIOCM_DTR", TIOCM_DTR},
#endif
#ifdef TIOCM_LE
    {"TIOCM_LE", TIOCM_LE},
#endif
#ifdef TIOCM_RI
    {"TIOCM_RI", TIOCM_RI},
#endif
#ifdef TIOCM_RNG
    {"TIOCM_RNG", TIOCM_RNG},
#endif
#ifdef TIOCM_RTS
    {"TIOCM_RTS", TIOCM_RTS},
#endif
#ifdef TIOCM_SR
    {"TIOCM_SR", TIOCM_SR},
#endif
#ifdef TIOCM_ST
    {"TIOCM_ST", TIOCM_ST},
#endif
#ifdef TIOCNOTTY
    {"TIOCNOTTY", TIOCNOTTY},
#endif
#ifdef TIOCNXCL
    {"TIOCNXCL", TIOCNXCL},
#endif
#ifdef TIOCOUTQ
    {"TIOCOUTQ", TIOCOUTQ},
#endif
#ifdef TIOCPKT
    {"TIOCPKT", TIOCPKT},
#endif
#ifdef TIOCPKT_DATA
    {"TIOCPKT_DATA", TIOCPKT_DATA},
#endif
#ifdef TIOCPKT_DOSTOP
    {"TIOCPKT_DOSTOP", TIOCPKT_DOSTOP},
#endif
#ifdef TIOCPKT_FLUSHREAD
    {"TIOCPKT_FLUSHREAD", TIOCPKT_FLUSHREAD},
#endif
#ifdef TIOCPKT_FLUSHWRITE
    {"TIOCPKT_FLUSHWRITE", TIOCPKT_FLUSHWRITE},
#endif
#ifdef TIOCPKT_NOSTOP
    {"TIOCPKT_NOSTOP", TIOCPKT_NOSTOP},
#endif
#ifdef TIOCPKT_START
    {"TIOCPKT_START", TIOCPKT_START},
#endif
#ifdef TIOCPKT_STOP
    {"TIOCPKT_STOP", TIOCPKT_STOP},
#endif
#ifdef TIOCSCTTY
    {"TIOCSCTTY", TIOCSCTTY},
#endif
#ifdef TIOCSERCONFIG
    {"TIOCSERCONFIG", TIOCSERCONFIG},
#endif
#ifdef TIOCSERGETLSR
    {"TIOCSERGETLSR", TIOCSERGETLSR},
#endif
#ifdef TIOCSERGETMULTI
    {"TIOCSERGETMULTI", TIOCSERGETMULTI},
#endif
#ifdef TIOCSERGSTRUCT
    {"TIOCSERGSTRUCT", TIOCSERGSTRUCT},
#endif
#ifdef TIOCSERGWILD
    {"TIOCSERGWILD", TIOCSERGWILD},
#endif
#ifdef TIOCSERSETMULTI
    {"TIOCSERSETMULTI", TIOCSERSETMULTI},
#endif
#ifdef TIOCSERSWILD
    {"TIOCSERSWILD", TIOCSERSWILD},
#endif
#ifdef TIOCSER_TEMT
    {"TIOCSER_TEMT", TIOCSER_TEMT},
#endif
#ifdef TIOCSETD
    {"TIOCSETD", TIOCSETD},
#endif
#ifdef TIOCSLCKTRMIOS
    {"TIOCSLCKTRMIOS", TIOCSLCKTRMIOS},
#endif
#ifdef TIOCSPGRP
    {"TIOCSPGRP", TIOCSPGRP},
#endif
#ifdef TIOCSSERIAL
    {"TIOCSSERIAL", TIOCSSERIAL},
#endif
#ifdef TIOCSSOFTCAR
    {"TIOCSSOFTCAR", TIOCSSOFTCAR},
#endif
#ifdef TIOCSTI
    {"TIOCSTI", TIOCSTI},
#endif
#ifdef TIOCSWINSZ
    {"TIOCSWINSZ", TIOCSWINSZ},
#endif
#ifdef TOSTOP
    {"TOSTOP", TOSTOP},
#endif
#ifdef VDISCARD
    {"VDISCARD", VDISCARD},
#endif
#ifdef VEOF
    {"VEOF", VEOF},
#endif
#ifdef VEOL
    {"VEOL", VEOL},
#endif
#ifdef VEOL2
    {"VEOL2", VEOL2},
#endif
#ifdef VERASE
    {"VERASE", VERASE},
#endif
#ifdef VINTR
    {"VINTR", VINTR},
#endif
#ifdef VKILL
    {"VKILL", VKILL},
#endif
#ifdef VLNEXT
    {"VLNEXT", VLNEXT},
#endif
#ifdef VMIN
    {"VMIN", VMIN},
#endif
#ifdef VQUIT
    {"VQUIT", VQUIT},
#endif
#ifdef VREPRINT
    {"VREPRINT", VREPRINT},
#endif
#ifdef VSTART
    {"VSTART", VSTART},
#endif
#ifdef VSTOP
    {"VSTOP", VSTOP},
#endif
#ifdef VSUSP
    {"VSUSP", VSUSP},
#endif
#ifdef VSWTC
    {"VSWTC", VSWTC},
#endif
#ifdef VSWTC
    {"VSWTCH", VSWTC},
#endif
#ifdef VT0
    {"VT0", VT0},
#endif
#ifdef VT1
    {"VT1", VT1},
#endif
#ifdef VTDLY
    {"VTDLY", VTDLY},
#endif
#ifdef VTIME
    {"VTIME", VTIME},
#endif
#ifdef VWERASE
    {"VWERASE", VWERASE},
#endif
#ifdef XCASE
    {"XCASE", XCASE},
#endif
#ifdef XTABS
    {"XTABS", XTABS},
#endif
    {NULL, 0},
};

Value mod_termios_init(void)
{
    if (!termios_error) {
        termios_error = module_new_exception("termios", "error", OBJ_VAL(exc_Exception));
        if (!termios_error) return VNULL;
    }
    Value m = module_new(str_intern_cstr("termios"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    static const MethodDef fns[] = {
        {"tcgetattr", t_tcgetattr}, {"tcsetattr", t_tcsetattr}, {"tcsendbreak", t_tcsendbreak},
        {"tcdrain", t_tcdrain}, {"tcflush", t_tcflush}, {"tcflow", t_tcflow},
        {"tcgetwinsize", t_tcgetwinsize}, {"tcsetwinsize", t_tcsetwinsize}, {NULL, NULL},
    };
    for (const MethodDef *f = fns; f->name; f++) module_add_fn(mod, f->name, f->fn);
    module_add_ints(mod, termios_consts);
    module_add(mod, "error", termios_error);
    module_add(mod, "__doc__", str_from_cstr(
        "This module provides an interface to the Posix calls for tty I/O control.\n"
        "For a complete description of these calls, see the Posix or Unix manual\n"
        "pages. It is only available for those Unix versions that support Posix\n"
        "termios style tty I/O control.\n\n"
        "All functions in this module take a file descriptor fd as their first\n"
        "argument. This can be an integer file descriptor, such as returned by\n"
        "sys.stdin.fileno(), or a file object, such as sys.stdin itself."));
    return m;
}
