/* kb — what the base holds, counted. */
#ifndef KB_STATS_H
#define KB_STATS_H

#include "kb/db.h"
#include "kb/error.h"

typedef struct kb_stats {
    long long entities, companies, models, assets, other_entities, aliases;
    long long sources, sources_curated, sources_ingested, claims, citations;
    long long debates, sides, relations, mentions;
} kb_stats;

/* Names and offsets of the counts, in the order kb stats prints them. */
typedef struct kb_stats_field {
    const char *name; /* the JSON key: "companies" */
    const char *label; /* for people: "companies" */
    size_t offset;
} kb_stats_field;
extern const kb_stats_field kb_stats_fields[];
extern const unsigned kb_stats_nfields;

/* Counts everything in one read transaction. */
kb_code kb_stats_get(kb_db *db, kb_stats *out, kb_error *err);

#endif
