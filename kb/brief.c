/* Briefs: an entity, a topic or a comparison, as Markdown with footnoted
 * sources. Every section is one query, prepared once; text from the base goes
 * through the Markdown writer, so it comes out as text. A statement that
 * fails fails the brief: half a brief is never written. This file holds the
 * entry and what every kind of brief shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brief_internal.h"
#include "kb/date.h"
#include "kb/names.h"
#include "kb/render.h"
#include "kb/topics.h"

sqlite3_stmt *kb_brief_prep(brief *B, const char *sql)
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

int kb_brief_row(brief *B, sqlite3_stmt *st)
{
    if (B->rc != KB_OK || !st)
        return 0;
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        return 1;
    if (s != SQLITE_DONE)
        B->rc = kb_db_fail(B->db, B->err, "writing the brief");
    return 0;
}

static size_t slot_of(const brief *B, long long source)
{
    /* Fibonacci hashing: ids are dense, the high bits spread them */
    return (size_t)(((unsigned long long)source * 0x9E3779B97F4A7C15ULL) >> 32) &
           (B->nslots - 1);
}

/* Finds source's slot: the one holding its number, or the empty one where it
 * would go. */
static size_t *find_slot(brief *B, long long source)
{
    size_t i = slot_of(B, source);
    while (B->slots[i] && B->notes[B->slots[i] - 1] != source)
        i = (i + 1) & (B->nslots - 1);
    return &B->slots[i];
}

/* Keeps the table under half full, so a lookup is a probe or two whatever
 * the number of sources; 0 when out of memory. */
static int make_room(brief *B)
{
    if (B->nslots > 2 * (B->nnotes + 1))
        return 1;
    size_t n = B->nslots ? B->nslots * 2 : 64, *old = B->slots, oldn = B->nslots;
    size_t *v = calloc(n, sizeof *v);
    if (!v)
        return 0;
    B->slots = v;
    B->nslots = n;
    for (size_t i = 0; i < oldn; i++)
        if (old[i])
            *find_slot(B, B->notes[old[i] - 1]) = old[i];
    free(old);
    return 1;
}

/* The footnote number of a source, given on first citation; 0 when out of memory. */
static size_t note(brief *B, long long source)
{
    if (!make_room(B))
        return 0;
    size_t *slot = find_slot(B, source);
    if (*slot)
        return *slot;
    if (B->nnotes == B->capnotes) {
        size_t cap = B->capnotes ? B->capnotes * 2 : 32;
        long long *v = realloc(B->notes, cap * sizeof *v);
        if (!v)
            return 0;
        B->notes = v;
        B->capnotes = cap;
    }
    B->notes[B->nnotes++] = source;
    return *slot = B->nnotes;
}

void kb_brief_cite(brief *B, long long source)
{
    size_t n = note(B, source);
    if (n)
        kb_buf_printf(B->out, "[^%zu]", n);
}

/* The footnote marks for a claim's sources, in citation order. */
void kb_brief_cite_claim(brief *B, sqlite3_stmt *cites, long long claim)
{
    sqlite3_reset(cites);
    sqlite3_bind_int64(cites, 1, claim);
    while (kb_brief_row(B, cites))
        kb_brief_cite(B, sqlite3_column_int64(cites, 0));
}

void kb_brief_dateline(brief *B)
{
    kb_buf_printf(B->out, "*Brief as of %s", B->as_of);
    if (B->o->since)
        kb_buf_printf(B->out, ", since %s", B->o->since);
}

