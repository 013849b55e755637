/* HTML fragments as plain text: what a feed item or a note says, without its markup. */
#include "kb/html.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"

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
    if (cp < 0x20 || cp == 0x7F || cp == 0)
        return;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
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

/* Writes a run of text (valid UTF-8). In plain text, a blank line is a
 * paragraph break and entities are decoded; in HTML, newlines are spaces. */
static void put_text(out *o, const char *s, size_t n, int plain)
{
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
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0xA0) {
            unsigned cp = (unsigned char)s[i + 1];
            put_cp(o, cp);
            i += 2;
            continue;
        }
        if (c == '&' && plain) {
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
            if (d <= ' ' || d == 0x7F || d == 0xC2 || (d == '&' && plain))
                break;
            j++;
        }
        put(o, s + i, j - i);
        i = j;
    }
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* Input with invalid UTF-8 or NUL bytes, copied with U+FFFD for each bad
 * byte and no NULs; NULL when the input is fine (or out of memory, *oom). */
static char *repaired(const char *s, size_t n, size_t *outlen, int *oom)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] >= 0x80) {
            size_t k = utf8_seq(u + i, n - i);
            if (!k)
                break;
            i += k;
        } else if (u[i] == 0) {
            break;
        } else {
            i++;
        }
    }
    if (i == n)
        return NULL;
    kb_buf b = KB_BUF_INIT;
    int err = kb_buf_append(&b, s, i);
    while (i < n && !err) {
        size_t k = u[i] ? utf8_seq(u + i, n - i) : 0;
        if (k)
            err = kb_buf_append(&b, s + i, k);
        else if (u[i])
            err = kb_buf_append(&b, "\xEF\xBF\xBD", 3);
        i += k ? k : 1;
    }
    if (err) {
        kb_buf_free(&b);
        *oom = 1;
        return NULL;
    }
    *outlen = b.len;
    return kb_buf_take(&b);
}

enum { EL_INLINE, EL_BLOCK, EL_CELL, EL_SKIP };

typedef struct el_class {
    const char *name;
    int cls;
} el_class;

/* Sorted by name for bsearch. Elements not listed are inline. */
static const el_class el_classes[] = {
    {"address", EL_BLOCK},    {"applet", EL_SKIP},      {"article", EL_BLOCK},
    {"aside", EL_BLOCK},      {"blockquote", EL_BLOCK}, {"body", EL_BLOCK},
    {"br", EL_BLOCK},         {"caption", EL_BLOCK},    {"center", EL_BLOCK},
    {"dd", EL_BLOCK},         {"details", EL_BLOCK},    {"dialog", EL_BLOCK},
    {"dir", EL_BLOCK},        {"div", EL_BLOCK},        {"dl", EL_BLOCK},
    {"dt", EL_BLOCK},         {"embed", EL_SKIP},       {"fieldset", EL_BLOCK},
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
static int classify(const xmlChar *qname)
{
    const char *name = (const char *)qname;
    const char *colon = strrchr(name, ':');
    if (colon)
        name = colon + 1;
    char low[16];
    size_t n = strlen(name);
    if (n >= sizeof low)
        return EL_INLINE;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    const el_class *c = bsearch(low, el_classes, sizeof el_classes / sizeof *el_classes,
                                sizeof *el_classes, cmp_class);
    return c ? c->cls : EL_INLINE;
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

char *kb_html_fragment_text(const char *html, size_t len)
{
    out o = {KB_BUF_INIT, 0, 0, 0, 0};
    if (!html)
        len = 0;
    size_t fixed_len = 0;
    char *fixed = len ? repaired(html, len, &fixed_len, &o.oom) : NULL;
    if (o.oom)
        return NULL;
    if (fixed) {
        html = fixed;
        len = fixed_len;
    }
    if (len && !memchr(html, '<', len)) {
        put_text(&o, html, len, 1);
    } else if (len) {
        /* The parser takes an int: a larger fragment is read in part. */
        int n = len > INT_MAX ? INT_MAX : (int)len;
        htmlDocPtr doc = htmlReadMemory(html, n, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                            HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
        if (doc) {
            walk(doc->children, &o);
            xmlFreeDoc(doc);
        }
    }
    free(fixed);
    if (o.oom) {
        kb_buf_free(&o.b);
        return NULL;
    }
    return kb_buf_take(&o.b);
}
