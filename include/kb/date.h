/* kb — dates that keep their precision: "2024", "2024-07", "2024-07-23". */
#ifndef KB_DATE_H
#define KB_DATE_H

#include <stdbool.h>

/* True when s is YYYY, YYYY-MM or YYYY-MM-DD and names a real calendar date
 * (so "2024-02-29" is valid and "2023-02-29" or "2024-13" are not). */
bool kb_date_valid(const char *s);

/* Writes today's date (UTC) as YYYY-MM-DD into out. */
void kb_date_today(char out[11]);

#endif
