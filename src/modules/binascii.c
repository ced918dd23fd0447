/* modules/binascii.c — conversions between binary data and ASCII
 * encodings (hex, base64, uu, quoted-printable) and the crc32 / crc_hqx
 * checksums, as CPython 3.11's binascii (Lib/base64.py, uu, quopri sit on
 * it).  Decoders take bytes-like objects or ASCII str; encoders take
 * bytes-like objects.  crc32 is zlib's.
 */
#include <zlib.h>

#include "bytes.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

static Value binascii_error, binascii_incomplete;

static Value berr(const char *msg) { return err_set(AS_TYPE(binascii_error), msg); }

/* An argument of a decoder: a buffer, or a str of ASCII characters. */
typedef struct { Buffer b; const uint8_t *p; int64_t n; bool has_buf; } Ascii;

static int ascii_arg(Value v, Ascii *a)
{
    a->has_buf = false;
    if (IS_STR(v)) {
        if (!AS_STR(v)->ascii) {
            err_set(exc_ValueError, "string argument should contain only ASCII characters");
            return -1;
        }
        a->p = (const uint8_t *)AS_STR(v)->data;
        a->n = AS_STR(v)->len;
        return 0;
    }
    if (obj_getbuffer_msg(v, &a->b, BUF_SIMPLE, "argument should be bytes, buffer or ASCII string, not '%s'") < 0)
        return -1;
    a->has_buf = true;
    a->p = a->b.buf;
    a->n = a->b.len;
    return 0;
}
static void ascii_release(Ascii *a) { if (a->has_buf) buffer_release(&a->b); }

static Value sb_bytes(StrBuf *b)
{
    Value r = bytes_new((const uint8_t *)(b->data ? b->data : ""), b->len);
    sb_free(b);
    return r;
}

/* ---- uu ------------------------------------------------------------------ */

static Value m_a2b_uu(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("a2b_uu", nargs, kw, 1, 1) < 0) return VNULL;
    Ascii a;
    if (ascii_arg(args[0], &a) < 0) return VNULL;
    const uint8_t *d = a.p;
    int64_t n = a.n;
    /* the first character is the length (an empty line reads as NUL) */
    int64_t bin_len = ((n ? d[0] : 0) - ' ') & 077;
    if (n) { d++; n--; }
    ObjBytes *o = bytes_alloc((size_t)bin_len);
    memset(o->data, 0, (size_t)bin_len);
    uint8_t *w = o->data;
    uint32_t left = 0;
    int bits = 0;
    Value r = VNULL;
    for (; bin_len > 0; n--, d++) {
        /* missing data at the end of the line reads as NULs */
        uint32_t c = n > 0 ? *d : 0;
        if (c == '\n' || c == '\r' || n <= 0) {
            c = 0;
        } else {
            if (c < ' ' || c > ' ' + 64) { berr("Illegal char"); goto done; }
            c = (c - ' ') & 077;
        }
        left = (left << 6) | c;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *w++ = (uint8_t)(left >> bits);
            left &= (1u << bits) - 1;
            bin_len--;
        }
    }
    /* what is left on the line may only be padding or the line end */
    for (; n > 0; n--, d++)
        if (*d != ' ' && *d != ' ' + 64 && *d != '\n' && *d != '\r') { berr("Trailing garbage"); goto done; }
    r = OBJ_VAL(o);
done:
    ascii_release(&a);
    return r;
}

static Value m_b2a_uu(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "backtick", NULL};
    Value a[2];
    if (args_parse("b2a_uu", args, nargs, kw, params, 1, 1, a) < 0) return VNULL;
    int backtick = a[1] ? obj_truthy(a[1]) : 0;
    if (backtick < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    if (b.len > 45) { buffer_release(&b); return berr("At most 45 bytes at once"); }
    StrBuf s;
    sb_init(&s);
    sb_addc(&s, backtick && !b.len ? '`' : (char)(' ' + b.len));
    uint32_t left = 0;
    int bits = 0;
    for (int64_t i = 0; i < b.len || bits != 0; i++) {
        left = (left << 8) | (i < b.len ? b.buf[i] : 0);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            uint32_t c = (left >> bits) & 0x3f;
            sb_addc(&s, backtick && !c ? '`' : (char)(' ' + c));
        }
        left &= (1u << bits) - 1;
    }
    sb_addc(&s, '\n');
    buffer_release(&b);
    return sb_bytes(&s);
}

