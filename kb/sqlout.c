/* Result sets as people and programs read them: an aligned table, CSV, TSV,
 * JSON or a Markdown table, each written by the one writer of its format. */
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"
#include "kb/csv.h"
#include "kb/json.h"
#include "kb/md.h"
#include "kb/sqlout.h"
#include "kb/utf8.h"

/* The text of a value as printed: NULL as o->null, a blob as x'…' hex. */
static char *cell(sqlite3_stmt *st, int i, const kb_sql_options *o)
{
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL)
        return strdup(o->null);
    if (t == SQLITE_BLOB) {
        kb_buf b = KB_BUF_INIT;
        const unsigned char *p = sqlite3_column_blob(st, i);
        kb_buf_blob(&b, p, (size_t)sqlite3_column_bytes(st, i));
        return kb_buf_take(&b);
    }
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (o->terminal && (o->format == KB_SQL_CSV || o->format == KB_SQL_TSV))
        return kb_text_escaped(s ? s : "");
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

/* A cell for the terminal: one line, at most MAX_CELL characters, its
 * control characters escaped (ESC as \x1b) before it is measured. */
static void fit(kb_buf *b, const char *s)
{
    size_t w = 0;
    kb_buf shown = KB_BUF_INIT;
    kb_text_escape(&shown, s, strlen(s));
    for (const char *p = shown.data ? shown.data : ""; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && ++w > MAX_CELL - 1 && width(p) > 1) {
            kb_buf_puts(b, "…");
            break;
        }
        kb_buf_append(b, (*p == '\n' || *p == '\t') ? " " : p, 1);
    }
    kb_buf_free(&shown);
}

/* A cell or a column name, fitted: the caller frees it. */
static char *fitted(const char *s)
{
    kb_buf f = KB_BUF_INIT;
    fit(&f, s ? s : "");
    return kb_buf_take(&f);
}

/* One field in the format asked for. */
static void field(kb_buf *b, const char *s, kb_sql_format f)
{
    if (f == KB_SQL_MD)
        kb_md_text(b, s);
    else if (f == KB_SQL_TSV)
        kb_tsv_field(b, s);
    else
        kb_csv_field(b, s);
}

/* A column name in the format asked for, escaped as a value would be. */
static void name_field(kb_buf *b, const char *name, const kb_sql_options *o)
{
    char *shown = o->terminal && o->format != KB_SQL_MD ? kb_text_escaped(name) : NULL;
    field(b, shown ? shown : name, o->format);
    free(shown);
}

static void row_start(kb_buf *b, kb_sql_format f)
{
    if (f == KB_SQL_MD)
        kb_buf_puts(b, "|");
}

static void field_sep(kb_buf *b, kb_sql_format f, int i)
{
    if (f == KB_SQL_MD)
        kb_buf_puts(b, " ");
    else if (i)
        kb_buf_puts(b, f == KB_SQL_TSV ? "\t" : ",");
}

static void field_end(kb_buf *b, kb_sql_format f)
{
    if (f == KB_SQL_MD)
        kb_buf_puts(b, " |");
}

static void row_end(kb_buf *b, kb_sql_format f)
{
    kb_buf_puts(b, f == KB_SQL_CSV ? "\r\n" : "\n");
}

static kb_code step_error(kb_db *db, kb_error *err)
{
    int code = sqlite3_errcode(db->sql);
    if (code == SQLITE_INTERRUPT)
        return kb_error_set(err, KB_ERR_REFUSED, "interrupted");
    return kb_error_set(err, KB_ERR_DB, "%s", sqlite3_errmsg(db->sql));
}

static kb_code json_rows(kb_db *db, sqlite3_stmt *st, int n, kb_buf *b, FILE *out,
                         kb_error *err)
{
    kb_json w;
    kb_json_init(&w, b, 2);
    kb_json_begin_array(&w);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        kb_json_begin_object(&w);
        for (int i = 0; i < n; i++) {
            kb_json_key(&w, sqlite3_column_name(st, i));
            kb_json_column(&w, st, i);
        }
        kb_json_end_object(&w);
        /* stream long results */
        if (b->len > 65536) {
            fwrite(b->data, 1, b->len, out);
            kb_buf_reset(b);
        }
    }
    kb_json_end_array(&w);
    kb_buf_puts(b, "\n");
    if (s != SQLITE_DONE)
        return step_error(db, err);
    return kb_json_status(&w) ? kb_error_set(err, KB_ERR_NOMEM, "out of memory making JSON")
                              : KB_OK;
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
        rc = json_rows(db, st, n, &b, out, err);
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
                cells[rows * (size_t)n + (size_t)i] = fitted(c);
                free(c);
            }
            rows++;
        }
        char **names = calloc((size_t)n, sizeof *names);
        for (int i = 0; names && i < n; i++)
            names[i] = fitted(sqlite3_column_name(st, i));
        size_t *w = names ? calloc((size_t)n, sizeof *w) : NULL;
        for (int i = 0; w && i < n; i++) {
            w[i] = o->header ? width(names[i]) : 0;
            for (size_t r = 0; r < rows; r++) {
                size_t cw = width(cells[r * (size_t)n + (size_t)i]);
                w[i] = cw > w[i] ? cw : w[i];
            }
        }
        for (long r = o->header ? -1 : 0; w && r < (long)rows; r++) {
            for (int i = 0; i < n; i++) {
                const char *c = r < 0 ? names[i] : cells[(size_t)r * (size_t)n + (size_t)i];
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
        for (int i = 0; names && i < n; i++)
            free(names[i]);
        free(names);
        free(w);
    } else {
        kb_sql_format f = o->format;
        if (f == KB_SQL_MD || o->header) {
            row_start(&b, f);
            for (int i = 0; i < n; i++) {
                field_sep(&b, f, i);
                name_field(&b, sqlite3_column_name(st, i), o);
                field_end(&b, f);
            }
            row_end(&b, f);
            if (f == KB_SQL_MD) {
                kb_buf_puts(&b, "|");
                for (int i = 0; i < n; i++)
                    kb_buf_puts(&b, "---|");
                kb_buf_puts(&b, "\n");
            }
        }
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            row_start(&b, f);
            for (int i = 0; i < n; i++) {
                char *c = cell(st, i, o);
                field_sep(&b, f, i);
                field(&b, c, f);
                field_end(&b, f);
                free(c);
            }
            row_end(&b, f);
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
