/* kb — SQL for analysts: running what they type, safely, and printing rows. */
#ifndef KB_SQL_H
#define KB_SQL_H

#include <stdio.h>

#include "kb/db.h"
#include "kb/error.h"

typedef enum kb_sql_format {
    KB_SQL_TEXT, /* an aligned table for a terminal */
    KB_SQL_CSV,  /* RFC 4180 */
    KB_SQL_TSV,
    KB_SQL_JSON, /* an array of objects, one a line */
    KB_SQL_MD    /* a GitHub-flavoured Markdown table, its cells as text */
} kb_sql_format;

typedef struct kb_sql_param {
    const char *name; /* without its sigil: "slug" binds :slug, @slug and $slug */
    const char *value; /* bound as an integer or a real when it reads as one */
} kb_sql_param;

typedef struct kb_sql_options {
    kb_sql_format format;
    int header;           /* print column names (default on: set by the caller) */
    const char *null;     /* how NULL prints; "" when NULL */
    const kb_sql_param *params;
    size_t nparams;
    int write;            /* allow statements that write; otherwise they are refused */
    double timeout;       /* seconds before a statement is interrupted; 0 for none */
    int terminal;         /* out is a terminal: csv and tsv values escaped as
                             kb_text_escape does (text always is, md and json
                             escape in their own way) */
} kb_sql_options;

/* Runs every statement of sql in turn, printing the rows of those that return
 * rows to out, a blank line between result sets.
 *
 * Unless opts->write, anything that would change the base is refused before it
 * runs (KB_ERR_INPUT, naming what was refused): writes, schema changes,
 * ATTACH/DETACH, VACUUM, PRAGMAs other than reading ones, load_extension. With
 * opts->write, every statement runs in one transaction, committed only when
 * all of them succeed: any error rolls back what the others wrote; a
 * statement's own BEGIN, COMMIT or ROLLBACK is refused (KB_ERR_INPUT), and so
 * is load_extension. A syntax error is KB_ERR_INPUT too. A statement running
 * longer than opts->timeout, counted from its own start, is interrupted
 * (KB_ERR_REFUSED, "interrupted …"). */
kb_code kb_sql_run(kb_db *db, const char *sql, const kb_sql_options *opts, FILE *out,
                   kb_error *err);

#endif
