/* Markdown that kb writes parses back, with cmark-gfm, as the text it was
 * given: no emphasis, link, image, raw HTML, code or block of the text's
 * making.
 *
 * Run with --texts, the program is the CLI tests' Markdown reader instead:
 * it parses standard input and prints, as JSON, the text of every paragraph,
 * heading and table cell ("texts") and every node kb never means to write
 * ("bad": raw HTML, images, code, quotes, links that are not http(s)). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/json.h"
#include "kb/md.h"

/* As kb renders Markdown, with the strikethrough extension besides (~ is
 * escaped for it). Not the autolink extension: what it would make of a bare
 * address is a link to that address, which is no change of text. */
static cmark_node *parse(const char *md)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("strikethrough"));
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

static int is_text_block(cmark_node *n)
{
    const char *t = cmark_node_get_type_string(n);
    return !strcmp(t, "paragraph") || !strcmp(t, "heading") || !strcmp(t, "table_cell");
}

/* Walks the tree: the text of each text block into texts, what kb never
 * writes into bad, the node types met into types. */
static void walk(cmark_node *doc, kb_json *texts, kb_json *bad, kb_buf *types)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    kb_buf cur = KB_BUF_INIT;
    int in_block = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT) {
            if (in_block && is_text_block(n)) {
                kb_json_str(texts, cur.data ? cur.data : "");
                kb_buf_reset(&cur);
                in_block = 0;
            }
            continue;
        }
        if (types)
            kb_buf_printf(types, "%s ", cmark_node_get_type_string(n));
        if (is_text_block(n)) {
            in_block = 1;
            kb_buf_reset(&cur);
        } else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            kb_buf_puts(&cur, cmark_node_get_literal(n));
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            kb_buf_puts(&cur, "\n");
        }
        if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_IMAGE ||
            t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_CODE) {
            kb_json_str(bad, cmark_node_get_type_string(n));
        } else if (t == CMARK_NODE_LINK && !kb_md_web_url(cmark_node_get_url(n))) {
            kb_json_str(bad, cmark_node_get_url(n));
        }
    }
    kb_buf_free(&cur);
    cmark_iter_free(it);
}

static int print_texts(void)
{
    kb_buf in = KB_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        kb_buf_append(&in, chunk, n);
    cmark_node *doc = parse(in.data ? in.data : "");
    kb_buf t = KB_BUF_INIT, b = KB_BUF_INIT;
    kb_json texts, bad;
    kb_json_init(&texts, &t, 0);
    kb_json_init(&bad, &b, 0);
    kb_json_begin_array(&texts);
    kb_json_begin_array(&bad);
    walk(doc, &texts, &bad, NULL);
    kb_json_end_array(&texts);
    kb_json_end_array(&bad);
    printf("{\"texts\":%s,\"bad\":%s}\n", t.data, b.data);
    kb_buf_free(&t);
    kb_buf_free(&b);
    kb_buf_free(&in);
    cmark_node_free(doc);
    return 0;
}

/* What a paragraph made of kb_md_text(s) holds: its text blocks as JSON,
 * and what is bad in it. */
static void round_trip(const char *prefix, const char *s, const char *suffix, char **texts,
                       char **bad)
{
    kb_buf md = KB_BUF_INIT;
    kb_buf_puts(&md, prefix);
    kb_md_text(&md, s);
    kb_buf_puts(&md, suffix);
    cmark_node *doc = parse(md.data);
    kb_buf t = KB_BUF_INIT, b = KB_BUF_INIT;
    kb_json tw, bw;
    kb_json_init(&tw, &t, 0);
    kb_json_init(&bw, &b, 0);
    kb_json_begin_array(&tw);
    kb_json_begin_array(&bw);
    walk(doc, &tw, &bw, NULL);
    kb_json_end_array(&tw);
    kb_json_end_array(&bw);
    cmark_node_free(doc);
    kb_buf_free(&md);
    *texts = kb_buf_take(&t);
    *bad = kb_buf_take(&b);
}

static const char *const HOSTILE[] = {
    "a | pipe",
    "*stars* and _underscores_ and **bold**",
    "`code` and ``more``",
    "[x](javascript:y) and ![i](http://e.example/i.png)",
    "<script>alert(1)</script> <b onclick=\"x()\">b</b>",
    "&amp; &lt; &#65; &copy;",
    "# not a heading",
    "## neither",
    "1. not a list",
    "12) nor this",
    "- not a bullet",
    "+ nor this",
    "> not a quote",
    "---",
    "===",
    "    four spaces are not code",
    "\tnor is a tab",
    "line one\nline two\r\nthree",
    "tab\tinside",
    "controls \x01\x07\x1b[31m end",
    " leading and trailing ",
    "trailing backslash \\",
    "~~strike~~ [^1] footnote",
    "www.example.com and https://example.com/x",
    "javascript:alert(1)",
    "back\\slash \\* escaped",
    "<https://example.com> and <mailto:a@b.c>",
    "a  two spaces  inside",
    "\xc3\xa9t\xc3\xa9 \xe2\x80\x94 unicode",
    /* a list marker, a quote or a heading mark followed by a tab, not a space */
    "1.\tx", "1)\tx", "+\tx", "-\tx", "*\tx", ">\tquoted", "#\theading",
};
enum { NHOSTILE = sizeof HOSTILE / sizeof *HOSTILE };

