/* kb — names: an entity found by the names people use for it. */
#ifndef KB_NAMES_H
#define KB_NAMES_H

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"
#include "kb/kind.h"

/* Appends to out the slug made of s: its ASCII letters and digits in lower
 * case, each run of anything else one hyphen, none at either end, an
 * apostrophe dropped ("Llama 3.1" → "llama-3-1", "Meta's" → "metas"); at most
 * max bytes in all. */
void kb_slugify(kb_buf *out, const char *s, size_t max);

/* The ids of every entity a name may mean, as SQL binding ?1 to the name
 * and ?2 to the slug it makes (kb_slugify): its slug, in any case its name
 * or an alias, or the slug made of it. One lookup for every caller. */
#define KB_NAMED_IDS                                                                        \
    "SELECT id FROM entities WHERE slug = ?1 OR slug = ?2 OR name = ?1 COLLATE NOCASE "     \
    "UNION SELECT entity_id FROM aliases WHERE alias = ?1 COLLATE NOCASE"

/* The entity that name names, into *id (0 when none does), of that kind (an
 * entity kind such as KB_KIND_MODEL; KB_KIND_ENTITY or KB_KIND_NONE for any
 * entity): its slug; else,
 * in any case, its slug, its name, one of its aliases, or the slug made of
 * name ("Llama 3.1", "facebook", "AWS"). A name that two or more entities
 * share is KB_ERR_USAGE, and err's message lists them ("'Gemini' names 2
 * entities: 'gemini' (model), 'gemini-app' (product)"), with err->value the
 * name. KB_ERR_DB when the base fails. Nothing found is KB_OK with *id 0, so
 * that a caller looking among other kinds of thing too can go on. */
kb_code kb_entity_named(kb_db *db, const char *name, kb_kind kind, long long *id, kb_error *err);

/* As kb_entity_named for any entity, but nothing found is KB_ERR_NOTFOUND, with close
 * slugs, names and aliases named in err's message ("no entity 'gogle' (did
 * you mean 'alphabet' (Google)?)") and err->value the name. On KB_OK, and
 * when slug is not NULL, *slug is the entity's slug (the caller frees it). */
kb_code kb_entity_find(kb_db *db, const char *name, long long *id, char **slug, kb_error *err);

#endif
