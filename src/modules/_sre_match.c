/* modules/_sre_match.c — the matcher of _sre: character sets, the
 * backtracking engine (_sre_engine.h, compiled once per subject width),
 * the search strategies, and the validator that makes any code list
 * safe to run.  _sre.c owns the objects; _sre.h is what they share.
 */
#include <stdlib.h>
#include <string.h>

#include "_sre.h"

bool sre_category(uint32_t cat, uint32_t c)
{
    switch (cat) {
    case CAT_DIGIT: return c - '0' < 10;
    case CAT_NOT_DIGIT: return !(c - '0' < 10);
    case CAT_SPACE: return c == ' ' || (c >= 9 && c <= 13);
    case CAT_NOT_SPACE: return !(c == ' ' || (c >= 9 && c <= 13));
    case CAT_WORD: return sre_is_word(c);
    case CAT_NOT_WORD: return !sre_is_word(c);
    case CAT_LINEBREAK: return c == '\n';
    case CAT_NOT_LINEBREAK: return c != '\n';
    case CAT_LOC_WORD: return sre_loc_is_word(c);
    case CAT_LOC_NOT_WORD: return !sre_loc_is_word(c);
    case CAT_UNI_DIGIT: return c < 128 ? c - '0' < 10 : uni_isdecimal(c);
    case CAT_UNI_NOT_DIGIT: return !(c < 128 ? c - '0' < 10 : uni_isdecimal(c));
    case CAT_UNI_SPACE: return uni_isspace(c);
    case CAT_UNI_NOT_SPACE: return !uni_isspace(c);
    case CAT_UNI_WORD: return sre_uni_is_word(c);
    case CAT_UNI_NOT_WORD: return !sre_uni_is_word(c);
    case CAT_UNI_LINEBREAK: return sre_uni_is_linebreak(c);
    case CAT_UNI_NOT_LINEBREAK: return !sre_uni_is_linebreak(c);
    }
    return false;
}

static inline bool sre_in_bitmap(const uint32_t *bits, uint32_t c)
{
    return c < 256 && (bits[c >> 5] & (1u << (c & 31)));
}

/* Is c in the set at `set` (a validated sequence of set items ending with
 * FAILURE)? */
static bool sre_charset(const uint32_t *set, uint32_t c)
{
    bool in = true;
    for (;;) {
        switch (*set++) {
        case OP_FAILURE:
            return !in;
        case OP_LITERAL:
            if (c == set[0])
                return in;
            set++;
            break;
        case OP_CATEGORY:
            if (sre_category(set[0], c))
                return in;
            set++;
            break;
        case OP_CHARSET:
            /* a 256-bit bitmap */
            if (sre_in_bitmap(set, c))
                return in;
            set += 8;
            break;
        case OP_RANGE:
            if (set[0] <= c && c <= set[1])
                return in;
            set += 2;
            break;
        case OP_RANGE_UNI_IGNORE: {
            /* c is lower case already */
            if (set[0] <= c && c <= set[1])
                return in;
            uint32_t u = sre_upper_unicode(c);
            if (set[0] <= u && u <= set[1])
                return in;
            set += 2;
            break;
        }
        case OP_NEGATE:
            in = !in;
            break;
        case OP_BIGCHARSET: {
            /* <count> <256 block numbers, as bytes> <count bitmaps> */
            uint32_t count = *set++;
            int64_t block = c < 0x10000 ? ((const uint8_t *)set)[c >> 8] : -1;
            set += 64;
            if (block >= 0 && (set[(block * 256 + (c & 255)) >> 5] & (1u << (c & 31))))
                return in;
            set += (size_t)count * 8;
            break;
        }
        default:
            return false;
        }
    }
}

static bool sre_charset_loc_ignore(const uint32_t *set, uint32_t c)
{
    uint32_t lo = sre_lower_locale(c);
    if (sre_charset(set, lo))
        return true;
    uint32_t up = sre_upper_locale(c);
    return up != lo && sre_charset(set, up);
}

static inline bool sre_char_loc_ignore(uint32_t pattern, uint32_t c)
{
    return c == pattern || sre_lower_locale(c) == pattern || sre_upper_locale(c) == pattern;
}

/* The data stack holds no Values, only positions and counts, and is gone
 * when the call ends: it is plain malloc'd memory, so that a runaway
 * pattern gets a MemoryError instead of aborting the process. */
static int sre_stack_reserve(SreState *st, size_t n)
{
    if (st->stk_cap - st->stk_top >= n)
        return 0;
    size_t need = st->stk_top + n;
    size_t cap = need + need / 4 + 1024;
    char *p;
    if (st->stk == st->stk_inline) {
        p = malloc(cap);
        if (p)
            memcpy(p, st->stk, st->stk_top);
    } else {
        p = realloc(st->stk, cap);
    }
    if (!p)
        return -1;
    st->stk = p;
    st->stk_cap = cap;
    return 0;
}

