/* HTML pages → the article they carry: the main text without the page's
 * boilerplate, and the metadata (title, authors, dates, canonical URL, site,
 * language, description).
 *
 * The page is decoded to UTF-8 here (so that no byte the parser would
 * misread ever reaches it), parsed once by libxml2, and then looked at in a
 * few linear passes over a flat table of its elements: one walk of the tree
 * fills the table and collects the metadata; the scoring works on the table
 * (children always come after their parent, so one backward loop sums a
 * subtree); one last walk writes the chosen subtree out as paragraphs. No
 * pass recurses, so a page nested 100,000 deep costs no stack. */
#include "kb/extract.h"

#include <ctype.h>
#include <limits.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"
#include "kb/charset.h"
#include "kb/date.h"
#include "kb/html.h"
#include "kb/url.h"
#include "kb/utf8.h"

/* ------------------------------------------------------------------------ */
/* Strings the article hands out                                            */

/* Control characters other than white space are never text: a page that
 * has many is no page. */
static int stray_control(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

/* A copy of s (n bytes) that is clean (utf8.h), white space collapsed and
 * trimmed; NULL when nothing is left. Every string the article hands out
 * goes through here, whatever its source (the tree, JSON-LD, a meta tag). */
static char *clean_string(const char *s, size_t n)
{
    if (!s)
        return NULL;
    const char *nul = memchr(s, '\0', n);
    char *c = strndup(s, nul ? (size_t)(nul - s) : n);
    if (!c || !(c = kb_text_clean_take(kb_html_c1_take(c))))
        return NULL;
    size_t len = strlen(c);
    const unsigned char *p = (const unsigned char *)c;
    size_t w = 0;
    int space = 0;
    for (size_t i = 0; i < len;) {
        if (isspace(p[i])) {
            space = 1;
            i++;
            continue;
        }
        if (p[i] == 0xC2 && p[i + 1] == 0xA0) { /* no-break space */
            space = 1;
            i += 2;
            continue;
        }
        if (space && w)
            c[w++] = ' ';
        space = 0;
        c[w++] = c[i++];
    }
    c[w] = '\0';
    if (!w) {
        free(c);
        return NULL;
    }
    return c;
}

static char *clean(const char *s)
{
    return s ? clean_string(s, strlen(s)) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Elements                                                                 */

/* What an element is (one table for all of kb, in html.c) and the part it
 * plays here: its role, and its props (block, inline, dropped…). */
static void element_of(xmlNodePtr n, unsigned char *role, unsigned char *props)
{
    const kb_html_element *d = kb_html_element_named((const char *)n->name,
                                                     strlen((const char *)n->name));
    *role = d ? d->role : KB_HTML_R_OTHER;
    *props = d ? d->props : 0;
}

/* The value of an attribute, read in place (no copy), or NULL. The HTML
 * parser lower-cases attribute names and gives each value one text node. */
static const char *attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        xmlNodePtr t = a->children;
        return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
    }
    return NULL;
}

/* The element after n in document order, within root; its children are
 * skipped when skip is set. Climbing out of an element calls leave (when
 * not NULL) so that a caller can close what it opened there. */
