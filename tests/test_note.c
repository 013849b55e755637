/* Notes: Markdown becomes searchable text, with its title and its links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
