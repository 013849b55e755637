/* Reading XML safely: no network, no DTD, no entity expansion; data files
 * validated against kb.rng; small helpers over the tree. */
#include "kb/xml.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlIO.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/db.h"
#include "kb/fileio.h"
#include "kb/utf8.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

void kb_xml_harden(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_entity);
    xmlSubstituteEntitiesDefault(0);
    xmlLoadExtDtdDefaultValue = 0;
}

/* Attributes counted before parsing. The scan follows the parsers closely
 * enough that what it passes over (comments, CDATA, processing instructions,
 * an HTML script's text) is what they pass over too. */

typedef struct {
    const char *s;
    size_t len, i;
    long line;
} scan;

static void scan_to(scan *sc, const char *end, int nocase)
{
    size_t n = strlen(end);
    for (; sc->i < sc->len; sc->i++) {
        if (sc->s[sc->i] == '\n')
            sc->line++;
        if (sc->len - sc->i >= n && (nocase ? strncasecmp(sc->s + sc->i, end, n)
                                            : strncmp(sc->s + sc->i, end, n)) == 0) {
            sc->i += n;
            return;
        }
    }
}

static int starts(const scan *sc, const char *p)
{
    size_t n = strlen(p);
    return sc->len - sc->i >= n && memcmp(sc->s + sc->i, p, n) == 0;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void skip_blanks(scan *sc)
{
    for (; sc->i < sc->len && blank(sc->s[sc->i]); sc->i++)
        if (sc->s[sc->i] == '\n')
            sc->line++;
}

/* The attributes of the tag whose name ends at sc->i, up to its '>'. */
static size_t count_attributes(scan *sc, int *closed)
{
    size_t n = 0;
    *closed = 0;
    while (sc->i < sc->len) {
        skip_blanks(sc);
        if (sc->i >= sc->len)
            break;
        char c = sc->s[sc->i];
        if (c == '>') {
            *closed = sc->i > 0 && sc->s[sc->i - 1] == '/';
            sc->i++;
            break;
        }
        if (c == '/') {
            sc->i++;
            continue;
        }
        while (sc->i < sc->len && !blank(sc->s[sc->i]) && sc->s[sc->i] != '=' &&
               sc->s[sc->i] != '>' && sc->s[sc->i] != '/')
            sc->i++;
        n++;
        skip_blanks(sc);
        if (sc->i < sc->len && sc->s[sc->i] == '=') {
            sc->i++;
            skip_blanks(sc);
            char q = sc->i < sc->len ? sc->s[sc->i] : 0;
            if (q == '"' || q == '\'') {
                sc->i++;
                char end[2] = {q, 0};
                scan_to(sc, end, 0);
            } else {
                while (sc->i < sc->len && !blank(sc->s[sc->i]) && sc->s[sc->i] != '>')
                    sc->i++;
            }
        }
    }
    return n;
}

/* An entity's value as the parser stores it: character references below
 * 0x80 are replaced when the entity is declared, so "&#60;" there is markup
 * once the entity is used. Caller frees; NULL when out of memory. */
static char *entity_value(const char *v, size_t n, size_t *outlen)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if (v[i] == '&' && i + 2 < n && v[i + 1] == '#') {
            int hex = v[i + 2] == 'x';
            size_t k = i + 2 + (size_t)hex;
            unsigned long c = 0;
            while (k < n && c < 0x80 && (hex ? isxdigit((unsigned char)v[k])
                                             : isdigit((unsigned char)v[k]))) {
                int d = isdigit((unsigned char)v[k]) ? v[k] - '0' : (v[k] | 0x20) - 'a' + 10;
                c = c * (hex ? 16 : 10) + (unsigned long)d;
                k++;
            }
            if (k < n && v[k] == ';' && c > 0 && c < 0x80) {
                out[j++] = (char)c;
                i = k + 1;
                continue;
            }
        }
        out[j++] = v[i++];
    }
    out[j] = '\0';
    *outlen = j;
    return out;
}

