/* Language tags are stored in the shape the data files' grammar holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/lang.h"

static void check_lang(const char *in, const char *want)
{
    char *got = kb_lang_take(strdup(in));
    if (!want && got)
        fail_msg("'%s' should be no language, got '%s'", in, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("'%s' gave '%s', not '%s'", in, got ? got : "(none)", want);
    free(got);
}

static void tags_in_the_grammar_shape_are_kept(void **state)
{
    (void)state;
    check_lang("en", "en");
    check_lang("en-US", "en-US");
    check_lang("zh-Hant-TW", "zh-Hant-TW");
    check_lang("en-GB-oxendict", "en-GB-oxendict");
    check_lang("ast", "ast");
}

static void common_variants_are_mended(void **state)
{
    (void)state;
    check_lang("en_US", "en-US");
    check_lang("EN-us", "en-us");
    check_lang("  fr-CA \n", "fr-CA");
    check_lang("en-US-x-private", "en-US");
    check_lang("de-DE-", "de-DE");
}

static void what_is_no_language_tag_is_dropped(void **state)
{
    (void)state;
    check_lang("English", NULL);
    check_lang("x", NULL);
    check_lang("", NULL);
    check_lang("e1", NULL);
    check_lang("-en", NULL);
    check_lang("fr CA", NULL);
    check_lang("日本語", NULL);
    assert_null(kb_lang_take(NULL));
}

static void a_tag_stays_within_64_bytes(void **state)
{
    (void)state;
    char *long_tag = strdup("en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-ffffffff-gggggggg-hhhhhhhh");
    char *got = kb_lang_take(long_tag);
    assert_non_null(got);
    assert_true(strlen(got) <= 64);
    assert_string_equal(got, "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-ffffffff");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_in_the_grammar_shape_are_kept),
        cmocka_unit_test(common_variants_are_mended),
        cmocka_unit_test(what_is_no_language_tag_is_dropped),
        cmocka_unit_test(a_tag_stays_within_64_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
