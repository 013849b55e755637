/* libFuzzer: the Markdown writers as a property. Any clean text put through
 * kb/md.c the ways a brief puts it (a heading, a paragraph, bold and italic
 * runs, a list item, table cells, a link and an autolink) and parsed back with
 * cmark-gfm as kb renders a brief comes back as the same text, in the blocks
 * and inlines the writer made and no others: no new heading, list, quote,
 * table, link, image, code or HTML.
 *
 * The input is up to eight texts separated by NUL bytes; each is made clean
 * (utf8.h) first, as everything the base holds is. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/md.h"
#include "kb/utf8.h"

#define NPARTS 8

/* A mismatch is a crash, so libFuzzer keeps the input. */
static void fail(const char *what, const char *md, const char *got, const char *want)
{
    fprintf(stderr, "fuzz_md: %s\n--- markdown\n%s\n--- got\n%s\n--- want\n%s\n", what, md,
            got ? got : "(null)", want ? want : "(null)");
    abort();
}

/* The inlines under node, flattened: text as it is, and a mark for each
 * strong (\1S…\1s), emphasis (\1E…\1e) and link (\1L url \1…\1l) node. Any
 * other inline is a failure. */
static void flatten(cmark_node *node, kb_buf *out, const char *md)
{
    for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT) {
            kb_buf_puts(out, cmark_node_get_literal(c));
        } else if (t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH) {
            kb_buf_puts(out, t == CMARK_NODE_STRONG ? "\1S" : "\1E");
            flatten(c, out, md);
            kb_buf_puts(out, t == CMARK_NODE_STRONG ? "\1s" : "\1e");
        } else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
            kb_buf_printf(out, "\1F%s\1", cmark_node_get_literal(c));
        } else if (t == CMARK_NODE_LINK) {
            kb_buf_printf(out, "\1L%s\1", cmark_node_get_url(c));
            flatten(c, out, md);
            kb_buf_puts(out, "\1l");
        } else {
            fail(cmark_node_get_type_string(c), md, NULL, NULL);
        }
    }
}

/* The next block must be of type ts, and its inlines flatten to want. */
static cmark_node *expect(cmark_node *block, const char *ts, const char *want, const char *md)
{
    if (!block || strcmp(cmark_node_get_type_string(block), ts) != 0)
        fail("a block of the wrong type, or missing", md,
             block ? cmark_node_get_type_string(block) : NULL, ts);
    if (want) {
        kb_buf got = KB_BUF_INIT;
        flatten(block, &got, md);
        if (strcmp(got.data ? got.data : "", want) != 0)
            fail(ts, md, got.data, want);
        kb_buf_free(&got);
    }
    return cmark_node_next(block);
}

static cmark_node *only_child(cmark_node *n, const char *ts, const char *md)
{
    cmark_node *c = cmark_node_first_child(n);
    if (!c || cmark_node_next(c) || strcmp(cmark_node_get_type_string(c), ts) != 0)
        fail("not the one child expected", md, c ? cmark_node_get_type_string(c) : NULL, ts);
    return c;
}

/* A table row (ts: table_header or table_row) of cells that flatten to
 * want[0..n). */
static cmark_node *expect_row(cmark_node *row, const char *ts, const char *const *want, int n,
                              const char *md)
{
    if (!row || strcmp(cmark_node_get_type_string(row), ts) != 0)
        fail("not the table row expected", md, row ? cmark_node_get_type_string(row) : NULL, ts);
    cmark_node *cell = cmark_node_first_child(row);
    for (int i = 0; i < n; i++)
        cell = expect(cell, "table_cell", want[i], md);
    if (cell)
        fail("a cell too many", md, NULL, NULL);
    return cmark_node_next(row);
}