static xmlNodePtr next_node(xmlNodePtr n, xmlNodePtr root, int skip,
                            void (*leave)(xmlNodePtr, void *), void *arg)
{
    if (!skip && n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    if (n == root)
        return NULL;
    while (!n->next) {
        n = n->parent;
        if (!n || n == root)
            return NULL;
        if (leave && n->type == XML_ELEMENT_NODE)
            leave(n, arg);
    }
    return n->next;
}

/* ------------------------------------------------------------------------ */
/* Class and id words                                                       */

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

/* How a pattern must sit in the lower-cased class and id text. */
enum where {
    ANYWHERE,  /* a substring of a class name */
    START,     /* at the start of a class name, or after '-' or '_' */
    TOKEN,     /* a whole part of a class name, between '-', '_' or its ends */
    EXACT,     /* a whole class name */
};

struct pattern {
    const char *s;
    unsigned char where, hint;
};

/* The words that mark boilerplate and content in class and id attributes,
 * as sites name them. Matching is structural: these are the names of page
 * parts, not words of any article. */
static const struct pattern patterns[] = {
    {"comment", ANYWHERE, H_COMMENTS},
    {"disqus", ANYWHERE, H_COMMENTS},
    {"respond", TOKEN, H_COMMENTS},
    {"replies", ANYWHERE, H_COMMENTS},
    {"related", ANYWHERE, H_JUNK},
    {"recirc", ANYWHERE, H_JUNK},
    {"recommend", ANYWHERE, H_JUNK},
    {"trending", ANYWHERE, H_JUNK},
    {"popular", ANYWHERE, H_JUNK},
    {"outbrain", ANYWHERE, H_JUNK},
    {"taboola", ANYWHERE, H_JUNK},
    {"zergnet", ANYWHERE, H_JUNK},
    {"share", ANYWHERE, H_JUNK},
    {"sharing", ANYWHERE, H_JUNK},
    {"social", ANYWHERE, H_JUNK},
    {"newsletter", ANYWHERE, H_JUNK},
    {"subscri", ANYWHERE, H_JUNK},
    {"signup", ANYWHERE, H_JUNK},
    {"sign-up", ANYWHERE, H_JUNK},
    {"cookie", ANYWHERE, H_JUNK},
    {"consent", ANYWHERE, H_JUNK},
    {"gdpr", ANYWHERE, H_JUNK},
    {"footer", ANYWHERE, H_JUNK},
    {"masthead", ANYWHERE, H_JUNK},
    {"header", START, H_JUNK},
    {"sidebar", ANYWHERE, H_JUNK},
    {"rail", TOKEN, H_JUNK},
    {"widget", ANYWHERE, H_JUNK},
    {"nav", START, H_JUNK},
    {"menu", ANYWHERE, H_JUNK},
    {"breadcrumb", ANYWHERE, H_JUNK},
    {"pagination", ANYWHERE, H_JUNK},
    {"pager", TOKEN, H_JUNK},
    {"toolbar", ANYWHERE, H_JUNK},
    {"skip", START, H_JUNK},
    {"ad", TOKEN, H_JUNK},
    {"ads", TOKEN, H_JUNK},
    {"advert", ANYWHERE, H_JUNK},
    {"sponsor", ANYWHERE, H_JUNK},
    {"promo", ANYWHERE, H_JUNK},
    {"banner", ANYWHERE, H_JUNK},
    {"byline", ANYWHERE, H_JUNK},
    {"author", ANYWHERE, H_JUNK},
    {"dateline", ANYWHERE, H_JUNK},
    {"timestamp", ANYWHERE, H_JUNK},
    {"date", TOKEN, H_JUNK},
    {"meta", TOKEN, H_JUNK},
    {"caption", ANYWHERE, H_JUNK},
    {"credit", ANYWHERE, H_JUNK},
    {"tags", TOKEN, H_JUNK},
    {"tag", START, H_JUNK},
    {"popup", ANYWHERE, H_JUNK},
    {"modal", ANYWHERE, H_JUNK},
    {"overlay", ANYWHERE, H_JUNK},
    {"hidden", EXACT, H_HIDDEN},
    {"hide", EXACT, H_HIDDEN},
    {"sr-only", ANYWHERE, H_HIDDEN},
    {"screen-reader", ANYWHERE, H_HIDDEN},
    {"visually-hidden", ANYWHERE, H_HIDDEN},
    {"visuallyhidden", ANYWHERE, H_HIDDEN},
    {"embed", TOKEN, H_EMBED},
    {"tweet", TOKEN, H_EMBED},
    {"article", ANYWHERE, H_CONTENT},
    {"story", ANYWHERE, H_CONTENT},
    {"entry", ANYWHERE, H_CONTENT},
    {"post", START, H_CONTENT},
    {"body", ANYWHERE, H_BODYWORD},
    {"content", ANYWHERE, H_BODYWORD},
    {"text", ANYWHERE, H_BODYWORD},
    {"prose", ANYWHERE, H_BODYWORD},
};

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int pattern_at(const char *s, size_t n, size_t i, const struct pattern *p, size_t len)
{
    if (i + len > n || s[i + 1] != p->s[1] || memcmp(s + i, p->s, len) != 0)
        return 0;
    char before = i ? s[i - 1] : ' ', after = s[i + len];
    switch (p->where) {
    case START:
        return !is_alnum(before);
    case TOKEN:
        return !is_alnum(before) && !is_alnum(after);
    case EXACT:
        return before == ' ' && (after == ' ' || after == '\0');
    default:
        return 1;
    }
}

#define NPATTERNS (sizeof patterns / sizeof *patterns)

/* For each letter, the patterns that start with it: a position of the
 * class text is compared only with those. */
static unsigned char by_letter[26][24];
static unsigned char nby_letter[26];
static unsigned char pattern_len[NPATTERNS];
static pthread_once_t by_letter_once = PTHREAD_ONCE_INIT;

static void index_patterns(void)
{
    for (size_t k = 0; k < NPATTERNS; k++) {
        int c = patterns[k].s[0] - 'a';
        pattern_len[k] = (unsigned char)strlen(patterns[k].s);
        if (nby_letter[c] < sizeof by_letter[c])
            by_letter[c][nby_letter[c]++] = (unsigned char)k;
    }
}

/* The hints of an element's class and id. */
static unsigned hints_of(const char *cls, const char *id)
{
    char s[320];
    size_t n = 0;
    s[n++] = ' ';
    for (const char *src = cls; src && *src && n < 150; src++)
        s[n++] = (char)tolower((unsigned char)*src);
    s[n++] = ' ';
    for (const char *src = id; src && *src && n < 300; src++)
        s[n++] = (char)tolower((unsigned char)*src);
    s[n] = '\0';

    pthread_once(&by_letter_once, index_patterns);
    unsigned h = 0;
    for (size_t i = 1; i < n; i++) {
        /* WordPress names a post's taxonomy in its classes ("tag-social",
         * "category-comments"): words of the article, not of the page. */
        if (s[i - 1] == ' ' &&
            (strncmp(s + i, "tag-", 4) == 0 || strncmp(s + i, "category-", 9) == 0)) {
            while (i < n && s[i] != ' ')
                i++;
            continue;
        }
        int c = s[i] - 'a';
        if (c < 0 || c >= 26)
            continue;
        for (size_t j = 0; j < nby_letter[c]; j++) {
            const struct pattern *p = &patterns[by_letter[c][j]];
            if (!(h & p->hint) && pattern_at(s, n, i, p, pattern_len[by_letter[c][j]]))
                h |= p->hint;
        }
    }
    /* A "social-media-embed" is a tweet the article quotes. */
    if (h & H_EMBED)
        h &= ~(unsigned)H_JUNK;
    /* "commentary" is a kind of article, not readers' comments. */
    if ((h & H_COMMENTS) && strstr(s, "commentary") && !strstr(s, "comments"))
        h &= ~(unsigned)H_COMMENTS;
    return h;
}

/* ------------------------------------------------------------------------ */
/* The page as a table of elements                                          */

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
static int is_phrasing(const el *e)
{
    return (e->props & KB_HTML_INLINE) != 0;
}

/* Elements that do not break a paragraph: phrasing ones, the head's
 * metadata, and those HTML does not know (custom elements,
 * <hl-trusted-source>), which browsers show inline too. */
static int is_inline(const el *e)
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

struct meta_key {
    const char *key;
    unsigned char slot;
};

static const struct meta_key meta_keys[] = {
    {"og:title", M_OG_TITLE},
    {"twitter:title", M_TW_TITLE},
    {"parsely-title", M_PARSELY_TITLE},
    {"og:site_name", M_SITE},
    {"application-name", M_APP_NAME},
    {"og:url", M_OG_URL},
    {"description", M_DESC},
    {"og:description", M_OG_DESC},
    {"twitter:description", M_TW_DESC},
    {"og:locale", M_LOCALE},
    {"content-language", M_CONTENT_LANG},
    {"dc.language", M_CONTENT_LANG},
    {"language", M_CONTENT_LANG},
    {"article:published_time", M_PUBLISHED},
    {"og:article:published_time", M_PUBLISHED},
    {"article:published", M_PUBLISHED},
    {"datepublished", M_PUBLISHED},
    {"date", M_DATE},
    {"pubdate", M_DATE},
    {"publishdate", M_DATE},
    {"publish-date", M_DATE},
    {"publish_date", M_DATE},
    {"published_time", M_DATE},
    {"og:published_time", M_DATE},
    {"parsely-pub-date", M_DATE},
    {"sailthru.date", M_DATE},
    {"dc.date", M_DATE},
    {"dc.date.issued", M_DATE},
    {"dc.date.created", M_DATE},
    {"dcterms.date", M_DATE},
    {"dcterms.issued", M_DATE},
    {"dcterms.created", M_DATE},
    {"article.published", M_DATE},
    {"citation_publication_date", M_DATE},
    {"citation_date", M_DATE},
    {"article:modified_time", M_MODIFIED},
    {"og:updated_time", M_MODIFIED},
    {"datemodified", M_MODIFIED},
    {"dcterms.modified", M_MODIFIED},
    {"article.updated", M_MODIFIED},
    {"author", M_AUTHOR},
    {"parsely-author", M_AUTHOR},
    {"sailthru.author", M_AUTHOR},
    {"dc.creator", M_AUTHOR},
    {"dcterms.creator", M_AUTHOR},
    {"citation_author", M_AUTHOR},
    {"article:author", M_ARTICLE_AUTHOR},
    {"parsely-page", M_PARSELY_PAGE},
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

static int index_of(xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->_private)
        return -1;
    return (int)((intptr_t)n->_private - 1);
}

static void set_meta(page *pg, const char *key, const char *value)
{
    if (!key || !value || !*value)
        return;
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
        if (strcasecmp(key, meta_keys[i].key) == 0) {
            if (!pg->meta[meta_keys[i].slot])
                pg->meta[meta_keys[i].slot] = value;
            return;
        }
}

static int has_token(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t k = 0;
        while (p[k] && !isspace((unsigned char)p[k]))
            k++;
        if (k == n && strncasecmp(p, word, n) == 0)
            return 1;
        p += k;
    }
    return 0;
}

/* The attributes looked at on every element, read in one pass. */
struct attrs {
    const char *cls, *id, *style, *role, *itemprop, *content, *datetime, *hidden;
};

static void read_attrs(xmlNodePtr n, struct attrs *at)
{
    memset(at, 0, sizeof *at);
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        xmlNodePtr t = a->children;
        const char *v = t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        const char **slot = NULL;
        switch (name[0]) {
        case 'c':
            slot = !strcmp(name, "class")     ? &at->cls
                   : !strcmp(name, "content") ? &at->content
                                              : NULL;
            break;
        case 'i':
            slot = !strcmp(name, "id") ? &at->id : !strcmp(name, "itemprop") ? &at->itemprop : NULL;
            break;
        case 's':
            slot = !strcmp(name, "style") ? &at->style : NULL;
            break;
        case 'r':
            slot = !strcmp(name, "role") ? &at->role : NULL;
            break;
        case 'd':
            slot = !strcmp(name, "datetime") ? &at->datetime : NULL;
            break;
        case 'h':
            slot = !strcmp(name, "hidden") ? &at->hidden : NULL;
            break;
        default:
            break;
        }
        if (slot && !*slot)
            *slot = v;
    }
}

/* Hidden by the page's own markup; such text is not shown to readers. */
static int hidden(const struct attrs *at)
{
    if (at->hidden)
        return 1;
    const char *style = at->style;
    if (!style)
        return 0;
    for (const char *p = style; (p = strstr(p, "display")) != NULL; p += 7) {
        const char *q = p + 7;
        while (*q == ' ' || *q == ':')
            q++;
        if (strncasecmp(q, "none", 4) == 0)
            return 1;
    }
    return strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden");
}

/* Landmark roles that are never the article. */
static int boilerplate_role(const char *role)
{
    static const char *const roles[] = {"navigation", "complementary", "banner", "contentinfo",
                                        "menu", "menubar", "dialog", "alertdialog", "search",
                                        "toolbar", "tablist"};
    if (!role)
        return 0;
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (strcasecmp(role, roles[i]) == 0)
            return 1;
    return 0;
}

/* An inline element that holds links and nothing else between them: in a
 * paragraph, a pop-up or a row of buttons, not words of the sentence. */
static int link_cluster(xmlNodePtr n)
{
    int links = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (xmlStrEqual(c->name, BAD_CAST "a"))
                links++;
        } else if (c->type == XML_TEXT_NODE && c->content) {
            for (const xmlChar *p = c->content; *p; p++)
                if (!isspace(*p))
                    return 0;
        }
    }
    return links >= 2;
}

