/* Mentions: which entities a source names, by their names and aliases, as
 * whole words ("Meta" in "metadata" is no mention).
 *
 * Terms are indexed by their first word in a hash table, so a text is scanned
 * once, word by word, whatever the number of entities. */
#include "kb/link.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct term {
    char *text;
    size_t len;
    size_t first; /* length of its first word */
    size_t entity; /* dense index into ids */
    struct term *next; /* the next term with the same first word */
} term;

struct kb_linker {
    term *terms;
    size_t nterms;
    term **table; /* by first word */
    size_t nbuckets;
    long long *ids; /* dense index → entity id */
    size_t nids;
    /* per scan */
    int *hits;
    size_t *last_at; /* the last place counted, so one place counts once */
    size_t *touched;
    size_t ntouched;
    kb_mention *found;
    /* kb_link_source's statements, prepared on its first call, once */
    sqlite3_stmt *src, *del, *ins;
};

/* A byte that continues a word: ASCII letters and digits, and any byte of a
 * multi-byte UTF-8 sequence, so "Méta" is not "M" + "ta". */
static int wordish(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80;
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

void kb_linker_free(kb_linker *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nterms; i++)
        free(l->terms[i].text);
    free(l->terms);
    free(l->table);
    free(l->ids);
    free(l->hits);
    free(l->last_at);
    free(l->touched);
    free(l->found);
    sqlite3_finalize(l->src);
    sqlite3_finalize(l->del);
    sqlite3_finalize(l->ins);
    free(l);
}

