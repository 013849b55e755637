/* Briefs: an entity, a topic or a comparison, as Markdown with footnoted
 * sources. Every section is one query, prepared once; text from the base goes
 * through kb_md_text, so it comes out as text. */
#include "kb/brief.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/date.h"
#include "kb/md.h"
#include "kb/render.h"
#include "kb/suggest.h"

typedef struct brief {
    kb_db *db;
    const kb_brief_options *o;
    kb_error *err;
    kb_buf *out;
    char as_of[11];
    kb_code rc;
    long long *notes; /* source ids, in the order first cited */
    size_t nnotes, capnotes;
} brief;

/* Binds :as_of and :since. A statement that also takes ?1 must name ?1
 * before them: a named parameter seen first would take number 1. */
static sqlite3_stmt *prep(brief *B, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (B->rc == KB_OK && kb_db_prepare(B->db, sql, &st, B->err))
        B->rc = B->err->code;
    if (st) {
        int i;
        if ((i = sqlite3_bind_parameter_index(st, ":as_of")))
            sqlite3_bind_text(st, i, B->as_of, -1, SQLITE_STATIC);
        if ((i = sqlite3_bind_parameter_index(st, ":since")) && B->o->since)
            sqlite3_bind_text(st, i, B->o->since, -1, SQLITE_STATIC);
    }
    return st;
}

static const char *T(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void md(brief *B, const char *s)
{
    kb_md_text(B->out, s);
}

static void put(brief *B, const char *s)
{
    kb_buf_puts(B->out, s);
}

/* The footnote number of a source, given on first citation. */
static size_t note(brief *B, long long source)
{
    for (size_t i = 0; i < B->nnotes; i++)
        if (B->notes[i] == source)
            return i + 1;
    if (B->nnotes == B->capnotes) {
        size_t cap = B->capnotes ? B->capnotes * 2 : 32;
        long long *v = realloc(B->notes, cap * sizeof *v);
        if (!v)
            return 0;
        B->notes = v;
        B->capnotes = cap;
    }
    B->notes[B->nnotes++] = source;
    return B->nnotes;
}

/* The footnote marks for a claim's sources, in citation order. */
static void cite_claim(brief *B, sqlite3_stmt *cites, long long claim)
{
    sqlite3_reset(cites);
    sqlite3_bind_int64(cites, 1, claim);
    while (sqlite3_step(cites) == SQLITE_ROW) {
        size_t n = note(B, sqlite3_column_int64(cites, 0));
        if (n)
            kb_buf_printf(B->out, "[^%zu]", n);
    }
}

static const char *const CITES_SQL =
    "SELECT ci.source_id FROM citations ci WHERE ci.claim_id = ?1 ORDER BY ci.position";

/* A URL a reader may follow: http(s) only, as an autolink. */
static void url(brief *B, const char *u)
{
    if (!u || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)))
        return;
    put(B, " <");
    for (const char *c = u; *c; c++) {
        if (*c == ' ' || *c == '<' || *c == '>' || (unsigned char)*c < 0x20)
            kb_buf_printf(B->out, "%%%02X", (unsigned char)*c);
        else
            kb_buf_append(B->out, c, 1);
    }
    put(B, ">");
}

static void footnotes(brief *B)
{
    if (!B->nnotes)
        return;
    put(B, "\n## Sources\n\n");
    sqlite3_stmt *st = prep(B, "SELECT publisher, title, published, url, via FROM sources WHERE id = ?1");
    for (size_t i = 0; st && i < B->nnotes; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, B->notes[i]);
        if (sqlite3_step(st) != SQLITE_ROW)
            continue;
        kb_buf_printf(B->out, "[^%zu]: ", i + 1);
        if (T(st, 0)) {
            md(B, T(st, 0));
            put(B, ", ");
        }
        put(B, "*");
        md(B, T(st, 1));
        put(B, "*");
        if (T(st, 4)) {
            put(B, " (read on ");
            md(B, T(st, 4));
            put(B, ")");
        }
        put(B, ", ");
        if (T(st, 2)) {
            char d[11];
            snprintf(d, sizeof d, "%s", T(st, 2));
            md(B, d);
        } else {
            put(B, "undated");
        }
        put(B, ".");
        url(B, T(st, 3));
        put(B, "\n");
    }
    sqlite3_finalize(st);
}

