/* "Did you mean": nearby slugs by edit distance. */
#include "kb/suggest.h"

#include <stdlib.h>
#include <string.h>

int kb_edit_distance(const char *a, const char *b, int cap)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > (size_t)cap)
        return cap + 1;
    /* three rows: the one before last holds what a transposition costs */
    int *rows = malloc(3 * (m + 1) * sizeof *rows);
    if (!rows)
        return cap + 1;
    int *two = rows, *prev = rows + (m + 1), *row = rows + 2 * (m + 1);
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        row[0] = (int)i;
        int best = row[0];
        for (size_t j = 1; j <= m; j++) {
            int v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                two[j - 2] + 1 < v)
                v = two[j - 2] + 1;
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > cap) {
            free(rows);
            return cap + 1;
        }
        int *t = two;
        two = prev;
        prev = row;
        row = t;
    }
    int d = prev[m];
    free(rows);
    return d;
}

/* Rows of (slug, label): what a mistyped word may have meant to name. An
 * entity is named by its slug, its name and its aliases alike. */
static const char *slugs_sql(kb_kind kind)
{
#define ENTITY_NAMES                                                                        \
    "SELECT slug, slug FROM entities UNION ALL SELECT slug, name FROM entities "            \
    "UNION ALL SELECT e.slug, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
    switch (kb_kind_table_of(kind)) {
    case KB_KIND_ENTITY: return ENTITY_NAMES;
    case KB_KIND_SOURCE: return "SELECT slug, slug FROM sources";
    case KB_KIND_CLAIM: return "SELECT slug, slug FROM claims";
    case KB_KIND_DEBATE: return "SELECT slug, slug FROM debates";
    default: break;
    }
    return ENTITY_NAMES " UNION ALL SELECT slug, slug FROM claims "
                        "UNION ALL SELECT slug, slug FROM debates UNION ALL SELECT slug, slug FROM sources";
#undef ENTITY_NAMES
}

enum { MAX_SUGGESTIONS = 3, MAX_LABEL = 200 };

/* A label compared as the word was: in lower case (ASCII), as typed. */
static void lower(const char *s, char out[MAX_LABEL])
{
    size_t i = 0;
    for (; s[i] && i < MAX_LABEL - 1; i++)
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    out[i] = '\0';
}

typedef struct hint {
    char *slug, *label; /* label NULL when it is the slug */
    int dist;
} hint;

int kb_suggest_slugs(kb_db *db, kb_kind kind, const char *slug, kb_buf *out)
{
    return kb_suggest_from(db, slugs_sql(kind), slug, out);
}

int kb_suggest_from(kb_db *db, const char *sql, const char *slug, kb_buf *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    char word[MAX_LABEL], have[MAX_LABEL];
    lower(slug, word);
    size_t slen = strlen(word);
    int cap = slen < 5 ? 1 : slen < 9 ? 2 : 3;
    hint best[MAX_SUGGESTIONS];
    int found = 0;
    int step;
    while ((step = kb_db_step(db, st, NULL)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        const char *label = (const char *)sqlite3_column_text(st, 1);
        if (!s || !label || strlen(label) >= MAX_LABEL)
            continue;
        lower(label, have);
        int d = kb_edit_distance(word, have, cap);
        /* "llama" should lead to "llama-3-1": a slug that extends the word. */
        if (d > cap && slen >= 3 && strncmp(have, word, slen) == 0 && have[slen] == '-')
            d = cap;
        if (d > cap)
            continue;
        /* One hint per thing: the closest of its names. */
        int dup = 0;
        while (dup < found && strcmp(best[dup].slug, s) != 0)
            dup++;
        if (dup < found) {
            if (best[dup].dist <= d)
                continue;
            free(best[dup].slug);
            free(best[dup].label);
            memmove(best + dup, best + dup + 1, (size_t)(found - dup - 1) * sizeof *best);
            found--;
        }
        int at = found;
        while (at > 0 && (best[at - 1].dist > d ||
                          (best[at - 1].dist == d && strcmp(best[at - 1].slug, s) > 0)))
            at--;
        if (at >= MAX_SUGGESTIONS)
            continue;
        if (found == MAX_SUGGESTIONS) {
            found--;
            free(best[found].slug);
            free(best[found].label);
        }
        memmove(best + at + 1, best + at, (size_t)(found - at) * sizeof *best);
        best[at].slug = strdup(s);
        best[at].label = strcmp(label, s) ? strdup(label) : NULL;
        best[at].dist = d;
        found++;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) /* a hint from half the slugs would mislead */
        while (found) {
            found--;
            free(best[found].slug);
            free(best[found].label);
        }
    for (int i = 0; i < found; i++) {
        kb_buf_printf(out, "%s'%s'", i == 0 ? "" : i == found - 1 ? " or " : ", ",
                      best[i].slug ? best[i].slug : "");
        if (best[i].label)
            kb_buf_printf(out, " (%s)", best[i].label);
        free(best[i].slug);
        free(best[i].label);
    }
    return found;
}
