/* file.h — what modules/_io.c exports to the core beyond modules.h. */
#ifndef BATON_FILE_H
#define BATON_FILE_H

#include "modules.h"

/* Flush every open file object's write buffer (at exit). */
void file_flush_all(void);
/* In a fork child: the buffered objects' locks start free. */
void file_after_fork(void);
/* f.readline() for any file-like object (fast path for ours); "" at EOF. */
Value file_readline(Value f);
/* open(file, mode='r', buffering=-1, encoding=None, errors=None,
 *      newline=None, closefd=True, opener=None): the builtin. */
Value file_open_builtin(Value *args, int nargs, ObjTuple *kwnames);
/* sys.stdin (modules/sys.c), like sys_get_stdout in modules.h. */
Value sys_get_stdin(void);
/* io.UnsupportedOperation */
extern Type *file_UnsupportedOperation;

#endif
