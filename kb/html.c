/* HTML fragments as plain text: what a feed item or a note says, without its markup. */
#include "kb/html.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"
#include "kb/utf8.h"
#include "kb/xml.h"

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

char *kb_html_c1_take(char *s)
{
    if (!s)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i] && !(u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F))
        i++;
    if (!u[i])
        return s;
    kb_buf b = KB_BUF_INIT;
    int rc = kb_buf_append(&b, s, i);
    while (rc == 0 && u[i]) {
        if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
            unsigned cp = from_c1(u[i + 1]);
            char tmp[4];
            /* one that windows-1252 leaves undefined stays, for the policy */
            rc = cp ? kb_buf_append(&b, tmp, utf8_encode(cp, tmp)) : kb_buf_append(&b, s + i, 2);
            i += 2;
        } else {
            rc = kb_buf_append(&b, s + i, 1);
            i++;
        }
    }
    free(s);
    if (rc < 0) {
        kb_buf_free(&b);
        return NULL;
    }
    return kb_buf_take(&b);
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

/* Every element HTML defines that matters to its text, sorted by name for
 * bsearch. Inline ones are listed too, so that an unknown name (a custom
 * element) is told apart from a known one. */
static const kb_html_element elements[] = {
    {"a", KB_HTML_INLINE, KB_HTML_R_A},
    {"abbr", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"acronym", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"address", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"applet", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"area", KB_HTML_VOID | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"article", KB_HTML_BLOCK, KB_HTML_R_ARTICLE},
    {"aside", KB_HTML_BLOCK, KB_HTML_R_ASIDE},
    {"audio", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"b", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"base", KB_HTML_VOID, KB_HTML_R_OTHER},
    {"bdi", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"bdo", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"big", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"blockquote", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"body", KB_HTML_BLOCK, KB_HTML_R_BODY},
    {"br", KB_HTML_BLOCK | KB_HTML_VOID, KB_HTML_R_OTHER},
    {"button", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"canvas", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"caption", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"center", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"cite", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"code", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"col", KB_HTML_VOID, KB_HTML_R_OTHER},
    {"colgroup", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"data", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"datalist", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"dd", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"del", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"details", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"dfn", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"dialog", KB_HTML_BLOCK | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"dir", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"div", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"dl", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"dt", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"em", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"embed", KB_HTML_INLINE | KB_HTML_VOID, KB_HTML_R_OTHER},
    {"fieldset", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"figcaption", KB_HTML_BLOCK, KB_HTML_R_FIGCAPTION},
    {"figure", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"font", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"footer", KB_HTML_BLOCK, KB_HTML_R_FOOTER},
    {"form", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"frame", KB_HTML_BLOCK | KB_HTML_VOID | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"frameset", KB_HTML_BLOCK | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"h1", KB_HTML_BLOCK, KB_HTML_R_H1},
    {"h2", KB_HTML_BLOCK, KB_HTML_R_HEADING},
    {"h3", KB_HTML_BLOCK, KB_HTML_R_HEADING},
    {"h4", KB_HTML_BLOCK, KB_HTML_R_HEADING},
    {"h5", KB_HTML_BLOCK, KB_HTML_R_HEADING},
    {"h6", KB_HTML_BLOCK, KB_HTML_R_HEADING},
    {"head", KB_HTML_BLOCK, KB_HTML_R_HEAD},
    {"header", KB_HTML_BLOCK, KB_HTML_R_HEADER},
    {"hgroup", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"hr", KB_HTML_BLOCK | KB_HTML_VOID, KB_HTML_R_OTHER},
    {"html", KB_HTML_BLOCK, KB_HTML_R_HTML},
    {"i", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"iframe", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"img", KB_HTML_INLINE | KB_HTML_VOID, KB_HTML_R_OTHER},
    {"input", KB_HTML_INLINE | KB_HTML_VOID | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"ins", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"kbd", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"label", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"legend", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"li", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"link", KB_HTML_VOID, KB_HTML_R_LINK},
    {"main", KB_HTML_BLOCK, KB_HTML_R_MAIN},
    {"map", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"mark", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"math", KB_HTML_INLINE | KB_HTML_PAGE_DROP, KB_HTML_R_OTHER},
    {"menu", KB_HTML_BLOCK, KB_HTML_R_NAV},
    {"meta", KB_HTML_VOID, KB_HTML_R_META},
    {"nav", KB_HTML_BLOCK, KB_HTML_R_NAV},
    {"nobr", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"noembed", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"noframes", KB_HTML_BLOCK | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"noscript", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"object", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"ol", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"optgroup", KB_HTML_DROP, KB_HTML_R_OTHER},
    {"option", KB_HTML_DROP, KB_HTML_R_OTHER},
    {"p", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"param", KB_HTML_VOID, KB_HTML_R_OTHER},
    {"picture", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"pre", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"q", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"rp", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"rt", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"ruby", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"s", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"samp", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"script", KB_HTML_DROP, KB_HTML_R_SCRIPT},
    {"section", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"select", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"small", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"source", KB_HTML_VOID | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"span", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"strike", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"strong", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"style", KB_HTML_DROP, KB_HTML_R_OTHER},
    {"sub", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"summary", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"sup", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"svg", KB_HTML_INLINE | KB_HTML_PAGE_DROP, KB_HTML_R_OTHER},
    {"table", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"tbody", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"td", KB_HTML_CELL, KB_HTML_R_OTHER},
    {"template", KB_HTML_DROP, KB_HTML_R_OTHER},
    {"textarea", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"tfoot", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"th", KB_HTML_CELL, KB_HTML_R_OTHER},
    {"thead", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"time", KB_HTML_INLINE, KB_HTML_R_TIME},
    {"title", KB_HTML_BLOCK, KB_HTML_R_TITLE},
    {"tr", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"track", KB_HTML_VOID | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"tt", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"u", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"ul", KB_HTML_BLOCK, KB_HTML_R_OTHER},
    {"var", KB_HTML_INLINE, KB_HTML_R_OTHER},
    {"video", KB_HTML_INLINE | KB_HTML_DROP, KB_HTML_R_OTHER},
    {"wbr", KB_HTML_INLINE | KB_HTML_VOID, KB_HTML_R_OTHER},

};

