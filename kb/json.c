/* JSON text: the escaping RFC 8259 asks for, nothing more, and a writer
 * that keeps the commas right so that no command assembles JSON by hand. */
#include "kb/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/utf8.h"

int kb_json_string(kb_buf *b, const char *s)
{
    if (!s)
        return kb_buf_puts(b, "null");
    /* JSON text is UTF-8: a string cut inside a character, or bytes SQL made,
     * would make the whole document unreadable */
    char *repaired = NULL;
    if (!kb_utf8_valid(s, strlen(s))) {
        if (!(repaired = kb_text_clean(s, strlen(s), NULL)))
            return -1;
        s = repaired;
    }
    int rc = kb_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        switch (*p) {
        case '"': rc = kb_buf_puts(b, "\\\""); break;
        case '\\': rc = kb_buf_puts(b, "\\\\"); break;
        case '\n': rc = kb_buf_puts(b, "\\n"); break;
        case '\r': rc = kb_buf_puts(b, "\\r"); break;
        case '\t': rc = kb_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                rc = kb_buf_printf(b, "\\u%04x", *p);
            else if (*p == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)
                rc = kb_buf_printf(b, "\\u%04x", *++p); /* C1: CSI is U+009B */
            else
                rc = kb_buf_append(b, (const char *)p, 1);
        }
    }
    free(repaired);
    return rc ? rc : kb_buf_puts(b, "\"");
}

void kb_json_init(kb_json *w, kb_buf *out, int indent)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->indent = indent;
}

static void put(kb_json *w, const char *s)
{
    if (kb_buf_puts(w->out, s))
        w->failed = 1;
}

/* What goes before a value: a comma after a sibling, and in an indented
 * outermost container a line break. */
static void before_value(kb_json *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth - 1])
            put(w, ",");
        if (w->count[w->depth - 1] < 255)
            w->count[w->depth - 1]++;
        if (w->indent && w->depth == 1)
            kb_buf_printf(w->out, "\n%*s", w->indent, "");
    }
}

static void begin(kb_json *w, const char *open)
{
    before_value(w);
    if (w->depth == KB_JSON_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    put(w, open);
    w->count[w->depth++] = 0;
}

static void end(kb_json *w, const char *close)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = 1;
        return;
    }
    w->depth--;
    if (w->indent && w->depth == 0 && w->count[0])
        put(w, "\n");
    put(w, close);
}

void kb_json_begin_object(kb_json *w) { begin(w, "{"); }
void kb_json_end_object(kb_json *w) { end(w, "}"); }
void kb_json_begin_array(kb_json *w) { begin(w, "["); }
void kb_json_end_array(kb_json *w) { end(w, "]"); }

void kb_json_key(kb_json *w, const char *key)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = 1;
        return;
    }
    before_value(w);
    if (kb_json_string(w->out, key ? key : ""))
        w->failed = 1;
    put(w, ":");
    w->after_key = 1;
}

void kb_json_str(kb_json *w, const char *s)
{
    before_value(w);
    if (kb_json_string(w->out, s))
        w->failed = 1;
}

void kb_json_int(kb_json *w, long long v)
{
    before_value(w);
    if (kb_buf_printf(w->out, "%lld", v))
        w->failed = 1;
}

void kb_json_real(kb_json *w, double v)
{
    before_value(w);
    if (!isfinite(v))
        put(w, "null");
    else if (kb_buf_printf(w->out, "%.17g", v))
        w->failed = 1;
}

void kb_json_bool(kb_json *w, int v)
{
    before_value(w);
    put(w, v ? "true" : "false");
}

void kb_json_null(kb_json *w)
{
    before_value(w);
    put(w, "null");
}

void kb_json_raw(kb_json *w, const char *json)
{
    before_value(w);
    put(w, json ? json : "null");
}

void kb_json_column(kb_json *w, sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: kb_json_null(w); break;
    case SQLITE_INTEGER: kb_json_int(w, sqlite3_column_int64(st, i)); break;
    case SQLITE_FLOAT:
        /* SQLite's own text of a real (15 significant digits, 1.0 stays a
         * real), the form its json functions write */
        if (isfinite(sqlite3_column_double(st, i)))
            kb_json_raw(w, (const char *)sqlite3_column_text(st, i));
        else
            kb_json_null(w);
        break;
    case SQLITE_BLOB: {
        kb_buf hex = KB_BUF_INIT;
        const unsigned char *p = sqlite3_column_blob(st, i);
        kb_buf_blob(&hex, p, (size_t)sqlite3_column_bytes(st, i));
        kb_json_str(w, hex.data);
        kb_buf_free(&hex);
        break;
    }
    default: kb_json_str(w, (const char *)sqlite3_column_text(st, i));
    }
}

void kb_json_key_str(kb_json *w, const char *key, const char *s)
{
    kb_json_key(w, key);
    kb_json_str(w, s);
}

void kb_json_key_int(kb_json *w, const char *key, long long v)
{
    kb_json_key(w, key);
    kb_json_int(w, v);
}

int kb_json_status(const kb_json *w)
{
    return w->failed || w->depth || w->after_key ? -1 : 0;
}
