/* Feeds: RSS 0.9x, 1.0 (RDF), 2.0, Atom 0.3 and 1.0, and CDF, item by item.
 *
 * The document is made UTF-8 first (UTF-16/32 converted, bad bytes replaced)
 * and HTML entity references that feeds use without declaring them are
 * rewritten as character references, so that libxml2 reads what a browser
 * would. libxml2 then parses it strictly; a document it refuses is parsed
 * again in recovery mode, and kept when what survives is still a feed. No
 * entity is ever substituted by the parser: internal ones are expanded here,
 * within a budget, and external ones never. */
#include "kb/feed.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"
#include "kb/charset.h"
#include "kb/date.h"
#include "kb/html.h"
#include "kb/lang.h"
#include "kb/url.h"
#include "kb/utf8.h"
#include "kb/xml.h"

/* Bytes that internal entities may add to a document, all fields together. */
enum { ENTITY_BUDGET = 1 << 20 };
/* Longer URLs, languages and inherited author lists are not real ones. */
enum { MAX_URL = 8192, MAX_AUTHORS = 4096 };

/* memmem, which C11 and POSIX lack. */
static const char *find(const char *s, size_t n, const char *pat, size_t m)
{
    if (m == 0 || n < m)
        return NULL;
    const char *end = s + n - m;
    for (const char *p = s; p <= end; p++) {
        p = memchr(p, pat[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, pat, m) == 0)
            return p;
    }
    return NULL;
}

/* ---- charsets --------------------------------------------------------- */

/* 2 or 4 when the document is in UTF-16 or UTF-32 (big-endian when *big),
 * 0 when it is byte-oriented. */
static int wide(const char *data, size_t len, int *big)
{
    char name[48];
    size_t bom;
    const char *cs = kb_charset_detect(data, len, KB_CHARSET_XML, NULL, name, &bom);
    int width = strncmp(cs, "UTF-16", 6) == 0 ? 2 : strncmp(cs, "UTF-32", 6) == 0 ? 4 : 0;
    *big = width && cs[6] == 'B';
    return width;
}

/* ---- entity references ------------------------------------------------ */

static int name_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

static int xml_char(unsigned long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Where the construct that starts at s[i] (a comment, CDATA section, PI or
 * doctype, whose content is not text to rewrite) ends; i when it is none. */
static size_t skip_markup(const char *s, size_t n, size_t i)
{
    static const struct {
        const char *open, *close;
    } spans[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
    for (size_t k = 0; k < sizeof spans / sizeof *spans; k++) {
        size_t ol = strlen(spans[k].open), cl = strlen(spans[k].close);
        if (n - i >= ol && memcmp(s + i, spans[k].open, ol) == 0) {
            const char *e = find(s + i + ol, n - i - ol, spans[k].close, cl);
            return e ? (size_t)(e - s) + cl : n;
        }
    }
    if (n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) {
        int depth = 0;
        char quote = 0;
        for (size_t j = i + 9; j < n; j++) {
            char c = s[j];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return j + 1;
            } else if (c == '<' && depth > 0 && n - j >= 4 && memcmp(s + j, "<!--", 4) == 0) {
                const char *e = find(s + j + 4, n - j - 4, "-->", 3);
                if (!e)
                    return n;
                j = (size_t)(e - s) + 2;
            }
        }
        return n;
    }
    return i;
}

/* The names a doctype declares with <!ENTITY name ...>. */
static xmlHashTablePtr declared_entities(const char *s, size_t n)
{
    const char *p = find(s, n, "<!ENTITY", 8);
    if (!p)
        return NULL;
    xmlHashTablePtr h = xmlHashCreate(16);
    while (h && p) {
        size_t i = (size_t)(p - s) + 8;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        size_t start = i;
        while (i < n && name_byte((unsigned char)s[i]) && i - start < 256)
            i++;
        if (i > start) {
            xmlChar *name = xmlStrndup((const xmlChar *)s + start, (int)(i - start));
            if (name && xmlHashAddEntry(h, name, (void *)1) != 0) {
                /* Already there: declared twice. */
            }
            xmlFree(name);
        }
        p = i < n ? find(s + i, n - i, "<!ENTITY", 8) : NULL;
    }
    return h;
}

/* What replaces the reference at s[i] ('&'): its length in *skip and, in
 * repl, the text to write instead ("" when it stays as it is). */
static void reference(const char *s, size_t n, size_t i, xmlHashTablePtr *declared,
                      int *looked, size_t *skip, char repl[24])
{
    size_t j = i + 1;
    repl[0] = '\0';
    if (j < n && s[j] == '#') {
        int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
        size_t k = j + (hex ? 2 : 1), start = k;
        unsigned long v = 0;
        while (k < n && k - start < 9) {
            unsigned char d = (unsigned char)s[k];
            int dv = d >= '0' && d <= '9'                ? d - '0'
                     : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                     : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                   : -1;
            if (dv < 0)
                break;
            v = v * (hex ? 16 : 10) + (unsigned long)dv;
            k++;
        }
        if (k > start && k < n && s[k] == ';') {
            *skip = k + 1 - i;
            /* XML cannot hold a reference to a control; kb would store it
             * as a space (utf8.h), so a space it is. */
            if (!xml_char(v))
                strcpy(repl, v > 0 && v < 0x20 ? " " : "&#xFFFD;");
            return;
        }
    } else {
        size_t k = j;
        while (k < n && name_byte((unsigned char)s[k]) && k - j < 64)
            k++;
        if (k > j && k < n && s[k] == ';') {
            char name[65];
            memcpy(name, s + j, k - j);
            name[k - j] = '\0';
            *skip = k + 1 - i;
            if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
                !strcmp(name, "quot") || !strcmp(name, "apos"))
                return;
            if (!*looked) {
                *declared = declared_entities(s, n);
                *looked = 1;
            }
            if (*declared && xmlHashLookup(*declared, (const xmlChar *)name))
                return;
            const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
            if (e) {
                snprintf(repl, 24, "&#%u;", e->value);
                return;
            }
        }
    }
    strcpy(repl, "&amp;");
    *skip = 1;
}

/* Rewrites the document so that libxml2 reads what a browser would, and
 * reads it in linear time:
 * - feeds write &eacute; and &nbsp; without declaring them, and a bare &
 *   in "AT&T": these become &#233;, &#160; and &amp;; a reference to an
 *   entity neither HTML nor the doctype knows is kept as text ("&amp;foo;");
 * - comments are dropped (their newlines kept, so lines keep their numbers):
 *   libxml2 copies the whole comment so far for each "--" inside one, which
 *   a comment full of them turns into quadratic time.
 * CDATA sections, processing instructions and the doctype (but for its
 * comments) are left as they are. Returns 0 when nothing changed, 1 when out
 * holds the new text, -1 when out of memory. */
