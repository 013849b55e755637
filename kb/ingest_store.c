/* Ingest's storing side: documents become sources, in batches. Within a
 * batch's transaction the trigger that indexes each new source is set aside
 * and the batch is indexed in one statement (FTS5 flushes its pending terms at
 * every statement); the trigger is back, and the index exactly in step, when
 * the batch commits.
 *
 * What is reported stored is committed; a run killed at any moment leaves a
 * consistent base, and the same run again stores the rest: documents already
 * there are found by canonical URL or text hash. */
#include "ingest_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/date.h"
#include "kb/hash.h"
#include "kb/link.h"
#include "kb/names.h"
#include "kb/url.h"
#include "kb/utf8.h"

enum stmt_id {
    FIND_GUID, FIND_URL, FIND_HASH, FIND_SAME, SLUG_TAKEN, SLUG_SUFFIXED, SOURCE_INS, MENTION_INS, FIRST_ID,
    INDEX_BATCH, UPDATE_SOURCE, DEL_MENTIONS, DEL_TAGS, TAG_INS, N_STMT
};

static const char *const SQL[N_STMT] = {
    /* an id that is a URL or a URN (it holds a colon) is the item's
     * wherever it is read; another ("1", "42") is its feed's only */
    [FIND_GUID] = "SELECT id, slug FROM sources WHERE guid = ?1 "
                  "AND (instr(?1, ':') OR publisher IS ?2)",
    [FIND_URL] = "SELECT id, slug FROM sources WHERE url = ?1",
    [FIND_HASH] = "SELECT id, slug FROM sources WHERE text_hash = ?1",
    [FIND_SAME] = "SELECT id, slug FROM sources WHERE text_hash = ?1 AND title = ?2 "
                  "AND url IS NULL AND guid IS NULL",
    [SLUG_TAKEN] = "SELECT 1 FROM sources WHERE slug = ?1",
    /* every slug that is ?1 followed by a hyphen ('.' sorts just after '-') */
    [SLUG_SUFFIXED] = "SELECT substr(slug, length(?1) + 2) FROM sources "
                      "WHERE slug > ?1 || '-' AND slug < ?1 || '.'",
    [SOURCE_INS] = "INSERT INTO sources(slug, source_type, origin, url, title, publisher, "
                   "author, published, published_raw, updated, retrieved, lang, description, "
                   "text, text_hash, ingested_from, guid, partial) "
                   "VALUES (?1, ?2, 'ingested', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                   "?14, ?15, ?16, ?17)",
    [MENTION_INS] = "INSERT INTO mentions(source_id, entity_id, hits) VALUES (?1, ?2, ?3)",
    [FIRST_ID] = "SELECT coalesce(max(id), 0) + 1 FROM sources",
    [INDEX_BATCH] = "INSERT INTO sources_fts(rowid, title, publisher, description, text) "
                    "SELECT id, title, publisher, description, text FROM sources WHERE id >= ?1",
    [UPDATE_SOURCE] =
        "UPDATE sources SET source_type = ?2, url = ?3, title = ?4, publisher = ?5, "
        "author = ?6, published = ?7, published_raw = ?8, updated = ?9, retrieved = ?10, "
        "lang = ?11, description = ?12, text = ?13, text_hash = ?14, ingested_from = ?15, "
        "guid = ?16, partial = ?17, origin = 'ingested' WHERE id = ?1",
    [DEL_MENTIONS] = "DELETE FROM mentions WHERE source_id = ?1",
    [DEL_TAGS] = "DELETE FROM source_tags WHERE source_id = ?1",
    [TAG_INS] = "INSERT OR IGNORE INTO source_tags(source_id, tag) VALUES (?1, ?2)",
};

/* A stored or updated document waiting for its batch to commit. */
typedef struct pending {
    char *path, *slug, *title;
    const char *kind;
    long item;
    kb_ingest_outcome outcome;
} pending;

/* The next numeric suffix to try for a slug already taken, by its base: an
 * open-addressing table, so that n documents with one title cost n lookups,
 * not n² (one query per suffix tried). */