static int cmp_element(const void *key, const void *item)
{
    return strcmp(key, ((const kb_html_element *)item)->name);
}

const kb_html_element *kb_html_element_named(const char *name, size_t n)
{
    for (size_t i = n; i > 0; i--)
        if (name[i - 1] == ':') {
            name += i;
            n -= i;
            break;
        }
    char low[16];
    if (n == 0 || n >= sizeof low)
        return NULL;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    low[n] = '\0';
    return bsearch(low, elements, sizeof elements / sizeof *elements, sizeof *elements,
                   cmp_element);
}

enum { EL_INLINE, EL_BLOCK, EL_CELL, EL_SKIP };

/* How a fragment's text treats an element. */
static int classify_n(const char *name, size_t n)
{
    const kb_html_element *e = kb_html_element_named(name, n);
    if (!e)
        return EL_INLINE;
    /* A void element holds nothing to drop; what libxml2 nests inside one
     * (the text after an <embed>) is the text that follows it. */
    if ((e->props & KB_HTML_DROP) && !(e->props & KB_HTML_VOID))
        return EL_SKIP;
    return e->props & KB_HTML_BLOCK ? EL_BLOCK : e->props & KB_HTML_CELL ? EL_CELL : EL_INLINE;
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
        int empty = gt && gt > s + k && gt[-1] == '/';
        if (cls == EL_SKIP && !closing && !empty)
            after = find_close(s, n, after, s + start, k - start);
        else if (cls != EL_SKIP)
            open_or_close(o, cls);
        i = after;
    }
}

/* The HTML parser stops (with an internal error) at 256 levels of nesting. */
/* The parser stops at its depth limit (an internal error) and at a text
 * node over 10 MB (reported as out of memory): either way the fragment is
 * read again without it, so that no text is lost. */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    if (e && (e->code == XML_ERR_INTERNAL_ERROR || e->code == XML_ERR_NO_MEMORY))
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
        /* An element with too many attributes would take the parser time
         * quadratic in them: such a fragment is read with its tags stripped. */
        char crowded[64];
        int halted = kb_markup_crowded(html, (size_t)n, 1, crowded) != 0;
        xmlStructuredErrorFunc saved = xmlStructuredError;
        void *saved_ctx = xmlStructuredErrorContext;
        xmlSetStructuredErrorFunc(&halted, on_parse_error);
        /* Not XML_PARSE_HUGE: beyond the depth limit, libxml2's HTML parser
         * takes quadratic time on unclosed tags. */
        htmlDocPtr doc = halted ? NULL
                                : htmlReadMemory(html, n, NULL, "UTF-8",
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
