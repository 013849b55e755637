/* Which charset a document is in, and its bytes as UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/charset.h"
#include "kb/utf8.h"

static const char *detect(const char *s, size_t len, kb_charset_kind kind, const char *label,
                          size_t *bom)
{
    static char name[48];
    return kb_charset_detect(s, len, kind, label, name, bom);
}

static char *decode(const char *s, size_t len, kb_charset_kind kind, const char *label)
{
    char *out = NULL;
    size_t n = 0;
    kb_error e;
    assert_int_equal(kb_charset_to_utf8(s, len, kind, label, &out, &n, &e), KB_OK);
    assert_non_null(out);
    assert_int_equal(strlen(out), n);
    return out;
}

static void byte_order_marks_win_over_everything(void **state)
{
    (void)state;
    size_t bom = 0;
    assert_string_equal(detect("\xEF\xBB\xBF<p>", 6, KB_CHARSET_HTML, "latin1", &bom), "UTF-8");
    assert_int_equal(bom, 3);
    assert_string_equal(detect("\xFF\xFE<\0", 4, KB_CHARSET_HTML, NULL, &bom), "UTF-16LE");
    assert_int_equal(bom, 2);
    assert_string_equal(detect("\xFE\xFF\0<", 4, KB_CHARSET_HTML, NULL, &bom), "UTF-16BE");
    assert_string_equal(detect("\xFF\xFE\0\0<\0\0\0", 8, KB_CHARSET_XML, NULL, &bom), "UTF-32LE");
    assert_int_equal(bom, 4);
    /* HTML has no UTF-32: the same bytes are UTF-16 there */
    assert_string_equal(detect("\xFF\xFE\0\0", 4, KB_CHARSET_HTML, NULL, &bom), "UTF-16LE");
}

static void xml_without_a_bom_is_told_by_its_zero_bytes(void **state)
{
    (void)state;
    size_t bom = 9;
    assert_string_equal(detect("<\0?\0", 4, KB_CHARSET_XML, NULL, &bom), "UTF-16LE");
    assert_int_equal(bom, 0);
    assert_string_equal(detect("\0<\0?", 4, KB_CHARSET_XML, NULL, &bom), "UTF-16BE");
    assert_string_equal(detect("\0\0\0<", 4, KB_CHARSET_XML, NULL, &bom), "UTF-32BE");
    assert_string_equal(detect("<\0\0\0", 4, KB_CHARSET_XML, NULL, &bom), "UTF-32LE");
}

static void a_callers_label_wins_over_the_documents_declaration(void **state)
{
    (void)state;
    const char *page = "<meta charset=\"utf-8\"><p>caf\xE9";
    size_t bom;
    assert_string_equal(detect(page, strlen(page), KB_CHARSET_HTML, "iso-8859-1", &bom),
                        "WINDOWS-1252");
    char *s = decode(page, strlen(page), KB_CHARSET_HTML, "iso-8859-1");
    assert_non_null(strstr(s, "caf\xC3\xA9"));
    free(s);
}

static void html_declarations_are_read_from_meta_tags(void **state)
{
    (void)state;
    size_t bom;
    const char *a = "<html><head><META CHARSET='Shift_JIS'>";
    assert_string_equal(detect(a, strlen(a), KB_CHARSET_HTML, NULL, &bom), "CP932");
    const char *b = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">";
    assert_string_equal(detect(b, strlen(b), KB_CHARSET_HTML, NULL, &bom), "koi8-r");
    const char *c = "<p>no declaration</p>";
    assert_string_equal(detect(c, strlen(c), KB_CHARSET_HTML, NULL, &bom), "UTF-8");
    /* an XML declaration says nothing to an HTML reader */
    const char *d = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><p>";
    assert_string_equal(detect(d, strlen(d), KB_CHARSET_HTML, NULL, &bom), "UTF-8");
}

static void xml_declarations_are_read_from_the_prolog(void **state)
{
    (void)state;
    size_t bom;
    const char *a = "<?xml version='1.0' encoding='ISO-8859-1'?><rss/>";
    assert_string_equal(detect(a, strlen(a), KB_CHARSET_XML, NULL, &bom), "WINDOWS-1252");
    const char *b = "<?xml version=\"1.0\" encoding=\"us-ascii\"?><rss/>";
    assert_string_equal(detect(b, strlen(b), KB_CHARSET_XML, NULL, &bom), "UTF-8");
    /* a meta tag says nothing to an XML reader */
    const char *c = "<rss><meta charset=\"koi8-r\"/></rss>";
    assert_string_equal(detect(c, strlen(c), KB_CHARSET_XML, NULL, &bom), "UTF-8");
}

