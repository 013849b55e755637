/* Search: a query language people can type, translated to FTS5, run over the
 * four indexes and merged into one ranking. */
#include "kb/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"
#include "kb/names.h"
#include "kb/suggest.h"

/* Query language. */

/* The tokenizer the indexes use, without the stemmer: a query's words are
 * cut where the index cuts its text (an emoji, (c), TM, a zero-width space or
 * U+FFFD beside a word is a separator there), then FTS5 stems them itself. */
typedef struct {
    fts5_tokenizer api;
    Fts5Tokenizer *tok;
    sqlite3_stmt *names; /* the other names of a term (expand_names), prepared once */
} splitter;

/* A tokenizer of the indexes' own, by name ("unicode61", or "porter" over it). */
static Fts5Tokenizer *tokenizer(kb_db *db, const char *name, fts5_tokenizer *api)
{
    fts5_api *fts = NULL;
    sqlite3_stmt *st;
    if (!db || sqlite3_prepare_v2(db->sql, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    void *ud;
    Fts5Tokenizer *tok = NULL;
    const char *porter[] = {"unicode61", "remove_diacritics", "2"};
    const char *plain[] = {"remove_diacritics", "2"};
    int is_porter = !strcmp(name, "porter");
    if (!fts || fts->xFindTokenizer(fts, name, &ud, api) != SQLITE_OK ||
        api->xCreate(ud, is_porter ? porter : plain, is_porter ? 3 : 2, &tok) != SQLITE_OK)
        return NULL;
    return tok;
}

static int splitter_open(kb_db *db, splitter *sp)
{
    sp->names = NULL;
    sp->tok = tokenizer(db, "unicode61", &sp->api);
    return sp->tok ? 0 : -1;
}

static void splitter_close(splitter *sp)
{
    if (sp->tok)
        sp->api.xDelete(sp->tok);
    sp->tok = NULL;
    sqlite3_finalize(sp->names);
    sp->names = NULL;
}

typedef struct {
    const char *s;
    kb_buf *out;
} split_ctx;

static int take_token(void *ctx, int flags, const char *token, int ntoken, int start, int end)
{
    (void)flags;
    (void)token;
    (void)ntoken;
    split_ctx *c = ctx;
    /* the word as typed: FTS5 folds and stems it as it did the text */
    kb_buf_printf(c->out, "%s%.*s", c->out->len ? " " : "", end - start, c->s + start);
    return SQLITE_OK;
}

/* A byte that belongs to a token when no tokenizer is at hand: ASCII letters
 * and digits, and everything beyond ASCII. */
static int token_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* The tokens of s[0..n), joined by one space; empty when there are none. */
static void tokens(splitter *sp, const char *s, size_t n, kb_buf *out)
{
    if (sp->tok) {
        split_ctx c = {s, out};
        sp->api.xTokenize(sp->tok, &c, FTS5_TOKENIZE_QUERY, s, (int)n, take_token);
        return;
    }
    size_t i = 0;
    while (i < n) {
        while (i < n && !token_byte((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < n && token_byte((unsigned char)s[i]))
            i++;
        if (i > start)
            kb_buf_printf(out, "%s%.*s", out->len ? " " : "", (int)(i - start), s + start);
    }
}

static const char *const VOCABS[] = {"entities_fts", "claims_fts", "debates_fts", "sources_fts"};

/* Makes a temp fts5vocab table per index (temp works on a read-only base). */
static kb_code vocab_ready(kb_db *db, kb_error *err)
{
    for (int i = 0; i < 4; i++) {
        char *sql = sqlite3_mprintf("CREATE VIRTUAL TABLE IF NOT EXISTS temp.\"kb_vocab_%w\" "
                                    "USING fts5vocab(main, %Q, 'row')",
                                    VOCABS[i], VOCABS[i]);
        kb_code rc = sql ? kb_db_exec(db, sql, err) : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        sqlite3_free(sql);
        if (rc)
            return rc;
    }
    return KB_OK;
}

typedef struct {
    char *v[96];
    int n;
} termset;

static void termset_add(termset *t, const char *s)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->v[i], s) == 0)
            return;
    if (t->n < 96 && (t->v[t->n] = strdup(s)))
        t->n++;
}

/* Prepares sql (from sqlite3_mprintf, freed here). */
static kb_code prepare_owned(kb_db *db, char *sql, sqlite3_stmt **st, kb_error *err)
{
    kb_code rc = sql ? kb_db_prepare(db, sql, st, err)
                     : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    sqlite3_free(sql);
    return rc;
}

/* Index terms (stems) that begin with prefix, most frequent first. */
static kb_code vocab_range(kb_db *db, const char *prefix, termset *t, int per_index,
                           kb_error *err)
{
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *st;
        if (prepare_owned(db,
                          sqlite3_mprintf("SELECT term FROM temp.\"kb_vocab_%w\" WHERE term >= ?1 "
                                          "AND term < ?1 || char(1114111) ORDER BY doc DESC "
                                          "LIMIT %d", VOCABS[i], per_index),
                          &st, err))
            return KB_ERR_DB;
        sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
        int rc;
        while ((rc = kb_db_step(db, st, err)) == SQLITE_ROW)
            termset_add(t, (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return KB_ERR_DB;
    }
    return KB_OK;
}

/* Whether an index holds term, in *found. */
static kb_code vocab_has(kb_db *db, const char *term, int *found, kb_error *err)
{
    *found = 0;
    for (int i = 0; i < 4 && !*found; i++) {
        sqlite3_stmt *st;
        if (prepare_owned(db,
                          sqlite3_mprintf("SELECT 1 FROM temp.\"kb_vocab_%w\" WHERE term = ?1",
                                          VOCABS[i]),
                          &st, err))
            return KB_ERR_DB;
        sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
        int rc = kb_db_step(db, st, err);
        *found = rc == SQLITE_ROW;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return KB_ERR_DB;
    }
    return KB_OK;
}

/* What the Porter stemmer takes off a word: a prefix that ends inside one of
 * these may belong to a word whose stem is shorter than the prefix
 * ("fundin*" and "funding", stemmed "fund"). */
static int suffix_start(const char *rest)
{
    static const char *const suffixes[] = {
        "ing", "ings", "ed", "er", "ers", "es", "s", "ly", "ness", "ment", "ments", "ation",
        "ations", "ational", "ion", "ions", "ive", "ives", "ize", "ized", "izes", "izing",
        "ise", "ised", "ising", "al", "ally", "ance", "ence", "able", "ible", "ity", "ities",
        "ies", "ied", "ism", "ist", "ists", "ful", "ous", "iveness", "fulness", "ousness", "e"};
    size_t n = strlen(rest);
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strncmp(suffixes[i], rest, n) == 0)
            return 1;
    return 0;
}

/* An FTS5 string: a phrase of its tokens, never an operator. */
static void quote(kb_buf *b, const char *s)
{
    kb_buf_puts(b, "\"");
    for (; *s; s++) {
        if (*s == '"')
            kb_buf_puts(b, "\"\"");
        else
            kb_buf_append(b, s, 1);
    }
    kb_buf_puts(b, "\"");
}

/* A one-token prefix, expanded to the stems in the indexes that words
 * beginning with it may have. */
static kb_code expand_prefix(kb_db *db, const char *token, kb_buf *out, kb_error *err)
{
    char p[256];
    size_t n = strlen(token);
    if (n >= sizeof p)
        n = sizeof p - 1;
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(token[i] >= 'A' && token[i] <= 'Z' ? token[i] - 'A' + 'a' : token[i]);
    p[n] = '\0';
    termset t = {0};
    kb_code rc = vocab_ready(db, err);
    if (rc == KB_OK)
        rc = vocab_range(db, p, &t, 24, err);
    /* "company*": Porter writes a final y as i ("compani") */
    if (rc == KB_OK && n >= 3 && p[n - 1] == 'y') {
        p[n - 1] = 'i';
        rc = vocab_range(db, p, &t, 8, err);
        p[n - 1] = 'y';
    }
    for (size_t k = n - 1; rc == KB_OK && k >= 3 && k < n; k--) {
        char stem[256];
        memcpy(stem, p, k);
        stem[k] = '\0';
        int has = 0;
        if (suffix_start(p + k) && (rc = vocab_has(db, stem, &has, err)) == KB_OK && has)
            termset_add(&t, stem);
    }
    kb_buf_puts(out, "(");
    for (int i = 0; i < t.n; i++) {
        quote(out, t.v[i]);
        kb_buf_puts(out, " OR ");
        free(t.v[i]);
    }
    quote(out, p);
    kb_buf_puts(out, " *)");
    return rc;
}

/* A term that names an entity (its name, an alias or its slug, in any case)
 * also matches its other names: "facebook" finds what says Meta; and a term
 * of a group of synonyms matches every spelling of the group: "datacenter"
 * finds "data center" and "data centre". Appends
 * ("term" OR "name" OR "alias" ...) to out and returns 1, or returns 0 when
 * the term has no other name; appends the entities it names to ids, as
 * ",1,7,". A base that cannot answer leaves the term as typed: the search
 * itself will say what failed. */
enum { MAX_OTHER_NAMES = 24 };

static int expand_names(kb_db *db, splitter *sp, const char *term, size_t len, const char *tok,
                        kb_buf *out, kb_buf *ids)
{
    if (len == 0 || len > 200)
        return 0;
    char *name = strndup(term, len);
    kb_buf slug = KB_BUF_INIT;
    kb_slugify(&slug, name ? name : "", 200);
    int rc = SQLITE_OK;
    if (!name)
        rc = SQLITE_NOMEM;
    else if (!sp->names)
        rc = sqlite3_prepare_v2(
                        db->sql,
                        "WITH named(id) AS (" KB_NAMED_IDS "), "
                        "groups(t) AS (SELECT term FROM synonyms WHERE term = ?1 COLLATE NOCASE "
                        "  OR alt = ?1 COLLATE NOCASE) "
                        "SELECT id, NULL FROM named UNION ALL SELECT NULL, n FROM ("
                        "  SELECT name AS n FROM entities WHERE id IN named "
                        "  UNION SELECT alias FROM aliases WHERE entity_id IN named "
                        "  UNION SELECT t FROM groups "
                        "  UNION SELECT alt FROM synonyms WHERE term IN groups)",
                        -1, &sp->names, NULL);
    sqlite3_stmt *st = sp->names;
    termset names = {0};
    termset_add(&names, tok);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, slug.data ? slug.data : "", -1, SQLITE_STATIC);
        while (names.n <= MAX_OTHER_NAMES && sqlite3_step(st) == SQLITE_ROW) {
            if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
                kb_buf_printf(ids, "%s%lld,", ids->len ? "" : ",", sqlite3_column_int64(st, 0));
                continue;
            }
            const char *other = (const char *)sqlite3_column_text(st, 1);
            kb_buf t = KB_BUF_INIT;
            if (other)
                tokens(sp, other, strlen(other), &t);
            if (t.len)
                termset_add(&names, t.data);
            kb_buf_free(&t);
        }
        sqlite3_reset(st); /* its bound text is freed below */
        sqlite3_clear_bindings(st);
    }
    free(name);
    kb_buf_free(&slug);
    int expanded = names.n > 1;
    if (expanded) {
        kb_buf_puts(out, "(");
        for (int i = 0; i < names.n; i++) {
            if (i)
                kb_buf_puts(out, " OR ");
            quote(out, names.v[i]);
        }
        kb_buf_puts(out, ")");
    }
    for (int i = 0; i < names.n; i++)
        free(names.v[i]);
    return expanded;
}