/* Adds an element to the table and takes what the page says about itself
 * from it. Returns 1 when its subtree holds nothing to look at, -1 when out
 * of memory. */
static int enter_element(page *pg, xmlNodePtr n)
{
    if (pg->n == pg->cap) {
        if (pg->cap > INT_MAX / 2)
            return -1;
        int cap = pg->cap ? pg->cap * 2 : 1024;
        el *v = realloc(pg->els, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        pg->els = v;
        pg->cap = cap;
    }
    int idx = pg->n++;
    n->_private = (void *)(intptr_t)(idx + 1);
    el *e = &pg->els[idx];
    memset(e, 0, sizeof *e);
    e->node = n;
    e->parent = index_of(n->parent);
    el *parent = e->parent >= 0 ? &pg->els[e->parent] : NULL;
    unsigned char t, props;
    element_of(n, &t, &props);
    e->tag = t;
    e->props = props;
    e->owner = is_inline(e) && parent ? parent->owner : idx;
    unsigned flags = parent ? parent->flags & (F_HARD | F_INLINK | F_IN_MARK) : 0;
    if (parent && (parent->flags & F_MARK))
        flags |= F_IN_MARK;
    int skip = 0;

    switch (t) {
    case KB_HTML_R_HTML:
        if (!pg->lang)
            pg->lang = attr(n, "lang");
        if (!pg->lang)
            pg->lang = attr(n, "xml:lang");
        break;
    case KB_HTML_R_TITLE:
        if (!pg->title)
            pg->title = n;
        flags |= F_HARD;
        skip = 1;
        break;
    case KB_HTML_R_META: {
        const char *content = attr(n, "content");
        set_meta(pg, attr(n, "property"), content);
        set_meta(pg, attr(n, "name"), content);
        set_meta(pg, attr(n, "itemprop"), content);
        set_meta(pg, attr(n, "http-equiv"), content);
        flags |= F_HARD;
        break;
    }
    case KB_HTML_R_LINK:
        if (!pg->canonical && has_token(attr(n, "rel"), "canonical"))
            pg->canonical = attr(n, "href");
        break;
    case KB_HTML_R_SCRIPT: {
        const char *type = attr(n, "type");
        if (type && strstr(type, "ld+json") && pg->nld < 64) {
            if (pg->nld == pg->ldcap) {
                size_t cap = pg->ldcap ? pg->ldcap * 2 : 4;
                xmlNodePtr *v = realloc(pg->ld, cap * sizeof *v);
                if (!v)
                    return -1;
                pg->ld = v;
                pg->ldcap = cap;
            }
            pg->ld[pg->nld++] = n;
        } else if (parent) {
            parent->flags |= F_SLOT;
        }
        flags |= F_HARD;
        skip = 1;
        break;
    }
    case KB_HTML_R_TIME:
        if (pg->first_time < 0 && attr(n, "datetime"))
            pg->first_time = idx;
        /* A date is a label like a link is: a paragraph made of one is no
         * part of the text. */
        flags |= F_INLINK;
        break;
    case KB_HTML_R_HEAD:
        flags |= F_HARD;
        break;
    case KB_HTML_R_A:
        flags |= F_INLINK;
        break;
    case KB_HTML_R_NAV:
    case KB_HTML_R_ASIDE:
    case KB_HTML_R_FOOTER:
    case KB_HTML_R_HEADER:
    case KB_HTML_R_FIGCAPTION:
        flags |= F_SOFT;
        break;
    default:
        break;
    }
    /* A void element holds nothing: what libxml2 nests in one (the text
     * after an <embed>) is the text that follows it, and stays. */
    if ((props & KB_HTML_DROP) && !(props & KB_HTML_VOID)) {
        flags |= F_HARD;
        skip = 1;
    }
    if (parent &&
        (xmlStrEqual(n->name, BAD_CAST "iframe") || xmlStrEqual(n->name, BAD_CAST "embed")))
        parent->flags |= F_SLOT;

    if (n->properties && t != KB_HTML_R_META) {
        struct attrs at;
        read_attrs(n, &at);
        const char *prop = at.itemprop;
        if (prop) {
            const char *value = at.content ? at.content : at.datetime;
            if (has_token(prop, "articleBody") || has_token(prop, "reviewBody"))
                flags |= F_STRONG;
            else if (value && has_token(prop, "datePublished"))
                set_meta(pg, "datepublished", value);
            else if (value && has_token(prop, "dateModified"))
                set_meta(pg, "datemodified", value);
        }
        if (t != KB_HTML_R_HTML && t != KB_HTML_R_BODY && t != KB_HTML_R_HEAD && hidden(&at))
            flags |= F_HARD;
        if (boilerplate_role(at.role))
            flags |= F_SOFT;
        if (at.cls || at.id) {
            unsigned h = hints_of(at.cls, at.id);
            e->hints = (unsigned char)h;
            if (h & H_HIDDEN && t != KB_HTML_R_BODY && t != KB_HTML_R_HTML)
                flags |= F_HARD;
            if (h & (H_JUNK | H_COMMENTS))
                flags |= F_SOFT;
            if (h & H_COMMENTS)
                flags |= F_COMMENTS;
        }
    }
    if (t == KB_HTML_R_ARTICLE || t == KB_HTML_R_MAIN || (e->hints & H_CONTENT) || (flags & F_STRONG))
        flags |= F_MARK;
    if ((props & KB_HTML_INLINE) && t == KB_HTML_R_OTHER && link_cluster(n))
        flags |= F_HARD;
    if (t == KB_HTML_R_BODY || t == KB_HTML_R_HTML || t == KB_HTML_R_MAIN || (flags & F_STRONG))
        flags &= ~(unsigned)(F_SOFT | F_COMMENTS);
    e->flags = (unsigned short)flags;
    return skip;
}

/* Counts the characters of a text node (not bytes, not white space) into
 * its element. */
static void count_text(page *pg, xmlNodePtr n)
{
    int p = index_of(n->parent);
    if (p < 0 || (pg->els[p].flags & F_HARD) || !n->content)
        return;
    unsigned chars = 0;
    for (const unsigned char *s = n->content; *s; s++)
        chars += *s > ' ' && (*s & 0xC0) != 0x80;
    pg->els[p].self_text += chars;
}

static int build_table(page *pg, xmlDocPtr doc)
{
    xmlNodePtr root = (xmlNodePtr)doc;
    for (xmlNodePtr n = doc->children; n;) {
        int skip = 0;
        if (n->type == XML_ELEMENT_NODE) {
            skip = enter_element(pg, n);
            if (skip < 0)
                return -1;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            count_text(pg, n);
        }
        n = next_node(n, root, skip, NULL, NULL);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Scoring                                                                  */

/* A paragraph of at least this many characters is text; shorter ones
 * (labels, dates, "Advertisement") only count when the page is short of
 * longer ones. */
#define MIN_PARAGRAPH 50
/* A paragraph whose share of link text is above this is a list of links. */
#define LINK_PARAGRAPH 0.5f
/* …and is left out of the text unless it has this many characters besides
 * for each link (a list of stories, each told in a sentence). */
#define LINKLIST_WORDS 30
/* What a character of boilerplate costs a container, against a character
 * of paragraph text it gains. */
#define JUNK_COST 1.0f
/* What a character of a short paragraph costs: most are labels, some are
 * an article's short lines or a table's cells. */
#define SCRAP_COST 0.1f
/* An element marked as boilerplate is kept all the same when it holds this
 * share of the page's text and the article's container (it is then a
 * wrapper, misnamed). */
#define WRAPPER_SHARE 0.6
/* The share of the best score that an ancestor named as the article's
 * body needs to be chosen instead… */
#define PROMOTE_SHARE 0.85f
/* …and that the parent of a single paragraph needs. */
#define PARAGRAPH_SHARE 0.9f

static int is_heading(unsigned char t)
{
    return t == KB_HTML_R_H1 || t == KB_HTML_R_HEADING;
}

/* A block's paragraph (its own text, inline children included) is text,
 * a list of links, a heading, or a scrap; each counts for or against the
 * containers around it. */
static void classify_paragraph(el *e)
{
    float t = (float)e->own_text, l = (float)e->own_link;
    if (l > LINK_PARAGRAPH * t) {
        e->junk += t;
        e->stray_link += e->own_link;
        if (t - l < (float)(LINKLIST_WORDS * (e->own_links ? e->own_links : 1)))
            e->flags |= F_LINKLIST;
    } else if (is_heading(e->tag)) {
        /* Headings are neither: they belong to articles and to teasers. */
        e->stray_link += e->own_link;
    } else if (t >= MIN_PARAGRAPH) {
        e->good += t; /* its links are part of the text */
        e->paras++;
    } else {
        e->junk += SCRAP_COST * (t - l) + l;
        e->stray_link += e->own_link;
    }
}

/* The most characters of text beside a script or a frame that are only
 * its label. */
#define SLOT_LABEL 25

/* A teaser of another page: a headline link and one short paragraph (a
 * card in a list of related stories), not a part of this page's article. */
#define TEASER_TEXT 500

static int teaser(const el *e)
{
    return e->paras == 1 && e->good < TEASER_TEXT && e->stray_link >= 15 &&
           !is_phrasing(e);
}

/* Whether boilerplate by tag or class is kept for what it holds. */
static int kept_whole(const page *pg, const el *e)
{
    if (e->flags & F_COMMENTS)
        return 0;
    if (e->flags & F_HOLDS)
        return 1;
    /* A wrapper ("has-sidebar", "elementor-widget") holds most of the
     * page's text, and the article's own container in it, or sits in one,
     * or is one ("article-body pagination-first"). */
    return e->raw_good > 0 && e->raw_good >= WRAPPER_SHARE * pg->total_good &&
           ((e->flags & (F_HOLDS_MARK | F_IN_MARK)) ||
            ((e->hints & H_CONTENT) && (e->hints & H_BODYWORD)));
}

/* Scores every element: which parts are removed, how much paragraph text
 * and how much junk each subtree holds. With soft set, boilerplate marked
 * by tag, role, class or id is removed too. */
static void score(page *pg, int soft)
{
    el *E = pg->els;
    int n = pg->n;
    for (int i = 0; i < n; i++) {
        el *e = &E[i];
        int removed = (e->flags & F_HARD) || (e->parent >= 0 && (E[e->parent].flags & F_REMOVED)) ||
                      (soft && (e->flags & F_SOFT) && !kept_whole(pg, e));
        e->flags &= (unsigned short)~(F_REMOVED | F_LINKLIST);
        if (removed)
            e->flags |= F_REMOVED;
        e->own_text = e->own_link = 0;
        e->text = e->link = 0;
        e->good = e->junk = 0;
        e->paras = e->stray_link = 0;
        e->own_links = e->links = 0;
    }
    for (int i = 0; i < n; i++) {
        el *e = &E[i];
        if (e->flags & F_REMOVED)
            continue;
        el *o = &E[e->owner];
        unsigned link = e->flags & F_INLINK ? e->self_text : 0;
        o->own_text += e->self_text;
        o->own_link += link;
        e->text = e->self_text;
        e->link = link;
        if (e->tag == KB_HTML_R_A) {
            o->own_links++;
            e->links = 1;
        }
    }
    for (int i = 0; i < n; i++)
        if (!(E[i].flags & F_REMOVED) && E[i].owner == i && E[i].own_text)
            classify_paragraph(&E[i]);
    for (int i = n - 1; i >= 0; i--) {
        el *e = &E[i];
        if ((e->flags & F_REMOVED) || e->parent < 0)
            continue;
        if (teaser(e)) {
            e->junk += e->good;
            e->good = 0;
            e->paras = 0;
        }
        el *p = &E[e->parent];
        p->text += e->text;
        p->link += e->link;
        p->good += e->good;
        p->junk += e->junk;
        p->paras += e->paras;
        p->stray_link += e->stray_link;
        p->links += e->links;
        if (e->flags & (F_STRONG | F_HOLDS))
            p->flags |= F_HOLDS;
        if (e->flags & (F_MARK | F_HOLDS_MARK))
            p->flags |= F_HOLDS_MARK;
    }
    if (!soft) {
        pg->total_good = 0;
        for (int i = 0; i < n; i++) {
            E[i].raw_good = E[i].good;
            if (E[i].parent < 0)
                pg->total_good += E[i].good;
        }
    }
}

/* How much the page's markup says an element is the article's body. */
static float content_bonus(const el *e)
{
    if (e->flags & F_STRONG)
        return 1.25f;
    if ((e->hints & H_CONTENT) && (e->hints & H_BODYWORD))
        return 1.15f;
    if (e->tag == KB_HTML_R_ARTICLE || e->tag == KB_HTML_R_MAIN || (e->hints & (H_CONTENT | H_BODYWORD)))
        return 1.05f;
    return 1.0f;
}

/* The element whose subtree holds the most paragraph text for the least
 * junk; on a tie the deeper one. -1 when the page has no paragraph. */
static int choose(const page *pg)
{
    int best = -1;
    float best_score = 0;
    for (int i = 0; i < pg->n; i++) {
        const el *e = &pg->els[i];
        if ((e->flags & F_REMOVED) || e->good <= 0 || is_phrasing(e))
            continue;
        float s = (e->good - JUNK_COST * e->junk);
        if (s > 0)
            s *= content_bonus(e);
        if (best < 0 || s >= best_score) {
            best = i;
            best_score = s;
        }
    }
    /* A single paragraph is the article only when what is around it is
     * worse; short lines beside it (the last words of a cut-off page, a
     * one-line paragraph) do not make its parent worse by much. */
    if (best >= 0 && pg->els[best].parent >= 0 && pg->els[best].own_text == pg->els[best].text) {
        const el *p = &pg->els[pg->els[best].parent];
        float s = p->good - JUNK_COST * p->junk;
        if (s > 0 && s * content_bonus(p) >= PARAGRAPH_SHARE * best_score) {
            best = pg->els[best].parent;
            best_score = s * content_bonus(p);
        }
    }
    /* Inside the element the page itself calls its article's body, that
     * element is the article, scraps and all, rather than a part of it,
     * unless the scraps are many. */
    for (int i = best >= 0 ? pg->els[best].parent : -1; i >= 0; i = pg->els[i].parent) {
        const el *e = &pg->els[i];
        if (content_bonus(e) >= 1.15f &&
            (e->good - JUNK_COST * e->junk) * content_bonus(e) >= PROMOTE_SHARE * best_score)
            return i;
    }
    return best;
}

/* For a page with no paragraph long enough to score (a note, a stub): the
 * whole page, whose boilerplate the writer still leaves out. -1 when the
 * page has no text at all. */
static int whole_page(const page *pg)
{
    for (int i = 0; i < pg->n; i++) {
        const el *e = &pg->els[i];
        if (e->parent < 0 && !(e->flags & F_REMOVED) && e->text > e->link)
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Writing the article out                                                  */

typedef struct writer {
    kb_buf out;
    const page *pg;
    int brk;       /* a paragraph ends before the next word */
    int space;     /* a space goes before the next word */
    int nomem;
    int heading;   /* the paragraph being written is a heading */
    size_t para_at; /* where the paragraph being written starts in out */
    size_t tail_at; /* where the scraps that end the text so far start, or SIZE_MAX */
} writer;

/* A paragraph shorter than this (in bytes) is a scrap when it ends the
 * text: "comments", "Share", "Read more". */
#define TAIL_SCRAP 20

static void put(writer *w, const char *s, size_t n)
{
    if (kb_buf_append(&w->out, s, n) < 0)
        w->nomem = 1;
}

/* Notes whether the paragraph just written could be left out, should
 * nothing but scraps follow it: a heading over nothing (the "Comments"
 * over a removed comment section), a label. */
static void end_paragraph(writer *w)
{
    if (w->para_at >= w->out.len)
        return;
    int scrap = w->heading || w->out.len - w->para_at < TAIL_SCRAP;
    if (!scrap)
        w->tail_at = SIZE_MAX;
    else if (w->tail_at == SIZE_MAX)
        w->tail_at = w->para_at;
}

static void write_text(writer *w, const unsigned char *s, int heading)
{
    while (*s) {
        if (*s <= ' ') {
            w->space = 1;
            s++;
            continue;
        }
        if (s[0] == 0xC2 && s[1] == 0xA0) {
            w->space = 1;
            s += 2;
            continue;
        }
        /* Words apart by single spaces go out in one piece. */
        const unsigned char *word = s;
        for (;;) {
            while (*s > ' ' && !(s[0] == 0xC2 && s[1] == 0xA0))
                s++;
            if (s[0] != ' ' || s[1] <= ' ' || (s[1] == 0xC2 && s[2] == 0xA0))
                break;
            s++;
        }
        if (w->out.len && w->brk) {
            end_paragraph(w);
            put(w, "\n\n", 2);
            w->para_at = w->out.len;
            w->heading = heading;
        } else if (w->out.len && w->space) {
            put(w, " ", 1);
        } else if (!w->out.len) {
            w->heading = heading;
        }
        w->brk = w->space = 0;
        put(w, (const char *)word, (size_t)(s - word));
    }
}

/* Ends the text, less the scraps at its end when trim is set. */
static void end_text(writer *w, int trim)
{
    end_paragraph(w);
    if (!trim || w->tail_at == SIZE_MAX || !w->out.data)
        return;
    size_t n = w->tail_at;
    while (n && w->out.data[n - 1] == '\n')
        n--;
    w->out.len = n;
    w->out.data[n] = '\0';
}

static void write_node(writer *w, xmlNodePtr n, int owner)
{
    write_text(w, n->content, w->pg->els[owner].tag == KB_HTML_R_HEADING);
}

static void leave_block(xmlNodePtr n, void *arg)
{
    writer *w = arg;
    int i = index_of(n);
    if (i >= 0 && !is_inline(&w->pg->els[i]))
        w->brk = 1;
}

/* Parts of the chosen subtree that are not its text even so: the headline
 * (kept apart, as the title), and containers of links. */
static int left_out(const page *pg, int i, int root)
{
    const el *e = &pg->els[i];
    if (i == root)
        return 0;
    if (e->flags & F_REMOVED)
        return 1;
    if (e->tag == KB_HTML_R_H1)
        return 1;
    if (is_inline(e) || !e->text)
        return 0;
    /* The label of an ad ("Advertisement") beside the script that fills it. */
    if ((e->flags & F_SLOT) && e->text < SLOT_LABEL)
        return 1;
    /* Mostly links, with few words of their own per link. */
    if (e->link <= 0.5f * (float)e->text || (e->good > 0 && e->link <= 0.65f * (float)e->text))
        return 0;
    return e->text - e->link < LINKLIST_WORDS * (e->links ? e->links : 1);
}

/* The letters and digits of s, lower-cased, into out (size bytes): text
 * compared this way ignores case, spacing and punctuation. */
static void squeeze(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < n && s[i] && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || isalnum(c))
            out[k++] = (char)tolower(c);
    }
    out[k] = '\0';
}

/* A short block that only repeats the headline or the byline ("By Jane
 * Doe"): metadata the article carries apart from its text. */
#define SHORT_BLOCK 120

static int repeats_metadata(const el *e, const kb_article *a)
{
    if (e->text == 0 || e->text > SHORT_BLOCK || is_phrasing(e))
        return 0;
    char text[4 * SHORT_BLOCK + 8], want[512];
    kb_buf b = KB_BUF_INIT;
    xmlNodePtr root = e->node;
    for (xmlNodePtr n = root; n && b.len < sizeof text; n = next_node(n, root, 0, NULL, NULL))
        if (n->type == XML_TEXT_NODE && n->content)
            kb_buf_puts(&b, (const char *)n->content);
    squeeze(b.data ? b.data : "", b.len, text, sizeof text);
    kb_buf_free(&b);
    if (!*text)
        return 0;
    if (a->title) {
        squeeze(a->title, strlen(a->title), want, sizeof want);
        if (strcmp(text, want) == 0)
            return 1;
    }
    if (a->byline) {
        /* Every author named, and little else ("By", "and", an agency). */
        size_t names = 0, found = 0, named = 0;
        for (const char *p = a->byline; *p;) {
            size_t n = strcspn(p, ",");
            const char *and = strstr(p, " and ");
            if (and && (size_t)(and - p) < n)
                n = (size_t)(and - p);
            squeeze(p, n, want, sizeof want);
            if (*want) {
                names++;
                if (strstr(text, want)) {
                    found++;
                    named += strlen(want);
                }
            }
            p += n;
            p += strspn(p, ", ");
            if (strncmp(p, "and ", 4) == 0)
                p += 4;
        }
        if (names && found == names && strlen(text) <= named + 12)
            return 1;
    }
    return 0;
}

static char *write_article(const page *pg, int root_index, const kb_article *a, int trim,
                           int *nomem)
{
    writer w = {KB_BUF_INIT, pg, 0, 0, 0, 0, 0, SIZE_MAX};
    xmlNodePtr root = pg->els[root_index].node;
    for (xmlNodePtr n = root; n;) {
        int skip = 0;
        if (n->type == XML_ELEMENT_NODE) {
            int i = index_of(n);
            skip = i < 0 || left_out(pg, i, root_index) ||
                   (i != root_index && repeats_metadata(&pg->els[i], a));
            if (i >= 0 && !is_inline(&pg->els[i]))
                w.brk = 1;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            int p = index_of(n->parent);
            if (p >= 0 && n->content && !(pg->els[pg->els[p].owner].flags & F_LINKLIST))
                write_node(&w, n, pg->els[p].owner);
        }
        n = next_node(n, root, skip, leave_block, &w);
    }
    end_text(&w, trim);
    if (w.nomem) {
        kb_buf_free(&w.out);
        *nomem = 1;
        return NULL;
    }
    return kb_buf_take(&w.out);
}

/* ------------------------------------------------------------------------ */
/* JSON-LD, read by SQLite's JSON functions                                 */

typedef struct ld_article {
    char *headline, *authors, *published, *modified, *publisher, *url, *description, *lang,
        *body;
} ld_article;

static void ld_free(ld_article *a)
{
    free(a->headline);
    free(a->authors);
    free(a->published);
    free(a->modified);
    free(a->publisher);
    free(a->url);
    free(a->description);
    free(a->lang);
    free(a->body);
}

/* One in-memory connection for the whole process, opened on first use;
 * the lock keeps its statements to one page at a time. */
static pthread_mutex_t ld_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *ld_db;
static sqlite3_stmt *ld_valid, *ld_find, *ld_fields, *ld_authors, *ld_path;
static int ld_broken;

/* The schema.org types of an article, as one string that instr() searches:
 * an IN list that long would make SQLite build a temporary table (and a
 * page cache for it) on every run of the statement. */
#define ARTICLE_TYPES                                                                       \
    "',Article,NewsArticle,BlogPosting,ReportageNewsArticle,AnalysisNewsArticle,"         \
    "OpinionNewsArticle,ReviewNewsArticle,BackgroundNewsArticle,AskPublicNewsArticle,"     \
    "SatiricalArticle,TechArticle,ScholarlyArticle,SocialMediaPosting,LiveBlogPosting,"    \
    "DiscussionForumPosting,Report,AdvertiserContentArticle,MedicalScholarlyArticle,'"
#define IS_ARTICLE_TYPE(x) "(instr(" ARTICLE_TYPES ", ',' || " x " || ',') > 0)"

/* The connection lives as long as the process; it is closed at exit, so
 * that leak checkers (valgrind, LeakSanitizer) see everything freed. */
static void ld_close(void)
{
    sqlite3_finalize(ld_valid);
    sqlite3_finalize(ld_find);
    sqlite3_finalize(ld_fields);
    sqlite3_finalize(ld_authors);
    sqlite3_finalize(ld_path);
    sqlite3_close(ld_db);
    ld_valid = ld_find = ld_fields = ld_authors = ld_path = NULL;
    ld_db = NULL;
}

static int ld_open(void)
{
    if (ld_db)
        return 0;
    if (ld_broken)
        return -1;
    /* json_tree gives each "@type" with the path of the object it types,
     * so one pass over the document finds the article, whether its type is
     * a string or an array and wherever it sits (@graph, nested). */
    static const char find[] =
        "SELECT json_extract(?1, t.path) FROM json_tree(?1) AS t WHERE t.key = '@type' AND "
        "((t.type = 'text' AND " IS_ARTICLE_TYPE("t.value") ") OR (t.type = 'array' AND EXISTS "
        "(SELECT 1 FROM json_each(t.value) AS e WHERE e.type = 'text' AND "
        IS_ARTICLE_TYPE("e.value") "))) LIMIT 1";
    /* Authors and publishers are often given by reference (@graph); their
     * name is then that of the object with the same @id. */
#define NAME_OF_ID(id)                                                                  \
    "(SELECT json_extract(?2, o.path || '.name') FROM json_tree(?2) AS o "             \
    " WHERE o.key = '@id' AND o.value = " id " AND json_type(?2, o.path || '.name') = 'text' " \
    " LIMIT 1)"
    static const char fields[] =
        "SELECT json_extract(?1, '$.headline'), json_extract(?1, '$.datePublished'), "
        "json_extract(?1, '$.dateModified'), "
        "coalesce(json_extract(?1, '$.publisher.name'), "
        "         " NAME_OF_ID("json_extract(?1, '$.publisher.\"@id\"')") "), "
        "coalesce(json_extract(?1, '$.url'), json_extract(?1, '$.mainEntityOfPage.\"@id\"'), "
        "         CASE json_type(?1, '$.mainEntityOfPage') WHEN 'text' "
        "         THEN json_extract(?1, '$.mainEntityOfPage') END), "
        "json_extract(?1, '$.description'), "
        "CASE json_type(?1, '$.inLanguage') WHEN 'text' THEN json_extract(?1, '$.inLanguage') "
        "     WHEN 'object' THEN coalesce(json_extract(?1, '$.inLanguage.alternateName'), "
        "                                 json_extract(?1, '$.inLanguage.name')) END, "
        "json_extract(?1, '$.articleBody')";
    static const char authors[] =
        "WITH a(name, id) AS ("
        " SELECT CASE e.type WHEN 'object' THEN json_extract(e.value, '$.name') "
        "                    WHEN 'text' THEN e.value END, "
        "        CASE e.type WHEN 'object' THEN json_extract(e.value, '$.\"@id\"') END "
        " FROM json_each(?1, '$.author') AS e WHERE json_type(?1, '$.author') = 'array' "
        " UNION ALL SELECT json_extract(?1, '$.author.name'), json_extract(?1, '$.author.\"@id\"') "
        " WHERE json_type(?1, '$.author') = 'object' "
        " UNION ALL SELECT json_extract(?1, '$.author'), NULL "
        " WHERE json_type(?1, '$.author') = 'text') "
        "SELECT coalesce(a.name, " NAME_OF_ID("a.id") ") FROM a";
#undef NAME_OF_ID
    if (sqlite3_open_v2(":memory:", &ld_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(ld_db,
                           "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' "
                           "OR json_type(?1) = 'array' END",
                           -1, &ld_valid, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, "SELECT CASE WHEN json_valid(?1) THEN json_extract(?1, ?2) END",
                           -1, &ld_path, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, find, -1, &ld_find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, fields, -1, &ld_fields, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, authors, -1, &ld_authors, NULL) != SQLITE_OK) {
        sqlite3_finalize(ld_valid);
        sqlite3_finalize(ld_find);
        sqlite3_finalize(ld_fields);
        sqlite3_finalize(ld_authors);
        sqlite3_finalize(ld_path);
        sqlite3_close(ld_db);
        ld_valid = ld_find = ld_fields = ld_authors = ld_path = NULL;
        ld_db = NULL;
        ld_broken = 1;
        return -1;
    }
    atexit(ld_close);
    return 0;
}

static char *column(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? strdup((const char *)s) : NULL;
}

/* Decodes the HTML character references some sites leave in JSON-LD
 * strings ("Trump&#8217;s"), in place: a reference is never shorter than
 * the UTF-8 it stands for. */
static void decode_references(char *s)
{
    if (!s || !strchr(s, '&'))
        return;
    char *out = s;
    for (char *p = s; *p;) {
        char *semi = *p == '&' ? strchr(p, ';') : NULL;
        unsigned long cp = 0;
        if (semi && semi - p <= 12) {
            if (p[1] == '#') {
                char *end;
                cp = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &end, 16)
                                                  : strtoul(p + 2, &end, 10);
                if (end != semi)
                    cp = 0;
            } else {
                char name[16];
                memcpy(name, p + 1, (size_t)(semi - p - 1));
                name[semi - p - 1] = '\0';
                const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
                cp = d ? d->value : 0;
            }
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *out++ = *p++;
            continue;
        }
        if (cp < 0x80) {
            *out++ = (char)cp;
        } else if (cp < 0x800) {
            *out++ = (char)(0xC0 | (cp >> 6));
            *out++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *out++ = (char)(0xE0 | (cp >> 12));
            *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *out++ = (char)(0xF0 | (cp >> 18));
            *out++ = (char)(0x80 | ((cp >> 12) & 0x3F));
            *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (char)(0x80 | (cp & 0x3F));
        }
        p = semi + 1;
    }
    *out = '\0';
}

/* The text of an element's text children, as one string (caller frees). */
static char *node_text(xmlNodePtr n)
{
    kb_buf b = KB_BUF_INIT;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            kb_buf_puts(&b, (const char *)c->content);
    return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

/* The JSON text of a script, without the comment or CDATA wrappers old
 * pages put around it. */
static char *script_json(xmlNodePtr n)
{
    char *s = node_text(n);
    if (!s)
        return NULL;
    char *p = s;
    size_t len = strlen(p);
    for (int again = 1; again;) {
        again = 0;
        while (len && isspace((unsigned char)*p))
            p++, len--;
        while (len && (isspace((unsigned char)p[len - 1]) || p[len - 1] == ';'))
            len--;
        static const char *const opens[] = {"<!--", "//<![CDATA[", "<![CDATA["};
        static const char *const closes[] = {"-->", "//]]>", "]]>"};
        for (size_t i = 0; i < 3; i++) {
            size_t o = strlen(opens[i]), c = strlen(closes[i]);
            if (len >= o && strncmp(p, opens[i], o) == 0)
                p += o, len -= o, again = 1;
            if (len >= c && strncmp(p + len - c, closes[i], c) == 0)
                len -= c, again = 1;
        }
    }
    memmove(s, p, len);
    s[len] = '\0';
    return s;
}

static void join_author(kb_buf *b, const char *name, size_t index, size_t count)
{
    if (index)
        kb_buf_puts(b, index + 1 == count ? " and " : ", ");
    kb_buf_puts(b, name);
}

/* Reads the first article object of one JSON-LD script into a. Returns 1
 * when it found one. */
static int ld_read(const char *json, ld_article *a)
{
    int found = 0;
    sqlite3_bind_text(ld_valid, 1, json, -1, SQLITE_STATIC);
    int valid = sqlite3_step(ld_valid) == SQLITE_ROW && sqlite3_column_int(ld_valid, 0);
    sqlite3_reset(ld_valid);
    sqlite3_clear_bindings(ld_valid);
    if (!valid)
        return 0;
    sqlite3_bind_text(ld_find, 1, json, -1, SQLITE_STATIC);
    char *obj = sqlite3_step(ld_find) == SQLITE_ROW ? column(ld_find, 0) : NULL;
    sqlite3_reset(ld_find);
    sqlite3_clear_bindings(ld_find);
    if (!obj)
        return 0;
    sqlite3_bind_text(ld_fields, 1, obj, -1, SQLITE_STATIC);
    sqlite3_bind_text(ld_fields, 2, json, -1, SQLITE_STATIC);
    if (sqlite3_step(ld_fields) == SQLITE_ROW) {
        found = 1;
        a->headline = column(ld_fields, 0);
        a->published = column(ld_fields, 1);
        a->modified = column(ld_fields, 2);
        a->publisher = column(ld_fields, 3);
        a->url = column(ld_fields, 4);
        a->description = column(ld_fields, 5);
        a->lang = column(ld_fields, 6);
        a->body = column(ld_fields, 7);
    }
    sqlite3_reset(ld_fields);
    sqlite3_clear_bindings(ld_fields);

    sqlite3_bind_text(ld_authors, 1, obj, -1, SQLITE_STATIC);
    sqlite3_bind_text(ld_authors, 2, json, -1, SQLITE_STATIC);
    kb_strlist names = {NULL, 0, 0};
    while (sqlite3_step(ld_authors) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(ld_authors, 0);
        char *name = s ? clean((const char *)s) : NULL;
        if (!name)
            continue;
        decode_references(name);
        int dup = 0;
        for (size_t i = 0; i < names.len; i++)
            dup |= strcmp(names.items[i], name) == 0;
        if (!dup && names.len < 32)
            kb_strlist_add(&names, "%s", name);
        free(name);
    }
    sqlite3_reset(ld_authors);
    sqlite3_clear_bindings(ld_authors);
    if (names.len) {
        kb_buf b = KB_BUF_INIT;
        for (size_t i = 0; i < names.len; i++)
            join_author(&b, names.items[i], i, names.len);
        a->authors = kb_buf_take(&b);
    }
    kb_strlist_free(&names);
    free(obj);
    decode_references(a->headline);
    decode_references(a->publisher);
    decode_references(a->description);
    return found;
}

/* The article described by the page's JSON-LD, from the first script
 * that has one; scripts that are not valid JSON are passed over. */
static void read_json_ld(const page *pg, ld_article *a)
{
    if (!pg->nld)
        return;
    pthread_mutex_lock(&ld_lock);
    if (ld_open() == 0) {
        for (size_t i = 0; i < pg->nld; i++) {
            char *json = script_json(pg->ld[i]);
            int found = json && ld_read(json, a);
            free(json);
            if (found)
                break;
        }
    }
    pthread_mutex_unlock(&ld_lock);
}

/* The JSON-LD articleBody, when its text is plain (no markup) and the
 * page's own tree holds much less of it: pages that build their article
 * with JavaScript leave the tree without it. Its lines become paragraphs. */
#define LD_BODY_MIN 500

static void prefer_json_ld_body(kb_article *a, char *body, int *nomem)
{
    if (strchr(body, '<'))
        return;
    size_t have = a->text ? strlen(a->text) : 0, len = strlen(body);
    if (len < LD_BODY_MIN || have * 10 >= len * 3)
        return;
    decode_references(body);
    kb_buf b = KB_BUF_INIT;
    for (char *line = body; *line;) {
        size_t n = strcspn(line, "\r\n");
        char *para = clean_string(line, n);
        if (para) {
            if (b.len)
                kb_buf_puts(&b, "\n\n");
            kb_buf_puts(&b, para);
            free(para);
        }
        line += n;
        line += strspn(line, "\r\n");
    }
    if (b.len < LD_BODY_MIN) {
        kb_buf_free(&b);
        return;
    }
    char *text = kb_buf_take(&b);
    if (!text) {
        *nomem = 1;
        return;
    }
    free(a->text);
    a->text = text;
}

/* ------------------------------------------------------------------------ */
/* Metadata                                                                 */

static int looks_like_url(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
                 strncmp(s, "//", 2) == 0 || strncmp(s, "/", 1) == 0);
}

/* Whether a segment of the title names the site: its name, or its host
 * with or without the domain ("nytimes.com", "NYTimes"). */
static int names_site(const char *seg, size_t n, const char *site, const char *host)
{
    char a[256], b[256];
    squeeze(seg, n, a, sizeof a);
    if (!*a)
        return 0;
    if (site) {
        squeeze(site, strlen(site), b, sizeof b);
        if (*b && (strcmp(a, b) == 0 || (strlen(b) >= 4 && strstr(a, b)) ||
                   (strlen(a) >= 4 && strstr(b, a))))
            return 1;
    }
    if (host) {
        const char *dot = strchr(host, '.');
        squeeze(host, dot ? (size_t)(dot - host) : strlen(host), b, sizeof b);
        if (strlen(b) >= 3 && strstr(a, b))
            return 1;
    }
    return 0;
}

static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1])))
            w++;
    return w;
}

