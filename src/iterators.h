/* iterators.h — the iterator types of the containers (H4): what builtins.c
 * binds as `enumerate`, `zip`, `map`, `filter`, `reversed`, and what the VM
 * may test for a fast FOR_ITER.
 *
 * Every sequence iterator shares the ObjSeqIter layout (object.h):
 *   type_listiter, type_tupleiter: index = next position (items[index]);
 *       the list iterator re-checks the list's length on every step, so a
 *       shrinking list is safe.  Exhausted: index = INT64_MAX.
 *   type_rangeiter: index = next value, end = items left, step = step
 *       (the value is int_from_i64(index); then index += step, end--).
 *   type_listreviter: index = next position, counting down to -1.
 *   type_seqiter: the old __getitem__ protocol (index = next index).
 */
#ifndef BATON_ITERATORS_H
#define BATON_ITERATORS_H

#include "object.h"

extern Type type_listiter, type_listreviter, type_tupleiter, type_rangeiter;
extern Type type_enumerate, type_zip, type_map, type_filter, type_reversed;
extern Type type_callable_iterator;

/* iter(callable, sentinel) */
Value iterators_callable_iter(Value callable, Value sentinel);
/* reversed(seq) */
Value iterators_reversed(Value seq);
/* The `iter` slot of every iterator: returns self. */
Value iterators_self(Value self);
/* `__next__` and `__iter__` methods for iterator types' method tables. */
Value iterators_m_next(Value *args, int nargs, ObjTuple *kwnames);
Value iterators_m_iter(Value *args, int nargs, ObjTuple *kwnames);
#define ITERATOR_METHODS {"__next__", iterators_m_next}, {"__iter__", iterators_m_iter}

#endif
