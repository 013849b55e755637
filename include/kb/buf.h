/* kb — a growable byte buffer, always NUL-terminated. */
#ifndef KB_BUF_H
#define KB_BUF_H

#include <stddef.h>

typedef struct kb_buf {
    char *data; /* NUL-terminated; NULL until something is appended */
    size_t len;
    size_t cap;
} kb_buf;

#define KB_BUF_INIT {NULL, 0, 0}

/* Appends; returns 0, or -1 when out of memory (the buffer is left as it was). */
int kb_buf_append(kb_buf *b, const char *s, size_t n);
int kb_buf_puts(kb_buf *b, const char *s);
int kb_buf_printf(kb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the contents to the caller (who frees them) and resets the buffer.
 * Returns an empty string rather than NULL for an empty buffer. */
char *kb_buf_take(kb_buf *b);

/* Appends n bytes as x'…' in lower-case hex: how kb shows a blob wherever it
 * writes one as text. Returns 0, or -1 when out of memory. */
int kb_buf_blob(kb_buf *b, const unsigned char *p, size_t n);

void kb_buf_reset(kb_buf *b);
void kb_buf_free(kb_buf *b);

/* A list of strings the list owns. */
typedef struct kb_strlist {
    char **items;
    size_t len, cap;
} kb_strlist;

/* Appends a formatted string (dropped when out of memory). */
void kb_strlist_add(kb_strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees the strings and empties the list. */
void kb_strlist_free(kb_strlist *l);

#endif