/* The separators a page puts between its headline and its name; the
 * first few are never a headline's own punctuation, so a short segment
 * after them is the site's or a section's name even when kb cannot tell. */
static const char *const separators[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                         " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xC2\xBB ",
                                         " / ", ": "};
#define PLAIN_SEPARATORS 7

/* The title less the site's name around it: "Headline | Site", "Headline -
 * Section - Site", "Site: Headline". A trailing segment that does not name
 * the site goes only when it is short (a section or the site's own short
 * name) and the headline stays longer. Edits title in place. */
static void strip_site(char *title, const char *site, const char *host, int short_too)
{
    for (int round = 0; round < 2; round++) {
        size_t len = strlen(title);
        char *cut = NULL;
        size_t seplen = 0, kind = 0;
        for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
            if (i == sizeof separators / sizeof *separators - 1)
                break; /* ": " only introduces, see below */
            const char *sep = separators[i];
            for (char *p = strstr(title, sep); p; p = strstr(p + 1, sep))
                if (!cut || p > cut)
                    cut = p, seplen = strlen(sep), kind = i;
        }
        if (!cut)
            break;
        const char *tail = cut + seplen;
        size_t tail_len = len - (size_t)(tail - title), head_len = (size_t)(cut - title);
        int site_tail = names_site(tail, tail_len, site, host);
        int short_tail = short_too && kind < PLAIN_SEPARATORS && words(tail, tail_len) <= 3 &&
                         tail_len <= 30 &&
                         words(title, head_len) >= 3 && head_len > tail_len;
        if (head_len && (site_tail || short_tail)) {
            *cut = '\0';
            if (!site_tail)
                short_too = 0; /* one section at most */
            continue;
        }
        break;
    }
    /* "Site: Headline", "Site | Headline": the site's very name, as a
     * series' name that starts with it ("9to5Mac Gift Guide: …") is the
     * headline's. */
    char name[256], lead[256];
    squeeze(site ? site : "", site ? strlen(site) : 0, name, sizeof name);
    for (size_t i = 0; *name && i < sizeof separators / sizeof *separators; i++) {
        char *p = strstr(title, separators[i]);
        if (p)
            squeeze(title, (size_t)(p - title), lead, sizeof lead);
        if (p && p > title && strcmp(lead, name) == 0) {
            const char *rest = p + strlen(separators[i]);
            if (words(rest, strlen(rest)) >= 2) {
                memmove(title, rest, strlen(rest) + 1);
                break;
            }
        }
    }
}