/* nested: s is an entity's value, where no entity is declared */
static long crowded(const char *s, size_t len, int html, int nested, char name[64])
{
    scan sc = {s, s ? len : 0, 0, 1};
    while (sc.i < sc.len) {
        const char *lt = memchr(sc.s + sc.i, '<', sc.len - sc.i);
        size_t to = lt ? (size_t)(lt - sc.s) : sc.len;
        for (const char *p = sc.s + sc.i; (p = memchr(p, '\n', (size_t)(sc.s + to - p))); p++)
            sc.line++;
        sc.i = to;
        if (!lt)
            break;
        if (starts(&sc, "<!--")) {
            sc.i += 4;
            scan_to(&sc, "-->", 0);
            continue;
        }
        if (starts(&sc, "<![CDATA[")) {
            sc.i += 9;
            scan_to(&sc, "]]>", 0);
            continue;
        }
        if (!html && !nested && starts(&sc, "<!ENTITY")) {
            /* the elements its value holds are parsed where it is used */
            long line = sc.line;
            sc.i += 8;
            while (sc.i < sc.len && sc.s[sc.i] != '"' && sc.s[sc.i] != '\'' &&
                   sc.s[sc.i] != '>')
                sc.line += sc.s[sc.i++] == '\n';
            if (sc.i >= sc.len || sc.s[sc.i] == '>')
                continue;
            char end[2] = {sc.s[sc.i++], 0};
            size_t start = sc.i;
            scan_to(&sc, end, 0);
            size_t n = sc.i - start - (sc.i > start && sc.s[sc.i - 1] == end[0]), vlen;
            char *v = entity_value(sc.s + start, n, &vlen);
            long inside = v ? crowded(v, vlen, 0, 1, name) : 0;
            free(v);
            if (inside)
                return line;
            continue;
        }
        if (starts(&sc, "<?")) {
            sc.i += 2;
            scan_to(&sc, html ? ">" : "?>", 0);
            continue;
        }
        sc.i++;
        unsigned char c = sc.i < sc.len ? (unsigned char)sc.s[sc.i] : 0;
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '_' && c != ':' && c < 0x80)
            continue; /* an end tag, a declaration (whose text is scanned on), or text */
        size_t start = sc.i;
        while (sc.i < sc.len && !blank(sc.s[sc.i]) && sc.s[sc.i] != '>' && sc.s[sc.i] != '/')
            sc.i++;
        size_t namelen = sc.i - start;
        long line = sc.line;
        int closed;
        if (count_attributes(&sc, &closed) > KB_MAX_ATTRIBUTES) {
            size_t j = 0;
            for (size_t k = 0; k < namelen && j < 63; k++) {
                unsigned char ch = (unsigned char)sc.s[start + k];
                name[j++] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
            }
            name[j] = '\0';
            return line;
        }
        if (html && !closed) {
            static const char *const raw[] = {"script", "style"};
            for (size_t k = 0; k < 2; k++) {
                if (namelen == strlen(raw[k]) &&
                    strncasecmp(sc.s + start, raw[k], namelen) == 0) {
                    char end[10];
                    snprintf(end, sizeof end, "</%s", raw[k]);
                    scan_to(&sc, end, 1);
                }
            }
        }
    }
    return 0;
}

long kb_markup_crowded(const char *s, size_t len, int html, char name[64])
{
    return crowded(s, len, html, 0, name);
}

typedef struct {
    kb_diags *diags;
    const char *path;
    long count;
    char last[512]; /* libxml2 repeats itself: say each thing once */
} err_sink;

enum { MAX_ERRORS_PER_FILE = 50 };

/* Past MAX_ERRORS_PER_FILE, errors are only counted: the report ends with
 * how many more there were. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    err_sink *s = ctx;
    if (!e || e->level == XML_ERR_WARNING)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid XML");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (strcmp(msg, s->last) == 0)
        return;
    memcpy(s->last, msg, sizeof s->last);
    if (++s->count > MAX_ERRORS_PER_FILE)
        return;
    kb_diags_add(s->diags, KB_SEV_ERROR, s->path, e->line, NULL, "%s", msg);
}

/* 1234567 as "1,234,567". */
static void with_commas(long v, char out[32])
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%ld", v), j = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
}

static void report_more(err_sink *s)
{
    if (s->count <= MAX_ERRORS_PER_FILE)
        return;
    /* on the last line shown, so that it is read after them */
    long line = 0;
    for (size_t i = 0; i < s->diags->len; i++)
        if (s->diags->items[i].file && strcmp(s->diags->items[i].file, s->path) == 0 &&
            s->diags->items[i].line > line)
            line = s->diags->items[i].line;
    char more[32];
    with_commas(s->count - MAX_ERRORS_PER_FILE, more);
    kb_diags_add(s->diags, KB_SEV_ERROR, s->path, line, NULL, "… and %s more error%s", more,
                 s->count - MAX_ERRORS_PER_FILE == 1 ? "" : "s");
    /* the count is of errors, not of lines shown: "401 errors; nothing was loaded" */
    s->diags->errors += s->count - MAX_ERRORS_PER_FILE - 1;
}

