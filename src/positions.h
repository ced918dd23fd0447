/* positions.h — each instruction's source span (CPython's co_positions).
 *
 * A code object keeps, beside its `lines` array, a compact byte table
 * giving every instruction's end line, start column and end column
 * (columns are 0-based UTF-8 byte offsets, as in CPython's AST; -1 means
 * unknown).  The traceback printer reads it to draw the `~~^^` lines, and
 * code objects expose it as co_positions().
 */
#ifndef BATON_POSITIONS_H
#define BATON_POSITIONS_H

#include "object.h"

typedef struct { int line, end_line, col, end_col; } CodePos;

/* Encode n instructions' positions into a fresh mem_alloc'd table; *size
 * gets its length.  NULL when out of memory. */
uint8_t *pos_encode(const CodePos *p, int n, int32_t *size);

/* The span of instruction i of code (false when there is no table or i is
 * out of range: then only p->line is known, from co->lines). */
bool pos_get(ObjCode *code, int i, CodePos *p);

/* The size of one instruction in the byte offsets scripts see: co_code
 * holds 4 bytes per instruction, so co_lines() ranges, f_lasti and tb_lasti
 * count 4 per instruction too (co_lines covers co_code, as CPython's does),
 * and co_positions() yields one entry per 2-byte code unit as CPython's
 * (two per instruction), so that lasti // 2 indexes it. */
#define POS_INSTR_BYTES 4
#define POS_INSTR_UNITS (POS_INSTR_BYTES / 2)

/* code.co_positions() / code.co_lines() (natives; args[0] is the code
 * object): iterators of (line, end_line, col, end_col), one per code unit,
 * and of (start, end, line) byte ranges. */
Value pos_m_co_positions(Value *args, int nargs, ObjTuple *kwnames);
Value pos_m_co_lines(Value *args, int nargs, ObjTuple *kwnames);

#endif
