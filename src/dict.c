/* dict.c — the insertion-ordered hash table, its views and iterators.
 *
 * CPython's compact layout: `entries` holds (key, value, hash) in insertion
 * order; `index` is an open-addressed table of entry numbers (-1 empty,
 * -2 deleted) probed with the perturb recurrence.  Deleted entries leave a
 * hole (key VNULL) that a resize squeezes out.  An empty dict owns no
 * memory until its first insertion.
 *
 * Lookups compare identity, then cached hashes, then equality.  str and
 * small-int keys compare without running code; anything else may call a
 * user __eq__ that mutates the dict, so a lookup restarts when the table
 * it was probing changed under it.  Every mutation takes a fresh version
 * from one global counter: the VM caches global lookups by version.
 */
#include "containers.h"
#include "gc.h"
#include "objcore.h"
#include "vm.h"

uint64_t dict_version_counter;
uint64_t dict_type_epoch;
#define BUMP(d) do { \
        (d)->version = ++dict_version_counter; \
        if (UNLIKELY((d)->obj.obj_flags & DICT_TYPE_NS)) dict_type_epoch++; \
    } while (0)

/* obj_flags below DICT_TYPE_NS: trailing holes left by deletions */
#define HOLES_MAX (DICT_TYPE_NS - 1)
#define HOLES(d) ((d)->obj.obj_flags & HOLES_MAX)

#define PERTURB_SHIFT 5
#define MINSIZE 8
#define USABLE(n) (((n) << 1) / 3)

/* ---- hashing --------------------------------------------------------- */

#define HASH_MODULUS ((int64_t)(((uint64_t)1 << 61) - 1))

static inline int key_hash(Value k, int64_t *h)
{
    if (IS_INT(k)) {
        int64_t x = AS_INT(k);
        if (LIKELY(x > -HASH_MODULUS && x < HASH_MODULUS)) {
            *h = x == -1 ? -2 : x;
            return 0;
        }
        *h = int_hash(k);
        return 0;
    }
    if (IS_STR(k)) {
        ObjStr *s = AS_STR(k);
        *h = s->hash != -1 ? s->hash : str_hash(s);
        return 0;
    }
    if (obj_hash(k, h) < 0) return -1;
    if (*h == -1) *h = -2;
    return 0;
}

/* ---- lookup ------------------------------------------------------------ */

/* Find key: the entry number, -1 if absent, -2 on error.  *slot gets the
 * index slot to use for an insertion when absent. */
