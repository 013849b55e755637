/* An entity brief: its snapshot, models, infrastructure, claims by topic,
 * the claims of others that involve it, its debates, relations, timeline
 * and latest sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brief_internal.h"

static void snapshot(brief *B, long long id, char **name_out)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT e.kind, e.name, e.description, "
        "(SELECT group_concat(alias, ', ') FROM (SELECT alias FROM aliases WHERE entity_id = e.id "
        "  ORDER BY alias)), c.ticker, c.hq, c.cloud, "
        "(SELECT name FROM entities WHERE id = m.developer_id), m.family, m.released, m.openness, "
        "m.license, m.parameters, (SELECT name FROM entities WHERE id = a.owner_id), a.asset_type, "
        "a.location, a.capacity_mw, a.gpu_count, a.amount, a.amount_to, a.currency, a.period, "
        "a.status, a.as_of "
        "FROM entities e LEFT JOIN companies c ON c.entity_id = e.id "
        "LEFT JOIN models m ON m.entity_id = e.id LEFT JOIN assets a ON a.entity_id = e.id "
        "WHERE e.id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    if (kb_brief_row(B, st)) {
        *name_out = strdup(T(st, 1));
        kb_md_heading(B->out, 1, T(st, 1));
        put(B, "\n");
        sqlite3_stmt *counts = kb_brief_prep(B,
            "SELECT count(DISTINCT c.id), count(DISTINCT ci.source_id) FROM claims c "
            "LEFT JOIN citations ci ON ci.claim_id = c.id WHERE c.subject_id = ?1" CLAIM_DATES);
        long long nc = 0, ns = 0;
        if (counts) {
            sqlite3_bind_int64(counts, 1, id);
            if (kb_brief_row(B, counts)) {
                nc = sqlite3_column_int64(counts, 0);
                ns = sqlite3_column_int64(counts, 1);
            }
            sqlite3_finalize(counts);
        }
        kb_brief_dateline(B);
        kb_buf_printf(B->out, " · %s · %lld claim%s from %lld source%s*\n\n", T(st, 0), nc,
                      nc == 1 ? "" : "s", ns, ns == 1 ? "" : "s");
        md_opt(B, "", T(st, 2), "\n\n");
        static const char *const labels[] = {
            NULL, NULL, NULL, "Also known as", "Ticker", "Headquarters", "Cloud business",
            "Developer", "Family", "Released", "Openness", "License", "Parameters", "Owner",
            "Type", "Location", "Capacity (MW)", "GPUs", "Amount", NULL, "Currency", "Period",
            "Status", "As of"};
        int rows = 0;
        kb_buf value = {0};
        for (int i = 3; i < (int)(sizeof labels / sizeof *labels); i++) {
            if (!labels[i] || !T(st, i))
                continue;
            if (!rows++) {
                put(B, "## Snapshot\n\n");
                const char *head[] = {"Fact", "Value"};
                kb_md_table_head(B->out, head, 2);
            }
            /* The value is whole however long it is: a fact is never cut. */
            kb_buf_reset(&value);
            if (i == 18 && T(st, 19)) /* an amount with a range */
                kb_buf_printf(&value, "%s to %s", T(st, 18), T(st, 19));
            else
                kb_buf_puts(&value, T(st, i));
            const char *cells[] = {labels[i], value.data ? value.data : ""};
            kb_md_row(B->out, cells, 2);
        }
        kb_buf_free(&value);
        if (rows)
            put(B, "\n");
    }
    sqlite3_finalize(st);
}

static void models(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT e.name, m.released, m.openness, m.license FROM models m "
        "JOIN entities e ON e.id = m.entity_id WHERE m.developer_id = ?1 "
        "AND (m.released IS NULL OR m.released <= :as_of) "
        "ORDER BY m.released IS NULL, m.released, e.slug");
    if (st)
        sqlite3_bind_int64(st, 1, id);
    static const char *const head[] = {"Model", "Released", "Openness", "License"};
    kb_brief_table(B, st, "## Models\n\n", head, 4);
}

