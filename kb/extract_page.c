/* The page as a table of elements: one walk of the tree fills it, reads
 * what each element's tag, role, class and id say about it, and collects
 * the metadata the page gives about itself. */
#include "extract_internal.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"

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
const char *kb_extract_attr(xmlNodePtr n, const char *name)
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
xmlNodePtr kb_extract_next(xmlNodePtr n, xmlNodePtr root, int skip,
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

/* The text of an element's text children, as one string (caller frees). */
char *kb_extract_node_text(xmlNodePtr n)
{
    kb_buf b = KB_BUF_INIT;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            kb_buf_puts(&b, (const char *)c->content);
    return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

/* ------------------------------------------------------------------------ */
/* Class and id words                                                       */

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
    e->parent = el_index(n->parent);
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
            pg->lang = kb_extract_attr(n, "lang");
        if (!pg->lang)
            pg->lang = kb_extract_attr(n, "xml:lang");
        break;
    case KB_HTML_R_TITLE:
        if (!pg->title)
            pg->title = n;
        flags |= F_HARD;
        skip = 1;
        break;
    case KB_HTML_R_META: {
        const char *content = kb_extract_attr(n, "content");
        set_meta(pg, kb_extract_attr(n, "property"), content);
        set_meta(pg, kb_extract_attr(n, "name"), content);
        set_meta(pg, kb_extract_attr(n, "itemprop"), content);
        set_meta(pg, kb_extract_attr(n, "http-equiv"), content);
        flags |= F_HARD;
        break;
    }
    case KB_HTML_R_LINK:
        if (!pg->canonical && has_token(kb_extract_attr(n, "rel"), "canonical"))
            pg->canonical = kb_extract_attr(n, "href");
        break;
    case KB_HTML_R_SCRIPT: {
        const char *type = kb_extract_attr(n, "type");
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
        if (pg->first_time < 0 && kb_extract_attr(n, "datetime"))
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
    if ((props & (KB_HTML_DROP | KB_HTML_PAGE_DROP)) && !(props & KB_HTML_VOID)) {
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
    int p = el_index(n->parent);
    if (p < 0 || (pg->els[p].flags & F_HARD) || !n->content)
        return;
    unsigned chars = 0;
    for (const unsigned char *s = n->content; *s; s++)
        chars += *s > ' ' && (*s & 0xC0) != 0x80;
    pg->els[p].self_text += chars;
}

int kb_extract_build_table(page *pg, xmlDocPtr doc)
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
        n = kb_extract_next(n, root, skip, NULL, NULL);
    }
    return 0;
}
