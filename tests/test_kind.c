/* One name table for the kinds of thing: names in and out, entities among them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/db.h"
#include "kb/kind.h"

static void every_kind_has_one_name_and_back(void **state)
{
    (void)state;
    for (int k = KB_KIND_NONE + 1; k < KB_KIND_COUNT; k++) {
        const char *name = kb_kind_name((kb_kind)k);
        assert_true(name[0] != '\0');
        assert_int_equal(kb_kind_from_name(name), k);
        for (int j = k + 1; j < KB_KIND_COUNT; j++)
            assert_string_not_equal(name, kb_kind_name((kb_kind)j));
    }
    assert_string_equal(kb_kind_name(KB_KIND_COMPANY), "company");
    assert_string_equal(kb_kind_name(KB_KIND_SOURCE), "source");
}

static void an_unknown_name_is_no_kind(void **state)
{
    (void)state;
    assert_int_equal(kb_kind_from_name("planet"), KB_KIND_NONE);
    assert_int_equal(kb_kind_from_name(""), KB_KIND_NONE);
    assert_int_equal(kb_kind_from_name("Company"), KB_KIND_NONE);
    assert_int_equal(kb_kind_from_name(NULL), KB_KIND_NONE);
    assert_string_equal(kb_kind_name(KB_KIND_COUNT), "");
}

static void entity_kinds_are_entities_and_the_rest_are_not(void **state)
{
    (void)state;
    assert_true(kb_kind_is_entity(KB_KIND_ENTITY));
    assert_true(kb_kind_is_entity(KB_KIND_MODEL));
    assert_true(kb_kind_is_entity(KB_KIND_TOPIC));
    assert_false(kb_kind_is_entity(KB_KIND_NONE));
    assert_false(kb_kind_is_entity(KB_KIND_CLAIM));
    assert_false(kb_kind_is_entity(KB_KIND_SOURCE));
    assert_int_equal(kb_kind_table_of(KB_KIND_ASSET), KB_KIND_ENTITY);
    assert_int_equal(kb_kind_table_of(KB_KIND_DEBATE), KB_KIND_DEBATE);
}

static void a_set_of_kinds_reads_as_a_list(void **state)
{
    (void)state;
    kb_buf b = KB_BUF_INIT;
    kb_kind_list(KB_KIND_BIT(KB_KIND_SOURCE) | KB_KIND_BIT(KB_KIND_ENTITY) |
                     KB_KIND_BIT(KB_KIND_CLAIM),
                 "or", &b);
    assert_string_equal(b.data, "entity, claim or source");
    kb_buf_free(&b);
    kb_kind_list(KB_KIND_BIT(KB_KIND_DEBATE), "or", &b);
    assert_string_equal(b.data, "debate");
    kb_buf_free(&b);
}

/* The entity kinds are exactly those the schema's CHECK allows. */
static void the_entity_kinds_are_the_schemas(void **state)
{
    (void)state;
    char dir[] = "/tmp/kb-kind-XXXXXX", path[64], cmd[96];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kb.db", dir);
    kb_db *db;
    kb_error err;
    assert_int_equal(kb_db_open(path, KB_OPEN_CREATE, &db, &err), KB_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->sql,
                                        "INSERT INTO entities(slug, kind, name) VALUES (?1, ?1, 'x')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (int k = KB_KIND_NONE + 1; k < KB_KIND_COUNT; k++) {
        sqlite3_bind_text(st, 1, kb_kind_name((kb_kind)k), -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (k == KB_KIND_ENTITY || !kb_kind_is_entity((kb_kind)k))
            assert_int_not_equal(rc, SQLITE_DONE);
        else
            assert_int_equal(rc, SQLITE_DONE);
    }
    sqlite3_finalize(st);
    kb_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_has_one_name_and_back),
        cmocka_unit_test(an_unknown_name_is_no_kind),
        cmocka_unit_test(entity_kinds_are_entities_and_the_rest_are_not),
        cmocka_unit_test(a_set_of_kinds_reads_as_a_list),
        cmocka_unit_test(the_entity_kinds_are_the_schemas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
