/* unicode.c — the Unicode character database: lookups in the tables that
 * scripts/gen_unicode.py generates from the installed UCD (unicode_db.h in
 * the build directory), normalization, and character names.
 *
 * Every code point maps, through a two-stage index, to one record holding
 * all its properties (the records are shared: 0x110000 code points use a
 * few thousand).  Case mappings are stored as deltas; a record whose full
 * mappings (SpecialCasing, CaseFolding) differ from the simple ones points
 * into ucd_ext_case.  See docs/internals.md.
 */
#include "unicode.h"

#include "gc.h"

typedef struct {
    uint8_t category, bidi, combining, width, mirrored, qc;
    uint16_t flags;
    uint8_t decimal, digit;
    uint16_t numeric, ext;
    int32_t upper, lower, title;
} UcdRecord;

#include "unicode_db.h"

const char unicode_version[] = UCD_VERSION;

static inline const UcdRecord *rec(uint32_t cp)
{
    if (cp >= 0x110000) return &ucd_records[0];
    unsigned k = ucd_index1[cp >> UCD_SHIFT];
    return &ucd_records[ucd_index2[(k << UCD_SHIFT) | (cp & ((1u << UCD_SHIFT) - 1))]];
}

int unicode_category(uint32_t cp) { return rec(cp)->category; }
const char *unicode_category_name(uint32_t cp) { return ucd_category_names[rec(cp)->category]; }
const char *unicode_bidirectional(uint32_t cp) { return ucd_bidi_names[rec(cp)->bidi]; }
int unicode_combining(uint32_t cp) { return rec(cp)->combining; }
const char *unicode_east_asian_width(uint32_t cp) { return ucd_width_names[rec(cp)->width]; }
bool unicode_mirrored(uint32_t cp) { return rec(cp)->mirrored; }

int unicode_decimal(uint32_t cp)
{
    const UcdRecord *r = rec(cp);
    return r->flags & UF_DECIMAL ? r->decimal : -1;
}

int unicode_digit(uint32_t cp)
{
    const UcdRecord *r = rec(cp);
    return r->flags & UF_DIGIT ? r->digit : -1;
}

double unicode_numeric(uint32_t cp) { return ucd_numeric[rec(cp)->numeric]; }

#define ASCII_PRED(name, abit, uflags)                                   \
    bool unicode_##name(uint32_t cp)                                     \
    {                                                                    \
        if (cp < 128) return (unicode_ascii_flags[cp] & (abit)) != 0;    \
        return (rec(cp)->flags & (uflags)) != 0;                         \
    }
ASCII_PRED(isalpha, UA_ALPHA, UF_ALPHA)
ASCII_PRED(isdecimal, UA_DIGIT, UF_DECIMAL)
ASCII_PRED(isdigit, UA_DIGIT, UF_DIGIT)
ASCII_PRED(isnumeric, UA_DIGIT, UF_NUMERIC)
ASCII_PRED(isalnum, UA_ALPHA | UA_DIGIT, UF_ALPHA | UF_DECIMAL | UF_DIGIT | UF_NUMERIC)
ASCII_PRED(isspace, UA_SPACE, UF_SPACE)
ASCII_PRED(islinebreak, UA_LINEBREAK, UF_LINEBREAK)
ASCII_PRED(islower, UA_LOWER, UF_LOWER)
ASCII_PRED(isupper, UA_UPPER, UF_UPPER)
ASCII_PRED(iscased, UA_LOWER | UA_UPPER, UF_CASED)
ASCII_PRED(isprintable, UA_PRINTABLE, UF_PRINTABLE)
ASCII_PRED(isxidstart, UA_IDSTART, UF_XID_START)
ASCII_PRED(isxidcontinue, UA_IDCONTINUE, UF_XID_CONTINUE)
#undef ASCII_PRED