static int sre_stack_alloc(SreState *st, size_t n, int64_t *off)
{
    if (sre_stack_reserve(st, n) < 0)
        return -1;
    *off = (int64_t)st->stk_top;
    st->stk_top += n;
    return 0;
}

static int sre_stack_push(SreState *st, const void *src, size_t n)
{
    if (sre_stack_reserve(st, n) < 0)
        return -1;
    memcpy(st->stk + st->stk_top, src, n);
    st->stk_top += n;
    return 0;
}

static inline void sre_reset_marks(SreState *st)
{
    st->lastmark = st->lastindex = -1;
}

/* Does the one-character op at op (a LITERAL, IN, CATEGORY or ANY, or an
 * IGNORE form of them) match the character c? */
static inline bool sre_char_matches(const uint32_t *op, uint32_t c)
{
    switch (op[0]) {
    case OP_LITERAL: return c == op[1];
    case OP_NOT_LITERAL: return c != op[1];
    case OP_LITERAL_IGNORE: return sre_lower_ascii(c) == op[1];
    case OP_NOT_LITERAL_IGNORE: return sre_lower_ascii(c) != op[1];
    case OP_LITERAL_UNI_IGNORE: return sre_lower_unicode(c) == op[1];
    case OP_NOT_LITERAL_UNI_IGNORE: return sre_lower_unicode(c) != op[1];
    case OP_LITERAL_LOC_IGNORE: return sre_char_loc_ignore(op[1], c);
    case OP_NOT_LITERAL_LOC_IGNORE: return !sre_char_loc_ignore(op[1], c);
    case OP_IN: return sre_charset(op + 2, c);
    case OP_IN_IGNORE: return sre_charset(op + 2, sre_lower_ascii(c));
    case OP_IN_UNI_IGNORE: return sre_charset(op + 2, sre_lower_unicode(c));
    case OP_IN_LOC_IGNORE: return sre_charset_loc_ignore(op + 2, c);
    case OP_CATEGORY: return sre_category(op[1], c);
    case OP_ANY: return c != '\n';
    case OP_ANY_ALL: return true;
    }
    return false;
}

/* ---- the matcher, once per width --------------------------------------- */

/* Where a parent resumes when its child returns. */
enum {
    R_NONE, R_UNTIL_MIN, R_MAX_UNTIL_2, R_MAX_UNTIL_3,
    R_MIN_UNTIL_2, R_MIN_UNTIL_3, R_REPEAT, R_REPEAT_ONE,
    R_MIN_REPEAT_ONE, R_BRANCH, R_ASSERT, R_ASSERT_NOT, R_POSS_REPEAT_1,
    R_POSS_REPEAT_2, R_ATOMIC_GROUP
};

#define SRE_CHAR uint8_t
#define SRE(f) sre8_##f
#include "_sre_engine.h"
#undef SRE_CHAR
#undef SRE

#define SRE_CHAR uint32_t
#define SRE(f) sre32_##f
#include "_sre_engine.h"
#undef SRE_CHAR
#undef SRE

void sre_state_reset(SreState *st)
{
    st->lastmark = st->lastindex = -1;
    st->repeat = -1;
    st->stk_top = 0;
}

int64_t sre_state_match(SreState *st, const uint32_t *code)
{
    sre_state_reset(st);
    st->ptr = st->start;
    return st->width == 1 ? sre8_match(st, code, 1) : sre32_match(st, code, 1);
}

int64_t sre_state_search(SreState *st, const uint32_t *code)
{
    sre_state_reset(st);
    st->ptr = st->start;
    return st->width == 1 ? sre8_search(st, code) : sre32_search(st, code);
}

/* ---- code validation ---------------------------------------------------- */

/* The code the compiler makes nests strictly: each block's skip lands
 * inside its parent, and each block ends with the op its opener expects.
 * sre_validate checks exactly that, so the matcher can trust every skip
 * and operand.  It also finds the highest MARK, which sizes the marks. */
typedef struct {
    uint32_t groups;
    int64_t maxmark;
    int depth;
} Validator;

#define V_MAX_DEPTH 5000

static bool valid_charset(const uint32_t *code, const uint32_t *end)
{
    while (code < end) {
        uint32_t op = *code++;
        switch (op) {
        case OP_NEGATE:
            break;
        case OP_LITERAL:
            if (end - code < 1)
                return false;
            code++;
            break;
        case OP_RANGE:
        case OP_RANGE_UNI_IGNORE:
            if (end - code < 2)
                return false;
            code += 2;
            break;
        case OP_CHARSET:
            if (end - code < 8)
                return false;
            code += 8;
            break;
        case OP_BIGCHARSET: {
            if (end - code < 1)
                return false;
            uint32_t count = *code++;
            if (end - code < 64)
                return false;
            for (int i = 0; i < 256; i++)
                if (((const uint8_t *)code)[i] >= count)
                    return false;
            code += 64;
            if ((uint64_t)(end - code) < (uint64_t)count * 8)
                return false;
            code += (size_t)count * 8;
            break;
        }
        case OP_CATEGORY:
            if (end - code < 1 || *code >= CAT_COUNT)
                return false;
            code++;
            break;
        default:
            return false;
        }
    }
    return true;
}