typedef struct {
    char *fts;
    char *ids; /* ",1,7,": the entities the term names; NULL when none */
    int neg;
    int or_with_previous;
} qterm;

/* What a query asks, for the search to find the things about the entities
 * it names as well as the text that names them. A positive group of terms
 * (one term, or terms joined by OR) of which a term names an entity is an
 * "about" group: it is met by the text (its names spelt out) or by a link
 * to an entity one of its terms names. */
enum { MAX_ABOUT = 8 };

typedef struct {
    char *fts;  /* the whole query, every group met by the text */
    char *rest; /* the positive groups that are not about groups, ANDed; NULL when none */
    char *neg;  /* the excluded terms, ORed; NULL when none */
    char *not_ids; /* the entities the excluded terms name; NULL when none */
    int nabout;
    char *about_fts[MAX_ABOUT];
    char *about_ids[MAX_ABOUT];
} parsed_query;

static void parsed_free(parsed_query *pq)
{
    free(pq->fts);
    free(pq->rest);
    free(pq->neg);
    free(pq->not_ids);
    for (int i = 0; i < pq->nabout; i++) {
        free(pq->about_fts[i]);
        free(pq->about_ids[i]);
    }
    memset(pq, 0, sizeof *pq);
}

static kb_code parse_query(kb_db *db, const char *query, parsed_query *pq, kb_error *err);

