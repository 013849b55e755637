/* Removing things: refusing while others refer to them, or cascading. */
#include "kb/remove.h"

#include <stdlib.h>
#include <string.h>

#include "kb/names.h"
#include "kb/suggest.h"

typedef struct remover {
    kb_db *db;
    int cascade;
    kb_strlist *removed, *refs;
    kb_error *err;
    kb_code rc;
} remover;

/* Who refers to a thing: each query returns (label, kind, id) of a referrer;
 * kind says how a cascade removes it. */
enum ref_kind { REF_ENTITY, REF_CLAIM, REF_DEBATE, REF_RELATION, REF_INVOLVES, REF_CITATION,
                REF_ARGUMENT };

static const char *const ENTITY_REFS =
    "SELECT 'model ' || e.slug || ' (developer)', 0, e.id FROM models m "
    "  JOIN entities e ON e.id = m.entity_id WHERE m.developer_id = ?1 "
    "UNION ALL SELECT 'asset ' || e.slug || ' (owner)', 0, e.id FROM assets a "
    "  JOIN entities e ON e.id = a.entity_id WHERE a.owner_id = ?1 "
    "UNION ALL SELECT 'claim ' || slug || ' (subject)', 1, id FROM claims WHERE subject_id = ?1 "
    "UNION ALL SELECT 'claim ' || c.slug || ' (involves it)', 4, c.id FROM claim_entities ce "
    "  JOIN claims c ON c.id = ce.claim_id WHERE ce.entity_id = ?1 "
    "UNION ALL SELECT 'debate ' || slug || ' (subject)', 2, id FROM debates WHERE subject_id = ?1 "
    "UNION ALL SELECT 'relation ' || f.slug || ' ' || r.rel_type || ' ' || t.slug, 3, r.id "
    "  FROM relations r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
    "  WHERE r.from_id = ?1 OR r.to_id = ?1";

static const char *const SOURCE_REFS =
    "SELECT 'claim ' || c.slug || ' (cites it)', 5, c.id FROM citations ci "
    "  JOIN claims c ON c.id = ci.claim_id WHERE ci.source_id = ?1 "
    "UNION ALL SELECT 'relation ' || f.slug || ' ' || r.rel_type || ' ' || t.slug, 3, r.id "
    "  FROM relations r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
    "  WHERE r.source_id = ?1";

static const char *const CLAIM_REFS =
    "SELECT 'debate ' || d.slug || ' (argues side ' || ds.slug || ')', 6, a.side_id "
    "FROM arguments a JOIN debate_sides ds ON ds.id = a.side_id "
    "JOIN debates d ON d.id = ds.debate_id WHERE a.claim_id = ?1";

typedef struct ref {
    char *label;
    int kind;
    long long id;
} ref;

static size_t referrers(remover *R, const char *sql, long long id, ref **out)
{
    sqlite3_stmt *st;
    *out = NULL;
    if (R->rc || (R->rc = kb_db_prepare(R->db, sql, &st, R->err)))
        return 0;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0;
    int step;
    while ((step = kb_db_step(R->db, st, R->err)) == SQLITE_ROW) {
        ref *v = realloc(*out, (n + 1) * sizeof *v);
        if (!v) {
            R->rc = kb_error_set(R->err, KB_ERR_NOMEM, "out of memory");
            break;
        }
        *out = v;
        v[n].label = strdup((const char *)sqlite3_column_text(st, 0));
        v[n].kind = sqlite3_column_int(st, 1);
        v[n].id = sqlite3_column_int64(st, 2);
        n++;
    }
    if (!R->rc && step != SQLITE_ROW && step != SQLITE_DONE)
        R->rc = KB_ERR_DB;
    sqlite3_finalize(st);
    return n;
}

static void free_refs(ref *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].label);
    free(v);
}

/* Runs one statement with ?1 = id (and ?2 = id2). */
static void exec_id(remover *R, const char *sql, long long id, long long id2)
{
    sqlite3_stmt *st;
    if (R->rc || (R->rc = kb_db_prepare(R->db, sql, &st, R->err)))
        return;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, id2);
    if (kb_db_step(R->db, st, R->err) != SQLITE_DONE)
        R->rc = KB_ERR_DB;
    sqlite3_finalize(st);
}

/* The one text sql returns for id (caller frees); NULL when there is no
 * row, or after a failure (in R->rc). */