/* ---- base64 -------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static Value m_a2b_base64(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "strict_mode", NULL};
    Value a[2];
    if (args_parse("a2b_base64", args, nargs, kw, params, 1, 1, a) < 0) return VNULL;
    int strict = a[1] ? obj_truthy(a[1]) : 0;
    if (strict < 0) return VNULL;
    Ascii in;
    if (ascii_arg(a[0], &in) < 0) return VNULL;
    ObjBytes *o = bytes_alloc((size_t)(in.n / 4 * 3 + 3));
    uint8_t *w = o->data;
    int quad = 0, pads = 0;
    bool padding = false;
    uint32_t left = 0;
    const char *err = NULL;
    if (strict && in.n && in.p[0] == '=') { err = "Leading padding not allowed"; goto out; }
    for (int64_t i = 0; i < in.n; i++) {
        uint8_t c = in.p[i];
        if (c == '=') {
            padding = true;
            if (quad >= 2 && quad + ++pads >= 4) {
                if (strict && i + 1 < in.n) err = "Excess data after padding";
                goto out_done;
            }
            continue;
        }
        int v = b64val(c);
        if (v < 0) {
            if (strict) { err = "Only base64 data is allowed"; goto out; }
            continue;
        }
        if (strict && padding) { err = "Discontinuous padding not allowed"; goto out; }
        pads = 0;
        switch (quad) {
        case 0: quad = 1; left = (uint32_t)v; break;
        case 1: quad = 2; *w++ = (uint8_t)((left << 2) | ((uint32_t)v >> 4)); left = (uint32_t)v & 0xf; break;
        case 2: quad = 3; *w++ = (uint8_t)((left << 4) | ((uint32_t)v >> 2)); left = (uint32_t)v & 0x3; break;
        default: quad = 0; *w++ = (uint8_t)((left << 6) | (uint32_t)v); left = 0; break;
        }
    }
    if (quad) {
        ascii_release(&in);
        if (quad == 1)
            return err_format(AS_TYPE(binascii_error),
                              "Invalid base64-encoded string: number of data characters (%lld) cannot be 1 more "
                              "than a multiple of 4",
                              (long long)((w - o->data) / 3 * 4 + 1));
        return berr("Incorrect padding");
    }
out_done:
out:
    ascii_release(&in);
    if (err) return berr(err);
    return bytes_new(o->data, (size_t)(w - o->data));
}

static Value m_b2a_base64(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "newline", NULL};
    Value a[2];
    if (args_parse("b2a_base64", args, nargs, kw, params, 1, 1, a) < 0) return VNULL;
    int nl = a[1] ? obj_truthy(a[1]) : 1;
    if (nl < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    int64_t n = b.len, outn = (n + 2) / 3 * 4 + (nl ? 1 : 0);
    ObjBytes *o = bytes_alloc((size_t)outn);
    uint8_t *w = o->data;
    int64_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)b.buf[i] << 16 | (uint32_t)b.buf[i + 1] << 8 | b.buf[i + 2];
        *w++ = (uint8_t)b64[v >> 18];
        *w++ = (uint8_t)b64[(v >> 12) & 63];
        *w++ = (uint8_t)b64[(v >> 6) & 63];
        *w++ = (uint8_t)b64[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)b.buf[i] << 16;
        *w++ = (uint8_t)b64[v >> 18];
        *w++ = (uint8_t)b64[(v >> 12) & 63];
        *w++ = '=';
        *w++ = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)b.buf[i] << 16 | (uint32_t)b.buf[i + 1] << 8;
        *w++ = (uint8_t)b64[v >> 18];
        *w++ = (uint8_t)b64[(v >> 12) & 63];
        *w++ = (uint8_t)b64[(v >> 6) & 63];
        *w++ = '=';
    }
    if (nl) *w++ = '\n';
    buffer_release(&b);
    return OBJ_VAL(o);
}

/* ---- quoted-printable ---------------------------------------------------- */

static int hexdigit(uint8_t c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static Value m_a2b_qp(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "header", NULL};
    Value a[2];
    if (args_parse("a2b_qp", args, nargs, kw, params, 1, 2, a) < 0) return VNULL;
    int header = a[1] ? obj_truthy(a[1]) : 0;
    if (header < 0) return VNULL;
    Ascii in;
    if (ascii_arg(a[0], &in) < 0) return VNULL;
    const uint8_t *d = in.p;
    int64_t n = in.n, i = 0;
    StrBuf s;
    sb_init(&s);
    while (i < n) {
        if (d[i] == '=') {
            i++;
            if (i >= n) break;
            if (d[i] == '\n' || d[i] == '\r') { /* soft line break */
                if (d[i] != '\n') while (i < n && d[i] != '\n') i++;
                if (i < n) i++;
            } else if (d[i] == '=') {
                sb_addc(&s, '=');
                i++;
            } else if (i + 1 < n && hexdigit(d[i]) >= 0 && hexdigit(d[i + 1]) >= 0) {
                sb_addc(&s, (char)(hexdigit(d[i]) << 4 | hexdigit(d[i + 1])));
                i += 2;
            } else {
                sb_addc(&s, '=');
            }
        } else if (header && d[i] == '_') {
            sb_addc(&s, ' ');
            i++;
        } else {
            sb_addc(&s, (char)d[i]);
            i++;
        }
    }
    ascii_release(&in);
    return sb_bytes(&s);
}

