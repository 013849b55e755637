/* Dates with their precision: YYYY, YYYY-MM, YYYY-MM-DD. */
#include "kb/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
    if (year < 1)
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

bool kb_datetime_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n != 20)
        return kb_date_valid(s);
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (!kb_date_valid(day) || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = digits(s + 17, 2);
    return h >= 0 && h < 24 && m >= 0 && m < 60 && sec >= 0 && sec <= 60;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

typedef struct {
    int year, month, day; /* month, day 0 when not given */
    int has_time, hour, min, sec;
    int offset_min; /* east of UTC */
} moment;

static void copy20(char out[21], const char *buf)
{
    size_t n = strlen(buf);
    if (n > 20)
        n = 20;
    memcpy(out, buf, n);
    out[n] = '\0';
}

/* Fields are checked before this: year 1-9999, month 1-12, day in month.
 * False when the moment, turned to UTC, leaves the years 0001-9999: kb writes
 * four-digit years only, so such a date is kept raw. */
static bool emit(const moment *t, char out[21])
{
    char buf[64];
    if (!t->has_time) {
        if (t->day)
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", t->year, t->month, t->day);
        else if (t->month)
            snprintf(buf, sizeof buf, "%04d-%02d", t->year, t->month);
        else
            snprintf(buf, sizeof buf, "%04d", t->year);
        copy20(out, buf);
        return true;
    }
    long long secs = days_from_civil(t->year, t->month, t->day) * 86400LL + t->hour * 3600LL +
                     t->min * 60LL + t->sec - t->offset_min * 60LL;
    long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    long long rem = secs - days * 86400;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return false;
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
             (int)(rem % 3600 / 60), (int)(rem % 60));
    copy20(out, buf);
    return true;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',')
        p++;
    return p;
}

/* Reads up to max digits; returns how many were read. */
static int read_num(const char **pp, int max, int *v)
{
    const char *p = *pp;
    int n = 0;
    *v = 0;
    while (n < max && isdigit((unsigned char)p[n])) {
        *v = *v * 10 + (p[n] - '0');
        n++;
    }
    *pp = p + n;
    return n;
}

static int month_of(const char **pp)
{
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *p = *pp;
    for (int i = 0; i < 12; i++) {
        if (strncasecmp(p, names[i], 3) == 0) {
            p += 3;
            while (isalpha((unsigned char)*p))
                p++;
            if (*p == '.')
                p++;
            *pp = p;
            return i + 1;
        }
    }
    return 0;
}

/* "Z", "UT", "GMT", "EST", "+0200", "-05:00", "+02"; returns 1 when one was read. */
static int read_zone(const char **pp, int *offset)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {{"UTC", 0},  {"UT", 0},   {"GMT", 0},  {"Z", 0},   {"EST", -5}, {"EDT", -4},
                 {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7},
                 {"CET", 1},  {"CEST", 2}, {"BST", 1},  {"JST", 9}};
    const char *p = skip_space(*pp);
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
        p++;
        int n = read_num(&p, 2, &h);
        if (n == 0)
            return 0;
        if (*p == ':')
            p++;
        read_num(&p, 2, &m);
        if (h > 14 || m > 59)
            return 0;
        *offset = sign * (h * 60 + m);
        *pp = p;
        return 1;
    }
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
        size_t n = strlen(zones[i].name);
        if (strncasecmp(p, zones[i].name, n) == 0 && !isalpha((unsigned char)p[n])) {
            *offset = zones[i].hours * 60;
            *pp = p + n;
            return 1;
        }
    }
    return 0;
}

/* HH:MM[:SS[.frac]] [zone] [AM|PM]. */
static bool read_time(const char **pp, moment *t)
{
    const char *p = *pp;
    if (read_num(&p, 2, &t->hour) == 0 || *p != ':')
        return false;
    p++;
    if (read_num(&p, 2, &t->min) != 2)
        return false;
    if (*p == ':') {
        p++;
        if (read_num(&p, 2, &t->sec) != 2)
            return false;
        if (*p == '.' || *p == ',') {
            int frac;
            p++;
            read_num(&p, 9, &frac);
        }
    }
    const char *q = skip_space(p);
    if (strncasecmp(q, "pm", 2) == 0 || strncasecmp(q, "am", 2) == 0) {
        if (tolower((unsigned char)*q) == 'p' && t->hour < 12)
            t->hour += 12;
        else if (tolower((unsigned char)*q) == 'a' && t->hour == 12)
            t->hour = 0;
        p = q + 2;
    }
    if (t->hour > 23 || t->min > 59 || t->sec > 60)
        return false;
    t->has_time = 1;
    read_zone(&p, &t->offset_min);
    *pp = p;
    return true;
}

static bool finish(const char *p, moment *t, char out[21])
{
    p = skip_space(p);
    if (*p)
        return false;
    if (t->year < 1 || t->year > 9999)
        return false;
    if (t->month && (t->month > 12 || (t->day && t->day > days_in_month(t->year, t->month))))
        return false;
    if (t->has_time && !t->day)
        return false;
    return emit(t, out);
}

bool kb_date_normalize(const char *raw, char out[21])
{
    if (!raw)
        return false;
    moment t = {0};
    const char *p = skip_space(raw);
    /* ISO 8601 and friends: 2024, 2024-07, 2024-07-23[T ]10:30… and 2024/07/23 */
    const char *iso = p;
    if (isdigit((unsigned char)p[0]) && read_num(&iso, 4, &t.year) == 4) {
        p = iso;
        if (*p == '-' || *p == '/') {
            char sep = *p++;
            if (read_num(&p, 2, &t.month) == 0 || t.month == 0)
                return false;
            if (*p == sep) {
                p++;
                if (read_num(&p, 2, &t.day) == 0 || t.day == 0)
                    return false;
                if (*p == 'T' || *p == 't' || *p == ' ') {
                    const char *q = p + 1;
                    if (read_time(&q, &t))
                        p = q;
                }
            }
        }
        return finish(p, &t, out);
    }
    /* RFC 822 and variants: [Day,] 23 Jul 2024 [time] | [Day,] July 23, 2024 [time] */
    if (isalpha((unsigned char)*p)) {
        const char *q = p;
        if (!month_of(&q)) { /* a day name */
            while (isalpha((unsigned char)*p))
                p++;
            if (*p == '.')
                p++;
            p = skip_space(p);
        }
    }
    if (isdigit((unsigned char)*p)) {
        if (read_num(&p, 2, &t.day) == 0)
            return false;
        p = skip_space(p);
        if (*p == '-')
            p++;
        if (!(t.month = month_of(&p)))
            return false;
        if (*p == '-')
            p++;
    } else {
        if (!(t.month = month_of(&p)))
            return false;
        p = skip_space(p);
        const char *q = p;
        int d;
        /* "July 2024" has no day; "July 23, 2024" has one */
        if (read_num(&q, 2, &d) > 0 && !isdigit((unsigned char)*q)) {
            t.day = d;
            p = q;
            if (p[0] && strchr("snrt", p[0]) && p[1] && strchr("tdh", p[1]))
                p += 2; /* 1st, 2nd, 3rd, 23th */
        }
    }
    p = skip_space(p);
    int n = read_num(&p, 4, &t.year);
    if (n == 2)
        t.year += t.year < 50 ? 2000 : 1900;
    else if (n != 4)
        return false;
    p = skip_space(p);
    if (*p && isdigit((unsigned char)*p) && !read_time(&p, &t))
        return false;
    if (t.has_time == 0 && t.day && *p) {
        /* a zone alone is noise */
        int off;
        read_zone(&p, &off);
    }
    return finish(p, &t, out);
}
