/* kb — writing JSON text (RFC 8259): strings, and a small writer that puts
 * the commas and brackets where they go. */
#ifndef KB_JSON_H
#define KB_JSON_H

#include <sqlite3.h>

#include "kb/buf.h"

/* Appends s as a JSON string (quoted and escaped), or null when s is NULL.
 * Every control character, C0, DEL and C1, is written as \u00XX, so that the
 * JSON keeps the text whole and carries no escape sequence to a terminal.
 * A string that is not well-formed UTF-8 is written as kb_text_clean makes
 * it (each bad byte U+FFFD), so that the text stays JSON. Returns 0, or -1
 * when out of memory. */
int kb_json_string(kb_buf *b, const char *s);

enum { KB_JSON_MAX_DEPTH = 64 };

/* A writer appending to a buffer it does not own. Values go in order; the
 * writer puts the commas between them and checks that keys come only in
 * objects. Set it up with kb_json_init; it holds no memory of its own. */
typedef struct kb_json {
    kb_buf *out;
    int depth;
    int indent;       /* spaces before each element of the outermost container */
    int after_key;    /* a key was written and waits for its value */
    int failed;       /* out of memory, or a misuse: the text is not JSON */
    unsigned char count[KB_JSON_MAX_DEPTH]; /* values so far at each depth (capped) */
} kb_json;

/* Starts a writer on out. indent 0 writes compact JSON; indent n > 0 puts
 * each element of the outermost array or object on a line of its own, n
 * spaces in, and its closing bracket on a line after them. */
void kb_json_init(kb_json *w, kb_buf *out, int indent);

/* Containers. Ends must match begins. */
void kb_json_begin_object(kb_json *w);
void kb_json_end_object(kb_json *w);
void kb_json_begin_array(kb_json *w);
void kb_json_end_array(kb_json *w);

/* The key of the next value; only inside an object. */
void kb_json_key(kb_json *w, const char *key);

/* Values. A NULL string is null; a real that is not finite is null too, since
 * JSON has no word for it. */
void kb_json_str(kb_json *w, const char *s);
void kb_json_int(kb_json *w, long long v);
void kb_json_real(kb_json *w, double v);
void kb_json_bool(kb_json *w, int v);
void kb_json_null(kb_json *w);

/* A value the caller already has as JSON text (a number it formatted, or what
 * SQLite's json functions made), copied as it is. */
void kb_json_raw(kb_json *w, const char *json);

/* Column i of a row as a JSON value: NULL as null, an integer or a real as a
 * number (a real as SQLite writes it, 1.0, and null when not finite), text as
 * a string, a blob as the string x'…' of its bytes in hex. */
void kb_json_column(kb_json *w, sqlite3_stmt *st, int i);

/* Key and value in one call, for objects of plain fields. */
void kb_json_key_str(kb_json *w, const char *key, const char *s);
void kb_json_key_int(kb_json *w, const char *key, long long v);

/* 0 when the buffer holds whole JSON text: every container closed, no key
 * left waiting, nothing lost to memory; -1 otherwise, or after a misuse (a
 * key outside an object, an end with no begin, nesting too deep). */
int kb_json_status(const kb_json *w);

#endif
