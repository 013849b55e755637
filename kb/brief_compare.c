/* A comparison: companies side by side, then each one's latest claims. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brief_internal.h"

void kb_brief_compare(brief *B, const long long *ids, size_t n)
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
    sqlite3_stmt *names = kb_brief_prep(B, "SELECT name FROM entities WHERE id = ?1");
    char **label = calloc(n, sizeof *label);
    put(B, "# ");
    for (size_t i = 0; names && label && i < n; i++) {
        sqlite3_reset(names);
        sqlite3_bind_int64(names, 1, ids[i]);
        if (kb_brief_row(B, names))
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
        sqlite3_stmt *st = kb_brief_prep(B, rows[r].sql);
        if (!st)
            break;
        put(B, "| ");
        md(B, rows[r].label);
        put(B, " |");
        for (size_t i = 0; i < n; i++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, ids[i]);
            put(B, " ");
            if (kb_brief_row(B, st) && T(st, 0)) {
                md(B, T(st, 0));
                if (rows[r].cites && sqlite3_column_type(st, 1) != SQLITE_NULL)
                    kb_brief_cite(B, sqlite3_column_int64(st, 1));
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
    sqlite3_stmt *top = kb_brief_prep(B,
        "SELECT " CLAIM_COLUMNS " FROM claims c WHERE c.subject_id = ?1" CLAIM_DATES
        " ORDER BY c.rank = 'preferred' DESC, c.as_of IS NULL, c.as_of DESC, c.slug LIMIT 5");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    for (size_t i = 0; top && cites && i < n; i++) {
        sqlite3_reset(top);
        sqlite3_bind_int64(top, 1, ids[i]);
        int k = 0;
        while (kb_brief_row(B, top)) {
            if (!k++) {
                put(B, "## ");
                md(B, label ? label[i] : "");
                put(B, ": latest claims\n\n");
            }
            kb_brief_claim_item(B, cites, top, 0);
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
    kb_brief_footnotes(B);
}
