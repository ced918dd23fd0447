/* modules/_opcode.c — the _opcode module: CPython 3.11's stack_effect().
 *
 * CPython's Lib/opcode.py and Lib/dis.py import it, and inspect imports
 * dis, so it has to exist for those to load.  It answers for CPython
 * 3.11's instruction set (the numbers in Lib/opcode.py), not for baton's
 * own bytecode, which is different (`baton --dis` shows that).  The
 * effects follow the rules of 3.11's compiler: for a jump, `jump=True`
 * gives the effect when the jump is taken, `False` when not, and None the
 * larger of the two.
 */
#include "exceptions.h"
#include "str.h"

#define HAVE_ARGUMENT 90
#define NO_EFFECT INT32_MIN

/* Instructions without an argument (< HAVE_ARGUMENT); NO_EFFECT: no such
 * instruction (a gap, or one of the specialized forms).  jump as below. */
static int effect_noarg(int op, int jump)
{
    switch (op) {
    case 0: /* CACHE */
    case 9: /* NOP */
    case 10: case 11: case 12: case 15: /* UNARY_POSITIVE, _NEGATIVE, _NOT, _INVERT */
    case 36: case 37: /* CHECK_EXC_MATCH, CHECK_EG_MATCH */
    case 50: /* GET_AITER */
    case 68: case 69: /* GET_ITER, GET_YIELD_FROM_ITER */
    case 75: /* RETURN_GENERATOR */
    case 82: /* LIST_TO_TUPLE */
    case 85: /* SETUP_ANNOTATIONS */
    case 86: /* YIELD_VALUE */
    case 87: /* ASYNC_GEN_WRAP */
        return 0;
    case 2: /* PUSH_NULL */
    case 30: case 31: case 32: case 33: /* GET_LEN, MATCH_MAPPING, _SEQUENCE, _KEYS */
    case 35: /* PUSH_EXC_INFO */
    case 49: /* WITH_EXCEPT_START */
    case 51: /* GET_ANEXT */
    case 52: case 53: /* BEFORE_ASYNC_WITH, BEFORE_WITH */
    case 71: /* LOAD_BUILD_CLASS */
    case 74: /* LOAD_ASSERTION_ERROR */
        return 1;
    case 1: /* POP_TOP */
    case 25: /* BINARY_SUBSCR */
    case 70: /* PRINT_EXPR */
    case 83: /* RETURN_VALUE */
    case 84: /* IMPORT_STAR */
    case 88: /* PREP_RERAISE_STAR */
    case 89: /* POP_EXCEPT */
        return -1;
    case 54: /* END_ASYNC_FOR */
    case 61: /* DELETE_SUBSCR */
        return -2;
    case 60: /* STORE_SUBSCR */
        return -3;
    /* The compiler's pseudo-instructions, which never reach bytecode. */
    case -1: case -3: /* SETUP_FINALLY, SETUP_WITH: the handler gets one value */
        return jump != 0 ? 1 : 0;
    case -2: /* SETUP_CLEANUP: the handler gets two */
        return jump != 0 ? 2 : 0;
    case -4: case -5: case -6: /* POP_BLOCK, JUMP, JUMP_NO_INTERRUPT */
        return 0;
    case -7: case -8: case -9: case -10: /* POP_JUMP_IF_FALSE, _TRUE, _NONE, _NOT_NONE */
        return -1;
    default:
        return NO_EFFECT;
    }
}

/* Instructions with an argument; jump is 1 (taken), 0 (not) or -1 (the
 * maximum of both). */