/* The open-weights models of the entity set against those of the developers
 * its claims involve (Llama against OpenAI's and Google's). */
static void openness(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "WITH devs(d) AS (SELECT ?1 UNION SELECT ce.entity_id FROM claim_entities ce "
        "  JOIN claims c ON c.id = ce.claim_id WHERE c.subject_id = ?1" CLAIM_DATES " "
        "  UNION SELECT m.developer_id FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id "
        "  JOIN models m ON m.entity_id = ce.entity_id WHERE c.subject_id = ?1) "
        "SELECT e.name, "
        "  coalesce((SELECT group_concat(name, ', ') FROM (SELECT x.name FROM models m "
        "    JOIN entities x ON x.id = m.entity_id WHERE m.developer_id = e.id "
        "    AND m.openness = 'open-weights' AND (m.released IS NULL OR m.released <= :as_of) "
        "    ORDER BY m.released, x.slug)), '—'), "
        "  coalesce((SELECT group_concat(name, ', ') FROM (SELECT x.name FROM models m "
        "    JOIN entities x ON x.id = m.entity_id WHERE m.developer_id = e.id "
        "    AND m.openness = 'closed' AND (m.released IS NULL OR m.released <= :as_of) "
        "    ORDER BY m.released, x.slug)), '—') "
        "FROM devs JOIN entities e ON e.id = devs.d "
        "WHERE EXISTS (SELECT 1 FROM models WHERE developer_id = e.id) "
        "ORDER BY e.id <> ?1, e.name");
    if (st)
        sqlite3_bind_int64(st, 1, id);
    static const char *const head[] = {"Developer", "Open weights", "Closed"};
    kb_buf tmp = KB_BUF_INIT;
    kb_buf *real = B->out;
    B->out = &tmp;
    int rows = kb_brief_table(B, st, "## Open weights and closed models\n\n", head, 3);
    B->out = real;
    /* one developer alone says nothing the Models table does not */
    if (rows > 1)
        kb_buf_puts(B->out, tmp.data);
    kb_buf_free(&tmp);
}

static void infrastructure(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT e.name, a.asset_type, a.location, "
        "CASE WHEN a.capacity_mw IS NOT NULL THEN printf('%g MW', a.capacity_mw) "
        "  WHEN a.amount IS NOT NULL THEN printf('%s %.1fB%s', a.currency, a.amount / 1e9, "
        "    CASE WHEN a.amount_to IS NOT NULL THEN printf('-%.1fB', a.amount_to / 1e9) ELSE '' END) "
        "  WHEN a.gpu_count IS NOT NULL THEN printf('%d GPUs', a.gpu_count) END, "
        "a.status, a.as_of FROM assets a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.owner_id = ?1 AND (a.as_of IS NULL OR a.as_of <= :as_of) "
        "ORDER BY a.asset_type, a.as_of, e.slug");
    if (st)
        sqlite3_bind_int64(st, 1, id);
    static const char *const head[] = {"Asset", "Kind", "Location", "Capacity", "Status",
                                       "As of"};
    kb_brief_table(B, st, "## Infrastructure\n\n", head, 6);
}

static void claims_by_topic(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT " CLAIM_COLUMNS ", c.topic FROM claims c WHERE c.subject_id = ?1" CLAIM_DATES
        " ORDER BY c.topic, c.rank = 'deprecated', c.as_of IS NULL, c.as_of DESC, c.slug");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_int64(st, 1, id);
        kb_brief_claims(B, st, cites);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
}

/* Relations, and claims about others that involve it: what a page on an
 * entity with no claims of its own still has to say. */
