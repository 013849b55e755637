/* The JSON writer puts commas and brackets where they go, escapes what RFC
 * 8259 asks, and says when it was misused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "kb/json.h"

static void commas_come_between_values_at_every_depth(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 0);
    kb_json_begin_object(&w);
    kb_json_key_int(&w, "n", -3);
    kb_json_key(&w, "ok");
    kb_json_bool(&w, 1);
    kb_json_key(&w, "list");
    kb_json_begin_array(&w);
    kb_json_str(&w, "a");
    kb_json_null(&w);
    kb_json_begin_object(&w);
    kb_json_end_object(&w);
    kb_json_begin_array(&w);
    kb_json_end_array(&w);
    kb_json_real(&w, 0.5);
    kb_json_real(&w, NAN);
    kb_json_bool(&w, 0);
    kb_json_end_array(&w);
    kb_json_key_str(&w, "s", NULL);
    kb_json_end_object(&w);
    assert_int_equal(kb_json_status(&w), 0);
    assert_string_equal(b.data,
                        "{\"n\":-3,\"ok\":true,\"list\":[\"a\",null,{},[],0.5,null,false],\"s\":null}");
    kb_buf_free(&b);
}

static void strings_are_escaped(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_json_string(&b, "q\" b\\ n\n r\r t\t c\x01 d\x7f <script>");
    assert_string_equal(b.data, "\"q\\\" b\\\\ n\\n r\\r t\\t c\\u0001 d\\u007f <script>\"");
    kb_buf_free(&b);
}

static void ill_formed_utf8_comes_out_as_the_replacement_character(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_json_string(&b, "caf\xc3\xa9 cut \xc3 and \xff end");
    assert_string_equal(b.data, "\"caf\xc3\xa9 cut \xef\xbf\xbd and \xef\xbf\xbd end\"");
    kb_buf_free(&b);
}

static void an_indented_outer_array_puts_one_element_a_line(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 2);
    kb_json_begin_array(&w);
    for (int i = 0; i < 2; i++) {
        kb_json_begin_object(&w);
        kb_json_key_int(&w, "i", i);
        kb_json_end_object(&w);
    }
    kb_json_end_array(&w);
    assert_string_equal(b.data, "[\n  {\"i\":0},\n  {\"i\":1}\n]");
    kb_buf_reset(&b);
    kb_json_init(&w, &b, 2);
    kb_json_begin_array(&w);
    kb_json_end_array(&w);
    assert_string_equal(b.data, "[]");
    kb_buf_free(&b);
}

static void misuse_is_reported(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 0);
    kb_json_key(&w, "outside an object");
    assert_int_equal(kb_json_status(&w), -1);
    kb_json_init(&w, &b, 0);
    kb_json_end_array(&w);
    assert_int_equal(kb_json_status(&w), -1);
    kb_json_init(&w, &b, 0);
    kb_json_begin_object(&w);
    assert_int_equal(kb_json_status(&w), -1); /* not closed */
    kb_json_init(&w, &b, 0);
    for (int i = 0; i <= KB_JSON_MAX_DEPTH; i++)
        kb_json_begin_array(&w);
    assert_int_equal(kb_json_status(&w), -1);
    kb_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commas_come_between_values_at_every_depth),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(ill_formed_utf8_comes_out_as_the_replacement_character),
        cmocka_unit_test(an_indented_outer_array_puts_one_element_a_line),
        cmocka_unit_test(misuse_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
