/* kb — errors as values.
 *
 * Library functions return a kb_code and, on failure, fill a kb_error the
 * caller provides. Only the command-line front end prints. Batch operations
 * (load, check) also collect diagnostics, one per problem found, in kb_diags.
 */
#ifndef KB_ERROR_H
#define KB_ERROR_H

#include <stddef.h>

typedef enum kb_code {
    KB_OK = 0,
    KB_ERR_USAGE,    /* the caller asked for something impossible */
    KB_ERR_INPUT,    /* input refused as a whole (a data file, a query) */
    KB_ERR_NOTFOUND, /* no such slug, file or base */
    KB_ERR_REFUSED,  /* refused to act: e.g. others still refer to it */
    KB_ERR_VERSION,  /* the base was made by a newer kb, or is older and only read */
    KB_ERR_DB,       /* SQLite failed */
    KB_ERR_IO,       /* reading or writing a file failed */
    KB_ERR_NOMEM
} kb_code;

/* The message is for people and names what is at fault; file, line and value
 * say the same for programs, where the library knows them. */
typedef struct kb_error {
    kb_code code;
    char message[1024];
    char file[512];  /* the file at fault, or "" */
    long line;       /* its line (from 1), or 0 */
    char value[256]; /* the value refused (a slug, a name), or "" */
} kb_error;

/* Sets err (when not NULL) to code and the formatted message, with no file,
 * line or value; returns code. The arguments may come from err itself
 * ("…: %s", err->message). */
kb_code kb_error_set(kb_error *err, kb_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As kb_error_set, for a fault in a file: the message is "file:line: " (or
 * "file: " when line is 0) before the formatted text, and err->file and
 * err->line are set. Returns code. */
kb_code kb_error_set_at(kb_error *err, kb_code code, const char *file, long line,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* As kb_error_set, for a value refused (an unknown slug): the message is the
 * formatted text, which names the value itself, and err->value is set.
 * Returns code. */
kb_code kb_error_set_value(kb_error *err, kb_code code, const char *value, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));

/* Records where a fault set already lies (file may be NULL), leaving its code
 * and message as they are. */
void kb_error_locate(kb_error *err, const char *file, long line);

/* Clears err to KB_OK with an empty message, no file, line or value. */
void kb_error_clear(kb_error *err);

typedef enum kb_severity { KB_SEV_ERROR, KB_SEV_WARNING } kb_severity;

typedef struct kb_diag {
    kb_severity severity;
    char *file;    /* NULL when the problem is not in a file */
    long line;     /* 0 when unknown */
    char *subject; /* what the problem is about ("claim meta-cloud"), or NULL */
    char *message;
} kb_diag;

typedef struct kb_diags {
    kb_diag *items;
    size_t len, cap;
    size_t errors, warnings;
} kb_diags;

/* A new, empty list; free it with kb_diags_free. NULL when out of memory. */
kb_diags *kb_diags_new(void);
void kb_diags_free(kb_diags *d);

/* Appends one diagnostic; file and subject may be NULL; the strings are copied. */
void kb_diags_add(kb_diags *d, kb_severity sev, const char *file, long line,
                  const char *subject, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Sorts by file, line, then insertion order, so reports read top to bottom. */
void kb_diags_sort(kb_diags *d);

#endif
