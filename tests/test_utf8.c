/* What kb stores is well-formed UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/utf8.h"

static void well_formed_text_is_valid(void **state)
{
    (void)state;
    const char *s = "Méta — 日本語 🦙";
    assert_true(kb_utf8_valid(s, strlen(s)));
    assert_true(kb_utf8_valid("", 0));
}

static void ill_formed_sequences_are_invalid(void **state)
{
    (void)state;
    assert_false(kb_utf8_valid("\xC3", 1));             /* truncated */
    assert_false(kb_utf8_valid("\xC0\xAF", 2));         /* overlong */
    assert_false(kb_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(kb_utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(kb_utf8_valid("caf\xE9", 4));          /* Latin-1 */
}

/* The policy, one rule at a time: what goes in, what kb stores. */
static void expect_clean(const char *in, size_t len, const char *want)
{
    size_t n = 99;
    char *got = kb_text_clean(in, len, &n);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(n, strlen(want));
    assert_true(kb_utf8_valid(got, n));
    assert_true(kb_text_is_clean(got, n));
    free(got);
}

static void ill_formed_bytes_become_replacement_characters(void **state)
{
    (void)state;
    expect_clean("caf\xE9", 4, "caf\xEF\xBF\xBD");
    expect_clean("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");         /* overlong */
    expect_clean("a\xED\xA0\x80", 4, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    expect_clean("\xE2\x82", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");         /* truncated */
    expect_clean("\xFF", 1, "\xEF\xBF\xBD");
}

static void nul_is_dropped(void **state)
{
    (void)state;
    expect_clean("ok\0!", 4, "ok!");
    expect_clean("\0", 1, "");
}

static void tab_and_newline_are_kept_and_carriage_returns_become_newlines(void **state)
{
    (void)state;
    expect_clean("a\tb\nc", 5, "a\tb\nc");
    expect_clean("one\r\ntwo\rthree\r\n\r\n", 18, "one\ntwo\nthree\n\n");
}

static void other_controls_become_spaces_so_words_stay_apart(void **state)
{
    (void)state;
    expect_clean("Fact\fbox", 8, "Fact box");                  /* form feed */
    expect_clean("\x1b[31mred", 8, " [31mred");                 /* ESC */
    expect_clean("a\x01\x08\x0B\x1F\x7F" "b", 8, "a     b");     /* C0 and DEL */
    expect_clean("Acme\xC2\x85" "Corp", 10, "Acme Corp");          /* NEL, a C1 control */
    expect_clean("\xC2\x80\xC2\x9F", 4, "  ");
    expect_clean("\xC2\xA0", 2, "\xC2\xA0");                    /* no-break space is text */
}

static void noncharacters_become_replacement_characters(void **state)
{
    (void)state;
    expect_clean("a\xEF\xBF\xBE" "b\xEF\xBF\xBF", 8, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    expect_clean("\xEF\xBF\xBD", 3, "\xEF\xBF\xBD");
}

static void clean_text_is_unchanged(void **state)
{
    (void)state;
    const char *s = "Méta — 日本語 🦙, plain ASCII long enough for a word at a time.\n";
    expect_clean(s, strlen(s), s);
    expect_clean("", 0, "");
    char *empty = kb_text_clean(NULL, 0, NULL);
    assert_string_equal(empty, "");
    free(empty);
    assert_false(kb_text_is_clean("abcdefgh\x1b", 9));
    assert_false(kb_text_is_clean("abcdefghijklmnop\x7f", 17));
    assert_false(kb_text_is_clean("x\r\n", 3));
}

static void clean_take_keeps_a_clean_string_and_replaces_others(void **state)
{
    (void)state;
    char *s = strdup("clean");
    char *t = kb_text_clean_take(s);
    assert_ptr_equal(t, s);
    free(t);
    t = kb_text_clean_take(strdup("bad\x1b\xff"));
    assert_string_equal(t, "bad \xEF\xBF\xBD");
    free(t);
    assert_null(kb_text_clean_take(NULL));
}

/* Every byte value, alone and around others: the result is always clean. */
static void any_bytes_come_out_clean(void **state)
{
    (void)state;
    unsigned char buf[64];
    unsigned seed = 7;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)(seed >> 16);
        }
        size_t len;
        char *c = kb_text_clean((const char *)buf, n, &len);
        assert_non_null(c);
        assert_int_equal(strlen(c), len);
        assert_true(kb_utf8_valid(c, len));
        for (size_t i = 0; i < len; i++) {
            unsigned char b = (unsigned char)c[i];
            assert_true(b >= 0x20 || b == '\t' || b == '\n');
            assert_true(b != 0x7F);
            if (b == 0xC2)
                assert_true((unsigned char)c[i + 1] >= 0xA0);
        }
        assert_true(kb_text_is_clean(c, len));
        free(c);
    }
}

static void expect_escaped(const char *in, size_t len, const char *want)
{
    kb_buf b = KB_BUF_INIT;
    assert_int_equal(kb_text_escape(&b, in, len), 0);
    assert_string_equal(b.data ? b.data : "", want);
    kb_buf_free(&b);
}

static void controls_are_escaped_for_the_terminal_and_text_is_not(void **state)
{
    (void)state;
#define ESCAPED(in, want) expect_escaped(in, sizeof in - 1, want)
    ESCAPED("\x1b]52;c;aGk=\a", "\\x1b]52;c;aGk=\\x07");
    ESCAPED("\xc2\x9b" "2J", "\\x9b2J");                  /* C1 CSI */
    ESCAPED("a\rb\x7f\0c", "a\\x0db\\x7f\\x00c");        /* CR, DEL, NUL */
    ESCAPED("\x9b" "2J", "\xEF\xBF\xBD" "2J");               /* a lone byte */
    ESCAPED("tab\tand\nnewline", "tab\tand\nnewline");
#undef ESCAPED
    const char *clean = "Méta — 日本語 🦙 \\x1b stays \xef\xbf\xbf";
    expect_escaped(clean, strlen(clean), clean);
    expect_escaped("", 0, "");
    char *e = kb_text_escaped("\x1b[2J");
    assert_string_equal(e, "\\x1b[2J");
    free(e);
    assert_null(kb_text_escaped(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_text_is_valid),
        cmocka_unit_test(ill_formed_sequences_are_invalid),
        cmocka_unit_test(ill_formed_bytes_become_replacement_characters),
        cmocka_unit_test(nul_is_dropped),
        cmocka_unit_test(tab_and_newline_are_kept_and_carriage_returns_become_newlines),
        cmocka_unit_test(other_controls_become_spaces_so_words_stay_apart),
        cmocka_unit_test(noncharacters_become_replacement_characters),
        cmocka_unit_test(clean_text_is_unchanged),
        cmocka_unit_test(clean_take_keeps_a_clean_string_and_replaces_others),
        cmocka_unit_test(any_bytes_come_out_clean),
        cmocka_unit_test(controls_are_escaped_for_the_terminal_and_text_is_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
