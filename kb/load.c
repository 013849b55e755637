/* Loading data files: validate everything, resolve every reference, then
 * write it all in one transaction, or nothing at all. */
#include "kb/load.h"

#include <errno.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/buf.h"
#include "kb/date.h"
#include "kb/fileio.h"
#include "kb/hash.h"
#include "kb/json.h"
#include "kb/link.h"
#include "internal.h"
#include "kb/utf8.h"
#include "kb/suggest.h"

const char *kb_thing_name(kb_thing t)
{
    static const char *names[KB_THING_COUNT] = {"entity", "source", "relation", "claim",
                                                "debate", "synonym"};
    return t < KB_THING_COUNT ? names[t] : "?";
}

/* One top-level element of a data file. */
typedef struct item {
    kb_thing thing;
    xmlNodePtr node;
    const char *file;
    long line;
    char *key;    /* the slug; for a relation "from type to"; for a synonym its term */
    char *before; /* its snapshot before the load; NULL when new */
    int failed;   /* a reference did not resolve: not written */
} item;

enum stmt_id {
    ENT_FIND, ENT_UPSERT, ENT_ALIASES, ALIAS_DEL, ALIAS_INS,
    DEL_COMPANY, DEL_MODEL, DEL_ASSET, COMPANY_INS, MODEL_INS, ASSET_INS,
    SRC_FIND_SLUG, SRC_FIND_URL, SRC_UPSERT, SRC_TAGS_DEL, SRC_TAG_INS,
    REL_UPSERT,
    CLAIM_FIND, CLAIM_UPSERT, CITE_DEL, CITE_INS, CE_DEL, CE_INS,
    DEBATE_UPSERT, SIDE_PRUNE, SIDE_UPSERT, SIDE_ID, ARG_DEL, ARG_INS,
    SYN_DEL, SYN_INS,
    SNAP_ENTITY, SNAP_SOURCE, SNAP_RELATION, SNAP_CLAIM, SNAP_DEBATE, SNAP_SYNONYM,
    KEEP_INS,
    N_STMT
};

