/* The query language: what a person types, and what FTS5 is asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/db.h"
#include "kb/search.h"

#include "fixture.h"

/* A base with three sources whose words tell the query language's cases apart. */
static int setup(void **state)
{
    if (fixture_setup(state))
        return -1;
    fixture *f = *state;
    kb_error err;
    const char *rows =
        "INSERT INTO sources (slug, source_type, title, text) VALUES "
        "('a', 'note', 'Desk notes', 'The analysts met; new funding arrived for the companies.'),"
        "('b', 'note', 'Cloud plans', 'Acme weighs outside customers for its cloud; GPT-4 and AT&T "
        "  were named.'),"
        "('c', 'note', 'Globex', 'Globex signs a compute contract with customers outside.');";
    if (kb_db_exec(f->db, rows, &err) != KB_OK) {
        fixture_teardown(state);
        return -1;
    }
    return 0;
}

/* The FTS expression for q; fails the test when there is none. */
static char *fts(kb_db *db, const char *q)
{
    kb_error err;
    char *s = kb_query_to_fts(db, q, &err);
    assert_int_equal(err.code, KB_OK);
    assert_non_null(s);
    return s;
}

static void assert_fts(kb_db *db, const char *q, const char *want)
{
    char *got = fts(db, q);
    assert_string_equal(got, want);
    free(got);
}

/* The sources' slugs the query finds, sorted and joined by spaces. */
static char *found(kb_db *db, const char *q)
{
    kb_search_options o = {0};
    o.kinds = KB_KIND_BIT(KB_KIND_SOURCE);
    o.sort_by_date = 1;
    kb_hit *hits;
    size_t n;
    kb_error err;
    assert_int_equal(kb_search(db, q, &o, &hits, &n, &err), KB_OK);
    char *ids[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 8; i++)
        ids[k++] = hits[i].id;
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            char *t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    char *out = calloc(1, 64);
    for (size_t i = 0; i < k; i++) {
        if (i)
            strcat(out, " ");
        strncat(out, ids[i], 8);
    }
    kb_hits_free(hits, n);
    return out;
}

static void assert_found(kb_db *db, const char *q, const char *want)
{
    char *got = found(db, q);
    if (strcmp(got, want) != 0)
        fail_msg("query [%s]: found [%s], expected [%s]", q, got, want);
    free(got);
}

static void words_are_all_required(void **state)
{
    fixture *f = *state;
    assert_fts(f->db, "acme cloud", "(\"acme\") AND (\"cloud\")");
    assert_found(f->db, "customers outside", "b c");
    assert_found(f->db, "acme customers", "b");
}

static void a_quoted_phrase_keeps_its_order(void **state)
{
    fixture *f = *state;
    assert_fts(f->db, "\"outside customers\"", "(\"outside customers\")");
    assert_found(f->db, "\"outside customers\"", "b");
    assert_found(f->db, "\"customers outside\"", "c");
}

static void or_joins_two_terms(void **state)
{
    fixture *f = *state;
    assert_fts(f->db, "globex OR acme", "(\"globex\" OR \"acme\")");
    assert_found(f->db, "globex OR nothingatall", "c");
    assert_found(f->db, "globex OR acme", "b c");
}

static void a_minus_excludes(void **state)
{
    fixture *f = *state;
    assert_fts(f->db, "customers -globex", "(\"customers\") NOT (\"globex\")");
    assert_found(f->db, "customers -globex", "b");
}

static void a_prefix_finds_words_the_stemmer_cut_short(void **state)
{
    fixture *f = *state;
    /* the index holds stems ("analyst", "fund", "compani"): the prefix is
     * expanded through the vocabulary so that these still match */
    assert_found(f->db, "analy*", "a");
    assert_found(f->db, "fundin*", "a");
    assert_found(f->db, "company*", "a");
    assert_found(f->db, "custom*", "b c");
    assert_found(f->db, "fundamental*", "");
}

static void punctuation_inside_a_word_makes_a_phrase(void **state)
{
    fixture *f = *state;
    assert_fts(f->db, "GPT-4", "(\"GPT 4\")");
    assert_fts(f->db, "AT&T", "(\"AT T\")");
    assert_found(f->db, "GPT-4", "b");
    assert_found(f->db, "AT&T", "b");
}

