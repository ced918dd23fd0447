/* modules/_sre.h — what the _sre module (_sre.c) and its matcher
 * (_sre_match.c, with _sre_engine.h) share: the SRE code's constants
 * (re._constants' numbering), the character classes, and the match state.
 */
#ifndef BATON_SRE_H
#define BATON_SRE_H

#include "str.h"
#include "unicode.h"

#define SRE_MAGIC 20220615
#define SRE_MAXREPEAT 0xFFFFFFFFu
#define SRE_MAXGROUPS 0x3FFFFFFF

/* Opcodes, in re._constants.OPCODES order. */
enum {
    OP_FAILURE, OP_SUCCESS, OP_ANY, OP_ANY_ALL, OP_ASSERT, OP_ASSERT_NOT,
    OP_AT, OP_BRANCH, OP_CATEGORY, OP_CHARSET, OP_BIGCHARSET, OP_GROUPREF,
    OP_GROUPREF_EXISTS, OP_IN, OP_INFO, OP_JUMP, OP_LITERAL, OP_MARK,
    OP_MAX_UNTIL, OP_MIN_UNTIL, OP_NOT_LITERAL, OP_NEGATE, OP_RANGE,
    OP_REPEAT, OP_REPEAT_ONE, OP_SUBPATTERN, OP_MIN_REPEAT_ONE,
    OP_ATOMIC_GROUP, OP_POSSESSIVE_REPEAT, OP_POSSESSIVE_REPEAT_ONE,
    OP_GROUPREF_IGNORE, OP_IN_IGNORE, OP_LITERAL_IGNORE,
    OP_NOT_LITERAL_IGNORE, OP_GROUPREF_LOC_IGNORE, OP_IN_LOC_IGNORE,
    OP_LITERAL_LOC_IGNORE, OP_NOT_LITERAL_LOC_IGNORE, OP_GROUPREF_UNI_IGNORE,
    OP_IN_UNI_IGNORE, OP_LITERAL_UNI_IGNORE, OP_NOT_LITERAL_UNI_IGNORE,
    OP_RANGE_UNI_IGNORE
};
/* AT codes (ATCODES) */
enum {
    AT_BEGINNING, AT_BEGINNING_LINE, AT_BEGINNING_STRING, AT_BOUNDARY,
    AT_NON_BOUNDARY, AT_END, AT_END_LINE, AT_END_STRING, AT_LOC_BOUNDARY,
    AT_LOC_NON_BOUNDARY, AT_UNI_BOUNDARY, AT_UNI_NON_BOUNDARY, AT_COUNT
};
/* Categories (CHCODES) */
enum {
    CAT_DIGIT, CAT_NOT_DIGIT, CAT_SPACE, CAT_NOT_SPACE, CAT_WORD,
    CAT_NOT_WORD, CAT_LINEBREAK, CAT_NOT_LINEBREAK, CAT_LOC_WORD,
    CAT_LOC_NOT_WORD, CAT_UNI_DIGIT, CAT_UNI_NOT_DIGIT, CAT_UNI_SPACE,
    CAT_UNI_NOT_SPACE, CAT_UNI_WORD, CAT_UNI_NOT_WORD, CAT_UNI_LINEBREAK,
    CAT_UNI_NOT_LINEBREAK, CAT_COUNT
};
#define SRE_INFO_PREFIX 1
#define SRE_INFO_LITERAL 2
#define SRE_INFO_CHARSET 4
/* Pattern flags (for the repr) */
#define SRE_FLAG_IGNORECASE 2
#define SRE_FLAG_LOCALE 4
#define SRE_FLAG_MULTILINE 8
#define SRE_FLAG_DOTALL 16
#define SRE_FLAG_UNICODE 32
#define SRE_FLAG_VERBOSE 64
#define SRE_FLAG_DEBUG 128
#define SRE_FLAG_ASCII 256

#define SRE_ERROR_ILLEGAL -1
#define SRE_ERROR_STATE -2
#define SRE_ERROR_MEMORY -9

/* ---- character classes -------------------------------------------------- */