static const char *const SQL[N_STMT] = {
    [ENT_FIND] = "SELECT id, kind FROM entities WHERE slug = ?1",
    [ENT_UPSERT] =
        "INSERT INTO entities(slug, kind, name, description) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(slug) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
        "description = excluded.description WHERE kind IS NOT excluded.kind "
        "OR name IS NOT excluded.name OR description IS NOT excluded.description",
    [ENT_ALIASES] = "SELECT coalesce(group_concat(alias, char(10)), '') FROM "
                    "(SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY alias)",
    [ALIAS_DEL] = "DELETE FROM aliases WHERE entity_id = ?1",
    [ALIAS_INS] = "INSERT OR IGNORE INTO aliases(entity_id, alias) VALUES (?1, ?2)",
    [DEL_COMPANY] = "DELETE FROM companies WHERE entity_id = ?1",
    [DEL_MODEL] = "DELETE FROM models WHERE entity_id = ?1",
    [DEL_ASSET] = "DELETE FROM assets WHERE entity_id = ?1",
    [COMPANY_INS] = "INSERT INTO companies(entity_id, ticker, hq, cloud) VALUES (?1, ?2, ?3, ?4)",
    [MODEL_INS] = "INSERT INTO models(entity_id, developer_id, family, released, openness, "
                  "license, parameters) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ASSET_INS] = "INSERT INTO assets(entity_id, owner_id, asset_type, location, capacity_mw, "
                  "gpu_count, amount, amount_to, currency, period, status, as_of) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [SRC_FIND_SLUG] = "SELECT id, origin, url FROM sources WHERE slug = ?1",
    [SRC_FIND_URL] = "SELECT id, origin, slug FROM sources WHERE url = ?1",
    [SRC_UPSERT] =
        "INSERT INTO sources(slug, source_type, origin, url, title, publisher, via, "
        "original_url, author, published, retrieved, lang, description, text, text_hash, "
        "published_raw, updated, ingested_from, guid, partial) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20) "
        "ON CONFLICT(slug) DO UPDATE SET source_type = excluded.source_type, "
        "origin = excluded.origin, url = excluded.url, title = excluded.title, "
        "publisher = excluded.publisher, via = excluded.via, "
        "original_url = excluded.original_url, author = excluded.author, "
        "published = excluded.published, retrieved = excluded.retrieved, "
        "lang = excluded.lang, description = excluded.description, text = excluded.text, "
        "text_hash = excluded.text_hash, published_raw = excluded.published_raw, "
        "updated = excluded.updated, ingested_from = excluded.ingested_from, "
        "guid = excluded.guid, partial = excluded.partial "
        "WHERE source_type IS NOT excluded.source_type OR origin IS NOT excluded.origin "
        "OR url IS NOT excluded.url OR title IS NOT excluded.title "
        "OR publisher IS NOT excluded.publisher OR via IS NOT excluded.via "
        "OR original_url IS NOT excluded.original_url OR author IS NOT excluded.author "
        "OR published IS NOT excluded.published OR retrieved IS NOT excluded.retrieved "
        "OR lang IS NOT excluded.lang OR description IS NOT excluded.description "
        "OR text IS NOT excluded.text OR published_raw IS NOT excluded.published_raw "
        "OR updated IS NOT excluded.updated OR ingested_from IS NOT excluded.ingested_from "
        "OR guid IS NOT excluded.guid OR partial IS NOT excluded.partial",
    [SRC_TAGS_DEL] = "DELETE FROM source_tags WHERE source_id = (SELECT id FROM sources "
                     "WHERE slug = ?1)",
    [SRC_TAG_INS] = "INSERT OR IGNORE INTO source_tags(source_id, tag) "
                    "SELECT id, ?2 FROM sources WHERE slug = ?1",
    [REL_UPSERT] =
        "INSERT INTO relations(from_id, rel_type, to_id, source_id, as_of, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(from_id, rel_type, to_id) DO UPDATE "
        "SET source_id = excluded.source_id, as_of = excluded.as_of, note = excluded.note",
    [CLAIM_FIND] = "SELECT id FROM claims WHERE slug = ?1",
    [CLAIM_UPSERT] =
        "INSERT INTO claims(slug, subject_id, topic, claim_kind, status, stance, rank, "
        "statement, asserted_by, as_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT(slug) DO UPDATE SET subject_id = excluded.subject_id, "
        "topic = excluded.topic, claim_kind = excluded.claim_kind, status = excluded.status, "
        "stance = excluded.stance, rank = excluded.rank, statement = excluded.statement, "
        "asserted_by = excluded.asserted_by, as_of = excluded.as_of "
        "WHERE subject_id IS NOT excluded.subject_id OR topic IS NOT excluded.topic "
        "OR claim_kind IS NOT excluded.claim_kind OR status IS NOT excluded.status "
        "OR stance IS NOT excluded.stance OR rank IS NOT excluded.rank "
        "OR statement IS NOT excluded.statement OR asserted_by IS NOT excluded.asserted_by "
        "OR as_of IS NOT excluded.as_of",
    [CITE_DEL] = "DELETE FROM citations WHERE claim_id = ?1",
    [CITE_INS] = "INSERT INTO citations(claim_id, source_id, quote, position) "
                 "VALUES (?1, ?2, ?3, ?4)",
    [CE_DEL] = "DELETE FROM claim_entities WHERE claim_id = ?1",
    [CE_INS] = "INSERT OR IGNORE INTO claim_entities(claim_id, entity_id) VALUES (?1, ?2)",
    [DEBATE_UPSERT] =
        "INSERT INTO debates(slug, subject_id, topic, question, description) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(slug) DO UPDATE SET "
        "subject_id = excluded.subject_id, topic = excluded.topic, "
        "question = excluded.question, description = excluded.description "
        "WHERE subject_id IS NOT excluded.subject_id OR topic IS NOT excluded.topic "
        "OR question IS NOT excluded.question OR description IS NOT excluded.description",
    /* Sides keep their ids across loads: upserted by slug, the rest pruned. */
    [SIDE_PRUNE] = "DELETE FROM debate_sides WHERE debate_id = (SELECT id FROM debates "
                   "WHERE slug = ?1) AND slug NOT IN (SELECT value FROM json_each(?2))",
    [SIDE_UPSERT] =
        "INSERT INTO debate_sides(debate_id, slug, label, summary, position) "
        "VALUES ((SELECT id FROM debates WHERE slug = ?1), ?2, ?3, ?4, ?5) "
        "ON CONFLICT(debate_id, slug) DO UPDATE SET label = excluded.label, "
        "summary = excluded.summary, position = excluded.position "
        "WHERE label IS NOT excluded.label OR summary IS NOT excluded.summary "
        "OR position IS NOT excluded.position",
    [SIDE_ID] = "SELECT ds.id FROM debate_sides ds JOIN debates d ON d.id = ds.debate_id "
                "WHERE d.slug = ?1 AND ds.slug = ?2",
    [ARG_DEL] = "DELETE FROM arguments WHERE side_id = ?1",
    [ARG_INS] = "INSERT INTO arguments(side_id, claim_id, position) VALUES (?1, ?2, ?3)",
    [SYN_DEL] = "DELETE FROM synonyms WHERE term = ?1",
    [SYN_INS] = "INSERT OR IGNORE INTO synonyms(term, alt) VALUES (?1, ?2)",
    [SNAP_SYNONYM] = "SELECT CASE WHEN count(*) THEN json_group_array(alt) END FROM "
                     "(SELECT alt FROM synonyms WHERE term = ?1 ORDER BY alt)",
    [SNAP_ENTITY] =
        "SELECT json_array(e.kind, e.name, e.description, "
        "(SELECT json_group_array(alias) FROM (SELECT alias FROM aliases "
        "  WHERE entity_id = e.id ORDER BY alias)), "
        "c.ticker, c.hq, c.cloud, "
        "(SELECT slug FROM entities WHERE id = m.developer_id), m.family, m.released, "
        "m.openness, m.license, m.parameters, "
        "(SELECT slug FROM entities WHERE id = a.owner_id), a.asset_type, a.location, "
        "a.capacity_mw, a.gpu_count, a.amount, a.amount_to, a.currency, a.period, "
        "a.status, a.as_of) "
        "FROM entities e LEFT JOIN companies c ON c.entity_id = e.id "
        "LEFT JOIN models m ON m.entity_id = e.id LEFT JOIN assets a ON a.entity_id = e.id "
        "WHERE e.slug = ?1",
    [SNAP_SOURCE] =
        "SELECT json_array(source_type, origin, url, title, publisher, via, original_url, "
        "author, published, retrieved, lang, description, text, published_raw, updated, "
        "ingested_from, guid, partial, (SELECT json_group_array(tag) FROM (SELECT tag "
        "  FROM source_tags WHERE source_id = sources.id ORDER BY tag))) "
        "FROM sources WHERE slug = ?1",
    [SNAP_RELATION] =
        "SELECT json_array(s.slug, r.as_of, r.note) FROM relations r "
        "JOIN sources s ON s.id = r.source_id "
        "WHERE r.from_id = (SELECT id FROM entities WHERE slug = ?1) AND r.rel_type = ?2 "
        "AND r.to_id = (SELECT id FROM entities WHERE slug = ?3)",
    [SNAP_CLAIM] =
        "SELECT json_array((SELECT slug FROM entities WHERE id = c.subject_id), c.topic, "
        "c.claim_kind, c.status, c.stance, c.rank, c.statement, c.asserted_by, c.as_of, "
        "(SELECT json_group_array(json_array(slug, quote)) FROM (SELECT s.slug, ci.quote "
        "  FROM citations ci JOIN sources s ON s.id = ci.source_id "
        "  WHERE ci.claim_id = c.id ORDER BY ci.position)), "
        "(SELECT json_group_array(slug) FROM (SELECT e.slug FROM claim_entities ce "
        "  JOIN entities e ON e.id = ce.entity_id WHERE ce.claim_id = c.id ORDER BY e.slug))) "
        "FROM claims c WHERE c.slug = ?1",
    [SNAP_DEBATE] =
        "SELECT json_array((SELECT slug FROM entities WHERE id = d.subject_id), d.topic, "
        "d.question, d.description, "
        "(SELECT json_group_array(json_array(slug, label, summary, args)) FROM "
        "  (SELECT ds.slug, ds.label, ds.summary, "
        "     (SELECT json_group_array(slug) FROM (SELECT c.slug FROM arguments a "
        "        JOIN claims c ON c.id = a.claim_id WHERE a.side_id = ds.id "
        "        ORDER BY a.position)) AS args "
        "   FROM debate_sides ds WHERE ds.debate_id = d.id ORDER BY ds.position))) "
        "FROM debates d WHERE d.slug = ?1",
    [KEEP_INS] = "INSERT OR IGNORE INTO temp.load_keep(thing, key) VALUES (?1, ?2)",
};

typedef struct loader {
    kb_db *db;
    int replace;
    kb_diags *diags;
    kb_error *err;
    kb_load_report *rep;
    item *items;
    size_t nitems, cap;
    sqlite3_stmt *st[N_STMT];
    kb_code dbfail; /* set once the base itself failed */
} loader;

/* The statement, prepared on first use and reset for this use. */
static sqlite3_stmt *S(loader *L, enum stmt_id id)
{
    if (!L->st[id] && sqlite3_prepare_v2(L->db->sql, SQL[id], -1, &L->st[id], NULL) != SQLITE_OK) {
        if (!L->dbfail)
            L->dbfail = kb_db_fail(L->db, L->err, "preparing a statement");
        return NULL;
    }
    sqlite3_reset(L->st[id]);
    sqlite3_clear_bindings(L->st[id]);
    return L->st[id];
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no row we need; notes a failure of the base. */
static int run(loader *L, sqlite3_stmt *st, const item *it)
{
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    if (rc == SQLITE_DONE)
        return 0;
    /* A constraint of the base is a problem with the input: say where. */
    if ((rc & 0xff) == SQLITE_CONSTRAINT && it) {
        kb_diags_add(L->diags, KB_SEV_ERROR, it->file, it->line, NULL, "%s '%s': %s",
                     kb_thing_name(it->thing), it->key, sqlite3_errmsg(L->db->sql));
        return -1;
    }
    if (!L->dbfail)
        L->dbfail = kb_db_fail(L->db, L->err, "writing");
    return -1;
}

/* Runs a statement whose one parameter is an id (the removal of what
 * belongs to it). */
static void run_id(loader *L, enum stmt_id which, long long id, const item *it)
{
    sqlite3_stmt *st = S(L, which);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        run(L, st, it);
    }
}

/* Steps a lookup: 1 for a row, 0 for none; a failure of the base is noted
 * (the first one says it best) and reads as no row. */
static int row(loader *L, sqlite3_stmt *st)
{
    int rc = kb_db_step(L->db, st, L->dbfail ? NULL : L->err);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE && !L->dbfail)
        L->dbfail = KB_ERR_DB;
    return 0;
}