bool unicode_istitle(uint32_t cp) { return (rec(cp)->flags & UF_TITLE) != 0; }
bool unicode_iscaseignorable(uint32_t cp) { return (rec(cp)->flags & UF_CASE_IGNORABLE) != 0; }

/* ---- case ------------------------------------------------------------- */

uint32_t unicode_tolower(uint32_t cp)
{
    if (cp < 128) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return (uint32_t)((int32_t)cp + rec(cp)->lower);
}

uint32_t unicode_toupper(uint32_t cp)
{
    if (cp < 128) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    return (uint32_t)((int32_t)cp + rec(cp)->upper);
}

uint32_t unicode_totitle(uint32_t cp) { return (uint32_t)((int32_t)cp + rec(cp)->title); }

/* The ext entry holds four length-prefixed sequences: lower, title, upper,
 * fold. */
static int full_case(uint32_t cp, int which, int32_t delta_of(const UcdRecord *), uint32_t out[3])
{
    const UcdRecord *r = rec(cp);
    if (!r->ext) {
        out[0] = (uint32_t)((int32_t)cp + delta_of(r));
        return 1;
    }
    const uint16_t *p = &ucd_ext_case[r->ext];
    for (int i = 0; i < which; i++) p += 1 + p[0];
    int n = p[0];
    for (int i = 0; i < n; i++) out[i] = p[1 + i];
    return n;
}

static int32_t d_lower(const UcdRecord *r) { return r->lower; }
static int32_t d_upper(const UcdRecord *r) { return r->upper; }
static int32_t d_title(const UcdRecord *r) { return r->title; }

int unicode_lower_full(uint32_t cp, uint32_t out[3]) { return full_case(cp, 0, d_lower, out); }
int unicode_title_full(uint32_t cp, uint32_t out[3]) { return full_case(cp, 1, d_title, out); }
int unicode_upper_full(uint32_t cp, uint32_t out[3]) { return full_case(cp, 2, d_upper, out); }
int unicode_fold_full(uint32_t cp, uint32_t out[3]) { return full_case(cp, 3, d_lower, out); }

/* ---- decomposition ---------------------------------------------------- */

static uint32_t decomp_index(uint32_t cp)
{
    if (cp >= 0x110000) return 0;
    unsigned k = ucd_decomp_index1[cp >> UCD_DECOMP_SHIFT];
    return ucd_decomp_index2[(k << UCD_DECOMP_SHIFT) | (cp & ((1u << UCD_DECOMP_SHIFT) - 1))];
}

int unicode_decomposition(uint32_t cp, const char **tag, uint32_t out[18])
{
    uint32_t k = decomp_index(cp);
    *tag = "";
    if (!k) return 0;
    uint32_t head = ucd_decomp_data[k];
    int n = (int)(head >> 8);
    *tag = ucd_decomp_prefix[head & 0xff];
    for (int i = 0; i < n; i++) out[i] = ucd_decomp_data[k + 1 + i];
    return n;
}

/* Hangul syllables decompose and compose algorithmically (Unicode 3.12). */
enum { SBASE = 0xAC00, LBASE = 0x1100, VBASE = 0x1161, TBASE = 0x11A7,
       LCOUNT = 19, VCOUNT = 21, TCOUNT = 28, NCOUNT = VCOUNT * TCOUNT,
       SCOUNT = LCOUNT * NCOUNT };

typedef struct { uint32_t *a; size_t len, cap; } CpBuf;

static void cb_push(CpBuf *b, uint32_t cp)
{
    if (b->len == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16;
        b->a = mem_realloc(b->a, b->cap * 4, nc * 4);
        b->cap = nc;
    }
    b->a[b->len++] = cp;
}

