/* HTML pages → the article they carry: the main text without the page's
 * boilerplate, and the metadata (title, authors, dates, canonical URL, site,
 * language, description).
 *
 * The page is decoded to clean UTF-8 first (charset.c, utf8.c), so that no
 * byte the parser would misread ever reaches it, parsed once by libxml2,
 * and then looked at in a few linear passes over a flat table of its
 * elements: one walk of the tree fills the table and collects the metadata; the scoring works on the table
 * (children always come after their parent, so one backward loop sums a
 * subtree); one last walk writes the chosen subtree out as paragraphs. No
 * pass recurses, so a page nested 100,000 deep costs no stack.
 *
 * This file is the entry point; the passes live in extract_page.c (the
 * table), extract_score.c (scoring), extract_text.c (writing the text out),
 * jsonld.c and extract_meta.c (the metadata). */
#include "extract_internal.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/charset.h"
#include "kb/utf8.h"
#include "kb/xml.h"

/* ------------------------------------------------------------------------ */
/* Strings the article hands out                                            */

char *kb_extract_clean_n(const char *s, size_t n)
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

char *kb_extract_clean(const char *s)
{
    return s ? kb_extract_clean_n(s, strlen(s)) : NULL;
}

/* Control characters other than white space are never text: a page that
 * has many is no page. */
static int stray_control(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
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

static int digit_value(char c, int hex)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (hex && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* libxml2's HTML parser drops a character reference to a C0 control
 * (&#27;), which glues the words around it together; kb stores a control
 * as a space (utf8.h), so the reference becomes one before parsing. Edits
 * s (NUL-terminated, len bytes) in place, as a space is never longer than
 * the reference; returns the new length. */
static size_t control_references(char *s, size_t len)
{
    if (!strstr(s, "&#"))
        return len;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '&' && s[i + 1] == '#') {
            int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
            size_t k = i + 2 + (size_t)hex, start = k;
            unsigned long v = 0;
            for (int d; k - start < 8 && (d = digit_value(s[k], hex)) >= 0; k++)
                v = v * (hex ? 16 : 10) + (unsigned long)d;
            if (k > start && s[k] == ';' && v > 0 && v < 0x20 && v != '\t' && v != '\n' &&
                v != '\r') {
                s[w++] = ' ';
                i = k + 1;
                continue;
            }
        }
        s[w++] = s[i++];
    }
    s[w] = '\0';
    return w;
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
    *outlen = control_references(utf8, n);
    return KB_OK;
}

/* XML_PARSE_HUGE lets a text node pass 10 MB (the page as a whole is held
 * to KB_MAX_FILE_BYTES), but it also lifts libxml2's depth limit, and a
 * tree millions of elements deep costs memory for nothing. The tree is kept
 * to KB_HTML_MAX_DEPTH levels here instead: an element deeper than that is
 * left out, and its text goes to the element above it, so nothing is lost. */
typedef struct depth_cap {
    startElementSAXFunc start;
    endElementSAXFunc end;
    size_t depth;
} depth_cap;

static void capped_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    depth_cap *cap = ((htmlParserCtxtPtr)ctx)->_private;
    if (cap->depth++ < KB_HTML_MAX_DEPTH)
        cap->start(ctx, name, atts);
}

static void capped_end(void *ctx, const xmlChar *name)
{
    depth_cap *cap = ((htmlParserCtxtPtr)ctx)->_private;
    if (cap->depth && --cap->depth < KB_HTML_MAX_DEPTH)
        cap->end(ctx, name);
}

kb_code kb_extract_html(const char *html, size_t len, const char *url, kb_article **out,
                        kb_error *err)
{
    *out = NULL;
    if (!html && len)
        return kb_error_set(err, KB_ERR_USAGE, "no page given");
    if (len > KB_MAX_FILE_BYTES)
        return kb_error_set(err, KB_ERR_INPUT, "page too large: %zu bytes (at most %u)", len,
                            KB_MAX_FILE_BYTES);
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
    char crowded[64];
    long at = text_len ? kb_markup_crowded(text, text_len, 1, crowded) : 0;
    if (at) {
        free(owned);
        free(a);
        return kb_error_set(err, KB_ERR_INPUT,
                            "line %ld: <%s> has more than %d attributes, the most kb reads "
                            "on one element",
                            at, crowded, KB_MAX_ATTRIBUTES);
    }
    xmlDocPtr doc = NULL;
    if (text_len) {
        htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
        if (!ctxt) {
            free(owned);
            free(a);
            return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        }
        depth_cap cap = {ctxt->sax->startElement, ctxt->sax->endElement, 0};
        ctxt->_private = &cap;
        ctxt->sax->startElement = capped_start;
        ctxt->sax->endElement = capped_end;
        /* The encoding is given, and the page's own declaration ignored:
         * the bytes are UTF-8 by now whatever the page said. */
        doc = htmlCtxtReadMemory(ctxt, text, (int)text_len, url, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
                                     HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
        htmlFreeParserCtxt(ctxt);
    }
    free(owned);

    page pg;
    memset(&pg, 0, sizeof pg);
    pg.first_time = -1;
    ld_article ld;
    memset(&ld, 0, sizeof ld);
    int nomem = 0;
    if (doc && kb_extract_build_table(&pg, doc) < 0)
        nomem = 1;
    if (doc && !nomem) {
        kb_jsonld_read(&pg, &ld);
        kb_extract_score(&pg, 0);
        kb_extract_score(&pg, 1);
        int body = kb_extract_choose(&pg), scraps = 1;
        if (body < 0) {
            /* Every line of a page without paragraphs counts. */
            body = kb_extract_whole_page(&pg);
            scraps = 0;
        }
        kb_extract_metadata(&pg, &ld, url, body, a);
        if (body >= 0)
            a->text = kb_extract_write(&pg, body, a, scraps, &nomem);
        if (!nomem && ld.body)
            kb_jsonld_prefer_body(a, ld.body, &nomem);
    } else if (!nomem) {
        kb_extract_metadata(&pg, &ld, url, -1, a); /* the URL given, and its host */
    }
    /* Character references in the page (&#27;, &#x85;) may still name
     * controls that the policy turns into spaces. */
    if (a->text && !nomem && !(a->text = kb_text_clean_take(kb_html_c1_take(a->text))))
        nomem = 1;
    if (!a->text && !nomem)
        a->text = calloc(1, 1);
    if (!a->text)
        nomem = 1;
    kb_jsonld_free(&ld);
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