static void latin1_labels_mean_windows_1252_as_browsers_read_them(void **state)
{
    (void)state;
    assert_string_equal(kb_charset_name("ISO-8859-1"), "WINDOWS-1252");
    assert_string_equal(kb_charset_name("latin1"), "WINDOWS-1252");
    assert_string_equal(kb_charset_name("us-ascii"), "WINDOWS-1252");
    assert_string_equal(kb_charset_name("gb2312"), "GB18030");
    assert_null(kb_charset_name("UTF-8"));
    assert_null(kb_charset_name("utf-16")); /* without a BOM, a page is not UTF-16 */
    assert_string_equal(kb_charset_name("koi8-r"), "koi8-r");
    /* 0x92 is a right single quotation mark in windows-1252, a C1 control in Latin-1 */
    const char *page = "<meta charset=iso-8859-1><p>it\x92s caf\xE9</p>";
    char *s = decode(page, strlen(page), KB_CHARSET_HTML, NULL);
    assert_non_null(strstr(s, "it\xE2\x80\x99s caf\xC3\xA9"));
    free(s);
}

static void unknown_and_impossible_declarations_are_read_as_utf8(void **state)
{
    (void)state;
    size_t bom;
    const char *a = "<meta charset=\"no-such-charset\"><p>caf\xC3\xA9";
    assert_string_equal(detect(a, strlen(a), KB_CHARSET_HTML, NULL, &bom), "UTF-8");
    const char *b = "<meta charset=\"utf-16\"><p>caf\xC3\xA9";
    assert_string_equal(detect(b, strlen(b), KB_CHARSET_HTML, NULL, &bom), "UTF-8");
    char *s = decode(b, strlen(b), KB_CHARSET_HTML, NULL);
    assert_string_equal(s, b);
    free(s);
}

static void utf16_is_converted_and_its_bom_dropped(void **state)
{
    (void)state;
    const char le[] = "\xFF\xFE" "c\0a\0f\0\xE9\0";
    char *s = decode(le, sizeof le - 1, KB_CHARSET_HTML, NULL);
    assert_string_equal(s, "caf\xC3\xA9");
    free(s);
    const char be[] = "\xFE\xFF\0o\0k";
    s = decode(be, sizeof be - 1, KB_CHARSET_HTML, NULL);
    assert_string_equal(s, "ok");
    free(s);
    const char utf8[] = "\xEF\xBB\xBF" "ok";
    s = decode(utf8, sizeof utf8 - 1, KB_CHARSET_XML, NULL);
    assert_string_equal(s, "ok");
    free(s);
}

static void bytes_invalid_in_the_charset_become_replacement_characters(void **state)
{
    (void)state;
    /* a lone low surrogate in UTF-16, then more text: the conversion goes on */
    const char le[] = "\xFF\xFE" "a\0\x00\xDC" "b\0";
    char *s = decode(le, sizeof le - 1, KB_CHARSET_HTML, NULL);
    assert_string_equal(s, "a\xEF\xBF\xBD" "b");
    free(s);
    /* a page that ends inside a character */
    const char odd[] = "\xFF\xFE" "a\0b";
    s = decode(odd, sizeof odd - 1, KB_CHARSET_HTML, NULL);
    assert_string_equal(s, "a\xEF\xBF\xBD");
    free(s);
    /* invalid Shift_JIS, then valid text */
    const char *sj = "<meta charset=shift_jis>\x82\xA0\xFF" "end";
    s = decode(sj, strlen(sj), KB_CHARSET_HTML, NULL);
    assert_true(kb_utf8_valid(s, strlen(s)));
    assert_non_null(strstr(s, "end"));
    assert_non_null(strstr(s, "\xE3\x81\x82")); /* あ */
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(byte_order_marks_win_over_everything),
        cmocka_unit_test(xml_without_a_bom_is_told_by_its_zero_bytes),
        cmocka_unit_test(a_callers_label_wins_over_the_documents_declaration),
        cmocka_unit_test(html_declarations_are_read_from_meta_tags),
        cmocka_unit_test(xml_declarations_are_read_from_the_prolog),
        cmocka_unit_test(latin1_labels_mean_windows_1252_as_browsers_read_them),
        cmocka_unit_test(unknown_and_impossible_declarations_are_read_as_utf8),
        cmocka_unit_test(utf16_is_converted_and_its_bom_dropped),
        cmocka_unit_test(bytes_invalid_in_the_charset_become_replacement_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
