/* HTML fragments as plain text: what a feed item or a note says, without its markup. */
#include "kb/html.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"
#include "kb/utf8.h"

/* The text being written: white space is held back until the next visible
 * character, so runs collapse and the ends come out trimmed. */
typedef struct out {
    kb_buf b;
    int space; /* a space is due before the next character */
    int brk;   /* a paragraph break is due before the next character */
    int nl;    /* newlines seen in the current run of white space */
    int oom;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->b.len) {
        if (o->brk) {
            if (kb_buf_append(&o->b, "\n\n", 2) < 0)
                o->oom = 1;
        } else if (o->space) {
            if (kb_buf_append(&o->b, " ", 1) < 0)
                o->oom = 1;
        }
    }
    o->space = o->brk = o->nl = 0;
    if (kb_buf_append(&o->b, s, n) < 0)
        o->oom = 1;
}

static size_t utf8_encode(unsigned cp, char *s)
{
    if (cp < 0x80) {
        s[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    s[0] = (char)(0xF0 | (cp >> 18));
    s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* U+0080..U+009F are control characters that no one means to write: they
 * are Windows-1252 bytes that went through a Latin-1 decoder (&#146; for
 * an apostrophe), so they are read as Windows-1252, as browsers do. */
static unsigned from_c1(unsigned cp)
{
    static const unsigned short cp1252[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    return cp1252[cp - 0x80];
}

static void put_cp(out *o, unsigned cp)
{
    if (cp >= 0x80 && cp <= 0x9F)
        cp = from_c1(cp);
    if (cp == 0xA0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') {
        o->space = 1;
        if (cp == '\n')
            o->nl++;
        return;
    }
    /* What kb stores (utf8.h): a control keeps words apart, as a space. */
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
        o->space = 1;
        return;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        cp = 0xFFFD;
    char tmp[4];
    put(o, tmp, utf8_encode(cp, tmp));
}

/* A character or entity reference at s (just after the '&'), as HTML reads
 * it; returns the bytes it spans after the '&', or 0 when it is not one. */
static size_t entity_ref(const char *s, size_t n, unsigned *cp)
{
    size_t i = 0;
    if (n && s[0] == '#') {
        int hex = n > 1 && (s[1] == 'x' || s[1] == 'X');
        unsigned long v = 0;
        size_t start = i = hex ? 2 : 1;
        for (; i < n && i - start < 8; i++) {
            unsigned char c = (unsigned char)s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                   : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (i == start || i >= n || s[i] != ';')
            return 0;
        *cp = v == 0 || v > 0x10FFFF ? 0xFFFD : (unsigned)v;
        return i + 1;
    }
    char name[33];
    for (; i < n && i < 32; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            break;
        name[i] = (char)c;
    }
    if (i == 0 || i >= n || s[i] != ';')
        return 0;
    name[i] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (!e)
        return 0;
    *cp = e->value;
    return i + 1;
}

enum { T_DECODE = 1, T_PARAGRAPHS = 2 };

/* Writes a run of text (valid UTF-8). With T_DECODE, character and entity
 * references are decoded; with T_PARAGRAPHS, a blank line is a paragraph
 * break (otherwise newlines are spaces, as in HTML). */
static void put_text(out *o, const char *s, size_t n, int mode)
{
    int plain = mode & T_PARAGRAPHS, decode = mode & T_DECODE;
    size_t i = 0;
    while (i < n && !o->oom) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            o->space = 1;
            if (c == '\n' && plain && ++o->nl >= 2)
                o->brk = 1;
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            o->space = 1;
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0xA0) {
            unsigned cp = (unsigned char)s[i + 1];
            put_cp(o, cp);
            i += 2;
            continue;
        }
        if (c == '&' && decode) {
            unsigned cp;
            size_t k = entity_ref(s + i + 1, n - i - 1, &cp);
            if (k) {
                put_cp(o, cp);
                i += k + 1;
                continue;
            }
        }
        size_t j = i + 1;
        while (j < n) {
            unsigned char d = (unsigned char)s[j];
            if (d <= ' ' || d == 0x7F || d == 0xC2 || (d == '&' && decode))
                break;
            j++;
        }
        put(o, s + i, j - i);
        i = j;
    }
}

enum { EL_INLINE, EL_BLOCK, EL_CELL, EL_SKIP };

typedef struct el_class {
    const char *name;
    int cls;
} el_class;

/* Sorted by name for bsearch. Elements not listed are inline. embed is not
 * dropped: it holds no text, and libxml2 nests what follows it inside it. */
static const el_class el_classes[] = {
    {"address", EL_BLOCK},    {"applet", EL_SKIP},      {"article", EL_BLOCK},
    {"aside", EL_BLOCK},      {"blockquote", EL_BLOCK}, {"body", EL_BLOCK},
    {"br", EL_BLOCK},         {"caption", EL_BLOCK},    {"center", EL_BLOCK},
    {"dd", EL_BLOCK},         {"details", EL_BLOCK},    {"dialog", EL_BLOCK},
    {"dir", EL_BLOCK},        {"div", EL_BLOCK},        {"dl", EL_BLOCK},
    {"dt", EL_BLOCK},         {"fieldset", EL_BLOCK},
    {"figcaption", EL_BLOCK}, {"figure", EL_BLOCK},     {"footer", EL_BLOCK},
    {"form", EL_SKIP},        {"frame", EL_SKIP},       {"frameset", EL_SKIP},
    {"h1", EL_BLOCK},         {"h2", EL_BLOCK},         {"h3", EL_BLOCK},
    {"h4", EL_BLOCK},         {"h5", EL_BLOCK},         {"h6", EL_BLOCK},
    {"head", EL_BLOCK},       {"header", EL_BLOCK},     {"hgroup", EL_BLOCK},
    {"hr", EL_BLOCK},         {"html", EL_BLOCK},       {"iframe", EL_SKIP},
    {"legend", EL_BLOCK},     {"li", EL_BLOCK},         {"main", EL_BLOCK},
    {"menu", EL_BLOCK},       {"nav", EL_BLOCK},        {"noembed", EL_SKIP},
    {"noframes", EL_SKIP},    {"noscript", EL_SKIP},    {"object", EL_SKIP},
    {"ol", EL_BLOCK},         {"p", EL_BLOCK},          {"pre", EL_BLOCK},
    {"script", EL_SKIP},      {"section", EL_BLOCK},    {"style", EL_SKIP},
    {"summary", EL_BLOCK},    {"table", EL_BLOCK},      {"tbody", EL_BLOCK},
    {"td", EL_CELL},          {"template", EL_SKIP},    {"tfoot", EL_BLOCK},
    {"th", EL_CELL},          {"thead", EL_BLOCK},      {"title", EL_BLOCK},
    {"tr", EL_BLOCK},         {"ul", EL_BLOCK},
};

static int cmp_class(const void *key, const void *item)
{
    return strcmp(key, ((const el_class *)item)->name);
}

/* Inline XHTML from a feed arrives with prefixes ("xhtml:script"): the
 * prefix is dropped, so a prefixed script is still a script. */
static int classify_n(const char *name, size_t n)
{
    for (size_t i = n; i > 0; i--)
        if (name[i - 1] == ':') {
            name += i;
            n -= i;
            break;
        }
    char low[16];
    if (n >= sizeof low)
        return EL_INLINE;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    low[n] = '\0';
    const el_class *c = bsearch(low, el_classes, sizeof el_classes / sizeof *el_classes,
                                sizeof *el_classes, cmp_class);
    return c ? c->cls : EL_INLINE;
}

static int classify(const xmlChar *name)
{
    return classify_n((const char *)name, strlen((const char *)name));
}

static void open_or_close(out *o, int cls)
{
    if (cls == EL_BLOCK)
        o->brk = 1;
    else if (cls == EL_CELL)
        o->space = 1;
}

/* Iterative, so a fragment nested 100,000 deep cannot exhaust the stack. */
static void walk(xmlNodePtr n, out *o)
{
    while (n && !o->oom) {
        if (n->type == XML_ELEMENT_NODE) {
            int cls = classify(n->name);
            if (cls != EL_SKIP) {
                open_or_close(o, cls);
                if (n->children) {
                    n = n->children;
                    continue;
                }
                open_or_close(o, cls);
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
                   n->content) {
            put_text(o, (const char *)n->content, strlen((const char *)n->content), 0);
        }
        while (n && !n->next) {
            n = n->parent;
            if (!n || n->type != XML_ELEMENT_NODE)
                return;
            open_or_close(o, classify(n->name));
        }
        if (n)
            n = n->next;
    }
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == ':' || c == '-' || c == '_';
}

/* Where "</name" next starts, case aside, or n. */
static size_t find_close(const char *s, size_t n, size_t i, const char *name, size_t len)
{
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return n;
        i = (size_t)(lt - s);
        if (n - i >= len + 2 && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, len) &&
            (n - i == len + 2 || !name_char(s[i + 2 + len])))
            return i;
        i++;
    }
    return n;
}

/* The same text read without a tree, for markup nested deeper than the HTML
 * parser goes (it stops there, and would drop the rest): tags are read
 * one by one, in one pass. */
static void strip_tags(const char *s, size_t n, out *o)
{
    size_t i = 0;
    while (i < n && !o->oom) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t end = lt ? (size_t)(lt - s) : n;
        put_text(o, s + i, end - i, T_DECODE);
        if (!lt)
            return;
        i = end;
        if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
            size_t e = i + 4;
            while (e + 3 <= n && memcmp(s + e, "-->", 3) != 0)
                e++;
            i = e + 3 <= n ? e + 3 : n;
            continue;
        }
        int closing = i + 1 < n && s[i + 1] == '/';
        size_t start = i + 1 + (size_t)closing, k = start;
        while (k < n && name_char(s[k]))
            k++;
        if (k == start && !(i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?'))) {
            put_text(o, "<", 1, 0); /* a '<' that opens no tag is text */
            i++;
            continue;
        }
        const char *gt = memchr(s + k, '>', n - k);
        size_t after = gt ? (size_t)(gt - s) + 1 : n;
        int cls = k > start ? classify_n(s + start, k - start) : EL_INLINE;
        int empty = (gt && gt > s + k && gt[-1] == '/') ||
                    (k - start == 5 && !strncasecmp(s + start, "frame", 5));
        if (cls == EL_SKIP && !closing && !empty)
            after = find_close(s, n, after, s + start, k - start);
        else if (cls != EL_SKIP)
            open_or_close(o, cls);
        i = after;
    }
}

/* The HTML parser stops (with an internal error) at 256 levels of nesting. */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    if (e && e->code == XML_ERR_INTERNAL_ERROR)
        *(int *)ctx = 1;
}

