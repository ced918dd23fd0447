/* pickle.h — baton's serialisation of values between processes. */
#ifndef BATON_PICKLE_H
#define BATON_PICKLE_H

#include "object.h"

#define IS_EXCEPTION_CLASS(v) (IS_TYPEOBJ(v) && (AS_TYPE(v)->flags & TF_EXCEPTION))

/* Serialise v into a new bytes object; TypeError if v (or anything in it)
 * cannot cross a process boundary. */
Value pickle_dumps(Value v);
/* The same, appended to out (which the caller owns and frees); -1 with an
 * exception on failure, out then holding a partial result. */
int pickle_dump_to(Value v, StrBuf *out);
/* Rebuild a value; UnpicklingError on truncated or corrupt data. */
Value pickle_loads(const uint8_t *data, size_t len);

#endif