static char *label_of(remover *R, const char *sql, long long id)
{
    sqlite3_stmt *st;
    char *out = NULL;
    if (R->rc || (R->rc = kb_db_prepare(R->db, sql, &st, R->err)))
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    int step = kb_db_step(R->db, st, R->err);
    if (step == SQLITE_ROW && !(out = strdup((const char *)sqlite3_column_text(st, 0))))
        R->rc = kb_error_set(R->err, KB_ERR_NOMEM, "out of memory");
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        R->rc = KB_ERR_DB;
    sqlite3_finalize(st);
    return out;
}

static int has_citation(remover *R, long long claim)
{
    char *one = label_of(R, "SELECT 1 FROM citations WHERE claim_id = ?1", claim);
    free(one);
    return one != NULL;
}

/* The things a removal deletes, in the order of find()'s ids. */
enum thing { T_ENTITY, T_SOURCE, T_CLAIM, T_DEBATE, T_RELATION };

/* For each: its label as a removal lists it, who refers to it (NULL: no
 * one), and its removal. */
static const struct {
    const char *label, *refs, *remove;
} THINGS[] = {
    [T_ENTITY] = {"SELECT kind || ' ' || slug FROM entities WHERE id = ?1", ENTITY_REFS,
                  "DELETE FROM entities WHERE id = ?1"},
    [T_SOURCE] = {"SELECT 'source ' || slug FROM sources WHERE id = ?1", SOURCE_REFS,
                  "DELETE FROM sources WHERE id = ?1"},
    [T_CLAIM] = {"SELECT 'claim ' || slug FROM claims WHERE id = ?1", CLAIM_REFS,
                 "DELETE FROM claims WHERE id = ?1"},
    [T_DEBATE] = {"SELECT 'debate ' || slug FROM debates WHERE id = ?1", NULL,
                  "DELETE FROM debates WHERE id = ?1"},
    [T_RELATION] = {"SELECT 'relation ' || f.slug || ' ' || r.rel_type || ' ' || t.slug "
                    "FROM relations r JOIN entities f ON f.id = r.from_id "
                    "JOIN entities t ON t.id = r.to_id WHERE r.id = ?1",
                    NULL, "DELETE FROM relations WHERE id = ?1"},
};

/* Refuses (listing who refers) unless cascading; returns 1 when it may go on. */
static int clear_refs(remover *R, const char *sql, long long id, int depth);

/* Removes one thing and lists it; nothing when it is already gone in this
 * cascade. */
static void rm(remover *R, enum thing t, long long id, int depth)
{
    char *l = label_of(R, THINGS[t].label, id);
    if (!l)
        return;
    if (!THINGS[t].refs || clear_refs(R, THINGS[t].refs, id, depth)) {
        exec_id(R, THINGS[t].remove, id, 0);
        if (!R->rc)
            kb_strlist_add(R->removed, "%s", l);
    }
    free(l);
}

enum { MAX_DEPTH = 32 };

static int clear_refs(remover *R, const char *sql, long long id, int depth)
{
    ref *v;
    size_t n = referrers(R, sql, id, &v);
    if (R->rc)
        return 0;
    if (n && !R->cascade) {
        for (size_t i = 0; i < n; i++)
            kb_strlist_add(R->refs, "%s", v[i].label);
        free_refs(v, n);
        return 0;
    }
    if (depth > MAX_DEPTH) {
        R->rc = kb_error_set(R->err, KB_ERR_REFUSED, "references nested too deep to cascade");
        free_refs(v, n);
        return 0;
    }
    for (size_t i = 0; i < n && !R->rc; i++) {
        switch (v[i].kind) {
        case REF_ENTITY: rm(R, T_ENTITY, v[i].id, depth + 1); break;
        case REF_CLAIM: rm(R, T_CLAIM, v[i].id, depth + 1); break;
        case REF_DEBATE: rm(R, T_DEBATE, v[i].id, depth + 1); break;
        case REF_RELATION: rm(R, T_RELATION, v[i].id, depth + 1); break;
        case REF_INVOLVES:
            exec_id(R, "DELETE FROM claim_entities WHERE claim_id = ?1 AND entity_id = ?2",
                    v[i].id, id);
            break;
        case REF_CITATION:
            /* the citation goes; a claim left with no source goes with it */
            exec_id(R, "DELETE FROM citations WHERE claim_id = ?1 AND source_id = ?2", v[i].id, id);
            if (!R->rc && !has_citation(R, v[i].id))
                rm(R, T_CLAIM, v[i].id, depth + 1);
            break;
        case REF_ARGUMENT:
            exec_id(R, "DELETE FROM arguments WHERE side_id = ?2 AND claim_id = ?1", id, v[i].id);
            break;
        }
    }
    free_refs(v, n);
    return !R->rc;
}

