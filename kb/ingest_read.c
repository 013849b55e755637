/* Ingest's reading side: files become documents, with no base involved, so
 * that it runs in a thread of its own while the caller stores what was read
 * before. What a file is (a feed, a page, a note, or nothing kb can store) is
 * found from its content. */
#include "ingest_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/charset.h"
#include "kb/extract.h"
#include "kb/feed.h"
#include "kb/fileio.h"
#include "kb/note.h"
#include "kb/url.h"
#include "kb/utf8.h"

void kb_ingest_doc_clear(kb_ingest_doc *d)
{
    free(d->url);
    free(d->title);
    free(d->publisher);
    free(d->author);
    free(d->published);
    free(d->published_raw);
    free(d->updated);
    free(d->lang);
    free(d->description);
    free(d->text);
    free(d->guid);
    free(d->tags);
    memset(d, 0, sizeof *d);
}

static char *nonempty(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static void refuse_file(kb_ingest_file *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void refuse_file(kb_ingest_file *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    free(p->refusal);
    p->refusal = strdup(msg);
}

static void add_doc(kb_ingest_file *p, kb_ingest_doc *d, long item)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        kb_ingest_doc *v = realloc(p->docs, cap * sizeof *v);
        long *w = v ? realloc(p->items, cap * sizeof *w) : NULL;
        if (v)
            p->docs = v;
        if (!v || !w) {
            kb_ingest_doc_clear(d);
            return;
        }
        p->items = w;
        p->cap = cap;
    }
    p->bytes += (d->text ? strlen(d->text) : 0) + 512;
    p->items[p->n] = item;
    p->docs[p->n++] = *d;
    memset(d, 0, sizeof *d);
}

void kb_ingest_file_free(kb_ingest_file *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        kb_ingest_doc_clear(&p->docs[i]);
    free(p->docs);
    free(p->items);
    free(p->path);
    free(p->refusal);
    free(p);
}

