/* kb — what the files of the article finder share (extract.c, extract_page.c,
 * extract_score.c, extract_text.c, extract_meta.c, jsonld.c); not part of
 * the API, which is include/kb/extract.h.
 *
 * The page is parsed once by libxml2 and then looked at in a few linear
 * passes over a flat table of its elements (children always come after
 * their parent, so one backward loop sums a subtree). */
#ifndef KB_EXTRACT_INTERNAL_H
#define KB_EXTRACT_INTERNAL_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

#include "kb/extract.h"
#include "kb/html.h"

/* A paragraph that is mostly links is left out unless it has this many
 * characters besides for each link (a list of stories, each told in a
 * sentence). */
#define LINKLIST_WORDS 30

/* What the words of an element's class and id say about it. */
enum hint {
    H_NONE = 0,
    H_JUNK = 1,      /* boilerplate: navigation, sharing, comments, ads… */
    H_COMMENTS = 2,  /* readers' comments, removed even when they are long */
    H_CONTENT = 4,   /* words of an article's body ("article-body", "entry-content") */
    H_BODYWORD = 8,  /* "body", "content", "text": half of H_CONTENT */
    H_HIDDEN = 16,   /* hidden from readers */
    H_EMBED = 32,    /* an embedded post (a tweet): quoted by the article */
};

enum flag {
    F_HARD = 1 << 0,      /* never text: scripts, styles, hidden parts, with their subtree */
    F_SOFT = 1 << 1,      /* boilerplate by tag, role, class or id, unless it holds the article */
    F_COMMENTS = 1 << 2,  /* readers' comments: boilerplate however long */
    F_REMOVED = 1 << 3,   /* not article text, for this round of scoring */
    F_INLINK = 1 << 4,    /* inside an <a> */
    F_STRONG = 1 << 5,    /* marked as the article's body (itemprop=articleBody) */
    F_HOLDS = 1 << 6,     /* has an F_STRONG element in its subtree */
    F_LINKLIST = 1 << 7,  /* a paragraph that is mostly links: not text */
    F_MARK = 1 << 8,      /* <article>, <main>, or a class naming an article or post */
    F_HOLDS_MARK = 1 << 9, /* has an F_MARK element in its subtree */
    F_IN_MARK = 1 << 10,  /* has an F_MARK ancestor */
    F_SLOT = 1 << 11,     /* has a script or a frame for a child: an ad's or a widget's slot */
};

typedef struct el {
    xmlNodePtr node;
    int parent;          /* the parent element's index, -1 for a top element */
    int owner;           /* the block whose paragraph this element's text is part of */
    unsigned char tag;   /* a kb_html_role */
    unsigned char props; /* KB_HTML_BLOCK, … */
    unsigned char hints;
    unsigned short flags;
    unsigned self_text;  /* characters in its own text nodes (not in child elements) */
    unsigned own_text;   /* for a block: its paragraph's characters, inline children included */
    unsigned own_link;
    unsigned text;       /* the whole subtree's characters, removed parts left out */
    unsigned link;
    float good;          /* characters of real paragraphs in the subtree */
    float junk;          /* characters of links and scraps in the subtree */
    float raw_good;      /* good, before boilerplate by class or tag is removed */
    unsigned paras;      /* real paragraphs in the subtree */
    unsigned stray_link; /* link characters outside real paragraphs (headlines, buttons) */
    unsigned own_links;  /* for a block: the links in its paragraph */
    unsigned links;      /* the links in the subtree */
} el;

/* Phrasing elements: parts of a sentence, never a container of the article. */
static inline int is_phrasing(const el *e)
{
    return (e->props & KB_HTML_INLINE) != 0;
}

/* Elements that do not break a paragraph: phrasing ones, the head's
 * metadata, and those HTML does not know (custom elements,
 * <hl-trusted-source>), which browsers show inline too. */
static inline int is_inline(const el *e)
{
    return !(e->props & (KB_HTML_BLOCK | KB_HTML_CELL));
}

/* Metadata found in <meta> tags and itemprop attributes, first one wins. */
enum meta_slot {
    M_OG_TITLE,
    M_TW_TITLE,
    M_PARSELY_TITLE,
    M_SITE,
    M_APP_NAME,
    M_OG_URL,
    M_DESC,
    M_OG_DESC,
    M_TW_DESC,
    M_LOCALE,
    M_CONTENT_LANG,
    M_PUBLISHED,     /* article:published_time, itemprop=datePublished */
    M_DATE,          /* name=date, dc.date, parsely-pub-date… */
    M_MODIFIED,
    M_AUTHOR,        /* name=author, parsely-author… */
    M_ARTICLE_AUTHOR, /* article:author: often a profile URL */
    M_PARSELY_PAGE,
    M_COUNT
};