static void report(loader *L, xmlNodePtr node, const item *it, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(loader *L, xmlNodePtr node, const item *it, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = node ? xmlGetLineNo(node) : it->line;
    kb_diags_add(L->diags, KB_SEV_ERROR, it->file, line > 0 ? line : it->line, NULL,
                 "%s '%s': %s", (const char *)it->node->name, it->key, msg);
}

/* Items and their keys. */

static kb_thing thing_of(const char *tag)
{
    if (!strcmp(tag, "source"))
        return KB_THING_SOURCE;
    if (!strcmp(tag, "claim"))
        return KB_THING_CLAIM;
    if (!strcmp(tag, "debate"))
        return KB_THING_DEBATE;
    if (!strcmp(tag, "relation"))
        return KB_THING_RELATION;
    if (!strcmp(tag, "synonym"))
        return KB_THING_SYNONYM;
    return KB_THING_ENTITY;
}

static char *relation_key(xmlNodePtr n)
{
    char *from = kb_xml_attr(n, "from"), *type = kb_xml_attr(n, "type"), *to = kb_xml_attr(n, "to");
    kb_buf b = KB_BUF_INIT;
    kb_buf_printf(&b, "%s %s %s", from ? from : "", type ? type : "", to ? to : "");
    free(from);
    free(type);
    free(to);
    return kb_buf_take(&b);
}

static void add_items(loader *L, xmlDocPtr doc, const char *file)
{
    for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (L->nitems == L->cap) {
            size_t cap = L->cap ? L->cap * 2 : 64;
            item *v = realloc(L->items, cap * sizeof *v);
            if (!v)
                return;
            L->items = v;
            L->cap = cap;
        }
        item *it = &L->items[L->nitems++];
        memset(it, 0, sizeof *it);
        it->thing = thing_of((const char *)n->name);
        it->node = n;
        it->file = file;
        it->line = xmlGetLineNo(n);
        it->key = it->thing == KB_THING_RELATION  ? relation_key(n)
                  : it->thing == KB_THING_SYNONYM ? kb_xml_attr(n, "term")
                                                  : kb_xml_attr(n, "slug");
        if (!it->key)
            it->key = strdup("");
    }
}

static int cmp_item_key(const void *a, const void *b)
{
    const item *x = *(item *const *)a, *y = *(item *const *)b;
    if (x->thing != y->thing)
        return x->thing < y->thing ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    c = strcmp(x->file, y->file);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The same slug defined twice, in one file or two, is an error at each. */
static void find_duplicates(loader *L)
{
    item **v = malloc(L->nitems * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < L->nitems; i++)
        v[i] = &L->items[i];
    qsort(v, L->nitems, sizeof *v, cmp_item_key);
    for (size_t i = 1; i < L->nitems; i++) {
        if (v[i]->thing == v[i - 1]->thing && strcmp(v[i]->key, v[i - 1]->key) == 0) {
            kb_diags_add(L->diags, KB_SEV_ERROR, v[i]->file, v[i]->line, NULL,
                         "%s '%s' is defined twice (first at %s:%ld)", kb_thing_name(v[i]->thing),
                         v[i]->key, v[i - 1]->file, v[i - 1]->line);
        }
    }
    free(v);
}

/* Dates: the grammar checks the shape, this checks the calendar. */
static void check_dates(loader *L, xmlNodePtr n, const item *it)
{
    /* published and updated may hold a moment (2024-07-23T08:30:00Z) */
    static const struct {
        const char *name;
        bool moment;
    } date_elems[] = {{"released", false}, {"as-of", false}, {"published", true},
                      {"retrieved", false}, {"updated", true}};
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < sizeof date_elems / sizeof *date_elems; i++) {
            if (strcmp((const char *)c->name, date_elems[i].name) != 0)
                continue;
            char *d = kb_xml_text(c, 1);
            if (d && !(date_elems[i].moment ? kb_datetime_valid(d) : kb_date_valid(d)))
                report(L, c, it, "<%s> is not a real date: '%s'", date_elems[i].name, d);
            free(d);
        }
    }
    char *d = kb_xml_attr(n, "as-of");
    if (d && !kb_date_valid(d))
        report(L, n, it, "as-of is not a real date: '%s'", d);
    free(d);
}

/* Snapshots: a JSON rendering of a thing as the base holds it, so that a load
 * can tell added, updated and unchanged apart whatever it rewrote. */
