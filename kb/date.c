/* Dates with their precision: YYYY, YYYY-MM, YYYY-MM-DD. */
#include "kb/date.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool kb_date_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    int year = digits(s, 4);
    if (year < 0)
        return false;
    if (n == 4)
        return true;
    if (s[4] != '-')
        return false;
    int month = digits(s + 5, 2);
    if (month < 1 || month > 12)
        return false;
    if (n == 7)
        return true;
    if (s[7] != '-')
        return false;
    int day = digits(s + 8, 2);
    return day >= 1 && day <= days_in_month(year, month);
}

void kb_date_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