typedef struct suffix_slot {
    char *base;
    long next;
} suffix_slot;

typedef struct suffix_map {
    suffix_slot *slots;
    size_t len, cap; /* cap is 0 or a power of two */
} suffix_map;

struct kb_ingest_store {
    kb_db *db;
    const kb_ingest_options *o;
    kb_ingest_report *rep;
    kb_error *err;
    kb_linker *linker;
    sqlite3_stmt *st[N_STMT];
    kb_code fail;
    char today[11];
    size_t batch;
    pending *pend;
    size_t npend, cappend;
    int slug_used; /* --slug went to a document already */
    char *trigger; /* the SQL of the trigger that indexes new sources */
    long long first_id; /* the first id of this batch */
    suffix_map suffixes;
};

typedef struct kb_ingest_store ingester;

static sqlite3_stmt *S(ingester *I, enum stmt_id id)
{
    if (!I->st[id] && sqlite3_prepare_v2(I->db->sql, SQL[id], -1, &I->st[id], NULL) != SQLITE_OK) {
        if (!I->fail)
            I->fail = kb_db_fail(I->db, I->err, "preparing a statement");
        return NULL;
    }
    sqlite3_reset(I->st[id]);
    sqlite3_clear_bindings(I->st[id]);
    return I->st[id];
}

static void bind(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int step_done(ingester *I, sqlite3_stmt *st, const char *doing)
{
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return 0;
    if (!I->fail)
        I->fail = kb_db_fail(I->db, I->err, doing);
    return -1;
}

/* Steps a lookup: 1 for a row, 0 for none; a failure of the base is noted
 * (the first one says it best) and reads as no row. */
static int row(ingester *I, sqlite3_stmt *st)
{
    int rc = kb_db_step(I->db, st, I->fail ? NULL : I->err);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE && !I->fail)
        I->fail = KB_ERR_DB;
    return 0;
}

static void emit(ingester *I, const char *path, long item, kb_ingest_outcome outcome,
                 const char *kind, const char *slug, const char *title, const char *message)
{
    switch (outcome) {
    case KB_INGEST_STORED: I->rep->stored++; break;
    case KB_INGEST_UPDATED: I->rep->updated++; break;
    case KB_INGEST_ALREADY: I->rep->already++; break;
    case KB_INGEST_REFUSED: I->rep->refused++; break;
    }
    if (I->o->on_event) {
        kb_ingest_event ev = {path, item, outcome, kind, slug, title, message};
        I->o->on_event(&ev, I->o->ctx);
    }
}

void kb_ingest_store_refuse(ingester *I, const char *path, long item, const char *fmt,
                            ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emit(I, path, item, KB_INGEST_REFUSED, NULL, NULL, NULL, msg);
}

/* Batches. */

/* Opens a batch: its transaction, with the indexing trigger set aside. */
static kb_code begin(ingester *I)
{
    if (kb_db_begin(I->db, I->err))
        return I->err->code;
    if (I->trigger && kb_db_exec(I->db, "DROP TRIGGER sources_fts_ai", I->err))
        return I->err->code;
    sqlite3_stmt *st = S(I, FIRST_ID);
    if (!st)
        return I->fail;
    I->first_id = row(I, st) ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return I->fail;
}

/* Indexes the batch in one statement, puts the trigger back, commits, and
 * only then reports what it stored. */
static void flush(ingester *I)
{
    if (I->fail)
        return;
    sqlite3_stmt *st = S(I, INDEX_BATCH);
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, I->first_id);
    if (I->trigger && (step_done(I, st, "indexing sources") ||
                       kb_db_exec(I->db, I->trigger, I->err))) {
        if (!I->fail)
            I->fail = I->err->code;
        return;
    }
    for (int i = 0; i < N_STMT; i++)
        if (I->st[i])
            sqlite3_reset(I->st[i]);
    if (kb_db_commit(I->db, I->err)) {
        I->fail = I->err->code;
        return;
    }
    for (size_t i = 0; i < I->npend; i++) {
        pending *p = &I->pend[i];
        emit(I, p->path, p->item, p->outcome, p->kind, p->slug, p->title, NULL);
        free(p->path);
        free(p->slug);
        free(p->title);
    }
    I->npend = 0;
    if (begin(I))
        I->fail = I->err->code;
}

