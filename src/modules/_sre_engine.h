/* _sre_engine.h — the backtracking matcher of _sre, included by _sre.c
 * once per subject width:
 *
 *   SRE_CHAR   the subject's code unit: uint8_t (bytes, and text whose code
 *              points are all below 256) or uint32_t (any other text)
 *   SRE(f)     the name of this width's copy of function f
 *
 * The matcher runs SRE code (re._compiler's output, checked by sre_validate
 * in _sre.c) against st->beginning .. st->end.  It never recurses in C per
 * repetition or per alternative: where the code needs a sub-match ("does
 * this piece match here?"), the current frame saves its code and subject
 * positions, a child Frame is pushed on the state's data stack and the loop
 * starts over on the piece; when the piece reaches SUCCESS or fails, the
 * child is popped and the parent resumes at the point its `resume` tag
 * names.  Saved capture marks and the records of open REPEATs live on the
 * same stack, so a long `(a|b)*` grows that heap buffer, never the C stack.
 *
 * The only C-level nesting is count() running a one-character item that is
 * itself a sub-pattern (`(?:a|b)*`), which nests as deep as the pattern
 * does, never as deep as the subject is long.
 */

/* A sub-match frame.  Each field is the parent's state across one child. */
typedef struct {
    const SRE_CHAR *ptr;   /* subject position */
    const uint32_t *pc;    /* code position */
    int64_t count;         /* repetitions so far (REPEAT_ONE & co, UNTILs) */
    int64_t rep;           /* offset of the repeat record (UNTILs, REPEAT) */
    int32_t lastmark, lastindex; /* saved by LASTMARK_SAVE */
    uint8_t toplevel;      /* SUCCESS here ends the whole match */
    uint8_t resume;        /* where the parent continues (R_*) */
    int64_t parent;        /* offset of the parent frame, -1 at the root */
} SRE(Frame);

#define FRAME(off) ((SRE(Frame) *)(void *)(st->stk + (off)))
#define REPEAT_AT(off) ((SreRepeat *)(void *)(st->stk + (off)))

static int SRE(at)(SreState *st, const SRE_CHAR *ptr, uint32_t at)
{
    const SRE_CHAR *beg = st->beginning, *end = st->end;
    int before, here;
    uint32_t word;
    switch (at) {
    case AT_BEGINNING:
    case AT_BEGINNING_STRING:
        return ptr == beg;
    case AT_BEGINNING_LINE:
        return ptr == beg || ptr[-1] == '\n';
    case AT_END:
        return ptr == end || (end - ptr == 1 && ptr[0] == '\n');
    case AT_END_LINE:
        return ptr == end || ptr[0] == '\n';
    case AT_END_STRING:
        return ptr == end;
    case AT_BOUNDARY:
    case AT_NON_BOUNDARY:
        word = CAT_WORD;
        break;
    case AT_LOC_BOUNDARY:
    case AT_LOC_NON_BOUNDARY:
        word = CAT_LOC_WORD;
        break;
    case AT_UNI_BOUNDARY:
    case AT_UNI_NON_BOUNDARY:
        word = CAT_UNI_WORD;
        break;
    default:
        return 0;
    }
    /* a word boundary: a word character on one side only */
    if (beg == end)
        return 0;
    before = ptr > beg && sre_category(word, ptr[-1]);
    here = ptr < end && sre_category(word, ptr[0]);
    return (before != here) == (at == AT_BOUNDARY || at == AT_LOC_BOUNDARY || at == AT_UNI_BOUNDARY);
}

static int64_t SRE(match)(SreState *st, const uint32_t *pc, int toplevel);

/* How many times (at most maxcount) the one-character item at pc matches
 * from st->ptr on.  Does not move st->ptr for the simple items. */