kb_code kb_linker_new(kb_db *db, kb_linker **out, kb_error *err)
{
    *out = NULL;
    sqlite3_stmt *st;
    if (kb_db_prepare(db,
                      "SELECT id, name FROM entities UNION ALL "
                      "SELECT entity_id, alias FROM aliases ORDER BY 1",
                      &st, err))
        return err->code;
    kb_linker *l = calloc(1, sizeof *l);
    size_t cap = 0, idcap = 0;
    kb_code rc = l ? KB_OK : KB_ERR_NOMEM;
    int step = SQLITE_DONE;
    while (rc == KB_OK && (step = kb_db_step(db, st, err)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        size_t n = t ? strlen(t) : 0;
        /* a term must start a word and be two bytes at least */
        if (n < 2 || !wordish((unsigned char)t[0]))
            continue;
        if (l->nids == 0 || l->ids[l->nids - 1] != id) {
            if (l->nids == idcap) {
                idcap = idcap ? idcap * 2 : 64;
                long long *v = realloc(l->ids, idcap * sizeof *v);
                if (!v) {
                    rc = KB_ERR_NOMEM;
                    break;
                }
                l->ids = v;
            }
            l->ids[l->nids++] = id;
        }
        if (l->nterms == cap) {
            cap = cap ? cap * 2 : 128;
            term *v = realloc(l->terms, cap * sizeof *v);
            if (!v) {
                rc = KB_ERR_NOMEM;
                break;
            }
            l->terms = v;
        }
        term *tm = &l->terms[l->nterms];
        if (!(tm->text = strdup(t))) {
            rc = KB_ERR_NOMEM;
            break;
        }
        l->nterms++;
        tm->len = n;
        tm->first = 0;
        while (tm->first < n && wordish((unsigned char)t[tm->first]))
            tm->first++;
        tm->entity = l->nids - 1;
    }
    sqlite3_finalize(st);
    if (rc == KB_OK && step != SQLITE_DONE) {
        kb_linker_free(l);
        return KB_ERR_DB;
    }
    if (rc == KB_OK) {
        l->nbuckets = 64;
        while (l->nbuckets < l->nterms * 2)
            l->nbuckets *= 2;
        l->table = calloc(l->nbuckets, sizeof *l->table);
        size_t nid = l->nids ? l->nids : 1;
        l->hits = calloc(nid, sizeof *l->hits);
        l->last_at = calloc(nid, sizeof *l->last_at);
        l->touched = calloc(nid, sizeof *l->touched);
        l->found = calloc(nid, sizeof *l->found);
        if (!l->table || !l->hits || !l->last_at || !l->touched || !l->found)
            rc = KB_ERR_NOMEM;
    }
    if (rc) {
        kb_linker_free(l);
        return kb_error_set(err, rc, "out of memory reading entity names");
    }
    /* the terms array no longer moves: chain them into the table */
    for (size_t i = 0; i < l->nterms; i++) {
        term *tm = &l->terms[i];
        size_t b = hash(tm->text, tm->first) & (l->nbuckets - 1);
        tm->next = l->table[b];
        l->table[b] = tm;
    }
    *out = l;
    return KB_OK;
}

static void scan_one(kb_linker *l, const char *text, size_t base)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (s[i]) {
        if (!wordish(s[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (s[i] && wordish(s[i]))
            i++;
        size_t wlen = i - start;
        size_t b = hash(text + start, wlen) & (l->nbuckets - 1);
        for (term *tm = l->table[b]; tm; tm = tm->next) {
            if (tm->first != wlen || memcmp(tm->text, text + start, wlen) != 0)
                continue;
            /* the rest of the term, then a word boundary */
            if (tm->len > wlen && strncmp(text + start + wlen, tm->text + wlen, tm->len - wlen) != 0)
                continue;
            unsigned char after = s[start + tm->len];
            if (after && wordish(after) && wordish((unsigned char)tm->text[tm->len - 1]))
                continue;
            size_t e = tm->entity, at = base + start + 1;
            if (l->hits[e] == 0)
                l->touched[l->ntouched++] = e;
            if (l->last_at[e] != at) {
                l->hits[e]++;
                l->last_at[e] = at;
            }
        }
    }
}

size_t kb_linker_scan(kb_linker *l, const char *const *texts, size_t ntexts,
                      const kb_mention **out)
{
    l->ntouched = 0;
    size_t base = 0;
    for (size_t k = 0; k < ntexts; k++) {
        if (!texts[k])
            continue;
        scan_one(l, texts[k], base);
        base += strlen(texts[k]) + 1;
    }
    for (size_t i = 0; i < l->ntouched; i++) {
        size_t e = l->touched[i];
        l->found[i].entity_id = l->ids[e];
        l->found[i].hits = l->hits[e];
        l->hits[e] = 0;
        l->last_at[e] = 0;
    }
    *out = l->found;
    return l->ntouched;
}

kb_code kb_link_source(kb_db *db, kb_linker *l, long long source_id, kb_error *err)
{
    kb_code rc = KB_OK;
    if (!l->src &&
        ((rc = kb_db_prepare(db, "SELECT title, description, text FROM sources WHERE id = ?1",
                             &l->src, err)) ||
         (rc = kb_db_prepare(db, "DELETE FROM mentions WHERE source_id = ?1", &l->del, err)) ||
         (rc = kb_db_prepare(db, "INSERT INTO mentions(source_id, entity_id, hits) "
                                 "VALUES (?1, ?2, ?3)", &l->ins, err)))) {
        sqlite3_finalize(l->src);
        sqlite3_finalize(l->del);
        l->src = l->del = NULL;
        return rc;
    }
    sqlite3_reset(l->src);
    sqlite3_reset(l->del);
    sqlite3_bind_int64(l->src, 1, source_id);
    sqlite3_bind_int64(l->del, 1, source_id);
    int step = kb_db_step(db, l->src, err);
    if (step == SQLITE_DONE) /* no such source: nothing names anything */
        goto done;
    if (step != SQLITE_ROW) {
        rc = KB_ERR_DB;
        goto done;
    }
    if (kb_db_step(db, l->del, err) != SQLITE_DONE) {
        rc = KB_ERR_DB;
        goto done;
    }
    const char *texts[3];
    for (int i = 0; i < 3; i++)
        texts[i] = (const char *)sqlite3_column_text(l->src, i);
    const kb_mention *m;
    size_t n = kb_linker_scan(l, texts, 3, &m);
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(l->ins);
        sqlite3_bind_int64(l->ins, 1, source_id);
        sqlite3_bind_int64(l->ins, 2, m[i].entity_id);
        sqlite3_bind_int(l->ins, 3, m[i].hits);
        if (kb_db_step(db, l->ins, err) != SQLITE_DONE) {
            rc = KB_ERR_DB;
            break;
        }
    }
done:
    sqlite3_reset(l->src);
    sqlite3_reset(l->del);
    sqlite3_reset(l->ins);
    return rc;
}