static void remember(ingester *I, const char *path, long item, kb_ingest_outcome outcome,
                     const char *kind, const char *slug, const char *title)
{
    if (I->npend == I->cappend) {
        size_t cap = I->cappend ? I->cappend * 2 : 64;
        pending *v = realloc(I->pend, cap * sizeof *v);
        if (!v) { /* what is stored and not reported would be a lie */
            if (!I->fail)
                I->fail = kb_error_set(I->err, KB_ERR_NOMEM, "out of memory");
            return;
        }
        I->pend = v;
        I->cappend = cap;
    }
    pending *p = &I->pend[I->npend++];
    p->path = strdup(path);
    p->slug = strdup(slug);
    p->title = strdup(title ? title : "");
    p->kind = kind;
    p->item = item;
    p->outcome = outcome;
    if (I->npend >= I->batch)
        flush(I);
}

/* Slugs. */

/* "marketwatch" of "www.marketwatch.com", "bbc" of "news.bbc.co.uk". */
static void site_word(const char *url, kb_buf *out)
{
    char *host = kb_url_host(url);
    if (!host)
        return;
    char *labels[16];
    int n = 0;
    for (char *p = host, *save = NULL; n < 16 && (p = strtok_r(p, ".", &save)); p = NULL)
        labels[n++] = p;
    int pick = n >= 2 ? n - 2 : 0;
    if (n >= 3 && strlen(labels[n - 1]) <= 3 && strlen(labels[n - 2]) <= 3)
        pick = n - 3;
    if (n)
        kb_buf_puts(out, labels[pick]);
    free(host);
}

static int slug_taken(ingester *I, const char *slug)
{
    sqlite3_stmt *st = S(I, SLUG_TAKEN);
    if (!st)
        return 1;
    bind(st, 1, slug);
    int taken = row(I, st) || I->fail;
    sqlite3_reset(st);
    return taken;
}

static size_t fnv1a(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of base: its own, or the empty one where it would go. NULL when
 * out of memory. */
static suffix_slot *suffix_slot_of(suffix_map *m, const char *base)
{
    if (m->len * 2 >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        suffix_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].base)
                continue;
            size_t j = fnv1a(m->slots[i].base) & (cap - 1);
            while (slots[j].base)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t j = fnv1a(base) & (m->cap - 1);
    while (m->slots[j].base && strcmp(m->slots[j].base, base) != 0)
        j = (j + 1) & (m->cap - 1);
    return &m->slots[j];
}

/* One more than the largest numeric suffix base has in the base already
 * (at least 2): read once per base and run, then kept in the map. */
static long first_free_suffix(ingester *I, const char *base)
{
    long next = 2;
    sqlite3_stmt *st = S(I, SLUG_SUFFIXED);
    if (!st)
        return next;
    bind(st, 1, base);
    while (row(I, st)) {
        const char *tail = (const char *)sqlite3_column_text(st, 0);
        size_t n = tail ? strspn(tail, "0123456789") : 0;
        if (n && n < 10 && !tail[n] && tail[0] != '0') {
            long v = strtol(tail, NULL, 10);
            if (v >= next)
                next = v + 1;
        }
    }
    sqlite3_reset(st);
    return next;
}

