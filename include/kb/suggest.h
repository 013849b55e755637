/* kb — "did you mean": the slugs closest to one that was not found. */
#ifndef KB_SUGGEST_H
#define KB_SUGGEST_H

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/kind.h"

/* Appends to out up to three slugs of that kind of thing (an entity of any
 * kind for an entity kind; every kind for KB_KIND_NONE) close to slug (by edit distance, or
 * sharing its prefix), formatted "'a', 'b' or 'c'". Appends nothing when none
 * is close. Returns the number appended. A suggestion is a hint to an error
 * the caller reports already: when the base cannot be read, it appends
 * nothing and returns 0 rather than hint from part of the slugs. */
int kb_suggest_slugs(kb_db *db, kb_kind kind, const char *slug, kb_buf *out);

/* As kb_suggest_slugs, from the rows of sql: (slug, label) pairs, the
 * label being what the word is compared with (a name, an alias, or the
 * slug again), shown beside the slug when it differs. */
int kb_suggest_from(kb_db *db, const char *sql, const char *slug, kb_buf *out);

/* Edit distance between a and b (bytes): insertions, deletions,
 * substitutions and transpositions of two neighbours each cost one; capped at
 * cap+1. */
int kb_edit_distance(const char *a, const char *b, int cap);

#endif
