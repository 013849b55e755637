/* Notes: Markdown becomes searchable text, with its title and its links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"

#include "kb/note.h"
#include "kb/utf8.h"

static kb_note *md(const char *s)
{
    kb_note *n = NULL;
    kb_error err;
    assert_int_equal(kb_note_markdown(s, strlen(s), &n, &err), KB_OK);
    return n;
}

static void the_title_is_the_first_heading(void **state)
{
    (void)state;
    kb_note *n = md("Some intro.\n\n# Meta and the cloud\n\nBody *text*.\n\n## Later\n");
    assert_string_equal(n->title, "Meta and the cloud");
    assert_string_equal(n->text, "Some intro.\n\nMeta and the cloud\n\nBody text.\n\nLater");
    kb_note_free(n);
}

static void links_are_kept_in_the_text_and_listed(void **state)
{
    (void)state;
    kb_note *n = md("See [the report](https://example.com/r) and <https://example.com/a>.\n"
                    "Again [here](https://example.com/r).");
    assert_string_equal(n->text, "See the report (https://example.com/r) and "
                                 "https://example.com/a. Again here (https://example.com/r).");
    assert_int_equal(n->nlinks, 2);
    assert_string_equal(n->links[0], "https://example.com/r");
    assert_string_equal(n->links[1], "https://example.com/a");
    kb_note_free(n);
}

static void lists_tables_and_code_become_blocks(void **state)
{
    (void)state;
    kb_note *n = md("- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode line\n```\n");
    assert_string_equal(n->text, "one\n\ntwo\n\na | b\n\n1 | 2\n\ncode line");
    assert_string_equal(n->title, "one");
    kb_note_free(n);
}

static void plain_text_stays_as_it_is(void **state)
{
    (void)state;
    kb_note *n = NULL;
    kb_error err;
    const char *t = "\r\n  Call notes: Oracle capex\r\nsecond line\r\n\r\n";
    assert_int_equal(kb_note_plain(t, strlen(t), &n, &err), KB_OK);
    assert_string_equal(n->title, "Call notes: Oracle capex");
    assert_string_equal(n->text, "Call notes: Oracle capex\nsecond line");
    kb_note_free(n);
}

static void markdown_is_recognised_by_its_content(void **state)
{
    (void)state;
    const char *a = "# Title\n\ntext", *b = "Just a sentence.\nAnother one.",
               *c = "Intro\n\n- item\n", *d = "text with [a link](http://x.y) inside";
    assert_true(kb_note_looks_markdown(a, strlen(a)));
    assert_false(kb_note_looks_markdown(b, strlen(b)));
    assert_true(kb_note_looks_markdown(c, strlen(c)));
    assert_true(kb_note_looks_markdown(d, strlen(d)));
}

static void markdown_notes_store_clean_text(void **state)
{
    (void)state;
    /* character references to controls, a raw form feed, ESC and a C1 control */
    kb_note *n = md("# Head&#27;line\n\nAcme&#12;Corp\fsaid \x1b[1mso\xc2\x85today &#xFFFE;.\r\n");
    assert_string_equal(n->title, "Head line");
    assert_string_equal(n->text, "Head line\n\nAcme Corp said  [1mso today \xef\xbf\xbd.");
    assert_true(kb_text_is_clean(n->text, strlen(n->text)));
    kb_note_free(n);
}

static void plain_notes_store_clean_text(void **state)
{
    (void)state;
    const char t[] = "Line\x01one\r\nline\x7ftwo\rbad \xff byte\0 end\x1b";
    kb_note *n = NULL;
    kb_error err;
    assert_int_equal(kb_note_plain(t, sizeof t - 1, &n, &err), KB_OK);
    assert_string_equal(n->text, "Line one\nline two\nbad \xef\xbf\xbd byte end");
    assert_string_equal(n->title, "Line one");
    kb_note_free(n);
}

/* A table of cols columns and rows rows of one cell each, each line begun
 * with prefix and ended with eol: cmark-gfm fills each row out to cols cells. */
static char *wide_table(const char *prefix, size_t cols, size_t rows, const char *eol)
{
    kb_buf b = KB_BUF_INIT;
    kb_buf_printf(&b, "# Wide%s%s", eol, eol);
    kb_buf_puts(&b, prefix);
    for (size_t i = 0; i < cols; i++)
        kb_buf_puts(&b, "|head");
    kb_buf_printf(&b, "|%s%s", eol, prefix);
    for (size_t i = 0; i < cols; i++)
        kb_buf_puts(&b, "|-");
    kb_buf_printf(&b, "|%s", eol);
    for (size_t i = 0; i < rows; i++)
        kb_buf_printf(&b, "%srow%zu%s", prefix, i, eol);
    return kb_buf_take(&b);
}