/* Whether s[at..at+n) stands as whole words in s: no letter or digit beside. */
static int whole_words(const char *s, size_t at, size_t n)
{
    return (at == 0 || !token_byte((unsigned char)s[at - 1])) && !token_byte((unsigned char)s[at + n]);
}

/* The query with every name of more than one word that an entity goes by
 * ("Meta Platforms", "Mark Zuckerberg"), and every synonym of more than one
 * ("data center"), quoted where it stands unquoted, so
 * that it is read as the one name it is (and matches the entity's other
 * names) rather than as words each on its own. NULL when nothing changes. */
static char *quote_names(kb_db *db, const char *query)
{
    if (!strchr(query, ' ') || strlen(query) > 1000)
        return NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sql,
                           "SELECT name FROM (SELECT name FROM entities WHERE instr(name, ' ') "
                           "UNION SELECT alias FROM aliases WHERE instr(alias, ' ') "
                           "UNION SELECT term FROM synonyms WHERE instr(term, ' ') "
                           "UNION SELECT alt FROM synonyms WHERE instr(alt, ' ')) "
                           "ORDER BY length(name) DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL;
    char *q = strdup(query);
    int changed = 0;
    while (q && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        size_t n = name ? strlen(name) : 0, len = strlen(q);
        if (n < 3 || n > len)
            continue;
        for (size_t at = 0; at + n <= len; at++) {
            if (strncasecmp(q + at, name, n) != 0 || !whole_words(q, at, n))
                continue;
            size_t quotes = 0; /* inside a phrase already: left as it is */
            for (size_t k = 0; k < at; k++)
                quotes += q[k] == '"';
            if (quotes % 2)
                continue;
            char *r = malloc(len + 3);
            if (!r)
                break;
            memcpy(r, q, at);
            r[at] = '"';
            memcpy(r + at + 1, q + at, n);
            r[at + n + 1] = '"';
            memcpy(r + at + n + 2, q + at + n, len - at - n + 1);
            free(q);
            q = r;
            len += 2;
            at += n + 1;
            changed = 1;
        }
    }
    sqlite3_finalize(st);
    if (!changed) {
        free(q);
        return NULL;
    }
    return q;
}

/* What the query asks (see parsed_query): pq->fts NULL when nothing is left
 * to search. */
static kb_code read_query(kb_db *db, const char *query, parsed_query *pq, kb_error *err)
{
    kb_error_clear(err);
    char *quoted = db && query ? quote_names(db, query) : NULL;
    kb_code rc = parse_query(db, quoted ? quoted : query, pq, err);
    free(quoted);
    return rc;
}

char *kb_query_to_fts(kb_db *db, const char *query, kb_error *err)
{
    parsed_query pq = {0};
    read_query(db, query, &pq, err);
    char *fts = pq.fts;
    pq.fts = NULL;
    parsed_free(&pq);
    return fts;
}

/* What b holds, NULL when nothing; b is left empty. */
static char *take_some(kb_buf *b)
{
    if (!b->len) {
        kb_buf_free(b);
        return NULL;
    }
    return kb_buf_take(b);
}

/* Appends ids (",1,7,") to the set all holds, in the same form. */
static void add_ids(kb_buf *all, const char *ids)
{
    kb_buf_puts(all, all->len ? ids + 1 : ids);
}

