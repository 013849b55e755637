/* Writing the chosen part of the page out as paragraphs of text. */
#include "extract_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "kb/buf.h"

typedef struct writer {
    kb_buf out;
    const page *pg;
    int brk;       /* a paragraph ends before the next word */
    int space;     /* a space goes before the next word */
    int nomem;
    int heading;   /* the paragraph being written is a heading */
    size_t para_at; /* where the paragraph being written starts in out */
    size_t tail_at; /* where the scraps that end the text so far start, or SIZE_MAX */
} writer;

/* The most characters of text beside a script or a frame that are only
 * its label. */
#define SLOT_LABEL 25

/* A paragraph shorter than this (in bytes) is a scrap when it ends the
 * text: "comments", "Share", "Read more". */
#define TAIL_SCRAP 20

static void put(writer *w, const char *s, size_t n)
{
    if (kb_buf_append(&w->out, s, n) < 0)
        w->nomem = 1;
}

/* Notes whether the paragraph just written could be left out, should
 * nothing but scraps follow it: a heading over nothing (the "Comments"
 * over a removed comment section), a label. */
static void end_paragraph(writer *w)
{
    if (w->para_at >= w->out.len)
        return;
    int scrap = w->heading || w->out.len - w->para_at < TAIL_SCRAP;
    if (!scrap)
        w->tail_at = SIZE_MAX;
    else if (w->tail_at == SIZE_MAX)
        w->tail_at = w->para_at;
}

static void write_text(writer *w, const unsigned char *s, int heading)
{
    while (*s) {
        if (*s <= ' ') {
            w->space = 1;
            s++;
            continue;
        }
        if (s[0] == 0xC2 && s[1] == 0xA0) {
            w->space = 1;
            s += 2;
            continue;
        }
        /* Words apart by single spaces go out in one piece. */
        const unsigned char *word = s;
        for (;;) {
            while (*s > ' ' && !(s[0] == 0xC2 && s[1] == 0xA0))
                s++;
            if (s[0] != ' ' || s[1] <= ' ' || (s[1] == 0xC2 && s[2] == 0xA0))
                break;
            s++;
        }
        if (w->out.len && w->brk) {
            end_paragraph(w);
            put(w, "\n\n", 2);
            w->para_at = w->out.len;
            w->heading = heading;
        } else if (w->out.len && w->space) {
            put(w, " ", 1);
        } else if (!w->out.len) {
            w->heading = heading;
        }
        w->brk = w->space = 0;
        put(w, (const char *)word, (size_t)(s - word));
    }
}

/* Ends the text, less the scraps at its end when trim is set. */
static void end_text(writer *w, int trim)
{
    end_paragraph(w);
    if (!trim || w->tail_at == SIZE_MAX || !w->out.data)
        return;
    size_t n = w->tail_at;
    while (n && w->out.data[n - 1] == '\n')
        n--;
    w->out.len = n;
    w->out.data[n] = '\0';
}

static void write_node(writer *w, xmlNodePtr n, int owner)
{
    write_text(w, n->content, w->pg->els[owner].tag == KB_HTML_R_HEADING);
}

static void leave_block(xmlNodePtr n, void *arg)
{
    writer *w = arg;
    int i = el_index(n);
    if (i >= 0 && !is_inline(&w->pg->els[i]))
        w->brk = 1;
}

/* Parts of the chosen subtree that are not its text even so: the headline
 * (kept apart, as the title), and containers of links. */
static int left_out(const page *pg, int i, int root)
{
    const el *e = &pg->els[i];
    if (i == root)
        return 0;
    if (e->flags & F_REMOVED)
        return 1;
    if (e->tag == KB_HTML_R_H1)
        return 1;
    if (is_inline(e) || !e->text)
        return 0;
    /* The label of an ad ("Advertisement") beside the script that fills it. */
    if ((e->flags & F_SLOT) && e->text < SLOT_LABEL)
        return 1;
    /* Mostly links, with few words of their own per link. */
    if (e->link <= 0.5f * (float)e->text || (e->good > 0 && e->link <= 0.65f * (float)e->text))
        return 0;
    return e->text - e->link < LINKLIST_WORDS * (e->links ? e->links : 1);
}

/* The letters and digits of s, lower-cased, into out (size bytes): text
 * compared this way ignores case, spacing and punctuation. */
void kb_extract_squeeze(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < n && s[i] && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || isalnum(c))
            out[k++] = (char)tolower(c);
    }
    out[k] = '\0';
}

/* A short block that only repeats the headline or the byline ("By Jane
 * Doe"): metadata the article carries apart from its text. */
#define SHORT_BLOCK 120

static int repeats_metadata(const el *e, const kb_article *a)
{
    if (e->text == 0 || e->text > SHORT_BLOCK || is_phrasing(e))
        return 0;
    char text[4 * SHORT_BLOCK + 8], want[512];
    kb_buf b = KB_BUF_INIT;
    xmlNodePtr root = e->node;
    for (xmlNodePtr n = root; n && b.len < sizeof text; n = kb_extract_next(n, root, 0, NULL, NULL))
        if (n->type == XML_TEXT_NODE && n->content)
            kb_buf_puts(&b, (const char *)n->content);
    kb_extract_squeeze(b.data ? b.data : "", b.len, text, sizeof text);
    kb_buf_free(&b);
    if (!*text)
        return 0;
    if (a->title) {
        kb_extract_squeeze(a->title, strlen(a->title), want, sizeof want);
        if (strcmp(text, want) == 0)
            return 1;
    }
    if (a->byline) {
        /* Every author named, and little else ("By", "and", an agency). */
        size_t names = 0, found = 0, named = 0;
        for (const char *p = a->byline; *p;) {
            size_t n = strcspn(p, ",");
            const char *and = strstr(p, " and ");
            if (and && (size_t)(and - p) < n)
                n = (size_t)(and - p);
            kb_extract_squeeze(p, n, want, sizeof want);
            if (*want) {
                names++;
                if (strstr(text, want)) {
                    found++;
                    named += strlen(want);
                }
            }
            p += n;
            p += strspn(p, ", ");
            if (strncmp(p, "and ", 4) == 0)
                p += 4;
        }
        if (names && found == names && strlen(text) <= named + 12)
            return 1;
    }
    return 0;
}

char *kb_extract_write(const page *pg, int root_index, const kb_article *a, int trim,
                           int *nomem)
{
    writer w = {KB_BUF_INIT, pg, 0, 0, 0, 0, 0, SIZE_MAX};
    xmlNodePtr root = pg->els[root_index].node;
    for (xmlNodePtr n = root; n;) {
        int skip = 0;
        if (n->type == XML_ELEMENT_NODE) {
            int i = el_index(n);
            skip = i < 0 || left_out(pg, i, root_index) ||
                   (i != root_index && repeats_metadata(&pg->els[i], a));
            if (i >= 0 && !is_inline(&pg->els[i]))
                w.brk = 1;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            int p = el_index(n->parent);
            if (p >= 0 && n->content && !(pg->els[pg->els[p].owner].flags & F_LINKLIST))
                write_node(&w, n, pg->els[p].owner);
        }
        n = kb_extract_next(n, root, skip, leave_block, &w);
    }
    end_text(&w, trim);
    if (w.nomem) {
        kb_buf_free(&w.out);
        *nomem = 1;
        return NULL;
    }
    return kb_buf_take(&w.out);
}
