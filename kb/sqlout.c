/* Result sets as people and programs read them: an aligned table, CSV, TSV,
 * JSON (through SQLite's json_object) or a Markdown table. */
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/sqlout.h"

/* The text of a value as printed: NULL as o->null, a blob as x'…' hex. */
static char *cell(sqlite3_stmt *st, int i, const kb_sql_options *o)
{
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL)
        return strdup(o->null);
    if (t == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        kb_buf b = KB_BUF_INIT;
        kb_buf_puts(&b, "x'");
        for (int k = 0; k < n; k++)
            kb_buf_printf(&b, "%02x", p[k]);
        kb_buf_puts(&b, "'");
        return kb_buf_take(&b);
    }
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

/* Display width: code points, not bytes. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

enum { MAX_CELL = 60 };

/* A cell for the terminal: one line, at most MAX_CELL characters. */
static void fit(kb_buf *b, const char *s)
{
    size_t w = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && ++w > MAX_CELL - 1 && width(p) > 1) {
            kb_buf_puts(b, "…");
            return;
        }
        kb_buf_append(b, (*p == '\n' || *p == '\r' || *p == '\t') ? " " : p, 1);
    }
}

static void csv(kb_buf *b, const char *s, char sep)
{
    if (sep == '\t') { /* TSV: tabs and line breaks cannot be quoted, so they become spaces */
        for (; *s; s++)
            kb_buf_append(b, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
        return;
    }
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        kb_buf_puts(b, "\"");
    for (; *s; s++)
        kb_buf_puts(b, *s == '"' ? "\"\"" : (char[]){*s, 0});
    if (quote)
        kb_buf_puts(b, "\"");
}

static void md(kb_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|' || *s == '\\')
            kb_buf_printf(b, "\\%c", *s);
        else if (*s == '\n' || *s == '\r')
            kb_buf_puts(b, "<br>");
        else
            kb_buf_append(b, s, 1);
    }
}

static kb_code step_error(kb_db *db, kb_error *err)
{
    int code = sqlite3_errcode(db->sql);
    if (code == SQLITE_INTERRUPT)
        return kb_error_set(err, KB_ERR_REFUSED, "interrupted");
    return kb_error_set(err, KB_ERR_DB, "%s", sqlite3_errmsg(db->sql));
}

static kb_code json_rows(kb_db *db, sqlite3_stmt *st, int n, kb_buf *b, kb_error *err)
{
    kb_buf sql = KB_BUF_INIT;
    kb_buf_puts(&sql, "SELECT json_object(");
    for (int i = 0; i < n; i++)
        kb_buf_printf(&sql, "%s?%d, ?%d", i ? ", " : "", 2 * i + 1, 2 * i + 2);
    kb_buf_puts(&sql, ")");
    sqlite3_stmt *j;
    kb_code rc = kb_db_prepare(db, sql.data, &j, err);
    kb_buf_free(&sql);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(j, 2 * i + 1, sqlite3_column_name(st, i), -1, SQLITE_TRANSIENT);
    kb_buf_puts(b, "[");
    int rows = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_reset(j);
        for (int i = 0; i < n; i++) {
            if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
                kb_sql_options hex = {.null = ""};
                char *x = cell(st, i, &hex);
                sqlite3_bind_text(j, 2 * i + 2, x, -1, SQLITE_TRANSIENT);
                free(x);
            } else {
                sqlite3_bind_value(j, 2 * i + 2, sqlite3_column_value(st, i));
            }
        }
        if (sqlite3_step(j) != SQLITE_ROW) {
            rc = kb_db_fail(db, err, "making JSON");
            break;
        }
        kb_buf_printf(b, "%s\n  %s", rows++ ? "," : "", (const char *)sqlite3_column_text(j, 0));
    }
    if (rc == KB_OK && s != SQLITE_DONE)
        rc = step_error(db, err);
    kb_buf_puts(b, rows ? "\n]\n" : "]\n");
    sqlite3_finalize(j);
    return rc;
}

