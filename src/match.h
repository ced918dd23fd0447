/* match.h — what the match statement's instructions ask (match.c). */
#ifndef BATON_MATCH_H
#define BATON_MATCH_H

#include "object.h"

/* Would a sequence / mapping pattern look at v?  (list, tuple, range,
 * memoryview and classes that collections.abc marks; never str, bytes,
 * bytearray) */
bool match_is_sequence(Value v);
bool match_is_mapping(Value v);
/* The values of keys (a tuple) in subject, a tuple; None if one is
 * missing; VNULL on error ("mapping pattern checks duplicate key"). */
Value match_keys(Value subject, Value keys);
/* subject as an instance of cls with npos positional sub-patterns and the
 * keyword attributes named by kwnames (a tuple of str): the tuple of
 * their values, None if it does not match, VNULL on error. */
Value match_class(Value subject, Value cls, Value kwnames, int npos);

#endif