static kb_code parse_query(kb_db *db, const char *query, parsed_query *pq, kb_error *err)
{
    memset(pq, 0, sizeof *pq);
    qterm terms[64];
    int nt = 0, pending_or = 0, failed = 0;
    const char *p = query ? query : "";
    splitter sp;
    splitter_open(db, &sp);
    while (*p && nt < 64) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        int neg = 0, prefix = 0;
        const char *start, *end;
        if (*p == '-' && p[1] && p[1] != ' ' && p[1] != '\t') {
            neg = 1;
            p++;
        }
        if (*p == '"') {
            start = ++p;
            while (*p && *p != '"')
                p++;
            end = p;
            if (*p == '"')
                p++;
        } else {
            start = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '"')
                p++;
            end = p;
            if (!neg && end - start == 2 && memcmp(start, "OR", 2) == 0) {
                pending_or = nt > 0;
                continue;
            }
        }
        while (*p == '*') {
            prefix = 1;
            p++;
        }
        while (end > start && end[-1] == '*') {
            prefix = 1;
            end--;
        }
        kb_buf tok = KB_BUF_INIT;
        tokens(&sp, start, (size_t)(end - start), &tok);
        if (!tok.len) { /* nothing searchable: the term is dropped, and its OR */
            kb_buf_free(&tok);
            pending_or = 0;
            continue;
        }
        kb_buf f = KB_BUF_INIT, ids = KB_BUF_INIT;
        if (prefix && !strchr(tok.data, ' ')) {
            if (expand_prefix(db, tok.data, &f, err)) {
                kb_buf_free(&f);
                kb_buf_free(&tok);
                failed = 1;
                break;
            }
        } else if (prefix || !expand_names(db, &sp, start, (size_t)(end - start), tok.data, &f,
                                              &ids)) {
            quote(&f, tok.data);
            if (prefix)
                kb_buf_puts(&f, " *");
        }
        kb_buf_free(&tok);
        terms[nt].fts = kb_buf_take(&f);
        terms[nt].ids = take_some(&ids);
        terms[nt].neg = neg;
        terms[nt].or_with_previous = pending_or && !neg && !terms[nt - 1].neg;
        pending_or = 0;
        nt++;
    }

    /* positive terms: groups of ORs, ANDed; then NOT (the excluded ones) */
    kb_buf q = KB_BUF_INIT, no = KB_BUF_INIT, rest = KB_BUF_INIT, not_ids = KB_BUF_INIT;
    int groups = 0, rests = 0;
    for (int i = 0; i < nt; i++) {
        if (terms[i].neg) {
            kb_buf_printf(&no, "%s%s", no.len ? " OR " : "", terms[i].fts);
            if (terms[i].ids)
                add_ids(&not_ids, terms[i].ids);
            continue;
        }
        /* the group of terms[i .. j) */
        int j = i + 1;
        while (j < nt && !terms[j].neg && terms[j].or_with_previous)
            j++;
        kb_buf g = KB_BUF_INIT, gids = KB_BUF_INIT;
        for (int k = i; k < j; k++) {
            kb_buf_printf(&g, "%s%s", k > i ? " OR " : "", terms[k].fts);
            if (terms[k].ids)
                add_ids(&gids, terms[k].ids);
        }
        const char *group = g.data ? g.data : "";
        kb_buf_printf(&q, "%s%s", groups ? ") AND (" : "(", group);
        groups++;
        if (gids.len && pq->nabout < MAX_ABOUT) {
            pq->about_fts[pq->nabout] = kb_buf_take(&g);
            pq->about_ids[pq->nabout++] = kb_buf_take(&gids);
        } else {
            kb_buf_printf(&rest, "%s%s", rests ? ") AND (" : "(", group);
            rests++;
        }
        kb_buf_free(&g);
        kb_buf_free(&gids);
        i = j - 1;
    }
    for (int i = 0; i < nt; i++) {
        free(terms[i].fts);
        free(terms[i].ids);
    }
    if (groups && !failed) {
        kb_buf_puts(&q, ")");
        if (no.len)
            kb_buf_printf(&q, " NOT (%s)", no.data);
        pq->fts = kb_buf_take(&q);
        if (rests) {
            kb_buf_puts(&rest, ")");
            pq->rest = kb_buf_take(&rest);
        }
        pq->neg = take_some(&no);
        pq->not_ids = take_some(&not_ids);
    }
    kb_buf_free(&q);
    kb_buf_free(&no);
    kb_buf_free(&rest);
    kb_buf_free(&not_ids);
    splitter_close(&sp);
    if (!pq->fts) {
        parsed_free(pq);
        return failed ? err->code : KB_OK;
    }
    return KB_OK;
}

/* Running a search. */

/* How each kind of thing is searched; every value is bound, none is spliced
 * in (but the entity kinds, names from the kind table). A statement's
 * columns: kind (:kind, the name of the statement's kind), id, title,
 * snippet, score, date, url, publisher, subject, stance, topic, tier, partial. cols
 * takes the snippet, the score and the tier: from the index when the text is
 * searched, fixed when a thing is found by its links alone. link is what
 * ties a row to the entities of a set of ids (",1,7,"), written with @ for
 * the set; NULL when the kind has no links of its own (a source's mentions
 * are its text's names, which the text search finds already). */
typedef struct {
    kb_kind kind;
    const char *fts, *table, *row, *cols, *snippet, *tier, *weights, *joins, *filters, *date,
            *link;
} kind_sql;