static int64_t lookup(ObjDict *d, Value key, int64_t hash, int64_t *slot)
{
restart:
    if (d->nindex == 0) { *slot = -1; return -1; }
    uint64_t mask = (uint64_t)d->nindex - 1, perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    int64_t freeslot = -1;
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == -1) {
            *slot = freeslot >= 0 ? freeslot : (int64_t)i;
            return -1;
        }
        if (ix == -2) {
            if (freeslot < 0) freeslot = (int64_t)i;
        } else {
            DictEntry *e = &d->entries[ix];
            Value ek = e->key;
            if (ek == key) return ix;
            if (e->hash == hash) {
                if (IS_STR(key) && IS_STR(ek)) {
                    if (!(AS_STR(key)->interned && AS_STR(ek)->interned) &&
                        str_eq(AS_STR(key), AS_STR(ek)))
                        return ix;
                } else if (!(IS_INT(key) && IS_INT(ek))) {
                    DictEntry *ents = d->entries;
                    int64_t *idx = d->index;
                    int eq = obj_eq(ek, key);
                    if (eq < 0) return -2;
                    if (d->entries != ents || d->index != idx || d->entries[ix].key != ek)
                        goto restart;
                    if (eq) return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* An empty index slot for a key known to be absent. */
static int64_t find_empty(ObjDict *d, int64_t hash)
{
    uint64_t mask = (uint64_t)d->nindex - 1, perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    while (d->index[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (int64_t)i;
}

/* Rebuild with an index of nindex slots, squeezing out deleted entries. */
static int dict_resize(ObjDict *d, int64_t minused)
{
    int64_t n = MINSIZE;
    while (USABLE(n) < minused) {
        if (n > INT64_MAX / 64) { err_no_memory(); return -1; }
        n <<= 1;
    }
    int64_t cap = USABLE(n);
    int64_t *idx = mem_try_alloc((size_t)n * sizeof(int64_t));
    DictEntry *ents = idx ? mem_try_alloc((size_t)cap * sizeof(DictEntry)) : NULL;
    if (!idx || !ents) {
        if (idx) mem_free(idx, (size_t)n * sizeof(int64_t));
        if (ents) mem_free(ents, (size_t)cap * sizeof(DictEntry));
        err_no_memory();
        return -1;
    }
    memset(idx, 0xff, (size_t)n * sizeof(int64_t)); /* all -1 */
    int64_t k = 0;
    for (int64_t j = 0; j < d->nentries; j++)
        if (d->entries[j].key) ents[k++] = d->entries[j];
    if (d->index) mem_free(d->index, (size_t)d->nindex * sizeof(int64_t));
    if (d->entries) mem_free(d->entries, (size_t)d->cap * sizeof(DictEntry));
    d->index = idx;
    d->entries = ents;
    d->nindex = n;
    d->cap = cap;
    d->nentries = k;
    d->obj.obj_flags &= DICT_TYPE_NS; /* no -2 left in the new index */
    for (int64_t j = 0; j < k; j++) idx[find_empty(d, ents[j].hash)] = j;
    return 0;
}

static int insert_new(ObjDict *d, Value key, Value v, int64_t hash, int64_t slot)
{
    if (slot < 0 || d->nentries + (int64_t)HOLES(d) >= d->cap) {
        if (dict_resize(d, d->len * 3 > d->len + 1 ? d->len * 3 : d->len + 1) < 0) return -1;
        slot = find_empty(d, hash);
    }
    int64_t ix = d->nentries++;
    d->entries[ix].key = key;
    d->entries[ix].value = v;
    d->entries[ix].hash = hash;
    d->index[slot] = ix;
    d->len++;
    d->keymask |= DICT_KEYBIT(hash);
    BUMP(d);
    return 0;
}

static int set_with_hash(ObjDict *d, Value key, int64_t hash, Value v)
{
    int64_t slot;
    int64_t ix = lookup(d, key, hash, &slot);
    if (ix == -2) return -1;
    if (ix >= 0) {
        d->entries[ix].value = v;
        BUMP(d);
        return 0;
    }
    return insert_new(d, key, v, hash, slot);
}

/* Remove entry ix found at index slot. */
static void del_entry(ObjDict *d, int64_t ix, int64_t hash)
{
    uint64_t mask = (uint64_t)d->nindex - 1, perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    while (d->index[i] != ix) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    d->index[i] = -2;
    d->entries[ix].key = VNULL;
    d->entries[ix].value = VNULL;
    d->len--;
    /* trailing holes can be reused at once (popitem stays O(1)); their -2
     * index slots stay until a resize, so count them (obj_flags) for
     * insert_new, or the index could fill with -2 and lookups never end */
    while (d->nentries > 0 && !d->entries[d->nentries - 1].key) {
        d->nentries--;
        if (HOLES(d) < HOLES_MAX) d->obj.obj_flags++;
    }
    BUMP(d);
}

/* ---- public API ---------------------------------------------------------- */

Value dict_new(void)
{
    ObjDict *d = (ObjDict *)gc_new(&type_dict, sizeof(ObjDict));
    if (!d) return err_no_memory();
    BUMP(d);
    return OBJ_VAL(d);
}

Value dict_new_of(Type *t)
{
    ObjDict *d = (ObjDict *)type_alloc(t, sizeof(ObjDict));
    BUMP(d);
    return OBJ_VAL(d);
}

Value dict_get(Value dv, Value key)
{
    ObjDict *d = AS_DICT(dv);
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return VNULL;
    int64_t ix = lookup(d, key, h, &slot);
    return ix >= 0 ? d->entries[ix].value : VNULL;
}

Value dict_get_str(ObjDict *d, ObjStr *key)
{
    if (d->nindex == 0) return VNULL;
    int64_t hash = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t mask = (uint64_t)d->nindex - 1, perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    Value kv = OBJ_VAL(key);
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == -1) return VNULL;
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (e->key == kv) return e->value;
            if (e->hash == hash && IS_STR(e->key) &&
                !(key->interned && AS_STR(e->key)->interned) && str_eq(key, AS_STR(e->key)))
                return e->value;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int64_t dict_index_str(ObjDict *d, ObjStr *key)
{
    if (d->nindex == 0) return -1;
    int64_t hash = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t mask = (uint64_t)d->nindex - 1, perturb = (uint64_t)hash;
    uint64_t i = (uint64_t)hash & mask;
    Value kv = OBJ_VAL(key);
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == -1) return -1;
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (e->key == kv) return ix;
            if (e->hash == hash && IS_STR(e->key) &&
                !(key->interned && AS_STR(e->key)->interned) && str_eq(key, AS_STR(e->key)))
                return ix;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int dict_set(Value dv, Value key, Value v)
{
    int64_t h;
    if (key_hash(key, &h) < 0) return -1;
    return set_with_hash(AS_DICT(dv), key, h, v);
}

int dict_set_str(ObjDict *d, ObjStr *key, Value v)
{
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    return set_with_hash(d, OBJ_VAL(key), h, v);
}

static Value raise_key_error(Value key)
{
    Value t = tuple_pack(1, key);
    if (!t) return VNULL;
    Value e = exc_new(exc_KeyError, AS_TUPLE(t));
    if (!e) return VNULL;
    return err_set_value(e);
}

int dict_del(Value dv, Value key)
{
    ObjDict *d = AS_DICT(dv);
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return -1;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return -1;
    if (ix < 0) { raise_key_error(key); return -1; }
    del_entry(d, ix, h);
    return 0;
}

Value dict_getitem(Value dv, Value key)
{
    ObjDict *d = AS_DICT(dv);
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return VNULL;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix >= 0) return d->entries[ix].value;
    if (ix == -2) return VNULL;
    return raise_key_error(key);
}

int dict_contains(Value dv, Value key)
{
    ObjDict *d = AS_DICT(dv);
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return -1;
    int64_t ix = lookup(d, key, h, &slot);
    return ix >= 0 ? 1 : ix == -1 ? 0 : -1;
}

Value dict_pop(Value dv, Value key, Value dflt)
{
    ObjDict *d = AS_DICT(dv);
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return VNULL;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return VNULL;
    if (ix < 0) return dflt ? dflt : raise_key_error(key);
    Value v = d->entries[ix].value;
    del_entry(d, ix, h);
    return v;
}

bool dict_next(ObjDict *d, int64_t *pos, Value *key, Value *value)
{
    int64_t i = *pos;
    while (i < d->nentries && !d->entries[i].key) i++;
    if (i >= d->nentries) { *pos = i; return false; }
    if (key) *key = d->entries[i].key;
    if (value) *value = d->entries[i].value;
    *pos = i + 1;
    return true;
}

void dict_make_type_ns(ObjDict *d)
{
    d->obj.obj_flags |= DICT_TYPE_NS;
    dict_type_epoch++;
}

void dict_clear(Value dv)
{
    ObjDict *d = AS_DICT(dv);
    if (d->index) mem_free(d->index, (size_t)d->nindex * sizeof(int64_t));
    if (d->entries) mem_free(d->entries, (size_t)d->cap * sizeof(DictEntry));
    d->index = NULL;
    d->entries = NULL;
    d->nindex = d->cap = d->nentries = d->len = 0;
    d->obj.obj_flags &= DICT_TYPE_NS;
    d->keymask = 0;
    BUMP(d);
}

Value dict_copy(Value dv)
{
    ObjDict *d = AS_DICT(dv);
    Value rv = dict_new();
    if (!rv || d->len == 0) return rv;
    ObjDict *r = AS_DICT(rv);
    if (dict_resize(r, d->len) < 0) return VNULL;
    for (int64_t j = 0; j < d->nentries; j++) {
        DictEntry *e = &d->entries[j];
        if (!e->key) continue;
        int64_t ix = r->nentries++;
        r->entries[ix] = *e;
        r->index[find_empty(r, e->hash)] = ix;
        r->len++;
    }
    r->keymask = d->keymask;
    return rv;
}

Value dict_keys_list(Value dv)
{
    ObjDict *d = AS_DICT(dv);
    Value l = list_new(d->len);
    if (!l) return VNULL;
    int64_t pos = 0, k = 0;
    Value key;
    while (k < AS_LIST(l)->len && dict_next(d, &pos, &key, NULL)) AS_LIST(l)->items[k++] = key;
    return l;
}

Value dict_items_list(Value dv)
{
    ObjDict *d = AS_DICT(dv);
    Value l = list_new(0);
    if (!l) return VNULL;
    int64_t pos = 0;
    Value key, val;
    while (dict_next(d, &pos, &key, &val)) {
        Value t = tuple_pack(2, key, val);
        if (!t || list_append(l, t) < 0) return VNULL;
    }
    return l;
}

static ObjStr *s_keys;

/* Merge a mapping or an iterable of pairs into d.  nodup: a key already
 * present is an error (reported through *dup). */
static int merge(Value dv, Value other, bool nodup, Value *dup)
{
    ObjDict *d = AS_DICT(dv);
    if (IS_DICT(other)) {
        ObjDict *o = AS_DICT(other);
        if (o == d || o->len == 0) return 0;
        if (d->len == 0 && !nodup) {
            /* bulk: size once */
            if (dict_resize(d, o->len) < 0) return -1;
        }
        for (int64_t j = 0; j < o->nentries; j++) {
            DictEntry e = o->entries[j];
            if (!e.key) continue;
            if (nodup) {
                int64_t slot, ix = lookup(d, e.key, e.hash, &slot);
                if (ix == -2) return -1;
                if (ix >= 0) { if (dup) *dup = e.key; return -2; }
                if (insert_new(d, e.key, e.value, e.hash, slot) < 0) return -1;
            } else if (set_with_hash(d, e.key, e.hash, e.value) < 0) {
                return -1;
            }
            if (j >= o->nentries) break; /* o shrank under a user __eq__ */
        }
        return 0;
    }
    if (!s_keys) s_keys = str_intern_cstr("keys");
    Value keysm = obj_getattr_opt(other, s_keys);
    if (!keysm && err_occurred()) return -1;
    if (keysm) {
        Value ks = obj_call0(keysm);
        if (!ks) return -1;
        Value it = obj_iter(ks);
        if (!it) return -1;
        for (;;) {
            Value k = obj_next(it);
            if (!k) return err_occurred() ? -1 : 0;
            Value v = obj_getitem(other, k);
            if (!v) return -1;
            if (nodup) {
                int c = dict_contains(dv, k);
                if (c < 0) return -1;
                if (c) { if (dup) *dup = k; return -2; }
            }
            if (dict_set(dv, k, v) < 0) return -1;
        }
    }
    if (nodup) {
        err_format(exc_TypeError, "'%T' object is not a mapping", other);
        return -1;
    }
    Value it = obj_iter(other);
    if (!it) return -1;
    for (int64_t n = 0;; n++) {
        Value item = obj_next(it);
        if (!item) return err_occurred() ? -1 : 0;
        Value k, v;
        if (IS_TUPLE(item) && AS_TUPLE(item)->len == 2) {
            k = AS_TUPLE(item)->items[0];
            v = AS_TUPLE(item)->items[1];
        } else {
            Value seq;
            if (IS_TUPLE(item) || IS_LIST(item)) seq = item;
            else {
                Value sit = obj_iter(item);
                if (!sit) {
                    if (err_matches(exc_TypeError)) {
                        err_clear();
                        err_format(exc_TypeError,
                                   "cannot convert dictionary update sequence element #%lld to a sequence",
                                   (long long)n);
                    }
                    return -1;
                }
                seq = list_new(0);
                if (!seq || list_extend(seq, sit) < 0) return -1;
            }
            int64_t len = IS_TUPLE(seq) ? AS_TUPLE(seq)->len : AS_LIST(seq)->len;
            if (len != 2) {
                err_format(exc_ValueError,
                           "dictionary update sequence element #%lld has length %lld; 2 is required",
                           (long long)n, (long long)len);
                return -1;
            }
            Value *items = IS_TUPLE(seq) ? AS_TUPLE(seq)->items : AS_LIST(seq)->items;
            k = items[0];
            v = items[1];
        }
        if (dict_set(dv, k, v) < 0) return -1;
    }
}

int dict_update(Value d, Value other) { return merge(d, other, false, NULL); }

int dict_merge_nodup(Value d, Value other, Value *dup) { return merge(d, other, true, dup); }

/* ---- slots ----------------------------------------------------------------- */

static int update_kwargs(Value d, Value *args, int nargs, ObjTuple *kwnames)
{
    if (!kwnames) return 0;
    for (int64_t i = 0; i < kwnames->len; i++)
        if (dict_set(d, kwnames->items[i], args[nargs + i]) < 0) return -1;
    return 0;
}

static Value dict_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (t != &type_dict) /* a subclass: empty, dict.__init__ fills it */
        return dict_new_of(t);
    if (nargs > 1)
        return err_format(exc_TypeError, "dict expected at most 1 argument, got %d", nargs);
    Value d = dict_new();
    if (!d) return VNULL;
    if (nargs == 1 && dict_update(d, args[0]) < 0) return VNULL;
    if (update_kwargs(d, args, nargs, kwnames) < 0) return VNULL;
    return d;
}

static void dict_trace(Obj *o)
{
    ObjDict *d = (ObjDict *)o;
    for (int64_t j = 0; j < d->nentries; j++) {
        DictEntry *e = &d->entries[j];
        if (!e->key) continue;
        if (IS_OBJ(e->key)) gc_mark(e->key);
        if (IS_OBJ(e->value)) gc_mark(e->value);
    }
}

static void dict_finalize(Obj *o)
{
    ObjDict *d = (ObjDict *)o;
    if (d->index) mem_free(d->index, (size_t)d->nindex * sizeof(int64_t));
    if (d->entries) mem_free(d->entries, (size_t)d->cap * sizeof(DictEntry));
    d->index = NULL;
    d->entries = NULL;
}

static int64_t dict_len(Value self) { return AS_DICT(self)->len; }

static Value dict_repr(Value self)
{
    ObjDict *d = AS_DICT(self);
    int r = repr_enter(self); /* first, as CPython: {...} even when empty */
    if (r < 0) return VNULL;
    if (r > 0) return str_from_cstr("{...}");
    if (d->len == 0) {
        repr_leave(self);
        return str_from_cstr("{}");
    }
    StrBuf b;
    sb_init(&b);
    sb_addc(&b, '{');
    bool first = true;
    for (int64_t j = 0; j < d->nentries; j++) { /* re-read: repr may mutate */
        Value k = d->entries[j].key, v = d->entries[j].value;
        if (!k) continue;
        if (!first) sb_add(&b, ", ", 2);
        first = false;
        if (sb_addv(&b, k, true) < 0) goto fail;
        sb_add(&b, ": ", 2);
        if (sb_addv(&b, v, true) < 0) goto fail;
    }
    sb_addc(&b, '}');
    repr_leave(self);
    return sb_finish(&b);
fail:
    sb_free(&b);
    repr_leave(self);
    return VNULL;
}

/* dict or a subclass of it: the operators accept both (PyDict_Check) */
#define IS_DICTLIKE(v) (IS_DICT(v) || (IS_OBJ(v) && obj_isinstance(v, &type_dict)))

static Value dict_richcmp(Value a, Value b, int op)
{
    if (!IS_DICTLIKE(a) || !IS_DICTLIKE(b) || (op != CMP_EQ && op != CMP_NE)) return NOTIMPL;
    ObjDict *x = AS_DICT(a), *y = AS_DICT(b);
    bool eq = true;
    if (x->len != y->len) eq = false;
    else {
        for (int64_t j = 0; j < x->nentries; j++) {
            Value k = x->entries[j].key, v = x->entries[j].value;
            if (!k) continue;
            int64_t slot, ix = lookup(y, k, x->entries[j].hash, &slot);
            if (ix == -2) return VNULL;
            if (ix < 0) { eq = false; break; }
            Value w = y->entries[ix].value;
            int c = obj_eq(v, w);
            if (c < 0) return VNULL;
            if (!c) { eq = false; break; }
        }
    }
    return BOOL_V(eq == (op == CMP_EQ));
}

/* d[key]; a subclass's __missing__ answers for a missing key (CPython
 * asks it only for subclasses). */
static Value dict_subscript(Value self, Value key)
{
    Value v = dict_getitem(self, key);
    if (v || AS_OBJ(self)->type == &type_dict || !err_matches(exc_KeyError))
        return v;
    Value m = type_lookup(AS_OBJ(self)->type, str_intern_cstr("__missing__"));
    if (!m)
        return VNULL;
    err_clear();
    return obj_call_found(m, self, &key, 1);
}

static int dict_ass_sub(Value self, Value key, Value v)
{
    if (v) return dict_set(self, key, v);
    return dict_del(self, key);
}

static int dict_contains_slot(Value self, Value key) { return dict_contains(self, key); }

static Value dictiter_new(Type *t, ObjDict *d, bool rev);
extern Type type_dict_revkeyiter, type_dict_revvalueiter, type_dict_revitemiter;

static Value dict_iter(Value self) { return dictiter_new(&type_dict_keyiter, AS_DICT(self), false); }

static Value dict_or(Value a, Value b)
{
    if (!IS_DICTLIKE(a) || !IS_DICTLIKE(b)) return NOTIMPL;
    Value r = dict_copy(a);
    if (!r || dict_update(r, b) < 0) return VNULL;
    return r;
}

static Value dict_ior(Value a, Value b)
{
    if (!IS_DICTLIKE(a)) return NOTIMPL;
    if (dict_update(a, b) < 0) return VNULL;
    return a;
}

/* ---- views ------------------------------------------------------------- */

typedef struct { Obj obj; ObjDict *dict; } ObjDictView;

static Value view_new(Type *t, Value d)
{
    ObjDictView *v = (ObjDictView *)gc_new(t, sizeof(ObjDictView));
    if (!v) return err_no_memory();
    v->dict = AS_DICT(d);
    return OBJ_VAL(v);
}

#define VIEW_DICT(v) (((ObjDictView *)AS_OBJ(v))->dict)

static void view_trace(Obj *o) { gc_mark_obj((Obj *)((ObjDictView *)o)->dict); }

static int64_t view_len(Value self) { return VIEW_DICT(self)->len; }

static Value view_iter(Value self)
{
    Type *t = AS_OBJ(self)->type;
    Type *it = t == &type_dict_keys ? &type_dict_keyiter
             : t == &type_dict_values ? &type_dict_valueiter : &type_dict_itemiter;
    return dictiter_new(it, VIEW_DICT(self), false);
}

static Value view_repr(Value self)
{
    int r = repr_enter(self);
    if (r < 0) return VNULL;
    if (r > 0) return str_from_cstr("...");
    Value l = obj_to_list(self);
    Value s = VNULL;
    if (l) {
        StrBuf b;
        sb_init(&b);
        sb_adds(&b, AS_OBJ(self)->type->name);
        sb_addc(&b, '(');
        if (sb_addv(&b, l, true) < 0) sb_free(&b);
        else {
            sb_addc(&b, ')');
            s = sb_finish(&b);
        }
    }
    repr_leave(self);
    return s;
}

static int keys_contains(Value self, Value key)
{
    return dict_contains(OBJ_VAL(VIEW_DICT(self)), key);
}

static int items_contains(Value self, Value item)
{
    if (!IS_TUPLE(item) || AS_TUPLE(item)->len != 2) return 0;
    Value v = dict_get(OBJ_VAL(VIEW_DICT(self)), AS_TUPLE(item)->items[0]);
    if (!v) return err_occurred() ? -1 : 0;
    return obj_eq(v, AS_TUPLE(item)->items[1]);
}

static bool is_setlike_view(Value v)
{
    return IS_TYPE_EXACT(v, &type_dict_keys) || IS_TYPE_EXACT(v, &type_dict_items);
}

static Value to_set(Value v)
{
    Value s = set_new(&type_set);
    if (!s || set_update(s, v) < 0) return VNULL;
    return s;
}

static Value view_richcmp(Value a, Value b, int op)
{
    if (!is_setlike_view(a) || !(IS_ANYSET(b) || is_setlike_view(b))) return NOTIMPL;
    Value sa = to_set(a);
    if (!sa) return VNULL;
    Value sb = IS_ANYSET(b) ? b : to_set(b);
    if (!sb) return VNULL;
    return obj_richcmp(sa, sb, op);
}

static Value view_setop(Value a, Value b, int op)
{
    if (!is_setlike_view(a) && !is_setlike_view(b)) return NOTIMPL;
    Value sa = IS_ANYSET(a) ? a : to_set(a);
    if (!sa) return VNULL;
    Value sb = IS_ANYSET(b) ? b : to_set(b);
    if (!sb) return VNULL;
    if (IS_FROZENSET(sa)) sa = to_set(sa);
    if (!sa) return VNULL;
    return obj_binop(sa, sb, op);
}

static Value view_and(Value a, Value b) { return view_setop(a, b, NB_AND); }
static Value view_or(Value a, Value b) { return view_setop(a, b, NB_OR); }
static Value view_sub(Value a, Value b) { return view_setop(a, b, NB_SUB); }
static Value view_xor(Value a, Value b) { return view_setop(a, b, NB_XOR); }

static Value m_view_reversed(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1 || !IS_OBJ(args[0])) return err_set(exc_TypeError, "__reversed__ needs an argument");
    Type *t = AS_OBJ(args[0])->type;
    if (t != &type_dict_keys && t != &type_dict_values && t != &type_dict_items)
        return err_set(exc_TypeError, "descriptor '__reversed__' requires a dict view");
    Type *it = t == &type_dict_keys ? &type_dict_revkeyiter
             : t == &type_dict_values ? &type_dict_revvalueiter : &type_dict_revitemiter;
    return dictiter_new(it, VIEW_DICT(args[0]), true);
}

static Value m_view_isdisjoint(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 || !is_setlike_view(args[0]))
        return err_set(exc_TypeError, "descriptor 'isdisjoint' requires a dict view");
    if (args_check("isdisjoint", nargs - 1, kw, 1, 1) < 0) return VNULL;
    Value it = obj_iter(args[1]);
    if (!it) return VNULL;
    for (;;) {
        Value x = obj_next(it);
        if (!x) return err_occurred() ? VNULL : TRUE_V;
        int c = AS_OBJ(args[0])->type == &type_dict_keys ? keys_contains(args[0], x)
                                                         : items_contains(args[0], x);
        if (c < 0) return VNULL;
        if (c) return FALSE_V;
    }
}

static const MethodDef view_methods[] = {
    {"__reversed__", m_view_reversed},
    {"isdisjoint", m_view_isdisjoint},
    {NULL, NULL},
};
static const MethodDef values_methods[] = {
    {"__reversed__", m_view_reversed},
    {NULL, NULL},
};

Type type_dict_keys = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "dict_keys",
    .base = &type_object,
    .inst_size = sizeof(ObjDictView),
    .kind = KIND_OTHER,
    .trace = view_trace,
    .repr = view_repr,
    .richcmp = view_richcmp,
    .iter = view_iter,
    .len = view_len,
    .contains = keys_contains,
    .nb = {[NB_AND] = view_and, [NB_OR] = view_or, [NB_SUB] = view_sub, [NB_XOR] = view_xor},
};

