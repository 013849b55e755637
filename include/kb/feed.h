/* kb — feeds: RSS 0.9x, 1.0 (RDF), 2.0 and Atom 0.3, 1.0, item by item. */
#ifndef KB_FEED_H
#define KB_FEED_H

#include <stddef.h>

#include "kb/error.h"

typedef struct kb_feed_item {
    char *title;         /* text, entities decoded, markup removed */
    char *link;          /* absolute (resolved against xml:base / the feed's URL), or NULL;
                            links with unsafe schemes (javascript:, data:) are dropped */
    char *id;            /* guid / atom:id, or NULL */
    char *published;     /* kb_date_normalize form, or NULL when absent or not understood */
    char *published_raw; /* as the feed wrote it, or NULL */
    char *updated;       /* kb_date_normalize form, or NULL */
    char *updated_raw;
    char *authors;       /* "A, B", or NULL */
    char *summary;       /* description / atom:summary reduced to text, or NULL */
    char *text;          /* content:encoded / atom:content (else the summary) reduced to
                            text: paragraphs separated by a blank line; links kept as text */
    char *lang;          /* xml:lang / dc:language in force, or NULL */
    char *tags;          /* the item's categories, one per line, each once, or NULL */
} kb_feed_item;

typedef struct kb_feed {
    char *format;  /* "rss2.0", "rss1.0", "rss0.91", "atom1.0", "atom0.3", … */
    char *title;
    char *link;
    char *lang;
    kb_feed_item *items;
    size_t nitems;
} kb_feed;

/* Parses a feed of len bytes read from url (may be NULL; the base for
 * relative links where the feed gives none). No network, no DTD, entities
 * never expanded beyond a bound (HTML named entities such as &eacute; are
 * understood). The document is read in its charset (kb/charset.h: a BOM or
 * the zero bytes of UTF-16/32, else its <?xml encoding?>, else UTF-8), and
 * every string of the feed is clean (kb/utf8.h). On success *out is a new
 * feed (free with kb_feed_free). A
 * document that is not a feed, or not well-formed beyond what recovery can
 * save, is KB_ERR_INPUT with a one-line reason in err. */
kb_code kb_feed_parse(const char *data, size_t len, const char *url, kb_feed **out,
                      kb_error *err);

void kb_feed_free(kb_feed *f);

/* True when data looks like a feed: an <rss>, <rdf:RDF>, <feed> or (CDF)
 * <CHANNEL> root, after a BOM, an XML declaration, comments and a doctype. */
int kb_feed_sniff(const char *data, size_t len);

#endif
