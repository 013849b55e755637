/* Rendering: Markdown made into an HTML page by cmark-gfm (its table
 * extension and its footnotes), or into a man page. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libxml/entities.h>
#include <stdlib.h>
#include <string.h>

#include "kb/render.h"

static const char CSS[] =
    "body{font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
    "max-width:56em;margin:2em auto;padding:0 1em;color:#1f2328}"
    "h1{border-bottom:1px solid #d0d7de;padding-bottom:.3em}"
    "h2{border-bottom:1px solid #d8dee4;padding-bottom:.2em;margin-top:1.6em}"
    "table{border-collapse:collapse;margin:1em 0;display:block;overflow:auto}"
    "th,td{border:1px solid #d0d7de;padding:.3em .7em;text-align:left;vertical-align:top}"
    "th{background:#f6f8fa}tr:nth-child(2n) td{background:#fbfcfd}"
    "a{color:#0969da}sup{font-size:.75em}"
    ".footnotes{font-size:.9em;border-top:1px solid #d0d7de;margin-top:2em}"
    "em{color:#57606a}";

/* The text of the document's first heading, as a reader sees it (escapes
 * and character references resolved); the caller frees. */
static char *first_heading(cmark_node *doc)
{
    kb_buf t = KB_BUF_INIT;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int in = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_HEADING) {
            if (ev == CMARK_EVENT_EXIT)
                break;
            in = 1;
        } else if (in && ev == CMARK_EVENT_ENTER &&
                   (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
            kb_buf_puts(&t, cmark_node_get_literal(n));
        } else if (in && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)) {
            kb_buf_puts(&t, " ");
        }
    }
    cmark_iter_free(it);
    return t.len ? kb_buf_take(&t) : NULL;
}

kb_code kb_render_html(const char *markdown, const char *title, kb_buf *out, kb_error *err)
{
    cmark_gfm_core_extensions_ensure_registered();
    int opts = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES; /* no CMARK_OPT_UNSAFE: no raw HTML */
    cmark_parser *p = cmark_parser_new(opts);
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (!p || !table) {
        cmark_parser_free(p);
        return kb_error_set(err, KB_ERR_NOMEM, "cmark-gfm: cannot make a parser");
    }
    cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, markdown, strlen(markdown));
    cmark_node *doc = cmark_parser_finish(p);
    char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
    char *heading = title ? NULL : first_heading(doc);
    xmlChar *t = xmlEncodeSpecialChars(NULL, (const xmlChar *)(title     ? title
                                                               : heading ? heading
                                                                         : "kb"));
    kb_buf_printf(out,
                  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"kb\">\n"
                  "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n%s</body>\n</html>\n",
                  (const char *)t, CSS, html ? html : "");
    xmlFree(t);
    free(heading);
    free(html);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return KB_OK;
}

kb_code kb_render_man(const char *markdown, const char *title, int section, const char *date,
                      const char *source, kb_buf *out, kb_error *err)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (!p)
        return kb_error_set(err, KB_ERR_NOMEM, "cmark-gfm: cannot make a parser");
    cmark_parser_feed(p, markdown, strlen(markdown));
    cmark_node *doc = cmark_parser_finish(p);
    char *man = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
    kb_buf_printf(out, ".TH %s %d \"%s\" \"%s\"\n%s", title, section, date, source,
                  man ? man : "");
    free(man);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return KB_OK;
}
