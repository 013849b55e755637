/* kb — checking the base: what is wrong (errors) and what is weak (warnings). */
#ifndef KB_CHECK_H
#define KB_CHECK_H

#include "kb/db.h"
#include "kb/error.h"

/* Runs every check and adds one diagnostic per problem found to diags, with
 * subject naming the thing ("claim meta-cloud-venture-report").
 *
 * Errors: a claim with no citation; a dangling reference (foreign keys); a
 * debate with fewer than two sides; PRAGMA integrity_check or an FTS5
 * integrity-check failing.
 * Warnings: a source with no publisher or no date; a citation with no quote
 * where the source has text; a quote not found in its source's text; two
 * sources with the same text; a debate side no claim argues.
 *
 * The base must be open for writing, though nothing is written: FTS5's
 * integrity-check is a write statement; it runs in a transaction that is
 * rolled back.
 *
 * Returns KB_OK when the checks ran (whatever they found), or KB_ERR_DB. */
kb_code kb_check(kb_db *db, kb_diags *diags, kb_error *err);

/* The FTS5 indexes kb keeps, NULL-terminated: "entities_fts", … */
extern const char *const kb_fts_tables[];

#endif
