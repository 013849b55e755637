/* kb — HTML articles: the main text and the metadata of a news page. */
#ifndef KB_EXTRACT_H
#define KB_EXTRACT_H

#include <stddef.h>

#include "kb/error.h"
#include "kb/fileio.h"

/* How deep a page's tree is kept: an element nested deeper is left out and
 * its text kept in the element above it. A text node may be as long as the
 * page (KB_MAX_FILE_BYTES). */
enum { KB_HTML_MAX_DEPTH = 256 };

/* What kb keeps of a page. Every string is clean (kb/utf8.h: valid UTF-8,
 * no control characters but tab and newline) or NULL. */
typedef struct kb_article {
    char *title;         /* the headline: JSON-LD headline, og:title, or <title> less the site's suffix */
    char *byline;        /* the authors, "A, B and C" */
    char *published;     /* kb_date_normalize form ("2024-07-23T08:30:00Z", "2024-07-23") */
    char *published_raw; /* as the page wrote it */
    char *modified;      /* kb_date_normalize form, or NULL */
    char *url;           /* canonical: <link rel=canonical>, og:url, JSON-LD url, else the
                            url given; canonicalized with kb_url_canonical */
    char *site;          /* og:site_name, JSON-LD publisher name, or the host */
    char *lang;          /* <html lang>, og:locale, or content-language */
    char *description;   /* meta description, og:description */
    char *text;          /* the article body: paragraphs separated by one blank line */
    int partial;         /* the page shows only part of its article (a paywall or consent
                            stub): text is what it shows, never the whole article */
} kb_article;

/* Extracts the article from an HTML page of len bytes. url (may be NULL) is
 * where the page was read; relative links resolve against it.
 *
 * The page is turned into UTF-8 from the charset it is in (kb/charset.h: a
 * BOM, <meta charset> or http-equiv, else UTF-8; Latin-1 read as
 * windows-1252; bytes not valid in it become U+FFFD) and made clean, then
 * parsed by libxml2's HTML parser in recover mode, never touching the
 * network. Data that is binary rather than a page is refused with
 * KB_ERR_INPUT ("not an HTML page: binary data"), and so are pages larger
 * than KB_MAX_FILE_BYTES.
 *
 * On success *out is a new article (free with kb_article_free); its text may
 * be empty when the page has no article. */
kb_code kb_extract_html(const char *html, size_t len, const char *url, kb_article **out,
                        kb_error *err);


void kb_article_free(kb_article *a);

/* True when data looks like an HTML page (a doctype, <html>, <head>, <body>
 * or common block tags near the start), not a feed or a note. */
int kb_extract_is_html(const char *data, size_t len);

#endif