static int64_t SRE(count)(SreState *st, const uint32_t *pc, int64_t maxcount)
{
    const SRE_CHAR *start = st->ptr, *p = start, *end = st->end;
    if (maxcount < end - p && maxcount != SRE_MAXREPEAT)
        end = p + maxcount;
    uint32_t c = pc[1];
    switch (pc[0]) {
    case OP_IN:
        /* the common one-item sets without the general set walk */
        if (pc[2] == OP_CHARSET && pc[11] == OP_FAILURE) {
            const uint32_t *bits = pc + 3;
            while (p < end && sre_in_bitmap(bits, *p))
                p++;
        } else if (pc[2] == OP_RANGE && pc[5] == OP_FAILURE && pc[3] <= pc[4]) {
            uint32_t lo = pc[3], span = pc[4] - pc[3];
            while (p < end && (uint32_t)*p - lo <= span)
                p++;
        } else {
            while (p < end && sre_charset(pc + 2, *p))
                p++;
        }
        break;
    case OP_ANY:
        while (p < end && *p != '\n')
            p++;
        break;
    case OP_ANY_ALL:
        p = end;
        break;
    case OP_LITERAL:
        if (sizeof(SRE_CHAR) == 1 && c > 0xff)
            break;
        while (p < end && *p == c)
            p++;
        break;
    case OP_NOT_LITERAL:
        if (sizeof(SRE_CHAR) == 1 && c > 0xff) {
            p = end;
            break;
        }
        if (sizeof(SRE_CHAR) == 1 && p < end) {
            const void *hit = memchr(p, (int)c, (size_t)(end - p));
            p = hit ? (const SRE_CHAR *)hit : end;
            break;
        }
        while (p < end && *p != c)
            p++;
        break;
    case OP_LITERAL_IGNORE:
    case OP_NOT_LITERAL_IGNORE:
    case OP_LITERAL_UNI_IGNORE:
    case OP_NOT_LITERAL_UNI_IGNORE:
    case OP_LITERAL_LOC_IGNORE:
    case OP_NOT_LITERAL_LOC_IGNORE:
    case OP_IN_IGNORE:
    case OP_IN_UNI_IGNORE:
    case OP_IN_LOC_IGNORE:
    case OP_CATEGORY:
        while (p < end && sre_char_matches(pc, *p))
            p++;
        break;
    default:
        /* a one-character sub-pattern (a branch of single characters, a
         * category...): run it once per character */
        while ((const SRE_CHAR *)st->ptr < end) {
            const void *before = st->ptr;
            int64_t r = SRE(match)(st, pc, 0);
            if (r < 0)
                return r;
            if (!r || st->ptr == before)
                break;
        }
        return (const SRE_CHAR *)st->ptr - start;
    }
    return p - start;
}


/* Run the code at pc from st->ptr: 1 matched (st->ptr is the end of the
 * match), 0 did not, < 0 an SRE_ERROR_*. */
static int64_t SRE(match)(SreState *st, const uint32_t *pc, int toplevel)
{
    const SRE_CHAR *end = st->end;
    const SRE_CHAR *ptr;
    int64_t off, ret = 0;
    SRE(Frame) *f;

#define PUSH_BYTES(src, n) do {                                      \
        if (sre_stack_push(st, (src), (n)) < 0)                      \
            return SRE_ERROR_MEMORY;                                 \
        f = FRAME(off);                                              \
    } while (0)
#define POP_BYTES(dst, n, discard) do {                              \
        memcpy((dst), st->stk + st->stk_top - (n), (n));             \
        if (discard)                                                 \
            st->stk_top -= (n);                                      \
    } while (0)
#define MARKS_SIZE(lm) ((size_t)((lm) + 1) * sizeof(void *))
#define MARK_PUSH(lm) do { if ((lm) >= 0) PUSH_BYTES(st->mark, MARKS_SIZE(lm)); } while (0)
#define MARK_POP(lm) do { if ((lm) >= 0) POP_BYTES(st->mark, MARKS_SIZE(lm), 1); } while (0)
#define MARK_POP_KEEP(lm) do { if ((lm) >= 0) POP_BYTES(st->mark, MARKS_SIZE(lm), 0); } while (0)
#define MARK_POP_DISCARD(lm) do { if ((lm) >= 0) st->stk_top -= MARKS_SIZE(lm); } while (0)
#define LASTMARK_SAVE() do { f->lastmark = st->lastmark; f->lastindex = st->lastindex; } while (0)
#define LASTMARK_RESTORE() do { st->lastmark = f->lastmark; st->lastindex = f->lastindex; } while (0)
#define FAIL do { ret = 0; goto leave; } while (0)
#define SUCCEED do { ret = 1; goto leave; } while (0)
    /* Run the code at `next` as a child; `label` is where the parent goes
     * on with the child's verdict in ret. */
