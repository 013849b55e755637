/* Text from the base comes out of a brief as text: parsed back with
 * cmark-gfm, each claim arrives whole, and its HTML holds no element or
 * attribute of the base's making. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/brief.h"
#include "kb/buf.h"
#include "kb/db.h"

static const char *const NASTY[] = {
    "Capex *doubled* and _then_ some",
    "A | pipe | in | a | cell",
    "See [x](y) and ![img](http://evil.example/x.png)",
    "Backticks `rm -rf` and ``double``",
    "<script>alert('boom')</script> and <b onclick=\"x()\">bold</b>",
    "AT&amp;T &lt;not a tag&gt; &copy;",
    "# Not a heading",
    "1. Not a list",
    "- not a list either",
    "> not a quote",
    "Line one\nline two",
    "Trailing backslash \\",
    "~~strike~~ and [^1] a fake footnote",
    "https://autolink.example.com and www.example.com",
    "javascript:alert(1)",
};
enum { NNASTY = sizeof NASTY / sizeof *NASTY };

static kb_db *db;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/kb-brief-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/kb.db", dir);
    kb_error err;
    if (kb_db_open(path, KB_OPEN_CREATE, &db, &err))
        return -1;
    sqlite3_exec(db->sql,
                 "INSERT INTO entities(slug, kind, name, description) VALUES "
                 "('evil', 'company', 'Evil <i>Corp</i> | *Inc*' || char(9) || 'Ltd', '1. first # not');"
                 "INSERT INTO companies(entity_id, cloud) VALUES (1, '[cloud](javascript:x)');"
                 "INSERT INTO sources(slug, source_type, title, publisher, url) VALUES "
                 "('s', 'article', 'Title with <script>x</script> | and *stars*', 'Pub & Co', "
                 "'javascript:alert(1)');",
                 NULL, NULL, NULL);
    sqlite3_stmt *ins, *cite;
    sqlite3_prepare_v2(db->sql,
                       "INSERT INTO claims(slug, subject_id, topic, claim_kind, stance, statement, "
                       "asserted_by, as_of) VALUES (?1, 1, 'cloud', 'report', 'bullish', ?2, ?2, '2026-01-01')",
                       -1, &ins, NULL);
    sqlite3_prepare_v2(db->sql, "INSERT INTO citations(claim_id, source_id, quote) "
                                "VALUES (last_insert_rowid(), 1, ?1)", -1, &cite, NULL);
    for (int i = 0; i < NNASTY; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "c%d", i);
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, slug, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, NASTY[i], -1, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(cite);
        sqlite3_bind_text(cite, 1, NASTY[i], -1, SQLITE_STATIC);
        sqlite3_step(cite);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(cite);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kb_db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *brief(int html)
{
    kb_brief_options o = {.slug = "evil", .as_of = "2026-11-28", .html = html};
    kb_buf out = KB_BUF_INIT;
    kb_error err;
    assert_int_equal(kb_brief(db, &o, &out, &err), KB_OK);
    return kb_buf_take(&out);
}

/* The text of every block, its text nodes joined, as a reader would see it. */
static void collect(cmark_node *node, kb_buf *all, int *bad_nodes)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            kb_buf_puts(all, cmark_node_get_literal(n));
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            kb_buf_puts(all, " ");
        } else if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK ||
                   t == CMARK_NODE_IMAGE || t == CMARK_NODE_CODE_BLOCK ||
                   t == CMARK_NODE_BLOCK_QUOTE) {
            (*bad_nodes)++;
        } else if (t == CMARK_NODE_LINK) {
            /* the only links are the sources' http(s) URLs */
            const char *url = cmark_node_get_url(n);
            if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
                (*bad_nodes)++;
        } else if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_ITEM) {
            kb_buf_puts(all, "\n");
        }
    }
    cmark_iter_free(it);
}

static void every_claim_round_trips_as_text(void **state)
{
    (void)state;
    char *md = brief(0);
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_consolidate_text_nodes(doc);
    kb_buf all = KB_BUF_INIT;
    int bad = 0;
    collect(doc, &all, &bad);
    assert_int_equal(bad, 0);
    for (int i = 0; i < NNASTY; i++) {
        /* line breaks too come back as they were, not as spaces */
        if (!strstr(all.data, NASTY[i]))
            fail_msg("'%s' did not come back whole as text", NASTY[i]);
    }
    assert_non_null(strstr(all.data, "Evil <i>Corp</i> | *Inc*"));
    assert_non_null(strstr(all.data, "1. first # not"));
    assert_non_null(strstr(all.data, "[cloud](javascript:x)"));
    kb_buf_free(&all);
    cmark_node_free(doc);
    cmark_parser_free(p);
    free(md);
}

static void the_html_holds_nothing_of_the_bases_making(void **state)
{
    (void)state;
    char *html = brief(1);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<i>"));
    assert_null(strstr(html, "<b "));
    assert_null(strstr(html, "onclick=\""));
    assert_null(strstr(html, "href=\"y\""));
    assert_null(strstr(html, "javascript:"
                             "alert(1)\""));
    assert_null(strstr(html, "href=\"javascript"));
    assert_null(strstr(html, "<img"));
    assert_non_null(strstr(html, "&lt;script&gt;alert("));
    assert_non_null(strstr(html, "AT&amp;amp;T"));
    /* the title is the name as text, not as the Markdown that escapes it */
    assert_non_null(strstr(html, "<title>Evil &lt;i&gt;Corp&lt;/i&gt; | *Inc*\tLtd</title>"));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_claim_round_trips_as_text),
        cmocka_unit_test(the_html_holds_nothing_of_the_bases_making),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