static void table_row(brief *B, const char *const *cells, int n)
{
    put(B, "|");
    for (int i = 0; i < n; i++) {
        put(B, " ");
        md(B, cells[i] ? cells[i] : "");
        put(B, " |");
    }
    put(B, "\n");
}

static void table_head(brief *B, const char *const *names, int n)
{
    table_row(B, names, n);
    put(B, "|");
    for (int i = 0; i < n; i++)
        put(B, "---|");
    put(B, "\n");
}

static const char *stance_word(const char *s)
{
    return !strcmp(s, "bullish") ? "Bullish" : !strcmp(s, "bearish") ? "Bearish"
           : !strcmp(s, "mixed") ? "Mixed" : "Neutral";
}

/* One claim as a list item: stance, kind, statement, footnotes, who and when. */
static void claim_item(brief *B, sqlite3_stmt *cites, long long id, const char *stance,
                       const char *kind, const char *status, const char *rank,
                       const char *statement, const char *by, const char *as_of,
                       const char *subject_name)
{
    kb_buf_printf(B->out, "- **%s** · %s", stance_word(stance), kind);
    if (status && strcmp(status, "reported"))
        kb_buf_printf(B->out, " · %s", status);
    if (rank && !strcmp(rank, "deprecated"))
        put(B, " · deprecated");
    put(B, " — ");
    if (subject_name) {
        put(B, "**");
        md(B, subject_name);
        put(B, "**: ");
    }
    md(B, statement);
    cite_claim(B, cites, id);
    if (by || as_of) {
        put(B, " *(");
        if (by)
            md(B, by);
        if (by && as_of)
            put(B, ", ");
        if (as_of)
            md(B, as_of);
        put(B, ")*");
    }
    put(B, "\n");
}

/* Filters every claim query shares. */
#define CLAIM_DATES                                                                         \
    " AND (c.as_of IS NULL OR c.as_of <= :as_of)"                                          \
    " AND (:since IS NULL OR c.as_of >= :since)"

/* An entity brief. */

static void snapshot(brief *B, long long id, char **name_out)
{
    sqlite3_stmt *st = prep(B,
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
    if (sqlite3_step(st) == SQLITE_ROW) {
        *name_out = strdup(T(st, 1));
        put(B, "# ");
        md(B, T(st, 1));
        put(B, "\n\n");
        sqlite3_stmt *counts = prep(B,
            "SELECT count(DISTINCT c.id), count(DISTINCT ci.source_id) FROM claims c "
            "LEFT JOIN citations ci ON ci.claim_id = c.id WHERE c.subject_id = ?1" CLAIM_DATES);
        long long nc = 0, ns = 0;
        if (counts) {
            sqlite3_bind_int64(counts, 1, id);
            if (sqlite3_step(counts) == SQLITE_ROW) {
                nc = sqlite3_column_int64(counts, 0);
                ns = sqlite3_column_int64(counts, 1);
            }
            sqlite3_finalize(counts);
        }
        kb_buf_printf(B->out, "*Brief as of %s", B->as_of);
        if (B->o->since)
            kb_buf_printf(B->out, ", since %s", B->o->since);
        kb_buf_printf(B->out, " · %s · %lld claim%s from %lld source%s*\n\n", T(st, 0), nc,
                      nc == 1 ? "" : "s", ns, ns == 1 ? "" : "s");
        if (T(st, 2)) {
            md(B, T(st, 2));
            put(B, "\n\n");
        }
        static const char *const labels[] = {
            NULL, NULL, NULL, "Also known as", "Ticker", "Headquarters", "Cloud business",
            "Developer", "Family", "Released", "Openness", "License", "Parameters", "Owner",
            "Type", "Location", "Capacity (MW)", "GPUs", "Amount", NULL, "Currency", "Period",
            "Status", "As of"};
        int rows = 0;
        for (int i = 3; i < (int)(sizeof labels / sizeof *labels); i++) {
            if (!labels[i] || !T(st, i))
                continue;
            if (!rows++) {
                put(B, "## Snapshot\n\n");
                const char *head[] = {"Fact", "Value"};
                table_head(B, head, 2);
            }
            char value[256];
            if (i == 18 && T(st, 19)) /* an amount with a range */
                snprintf(value, sizeof value, "%s to %s", T(st, 18), T(st, 19));
            else
                snprintf(value, sizeof value, "%s", T(st, i));
            const char *cells[] = {labels[i], value};
            table_row(B, cells, 2);
        }
        if (rows)
            put(B, "\n");
    }
    sqlite3_finalize(st);
}

static void models(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "SELECT e.name, m.released, m.openness, m.license FROM models m "
        "JOIN entities e ON e.id = m.entity_id WHERE m.developer_id = ?1 "
        "AND (m.released IS NULL OR m.released <= :as_of) "
        "ORDER BY m.released IS NULL, m.released, e.slug");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!rows++) {
            put(B, "## Models\n\n");
            const char *head[] = {"Model", "Released", "Openness", "License"};
            table_head(B, head, 4);
        }
        const char *cells[] = {T(st, 0), T(st, 1), T(st, 2), T(st, 3)};
        table_row(B, cells, 4);
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