#define CALL(tag, label, next, top) do {                             \
        const uint32_t *next_ = (next);                              \
        uint8_t top_ = (uint8_t)(top);                               \
        f->pc = pc;                                                  \
        f->ptr = ptr;                                                \
        int64_t child_;                                              \
        if (sre_stack_alloc(st, sizeof(SRE(Frame)), &child_) < 0)    \
            return SRE_ERROR_MEMORY;                                 \
        f = FRAME(child_);                                           \
        f->parent = off;                                             \
        f->resume = (tag);                                           \
        f->toplevel = top_;                                          \
        off = child_;                                                \
        pc = next_;                                                  \
        goto enter;                                                  \
    label:;                                                          \
    } while (0)

    if (sre_stack_alloc(st, sizeof(SRE(Frame)), &off) < 0)
        return SRE_ERROR_MEMORY;
    f = FRAME(off);
    f->parent = -1;
    f->resume = R_NONE;
    f->toplevel = (uint8_t)toplevel;

enter:
    ptr = st->ptr;
    if (pc[0] == OP_INFO) {
        /* <INFO> <skip> <flags> <min> ...: too short to match? */
        if (pc[3] && (uint64_t)(end - ptr) < pc[3])
            FAIL;
        pc += pc[1] + 1;
    }

    for (;;) {
        switch (*pc++) {

        case OP_MARK: {
            /* <MARK> <gid> */
            int i = (int)pc[0];
            if (i & 1)
                st->lastindex = i / 2 + 1;
            if (i > st->lastmark) {
                /* marks between the old and the new highest are unset */
                for (int j = st->lastmark + 1; j < i; j++)
                    st->mark[j] = NULL;
                st->lastmark = i;
            }
            st->mark[i] = ptr;
            pc++;
            break;
        }

        case OP_LITERAL:
            if (ptr >= end || *ptr != pc[0])
                FAIL;
            pc++;
            ptr++;
            break;

        case OP_NOT_LITERAL:
            if (ptr >= end || *ptr == pc[0])
                FAIL;
            pc++;
            ptr++;
            break;

        case OP_SUCCESS:
            if (f->toplevel &&
                ((st->match_all && ptr != end) ||
                 (st->must_advance && ptr == (const SRE_CHAR *)st->start)))
                FAIL;
            st->ptr = ptr;
            SUCCEED;

        case OP_AT:
            if (!SRE(at)(st, ptr, pc[0]))
                FAIL;
            pc++;
            break;

        case OP_CATEGORY:
            if (ptr >= end || !sre_category(pc[0], *ptr))
                FAIL;
            pc++;
            ptr++;
            break;

        case OP_ANY:
            if (ptr >= end || *ptr == '\n')
                FAIL;
            ptr++;
            break;

        case OP_ANY_ALL:
            if (ptr >= end)
                FAIL;
            ptr++;
            break;

        case OP_IN:
            /* <IN> <skip> <set> */
            if (ptr >= end || !sre_charset(pc + 1, *ptr))
                FAIL;
            pc += pc[0];
            ptr++;
            break;

        case OP_LITERAL_UNI_IGNORE:
            /* the case-insensitive literal of every str pattern: direct */
            if (ptr >= end || sre_lower_unicode(*ptr) != pc[0])
                FAIL;
            pc++;
            ptr++;
            break;

        case OP_LITERAL_IGNORE:
        case OP_NOT_LITERAL_IGNORE:
        case OP_NOT_LITERAL_UNI_IGNORE:
        case OP_LITERAL_LOC_IGNORE:
        case OP_NOT_LITERAL_LOC_IGNORE:
            /* <op> <character> */
            if (ptr >= end || !sre_char_matches(pc - 1, *ptr))
                FAIL;
            pc++;
            ptr++;
            break;

        case OP_IN_IGNORE:
        case OP_IN_UNI_IGNORE:
        case OP_IN_LOC_IGNORE:
            /* <op> <skip> <set> */
            if (ptr >= end || !sre_char_matches(pc - 1, *ptr))
                FAIL;
            pc += pc[0];
            ptr++;
            break;

        case OP_JUMP:
        case OP_INFO:
            /* <JUMP> <offset> */
            pc += pc[0];
            break;

        case OP_BRANCH:
            /* <BRANCH> <skip> code <JUMP> ... <0> */
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                MARK_PUSH(f->lastmark);
            for (; pc[0]; pc += pc[0]) {
                /* skip alternatives whose first character cannot match */
                if (pc[1] == OP_LITERAL && (ptr >= end || *ptr != pc[2]))
                    continue;
                if (pc[1] == OP_IN && (ptr >= end || !sre_charset(pc + 3, *ptr)))
                    continue;
                st->ptr = ptr;
                CALL(R_BRANCH, r_branch, pc + 1, f->toplevel);
                if (ret) {
                    if (st->repeat >= 0)
                        MARK_POP_DISCARD(f->lastmark);
                    SUCCEED;
                }
                if (st->repeat >= 0)
                    MARK_POP_KEEP(f->lastmark);
                LASTMARK_RESTORE();
            }
            if (st->repeat >= 0)
                MARK_POP_DISCARD(f->lastmark);
            FAIL;

        case OP_REPEAT_ONE:
        case OP_POSSESSIVE_REPEAT_ONE:
            /* <REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail: a greedy
             * repeat of a one-character item; the possessive one never gives
             * any back */
            if ((int64_t)pc[1] > end - ptr)
                FAIL;
            st->ptr = ptr;
            ret = SRE(count)(st, pc + 3, pc[2]);
            if (ret < 0)
                return ret;
            f = FRAME(off);
            f->count = ret;
            ptr += ret;
            if (f->count < (int64_t)pc[1])
                FAIL;
            if (pc[pc[0]] == OP_SUCCESS && ptr == end &&
                !(f->toplevel && st->must_advance && ptr == (const SRE_CHAR *)st->start)) {
                /* nothing follows: done */
                st->ptr = ptr;
                SUCCEED;
            }
            if (pc[-1] == OP_POSSESSIVE_REPEAT_ONE) {
                pc += pc[0];
                break;
            }
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                MARK_PUSH(f->lastmark);
            for (;;) {
                if (pc[pc[0]] == OP_LITERAL) {
                    /* the tail starts with a literal: only try where it is */
                    uint32_t c = pc[pc[0] + 1];
                    while (f->count >= (int64_t)pc[1] && (ptr >= end || *ptr != c)) {
                        ptr--;
                        f->count--;
                    }
                }
                if (f->count < (int64_t)pc[1])
                    break;
                st->ptr = ptr;
                CALL(R_REPEAT_ONE, r_repeat_one, pc + pc[0], f->toplevel);
                if (ret) {
                    if (st->repeat >= 0)
                        MARK_POP_DISCARD(f->lastmark);
                    SUCCEED;
                }
                if (st->repeat >= 0)
                    MARK_POP_KEEP(f->lastmark);
                LASTMARK_RESTORE();
                ptr--;
                f->count--;
            }
            if (st->repeat >= 0)
                MARK_POP_DISCARD(f->lastmark);
            FAIL;

        case OP_MIN_REPEAT_ONE:
            /* <MIN_REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail: the
             * lazy one */
            if ((int64_t)pc[1] > end - ptr)
                FAIL;
            st->ptr = ptr;
            if (pc[1] == 0) {
                f->count = 0;
            } else {
                ret = SRE(count)(st, pc + 3, pc[1]);
                if (ret < 0)
                    return ret;
                f = FRAME(off);
                if (ret < (int64_t)pc[1])
                    FAIL;
                f->count = ret;
                ptr += ret;
            }
            if (pc[pc[0]] == OP_SUCCESS &&
                !(f->toplevel &&
                  ((st->match_all && ptr != end) ||
                   (st->must_advance && ptr == (const SRE_CHAR *)st->start)))) {
                st->ptr = ptr;
                SUCCEED;
            }
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                MARK_PUSH(f->lastmark);
            while (pc[2] == SRE_MAXREPEAT || f->count <= (int64_t)pc[2]) {
                st->ptr = ptr;
                CALL(R_MIN_REPEAT_ONE, r_min_repeat_one, pc + pc[0], f->toplevel);
                if (ret) {
                    if (st->repeat >= 0)
                        MARK_POP_DISCARD(f->lastmark);
                    SUCCEED;
                }
                if (st->repeat >= 0)
                    MARK_POP_KEEP(f->lastmark);
                LASTMARK_RESTORE();
                st->ptr = ptr;
                ret = SRE(count)(st, pc + 3, 1);
                if (ret < 0)
                    return ret;
                f = FRAME(off);
                if (ret == 0)
                    break;
                ptr++;
                f->count++;
            }
            if (st->repeat >= 0)
                MARK_POP_DISCARD(f->lastmark);
            FAIL;

        case OP_REPEAT: {
            /* <REPEAT> <skip> <min> <max> <index> item <UNTIL> tail: open a
             * repeat record; the UNTIL at the end of the item does the work */
            int64_t roff;
            if (sre_stack_alloc(st, sizeof(SreRepeat), &roff) < 0)
                return SRE_ERROR_MEMORY;
            f = FRAME(off);
            SreRepeat *rp = REPEAT_AT(roff);
            rp->count = -1;
            rp->pc = pc;
            rp->prev = st->repeat;
            rp->last_ptr = NULL;
            st->repeat = roff;
            f->rep = roff;
            st->ptr = ptr;
            CALL(R_REPEAT, r_repeat, pc + pc[0], f->toplevel);
            st->repeat = REPEAT_AT(f->rep)->prev;
            st->stk_top = (size_t)f->rep; /* drop the record */
            if (ret)
                SUCCEED;
            FAIL;
        }

        case OP_MAX_UNTIL:
        case OP_MIN_UNTIL: {
            /* the end of a REPEAT's item: greedy (MAX) or lazy (MIN) */
            if (st->repeat < 0)
                return SRE_ERROR_STATE;
            f->rep = st->repeat;
            SreRepeat *rp = REPEAT_AT(f->rep);
            st->ptr = ptr;
            f->count = rp->count + 1;
            if (f->count < (int64_t)rp->pc[1]) {
                /* not there yet: the item must match again */
                rp->count = f->count;
                CALL(R_UNTIL_MIN, r_until_min, REPEAT_AT(f->rep)->pc + 3, f->toplevel);
                if (ret)
                    SUCCEED;
                REPEAT_AT(f->rep)->count = f->count - 1;
                st->ptr = ptr;
                FAIL;
            }
            if (pc[-1] == OP_MIN_UNTIL)
                goto min_until;
            rp = REPEAT_AT(f->rep);
            if ((f->count < (int64_t)rp->pc[2] || rp->pc[2] == SRE_MAXREPEAT) &&
                st->ptr != rp->last_ptr) {
                /* enough, but try one more (not if the last one was empty) */
                rp->count = f->count;
                LASTMARK_SAVE();
                MARK_PUSH(f->lastmark);
                {
                    /* copied out first: the push may move the stack */
                    const void *saved = REPEAT_AT(f->rep)->last_ptr;
                    PUSH_BYTES(&saved, sizeof saved);
                }
                REPEAT_AT(f->rep)->last_ptr = st->ptr;
                CALL(R_MAX_UNTIL_2, r_max_until_2, REPEAT_AT(f->rep)->pc + 3, f->toplevel);
                POP_BYTES(&REPEAT_AT(f->rep)->last_ptr, sizeof(void *), 1);
                if (ret) {
                    MARK_POP_DISCARD(f->lastmark);
                    SUCCEED;
                }
                MARK_POP(f->lastmark);
                LASTMARK_RESTORE();
                REPEAT_AT(f->rep)->count = f->count - 1;
                st->ptr = ptr;
            }
            /* no more items: the tail must match, outside this repeat */
            st->repeat = REPEAT_AT(f->rep)->prev;
            CALL(R_MAX_UNTIL_3, r_max_until_3, pc, f->toplevel);
            st->repeat = f->rep;
            if (ret)
                SUCCEED;
            st->ptr = ptr;
            FAIL;
        }

        min_until: {
            SreRepeat *rp;
            /* enough: try the tail first */
            st->repeat = REPEAT_AT(f->rep)->prev;
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                MARK_PUSH(f->lastmark);
            CALL(R_MIN_UNTIL_2, r_min_until_2, pc, f->toplevel);
            {
                int64_t tail_repeat = st->repeat;
                st->repeat = f->rep;
                if (ret) {
                    if (tail_repeat >= 0)
                        MARK_POP_DISCARD(f->lastmark);
                    SUCCEED;
                }
                if (tail_repeat >= 0)
                    MARK_POP(f->lastmark);
            }
            LASTMARK_RESTORE();
            st->ptr = ptr;
            rp = REPEAT_AT(f->rep);
            if ((f->count >= (int64_t)rp->pc[2] && rp->pc[2] != SRE_MAXREPEAT) ||
                st->ptr == rp->last_ptr)
                FAIL;
            /* then one more item */
            rp->count = f->count;
            {
                const void *saved = REPEAT_AT(f->rep)->last_ptr;
                PUSH_BYTES(&saved, sizeof saved);
            }
            REPEAT_AT(f->rep)->last_ptr = st->ptr;
            CALL(R_MIN_UNTIL_3, r_min_until_3, REPEAT_AT(f->rep)->pc + 3, f->toplevel);
            POP_BYTES(&REPEAT_AT(f->rep)->last_ptr, sizeof(void *), 1);
            if (ret)
                SUCCEED;
            REPEAT_AT(f->rep)->count = f->count - 1;
            st->ptr = ptr;
            FAIL;
        }

        case OP_POSSESSIVE_REPEAT:
            /* <POSSESSIVE_REPEAT> <skip> <min> <max> item <SUCCESS> tail */
            st->ptr = ptr;
            f->count = 0;
            while (f->count < (int64_t)pc[1]) {
                CALL(R_POSS_REPEAT_1, r_poss_repeat_1, pc + 3, 0);
                if (!ret) {
                    st->ptr = ptr;
                    FAIL;
                }
                f->count++;
            }
            /* ptr is the start of the last item tried: an item that
             * matched empty stops the loop */
            ptr = NULL;
            while ((f->count < (int64_t)pc[2] || pc[2] == SRE_MAXREPEAT) &&
                   (const SRE_CHAR *)st->ptr != ptr) {
                LASTMARK_SAVE();
                MARK_PUSH(f->lastmark);
                ptr = st->ptr;
                CALL(R_POSS_REPEAT_2, r_poss_repeat_2, pc + 3, 0);
                if (ret) {
                    MARK_POP_DISCARD(f->lastmark);
                    f->count++;
                } else {
                    MARK_POP(f->lastmark);
                    LASTMARK_RESTORE();
                    st->ptr = ptr;
                    break;
                }
            }
            pc += pc[0] + 1;
            ptr = st->ptr;
            break;

        case OP_ATOMIC_GROUP:
            /* <ATOMIC_GROUP> <skip> item <SUCCESS> tail */
            st->ptr = ptr;
            CALL(R_ATOMIC_GROUP, r_atomic_group, pc + 1, 0);
            if (!ret) {
                st->ptr = ptr;
                FAIL;
            }
            pc += pc[0];
            ptr = st->ptr;
            break;

        case OP_GROUPREF:
        case OP_GROUPREF_IGNORE:
        case OP_GROUPREF_UNI_IGNORE:
        case OP_GROUPREF_LOC_IGNORE: {
            /* <GROUPREF> <group>: the text the group matched, again */
            uint32_t op = pc[-1];
            int64_t g = (int64_t)pc[0] * 2;
            if (g >= st->lastmark)
                FAIL;
            const SRE_CHAR *p = st->mark[g], *e = st->mark[g + 1];
            if (!p || !e || e < p)
                FAIL;
            if (e - p > end - ptr)
                FAIL;
            switch (op) {
            case OP_GROUPREF:
                for (; p < e; p++, ptr++)
                    if (*ptr != *p)
                        FAIL;
                break;
            case OP_GROUPREF_IGNORE:
                for (; p < e; p++, ptr++)
                    if (sre_lower_ascii(*ptr) != sre_lower_ascii(*p))
                        FAIL;
                break;
            case OP_GROUPREF_UNI_IGNORE:
                for (; p < e; p++, ptr++)
                    if (sre_lower_unicode(*ptr) != sre_lower_unicode(*p))
                        FAIL;
                break;
            default:
                for (; p < e; p++, ptr++)
                    if (sre_lower_locale(*ptr) != sre_lower_locale(*p))
                        FAIL;
                break;
            }
            pc++;
            break;
        }

        case OP_GROUPREF_EXISTS: {
            /* <GROUPREF_EXISTS> <group> <skip> yes <JUMP> no: (?(g)yes|no) */
            int64_t g = (int64_t)pc[0] * 2;
            if (g >= st->lastmark || !st->mark[g] || !st->mark[g + 1] ||
                (const SRE_CHAR *)st->mark[g + 1] < (const SRE_CHAR *)st->mark[g]) {
                pc += pc[1];
                break;
            }
            pc += 2;
            break;
        }

        case OP_ASSERT:
            /* <ASSERT> <skip> <back> pattern: lookahead (back 0) or
             * fixed-width lookbehind */
            if (ptr - (const SRE_CHAR *)st->beginning < (int64_t)pc[1])
                FAIL;
            st->ptr = ptr - pc[1];
            CALL(R_ASSERT, r_assert, pc + 2, 0);
            if (!ret)
                FAIL;
            pc += pc[0];
            break;

        case OP_ASSERT_NOT:
            if (ptr - (const SRE_CHAR *)st->beginning >= (int64_t)pc[1]) {
                st->ptr = ptr - pc[1];
                LASTMARK_SAVE();
                if (st->repeat >= 0)
                    MARK_PUSH(f->lastmark);
                CALL(R_ASSERT_NOT, r_assert_not, pc + 2, 0);
                if (ret) {
                    if (st->repeat >= 0)
                        MARK_POP_DISCARD(f->lastmark);
                    FAIL;
                }
                if (st->repeat >= 0)
                    MARK_POP(f->lastmark);
                LASTMARK_RESTORE();
            }
            pc += pc[0];
            break;

        case OP_FAILURE:
            FAIL;

        default:
            /* the validator lets nothing else through */
            return SRE_ERROR_ILLEGAL;
        }
    }

