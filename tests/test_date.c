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

static void normalized_years_stay_four_digits(void **state)
{
    (void)state;
    /* in UTC these fall in the year 10000 or the year 0: kept raw */
    check_norm("Fri, 31 Dec 9999 23:59:59 -1200", NULL);
    check_norm("9999-12-31T23:30:00-01:00", NULL);
    check_norm("Mon, 01 Jan 0001 00:00:00 +0100", NULL);
    check_norm("0001-01-01T00:59:59+01:00", NULL);
    check_norm("0000", NULL);
    check_norm("Sat, 01 Jan 0000 12:00:00 GMT", NULL);
    check_norm("10000-01-01", NULL);
    /* the edges themselves are dates */
    check_norm("Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z");
    check_norm("Fri, 31 Dec 9999 11:59:59 -1200", "9999-12-31T23:59:59Z");
    check_norm("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z");
    check_norm("0001-01-01", "0001-01-01");
    check_norm("0999", "0999");
}

static void a_refused_date_leaves_out_as_it_was(void **state)
{
    (void)state;
    char out[21] = "untouched";
    assert_false(kb_date_normalize("Fri, 31 Dec 9999 23:59:59 -1200", out));
    assert_string_equal(out, "untouched");
}

static void year_zero_is_no_date(void **state)
{
    (void)state;
    assert_false(kb_date_valid("0000"));
    assert_false(kb_date_valid("0000-01-01"));
    assert_false(kb_datetime_valid("0000-01-01T00:00:00Z"));
    assert_true(kb_date_valid("0001-01-01"));
    assert_true(kb_datetime_valid("9999-12-31T23:59:59Z"));
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
        cmocka_unit_test(normalized_years_stay_four_digits),
        cmocka_unit_test(a_refused_date_leaves_out_as_it_was),
        cmocka_unit_test(year_zero_is_no_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