/* The open-weights models of the entity set against those of the developers
 * its claims involve (Llama against OpenAI's and Google's). */
static void openness(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "WITH devs(d) AS (SELECT ?1 UNION SELECT ce.entity_id FROM claim_entities ce "
        "  JOIN claims c ON c.id = ce.claim_id WHERE c.subject_id = ?1" CLAIM_DATES " "
        "  UNION SELECT m.developer_id FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id "
        "  JOIN models m ON m.entity_id = ce.entity_id WHERE c.subject_id = ?1) "
        "SELECT e.name, "
        "  (SELECT group_concat(name, ', ') FROM (SELECT x.name FROM models m JOIN entities x "
        "    ON x.id = m.entity_id WHERE m.developer_id = e.id AND m.openness = 'open-weights' "
        "    AND (m.released IS NULL OR m.released <= :as_of) ORDER BY m.released, x.slug)), "
        "  (SELECT group_concat(name, ', ') FROM (SELECT x.name FROM models m JOIN entities x "
        "    ON x.id = m.entity_id WHERE m.developer_id = e.id AND m.openness = 'closed' "
        "    AND (m.released IS NULL OR m.released <= :as_of) ORDER BY m.released, x.slug)) "
        "FROM devs JOIN entities e ON e.id = devs.d "
        "WHERE EXISTS (SELECT 1 FROM models WHERE developer_id = e.id) "
        "ORDER BY e.id <> ?1, e.name");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    kb_buf tmp = KB_BUF_INIT;
    kb_buf *real = B->out;
    B->out = &tmp;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!rows++) {
            put(B, "## Open weights and closed models\n\n");
            const char *head[] = {"Developer", "Open weights", "Closed"};
            table_head(B, head, 3);
        }
        const char *cells[] = {T(st, 0), T(st, 1) ? T(st, 1) : "—", T(st, 2) ? T(st, 2) : "—"};
        table_row(B, cells, 3);
    }
    B->out = real;
    /* one developer alone says nothing the Models table does not */
    if (rows > 1) {
        kb_buf_puts(B->out, tmp.data);
        put(B, "\n");
    }
    kb_buf_free(&tmp);
    sqlite3_finalize(st);
}