void kb_brief_footnotes(brief *B)
{
    if (!B->nnotes)
        return;
    put(B, "\n## Sources\n\n");
    sqlite3_stmt *st = kb_brief_prep(B, "SELECT publisher, title, published, url, via, partial FROM sources "
                                         "WHERE id = ?1");
    for (size_t i = 0; st && i < B->nnotes; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, B->notes[i]);
        if (!kb_brief_row(B, st))
            continue;
        kb_buf_printf(B->out, "[^%zu]: ", i + 1);
        md_opt(B, "", T(st, 0), ", ");
        put(B, "*");
        md(B, T(st, 1));
        put(B, "*");
        md_opt(B, " (read on ", T(st, 4), ")");
        put(B, ", ");
        if (T(st, 2)) {
            char d[11];
            snprintf(d, sizeof d, "%s", T(st, 2));
            md(B, d);
        } else {
            put(B, "undated");
        }
        put(B, ".");
        /* what kb holds of it is what a paywall or consent stub showed */
        if (sqlite3_column_int(st, 5))
            put(B, " Partial: the page showed part of the article only.");
        if (kb_md_web_url(T(st, 3))) {
            put(B, " ");
            kb_md_autolink(B->out, T(st, 3));
        }
        put(B, "\n");
    }
    sqlite3_finalize(st);
}

static const char *stance_word(const char *s)
{
    return !strcmp(s, "bullish") ? "Bullish" : !strcmp(s, "bearish") ? "Bearish"
           : !strcmp(s, "mixed") ? "Mixed" : "Neutral";
}