Type type_dict_items = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "dict_items",
    .base = &type_object,
    .inst_size = sizeof(ObjDictView),
    .kind = KIND_OTHER,
    .trace = view_trace,
    .repr = view_repr,
    .richcmp = view_richcmp,
    .iter = view_iter,
    .len = view_len,
    .contains = items_contains,
    .nb = {[NB_AND] = view_and, [NB_OR] = view_or, [NB_SUB] = view_sub, [NB_XOR] = view_xor},
};

Type type_dict_values = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "dict_values",
    .base = &type_object,
    .inst_size = sizeof(ObjDictView),
    .kind = KIND_OTHER,
    .trace = view_trace,
    .repr = view_repr,
    .iter = view_iter,
    .len = view_len,
};

/* ---- iterators ----------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjDict *dict;
    int64_t pos;   /* next entry (reverse: counting down) */
    int64_t len;   /* dict size when created; -1 once the error was raised */
    int64_t left;  /* items still to produce */
} ObjDictIter;

static Value dictiter_new(Type *t, ObjDict *d, bool rev)
{
    ObjDictIter *it = (ObjDictIter *)gc_new(t, sizeof(ObjDictIter));
    if (!it) return err_no_memory();
    it->dict = d;
    it->pos = rev ? d->nentries - 1 : 0;
    it->len = d->len;
    it->left = d->len;
    return OBJ_VAL(it);
}