static void infrastructure(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "SELECT e.name, a.asset_type, a.location, "
        "CASE WHEN a.capacity_mw IS NOT NULL THEN printf('%g MW', a.capacity_mw) "
        "  WHEN a.amount IS NOT NULL THEN printf('%s %.1fB%s', a.currency, a.amount / 1e9, "
        "    CASE WHEN a.amount_to IS NOT NULL THEN printf('-%.1fB', a.amount_to / 1e9) ELSE '' END) "
        "  WHEN a.gpu_count IS NOT NULL THEN printf('%d GPUs', a.gpu_count) END, "
        "a.status, a.as_of FROM assets a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.owner_id = ?1 AND (a.as_of IS NULL OR a.as_of <= :as_of) "
        "ORDER BY a.asset_type, a.as_of, e.slug");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!rows++) {
            put(B, "## Infrastructure\n\n");
            const char *head[] = {"Asset", "Kind", "Location", "Capacity", "Status", "As of"};
            table_head(B, head, 6);
        }
        const char *cells[] = {T(st, 0), T(st, 1), T(st, 2), T(st, 3), T(st, 4), T(st, 5)};
        table_row(B, cells, 6);
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

static void claims_by_topic(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "SELECT c.id, c.topic, c.stance, c.claim_kind, c.status, c.rank, c.statement, "
        "c.asserted_by, c.as_of FROM claims c WHERE c.subject_id = ?1" CLAIM_DATES
        " ORDER BY c.topic, c.rank = 'deprecated', c.as_of IS NULL, c.as_of DESC, c.slug");
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    if (!st || !cites) {
        sqlite3_finalize(st);
        sqlite3_finalize(cites);
        return;
    }
    sqlite3_bind_int64(st, 1, id);
    char *topic = NULL;
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!rows++)
            put(B, "## Claims\n");
        if (!topic || strcmp(topic, T(st, 1))) {
            free(topic);
            topic = strdup(T(st, 1));
            put(B, "\n### ");
            md(B, topic);
            put(B, "\n\n");
        }
        claim_item(B, cites, sqlite3_column_int64(st, 0), T(st, 2), T(st, 3), T(st, 4), T(st, 5),
                   T(st, 6), T(st, 7), T(st, 8), NULL);
    }
    if (rows)
        put(B, "\n");
    free(topic);
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
}

/* Debates (about an entity, or on a topic), each side with its claims. */
static void debates(brief *B, const char *where, long long id, const char *topic)
{
    kb_buf sql = KB_BUF_INIT;
    kb_buf_printf(&sql, "SELECT d.id, d.question, d.description FROM debates d WHERE %s "
                        "ORDER BY d.slug", where);
    sqlite3_stmt *st = prep(B, sql.data);
    kb_buf_free(&sql);
    sqlite3_stmt *sides = prep(B,
        "SELECT ds.id, ds.label, ds.summary FROM debate_sides ds WHERE ds.debate_id = ?1 "
        "ORDER BY ds.position");
    sqlite3_stmt *args = prep(B,
        "SELECT c.id, c.stance, c.claim_kind, c.status, c.rank, c.statement, c.asserted_by, "
        "c.as_of, e.name FROM arguments a JOIN claims c ON c.id = a.claim_id "
        "JOIN entities e ON e.id = c.subject_id WHERE a.side_id = ?1" CLAIM_DATES
        " ORDER BY a.position");
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    if (st && sides && args && cites) {
        if (topic)
            sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!rows++)
                put(B, "## Debates\n");
            put(B, "\n### ");
            md(B, T(st, 1));
            put(B, "\n\n");
            if (T(st, 2)) {
                md(B, T(st, 2));
                put(B, "\n\n");
            }
            sqlite3_reset(sides);
            sqlite3_bind_int64(sides, 1, sqlite3_column_int64(st, 0));
            while (sqlite3_step(sides) == SQLITE_ROW) {
                put(B, "**");
                md(B, T(sides, 1));
                put(B, "**");
                if (T(sides, 2)) {
                    put(B, " — ");
                    md(B, T(sides, 2));
                }
                put(B, "\n\n");
                sqlite3_reset(args);
                sqlite3_bind_int64(args, 1, sqlite3_column_int64(sides, 0));
                int n = 0;
                while (sqlite3_step(args) == SQLITE_ROW) {
                    claim_item(B, cites, sqlite3_column_int64(args, 0), T(args, 1), T(args, 2),
                               T(args, 3), T(args, 4), T(args, 5), T(args, 6), T(args, 7),
                               topic ? T(args, 8) : NULL);
                    n++;
                }
                if (n)
                    put(B, "\n");
                if (!n)
                    put(B, "*No claim argues this side yet.*\n\n");
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(sides);
    sqlite3_finalize(args);
    sqlite3_finalize(cites);
}

/* Relations, and claims about others that involve it: what a page on an
 * entity with no claims of its own still has to say. */
static void relations(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "SELECT f.name, r.rel_type, t.name, r.as_of, r.note, r.source_id FROM relations r "
        "JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
        "WHERE (r.from_id = ?1 OR r.to_id = ?1) AND (r.as_of IS NULL OR r.as_of <= :as_of) "
        "ORDER BY r.rel_type, f.name, t.name");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!rows++)
            put(B, "## Relations\n\n");
        put(B, "- ");
        md(B, T(st, 0));
        put(B, " *");
        md(B, T(st, 1));
        put(B, "* ");
        md(B, T(st, 2));
        if (T(st, 3)) {
            put(B, " (");
            md(B, T(st, 3));
            put(B, ")");
        }
        if (T(st, 4)) {
            put(B, ": ");
            md(B, T(st, 4));
        }
        size_t n = note(B, sqlite3_column_int64(st, 5));
        if (n)
            kb_buf_printf(B->out, "[^%zu]", n);
        put(B, "\n");
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