#define MAXLINESIZE 76

static Value m_b2a_qp(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"data", "quotetabs", "istext", "header", NULL};
    Value a[4];
    if (args_parse("b2a_qp", args, nargs, kw, params, 1, 4, a) < 0) return VNULL;
    int quotetabs = a[1] ? obj_truthy(a[1]) : 0;
    int istext = a[2] ? obj_truthy(a[2]) : 1;
    int header = a[3] ? obj_truthy(a[3]) : 0;
    if (quotetabs < 0 || istext < 0 || header < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_SIMPLE) < 0) return VNULL;
    const uint8_t *d = b.buf;
    int64_t n = b.len, i = 0, linelen = 0;
    /* lines end as the first line does */
    const uint8_t *nlp = n ? memchr(d, '\n', (size_t)n) : NULL;
    bool crlf = nlp && nlp > d && nlp[-1] == '\r';
    static const char hx[] = "0123456789ABCDEF";
    StrBuf s;
    sb_init(&s);
    while (i < n) {
        uint8_t c = d[i];
        bool next_eol = i + 1 == n || d[i + 1] == '\n' || d[i + 1] == '\r' || d[i + 1] == 0;
        if (c > 126 || c == '=' || (header && c == '_') || (c == '.' && linelen == 0 && next_eol) ||
            (!istext && (c == '\r' || c == '\n')) || ((c == '\t' || c == ' ') && i + 1 == n) ||
            (c < 33 && c != '\r' && c != '\n' && (quotetabs || (c != '\t' && c != ' ')))) {
            if (linelen + 3 >= MAXLINESIZE) {
                sb_addc(&s, '=');
                if (crlf) sb_addc(&s, '\r');
                sb_addc(&s, '\n');
                linelen = 0;
            }
            sb_addc(&s, '=');
            sb_addc(&s, hx[c >> 4]);
            sb_addc(&s, hx[c & 15]);
            linelen += 3;
            i++;
        } else if (istext && (c == '\n' || (i + 1 < n && c == '\r' && d[i + 1] == '\n'))) {
            linelen = 0;
            /* protect whitespace at the end of a line */
            if (s.len && (s.data[s.len - 1] == ' ' || s.data[s.len - 1] == '\t')) {
                uint8_t ch = (uint8_t)s.data[s.len - 1];
                s.data[s.len - 1] = '=';
                sb_addc(&s, hx[ch >> 4]);
                sb_addc(&s, hx[ch & 15]);
            }
            if (crlf) sb_addc(&s, '\r');
            sb_addc(&s, '\n');
            i += c == '\r' ? 2 : 1;
        } else {
            if (i + 1 != n && d[i + 1] != '\n' && linelen + 1 >= MAXLINESIZE) {
                sb_addc(&s, '=');
                if (crlf) sb_addc(&s, '\r');
                sb_addc(&s, '\n');
                linelen = 0;
            }
            linelen++;
            sb_addc(&s, header && c == ' ' ? '_' : (char)c);
            i++;
        }
    }
    buffer_release(&b);
    return sb_bytes(&s);
}

/* ---- hex ----------------------------------------------------------------- */

static Value hexlify(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    static const char *const params[] = {"data", "sep", "bytes_per_sep", NULL};
    Value a[3];
    if (args_parse(name, args, nargs, kw, params, 1, 3, a) < 0) return VNULL;
    Value rest[2];
    int nrest = 0;
    if (a[1]) rest[nrest++] = a[1];
    if (a[2]) { if (!a[1]) rest[nrest++] = NONE; rest[nrest++] = a[2]; }
    Value s = bytes_hex_impl(a[0], rest, nrest, NULL);
    if (!s) return VNULL;
    return bytes_new((const uint8_t *)AS_STR(s)->data, (size_t)AS_STR(s)->len);
}
static Value m_hexlify(Value *args, int nargs, ObjTuple *kw) { return hexlify(args, nargs, kw, "hexlify"); }
static Value m_b2a_hex(Value *args, int nargs, ObjTuple *kw) { return hexlify(args, nargs, kw, "b2a_hex"); }

