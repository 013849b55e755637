/* kb — writing the base back as data files. */
#ifndef KB_EXPORT_H
#define KB_EXPORT_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"

/* The file kb export writes into every export: a first line that marks the
 * directory as an export, then the name of each file it wrote, one a line.
 * kb load reads *.xml only, so it never reads this one. */
#define KB_EXPORT_MANIFEST "kb-export.txt"

/* Writes the whole base into dir as data files that validate against kb.rng:
 * companies.xml, models.xml, infrastructure.xml, entities.xml, sources.xml,
 * ingested/NNNN.xml, claims/<subject>.xml, debates.xml, relations.xml, synonyms.xml (each
 * only when it has something to hold), and KB_EXPORT_MANIFEST. Sources' texts
 * are written inline. Everything is sorted by slug, so the output depends only
 * on the base: load, export, load into a fresh base and export again gives the
 * same files.
 *
 * The files are written into a fresh directory beside dir, read back as
 * kb load reads them (the grammar, the calendar, the size limit), and only
 * then put in dir's place; so dir ends holding exactly the new export, and on
 * any failure dir is as it was and the fresh directory is gone. dir may be
 * missing (it is made; its parent must exist), empty, or an earlier export
 * that holds nothing but the files its manifest lists; anything else is
 * KB_ERR_REFUSED, naming the first file kb did not write, and nothing is
 * touched. Through a symlink, the directory it leads to is replaced.
 *
 * A value kb load would refuse (text that is not clean by utf8.h's policy, a
 * date that names no real day, a file past KB_MAX_FILE_BYTES, anything the
 * grammar refuses) is one diagnostic in diags (may be NULL), naming the file
 * and the thing (e.g. "source 'x'"); the export then fails with
 * KB_ERR_REFUSED. A base that fails while it is read is KB_ERR_DB; a file
 * that cannot be created or written, its closing included, is KB_ERR_IO,
 * with err->file naming it under dir.
 *
 * *nfiles (may be NULL) receives the number of data files written, 0 on
 * failure. */
kb_code kb_export(kb_db *db, const char *dir, size_t *nfiles, kb_diags *diags, kb_error *err);

#endif
