/* What kb stores is well-formed UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/utf8.h"

static void well_formed_text_is_valid(void **state)
{
    (void)state;
    const char *s = "Méta — 日本語 🦙";
    assert_true(kb_utf8_valid(s, strlen(s)));
    assert_true(kb_utf8_valid("", 0));
}

static void ill_formed_sequences_are_invalid(void **state)
{
    (void)state;
    assert_false(kb_utf8_valid("\xC3", 1));             /* truncated */
    assert_false(kb_utf8_valid("\xC0\xAF", 2));         /* overlong */
    assert_false(kb_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(kb_utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(kb_utf8_valid("caf\xE9", 4));          /* Latin-1 */
}

static void repair_replaces_each_bad_byte_and_drops_nul(void **state)
{
    (void)state;
    char *r = kb_utf8_repair("caf\xE9 ok\0!", 9);
    assert_string_equal(r, "caf\xEF\xBF\xBD ok!");
    assert_true(kb_utf8_valid(r, strlen(r)));
    free(r);
    r = kb_utf8_repair("Méta", strlen("Méta"));
    assert_string_equal(r, "Méta");
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_text_is_valid),
        cmocka_unit_test(ill_formed_sequences_are_invalid),
        cmocka_unit_test(repair_replaces_each_bad_byte_and_drops_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