static void involving(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
        "SELECT c.id, c.stance, c.claim_kind, c.status, c.rank, c.statement, c.asserted_by, "
        "c.as_of, e.name FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id "
        "JOIN entities e ON e.id = c.subject_id WHERE ce.entity_id = ?1" CLAIM_DATES
        " ORDER BY c.as_of IS NULL, c.as_of DESC, c.slug LIMIT 20");
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!rows++)
                put(B, "## In claims about others\n\n");
            claim_item(B, cites, sqlite3_column_int64(st, 0), T(st, 1), T(st, 2), T(st, 3),
                       T(st, 4), T(st, 5), T(st, 6), T(st, 7), T(st, 8));
        }
        if (rows)
            put(B, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
}

static void timeline(brief *B, long long id)
{
    sqlite3_stmt *st = prep(B,
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
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!rows++) {
                put(B, "## Timeline\n\n");
                const char *head[] = {"Date", "What"};
                table_head(B, head, 2);
            }
            put(B, "| ");
            md(B, T(st, 0));
            put(B, " | ");
            md(B, T(st, 1));
            if (sqlite3_column_type(st, 2) != SQLITE_NULL)
                cite_claim(B, cites, sqlite3_column_int64(st, 2));
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
    sqlite3_stmt *st = prep(B,
        "SELECT s.id, s.published, s.publisher, s.title FROM sources s "
        "WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.source_id = s.id AND m.entity_id = ?1) "
        "AND s.published IS NOT NULL AND substr(s.published, 1, 10) <= :as_of "
        "AND (:since IS NULL OR s.published >= :since) "
        "ORDER BY s.published DESC, s.id DESC LIMIT 10");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
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
        if (T(st, 2)) {
            md(B, T(st, 2));
            put(B, " · ");
        }
        md(B, T(st, 3));
        size_t n = note(B, sqlite3_column_int64(st, 0));
        if (n)
            kb_buf_printf(B->out, "[^%zu]", n);
        put(B, "\n");
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
}

static void entity_brief(brief *B, long long id)
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
    debates(B, "d.subject_id = ?1", id, NULL);
    relations(B, id);
    timeline(B, id);
    latest_sources(B, id, name);
    footnotes(B);
    free(name);
}

/* A topic brief. */