static void dictiter_trace(Obj *o) { gc_mark_obj((Obj *)((ObjDictIter *)o)->dict); }

/* The next live entry, or NULL (exhausted or error). */
static DictEntry *dictiter_step(Value self)
{
    ObjDictIter *it = (ObjDictIter *)AS_OBJ(self);
    ObjDict *d = it->dict;
    if (!d) return NULL;
    if (it->len != d->len) {
        it->len = -1;
        it->dict = NULL;
        err_set(exc_RuntimeError, "dictionary changed size during iteration");
        return NULL;
    }
    Type *t = AS_OBJ(self)->type;
    bool rev = t == &type_dict_revkeyiter || t == &type_dict_revvalueiter || t == &type_dict_revitemiter;
    if (rev) {
        int64_t i = it->pos < d->nentries ? it->pos : d->nentries - 1;
        while (i >= 0 && !d->entries[i].key) i--;
        if (i < 0 || it->left <= 0) { it->dict = NULL; return NULL; }
        it->pos = i - 1;
        it->left--;
        return &d->entries[i];
    }
    int64_t i = it->pos;
    while (i < d->nentries && !d->entries[i].key) i++;
    if (i >= d->nentries || it->left <= 0) {
        if (it->left > 0) {
            it->dict = NULL;
            err_set(exc_RuntimeError, "dictionary keys changed during iteration");
            return NULL;
        }
        it->dict = NULL;
        return NULL;
    }
    it->pos = i + 1;
    it->left--;
    return &d->entries[i];
}

