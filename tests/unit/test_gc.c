/* test_gc.c — the collector frees garbage and keeps what C locals, rooted
 * globals and containers hold (conservative on the C stack). */
#include "unit.h"

static Value rooted;

static void __attribute__((noinline)) make_garbage(int n)
{
    for (int i = 0; i < n; i++) {
        Value l = list_new(0);
        if (!l || list_append(l, str_printf("junk %d", i)) < 0) { err_clear(); return; }
    }
}

static void unit_body(void)
{
    gc_add_root_value(&rooted);
    rooted = list_new(0);
    Value local = dict_new();
    for (int i = 0; i < 1000; i++) {
        list_append(rooted, str_printf("item %d", i));
        dict_set(local, MK_INT(i), float_new(i + 0.5));
    }
    size_t before = gc_collections();
    make_garbage(100000);
    size_t peak = gc_bytes_allocated();
    gc_collect();
    CHECK(gc_collections() == before + 1);
    CHECK(gc_bytes_allocated() < peak);   /* the garbage went away */
    CHECK(gc_is_object(AS_OBJ(rooted)) && gc_is_object(AS_OBJ(local)));
    CHECK(AS_LIST(rooted)->len == 1000);
    CHECK_STR(AS_LIST(rooted)->items[999], "item 999");
    Value f = dict_get(local, MK_INT(999));
    CHECK(f && IS_FLOAT(f) && AS_FLOAT(f) == 999.5);
    for (int round = 0; round < 3; round++) {   /* repeated cycles stay sound */
        make_garbage(20000);
        gc_collect();
    }
    CHECK_STR(AS_LIST(rooted)->items[0], "item 0");
    CHECK(AS_DICT(local)->len == 1000);
    Value big = MK_INT(1);
    for (int i = 0; i < 200; i++) big = int_mul(big, MK_INT(3));  /* GMP memory */
    gc_collect();
    CHECK_REPR(obj_binop(big, MK_INT(1000), NB_MOD), "1");   /* 3**200 % 1000 */
}
