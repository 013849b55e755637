/* The base: opening it, its pragmas, and its migrations. */
#include "kb/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Generated at build time from schema/ (see the Makefile). */
extern const kb_embedded_file kb_embedded_files[];
extern const unsigned long kb_embedded_count;

const kb_embedded_file *kb_embedded(const char *name)
{
    for (unsigned long i = 0; i < kb_embedded_count; i++)
        if (strcmp(kb_embedded_files[i].name, name) == 0)
            return &kb_embedded_files[i];
    return NULL;
}

/* A migration is an embedded file named NNN-something.sql; its number is NNN. */
static int migration_number(const char *name)
{
    if (!isdigit((unsigned char)name[0]) || !isdigit((unsigned char)name[1]) ||
        !isdigit((unsigned char)name[2]) || name[3] != '-')
        return 0;
    size_t n = strlen(name);
    if (n < 8 || strcmp(name + n - 4, ".sql") != 0)
        return 0;
    return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

const kb_embedded_file *kb_db_migration(int version)
{
    for (unsigned long i = 0; i < kb_embedded_count; i++)
        if (migration_number(kb_embedded_files[i].name) == version)
            return &kb_embedded_files[i];
    return NULL;
}

int kb_db_schema_version(void)
{
    int latest = 0;
    for (unsigned long i = 0; i < kb_embedded_count; i++) {
        int n = migration_number(kb_embedded_files[i].name);
        if (n > latest)
            latest = n;
    }
    return latest;
}

kb_code kb_db_fail(kb_db *db, kb_error *err, const char *doing)
{
    return kb_error_set(err, KB_ERR_DB, "%s: %s: %s", db->path, doing,
                        sqlite3_errmsg(db->sql));
}

kb_code kb_db_exec(kb_db *db, const char *sql, kb_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
        kb_error_set(err, KB_ERR_DB, "%s: %s", db->path,
                     msg ? msg : sqlite3_errmsg(db->sql));
        sqlite3_free(msg);
        return KB_ERR_DB;
    }
    return KB_OK;
}

kb_code kb_db_prepare(kb_db *db, const char *sql, sqlite3_stmt **stmt, kb_error *err)
{
    if (sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL) != SQLITE_OK)
        return kb_db_fail(db, err, "preparing a statement");
    return KB_OK;
}

int kb_db_step(kb_db *db, sqlite3_stmt *st, kb_error *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        kb_error_set(err, KB_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->sql));
    return rc;
}

kb_code kb_db_begin_read(kb_db *db, kb_error *err)
{
    return kb_db_exec(db, "BEGIN", err);
}

kb_code kb_db_begin(kb_db *db, kb_error *err)
{
    return kb_db_exec(db, "BEGIN IMMEDIATE", err);
}

kb_code kb_db_commit(kb_db *db, kb_error *err)
{
    return kb_db_exec(db, "COMMIT", err);
}