static const kind_sql KINDS[] = {
    {KB_KIND_ENTITY, "entities_fts", "entities e", "e.id",
     "e.kind, e.slug, e.name, %s, %s AS score, coalesce(m.released, a.as_of) AS date, "
     "NULL, NULL, NULL, NULL, NULL, %s, 0",
     "snippet(entities_fts, -1, char(1), char(2), '…', 16)",
     "CASE WHEN instr(:exact, ',' || e.id || ',') THEN 3 "
     "  WHEN instr(highlight(entities_fts, 0, char(1), '') || "
     "    highlight(entities_fts, 1, char(1), ''), char(1)) THEN 2 ELSE 1 END",
     "bm25(10.0, 6.0, 1.0)",
     " LEFT JOIN models m ON m.entity_id = e.id LEFT JOIN assets a ON a.entity_id = e.id",
     ":topic IS NULL AND :stance IS NULL AND :publisher IS NULL AND :tag IS NULL "
     "AND (:entity IS NULL OR e.slug = :entity "
     "  OR m.developer_id = (SELECT id FROM entities WHERE slug = :entity) "
     "  OR a.owner_id = (SELECT id FROM entities WHERE slug = :entity))",
     "coalesce(m.released, a.as_of)",
     "(instr(@, ',' || m.developer_id || ',') OR instr(@, ',' || a.owner_id || ','))"},
    {KB_KIND_CLAIM, "claims_fts", "claims c", "c.id",
     ":kind, c.slug, c.statement, %s, %s AS score, coalesce(c.as_of, fs.published) AS date, "
     "fs.url, fs.publisher, e.slug, c.stance, c.topic, %s, 0",
     "snippet(claims_fts, -1, char(1), char(2), '…', 16)",
     "CASE WHEN instr(highlight(claims_fts, 0, char(1), ''), char(1)) THEN 2 ELSE 1 END",
     "bm25(8.0, 4.0, 2.0)",
     " JOIN entities e ON e.id = c.subject_id "
     "LEFT JOIN sources fs ON fs.id = (SELECT source_id FROM citations WHERE claim_id = c.id "
     "  ORDER BY position LIMIT 1)",
     "(:entity IS NULL OR e.slug = :entity OR EXISTS (SELECT 1 FROM claim_entities ce "
     "  JOIN entities x ON x.id = ce.entity_id WHERE ce.claim_id = c.id AND x.slug = :entity)) "
     "AND (:topic IS NULL OR c.topic = :topic) AND (:stance IS NULL OR c.stance = :stance) "
     "AND :tag IS NULL "
     "AND (:publisher IS NULL OR EXISTS (SELECT 1 FROM citations ci JOIN sources s "
     "  ON s.id = ci.source_id WHERE ci.claim_id = c.id AND s.publisher = :publisher "
     "  COLLATE NOCASE))",
     "coalesce(c.as_of, fs.published)",
     "(instr(@, ',' || c.subject_id || ',') OR EXISTS (SELECT 1 FROM claim_entities ce "
     "  WHERE ce.claim_id = c.id AND instr(@, ',' || ce.entity_id || ',')))"},
    /* debates have no date: a date filter leaves them out */
    {KB_KIND_DEBATE, "debates_fts", "debates d", "d.id",
     ":kind, d.slug, d.question, %s, %s AS score, NULL AS date, NULL, NULL, e.slug, NULL, "
     "d.topic, %s, 0",
     "snippet(debates_fts, -1, char(1), char(2), '…', 16)",
     "CASE WHEN instr(highlight(debates_fts, 0, char(1), ''), char(1)) THEN 2 ELSE 1 END",
     "bm25(8.0, 2.0)", " JOIN entities e ON e.id = d.subject_id",
     "(:entity IS NULL OR e.slug = :entity) "
     "AND (:topic IS NULL OR d.topic = :topic) AND :stance IS NULL AND :publisher IS NULL "
     "AND :tag IS NULL",
     NULL, "instr(@, ',' || d.subject_id || ',')"},
    {KB_KIND_SOURCE, "sources_fts", "sources s", "s.id",
     ":kind, s.slug, s.title, %s, %s AS score, s.published AS date, s.url, s.publisher, "
     "NULL, NULL, NULL, %s, s.partial",
     "CASE WHEN s.text IS NOT NULL THEN snippet(sources_fts, 3, char(1), char(2), '…', 16) "
     "  ELSE snippet(sources_fts, -1, char(1), char(2), '…', 16) END",
     "CASE WHEN instr(highlight(sources_fts, 0, char(1), ''), char(1)) THEN 2 ELSE 1 END",
     "bm25(8.0, 2.0, 3.0, 1.0)", "",
     ":topic IS NULL AND :stance IS NULL "
     "AND (:publisher IS NULL OR s.publisher = :publisher COLLATE NOCASE) "
     "AND (:tag IS NULL OR EXISTS (SELECT 1 FROM source_tags st WHERE st.source_id = s.id "
     "  AND st.tag = :tag COLLATE NOCASE)) "
     "AND (:entity IS NULL OR EXISTS (SELECT 1 FROM mentions mm JOIN entities x "
     "  ON x.id = mm.entity_id WHERE mm.source_id = s.id AND x.slug = :entity))",
     "s.published", NULL},
};

static const char *const DATE_FILTER =
    " AND (:since IS NULL OR %s >= :since)"
    " AND (:until IS NULL OR substr(%s, 1, length(:until)) <= :until)";

/* How a statement finds its rows: by the whole query's text; by the text of
 * the query's other groups (:rest) and a link to what each about group names;
 * or, when every group is an about group, by the links alone (and, when
 * there is no query but a --tag, by the filters alone). */
typedef enum { BY_TEXT, BY_REST_AND_LINKS, BY_LINKS } finding;

/* Appends k->link with @ read as param. */
static void put_link(kb_buf *sql, const char *link, const char *param)
{
    for (const char *at; (at = strchr(link, '@')); link = at + 1) {
        kb_buf_append(sql, link, (size_t)(at - link));
        kb_buf_puts(sql, param);
    }
    kb_buf_puts(sql, link);
}

static void compose(kb_buf *sql, const kind_sql *k, finding how, const parsed_query *pq,
                    const char *ekinds, const kb_search_options *o)
{
    char score[32];
    snprintf(score, sizeof score, "-%s.rank", k->fts);
    kb_buf_puts(sql, "SELECT ");
    if (how == BY_LINKS)
        kb_buf_printf(sql, k->cols, "NULL", "0.0", "1");
    else
        kb_buf_printf(sql, k->cols, k->snippet, score, k->tier);
    if (how == BY_LINKS)
        kb_buf_printf(sql, " FROM %s%s WHERE ", k->table, k->joins);
    else
        kb_buf_printf(sql,
                      " FROM %s JOIN %s ON %s = %s.rowid%s WHERE %s MATCH %s "
                      "AND %s.rank MATCH '%s' AND ",
                      k->fts, k->table, k->row, k->fts, k->joins, k->fts,
                      how == BY_TEXT ? ":q" : ":rest", k->fts, k->weights);
    kb_buf_puts(sql, k->filters);
    if (k->kind == KB_KIND_ENTITY)
        kb_buf_printf(sql, " AND e.kind IN (%s)", ekinds);
    if (k->date)
        kb_buf_printf(sql, DATE_FILTER, k->date, k->date);
    if (k->link && pq->not_ids) { /* what an excluded name names, by its links too */
        kb_buf_puts(sql, " AND NOT coalesce(");
        put_link(sql, k->link, ":not_ids");
        kb_buf_puts(sql, ", 0)");
    }
    if (how != BY_TEXT && pq->fts && *pq->fts) {
        for (int i = 0; i < pq->nabout; i++) {
            char text[16], ids[16];
            snprintf(text, sizeof text, ":a%d", i);
            snprintf(ids, sizeof ids, ":i%d", i);
            kb_buf_printf(sql, " AND (%s IN (SELECT rowid FROM %s WHERE %s MATCH %s) OR ",
                          k->row, k->fts, k->fts, text);
            put_link(sql, k->link, ids);
            kb_buf_puts(sql, ")");
        }
        /* what the text search finds is found there */
        kb_buf_printf(sql, " AND %s NOT IN (SELECT rowid FROM %s WHERE %s MATCH :q)", k->row,
                      k->fts, k->fts);
        if (pq->neg)
            kb_buf_printf(sql, " AND %s NOT IN (SELECT rowid FROM %s WHERE %s MATCH :neg)",
                          k->row, k->fts, k->fts);
    }
    /* ORDER BY rank lets FTS5 sort the matches itself, so that the snippets
     * are made for the hits returned only; what links alone find all score
     * alike, and rank by date */
    if (o->sort_by_date || how == BY_LINKS)
        kb_buf_puts(sql, " ORDER BY date IS NULL, date DESC, score DESC, 2");
    else
        kb_buf_printf(sql, " ORDER BY %s.rank", k->fts);
    kb_buf_puts(sql, " LIMIT :lim");
}

