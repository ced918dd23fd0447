/* compiler.h — source text to code objects (lexer.c, parser.c, compiler.c)
 * and back to text (dis.c). */
#ifndef BATON_COMPILER_H
#define BATON_COMPILER_H

#include "object.h"

enum CompileMode {
    COMPILE_FILE,    /* a module */
    COMPILE_SINGLE,  /* one REPL input: expression statements -> PRINT_EXPR */
    COMPILE_EVAL     /* a single expression, value returned */
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

/* --dis: print every code object (nested ones too) with line numbers. */
void dis_code(ObjCode *code, FILE *out);

#endif
