/* Showing one thing. Each part of a page is one query; its column names are
 * the JSON keys, and the text renderer lays the same rows out for people. */
#include "kb/show.h"

#include <stdlib.h>
#include <string.h>

#include "kb/json.h"
#include "kb/names.h"
#include "kb/suggest.h"
#include "kb/utf8.h"

typedef struct part {
    const char *key;   /* NULL: the fields of the thing itself */
    const char *label; /* the heading in text */
    const char *sql;   /* ?1 is the thing's id */
} part;

static const part SOURCE[] = {
    {NULL, NULL,
     "SELECT 'source' AS kind, slug AS id, title, source_type AS type, origin, publisher, via, "
     "author, published, published_raw, updated, retrieved, lang, url, original_url, guid, "
     "ingested_from, "
     "CASE WHEN partial THEN 'yes: the page showed part of the article only' END AS partial, "
     "(SELECT group_concat(tag, ', ') FROM (SELECT tag FROM source_tags WHERE source_id = ?1 "
     "  ORDER BY tag)) AS tags, "
     "description, text FROM sources WHERE id = ?1"},
    {"claims", "Claims citing it",
     "SELECT c.slug AS id, c.stance, c.claim_kind AS kind, c.statement, ci.quote "
     "FROM citations ci JOIN claims c ON c.id = ci.claim_id WHERE ci.source_id = ?1 ORDER BY c.slug"},
    {"mentions", "Mentions",
     "SELECT e.slug AS id, e.name, m.hits FROM mentions m JOIN entities e ON e.id = m.entity_id "
     "WHERE m.source_id = ?1 ORDER BY m.hits DESC, e.slug"},
    {NULL, NULL, NULL}};

static const part CLAIM[] = {
    {NULL, NULL,
     "SELECT 'claim' AS kind, c.slug AS id, c.statement, e.slug AS subject, e.name AS subject_name, "
     "c.topic, c.claim_kind AS claim_kind, c.status, c.stance, c.rank, c.asserted_by, c.as_of "
     "FROM claims c JOIN entities e ON e.id = c.subject_id WHERE c.id = ?1"},
    {"citations", "Citations",
     "SELECT s.slug AS source, s.publisher, s.title, s.published, s.url, ci.quote "
     "FROM citations ci JOIN sources s ON s.id = ci.source_id WHERE ci.claim_id = ?1 "
     "ORDER BY ci.position"},
    {"involves", "Also about",
     "SELECT e.slug AS id, e.kind, e.name FROM claim_entities ce JOIN entities e "
     "ON e.id = ce.entity_id WHERE ce.claim_id = ?1 ORDER BY e.slug"},
    {"debates", "Argues",
     "SELECT d.slug AS debate, ds.slug AS side, ds.label, d.question FROM arguments a "
     "JOIN debate_sides ds ON ds.id = a.side_id JOIN debates d ON d.id = ds.debate_id "
     "WHERE a.claim_id = ?1 ORDER BY d.slug"},
    {NULL, NULL, NULL}};

static const part ENTITY[] = {
    {NULL, NULL,
     "SELECT e.kind, e.slug AS id, e.name, e.description, "
     "(SELECT group_concat(alias, ', ') FROM (SELECT alias FROM aliases WHERE entity_id = e.id "
     "  ORDER BY alias)) AS aliases, "
     "c.ticker, c.hq, c.cloud, "
     "(SELECT slug FROM entities WHERE id = m.developer_id) AS developer, m.family, m.released, "
     "m.openness, m.license, m.parameters, "
     "(SELECT slug FROM entities WHERE id = a.owner_id) AS owner, a.asset_type, a.location, "
     "a.capacity_mw, a.gpu_count, a.amount, a.amount_to, a.currency, a.period, a.status, a.as_of, "
     "(SELECT count(*) FROM claims WHERE subject_id = e.id) AS claims_about, "
     "(SELECT count(*) FROM claim_entities WHERE entity_id = e.id) AS claims_involving, "
     "(SELECT count(*) FROM mentions WHERE entity_id = e.id) AS sources_mentioning, "
     "(SELECT count(*) FROM relations WHERE from_id = e.id OR to_id = e.id) AS relations "
     "FROM entities e LEFT JOIN companies c ON c.entity_id = e.id "
     "LEFT JOIN models m ON m.entity_id = e.id LEFT JOIN assets a ON a.entity_id = e.id "
     "WHERE e.id = ?1"},
    {"models", "Models",
     "SELECT e.slug AS id, e.name, m.released, m.openness, m.license FROM models m "
     "JOIN entities e ON e.id = m.entity_id WHERE m.developer_id = ?1 "
     "ORDER BY m.released IS NULL, m.released, e.slug"},
    {"assets", "Infrastructure",
     "SELECT e.slug AS id, e.name, a.asset_type, a.location, a.capacity_mw, a.status, a.as_of "
     "FROM assets a JOIN entities e ON e.id = a.entity_id WHERE a.owner_id = ?1 ORDER BY e.slug"},
    {"claims", "Claims",
     "SELECT c.slug AS id, c.stance, c.claim_kind AS kind, c.as_of, c.statement FROM claims c "
     "WHERE c.subject_id = ?1 ORDER BY c.topic, c.as_of DESC, c.slug"},
    {"relations", "Relations",
     "SELECT f.slug AS from_entity, r.rel_type AS relation, t.slug AS to_entity, r.as_of "
     "FROM relations r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
     "WHERE r.from_id = ?1 OR r.to_id = ?1 ORDER BY f.slug, r.rel_type, t.slug"},
    {"debates", "Debates",
     "SELECT slug AS id, question FROM debates WHERE subject_id = ?1 ORDER BY slug"},
    {"sources", "Latest sources mentioning it",
     "SELECT s.slug AS id, s.published, s.publisher, s.title FROM mentions m "
     "JOIN sources s ON s.id = m.source_id WHERE m.entity_id = ?1 "
     "ORDER BY s.published IS NULL, s.published DESC, m.hits DESC LIMIT 10"},
    {NULL, NULL, NULL}};

