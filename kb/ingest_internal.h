/* kb — ingest's two halves and what passes between them; not part of the API.
 *
 * ingest_read.c reads files into documents with no base involved, on a thread
 * of its own; ingest_store.c stores them in batches on the caller's thread;
 * ingest.c is the pipeline that ties the two. */
#ifndef KB_INGEST_INTERNAL_H
#define KB_INGEST_INTERNAL_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"
#include "kb/ingest.h"

/* A document, whatever it came from, as a source-to-be. Every string is
 * owned (NULL when absent) except kind. */
typedef struct kb_ingest_doc {
    const char *kind; /* source_type: article, feed-item, note */
    char *url, *title, *publisher, *author, *published, *published_raw, *updated;
    char *lang, *description, *text;
    char *guid; /* a feed item's guid / Atom id */
    char *tags; /* categories, one per line */
    int partial; /* the text is part of the article only (kb_article.partial) */
} kb_ingest_doc;

/* Frees what d holds and zeroes it. */
void kb_ingest_doc_clear(kb_ingest_doc *d);

/* One file, read and typed: the documents it holds, or why it was refused. */
typedef struct kb_ingest_file {
    char *path;
    int read;            /* the file was read: it counts as a file */
    char *refusal;       /* the whole file refused: why */
    kb_ingest_doc *docs; /* the documents it holds, in order */
    long *items;         /* their item numbers (feeds), 0 for a document */
    size_t n, cap;
    size_t bytes;        /* memory it holds, for the queue's bound */
    struct kb_ingest_file *next;
} kb_ingest_file;

void kb_ingest_file_free(kb_ingest_file *f);

/* ingest_read.c — the reading side. */

typedef struct kb_ingest_reader kb_ingest_reader;

/* Starts reading jobs (paths, "-" for standard input) in order, on a thread
 * of its own when one can be made, ahead of the caller by a bounded number of
 * bytes. jobs and o must outlive the reader. NULL when out of memory. */
kb_ingest_reader *kb_ingest_reader_start(const kb_ingest_options *o, const char *const *jobs,
                                         size_t njobs);

/* The next file read, in the jobs' order (the caller frees it with
 * kb_ingest_file_free), or NULL when every job is done or the reader was
 * stopped. */
kb_ingest_file *kb_ingest_reader_next(kb_ingest_reader *r);

/* Asks the reader to read no more: what the caller will not store is not read. */
void kb_ingest_reader_stop(kb_ingest_reader *r);

/* Waits for the reading thread, frees what it read and no one took, and the
 * reader. NULL is allowed. */
void kb_ingest_reader_free(kb_ingest_reader *r);

/* ingest_store.c — the storing side. */

typedef struct kb_ingest_store kb_ingest_store;

/* A store for one run of kb_ingest: nothing is read or written yet, so that
 * refusals found before the base is touched can be reported through it.
 * Counts go to rep, events to o->on_event. NULL when out of memory. */
kb_ingest_store *kb_ingest_store_new(kb_db *db, const kb_ingest_options *o,
                                     kb_ingest_report *rep, kb_error *err);

/* Reports path (item 0 for a whole file) as refused, with why. */
void kb_ingest_store_refuse(kb_ingest_store *s, const char *path, long item, const char *fmt,
                            ...) __attribute__((format(printf, 4, 5)));

/* Reads entity names for mentions and opens the first batch. On failure err
 * says why and the store is to be freed. */
kb_code kb_ingest_store_begin(kb_ingest_store *s);

/* Stores what a file held, in order (refusing what cannot be stored), and
 * commits each time a batch is full. Does nothing once the base failed. */
void kb_ingest_store_file(kb_ingest_store *s, kb_ingest_file *f);

/* Whether the base failed: nothing more will be stored. */
int kb_ingest_store_failed(const kb_ingest_store *s);

/* Commits the last batch. Returns KB_OK, or the failure of the base (err says
 * which); what was not committed is rolled back. */
kb_code kb_ingest_store_end(kb_ingest_store *s);

/* Frees the store; NULL is allowed. */
void kb_ingest_store_free(kb_ingest_store *s);

/* Whether slug is one kb makes: lowercase ASCII letters and digits in words
 * joined by single hyphens. */
int kb_ingest_slug_valid(const char *slug);

#endif
