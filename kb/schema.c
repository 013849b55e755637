/* The schema explained, from a fresh in-memory base and schema/doc.tsv. */
#include "kb/schema.h"

#include <stdlib.h>
#include <string.h>

#include "kb/db.h"
#include "kb/json.h"

typedef struct doc_line {
    char *table, *column, *text;
} doc_line;

static size_t parse_doc(doc_line **out)
{
    const kb_embedded_file *f = kb_embedded("doc.tsv");
    *out = NULL;
    if (!f)
        return 0;
    char *all = strdup((const char *)f->data), *save = NULL;
    size_t n = 0, cap = 0;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            doc_line *v = realloc(*out, cap * sizeof *v);
            if (!v)
                break;
            *out = v;
        }
        (*out)[n].table = strndup(line, (size_t)(t1 - line));
        (*out)[n].column = strndup(t1 + 1, (size_t)(t2 - t1 - 1));
        (*out)[n].text = strdup(t2 + 1);
        n++;
    }
    free(all);
    return n;
}

static const char *lookup(doc_line *d, size_t n, const char *table, const char *column)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(d[i].table, table) && !strcmp(d[i].column, column))
            return d[i].text;
    return NULL;
}

kb_code kb_schema_describe(kb_buf *out, int json, kb_strlist *undocumented, kb_error *err)
{
    kb_db *db;
    kb_code rc = kb_db_open(":memory:", KB_OPEN_CREATE, &db, err);
    if (rc)
        return rc;
    doc_line *doc;
    size_t ndoc = parse_doc(&doc);
    sqlite3_stmt *objs = NULL, *cols = NULL;
    rc = kb_db_prepare(db,
                       "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite_%' AND name NOT GLOB '*_fts_*' "
                       "ORDER BY type = 'view', rowid", &objs, err);
    if (!rc)
        rc = kb_db_prepare(db, "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid", &cols, err);
    kb_json w;
    kb_json_init(&w, out, 1);
    if (json)
        kb_json_begin_array(&w);
    int first = 1, step = SQLITE_DONE;
    while (!rc && (step = kb_db_step(db, objs, err)) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(objs, 0);
        const char *name = (const char *)sqlite3_column_text(objs, 1);
        const char *what = lookup(doc, ndoc, name, "");
        if (!what && undocumented)
            kb_strlist_add(undocumented, "%s", name);
        if (json) {
            kb_json_begin_object(&w);
            kb_json_key_str(&w, "name", name);
            kb_json_key_str(&w, "type", type);
            kb_json_key_str(&w, "description", what);
            kb_json_key(&w, "columns");
            kb_json_begin_array(&w);
        } else {
            kb_buf_printf(out, "%s%s %s\n  %s\n", first ? "" : "\n", type, name, what ? what : "");
        }
        first = 0;
        sqlite3_reset(cols);
        sqlite3_bind_text(cols, 1, name, -1, SQLITE_TRANSIENT);
        /* an FTS index's columns are its table's: they are not listed again */
        int fts = strstr(name, "_fts") != NULL;
        while (!fts && (step = kb_db_step(db, cols, err)) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(cols, 0);
            const char *ctype = (const char *)sqlite3_column_text(cols, 1);
            const char *cdoc = lookup(doc, ndoc, name, col);
            if (!cdoc && undocumented)
                kb_strlist_add(undocumented, "%s.%s", name, col);
            if (json) {
                kb_json_begin_object(&w);
                kb_json_key_str(&w, "name", col);
                kb_json_key_str(&w, "type", ctype && *ctype ? ctype : NULL);
                kb_json_key_str(&w, "description", cdoc);
                kb_json_end_object(&w);
            } else {
                kb_buf_printf(out, "    %-18s %-8s %s\n", col, ctype ? ctype : "", cdoc ? cdoc : "");
            }
        }
        if (!fts && step != SQLITE_DONE) {
            rc = KB_ERR_DB;
            break;
        }
        step = SQLITE_DONE;
        if (json) {
            kb_json_end_array(&w);
            kb_json_end_object(&w);
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = KB_ERR_DB;
    if (json) {
        kb_json_end_array(&w);
        kb_buf_puts(out, "\n");
        if (!rc && kb_json_status(&w))
            rc = kb_error_set(err, KB_ERR_NOMEM, "out of memory making JSON");
    }
    sqlite3_finalize(objs);
    sqlite3_finalize(cols);
    for (size_t i = 0; i < ndoc; i++) {
        free(doc[i].table);
        free(doc[i].column);
        free(doc[i].text);
    }
    free(doc);
    kb_db_close(db);
    return rc;
}