static void topic_brief(brief *B)
{
    const char *topic = B->o->topic;
    put(B, "# Topic: ");
    md(B, topic);
    put(B, "\n\n");
    sqlite3_stmt *count = prep(B, "SELECT count(*), count(DISTINCT c.subject_id) FROM claims c "
                                  "WHERE c.topic = ?1" CLAIM_DATES);
    long long nc = 0, ns = 0;
    if (count) {
        sqlite3_bind_text(count, 1, topic, -1, SQLITE_STATIC);
        if (sqlite3_step(count) == SQLITE_ROW) {
            nc = sqlite3_column_int64(count, 0);
            ns = sqlite3_column_int64(count, 1);
        }
        sqlite3_finalize(count);
    }
    kb_buf_printf(B->out, "*Brief as of %s", B->as_of);
    if (B->o->since)
        kb_buf_printf(B->out, ", since %s", B->o->since);
    kb_buf_printf(B->out, " · %lld claim%s about %lld subject%s*\n\n", nc, nc == 1 ? "" : "s", ns,
                  ns == 1 ? "" : "s");
    /* the stances at a glance */
    sqlite3_stmt *st = prep(B,
        "SELECT e.name, sum(c.stance = 'bullish'), sum(c.stance = 'bearish'), "
        "sum(c.stance = 'neutral'), sum(c.stance = 'mixed') FROM claims c "
        "JOIN entities e ON e.id = c.subject_id WHERE c.topic = ?1" CLAIM_DATES
        " GROUP BY e.id ORDER BY count(*) DESC, e.name");
    if (st) {
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!rows++) {
                put(B, "## Stances\n\n");
                const char *head[] = {"Subject", "Bullish", "Bearish", "Neutral", "Mixed"};
                table_head(B, head, 5);
            }
            const char *cells[] = {T(st, 0), T(st, 1), T(st, 2), T(st, 3), T(st, 4)};
            table_row(B, cells, 5);
        }
        if (rows)
            put(B, "\n");
        sqlite3_finalize(st);
    }
    st = prep(B, "SELECT c.id, e.name, c.stance, c.claim_kind, c.status, c.rank, c.statement, "
                 "c.asserted_by, c.as_of FROM claims c JOIN entities e ON e.id = c.subject_id "
                 "WHERE c.topic = ?1" CLAIM_DATES
                 " ORDER BY e.name, c.as_of IS NULL, c.as_of DESC, c.slug");
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    if (st && cites) {
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        char *subject = NULL;
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!rows++)
                put(B, "## Claims\n");
            if (!subject || strcmp(subject, T(st, 1))) {
                free(subject);
                subject = strdup(T(st, 1));
                put(B, "\n### ");
                md(B, subject);
                put(B, "\n\n");
            }
            claim_item(B, cites, sqlite3_column_int64(st, 0), T(st, 2), T(st, 3), T(st, 4),
                       T(st, 5), T(st, 6), T(st, 7), T(st, 8), NULL);
        }
        if (rows)
            put(B, "\n");
        else
            put(B, "*kb holds no claim on this topic yet.*\n\n");
        free(subject);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cites);
    debates(B, "d.topic = ?1", 0, topic);
    footnotes(B);
}

/* A comparison. */