static char *make_slug(ingester *I, const kb_ingest_doc *d, const char *hash)
{
    kb_buf site = KB_BUF_INIT, base = KB_BUF_INIT;
    site_word(d->url, &site);
    kb_slugify(&base, site.data, 20);
    kb_slugify(&base, d->title, 60);
    kb_buf_free(&site);
    if (base.len < 3) {
        kb_buf_reset(&base);
        kb_buf_printf(&base, "%s-%.10s", d->kind, hash[0] ? hash : "0000000000");
    }
    char *slug = strdup(base.data);
    if (!slug || I->fail || !slug_taken(I, slug)) {
        kb_buf_free(&base);
        return slug;
    }
    free(slug);
    slug = NULL;
    suffix_slot *at = suffix_slot_of(&I->suffixes, base.data);
    if (at && !at->base) {
        long next = first_free_suffix(I, base.data);
        if ((at->base = strdup(base.data))) {
            at->next = next;
            I->suffixes.len++;
        }
    }
    /* A suffix may still be taken by a slug given by hand (--slug, a data
     * file): that one is passed over. */
    while (at && at->base && !I->fail) {
        kb_buf s = KB_BUF_INIT;
        kb_buf_printf(&s, "%s-%ld", base.data, at->next++);
        if (!(slug = kb_buf_take(&s)) || !slug_taken(I, slug))
            break;
        free(slug);
        slug = NULL;
    }
    kb_buf_free(&base);
    return slug;
}

/* Storing one document. */

/* Stores which entities the document names. */
static void link_mentions(ingester *I, long long id, const kb_ingest_doc *d)
{
    const char *texts[] = {d->title, d->description, d->text};
    const kb_mention *m;
    size_t n = kb_linker_scan(I->linker, texts, 3, &m);
    for (size_t i = 0; i < n && !I->fail; i++) {
        sqlite3_stmt *st = S(I, MENTION_INS);
        if (!st)
            break;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, m[i].entity_id);
        sqlite3_bind_int(st, 3, m[i].hits);
        step_done(I, st, "storing mentions");
    }
}

/* Whether a text is long enough for its hash to tell a copy of the same
 * article: at least SAME_TEXT_WORDS words. A teaser, a stub or a feed's
 * boilerplate ("Read more on our site.") is shorter, and two documents that
 * share one are two documents: a shorter text is the same document only
 * with the same title, when neither has a URL or an id to tell it by (a
 * note read again). */
enum { SAME_TEXT_WORDS = 50 };

static int long_enough(const char *text)
{
    int words = 0;
    for (const char *p = text; p && *p && words < SAME_TEXT_WORDS;) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            break;
        words++;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t')
            p++;
    }
    return words >= SAME_TEXT_WORDS;
}

/* The source already holding this item's id, this URL or this text (those of
 * this batch included), in that order: its id (0 when none) and slug (caller
 * frees). */
static long long existing(ingester *I, const kb_ingest_doc *d, const char *hash,
                          char **slug)
{
    *slug = NULL;
    const struct {
        enum stmt_id id;
        const char *key;
    } probes[] = {{FIND_GUID, d->guid},
                  {FIND_URL, d->url},
                  {long_enough(d->text) ? FIND_HASH : FIND_SAME,
                   hash[0] && (long_enough(d->text) || (!d->guid && !d->url)) ? hash : NULL}};
    for (size_t i = 0; i < sizeof probes / sizeof *probes && !I->fail; i++) {
        if (!probes[i].key)
            continue;
        sqlite3_stmt *st = S(I, probes[i].id);
        if (!st)
            return 0;
        bind(st, 1, probes[i].key);
        if (probes[i].id == FIND_GUID)
            bind(st, 2, d->publisher);
        if (probes[i].id == FIND_SAME)
            bind(st, 2, d->title);
        if (row(I, st)) {
            long long id = sqlite3_column_int64(st, 0);
            *slug = strdup((const char *)sqlite3_column_text(st, 1));
            sqlite3_reset(st);
            return id;
        }
        sqlite3_reset(st);
    }
    return 0;
}

static void bind_doc(sqlite3_stmt *st, const kb_ingest_doc *d, const char *hash,
                     const char *today, const char *from, int first)
{
    /* ?first.. in the order: source_type, url, title, publisher, author, published,
     * published_raw, updated, retrieved, lang, description, text, text_hash, from */
    const char *v[] = {d->kind, d->url, d->title, d->publisher, d->author, d->published,
                       d->published_raw, d->updated, today, d->lang, d->description,
                       d->text, hash[0] ? hash : NULL, from, d->guid};
    int n = (int)(sizeof v / sizeof *v);
    for (int i = 0; i < n; i++)
        bind(st, first + i, v[i]);
    sqlite3_bind_int(st, first + n, d->partial != 0);
}

