/* libFuzzer: the search query language, translated and run on a small base.
 * Whatever a person types must never be an FTS5 syntax error. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/search.h"

static kb_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kb_error err;
    if (!db) {
        if (kb_db_open(":memory:", KB_OPEN_CREATE, &db, &err))
            abort();
        sqlite3_exec(db->sql,
                     "INSERT INTO entities(slug, kind, name, description) VALUES ('meta', "
                     "'company', 'Meta', 'Analysts funding GPT-4 AT&T llama 3.1 café');"
                     "INSERT INTO sources(slug, source_type, title, text) VALUES ('s', 'note', "
                     "'Cloud notes', 'The analysts met; funding for companies and clouds.')",
                     NULL, NULL, NULL);
    }
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    kb_hit *hits;
    size_t n;
    kb_search_options o = {.limit = 5};
    kb_code rc = kb_search(db, q, &o, &hits, &n, &err);
    if (rc == KB_OK)
        kb_hits_free(hits, n);
    else if (rc == KB_ERR_INPUT || rc == KB_ERR_DB) {
        /* only --raw may fail on syntax; the query language never does */
        fprintf(stderr, "query %s failed: %s\n", q, err.message);
        abort();
    }
    free(q);
    return 0;
}
