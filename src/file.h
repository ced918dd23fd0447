/* file.h — what file.c exports beyond modules.h. */
#ifndef BATON_FILE_H
#define BATON_FILE_H

#include "modules.h"

/* Flush every open file object's write buffer (at exit, before fork). */
void file_flush_all(void);
/* f.readline() for any file-like object (fast path for ours); "" at EOF. */
Value file_readline(Value f);
/* io.UnsupportedOperation */
extern Type *file_UnsupportedOperation;

#endif