/* JSON of a one-element array holding s, to compare with the texts found. */
static char *one(const char *s)
{
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 0);
    kb_json_begin_array(&w);
    kb_json_str(&w, s);
    kb_json_end_array(&w);
    return kb_buf_take(&b);
}

static void check(const char *prefix, const char *suffix)
{
    for (int i = 0; i < NHOSTILE; i++) {
        char *texts, *bad, *want = one(HOSTILE[i]);
        round_trip(prefix, HOSTILE[i], suffix, &texts, &bad);
        if (strcmp(texts, want) || strcmp(bad, "[]"))
            fail_msg("%s%s%s: texts %s (want %s), bad %s", prefix, HOSTILE[i], suffix, texts,
                     want, bad);
        free(texts);
        free(bad);
        free(want);
    }
}

static void text_in_a_paragraph_parses_back_as_itself(void **state)
{
    (void)state;
    check("", "\n");
}

static void text_in_a_heading_parses_back_as_itself(void **state)
{
    (void)state;
    check("## ", "\n");
}

static void text_in_a_table_cell_parses_back_as_itself(void **state)
{
    (void)state;
    for (int i = 0; i < NHOSTILE; i++) {
        kb_buf md = KB_BUF_INIT;
        const char *head[] = {"h"}, *cells[] = {HOSTILE[i]};
        kb_md_table_head(&md, head, 1);
        kb_md_row(&md, cells, 1);
        cmark_node *doc = parse(md.data);
        kb_buf t = KB_BUF_INIT, b = KB_BUF_INIT, types = KB_BUF_INIT;
        kb_json tw, bw;
        kb_json_init(&tw, &t, 0);
        kb_json_init(&bw, &b, 0);
        kb_json_begin_array(&tw);
        kb_json_begin_array(&bw);
        walk(doc, &tw, &bw, &types);
        kb_json_end_array(&tw);
        kb_json_end_array(&bw);
        kb_buf want = KB_BUF_INIT;
        kb_json ww;
        kb_json_init(&ww, &want, 0);
        kb_json_begin_array(&ww);
        kb_json_str(&ww, "h");
        kb_json_str(&ww, HOSTILE[i]);
        kb_json_end_array(&ww);
        if (strcmp(t.data, want.data) || strcmp(b.data, "[]") || !strstr(types.data, "table_cell"))
            fail_msg("cell %s: texts %s (want %s), bad %s, nodes %s", md.data, t.data, want.data,
                     b.data, types.data);
        cmark_node_free(doc);
        kb_buf_free(&md);
        kb_buf_free(&t);
        kb_buf_free(&b);
        kb_buf_free(&types);
        kb_buf_free(&want);
    }
}

static void only_web_urls_become_links(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    assert_int_equal(kb_md_autolink(&b, "javascript:alert(1)"), 0);
    assert_int_equal(kb_md_autolink(&b, "data:text/html,x"), 0);
    assert_int_equal(kb_md_autolink(&b, NULL), 0);
    assert_null(b.data);
    assert_int_equal(kb_md_autolink(&b, "https://e.example/a b<c>"), 1);
    assert_string_equal(b.data, "<https://e.example/a%20b%3Cc%3E>");
    kb_buf_reset(&b);
    kb_md_link(&b, "*x*", "javascript:y");
    assert_string_equal(b.data, "\\*x\\*");
    kb_buf_reset(&b);
    kb_md_link(&b, "x", "http://e.example/(1)");
    assert_string_equal(b.data, "[x](<http://e.example/(1)>)");
    cmark_node *doc = parse(b.data);
    cmark_node *link = cmark_node_first_child(cmark_node_first_child(doc));
    assert_int_equal(cmark_node_get_type(link), CMARK_NODE_LINK);
    assert_string_equal(cmark_node_get_url(link), "http://e.example/(1)");
    cmark_node_free(doc);
    kb_buf_free(&b);
}

static void a_heading_has_its_level(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_md_heading(&b, 2, "# x");
    assert_string_equal(b.data, "## \\# x\n");
    cmark_node *doc = parse(b.data);
    cmark_node *h = cmark_node_first_child(doc);
    assert_int_equal(cmark_node_get_type(h), CMARK_NODE_HEADING);
    assert_int_equal(cmark_node_get_heading_level(h), 2);
    cmark_node_free(doc);
    kb_buf_free(&b);
}