static char *snapshot(loader *L, const item *it)
{
    sqlite3_stmt *st;
    if (it->thing == KB_THING_RELATION) {
        st = S(L, SNAP_RELATION);
        if (!st)
            return NULL;
        char *from = kb_xml_attr(it->node, "from"), *type = kb_xml_attr(it->node, "type");
        char *to = kb_xml_attr(it->node, "to");
        bind_text(st, 1, from);
        bind_text(st, 2, type);
        bind_text(st, 3, to);
        free(from);
        free(type);
        free(to);
    } else {
        static const enum stmt_id which[KB_THING_COUNT] = {
            [KB_THING_ENTITY] = SNAP_ENTITY, [KB_THING_SOURCE] = SNAP_SOURCE,
            [KB_THING_CLAIM] = SNAP_CLAIM, [KB_THING_DEBATE] = SNAP_DEBATE,
            [KB_THING_SYNONYM] = SNAP_SYNONYM};
        st = S(L, which[it->thing]);
        if (!st)
            return NULL;
        bind_text(st, 1, it->key);
    }
    char *out = NULL;
    if (row(L, st) && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return out;
}

/* References. */

static int in_files(loader *L, kb_thing thing, const char *key)
{
    for (size_t i = 0; i < L->nitems; i++)
        if (L->items[i].thing == thing && strcmp(L->items[i].key, key) == 0)
            return 1;
    return 0;
}

static void unknown(loader *L, xmlNodePtr n, item *it, kb_kind space, const char *what,
                    const char *slug)
{
    it->failed = 1;
    if (L->dbfail) /* not looked up: the base failed, and that is the error */
        return;
    kb_buf hint = KB_BUF_INIT;
    int k = L->replace ? 0 : kb_suggest_slugs(L->db, space, slug, &hint);
    report(L, n, it, "unknown %s '%s'%s%s%s%s", what, slug, k ? " (did you mean " : "",
           k ? hint.data : "", k ? "?)" : "",
           L->replace ? " (with --replace, only what the files define counts)" : "");
    kb_buf_free(&hint);
    it->failed = 1;
}

/* The id in the first column of the row that a lookup by one key finds, or
 * 0 when there is none (or the base failed, which is noted). */
static long long find_id(loader *L, enum stmt_id which, const char *key)
{
    sqlite3_stmt *st = S(L, which);
    if (!st)
        return 0;
    bind_text(st, 1, key);
    long long id = row(L, st) ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

/* The id of the thing with that slug, or 0 after reporting it unknown. With
 * --replace only what the files define counts. */
static long long known_id(loader *L, xmlNodePtr n, item *it, kb_thing thing, const char *slug,
                          const char *what)
{
    static const struct {
        enum stmt_id find;
        kb_kind space;
    } by_thing[KB_THING_COUNT] = {[KB_THING_ENTITY] = {ENT_FIND, KB_KIND_ENTITY},
                                  [KB_THING_CLAIM] = {CLAIM_FIND, KB_KIND_CLAIM}};
    if (!slug)
        return 0;
    long long id = 0;
    if (!L->replace || in_files(L, thing, slug))
        id = find_id(L, by_thing[thing].find, slug);
    if (!id)
        unknown(L, n, it, by_thing[thing].space, what, slug);
    return id;
}

static long long entity_id(loader *L, xmlNodePtr n, item *it, const char *slug, const char *what)
{
    return known_id(L, n, it, KB_THING_ENTITY, slug, what);
}

static long long source_id(loader *L, xmlNodePtr n, item *it, const char *slug, const char *url)
{
    sqlite3_stmt *st = S(L, slug ? SRC_FIND_SLUG : SRC_FIND_URL);
    if (!st)
        return 0;
    bind_text(st, 1, slug ? slug : url);
    long long id = 0;
    if (row(L, st)) {
        const char *origin = (const char *)sqlite3_column_text(st, 1);
        const char *key = (const char *)sqlite3_column_text(st, 2);
        if (!L->replace || strcmp(origin, "ingested") == 0 ||
            in_files(L, KB_THING_SOURCE, slug ? slug : key ? key : ""))
            id = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (!id) {
        if (slug)
            unknown(L, n, it, KB_KIND_SOURCE, "source", slug);
        else if (L->dbfail) /* not looked up: the base failed */
            it->failed = 1;
        else {
            report(L, n, it, "cites unknown source URL '%s'", url);
            it->failed = 1;
        }
    }
    return id;
}

static long long claim_id(loader *L, xmlNodePtr n, item *it, const char *slug)
{
    return known_id(L, n, it, KB_THING_CLAIM, slug, "claim");
}

/* Entities, in two passes: the rows first, so that details may refer to any
 * entity of the load whatever the order of the files. */

static void write_entity_row(loader *L, item *it)
{
    const char *tag = (const char *)it->node->name;
    char *kind = strcmp(tag, "entity") == 0 ? kb_xml_attr(it->node, "kind") : strdup(tag);
    char *name = kb_xml_child_text(it->node, "name", 1);
    char *desc = kb_xml_child_text(it->node, "description", 1);
    sqlite3_stmt *st = S(L, ENT_UPSERT);
    if (st) {
        bind_text(st, 1, it->key);
        bind_text(st, 2, kind);
        bind_text(st, 3, name);
        bind_text(st, 4, desc);
        if (run(L, st, it))
            it->failed = 1;
    }
    free(kind);
    free(name);
    free(desc);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void write_aliases(loader *L, item *it, long long id)
{
    char *v[KB_MAX_ALIASES];
    size_t n = 0;
    for (xmlNodePtr a = kb_xml_child(it->node, "alias"); a && n < KB_MAX_ALIASES; a = kb_xml_next(a, "alias")) {
        char *s = kb_xml_text(a, 1);
        if (s)
            v[n++] = s;
    }
    qsort(v, n, sizeof *v, cmp_str);
    kb_buf want = KB_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            kb_buf_printf(&want, "%s%s", want.len ? "\n" : "", v[i]);
    sqlite3_stmt *st = S(L, ENT_ALIASES);
    int same = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (row(L, st))
            same = strcmp((const char *)sqlite3_column_text(st, 0), want.data ? want.data : "") == 0;
        sqlite3_reset(st);
    }
    if (!same && (st = S(L, ALIAS_DEL))) {
        sqlite3_bind_int64(st, 1, id);
        run(L, st, it);
        for (size_t i = 0; i < n; i++) {
            if (!(st = S(L, ALIAS_INS)))
                break;
            sqlite3_bind_int64(st, 1, id);
            bind_text(st, 2, v[i]);
            run(L, st, it);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    kb_buf_free(&want);
}

static int parse_ll(const char *s, long long *out)
{
    if (!s)
        return 0;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 1;
}

static void write_company(loader *L, item *it, long long id)
{
    char *ticker = kb_xml_child_text(it->node, "ticker", 1);
    char *hq = kb_xml_child_text(it->node, "hq", 1);
    char *cloud = kb_xml_child_text(it->node, "cloud", 1);
    sqlite3_stmt *st = S(L, COMPANY_INS);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, ticker);
        bind_text(st, 3, hq);
        bind_text(st, 4, cloud);
        run(L, st, it);
    }
    free(ticker);
    free(hq);
    free(cloud);
}

static void write_model(loader *L, item *it, long long id)
{
    xmlNodePtr devn = kb_xml_child(it->node, "developer");
    char *dev = kb_xml_attr(devn, "ref");
    long long dev_id = entity_id(L, devn, it, dev, "developer");
    static const char *const fields[] = {"family", "released", "openness", "license", "parameters"};
    char *f[5];
    for (int i = 0; i < 5; i++)
        f[i] = kb_xml_child_text(it->node, fields[i], 1);
    sqlite3_stmt *st;
    if (dev_id && (st = S(L, MODEL_INS))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, dev_id);
        for (int i = 0; i < 5; i++)
            bind_text(st, 3 + i, f[i]);
        run(L, st, it);
    }
    for (int i = 0; i < 5; i++)
        free(f[i]);
    free(dev);
}

static void write_asset(loader *L, item *it, long long id)
{
    xmlNodePtr on = kb_xml_child(it->node, "owner");
    char *owner = kb_xml_attr(on, "ref");
    long long owner_id = entity_id(L, on, it, owner, "owner");
    char *type = kb_xml_child_text(it->node, "type", 1);
    char *location = kb_xml_child_text(it->node, "location", 1);
    char *mw = kb_xml_child_text(it->node, "capacity-mw", 1);
    char *gpus = kb_xml_child_text(it->node, "gpus", 1);
    xmlNodePtr amn = kb_xml_child(it->node, "amount");
    char *amount = kb_xml_text(amn, 1), *to = kb_xml_attr(amn, "to");
    char *currency = kb_xml_attr(amn, "currency");
    char *period = kb_xml_child_text(it->node, "period", 1);
    char *status = kb_xml_child_text(it->node, "status", 1);
    char *as_of = kb_xml_child_text(it->node, "as-of", 1);

    long long ngpus = 0, namount = 0, nto = 0;
    int has_gpus = parse_ll(gpus, &ngpus), has_amount = parse_ll(amount, &namount);
    int has_to = parse_ll(to, &nto);
    if (has_gpus < 0)
        report(L, kb_xml_child(it->node, "gpus"), it, "<gpus> is too large: %s", gpus);
    if (has_amount < 0 || has_to < 0)
        report(L, amn, it, "<amount> is too large");
    if (has_amount > 0 && has_to > 0 && nto < namount)
        report(L, amn, it, "<amount> range ends (to=\"%s\") below where it starts (%s)", to,
               amount);
    sqlite3_stmt *st;
    if (owner_id && (st = S(L, ASSET_INS))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, owner_id);
        bind_text(st, 3, type);
        bind_text(st, 4, location);
        if (mw)
            sqlite3_bind_double(st, 5, strtod(mw, NULL));
        if (has_gpus > 0)
            sqlite3_bind_int64(st, 6, ngpus);
        if (has_amount > 0)
            sqlite3_bind_int64(st, 7, namount);
        if (has_to > 0)
            sqlite3_bind_int64(st, 8, nto);
        bind_text(st, 9, has_amount > 0 ? currency : NULL);
        bind_text(st, 10, period);
        bind_text(st, 11, status);
        bind_text(st, 12, as_of);
        run(L, st, it);
    }
    free(owner);
    free(type);
    free(location);
    free(mw);
    free(gpus);
    free(amount);
    free(to);
    free(currency);
    free(period);
    free(status);
    free(as_of);
}

static void write_entity_details(loader *L, item *it)
{
    long long id = find_id(L, ENT_FIND, it->key);
    if (!id)
        return;
    static const enum stmt_id dels[] = {DEL_COMPANY, DEL_MODEL, DEL_ASSET};
    for (size_t i = 0; i < 3; i++)
        run_id(L, dels[i], id, it);
    write_aliases(L, it, id);
    const char *tag = (const char *)it->node->name;
    if (!strcmp(tag, "company"))
        write_company(L, it, id);
    else if (!strcmp(tag, "model"))
        write_model(L, it, id);
    else if (!strcmp(tag, "asset"))
        write_asset(L, it, id);
}

/* Sources. */


/* Whether the resolved path lies in the resolved folder dir. */
static int within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The text of <text src="…"/>: a file beside the data file, never outside it. */
static char *read_text_file(loader *L, item *it, xmlNodePtr n, const char *src)
{
    if (src[0] == '/' || strstr(src, "..")) {
        report(L, n, it, "<text src=\"%s\"> must be a path inside the data file's folder", src);
        return NULL;
    }
    kb_buf path = KB_BUF_INIT;
    const char *slash = strrchr(it->file, '/');
    if (slash)
        kb_buf_append(&path, it->file, (size_t)(slash - it->file + 1));
    kb_buf_puts(&path, src);
    size_t len = 0;
    kb_error e;
    char *text = NULL;
    char *dir = NULL;
    if (slash) {
        char *folder = strndup(it->file, (size_t)(slash - it->file + 1));
        dir = folder ? realpath(folder, NULL) : NULL;
        free(folder);
    } else {
        dir = realpath(".", NULL);
    }
    char *to = path.data ? realpath(path.data, NULL) : NULL;
    if (dir && to && !within(to, dir)) {
        /* a symlink in the folder must not make a data file read the machine */
        report(L, n, it, "<text src=\"%s\"> leads to %s, outside the data file's folder: "
                         "not read", src, to);
        free(dir);
        free(to);
        kb_buf_free(&path);
        return NULL;
    }
    free(dir);
    free(to);
    text = kb_file_read(path.data, KB_MAX_FILE_BYTES, &len, &e);
    if (!text) {
        report(L, n, it, "cannot read <text src=\"%s\">: %s", src, e.message);
    } else if (strlen(text) != len || !xmlCheckUTF8((const xmlChar *)text)) {
        report(L, n, it, "<text src=\"%s\"> is not UTF-8 text", src);
        free(text);
        text = NULL;
    } else if (!(text = kb_text_clean_take(text))) {
        report(L, n, it, "out of memory reading <text src=\"%s\">", src);
    } else {
        /* the same trimming as text written inline */
        len = strlen(text);
        while (len && strchr(" \t\r\n", text[len - 1]))
            text[--len] = '\0';
        size_t lead = strspn(text, " \t\r\n");
        memmove(text, text + lead, len - lead + 1);
        if (!*text) {
            free(text);
            text = NULL;
        }
    }
    kb_buf_free(&path);
    return text;
}

static char *authors(xmlNodePtr n)
{
    kb_buf b = KB_BUF_INIT;
    for (xmlNodePtr a = kb_xml_child(n, "author"); a; a = kb_xml_next(a, "author")) {
        char *s = kb_xml_text(a, 1);
        if (s)
            kb_buf_printf(&b, "%s%s", b.len ? "; " : "", s);
        free(s);
    }
    return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

static void write_source(loader *L, item *it)
{
    xmlNodePtr n = it->node;
    char *type = kb_xml_attr(n, "type"), *origin = kb_xml_attr(n, "origin");
    char *url = kb_xml_child_text(n, "url", 1);
    static const char *const fields[] = {"title", "publisher", "via", "original-url",
                                         "published", "retrieved", "lang", "description",
                                         "updated", "ingested-from", "guid"};
    enum { NF = sizeof fields / sizeof *fields };
    char *f[NF];
    for (int i = 0; i < NF; i++)
        f[i] = kb_xml_child_text(n, fields[i], 1);
    char *raw = kb_xml_attr(kb_xml_child(n, "published"), "raw");
    char *author = authors(n);
    xmlNodePtr tn = kb_xml_child(n, "text");
    char *src = kb_xml_attr(tn, "src");
    char *text = src ? read_text_file(L, it, tn, src) : kb_xml_text(tn, 0);
    char hash[65];
    kb_text_hash(text, hash);

    if (url) {
        sqlite3_stmt *st = S(L, SRC_FIND_URL);
        if (st) {
            bind_text(st, 1, url);
            if (row(L, st) &&
                strcmp((const char *)sqlite3_column_text(st, 2), it->key) != 0) {
                report(L, kb_xml_child(n, "url"), it, "has the URL of source '%s' already in the base",
                       (const char *)sqlite3_column_text(st, 2));
                it->failed = 1;
            }
            sqlite3_reset(st);
        }
    }
    sqlite3_stmt *st;
    if (!it->failed && (st = S(L, SRC_UPSERT))) {
        bind_text(st, 1, it->key);
        bind_text(st, 2, type);
        bind_text(st, 3, origin ? origin : "curated");
        bind_text(st, 4, url);
        bind_text(st, 5, f[0]);
        bind_text(st, 6, f[1]);
        bind_text(st, 7, f[2]);
        bind_text(st, 8, f[3]);
        bind_text(st, 9, author);
        for (int i = 4; i < 8; i++)
            bind_text(st, 6 + i, f[i]);
        bind_text(st, 14, text);
        bind_text(st, 15, hash[0] ? hash : NULL);
        bind_text(st, 16, raw);
        bind_text(st, 17, f[8]);
        bind_text(st, 18, f[9]);
        bind_text(st, 19, f[10]);
        sqlite3_bind_int(st, 20, kb_xml_child(n, "partial") != NULL);
        if (run(L, st, it))
            it->failed = 1;
    }
    /* its tags are the file's, and no others */
    if (!it->failed && (st = S(L, SRC_TAGS_DEL))) {
        bind_text(st, 1, it->key);
        if (run(L, st, it))
            it->failed = 1;
    }
    for (xmlNodePtr t = kb_xml_child(n, "tag"); t && !it->failed; t = kb_xml_next(t, "tag")) {
        char *tag = kb_xml_text(t, 1);
        if (tag && *tag && (st = S(L, SRC_TAG_INS))) {
            bind_text(st, 1, it->key);
            bind_text(st, 2, tag);
            if (run(L, st, it))
                it->failed = 1;
        }
        free(tag);
    }
    free(type);
    free(origin);
    free(url);
    free(raw);
    for (int i = 0; i < NF; i++)
        free(f[i]);
    free(author);
    free(src);
    free(text);
}

/* Relations, claims, debates, synonyms. */

/* A group of synonyms is written whole: its term's alternatives are those
 * the file gives, and no others. */
static void write_synonym(loader *L, item *it)
{
    sqlite3_stmt *st = S(L, SYN_DEL);
    if (!st)
        return;
    bind_text(st, 1, it->key);
    run(L, st, it);
    for (xmlNodePtr a = kb_xml_child(it->node, "alt"); a; a = kb_xml_next(a, "alt")) {
        char *alt = kb_xml_text(a, 1);
        if (alt && strcmp(alt, it->key) != 0 && (st = S(L, SYN_INS))) {
            bind_text(st, 1, it->key);
            bind_text(st, 2, alt);
            run(L, st, it);
        }
        free(alt);
    }
}

static void write_relation(loader *L, item *it)
{
    xmlNodePtr n = it->node;
    char *from = kb_xml_attr(n, "from"), *type = kb_xml_attr(n, "type"), *to = kb_xml_attr(n, "to");
    char *src = kb_xml_attr(n, "source"), *as_of = kb_xml_attr(n, "as-of");
    char *note = kb_xml_child_text(n, "note", 1);
    long long fid = entity_id(L, n, it, from, "entity");
    long long tid = entity_id(L, n, it, to, "entity");
    long long sid = source_id(L, n, it, src, NULL);
    sqlite3_stmt *st;
    if (fid && tid && sid && (st = S(L, REL_UPSERT))) {
        sqlite3_bind_int64(st, 1, fid);
        bind_text(st, 2, type);
        sqlite3_bind_int64(st, 3, tid);
        sqlite3_bind_int64(st, 4, sid);
        bind_text(st, 5, as_of);
        bind_text(st, 6, note);
        run(L, st, it);
    }
    free(from);
    free(type);
    free(to);
    free(src);
    free(as_of);
    free(note);
}

static void write_claim(loader *L, item *it)
{
    xmlNodePtr n = it->node;
    char *subject = kb_xml_attr(n, "subject");
    long long subject_id = entity_id(L, n, it, subject, "subject");
    static const char *const attrs[] = {"topic", "kind", "status", "stance", "rank"};
    char *a[5];
    for (int i = 0; i < 5; i++)
        a[i] = kb_xml_attr(n, attrs[i]);
    char *statement = kb_xml_child_text(n, "statement", 1);
    char *by = kb_xml_child_text(n, "asserted-by", 1);
    char *as_of = kb_xml_child_text(n, "as-of", 1);

    /* Resolve every reference first, so that all unknown ones are reported. */
    size_t ncite = 0, ninv = 0;
    for (xmlNodePtr c = kb_xml_child(n, "cite"); c; c = kb_xml_next(c, "cite"))
        ncite++;
    for (xmlNodePtr c = kb_xml_child(n, "involves"); c; c = kb_xml_next(c, "involves"))
        ninv++;
    long long *cites = calloc(ncite + 1, sizeof *cites), *inv = calloc(ninv + 1, sizeof *inv);
    size_t i = 0;
    for (xmlNodePtr c = kb_xml_child(n, "cite"); c && cites; c = kb_xml_next(c, "cite"), i++) {
        char *src = kb_xml_attr(c, "source"), *url = kb_xml_attr(c, "url");
        cites[i] = source_id(L, c, it, src, url);
        for (size_t j = 0; j < i && cites[i]; j++)
            if (cites[j] == cites[i]) {
                report(L, c, it, "cites source '%s' twice", src ? src : url);
                it->failed = 1;
            }
        free(src);
        free(url);
    }
    i = 0;
    for (xmlNodePtr c = kb_xml_child(n, "involves"); c && inv; c = kb_xml_next(c, "involves"), i++) {
        char *ref = kb_xml_attr(c, "ref");
        inv[i] = entity_id(L, c, it, ref, "entity");
        free(ref);
    }

    sqlite3_stmt *st;
    if (subject_id && !it->failed && cites && inv && (st = S(L, CLAIM_UPSERT))) {
        bind_text(st, 1, it->key);
        sqlite3_bind_int64(st, 2, subject_id);
        bind_text(st, 3, a[0]);
        bind_text(st, 4, a[1]);
        bind_text(st, 5, a[2] ? a[2] : "reported");
        bind_text(st, 6, a[3]);
        bind_text(st, 7, a[4] ? a[4] : "normal");
        bind_text(st, 8, statement);
        bind_text(st, 9, by);
        bind_text(st, 10, as_of);
        long long id = run(L, st, it) == 0 ? find_id(L, CLAIM_FIND, it->key) : 0;
        if (id)
            run_id(L, CITE_DEL, id, it);
        i = 0;
        for (xmlNodePtr c = kb_xml_child(n, "cite"); id && c; c = kb_xml_next(c, "cite"), i++) {
            char *quote = kb_xml_child_text(c, "quote", 1);
            if ((st = S(L, CITE_INS))) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, cites[i]);
                bind_text(st, 3, quote);
                sqlite3_bind_int64(st, 4, (long long)i);
                run(L, st, it);
            }
            free(quote);
        }
        if (id)
            run_id(L, CE_DEL, id, it);
        for (i = 0; id && i < ninv; i++) {
            if (inv[i] == subject_id || !(st = S(L, CE_INS)))
                continue;
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, inv[i]);
            run(L, st, it);
        }
    }
    free(cites);
    free(inv);
    free(subject);
    for (int k = 0; k < 5; k++)
        free(a[k]);
    free(statement);
    free(by);
    free(as_of);
}