static Value dictiter_next_key(Value self)
{
    DictEntry *e = dictiter_step(self);
    return e ? e->key : VNULL;
}

static Value dictiter_next_value(Value self)
{
    DictEntry *e = dictiter_step(self);
    return e ? e->value : VNULL;
}

static Value dictiter_next_item(Value self)
{
    DictEntry *e = dictiter_step(self);
    return e ? tuple_pack(2, e->key, e->value) : VNULL;
}

static int64_t dictiter_len(Value self)
{
    ObjDictIter *it = (ObjDictIter *)AS_OBJ(self);
    return it->dict && it->len == it->dict->len ? it->left : 0;
}

static Value m_iter_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1) return err_set(exc_TypeError, "__length_hint__ needs an argument");
    return MK_INT(dictiter_len(args[0]));
}

static const MethodDef dictiter_methods[] = {
    ITERATOR_METHODS,
    {"__length_hint__", m_iter_length_hint},
    {NULL, NULL},
};

#define DICTITER_TYPE(var, tname, nextfn)                                      \
    Type var = {                                                              \
        .obj = STATIC_OBJ_HEAD(&type_type),                                   \
        .name = tname,                                                        \
        .base = &type_object,                                                 \
        .inst_size = sizeof(ObjDictIter),                                     \
        .kind = KIND_OTHER,                                                   \
        .trace = dictiter_trace,                                              \
        .iter = iterators_self,                                               \
        .next = nextfn,                                                       \
    }

