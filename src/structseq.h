/* structseq.h — struct sequences: tuple-like types with named fields
 * (os.stat_result, time.struct_time, os.uname_result, os.terminal_size…),
 * CPython's PyStructSequence.
 *
 * An instance has the ObjTuple layout: `len` counts the visible fields
 * (n_sequence_fields), which are what indexing, len(), iteration, hashing,
 * comparison and unpacking see; the remaining fields (attributes only,
 * such as st_atime_ns) are stored after them in items[].  The type is a
 * subtype of tuple.  Every named field is a read-only attribute.
 *
 * A module declares one static StructSeqType per struct sequence and calls
 * structseq_init_type once; then structseq_new + STRUCTSEQ_SET fill an
 * instance field by field (every field starts as None).
 */
#ifndef BATON_STRUCTSEQ_H
#define BATON_STRUCTSEQ_H

#include "object.h"

/* The name of a field that is only reachable by index (stat_result's int
 * st_atime, st_mtime and st_ctime at indexes 7, 8, 9). */
extern const char structseq_unnamed[];

typedef struct {
    const char *name;            /* dotted: "os.stat_result" */
    const char *const *fields;   /* NULL-terminated; structseq_unnamed allowed */
    int n_in_sequence;           /* leading fields that are tuple items */
    const char *doc;
} StructSeqDesc;

typedef struct {
    Type type;
    const StructSeqDesc *desc;
    int n_fields, n_sequence, n_unnamed;
} StructSeqType;

/* Ready the type (name, fields, methods, class attributes): once, at a
 * module's first import.  Later calls do nothing. */
void structseq_init_type(StructSeqType *t, const StructSeqDesc *desc);
/* A new instance with every field None. */
Value structseq_new(StructSeqType *t);
#define STRUCTSEQ_SET(v, i, x) (AS_TUPLE(v)->items[(i)] = (x))
#define STRUCTSEQ_GET(v, i) (AS_TUPLE(v)->items[(i)])
/* The constructor, T(sequence, dict=None), for types that wrap it. */
Value structseq_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames);
/* Is v an instance of a struct sequence type? */
bool structseq_check(Value v);

#endif
