/* kb — notes an analyst writes: Markdown (through cmark-gfm) or plain text. */
#ifndef KB_NOTE_H
#define KB_NOTE_H

#include <stddef.h>

#include "kb/error.h"

typedef struct kb_note {
    char *title;  /* the first heading, else the first line (cut at 120 bytes) */
    char *text;   /* the text for search: blocks separated by a blank line; a link's
                     URL follows its text in parentheses, so links are kept */
    char **links; /* the URLs the note links to, in order, each once */
    size_t nlinks;
} kb_note;

/* Reads a Markdown note (GFM: tables, autolinks, strikethrough). Inline HTML
 * is reduced to its text; the title and text are clean (utf8.h). Free *out
 * with kb_note_free. */
kb_code kb_note_markdown(const char *md, size_t len, kb_note **out, kb_error *err);

/* Reads a plain-text note: the text as is, made clean (utf8.h: line ends
 * made \n, other controls spaces), ends trimmed. */
kb_code kb_note_plain(const char *txt, size_t len, kb_note **out, kb_error *err);

void kb_note_free(kb_note *n);

/* Registers cmark-gfm's extensions; call it once before reading notes from
 * several threads (the first call is not thread-safe). */
void kb_note_prepare(void);

/* True when text looks like Markdown: a heading, a list, a link, emphasis or
 * a fenced block in its first lines. */
int kb_note_looks_markdown(const char *data, size_t len);

#endif
