/* positions.c — the per-instruction position table of code objects.
 *
 * Each instruction takes three unsigned LEB128 varints: the end line minus
 * the line (zigzag, so odd ASTs cannot break it), the start column + 1 and
 * the end column + 1 (0 = unknown).  Most instructions need 3 bytes.  The
 * table is decoded front to back, which only tracebacks and co_positions()
 * do, never the VM loop.
 */
#include "positions.h"

#include "gc.h"

static size_t put_varint(uint8_t *out, uint32_t v)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7fu;
        v >>= 7;
        out[n++] = (uint8_t)(b | (v ? 0x80u : 0));
    } while (v);
    return n;
}

static uint32_t get_varint(const uint8_t **p, const uint8_t *end)
{
    uint32_t v = 0;
    int shift = 0;
    while (*p < end && shift < 32) {
        uint8_t b = *(*p)++;
        v |= (uint32_t)(b & 0x7fu) << shift;
        if (!(b & 0x80u)) break;
        shift += 7;
    }
    return v;
}

static uint32_t zigzag(int v) { return v >= 0 ? (uint32_t)v << 1 : ((uint32_t)(-(int64_t)v) << 1) - 1; }
static int unzigzag(uint32_t v) { return v & 1u ? -(int)((v + 1) >> 1) : (int)(v >> 1); }

uint8_t *pos_encode(const CodePos *p, int n, int32_t *size)
{
    size_t cap = (size_t)n * 15 + 1;
    uint8_t *buf = mem_alloc(cap);
    if (!buf) return NULL;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        k += put_varint(buf + k, zigzag(p[i].end_line - p[i].line));
        k += put_varint(buf + k, p[i].col < 0 ? 0 : (uint32_t)p[i].col + 1);
        k += put_varint(buf + k, p[i].end_col < 0 ? 0 : (uint32_t)p[i].end_col + 1);
    }
    uint8_t *t = mem_realloc(buf, cap, k ? k : 1);
    if (!t) {
        mem_free(buf, cap);
        return NULL;
    }
    *size = (int32_t)(k ? k : 1);
    return t;
}

bool pos_get(ObjCode *code, int i, CodePos *p)
{
    p->line = code->lines && i >= 0 && i < code->ncode ? (int)code->lines[i] : code->firstline;
    p->end_line = p->line;
    p->col = p->end_col = -1;
    if (!code->positions || i < 0 || i >= code->ncode) return false;
    const uint8_t *q = code->positions, *end = q + code->npositions;
    for (int k = 0; k < i; k++)
        for (int f = 0; f < 3; f++) get_varint(&q, end);
    if (q >= end) return false;
    p->end_line = p->line + unzigzag(get_varint(&q, end));
    p->col = (int)get_varint(&q, end) - 1;
    p->end_col = (int)get_varint(&q, end) - 1;
    return true;
}

static Value int_or_none(int v, bool known) { return known ? MK_INT(v) : NONE; }

static Value co_positions(ObjCode *code)
{
    Value list = list_new(0);
    if (!list) return VNULL;
    const uint8_t *q = code->positions, *end = q ? q + code->npositions : NULL;
    for (int i = 0; i < code->ncode; i++) {
        int line = code->lines ? (int)code->lines[i] : code->firstline, end_line = line, col = -1, end_col = -1;
        if (q && q < end) {
            end_line = line + unzigzag(get_varint(&q, end));
            col = (int)get_varint(&q, end) - 1;
            end_col = (int)get_varint(&q, end) - 1;
        }
        Value t = tuple_new(4);
        if (!t) return VNULL;
        ObjTuple *tt = AS_TUPLE(t);
        tt->items[0] = int_or_none(line, line > 0);
        tt->items[1] = int_or_none(end_line, line > 0);
        tt->items[2] = int_or_none(col, col >= 0);
        tt->items[3] = int_or_none(end_col, end_col >= 0);
        for (int u = 0; u < POS_INSTR_UNITS; u++)
            if (list_append(list, t) < 0) return VNULL;
    }
    return seqiter_new(list);
}

/* (start, end, line) for each run of instructions on one line, in bytes
 * of co_code (POS_INSTR_BYTES per instruction). */
static Value co_lines(ObjCode *code)
{
    Value list = list_new(0);
    if (!list) return VNULL;
    int i = 0;
    while (i < code->ncode) {
        uint32_t line = code->lines ? code->lines[i] : (uint32_t)code->firstline;
        int j = i + 1;
        while (j < code->ncode && code->lines && code->lines[j] == line) j++;
        Value t = tuple_new(3);
        if (!t) return VNULL;
        AS_TUPLE(t)->items[0] = MK_INT(POS_INSTR_BYTES * (int64_t)i);
        AS_TUPLE(t)->items[1] = MK_INT(POS_INSTR_BYTES * (int64_t)j);
        AS_TUPLE(t)->items[2] = line > 0 ? MK_INT((int64_t)line) : NONE;
        if (list_append(list, t) < 0) return VNULL;
        i = j;
    }
    return seqiter_new(list);
}

Value pos_m_co_positions(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("co_positions", nargs - 1, kwnames, 0, 0) < 0) return VNULL;
    return co_positions(AS_CODE(args[0]));
}

Value pos_m_co_lines(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("co_lines", nargs - 1, kwnames, 0, 0) < 0) return VNULL;
    return co_lines(AS_CODE(args[0]));
}