static int effect_arg(int op, int32_t oparg, int jump)
{
    switch (op) {
    case 91: case 98: case 126: case 139: /* DELETE_NAME, _GLOBAL, _FAST, _DEREF */
    case 99: /* SWAP */
    case 106: /* LOAD_ATTR */
    case 110: /* JUMP_FORWARD */
    case 131: /* GET_AWAITABLE */
    case 134: case 140: /* JUMP_BACKWARD_NO_INTERRUPT, JUMP_BACKWARD */
    case 135: /* MAKE_CELL */
    case 144: /* EXTENDED_ARG */
    case 149: /* COPY_FREE_VARS */
    case 151: /* RESUME */
    case 172: /* KW_NAMES */
        return 0;
    case 100: case 101: case 124: /* LOAD_CONST, LOAD_NAME, LOAD_FAST */
    case 109: /* IMPORT_FROM */
    case 120: /* COPY */
    case 136: case 137: case 148: /* LOAD_CLOSURE, LOAD_DEREF, LOAD_CLASSDEREF */
    case 160: /* LOAD_METHOD */
        return 1;
    case 90: case 97: case 125: case 138: /* STORE_NAME, _GLOBAL, _FAST, _DEREF */
    case 96: /* DELETE_ATTR */
    case 107: case 117: case 118: /* COMPARE_OP, IS_OP, CONTAINS_OP */
    case 108: /* IMPORT_NAME */
    case 114: case 115: case 128: case 129: /* POP_JUMP_FORWARD_IF_* */
    case 173: case 174: case 175: case 176: /* POP_JUMP_BACKWARD_IF_* */
    case 119: /* RERAISE */
    case 122: /* BINARY_OP */
    case 145: case 146: /* LIST_APPEND, SET_ADD */
    case 162: case 163: case 164: case 165: /* LIST_EXTEND, SET_UPDATE, DICT_MERGE, _UPDATE */
    case 171: /* CALL */
        return -1;
    case 95: /* STORE_ATTR */
    case 147: /* MAP_ADD */
    case 152: /* MATCH_CLASS */
        return -2;
    case 92: /* UNPACK_SEQUENCE */
        return (int32_t)((uint32_t)oparg - 1u);
    case 94: /* UNPACK_EX */
        return (oparg & 0xFF) + (oparg >> 8);
    case 93: /* FOR_ITER: pushes the next item, or pops the iterator at the end */
        return jump > 0 ? -1 : 1;
    case 111: case 112: /* JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP */
        return jump != 0 ? 0 : -1;
    case 123: /* SEND */
        return jump > 0 ? -1 : 0;
    case 102: case 103: case 104: case 157: /* BUILD_TUPLE, _LIST, _SET, _STRING */
        return (int32_t)(1u - (uint32_t)oparg);
    case 105: /* BUILD_MAP */
        return (int32_t)(1u - 2u * (uint32_t)oparg);
    case 156: /* BUILD_CONST_KEY_MAP */
    case 166: /* PRECALL */
    case 130: /* RAISE_VARARGS */
        return (int32_t)(0u - (uint32_t)oparg);
    case 116: /* LOAD_GLOBAL: the low bit pushes a NULL too */
        return (oparg & 1) + 1;
    case 132: /* MAKE_FUNCTION: defaults, kwdefaults, annotations, closure */
        return -((oparg & 1) != 0) - ((oparg & 2) != 0) - ((oparg & 4) != 0) - ((oparg & 8) != 0);
    case 133: /* BUILD_SLICE */
        return oparg == 3 ? -2 : -1;
    case 142: /* CALL_FUNCTION_EX */
        return -2 - (oparg & 1);
    case 155: /* FORMAT_VALUE: a format spec is popped too */
        return (oparg & 4) == 4 ? -1 : 0;
    default:
        return NO_EFFECT;
    }
}

/* stack_effect(opcode, oparg=None, /, *, jump=None) */
static Value m_stack_effect(Value *args, int nargs, ObjTuple *kw)
{
    Value jumpv = NONE;
    int64_t nkw = kw ? kw->len : 0;
    for (int64_t i = 0; i < nkw; i++) {
        ObjStr *name = AS_STR(kw->items[i]);
        if (strcmp(str_cstr(name), "jump") != 0)
            return err_format(exc_TypeError, "'%N' is an invalid keyword argument for stack_effect()",
                              name);
        jumpv = args[nargs + i];
    }
    if (nargs < 1)
        return err_format(exc_TypeError,
                          "stack_effect() takes at least 1 positional argument (%d given)", nargs);
    if (nargs > 2)
        return err_format(exc_TypeError,
                          "stack_effect() takes at most 2 positional arguments (%d given)", nargs);
    int64_t op64;
    if (obj_as_int64(args[0], &op64) < 0 || op64 > INT32_MAX || op64 < INT32_MIN) {
        if (!err_occurred() || err_matches(exc_OverflowError)) {
            err_clear();
            return err_set(exc_OverflowError, "Python int too large to convert to C int");
        }
        return VNULL;
    }
    int op = (int)op64;
    Value opargv = nargs > 1 ? args[1] : NONE;
    int32_t oparg = 0;
    if (op >= HAVE_ARGUMENT) {
        if (IS_NONE(opargv))
            return err_set(exc_ValueError,
                           "stack_effect: opcode requires oparg but oparg was not specified");
        int64_t a;
        if (obj_as_int64(opargv, &a) < 0) {
            if (err_matches(exc_OverflowError)) {
                err_clear();
                return err_set(exc_OverflowError, "Python int too large to convert to C long");
            }
            return VNULL;
        }
        oparg = (int32_t)(uint32_t)(uint64_t)a; /* CPython truncates the long to int */
    } else if (!IS_NONE(opargv)) {
        return err_set(exc_ValueError,
                       "stack_effect: opcode does not permit oparg but oparg was specified");
    }
    int jump;
    if (IS_NONE(jumpv))
        jump = -1;
    else if (jumpv == TRUE_V)
        jump = 1;
    else if (jumpv == FALSE_V)
        jump = 0;
    else
        return err_set(exc_ValueError, "stack_effect: jump must be False, True or None");
    int e = op >= HAVE_ARGUMENT ? (op < 256 ? effect_arg(op, oparg, jump) : NO_EFFECT)
                                : effect_noarg(op, jump);
    if (e == NO_EFFECT)
        return err_set(exc_ValueError, "invalid opcode or oparg");
    return MK_INT(e);
}

/* Only a CPython built with --enable-pystats has statistics. */
static Value m_get_specialization_stats(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_specialization_stats", nargs, kw, 0, 0) < 0)
        return VNULL;
    return NONE;
}

Value mod_opcode_init(void)
{
    Value mv = module_new(str_intern_cstr("_opcode"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add_fn(m, "stack_effect", m_stack_effect);
    module_add_fn(m, "get_specialization_stats", m_get_specialization_stats);
    return mv;
}
