/* CSV fields as RFC 4180 has them: quoted exactly when they must be, quotes
 * doubled; TSV fields with no tab or line break left to split them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "kb/csv.h"

static void field_is(const char *in, const char *want)
{
    kb_buf b = KB_BUF_INIT;
    kb_csv_field(&b, in);
    assert_string_equal(b.data ? b.data : "", want);
    kb_buf_free(&b);
}

static void a_field_is_quoted_when_it_must_be_and_only_then(void **state)
{
    (void)state;
    field_is("plain", "plain");
    field_is("", "");
    field_is(NULL, "");
    field_is("a,b", "\"a,b\"");
    field_is("say \"hi\"", "\"say \"\"hi\"\"\"");
    field_is("\"", "\"\"\"\"");
    field_is("line\nbreak", "\"line\nbreak\"");
    field_is("cr\rhere", "\"cr\rhere\"");
    field_is(" lead", "\" lead\"");
    field_is("trail ", "\"trail \"");
    field_is("in side", "in side");
    field_is("tab\there", "tab\there");
    field_is("<script>|*x*", "<script>|*x*");
}

static void a_record_ends_with_crlf(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    const char *f[] = {"a", NULL, "b,c"};
    kb_csv_row(&b, f, 3);
    assert_string_equal(b.data, "a,,\"b,c\"\r\n");
    kb_buf_free(&b);
}

static void a_tsv_field_holds_no_tab_or_line_break(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    const char *f[] = {"a\tb", "c\nd\re", NULL, "\"q\",x"};
    kb_tsv_row(&b, f, 4);
    assert_string_equal(b.data, "a b\tc d e\t\t\"q\",x\n");
    kb_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_field_is_quoted_when_it_must_be_and_only_then),
        cmocka_unit_test(a_record_ends_with_crlf),
        cmocka_unit_test(a_tsv_field_holds_no_tab_or_line_break),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
