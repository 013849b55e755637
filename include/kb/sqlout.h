/* kb — result sets as people and programs read them. */
#ifndef KB_SQLOUT_H
#define KB_SQLOUT_H

#include <stdio.h>

#include "kb/db.h"
#include "kb/error.h"
#include "kb/sql.h"

/* Steps st to its end and writes its rows to out in o->format: an aligned
 * table, CSV (RFC 4180, CRLF), TSV, a JSON array of objects, or a GFM
 * Markdown table whose cells parse back as the values' text. A statement
 * with no columns is only run. Unless *first_set, a blank line goes before
 * the rows (between result sets); *first_set is then cleared. A failing step
 * is KB_ERR_DB with SQLite's message (KB_ERR_REFUSED when interrupted); an
 * aligned table cut short is not written at all, the other formats keep
 * what was already streamed. */
kb_code kb_sqlout_rows(kb_db *db, sqlite3_stmt *st, const kb_sql_options *o, FILE *out,
                       int *first_set, kb_error *err);

#endif
