/* The base: opening it, its pragmas, and its migrations. */
#include "kb/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/buf.h"

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

/* Whether the folder that holds path can be written: SQLite makes the -wal
 * and -shm files of a base in WAL mode beside it. */
static int folder_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    char *dir = strndup(path, (size_t)(slash - path));
    int ok = !dir || access(dir, W_OK) == 0; /* out of memory: let SQLite say */
    free(dir);
    return ok;
}

/* The size of path's -wal (or -journal) file, 0 when there is none. */
static long long companion_size(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *name = malloc(n);
    struct stat st;
    long long size = 0;
    if (name) {
        snprintf(name, n, "%s%s", path, suffix);
        if (stat(name, &st) == 0)
            size = (long long)st.st_size;
    }
    free(name);
    return size;
}

/* path as an SQLite URI that opens it immutable (read-only media: nothing
 * can change it, so SQLite needs no lock and no -shm): "file:" and the path,
 * every byte but unreserved ones and '/' percent-encoded. NULL when out of
 * memory. */
static char *immutable_uri(const char *path)
{
    kb_buf b = KB_BUF_INIT;
    kb_buf_puts(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            kb_buf_append(&b, (const char *)p, 1);
        else
            kb_buf_printf(&b, "%%%02X", *p);
    }
    if (kb_buf_puts(&b, "?mode=ro&immutable=1")) {
        kb_buf_free(&b);
        return NULL;
    }
    return kb_buf_take(&b);
}

/* Opens the base for reading, and reads its version. A base in WAL mode on
 * read-only media (no -wal or -shm can be made beside it) is opened
 * immutable instead, unless its -wal (or a rollback -journal) holds data:
 * read immutable, those changes would be silently left out, so it is
 * refused. */
static kb_code open_read(const char *path, kb_db *db, int *version, kb_error *err)
{
    kb_code rc = open_handle(path, SQLITE_OPEN_READONLY, db, err);
    if (rc == KB_OK)
        rc = read_version(db, version, err);
    int code = db->sql ? sqlite3_errcode(db->sql) & 0xff : SQLITE_CANTOPEN;
    if (rc == KB_OK || (code != SQLITE_READONLY && code != SQLITE_CANTOPEN) ||
        folder_writable(path))
        return rc;
    if (companion_size(path, "-wal") > 0 || companion_size(path, "-journal") > 0)
        return kb_error_set(err, KB_ERR_IO,
                            "%s: its folder cannot be written (read-only media?) and its "
                            "-wal or -journal file holds changes not yet in the base, which "
                            "SQLite cannot read without writing beside it: copy the base with "
                            "that file to a writable folder and read it there",
                            path);
    sqlite3_close(db->sql);
    db->sql = NULL;
    char *uri = immutable_uri(path);
    if (!uri)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    rc = open_handle(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, db, err);
    free(uri);
    if (rc == KB_OK)
        rc = read_version(db, version, err);
    if (rc && err)
        kb_error_set(err, KB_ERR_DB, "%s: cannot be read from read-only media: %s", path,
                     err->message);
    return rc;
}

kb_code kb_db_open(const char *path, kb_open_mode mode, kb_db **out, kb_error *err)
{
    *out = NULL;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (mode != KB_OPEN_CREATE && !exists)
        return kb_error_set(err, KB_ERR_NOTFOUND,
                            "%s: no such base; run 'kb init' first (or give --db PATH)",
                            path);
    if (mode != KB_OPEN_READ && !folder_writable(path))
        return kb_error_set(err, KB_ERR_IO,
                            "%s: cannot %s it: its folder cannot be written (read-only "
                            "media?), and a base in WAL mode needs its -wal file beside it; "
                            "read commands (search, show, sql, brief, stats, export) can "
                            "still read it",
                            path, exists ? "write to" : "create");
    kb_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }

    int version = 0;
    kb_code rc;
    if (mode == KB_OPEN_READ) {
        rc = open_read(path, db, &version, err);
    } else {
        int rw = SQLITE_OPEN_READWRITE | (mode == KB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
        rc = open_handle(path, rw, db, err);
        if (rc == KB_OK && sqlite3_db_readonly(db->sql, "main") == 1)
            rc = kb_error_set(err, KB_ERR_IO,
                              "%s: cannot write to it: the file is read-only; read commands "
                              "(search, show, sql, brief, stats, export) can still read it",
                              path);
        if (rc == KB_OK)
            rc = read_version(db, &version, err);
    }
    if (rc == KB_OK)
        rc = check_version(db, version, err);
    if (rc == KB_OK && version < kb_db_schema_version()) {
        /* A read never writes: an older base is upgraded only on purpose. */
        if (mode == KB_OPEN_READ && version == 0)
            rc = kb_error_set(err, KB_ERR_VERSION,
                              "%s is empty, not a kb base yet: run 'kb init' to make it one",
                              path);
        else if (mode == KB_OPEN_READ)
            rc = kb_error_set(err, KB_ERR_VERSION,
                              "%s has schema version %d, older than this kb's %d: run "
                              "'kb init' to upgrade it (a read command never changes a base)",
                              path, version, kb_db_schema_version());
        else {
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