static int rewrite(const char *s, size_t n, kb_buf *out)
{
    if (!memchr(s, '&', n) && !find(s, n, "<!--", 4))
        return 0;
    xmlHashTablePtr declared = NULL;
    int looked = 0, changed = 0, err = 0;
    int in_doctype = 0, depth = 0;
    char quote = 0;
    size_t i = 0, copied = 0;
    while (i < n && !err) {
        char c = s[i];
        if (in_doctype && quote) {
            if (c == quote)
                quote = 0;
            i++;
            continue;
        }
        if (c == '<' && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = find(s + i + 4, n - i - 4, "-->", 3);
            size_t end = e ? (size_t)(e - s) + 3 : n;
            err = kb_buf_append(out, s + copied, i - copied) < 0;
            for (const char *nl = s + i; !err && (nl = memchr(nl, '\n', end - (size_t)(nl - s)));
                 nl++)
                err = kb_buf_append(out, "\n", 1) < 0;
            changed = 1;
            i = copied = end;
            continue;
        }
        if (in_doctype) {
            if (c == '"' || c == '\'')
                quote = c;
            else if (c == '[')
                depth++;
            else if (c == ']')
                depth--;
            else if (c == '>' && depth <= 0)
                in_doctype = 0;
            i++;
            continue;
        }
        if (c == '<') {
            if (n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) {
                in_doctype = 1;
                depth = 0;
                i += 9;
            } else {
                size_t e = skip_markup(s, n, i);
                i = e > i ? e : i + 1;
            }
            continue;
        }
        if (c != '&') {
            i++;
            continue;
        }
        size_t skip;
        char repl[24];
        reference(s, n, i, &declared, &looked, &skip, repl);
        if (repl[0]) {
            err = kb_buf_append(out, s + copied, i - copied) < 0 || kb_buf_puts(out, repl) < 0;
            changed = 1;
            copied = i + skip;
        }
        i += skip;
    }
    if (declared)
        xmlHashFree(declared, NULL);
    if (!err && changed)
        err = kb_buf_append(out, s + copied, n - copied) < 0;
    return err ? -1 : changed;
}

typedef struct input {
    const char *data;
    size_t len;
    kb_buf owned;
    const char *encoding; /* for the parser */
    int options;
} input;

/* Prepares the bytes libxml2 will read: UTF-8 whatever the document was
 * in, clean (utf8.h), its references rewritten. Returns -1 when out of
 * memory. */
static int prepare(const char *data, size_t len, input *in)
{
    in->encoding = "UTF-8";
    in->options = XML_PARSE_IGNORE_ENC;
    char *utf8 = NULL;
    size_t n = 0;
    kb_error e;
    if (kb_charset_to_utf8(data, len, KB_CHARSET_XML, NULL, &utf8, &n, &e) != KB_OK)
        return -1;
    if (!kb_text_is_clean(utf8, n)) {
        char *c = kb_text_clean(utf8, n, &n);
        free(utf8);
        if (!c)
            return -1;
        utf8 = c;
    }
    kb_buf conv = {utf8, n, n + 1};
    int r = rewrite(utf8, n, &in->owned);
    if (r > 0) {
        kb_buf_free(&conv);
    } else if (r == 0) {
        in->owned = conv;
    } else {
        kb_buf_free(&conv);
        kb_buf_free(&in->owned);
        return -1;
    }
    in->data = in->owned.data ? in->owned.data : "";
    in->len = in->owned.len;
    return 0;
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct errsink {
    int line;
    int level;
    int loop; /* an entity refers to itself, or expands without bound */
    int deep; /* nested past the parser's depth limit */
    char msg[200];
} errsink;

static void on_error(void *ctx, xmlErrorPtr e)
{
    errsink *s = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    /* libxml2 2.9 calls an expansion without bound a loop; later versions
     * speak of amplification. */
    if (e->code == XML_ERR_ENTITY_LOOP || (e->message && strstr(e->message, "mplification")))
        s->loop = 1;
    /* The first fatal error says why; later ones follow from it. */
    if (s->msg[0] && (s->level == XML_ERR_FATAL || e->level != XML_ERR_FATAL))
        return;
    s->level = e->level;
    s->line = e->line;
    size_t j = 0;
    const char *m = e->message ? e->message : "error";
    for (size_t i = 0; m[i] && j < sizeof s->msg - 1; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c < 0x20 || c == 0x7F) {
            if (j && s->msg[j - 1] != ' ')
                s->msg[j++] = ' ';
        } else {
            s->msg[j++] = (char)c;
        }
    }
    s->msg[j] = '\0';
    /* A message cut short may end in part of a character. */
    while (j && (s->msg[j - 1] == ' ' || !xmlCheckUTF8((const xmlChar *)s->msg)))
        s->msg[--j] = '\0';
    if (!j)
        strcpy(s->msg, "error");
}

/* XML_PARSE_HUGE lets a text node pass libxml2's 10 MB (the feed is held to
 * KB_MAX_FILE_BYTES), but lifts its depth limit too: the depth is counted
 * here instead, and a feed nested deeper than FEED_MAX_DEPTH is stopped, to
 * be refused whole. (Entities are never substituted by the parser, so
 * nothing else the option lifts applies.) */
enum { FEED_MAX_DEPTH = 256 };

typedef struct depth_count {
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
    size_t depth;
    errsink *sink;
} depth_count;

static void counted_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
                          int ndefaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    depth_count *d = ctxt->_private;
    if (++d->depth > FEED_MAX_DEPTH) {
        if (!d->sink->deep) {
            d->sink->deep = 1;
            d->sink->line = xmlSAX2GetLineNumber(ctx);
        }
        xmlStopParser(ctxt);
        return;
    }
    d->start(ctx, local, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
}

static void counted_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
                        const xmlChar *uri)
{
    depth_count *d = ((xmlParserCtxtPtr)ctx)->_private;
    if (d->depth && d->depth-- <= FEED_MAX_DEPTH)
        d->end(ctx, local, prefix, uri);
}

static xmlDocPtr parse(const input *in, const char *url, int options, errsink *sink,
                       int *wellformed)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    depth_count count = {ctxt->sax->startElementNs, ctxt->sax->endElementNs, 0, sink};
    ctxt->_private = &count;
    ctxt->sax->startElementNs = counted_start;
    ctxt->sax->endElementNs = counted_end;
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(sink, on_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, in->data, (int)in->len, url, in->encoding,
                                      options | in->options | XML_PARSE_NONET |
                                          XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_HUGE);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    *wellformed = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- reading the tree ------------------------------------------------- */

enum ns { NS_OTHER, NS_CORE, NS_ATOM, NS_DC, NS_DCTERMS, NS_CONTENT, NS_XHTML, NS_RDF, NS_ITUNES };

