/* parser.h — tokens to AST (recursive descent with CPython 3.11's grammar
 * and error messages). */
#ifndef BATON_PARSER_H
#define BATON_PARSER_H

#include "lexer.h"

/* Parse src as a module (COMPILE_FILE / COMPILE_SINGLE: statements into
 * *body) or as one expression (COMPILE_EVAL: *expr).  Errors longjmp to
 * err->jb after filling *err. */
void parse_source(CompileErr *err, const char *src, size_t len, int mode, NodeList *body, Node **expr);

#endif
