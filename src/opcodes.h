/* opcodes.h — every baton instruction, declared once.
 *
 * An instruction is one 32-bit word: the opcode in the low 8 bits and one
 * unsigned argument A in the high 24 bits (INSTR(op, a), OPCODE(i), ARG(i)).
 * Jump targets are absolute instruction indexes.  Names index code->names,
 * constants code->consts, local slots the frame's localsplus (see ObjCode).
 *
 * OP(NAME, stack effect) — the effect is for --dis and the compiler's stack
 * depth count; VAR means the compiler computes it from A.  The comment says
 * what the instruction does to the stack, top of stack rightmost.
 *
 * The eval breaker (GIL drop request, signals, GC, async exceptions) is
 * checked only by JUMP_BACKWARD and the CALL family: a thread can only lose
 * the GIL, and the GC can only run, at those instructions.
 */
#ifndef BATON_OPCODES_H
#define BATON_OPCODES_H

#define VAR 99

#define OPCODE_LIST(OP) \
    OP(NOP, 0)                /* --                                          */ \
    OP(POP_TOP, -1)           /* v --                                        */ \
    OP(DUP_TOP, 1)            /* v -- v v                                    */ \
    OP(DUP_TOP_TWO, 2)        /* a b -- a b a b                              */ \
    OP(ROT_TWO, 0)            /* a b -- b a                                  */ \
    OP(ROT_THREE, 0)          /* a b c -- c a b                              */ \
    OP(ROT_FOUR, 0)           /* a b c d -- d a b c                          */ \
    OP(PUSH_NULL, 1)          /* -- NULL   (the "no self" slot of a call)    */ \
    OP(LOAD_CONST, 1)         /* -- consts[A]                                */ \
    OP(LOAD_FAST, 1)          /* -- local A; UnboundLocalError if empty       */ \
    OP(STORE_FAST, -1)        /* v --       local A = v                       */ \
    OP(DELETE_FAST, 0)        /* --         local A = empty (error if empty)  */ \
    OP(LOAD_DEREF, 1)         /* -- cell(slot A).value; NameError if empty    */ \
    OP(STORE_DEREF, -1)       /* v --       cell(slot A).value = v            */ \
    OP(DELETE_DEREF, 0)       /* --         cell(slot A) emptied              */ \
    OP(LOAD_CLOSURE, 1)       /* -- the cell object in slot A                 */ \
    OP(LOAD_CLASSDEREF, 1)    /* -- class namespace[name of slot A], else cell value */ \
    OP(LOAD_GLOBAL, 1)        /* -- globals[names[A]] else builtins[...]      */ \
    OP(STORE_GLOBAL, -1)      /* v --                                        */ \
    OP(DELETE_GLOBAL, 0)      /* --                                          */ \
    OP(LOAD_NAME, 1)          /* -- locals dict, then globals, then builtins */ \
    OP(STORE_NAME, -1)        /* v --       frame's locals dict[names[A]] = v */ \
    OP(DELETE_NAME, 0)        /* --                                          */ \
    OP(LOAD_ATTR, 0)          /* o -- o.names[A]                              */ \
    OP(STORE_ATTR, -2)        /* v o --     o.names[A] = v                    */ \
    OP(DELETE_ATTR, -1)       /* o --                                        */ \
    OP(LOAD_METHOD, 1)        /* o -- meth o   if names[A] is a plain function  \
                                 or native found on type(o) (unbound),          \
                                 else  o -- attr NULL                        */ \
    /* Superinstructions the compiler makes of LOAD_FAST + the next one when  \
       nothing jumps between them: A = local | name << 12 (both < 4096).     \
       One dispatch instead of two for `self.x`, `self.x = v`, `self.m()`. */ \
    OP(LOAD_FAST_ATTR, 1)     /* -- local.names[A]                            */ \
    OP(STORE_FAST_ATTR, -1)   /* v --       local.names[A] = v                */ \
    OP(LOAD_FAST_METHOD, 2)   /* -- meth local | attr NULL (as LOAD_METHOD)    */ \
    OP(BINARY_SUBSCR, -1)     /* o k -- o[k]                                  */ \
    OP(STORE_SUBSCR, -3)      /* v o k --   o[k] = v                          */ \
    OP(DELETE_SUBSCR, -2)     /* o k --                                      */ \
    OP(BUILD_SLICE, VAR)      /* A=2: start stop -- slice; A=3: start stop step -- slice */ \
    /* Binary operators: a b -- a op b.  A=0 plain, A=1 in-place (a op= b). */ \
    OP(BINARY_ADD, -1) OP(BINARY_SUB, -1) OP(BINARY_MUL, -1)                    \
    OP(BINARY_TRUEDIV, -1) OP(BINARY_FLOORDIV, -1) OP(BINARY_MOD, -1)           \
    OP(BINARY_POW, -1) OP(BINARY_LSHIFT, -1) OP(BINARY_RSHIFT, -1)              \
    OP(BINARY_AND, -1) OP(BINARY_OR, -1) OP(BINARY_XOR, -1)                     \
    OP(BINARY_MATMUL, -1)                                                       \
    /* Comparisons: a b -- result */                                           \
    OP(COMPARE_LT, -1) OP(COMPARE_LE, -1) OP(COMPARE_EQ, -1)                    \
    OP(COMPARE_NE, -1) OP(COMPARE_GT, -1) OP(COMPARE_GE, -1)                    \
    /* Superinstructions the compiler makes of LOAD_FAST, LOAD_CONST and a    \
       comparison or of `local = local +/- const` (also `local +=/-= const`)  \
       when nothing jumps between them: A = FUSED_ARG(local, const).  Every   \
       dispatch in `while n > 0: n -= 1` then has one successor. */           \
    OP(COMPARE_LT_FC, 1) OP(COMPARE_LE_FC, 1) OP(COMPARE_EQ_FC, 1)              \
    OP(COMPARE_NE_FC, 1) OP(COMPARE_GT_FC, 1) OP(COMPARE_GE_FC, 1)              \
    /* -- local op consts[K]   (fused with a POP_JUMP_IF_* that follows)    */ \
    OP(ADD_FC, 0) OP(SUB_FC, 0) /* -- ; local = local op consts[K]; A bit 23:  \
                                   in place (+=), K < 2048                   */ \
    OP(IS_OP, -1)             /* a b -- (a is b) xor A                        */ \
    OP(CONTAINS_OP, -1)       /* a b -- (a in b) xor A                        */ \
    OP(UNARY_NEG, 0) OP(UNARY_POS, 0) OP(UNARY_INVERT, 0)                       \
    OP(UNARY_NOT, 0)          /* v -- not v                                   */ \
    /* Control flow */                                                         \
    OP(JUMP, 0)               /* -- ; pc = A (forward)                        */ \
    OP(JUMP_BACKWARD, 0)      /* -- ; check eval breaker; pc = A              */ \
    OP(POP_JUMP_IF_FALSE, -1) /* v -- ; if not v: pc = A                      */ \
    OP(POP_JUMP_IF_TRUE, -1)  /* v -- ; if v: pc = A                          */ \
    OP(JUMP_IF_FALSE_OR_POP, VAR) /* v -- v (jump to A) | -- (fall through)  */ \
    OP(JUMP_IF_TRUE_OR_POP, VAR)  /* v -- v (jump to A) | -- (fall through)  */ \
    OP(POP_JUMP_IF_NONE, -1)  /* v -- ; if v is None: pc = A                  */ \
    OP(POP_JUMP_IF_NOT_NONE, -1) /* v -- ; if v is not None: pc = A           */ \
    OP(GET_ITER, 0)           /* o -- iter(o)                                 */ \
    OP(FOR_ITER, VAR)         /* it -- it next(it), or when exhausted:          \
                                 it -- and pc = A                            */ \
    /* Calls.  Stack at CALL: callable, self_or_NULL, arg1 .. argA.  If the     \
       second slot is not NULL it is passed as the first argument (A+1 args).  \
       The last len(kwnames) args are keyword values when KW_NAMES came       \
       just before.  Result replaces the A+2 slots. */                          \
    OP(KW_NAMES, 0)           /* -- ; next CALL's kwnames = consts[A] (tuple) */ \
    OP(CALL, VAR)             /* f self|NULL args... -- result                */ \
    OP(CALL_FUNCTION_EX, VAR) /* f NULL argstuple [kwdict if A&1] -- result   */ \
    OP(CALL_ARGS_TUPLE, 0)    /* f NULL it -- f NULL tuple(it)  (f(*it):         \
                                 "f() argument after * must be an iterable") */ \
    OP(RETURN_VALUE, -1)      /* v -- ; return v to the caller                */ \
    OP(MAKE_FUNCTION, VAR)    /* [defaults tuple if A&1] [kwdefaults dict if A&2] \
                                 [closure tuple if A&4] code -- function     */ \
    OP(LOAD_BUILD_CLASS, 1)   /* -- builtins.__build_class__ (a class statement \
                                 calls it: body_fn, name, bases, keywords)  */ \
    /* Containers */                                                           \
    OP(BUILD_TUPLE, VAR)      /* v1..vA -- tuple                              */ \
    OP(BUILD_LIST, VAR)       /* v1..vA -- list                               */ \
    OP(BUILD_SET, VAR)        /* v1..vA -- set                                */ \
    OP(BUILD_MAP, VAR)        /* k1 v1 .. kA vA -- dict                       */ \
    OP(BUILD_CONST_KEY_MAP, VAR) /* v1..vA keys_tuple -- dict                 */ \
    OP(BUILD_STRING, VAR)     /* s1..sA -- s1+..+sA  (f-strings)              */ \
    OP(FORMAT_VALUE, VAR)     /* v [spec if A&4] -- str; A&3: 0 none, 1 !s,     \
                                 2 !r, 3 !a                                  */ \
    OP(LIST_APPEND, -1)       /* (list at depth A, counting from 1 below v) v -- */ \
    OP(SET_ADD, -1)           /* likewise for a set                           */ \
    OP(MAP_ADD, -2)           /* likewise: k v -- ; dict at depth A below k v  */ \
    OP(LIST_EXTEND, -1)       /* list at depth A below it; it --  list.extend(it) */ \
    OP(SET_UPDATE, -1)        /* likewise for a set                           */ \
    OP(DICT_UPDATE, -1)       /* likewise dict.update(m)  ({**m})              */ \
    OP(DICT_MERGE, -1)        /* likewise, but TypeError on a repeated key      \
                                 (f(**m): "got multiple values for keyword argument") */ \
    OP(LIST_TO_TUPLE, 0)      /* list -- tuple                                */ \
    OP(UNPACK_SEQUENCE, VAR)  /* seq -- vA .. v1 (v1 on top); ValueError        \
                                 "not enough values to unpack (expected 2, got 1)" */ \
    OP(UNPACK_EX, VAR)        /* seq -- ...  A = before | after << 8: pushes     \
                                 after..., list of the rest, before... (first on top) */ \
    /* Exceptions (see ExcEntry in object.h: on an exception the VM unwinds  \
       the stack to the handler's depth, pushes the exception, jumps) */      \
    OP(PUSH_EXC_INFO, 1)      /* exc -- prev_exc_info exc; thread's handled   \
                                 exception (sys.exc_info) becomes exc        */ \
    OP(POP_EXCEPT, -1)        /* prev_exc_info -- ; restores it               */ \
    OP(CHECK_EXC_MATCH, 0)    /* exc type -- exc bool (type may be a tuple);    \
                                 TypeError if type is not an exception class */ \
    OP(CHECK_EG_MATCH, 0)     /* exc type -- rest match (except*: match is the     \
                                 subgroup of exc, None if nothing matched, then  \
                                 rest is exc; sets the handled exception)        */ \
    OP(PREP_RERAISE_STAR, -1) /* orig list -- exc_or_None (what try/except* must    \
                                 raise: the list holds what the clauses raised)  */ \
    OP(RERAISE, -1)           /* exc -- ; raise exc again, keeping its traceback */ \
    OP(RAISE_VARARGS, VAR)    /* A=0: re-raise the handled exception            \
                                 ("RuntimeError: No active exception to reraise"); \
                                 A=1: exc -- raise;  A=2: exc cause -- raise from */ \
    OP(LOAD_ASSERTION_ERROR, 1) /* -- AssertionError                          */ \
    OP(BEFORE_WITH, 1)        /* mgr -- bound_exit enter_result               */ \
    OP(WITH_EXCEPT_START, 1)  /* exit prev_exc_info exc -- exit prev_exc_info exc res: \
                                 res = exit(type(exc), exc, tb)              */ \
    /* Generators */                                                           \
    OP(YIELD_VALUE, 0)        /* v -- sent   (suspends the frame, yields v)   */ \
    OP(GET_YIELD_FROM_ITER, 0) /* o -- iter(o) (a generator stays itself)     */ \
    OP(YIELD_FROM, -1)        /* it v -- result: sends v into it; while it      \
                                 yields, suspends yielding that value and    \
                                 repeats with the value sent back; when it    \
                                 returns, pushes its return value            */ \
    /* Imports */                                                              \
    OP(IMPORT_NAME, -1)       /* level fromlist -- module: __import__(names[A], \
                                 globals, None, fromlist, level): the top    \
                                 package, or with a fromlist the module    */ \
    OP(IMPORT_MODULE, -1)     /* level fromlist -- module: the same import,    \
                                 then the leaf module ("import a.b as c")  */ \
    OP(IMPORT_FROM, 1)        /* m -- m m.names[A] (ImportError              \
                                 "cannot import name 'x' from 'm' (...)")    */ \
    OP(IMPORT_STAR, -1)       /* m -- ; copy public names into the namespace   */ \
    /* Coroutines (coro.c).  await x is GET_AWAITABLE, LOAD_CONST None,        \
       YIELD_FROM. */                                                          \
    OP(GET_AWAITABLE, 0)      /* o -- iterator of `await o`; A: 0, or 1/2 when  \
                                 o came from __aenter__/__aexit__ (messages) */ \
    OP(GET_AITER, 0)          /* o -- aiter(o)                                 */ \
    OP(GET_ANEXT, 1)          /* ait -- ait awaitable of anext(ait)            */ \
    OP(END_ASYNC_FOR, -2)     /* ait exc -- ; the async for's handler: ends the \
                                 loop on StopAsyncIteration, else re-raises  */ \
    OP(BEFORE_ASYNC_WITH, 1)  /* mgr -- bound_aexit aenter_result (to await)  */ \
    /* The match statement (match.c) */                                       \
    OP(ROT_N, 0)              /* v1 .. vA -- vA v1 .. vA-1: TOS moves down to  \
                                 position A (A >= 1)                         */ \
    OP(COPY, 1)               /* vA .. v1 -- vA .. v1 vA  (A=1 is DUP_TOP)    */ \
    OP(GET_LEN, 1)            /* o -- o len(o)                                */ \
    OP(MATCH_SEQUENCE, 1)     /* o -- o bool: would a sequence pattern match?  */ \
    OP(MATCH_MAPPING, 1)      /* o -- o bool: would a mapping pattern match?   */ \
    OP(MATCH_KEYS, 1)         /* o keys -- o keys values|None                  */ \
    OP(MATCH_CLASS, -2)       /* o cls kwnames -- attrs|None: A positional      \
                                 sub-patterns (__match_args__), then kwnames */ \
    OP(SETUP_ANNOTATIONS, 0)  /* -- ; __annotations__ = {} in the namespace     \
                                 unless it has one (module and class bodies) */ \
    /* Interactive */                                                          \
    OP(PRINT_EXPR, -1)        /* v -- ; REPL echo: if v is not None, print     \
                                 repr(v) and set builtins._ = v              */

enum Opcode {
#define OP_ENUM(name, effect) OP_##name,
    OPCODE_LIST(OP_ENUM)
#undef OP_ENUM
    OP__COUNT
};

#define INSTR(op, a) ((uint32_t)(op) | ((uint32_t)(a) << 8))
#define OPCODE(i) ((i) & 0xffu)
#define ARG(i) ((i) >> 8)
#define ARG_MAX 0xffffffu
/* The two halves of a LOAD_FAST_* superinstruction's argument. */
#define FUSED_MAX 0xfffu
#define FUSED_ARG(local, name) ((uint32_t)(local) | ((uint32_t)(name) << 12))
#define FUSED_LOCAL(a) ((a) & FUSED_MAX)
#define FUSED_NAME(a) ((a) >> 12)
/* ADD_FC / SUB_FC: the constant has 11 bits, the top bit says in place. */
#define FC_INPLACE 0x800000u
#define FC_CONST_MAX 0x7ffu
#define FC_CONST(a) (((a) >> 12) & FC_CONST_MAX)

extern const char *const opcode_names[OP__COUNT];
extern const int opcode_effects[OP__COUNT];

#endif