static const part DEBATE[] = {
    {NULL, NULL,
     "SELECT 'debate' AS kind, d.slug AS id, d.question, e.slug AS subject, d.topic, "
     "d.description FROM debates d JOIN entities e ON e.id = d.subject_id WHERE d.id = ?1"},
    {"arguments", "Sides",
     "SELECT ds.slug AS side, ds.label, ds.summary, c.slug AS claim, c.stance, c.statement "
     "FROM debate_sides ds LEFT JOIN arguments a ON a.side_id = ds.id "
     "LEFT JOIN claims c ON c.id = a.claim_id WHERE ds.debate_id = ?1 "
     "ORDER BY ds.position, a.position"},
    {NULL, NULL, NULL}};

/* Columns shown as a block of text after the others. */
static int long_text(const char *name)
{
    return !strcmp(name, "text") || !strcmp(name, "description") || !strcmp(name, "statement") ||
           !strcmp(name, "question") || !strcmp(name, "cloud");
}

static void json_row(kb_json *w, sqlite3_stmt *st)
{
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        kb_json_key(w, sqlite3_column_name(st, i));
        kb_json_column(w, st, i);
    }
}

static const char *text_of(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* The fields of the thing, for people: short ones aligned, long ones after. */
static void text_fields(kb_buf *b, sqlite3_stmt *st, const char *head)
{
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        const char *name = sqlite3_column_name(st, i), *v = text_of(st, i);
        if (v && !long_text(name) && strcmp(name, "title") && strcmp(name, "name"))
            kb_buf_printf(b, "  %-18s %s\n", name, v);
    }
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        const char *name = sqlite3_column_name(st, i), *v = text_of(st, i);
        if (v && long_text(name) && !(head && strcmp(v, head) == 0))
            kb_buf_printf(b, "\n%s\n", v);
    }
}

/* One row of a list: its short values on a line, then its quote or statement. */
static void text_row(kb_buf *b, sqlite3_stmt *st, const char *group_col, char **group)
{
    int n = sqlite3_column_count(st);
    if (group_col) { /* a debate's sides: a heading each time the side changes */
        const char *side = text_of(st, 0), *label = text_of(st, 1), *summary = text_of(st, 2);
        if (!*group || strcmp(*group, side) != 0) {
            kb_buf_printf(b, "\n  %s (%s)\n", label ? label : side, side);
            if (summary)
                kb_buf_printf(b, "    %s\n", summary);
            free(*group);
            *group = strdup(side);
        }
        if (text_of(st, 3))
            kb_buf_printf(b, "    - %s [%s] %s\n", text_of(st, 3), text_of(st, 4), text_of(st, 5));
        return;
    }
    kb_buf_puts(b, "  -");
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i), *v = text_of(st, i);
        if (v && strcmp(name, "quote") && !long_text(name))
            kb_buf_printf(b, " %s", v);
    }
    kb_buf_puts(b, "\n");
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i), *v = text_of(st, i);
        if (v && long_text(name))
            kb_buf_printf(b, "      %s\n", v);
        if (v && !strcmp(name, "quote"))
            kb_buf_printf(b, "      \"%s\"\n", v);
    }
}

