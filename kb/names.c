/* Names: an entity found by its slug, its name or an alias, in any case. */
#include "kb/names.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kb/suggest.h"

void kb_slugify(kb_buf *out, const char *s, size_t max)
{
    int dash = out->len > 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p && out->len < max; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (dash && out->len)
                kb_buf_puts(out, "-");
            dash = 0;
            char l = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            kb_buf_append(out, &l, 1);
        } else if (c != '\'') {
            dash = 1;
        }
    }
}

/* Every entity a name may mean, the exact slug first. NOCASE folds ASCII
 * only: names are compared as typed otherwise. */
static const char NAMED_SQL[] =
    "SELECT id, slug, kind, slug <> ?1 AS inexact FROM entities "
    "WHERE id IN (" KB_NAMED_IDS ") AND (?3 IS NULL OR kind = ?3) ORDER BY inexact, slug";

enum { MAX_NAMED = 5 };

kb_code kb_entity_named(kb_db *db, const char *name, kb_kind kind, long long *id, kb_error *err)
{
    *id = 0;
    kb_buf slug = KB_BUF_INIT;
    kb_slugify(&slug, name, 200);
    sqlite3_stmt *st;
    if (kb_db_prepare(db, NAMED_SQL, &st, err)) {
        kb_buf_free(&slug);
        return KB_ERR_DB;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, slug.data ? slug.data : "", -1, SQLITE_STATIC);
    if (kind != KB_KIND_ENTITY && kb_kind_is_entity(kind))
        sqlite3_bind_text(st, 3, kb_kind_name(kind), -1, SQLITE_STATIC);
    kb_buf all = KB_BUF_INIT;
    long long first = 0, last = 0;
    int n = 0, step;
    while ((step = kb_db_step(db, st, err)) == SQLITE_ROW) {
        long long e = sqlite3_column_int64(st, 0);
        if (sqlite3_column_int(st, 3) == 0) { /* the slug itself: no doubt */
            first = e;
            n = 1;
            break;
        }
        if (e == last)
            continue;
        last = e;
        if (!n)
            first = e;
        if (n < MAX_NAMED)
            kb_buf_printf(&all, "%s'%s' (%s)", n ? ", " : "", sqlite3_column_text(st, 1),
                          sqlite3_column_text(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    kb_buf_free(&slug);
    kb_code rc = KB_OK;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = KB_ERR_DB;
    else if (n > 1)
        rc = kb_error_set_value(err, KB_ERR_USAGE, name, "'%s' names %d entities: %s%s; give a slug",
                                name, n, all.data, n > MAX_NAMED ? ", …" : "");
    else
        *id = first;
    kb_buf_free(&all);
    return rc;
}

kb_code kb_entity_find(kb_db *db, const char *name, long long *id, char **slug, kb_error *err)
{
    kb_code rc = kb_entity_named(db, name, KB_KIND_ENTITY, id, err);
    if (rc)
        return rc;
    if (!*id) {
        kb_buf hint = KB_BUF_INIT;
        int k = kb_suggest_slugs(db, KB_KIND_ENTITY, name, &hint);
        kb_error_set_value(err, KB_ERR_NOTFOUND, name, "no entity '%s'%s%s%s", name,
                           k ? " (did you mean " : "", k ? hint.data : "", k ? "?)" : "");
        kb_buf_free(&hint);
        return KB_ERR_NOTFOUND;
    }
    if (!slug)
        return KB_OK;
    sqlite3_stmt *st;
    if (kb_db_prepare(db, "SELECT slug FROM entities WHERE id = ?1", &st, err))
        return KB_ERR_DB;
    sqlite3_bind_int64(st, 1, *id);
    int step = kb_db_step(db, st, err);
    *slug = step == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(st, 0)) : NULL;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW)
        return step == SQLITE_DONE ? kb_error_set(err, KB_ERR_DB, "entity %lld vanished", *id)
                                   : KB_ERR_DB;
    return *slug ? KB_OK : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
}
