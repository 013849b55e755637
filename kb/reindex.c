/* Index upkeep after bulk changes: rebuild, relink mentions, optimize. */
#include "kb/reindex.h"

#include "kb/check.h"
#include "kb/link.h"

/* Runs the FTS5 command cmd on each index. */
static kb_code each_index(kb_db *db, const char *cmd, kb_error *err)
{
    kb_code rc = KB_OK;
    for (int i = 0; rc == KB_OK && kb_fts_tables[i]; i++) {
        char *sql = sqlite3_mprintf("INSERT INTO \"%w\"(\"%w\") VALUES (%Q)", kb_fts_tables[i],
                                    kb_fts_tables[i], cmd);
        /* sqlite3_exec runs nothing, and succeeds, when it is given no SQL */
        rc = sql ? kb_db_exec(db, sql, err) : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        sqlite3_free(sql);
    }
    return rc;
}

kb_code kb_reindex(kb_db *db, long long *nsources, kb_error *err)
{
    kb_code rc = kb_db_begin(db, err);
    if (rc)
        return rc;
    rc = each_index(db, "rebuild", err);
    kb_linker *l = NULL;
    long long n = 0;
    if (rc == KB_OK)
        rc = kb_linker_new(db, &l, err);
    sqlite3_stmt *st = NULL;
    if (rc == KB_OK)
        rc = kb_db_prepare(db, "SELECT id FROM sources ORDER BY id", &st, err);
    int step = SQLITE_DONE;
    while (rc == KB_OK && (step = kb_db_step(db, st, err)) == SQLITE_ROW) {
        rc = kb_link_source(db, l, sqlite3_column_int64(st, 0), err);
        n++;
    }
    if (rc == KB_OK && step != SQLITE_DONE)
        rc = KB_ERR_DB;
    sqlite3_finalize(st);
    kb_linker_free(l);
    if (rc == KB_OK)
        rc = each_index(db, "optimize", err);
    if (rc == KB_OK)
        rc = kb_db_commit(db, err);
    if (rc)
        kb_db_rollback(db);
    if (nsources)
        *nsources = n;
    return rc;
}