static xmlRelaxNGPtr grammar(void)
{
    static xmlRelaxNGPtr rng;
    if (!rng) {
        const kb_embedded_file *f = kb_embedded("kb.rng");
        if (!f)
            return NULL;
        xmlRelaxNGParserCtxtPtr pc =
            xmlRelaxNGNewMemParserCtxt((const char *)f->data, (int)f->size);
        rng = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    return rng;
}


/* The external entity loader refuses everything, so the document itself is
 * handed to libxml2 from memory. */
static char *slurp(const char *path, size_t *len, kb_diags *diags)
{
    kb_error err;
    char *data = kb_file_read(path, KB_MAX_FILE_BYTES, len, &err);
    if (!data)
        kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "%s", err.message);
    return data;
}

/* libxml2's RELAX NG messages rarely name the value at fault ("Element company
 * failed to validate content"), so the commonest mistakes are explained first. */
static int slug_ok(const char *s)
{
    if (!*s || strlen(s) > 80 || *s == '-')
        return 0;
    for (const char *p = s; *p; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!alnum && !(*p == '-' && p[1] && p[1] != '-'))
            return 0;
    }
    return 1;
}

static void explain(xmlNodePtr n, const char *path, kb_diags *diags, long *count)
{
    static const char *const slug_attrs[] = {"slug", "ref", "subject", "source", "claim",
                                             "from", "to", "topic"};
    for (; n && *count < MAX_ERRORS_PER_FILE; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *tag = (const char *)n->name;
        for (size_t i = 0; i < sizeof slug_attrs / sizeof *slug_attrs; i++) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)slug_attrs[i]);
            /* <amount to="…"> is a number, not a slug */
            if (v && strcmp(tag, "amount") != 0 && !slug_ok((const char *)v)) {
                kb_diags_add(diags, KB_SEV_ERROR, path, xmlGetLineNo(n), NULL,
                             "<%s %s=\"%s\">: a slug is lowercase letters, digits and single "
                             "hyphens (e.g. llama-3-1), at most 80 characters",
                             tag, slug_attrs[i], (const char *)v);
                (*count)++;
            }
            xmlFree(v);
        }
        if (strcmp(tag, "claim") == 0 && !kb_xml_child(n, "cite")) {
            xmlChar *slug = xmlGetProp(n, (const xmlChar *)"slug");
            kb_diags_add(diags, KB_SEV_ERROR, path, xmlGetLineNo(n), NULL,
                         "claim '%s' has no <cite>: every claim needs a source",
                         slug ? (const char *)slug : "");
            xmlFree(slug);
            (*count)++;
        }
        explain(n->children, path, diags, count);
    }
}

/* libxml2's RELAX NG validator takes time quadratic in the <alias> elements
 * of one entity: past the number kb keeps, the file is refused before it. */
static int too_many_aliases(xmlDocPtr doc, const char *path, kb_diags *diags)
{
    int refused = 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        long aliases = 0;
        for (xmlNodePtr a = kb_xml_child(n, "alias"); a; a = kb_xml_next(a, "alias"))
            aliases++;
        if (aliases > KB_MAX_ALIASES) {
            char count[32];
            with_commas(aliases, count);
            xmlChar *slug = xmlGetProp(n, (const xmlChar *)"slug");
            kb_diags_add(diags, KB_SEV_ERROR, path, xmlGetLineNo(n), NULL,
                         "<%s slug=\"%s\"> has %s aliases: at most %d are allowed",
                         (const char *)n->name, slug ? (const char *)slug : "", count,
                         KB_MAX_ALIASES);
            xmlFree(slug);
            refused = 1;
        }
    }
    return refused;
}

/* Validates the root's children one at a time, each as the root's only
 * child: libxml2's validator takes time quadratic in the errors of one run,
 * and the grammar's root is a list of independent elements, so each alone
 * is the same check. */
