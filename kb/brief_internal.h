/* Briefs, shared between the files of each kind of brief (brief.c: the
 * entry and the sections every kind writes; brief_entity.c, brief_topic.c,
 * brief_compare.c). Not part of the API. */
#ifndef KB_BRIEF_INTERNAL_H
#define KB_BRIEF_INTERNAL_H

#include <stddef.h>

#include "kb/brief.h"
#include "kb/md.h"

typedef struct brief {
    kb_db *db;
    const kb_brief_options *o;
    kb_error *err;
    kb_buf *out;
    char as_of[11];
    kb_code rc;       /* the first failure; once set, every section does nothing */
    long long *notes; /* source ids, in the order first cited */
    size_t nnotes, capnotes;
    size_t *slots;    /* open addressing by source id: its footnote number, 0 for none */
    size_t nslots;    /* a power of two, more than twice nnotes */
} brief;

/* Filters every claim query shares. */
#define CLAIM_DATES                                                                         \
    " AND (c.as_of IS NULL OR c.as_of <= :as_of)"                                          \
    " AND (:since IS NULL OR c.as_of >= :since)"

/* The columns of a claim, first in every statement whose rows are claims, in
 * the order kb_brief_claim_item reads them. */
#define CLAIM_COLUMNS \
    "c.id, c.stance, c.claim_kind, c.status, c.rank, c.statement, c.asserted_by, c.as_of"

#define CITES_SQL \
    "SELECT ci.source_id FROM citations ci WHERE ci.claim_id = ?1 ORDER BY ci.position"

static inline const char *T(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static inline void md(brief *B, const char *s)
{
    kb_md_text(B->out, s);
}

static inline void put(brief *B, const char *s)
{
    kb_buf_puts(B->out, s);
}

/* An optional value with what goes around it: before, s, after, or nothing
 * when s is NULL. */
static inline void md_opt(brief *B, const char *before, const char *s, const char *after)
{
    if (!s)
        return;
    put(B, before);
    md(B, s);
    put(B, after);
}

/* Prepares sql and binds :as_of and :since; NULL (and B->rc set) when it
 * fails or when the brief has already failed. A statement that also takes ?1
 * must name ?1 before them: a named parameter seen first would take number 1. */
sqlite3_stmt *kb_brief_prep(brief *B, const char *sql);

/* Steps st: 1 for a row; 0 at the end, or when the step fails (B->rc is then
 * KB_ERR_DB with SQLite's message) or the brief has already failed. */
int kb_brief_row(brief *B, sqlite3_stmt *st);

/* The footnote mark of a source, "[^n]", n given on first citation; nothing
 * when out of memory. */
void kb_brief_cite(brief *B, long long source);

/* The footnote marks for a claim's sources, in citation order; cites is CITES_SQL. */
void kb_brief_cite_claim(brief *B, sqlite3_stmt *cites, long long claim);

/* A section that is one table, under heading, with a row for each row of st
 * (its first n columns are the cells, n at most 8); nothing when st has no row
 * or is NULL. Finalizes st; returns how many rows. */
int kb_brief_table(brief *B, sqlite3_stmt *st, const char *heading, const char *const *head,
                   int n);

/* The Claims section: st's rows are CLAIM_COLUMNS and then the group, ordered
 * by group, with a heading for each group; cites is CITES_SQL. Returns how
 * many claims; nothing is written for none. */
int kb_brief_claims(brief *B, sqlite3_stmt *st, sqlite3_stmt *cites);

/* Opens the line under a brief's title with the day it is as of, and the
 * --since date when there is one: "*Brief as of 2026-07-01, since 2026-01-01";
 * the caller ends it. */
void kb_brief_dateline(brief *B);

/* The Sources section: one footnote per source cited so far. */
void kb_brief_footnotes(brief *B);

/* The claim in st's row (CLAIM_COLUMNS) as a list item: stance, kind,
 * statement, footnotes, who and when; with_subject: the subject's name, the
 * column after CLAIM_COLUMNS, goes before the statement. cites is CITES_SQL. */
void kb_brief_claim_item(brief *B, sqlite3_stmt *cites, sqlite3_stmt *st, int with_subject);

/* Debates (about an entity, or on a topic), each side with its claims: where
 * is a condition on d binding ?1 to id, or to topic when topic is not NULL. */
void kb_brief_debates(brief *B, const char *where, long long id, const char *topic);

/* The three kinds of brief. */
void kb_brief_entity(brief *B, long long id);
void kb_brief_topic(brief *B, const char *topic); /* a topic claims or debates have */
void kb_brief_compare(brief *B, const long long *ids, size_t n);

#endif
