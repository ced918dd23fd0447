/* test_int.c — small/big int arithmetic crosses the 63-bit boundary both
 * ways, and int <-> str conversions follow Python. */
#include "unit.h"

static void unit_body(void)
{
    Value max = MK_INT(SMALLINT_MAX);
    Value big = int_add(max, MK_INT(1));
    CHECK(big && IS_BIGINT(big));
    CHECK_REPR(big, "4611686018427387904");
    Value back = int_sub(big, MK_INT(1));
    CHECK(back == max);                       /* results that fit are small */
    CHECK_REPR(int_mul(big, big), "21267647932558653966460912964485513216");
    CHECK(int_cmp(big, max) == 1 && int_cmp(max, big) == -1);
    CHECK(int_cmp(MK_INT(-3), MK_INT(-3)) == 0);
    CHECK_REPR(int_from_str("-00123", 6, 10), "-123");
    CHECK_REPR(int_from_str("ff", 2, 16), "255");
    CHECK_REPR(int_from_str("1_000", 5, 10), "1000");
    CHECK_RAISES(int_from_str("12x", 3, 10) == VNULL, exc_ValueError);
    CHECK_STR(int_to_str(MK_INT(255), 16), "0xff");
    CHECK_STR(int_to_str(MK_INT(-5), 2), "-0b101");
    CHECK(int_hash(MK_INT(-1)) == -2);        /* CPython: hash(-1) == -2 */
    CHECK(int_hash(MK_INT(7)) == 7);
    /* hash(2**61 - 1) == 0: the modulus */
    Value m61 = int_from_str("2305843009213693951", 19, 10);
    CHECK(m61 && int_hash(m61) == 0);
    CHECK_REPR(obj_binop(MK_INT(7), MK_INT(-2), NB_FLOORDIV), "-4");
    CHECK_REPR(obj_binop(MK_INT(7), MK_INT(-2), NB_MOD), "-1");
    CHECK_REPR(obj_binop(MK_INT(2), MK_INT(100), NB_POW), "1267650600228229401496703205376");
    CHECK_RAISES(obj_binop(MK_INT(1), MK_INT(0), NB_FLOORDIV) == VNULL, exc_ZeroDivisionError);
    CHECK_REPR(obj_binop(MK_INT(1), MK_INT(3), NB_TRUEDIV), "0.3333333333333333");
}
