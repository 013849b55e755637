/* "Did you mean": nearby slugs by edit distance. */
#include "kb/suggest.h"

#include <stdlib.h>
#include <string.h>

int kb_edit_distance(const char *a, const char *b, int cap)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > (size_t)cap)
        return cap + 1;
    int *row = malloc((m + 1) * sizeof *row);
    if (!row)
        return cap + 1;
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0], best = row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap) {
            free(row);
            return cap + 1;
        }
    }
    int d = row[m];
    free(row);
    return d;
}

static const char *slugs_sql(kb_kind kind)
{
    switch (kb_kind_table_of(kind)) {
    case KB_KIND_ENTITY: return "SELECT slug FROM entities";
    case KB_KIND_SOURCE: return "SELECT slug FROM sources";
    case KB_KIND_CLAIM: return "SELECT slug FROM claims";
    case KB_KIND_DEBATE: return "SELECT slug FROM debates";
    default: break;
    }
    return "SELECT slug FROM entities UNION SELECT slug FROM claims "
           "UNION SELECT slug FROM debates UNION SELECT slug FROM sources";
}

enum { MAX_SUGGESTIONS = 3 };

int kb_suggest_slugs(kb_db *db, kb_kind kind, const char *slug, kb_buf *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sql, slugs_sql(kind), -1, &st, NULL) != SQLITE_OK)
        return 0;
    int cap = strlen(slug) < 5 ? 1 : strlen(slug) < 9 ? 2 : 3;
    char *best[MAX_SUGGESTIONS] = {0};
    int dist[MAX_SUGGESTIONS];
    int found = 0;
    size_t slen = strlen(slug);
    int step;
    while ((step = kb_db_step(db, st, NULL)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        if (!s)
            continue;
        int d = kb_edit_distance(slug, s, cap);
        /* "llama" should lead to "llama-3-1": a slug that extends the word. */
        if (d > cap && slen >= 3 && strncmp(s, slug, slen) == 0 && s[slen] == '-')
            d = cap;
        if (d > cap)
            continue;
        int at = found;
        while (at > 0 && (dist[at - 1] > d || (dist[at - 1] == d && strcmp(best[at - 1], s) > 0)))
            at--;
        if (at >= MAX_SUGGESTIONS)
            continue;
        if (found == MAX_SUGGESTIONS)
            free(best[--found]);
        memmove(best + at + 1, best + at, (size_t)(found - at) * sizeof *best);
        memmove(dist + at + 1, dist + at, (size_t)(found - at) * sizeof *dist);
        best[at] = strdup(s);
        dist[at] = d;
        found++;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) /* a hint from half the slugs would mislead */
        while (found)
            free(best[--found]);
    for (int i = 0; i < found; i++) {
        kb_buf_printf(out, "%s'%s'", i == 0 ? "" : i == found - 1 ? " or " : ", ", best[i]);
        free(best[i]);
    }
    return found;
}