/* The first date among the candidates that kb_date_normalize understands;
 * raw keeps what the page wrote (the first candidate when none is
 * understood). */
static void pick_date(const char *const *cands, size_t n, char **norm, char **raw)
{
    char out[21];
    for (size_t i = 0; i < n; i++) {
        char *c = clean(cands[i]);
        if (!c)
            continue;
        if (kb_date_normalize(c, out)) {
            free(*raw);
            *raw = c;
            *norm = strdup(out);
            return;
        }
        if (!*raw)
            *raw = c;
        else
            free(c);
    }
}

static char *first_clean(const char *const *cands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *c = clean(cands[i]);
        if (c)
            return c;
    }
    return NULL;
}

/* A value out of the JSON that Parse.ly's parsely-page meta tag holds. */
static char *parsely_field(const char *json, const char *field)
{
    if (!json)
        return NULL;
    char *out = NULL, path[64];
    snprintf(path, sizeof path, "$.%s", field);
    pthread_mutex_lock(&ld_lock);
    if (ld_open() == 0) {
        sqlite3_bind_text(ld_path, 1, json, -1, SQLITE_STATIC);
        sqlite3_bind_text(ld_path, 2, path, -1, SQLITE_STATIC);
        if (sqlite3_step(ld_path) == SQLITE_ROW && sqlite3_column_type(ld_path, 0) == SQLITE_TEXT)
            out = strdup((const char *)sqlite3_column_text(ld_path, 0));
        sqlite3_reset(ld_path);
        sqlite3_clear_bindings(ld_path);
    }
    pthread_mutex_unlock(&ld_lock);
    return out;
}