void kb_db_rollback(kb_db *db)
{
    if (!sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

/* The one integer a statement returns. */
static kb_code read_int(kb_db *db, const char *sql, int *out, kb_error *err)
{
    sqlite3_stmt *st;
    if (kb_db_prepare(db, sql, &st, err))
        return KB_ERR_DB;
    int rc = kb_db_step(db, st, err);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else if (rc == SQLITE_DONE)
        kb_error_set(err, KB_ERR_DB, "%s: %s returned no row", db->path, sql);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? KB_OK : KB_ERR_DB;
}

int kb_db_user_version(kb_db *db)
{
    int v = -1;
    return read_int(db, "PRAGMA user_version", &v, NULL) == KB_OK ? v : -1;
}

/* The base's version, read or failed: a file that cannot be read (damaged,
 * not SQLite) is refused here rather than taken for an empty one. */
static kb_code read_version(kb_db *db, int *version, kb_error *err)
{
    return read_int(db, "PRAGMA user_version", version, err);
}

static kb_code check_version(kb_db *db, int version, kb_error *err)
{
    int latest = kb_db_schema_version();
    int objects = 0;
    if (version > latest)
        return kb_error_set(err, KB_ERR_VERSION,
                            "%s was made by a newer kb (schema version %d; this kb knows "
                            "up to %d): upgrade kb to use it",
                            db->path, version, latest);
    if (version == 0 && read_int(db, "SELECT count(*) FROM sqlite_schema", &objects, err))
        return KB_ERR_DB;
    if (version == 0 && objects > 0)
        return kb_error_set(err, KB_ERR_INPUT,
                            "%s is an SQLite file but not a kb base (no schema version)",
                            db->path);
    return KB_OK;
}

/* Applies every migration newer than the base, all in one transaction. */
static kb_code migrate(kb_db *db, kb_error *err)
{
    if (kb_db_begin(db, err))
        return KB_ERR_DB;
    int version = 0;
    kb_code rc = read_version(db, &version, err);
    if (rc == KB_OK)
        rc = check_version(db, version, err);
    for (unsigned long i = 0; rc == KB_OK && i < kb_embedded_count; i++) {
        const kb_embedded_file *f = &kb_embedded_files[i];
        int n = migration_number(f->name);
        if (n <= version)
            continue;
        rc = kb_db_exec(db, (const char *)f->data, err);
        if (rc == KB_OK) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
            rc = kb_db_exec(db, pragma, err);
        }
        if (rc)
            kb_error_set(err, rc, "%s: migration %s failed: %s", db->path, f->name,
                         err->message);
    }
    if (rc == KB_OK)
        rc = kb_db_commit(db, err);
    if (rc)
        kb_db_rollback(db);
    return rc;
}

static kb_code open_handle(const char *path, int flags, kb_db *db, kb_error *err)
{
    if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
        kb_error_set(err, KB_ERR_DB, "%s: cannot open: %s", path,
                     db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
        sqlite3_close(db->sql);
        db->sql = NULL;
        return KB_ERR_DB;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, 10000);
    /* In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a
     * crash of kb (kill -9) loses nothing committed; only a power cut may
     * lose the last commits, never the base's consistency. Recursive
     * triggers, so that the row INSERT OR REPLACE deletes leaves its
     * full-text index too (its delete trigger fires only so). */
    return kb_db_exec(db,
                      "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                      "PRAGMA recursive_triggers = ON",
                      err);
}

kb_code kb_db_open(const char *path, kb_open_mode mode, kb_db **out, kb_error *err)
{
    *out = NULL;
    struct stat st;
    if (mode != KB_OPEN_CREATE && stat(path, &st) != 0)
        return kb_error_set(err, KB_ERR_NOTFOUND,
                            "%s: no such base; run 'kb init' first (or give --db PATH)",
                            path);
    kb_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }

    int rw = SQLITE_OPEN_READWRITE | (mode == KB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    kb_code rc = open_handle(path, mode == KB_OPEN_READ ? SQLITE_OPEN_READONLY : rw, db, err);
    int version = 0;
    if (rc == KB_OK)
        rc = read_version(db, &version, err);
    if (rc == KB_OK)
        rc = check_version(db, version, err);
    if (rc == KB_OK && version < kb_db_schema_version()) {
        if (mode == KB_OPEN_READ) {
            /* Migrate through a writable handle, then come back read-only. */
            sqlite3_close(db->sql);
            db->sql = NULL;
            rc = open_handle(path, SQLITE_OPEN_READWRITE, db, err);
            if (rc == KB_OK)
                rc = kb_db_exec(db, "PRAGMA journal_mode = WAL", err);
            if (rc == KB_OK)
                rc = migrate(db, err);
            sqlite3_close(db->sql);
            db->sql = NULL;
            if (rc == KB_OK)
                rc = open_handle(path, SQLITE_OPEN_READONLY, db, err);
        } else {
            rc = kb_db_exec(db, "PRAGMA journal_mode = WAL", err);
            if (rc == KB_OK)
                rc = migrate(db, err);
        }
    }
    if (rc) {
        kb_db_close(db);
        return rc;
    }
    db->readonly = mode == KB_OPEN_READ;
    *out = db;
    return KB_OK;
}

void kb_db_close(kb_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->sql);
    free(db->path);
    free(db);
}