static void write_debate(loader *L, item *it)
{
    xmlNodePtr n = it->node;
    char *subject = kb_xml_attr(n, "subject"), *topic = kb_xml_attr(n, "topic");
    char *question = kb_xml_child_text(n, "question", 1);
    char *desc = kb_xml_child_text(n, "description", 1);
    long long subject_id = entity_id(L, n, it, subject, "subject");

    /* Check sides and arguments before writing anything. */
    for (xmlNodePtr s = kb_xml_child(n, "side"); s; s = kb_xml_next(s, "side")) {
        char *slug = kb_xml_attr(s, "slug");
        for (xmlNodePtr t = kb_xml_next(s, "side"); t; t = kb_xml_next(t, "side")) {
            char *other = kb_xml_attr(t, "slug");
            if (slug && other && strcmp(slug, other) == 0)
                report(L, t, it, "has two sides named '%s'", slug), it->failed = 1;
            free(other);
        }
        free(slug);
        for (xmlNodePtr a = kb_xml_child(s, "argument"); a; a = kb_xml_next(a, "argument")) {
            char *c = kb_xml_attr(a, "claim");
            claim_id(L, a, it, c);
            free(c);
        }
    }
    sqlite3_stmt *st;
    if (subject_id && !it->failed && (st = S(L, DEBATE_UPSERT))) {
        bind_text(st, 1, it->key);
        sqlite3_bind_int64(st, 2, subject_id);
        bind_text(st, 3, topic);
        bind_text(st, 4, question);
        bind_text(st, 5, desc);
        kb_buf slugs = KB_BUF_INIT;
        kb_buf_puts(&slugs, "[");
        for (xmlNodePtr sd = kb_xml_child(n, "side"); sd; sd = kb_xml_next(sd, "side")) {
            char *slug = kb_xml_attr(sd, "slug");
            kb_buf_puts(&slugs, slugs.len > 1 ? "," : "");
            kb_json_string(&slugs, slug ? slug : "");
            free(slug);
        }
        kb_buf_puts(&slugs, "]");
        if (run(L, st, it) == 0 && (st = S(L, SIDE_PRUNE))) {
            bind_text(st, 1, it->key);
            bind_text(st, 2, slugs.data);
            run(L, st, it);
        }
        kb_buf_free(&slugs);
        int pos = 0;
        for (xmlNodePtr s = kb_xml_child(n, "side"); s && !L->dbfail; s = kb_xml_next(s, "side")) {
            char *slug = kb_xml_attr(s, "slug");
            char *label = kb_xml_child_text(s, "label", 1);
            char *summary = kb_xml_child_text(s, "summary", 1);
            long long side = 0;
            if ((st = S(L, SIDE_UPSERT))) {
                bind_text(st, 1, it->key);
                bind_text(st, 2, slug);
                bind_text(st, 3, label);
                bind_text(st, 4, summary);
                sqlite3_bind_int(st, 5, pos++);
                run(L, st, it);
            }
            if ((st = S(L, SIDE_ID))) {
                bind_text(st, 1, it->key);
                bind_text(st, 2, slug);
                if (row(L, st))
                    side = sqlite3_column_int64(st, 0);
                sqlite3_reset(st);
            }
            if (side)
                run_id(L, ARG_DEL, side, it);
            int apos = 0;
            for (xmlNodePtr a = kb_xml_child(s, "argument"); side && a;
                 a = kb_xml_next(a, "argument")) {
                char *c = kb_xml_attr(a, "claim");
                long long cid = claim_id(L, a, it, c);
                if (cid && (st = S(L, ARG_INS))) {
                    sqlite3_bind_int64(st, 1, side);
                    sqlite3_bind_int64(st, 2, cid);
                    sqlite3_bind_int(st, 3, apos++);
                    if (run(L, st, NULL))
                        report(L, a, it, "side '%s' lists claim '%s' twice", slug, c);
                }
                free(c);
            }
            free(slug);
            free(label);
            free(summary);
        }
    }
    free(subject);
    free(topic);
    free(question);
    free(desc);
}

