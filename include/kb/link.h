/* kb — mentions: which entities a text names, by their names and aliases. */
#ifndef KB_LINK_H
#define KB_LINK_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"

/* The names and aliases of every entity, ready to scan texts with. */
typedef struct kb_linker kb_linker;

typedef struct kb_mention {
    long long entity_id;
    int hits; /* places named; a place named by two of its terms counts once */
} kb_mention;

/* Reads every entity's name and aliases from the base. Free with
 * kb_linker_free. */
kb_code kb_linker_new(kb_db *db, kb_linker **out, kb_error *err);
void kb_linker_free(kb_linker *l);

/* Finds the entities named in texts (any may be NULL) as whole words, case
 * kept: "Meta" in "Meta's" is a mention, in "metadata" or "Metaverse" it is
 * not. Returns how many entities were found; *out points to an array the
 * linker owns, valid until the next scan. Time is linear in the text. */
size_t kb_linker_scan(kb_linker *l, const char *const *texts, size_t ntexts,
                      const kb_mention **out);

/* Recomputes the mentions of one stored source (title, description, text).
 * Its statements are prepared on the first call and kept in the linker, so
 * a linker serves one base only. */
kb_code kb_link_source(kb_db *db, kb_linker *l, long long source_id, kb_error *err);

#endif