static void fill_metadata(const page *pg, const ld_article *ld, const char *page_url, int body,
                          kb_article *a)
{
    const char *const *m = pg->meta;

    const char *urls[] = {pg->canonical, m[M_OG_URL], ld->url, page_url};
    for (size_t i = 0; i < sizeof urls / sizeof *urls && !a->url; i++)
        if (urls[i]) {
            char *c = clean(urls[i]);
            char *u = c ? kb_url_canonical(c, page_url) : NULL;
            free(c);
            a->url = u ? clean(u) : NULL;
            free(u);
        }

    char *host = a->url ? kb_url_host(a->url) : NULL;
    if (!host && page_url)
        host = kb_url_host(page_url);
    const char *sites[] = {m[M_SITE], ld->publisher, m[M_APP_NAME], host};
    a->site = first_clean(sites, sizeof sites / sizeof *sites);

    char *title = clean(ld->headline);
    if (title)
        strip_site(title, a->site, host, 0);
    if (!title && m[M_OG_TITLE]) {
        title = clean(m[M_OG_TITLE]);
        if (title)
            strip_site(title, a->site, host, 0);
    }
    if (!title && pg->title) {
        char *raw = node_text(pg->title);
        title = clean(raw);
        free(raw);
        if (title)
            strip_site(title, a->site, host, 1);
    }
    if (!title) {
        const char *more[] = {m[M_PARSELY_TITLE], m[M_TW_TITLE]};
        title = first_clean(more, 2);
    }
    a->title = title;

    if (ld->authors) {
        a->byline = clean(ld->authors);
    } else {
        char *parsely = parsely_field(m[M_PARSELY_PAGE], "author");
        /* article:author is often a profile's URL, not a name. */
        const char *article_author =
            looks_like_url(m[M_ARTICLE_AUTHOR]) ? NULL : m[M_ARTICLE_AUTHOR];
        const char *authors[] = {m[M_AUTHOR], article_author, parsely};
        a->byline = first_clean(authors, sizeof authors / sizeof *authors);
        free(parsely);
    }

    char *parsely_date = parsely_field(m[M_PARSELY_PAGE], "pub_date");
    const char *time_in_article = NULL, *first_time = NULL;
    if (pg->first_time >= 0)
        first_time = attr(pg->els[pg->first_time].node, "datetime");
    if (body >= 0) {
        xmlNodePtr root = pg->els[body].node;
        for (xmlNodePtr n = root; n && !time_in_article; n = next_node(n, root, 0, NULL, NULL))
            if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "time"))
                time_in_article = attr(n, "datetime");
    }
    const char *dates[] = {ld->published, m[M_PUBLISHED], m[M_DATE], parsely_date,
                           time_in_article, first_time};
    pick_date(dates, sizeof dates / sizeof *dates, &a->published, &a->published_raw);
    free(parsely_date);
    const char *modified[] = {ld->modified, m[M_MODIFIED]};
    char *modified_raw = NULL;
    pick_date(modified, 2, &a->modified, &modified_raw);
    free(modified_raw);

    char *locale = clean(m[M_LOCALE]);
    for (char *p = locale; p && *p; p++)
        if (*p == '_')
            *p = '-';
    const char *langs[] = {pg->lang, locale, m[M_CONTENT_LANG], ld->lang};
    a->lang = first_clean(langs, sizeof langs / sizeof *langs);
    free(locale);

    const char *descs[] = {m[M_DESC], m[M_OG_DESC], m[M_TW_DESC], ld->description};
    a->description = first_clean(descs, sizeof descs / sizeof *descs);
    free(host);
}