leave: {
        /* pop this frame and give its verdict to the parent */
        int64_t parent = f->parent;
        int resume = f->resume;
        st->stk_top = (size_t)off;
        if (parent < 0)
            return ret;
        off = parent;
        f = FRAME(off);
        pc = f->pc;
        ptr = f->ptr;
        switch (resume) {
        case R_UNTIL_MIN: goto r_until_min;
        case R_MAX_UNTIL_2: goto r_max_until_2;
        case R_MAX_UNTIL_3: goto r_max_until_3;
        case R_MIN_UNTIL_2: goto r_min_until_2;
        case R_MIN_UNTIL_3: goto r_min_until_3;
        case R_REPEAT: goto r_repeat;
        case R_REPEAT_ONE: goto r_repeat_one;
        case R_MIN_REPEAT_ONE: goto r_min_repeat_one;
        case R_BRANCH: goto r_branch;
        case R_ASSERT: goto r_assert;
        case R_ASSERT_NOT: goto r_assert_not;
        case R_POSS_REPEAT_1: goto r_poss_repeat_1;
        case R_POSS_REPEAT_2: goto r_poss_repeat_2;
        case R_ATOMIC_GROUP: goto r_atomic_group;
        default: return SRE_ERROR_STATE;
        }
    }
#undef PUSH_BYTES
#undef POP_BYTES
#undef MARKS_SIZE
#undef MARK_PUSH
#undef MARK_POP
#undef MARK_POP_KEEP
#undef MARK_POP_DISCARD
#undef LASTMARK_SAVE
#undef LASTMARK_RESTORE
#undef FAIL
#undef SUCCEED
#undef CALL
}