static const struct {
    const char *uri;
    int ns;
} known_ns[] = {
    {"http://purl.org/rss/1.0/", NS_CORE},
    {"http://my.netscape.com/rdf/simple/0.9/", NS_CORE},
    {"http://backend.userland.com/rss", NS_CORE},
    {"http://backend.userland.com/rss2", NS_CORE},
    {"http://blogs.law.harvard.edu/tech/rss", NS_CORE},
    {"http://purl.org/net/rss1.1#", NS_CORE},
    {"http://www.w3.org/2005/Atom", NS_ATOM},
    {"http://purl.org/atom/ns#", NS_ATOM},
    {"http://purl.org/echo/", NS_ATOM},
    {"http://purl.org/dc/elements/1.1/", NS_DC},
    {"http://purl.org/dc/elements/1.0/", NS_DC},
    {"http://purl.org/dc/terms/", NS_DCTERMS},
    {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
    {"http://www.w3.org/1999/xhtml", NS_XHTML},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
};

static const struct {
    const char *prefix;
    int ns;
} known_prefixes[] = {
    {"dc", NS_DC},         {"dcterms", NS_DCTERMS}, {"content", NS_CONTENT}, {"atom", NS_ATOM},
    {"xhtml", NS_XHTML},   {"rdf", NS_RDF},         {"itunes", NS_ITUNES},
};

typedef struct fstate {
    const xmlChar *root_ns; /* the root's namespace: the feed's own vocabulary */
    int atom;               /* un-namespaced elements are Atom's */
    int cdf;
    size_t budget; /* what internal entities may still add */
    int bomb;
    int oom;
} fstate;

static int ns_by_prefix(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof known_prefixes / sizeof *known_prefixes; i++)
        if (strlen(known_prefixes[i].prefix) == n && !strncasecmp(p, known_prefixes[i].prefix, n))
            return known_prefixes[i].ns;
    return NS_OTHER;
}

/* The vocabulary of an element, and its local name. A prefix that was never
 * declared (libxml2 keeps "dc:creator" as the name) is read by its usual
 * meaning, as are unknown namespace URIs under a well-known prefix. */
static int ns_of(const fstate *fs, xmlNodePtr n, const char **local)
{
    const char *name = (const char *)n->name;
    *local = name;
    int ns = NS_OTHER;
    if (!n->ns) {
        const char *colon = strchr(name, ':');
        if (colon) {
            *local = colon + 1;
            ns = ns_by_prefix(name, (size_t)(colon - name));
        } else {
            ns = NS_CORE;
        }
    } else {
        const char *uri = (const char *)n->ns->href;
        for (size_t i = 0; uri && i < sizeof known_ns / sizeof *known_ns; i++)
            if (!strcasecmp(uri, known_ns[i].uri)) {
                ns = known_ns[i].ns;
                break;
            }
        if (ns == NS_OTHER && fs->root_ns && xmlStrEqual(n->ns->href, fs->root_ns))
            ns = fs->atom ? NS_ATOM : NS_CORE;
        if (ns == NS_OTHER && n->ns->prefix)
            ns = ns_by_prefix((const char *)n->ns->prefix,
                              strlen((const char *)n->ns->prefix));
    }
    if (ns == NS_CORE && fs->atom)
        ns = NS_ATOM;
    return ns;
}

static int is_el(const fstate *fs, xmlNodePtr n, int ns, const char *name)
{
    const char *local;
    return n && n->type == XML_ELEMENT_NODE && ns_of(fs, n, &local) == ns &&
           !strcasecmp(local, name);
}

/* Appends the text of a node list: text, CDATA, the text of child elements,
 * and internal entities expanded within the document's budget. Iterative,
 * since an entity's content is a list of its own, outside the tree. */
static void gather(fstate *fs, xmlNodePtr first, kb_buf *b)
{
    enum { MAX_DEPTH = 512 };
    xmlNodePtr stack[MAX_DEPTH];
    unsigned char in_entity[MAX_DEPTH];
    int depth = 1;
    stack[0] = first;
    in_entity[0] = 0;
    while (depth > 0 && !fs->bomb && !fs->oom) {
        xmlNodePtr n = stack[depth - 1];
        if (!n) {
            depth--;
            continue;
        }
        stack[depth - 1] = n->next;
        int ent = in_entity[depth - 1];
        const xmlChar *text = NULL;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text = n->content;
        } else if (n->type == XML_ELEMENT_NODE) {
            if (n->children && depth < MAX_DEPTH) {
                stack[depth] = n->children;
                in_entity[depth++] = (unsigned char)ent;
            }
        } else if (n->type == XML_ENTITY_REF_NODE) {
            xmlEntityPtr e = (xmlEntityPtr)n->children;
            if (e && e->type == XML_ENTITY_DECL && e->etype == XML_INTERNAL_GENERAL_ENTITY) {
                if (e->children && depth < MAX_DEPTH) {
                    stack[depth] = e->children;
                    in_entity[depth++] = 1;
                } else if (!e->children && e->content && !strpbrk((const char *)e->content, "&<")) {
                    text = e->content;
                    ent = 1;
                }
            }
        }
        if (text) {
            size_t len = strlen((const char *)text);
            if (ent) {
                if (len > fs->budget) {
                    fs->bomb = 1;
                    return;
                }
                fs->budget -= len;
            }
            if (kb_buf_append(b, (const char *)text, len) < 0)
                fs->oom = 1;
        }
    }
}

/* The text of an element or an attribute (its children), or NULL. */
static char *text_of(fstate *fs, xmlNodePtr first)
{
    kb_buf b = KB_BUF_INIT;
    gather(fs, first, &b);
    if (fs->oom || fs->bomb) {
        kb_buf_free(&b);
        return NULL;
    }
    /* &#146; in a feed is a Windows-1252 apostrophe, as in a page */
    char *t = kb_html_c1_take(b.data);
    if (b.data && !t)
        fs->oom = 1;
    return t;
}

/* Text as one line: white space collapsed, ends trimmed, control
 * characters dropped. Takes s; NULL when nothing is left. */
static char *one_line(char *s)
{
    if (!s)
        return NULL;
    size_t j = 0;
    int space = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = j > 0;
        } else if (c >= 0x20 && c != 0x7F) {
            if (space)
                s[j++] = ' ';
            space = 0;
            s[j++] = (char)c;
        }
    }
    s[j] = '\0';
    if (!j) {
        free(s);
        return NULL;
    }
    return kb_text_clean_take(s);
}

static const xmlAttr *find_attr(xmlNodePtr n, const char *name, const char *ns_uri)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name) != 0)
            continue;
        if (ns_uri ? (a->ns && a->ns->href && !strcmp((const char *)a->ns->href, ns_uri))
                   : !a->ns)
            return a;
    }
    return NULL;
}

/* An attribute's value as one line, or NULL. */
static char *attr_line(fstate *fs, xmlNodePtr n, const char *name, const char *ns_uri)
{
    const xmlAttr *a = find_attr(n, name, ns_uri);
    return a ? one_line(text_of(fs, a->children)) : NULL;
}

