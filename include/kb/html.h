/* kb — HTML: what each element is (one table, for fragments and for whole
 * pages alike), and HTML fragments (a feed item's content, a note's inline
 * HTML) as text. */
#ifndef KB_HTML_H
#define KB_HTML_H

#include <stddef.h>

/* What an element is, as far as its text goes. A known element has exactly
 * one of BLOCK, CELL or INLINE, or none (the head's metadata: meta, link,
 * script, style, template); DROP and VOID add to it. */
enum {
    KB_HTML_BLOCK = 1 << 0,  /* its text is a paragraph of its own: p, div, li, h1-h6,
                                details, summary, br, … */
    KB_HTML_CELL = 1 << 1,   /* a table cell: kept apart from its neighbours by a space */
    KB_HTML_INLINE = 1 << 2, /* part of a sentence: span, a, em, img, … */
    KB_HTML_DROP = 1 << 3,   /* its content is never text a reader sees: script, style,
                                template, media, forms' controls, frames */
    KB_HTML_VOID = 1 << 4,   /* has no content and no end tag: br, img, hr, embed, input, … */
    KB_HTML_PAGE_DROP = 1 << 5, /* left out of a page's article (an SVG icon, a formula the
                                   text cannot show), but its text is kept in a fragment, where
                                   it is the whole of what a feed says (<math>a+b</math>) */
};

/* The part an element plays for an article finder (kb_extract_html): the
 * page's landmarks and the elements metadata is read from. */
typedef enum kb_html_role {
    KB_HTML_R_OTHER,
    KB_HTML_R_A,
    KB_HTML_R_ARTICLE,
    KB_HTML_R_ASIDE,
    KB_HTML_R_BODY,
    KB_HTML_R_FIGCAPTION,
    KB_HTML_R_FOOTER,
    KB_HTML_R_H1,
    KB_HTML_R_HEADING, /* h2-h6 */
    KB_HTML_R_HEAD,
    KB_HTML_R_HEADER,
    KB_HTML_R_HTML,
    KB_HTML_R_LINK,
    KB_HTML_R_MAIN,
    KB_HTML_R_META,
    KB_HTML_R_NAV, /* nav, menu */
    KB_HTML_R_SCRIPT,
    KB_HTML_R_TIME,
    KB_HTML_R_TITLE,
} kb_html_role;

typedef struct kb_html_element {
    const char *name;    /* lower case */
    unsigned char props; /* KB_HTML_BLOCK, … */
    unsigned char role;  /* a kb_html_role */
} kb_html_element;

/* The element HTML calls name (n bytes, any case; a namespace prefix such
 * as the "xhtml:" of a feed's inline XHTML is ignored), or NULL when HTML
 * does not know it: such an element (a custom one, <hl-trusted-source>) is
 * shown inline, as browsers do, and plays no role. Points into a static
 * table. */
const kb_html_element *kb_html_element_named(const char *name, size_t n);

/* Takes s (from malloc) and returns it with each C1 control (U+0080-U+009F)
 * read as the windows-1252 character it stands for, as HTML reads a
 * character reference (&#146; is a right single quotation mark): in text
 * out of a parsed page, that is where they come from. Returns s itself when
 * it has none, NULL when out of memory (s is then freed). */
char *kb_html_c1_take(char *s);

/* The text of an HTML fragment: tags removed (script, style and their content
 * dropped), entities decoded, block elements (p, div, li, h1-h6, br, tr, …)
 * separated by a blank line, runs of spaces collapsed, ends trimmed. Always
 * clean (utf8.h). Returns a string the caller frees ("" when there is no
 * text), or NULL when out of memory. */
char *kb_html_fragment_text(const char *html, size_t len);

#endif
