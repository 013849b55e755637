/* kb — the kinds of thing a base holds, and their names. */
#ifndef KB_KIND_H
#define KB_KIND_H

#include "kb/buf.h"

/* Every kind of thing, named once. The entity kinds are those the schema's
 * entities.kind allows; KB_KIND_ENTITY stands for all of them. */
typedef enum kb_kind {
    KB_KIND_NONE = 0, /* no kind: any, or a name that is no kind */
    KB_KIND_ENTITY,
    KB_KIND_COMPANY,
    KB_KIND_MODEL,
    KB_KIND_ASSET,
    KB_KIND_PRODUCT,
    KB_KIND_PERSON,
    KB_KIND_ORGANIZATION,
    KB_KIND_PROJECT,
    KB_KIND_TOPIC,
    KB_KIND_CLAIM,
    KB_KIND_DEBATE,
    KB_KIND_SOURCE,
    KB_KIND_COUNT
} kb_kind;

/* A set of kinds, as bits. */
#define KB_KIND_BIT(k) (1u << (k))

/* The name users type and scripts read ("company", "claim"); "" for
 * KB_KIND_NONE. Static storage. */
const char *kb_kind_name(kb_kind k);

/* The kind with that name, KB_KIND_NONE when none has it (or name is NULL). */
kb_kind kb_kind_from_name(const char *name);

/* Whether k is an entity: KB_KIND_ENTITY or one of its kinds. */
int kb_kind_is_entity(kb_kind k);

/* The kind of thing k is stored as: KB_KIND_ENTITY for every entity kind,
 * k itself otherwise. */
kb_kind kb_kind_table_of(kb_kind k);

/* Appends the names of the kinds in set (KB_KIND_BIT bits), in the table's
 * order, as "a, b or c" (conj "or") or "a, b and c", for messages. */
void kb_kind_list(unsigned set, const char *conj, kb_buf *out);

#endif