kb_code kb_sqlout_rows(kb_db *db, sqlite3_stmt *st, const kb_sql_options *o, FILE *out,
                       int *first_set, kb_error *err)
{
    int n = sqlite3_column_count(st);
    if (n == 0) { /* a statement that returns nothing: run it */
        int s;
        while ((s = sqlite3_step(st)) == SQLITE_ROW)
            ;
        return s == SQLITE_DONE ? KB_OK : step_error(db, err);
    }
    kb_buf b = KB_BUF_INIT;
    if (!*first_set)
        kb_buf_puts(&b, "\n");
    *first_set = 0;
    kb_code rc = KB_OK;
    int s = SQLITE_DONE;
    if (o->format == KB_SQL_JSON) {
        rc = json_rows(db, st, n, &b, err);
    } else if (o->format == KB_SQL_TEXT) {
        /* the whole result, to size the columns */
        size_t rows = 0, cap = 0;
        char **cells = NULL;
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            if ((rows + 1) * (size_t)n > cap) {
                cap = cap ? cap * 2 : (size_t)n * 64;
                char **v = realloc(cells, cap * sizeof *v);
                if (!v)
                    break;
                cells = v;
            }
            for (int i = 0; i < n; i++) {
                char *c = cell(st, i, o);
                kb_buf f = KB_BUF_INIT;
                fit(&f, c ? c : "");
                free(c);
                cells[rows * (size_t)n + (size_t)i] = kb_buf_take(&f);
            }
            rows++;
        }
        size_t *w = calloc((size_t)n, sizeof *w);
        for (int i = 0; w && i < n; i++) {
            w[i] = o->header ? width(sqlite3_column_name(st, i)) : 0;
            for (size_t r = 0; r < rows; r++) {
                size_t cw = width(cells[r * (size_t)n + (size_t)i]);
                w[i] = cw > w[i] ? cw : w[i];
            }
        }
        for (long r = o->header ? -1 : 0; w && r < (long)rows; r++) {
            for (int i = 0; i < n; i++) {
                const char *c = r < 0 ? sqlite3_column_name(st, i) : cells[(size_t)r * (size_t)n + (size_t)i];
                kb_buf_puts(&b, c);
                if (i < n - 1)
                    for (size_t k = width(c); k < w[i] + 2; k++)
                        kb_buf_puts(&b, " ");
            }
            kb_buf_puts(&b, "\n");
            if (r < 0) {
                for (int i = 0; i < n; i++) {
                    for (size_t k = 0; k < w[i]; k++)
                        kb_buf_puts(&b, "-");
                    kb_buf_puts(&b, i < n - 1 ? "  " : "\n");
                }
            }
        }
        for (size_t k = 0; k < rows * (size_t)n; k++)
            free(cells[k]);
        free(cells);
        free(w);
    } else {
        char sep = o->format == KB_SQL_TSV ? '\t' : ',';
        if (o->format == KB_SQL_MD || o->header) {
            for (int i = 0; i < n; i++) {
                if (o->format == KB_SQL_MD) {
                    kb_buf_puts(&b, "| ");
                    md(&b, sqlite3_column_name(st, i));
                    kb_buf_puts(&b, " ");
                } else {
                    if (i)
                        kb_buf_append(&b, &sep, 1);
                    csv(&b, sqlite3_column_name(st, i), sep);
                }
            }
            if (o->format == KB_SQL_MD) {
                kb_buf_puts(&b, "|\n");
                for (int i = 0; i < n; i++)
                    kb_buf_puts(&b, "|---");
                kb_buf_puts(&b, "|\n");
            } else {
                kb_buf_puts(&b, sep == ',' ? "\r\n" : "\n");
            }
        }
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            for (int i = 0; i < n; i++) {
                char *c = cell(st, i, o);
                if (o->format == KB_SQL_MD) {
                    kb_buf_puts(&b, "| ");
                    md(&b, c);
                    kb_buf_puts(&b, " ");
                } else {
                    if (i)
                        kb_buf_append(&b, &sep, 1);
                    csv(&b, c, sep);
                }
                free(c);
            }
            kb_buf_puts(&b, o->format == KB_SQL_MD ? "|\n" : sep == ',' ? "\r\n" : "\n");
            /* stream long results */
            if (b.len > 65536) {
                fwrite(b.data, 1, b.len, out);
                kb_buf_reset(&b);
            }
        }
    }
    if (rc == KB_OK && o->format != KB_SQL_JSON && s != SQLITE_DONE)
        rc = step_error(db, err);
    /* a table cut short by an error would mislead: only what streamed stays */
    if (b.len && !(rc && o->format == KB_SQL_TEXT))
        fwrite(b.data, 1, b.len, out);
    kb_buf_free(&b);
    return rc;
}
