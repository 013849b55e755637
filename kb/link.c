/* Mentions: which entities a source names, by their names and aliases, as
 * whole words ("Meta" in "metadata" is no mention). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A byte that continues a word: ASCII letters and digits, and any byte of a
 * multi-byte UTF-8 sequence, so "Méta" is not "M" + "ta". */
static int wordish(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80;
}

typedef struct {
    size_t *at;
    size_t len, cap;
} offsets;

/* Adds where term occurs in text as a whole word. */
static void find_words(const char *text, const char *term, offsets *o)
{
    size_t n = strlen(term);
    if (n < 2 || !text)
        return;
    for (const char *p = strstr(text, term); p; p = strstr(p + 1, term)) {
        int before = p > text && wordish((unsigned char)p[-1]) && wordish((unsigned char)p[0]);
        int after = wordish((unsigned char)p[n]) && wordish((unsigned char)p[n - 1]);
        if (before || after)
            continue;
        if (o->len == o->cap) {
            size_t cap = o->cap ? o->cap * 2 : 16;
            size_t *v = realloc(o->at, cap * sizeof *v);
            if (!v)
                return;
            o->at = v;
            o->cap = cap;
        }
        o->at[o->len++] = (size_t)(p - text);
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Places named by several of an entity's terms ("Acme" in "Acme Cloud")
 * count once. */
static int distinct(offsets *o)
{
    if (!o->len)
        return 0;
    qsort(o->at, o->len, sizeof *o->at, cmp_size);
    int n = 1;
    for (size_t i = 1; i < o->len; i++)
        n += o->at[i] != o->at[i - 1];
    return n;
}

kb_code kb_link_source(kb_db *db, long long source_id, kb_error *err)
{
    static const char *terms_sql =
        "SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM aliases "
        "ORDER BY 1";
    sqlite3_stmt *src = NULL, *terms = NULL, *del = NULL, *ins = NULL;
    kb_code rc = KB_OK;
    if ((rc = kb_db_prepare(db, "SELECT coalesce(title, '') || char(10) || "
                                "coalesce(description, '') || char(10) || coalesce(text, '') "
                                "FROM sources WHERE id = ?1", &src, err)) ||
        (rc = kb_db_prepare(db, terms_sql, &terms, err)) ||
        (rc = kb_db_prepare(db, "DELETE FROM mentions WHERE source_id = ?1", &del, err)) ||
        (rc = kb_db_prepare(db, "INSERT INTO mentions(source_id, entity_id, hits) "
                                "VALUES (?1, ?2, ?3)", &ins, err)))
        goto done;
    sqlite3_bind_int64(src, 1, source_id);
    if (sqlite3_step(src) != SQLITE_ROW)
        goto done;
    const char *text = (const char *)sqlite3_column_text(src, 0);
    sqlite3_bind_int64(del, 1, source_id);
    if (sqlite3_step(del) != SQLITE_DONE) {
        rc = kb_db_fail(db, err, "linking mentions");
        goto done;
    }
    long long current = 0;
    offsets found = {0};
    for (int more = 1; more;) {
        more = sqlite3_step(terms) == SQLITE_ROW;
        long long id = more ? sqlite3_column_int64(terms, 0) : -1;
        int hits = id != current ? distinct(&found) : 0;
        if (hits > 0) {
            sqlite3_reset(ins);
            sqlite3_bind_int64(ins, 1, source_id);
            sqlite3_bind_int64(ins, 2, current);
            sqlite3_bind_int(ins, 3, hits);
            if (sqlite3_step(ins) != SQLITE_DONE) {
                rc = kb_db_fail(db, err, "linking mentions");
                break;
            }
        }
        if (id != current)
            found.len = 0;
        current = id;
        if (more)
            find_words(text, (const char *)sqlite3_column_text(terms, 1), &found);
    }
    free(found.at);
done:
    sqlite3_finalize(src);
    sqlite3_finalize(terms);
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return rc;
}
