/* unparse.h — expressions back to source text (unparse.c). */
#ifndef BATON_UNPARSE_H
#define BATON_UNPARSE_H

#include "ast.h"

/* The text CPython stores for an annotation under `from __future__ import
 * annotations` (a new str; VNULL when out of memory). */
Value unparse_annotation(Node *e);

#endif
