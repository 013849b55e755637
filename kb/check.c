/* Checking the base. Each check is one query; each row it returns is one
 * problem: (subject, message). */
#include "kb/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kb_fts_tables[] = {"entities_fts", "sources_fts", "claims_fts", "debates_fts",
                                     NULL};

static const struct {
    kb_severity sev;
    const char *sql;
} CHECKS[] = {
    {KB_SEV_ERROR,
     "SELECT 'claim ' || slug, 'has no citation (a claim needs a source)' FROM claims c "
     "WHERE NOT EXISTS (SELECT 1 FROM citations WHERE claim_id = c.id) ORDER BY slug"},
    {KB_SEV_ERROR,
     "SELECT 'debate ' || slug, 'has ' || (SELECT count(*) FROM debate_sides "
     "WHERE debate_id = d.id) || ' side(s); a debate needs two at least' FROM debates d "
     "WHERE (SELECT count(*) FROM debate_sides WHERE debate_id = d.id) < 2 ORDER BY slug"},
    {KB_SEV_ERROR,
     "SELECT \"table\" || ' row ' || rowid, 'refers to a missing row of ' || parent "
     "FROM pragma_foreign_key_check ORDER BY 1"},
    {KB_SEV_WARNING,
     "SELECT 'source ' || slug, 'has no publisher' FROM sources "
     "WHERE publisher IS NULL AND origin = 'curated' ORDER BY slug"},
    {KB_SEV_WARNING,
     "SELECT 'source ' || slug, 'has no date' FROM sources WHERE published IS NULL "
     "ORDER BY slug"},
    {KB_SEV_WARNING,
     "SELECT 'claim ' || c.slug, 'cites source ''' || s.slug || ''' without a quote, "
     "though the source has its text' FROM citations ci JOIN claims c ON c.id = ci.claim_id "
     "JOIN sources s ON s.id = ci.source_id WHERE ci.quote IS NULL AND s.text IS NOT NULL "
     "ORDER BY c.slug, s.slug"},
    {KB_SEV_WARNING,
     "SELECT 'source ' || a.slug, 'has the same text as source ''' || b.slug || '''' "
     "FROM sources a JOIN sources b ON a.text_hash = b.text_hash AND a.id < b.id "
     "ORDER BY a.slug, b.slug"},
    {KB_SEV_WARNING,
     "SELECT 'debate ' || d.slug, 'side ''' || ds.slug || ''' is argued by no claim' "
     "FROM debate_sides ds JOIN debates d ON d.id = ds.debate_id "
     "WHERE NOT EXISTS (SELECT 1 FROM arguments WHERE side_id = ds.id) "
     "ORDER BY d.slug, ds.position"},
};

static kb_code run_check(kb_db *db, kb_severity sev, const char *sql, kb_diags *diags,
                         kb_error *err)
{
    sqlite3_stmt *st;
    if (kb_db_prepare(db, sql, &st, err))
        return err->code;
    int rc;
    while ((rc = kb_db_step(db, st, err)) == SQLITE_ROW)
        kb_diags_add(diags, sev, NULL, 0, (const char *)sqlite3_column_text(st, 0), "%s",
                     (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? KB_OK : KB_ERR_DB;
}

static kb_code integrity(kb_db *db, kb_diags *diags, kb_error *err)
{
    sqlite3_stmt *st;
    if (kb_db_prepare(db, "PRAGMA integrity_check", &st, err))
        return err->code;
    int step;
    while ((step = kb_db_step(db, st, err)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (r && strcmp(r, "ok") != 0)
            kb_diags_add(diags, KB_SEV_ERROR, NULL, 0, "base", "integrity_check: %s", r);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return KB_ERR_DB;

    /* An FTS5 integrity-check is a write statement that writes nothing: it
     * runs inside kb_check's transaction, which is always rolled back. */
    kb_code rc = KB_OK;
    for (int i = 0; rc == KB_OK && kb_fts_tables[i]; i++) {
        char *sql = sqlite3_mprintf("INSERT INTO \"%w\"(\"%w\", rank) VALUES ('integrity-check', 1)",
                                    kb_fts_tables[i], kb_fts_tables[i]);
        int s = sql ? sqlite3_exec(db->sql, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
        /* FTS5 says "corrupt" of an index that disagrees with its table: a
         * finding; a base it cannot read at all is a failure of the check */
        if ((s & 0xff) == SQLITE_CORRUPT)
            kb_diags_add(diags, KB_SEV_ERROR, NULL, 0, kb_fts_tables[i],
                         "index out of step with its table (%s); run 'kb reindex'",
                         sqlite3_errmsg(db->sql));
        else if (s != SQLITE_OK)
            rc = kb_db_fail(db, err, "checking the full-text indexes");
        sqlite3_free(sql);
    }
    return rc;
}

/* Runs of white space as one space, so a quote matches across line breaks. */
static void squeeze(char *s)
{
    char *w = s;
    int space = 0;
    for (char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
}

static kb_code quotes_in_text(kb_db *db, kb_diags *diags, kb_error *err)
{
    sqlite3_stmt *st;
    if (kb_db_prepare(db, "SELECT c.slug, s.slug, ci.quote, s.text FROM citations ci "
                          "JOIN claims c ON c.id = ci.claim_id "
                          "JOIN sources s ON s.id = ci.source_id "
                          "WHERE ci.quote IS NOT NULL AND s.text IS NOT NULL "
                          "ORDER BY c.slug, s.slug", &st, err))
        return err->code;
    int rc;
    while ((rc = kb_db_step(db, st, err)) == SQLITE_ROW) {
        char *quote = strdup((const char *)sqlite3_column_text(st, 2));
        char *text = strdup((const char *)sqlite3_column_text(st, 3));
        if (!quote || !text) {
            free(quote);
            free(text);
            sqlite3_finalize(st);
            return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        }
        squeeze(quote);
        squeeze(text);
        if (!strstr(text, quote)) {
            char subject[256];
            snprintf(subject, sizeof subject, "claim %s", (const char *)sqlite3_column_text(st, 0));
            kb_diags_add(diags, KB_SEV_WARNING, NULL, 0, subject,
                         "quote not found in the text of source '%s': \"%.60s%s\"",
                         (const char *)sqlite3_column_text(st, 1), quote,
                         strlen(quote) > 60 ? "..." : "");
        }
        free(quote);
        free(text);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? KB_OK : KB_ERR_DB;
}

kb_code kb_check(kb_db *db, kb_diags *diags, kb_error *err)
{
    kb_code rc = kb_db_begin_read(db, err); /* one consistent view */
    if (rc)
        return rc;
    for (size_t i = 0; rc == KB_OK && i < sizeof CHECKS / sizeof *CHECKS; i++)
        rc = run_check(db, CHECKS[i].sev, CHECKS[i].sql, diags, err);
    if (rc == KB_OK)
        rc = quotes_in_text(db, diags, err);
    if (rc == KB_OK)
        rc = integrity(db, diags, err);
    kb_db_rollback(db);
    return rc;
}
