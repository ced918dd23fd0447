/* dis.c — the disassembler behind `baton --dis`, and the opcode tables
 * generated from OPCODE_LIST (names for printing, stack effects for the
 * compiler's depth analysis).
 *
 * Output follows CPython's dis: a header per code object, then one line per
 * instruction: source line (when it changes), ">>" on jump targets, index,
 * name, argument and what the argument means.  Nested code objects (in
 * consts) are printed after their parent.
 */
#include "compiler.h"
#include "opcodes.h"
#include "vm.h"

const char *const opcode_names[OP__COUNT] = {
#define OP_NAME(name, effect) #name,
    OPCODE_LIST(OP_NAME)
#undef OP_NAME
};

const int opcode_effects[OP__COUNT] = {
#define OP_EFFECT(name, effect) effect,
    OPCODE_LIST(OP_EFFECT)
#undef OP_EFFECT
};

static bool has_jump(int op)
{
    return op == OP_JUMP || op == OP_JUMP_BACKWARD || op == OP_POP_JUMP_IF_FALSE || op == OP_POP_JUMP_IF_TRUE ||
           op == OP_JUMP_IF_FALSE_OR_POP || op == OP_JUMP_IF_TRUE_OR_POP || op == OP_POP_JUMP_IF_NONE ||
           op == OP_POP_JUMP_IF_NOT_NONE || op == OP_FOR_ITER;
}

static bool uses_name(int op)
{
    return op == OP_LOAD_GLOBAL || op == OP_STORE_GLOBAL || op == OP_DELETE_GLOBAL || op == OP_LOAD_NAME ||
           op == OP_STORE_NAME || op == OP_DELETE_NAME || op == OP_LOAD_ATTR || op == OP_STORE_ATTR ||
           op == OP_DELETE_ATTR || op == OP_LOAD_METHOD || op == OP_IMPORT_NAME || op == OP_IMPORT_MODULE ||
           op == OP_IMPORT_FROM;
}

static bool uses_local(int op)
{
    return op == OP_LOAD_FAST || op == OP_STORE_FAST || op == OP_DELETE_FAST || op == OP_LOAD_DEREF ||
           op == OP_STORE_DEREF || op == OP_DELETE_DEREF || op == OP_LOAD_CLOSURE || op == OP_LOAD_CLASSDEREF;
}

/* Print a value's repr; code objects print as <code object ...>. */
static void print_value(Value v, FILE *out)
{
    if (IS_CODE(v)) {
        ObjCode *c = AS_CODE(v);
        fprintf(out, "<code object %s, file \"%s\", line %d>", c->name->data, c->filename->data, c->firstline);
        return;
    }
    Value r = obj_repr(v);
    if (!r) {
        err_clear();
        fputs("<?>", out);
        return;
    }
    /* long constants are cut so a line stays readable */
    if (AS_STR(r)->len > 60) fprintf(out, "%.57s...", AS_STR(r)->data);
    else fputs(AS_STR(r)->data, out);
}

/* The name of local slot l, or NULL. */
static const char *local_name(ObjCode *co, uint32_t l)
{
    if (co->localnames && l < (uint32_t)co->localnames->len && IS_STR(co->localnames->items[l]))
        return AS_STR(co->localnames->items[l])->data;
    return NULL;
}

static const char *const binop_signs[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};