DICTITER_TYPE(type_dict_keyiter, "dict_keyiterator", dictiter_next_key);
DICTITER_TYPE(type_dict_valueiter, "dict_valueiterator", dictiter_next_value);
DICTITER_TYPE(type_dict_itemiter, "dict_itemiterator", dictiter_next_item);
DICTITER_TYPE(type_dict_revkeyiter, "dict_reversekeyiterator", dictiter_next_key);
DICTITER_TYPE(type_dict_revvalueiter, "dict_reversevalueiterator", dictiter_next_value);
DICTITER_TYPE(type_dict_revitemiter, "dict_reverseitemiterator", dictiter_next_item);

/* ---- methods ------------------------------------------------------------- */

#define SELF_CHECK(name) CONTAINER_SELF_CHECK("dict", &type_dict, name)

/* CPython's "get expected at least 1 argument, got 0" family. */
static int arg_range(const char *name, int n, ObjTuple *kw, int min, int max)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (n < min) {
        if (min == max)
            err_format(exc_TypeError, "%s() takes exactly one argument (%d given)", name, n);
        else
            err_format(exc_TypeError, "%s expected at least %d argument%s, got %d", name, min,
                       min == 1 ? "" : "s", n);
        return -1;
    }
    if (n > max) {
        if (min == max)
            err_format(exc_TypeError, "%s() takes exactly one argument (%d given)", name, n);
        else
            err_format(exc_TypeError, "%s expected at most %d argument%s, got %d", name, max,
                       max == 1 ? "" : "s", n);
        return -1;
    }
    return 0;
}