/* The file's bytes, or NULL after refusing it. */
static char *read_file(kb_ingest_file *p, size_t *len)
{
    kb_error e;
    char *data = kb_file_read(p->path, KB_MAX_FILE_BYTES, len, &e);
    if (!data)
        refuse_file(p, "%s", e.message);
    return data;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The words of text, counted up to at most. */
static int words(const char *text, int at_most)
{
    int n = 0;
    for (const char *s = text; *s && n < at_most;) {
        while (*s && strchr(" \t\r\n", *s))
            s++;
        if (!*s)
            break;
        n++;
        while (*s && !strchr(" \t\r\n", *s))
            s++;
    }
    return n;
}

enum { MIN_ARTICLE_WORDS = 4 };

static void read_article(const kb_ingest_options *o, kb_ingest_file *p, const char *data,
                         size_t len)
{
    kb_article *a = NULL;
    kb_error e;
    if (kb_extract_html(data, len, o->url, &a, &e)) {
        refuse_file(p, "%s", e.message);
        return;
    }
    if (!a->text || !*a->text) {
        refuse_file(p, "an HTML page with no article text");
        kb_article_free(a);
        return;
    }
    /* a word or three ("menu", "Home | About") is what a page's navigation
     * leaves when it has no article */
    if (!a->partial && words(a->text, MIN_ARTICLE_WORDS) < MIN_ARTICLE_WORDS) {
        refuse_file(p, "an HTML page with no article text (only '%.60s')", a->text);
        kb_article_free(a);
        return;
    }
    kb_ingest_doc d = {.kind = "article"};
    d.url = o->url ? kb_url_canonical(o->url, NULL) : nonempty(a->url);
    d.title = nonempty(a->title);
    d.publisher = nonempty(a->site);
    d.author = nonempty(a->byline);
    d.published = nonempty(a->published);
    d.published_raw = nonempty(a->published_raw);
    d.updated = nonempty(a->modified);
    d.lang = nonempty(a->lang);
    d.description = nonempty(a->description);
    d.text = nonempty(a->text);
    d.partial = a->partial;
    kb_article_free(a);
    add_doc(p, &d, 0);
}

static void read_feed(const kb_ingest_options *o, kb_ingest_file *p, const char *data,
                      size_t len)
{
    kb_feed *f = NULL;
    kb_error e;
    if (kb_feed_parse(data, len, o->url, &f, &e)) {
        refuse_file(p, "%s", e.message);
        return;
    }
    if (f->nitems == 0)
        refuse_file(p, "a feed with no items");
    for (size_t i = 0; i < f->nitems; i++) {
        kb_feed_item *it = &f->items[i];
        kb_ingest_doc d = {.kind = "feed-item"};
        d.url = it->link ? kb_url_canonical(it->link, NULL) : NULL;
        d.title = nonempty(it->title);
        d.publisher = nonempty(f->title);
        d.author = nonempty(it->authors);
        d.published = nonempty(it->published ? it->published : it->updated);
        d.published_raw = nonempty(it->published_raw ? it->published_raw : it->updated_raw);
        d.updated = nonempty(it->updated);
        d.lang = nonempty(it->lang ? it->lang : f->lang);
        d.description = it->summary && it->text && strcmp(it->summary, it->text) != 0
                            ? nonempty(it->summary) : NULL;
        d.text = nonempty(it->text ? it->text : it->summary);
        d.guid = nonempty(it->id);
        d.tags = nonempty(it->tags);
        add_doc(p, &d, (long)i + 1);
    }
    kb_feed_free(f);
}

static void read_note(const kb_ingest_options *o, kb_ingest_file *p, const char *data,
                      size_t len)
{
    char *clean = kb_text_clean(data, len, NULL);
    if (!clean) {
        refuse_file(p, "out of memory");
        return;
    }
    kb_note *n = NULL;
    kb_error e;
    int markdown = ends_with(p->path, ".md") || ends_with(p->path, ".markdown") ||
                   kb_note_looks_markdown(clean, strlen(clean));
    kb_code rc = markdown ? kb_note_markdown(clean, strlen(clean), &n, &e)
                          : kb_note_plain(clean, strlen(clean), &n, &e);
    free(clean);
    if (rc) {
        refuse_file(p, "%s", e.message);
        return;
    }
    kb_ingest_doc d = {.kind = "note"};
    d.url = o->url ? kb_url_canonical(o->url, NULL) : NULL;
    d.title = nonempty(n->title);
    d.text = nonempty(n->text);
    kb_note_free(n);
    add_doc(p, &d, 0);
}

/* What a file is by its first bytes, when it is a kind of file that no
 * extension or header inside makes a document (a .docx is a ZIP archive
 * whatever its name); NULL for anything else. */
static const char *magic(const char *data, size_t len)
{
    static const struct {
        const char *bytes;
        size_t n;
        const char *what;
    } kinds[] = {
        {"PK\003\004", 4, "a ZIP archive (as .docx, .xlsx and .epub files are)"},
        {"%PDF-", 5, "a PDF file"},
        {"\211PNG\r\n\032\n", 8, "a PNG image"},
        {"GIF87a", 6, "a GIF image"},
        {"GIF89a", 6, "a GIF image"},
        {"\377\330\377", 3, "a JPEG image"},
        {"\037\213", 2, "a gzip file"},
        {"\3757zXZ\0", 6, "an xz file"},
        {"7z\274\257\047\034", 6, "a 7-Zip archive"},
        {"Rar!\032\007", 6, "a RAR archive"},
        {"\320\317\021\340\241\261\032\341", 8, "an old Microsoft Office file"},
        {"\177ELF", 4, "a program (ELF)"},
        {"SQLite format 3\0", 16, "an SQLite database"},
        {"OggS", 4, "an Ogg media file"},
        {"\032E\337\243", 4, "a Matroska or WebM video"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (len >= kinds[i].n && memcmp(data, kinds[i].bytes, kinds[i].n) == 0)
            return kinds[i].what;
    return NULL;
}

/* Whether text is JSON data rather than a note: an object or an array, from
 * its first character to its last. */
static int looks_json(const char *text, size_t len)
{
    size_t a = 0, b = len;
    while (a < b && strchr(" \t\r\n", text[a]))
        a++;
    while (b > a && strchr(" \t\r\n", text[b - 1]))
        b--;
    if (b - a < 2)
        return 0;
    size_t c = a + 1;
    while (c < b && strchr(" \t\r\n", text[c]))
        c++;
    if (text[a] == '{')
        return text[b - 1] == '}' && (text[c] == '"' || text[c] == '}');
    return text[a] == '[' && text[b - 1] == ']' && c < b && strchr("{[\"-0123456789tfn]", text[c]);
}

/* A NUL byte early on, where no text would have one. */
static int binary(const char *data, size_t len)
{
    return memchr(data, '\0', len < 8192 ? len : 8192) != NULL;
}

/* Reads one file and finds what it is: a feed, a page, a note, or nothing
 * kb can store. */
static kb_ingest_file *read_one(const kb_ingest_options *o, const char *path)
{
    kb_ingest_file *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        return NULL;
    }
    size_t len = 0;
    char *data = read_file(p, &len);
    if (!data)
        return p;
    p->read = 1;
    /* A file with a byte order mark (UTF-16 or UTF-32 has NUL bytes) is
     * told apart, and read as a note, in UTF-8; pages and feeds are given
     * as they are, since their readers decode them as kb extract does. */
    char *wide = NULL;
    size_t wide_len = 0;
    const char *text = data;
    size_t text_len = len;
    if (kb_charset_bom(data, len, 1, NULL)) {
        kb_error e;
        if (kb_charset_to_utf8(data, len, KB_CHARSET_XML, NULL, &wide, &wide_len, &e) != KB_OK) {
            refuse_file(p, "%s", e.message);
            free(data);
            return p;
        }
        text = wide;
        text_len = wide_len;
    }
    size_t lead = 0;
    while (lead < text_len && strchr(" \t\r\n", text[lead]))
        lead++;
    const char *kind = magic(data, len);
    if (lead == text_len)
        refuse_file(p, "an empty file");
    else if (kind)
        refuse_file(p, "a binary file: %s, not a document kb reads (HTML, a feed, Markdown or text)",
                    kind);
    else if (kb_feed_sniff(text, text_len))
        read_feed(o, p, data, len);
    else if (kb_extract_is_html(text, text_len))
        read_article(o, p, data, len);
    else if (binary(text, text_len))
        refuse_file(p, "a binary file, not a document");
    else if (looks_json(text, text_len))
        refuse_file(p, "JSON data, not a document kb reads (HTML, a feed, Markdown or text)");
    else if (text[lead] == '<' && !ends_with(path, ".md") && !ends_with(path, ".txt"))
        refuse_file(p, "markup that is neither an HTML page nor a feed");
    else
        read_note(o, p, text, text_len);
    free(wide);
    free(data);
    return p;
}

/* The reading thread and the storing thread meet in a queue bounded in bytes,
 * so that memory stays bounded by the largest document, not the corpus. */
enum { QUEUE_BYTES = 8 * 1024 * 1024 };

struct kb_ingest_reader {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    kb_ingest_file *head, *tail;
    size_t bytes;
    int done, stop;
    const kb_ingest_options *o;
    const char *const *jobs;
    size_t njobs;
    int threaded;
    pthread_t thread;
    size_t next_job; /* with no thread: the job to read next */
};

typedef struct kb_ingest_reader queue;

static void *reader(void *arg)
{
    queue *q = arg;
    for (size_t i = 0; i < q->njobs; i++) {
        pthread_mutex_lock(&q->lock);
        while (!q->stop && q->head && q->bytes > QUEUE_BYTES)
            pthread_cond_wait(&q->changed, &q->lock);
        int stop = q->stop;
        pthread_mutex_unlock(&q->lock);
        if (stop)
            break;
        kb_ingest_file *p = read_one(q->o, q->jobs[i]);
        if (!p)
            continue;
        pthread_mutex_lock(&q->lock);
        if (q->tail)
            q->tail->next = p;
        else
            q->head = p;
        q->tail = p;
        q->bytes += p->bytes;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
    }
    pthread_mutex_lock(&q->lock);
    q->done = 1;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

kb_ingest_reader *kb_ingest_reader_start(const kb_ingest_options *o, const char *const *jobs,
                                         size_t njobs)
{
    kb_ingest_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->o = o;
    r->jobs = jobs;
    r->njobs = njobs;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    r->threaded = pthread_create(&r->thread, NULL, reader, r) == 0;
    return r;
}

kb_ingest_file *kb_ingest_reader_next(kb_ingest_reader *r)
{
    if (!r->threaded) { /* no thread: read and store in turn */
        while (!r->stop && r->next_job < r->njobs) {
            kb_ingest_file *p = read_one(r->o, r->jobs[r->next_job++]);
            if (p)
                return p;
        }
        return NULL;
    }
    pthread_mutex_lock(&r->lock);
    while (!r->head && !r->done)
        pthread_cond_wait(&r->changed, &r->lock);
    kb_ingest_file *p = r->head;
    if (p) {
        r->head = p->next;
        if (!r->head)
            r->tail = NULL;
        r->bytes -= p->bytes;
        p->next = NULL;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    return p;
}

void kb_ingest_reader_stop(kb_ingest_reader *r)
{
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

void kb_ingest_reader_free(kb_ingest_reader *r)
{
    if (!r)
        return;
    if (r->threaded)
        pthread_join(r->thread, NULL);
    for (kb_ingest_file *p = r->head, *next; p; p = next) {
        next = p->next;
        kb_ingest_file_free(p);
    }
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
