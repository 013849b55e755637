/* Names: the slug a name makes, and the entity a name finds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"
#include "kb/buf.h"
#include "kb/names.h"
#include "kb/suggest.h"

static void a_name_makes_the_slug_kb_would_give_it(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Llama 3.1", "llama-3-1"}, {"  GPT-4o  ", "gpt-4o"},   {"Meta's cloud", "metas-cloud"},
        {"a--b__c", "a-b-c"},       {"Zürich AI", "z-rich-ai"}, {"", ""},
        {"---", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kb_buf b = KB_BUF_INIT;
        kb_slugify(&b, cases[i][0], 200);
        assert_string_equal(b.data ? b.data : "", cases[i][1]);
        kb_buf_free(&b);
    }
    kb_buf b = KB_BUF_INIT;
    kb_slugify(&b, "one two three", 7);
    assert_string_equal(b.data, "one-two");
    kb_buf_free(&b);
}

static void a_swap_of_two_letters_is_one_edit(void **state)
{
    (void)state;
    assert_int_equal(kb_edit_distance("wieght", "weight", 2), 1);
    assert_int_equal(kb_edit_distance("antrhopic", "anthropic", 2), 1);
    assert_int_equal(kb_edit_distance("meta", "meta", 2), 0);
    assert_int_equal(kb_edit_distance("meta", "mate", 2), 2);
    assert_int_equal(kb_edit_distance("abc", "xyz", 1), 2);
    assert_int_equal(kb_edit_distance("", "ab", 2), 2);
}

static void exec(fixture *f, const char *sql)
{
    kb_error err;
    assert_int_equal(kb_db_exec(f->db, sql, &err), KB_OK);
}

static void a_name_finds_one_entity_or_says_which_share_it(void **state)
{
    fixture *f = *state;
    exec(f, "INSERT INTO entities(id, slug, kind, name) VALUES "
            "(1, 'alphabet', 'company', 'Alphabet'), (2, 'llama-3-1', 'model', 'Llama 3.1'), "
            "(3, 'twin-a', 'company', 'Twin A'), (4, 'twin-b', 'company', 'Twin B');"
            "INSERT INTO aliases(entity_id, alias) VALUES (1, 'Google'), (3, 'Twins'), "
            "(4, 'twins')");
    static const struct {
        const char *name;
        long long id;
    } found[] = {{"alphabet", 1}, {"ALPHABET", 1}, {"google", 1},      {"Google", 1},
                 {"llama 3.1", 2}, {"Llama-3.1", 2}, {"LLAMA 3.1", 2}, {"nothing", 0}};
    for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
        long long id = -1;
        kb_error err;
        assert_int_equal(kb_entity_named(f->db, found[i].name, KB_KIND_NONE, &id, &err), KB_OK);
        assert_int_equal(id, found[i].id);
    }
    long long id = -1;
    kb_error err;
    assert_int_equal(kb_entity_named(f->db, "Google", KB_KIND_MODEL, &id, &err), KB_OK);
    assert_int_equal(id, 0);
    assert_int_equal(kb_entity_named(f->db, "TWINS", KB_KIND_NONE, &id, &err), KB_ERR_USAGE);
    assert_string_equal(err.message,
                        "'TWINS' names 2 entities: 'twin-a' (company), 'twin-b' (company); give a slug");
    assert_string_equal(err.value, "TWINS");
    char *slug = NULL;
    assert_int_equal(kb_entity_find(f->db, "gogle", &id, &slug, &err), KB_ERR_NOTFOUND);
    assert_string_equal(err.message, "no entity 'gogle' (did you mean 'alphabet' (Google)?)");
    assert_null(slug);
    assert_int_equal(kb_entity_find(f->db, "Google", &id, &slug, &err), KB_OK);
    assert_string_equal(slug, "alphabet");
    free(slug);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_name_makes_the_slug_kb_would_give_it),
        cmocka_unit_test(a_swap_of_two_letters_is_one_edit),
        cmocka_unit_test_setup_teardown(a_name_finds_one_entity_or_says_which_share_it,
                                        fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
