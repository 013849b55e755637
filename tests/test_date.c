/* Dates keep their precision and name real days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "kb/date.h"

static void every_precision_is_valid(void **state)
{
    (void)state;
    assert_true(kb_date_valid("2024"));
    assert_true(kb_date_valid("2024-07"));
    assert_true(kb_date_valid("2024-07-23"));
}

static void leap_days_follow_the_calendar(void **state)
{
    (void)state;
    assert_true(kb_date_valid("2024-02-29"));
    assert_true(kb_date_valid("2000-02-29"));
    assert_false(kb_date_valid("2023-02-29"));
    assert_false(kb_date_valid("1900-02-29"));
    assert_false(kb_date_valid("2024-02-30"));
}

static void impossible_dates_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {"", "24", "2024-", "2024-13", "2024-00", "2024-04-31", "2024-01-00",
                         "2024-1-05", "2024/01/05", "2024-01-05T00:00", "abcd", "2024-07-2x", NULL};
    for (int i = 0; bad[i]; i++) {
        if (kb_date_valid(bad[i]))
            fail_msg("'%s' should be refused", bad[i]);
    }
    assert_false(kb_date_valid(NULL));
}

static void today_is_a_full_date(void **state)
{
    (void)state;
    char d[11];
    kb_date_today(d);
    assert_int_equal(strlen(d), 10);
    assert_true(kb_date_valid(d));
}

static void check_norm(const char *raw, const char *want)
{
    char out[21] = "";
    bool ok = kb_date_normalize(raw, out);
    if (!want) {
        if (ok)
            fail_msg("'%s' should not parse, got '%s'", raw ? raw : "(null)", out);
        return;
    }
    if (!ok)
        fail_msg("'%s' should parse as '%s'", raw, want);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' gave '%s', not '%s'", raw, out, want);
    assert_true(kb_datetime_valid(out));
}

static void rfc3339_and_iso_dates_normalize_to_utc(void **state)
{
    (void)state;
    check_norm("2024-07-23T10:30:00Z", "2024-07-23T10:30:00Z");
    check_norm("2024-07-23T10:30:00.123+02:00", "2024-07-23T08:30:00Z");
    check_norm("2024-07-23T23:30:00-05:00", "2024-07-24T04:30:00Z");
    check_norm("2024-07-23 10:30", "2024-07-23T10:30:00Z");
    check_norm("2024-07-23", "2024-07-23");
    check_norm("2024-07", "2024-07");
    check_norm("2024", "2024");
    check_norm("  2024/07/23 ", "2024-07-23");
    check_norm("2004-01-01T00:00:00+01:00", "2003-12-31T23:00:00Z");
}

static void rfc822_and_its_variants_normalize(void **state)
{
    (void)state;
    check_norm("Tue, 23 Jul 2024 10:30:00 GMT", "2024-07-23T10:30:00Z");
    check_norm("Tue, 23 Jul 2024 10:30:00 +0200", "2024-07-23T08:30:00Z");
    check_norm("23 Jul 2024 10:30 EDT", "2024-07-23T14:30:00Z");
    check_norm("Sun, 31 Dec 99 23:59:59 -0000", "1999-12-31T23:59:59Z");
    check_norm("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z");
    check_norm("Tuesday, July 23, 2024", "2024-07-23");
    check_norm("July 23, 2024", "2024-07-23");
    check_norm("July 2024", "2024-07");
    check_norm("23 July 2024", "2024-07-23");
    check_norm("Jul 23rd, 2024 3:15 pm", "2024-07-23T15:15:00Z");
}

static void dates_that_do_not_parse_are_refused(void **state)
{
    (void)state;
    check_norm("", NULL);
    check_norm("yesterday", NULL);
    check_norm("2024-02-30", NULL);
    check_norm("31 Feb 2024", NULL);
    check_norm("2024-07-23T25:00:00Z", NULL);
    check_norm("Tue, 23 Jul 2024 10:30:00 GMT and more", NULL);
    check_norm(NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_precision_is_valid),
        cmocka_unit_test(leap_days_follow_the_calendar),
        cmocka_unit_test(impossible_dates_are_refused),
        cmocka_unit_test(today_is_a_full_date),
        cmocka_unit_test(rfc3339_and_iso_dates_normalize_to_utc),
        cmocka_unit_test(rfc822_and_its_variants_normalize),
        cmocka_unit_test(dates_that_do_not_parse_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