/* Stores the document's tags (one per line) for source id, after its old ones
 * when it had any. */
static void store_tags(ingester *I, long long id, const kb_ingest_doc *d, int replace)
{
    sqlite3_stmt *st;
    if (replace && (st = S(I, DEL_TAGS))) {
        sqlite3_bind_int64(st, 1, id);
        step_done(I, st, "updating tags");
    }
    for (const char *t = d->tags; t && *t && !I->fail;) {
        size_t n = strcspn(t, "\n");
        if (n && (st = S(I, TAG_INS))) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, t, (int)n, SQLITE_TRANSIENT);
            step_done(I, st, "storing tags");
        }
        t += n + (t[n] == '\n');
    }
}

static void store(ingester *I, const char *path, long item, kb_ingest_doc *d)
{
    if (I->fail)
        return;
    I->rep->documents++;
    /* what the options override */
    if (I->o->publisher) {
        free(d->publisher);
        d->publisher = strdup(I->o->publisher);
    }
    if (I->o->published) {
        free(d->published);
        free(d->published_raw);
        d->published = strdup(I->o->published);
        d->published_raw = NULL;
    }
    /* What kb stores is clean (utf8.h), the options' values as well. */
    char **fields[] = {&d->url,   &d->title,         &d->publisher, &d->author,
                       &d->published, &d->published_raw, &d->updated,   &d->lang,
                       &d->description, &d->text, &d->guid, &d->tags};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        *fields[i] = kb_text_clean_take(*fields[i]);
        /* a blank value is none: the grammar holds no empty text */
        if (*fields[i] && !(*fields[i])[strspn(*fields[i], " \t\n")]) {
            free(*fields[i]);
            *fields[i] = NULL;
        }
    }
    if (!d->title && d->text) {
        size_t n = strcspn(d->text, "\n");
        if (n > 100) {
            n = 100;
            while (n && ((unsigned char)d->text[n] & 0xC0) == 0x80)
                n--;
        }
        d->title = strndup(d->text, n);
    }
    if ((!d->text || !*d->text) && (!d->title || !*d->title)) {
        kb_ingest_store_refuse(I, path, item, "nothing to store: no title and no text");
        return;
    }
    if (!d->title)
        d->title = strdup("(untitled)");
    char hash[65];
    kb_text_hash(d->text, hash);

    char *had = NULL;
    long long id = existing(I, d, hash, &had);
    if (I->fail)
        return;
    /* stored earlier in this batch: already there, even with --update */
    if (had && (!I->o->update || id >= I->first_id)) {
        char msg[200];
        snprintf(msg, sizeof msg, "already there as '%s'", had);
        emit(I, path, item, KB_INGEST_ALREADY, d->kind, had, d->title, msg);
        free(had);
        return;
    }
    char *from = NULL;
    /* a file's name is bytes, not text: stored clean like every other value */
    if (strcmp(path, "-") != 0)
        from = kb_text_clean_take(realpath(path, NULL));
    if (had) { /* --update */
        sqlite3_stmt *st = S(I, UPDATE_SOURCE);
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            bind_doc(st, d, hash, I->today, from, 2);
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if ((rc & 0xff) == SQLITE_CONSTRAINT) {
                kb_ingest_store_refuse(I, path, item, "cannot update '%s': %s", had,
                                       sqlite3_errmsg(I->db->sql));
            } else if (rc != SQLITE_DONE) {
                I->fail = kb_db_fail(I->db, I->err, "updating a source");
            } else if ((st = S(I, DEL_MENTIONS))) {
                sqlite3_bind_int64(st, 1, id);
                step_done(I, st, "updating mentions");
                link_mentions(I, id, d);
                store_tags(I, id, d, 1);
                remember(I, path, item, KB_INGEST_UPDATED, d->kind, had, d->title);
            }
        }
        free(had);
        free(from);
        return;
    }

    char *slug = NULL;
    if (I->o->slug) {
        if (I->slug_used) {
            kb_ingest_store_refuse(I, path, item,
                                   "--slug names one document, and it went to the first");
            free(from);
            return;
        }
        I->slug_used = 1;
        if (slug_taken(I, I->o->slug)) {
            kb_ingest_store_refuse(I, path, item, "the slug '%s' is taken", I->o->slug);
            free(from);
            return;
        }
        slug = strdup(I->o->slug);
    } else {
        slug = make_slug(I, d, hash);
    }
    sqlite3_stmt *st = I->fail ? NULL : S(I, SOURCE_INS);
    if (st && slug) {
        bind(st, 1, slug);
        bind_doc(st, d, hash, I->today, from, 2);
        if (step_done(I, st, "storing a source") == 0) {
            long long id = sqlite3_last_insert_rowid(I->db->sql);
            link_mentions(I, id, d);
            store_tags(I, id, d, 0);
            remember(I, path, item, KB_INGEST_STORED, d->kind, slug, d->title);
        }
    }
    free(slug);
    free(from);
}

