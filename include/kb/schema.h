/* kb — the schema explained: tables, views and columns, each with what it means. */
#ifndef KB_SCHEMA_H
#define KB_SCHEMA_H

#include "kb/buf.h"
#include "kb/error.h"

/* Writes every table and view of kb's schema (as the migrations make it),
 * with its columns and a one-line description of each (from schema/doc.tsv),
 * as text for people or as JSON. undocumented (may be NULL) receives
 * "table.column" for anything that has no description. The text is appended
 * to out, which the caller owns and frees. Returns KB_OK, or KB_ERR_DB when
 * the schema could not be read, KB_ERR_NOMEM when the JSON could not be
 * made whole, with err saying why. */
kb_code kb_schema_describe(kb_buf *out, int json, kb_strlist *undocumented, kb_error *err);

#endif