static char *element_line(fstate *fs, xmlNodePtr n)
{
    return n ? one_line(text_of(fs, n->children)) : NULL;
}

/* ---- links ------------------------------------------------------------ */

static size_t scheme_len(const char *u)
{
    size_t i = 0;
    if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
        return 0;
    while (u[i] && ((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
                    (u[i] >= '0' && u[i] <= '9') || u[i] == '+' || u[i] == '-' || u[i] == '.'))
        i++;
    return u[i] == ':' ? i : 0;
}

/* Schemes a reader may follow: javascript:, data: and the like never are. */
static int safe_scheme(const char *u)
{
    static const char *const ok[] = {"http", "https", "ftp",  "ftps", "file",
                                     "mailto", "news", "nntp", "gopher", "feed"};
    size_t n = scheme_len(u);
    for (size_t i = 0; n && i < sizeof ok / sizeof *ok; i++)
        if (strlen(ok[i]) == n && !strncasecmp(u, ok[i], n))
            return 1;
    return 0;
}

/* IRIs (non-ASCII, spaces) percent-encoded, so libxml2's URI parser takes them. */
static char *escape_iri(const char *s)
{
    kb_buf b = KB_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p > 0x7E || *p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
            *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
            kb_buf_printf(&b, "%%%02X", *p);
        else
            kb_buf_append(&b, (const char *)p, 1);
    }
    return kb_buf_take(&b);
}

/* href resolved against base: an absolute URL with a safe scheme, or NULL.
 * Takes href. */
static char *resolve(char *href, const char *base)
{
    if (!href)
        return NULL;
    char *r = NULL;
    if (!*href) {
        r = base ? strdup(base) : NULL;
    } else if (scheme_len(href)) {
        r = href;
        href = NULL;
    } else if (base) {
        r = kb_url_resolve(href, base);
        if (!r || !scheme_len(r)) {
            free(r);
            char *h = escape_iri(href), *b = escape_iri(base);
            r = h && b ? kb_url_resolve(h, b) : NULL;
            free(h);
            free(b);
        }
    }
    free(href);
    if (r && (!scheme_len(r) || !safe_scheme(r) || strlen(r) > MAX_URL)) {
        free(r);
        r = NULL;
    }
    return kb_text_clean_take(r);
}

/* ---- scopes: xml:base and xml:lang in force --------------------------- */

typedef struct scope {
    char *base;
    char *lang;
} scope;

static void scope_free(scope *s)
{
    free(s->base);
    free(s->lang);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A relative xml:base builds on the one in force; one with an unsafe
 * scheme, or absurdly long, is ignored. */
static scope enter(fstate *fs, xmlNodePtr n, const scope *outer)
{
    scope s = {NULL, NULL};
    char *b = attr_line(fs, n, "base", (const char *)XML_XML_NAMESPACE);
    if (b && strlen(b) <= MAX_URL && (!scheme_len(b) || safe_scheme(b))) {
        if (!scheme_len(b) && outer->base) {
            char *r = kb_url_resolve(b, outer->base);
            if (r && strlen(r) <= MAX_URL && (!scheme_len(r) || safe_scheme(r))) {
                free(b);
                b = r;
            } else {
                free(r);
            }
        }
        s.base = b;
    } else {
        free(b);
        s.base = dup_or_null(outer->base);
    }
    const xmlAttr *a = find_attr(n, "lang", (const char *)XML_XML_NAMESPACE);
    if (a) {
        /* xml:lang="" says the language is unknown */
        s.lang = kb_lang_take(one_line(text_of(fs, a->children)));
    } else {
        s.lang = dup_or_null(outer->lang);
    }
    return s;
}

/* The base for an element's own attributes and text (an atom:link's href). */
static char *base_of(fstate *fs, xmlNodePtr n, const scope *outer)
{
    scope s = enter(fs, n, outer);
    free(s.lang);
    return s.base;
}

/* ---- the children of an item, a channel or a feed --------------------- */

enum slot {
    S_TITLE, S_ATOM_TITLE, S_DC_TITLE,
    S_LINK, S_ATOM_LINK, S_GUID, S_ATOM_ID, S_DC_IDENTIFIER,
    S_PUBDATE, S_ATOM_PUBLISHED, S_ATOM_ISSUED, S_DC_DATE, S_DCTERMS_ISSUED,
    S_ATOM_CREATED, S_DCTERMS_CREATED,
    S_ATOM_UPDATED, S_ATOM_MODIFIED, S_DCTERMS_MODIFIED,
    S_DESCRIPTION, S_ATOM_SUMMARY, S_DC_DESCRIPTION, S_ABSTRACT,
    S_CONTENT_ENCODED, S_ATOM_CONTENT, S_XHTML_BODY, S_BODY, S_FULLITEM,
    S_LANGUAGE, S_DC_LANGUAGE, S_MANAGING_EDITOR, S_ITUNES_AUTHOR,
    NSLOTS
};

static const struct {
    int ns;
    const char *name;
    int slot;
} slot_names[] = {
    {NS_CORE, "title", S_TITLE},
    {NS_ATOM, "title", S_ATOM_TITLE},
    {NS_DC, "title", S_DC_TITLE},
    {NS_CORE, "link", S_LINK},
    {NS_ATOM, "link", S_ATOM_LINK},
    {NS_CORE, "guid", S_GUID},
    {NS_ATOM, "id", S_ATOM_ID},
    {NS_DC, "identifier", S_DC_IDENTIFIER},
    {NS_CORE, "pubDate", S_PUBDATE},
    {NS_ATOM, "published", S_ATOM_PUBLISHED},
    {NS_ATOM, "issued", S_ATOM_ISSUED},
    {NS_DC, "date", S_DC_DATE},
    {NS_DCTERMS, "issued", S_DCTERMS_ISSUED},
    {NS_ATOM, "created", S_ATOM_CREATED},
    {NS_DCTERMS, "created", S_DCTERMS_CREATED},
    {NS_ATOM, "updated", S_ATOM_UPDATED},
    {NS_ATOM, "modified", S_ATOM_MODIFIED},
    {NS_DCTERMS, "modified", S_DCTERMS_MODIFIED},
    {NS_CORE, "description", S_DESCRIPTION},
    {NS_ATOM, "summary", S_ATOM_SUMMARY},
    {NS_DC, "description", S_DC_DESCRIPTION},
    {NS_CORE, "abstract", S_ABSTRACT},
    {NS_CONTENT, "encoded", S_CONTENT_ENCODED},
    {NS_ATOM, "content", S_ATOM_CONTENT},
    {NS_XHTML, "body", S_XHTML_BODY},
    {NS_CORE, "body", S_BODY},
    {NS_CORE, "fullitem", S_FULLITEM},
    {NS_CORE, "language", S_LANGUAGE},
    {NS_DC, "language", S_DC_LANGUAGE},
    {NS_CORE, "managingEditor", S_MANAGING_EDITOR},
    {NS_ITUNES, "author", S_ITUNES_AUTHOR},
};

/* The alternate link of an entry or a feed: rel absent or "alternate". */
static int alternate(fstate *fs, xmlNodePtr n)
{
    char *rel = attr_line(fs, n, "rel", NULL);
    int alt = !rel || !strcasecmp(rel, "alternate");
    free(rel);
    return alt;
}

/* One pass over the children: the first element of each kind. */
static void scan(fstate *fs, xmlNodePtr parent, xmlNodePtr slot[NSLOTS])
{
    memset(slot, 0, NSLOTS * sizeof *slot);
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *local;
        int ns = ns_of(fs, c, &local);
        for (size_t i = 0; i < sizeof slot_names / sizeof *slot_names; i++) {
            int s = slot_names[i].slot;
            if (slot_names[i].ns != ns || slot[s] || strcasecmp(local, slot_names[i].name))
                continue;
            if (s == S_ATOM_LINK && !alternate(fs, c))
                continue;
            slot[s] = c;
        }
    }
}