/* --replace: remove the curated things that no file defines. */

/* For each kind: what to remove (a label and a row id), then how to remove it. */
static const struct {
    kb_thing thing;
    const char *select;
    const char *remove;
} REMOVALS[] = {
    {KB_THING_DEBATE,
     "SELECT 'debate ' || slug, id FROM debates "
     "WHERE slug NOT IN (SELECT key FROM temp.load_keep WHERE thing = 4)",
     "DELETE FROM debates WHERE id = ?1"},
    {KB_THING_CLAIM,
     "SELECT 'claim ' || slug, id FROM claims "
     "WHERE slug NOT IN (SELECT key FROM temp.load_keep WHERE thing = 3)",
     "DELETE FROM claims WHERE id = ?1"},
    {KB_THING_RELATION,
     "SELECT 'relation ' || f.slug || ' ' || r.rel_type || ' ' || t.slug, r.id "
     "FROM relations r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
     "WHERE f.slug || ' ' || r.rel_type || ' ' || t.slug "
     "NOT IN (SELECT key FROM temp.load_keep WHERE thing = 2)",
     "DELETE FROM relations WHERE id = ?1"},
    {KB_THING_ENTITY,
     "SELECT kind || ' ' || slug, id FROM entities "
     "WHERE slug NOT IN (SELECT key FROM temp.load_keep WHERE thing = 0)",
     "DELETE FROM entities WHERE id = ?1"},
    {KB_THING_SOURCE,
     "SELECT 'source ' || slug, id FROM sources WHERE origin = 'curated' "
     "AND slug NOT IN (SELECT key FROM temp.load_keep WHERE thing = 1)",
     "DELETE FROM sources WHERE id = ?1"},
    {KB_THING_SYNONYM,
     "SELECT 'synonym ' || term, min(rowid) FROM synonyms "
     "WHERE term NOT IN (SELECT key FROM temp.load_keep WHERE thing = 5) GROUP BY term",
     "DELETE FROM synonyms WHERE term = (SELECT term FROM synonyms WHERE rowid = ?1)"},
};

