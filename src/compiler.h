/* compiler.h — source text to code objects (lexer.c, parser.c, compiler.c)
 * and back to text (dis.c). */
#ifndef BATON_COMPILER_H
#define BATON_COMPILER_H

#include "ast.h"
#include "object.h"

enum CompileMode {
    COMPILE_FILE,    /* a module */
    COMPILE_SINGLE,  /* one REPL input: expression statements -> PRINT_EXPR */
    COMPILE_EVAL,    /* a single expression, value returned */
    COMPILE_EXEC     /* exec()/compile() of a module: top-level names are
                        looked up as CPython does (LOAD_NAME), so exec with
                        separate globals and locals stores into the locals */
};

/* Compile src (UTF-8, len bytes, need not be NUL-terminated) into the code
 * object of a module body.  On error returns NULL with a SyntaxError (or
 * IndentationError) raised whose attributes are msg, filename, lineno,
 * offset (1-based column), text (the source line) — err_print shows it as
 * CPython does.  If `incomplete` is not NULL it is set to true when the
 * error is only that the input ended too early (open bracket, open triple
 * quote, a block header with no body yet): the REPL then asks for more. */
ObjCode *compile_source(const char *src, size_t len, const char *filename,
                        int mode, bool *incomplete);
/* Parse only (the same checks and SyntaxErrors as compile_source) and
 * return what sink makes of the tree (ast.parse: _ast.c); VNULL with an
 * exception on error.  The tree lives until sink returns. */
typedef Value (*CompileAstSink)(NodeList *body, Node *expr, void *ctx);
Value compile_source_ast(const char *src, size_t len, const char *filename, int mode,
                         CompileAstSink sink, void *ctx);

/* The optimisation level code is compiled at: -O sets 1 (assert statements
 * compile to nothing, __debug__ is False), -OO 2 (docstrings dropped too);
 * compile(..., optimize=N) compiles one source at N. */
extern int compile_optimize;

/* The operator (or `[...]`) of a failing span that is one binary operation
 * or subscript, as byte offsets [*left, *right) into seg; false otherwise.
 * Never raises.  For the traceback's ~~^^ line (error.c). */
/* The value-stack depth before each instruction of co (-1: unreachable),
 * as the compiler's flow analysis found it (frame.f_lineno jumps). */
int compile_stack_depths(ObjCode *co, int *depth);
bool compile_caret_anchors(const char *seg, size_t len, int *left, int *right);

/* --dis: print every code object (nested ones too) with line numbers. */
void dis_code(ObjCode *code, FILE *out);

#endif