static void decompose(CpBuf *b, uint32_t cp, bool compat)
{
    if (cp >= SBASE && cp < SBASE + SCOUNT) {
        uint32_t s = cp - SBASE;
        cb_push(b, LBASE + s / NCOUNT);
        cb_push(b, VBASE + (s % NCOUNT) / TCOUNT);
        if (s % TCOUNT) cb_push(b, TBASE + s % TCOUNT);
        return;
    }
    uint32_t k = decomp_index(cp);
    if (k) {
        uint32_t head = ucd_decomp_data[k];
        if (compat || (head & 0xff) == 0) {
            uint32_t n = head >> 8;
            for (uint32_t i = 0; i < n; i++) decompose(b, ucd_decomp_data[k + 1 + i], compat);
            return;
        }
    }
    cb_push(b, cp);
}

static uint32_t compose_pair(uint32_t a, uint32_t b)
{
    if (a >= LBASE && a < LBASE + LCOUNT && b >= VBASE && b < VBASE + VCOUNT)
        return SBASE + ((a - LBASE) * VCOUNT + (b - VBASE)) * TCOUNT;
    if (a >= SBASE && a < SBASE + SCOUNT && (a - SBASE) % TCOUNT == 0 && b > TBASE && b < TBASE + TCOUNT)
        return a + (b - TBASE);
    uint64_t key = ((uint64_t)a << 21) | b;
    size_t lo = 0, hi = sizeof ucd_comp_key / sizeof ucd_comp_key[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ucd_comp_key[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof ucd_comp_key / sizeof ucd_comp_key[0] && ucd_comp_key[lo] == key) return ucd_comp_val[lo];
    return 0;
}

int unicode_quickcheck(int form, const uint32_t *s, size_t n)
{
    static const int shift[] = {4, 6, 0, 2}; /* NFC NFKC NFD NFKD in the qc byte */
    int result = 1, last = 0;
    for (size_t i = 0; i < n; i++) {
        const UcdRecord *r = rec(s[i]);
        int cc = r->combining;
        if (cc && last > cc) return 0;
        int q = (r->qc >> shift[form]) & 3;
        if (q == 2) return 0;      /* No */
        if (q == 1) result = -1;   /* Maybe */
        last = cc;
    }
    return result;
}

size_t unicode_normalize(int form, const uint32_t *s, size_t n, uint32_t **out, size_t *outcap)
{
    bool compat = form == UNORM_NFKC || form == UNORM_NFKD;
    CpBuf b = {NULL, 0, 0};
    for (size_t i = 0; i < n; i++) decompose(&b, s[i], compat);
    /* canonical ordering: stable insertion sort of each run of marks */
    for (size_t i = 1; i < b.len; i++) {
        int cc = rec(b.a[i])->combining;
        if (!cc) continue;
        size_t j = i;
        uint32_t c = b.a[i];
        while (j > 0) {
            int pc = rec(b.a[j - 1])->combining;
            if (pc <= cc) break;
            b.a[j] = b.a[j - 1];
            j--;
        }
        b.a[j] = c;
    }
    if (form == UNORM_NFC || form == UNORM_NFKC) {
        /* canonical composition (UAX #15): compose each character with the
         * last starter unless a character in between blocks it */
        size_t k = 0, starter = 0;
        bool have_starter = false;
        int last_cc = 0;
        for (size_t i = 0; i < b.len; i++) {
            uint32_t c = b.a[i];
            int cc = rec(c)->combining;
            if (have_starter) {
                bool adjacent = k == starter + 1;
                if (adjacent || (last_cc != 0 && last_cc < cc)) {
                    uint32_t comp = compose_pair(b.a[starter], c);
                    if (comp) {
                        b.a[starter] = comp;
                        continue;
                    }
                }
            }
            if (cc == 0) {
                have_starter = true;
                starter = k;
                last_cc = 0;
            } else {
                last_cc = cc;
            }
            b.a[k++] = c;
        }
        b.len = k;
    }
    *out = b.a;
    *outcap = b.cap;
    return b.len;
}

char *unicode_nfkc_utf8(const char *s, size_t n, size_t *outlen)
{
    uint32_t *in = mem_alloc((n + 1) * 4), *out;
    size_t k = 0, cap;
    for (size_t i = 0; i < n;) {
        /* s is valid UTF-8 (the lexer checked the source) */
        const uint8_t *p = (const uint8_t *)s + i;
        uint32_t cp;
        int len = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
        cp = len == 1 ? p[0] : p[0] & (0x7F >> len);
        for (int j = 1; j < len && i + (size_t)j < n; j++) cp = (cp << 6) | (p[j] & 0x3F);
        in[k++] = cp;
        i += (size_t)len;
    }
    size_t m = unicode_normalize(UNORM_NFKC, in, k, &out, &cap);
    mem_free(in, (n + 1) * 4);
    size_t total = 0;
    for (size_t i = 0; i < m; i++) total += out[i] < 0x80 ? 1 : out[i] < 0x800 ? 2 : out[i] < 0x10000 ? 3 : 4;
    char *r = mem_alloc(total + 1), *w = r;
    for (size_t i = 0; i < m; i++) {
        uint32_t c = out[i];
        if (c < 0x80) *w++ = (char)c;
        else if (c < 0x800) { *w++ = (char)(0xC0 | c >> 6); *w++ = (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) {
            *w++ = (char)(0xE0 | c >> 12); *w++ = (char)(0x80 | ((c >> 6) & 0x3F)); *w++ = (char)(0x80 | (c & 0x3F));
        } else {
            *w++ = (char)(0xF0 | c >> 18); *w++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *w++ = (char)(0x80 | ((c >> 6) & 0x3F)); *w++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *w = 0;
    if (out) mem_free(out, cap * 4);
    *outlen = total;
    return r;
}

/* ---- names ------------------------------------------------------------ */

static bool is_cjk(uint32_t cp)
{
    for (size_t i = 0; i < sizeof ucd_cjk_ranges / sizeof ucd_cjk_ranges[0]; i++)
        if (cp >= ucd_cjk_ranges[i][0] && cp <= ucd_cjk_ranges[i][1]) return true;
    return false;
}

/* The name with ordinal k (names are numbered in code point order). */
static int name_of_ordinal(uint32_t k, char *buf)
{
    const uint8_t *p = ucd_names + ucd_names_start[k / 16];
    for (uint32_t i = 0; i < k % 16; i++) p += 1 + p[0];
    const uint8_t *e = p + 1 + p[0];
    int len = 0;
    for (p++; p < e;) {
        unsigned w = *p++;
        if (w & 0x80) w = ((w & 0x7f) << 8) | *p++;
        if (len) buf[len++] = ' ';
        unsigned a = ucd_lexicon_off[w], z = ucd_lexicon_off[w + 1];
        memcpy(buf + len, ucd_lexicon + a, z - a);
        len += (int)(z - a);
    }
    buf[len] = 0;
    return len;
}

int unicode_name(uint32_t cp, char *buf)
{
    if (cp >= SBASE && cp < SBASE + SCOUNT) {
        uint32_t s = cp - SBASE;
        return snprintf(buf, UNICODE_NAME_MAX + 1, "HANGUL SYLLABLE %s%s%s", ucd_jamo_l[s / NCOUNT],
                        ucd_jamo_v[(s % NCOUNT) / TCOUNT], ucd_jamo_t[s % TCOUNT]);
    }
    if (is_cjk(cp)) return snprintf(buf, UNICODE_NAME_MAX + 1, "CJK UNIFIED IDEOGRAPH-%X", cp);
    /* the last run starting at or before cp */
    size_t lo = 0, hi = sizeof ucd_runs_cp / sizeof ucd_runs_cp[0], nruns = hi;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ucd_runs_cp[mid] <= cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    size_t r = lo - 1;
    uint32_t end_ord = r + 1 < nruns ? ucd_runs_ord[r + 1] : UCD_NAME_COUNT;
    uint32_t ord = ucd_runs_ord[r] + (cp - ucd_runs_cp[r]);
    if (ord >= end_ord) return 0;
    return name_of_ordinal(ord, buf);
}

/* The jamo whose short name is the longest prefix of s (names[] has n
 * entries); returns its index and sets *len, or -1. */
static int find_jamo(const char *s, size_t avail, const char *const *names, int n, size_t *len)
{
    int best = -1;
    size_t blen = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(names[i]);
        if (l <= avail && (best < 0 || l > blen) && !memcmp(s, names[i], l)) {
            best = i;
            blen = l;
        }
    }
    *len = blen;
    return best;
}

static bool hex_cp(const char *s, size_t n, uint32_t *cp)
{
    if (n != 4 && n != 5) return false;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        v = v * 16 + (uint32_t)d;
    }
    *cp = v;
    return true;
}

int unicode_lookup(const char *name, size_t len, bool sequences, uint32_t out[4])
{
    if (len > UNICODE_NAME_MAX) return 0;
    char up[UNICODE_NAME_MAX + 1];
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        up[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    }
    up[len] = 0;
    static const char hangul[] = "HANGUL SYLLABLE ", cjk[] = "CJK UNIFIED IDEOGRAPH-";
    if (len > sizeof hangul - 1 && !memcmp(up, hangul, sizeof hangul - 1)) {
        /* the prefix is matched in any case, the jamo as written (CPython) */
        const char *p = name + sizeof hangul - 1;
        size_t rest = len - (sizeof hangul - 1), n1, n2, n3;
        int l = find_jamo(p, rest, ucd_jamo_l, LCOUNT, &n1);
        int v = l < 0 ? -1 : find_jamo(p + n1, rest - n1, ucd_jamo_v, VCOUNT, &n2);
        int t = v < 0 ? -1 : find_jamo(p + n1 + n2, rest - n1 - n2, ucd_jamo_t, TCOUNT, &n3);
        if (t >= 0 && n1 + n2 + n3 == rest) {
            out[0] = SBASE + ((uint32_t)l * VCOUNT + (uint32_t)v) * TCOUNT + (uint32_t)t;
            return 1;
        }
        return 0;
    }
    if (len > sizeof cjk - 1 && !memcmp(up, cjk, sizeof cjk - 1)) {
        uint32_t cp;
        if (hex_cp(name + sizeof cjk - 1, len - (sizeof cjk - 1), &cp) && is_cjk(cp)) {
            out[0] = cp;
            return 1;
        }
        return 0;
    }
    size_t lo = 0, hi = UCD_NAME_COUNT;
    char buf[UNICODE_NAME_MAX + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        name_of_ordinal(ucd_by_name[mid], buf);
        int c = strcmp(buf, up);
        if (c == 0) {
            /* ordinal -> code point through the runs */
            uint32_t ord = ucd_by_name[mid];
            size_t a = 0, z = sizeof ucd_runs_ord / sizeof ucd_runs_ord[0];
            while (a < z) {
                size_t m = (a + z) / 2;
                if (ucd_runs_ord[m] <= ord) a = m + 1;
                else z = m;
            }
            out[0] = ucd_runs_cp[a - 1] + (ord - ucd_runs_ord[a - 1]);
            return 1;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = 0; i < sizeof ucd_aliases / sizeof ucd_aliases[0]; i++)
        if (!strcmp(ucd_aliases[i].name, up)) {
            out[0] = ucd_aliases[i].cp;
            return 1;
        }
    if (sequences)
        for (size_t i = 0; i < sizeof ucd_sequences / sizeof ucd_sequences[0]; i++)
            if (!strcmp(ucd_sequences[i].name, up)) {
                int n = 0;
                while (n < 4 && ucd_sequences[i].cp[n]) {
                    out[n] = ucd_sequences[i].cp[n];
                    n++;
                }
                return n;
            }
    return 0;
}
