/* kb — the base: one SQLite file, its migrations and its pragmas. */
#ifndef KB_DB_H
#define KB_DB_H

#include <sqlite3.h>

#include "kb/error.h"

typedef enum kb_open_mode {
    KB_OPEN_READ,   /* read-only; the file must exist */
    KB_OPEN_WRITE,  /* read-write; the file must exist */
    KB_OPEN_CREATE  /* read-write; created when missing */
} kb_open_mode;

typedef struct kb_db {
    sqlite3 *sql;
    char *path;
    int readonly;
} kb_db;

/* Opens the base at path. WAL mode, foreign keys on, a busy timeout.
 * A base newer than this kb is refused with KB_ERR_VERSION. A missing file is
 * KB_ERR_NOTFOUND unless mode is KB_OPEN_CREATE.
 *
 * KB_OPEN_READ never writes and never creates a file: a base older than this
 * kb (an empty file too) is refused with KB_ERR_VERSION and a message to run
 * 'kb init'. A base whose folder cannot be written (read-only media, where
 * SQLite cannot make the -wal and -shm files of WAL mode) is opened
 * immutable and read; but when its -wal (or a rollback -journal) holds data
 * and SQLite cannot read it without writing, it is refused (KB_ERR_IO, a
 * message that says so and how to read it) rather than read without the
 * changes the -wal holds.
 *
 * KB_OPEN_WRITE and KB_OPEN_CREATE migrate an older base (in one
 * transaction) first; a base whose folder or file cannot be written is
 * refused with KB_ERR_IO and a message that says so, before anything is
 * tried. On success *out owns the handle: close it with kb_db_close. */
kb_code kb_db_open(const char *path, kb_open_mode mode, kb_db **out, kb_error *err);

/* Closes and frees; NULL is allowed. */
void kb_db_close(kb_db *db);

/* The schema version this kb writes (the number of its last migration). */
int kb_db_schema_version(void);

/* The base's PRAGMA user_version, or -1 when it cannot be read. */
int kb_db_user_version(kb_db *db);

/* Runs SQL with no result rows; on failure fills err with SQLite's message. */
kb_code kb_db_exec(kb_db *db, const char *sql, kb_error *err);

/* Prepares one statement; on failure fills err with SQLite's message. */
kb_code kb_db_prepare(kb_db *db, const char *sql, sqlite3_stmt **stmt, kb_error *err);

/* Fills err with the handle's last message and returns KB_ERR_DB. */
kb_code kb_db_fail(kb_db *db, kb_error *err, const char *doing);

/* Steps st once. Returns SQLITE_ROW or SQLITE_DONE; any other result (an I/O
 * error, a damaged file, a constraint…) is returned as SQLite's result code,
 * with err (when not NULL) filled with the handle's message as KB_ERR_DB.
 * Every step goes through here, so a loop over rows cannot mistake a failure
 * for the end of the rows:
 *
 *     while ((rc = kb_db_step(db, st, err)) == SQLITE_ROW) …
 *     if (rc != SQLITE_DONE) … the base failed, err says how … */
int kb_db_step(kb_db *db, sqlite3_stmt *st, kb_error *err);

/* BEGIN IMMEDIATE (a write transaction) / COMMIT / ROLLBACK. The rollback
 * does nothing outside a transaction, and cannot fail in a way worth
 * reporting: what it undoes is never committed. */
kb_code kb_db_begin(kb_db *db, kb_error *err);
kb_code kb_db_commit(kb_db *db, kb_error *err);
void kb_db_rollback(kb_db *db);

/* BEGIN (deferred): one consistent view for reads that span statements.
 * End it with kb_db_rollback. */
kb_code kb_db_begin_read(kb_db *db, kb_error *err);

/* Files compiled into the binary from schema/. */
typedef struct kb_embedded_file {
    const char *name; /* "001-init.sql", "kb.rng" */
    const unsigned char *data;
    unsigned long size; /* without the NUL that follows data */
} kb_embedded_file;

/* The embedded file of that name, or NULL. */
const kb_embedded_file *kb_embedded(const char *name);

/* The migration that brings a base to that version (1 … kb_db_schema_version()),
 * or NULL. */
const kb_embedded_file *kb_db_migration(int version);

#endif
