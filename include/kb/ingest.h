/* kb — ingesting documents: HTML articles, feeds, notes become sources. */
#ifndef KB_INGEST_H
#define KB_INGEST_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"

typedef enum kb_ingest_outcome {
    KB_INGEST_STORED,  /* a new source, committed */
    KB_INGEST_UPDATED, /* an existing source replaced (--update), committed */
    KB_INGEST_ALREADY, /* its URL or its text is already in the base */
    KB_INGEST_REFUSED  /* not stored: message says why */
} kb_ingest_outcome;

/* One document's fate; reported through on_event, after the commit for stored
 * and updated ones (so that what is reported stored is stored). */
typedef struct kb_ingest_event {
    const char *path;    /* the file, "-" for standard input */
    long item;           /* the item's number in a feed (from 1); 0 for a document */
    kb_ingest_outcome outcome;
    const char *kind;    /* "article", "feed-item", "note"; NULL when refused early */
    const char *slug;    /* the source stored, updated or already there */
    const char *title;
    const char *message; /* why refused, or which source it duplicates */
} kb_ingest_event;

typedef struct kb_ingest_report {
    size_t files, documents, stored, updated, already, refused;
} kb_ingest_report;

typedef struct kb_ingest_options {
    /* Override what the documents say (NULL: keep theirs). */
    const char *url, *publisher, *published, *slug;
    int update;   /* replace a source whose URL or text is already there */
    size_t batch; /* documents per transaction; 0 for the default (500) */
    int follow;   /* follow symlinks out of the directories given */
    void (*on_event)(const kb_ingest_event *ev, void *ctx);
    void *ctx;
} kb_ingest_options;

/* Ingests the files at paths (directories are walked recursively; "-" is
 * standard input). The type of each file is found from its content: an HTML
 * article, a feed (each item a source), a Markdown or a plain-text note.
 * Binary, empty and oversized files, and documents with nothing to store,
 * are refused with a reason; the batch goes on.
 *
 * Work is committed every opts->batch documents, so that a run killed at any
 * moment leaves a consistent base, and running it again stores the rest
 * (what is there is found by its canonical URL or its text's hash).
 *
 * Returns KB_OK when the run completed (even with refusals: see report),
 * KB_ERR_USAGE for options that cannot apply (an invalid --published; --slug
 * for more than one document), KB_ERR_DB when the base failed. */
kb_code kb_ingest(kb_db *db, const char *const *paths, size_t npaths,
                  const kb_ingest_options *opts, kb_ingest_report *report, kb_error *err);

#endif
