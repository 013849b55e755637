/* kb — loading data files (XML, validated against schema/kb.rng) into the base. */
#ifndef KB_LOAD_H
#define KB_LOAD_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"

/* The things a data file defines, in the order they are loaded. */
typedef enum kb_thing {
    KB_THING_ENTITY,
    KB_THING_SOURCE,
    KB_THING_RELATION,
    KB_THING_CLAIM,
    KB_THING_DEBATE,
    KB_THING_SYNONYM,
    KB_THING_COUNT
} kb_thing;

/* "entity", "source", … */
const char *kb_thing_name(kb_thing t);

typedef struct kb_load_counts {
    size_t added, updated, unchanged, removed;
} kb_load_counts;

typedef struct kb_load_report {
    size_t files;
    kb_load_counts counts[KB_THING_COUNT];
    /* what a replacing load removed, one "kind slug" line each */
    char **removed;
    size_t nremoved;
} kb_load_report;

typedef struct kb_load_options {
    /* Make the curated part of the base exactly what the files say: curated
     * things that no file defines are removed; ingested sources stay. */
    int replace;
    /* Follow symlinks out of the directories given (by default they are
     * skipped with a warning). */
    int follow;
} kb_load_options;

/* Loads the data files named by paths (files, or directories searched
 * recursively for *.xml) in one transaction.
 *
 * Every file is parsed (no network, no DTD, no entity expansion) and validated
 * against kb.rng; every reference is resolved against the files and the base.
 * Every problem found goes into diags as file:line: message. On any error
 * nothing is written and KB_ERR_INPUT is returned; err then says how many
 * errors there were, and err->file and err->line name the first (when it is
 * in a file). A failure of the base itself is KB_ERR_DB.
 *
 * report (may be NULL) receives the counts; release it with
 * kb_load_report_clear. */
kb_code kb_load(kb_db *db, const char *const *paths, size_t npaths,
                const kb_load_options *opts, kb_load_report *report, kb_diags *diags,
                kb_error *err);

void kb_load_report_clear(kb_load_report *report);

/* Validates one parsed XML file in memory against kb.rng only (no base):
 * the entry point the fuzzer and the tests use. Problems go into diags;
 * returns KB_OK when the document is a valid data file. */
kb_code kb_load_validate_memory(const char *name, const char *data, size_t len,
                                kb_diags *diags, kb_error *err);

#endif
