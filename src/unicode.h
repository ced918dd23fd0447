/* unicode.h — the Unicode character database (unicode.c).
 *
 * Every property CPython's str methods and unicodedata use, for any code
 * point (0..0x10FFFF; larger values behave as unassigned).  The tables are
 * generated at build time from the installed UCD (scripts/gen_unicode.py,
 * Debian's unicode-data package); UNICODE_VERSION says which version.
 *
 * The predicates answer ASCII from a 128-entry table; other code points
 * cost two table loads.  Hot loops over text that is known to be ASCII
 * (ObjStr.ascii) should not call them per byte: use unicode_ascii_flags or
 * the inline *_fast forms.  Definitions follow CPython's:
 *   isalpha     category L*            isdecimal  has a decimal value (Nd)
 *   isdigit     has a digit value      isnumeric  has a numeric value
 *   isalnum     isalpha || isdecimal || isdigit || isnumeric
 *   isspace     category Zs or bidi class WS, B or S
 *   islinebreak Line_Break BK/CR/LF/NL or bidi class B (str.splitlines)
 *   islower / isupper   the Lowercase / Uppercase properties
 *   istitle     category Lt            iscased / iscaseignorable  Cased /
 *               Case_Ignorable (str.title, final sigma in str.lower)
 *   isprintable U+0020 or a category outside C* and Z* (repr, isprintable)
 *   isxidstart / isxidcontinue  XID_Start / XID_Continue (isidentifier)
 */
#ifndef BATON_UNICODE_H
#define BATON_UNICODE_H

#include "common.h"

extern const char unicode_version[];   /* e.g. "15.0.0" */

/* General categories, in the order unicode_category() returns them. */
enum {
    UCAT_Cn, UCAT_Lu, UCAT_Ll, UCAT_Lt, UCAT_Mn, UCAT_Mc, UCAT_Me, UCAT_Nd,
    UCAT_Nl, UCAT_No, UCAT_Zs, UCAT_Zl, UCAT_Zp, UCAT_Cc, UCAT_Cf, UCAT_Cs,
    UCAT_Co, UCAT_Lm, UCAT_Lo, UCAT_Pc, UCAT_Pd, UCAT_Ps, UCAT_Pe, UCAT_Pi,
    UCAT_Pf, UCAT_Po, UCAT_Sm, UCAT_Sc, UCAT_Sk, UCAT_So
};

/* ---- properties ------------------------------------------------------- */
int unicode_category(uint32_t cp);              /* UCAT_* */
const char *unicode_category_name(uint32_t cp); /* "Lu", "Cn", ... */
const char *unicode_bidirectional(uint32_t cp); /* "L", "" if none */
int unicode_combining(uint32_t cp);             /* canonical combining class */
const char *unicode_east_asian_width(uint32_t cp); /* "N", "W", "Na", ... */
bool unicode_mirrored(uint32_t cp);
int unicode_decimal(uint32_t cp);               /* 0..9, -1 if none */
int unicode_digit(uint32_t cp);                 /* 0..9, -1 if none */
double unicode_numeric(uint32_t cp);            /* -1.0 if none */

/* Predicates (see the definitions above). */
bool unicode_isalpha(uint32_t cp);
bool unicode_isdecimal(uint32_t cp);
bool unicode_isdigit(uint32_t cp);
bool unicode_isnumeric(uint32_t cp);
bool unicode_isalnum(uint32_t cp);
bool unicode_isspace(uint32_t cp);
bool unicode_islinebreak(uint32_t cp);
bool unicode_islower(uint32_t cp);
bool unicode_isupper(uint32_t cp);
bool unicode_istitle(uint32_t cp);
bool unicode_iscased(uint32_t cp);
bool unicode_iscaseignorable(uint32_t cp);
bool unicode_isprintable(uint32_t cp);
bool unicode_isxidstart(uint32_t cp);
bool unicode_isxidcontinue(uint32_t cp);

/* ---- case ------------------------------------------------------------- */
/* Simple (one code point) mappings from UnicodeData.txt, as _sre and
 * unicodedata-level code want them. */
uint32_t unicode_tolower(uint32_t cp);
uint32_t unicode_toupper(uint32_t cp);
uint32_t unicode_totitle(uint32_t cp);
/* Full mappings (SpecialCasing.txt's unconditional ones; CaseFolding.txt's
 * C+F for fold), as str.lower/upper/title/casefold use them: write 1..3
 * code points to out and return how many. */
int unicode_lower_full(uint32_t cp, uint32_t out[3]);
int unicode_upper_full(uint32_t cp, uint32_t out[3]);
int unicode_title_full(uint32_t cp, uint32_t out[3]);
int unicode_fold_full(uint32_t cp, uint32_t out[3]);

/* ---- decomposition and normalization ---------------------------------- */
/* The UnicodeData decomposition of cp: *tag gets "" (canonical) or
 * "<compat>" etc.; out (18 entries) the mapping; returns its length, 0 if
 * cp has none.  Hangul syllables have none here, as in unicodedata. */
int unicode_decomposition(uint32_t cp, const char **tag, uint32_t out[18]);
enum { UNORM_NFC, UNORM_NFKC, UNORM_NFD, UNORM_NFKD };
/* Quick check of a whole text: 1 yes, 0 no, -1 maybe. */
int unicode_quickcheck(int form, const uint32_t *s, size_t n);
/* Normalize s[0..n) into a mem_alloc'd array (*out, *outcap entries of
 * capacity, free with mem_free(*out, *outcap * 4)); returns its length. */
size_t unicode_normalize(int form, const uint32_t *s, size_t n, uint32_t **out, size_t *outcap);

/* NFKC of the UTF-8 text s[0..n) (how CPython normalizes non-ASCII
 * identifiers), as mem_alloc'd UTF-8 of *outlen bytes (free with
 * mem_free(p, *outlen + 1)). */
char *unicode_nfkc_utf8(const char *s, size_t n, size_t *outlen);

/* ---- names ------------------------------------------------------------ */
#define UNICODE_NAME_MAX 256 /* longer names are never found */
/* The character name of cp (algorithmic for Hangul syllables and CJK
 * unified ideographs) into buf (UNICODE_NAME_MAX + 1 bytes); returns its
 * length, 0 if cp has no name. */
int unicode_name(uint32_t cp, char *buf);
/* The code point(s) named `name` (any case): a character name, an alias
 * (NameAliases.txt) and, if sequences, a named sequence.  Writes up to 4
 * code points to out and returns how many, 0 if there is no such name. */
int unicode_lookup(const char *name, size_t len, bool sequences, uint32_t out[4]);

/* ---- inline ASCII fast paths ------------------------------------------ */
/* Bits of unicode_ascii_flags[c] (c < 128), UnicodeData-derived. */
enum { UA_ALPHA = 1, UA_DIGIT = 2, UA_SPACE = 4, UA_LOWER = 8, UA_UPPER = 16,
       UA_LINEBREAK = 32, UA_PRINTABLE = 64, UA_IDSTART = 128,
       UA_IDCONTINUE = 256 };
extern const uint16_t unicode_ascii_flags[128];
static inline bool unicode_isspace_fast(uint32_t cp)
{
    return cp < 128 ? (unicode_ascii_flags[cp] & UA_SPACE) != 0 : unicode_isspace(cp);
}
static inline bool unicode_islinebreak_fast(uint32_t cp)
{
    return cp < 128 ? (unicode_ascii_flags[cp] & UA_LINEBREAK) != 0 : unicode_islinebreak(cp);
}

#endif
