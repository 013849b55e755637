/* libFuzzer: dates as pages and feeds write them. Whatever the input, kb
 * either normalizes it to a date it would accept back (a four-digit year
 * 0001-9999, a real month and day, a real time of day) or keeps it raw. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/date.h"

static void fail(const char *raw, const char *out, const char *why)
{
    fprintf(stderr, "date '%s' gave '%s': %s\n", raw, out, why);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = malloc(size + 1);
    if (!raw)
        return 0;
    memcpy(raw, data, size);
    raw[size] = '\0';
    char out[21];
    memset(out, 'x', sizeof out);
    out[20] = '\0';
    if (kb_date_normalize(raw, out)) {
        size_t n = strnlen(out, sizeof out);
        if (n != 4 && n != 7 && n != 10 && n != 20)
            fail(raw, out, "not a date kb writes");
        if (!kb_datetime_valid(out))
            fail(raw, out, "not a valid date");
        if (memcmp(out, "0000", 4) == 0)
            fail(raw, out, "year 0");
        /* a date kb accepts as written is kept as written */
        if (kb_date_valid(raw) && strcmp(raw, out) != 0)
            fail(raw, out, "a valid date changed");
    } else {
        if (strcmp(out, "xxxxxxxxxxxxxxxxxxxx") != 0)
            fail(raw, out, "refused, yet out was written");
        if (kb_date_valid(raw))
            fail(raw, out, "a valid date refused");
    }
    free(raw);
    return 0;
}