static void property(char *const *s)
{
    const char *heading = s[0], *para = s[1], *bold = s[2], *italic = s[3];
    const char *cells[4] = {s[4], s[5], s[6], s[7]};
    kb_buf url = KB_BUF_INIT;
    kb_buf_printf(&url, "https://%s", s[7]);

    kb_buf b = KB_BUF_INIT;
    kb_md_heading(&b, 2, heading);
    kb_buf_puts(&b, "\n");
    kb_md_text(&b, para);
    kb_buf_puts(&b, "\n\n- **");
    kb_md_text(&b, bold);
    kb_buf_puts(&b, "**: *");
    kb_md_text(&b, italic);
    kb_buf_puts(&b, "*, ");
    kb_md_text(&b, para);
    kb_buf_puts(&b, "\n- **Bullish** · report — ");
    kb_md_text(&b, para);
    kb_buf_puts(&b, "[^1] *(");
    kb_md_text(&b, bold);
    kb_buf_puts(&b, ", ");
    kb_md_text(&b, italic);
    kb_buf_puts(&b, ")*\n\n");
    kb_md_table_head(&b, cells, 2);
    kb_md_row(&b, cells + 2, 2);
    kb_buf_puts(&b, "\n");
    kb_md_link(&b, italic, url.data);
    kb_buf_puts(&b, " ");
    kb_md_autolink(&b, url.data);
    kb_buf_puts(&b, "\n\n[^1]: ");
    kb_md_text(&b, bold);
    kb_buf_puts(&b, ", *");
    kb_md_text(&b, italic);
    kb_buf_puts(&b, "* (read on ");
    kb_md_text(&b, heading);
    kb_buf_puts(&b, "), ");
    kb_md_text(&b, cells[0]);
    kb_buf_puts(&b, ". ");
    kb_md_autolink(&b, url.data);
    kb_buf_puts(&b, "\n");

    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
    cmark_parser_feed(p, b.data, b.len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);

    kb_buf want = KB_BUF_INIT;
    cmark_node *n = cmark_node_first_child(doc);
    n = expect(n, "heading", heading, b.data);
    n = expect(n, "paragraph", para, b.data);

    kb_buf_printf(&want, "\1S%s\1s: \1E%s\1e, %s", bold, italic, para);
    cmark_node *list = n;
    n = expect(n, "list", NULL, b.data);
    cmark_node *item = cmark_node_first_child(list);
    if (!item || !cmark_node_next(item) || cmark_node_next(cmark_node_next(item)))
        fail("not a list of two items", b.data, NULL, NULL);
    expect(only_child(item, "paragraph", b.data), "paragraph", want.data, b.data);
    kb_buf_reset(&want);
    kb_buf_printf(&want, "\1SBullish\1s · report — %s\1F1\1 \1E(%s, %s)\1e", para, bold,
                  italic);
    expect(only_child(cmark_node_next(item), "paragraph", b.data), "paragraph", want.data,
           b.data);

    cmark_node *table = n;
    n = expect(n, "table", NULL, b.data);
    cmark_node *row = cmark_node_first_child(table);
    row = expect_row(row, "table_header", cells, 2, b.data);
    if (expect_row(row, "table_row", cells + 2, 2, b.data))
        fail("a row too many", b.data, NULL, NULL);

    /* the URL comes back percent-encoded where it had to be: the rest is the same */
    kb_buf_reset(&want);
    for (const unsigned char *c = (const unsigned char *)url.data; *c; c++)
        if (*c <= ' ' || *c == '<' || *c == '>' || *c == '\\' || *c == 0x7f)
            kb_buf_printf(&want, "%%%02X", *c);
        else
            kb_buf_append(&want, (const char *)c, 1);
    char *enc = kb_buf_take(&want);
    kb_buf_printf(&want, "\1L%s\1%s\1l \1L%s\1%s\1l", enc, italic, enc, enc);
    n = expect(n, "paragraph", want.data, b.data);
    /* the footnote: cmark-gfm puts its definition last */
    cmark_node *def = n;
    if (!def || cmark_node_get_type(def) != CMARK_NODE_FOOTNOTE_DEFINITION)
        fail("no footnote definition", b.data, def ? cmark_node_get_type_string(def) : NULL,
             NULL);
    n = cmark_node_next(def);
    kb_buf_reset(&want);
    kb_buf_printf(&want, "%s, \1E%s\1e (read on %s), %s. \1L%s\1%s\1l", bold, italic, heading,
                  cells[0], enc, enc);
    expect(only_child(def, "paragraph", b.data), "paragraph", want.data, b.data);
    if (n)
        fail("a block too many", b.data, cmark_node_get_type_string(n), NULL);

    free(enc);
    kb_buf_free(&want);
    cmark_node_free(doc);
    kb_buf_free(&b);
    kb_buf_free(&url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cmark_gfm_core_extensions_ensure_registered();
    char *parts[NPARTS];
    const char *at = (const char *)data, *end = at + size;
    for (int i = 0; i < NPARTS; i++) {
        const char *nul = at < end ? memchr(at, '\0', (size_t)(end - at)) : NULL;
        size_t len = at < end ? (size_t)((nul ? nul : end) - at) : 0;
        parts[i] = kb_text_clean(at, len, NULL);
        if (!parts[i] || !*parts[i]) { /* an empty text makes no block */
            free(parts[i]);
            parts[i] = strdup("x");
        }
        at = nul ? nul + 1 : end;
    }
    property(parts);
    for (int i = 0; i < NPARTS; i++)
        free(parts[i]);
    return 0;
}