/* Find the first match at or after st->start: the INFO block's literal
 * prefix or first-character set narrows where a match is tried. */
static int64_t SRE(search)(SreState *st, const uint32_t *pc)
{
    const SRE_CHAR *ptr = st->start, *end = st->end;
    const SRE_CHAR *const first = ptr;
    const bool advance = st->must_advance;
    int64_t status = 0, prefix_len = 0, prefix_skip = 0;
    const uint32_t *prefix = NULL, *charset = NULL, *overlap = NULL;
    uint32_t flags = 0;

    /* The compiler's prefix and charset searches only find non-empty
     * matches; with hand-made code they could find the empty match that
     * finditer & co must step over: that one does not count. */
#define EMPTY_AGAIN() (status > 0 && advance && st->ptr == (const void *)first && \
                       st->start == (const void *)first)
    if (ptr > end)
        return 0;
    if (pc[0] == OP_INFO) {
        /* <INFO> <skip> <flags> <min> <max> <prefix or charset> */
        flags = pc[2];
        if (pc[3] && end - ptr < (int64_t)pc[3])
            return 0;
        if (pc[3] > 1) {
            /* leave room for the shortest match, but one character at
             * least so that the literal searches work */
            end -= pc[3] - 1;
            if (end <= ptr)
                end = ptr;
        }
        if (flags & SRE_INFO_PREFIX) {
            /* <length> <skip> <prefix> <overlap table> */
            prefix_len = pc[5];
            prefix_skip = pc[6];
            prefix = pc + 7;
            overlap = prefix + prefix_len - 1;
        } else if (flags & SRE_INFO_CHARSET) {
            charset = pc + 5;
        }
        pc += 1 + pc[1];
    }

    if (prefix_len == 1) {
        /* the match starts with one known character */
        uint32_t c = prefix[0];
        if (sizeof(SRE_CHAR) == 1 && c > 0xff)
            return 0;
        end = st->end;
        st->must_advance = 0;
        while (ptr < end) {
            if (sizeof(SRE_CHAR) == 1) {
                const void *hit = memchr(ptr, (int)c, (size_t)(end - ptr));
                if (!hit)
                    return 0;
                ptr = hit;
            } else {
                while (*ptr != c)
                    if (++ptr >= end)
                        return 0;
            }
            st->start = ptr;
            st->ptr = ptr + prefix_skip;
            if (flags & SRE_INFO_LITERAL)
                return 1;
            status = SRE(match)(st, pc + 2 * prefix_skip, 0);
            if (status != 0 && !EMPTY_AGAIN())
                return status;
            ptr++;
            sre_reset_marks(st);
        }
        return 0;
    }

    if (prefix_len > 1) {
        /* a longer known prefix: Knuth-Morris-Pratt with the overlap
         * table the compiler made */
        end = st->end;
        if (prefix_len > end - ptr)
            return 0;
        if (sizeof(SRE_CHAR) == 1)
            for (int64_t i = 0; i < prefix_len; i++)
                if (prefix[i] > 0xff)
                    return 0;
        while (ptr < end) {
            uint32_t c = prefix[0];
            if (sizeof(SRE_CHAR) == 1) {
                const void *hit = memchr(ptr, (int)c, (size_t)(end - ptr));
                if (!hit)
                    return 0;
                ptr = (const SRE_CHAR *)hit + 1;
            } else {
                while (*ptr++ != c)
                    if (ptr >= end)
                        return 0;
            }
            if (ptr >= end)
                return 0;
            int64_t i = 1;
            st->must_advance = 0;
            do {
                if (*ptr == prefix[i]) {
                    if (++i != prefix_len) {
                        if (++ptr >= end)
                            return 0;
                        continue;
                    }
                    /* the whole prefix is here */
                    st->start = ptr - (prefix_len - 1);
                    st->ptr = ptr - (prefix_len - prefix_skip - 1);
                    if (flags & SRE_INFO_LITERAL)
                        return 1;
                    status = SRE(match)(st, pc + 2 * prefix_skip, 0);
                    if (status != 0 && !EMPTY_AGAIN())
                        return status;
                    if (++ptr >= end)
                        return 0;
                    sre_reset_marks(st);
                }
                i = overlap[i];
            } while (i != 0);
        }
        return 0;
    }

    if (charset) {
        /* the match starts with a character of a known set */
        end = st->end;
        st->must_advance = 0;
        for (;;) {
            while (ptr < end && !sre_charset(charset, *ptr))
                ptr++;
            if (ptr >= end)
                return 0;
            st->start = ptr;
            st->ptr = ptr;
            status = SRE(match)(st, pc, 0);
            if (status != 0 && !EMPTY_AGAIN())
                break;
            status = 0;
            ptr++;
            sre_reset_marks(st);
        }
        return status;
    }

    /* anything else: try every position */
    st->start = st->ptr = ptr;
    status = SRE(match)(st, pc, 1);
    st->must_advance = 0;
    if (status == 0 && pc[0] == OP_AT &&
        (pc[1] == AT_BEGINNING || pc[1] == AT_BEGINNING_STRING)) {
        /* anchored at the start: no other position can match */
        st->start = st->ptr = end;
        return 0;
    }
    while (status == 0 && ptr < end) {
        ptr++;
        sre_reset_marks(st);
        st->start = st->ptr = ptr;
        status = SRE(match)(st, pc, 0);
    }
    return status;
}

#undef EMPTY_AGAIN
#undef FRAME
#undef REPEAT_AT
