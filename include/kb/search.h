/* kb — one ranked search over entities, claims, debates and sources. */
#ifndef KB_SEARCH_H
#define KB_SEARCH_H

#include <stddef.h>

#include "kb/db.h"
#include "kb/error.h"
#include "kb/kind.h"

/* Marks around the matched words in a snippet; the caller renders them
 * (bold on a terminal, ** in Markdown). */
#define KB_MARK_OPEN "\x01"
#define KB_MARK_CLOSE "\x02"

typedef struct kb_hit {
    char *kind;      /* the kind's name (kb_kind_name): "company", …, "claim" */
    char *id;        /* the slug */
    char *title;     /* name, statement, question or title */
    char *snippet;   /* the text around the matched words, marked */
    double score;    /* higher is better, comparable across kinds: a tier (3 an
                        entity the query names, 2 a hit in a title, 1 elsewhere or
                        by links alone) plus BM25 squashed into [0, 1) */
    char *date;      /* published, as of, released; NULL when none */
    char *url;       /* a source's URL, or a claim's first source's; NULL when none */
    char *publisher; /* a source's publisher, or a claim's first source's */
    char *subject;   /* a claim's or a debate's subject */
    char *stance;    /* a claim's stance */
    char *topic;     /* a claim's or a debate's topic */
    int partial;     /* a source whose text is part of its article only (a paywall) */
} kb_hit;

typedef struct kb_search_options {
    unsigned kinds;        /* what to find, KB_KIND_BIT bits (KB_KIND_ENTITY: every
                              entity kind); 0 for everything */
    const char *entity;    /* claims about or involving it, sources mentioning it,
                              debates about it, and the entity itself and its models/assets */
    const char *topic, *stance, *publisher;
    const char *tag;       /* sources with that category (in any case); the query may
                              then be empty: every such source, newest first */
    const char *since, *until; /* dates of any precision, inclusive */
    int limit, offset;     /* limit 0: 20 */
    int sort_by_date;      /* newest first, instead of best first */
    int raw;               /* the query is FTS5 syntax, passed through */
} kb_search_options;

/* Searches the base. The query language (see kb_query_to_fts) accepts any
 * text: what has nothing to search finds nothing. A term that names an
 * entity also finds the claims, debates, models and assets tied to it (its
 * subject, involved, developer, owner), met by the query's other terms. With opts->raw, an FTS5
 * syntax error is KB_ERR_INPUT. A base that fails while it is read is
 * KB_ERR_DB, and no hits. *hits (free with kb_hits_free) holds *n hits,
 * best first. */
kb_code kb_search(kb_db *db, const char *query, const kb_search_options *opts, kb_hit **hits,
                  size_t *n, kb_error *err);

void kb_hits_free(kb_hit *hits, size_t n);

/* For a query that found nothing: appends to out, as "A, B", a close word
 * the indexes hold for each word of the query that matches nothing, spelt
 * as the text spells it ("Zuckerburg" → "Zuckerberg"), and returns how many
 * (at most four). Only terms that begin with the word's first letter (its
 * first two, for a word of five or more) and are about as long are read, so
 * the time is bounded by those letters' share of the vocabulary. Appends nothing, and returns 0, when there is nothing
 * close or the base cannot say. */
int kb_search_suggest(kb_db *db, const char *query, kb_buf *out);

/* Translates what a person typed into an FTS5 expression: words are ANDed,
 * "quoted phrases", OR between two terms, -word excludes, word* is a prefix
 * (expanded through the indexes' vocabularies, so that analy* finds
 * "analysts" although the index holds stems). Punctuation inside a word makes
 * it a phrase (GPT-4, AT&T); what has no letter or digit is ignored. Returns
 * NULL (and no error) when nothing is left to search, NULL with err set
 * (KB_ERR_DB) when the indexes' vocabularies cannot be read; the caller
 * frees. */
char *kb_query_to_fts(kb_db *db, const char *query, kb_error *err);

#endif