static Value unhexlify(Value *args, int nargs, ObjTuple *kw, const char *name)
{
    static const char *const params[] = {"hexstr", NULL};
    Value a[1];
    if (args_parse(name, args, nargs, kw, params, 1, 1, a) < 0) return VNULL;
    Ascii in;
    if (ascii_arg(a[0], &in) < 0) return VNULL;
    if (in.n % 2) { ascii_release(&in); return berr("Odd-length string"); }
    ObjBytes *o = bytes_alloc((size_t)(in.n / 2));
    for (int64_t i = 0; i < in.n; i += 2) {
        int hi = hexdigit(in.p[i]), lo = hexdigit(in.p[i + 1]);
        if (hi < 0 || lo < 0) { ascii_release(&in); return berr("Non-hexadecimal digit found"); }
        o->data[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    ascii_release(&in);
    return OBJ_VAL(o);
}
static Value m_unhexlify(Value *args, int nargs, ObjTuple *kw) { return unhexlify(args, nargs, kw, "unhexlify"); }
static Value m_a2b_hex(Value *args, int nargs, ObjTuple *kw) { return unhexlify(args, nargs, kw, "a2b_hex"); }

/* ---- checksums ------------------------------------------------------------ */

/* an unsigned checksum argument, taken modulo 2**bits like CPython's */
static int crc_arg(Value v, unsigned bits, uint32_t *out)
{
    if (!int_check(v)) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
        return -1;
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(int_exact(v), z);
    mpz_fdiv_r_2exp(z, z, bits);
    *out = (uint32_t)mpz_get_ui(z);
    mpz_clear(z);
    return 0;
}

static Value m_crc32(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("crc32", nargs, kw, 1, 2) < 0) return VNULL;
    uint32_t crc = 0;
    if (nargs > 1 && crc_arg(args[1], 32, &crc) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(args[0], &b, BUF_SIMPLE) < 0) return VNULL;
    uLong c = crc;
    const uint8_t *p = b.buf;
    int64_t n = b.len;
    while (n > 0) { /* zlib takes uInt lengths */
        uInt k = n > (1 << 30) ? (1u << 30) : (uInt)n;
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    buffer_release(&b);
    return int_from_u64((uint32_t)c);
}

static Value m_crc_hqx(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("crc_hqx", nargs, kw, 2, 2) < 0) return VNULL;
    uint32_t crc;
    if (crc_arg(args[1], 16, &crc) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(args[0], &b, BUF_SIMPLE) < 0) return VNULL;
    /* CRC-CCITT, polynomial 0x1021, MSB first (the XMODEM CRC) */
    static uint16_t table[256];
    if (!table[1])
        for (int i = 0; i < 256; i++) {
            uint16_t r = (uint16_t)(i << 8);
            for (int k = 0; k < 8; k++) r = (uint16_t)(r & 0x8000 ? (r << 1) ^ 0x1021 : r << 1);
            table[i] = r;
        }
    uint16_t c = (uint16_t)crc;
    for (int64_t i = 0; i < b.len; i++) c = (uint16_t)((c << 8) ^ table[(c >> 8) ^ b.buf[i]]);
    buffer_release(&b);
    return MK_INT(c);
}

Value mod_binascii_init(void)
{
    if (!binascii_error) {
        binascii_error = module_new_exception("binascii", "Error", OBJ_VAL(exc_ValueError));
        binascii_incomplete = module_new_exception("binascii", "Incomplete", OBJ_VAL(exc_Exception));
        if (!binascii_error || !binascii_incomplete) return VNULL;
    }
    Value m = module_new(str_intern_cstr("binascii"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Conversion between binary data and ASCII"));
    static const MethodDef fns[] = {
        {"a2b_uu", m_a2b_uu}, {"b2a_uu", m_b2a_uu}, {"a2b_base64", m_a2b_base64},
        {"b2a_base64", m_b2a_base64}, {"a2b_qp", m_a2b_qp}, {"b2a_qp", m_b2a_qp},
        {"a2b_hex", m_a2b_hex}, {"b2a_hex", m_b2a_hex}, {"hexlify", m_hexlify},
        {"unhexlify", m_unhexlify}, {"crc32", m_crc32}, {"crc_hqx", m_crc_hqx},
        {NULL, NULL},
    };
    for (const MethodDef *f = fns; f->name; f++) module_add_fn(mod, f->name, f->fn);
    module_add(mod, "Error", binascii_error);
    module_add(mod, "Incomplete", binascii_incomplete);
    return m;
}