typedef struct page {
    el *els;
    int n, cap;
    const char *meta[M_COUNT]; /* into the tree */
    const char *lang;          /* <html lang> */
    const char *canonical;     /* <link rel=canonical href> */
    xmlNodePtr title;          /* the first <title> */
    xmlNodePtr *ld;            /* <script type="application/ld+json"> elements */
    size_t nld, ldcap;
    int first_time;            /* the first <time datetime> element, or -1 */
    double total_good;         /* good text of the whole page, before boilerplate goes */
} page;

/* The element's index in the table, or -1 for a node that has none. */
static inline int el_index(xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->_private)
        return -1;
    return (int)((intptr_t)n->_private - 1);
}

typedef struct ld_article {
    char *headline, *authors, *published, *modified, *publisher, *url, *description, *lang,
        *body;
} ld_article;


/* extract.c — strings the article hands out */

/* A copy of s (n bytes) that is clean (utf8.h), its character references to
 * C1 controls read as windows-1252, white space collapsed and trimmed; NULL
 * when nothing is left. Every string the article hands out goes through
 * here, whatever its source (the tree, JSON-LD, a meta tag). */
char *kb_extract_clean_n(const char *s, size_t n);

/* The same for a NUL-terminated s (NULL gives NULL). */
char *kb_extract_clean(const char *s);

/* extract_page.c — the page as a table of elements */

/* Fills pg's table from the tree, and takes what the page says about itself
 * (meta tags, <html lang>, the canonical link, JSON-LD scripts) as it goes.
 * Returns 0, or -1 when out of memory. */
int kb_extract_build_table(page *pg, xmlDocPtr doc);

/* The value of an attribute, read in place (no copy), or NULL. */
const char *kb_extract_attr(xmlNodePtr n, const char *name);

/* The node after n in document order, within root; its children are
 * skipped when skip is set. Climbing out of an element calls leave (when
 * not NULL). */
xmlNodePtr kb_extract_next(xmlNodePtr n, xmlNodePtr root, int skip,
                           void (*leave)(xmlNodePtr, void *), void *arg);

/* The text of an element's text children, as one string (caller frees), or
 * NULL when there is none. */
char *kb_extract_node_text(xmlNodePtr n);

/* extract_score.c — which part of the page is the article */

/* Scores every element: which parts are removed, how much paragraph text
 * and how much junk each subtree holds. With soft set, boilerplate marked
 * by tag, role, class or id is removed too. */
void kb_extract_score(page *pg, int soft);

/* The element whose subtree is the article, or -1 when the page has no
 * paragraph. */
int kb_extract_choose(const page *pg);

/* For a page with no paragraph long enough to score: the whole page, or -1
 * when it has no text at all. */
int kb_extract_whole_page(const page *pg);

/* extract_text.c — writing the article out */

/* The text of the subtree at root_index as paragraphs, less what is not
 * its text (the headline, link lists, blocks that repeat a's title or
 * byline) and, with trim, less the scraps at its end. NULL when out of
 * memory (*nomem is then set). */
char *kb_extract_write(const page *pg, int root_index, const kb_article *a, int trim,
                       int *nomem);

/* The letters and digits of s (n bytes), lower-cased, into out (size
 * bytes): text compared this way ignores case, spacing and punctuation. */
void kb_extract_squeeze(const char *s, size_t n, char *out, size_t size);

/* jsonld.c — JSON-LD, read by SQLite's JSON functions */

/* The article described by the page's JSON-LD, from the first script that
 * has one, into a (free with kb_jsonld_free). */
void kb_jsonld_read(const page *pg, ld_article *a);

void kb_jsonld_free(ld_article *a);

/* Replaces a's text with body (the JSON-LD articleBody) when the body is
 * plain text and the page's own tree holds much less of it. */
void kb_jsonld_prefer_body(kb_article *a, char *body, int *nomem);

/* A string field out of a JSON object (Parse.ly's parsely-page meta tag),
 * caller frees; NULL when absent or json is NULL. */
char *kb_jsonld_field(const char *json, const char *field);

/* extract_meta.c — the metadata */

/* Fills a's URL, site, title, byline, dates, language and description from
 * what the page and its JSON-LD say; body is the article's element (-1 for
 * none), where a date is looked for first. */
void kb_extract_metadata(const page *pg, const ld_article *ld, const char *page_url, int body,
                         kb_article *a);

#endif