static void dis_one(ObjCode *co, FILE *out)
{
    fprintf(out, "Disassembly of %s (%s, line %d):\n", co->qualname ? co->qualname->data : "?",
            co->filename ? co->filename->data : "?", co->firstline);
    bool *target = calloc((size_t)co->ncode + 1, 1);
    for (int i = 0; i < co->ncode; i++) {
        int op = (int)OPCODE(co->code[i]);
        if (has_jump(op) && ARG(co->code[i]) < (uint32_t)co->ncode && target) target[ARG(co->code[i])] = true;
    }
    for (int i = 0; target && i < co->nexc; i++)
        if (co->exctable[i].handler < (uint32_t)co->ncode) target[co->exctable[i].handler] = true;
    int lastline = -1;
    for (int i = 0; i < co->ncode; i++) {
        uint32_t ins = co->code[i];
        int op = (int)OPCODE(ins);
        uint32_t a = ARG(ins);
        int line = co->lines ? (int)co->lines[i] : 0;
        if (line != lastline) {
            if (i > 0) fputc('\n', out);
            fprintf(out, "%4d ", line);
            lastline = line;
        } else {
            fputs("     ", out);
        }
        fprintf(out, "%s %5d %-22s", target && target[i] ? ">>" : "  ", i, op < OP__COUNT ? opcode_names[op] : "???");
        bool showarg = opcode_effects[op] == VAR || has_jump(op) || uses_name(op) || uses_local(op) ||
                       op == OP_LOAD_CONST || op == OP_KW_NAMES || (op >= OP_BINARY_ADD && op <= OP_BINARY_MATMUL) ||
                       op == OP_IS_OP || op == OP_CONTAINS_OP || op == OP_RAISE_VARARGS || op == OP_ROT_N ||
                       op == OP_COPY || op == OP_MATCH_CLASS || op == OP_GET_AWAITABLE;
        if (showarg) fprintf(out, " %5u", a);
        if (op == OP_LOAD_CONST || op == OP_KW_NAMES) {
            if (co->consts && a < (uint32_t)co->consts->len) {
                fputs(" (", out);
                print_value(co->consts->items[a], out);
                fputc(')', out);
            }
        } else if (uses_name(op)) {
            if (co->names && a < (uint32_t)co->names->len) fprintf(out, " (%s)", AS_STR(co->names->items[a])->data);
        } else if (op == OP_LOAD_FAST_ATTR || op == OP_STORE_FAST_ATTR || op == OP_LOAD_FAST_METHOD) {
            uint32_t nm = FUSED_NAME(a);
            const char *name = local_name(co, FUSED_LOCAL(a));
            fputs("       (", out);
            if (name)
                fputs(name, out);
            if (co->names && nm < (uint32_t)co->names->len) fprintf(out, ".%s", AS_STR(co->names->items[nm])->data);
            fputc(')', out);
        } else if ((op >= OP_COMPARE_LT_FC && op <= OP_COMPARE_GE_FC) || op == OP_ADD_FC || op == OP_SUB_FC) {
            static const char *const cmp_signs[] = {"<", "<=", "==", "!=", ">", ">="};
            bool arith = op == OP_ADD_FC || op == OP_SUB_FC;
            uint32_t k = arith ? FC_CONST(a) : FUSED_NAME(a);
            const char *name = local_name(co, FUSED_LOCAL(a));
            if (!name)
                name = "?";
            const char *sign = arith ? binop_signs[op == OP_ADD_FC ? 0 : 1] : cmp_signs[op - OP_COMPARE_LT_FC];
            if (!arith) fprintf(out, "       (%s %s ", name, sign);
            else if (a & FC_INPLACE) fprintf(out, "       (%s %s= ", name, sign);
            else fprintf(out, "       (%s = %s %s ", name, name, sign);
            if (co->consts && k < (uint32_t)co->consts->len) print_value(co->consts->items[k], out);
            fputc(')', out);
        } else if (uses_local(op)) {
            const char *name = local_name(co, a);
            if (name)
                fprintf(out, " (%s)", name);
        } else if (has_jump(op)) {
            fprintf(out, " (to %u)", a);
        } else if (op >= OP_BINARY_ADD && op <= OP_BINARY_MATMUL) {
            fprintf(out, " (%s%s)", binop_signs[op - OP_BINARY_ADD], a ? "=" : "");
        } else if (op == OP_IS_OP) {
            fputs(a ? " (is not)" : " (is)", out);
        } else if (op == OP_CONTAINS_OP) {
            fputs(a ? " (not in)" : " (in)", out);
        } else if (op == OP_FORMAT_VALUE) {
            static const char *const conv[] = {"", "str", "repr", "ascii"};
            if (a & 3) fprintf(out, " (%s%s)", conv[a & 3], (a & 4) ? ", with format" : "");
            else if (a & 4) fputs(" (with format)", out);
        } else if (op == OP_UNPACK_EX) {
            fprintf(out, " (%u before, %u after)", a & 0xff, a >> 8);
        } else if (op == OP_MATCH_CLASS) {
            fprintf(out, " (%u positional)", a);
        } else if (op == OP_GET_AWAITABLE && a) {
            fputs(a == 1 ? " (__aenter__)" : " (__aexit__)", out);
        }
        fputc('\n', out);
    }
    if (co->nexc) {
        fputs("ExceptionTable:\n", out);
        for (int i = 0; i < co->nexc; i++)
            fprintf(out, "  %u to %u -> %u [%u]\n", co->exctable[i].start, co->exctable[i].end - 1,
                    co->exctable[i].handler, co->exctable[i].depth);
    }
    free(target);
}

void dis_code(ObjCode *code, FILE *out)
{
    if (!code) return;
    dis_one(code, out);
    for (int64_t i = 0; code->consts && i < code->consts->len; i++) {
        Value v = code->consts->items[i];
        if (IS_CODE(v)) {
            fputc('\n', out);
            dis_code(AS_CODE(v), out);
        }
    }
}