static Value m_keys(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("keys");
    if (args_check("keys", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return view_new(&type_dict_keys, args[0]);
}

static Value m_values(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("values");
    if (args_check("values", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return view_new(&type_dict_values, args[0]);
}

static Value m_items(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("items");
    if (args_check("items", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return view_new(&type_dict_items, args[0]);
}

static Value m_get(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("get");
    if (UNLIKELY(arg_range("get", nargs - 1, kw, 1, 2) < 0)) return VNULL;
    Value v = dict_get(args[0], args[1]);
    if (v) return v;
    if (err_occurred()) return VNULL;
    return nargs > 2 ? args[2] : NONE;
}

static Value m_setdefault(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("setdefault");
    if (arg_range("setdefault", nargs - 1, kw, 1, 2) < 0) return VNULL;
    ObjDict *d = AS_DICT(args[0]);
    Value key = args[1], dflt = nargs > 2 ? args[2] : NONE;
    int64_t h, slot;
    if (key_hash(key, &h) < 0) return VNULL;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return VNULL;
    if (ix >= 0) return d->entries[ix].value;
    if (insert_new(d, key, dflt, h, slot) < 0) return VNULL;
    return dflt;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("pop");
    if (arg_range("pop", nargs - 1, kw, 1, 2) < 0) return VNULL;
    return dict_pop(args[0], args[1], nargs > 2 ? args[2] : VNULL);
}

static Value m_popitem(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("popitem");
    if (args_check("popitem", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjDict *d = AS_DICT(args[0]);
    if (d->len == 0) return raise_key_error(str_from_cstr("popitem(): dictionary is empty"));
    int64_t ix = d->nentries - 1;
    while (ix >= 0 && !d->entries[ix].key) ix--;
    DictEntry e = d->entries[ix];
    Value t = tuple_pack(2, e.key, e.value);
    if (!t) return VNULL;
    del_entry(d, ix, e.hash);
    return t;
}

static Value m_update(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("update");
    if (nargs > 2)
        return err_format(exc_TypeError, "update expected at most 1 argument, got %d", nargs - 1);
    if (nargs == 2 && dict_update(args[0], args[1]) < 0) return VNULL;
    if (update_kwargs(args[0], args, nargs, kw) < 0) return VNULL;
    return NONE;
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("clear");
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0) return VNULL;
    dict_clear(args[0]);
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("copy");
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    return dict_copy(args[0]);
}

/* dict.fromkeys(iterable, value=None): installed as a classmethod, so
 * args[0] is the class. */
static Value m_fromkeys(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1) return err_set(exc_TypeError, "fromkeys expected at least 1 argument, got 0");
    if (arg_range("fromkeys", nargs - 1, kw, 1, 2) < 0) return VNULL;
    Value cls = args[0];
    Value d = (cls == OBJ_VAL(&type_dict)) ? dict_new() : obj_call0(cls);
    if (!d) return VNULL;
    Value v = nargs > 2 ? args[2] : NONE;
    Value it = obj_iter(args[1]);
    if (!it) return VNULL;
    for (;;) {
        Value k = obj_next(it);
        if (!k) return err_occurred() ? VNULL : d;
        if ((IS_DICT(d) ? dict_set(d, k, v) : obj_setitem(d, k, v)) < 0) return VNULL;
    }
}

static Value m_contains(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__contains__");
    if (args_check("__contains__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    int c = dict_contains(args[0], args[1]);
    return c < 0 ? VNULL : BOOL_V(c);
}

static Value m_getitem(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__getitem__");
    if (args_check("__getitem__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return dict_subscript(args[0], args[1]);
}

static Value m_setitem(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__setitem__");
    if (args_check("__setitem__", nargs - 1, kw, 2, 2) < 0) return VNULL;
    return dict_set(args[0], args[1], args[2]) < 0 ? VNULL : NONE;
}

static Value m_delitem(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__delitem__");
    if (args_check("__delitem__", nargs - 1, kw, 1, 1) < 0) return VNULL;
    return dict_del(args[0], args[1]) < 0 ? VNULL : NONE;
}

static Value m_len(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__len__");
    (void)kw;
    return MK_INT(AS_DICT(args[0])->len);
}

static Value m_reversed(Value *args, int nargs, ObjTuple *kw)
{
    SELF_CHECK("__reversed__");
    (void)kw;
    return dictiter_new(&type_dict_revkeyiter, AS_DICT(args[0]), true);
}

/* The C slots as methods, for super().__repr__() and dict.__eq__(a, b) in
 * subclasses. */
#define SLOT_METHOD(cname, label, nparams, call) \
    CONTAINER_SLOT_METHOD(SELF_CHECK, cname, label, nparams, call)

SLOT_METHOD(m_repr, "__repr__", 0, dict_repr(args[0]))
SLOT_METHOD(m_iter, "__iter__", 0, dict_iter(args[0]))
SLOT_METHOD(m_eq, "__eq__", 1, dict_richcmp(args[0], args[1], CMP_EQ))
SLOT_METHOD(m_ne, "__ne__", 1, dict_richcmp(args[0], args[1], CMP_NE))
SLOT_METHOD(m_or, "__or__", 1, dict_or(args[0], args[1]))
SLOT_METHOD(m_ior, "__ior__", 1, dict_ior(args[0], args[1]))

/* __init__: refills the object from the arguments (list.__init__ and
 * company; a subclass's instance starts empty and gets here). */
static Value m_dict_init(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs > 2)
        return err_format(exc_TypeError, "dict expected at most 1 argument, got %d", nargs - 1);
    if (nargs == 2 && dict_update(args[0], args[1]) < 0)
        return VNULL;
    for (int64_t i = 0; kw && i < kw->len; i++)
        if (dict_set(args[0], kw->items[i], args[nargs + i]) < 0)
            return VNULL;
    return NONE;
}

static const MethodDef dict_methods[] = {
    {"__init__", m_dict_init},
    {"keys", m_keys},
    {"values", m_values},
    {"items", m_items},
    {"get", m_get},
    {"setdefault", m_setdefault},
    {"pop", m_pop},
    {"popitem", m_popitem},
    {"update", m_update},
    {"clear", m_clear},
    {"copy", m_copy},
    {"__contains__", m_contains},
    {"__getitem__", m_getitem},
    {"__setitem__", m_setitem},
    {"__delitem__", m_delitem},
    {"__len__", m_len},
    {"__reversed__", m_reversed},
    {"__repr__", m_repr},
    {"__iter__", m_iter},
    {"__eq__", m_eq},
    {"__ne__", m_ne},
    {"__or__", m_or},
    {"__ior__", m_ior},
    {NULL, NULL},
};

Type type_dict = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "dict",
    .flags = TF_BASETYPE | TF_DICT_SUB,
    .base = &type_object,
    .inst_size = sizeof(ObjDict),
    .kind = KIND_OTHER,
    .tp_new = dict_tp_new,
    .trace = dict_trace,
    .finalize = dict_finalize,
    .repr = dict_repr,
    .richcmp = dict_richcmp,
    .iter = dict_iter,
    .len = dict_len,
    .getitem = dict_subscript,
    .setitem = dict_ass_sub,
    .contains = dict_contains_slot,
    .nb = {[NB_OR] = dict_or},
    .nb_inplace = {[NB_OR] = dict_ior},
};

void dict_init(void)
{
    type_ready(&type_dict, dict_methods);
    type_ready(&type_dict_keys, view_methods);
    type_ready(&type_dict_values, values_methods);
    type_ready(&type_dict_items, view_methods);
    type_ready(&type_dict_keyiter, dictiter_methods);
    type_ready(&type_dict_valueiter, dictiter_methods);
    type_ready(&type_dict_itemiter, dictiter_methods);
    type_ready(&type_dict_revkeyiter, dictiter_methods);
    type_ready(&type_dict_revvalueiter, dictiter_methods);
    type_ready(&type_dict_revitemiter, dictiter_methods);
    s_keys = str_intern_cstr("keys");
    gc_add_root_obj((Obj **)&s_keys);
    /* fromkeys is a classmethod: wrap the native in a classmethod object
     * (type_classmethod is readied later by func.c; the object only needs
     * its type pointer now). */
    ObjStaticMethod *cm = (ObjStaticMethod *)gc_new(&type_classmethod, sizeof(ObjStaticMethod));
    cm->func = native_new("fromkeys", m_fromkeys, VNULL);
    dict_set_str(type_dict.dict, str_intern_cstr("fromkeys"), OBJ_VAL(cm));
}
