/* The library's load, export and remove, without the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/db.h"
#include "kb/error.h"
#include "kb/export.h"
#include "kb/load.h"
#include "kb/remove.h"
#include "kb/show.h"
#include "kb/suggest.h"
#include "kb/xml.h"

#include "fixture.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

static long long scalar(kb_db *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static kb_code load(fixture *f, const char *path, kb_load_report *rep, kb_diags *d)
{
    kb_error err;
    const char *paths[] = {path};
    return kb_load(f->db, paths, 1, NULL, rep, d, &err);
}

static void a_new_base_is_at_the_latest_version(void **state)
{
    fixture *f = *state;
    assert_int_equal(kb_db_user_version(f->db), kb_db_schema_version());
    assert_true(kb_db_schema_version() >= 1);
}

static void loading_counts_added_then_unchanged(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    kb_load_report rep;
    assert_int_equal(load(f, FIXTURES "/mini", &rep, d), KB_OK);
    assert_int_equal(d->errors, 0);
    assert_int_equal(rep.counts[KB_THING_ENTITY].added, 7);
    assert_int_equal(rep.counts[KB_THING_CLAIM].added, 2);
    kb_load_report_clear(&rep);
    assert_int_equal(load(f, FIXTURES "/mini", &rep, d), KB_OK);
    assert_int_equal(rep.counts[KB_THING_ENTITY].unchanged, 7);
    assert_int_equal(rep.counts[KB_THING_CLAIM].added, 0);
    kb_load_report_clear(&rep);
    kb_diags_free(d);
}

static void an_error_leaves_the_base_as_it_was(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    kb_load_report rep;
    assert_int_equal(load(f, FIXTURES "/bad/unknown-ref.xml", &rep, d), KB_ERR_INPUT);
    /* on an empty base the claim's subject is unknown too */
    assert_int_equal(d->errors, 3);
    assert_non_null(strstr(d->items[0].message, "unknown developer 'acmee'"));
    assert_non_null(strstr(d->items[1].message, "unknown subject 'acme'"));
    assert_int_equal(d->items[0].line, 5);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM entities"), 0);
    kb_load_report_clear(&rep);
    kb_diags_free(d);
}

static void validation_in_memory_reports_lines(void **state)
{
    (void)state;
    const char *doc = "<kb>\n<company slug=\"ok\"><name>OK</name></company>\n"
                      "<company slug=\"x\"></company>\n</kb>\n";
    kb_diags *d = kb_diags_new();
    kb_error err;
    assert_int_equal(kb_load_validate_memory("mem.xml", doc, strlen(doc), d, &err), KB_ERR_INPUT);
    assert_true(d->errors >= 1);
    assert_string_equal(d->items[0].file, "mem.xml");
    assert_int_equal(d->items[0].line, 3);
    kb_diags_free(d);
}

static kb_code validate_generated(const char *head, const char *unit, int n, const char *tail,
                                  kb_diags *d)
{
    size_t cap = strlen(head) + strlen(tail) + (size_t)n * (strlen(unit) + 16) + 1;
    char *doc = malloc(cap);
    assert_non_null(doc);
    size_t len = (size_t)snprintf(doc, cap, "%s", head);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(doc + len, cap - len, unit, i);
    len += (size_t)snprintf(doc + len, cap - len, "%s", tail);
    kb_error err;
    kb_code rc = kb_load_validate_memory("mem.xml", doc, len, d, &err);
    free(doc);
    return rc;
}

static void grammar_errors_past_the_first_50_are_counted_and_told(void **state)
{
    (void)state;
    kb_diags *d = kb_diags_new();
    /* two errors each: the element not expected, and its company's content */
    assert_int_equal(validate_generated("<kb>\n", "<company slug=\"c%d\"><name>C</name><bogus/>"
                                                  "</company>\n", 1000, "</kb>\n", d),
                     KB_ERR_INPUT);
    assert_int_equal(d->len, 51);
    kb_diags_sort(d);
    assert_string_equal(d->items[50].message, "… and 1,950 more errors");
    assert_int_equal(d->items[50].line, d->items[49].line);
    assert_int_equal(d->errors, 2000); /* every error counted, not the lines shown */
    kb_diags_free(d);
}