typedef struct {
    kb_hit *v;
    size_t n, cap;
} hitlist;

static char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? strdup(s) : NULL;
}

static void bind_opt(sqlite3_stmt *st, const char *name, const char *value)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i && value)
        sqlite3_bind_text(st, i, value, -1, SQLITE_STATIC);
}

/* One ranking for every kind of thing. A hit's score is its tier, then its
 * BM25 score squashed into [0, 1): no index is scaled to its own best hit,
 * so scores of different kinds compare, and a list merged from all of them
 * sorts by score alone. The tiers, best first:
 *   3  an entity the whole query names (its name, alias or slug);
 *   2  a hit in what names the thing: an entity's name or aliases, a claim's
 *      statement, a debate's question, a source's title;
 *   1  a hit elsewhere only (a description, a source's text). */
/* The BM25 score that squashes to one half. */
enum { SCORE_HALF = 10 };

static double score_of(double bm25, int tier)
{
    if (bm25 < 0)
        bm25 = 0;
    return tier + bm25 / (bm25 + SCORE_HALF);
}

/* The ids of the entities the whole query names, as ",1,7," (NULL when none
 * does, or when the query is more than a name). */
static char *named_by_query(kb_db *db, const char *query)
{
    if (!query || strpbrk(query, "\"*()") || strlen(query) > 200)
        return NULL;
    while (*query == ' ')
        query++;
    size_t n = strlen(query);
    while (n && query[n - 1] == ' ')
        n--;
    if (!n)
        return NULL;
    char *name = strndup(query, n);
    kb_buf slug = KB_BUF_INIT, ids = KB_BUF_INIT;
    kb_slugify(&slug, name, 200);
    sqlite3_stmt *st;
    if (name && sqlite3_prepare_v2(db->sql,
                                   KB_NAMED_IDS,
                                   -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, slug.data ? slug.data : "", -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) /* no hint is no harm: a plain search */
            kb_buf_printf(&ids, "%s%lld,", ids.len ? "" : ",", sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
    }
    free(name);
    kb_buf_free(&slug);
    return kb_buf_take(&ids);
}

static kb_code run_one(kb_db *db, const char *sql, kb_kind kind, const parsed_query *pq,
                       const char *exact, const kb_search_options *o, int limit, hitlist *out,
                       kb_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
        return kb_db_fail(db, err, "preparing a search");
    bind_opt(st, ":kind", kb_kind_name(kind));
    bind_opt(st, ":q", pq->fts);
    bind_opt(st, ":rest", pq->rest);
    bind_opt(st, ":neg", pq->neg);
    bind_opt(st, ":not_ids", pq->not_ids);
    for (int i = 0; i < pq->nabout; i++) {
        char name[16];
        snprintf(name, sizeof name, ":a%d", i);
        bind_opt(st, name, pq->about_fts[i]);
        snprintf(name, sizeof name, ":i%d", i);
        bind_opt(st, name, pq->about_ids[i]);
    }
    bind_opt(st, ":exact", exact);
    bind_opt(st, ":entity", o->entity);
    bind_opt(st, ":topic", o->topic);
    bind_opt(st, ":stance", o->stance);
    bind_opt(st, ":publisher", o->publisher);
    bind_opt(st, ":tag", o->tag);
    bind_opt(st, ":since", o->since);
    bind_opt(st, ":until", o->until);
    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":lim"), limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) { /* its failure is told below */
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 32;
            kb_hit *v = realloc(out->v, cap * sizeof *v);
            if (!v) {
                sqlite3_finalize(st);
                return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
            }
            out->v = v;
            out->cap = cap;
        }
        kb_hit *h = &out->v[out->n++];
        memset(h, 0, sizeof *h);
        h->kind = col(st, 0);
        h->id = col(st, 1);
        h->title = col(st, 2);
        h->snippet = col(st, 3);
        for (char *c = h->snippet; c && *c; c++) /* a snippet is one line */
            if (*c == '\n' || *c == '\r' || *c == '\t')
                *c = ' ';
        h->score = score_of(sqlite3_column_double(st, 4), sqlite3_column_int(st, 11));
        h->date = col(st, 5);
        h->url = col(st, 6);
        h->publisher = col(st, 7);
        h->subject = col(st, 8);
        h->stance = col(st, 9);
        h->topic = col(st, 10);
        h->partial = sqlite3_column_int(st, 12);
    }
    kb_code code = KB_OK;
    /* with --raw, a plain error is the query's; a damaged or unreadable base
     * is the base's whatever the query */
    if (rc != SQLITE_DONE && o->raw && (rc & 0xff) == SQLITE_ERROR)
        code = kb_error_set(err, KB_ERR_INPUT, "the query is not valid FTS5: %s",
                            sqlite3_errmsg(db->sql));
    else if (rc != SQLITE_DONE)
        code = kb_error_set(err, KB_ERR_DB, "%s: search failed: %s", db->path,
                            sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
    return code;
}

static int cmp_date_desc(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return -strcmp(a, b);
}

static int by_rank(const void *pa, const void *pb)
{
    const kb_hit *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    int c = cmp_date_desc(a->date, b->date);
    return c ? c : strcmp(a->id, b->id);
}

static int by_date(const void *pa, const void *pb)
{
    const kb_hit *a = pa, *b = pb;
    int c = cmp_date_desc(a->date, b->date);
    return c ? c : by_rank(pa, pb);
}

