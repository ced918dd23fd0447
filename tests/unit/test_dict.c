/* test_dict.c — dict keeps insertion order through growth and deletes,
 * and string keys found by content and by interned pointer agree. */
#include "unit.h"

static void unit_body(void)
{
    Value d = dict_new();
    CHECK(d && IS_DICT(d));
    bool ok = true;   /* one check per loop keeps the counts meaningful */
    for (int i = 0; i < 10000; i++) ok &= dict_set(d, MK_INT(i), MK_INT(i * 2)) == 0;
    CHECK(ok);
    CHECK(AS_DICT(d)->len == 10000);
    CHECK(dict_get(d, MK_INT(9999)) == MK_INT(19998));
    CHECK(dict_get(d, MK_INT(10000)) == VNULL && !err_occurred());
    ok = true;
    for (int i = 0; i < 10000; i += 2) ok &= dict_del(d, MK_INT(i)) == 0;
    CHECK(ok);
    CHECK(AS_DICT(d)->len == 5000);
    CHECK_RAISES(dict_del(d, MK_INT(0)) < 0, exc_KeyError);
    int64_t pos = 0, n = 0, expect = 1;
    Value k, v;
    bool ordered = true;
    while (dict_next(AS_DICT(d), &pos, &k, &v)) {
        if (k != MK_INT(expect) || v != MK_INT(expect * 2)) ordered = false;
        expect += 2;
        n++;
    }
    CHECK(ordered && n == 5000);

    Value s = dict_new();
    ObjStr *key = str_intern_cstr("spam");
    CHECK(dict_set_str(AS_DICT(s), key, MK_INT(1)) == 0);
    CHECK(dict_get(s, str_from_cstr("spam")) == MK_INT(1)); /* by content */
    CHECK(dict_get_str(AS_DICT(s), key) == MK_INT(1));
    CHECK(dict_set(s, str_from_cstr("spam"), MK_INT(2)) == 0); /* same key */
    CHECK(AS_DICT(s)->len == 1 && dict_get_str(AS_DICT(s), key) == MK_INT(2));
    CHECK(dict_set(s, float_new(1.0), MK_INT(3)) == 0);
    CHECK(dict_get(s, MK_INT(1)) == MK_INT(3));   /* hash(1) == hash(1.0) */
    CHECK_RAISES(dict_set(s, list_new(0), NONE) < 0, exc_TypeError); /* unhashable */
    CHECK_REPR(s, "{'spam': 2, 1.0: 3}");
}
