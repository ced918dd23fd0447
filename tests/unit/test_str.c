/* test_str.c — repr quoting, formatting and the string builder. */
#include "unit.h"

static void unit_body(void)
{
    CHECK_STR(str_repr(str_from_cstr("it's")), "\"it's\"");
    CHECK_STR(str_repr(str_from_cstr("a\nb\t\\")), "'a\\nb\\t\\\\'");
    CHECK_STR(str_repr(str_from_cstr("\xc3\xa9")), "'\xc3\xa9'");
    Value s = str_from_cstr("h\xc3\xa9llo");
    CHECK(s && AS_STR(s)->len == 6 && AS_STR(s)->ncp == 5 && !AS_STR(s)->ascii);
    CHECK(str_intern_cstr("abc") == str_intern_cstr("abc"));
    CHECK(str_eq(AS_STR(str_from_cstr("abc")), str_intern_cstr("abc")));
    CHECK_STR(str_format_spec(MK_INT(42), str_intern_cstr(">6")), "    42");
    CHECK_STR(str_format_spec(MK_INT(1234567), str_intern_cstr(",")), "1,234,567");
    CHECK_STR(str_format_spec(float_new(3.14159), str_intern_cstr(".2f")), "3.14");
    CHECK_STR(str_format_spec(str_from_cstr("ab"), str_intern_cstr("^6")), "  ab  ");
    CHECK_STR(str_mod_format(str_from_cstr("%d-%s"),
                             tuple_pack(2, MK_INT(5), str_from_cstr("x"))), "5-x");
    CHECK_STR(float_repr_str(0.1), "0.1");
    CHECK_STR(float_repr_str(1e16), "1e+16");
    CHECK_STR(float_repr_str(-0.0), "-0.0");
    CHECK_STR(str_concat(str_from_cstr("ab"), str_from_cstr("cd")), "abcd");
    CHECK_STR(str_join(str_from_cstr(", "),
                       tuple_pack(3, str_from_cstr("a"), str_from_cstr("b"),
                                  str_from_cstr("c"))), "a, b, c");
    StrBuf b;
    sb_init(&b);
    for (int i = 0; i < 1000; i++) sb_addc(&b, 'x');
    sb_printf(&b, "%d", 7);
    Value built = sb_finish(&b);
    CHECK(built && IS_STR(built) && AS_STR(built)->len == 1001);
    CHECK(utf8_valid("ok", 2) && !utf8_valid("\xff", 1));
}