/* Which kinds of thing have this slug: their ids (0 where none). */
static void find(remover *R, const char *slug, long long ids[4])
{
    static const char *const sql[4] = {
        "SELECT id FROM entities WHERE slug = ?1", "SELECT id FROM sources WHERE slug = ?1",
        "SELECT id FROM claims WHERE slug = ?1", "SELECT id FROM debates WHERE slug = ?1"};
    for (int k = 0; k < 4; k++)
        ids[k] = 0;
    for (int k = 0; k < 4 && !R->rc; k++) {
        sqlite3_stmt *st;
        if ((R->rc = kb_db_prepare(R->db, sql[k], &st, R->err)))
            return;
        sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
        int step = kb_db_step(R->db, st, R->err);
        if (step == SQLITE_ROW)
            ids[k] = sqlite3_column_int64(st, 0);
        else if (step != SQLITE_DONE)
            R->rc = KB_ERR_DB;
        sqlite3_finalize(st);
    }
}

/* The kinds find() looks among, in the order of its ids. */
static const kb_kind found_kinds[4] = {KB_KIND_ENTITY, KB_KIND_SOURCE, KB_KIND_CLAIM,
                                       KB_KIND_DEBATE};

static void remove_one(remover *R, const char *slug, kb_kind kind)
{
    long long ids[4];
    find(R, slug, ids);
    kb_kind asked = kind;
    kind = kb_kind_table_of(kind);
    if (R->rc)
        return;
    int which = -1, found = 0;
    unsigned looked = 0;
    for (int k = 0; k < 4; k++) {
        if (kind != KB_KIND_NONE && kind != found_kinds[k])
            continue;
        looked |= KB_KIND_BIT(found_kinds[k]);
        if (ids[k]) {
            which = k;
            found++;
        }
    }
    /* No slug: an entity may go by the name or alias given. */
    if (found == 0 && (kind == KB_KIND_NONE || kind == KB_KIND_ENTITY)) {
        if ((R->rc = kb_entity_named(R->db, slug, asked, &ids[0], R->err)))
            return;
        if (ids[0]) {
            which = 0;
            found = 1;
        }
    }
    if (found == 0) {
        kb_buf hint = KB_BUF_INIT, what = KB_BUF_INIT;
        int k = kb_suggest_slugs(R->db, kind, slug, &hint);
        kb_kind_list(looked, "or", &what);
        R->rc = kb_error_set_value(R->err, KB_ERR_NOTFOUND, slug, "no %s '%s'%s%s%s", what.data,
                                   slug, k ? " (did you mean " : "", k ? hint.data : "",
                                   k ? "?)" : "");
        kb_buf_free(&what);
        kb_buf_free(&hint);
        return;
    }
    if (found > 1) {
        R->rc = kb_error_set_value(R->err, KB_ERR_USAGE, slug,
                                   "'%s' names more than one kind of thing; say which with --kind",
                                   slug);
        return;
    }
    size_t before = R->refs->len;
    rm(R, (enum thing)which, ids[which], 0);
    if (!R->rc && R->refs->len > before)
        R->rc = kb_error_set(R->err, KB_ERR_REFUSED,
                             "%s '%s' is still referred to by %zu thing%s; remove those first, "
                             "or give --cascade to remove them too",
                             kb_kind_name(found_kinds[which]), slug, R->refs->len - before,
                             R->refs->len - before == 1 ? "" : "s");
}

kb_code kb_remove(kb_db *db, const char *const *slugs, size_t n, kb_kind kind, int cascade,
                  kb_strlist *removed, kb_strlist *refs, kb_error *err)
{
    remover R = {db, cascade, removed, refs, err, KB_OK};
    kb_error_clear(err);
    if ((R.rc = kb_db_begin(db, err)))
        return R.rc;
    for (size_t i = 0; i < n && !R.rc; i++)
        remove_one(&R, slugs[i], kind);
    if (!R.rc)
        R.rc = kb_db_commit(db, err);
    if (R.rc) {
        kb_db_rollback(db);
        kb_strlist_free(removed);
    }
    return R.rc;
}
