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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_precision_is_valid),
        cmocka_unit_test(leap_days_follow_the_calendar),
        cmocka_unit_test(impossible_dates_are_refused),
        cmocka_unit_test(today_is_a_full_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
