/* Notes: Markdown through cmark-gfm's tree, plain text as it is. */
#include "kb/note.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/html.h"
#include "kb/utf8.h"

void kb_note_free(kb_note *n)
{
    if (!n)
        return;
    free(n->title);
    free(n->text);
    for (size_t i = 0; i < n->nlinks; i++)
        free(n->links[i]);
    free(n->links);
    free(n);
}

/* Every URL is kept as it comes; duplicates go once the note is read, by
 * sorting (dedup_links), so a note of n links takes n log n, not n². */
static void add_link(kb_note *n, size_t *cap, const char *url)
{
    if (!url || !*url)
        return;
    if (n->nlinks == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        char **v = realloc(n->links, c * sizeof *v);
        if (!v)
            return;
        n->links = v;
        *cap = c;
    }
    if ((n->links[n->nlinks] = strdup(url)))
        n->nlinks++;
}

/* Sorts places in n->links by their URL, then by place, so the first of
 * equal URLs comes first. */
static int by_url_then_place(const void *a, const void *b)
{
    char **x = *(char **const *)a, **y = *(char **const *)b;
    int c = strcmp(*x, *y);
    return c ? c : (x > y) - (x < y);
}

/* Keeps the first of each URL, in the order of first appearance. */
static void dedup_links(kb_note *n)
{
    if (n->nlinks < 2)
        return;
    char ***order = malloc(n->nlinks * sizeof *order);
    if (!order)
        return;
    for (size_t i = 0; i < n->nlinks; i++)
        order[i] = &n->links[i];
    qsort(order, n->nlinks, sizeof *order, by_url_then_place);
    for (size_t i = 1, kept = 0; i < n->nlinks; i++) {
        if (strcmp(*order[i], *order[kept]) == 0) {
            free(*order[i]);
            *order[i] = NULL;
        } else {
            kept = i;
        }
    }
    free(order);
    size_t w = 0;
    for (size_t i = 0; i < n->nlinks; i++)
        if (n->links[i])
            n->links[w++] = n->links[i];
    n->nlinks = w;
}

/* Ends a block: one blank line before what follows. */
static void end_block(kb_buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
        b->data[--b->len] = '\0';
    if (b->len)
        kb_buf_puts(b, "\n\n");
}

static char *trim_end(kb_buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
        b->data[--b->len] = '\0';
    return kb_buf_take(b);
}