static void relations(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT f.name, r.rel_type, t.name, r.as_of, r.note, r.source_id FROM relations r "
        "JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
        "WHERE (r.from_id = ?1 OR r.to_id = ?1) AND (r.as_of IS NULL OR r.as_of <= :as_of) "
        "ORDER BY r.rel_type, f.name, t.name");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (kb_brief_row(B, st)) {
        if (!rows++)
            put(B, "## Relations\n\n");
        put(B, "- ");
        md(B, T(st, 0));
        put(B, " *");
        md(B, T(st, 1));
        put(B, "* ");
        md(B, T(st, 2));
        md_opt(B, " (", T(st, 3), ")");
        md_opt(B, ": ", T(st, 4), "");
        kb_brief_cite(B, sqlite3_column_int64(st, 5));
        put(B, "\n");
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

static void involving(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT " CLAIM_COLUMNS ", e.name FROM claim_entities ce "
        "JOIN claims c ON c.id = ce.claim_id JOIN entities e ON e.id = c.subject_id "
        "WHERE ce.entity_id = ?1" CLAIM_DATES
        " ORDER BY c.as_of IS NULL, c.as_of DESC, c.slug LIMIT 20");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (kb_brief_row(B, st)) {
            if (!rows++)
                put(B, "## In claims about others\n\n");
            kb_brief_claim_item(B, cites, st, 1);
        }
        if (rows)
            put(B, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
}

static void timeline(brief *B, long long id)
{
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT date, what, claim FROM ("
        " SELECT m.released AS date, e.name || ' released (' || m.openness || ')' AS what, "
        "   NULL AS claim, e.slug AS k FROM models m JOIN entities e ON e.id = m.entity_id "
        "   WHERE m.developer_id = ?1 AND m.released IS NOT NULL "
        " UNION ALL SELECT a.as_of, e.name || ': ' || a.asset_type || "
        "   coalesce(', ' || a.status, ''), NULL, e.slug FROM assets a "
        "   JOIN entities e ON e.id = a.entity_id WHERE a.owner_id = ?1 AND a.as_of IS NOT NULL "
        " UNION ALL SELECT c.as_of, c.statement, c.id, c.slug FROM claims c "
        "   WHERE c.subject_id = ?1 AND c.as_of IS NOT NULL" CLAIM_DATES
        ") WHERE date <= :as_of AND (:since IS NULL OR date >= :since) ORDER BY date, k");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (kb_brief_row(B, st)) {
            if (!rows++) {
                put(B, "## Timeline\n\n");
                const char *head[] = {"Date", "What"};
                kb_md_table_head(B->out, head, 2);
            }
            put(B, "| ");
            md(B, T(st, 0));
            put(B, " | ");
            md(B, T(st, 1));
            if (sqlite3_column_type(st, 2) != SQLITE_NULL)
                kb_brief_cite_claim(B, cites, sqlite3_column_int64(st, 2));
            put(B, " |\n");
        }
        if (rows)
            put(B, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
}

static void latest_sources(brief *B, long long id, const char *name)
{
    /* newest first through the index on published, stopping after ten */
    sqlite3_stmt *st = kb_brief_prep(B,
        "SELECT s.id, s.published, s.publisher, s.title FROM sources s "
        "WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.source_id = s.id AND m.entity_id = ?1) "
        "AND s.published IS NOT NULL AND substr(s.published, 1, 10) <= :as_of "
        "AND (:since IS NULL OR s.published >= :since) "
        "ORDER BY s.published DESC, s.id DESC LIMIT 10");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (kb_brief_row(B, st)) {
        if (!rows++) {
            put(B, "## Latest sources mentioning ");
            md(B, name);
            put(B, "\n\n");
        }
        char d[11];
        snprintf(d, sizeof d, "%s", T(st, 1));
        put(B, "- ");
        md(B, d);
        put(B, " · ");
        md_opt(B, "", T(st, 2), " · ");
        md(B, T(st, 3));
        kb_brief_cite(B, sqlite3_column_int64(st, 0));
        put(B, "\n");
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

void kb_brief_entity(brief *B, long long id)
{
    char *name = NULL;
    snapshot(B, id, &name);
    if (!name)
        return;
    models(B, id);
    openness(B, id);
    infrastructure(B, id);
    claims_by_topic(B, id);
    involving(B, id);
    kb_brief_debates(B, "d.subject_id = ?1", id, NULL);
    relations(B, id);
    timeline(B, id);
    latest_sources(B, id, name);
    kb_brief_footnotes(B);
    free(name);
}