static void compare_brief(brief *B, const long long *ids, size_t n)
{
    static const struct {
        const char *label;
        const char *sql; /* ?1 is the company */
        int cites;       /* the value's second column is a source to footnote */
    } rows[] = {
        {"Cloud business", "SELECT cloud, NULL FROM companies WHERE entity_id = ?1", 0},
        {"Model families (open weights · closed)",
         "SELECT group_concat(f, '; '), NULL FROM (SELECT coalesce(m.family, x.name) || ' (' || "
         "sum(m.openness = 'open-weights') || ' · ' || sum(m.openness = 'closed') || ')' AS f "
         "FROM models m JOIN entities x ON x.id = m.entity_id WHERE m.developer_id = ?1 "
         "AND (m.released IS NULL OR m.released <= :as_of) "
         "GROUP BY coalesce(m.family, x.name) ORDER BY min(m.released), 1)", 0},
        {"Latest capex",
         "SELECT printf('%s %.1fB%s (%s, %s)', a.currency, a.amount / 1e9, "
         "  CASE WHEN a.amount_to IS NOT NULL THEN printf('-%.1fB', a.amount_to / 1e9) ELSE '' END, "
         "  coalesce(a.period, a.as_of), coalesce(a.status, 'status unknown')), "
         "  (SELECT ci.source_id FROM claims c JOIN citations ci ON ci.claim_id = c.id "
         "   WHERE c.subject_id = ?1 AND c.topic = 'capex'" CLAIM_DATES
         "   ORDER BY c.as_of DESC, ci.position LIMIT 1) "
         "FROM assets a WHERE a.owner_id = ?1 AND a.asset_type = 'capex-plan' AND a.amount IS NOT NULL "
         "AND (a.as_of IS NULL OR a.as_of <= :as_of) ORDER BY a.as_of DESC, a.period DESC LIMIT 1", 1},
        {"Custom chips",
         "SELECT group_concat(name, ', '), NULL FROM (SELECT e.name FROM assets a JOIN entities e "
         "ON e.id = a.entity_id WHERE a.owner_id = ?1 AND a.asset_type = 'chip' "
         "AND (a.as_of IS NULL OR a.as_of <= :as_of) ORDER BY a.as_of, e.name)", 0},
        {"Data centers and clusters",
         "SELECT group_concat(d, ', '), NULL FROM (SELECT e.name || coalesce(printf(' (%g MW)', "
         "a.capacity_mw), '') AS d FROM assets a JOIN entities e ON e.id = a.entity_id "
         "WHERE a.owner_id = ?1 AND a.asset_type IN ('data-center', 'gpu-cluster') "
         "AND (a.as_of IS NULL OR a.as_of <= :as_of) ORDER BY a.as_of, e.name)", 0},
        {"Claims: bullish · bearish · neutral · mixed",
         "SELECT printf('%d · %d · %d · %d', sum(c.stance = 'bullish'), sum(c.stance = 'bearish'), "
         "sum(c.stance = 'neutral'), sum(c.stance = 'mixed')), NULL FROM claims c "
         "WHERE c.subject_id = ?1" CLAIM_DATES, 0},
    };
    sqlite3_stmt *names = prep(B, "SELECT name FROM entities WHERE id = ?1");
    char **label = calloc(n, sizeof *label);
    put(B, "# ");
    for (size_t i = 0; names && label && i < n; i++) {
        sqlite3_reset(names);
        sqlite3_bind_int64(names, 1, ids[i]);
        if (sqlite3_step(names) == SQLITE_ROW)
            label[i] = strdup(T(names, 0));
        if (i)
            put(B, i == n - 1 ? " and " : ", ");
        md(B, label[i]);
    }
    put(B, " compared\n\n");
    kb_buf_printf(B->out, "*Brief as of %s*\n\n", B->as_of);
    /* the header row */
    put(B, "| |");
    for (size_t i = 0; label && i < n; i++) {
        put(B, " ");
        md(B, label[i]);
        put(B, " |");
    }
    put(B, "\n|---|");
    for (size_t i = 0; i < n; i++)
        put(B, "---|");
    put(B, "\n");
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        sqlite3_stmt *st = prep(B, rows[r].sql);
        if (!st)
            break;
        put(B, "| ");
        md(B, rows[r].label);
        put(B, " |");
        for (size_t i = 0; i < n; i++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, ids[i]);
            put(B, " ");
            if (sqlite3_step(st) == SQLITE_ROW && T(st, 0)) {
                md(B, T(st, 0));
                if (rows[r].cites && sqlite3_column_type(st, 1) != SQLITE_NULL) {
                    size_t k = note(B, sqlite3_column_int64(st, 1));
                    if (k)
                        kb_buf_printf(B->out, "[^%zu]", k);
                }
            } else {
                put(B, "—");
            }
            put(B, " |");
        }
        put(B, "\n");
        sqlite3_finalize(st);
    }
    put(B, "\n");
    /* each company's most recent claims, cited */
    sqlite3_stmt *top = prep(B,
        "SELECT c.id, c.stance, c.claim_kind, c.status, c.rank, c.statement, c.asserted_by, "
        "c.as_of FROM claims c WHERE c.subject_id = ?1" CLAIM_DATES
        " ORDER BY c.rank = 'preferred' DESC, c.as_of IS NULL, c.as_of DESC, c.slug LIMIT 5");
    sqlite3_stmt *cites = prep(B, CITES_SQL);
    for (size_t i = 0; top && cites && i < n; i++) {
        sqlite3_reset(top);
        sqlite3_bind_int64(top, 1, ids[i]);
        int k = 0;
        while (sqlite3_step(top) == SQLITE_ROW) {
            if (!k++) {
                put(B, "## ");
                md(B, label ? label[i] : "");
                put(B, ": latest claims\n\n");
            }
            claim_item(B, cites, sqlite3_column_int64(top, 0), T(top, 1), T(top, 2), T(top, 3),
                       T(top, 4), T(top, 5), T(top, 6), T(top, 7), NULL);
        }
        if (k)
            put(B, "\n");
    }
    sqlite3_finalize(top);
    sqlite3_finalize(cites);
    sqlite3_finalize(names);
    for (size_t i = 0; label && i < n; i++)
        free(label[i]);
    free(label);
    footnotes(B);
}

