/* Topics: listed with their counts, and found by the words people use. */
#include "kb/topics.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kb/buf.h"
#include "kb/names.h"
#include "kb/suggest.h"

#define ALL_TOPICS                                                                          \
    "SELECT topic, 1 AS claims, 0 AS debates, as_of FROM claims WHERE topic IS NOT NULL "  \
    "UNION ALL SELECT topic, 0, 1, NULL FROM debates WHERE topic IS NOT NULL"

const char KB_TOPICS_SQL[] =
    "SELECT topic, sum(claims) AS claims, sum(debates) AS debates, max(as_of) AS latest "
    "FROM (" ALL_TOPICS ") GROUP BY topic ORDER BY claims DESC, topic";

kb_code kb_topic_named(kb_db *db, const char *asked, char **topic, kb_error *err)
{
    *topic = NULL;
    kb_buf slug = KB_BUF_INIT;
    kb_slugify(&slug, asked, 200);
    sqlite3_stmt *st;
    if (kb_db_prepare(db,
                      "SELECT topic FROM (" ALL_TOPICS ") WHERE topic = ?1 "
                      "OR topic = ?1 COLLATE NOCASE OR topic = ?2 "
                      "ORDER BY topic = ?1 DESC, topic = ?1 COLLATE NOCASE DESC LIMIT 1",
                      &st, err)) {
        kb_buf_free(&slug);
        return KB_ERR_DB;
    }
    sqlite3_bind_text(st, 1, asked, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, slug.data ? slug.data : "", -1, SQLITE_STATIC);
    int step = kb_db_step(db, st, err);
    if (step == SQLITE_ROW)
        *topic = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    kb_buf_free(&slug);
    if (step == SQLITE_ROW)
        return *topic ? KB_OK : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    if (step != SQLITE_DONE)
        return KB_ERR_DB;
    kb_buf hint = KB_BUF_INIT;
    int k = kb_suggest_from(db, "SELECT DISTINCT topic, topic FROM (" ALL_TOPICS ")", asked, &hint);
    kb_error_set_value(err, KB_ERR_NOTFOUND, asked, "no topic '%s'%s%s%s; kb topics lists them",
                       asked, k ? " (did you mean " : "", k ? hint.data : "", k ? "?)" : "");
    kb_buf_free(&hint);
    return KB_ERR_NOTFOUND;
}