static void hit_clear(kb_hit *h)
{
    free(h->kind);
    free(h->id);
    free(h->title);
    free(h->snippet);
    free(h->date);
    free(h->url);
    free(h->publisher);
    free(h->subject);
    free(h->stance);
    free(h->topic);
}

void kb_hits_free(kb_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hit_clear(&hits[i]);
    free(hits);
}

static kb_code run_search(kb_db *db, const char *query, const kb_search_options *opts,
                          kb_hit **hits, size_t *n, kb_error *err)
{
    kb_search_options o = opts ? *opts : (kb_search_options){0};
    *hits = NULL;
    *n = 0;
    kb_error_clear(err);
    if (o.limit <= 0)
        o.limit = 20;
    if (o.offset < 0)
        o.offset = 0;
    parsed_query pq = {0};
    if (o.raw && !(pq.fts = strdup(query ? query : "")))
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    if (!o.raw && read_query(db, query, &pq, err))
        return err->code;
    /* no query: nothing, unless a tag names what to list */
    int listing = (!pq.fts || !*pq.fts) && o.tag;
    if ((!pq.fts || !*pq.fts) && !listing) {
        parsed_free(&pq);
        return KB_OK;
    }
    unsigned k = o.kinds ? o.kinds : ~0u;
    kb_buf ekinds = KB_BUF_INIT;
    for (int e = KB_KIND_ENTITY + 1; kb_kind_is_entity((kb_kind)e); e++)
        if (k & (KB_KIND_BIT(KB_KIND_ENTITY) | KB_KIND_BIT(e)))
            kb_buf_printf(&ekinds, "%s'%s'", ekinds.len ? "," : "", kb_kind_name((kb_kind)e));
    hitlist all = {0};
    kb_code rc = KB_OK;
    int want = o.offset + o.limit;
    char *exact = o.raw ? NULL : named_by_query(db, query);
    for (size_t i = 0; rc == KB_OK && i < sizeof KINDS / sizeof *KINDS; i++) {
        const kind_sql *ks = &KINDS[i];
        int on = ks->kind == KB_KIND_ENTITY ? ekinds.len > 0
                                            : (k & KB_KIND_BIT(ks->kind)) != 0;
        if (ks->kind == KB_KIND_DEBATE && (o.since || o.until))
            on = 0; /* debates have no date: a date filter leaves them out */
        if (!on || (listing && ks->kind != KB_KIND_SOURCE))
            continue;
        /* the text search; then, when the query names entities, what is
         * tied to them and meets the rest of the query */
        finding hows[2] = {BY_TEXT, pq.rest ? BY_REST_AND_LINKS : BY_LINKS};
        int nhows = pq.nabout && ks->link ? 2 : 1;
        if (listing) {
            hows[0] = BY_LINKS;
            nhows = 1;
        }
        for (int h = 0; rc == KB_OK && h < nhows; h++) {
            kb_buf sql = KB_BUF_INIT;
            compose(&sql, ks, hows[h], &pq, ekinds.data, &o);
            rc = run_one(db, sql.data, ks->kind, &pq, exact, &o, want, &all, err);
            kb_buf_free(&sql);
        }
    }
    kb_buf_free(&ekinds);
    parsed_free(&pq);
    free(exact);
    if (rc) {
        kb_hits_free(all.v, all.n);
        return rc;
    }
    if (all.n)
        qsort(all.v, all.n, sizeof *all.v, o.sort_by_date ? by_date : by_rank);
    /* keep [offset, offset + limit) */
    size_t from = (size_t)o.offset < all.n ? (size_t)o.offset : all.n;
    size_t to = from + (size_t)o.limit < all.n ? from + (size_t)o.limit : all.n;
    for (size_t i = 0; i < all.n; i++)
        if (i < from || i >= to)
            hit_clear(&all.v[i]);
    if (to > from)
        memmove(all.v, all.v + from, (to - from) * sizeof *all.v);
    *hits = all.v;
    *n = to - from;
    return KB_OK;
}

kb_code kb_search(kb_db *db, const char *query, const kb_search_options *opts, kb_hit **hits,
                  size_t *n, kb_error *err)
{
    *hits = NULL;
    *n = 0;
    kb_error_clear(err);
    if (!opts || !opts->entity)
        return run_search(db, query, opts, hits, n, err);
    /* --entity takes a name as well as a slug; one that names nothing is an
     * error, not an empty list. */
    kb_search_options o = *opts;
    char *slug = NULL;
    long long id;
    if (kb_entity_find(db, o.entity, &id, &slug, err))
        return err->code;
    o.entity = slug;
    kb_code rc = run_search(db, query, &o, hits, n, err);
    free(slug);
    return rc;
}

/* "Did you mean": close words for the words of a query that match nothing. */

/* Whether any index holds what word matches (FTS5 stems it as the text). */
static int word_matches(kb_db *db, const char *quoted)
{
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *st;
        char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE \"%w\" MATCH ?1 LIMIT 1",
                                    VOCABS[i], VOCABS[i]);
        int rc = sql ? sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) : SQLITE_NOMEM;
        sqlite3_free(sql);
        if (rc != SQLITE_OK)
            return 1; /* cannot tell: no hint */
        sqlite3_bind_text(st, 1, quoted, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return 1;
    }
    return 0;
}

/* A tokenizer's callback that keeps the n-th token's place. */
typedef struct {
    int want, seen;
    int start, end;
    char *stem;
} nth_ctx;