/* Unicode: the one place that knows where the tables are (str.c for now). */
static inline uint32_t uni_lower(uint32_t c) { return unicode_tolower(c); }
static inline uint32_t uni_upper(uint32_t c) { return unicode_toupper(c); }
static inline bool uni_isdecimal(uint32_t c) { return unicode_isdecimal(c); }
static inline bool uni_isspace(uint32_t c) { return unicode_isspace(c); }
static inline bool uni_isalnum(uint32_t c) { return unicode_isalnum(c); }

static inline bool ascii_isalnum(uint32_t c)
{
    return (c - '0' < 10) || ((c | 32) - 'a' < 26);
}
static inline bool sre_is_word(uint32_t c) { return c < 128 && (ascii_isalnum(c) || c == '_'); }
static inline uint32_t sre_lower_ascii(uint32_t c) { return c - 'A' < 26 ? c + 32 : c; }

/* LOCALE: baton runs in the C locale (it never calls setlocale), where the
 * 8-bit classification is ASCII's -- as it is for CPython in a UTF-8
 * locale. */
static inline bool sre_loc_is_word(uint32_t c) { return c < 256 && (ascii_isalnum(c) || c == '_'); }
static inline uint32_t sre_lower_locale(uint32_t c) { return c < 256 ? sre_lower_ascii(c) : c; }
static inline uint32_t sre_upper_locale(uint32_t c)
{
    return (c < 256 && c - 'a' < 26) ? c - 32 : c;
}

static inline uint32_t sre_lower_unicode(uint32_t c)
{
    return c < 128 ? sre_lower_ascii(c) : uni_lower(c);
}
static inline uint32_t sre_upper_unicode(uint32_t c)
{
    return c < 128 ? (c - 'a' < 26 ? c - 32 : c) : uni_upper(c);
}
static inline bool sre_uni_is_word(uint32_t c)
{
    return c < 128 ? (ascii_isalnum(c) || c == '_') : uni_isalnum(c);
}
static inline bool sre_uni_is_linebreak(uint32_t c)
{
    return (c >= 10 && c <= 13) || (c >= 0x1c && c <= 0x1e) || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

bool sre_category(uint32_t cat, uint32_t c);

/* ---- match state ------------------------------------------------------- */

/* An open REPEAT (on the data stack; see _sre_engine.h). */
typedef struct {
    int64_t count;         /* items matched so far, -1 before the first */
    const uint32_t *pc;    /* the REPEAT's operands: skip, min, max */
    const void *last_ptr;  /* where the last item started (empty-item guard) */
    int64_t prev;          /* the enclosing repeat's offset, -1 for none */
} SreRepeat;

typedef struct {
    const void *beginning, *start, *end, *ptr; /* subject positions */
    const void **mark;      /* group marks: 2 per group, NULL unset */
    int64_t nmarks;
    int lastmark, lastindex;
    int64_t repeat;         /* offset of the innermost open repeat, -1 none */
    char *stk;              /* the data stack: frames, saved marks, repeats */
    size_t stk_cap, stk_top;
    bool match_all, must_advance;
    int width;              /* bytes per character: 1 or 4 */
    bool isbytes;
    int64_t pos, endpos;    /* the clamped pos/endpos arguments */
    Value string;           /* the subject object */
    Value subject;          /* its decoded form (ObjSubject) or VNULL */
    int64_t cur_cp, cur_byte; /* the last code point -> byte offset found */
    /* most patterns need no more: no malloc for them */
    const void *mark_inline[16];
    _Alignas(8) char stk_inline[1024];
} SreState;

/* Run the code against st->start..st->end: anchored (sre_state_match) or
 * at the first position that matches (sre_state_search).  1 matched
 * (st->start, st->ptr and the marks say where), 0 no match, < 0 an
 * SRE_ERROR_*. */
void sre_state_reset(SreState *st);
int64_t sre_state_match(SreState *st, const uint32_t *code);
int64_t sre_state_search(SreState *st, const uint32_t *code);
/* Is code (n words) well-formed SRE code for `groups` groups?  *maxmark
 * gets the highest MARK it sets (-1 for none). */
bool sre_validate(const uint32_t *code, int64_t n, int64_t groups, int64_t *maxmark);

#endif