static xmlNodePtr pick(xmlNodePtr slot[NSLOTS], const int *order, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (slot[order[i]])
            return slot[order[i]];
    return NULL;
}

#define PICK(slot, ...)                                                                    \
    pick(slot, (const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

/* ---- text constructs -------------------------------------------------- */

enum kind { K_TEXT, K_HTML, K_XHTML, K_OCTETS, K_NONE };

static int has_element_child(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

/* How an element's content is to be read: Atom says so with type (and, in
 * 0.3, mode); RSS elements hold HTML, or inline XHTML when they have child
 * elements. */
static int kind_of(fstate *fs, xmlNodePtr n, int *base64)
{
    const char *local;
    int ns = ns_of(fs, n, &local);
    int children = has_element_child(n);
    *base64 = 0;
    if (ns != NS_ATOM)
        return children ? K_XHTML : K_HTML;
    if (find_attr(n, "src", NULL))
        return K_NONE;
    char *type = attr_line(fs, n, "type", NULL);
    char *mode = attr_line(fs, n, "mode", NULL);
    int kind;
    if (!type || !strcasecmp(type, "text") || !strcasecmp(type, "text/plain"))
        kind = K_TEXT;
    else if (!strcasecmp(type, "html") || !strcasecmp(type, "text/html"))
        kind = K_HTML;
    else if (!strcasecmp(type, "xhtml") || strstr(type, "xml"))
        kind = K_XHTML;
    else if (!strncasecmp(type, "text/", 5))
        kind = K_TEXT;
    else
        kind = K_OCTETS; /* base64 by Atom's rules: text only if it decodes to text */
    if (mode && !strcasecmp(mode, "base64"))
        *base64 = 1;
    else if (mode && !strcasecmp(mode, "escaped") && kind == K_XHTML)
        kind = K_HTML;
    if (kind == K_TEXT && children && !*base64)
        kind = K_XHTML; /* markup under a text type: read as the markup it is */
    else if (kind == K_XHTML && !children && !*base64)
        kind = mode && !strcasecmp(mode, "escaped") ? K_HTML : K_TEXT;
    if (kind == K_OCTETS) {
        *base64 = 1;
        kind = children ? K_NONE : K_OCTETS;
    }
    if (*base64 && kind == K_XHTML)
        kind = K_HTML;
    free(type);
    free(mode);
    return kind;
}

static int base64_digit(char c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
           : c == '/'             ? 63
                                  : -1;
}

/* Characters outside the alphabet (white space, line breaks) are skipped. */
static kb_buf base64_decode(const char *s)
{
    kb_buf b = KB_BUF_INIT;
    unsigned long acc = 0;
    int bits = 0;
    for (; *s && *s != '='; s++) {
        int d = base64_digit(*s);
        if (d < 0)
            continue;
        acc = (acc << 6 | (unsigned long)d) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            char c = (char)((acc >> bits) & 0xFF);
            kb_buf_append(&b, &c, 1);
        }
    }
    return b;
}

/* Literal text, made safe to hand to the HTML reader as text. */
static char *escape_text(const char *s, size_t n)
{
    kb_buf b = KB_BUF_INIT;
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&' || s[i] == '<') {
            kb_buf_append(&b, s + from, i - from);
            kb_buf_puts(&b, s[i] == '&' ? "&amp;" : "&lt;");
            from = i + 1;
        }
    }
    kb_buf_append(&b, s + from, n - from);
    return kb_buf_take(&b);
}

/* Inline XHTML serialized back to markup, so the one HTML reader decides
 * what is text (and drops scripts) for every kind of content. */
static char *serialize_children(xmlNodePtr n)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        xmlNodeDump(buf, n->doc, c, 0, 0);
    char *s = strdup(xmlBufferContent(buf) ? (const char *)xmlBufferContent(buf) : "");
    xmlBufferFree(buf);
    return s;
}

/* An element's content as text, paragraphs separated by a blank line (or,
 * with one_line_only, on one line). NULL when there is none. */
