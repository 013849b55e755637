/* kb — writing the base back as data files. */
#ifndef KB_EXPORT_H
#define KB_EXPORT_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"

/* Writes the whole base into dir (created when missing) as data files that
 * validate against kb.rng: companies.xml, models.xml, infrastructure.xml,
 * entities.xml, sources.xml, claims/<subject>.xml, debates.xml,
 * relations.xml (each only when it has something to hold). Sources' texts are
 * written inline. Everything is sorted by slug, so the output depends only on
 * the base: load, export, load into a fresh base and export again gives the
 * same files.
 *
 * *nfiles (may be NULL) receives the number of files written in whole.
 * A base that fails while it is read is KB_ERR_DB; a file that cannot be
 * created or written, its closing included, is KB_ERR_IO, with err->file
 * naming it. Either stops the export: the files written until then stay. */
kb_code kb_export(kb_db *db, const char *dir, size_t *nfiles, kb_error *err);

#endif