static int nth_token(void *ctx, int flags, const char *token, int ntoken, int start, int end)
{
    nth_ctx *c = ctx;
    if (flags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    if (c->seen++ == c->want) {
        c->start = start;
        c->end = end;
        if (!c->stem)
            c->stem = strndup(token, (size_t)ntoken);
        return SQLITE_DONE;
    }
    return SQLITE_OK;
}

/* The stem the indexes keep for a word ("Stargte" → "stargt"), or NULL. */
static char *stem_of(kb_db *db, const char *word)
{
    fts5_tokenizer api;
    Fts5Tokenizer *tok = tokenizer(db, "porter", &api);
    if (!tok)
        return NULL;
    nth_ctx c = {0, 0, 0, 0, NULL};
    api.xTokenize(tok, &c, FTS5_TOKENIZE_QUERY, word, (int)strlen(word), nth_token);
    api.xDelete(tok);
    return c.stem;
}

/* The word as the text writes it, for an index term (a stem, which a query
 * would stem again): the token at one of its places, read from the row. */
static char *as_written(kb_db *db, int index, const char *term)
{
    static const char *const content[] = {"entities", "claims", "debates", "sources"};
    char *word = NULL;
    sqlite3_stmt *st;
    char *sql = sqlite3_mprintf("CREATE VIRTUAL TABLE IF NOT EXISTS temp.\"kb_places_%w\" "
                                "USING fts5vocab(main, %Q, 'instance')",
                                VOCABS[index], VOCABS[index]);
    int rc = sql ? sqlite3_exec(db->sql, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    sql = rc == SQLITE_OK ? sqlite3_mprintf("SELECT doc, col, offset FROM temp.\"kb_places_%w\" "
                                            "WHERE term = ?1 LIMIT 1",
                                            VOCABS[index])
                          : NULL;
    long long doc = 0;
    int offset = 0;
    char *col = NULL;
    if (sql && sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 1)) {
            doc = sqlite3_column_int64(st, 0);
            col = strdup((const char *)sqlite3_column_text(st, 1));
            offset = sqlite3_column_int(st, 2);
        }
        sqlite3_finalize(st);
    }
    sqlite3_free(sql);
    sql = col ? sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE id = ?1", col, content[index])
              : NULL;
    fts5_tokenizer api;
    Fts5Tokenizer *tok = sql ? tokenizer(db, "unicode61", &api) : NULL;
    if (tok && sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, doc);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
            const char *text = (const char *)sqlite3_column_text(st, 0);
            nth_ctx c = {offset, 0, -1, -1, NULL};
            api.xTokenize(tok, &c, FTS5_TOKENIZE_DOCUMENT, text, sqlite3_column_bytes(st, 0),
                          nth_token);
            free(c.stem);
            if (c.start >= 0 && c.end > c.start)
                word = strndup(text + c.start, (size_t)(c.end - c.start));
        }
        sqlite3_finalize(st);
    }
    if (tok)
        api.xDelete(tok);
    sqlite3_free(sql);
    free(col);
    return word ? word : strdup(term);
}

/* The index term closest to word (lower case), by edit distance: terms that
 * begin with its first letter (two, for a word of five or more) and are about
 * as long, read from the
 * vocabularies in their order, so that the time is bounded by one letter's
 * share of the vocabulary. Returns the text's own spelling, or NULL. */
static char *closest_term(kb_db *db, const char *word)
{
    size_t n = strlen(word);
    if (n < 3 || n > 60)
        return NULL;
    int cap = n < 5 ? 1 : 2;
    /* a long word's first two letters, a short one's first: a misspelling
     * rarely starts the word, and a letter's terms may be many */
    char first[16] = {0};
    size_t fl = 0;
    for (int letters = n >= 5 ? 2 : 1; letters > 0 && fl < n; letters--) {
        fl++;
        while (fl < n && ((unsigned char)word[fl] & 0xC0) == 0x80)
            fl++;
    }
    memcpy(first, word, fl < sizeof first ? fl : sizeof first - 1);
    char *best = NULL;
    int best_d = cap + 1, best_index = 0;
    long long best_docs = 0;
    size_t best_common = 0;
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *st;
        char *sql = sqlite3_mprintf("SELECT term, doc FROM temp.\"kb_vocab_%w\" WHERE term >= ?1 "
                                    "AND term < ?1 || char(1114111) "
                                    "AND length(term) BETWEEN ?2 AND ?3 LIMIT 200000",
                                    VOCABS[i]);
        int rc = sql ? sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) : SQLITE_NOMEM;
        sqlite3_free(sql);
        if (rc != SQLITE_OK)
            continue;
        sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, (int)n - cap - 3 > 1 ? (int)n - cap - 3 : 1);
        sqlite3_bind_int(st, 3, (int)n + cap);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 0);
            long long docs = sqlite3_column_int64(st, 1);
            if (!t)
                continue;
            int d = kb_edit_distance(word, t, cap);
            /* equally close: the one that keeps more of the word's start, then
             * the more common */
            size_t common = 0;
            while (t[common] && t[common] == word[common])
                common++;
            if (d <= cap && (d < best_d || (d == best_d && (common > best_common ||
                                                           (common == best_common &&
                                                            docs > best_docs))))) {
                best_common = common;
                free(best);
                best = strdup(t);
                best_d = d;
                best_docs = docs;
                best_index = i;
            }
        }
        sqlite3_finalize(st);
    }
    if (!best)
        return NULL;
    char *w = as_written(db, best_index, best);
    free(best);
    return w;
}

int kb_search_suggest(kb_db *db, const char *query, kb_buf *out)
{
    kb_error err;
    if (!query || vocab_ready(db, &err) != KB_OK)
        return 0;
    splitter sp;
    splitter_open(db, &sp);
    kb_buf words = KB_BUF_INIT;
    tokens(&sp, query, strlen(query), &words);
    splitter_close(&sp);
    int found = 0;
    char *save = NULL;
    for (char *w = words.data ? strtok_r(words.data, " ", &save) : NULL; w && found < 4;
         w = strtok_r(NULL, " ", &save)) {
        if (!strcmp(w, "OR"))
            continue;
        kb_buf q = KB_BUF_INIT;
        quote(&q, w);
        int matches = word_matches(db, q.data);
        kb_buf_free(&q);
        if (matches)
            continue;
        char *stem = stem_of(db, w);
        char *near = stem ? closest_term(db, stem) : NULL;
        free(stem);
        if (near) {
            kb_buf_printf(out, "%s%s", found ? ", " : "", near);
            found++;
            free(near);
        }
    }
    kb_buf_free(&words);
    return found;
}
