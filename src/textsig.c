/* textsig.c — __text_signature__ of built-in functions, methods and slot
 * wrappers, which inspect.signature parses.  CPython reads it from each
 * built-in's docstring; baton keeps one sorted table (textsig_table.h,
 * made by scripts/gen_textsig.py) keyed "owner.name": "builtins.len",
 * "str.upper", "type.__call__".  A name the owner does not define itself
 * is looked up along its MRO, as it was inherited; "object." is the
 * signature of the type object itself.
 */
#include <stdlib.h>

#include "objcore.h"
#include "str.h"

typedef struct {
    const char *key, *sig;
} TextSig;

#include "textsig_table.h"

static int cmp_key(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const TextSig *)e)->key);
}

static const char *find(const char *owner, const char *name)
{
    char key[160];
    int n = snprintf(key, sizeof key, "%s.%s", owner, name);
    if (n < 0 || (size_t)n >= sizeof key)
        return NULL;
    const TextSig *e = bsearch(key, textsig_table, sizeof textsig_table / sizeof textsig_table[0],
                               sizeof textsig_table[0], cmp_key);
    return e ? e->sig : NULL;
}

Value textsig_get(const char *owner, Type *type, const char *name)
{
    const char *sig = owner ? find(owner, name) : NULL;
    if (!sig && type && type->mro) {
        for (int64_t i = 0; !sig && i < type->mro->len; i++) {
            Value b = type->mro->items[i];
            if (IS_TYPEOBJ(b) && !(AS_TYPE(b)->flags & TF_HEAPTYPE))
                sig = find(AS_TYPE(b)->name, name);
        }
    }
    return sig ? str_from_cstr(sig) : NONE;
}
