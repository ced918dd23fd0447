/* namespace.h — types.SimpleNamespace (namespace.c). */
#ifndef BATON_NAMESPACE_H
#define BATON_NAMESPACE_H

#include "object.h"

extern Type type_namespace;
void namespace_init(void);        /* vm_init, with the other core types */
Value namespace_new(void);        /* an empty namespace() */
/* ns.name = v (v VNULL: an error is pending, returns -1). */
int namespace_set(Value ns, const char *name, Value v);

#endif