static int validate(xmlRelaxNGPtr rng, xmlDocPtr doc, err_sink *sink)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr first = root ? root->children : NULL, last = root ? root->last : NULL;
    int bad = 0;
    xmlNodePtr c = first;
    do {
        xmlNodePtr prev = c ? c->prev : NULL, next = c ? c->next : NULL;
        if (c) {
            c->prev = c->next = NULL;
            root->children = root->last = c;
        }
        xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
        if (!vc) {
            kb_diags_add(sink->diags, KB_SEV_ERROR, sink->path, 0, NULL, "out of memory");
            bad = 1;
        } else {
            xmlRelaxNGSetValidStructuredErrors(vc, on_error, sink);
            bad |= xmlRelaxNGValidateDoc(vc, doc) != 0;
            xmlRelaxNGFreeValidCtxt(vc);
        }
        if (c) {
            c->prev = prev;
            c->next = next;
        }
        c = next;
    } while (c);
    if (root) {
        root->children = first;
        root->last = last;
    }
    return bad;
}

xmlDocPtr kb_datafile_read(const char *path, const char *data, size_t len, kb_diags *diags)
{
    kb_xml_harden();
    char *owned = NULL;
    if (!data) {
        data = owned = slurp(path, &len, diags);
        if (!data)
            return NULL;
    }
    if (len > (size_t)KB_MAX_FILE_BYTES) {
        kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "larger than %u MiB: not read",
                     KB_MAX_FILE_BYTES >> 20);
        free(owned);
        return NULL;
    }
    char crowded[64];
    long at = kb_markup_crowded(data, len, 0, crowded);
    if (at) {
        kb_diags_add(diags, KB_SEV_ERROR, path, at, NULL,
                     "<%s> has more than %d attributes: not read", crowded, KB_MAX_ATTRIBUTES);
        free(owned);
        return NULL;
    }
    err_sink sink = {diags, path, 0, ""};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "out of memory");
        free(owned);
        return NULL;
    }
    xmlSetStructuredErrorFunc(&sink, on_error);
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, opts);
    xmlFreeParserCtxt(ctxt);
    xmlSetStructuredErrorFunc(NULL, NULL);
    free(owned);
    if (doc && sink.count) {
        xmlFreeDoc(doc);
        return NULL;
    }
    if (!doc) {
        if (!sink.count)
            kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "not an XML file");
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        long line = doc->intSubset ? xmlGetLineNo((xmlNodePtr)doc->intSubset) : 0;
        kb_diags_add(diags, KB_SEV_ERROR, path, line > 0 ? line : 1, NULL,
                     "a DOCTYPE is not allowed in a data file (kb never reads DTDs "
                     "or expands entities)");
        xmlFreeDoc(doc);
        return NULL;
    }

    xmlRelaxNGPtr rng = grammar();
    if (!rng) {
        kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "the built-in grammar kb.rng is broken");
        xmlFreeDoc(doc);
        return NULL;
    }
    if (too_many_aliases(doc, path, diags)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    explain(xmlDocGetRootElement(doc), path, diags, &sink.count);
    int bad = validate(rng, doc, &sink) || sink.count > 0;
    report_more(&sink);
    if (bad) {
        if (!sink.count)
            kb_diags_add(diags, KB_SEV_ERROR, path, 0, NULL, "does not follow kb.rng");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Tree helpers. */

static int is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr kb_xml_child(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (is_element(c, name))
            return c;
    return NULL;
}

xmlNodePtr kb_xml_next(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node ? node->next : NULL; c; c = c->next)
        if (is_element(c, name))
            return c;
    return NULL;
}

static int space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *tidy(const char *s, int collapse)
{
    while (*s && space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && space((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (collapse && space((unsigned char)s[i])) {
            if (w && out[w - 1] != ' ')
                out[w++] = ' ';
        } else {
            out[w++] = s[i];
        }
    }
    out[w] = '\0';
    return out;
}

/* XML holds what kb does not store (C1 controls, &#13;): the policy first,
 * then the trimming. */
static char *tidy_clean(const char *s, int collapse)
{
    char *c = kb_text_clean(s, strlen(s), NULL);
    if (!c)
        return NULL;
    char *out = tidy(c, collapse);
    free(c);
    return out;
}

char *kb_xml_text(xmlNodePtr node, int collapse)
{
    if (!node)
        return NULL;
    xmlChar *c = xmlNodeGetContent(node);
    if (!c)
        return NULL;
    char *out = tidy_clean((const char *)c, collapse);
    xmlFree(c);
    return out;
}

char *kb_xml_child_text(xmlNodePtr node, const char *name, int collapse)
{
    return kb_xml_text(kb_xml_child(node, name), collapse);
}

char *kb_xml_attr(xmlNodePtr node, const char *name)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *out = tidy_clean((const char *)v, 1);
    xmlFree(v);
    return out;
}
