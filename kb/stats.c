/* Counting what the base holds. */
#include "kb/stats.h"

#include <stddef.h>
#include <string.h>

#define F(name, label) {#name, label, offsetof(kb_stats, name)}
const kb_stats_field kb_stats_fields[] = {
    F(companies, "companies"),
    F(models, "models"),
    F(assets, "infrastructure assets"),
    F(other_entities, "other entities"),
    F(entities, "entities in all"),
    F(aliases, "aliases"),
    F(sources, "sources"),
    F(sources_curated, "  curated"),
    F(sources_ingested, "  ingested"),
    F(claims, "claims"),
    F(citations, "citations"),
    F(debates, "debates"),
    F(sides, "debate sides"),
    F(relations, "relations"),
    F(mentions, "mentions"),
};
#undef F
const unsigned kb_stats_nfields = sizeof kb_stats_fields / sizeof kb_stats_fields[0];

kb_code kb_stats_get(kb_db *db, kb_stats *out, kb_error *err)
{
    static const char *sql =
        "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM companies), "
        "(SELECT count(*) FROM models), (SELECT count(*) FROM assets), "
        "(SELECT count(*) FROM entities WHERE kind NOT IN ('company','model','asset')), "
        "(SELECT count(*) FROM aliases), (SELECT count(*) FROM sources), "
        "(SELECT count(*) FROM sources WHERE origin = 'curated'), "
        "(SELECT count(*) FROM sources WHERE origin = 'ingested'), "
        "(SELECT count(*) FROM claims), (SELECT count(*) FROM citations), "
        "(SELECT count(*) FROM debates), (SELECT count(*) FROM debate_sides), "
        "(SELECT count(*) FROM relations), (SELECT count(*) FROM mentions)";
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (kb_db_prepare(db, sql, &st, err))
        return err->code;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return kb_db_fail(db, err, "counting");
    }
    long long *v[] = {&out->entities, &out->companies, &out->models, &out->assets,
                      &out->other_entities, &out->aliases, &out->sources,
                      &out->sources_curated, &out->sources_ingested, &out->claims,
                      &out->citations, &out->debates, &out->sides, &out->relations,
                      &out->mentions};
    for (int i = 0; i < (int)(sizeof v / sizeof *v); i++)
        *v[i] = sqlite3_column_int64(st, i);
    sqlite3_finalize(st);
    return KB_OK;
}
