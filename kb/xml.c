/* Reading XML safely: no network, no DTD, no entity expansion; data files
 * validated against kb.rng; small helpers over the tree. */
#include "kb/xml.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlIO.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct {
    kb_diags *diags;
    const char *path;
    int count;
    char last[512]; /* libxml2 repeats itself: say each thing once */
} err_sink;

enum { MAX_ERRORS_PER_FILE = 50 };

static void on_error(void *ctx, xmlErrorPtr e)
{
    err_sink *s = ctx;
    if (!e || e->level == XML_ERR_WARNING)
        return;
    if (++s->count > MAX_ERRORS_PER_FILE) {
        if (s->count == MAX_ERRORS_PER_FILE + 1)
            kb_diags_add(s->diags, KB_SEV_ERROR, s->path, 0, NULL,
                         "more than %d errors; the rest are not shown", MAX_ERRORS_PER_FILE);
        return;
    }
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid XML");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (strcmp(msg, s->last) == 0) {
        s->count--;
        return;
    }
    memcpy(s->last, msg, sizeof s->last);
    kb_diags_add(s->diags, KB_SEV_ERROR, s->path, e->line, NULL, "%s", msg);
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

static void explain(xmlNodePtr n, const char *path, kb_diags *diags, int *count)
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
    explain(xmlDocGetRootElement(doc), path, diags, &sink.count);
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
    xmlRelaxNGSetValidStructuredErrors(vc, on_error, &sink);
    int bad = xmlRelaxNGValidateDoc(vc, doc) != 0 || sink.count > 0;
    xmlRelaxNGFreeValidCtxt(vc);
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
