/* weakref.h — weak references and finalizers (weakref.c), for the
 * _weakref and gc modules, class creation (a class that gains __del__)
 * and interpreter exit. */
#ifndef BATON_WEAKREF_H
#define BATON_WEAKREF_H

#include "object.h"

extern Type type_weakref, type_weakproxy, type_weakcallableproxy;
/* weakref.proxy(target, callback) */
Value weakref_proxy_new(Value target, Value callback);
/* getweakrefcount / getweakrefs */
int64_t weakref_count(Value target);
Value weakref_list(Value target);
/* t (a class) now has a __del__: register its existing instances. */
void weakref_class_got_del(Type *t);
/* At exit: collect once more and run every finalizer that is due. */
void weakref_finalize_all(void);
void weakref_init(void);

#endif