/* The first line of text, cut at a character boundary near 120 bytes. */
static char *first_line(const char *text)
{
    size_t n = strcspn(text, "\n");
    if (n > 120) {
        n = 120;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    return n ? strndup(text, n) : NULL;
}

static int is_block(cmark_node_type t)
{
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
           t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE ||
           t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK;
}

/* An upper bound on the cells cmark-gfm's table extension would fill in,
 * counted up to a little past stop. It fills every short row out to the
 * header's width, so n columns and n one-cell rows make n² cells from 4n
 * bytes. The bound errs high: a line of only pipes, dashes, colons, blanks
 * and quote marks, with k runs of dashes, is taken for a delimiter row of k
 * columns; every line after it up to a blank one (only spaces and tabs, as
 * cmark-gfm ends a table) is taken for a row of that table; and a row is
 * taken to give only its unescaped pipes less one of its cells. */
static size_t filled_cells(const char *md, size_t len, size_t stop)
{
    size_t filled = 0, cols = 0;
    const char *p = md, *end = md + len;
    while (p < end && filled <= stop) {
        size_t runs = 0, pipes = 0;
        int blank = 1, delimiter = 1;
        const char *q = p;
        for (; q < end && *q != '\n' && *q != '\r'; q++) {
            char c = *q;
            if (c == '|' && (q == p || q[-1] != '\\'))
                pipes++;
            else if (c == '-' && (q == p || q[-1] != '-'))
                runs++;
            if (c != ' ' && c != '\t')
                blank = 0;
            if (!c || !strchr(" \t\v\f|:->", c))
                delimiter = 0;
        }
        if (blank) {
            cols = 0;
        } else {
            size_t given = pipes > 1 ? pipes - 1 : 1;
            if (cols > given)
                filled += cols - given;
            if (delimiter && pipes && runs > cols)
                cols = runs;
        }
        /* \r\n ends one line, as \r and \n do */
        if (q + 1 < end && q[0] == '\r' && q[1] == '\n')
            q++;
        p = q + 1;
    }
    return filled;
}

void kb_note_prepare(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

kb_code kb_note_markdown(const char *md, size_t len, kb_note **out, kb_error *err)
{
    *out = NULL;
    kb_note_prepare();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    static const char *const exts[] = {"table", "autolink", "strikethrough", "tasklist"};
    int tables = filled_cells(md, len, KB_NOTE_MAX_FILLED_CELLS) <= KB_NOTE_MAX_FILLED_CELLS;
    for (size_t i = !tables; p && i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e)
            cmark_parser_attach_syntax_extension(p, e);
    }
    if (!p)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    cmark_parser_feed(p, md, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    kb_note *n = calloc(1, sizeof *n);
    if (!doc || !n) {
        cmark_node_free(doc);
        free(n);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }

    kb_buf text = KB_BUF_INIT, heading = KB_BUF_INIT;
    int in_heading = 0, have_title = 0, cells = 0;
    size_t link_cap = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        const char *lit = cmark_node_get_literal(node);
        if (ev == CMARK_EVENT_ENTER) {
            if (t == CMARK_NODE_HEADING && !have_title)
                in_heading = 1;
            if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
                kb_buf_puts(&text, lit ? lit : "");
                if (in_heading)
                    kb_buf_puts(&heading, lit ? lit : "");
            } else if (t == CMARK_NODE_SOFTBREAK) {
                kb_buf_puts(&text, " ");
                if (in_heading)
                    kb_buf_puts(&heading, " ");
            } else if (t == CMARK_NODE_LINEBREAK) {
                kb_buf_puts(&text, "\n");
            } else if (t == CMARK_NODE_CODE_BLOCK) {
                kb_buf_puts(&text, lit ? lit : "");
                end_block(&text);
            } else if (t == CMARK_NODE_HTML_BLOCK && lit) {
                char *s = kb_html_fragment_text(lit, strlen(lit));
                kb_buf_puts(&text, s ? s : "");
                free(s);
                end_block(&text);
            } else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
                add_link(n, &link_cap, cmark_node_get_url(node));
            }
            /* a table row is a line of its cells, "a | b | c" */
            const char *ts = cmark_node_get_type_string(node);
            if (ts && (strcmp(ts, "table_row") == 0 || strcmp(ts, "table_header") == 0))
                cells = 0;
            else if (ts && strcmp(ts, "table_cell") == 0 && cells++)
                kb_buf_puts(&text, " | ");
        } else { /* EXIT */
            if (t == CMARK_NODE_LINK) {
                const char *url = cmark_node_get_url(node);
                cmark_node *child = cmark_node_first_child(node);
                const char *shown = child ? cmark_node_get_literal(child) : NULL;
                if (url && *url && !(shown && strcmp(shown, url) == 0))
                    kb_buf_printf(&text, " (%s)", url);
            }
            if (t == CMARK_NODE_HEADING && in_heading) {
                in_heading = 0;
                have_title = heading.len > 0;
            }
            const char *ts = cmark_node_get_type_string(node);
            if (is_block(t) || (ts && strcmp(ts, "table_row") == 0) ||
                (ts && strcmp(ts, "table_header") == 0))
                end_block(&text);
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    dedup_links(n);
    /* Character references (&#27;) can name what kb does not store. */
    n->text = kb_text_clean_take(trim_end(&text));
    n->title = have_title ? kb_text_clean_take(trim_end(&heading))
                          : (kb_buf_free(&heading), n->text ? first_line(n->text) : NULL);
    if (!n->text) {
        kb_note_free(n);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    *out = n;
    return KB_OK;
}

kb_code kb_note_plain(const char *txt, size_t len, kb_note **out, kb_error *err)
{
    *out = NULL;
    kb_note *n = calloc(1, sizeof *n);
    kb_buf b = KB_BUF_INIT;
    if (!n)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    b.data = kb_text_clean(txt, len, &b.len);
    if (!b.data) {
        free(n);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    b.cap = b.len + 1;
    size_t lead = 0;
    while (lead < b.len && (b.data[lead] == ' ' || b.data[lead] == '\n' || b.data[lead] == '\t'))
        lead++;
    char *all = trim_end(&b);
    n->text = strdup(all + lead);
    free(all);
    n->title = n->text ? first_line(n->text) : NULL;
    *out = n;
    return KB_OK;
}

int kb_note_looks_markdown(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    const char *end = data + n, *line = data;
    int lines = 0;
    while (line < end && lines < 40) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(end - line);
        if ((ll >= 2 && line[0] == '#' && (line[1] == ' ' || line[1] == '#')) ||
            (ll >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') ||
            (ll >= 3 && memcmp(line, "```", 3) == 0) || (ll >= 2 && line[0] == '>' && line[1] == ' '))
            return 1;
        const char *close = memchr(line, ']', ll);
        if (close && close + 1 < line + ll && close[1] == '(')
            return 1;
        line = nl ? nl + 1 : end;
        lines++;
    }
    return 0;
}