/* Reads a skip at *code: the block it covers ends at code + skip - adj,
 * which must not pass end. */
#define GET(var) do { if (code >= end) return -1; (var) = *code++; } while (0)
#define GET_SKIP(var, adj) do {                                      \
        if (code >= end) return -1;                                  \
        (var) = *code;                                               \
        if ((var) < (adj) || (var) - (adj) > end - code) \
            return -1;                                               \
        code++;                                                      \
    } while (0)

static int valid_block(Validator *v, const uint32_t *code, const uint32_t *end);

/* A block of len words at *codep, then its closing op (close1 or close2);
 * *codep moves past both.  0 valid, -1 not. */
static int valid_closed(Validator *v, const uint32_t **codep, const uint32_t *end, int64_t len,
                        uint32_t close1, uint32_t close2)
{
    const uint32_t *code = *codep;
    if (len < 0 || len >= end - code || valid_block(v, code, code + len))
        return -1;
    code += len;
    if (*code != close1 && *code != close2)
        return -1;
    *codep = code + 1;
    return 0;
}

/* 0 valid, -1 invalid, 1 valid and the last op is a JUMP (the "then"
 * part of a conditional with an "else"). */
static int valid_block(Validator *v, const uint32_t *code, const uint32_t *end)
{
    uint32_t op, arg;
    int64_t skip;
    if (code > end || ++v->depth > V_MAX_DEPTH)
        return -1;
    while (code < end) {
        GET(op);
        switch (op) {
        case OP_MARK:
            GET(arg);
            if (arg >= 2 * (uint64_t)v->groups)
                return -1;
            if ((int64_t)arg > v->maxmark)
                v->maxmark = arg;
            break;
        case OP_LITERAL:
        case OP_NOT_LITERAL:
        case OP_LITERAL_IGNORE:
        case OP_NOT_LITERAL_IGNORE:
        case OP_LITERAL_UNI_IGNORE:
        case OP_NOT_LITERAL_UNI_IGNORE:
        case OP_LITERAL_LOC_IGNORE:
        case OP_NOT_LITERAL_LOC_IGNORE:
            GET(arg);
            break;
        case OP_SUCCESS:
        case OP_FAILURE:
        case OP_ANY:
        case OP_ANY_ALL:
            break;
        case OP_AT:
            GET(arg);
            if (arg >= AT_COUNT)
                return -1;
            break;
        case OP_CATEGORY:
            GET(arg);
            if (arg >= CAT_COUNT)
                return -1;
            break;
        case OP_IN:
        case OP_IN_IGNORE:
        case OP_IN_UNI_IGNORE:
        case OP_IN_LOC_IGNORE:
            /* <IN> <skip> set... FAILURE */
            GET_SKIP(skip, 0);
            if (skip < 2 || !valid_charset(code, code + skip - 2) ||
                code[skip - 2] != OP_FAILURE)
                return -1;
            code += skip - 1;
            break;
        case OP_INFO: {
            /* <INFO> <skip> <flags> <min> <max> [prefix | charset] */
            uint32_t flags, min, max;
            GET_SKIP(skip, 0);
            if (skip < 1)
                return -1;
            const uint32_t *next = code + skip - 1;
            GET(flags);
            GET(min);
            GET(max);
            (void)min;
            (void)max;
            if (code > next || (flags & ~(SRE_INFO_PREFIX | SRE_INFO_LITERAL | SRE_INFO_CHARSET)) ||
                ((flags & SRE_INFO_PREFIX) && (flags & SRE_INFO_CHARSET)) ||
                ((flags & SRE_INFO_LITERAL) && !(flags & SRE_INFO_PREFIX)))
                return -1;
            if (flags & SRE_INFO_PREFIX) {
                uint32_t len, pskip;
                GET(len);
                GET(pskip);
                if (code > next || len == 0 || pskip > len || (uint64_t)(next - code) < 2 * (uint64_t)len)
                    return -1;
                /* a literal is all prefix (and so never empty) */
                if ((flags & SRE_INFO_LITERAL) && pskip != len)
                    return -1;
                /* the search trusts the overlap table as Knuth-Morris-Pratt's
                 * failure function of the prefix: it must be exactly that */
                for (uint32_t i = 0, k = 0; i < len; i++) {
                    if (i > 0) {
                        while (k > 0 && code[i] != code[k])
                            k = code[len + k - 1];
                        if (code[i] == code[k])
                            k++;
                    }
                    if (code[len + i] != k)
                        return -1;
                }
                /* the search skips pskip LITERALs of the code that follows */
                const uint32_t *body = next;
                for (uint32_t i = 0; i < pskip; i++, body += 2)
                    if (end - body < 2 || body[0] != OP_LITERAL)
                        return -1;
                code += 2 * len;
            }
            if (flags & SRE_INFO_CHARSET) {
                if (next - code < 1 || !valid_charset(code, next - 1) || next[-1] != OP_FAILURE)
                    return -1;
                code = next;
            } else if (code != next) {
                return -1;
            }
            break;
        }
        case OP_BRANCH: {
            /* <BRANCH> (<skip> code <JUMP> <skip>)... <0> */
            const uint32_t *target = NULL;
            for (;;) {
                GET_SKIP(skip, 0);
                if (skip == 0)
                    break;
                if (skip < 3 || valid_block(v, code, code + skip - 3))
                    return -1;
                code += skip - 3;
                GET(op);
                if (op != OP_JUMP)
                    return -1;
                GET_SKIP(skip, 0);
                if (skip < 1)
                    return -1;
                if (!target)
                    target = code + skip - 1;
                else if (code + skip - 1 != target)
                    return -1;
            }
            if (code != target)
                return -1;
            break;
        }
        case OP_REPEAT_ONE:
        case OP_MIN_REPEAT_ONE:
        case OP_POSSESSIVE_REPEAT_ONE:
        case OP_REPEAT:
        case OP_POSSESSIVE_REPEAT: {
            /* <op> <skip> <min> <max> item <SUCCESS> tail (the _ONE ops),
             * <REPEAT> ... item <MAX_UNTIL or MIN_UNTIL> tail,
             * <POSSESSIVE_REPEAT> ... item <SUCCESS> tail */
            uint32_t min, max, opener = op;
            GET_SKIP(skip, 0);
            GET(min);
            GET(max);
            if (min > max)
                return -1;
            if (opener == OP_REPEAT) {
                if (valid_closed(v, &code, end, skip - 3, OP_MAX_UNTIL, OP_MIN_UNTIL))
                    return -1;
            } else if (valid_closed(v, &code, end, skip - (opener == OP_POSSESSIVE_REPEAT ? 3 : 4),
                                    OP_SUCCESS, OP_SUCCESS)) {
                return -1;
            }
            break;
        }
        case OP_ATOMIC_GROUP:
            /* <ATOMIC_GROUP> <skip> item <SUCCESS> tail */
            GET_SKIP(skip, 0);
            if (valid_closed(v, &code, end, skip - 2, OP_SUCCESS, OP_SUCCESS))
                return -1;
            break;
        case OP_GROUPREF:
        case OP_GROUPREF_IGNORE:
        case OP_GROUPREF_UNI_IGNORE:
        case OP_GROUPREF_LOC_IGNORE:
            GET(arg);
            if (arg >= v->groups)
                return -1;
            break;
        case OP_GROUPREF_EXISTS: {
            /* <GROUPREF_EXISTS> <group> <skip> yes [<JUMP> <skip> no]; the
             * first skip counts from the group operand */
            int rc;
            GET(arg);
            if (arg >= v->groups)
                return -1;
            GET_SKIP(skip, 1);
            code--;
            if (skip < 2)
                return -1;
            rc = valid_block(v, code + 1, code + skip - 1);
            if (rc == 1) {
                /* a "then" ending with JUMP: an "else" follows */
                code += skip - 2;
                GET_SKIP(skip, 0);
                if (skip < 1)
                    return -1;
                rc = valid_block(v, code, code + skip - 1);
            }
            if (rc)
                return -1;
            code += skip - 1;
            break;
        }
        case OP_ASSERT:
        case OP_ASSERT_NOT:
            /* <op> <skip> <back> pattern <SUCCESS> */
            GET_SKIP(skip, 0);
            GET(arg);
            if (valid_closed(v, &code, end, skip - 3, OP_SUCCESS, OP_SUCCESS))
                return -1;
            break;
        case OP_JUMP:
            if (code + 1 != end)
                return -1;
            v->depth--;
            return 1;
        default:
            return -1;
        }
    }
    v->depth--;
    return 0;
}
#undef GET
#undef GET_SKIP

bool sre_validate(const uint32_t *code, int64_t n, int64_t groups, int64_t *maxmark)
{
    if (groups < 0 || groups > SRE_MAXGROUPS || n < 1 || code[n - 1] != OP_SUCCESS)
        return false;
    Validator v = {(uint32_t)groups, -1, 0};
    if (valid_block(&v, code, code + n - 1) != 0)
        return false;
    *maxmark = v.maxmark;
    return true;
}