void kb_brief_claim_item(brief *B, sqlite3_stmt *cites, sqlite3_stmt *st, int with_subject)
{
    const char *stance = T(st, 1), *kind = T(st, 2), *status = T(st, 3), *rank = T(st, 4),
               *statement = T(st, 5), *by = T(st, 6), *as_of = T(st, 7);
    kb_buf_printf(B->out, "- **%s** · %s", stance_word(stance), kind);
    if (status && strcmp(status, "reported"))
        kb_buf_printf(B->out, " · %s", status);
    if (rank && !strcmp(rank, "deprecated"))
        put(B, " · deprecated");
    put(B, " — ");
    if (with_subject)
        md_opt(B, "**", T(st, 8), "**: ");
    md(B, statement);
    kb_brief_cite_claim(B, cites, sqlite3_column_int64(st, 0));
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

int kb_brief_table(brief *B, sqlite3_stmt *st, const char *heading, const char *const *head,
                   int n)
{
    int rows = 0;
    while (kb_brief_row(B, st)) {
        if (!rows++) {
            put(B, heading);
            kb_md_table_head(B->out, head, n);
        }
        const char *cells[8];
        for (int i = 0; i < n; i++)
            cells[i] = T(st, i);
        kb_md_row(B->out, cells, n);
    }
    if (rows)
        put(B, "\n");
    sqlite3_finalize(st);
    return rows;
}

int kb_brief_claims(brief *B, sqlite3_stmt *st, sqlite3_stmt *cites)
{
    char *group = NULL;
    int rows = 0;
    while (kb_brief_row(B, st)) {
        if (!rows++)
            put(B, "## Claims\n");
        if (!group || strcmp(group, T(st, 8))) {
            free(group);
            group = strdup(T(st, 8));
            put(B, "\n");
            kb_md_heading(B->out, 3, group);
            put(B, "\n");
        }
        kb_brief_claim_item(B, cites, st, 0);
    }
    if (rows)
        put(B, "\n");
    free(group);
    return rows;
}

/* Debates (about an entity, or on a topic), each side with its claims. */
void kb_brief_debates(brief *B, const char *where, long long id, const char *topic)
{
    kb_buf sql = KB_BUF_INIT;
    kb_buf_printf(&sql, "SELECT d.id, d.question, d.description FROM debates d WHERE %s "
                        "ORDER BY d.slug", where);
    sqlite3_stmt *st = kb_brief_prep(B, sql.data);
    kb_buf_free(&sql);
    sqlite3_stmt *sides = kb_brief_prep(B,
        "SELECT ds.id, ds.label, ds.summary FROM debate_sides ds WHERE ds.debate_id = ?1 "
        "ORDER BY ds.position");
    sqlite3_stmt *args = kb_brief_prep(B,
        "SELECT " CLAIM_COLUMNS ", e.name FROM arguments a JOIN claims c ON c.id = a.claim_id "
        "JOIN entities e ON e.id = c.subject_id WHERE a.side_id = ?1" CLAIM_DATES
        " ORDER BY a.position");
    sqlite3_stmt *cites = kb_brief_prep(B, CITES_SQL);
    if (st && sides && args && cites) {
        if (topic)
            sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while (kb_brief_row(B, st)) {
            if (!rows++)
                put(B, "## Debates\n");
            put(B, "\n");
            kb_md_heading(B->out, 3, T(st, 1));
            put(B, "\n");
            md_opt(B, "", T(st, 2), "\n\n");
            sqlite3_reset(sides);
            sqlite3_bind_int64(sides, 1, sqlite3_column_int64(st, 0));
            while (kb_brief_row(B, sides)) {
                put(B, "**");
                md(B, T(sides, 1));
                put(B, "**");
                md_opt(B, " — ", T(sides, 2), "");
                put(B, "\n\n");
                sqlite3_reset(args);
                sqlite3_bind_int64(args, 1, sqlite3_column_int64(sides, 0));
                int n = 0;
                while (kb_brief_row(B, args)) {
                    kb_brief_claim_item(B, cites, args, topic != NULL);
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

/* The entity a name names (its slug, name or an alias), or 0 with the
 * fault in B. */
static long long entity_id(brief *B, const char *name)
{
    long long id = 0;
    if (B->rc == KB_OK)
        B->rc = kb_entity_find(B->db, name, &id, NULL, B->err);
    return B->rc == KB_OK ? id : 0;
}

/* A comparison sets companies side by side, each once: anything else is
 * refused with what to do instead. */
static void compared_ok(brief *B, const char *name, const long long *ids, size_t i)
{
    sqlite3_stmt *st = kb_brief_prep(B, "SELECT kind, slug FROM entities WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, ids[i]);
    if (kb_brief_row(B, st)) {
        size_t j = 0;
        while (j < i && ids[j] != ids[i])
            j++;
        if (j < i)
            B->rc = kb_error_set_value(B->err, KB_ERR_USAGE, name,
                                       "--compare: '%s' is '%s', given already", name, T(st, 1));
        else if (strcmp(T(st, 0), "company") != 0)
            B->rc = kb_error_set_value(B->err, KB_ERR_USAGE, name,
                                       "--compare sets companies side by side, and '%s' is a %s "
                                       "(kb brief %s is its own brief)",
                                       name, T(st, 0), T(st, 1));
    }
    sqlite3_finalize(st);
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
    if (kb_db_exec(db, "BEGIN", err)) {
        kb_buf_free(&md_out);
        return err->code;
    }
    if (o->slug) {
        long long id = entity_id(&B, o->slug);
        if (id)
            kb_brief_entity(&B, id);
    } else if (o->topic) {
        char *topic = NULL;
        if ((B.rc = kb_topic_named(db, o->topic, &topic, err)) == KB_OK)
            kb_brief_topic(&B, topic);
        free(topic);
    } else if (o->ncompare) {
        long long *ids = calloc(o->ncompare, sizeof *ids);
        for (size_t i = 0; ids && i < o->ncompare && B.rc == KB_OK; i++) {
            ids[i] = entity_id(&B, o->compare[i]);
            if (B.rc == KB_OK)
                compared_ok(&B, o->compare[i], ids, i);
        }
        if (ids && B.rc == KB_OK)
            kb_brief_compare(&B, ids, o->ncompare);
        free(ids);
    } else {
        B.rc = kb_error_set(err, KB_ERR_USAGE, "a brief needs an entity, a topic or companies to compare");
    }
    kb_db_rollback(db);
    free(B.notes);
    free(B.slots);
    if (B.rc == KB_OK) {
        if (o->html) {
            B.rc = kb_render_html(md_out.data ? md_out.data : "", NULL, out, err);
        } else {
            kb_buf_append(out, md_out.data ? md_out.data : "", md_out.len);
        }
    }
    kb_buf_free(&md_out);
    return B.rc;
}
