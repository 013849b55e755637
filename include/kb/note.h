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

/* How many empty cells a note's tables may be filled out with. cmark-gfm
 * fills every short row out to the header's width, so a table of n columns
 * and n one-cell rows is n² cells (a 12 KB note, 1 GB); past this bound a
 * note is read with its tables as text, pipes and all. */
#define KB_NOTE_MAX_FILLED_CELLS 100000

/* Reads a Markdown note (GFM: tables, autolinks, strikethrough; tables as text
 * past KB_NOTE_MAX_FILLED_CELLS). Inline HTML is reduced to its text; the
 * title and text are clean (utf8.h). Time is linear in len. Free *out with
 * kb_note_free. */
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
