/* set.c — set and frozenset.
 *
 * The table is CPython's Objects/setobject.c scheme, step for step, so that
 * a set of ints iterates and prints in CPython's order: open addressing,
 * 8 slots to start, LINEAR_PROBES neighbouring slots before each perturbed
 * jump, dummies (key DUMMY, hash -1) for deletions, a resize when
 * fill*5 >= mask*3 to used*4 (used*2 past 50000), and the same merge,
 * intersection and difference strategies (they decide insertion order).
 * For a set, ObjSet.hash is the pop() finger; for a frozenset it caches
 * the hash (CPython's frozenset hash, so hash(frozenset(…)) matches).
 */
#include "containers.h"
#include "gc.h"
#include "vm.h"

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

static Obj dummy_obj = STATIC_OBJ_HEAD(&type_object);
#define DUMMY OBJ_VAL(&dummy_obj)

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

static inline bool fast_neq(Value a, Value b)
{
    /* two distinct small ints, or two interned strs, are never equal */
    return (IS_INT(a) && IS_INT(b)) ||
           (IS_STR(a) && IS_STR(b) && AS_STR(a)->interned && AS_STR(b)->interned);
}

/* A set, a frozenset or an instance of a subclass (PyAnySet_Check): they
 * share the ObjSet layout, so the operators accept them all. */
#define IS_MUTSETLIKE(v) (IS_SET(v) || (IS_OBJ(v) && obj_isinstance(v, &type_set)))
#define IS_SETLIKE(v) (IS_ANYSET(v) || IS_MUTSETLIKE(v) || \
                       (IS_OBJ(v) && obj_isinstance(v, &type_frozenset)))

/* Results of operations on a subclass instance are plain sets or
 * frozensets (CPython's make_new_set_basetype). */
static Type *base_type(ObjSet *so)
{
    Type *t = so->obj.type;
    if (t == &type_set || t == &type_frozenset) return t;
    return obj_isinstance(OBJ_VAL(so), &type_frozenset) ? &type_frozenset : &type_set;
}

/* ---- the table ------------------------------------------------------------ */

static SetEntry *table_alloc(int64_t n)
{
    SetEntry *t = mem_try_calloc((size_t)n, sizeof(SetEntry));
    if (!t) err_no_memory();
    return t;
}

static void insert_clean(SetEntry *table, uint64_t mask, Value key, int64_t hash)
{
    uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    for (;;) {
        SetEntry *e = &table[i];
        if (!e->key) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        return;
    }
}

static int table_resize(ObjSet *so, int64_t minused)
{
    int64_t n = MINSIZE;
    while (n <= minused) {
        if (n > INT64_MAX / 64) { err_no_memory(); return -1; }
        n <<= 1;
    }
    /* CPython keeps an 8-slot table without dummies as it is */
    if (n == MINSIZE && so->mask == MINSIZE - 1 && so->fill == so->len) return 0;
    SetEntry *old = so->table, *nt = table_alloc(n);
    if (!nt) return -1;
    int64_t oldmask = so->mask;
    uint64_t nmask = (uint64_t)n - 1;
    if (so->fill == so->len) {
        for (int64_t i = 0; i <= oldmask; i++)
            if (old[i].key) insert_clean(nt, nmask, old[i].key, old[i].hash);
    } else {
        so->fill = so->len;
        for (int64_t i = 0; i <= oldmask; i++)
            if (old[i].key && old[i].key != DUMMY) insert_clean(nt, nmask, old[i].key, old[i].hash);
    }
    so->table = nt;
    so->mask = (int64_t)nmask;
    if (old) mem_free(old, (size_t)(oldmask + 1) * sizeof(SetEntry));
    return 0;
}

