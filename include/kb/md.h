/* kb — writing GitHub-flavoured Markdown: text that stays text, table rows,
 * headings and links. Every Markdown kb writes goes through these. */
#ifndef KB_MD_H
#define KB_MD_H

#include "kb/buf.h"

/* Appends s to b as inline Markdown that cmark-gfm parses back as exactly s,
 * as text: the characters Markdown gives a meaning to (\ ` * _ [ ] < > | # !
 * ~ &) are backslash-escaped, so no emphasis, link, image, code span, raw
 * HTML, entity or table cell comes of them; what would open a block at the
 * start of a line (a heading's #, a list's - + or 1., a quote's >, a setext
 * or thematic line) is escaped too. Line breaks, tabs and other control
 * characters, C1 ones too, are written as numeric character references
 * (&#10;, &#27;, &#155;), so none reaches a terminal raw, and so is a
 * leading or trailing space, which Markdown would otherwise trim, and a
 * leading or trailing Unicode space (no-break, em, ideographic…), which
 * would keep the ** or * written around the text from making it bold or
 * italic. Nothing
 * is appended when s is NULL. Out of memory leaves b short; the buffer stays
 * valid. */
void kb_md_text(kb_buf *b, const char *s);

/* The same for text with marked words (a search snippet): each open or
 * close character in s becomes **, so the marked words come out bold and
 * the rest as text. */
void kb_md_marked(kb_buf *b, const char *s, char open, char close);

/* Appends one GFM table row, "| a | b |\n", each cell written by kb_md_text
 * (a NULL cell is empty). */
void kb_md_row(kb_buf *b, const char *const *cells, int n);

/* Appends a table's header row and its delimiter row, "|---|---|\n". */
void kb_md_table_head(kb_buf *b, const char *const *names, int n);

/* Appends an ATX heading of that level (1 to 6), "## text\n", the text
 * written by kb_md_text. */
void kb_md_heading(kb_buf *b, int level, const char *text);

/* 1 when url is an http or https URL, the only kind kb writes as a link. */
int kb_md_web_url(const char *url);

/* Appends url as an autolink, "<https://…>", when it is an http or https URL
 * (spaces, < > and control characters percent-encoded, and an & that would
 * start a character reference, "&amp;" in the URL itself, written &amp; so
 * that it comes back as written), and returns 1;
 * returns 0 and appends nothing for any other URL (javascript:, data:, a
 * relative one) or NULL, so that a link from the base can only lead to the
 * web. */
int kb_md_autolink(kb_buf *b, const char *url);

/* Appends "[text](<url>)" when url is http(s), else text alone, as
 * kb_md_text writes it. */
void kb_md_link(kb_buf *b, const char *text, const char *url);

#endif
