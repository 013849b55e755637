/* A topic brief: the stances on a topic, its claims by subject, and its
 * debates. */
#include "brief_internal.h"

void kb_brief_topic(brief *B, const char *topic)
{
    put(B, "# Topic: ");
    md(B, topic);
    put(B, "\n\n");
    sqlite3_stmt *count = kb_brief_prep(B, "SELECT count(*), count(DISTINCT c.subject_id) FROM claims c "
                                  "WHERE c.topic = ?1" CLAIM_DATES);
    long long nc = 0, ns = 0;
    if (count) {
        sqlite3_bind_text(count, 1, topic, -1, SQLITE_STATIC);
        if (kb_brief_row(B, count)) {
            nc = sqlite3_column_int64(count, 0);
            ns = sqlite3_column_int64(count, 1);
        }
        sqlite3_finalize(count);
    }
    kb_brief_dateline(B);
    kb_buf_printf(B->out, " · %lld claim%s about %lld subject%s*\n\n", nc, nc == 1 ? "" : "s", ns,
                  ns == 1 ? "" : "s");
    /* the stances at a glance */
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT e.name, sum(c.stance = 'bullish'), sum(c.stance = 'bearish'), "
        "sum(c.stance = 'neutral'), sum(c.stance = 'mixed') FROM claims c "
        "JOIN entities e ON e.id = c.subject_id WHERE c.topic = ?1" CLAIM_DATES
        " GROUP BY e.id ORDER BY count(*) DESC, e.name");
    if (st)
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
    static const char *const head[] = {"Subject", "Bullish", "Bearish", "Neutral", "Mixed"};
    kb_brief_table(B, st, "## Stances\n\n", head, 5);
    st = kb_brief_prep(B, "SELECT " CLAIM_COLUMNS ", e.name FROM claims c "
                          "JOIN entities e ON e.id = c.subject_id WHERE c.topic = ?1" CLAIM_DATES
                          " ORDER BY e.name, c.as_of IS NULL, c.as_of DESC, c.slug");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        if (!kb_brief_claims(B, st, cites))
            put(B, "*kb holds no claim on this topic yet.*\n\n");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
    kb_brief_debates(B, "d.topic = ?1", 0, topic);
    kb_brief_footnotes(B);
}
