/* coro.h — coroutines and async generators (coro.c). */
#ifndef BATON_CORO_H
#define BATON_CORO_H

#include "frame.h"

extern Type type_coroutine, type_coroutine_wrapper, type_async_generator, type_async_generator_asend,
    type_async_generator_athrow;

/* The type (and instance size) of what calling a function with code co
 * makes: generator, coroutine or async generator (gen_new). */
Type *coro_type_for(ObjCode *co, size_t *size);

/* GET_AWAITABLE: the iterator `await v` drives.  where says whose result
 * v is, for the message when it has no __await__. */
enum { AWAIT_PLAIN, AWAIT_AENTER, AWAIT_AEXIT };
Value coro_get_awaitable(Value v, int where);
/* YIELD_FROM on what `await coroutine` made (coro.__await__()): send v to
 * the coroutine; when it returns, *done and the result is its value (no
 * StopIteration is made). */
Value coro_wrapper_send(Value wrapper, Value v, bool *done);
/* GET_AITER / GET_ANEXT: aiter(v); the awaitable of anext(aiter). */
Value coro_get_aiter(Value v);
Value coro_get_anext(Value aiter);
/* BEFORE_ASYNC_WITH: mgr.__aenter__() (to await); *exit_out gets the bound
 * __aexit__. */
Value coro_before_async_with(Value mgr, Value *exit_out);
/* PEP 479's RuntimeError message for g (StopAsyncIteration when async_stop). */
const char *coro_stop_message(ObjGenerator *g, bool async_stop);
/* The collector found an unfinished async generator with a finalizer hook
 * (sys.set_asyncgen_hooks): calls it; false if there is none. */
bool coro_agen_finalize(Value v);
void coro_init(void);

#endif