static void push_removed(kb_load_report *rep, const char *what)
{
    char **v = realloc(rep->removed, (rep->nremoved + 1) * sizeof *v);
    if (!v)
        return;
    rep->removed = v;
    v[rep->nremoved] = strdup(what);
    if (v[rep->nremoved])
        rep->nremoved++;
}

static void remove_unlisted(loader *L)
{
    if (kb_db_exec(L->db, "CREATE TEMP TABLE IF NOT EXISTS load_keep "
                          "(thing INTEGER, key TEXT, PRIMARY KEY (thing, key)); "
                          "DELETE FROM temp.load_keep",
                   L->err)) {
        L->dbfail = KB_ERR_DB;
        return;
    }
    for (size_t i = 0; i < L->nitems; i++) {
        sqlite3_stmt *st = S(L, KEEP_INS);
        if (!st)
            return;
        sqlite3_bind_int(st, 1, (int)L->items[i].thing);
        bind_text(st, 2, L->items[i].key);
        if (run(L, st, NULL))
            return;
    }
    for (size_t k = 0; k < sizeof REMOVALS / sizeof *REMOVALS && !L->dbfail; k++) {
        sqlite3_stmt *sel, *del;
        if (kb_db_prepare(L->db, REMOVALS[k].select, &sel, L->err)) {
            L->dbfail = KB_ERR_DB;
            return;
        }
        if (kb_db_prepare(L->db, REMOVALS[k].remove, &del, L->err)) {
            sqlite3_finalize(sel);
            L->dbfail = KB_ERR_DB;
            return;
        }
        /* Collect first: deleting while the select runs would disturb it. */
        kb_strlist labels = {0};
        long long *ids = NULL;
        size_t n = 0;
        while (row(L, sel)) {
            long long *v = realloc(ids, (n + 1) * sizeof *v);
            if (!v) {
                L->dbfail = kb_error_set(L->err, KB_ERR_NOMEM, "out of memory");
                break;
            }
            ids = v;
            ids[n++] = sqlite3_column_int64(sel, 1);
            kb_strlist_add(&labels, "%s", (const char *)sqlite3_column_text(sel, 0));
        }
        sqlite3_finalize(sel);
        for (size_t i = 0; i < n && !L->dbfail; i++) {
            sqlite3_reset(del);
            sqlite3_bind_int64(del, 1, ids[i]);
            if (sqlite3_step(del) != SQLITE_DONE)
                L->dbfail = kb_db_fail(L->db, L->err, "removing what the files no longer hold");
            else if (L->rep && i < labels.len) {
                push_removed(L->rep, labels.items[i]);
                L->rep->counts[REMOVALS[k].thing].removed++;
            }
        }
        sqlite3_finalize(del);
        free(ids);
        kb_strlist_free(&labels);
    }
}

/* The load itself. */

static void classify(loader *L, item *it)
{
    if (it->failed || !L->rep)
        return;
    char *after = snapshot(L, it);
    kb_load_counts *c = &L->rep->counts[it->thing];
    if (!it->before)
        c->added++;
    else if (!after || strcmp(it->before, after) != 0)
        c->updated++;
    else
        c->unchanged++;
    free(after);
}