static int add_entry(ObjSet *so, Value key, int64_t hash)
{
restart:;
    uint64_t mask = (uint64_t)so->mask, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    SetEntry *freeslot = NULL, *e;
    for (;;) {
        e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (!e->key) goto found_unused_or_dummy;
            if (e->hash == hash) {
                Value sk = e->key;
                if (sk == key) return 0;
                if (IS_STR(sk) && IS_STR(key)) {
                    if (!fast_neq(sk, key) && str_eq(AS_STR(sk), AS_STR(key))) return 0;
                } else if (!fast_neq(sk, key)) {
                    SetEntry *table = so->table;
                    int cmp = obj_eq(sk, key);
                    if (cmp > 0) return 0;
                    if (cmp < 0) return -1;
                    if (table != so->table || e->key != sk) goto restart;
                    mask = (uint64_t)so->mask;
                }
            } else if (e->hash == -1 && e->key == DUMMY) {
                freeslot = e; /* the last dummy on the path, as 3.11 does */
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        so->len++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->len++;
    e->key = key;
    e->hash = hash;
    if ((uint64_t)so->fill * 5 < mask * 3) return 0;
    return table_resize(so, so->len > 50000 ? so->len * 2 : so->len * 4);
}

/* The entry holding key, NULL if absent (err_occurred() tells errors). */
static SetEntry *lookkey(ObjSet *so, Value key, int64_t hash)
{
restart:;
    uint64_t mask = (uint64_t)so->mask, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    for (;;) {
        SetEntry *e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (!e->key) return NULL;
            if (e->hash == hash) {
                Value sk = e->key;
                if (sk == key) return e;
                if (IS_STR(sk) && IS_STR(key)) {
                    if (!fast_neq(sk, key) && str_eq(AS_STR(sk), AS_STR(key))) return e;
                } else if (!fast_neq(sk, key)) {
                    SetEntry *table = so->table;
                    int cmp = obj_eq(sk, key);
                    if (cmp < 0) return NULL;
                    if (table != so->table || e->key != sk) goto restart;
                    if (cmp > 0) return e;
                    mask = (uint64_t)so->mask;
                }
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int contains_entry(ObjSet *so, Value key, int64_t hash)
{
    SetEntry *e = lookkey(so, key, hash);
    if (e) return 1;
    return err_occurred() ? -1 : 0;
}

/* 1 removed, 0 absent, -1 error */
static int discard_entry(ObjSet *so, Value key, int64_t hash)
{
    SetEntry *e = lookkey(so, key, hash);
    if (!e) return err_occurred() ? -1 : 0;
    e->key = DUMMY;
    e->hash = -1;
    so->len--;
    return 1;
}

static int set_merge(ObjSet *so, ObjSet *other)
{
    if (so == other || other->len == 0) return 0;
    if ((so->fill + other->len) * 5 >= so->mask * 3)
        if (table_resize(so, (so->len + other->len) * 2) < 0) return -1;
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->len) {
        for (int64_t i = 0; i <= other->mask; i++)
            if (other->table[i].key) so->table[i] = other->table[i];
        so->fill = other->fill;
        so->len = other->len;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = so->len = other->len;
        for (int64_t i = 0; i <= other->mask; i++) {
            Value k = other->table[i].key;
            if (k && k != DUMMY) insert_clean(so->table, (uint64_t)so->mask, k, other->table[i].hash);
        }
        return 0;
    }
    for (int64_t i = 0; i <= other->mask; i++) {
        SetEntry e = other->table[i];
        if (e.key && e.key != DUMMY && add_entry(so, e.key, e.hash) < 0) return -1;
        if (i > other->mask) break;
    }
    return 0;
}

static int update_internal(ObjSet *so, Value other)
{
    if (IS_SETLIKE(other)) return set_merge(so, AS_SET(other));
    if (IS_DICT(other)) {
        ObjDict *d = AS_DICT(other);
        if ((so->fill + d->len) * 5 >= so->mask * 3)
            if (table_resize(so, (so->len + d->len) * 2) < 0) return -1;
        for (int64_t j = 0; j < d->nentries; j++) {
            DictEntry e = d->entries[j];
            if (e.key && add_entry(so, e.key, e.hash) < 0) return -1;
        }
        return 0;
    }
    Value it = obj_iter(other);
    if (!it) return -1;
    for (;;) {
        Value k = obj_next(it);
        if (!k) return err_occurred() ? -1 : 0;
        int64_t h;
        if (key_hash(k, &h) < 0 || add_entry(so, k, h) < 0) return -1;
    }
}

/* ---- public API ---------------------------------------------------------- */

static ObjSet *set_alloc(Type *t)
{
    ObjSet *s = (ObjSet *)type_alloc(t, sizeof(ObjSet));
    if (!s) { err_no_memory(); return NULL; }
    s->table = table_alloc(MINSIZE);
    if (!s->table) return NULL;
    s->mask = MINSIZE - 1;
    s->hash = type_is_subtype(t, &type_frozenset) ? -1 : 0;
    return s;
}

Value set_new(Type *t)
{
    ObjSet *s = set_alloc(t);
    return s ? OBJ_VAL(s) : VNULL;
}

static Value make_new(Type *t, Value iterable)
{
    ObjSet *s = set_alloc(t);
    if (!s) return VNULL;
    if (iterable && update_internal(s, iterable) < 0) return VNULL;
    return OBJ_VAL(s);
}

int set_add(Value sv, Value key)
{
    int64_t h;
    if (key_hash(key, &h) < 0) return -1;
    return add_entry(AS_SET(sv), key, h);
}

/* A set used as a key is looked up as the equal frozenset (CPython does
 * this for `in`, remove and discard). */
static int hash_or_frozen(Value *key, int64_t *h)
{
    if (key_hash(*key, h) == 0) return 0;
    if (!IS_SET(*key) || !err_matches(exc_TypeError)) return -1;
    err_clear();
    Value f = make_new(&type_frozenset, *key);
    if (!f) return -1;
    *key = f;
    return key_hash(f, h);
}

int set_contains(Value sv, Value key)
{
    int64_t h;
    if (hash_or_frozen(&key, &h) < 0) return -1;
    return contains_entry(AS_SET(sv), key, h);
}

int set_update(Value sv, Value iterable) { return update_internal(AS_SET(sv), iterable); }

int set_discard(Value sv, Value key)
{
    int64_t h;
    if (hash_or_frozen(&key, &h) < 0) return -1;
    return discard_entry(AS_SET(sv), key, h);
}

bool set_next(ObjSet *s, int64_t *pos, Value *key)
{
    int64_t i = *pos;
    while (i <= s->mask && (!s->table[i].key || s->table[i].key == DUMMY)) i++;
    *pos = i + 1;
    if (i > s->mask) return false;
    if (key) *key = s->table[i].key;
    return true;
}

static bool next_entry(ObjSet *s, int64_t *pos, SetEntry **out)
{
    int64_t i = *pos;
    while (i <= s->mask && (!s->table[i].key || s->table[i].key == DUMMY)) i++;
    *pos = i + 1;
    if (i > s->mask) return false;
    *out = &s->table[i];
    return true;
}

Value set_copy(Value sv) { return make_new(base_type(AS_SET(sv)), sv); }

static void set_clear_internal(ObjSet *s)
{
    mem_free(s->table, (size_t)(s->mask + 1) * sizeof(SetEntry));
    s->table = mem_calloc(MINSIZE, sizeof(SetEntry)); /* never NULL */
    s->mask = MINSIZE - 1;
    s->len = s->fill = 0;
}

/* ---- set algebra (CPython's strategies) --------------------------------- */

static Value intersection(ObjSet *so, Value other)
{
    if (OBJ_VAL(so) == other) return set_copy(OBJ_VAL(so));
    Value rv = set_new(base_type(so));
    if (!rv) return VNULL;
    ObjSet *r = AS_SET(rv);
    if (IS_SETLIKE(other)) {
        ObjSet *o = AS_SET(other);
        if (o->len > so->len) { ObjSet *t = so; so = o; o = t; }
        int64_t pos = 0;
        SetEntry *e;
        while (next_entry(o, &pos, &e)) {
            Value k = e->key;
            int64_t h = e->hash;
            int c = contains_entry(so, k, h);
            if (c < 0) return VNULL;
            if (c && add_entry(r, k, h) < 0) return VNULL;
        }
        return rv;
    }
    Value it = obj_iter(other);
    if (!it) return VNULL;
    for (;;) {
        Value k = obj_next(it);
        if (!k) return err_occurred() ? VNULL : rv;
        int64_t h;
        if (key_hash(k, &h) < 0) return VNULL;
        int c = contains_entry(so, k, h);
        if (c < 0) return VNULL;
        if (c && add_entry(r, k, h) < 0) return VNULL;
    }
}

/* Exchange the tables of a and b (intersection_update keeps the result). */
static void swap_bodies(ObjSet *a, ObjSet *b)
{
    ObjSet t = *a;
    a->len = b->len; a->fill = b->fill; a->mask = b->mask; a->table = b->table;
    b->len = t.len; b->fill = t.fill; b->mask = t.mask; b->table = t.table;
    if (a->obj.type == &type_frozenset) a->hash = -1;
}

static int difference_update_internal(ObjSet *so, Value other)
{
    if (OBJ_VAL(so) == other) {
        set_clear_internal(so);
        return 0;
    }
    if (IS_SETLIKE(other)) {
        Value ov = other;
        if ((AS_SET(other)->len >> 3) > so->len) {
            ov = intersection(so, other);
            if (!ov) return -1;
        }
        ObjSet *o = AS_SET(ov);
        int64_t pos = 0;
        SetEntry *e;
        while (next_entry(o, &pos, &e))
            if (discard_entry(so, e->key, e->hash) < 0) return -1;
    } else {
        Value it = obj_iter(other);
        if (!it) return -1;
        for (;;) {
            Value k = obj_next(it);
            if (!k) {
                if (err_occurred()) return -1;
                break;
            }
            if (set_discard(OBJ_VAL(so), k) < 0) return -1;
        }
    }
    if ((uint64_t)(so->fill - so->len) <= (uint64_t)so->mask / 4) return 0;
    return table_resize(so, so->len > 50000 ? so->len * 2 : so->len * 4);
}

static Value difference(ObjSet *so, Value other)
{
    int64_t osize;
    if (IS_SETLIKE(other)) osize = AS_SET(other)->len;
    else if (IS_DICT(other)) osize = AS_DICT(other)->len;
    else goto copy_and_diff;
    if ((so->len >> 2) > osize) goto copy_and_diff;
    Value rv = set_new(base_type(so));
    if (!rv) return VNULL;
    int64_t pos = 0;
    SetEntry *e;
    while (next_entry(so, &pos, &e)) {
        Value k = e->key;
        int64_t h = e->hash;
        int c;
        if (IS_DICT(other)) {
            c = dict_contains(other, k);
        } else {
            c = contains_entry(AS_SET(other), k, h);
        }
        if (c < 0) return VNULL;
        if (!c && add_entry(AS_SET(rv), k, h) < 0) return VNULL;
    }
    return rv;
copy_and_diff:;
    Value r = set_copy(OBJ_VAL(so));
    if (!r || difference_update_internal(AS_SET(r), other) < 0) return VNULL;
    return r;
}

static int symdiff_update(ObjSet *so, Value other)
{
    if (OBJ_VAL(so) == other) {
        set_clear_internal(so);
        return 0;
    }
    if (IS_DICT(other)) {
        ObjDict *d = AS_DICT(other);
        for (int64_t j = 0; j < d->nentries; j++) {
            DictEntry de = d->entries[j];
            if (!de.key) continue;
            int rv = discard_entry(so, de.key, de.hash);
            if (rv < 0) return -1;
            if (rv == 0 && add_entry(so, de.key, de.hash) < 0) return -1;
        }
        return 0;
    }
    Value ov = IS_SETLIKE(other) ? other : make_new(base_type(so), other);
    if (!ov) return -1;
    ObjSet *o = AS_SET(ov);
    int64_t pos = 0;
    SetEntry *e;
    while (next_entry(o, &pos, &e)) {
        Value k = e->key;
        int64_t h = e->hash;
        int rv = discard_entry(so, k, h);
        if (rv < 0) return -1;
        if (rv == 0 && add_entry(so, k, h) < 0) return -1;
    }
    return 0;
}

static Value symdiff(ObjSet *so, Value other)
{
    Value r = make_new(base_type(so), other);
    if (!r || symdiff_update(AS_SET(r), OBJ_VAL(so)) < 0) return VNULL;
    return r;
}

static int issubset(ObjSet *so, Value other)
{
    if (!IS_SETLIKE(other)) {
        Value t = make_new(&type_set, other);
        if (!t) return -1;
        return issubset(so, t);
    }
    ObjSet *o = AS_SET(other);
    if (so->len > o->len) return 0;
    int64_t pos = 0;
    SetEntry *e;
    while (next_entry(so, &pos, &e)) {
        int c = contains_entry(o, e->key, e->hash);
        if (c <= 0) return c;
    }
    return 1;
}

static int issuperset(ObjSet *so, Value other)
{
    if (IS_SETLIKE(other)) return issubset(AS_SET(other), OBJ_VAL(so));
    Value t = make_new(&type_set, other);
    if (!t) return -1;
    return issubset(AS_SET(t), OBJ_VAL(so));
}

static int isdisjoint(ObjSet *so, Value other)
{
    if (OBJ_VAL(so) == other) return so->len == 0;
    if (IS_SETLIKE(other)) {
        ObjSet *o = AS_SET(other);
        if (o->len > so->len) { ObjSet *t = so; so = o; o = t; }
        int64_t pos = 0;
        SetEntry *e;
        while (next_entry(o, &pos, &e)) {
            int c = contains_entry(so, e->key, e->hash);
            if (c != 0) return c < 0 ? -1 : 0;
        }
        return 1;
    }
    Value it = obj_iter(other);
    if (!it) return -1;
    for (;;) {
        Value k = obj_next(it);
        if (!k) return err_occurred() ? -1 : 1;
        int64_t h;
        if (key_hash(k, &h) < 0) return -1;
        int c = contains_entry(so, k, h);
        if (c != 0) return c < 0 ? -1 : 0;
    }
}

/* ---- slots --------------------------------------------------------------- */

static Value set_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len)
        return err_format(exc_TypeError, "%s() takes no keyword arguments", t->name);
    if (nargs > 1)
        return err_format(exc_TypeError, "%s expected at most 1 argument, got %d", t->name, nargs);
    if (t == &type_frozenset && nargs == 1 && IS_FROZENSET(args[0])) return args[0];
    if (!type_is_subtype(t, &type_frozenset)) /* set and its subclasses: __init__ fills */
        return make_new(t, t == &type_set && nargs ? args[0] : VNULL);
    return make_new(t, nargs ? args[0] : VNULL);
}

static void set_trace(Obj *o)
{
    ObjSet *s = (ObjSet *)o;
    if (!s->table) return;
    for (int64_t i = 0; i <= s->mask; i++) {
        Value k = s->table[i].key;
        if (k && k != DUMMY && IS_OBJ(k)) gc_mark(k);
    }
}

static void set_finalize(Obj *o)
{
    ObjSet *s = (ObjSet *)o;
    if (s->table) mem_free(s->table, (size_t)(s->mask + 1) * sizeof(SetEntry));
    s->table = NULL;
}

static int64_t set_len(Value self) { return AS_SET(self)->len; }

static Value set_repr(Value self)
{
    ObjSet *s = AS_SET(self);
    bool frozen = !IS_SET(self); /* frozenset or a subclass: Name({...}) */
    const char *tn = AS_OBJ(self)->type->name;
    if (s->len == 0) return str_printf("%s()", tn);
    int r = repr_enter(self);
    if (r < 0) return VNULL;
    if (r > 0) return str_printf("%s(...)", tn);
    StrBuf b;
    sb_init(&b);
    if (frozen) { sb_adds(&b, tn); sb_addc(&b, '('); }
    sb_addc(&b, '{');
    int64_t pos = 0;
    Value k;
    bool first = true;
    while (set_next(s, &pos, &k)) {
        if (!first) sb_add(&b, ", ", 2);
        first = false;
        if (sb_addv(&b, k, true) < 0) {
            sb_free(&b);
            repr_leave(self);
            return VNULL;
        }
    }
    sb_addc(&b, '}');
    if (frozen) sb_addc(&b, ')');
    repr_leave(self);
    return sb_finish(&b);
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
}

static int frozenset_hash(Value self, int64_t *out)
{
    ObjSet *s = AS_SET(self);
    if (s->hash != -1) { *out = s->hash; return 0; }
    uint64_t h = 0;
    for (int64_t i = 0; i <= s->mask; i++) h ^= shuffle_bits((uint64_t)s->table[i].hash);
    if ((s->mask + 1 - s->fill) & 1) h ^= shuffle_bits(0);
    if ((s->fill - s->len) & 1) h ^= shuffle_bits((uint64_t)-1);
    h ^= ((uint64_t)s->len + 1) * 1927868237ULL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069U + 907133923ULL;
    if (h == (uint64_t)-1) h = 590923713ULL;
    s->hash = (int64_t)h;
    *out = s->hash;
    return 0;
}

static Value set_richcmp(Value a, Value b, int op)
{
    if (!IS_SETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    ObjSet *x = AS_SET(a), *y = AS_SET(b);
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (x->len != y->len) r = 0;
        else if (IS_FROZENSET(a) && IS_FROZENSET(b) && x->hash != -1 && y->hash != -1 &&
                 x->hash != y->hash) r = 0;
        else r = issubset(x, b);
        if (r < 0) return VNULL;
        return BOOL_V(op == CMP_EQ ? r : !r);
    case CMP_LE: r = issubset(x, b); break;
    case CMP_GE: r = issuperset(x, b); break;
    case CMP_LT: r = x->len < y->len ? issubset(x, b) : 0; break;
    default: r = x->len > y->len ? issuperset(x, b) : 0; break;
    }
    if (r < 0) return VNULL;
    return BOOL_V(r);
}

static int set_contains_slot(Value self, Value key) { return set_contains(self, key); }

static Value setiter_new(ObjSet *s);
static Value set_iter(Value self) { return setiter_new(AS_SET(self)); }

static Value set_or(Value a, Value b)
{
    if (!IS_SETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    Value r = set_copy(a);
    if (!r) return VNULL;
    if (a != b && update_internal(AS_SET(r), b) < 0) return VNULL;
    return r;
}

static Value set_and(Value a, Value b)
{
    if (!IS_SETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    return intersection(AS_SET(a), b);
}

static Value set_sub(Value a, Value b)
{
    if (!IS_SETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    return difference(AS_SET(a), b);
}

static Value set_xor(Value a, Value b)
{
    if (!IS_SETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    return symdiff(AS_SET(a), b);
}

static Value set_ior(Value a, Value b)
{
    if (!IS_MUTSETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    if (update_internal(AS_SET(a), b) < 0) return VNULL;
    return a;
}

static Value set_iand(Value a, Value b)
{
    if (!IS_MUTSETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    Value t = intersection(AS_SET(a), b);
    if (!t) return VNULL;
    swap_bodies(AS_SET(a), AS_SET(t));
    return a;
}

static Value set_isub(Value a, Value b)
{
    if (!IS_MUTSETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    if (difference_update_internal(AS_SET(a), b) < 0) return VNULL;
    return a;
}

static Value set_ixor(Value a, Value b)
{
    if (!IS_MUTSETLIKE(a) || !IS_SETLIKE(b)) return NOTIMPL;
    if (symdiff_update(AS_SET(a), b) < 0) return VNULL;
    return a;
}

/* ---- iterator ----------------------------------------------------------------- */

typedef struct {
    Obj obj;
    ObjSet *set;   /* NULL once exhausted */
    int64_t pos;
    int64_t used;  /* set size at creation; -1 after the error (sticky) */
    int64_t left;
} ObjSetIter;

static Value setiter_new(ObjSet *s)
{
    ObjSetIter *it = (ObjSetIter *)gc_new(&type_setiter, sizeof(ObjSetIter));
    if (!it) return err_no_memory();
    it->set = s;
    it->used = s->len;
    it->left = s->len;
    return OBJ_VAL(it);
}

static void setiter_trace(Obj *o) { gc_mark_obj((Obj *)((ObjSetIter *)o)->set); }

static Value setiter_next(Value self)
{
    ObjSetIter *it = (ObjSetIter *)AS_OBJ(self);
    ObjSet *s = it->set;
    if (!s) return VNULL;
    if (it->used != s->len) {
        it->used = -1;
        err_set(exc_RuntimeError, "Set changed size during iteration");
        return VNULL;
    }
    Value k;
    if (!set_next(s, &it->pos, &k)) {
        it->set = NULL;
        return VNULL;
    }
    it->left--;
    return k;
}

static Value m_iter_length_hint(Value *args, int nargs, ObjTuple *kw)
{
    (void)kw;
    if (nargs < 1) return err_set(exc_TypeError, "__length_hint__ needs an argument");
    ObjSetIter *it = (ObjSetIter *)AS_OBJ(args[0]);
    return MK_INT(it->set && it->used == it->set->len ? it->left : 0);
}

static const MethodDef setiter_methods[] = {
    ITERATOR_METHODS,
    {"__length_hint__", m_iter_length_hint},
    {NULL, NULL},
};

Type type_setiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "set_iterator",
    .base = &type_object,
    .inst_size = sizeof(ObjSetIter),
    .kind = KIND_OTHER,
    .trace = setiter_trace,
    .iter = iterators_self,
    .next = setiter_next,
};

/* ---- methods --------------------------------------------------------------- */

#define SELF_ANY(name)                                                         \
    do {                                                                       \
        if (nargs < 1 || !(obj_isinstance(args[0], &type_set) ||              \
                           obj_isinstance(args[0], &type_frozenset)))          \
            return err_format(exc_TypeError,                                   \
                "descriptor '" name "' requires a 'set' object but received a '%T'", \
                nargs ? args[0] : NONE);                                       \
    } while (0)
#define SELF_SET(name)                                                         \
    do {                                                                       \
        if (nargs < 1 || !obj_isinstance(args[0], &type_set))                 \
            return err_format(exc_TypeError,                                   \
                "descriptor '" name "' for 'set' objects doesn't apply to a '%T' object", \
                nargs ? args[0] : NONE);                                       \
    } while (0)

static int one_arg(const char *name, int nargs, ObjTuple *kw)
{
    if ((kw && kw->len) || nargs != 2) {
        if (kw && kw->len) err_format(exc_TypeError, "set.%s() takes no keyword arguments", name);
        else err_format(exc_TypeError, "set.%s() takes exactly one argument (%d given)", name, nargs - 1);
        return -1;
    }
    return 0;
}

static int no_kw(const char *name, ObjTuple *kw)
{
    if (kw && kw->len) {
        err_format(exc_TypeError, "set.%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

static Value m_add(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("add");
    if (one_arg("add", nargs, kw) < 0) return VNULL;
    return set_add(args[0], args[1]) < 0 ? VNULL : NONE;
}

static Value m_remove(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("remove");
    if (one_arg("remove", nargs, kw) < 0) return VNULL;
    int r = set_discard(args[0], args[1]);
    if (r < 0) return VNULL;
    if (r == 0) {
        Value t = tuple_pack(1, args[1]);
        if (!t) return VNULL;
        Value e = exc_new(exc_KeyError, AS_TUPLE(t));
        return e ? err_set_value(e) : VNULL;
    }
    return NONE;
}

static Value m_discard(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("discard");
    if (one_arg("discard", nargs, kw) < 0) return VNULL;
    return set_discard(args[0], args[1]) < 0 ? VNULL : NONE;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("pop");
    if (args_check("pop", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjSet *s = AS_SET(args[0]);
    if (s->len == 0) {
        Value t = tuple_pack(1, str_from_cstr("pop from an empty set"));
        if (!t) return VNULL;
        Value e = exc_new(exc_KeyError, AS_TUPLE(t));
        return e ? err_set_value(e) : VNULL;
    }
    SetEntry *e = s->table + ((uint64_t)s->hash & (uint64_t)s->mask);
    while (!e->key || e->key == DUMMY) {
        e++;
        if (e > s->table + s->mask) e = s->table;
    }
    Value k = e->key;
    e->key = DUMMY;
    e->hash = -1;
    s->len--;
    s->hash = (e - s->table) + 1; /* the finger */
    return k;
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("clear");
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0) return VNULL;
    set_clear_internal(AS_SET(args[0]));
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("copy");
    if (args_check("copy", nargs - 1, kw, 0, 0) < 0) return VNULL;
    if (IS_FROZENSET(args[0])) return args[0];
    return set_copy(args[0]);
}

static Value m_update(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("update");
    if (no_kw("update", kw) < 0) return VNULL;
    for (int i = 1; i < nargs; i++)
        if (update_internal(AS_SET(args[0]), args[i]) < 0) return VNULL;
    return NONE;
}

static Value m_union(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("union");
    if (no_kw("union", kw) < 0) return VNULL;
    Value r = set_copy(args[0]);
    if (!r) return VNULL;
    for (int i = 1; i < nargs; i++) {
        if (args[i] == args[0]) continue;
        if (update_internal(AS_SET(r), args[i]) < 0) return VNULL;
    }
    return r;
}

static Value m_intersection(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("intersection");
    if (no_kw("intersection", kw) < 0) return VNULL;
    if (nargs == 1) return set_copy(args[0]);
    Value r = args[0];
    for (int i = 1; i < nargs; i++) {
        r = intersection(AS_SET(r), args[i]);
        if (!r) return VNULL;
    }
    return r;
}

static Value m_intersection_update(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("intersection_update");
    Value r = m_intersection(args, nargs, kw);
    if (!r) return VNULL;
    if (r != args[0]) swap_bodies(AS_SET(args[0]), AS_SET(r));
    return NONE;
}

static Value m_difference(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("difference");
    if (no_kw("difference", kw) < 0) return VNULL;
    if (nargs == 1) return set_copy(args[0]);
    Value r = difference(AS_SET(args[0]), args[1]);
    if (!r) return VNULL;
    for (int i = 2; i < nargs; i++)
        if (difference_update_internal(AS_SET(r), args[i]) < 0) return VNULL;
    return r;
}

static Value m_difference_update(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("difference_update");
    if (no_kw("difference_update", kw) < 0) return VNULL;
    for (int i = 1; i < nargs; i++)
        if (difference_update_internal(AS_SET(args[0]), args[i]) < 0) return VNULL;
    return NONE;
}

static Value m_symmetric_difference(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("symmetric_difference");
    if (one_arg("symmetric_difference", nargs, kw) < 0) return VNULL;
    return symdiff(AS_SET(args[0]), args[1]);
}

static Value m_symmetric_difference_update(Value *args, int nargs, ObjTuple *kw)
{
    SELF_SET("symmetric_difference_update");
    if (one_arg("symmetric_difference_update", nargs, kw) < 0) return VNULL;
    return symdiff_update(AS_SET(args[0]), args[1]) < 0 ? VNULL : NONE;
}

static Value m_issubset(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("issubset");
    if (one_arg("issubset", nargs, kw) < 0) return VNULL;
    int r = issubset(AS_SET(args[0]), args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_issuperset(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("issuperset");
    if (one_arg("issuperset", nargs, kw) < 0) return VNULL;
    int r = issuperset(AS_SET(args[0]), args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_isdisjoint(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("isdisjoint");
    if (one_arg("isdisjoint", nargs, kw) < 0) return VNULL;
    int r = isdisjoint(AS_SET(args[0]), args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_contains(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("__contains__");
    if (one_arg("__contains__", nargs, kw) < 0) return VNULL;
    int r = set_contains(args[0], args[1]);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value m_len(Value *args, int nargs, ObjTuple *kw)
{
    SELF_ANY("__len__");
    (void)kw;
    return MK_INT(AS_SET(args[0])->len);
}

/* The C slots as methods, for super().__repr__() and set.__or__(a, b) in
 * subclasses. */
#define SLOT_METHOD(cname, label, nparams, call) \
    CONTAINER_SLOT_METHOD(SELF_ANY, cname, label, nparams, call)
/* the in-place operators apply to set only, not frozenset */
#define SELF_SET_SLOT(label)                                                    \
    do {                                                                        \
        if (nargs < 1 || !obj_isinstance(args[0], &type_set))                   \
            return err_format(exc_TypeError,                                    \
                "descriptor '" label "' requires a 'set' object but received a '%T'", \
                nargs ? args[0] : NONE);                                        \
    } while (0)
#define SLOT_METHOD_SET(cname, label, call) CONTAINER_SLOT_METHOD(SELF_SET_SLOT, cname, label, 1, call)

SLOT_METHOD(m_repr, "__repr__", 0, set_repr(args[0]))
SLOT_METHOD(m_iter, "__iter__", 0, set_iter(args[0]))
SLOT_METHOD(m_eq, "__eq__", 1, set_richcmp(args[0], args[1], CMP_EQ))
SLOT_METHOD(m_ne, "__ne__", 1, set_richcmp(args[0], args[1], CMP_NE))
SLOT_METHOD(m_lt, "__lt__", 1, set_richcmp(args[0], args[1], CMP_LT))
SLOT_METHOD(m_le, "__le__", 1, set_richcmp(args[0], args[1], CMP_LE))
SLOT_METHOD(m_gt, "__gt__", 1, set_richcmp(args[0], args[1], CMP_GT))
SLOT_METHOD(m_ge, "__ge__", 1, set_richcmp(args[0], args[1], CMP_GE))
SLOT_METHOD(m_or, "__or__", 1, set_or(args[0], args[1]))
SLOT_METHOD(m_and, "__and__", 1, set_and(args[0], args[1]))
SLOT_METHOD(m_sub, "__sub__", 1, set_sub(args[0], args[1]))
SLOT_METHOD(m_xor, "__xor__", 1, set_xor(args[0], args[1]))
SLOT_METHOD(m_or_r, "__ror__", 1, set_or(args[1], args[0]))
SLOT_METHOD(m_and_r, "__rand__", 1, set_and(args[1], args[0]))
SLOT_METHOD(m_sub_r, "__rsub__", 1, set_sub(args[1], args[0]))
SLOT_METHOD(m_xor_r, "__rxor__", 1, set_xor(args[1], args[0]))
SLOT_METHOD_SET(m_ior, "__ior__", set_ior(args[0], args[1]))
SLOT_METHOD_SET(m_iand, "__iand__", set_iand(args[0], args[1]))
SLOT_METHOD_SET(m_isub, "__isub__", set_isub(args[0], args[1]))
SLOT_METHOD_SET(m_ixor, "__ixor__", set_ixor(args[0], args[1]))

/* What set and frozenset share, after their own leading methods. */
#define SET_COMMON_METHODS \
    {"issubset", m_issubset}, \
    {"issuperset", m_issuperset}, \
    {"isdisjoint", m_isdisjoint}, \
    {"__contains__", m_contains}, \
    {"__len__", m_len}, \
    {"__repr__", m_repr}, \
    {"__iter__", m_iter}, \
    {"__eq__", m_eq}, \
    {"__ne__", m_ne}, \
    {"__lt__", m_lt}, \
    {"__le__", m_le}, \
    {"__gt__", m_gt}, \
    {"__ge__", m_ge}, \
    {"__or__", m_or}, \
    {"__and__", m_and}, \
    {"__sub__", m_sub}, \
    {"__xor__", m_xor}, \
    {"__ror__", m_or_r}, \
    {"__rand__", m_and_r}, \
    {"__rsub__", m_sub_r}, \
    {"__rxor__", m_xor_r},

/* __init__: refills the object from the arguments (list.__init__ and
 * company; a subclass's instance starts empty and gets here). */
static Value m_set_init(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("set", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    if (nargs == 2 && set_update(args[0], args[1]) < 0)
        return VNULL;
    return NONE;
}

static const MethodDef set_methods[] = {
    {"__init__", m_set_init},
    {"add", m_add},
    {"remove", m_remove},
    {"discard", m_discard},
    {"pop", m_pop},
    {"clear", m_clear},
    {"copy", m_copy},
    {"update", m_update},
    {"union", m_union},
    {"intersection", m_intersection},
    {"intersection_update", m_intersection_update},
    {"difference", m_difference},
    {"difference_update", m_difference_update},
    {"symmetric_difference", m_symmetric_difference},
    {"symmetric_difference_update", m_symmetric_difference_update},
    SET_COMMON_METHODS
    {"__ior__", m_ior},
    {"__iand__", m_iand},
    {"__isub__", m_isub},
    {"__ixor__", m_ixor},
    {NULL, NULL},
};

static const MethodDef frozenset_methods[] = {
    {"copy", m_copy},
    {"union", m_union},
    {"intersection", m_intersection},
    {"difference", m_difference},
    {"symmetric_difference", m_symmetric_difference},
    SET_COMMON_METHODS
    {NULL, NULL},
};

Type type_set = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "set",
    .flags = TF_BASETYPE | TF_SET_SUB | TF_WEAKREF,
    .base = &type_object,
    .inst_size = sizeof(ObjSet),
    .kind = KIND_OTHER,
    .tp_new = set_tp_new,
    .trace = set_trace,
    .finalize = set_finalize,
    .repr = set_repr,
    .richcmp = set_richcmp,
    .iter = set_iter,
    .len = set_len,
    .contains = set_contains_slot,
    .nb = {[NB_OR] = set_or, [NB_AND] = set_and, [NB_SUB] = set_sub, [NB_XOR] = set_xor},
    .nb_inplace = {[NB_OR] = set_ior, [NB_AND] = set_iand, [NB_SUB] = set_isub,
                   [NB_XOR] = set_ixor},
};

Type type_frozenset = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "frozenset",
    .flags = TF_BASETYPE | TF_SET_SUB | TF_WEAKREF,
    .base = &type_object,
    .inst_size = sizeof(ObjSet),
    .kind = KIND_OTHER,
    .tp_new = set_tp_new,
    .trace = set_trace,
    .finalize = set_finalize,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcmp = set_richcmp,
    .iter = set_iter,
    .len = set_len,
    .contains = set_contains_slot,
    .nb = {[NB_OR] = set_or, [NB_AND] = set_and, [NB_SUB] = set_sub, [NB_XOR] = set_xor},
};

void set_init(void)
{
    type_ready(&type_set, set_methods);
    type_ready(&type_frozenset, frozenset_methods);
    type_ready(&type_setiter, setiter_methods);
}