/* ------------------------------------------------------------------------ */
/* The API                                                                  */

void kb_article_free(kb_article *a)
{
    if (!a)
        return;
    free(a->title);
    free(a->byline);
    free(a->published);
    free(a->published_raw);
    free(a->modified);
    free(a->url);
    free(a->site);
    free(a->lang);
    free(a->description);
    free(a->text);
    free(a);
}

/* Binary data, not a page: NUL bytes or many control characters near the
 * start (UTF-16 pages, which have NULs, start with a BOM). */
static int binary(const unsigned char *s, size_t len)
{
    size_t n = len < 1024 ? len : 1024, nuls = 0, controls = 0;
    for (size_t i = 0; i < n; i++) {
        nuls += s[i] == 0;
        controls += stray_control(s[i]);
    }
    /* A stray NUL or two is damage that the decoding repairs. */
    return nuls > n / 64 + 1 || controls > n / 10 + 1;
}

/* The page as clean UTF-8, in a new buffer (*owned) or in place. */
static kb_code decode_page(const char *html, size_t len, const char **out, size_t *outlen,
                           char **owned, kb_error *err)
{
    *owned = NULL;
    /* A page in UTF-16 has NULs, and says so with its byte order mark. */
    if (!kb_charset_bom(html, len, 0, NULL) && binary((const unsigned char *)html, len))
        return kb_error_set(err, KB_ERR_INPUT, "not an HTML page: binary data");
    char *utf8 = NULL;
    size_t n = 0;
    kb_code rc = kb_charset_to_utf8(html, len, KB_CHARSET_HTML, NULL, &utf8, &n, err);
    if (rc != KB_OK)
        return rc;
    if (!kb_text_is_clean(utf8, n)) {
        char *c = kb_text_clean(utf8, n, &n);
        free(utf8);
        if (!c)
            return kb_error_set(err, KB_ERR_NOMEM, "out of memory decoding the page");
        utf8 = c;
    }
    *out = *owned = utf8;
    *outlen = n;
    return KB_OK;
}