static int changed(loader *L, const item *it)
{
    if (it->failed)
        return 0;
    char *after = snapshot(L, it);
    int c = !it->before || !after || strcmp(it->before, after) != 0;
    free(after);
    return c;
}

/* Mentions follow the sources written, or every source when a name or an
 * alias changed (a new alias may name an entity in texts already stored). */
static void link_sources(loader *L)
{
    int all = 0;
    for (size_t i = 0; i < L->nitems && !all; i++)
        if (L->items[i].thing == KB_THING_ENTITY && changed(L, &L->items[i]))
            all = 1;
    kb_linker *linker = NULL;
    if (kb_linker_new(L->db, &linker, L->err)) {
        L->dbfail = L->err->code;
        return;
    }
    sqlite3_stmt *st = NULL;
    if (all) {
        if (kb_db_prepare(L->db, "SELECT id FROM sources", &st, L->err))
            L->dbfail = L->err->code;
        while (!L->dbfail && row(L, st))
            if (kb_link_source(L->db, linker, sqlite3_column_int64(st, 0), L->err))
                L->dbfail = KB_ERR_DB;
        sqlite3_finalize(st);
    }
    for (size_t i = 0; !all && i < L->nitems && !L->dbfail; i++) {
        item *it = &L->items[i];
        if (it->thing != KB_THING_SOURCE || !changed(L, it))
            continue;
        long long id = find_id(L, SRC_FIND_SLUG, it->key);
        if (id && kb_link_source(L->db, linker, id, L->err))
            L->dbfail = KB_ERR_DB;
    }
    kb_linker_free(linker);
}

static void write_all(loader *L)
{
    for (size_t i = 0; i < L->nitems; i++)
        L->items[i].before = snapshot(L, &L->items[i]);
    for (size_t i = 0; i < L->nitems; i++)
        check_dates(L, L->items[i].node, &L->items[i]);
    /* Entities first (rows, then details), then what refers to them. */
    static const kb_thing order[] = {KB_THING_ENTITY, KB_THING_SOURCE, KB_THING_RELATION,
                                     KB_THING_CLAIM, KB_THING_DEBATE, KB_THING_SYNONYM};
    for (size_t i = 0; i < L->nitems && !L->dbfail; i++)
        if (L->items[i].thing == KB_THING_ENTITY)
            write_entity_row(L, &L->items[i]);
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        for (size_t i = 0; i < L->nitems && !L->dbfail; i++) {
            item *it = &L->items[i];
            if (it->thing != order[k])
                continue;
            switch (it->thing) {
            case KB_THING_ENTITY: if (!it->failed) write_entity_details(L, it); break;
            case KB_THING_SOURCE: write_source(L, it); break;
            case KB_THING_RELATION: write_relation(L, it); break;
            case KB_THING_CLAIM: write_claim(L, it); break;
            case KB_THING_DEBATE: write_debate(L, it); break;
            case KB_THING_SYNONYM: write_synonym(L, it); break;
            case KB_THING_COUNT: break;
            }
        }
    }
    if (L->replace && !L->dbfail && !L->diags->errors)
        remove_unlisted(L);
    if (!L->dbfail && !L->diags->errors)
        link_sources(L);
    for (size_t i = 0; i < L->nitems && !L->dbfail; i++)
        classify(L, &L->items[i]);
}

/* Every reference still dangling at the end (deferred foreign keys) is an error. */
static void check_foreign_keys(loader *L)
{
    sqlite3_stmt *st;
    if (kb_db_prepare(L->db, "PRAGMA foreign_key_check", &st, L->err)) {
        L->dbfail = KB_ERR_DB;
        return;
    }
    while (row(L, st))
        kb_diags_add(L->diags, KB_SEV_ERROR, NULL, 0, NULL,
                     "a row of %s (rowid %lld) would refer to a missing row of %s",
                     (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
                     (const char *)sqlite3_column_text(st, 2));
    sqlite3_finalize(st);
}

kb_code kb_load(kb_db *db, const char *const *paths, size_t npaths,
                const kb_load_options *opts, kb_load_report *report, kb_diags *diags,
                kb_error *err)
{
    kb_error_clear(err);
    if (report)
        memset(report, 0, sizeof *report);
    size_t nfiles = 0;
    char **files = kb_datafile_collect(paths, npaths,
                                       opts && opts->follow ? KB_FILES_FOLLOW : 0, &nfiles,
                                       diags);
    xmlDocPtr *docs = calloc(nfiles + 1, sizeof *docs);
    loader L = {.db = db, .replace = opts && opts->replace, .diags = diags, .err = err,
                .rep = report};
    if (report)
        report->files = nfiles;

    for (size_t i = 0; docs && i < nfiles; i++) {
        docs[i] = kb_datafile_read(files[i], NULL, 0, diags);
        if (docs[i])
            add_items(&L, docs[i], files[i]);
    }
    find_duplicates(&L);

    kb_code rc = KB_OK;
    if (!docs) {
        rc = kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    } else if (diags->errors == 0) {
        /* Validation passed everywhere: now resolve and write, in one transaction. */
        rc = kb_db_begin(db, err);
        if (rc == KB_OK)
            rc = kb_db_exec(db, "PRAGMA defer_foreign_keys = ON", err);
        if (rc == KB_OK) {
            write_all(&L);
            if (!L.dbfail && !diags->errors)
                check_foreign_keys(&L);
            rc = L.dbfail;
            if (rc == KB_OK && diags->errors == 0)
                rc = kb_db_commit(db, err);
        }
        for (int i = 0; i < N_STMT; i++)
            sqlite3_finalize(L.st[i]);
        if (rc != KB_OK || diags->errors)
            kb_db_rollback(db);
    }
    if (rc == KB_OK && diags->errors) {
        rc = kb_error_set(err, KB_ERR_INPUT, "%zu error%s; nothing was loaded", diags->errors,
                          diags->errors == 1 ? "" : "s");
        if (report) {
            kb_load_report_clear(report);
            report->files = nfiles;
        }
    }
    for (size_t i = 0; i < L.nitems; i++) {
        free(L.items[i].key);
        free(L.items[i].before);
    }
    free(L.items);
    for (size_t i = 0; docs && i < nfiles; i++)
        xmlFreeDoc(docs[i]);
    free(docs);
    kb_strv_free(files, nfiles);
    kb_diags_sort(diags);
    /* the error names the first place to mend; the diagnostics name them all */
    for (size_t i = 0; rc == KB_ERR_INPUT && i < diags->len; i++)
        if (diags->items[i].severity == KB_SEV_ERROR) {
            kb_error_locate(err, diags->items[i].file, diags->items[i].line);
            break;
        }
    return rc;
}

void kb_load_report_clear(kb_load_report *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->nremoved; i++)
        free(report->removed[i]);
    free(report->removed);
    memset(report, 0, sizeof *report);
}

kb_code kb_load_validate_memory(const char *name, const char *data, size_t len,
                                kb_diags *diags, kb_error *err)
{
    kb_error_clear(err);
    xmlDocPtr doc = kb_datafile_read(name, data, len, diags);
    if (!doc)
        return kb_error_set_at(err, KB_ERR_INPUT, name, 0, "not a valid data file");
    xmlFreeDoc(doc);
    return KB_OK;
}