static void an_entity_with_more_aliases_than_kb_keeps_is_refused(void **state)
{
    (void)state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(validate_generated("<kb>\n<company slug=\"c\"><name>C</name>",
                                        "<alias>A %d</alias>", KB_MAX_ALIASES,
                                        "</company></kb>\n", d),
                     KB_OK);
    assert_int_equal(d->len, 0);
    assert_int_equal(validate_generated("<kb>\n<company slug=\"c\"><name>C</name>",
                                        "<alias>A %d</alias>", KB_MAX_ALIASES + 1,
                                        "</company></kb>\n", d),
                     KB_ERR_INPUT);
    assert_int_equal(d->len, 1);
    assert_int_equal(d->items[0].line, 2);
    assert_string_equal(d->items[0].message,
                        "<company slug=\"c\"> has 257 aliases: at most 256 are allowed");
    kb_diags_free(d);
}

static void removing_refuses_then_cascades(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(load(f, FIXTURES "/mini", NULL, d), KB_OK);
    kb_strlist removed = {0}, refs = {0};
    kb_error err;
    const char *slug[] = {"acme"};
    assert_int_equal(kb_remove(f->db, slug, 1, KB_KIND_NONE, 0, &removed, &refs, &err),
                     KB_ERR_REFUSED);
    assert_true(refs.len >= 4);
    assert_int_equal(removed.len, 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM entities WHERE slug = 'acme'"), 1);
    kb_strlist_free(&refs);
    assert_int_equal(kb_remove(f->db, slug, 1, KB_KIND_NONE, 1, &removed, &refs, &err), KB_OK);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM entities WHERE slug = 'acme'"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM claims"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM debates"), 0);
    assert_int_equal(scalar(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    kb_strlist_free(&removed);
    kb_strlist_free(&refs);
    kb_diags_free(d);
}

static void export_then_load_is_a_fixed_point(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(load(f, FIXTURES "/mini", NULL, d), KB_OK);
    char out[160];
    snprintf(out, sizeof out, "%s/out", f->dir);
    kb_error err;
    size_t n = 0;
    assert_int_equal(kb_export(f->db, out, &n, d, &err), KB_OK);
    assert_int_equal(n, 8);
    kb_load_report rep;
    assert_int_equal(load(f, out, &rep, d), KB_OK);
    size_t changed = 0;
    for (int t = 0; t < KB_THING_COUNT; t++)
        changed += rep.counts[t].added + rep.counts[t].updated;
    assert_int_equal(changed, 0);
    kb_load_report_clear(&rep);
    kb_diags_free(d);
}

static void suggestions_find_near_slugs(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(load(f, FIXTURES "/mini", NULL, d), KB_OK);
    kb_buf b = KB_BUF_INIT;
    assert_int_equal(kb_suggest_slugs(f->db, KB_KIND_ENTITY, "acmee", &b), 1);
    assert_string_equal(b.data, "'acme'");
    kb_buf_reset(&b);
    assert_int_equal(kb_suggest_slugs(f->db, KB_KIND_ENTITY, "zzzzzzzz", &b), 0);
    kb_buf_free(&b);
    assert_int_equal(kb_edit_distance("kitten", "sitting", 5), 3);
    kb_diags_free(d);
}

static void an_error_names_its_file_line_and_value(void **state)
{
    (void)state;
    kb_error err;
    assert_int_equal(kb_error_set_at(&err, KB_ERR_INPUT, "data/x.xml", 42, "claim '%s' is odd", "c"),
                     KB_ERR_INPUT);
    assert_string_equal(err.message, "data/x.xml:42: claim 'c' is odd");
    assert_string_equal(err.file, "data/x.xml");
    assert_int_equal(err.line, 42);
    assert_string_equal(err.value, "");
    kb_error_set_at(&err, KB_ERR_IO, "out/a.xml", 0, "write failed");
    assert_string_equal(err.message, "out/a.xml: write failed");
    assert_int_equal(err.line, 0);
    assert_int_equal(kb_error_set_value(&err, KB_ERR_NOTFOUND, "nosuch", "no entity '%s'", "nosuch"),
                     KB_ERR_NOTFOUND);
    assert_string_equal(err.value, "nosuch");
    assert_string_equal(err.file, "");
    /* a plain error forgets the place of the one before */
    kb_error_set(&err, KB_ERR_DB, "failed");
    assert_string_equal(err.value, "");
    assert_int_equal(err.code, KB_ERR_DB);
    kb_error_locate(&err, "kb.db", 7);
    assert_string_equal(err.message, "failed");
    assert_string_equal(err.file, "kb.db");
    assert_int_equal(err.line, 7);
    kb_error_clear(&err);
    assert_int_equal(err.code, KB_OK);
    assert_string_equal(err.file, "");
}

static void an_error_may_quote_the_one_before(void **state)
{
    (void)state;
    kb_error err;
    kb_error_set(&err, KB_ERR_DB, "disk I/O error");
    kb_error_set(&err, KB_ERR_DB, "migration 002 failed: %s", err.message);
    assert_string_equal(err.message, "migration 002 failed: disk I/O error");
    kb_error_set_at(&err, KB_ERR_DB, "kb.db", 0, "again: %s", err.message);
    assert_string_equal(err.message, "kb.db: again: migration 002 failed: disk I/O error");
}

static void a_failed_step_is_an_error_with_the_base_s_message(void **state)
{
    fixture *f = *state;
    kb_error err;
    sqlite3_stmt *st;
    assert_int_equal(kb_db_prepare(f->db, "SELECT 1 UNION ALL SELECT abs(-9223372036854775807 - 1)",
                                   &st, &err),
                     KB_OK);
    kb_error_clear(&err);
    assert_int_equal(kb_db_step(f->db, st, &err), SQLITE_ROW);
    assert_int_equal(err.code, KB_OK);
    assert_int_not_equal(kb_db_step(f->db, st, &err), SQLITE_DONE);
    assert_int_equal(err.code, KB_ERR_DB);
    assert_non_null(strstr(err.message, "integer overflow"));
    assert_non_null(strstr(err.message, f->path));
    sqlite3_finalize(st);
    /* NULL: the caller keeps an error it has already */
    assert_int_equal(kb_db_prepare(f->db, "SELECT abs(-9223372036854775807 - 1)", &st, &err), KB_OK);
    assert_int_not_equal(kb_db_step(f->db, st, NULL), SQLITE_ROW);
    sqlite3_finalize(st);
}

static void a_failed_load_names_its_first_error_s_place(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    kb_error err;
    const char *paths[] = {FIXTURES "/bad/unknown-ref.xml"};
    assert_int_equal(kb_load(f->db, paths, 1, NULL, NULL, d, &err), KB_ERR_INPUT);
    assert_string_equal(err.file, FIXTURES "/bad/unknown-ref.xml");
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.message, "nothing was loaded"));
    kb_diags_free(d);
}

static void an_unknown_slug_is_the_error_s_value(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(load(f, FIXTURES "/mini", NULL, d), KB_OK);
    kb_error err;
    kb_buf out = KB_BUF_INIT;
    assert_int_equal(kb_show(f->db, "acmee", KB_KIND_NONE, KB_SHOW_TEXT, &out, &err), KB_ERR_NOTFOUND);
    assert_string_equal(err.value, "acmee");
    kb_strlist removed = {0}, refs = {0};
    const char *slug[] = {"acmee"};
    assert_int_equal(kb_remove(f->db, slug, 1, KB_KIND_NONE, 0, &removed, &refs, &err),
                     KB_ERR_NOTFOUND);
    assert_string_equal(err.value, "acmee");
    kb_strlist_free(&removed);
    kb_strlist_free(&refs);
    kb_buf_free(&out);
    kb_diags_free(d);
}

/* A table dropped behind kb's back: the lookup fails, and says so, rather
 * than finding nothing. */
static void a_dropped_table_is_a_failure_not_an_unknown_slug(void **state)
{
    fixture *f = *state;
    kb_diags *d = kb_diags_new();
    assert_int_equal(load(f, FIXTURES "/mini", NULL, d), KB_OK);
    kb_error err;
    assert_int_equal(kb_db_exec(f->db, "PRAGMA foreign_keys = OFF; DROP TABLE arguments; "
                                       "DROP TABLE debate_sides; DROP TABLE debates", &err),
                     KB_OK);
    kb_buf out = KB_BUF_INIT;
    assert_int_equal(kb_show(f->db, "nosuch", KB_KIND_NONE, KB_SHOW_TEXT, &out, &err), KB_ERR_DB);
    assert_non_null(strstr(err.message, "no such table"));
    kb_buf_free(&out);
    kb_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_new_base_is_at_the_latest_version, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(loading_counts_added_then_unchanged, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(an_error_leaves_the_base_as_it_was, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(validation_in_memory_reports_lines),
        cmocka_unit_test(grammar_errors_past_the_first_50_are_counted_and_told),
        cmocka_unit_test(an_entity_with_more_aliases_than_kb_keeps_is_refused),
        cmocka_unit_test_setup_teardown(removing_refuses_then_cascades, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(export_then_load_is_a_fixed_point, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(suggestions_find_near_slugs, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(an_error_names_its_file_line_and_value),
        cmocka_unit_test(an_error_may_quote_the_one_before),
        cmocka_unit_test_setup_teardown(a_failed_step_is_an_error_with_the_base_s_message,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(a_failed_load_names_its_first_error_s_place, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(an_unknown_slug_is_the_error_s_value, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(a_dropped_table_is_a_failure_not_an_unknown_slug,
                                        fixture_setup, fixture_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    return rc;
}