static long long entity_id(brief *B, const char *slug)
{
    sqlite3_stmt *st = prep(B, "SELECT id FROM entities WHERE slug = ?1");
    long long id = 0;
    if (st) {
        sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (!id && B->rc == KB_OK) {
        kb_buf hint = KB_BUF_INIT;
        int k = kb_suggest_slugs(B->db, KB_SLUGS_ENTITY, slug, &hint);
        B->rc = kb_error_set(B->err, KB_ERR_NOTFOUND, "no entity '%s'%s%s%s", slug,
                             k ? " (did you mean " : "", k ? hint.data : "", k ? "?)" : "");
        kb_buf_free(&hint);
    }
    return id;
}

kb_code kb_brief(kb_db *db, const kb_brief_options *o, kb_buf *out, kb_error *err)
{
    kb_error_clear(err);
    brief B = {.db = db, .o = o, .err = err};
    if (o->as_of) {
        if (!kb_date_valid(o->as_of) || strlen(o->as_of) != 10)
            return kb_error_set(err, KB_ERR_USAGE, "--as-of takes a day (2026-07-01), not '%s'",
                                o->as_of);
        snprintf(B.as_of, sizeof B.as_of, "%s", o->as_of);
    } else {
        kb_date_today(B.as_of);
    }
    if (o->since && !kb_date_valid(o->since))
        return kb_error_set(err, KB_ERR_USAGE, "--since takes a date, not '%s'", o->since);
    kb_buf md_out = KB_BUF_INIT;
    B.out = &md_out;
    /* one read transaction: every section sees the same base */
    kb_db_exec(db, "BEGIN", err);
    char *title = NULL;
    if (o->slug) {
        long long id = entity_id(&B, o->slug);
        if (id)
            entity_brief(&B, id);
    } else if (o->topic) {
        topic_brief(&B);
    } else if (o->ncompare) {
        long long *ids = calloc(o->ncompare, sizeof *ids);
        for (size_t i = 0; ids && i < o->ncompare && B.rc == KB_OK; i++)
            ids[i] = entity_id(&B, o->compare[i]);
        if (ids && B.rc == KB_OK)
            compare_brief(&B, ids, o->ncompare);
        free(ids);
    } else {
        B.rc = kb_error_set(err, KB_ERR_USAGE, "a brief needs an entity, a topic or companies to compare");
    }
    kb_db_rollback(db);
    free(B.notes);
    if (B.rc == KB_OK) {
        if (o->html) {
            /* the title: the first heading, as text */
            const char *h = md_out.data ? md_out.data + 2 : "kb brief";
            size_t n = strcspn(h, "\n");
            kb_buf t = KB_BUF_INIT;
            for (size_t i = 0; i < n; i++)
                if (h[i] != '\\')
                    kb_buf_append(&t, h + i, 1);
            title = kb_buf_take(&t);
            B.rc = kb_render_html(md_out.data ? md_out.data : "", title, out, err);
        } else {
            kb_buf_append(out, md_out.data ? md_out.data : "", md_out.len);
        }
    }
    free(title);
    kb_buf_free(&md_out);
    return B.rc;
}
