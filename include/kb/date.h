/* kb — dates that keep their precision: "2024", "2024-07", "2024-07-23". */
#ifndef KB_DATE_H
#define KB_DATE_H

#include <stdbool.h>

/* True when s is YYYY, YYYY-MM or YYYY-MM-DD and names a real calendar date
 * in the years 0001-9999 (so "2024-02-29" is valid and "2023-02-29",
 * "2024-13" or "0000" are not). */
bool kb_date_valid(const char *s);

/* Like kb_date_valid, but also accepts a moment: YYYY-MM-DDTHH:MM:SSZ (UTC),
 * the form kb_date_normalize writes. */
bool kb_datetime_valid(const char *s);

/* Normalizes a date as pages and feeds write it — ISO 8601 / RFC 3339
 * ("2024-07-23T10:30:00.5+02:00", "2024-07-23 10:30", "2024-07"), RFC 822 and
 * its variants ("Tue, 23 Jul 2024 10:30:00 GMT", "23 Jul 24 10:30 EDT",
 * "Tuesday, July 23, 2024"), "July 23, 2024", "23 July 2024", "2024/07/23" —
 * into out: "2024-07-23T08:30:00Z" when a time is given (converted to UTC),
 * else the date with the precision given ("2024-07-23", "2024-07", "2024").
 * Returns true when raw was understood and names a moment in the years
 * 0001-9999 once turned to UTC; out then holds a date kb_datetime_valid
 * accepts. Otherwise returns false and leaves out as it was, so that the
 * caller keeps the raw string ("Fri, 31 Dec 9999 23:59:59 -1200" is such a
 * date: in UTC it falls in the year 10000). out must have room for 21 bytes. */
bool kb_date_normalize(const char *raw, char out[21]);

/* Writes today's date (UTC) as YYYY-MM-DD into out. */
void kb_date_today(char out[11]);

#endif
