/* kb — removing one thing, and (with cascade) what refers to it. */
#ifndef KB_REMOVE_H
#define KB_REMOVE_H

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"
#include "kb/kind.h"

/* Removes the things named by slugs, in one transaction.
 *
 * Without cascade, a thing others still refer to is refused (KB_ERR_REFUSED)
 * and refs lists who refers to it ("claim meta-x (subject)"). With cascade,
 * those are removed too: claims about an entity, models it develops, assets
 * it owns, debates about it, relations; the citations of a source and the
 * claims left with no citation; a claim's place in debates. Mentions go with
 * their source or entity, always.
 *
 * removed lists what was removed ("claim meta-x"). On any failure nothing is
 * removed. An unknown slug is KB_ERR_NOTFOUND, with close slugs suggested
 * and err->value the slug; a failure of the base is KB_ERR_DB.
 *
 * kind says which kind of thing the slugs name (any entity kind meaning an
 * entity); KB_KIND_NONE takes whichever kind has the slug, and a slug that
 * several kinds have is refused (KB_ERR_USAGE). */
kb_code kb_remove(kb_db *db, const char *const *slugs, size_t n, kb_kind kind, int cascade,
                  kb_strlist *removed, kb_strlist *refs, kb_error *err);

#endif