char *kb_html_fragment_text(const char *html, size_t len)
{
    out o = {KB_BUF_INIT, 0, 0, 0, 0};
    if (!html)
        len = 0;
    char *fixed = NULL;
    if (len && !kb_text_is_clean(html, len)) {
        fixed = kb_text_clean(html, len, NULL);
        if (!fixed)
            return NULL;
        html = fixed;
        len = strlen(fixed);
    }
    if (len && !memchr(html, '<', len)) {
        put_text(&o, html, len, T_DECODE | T_PARAGRAPHS);
    } else if (len) {
        /* The parser takes an int: a larger fragment is read in part. */
        int n = len > INT_MAX ? INT_MAX : (int)len;
        int halted = 0;
        xmlStructuredErrorFunc saved = xmlStructuredError;
        void *saved_ctx = xmlStructuredErrorContext;
        xmlSetStructuredErrorFunc(&halted, on_parse_error);
        /* Not XML_PARSE_HUGE: beyond the depth limit, libxml2's HTML parser
         * takes quadratic time on unclosed tags. */
        htmlDocPtr doc = htmlReadMemory(html, n, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                            HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
        xmlSetStructuredErrorFunc(saved_ctx, saved);
        if (doc && !halted)
            walk(doc->children, &o);
        xmlFreeDoc(doc);
        if (halted) {
            kb_buf_reset(&o.b);
            o.space = o.brk = o.nl = 0;
            strip_tags(html, (size_t)n, &o);
        }
    }
    free(fixed);
    if (o.oom) {
        kb_buf_free(&o.b);
        return NULL;
    }
    return kb_buf_take(&o.b);
}