static kb_code lay_out(kb_db *db, const part *parts, long long id, kb_show_format fmt, kb_buf *out,
                       kb_error *err)
{
    kb_json w;
    kb_json_init(&w, out, 0);
    if (fmt == KB_SHOW_JSON)
        kb_json_begin_object(&w);
    for (const part *p = parts; p->sql; p++) {
        sqlite3_stmt *st;
        if (kb_db_prepare(db, p->sql, &st, err))
            return err->code;
        sqlite3_bind_int64(st, 1, id);
        int rc = SQLITE_DONE;
        if (!p->key) {
            if ((rc = kb_db_step(db, st, err)) == SQLITE_ROW) {
                if (fmt == KB_SHOW_JSON)
                    json_row(&w, st);
                else {
                    const char *head = NULL;
                    for (int i = 0; i < sqlite3_column_count(st); i++) {
                        const char *name = sqlite3_column_name(st, i);
                        if (!strcmp(name, "title") || !strcmp(name, "name") ||
                            !strcmp(name, "question") || !strcmp(name, "statement")) {
                            head = text_of(st, i);
                            break;
                        }
                    }
                    kb_buf_printf(out, "%s %s\n", text_of(st, 0), text_of(st, 1));
                    if (head && strlen(head) >= 200)
                        head = NULL; /* a long statement is shown as a block below */
                    if (head)
                        kb_buf_printf(out, "%s\n\n", head);
                    text_fields(out, st, head);
                }
                rc = SQLITE_DONE;
            }
        } else {
            int rows = 0;
            char *group = NULL;
            if (fmt == KB_SHOW_JSON) {
                kb_json_key(&w, p->key);
                kb_json_begin_array(&w);
            }
            while ((rc = kb_db_step(db, st, err)) == SQLITE_ROW) {
                if (fmt == KB_SHOW_JSON) {
                    kb_json_begin_object(&w);
                    json_row(&w, st);
                    kb_json_end_object(&w);
                } else {
                    if (!rows)
                        kb_buf_printf(out, "\n%s\n", p->label);
                    text_row(out, st, parts == DEBATE ? "side" : NULL, &group);
                }
                rows++;
            }
            free(group);
            if (fmt == KB_SHOW_JSON)
                kb_json_end_array(&w);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) /* half a page is no page */
            return KB_ERR_DB;
    }
    if (fmt == KB_SHOW_JSON) {
        kb_json_end_object(&w);
        kb_buf_puts(out, "\n");
        if (kb_json_status(&w))
            return kb_error_set(err, KB_ERR_NOMEM, "out of memory showing it");
    }
    return KB_OK;
}

/* The page, appended to page. Text for people is laid out first and then escaped as
 * a whole (kb_text_escape), so that nothing from the base, whichever field
 * it is in, carries a control sequence to a terminal; JSON escapes its own. */
static kb_code render(kb_db *db, const part *parts, long long id, kb_show_format fmt, kb_buf *page,
                      kb_error *err)
{
    kb_buf text = KB_BUF_INIT;
    kb_buf *out = fmt == KB_SHOW_JSON ? page : &text;
    kb_code rc = lay_out(db, parts, id, fmt, out, err);
    if (rc == KB_OK && fmt != KB_SHOW_JSON && kb_text_escape(page, text.data, text.len))
        rc = kb_error_set(err, KB_ERR_NOMEM, "out of memory showing it");
    kb_buf_free(&text);
    return rc;
}

/* The id of the thing with that slug in *id, 0 when there is none. */
static kb_code find(kb_db *db, const char *sql, const char *slug, long long *id, kb_error *err)
{
    sqlite3_stmt *st;
    *id = 0;
    if (kb_db_prepare(db, sql, &st, err))
        return KB_ERR_DB;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    int rc = kb_db_step(db, st, err);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KB_OK : KB_ERR_DB;
}

kb_code kb_show(kb_db *db, const char *slug, kb_kind kind, kb_show_format format, kb_buf *out,
                kb_error *err)
{
    static const struct {
        kb_kind kind;
        const char *sql;
        const part *parts;
    } kinds[] = {
        {KB_KIND_ENTITY, "SELECT id FROM entities WHERE slug = ?1", ENTITY},
        {KB_KIND_CLAIM, "SELECT id FROM claims WHERE slug = ?1", CLAIM},
        {KB_KIND_DEBATE, "SELECT id FROM debates WHERE slug = ?1", DEBATE},
        {KB_KIND_SOURCE, "SELECT id FROM sources WHERE slug = ?1", SOURCE},
    };
    kb_error_clear(err);
    kb_kind asked = kind;
    kind = kb_kind_table_of(kind);
    unsigned looked = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (kind != KB_KIND_NONE && kind != kinds[i].kind)
            continue;
        long long id;
        if (find(db, kinds[i].sql, slug, &id, err))
            return KB_ERR_DB;
        if (id)
            return render(db, kinds[i].parts, id, format, out, err);
        looked |= KB_KIND_BIT(kinds[i].kind);
    }
    /* No slug: an entity may go by the name or alias given. */
    if (kind == KB_KIND_NONE || kind == KB_KIND_ENTITY) {
        long long id;
        if (kb_entity_named(db, slug, asked, &id, err))
            return err->code;
        if (id)
            return render(db, ENTITY, id, format, out, err);
    }
    kb_buf hint = KB_BUF_INIT, what = KB_BUF_INIT;
    int k = kb_suggest_slugs(db, kind, slug, &hint);
    kb_kind_list(looked, "or", &what);
    kb_error_set_value(err, KB_ERR_NOTFOUND, slug, "no %s '%s'%s%s%s",
                       what.data ? what.data : "thing", slug, k ? " (did you mean " : "",
                       k ? hint.data : "", k ? "?)" : "");
    kb_buf_free(&what);
    kb_buf_free(&hint);
    return KB_ERR_NOTFOUND;
}
