/* kb — HTML fragments (a feed item's content, a note's inline HTML) as text. */
#ifndef KB_HTML_H
#define KB_HTML_H

#include <stddef.h>

/* The text of an HTML fragment: tags removed (script, style and their content
 * dropped), entities decoded, block elements (p, div, li, h1-h6, br, tr, …)
 * separated by a blank line, runs of spaces collapsed, ends trimmed. Always
 * valid UTF-8. Returns a string the caller frees ("" when there is no text),
 * or NULL when out of memory. */
char *kb_html_fragment_text(const char *html, size_t len);

#endif