static void marked_words_come_out_bold_and_the_rest_as_text(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_md_marked(&b, "the \x01*cloud*\x02 <b>", '\x01', '\x02');
    assert_string_equal(b.data, "the **\\*cloud\\*** \\<b\\>");
    cmark_node *doc = parse(b.data);
    cmark_node *strong = cmark_node_next(cmark_node_first_child(cmark_node_first_child(doc)));
    assert_int_equal(cmark_node_get_type(strong), CMARK_NODE_STRONG);
    assert_string_equal(cmark_node_get_literal(cmark_node_first_child(strong)), "*cloud*");
    cmark_node_free(doc);
    kb_buf_free(&b);
}

/* The brief writes a name as **name**: and a title as *title*, so the text
 * must leave the marks able to open and close: white space at its ends, an
 * ASCII or a Unicode space (no-break, em, ideographic), would not. */
static void text_between_emphasis_marks_stays_emphasised(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "\xe3\x80\x80" "wide", "nbsp\xc2\xa0", "\xe2\x80\x83" "em\xe2\x80\x83", "\xe2\x80\xaf",
        " ascii ", "*", "**x**", "plain",
    };
    static const char *const marks[][2] = {{"- **", "**: y"}, {"x *", "*, y"}};
    for (size_t m = 0; m < 2; m++) {
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            kb_buf b = KB_BUF_INIT;
            kb_buf_puts(&b, marks[m][0]);
            kb_md_text(&b, texts[i]);
            kb_buf_puts(&b, marks[m][1]);
            cmark_node *doc = parse(b.data);
            cmark_node *para = cmark_node_first_child(doc);
            if (m == 0)
                para = cmark_node_first_child(cmark_node_first_child(para));
            cmark_node *em = m == 0 ? cmark_node_first_child(para)
                                    : cmark_node_next(cmark_node_first_child(para));
            cmark_node *t = cmark_node_first_child(em);
            kb_buf got = KB_BUF_INIT;
            for (; t && cmark_node_get_type(t) == CMARK_NODE_TEXT; t = cmark_node_next(t))
                kb_buf_puts(&got, cmark_node_get_literal(t));
            if (!em || cmark_node_get_type(em) != (m == 0 ? CMARK_NODE_STRONG : CMARK_NODE_EMPH) ||
                t || strcmp(got.data ? got.data : "", texts[i]))
                fail_msg("%s: not emphasis around the text, got '%s'", b.data,
                         got.data ? got.data : "");
            kb_buf_free(&got);
            cmark_node_free(doc);
            kb_buf_free(&b);
        }
    }
}

static void a_url_that_holds_a_character_reference_comes_back_unchanged(void **state)
{
    (void)state;
    const char *url = "https://e.example/?a=1&amp;b=2&copy;&#38;&#x26;&x&;";
    kb_buf b = KB_BUF_INIT;
    kb_md_link(&b, "x", url);
    kb_buf_puts(&b, " ");
    kb_md_autolink(&b, url);
    cmark_node *doc = parse(b.data);
    cmark_node *link = cmark_node_first_child(cmark_node_first_child(doc));
    assert_int_equal(cmark_node_get_type(link), CMARK_NODE_LINK);
    assert_string_equal(cmark_node_get_url(link), url);
    cmark_node *autolink = cmark_node_next(cmark_node_next(link));
    assert_int_equal(cmark_node_get_type(autolink), CMARK_NODE_LINK);
    assert_string_equal(cmark_node_get_url(autolink), url);
    assert_string_equal(cmark_node_get_literal(cmark_node_first_child(autolink)), url);
    /* a plain & stays as it is, for people reading the Markdown */
    kb_buf_reset(&b);
    kb_md_autolink(&b, "https://e.example/?a=1&b=2");
    assert_string_equal(b.data, "<https://e.example/?a=1&b=2>");
    cmark_node_free(doc);
    kb_buf_free(&b);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--texts") == 0)
        return print_texts();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_in_a_paragraph_parses_back_as_itself),
        cmocka_unit_test(text_in_a_heading_parses_back_as_itself),
        cmocka_unit_test(text_in_a_table_cell_parses_back_as_itself),
        cmocka_unit_test(only_web_urls_become_links),
        cmocka_unit_test(a_heading_has_its_level),
        cmocka_unit_test(marked_words_come_out_bold_and_the_rest_as_text),
        cmocka_unit_test(text_between_emphasis_marks_stays_emphasised),
        cmocka_unit_test(a_url_that_holds_a_character_reference_comes_back_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