static void fts5_operators_typed_as_words_are_words(void **state)
{
    fixture *f = *state;
    /* NEAR, AND, NOT are words to a person: quoted, never operators */
    assert_fts(f->db, "acme NOT cloud", "(\"acme\") AND (\"NOT\") AND (\"cloud\")");
    assert_found(f->db, "NEAR(acme cloud)", "");
}

static void what_has_nothing_to_search_finds_nothing(void **state)
{
    fixture *f = *state;
    const char *empty[] = {"", "   ", "-", "\"", "***", "--", "OR", "?!"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        kb_error err;
        char *s = kb_query_to_fts(f->db, empty[i], &err);
        if (s)
            fail_msg("query [%s] gave [%s]", empty[i], s);
        assert_int_equal(err.code, KB_OK);
        assert_found(f->db, empty[i], "");
    }
}

static void any_text_is_a_valid_query(void **state)
{
    fixture *f = *state;
    /* each gives FTS5 an expression it accepts: the search runs */
    const char *odd[] = {"C++",      "50%",      "o1-preview", "\"unbalanced",  "a\"b\"c",
                         "(acme",    "acme)",    "x:y",        "^acme",        "acme*cloud",
                         "Яндекс",   "阿里巴巴", "🚀 cloud",   "-acme -cloud", "OR acme OR",
                         "\t\nacme\r"};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        kb_search_options o = {0};
        kb_hit *hits;
        size_t n;
        kb_error err;
        if (kb_search(f->db, odd[i], &o, &hits, &n, &err) != KB_OK)
            fail_msg("query [%s]: %s", odd[i], err.message);
        kb_hits_free(hits, n);
    }
    assert_found(f->db, "\"unbalanced", "");
    assert_found(f->db, "\t\nacme\r", "b");
}

static void raw_queries_are_fts5_and_their_errors_are_refused(void **state)
{
    fixture *f = *state;
    kb_search_options o = {0};
    o.raw = 1;
    kb_hit *hits;
    size_t n;
    kb_error err;
    assert_int_equal(kb_search(f->db, "NEAR(globex customers, 10)", &o, &hits, &n, &err), KB_OK);
    assert_int_equal(n, 1);
    kb_hits_free(hits, n);
    assert_int_equal(kb_search(f->db, "acme AND (", &o, &hits, &n, &err), KB_ERR_INPUT);
}

static void symbols_beside_words_are_separators_as_in_the_index(void **state)
{
    fixture *f = *state;
    kb_error err;
    assert_int_equal(kb_db_exec(f->db,
                                "INSERT INTO sources (slug, source_type, title, text) VALUES "
                                "('d', 'note', 'Symbols', 'Meta\xc2\xa9 Llama\xe2\x84\xa2 "
                                "rocket\xf0\x9f\x9a\x80 zero\xe2\x80\x8bwidth bad\xef\xbf\xbd" "char')",
                                &err),
                     KB_OK);
    /* typed either way, with the symbol or without, each finds the note */
    const char *queries[] = {"Meta\xc2\xa9",         "meta",     "Llama\xe2\x84\xa2",
                             "rocket\xf0\x9f\x9a\x80", "rocket",   "zero\xe2\x80\x8bwidth",
                             "width",                 "bad\xef\xbf\xbd" "char", "char"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        assert_found(f->db, queries[i], "d");
    assert_fts(f->db, "Llama\xe2\x84\xa2 cloud", "(\"Llama\") AND (\"cloud\")");
}

static void a_long_query_is_cut_not_refused(void **state)
{
    fixture *f = *state;
    char q[2000] = "";
    for (int i = 0; i < 100; i++)
        strcat(q, "acme ");
    char *s = fts(f->db, q);
    assert_true(strlen(s) > 0);
    free(s);
    assert_found(f->db, q, "b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(words_are_all_required, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(a_quoted_phrase_keeps_its_order, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(or_joins_two_terms, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(a_minus_excludes, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(a_prefix_finds_words_the_stemmer_cut_short, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(punctuation_inside_a_word_makes_a_phrase, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(fts5_operators_typed_as_words_are_words, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(what_has_nothing_to_search_finds_nothing, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(any_text_is_a_valid_query, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(raw_queries_are_fts5_and_their_errors_are_refused, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(symbols_beside_words_are_separators_as_in_the_index, setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(a_long_query_is_cut_not_refused, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