static void a_table_filled_out_past_the_limit_is_read_as_text(void **state)
{
    (void)state;
    /* 400 columns, 400 one-cell rows: 159,600 cells to fill in */
    char *s = wide_table("", 400, 400, "\n");
    kb_note *n = md(s);
    assert_string_equal(n->title, "Wide");
    assert_non_null(strstr(n->text, "|head|head|"));
    assert_non_null(strstr(n->text, "|-|-|"));
    assert_non_null(strstr(n->text, "row0 row1"));
    assert_non_null(strstr(n->text, "row399"));
    assert_null(strstr(n->text, "head | head"));
    kb_note_free(n);
    free(s);
}

static void a_table_within_the_limit_stays_a_table(void **state)
{
    (void)state;
    /* 300 columns, 300 one-cell rows: 89,700 cells to fill in */
    char *s = wide_table("", 300, 300, "\n");
    kb_note *n = md(s);
    assert_non_null(strstr(n->text, "head | head"));
    assert_non_null(strstr(n->text, "\n\nrow299 |  | "));
    kb_note_free(n);
    free(s);
}

static void the_table_limit_holds_in_quotes_and_with_crlf_line_ends(void **state)
{
    (void)state;
    static const char *const prefix[] = {"", "> ", "  "}, *const eol[] = {"\r\n", "\n", "\r"};
    for (size_t i = 0; i < 3; i++) {
        char *s = wide_table(prefix[i], 400, 400, eol[i]);
        kb_note *n = md(s);
        assert_non_null(strstr(n->text, "row399"));
        assert_null(strstr(n->text, "head | head"));
        kb_note_free(n);
        free(s);
    }
}

static void escaped_pipes_do_not_hide_cells_to_fill_in(void **state)
{
    (void)state;
    /* each row looks like 400 cells but is one: its pipes are escaped */
    kb_buf b = KB_BUF_INIT;
    for (int i = 0; i < 400; i++)
        kb_buf_puts(&b, "|h");
    kb_buf_puts(&b, "|\n");
    for (int i = 0; i < 400; i++)
        kb_buf_puts(&b, "|-");
    kb_buf_puts(&b, "|\n");
    for (int r = 0; r < 400; r++) {
        kb_buf_puts(&b, "x");
        for (int i = 0; i < 400; i++)
            kb_buf_puts(&b, "\\|");
        kb_buf_puts(&b, "\n");
    }
    kb_note *n = md(b.data);
    assert_null(strstr(n->text, "h | h"));
    kb_note_free(n);
    kb_buf_free(&b);
}

static void many_links_are_listed_once_each_in_the_order_first_seen(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    /* 0..9999, then every one again backwards, then a new one */
    for (int i = 0; i < 10000; i++)
        kb_buf_printf(&b, "- [l](https://example.com/%d)\n", i);
    for (int i = 9999; i >= 0; i--)
        kb_buf_printf(&b, "- <https://example.com/%d>\n", i);
    kb_buf_puts(&b, "- [last](https://example.com/last)\n");
    kb_note *n = md(b.data);
    assert_int_equal(n->nlinks, 10001);
    char want[64];
    for (int i = 0; i < 10000; i++) {
        snprintf(want, sizeof want, "https://example.com/%d", i);
        assert_string_equal(n->links[i], want);
    }
    assert_string_equal(n->links[10000], "https://example.com/last");
    kb_note_free(n);
    kb_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_title_is_the_first_heading),
        cmocka_unit_test(links_are_kept_in_the_text_and_listed),
        cmocka_unit_test(lists_tables_and_code_become_blocks),
        cmocka_unit_test(plain_text_stays_as_it_is),
        cmocka_unit_test(markdown_is_recognised_by_its_content),
        cmocka_unit_test(markdown_notes_store_clean_text),
        cmocka_unit_test(plain_notes_store_clean_text),
        cmocka_unit_test(a_table_filled_out_past_the_limit_is_read_as_text),
        cmocka_unit_test(a_table_within_the_limit_stays_a_table),
        cmocka_unit_test(the_table_limit_holds_in_quotes_and_with_crlf_line_ends),
        cmocka_unit_test(escaped_pipes_do_not_hide_cells_to_fill_in),
        cmocka_unit_test(many_links_are_listed_once_each_in_the_order_first_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