kb_code kb_extract_html(const char *html, size_t len, const char *url, kb_article **out,
                        kb_error *err)
{
    *out = NULL;
    if (!html && len)
        return kb_error_set(err, KB_ERR_USAGE, "no page given");
    if (len > KB_EXTRACT_MAX_BYTES)
        return kb_error_set(err, KB_ERR_INPUT, "page too large: %zu bytes (at most %u)", len,
                            KB_EXTRACT_MAX_BYTES);
    kb_article *a = calloc(1, sizeof *a);
    if (!a)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");

    const char *text = NULL;
    size_t text_len = 0;
    char *owned = NULL;
    kb_code rc = len ? decode_page(html, len, &text, &text_len, &owned, err) : KB_OK;
    if (rc != KB_OK) {
        free(a);
        return rc;
    }
    xmlDocPtr doc = NULL;
    if (text_len) {
        htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
        if (!ctxt) {
            free(owned);
            free(a);
            return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        }
        /* The encoding is given, and the page's own declaration ignored:
         * the bytes are UTF-8 by now whatever the page said. */
        doc = htmlCtxtReadMemory(ctxt, text, (int)text_len, url, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
                                     HTML_PARSE_IGNORE_ENC);
        htmlFreeParserCtxt(ctxt);
    }
    free(owned);

    page pg;
    memset(&pg, 0, sizeof pg);
    pg.first_time = -1;
    ld_article ld;
    memset(&ld, 0, sizeof ld);
    int nomem = 0;
    if (doc && build_table(&pg, doc) < 0)
        nomem = 1;
    if (doc && !nomem) {
        read_json_ld(&pg, &ld);
        score(&pg, 0);
        score(&pg, 1);
        int body = choose(&pg), scraps = 1;
        if (body < 0) {
            /* Every line of a page without paragraphs counts. */
            body = whole_page(&pg);
            scraps = 0;
        }
        fill_metadata(&pg, &ld, url, body, a);
        if (body >= 0)
            a->text = write_article(&pg, body, a, scraps, &nomem);
        if (!nomem && ld.body)
            prefer_json_ld_body(a, ld.body, &nomem);
    } else if (!nomem) {
        fill_metadata(&pg, &ld, url, -1, a); /* the URL given, and its host */
    }
    /* Character references in the page (&#27;, &#x85;) may still name
     * controls that the policy turns into spaces. */
    if (a->text && !nomem && !(a->text = kb_text_clean_take(kb_html_c1_take(a->text))))
        nomem = 1;
    if (!a->text && !nomem)
        a->text = calloc(1, 1);
    if (!a->text)
        nomem = 1;
    ld_free(&ld);
    free(pg.els);
    free(pg.ld);
    if (doc)
        xmlFreeDoc(doc);
    if (nomem) {
        kb_article_free(a);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory extracting the article");
    }
    *out = a;
    return KB_OK;
}

int kb_extract_is_html(const char *data, size_t len)
{
    /* The elements a page or a fragment of one starts with; a note or a
     * feed starts otherwise (text, "#", <rss>, <feed>, <rdf:RDF>). */
    static const char *const starts[] = {
        "html", "head",  "body",   "meta",    "title", "link",  "script", "style", "base",
        "div",  "p",     "article", "section", "main",  "header", "nav",   "aside", "h1",
        "h2",   "h3",    "h4",     "h5",      "h6",    "table", "ul",     "ol",    "span",
        "a",    "br",    "img",    "form",    "center", "font", "noscript", "blockquote"};
    size_t n = len < 4096 ? len : 4096;
    if (!data || binary((const unsigned char *)data, n))
        return 0;
    const char *p = data, *end = data + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        const char *close = NULL;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
            close = "-->";
        else if (end - p >= 2 && memcmp(p, "<?", 2) == 0)
            close = "?>";
        if (!close)
            break;
        /* Comments and an XML declaration say nothing either way. */
        const char *q = p + 2;
        size_t k = strlen(close);
        while (q + k <= end && memcmp(q, close, k) != 0)
            q++;
        if (q + k > end)
            return 0;
        p = q + k;
    }
    if (end - p < 2 || *p != '<')
        return 0;
    p++;
    if (end - p >= 13 && strncasecmp(p, "!doctype html", 13) == 0)
        return 1;
    size_t k = 0;
    while (p + k < end && isalnum((unsigned char)p[k]))
        k++;
    if (!k || (p + k < end && !isspace((unsigned char)p[k]) && p[k] != '>' && p[k] != '/'))
        return 0;
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        if (strlen(starts[i]) == k && strncasecmp(p, starts[i], k) == 0)
            return 1;
    return 0;
}