static char *construct(fstate *fs, xmlNodePtr n, int one_line_only)
{
    if (!n)
        return NULL;
    int base64;
    int kind = kind_of(fs, n, &base64);
    if (kind == K_NONE)
        return NULL;
    char *text = NULL;
    if (kind == K_XHTML) {
        char *markup = serialize_children(n);
        if (!markup) {
            fs->oom = 1;
            return NULL;
        }
        text = kb_html_fragment_text(markup, strlen(markup));
        free(markup);
    } else {
        char *raw = text_of(fs, n->children);
        if (fs->oom)
            return NULL;
        const char *s = raw ? raw : "";
        size_t len = strlen(s);
        kb_buf decoded = KB_BUF_INIT;
        if (base64) {
            decoded = base64_decode(s);
            s = decoded.data ? decoded.data : "";
            len = decoded.len;
        }
        if (kind == K_OCTETS &&
            (memchr(s, '\0', len) || !kb_utf8_valid(s, len))) {
            text = strdup(""); /* an image, a PDF: no text */
        } else if (kind != K_TEXT) {
            text = kb_html_fragment_text(s, len);
        } else {
            char *esc = escape_text(s, len);
            text = esc ? kb_html_fragment_text(esc, strlen(esc)) : NULL;
            free(esc);
        }
        free(raw);
        kb_buf_free(&decoded);
    }
    if (!text) {
        fs->oom = 1;
        return NULL;
    }
    if (one_line_only)
        return one_line(text);
    if (!*text) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- authors ---------------------------------------------------------- */

/* RSS writes an author as "joe@example.com (Joe Bloggs)", and feeds in the
 * wild as "Joe Bloggs (joe@example.com)" or "Joe Bloggs <joe@...>": the
 * name is the part without the '@'. Takes s. */
static char *author_name(char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char close = s[n - 1];
    char *open = close == ')' ? strrchr(s, '(') : close == '>' ? strrchr(s, '<') : NULL;
    if (!open || open == s)
        return s;
    char *inner = strndup(open + 1, (size_t)(s + n - 1 - (open + 1)));
    char *outer = strndup(s, (size_t)(open - s));
    char *name = NULL;
    if (inner && outer && strchr(outer, '@') && !strchr(inner, '@')) {
        name = one_line(inner);
        inner = NULL;
    } else if (inner && outer && strchr(inner, '@') && !strchr(outer, '@')) {
        name = one_line(outer);
        outer = NULL;
    }
    free(inner);
    free(outer);
    if (!name)
        return s;
    free(s);
    return name;
}

static void add_author(kb_buf *b, char *name)
{
    if (!name)
        return;
    /* The same name from dc:creator and author is one author. */
    size_t n = strlen(name);
    const char *p = b->data;
    while (p && (p = strstr(p, name)) != NULL) {
        if ((p == b->data || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
            break;
        p += 1;
    }
    if (!p && b->len + n + 2 <= MAX_AUTHORS)
        kb_buf_printf(b, "%s%s", b->len ? ", " : "", name);
    free(name);
}

/* The authors an element names itself, "A, B", or NULL. */
static char *authors_of(fstate *fs, xmlNodePtr parent)
{
    kb_buf b = KB_BUF_INIT;
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *local;
        int ns = ns_of(fs, c, &local);
        if (ns == NS_ATOM && !strcasecmp(local, "author")) {
            xmlNodePtr name = NULL, email = NULL;
            for (xmlNodePtr d = c->children; d; d = d->next) {
                if (!name && is_el(fs, d, NS_ATOM, "name"))
                    name = d;
                else if (!email && is_el(fs, d, NS_ATOM, "email"))
                    email = d;
            }
            char *who = element_line(fs, name);
            if (!who)
                who = element_line(fs, email);
            if (!who && !has_element_child(c))
                who = element_line(fs, c);
            add_author(&b, who);
        } else if ((ns == NS_CORE && !strcasecmp(local, "author")) ||
                   (ns == NS_DC && (!strcasecmp(local, "creator") ||
                                    !strcasecmp(local, "author"))) ||
                   (ns == NS_ITUNES && !strcasecmp(local, "author"))) {
            add_author(&b, author_name(element_line(fs, c)));
        }
    }
    return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

/* ---- items ------------------------------------------------------------ */

typedef struct context {
    scope sc;
    char *authors; /* the channel's or feed's, for items that name none */
    char *lang;    /* the channel's language element */
} context;

/* Takes raw, which is kept whether or not it is understood. */
static void set_date(char *raw, char **norm, char **raw_out)
{
    char out[21];
    *raw_out = raw;
    if (raw && strlen(raw) < 200 && kb_date_normalize(raw, out))
        *norm = strdup(out);
}

static char *item_link(fstate *fs, xmlNodePtr item, xmlNodePtr slot[NSLOTS], const scope *sc)
{
    char *link = NULL;
    if (fs->cdf)
        link = resolve(attr_line(fs, item, "href", NULL), sc->base);
    for (xmlNodePtr l = slot[S_LINK]; !link && l; l = l->next) {
        if (!is_el(fs, l, NS_CORE, "link"))
            continue;
        char *b = base_of(fs, l, sc);
        char *text = element_line(fs, l);
        /* An RSS 1.0 link may be a bare rdf:resource. */
        if (!text)
            text = attr_line(fs, l, "resource", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
        if (!text)
            text = attr_line(fs, l, "href", NULL);
        if (text)
            link = resolve(text, b);
        free(b);
    }
    if (!link && slot[S_ATOM_LINK]) {
        char *b = base_of(fs, slot[S_ATOM_LINK], sc);
        link = resolve(attr_line(fs, slot[S_ATOM_LINK], "href", NULL), b);
        free(b);
    }
    if (!link && slot[S_GUID]) {
        char *perma = attr_line(fs, slot[S_GUID], "isPermaLink", NULL);
        char *guid = element_line(fs, slot[S_GUID]);
        /* Without isPermaLink, only a guid that is plainly a web address. */
        int web = guid && (!strncasecmp(guid, "http://", 7) || !strncasecmp(guid, "https://", 8));
        if (guid && (perma ? strcasecmp(perma, "false") != 0 : web)) {
            char *b = base_of(fs, slot[S_GUID], sc);
            link = resolve(guid, b);
            guid = NULL;
            free(b);
        }
        free(guid);
        free(perma);
    }
    return link;
}

static void read_item(fstate *fs, xmlNodePtr item, const context *cx, kb_feed_item *it)
{
    scope sc = enter(fs, item, &cx->sc);
    xmlNodePtr slot[NSLOTS];
    scan(fs, item, slot);

    it->title = construct(fs, PICK(slot, S_TITLE, S_ATOM_TITLE, S_DC_TITLE), 1);
    it->link = item_link(fs, item, slot, &sc);
    it->id = element_line(fs, PICK(slot, S_GUID, S_ATOM_ID));
    if (!it->id)
        it->id = attr_line(fs, item, "about", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    if (!it->id)
        it->id = element_line(fs, slot[S_DC_IDENTIFIER]);
    set_date(element_line(fs, PICK(slot, S_PUBDATE, S_ATOM_PUBLISHED, S_ATOM_ISSUED, S_DC_DATE,
                                    S_DCTERMS_ISSUED, S_ATOM_CREATED, S_DCTERMS_CREATED)),
             &it->published, &it->published_raw);
    xmlNodePtr upd = PICK(slot, S_ATOM_UPDATED, S_ATOM_MODIFIED, S_DCTERMS_MODIFIED);
    set_date(upd || !fs->cdf ? element_line(fs, upd) : attr_line(fs, item, "lastmod", NULL),
             &it->updated, &it->updated_raw);
    it->authors = authors_of(fs, item);
    if (!it->authors)
        it->authors = dup_or_null(cx->authors);
    it->summary = construct(
        fs, PICK(slot, S_DESCRIPTION, S_ATOM_SUMMARY, S_DC_DESCRIPTION, S_ABSTRACT), 0);
    it->text = construct(fs,
                         PICK(slot, S_CONTENT_ENCODED, S_ATOM_CONTENT, S_XHTML_BODY, S_BODY,
                              S_FULLITEM),
                         0);
    if (!it->text)
        it->text = dup_or_null(it->summary);
    if (sc.lang) {
        it->lang = sc.lang;
        sc.lang = NULL;
    } else {
        it->lang = kb_lang_take(element_line(fs, PICK(slot, S_DC_LANGUAGE, S_LANGUAGE)));
        if (!it->lang)
            it->lang = dup_or_null(cx->lang);
    }
    scope_free(&sc);
}

static void free_item(kb_feed_item *it)
{
    free(it->title);
    free(it->link);
    free(it->id);
    free(it->published);
    free(it->published_raw);
    free(it->updated);
    free(it->updated_raw);
    free(it->authors);
    free(it->summary);
    free(it->text);
    free(it->lang);
    free(it->tags);
}

void kb_feed_free(kb_feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nitems; i++)
        free_item(&f->items[i]);
    free(f->items);
    free(f->format);
    free(f->title);
    free(f->link);
    free(f->lang);
    free(f);
}

static void add_item(fstate *fs, kb_feed *f, size_t *cap, xmlNodePtr item, const context *cx)
{
    if (f->nitems == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        kb_feed_item *p = realloc(f->items, n * sizeof *p);
        if (!p) {
            fs->oom = 1;
            return;
        }
        f->items = p;
        *cap = n;
    }
    kb_feed_item *it = &f->items[f->nitems++];
    memset(it, 0, sizeof *it);
    read_item(fs, item, cx, it);
}

/* ---- the feed --------------------------------------------------------- */

enum family { F_NONE, F_RSS, F_RDF, F_ATOM, F_ATOM_ENTRY, F_CDF };

static int family_of(xmlNodePtr root)
{
    const char *name = (const char *)root->name;
    const char *colon = strchr(name, ':');
    const char *local = colon && !root->ns ? colon + 1 : name;
    if (!strcasecmp(local, "rss"))
        return F_RSS;
    if (!strcasecmp(local, "RDF"))
        return F_RDF;
    if (!strcasecmp(local, "feed"))
        return F_ATOM;
    if (!strcmp(local, "entry") && root->ns &&
        !strcmp((const char *)root->ns->href, "http://www.w3.org/2005/Atom"))
        return F_ATOM_ENTRY;
    if (!strcmp(local, "CHANNEL"))
        return F_CDF;
    if (!strcmp(local, "channel"))
        return F_RSS;
    return F_NONE;
}

/* A version attribute as the format's suffix: digits and dots only. */
static char *format_name(const char *family, char *version, const char *otherwise)
{
    kb_buf b = KB_BUF_INIT;
    kb_buf_puts(&b, family);
    size_t n = version ? strspn(version, "0123456789.") : 0;
    if (version && n && n == strlen(version) && n <= 5)
        kb_buf_puts(&b, version);
    else if (otherwise)
        kb_buf_puts(&b, otherwise);
    free(version);
    return kb_buf_take(&b);
}

static char *feed_format(fstate *fs, xmlNodePtr root, int family)
{
    const char *uri = root->ns ? (const char *)root->ns->href : "";
    switch (family) {
    case F_RSS: {
        char *v = attr_line(fs, root, "version", NULL);
        if (v && !strncmp(v, "2.", 2)) {
            free(v);
            return strdup("rss2.0");
        }
        if (v && (!strcmp(v, "0.9") || !strcmp(v, "0.90"))) {
            free(v);
            return strdup("rss0.90");
        }
        return format_name("rss", v, NULL);
    }
    case F_RDF:
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && c->ns &&
                !strcmp((const char *)c->ns->href, "http://my.netscape.com/rdf/simple/0.9/"))
                return strdup("rss0.90");
        return strdup("rss1.0");
    case F_ATOM:
    case F_ATOM_ENTRY:
        if (!strcmp(uri, "http://www.w3.org/2005/Atom"))
            return strdup("atom1.0");
        return format_name("atom", attr_line(fs, root, "version", NULL),
                           !strcmp(uri, "http://purl.org/atom/ns#") ? "0.3" : NULL);
    default:
        return strdup("cdf");
    }
}

static char *channel_link(fstate *fs, xmlNodePtr ch, xmlNodePtr slot[NSLOTS], const scope *sc)
{
    char *link = NULL;
    if (fs->cdf)
        link = resolve(attr_line(fs, ch, "href", NULL), sc->base);
    if (!link && slot[S_LINK]) {
        char *b = base_of(fs, slot[S_LINK], sc);
        link = resolve(element_line(fs, slot[S_LINK]), b);
        free(b);
    }
    if (!link && slot[S_ATOM_LINK]) {
        char *b = base_of(fs, slot[S_ATOM_LINK], sc);
        link = resolve(attr_line(fs, slot[S_ATOM_LINK], "href", NULL), b);
        free(b);
    }
    return link;
}

/* Items of RSS sit in the channel, those of RSS 1.0 and 0.90 beside it, and
 * some feeds put them where the other version would: both are read, in
 * document order. */
static void read_items(fstate *fs, kb_feed *f, xmlNodePtr parent, const context *cx,
                       size_t *cap, int nested)
{
    const char *item = fs->atom ? "entry" : "item";
    for (xmlNodePtr c = parent->children; c && !fs->oom && !fs->bomb; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(fs, c, fs->atom ? NS_ATOM : NS_CORE, item)) {
            add_item(fs, f, cap, c, cx);
        } else if (nested && !fs->atom && is_el(fs, c, NS_CORE, "channel")) {
            context inner = {enter(fs, c, &cx->sc), NULL, NULL};
            inner.authors = dup_or_null(cx->authors);
            inner.lang = dup_or_null(cx->lang);
            read_items(fs, f, c, &inner, cap, 0);
            scope_free(&inner.sc);
            free(inner.authors);
            free(inner.lang);
        }
    }
}

static kb_code build(fstate *fs, xmlNodePtr root, int family, const char *url, kb_feed *f)
{
    fs->root_ns = root->ns ? root->ns->href : NULL;
    fs->atom = family == F_ATOM || family == F_ATOM_ENTRY;
    fs->cdf = family == F_CDF;
    f->format = feed_format(fs, root, family);

    scope top = {dup_or_null(url), NULL};
    scope rs = enter(fs, root, &top);
    scope_free(&top);
    /* The channel holds the feed's metadata; in Atom and CDF, the root does. */
    xmlNodePtr ch = root;
    if (family == F_RSS || family == F_RDF) {
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (is_el(fs, c, NS_CORE, "channel")) {
                ch = c;
                break;
            }
    }
    context cx = {{NULL, NULL}, NULL, NULL};
    cx.sc = ch == root ? rs : enter(fs, ch, &rs);
    if (ch != root)
        scope_free(&rs);

    size_t cap = 0;
    if (family == F_ATOM_ENTRY) {
        add_item(fs, f, &cap, root, &cx);
    } else {
        xmlNodePtr slot[NSLOTS];
        scan(fs, ch, slot);
        f->title = construct(fs, PICK(slot, S_TITLE, S_ATOM_TITLE, S_DC_TITLE), 1);
        f->link = channel_link(fs, ch, slot, &cx.sc);
        f->lang = cx.sc.lang ? strdup(cx.sc.lang) : NULL;
        cx.lang = kb_lang_take(element_line(fs, PICK(slot, S_LANGUAGE, S_DC_LANGUAGE)));
        if (!f->lang)
            f->lang = dup_or_null(cx.lang);
        cx.authors = authors_of(fs, ch);
        if (!cx.authors)
            cx.authors = author_name(element_line(fs, slot[S_MANAGING_EDITOR]));
        if (cx.authors && strlen(cx.authors) > MAX_AUTHORS / 4) {
            free(cx.authors);
            cx.authors = NULL;
        }
        read_items(fs, f, ch, &cx, &cap, fs->cdf);
        if (ch != root)
            read_items(fs, f, root, &cx, &cap, 0);
    }
    scope_free(&cx.sc);
    free(cx.authors);
    free(cx.lang);
    if (fs->oom)
        return KB_ERR_NOMEM;
    return KB_OK;
}

/* Root names as they may be shown in a one-line message. */
static void printable_name(const xmlChar *name, char out[64])
{
    size_t j = 0;
    for (size_t i = 0; name && name[i] && j < 63; i++)
        out[j++] = name[i] >= 0x20 && name[i] < 0x7F ? (char)name[i] : '?';
    out[j] = '\0';
}

kb_code kb_feed_parse(const char *data, size_t len, const char *url, kb_feed **out,
                      kb_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!data && len))
        return kb_error_set(err, KB_ERR_USAGE, "kb_feed_parse: no data or nowhere to put it");
    size_t lead = 0;
    while (lead < len && (data[lead] == ' ' || data[lead] == '\t' || data[lead] == '\r' ||
                          data[lead] == '\n'))
        lead++;
    if (lead == len)
        return kb_error_set(err, KB_ERR_INPUT, "not a feed: the document is empty");
    if (len > (size_t)INT_MAX / 2)
        return kb_error_set(err, KB_ERR_INPUT, "not a feed: larger than 1 GiB");
    kb_xml_harden();

    input in = {NULL, 0, KB_BUF_INIT, NULL, 0};
    if (prepare(data, len, &in) < 0) {
        kb_buf_free(&in.owned);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    /* Mending and rewriting may grow the text (a bare & becomes &amp;). */
    if (in.len > (size_t)INT_MAX) {
        kb_buf_free(&in.owned);
        return kb_error_set(err, KB_ERR_INPUT, "not a feed: larger than 2 GiB once decoded");
    }
    char crowded[64];
    long at = kb_markup_crowded(in.data, in.len, 0, crowded);
    if (at) {
        kb_buf_free(&in.owned);
        return kb_error_set(err, KB_ERR_INPUT,
                            "line %ld: <%s> has more than %d attributes, the most kb reads "
                            "on one element",
                            at, crowded, KB_MAX_ATTRIBUTES);
    }
    errsink strict = {0, 0, 0, 0, ""};
    int wellformed = 0;
    xmlDocPtr doc = parse(&in, url, 0, &strict, &wellformed);
    if (strict.loop) {
        xmlFreeDoc(doc);
        kb_buf_free(&in.owned);
        return kb_error_set(err, KB_ERR_INPUT, "not a feed: entity expansion refused (%s)",
                            strict.msg);
    }
    /* Recovering would keep the items above the too-deep part and drop
     * the rest: the feed is refused whole, as the Limits table says. */
    if (strict.deep) {
        xmlFreeDoc(doc);
        kb_buf_free(&in.owned);
        return kb_error_set(err, KB_ERR_INPUT,
                            "not a feed: nested deeper than %d levels (line %d)", FEED_MAX_DEPTH,
                            strict.line);
    }
    if (!doc || !wellformed) {
        xmlFreeDoc(doc);
        errsink loose = {0, 0, 0, 0, ""};
        doc = parse(&in, url, XML_PARSE_RECOVER, &loose, &wellformed);
    }
    kb_buf_free(&in.owned);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    int family = root ? family_of(root) : F_NONE;
    if (family == F_NONE) {
        kb_code rc;
        char name[64];
        if (root) {
            printable_name(root->name, name);
            rc = kb_error_set(err, KB_ERR_INPUT, "not a feed: root element <%s>", name);
        } else if (strict.msg[0]) {
            rc = kb_error_set(err, KB_ERR_INPUT, "not well-formed XML: line %d: %s", strict.line,
                              strict.msg);
        } else {
            rc = kb_error_set(err, KB_ERR_INPUT, "not well-formed XML: no root element");
        }
        xmlFreeDoc(doc);
        return rc;
    }

    kb_feed *f = calloc(1, sizeof *f);
    if (!f) {
        xmlFreeDoc(doc);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    fstate fs = {NULL, 0, 0, ENTITY_BUDGET, 0, 0};
    kb_code rc = build(&fs, root, family, url, f);
    xmlFreeDoc(doc);
    if (fs.bomb) {
        kb_feed_free(f);
        return kb_error_set(err, KB_ERR_INPUT,
                            "not a feed: its entities expand beyond %d bytes", ENTITY_BUDGET);
    }
    if (rc != KB_OK || !f->format) {
        kb_feed_free(f);
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    *out = f;
    return KB_OK;
}

/* ---- sniffing --------------------------------------------------------- */

int kb_feed_sniff(const char *data, size_t len)
{
    if (!data)
        return 0;
    const unsigned char *u = (const unsigned char *)data;
    int big = 0, width = wide(data, len, &big);
    /* Wide documents are looked at through their ASCII characters. */
    char *view = NULL;
    if (width) {
        size_t units = len / (size_t)width;
        if (units > 65536)
            units = 65536;
        view = malloc(units + 1);
        if (!view)
            return 0;
        for (size_t i = 0; i < units; i++) {
            const unsigned char *p = u + i * (size_t)width;
            unsigned long cp = 0;
            for (int k = 0; k < width; k++)
                cp = cp << 8 | p[big ? k : width - 1 - k];
            view[i] = cp == 0xFEFF ? ' ' : cp < 0x80 ? (char)cp : 'x';
        }
        data = view;
        len = units;
    } else if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    int feed = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                           data[i] == '\n'))
            i++;
        if (i >= len || data[i] != '<')
            break;
        size_t e = skip_markup(data, len, i);
        if (e > i) {
            i = e;
            continue;
        }
        size_t start = ++i;
        while (i < len && name_byte((unsigned char)data[i]))
            i++;
        size_t n = i - start;
        const char *name = data + start;
        const char *colon = memchr(name, ':', n);
        if (colon) {
            n -= (size_t)(colon + 1 - name);
            name = colon + 1;
        }
        feed = (n == 3 && (!strncasecmp(name, "rss", 3) || !strncasecmp(name, "RDF", 3))) ||
               (n == 4 && !strncasecmp(name, "feed", 4)) ||
               (n == 7 && !strncasecmp(name, "channel", 7)); /* CDF */
        break;
    }
    free(view);
    return feed;
}