/* Stores what a file held, in order, on the caller's thread. */
void kb_ingest_store_file(ingester *I, kb_ingest_file *p)
{
    if (p->read)
        I->rep->files++;
    if (p->refusal)
        kb_ingest_store_refuse(I, p->path, 0, "%s", p->refusal);
    for (size_t i = 0; i < p->n && !I->fail; i++)
        store(I, p->path, p->items[i], &p->docs[i]);
}

kb_ingest_store *kb_ingest_store_new(kb_db *db, const kb_ingest_options *o,
                                     kb_ingest_report *rep, kb_error *err)
{
    ingester *I = calloc(1, sizeof *I);
    if (!I)
        return NULL;
    I->db = db;
    I->o = o;
    I->rep = rep;
    I->err = err;
    kb_date_today(I->today);
    I->batch = o->batch ? o->batch : 500;
    return I;
}

kb_code kb_ingest_store_begin(ingester *I)
{
    kb_code rc = kb_linker_new(I->db, &I->linker, I->err);
    sqlite3_stmt *trig = NULL;
    if (rc == KB_OK)
        rc = kb_db_prepare(I->db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
                                  "AND name = 'sources_fts_ai'", &trig, I->err);
    int step = rc == KB_OK ? kb_db_step(I->db, trig, I->err) : SQLITE_DONE;
    if (step == SQLITE_ROW && !(I->trigger = strdup((const char *)sqlite3_column_text(trig, 0))))
        rc = kb_error_set(I->err, KB_ERR_NOMEM, "out of memory");
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = KB_ERR_DB;
    sqlite3_finalize(trig);
    if (rc == KB_OK)
        rc = begin(I);
    if (rc && !I->fail)
        I->fail = rc;
    return rc;
}

int kb_ingest_store_failed(const ingester *I)
{
    return I->fail != KB_OK;
}

kb_code kb_ingest_store_end(ingester *I)
{
    flush(I);
    kb_db_rollback(I->db); /* the transaction flush opened, or what failed */
    return I->fail;
}

void kb_ingest_store_free(ingester *I)
{
    if (!I)
        return;
    kb_db_rollback(I->db);
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(I->st[i]);
    for (size_t i = 0; i < I->npend; i++) {
        free(I->pend[i].path);
        free(I->pend[i].slug);
        free(I->pend[i].title);
    }
    free(I->pend);
    for (size_t i = 0; i < I->suffixes.cap; i++)
        free(I->suffixes.slots[i].base);
    free(I->suffixes.slots);
    free(I->trigger);
    kb_linker_free(I->linker);
    free(I);
}

int kb_ingest_slug_valid(const char *slug)
{
    kb_buf b = KB_BUF_INIT;
    kb_slugify(&b, slug, 80);
    int ok = b.data && strcmp(b.data, slug) == 0;
    kb_buf_free(&b);
    return ok;
}
