/* kb — Markdown rendered: a standalone HTML page, or a man page. */
#ifndef KB_RENDER_H
#define KB_RENDER_H

#include "kb/buf.h"
#include "kb/error.h"

/* Renders GFM Markdown (tables, footnotes) to a standalone HTML page, its CSS
 * inside and nothing fetched from elsewhere; raw HTML in the Markdown is
 * never passed through. title is escaped; when NULL, the page takes the
 * text of its first heading as its title ("kb" when it has none). The page
 * is appended to out;
 * KB_ERR_NOMEM when cmark-gfm cannot make a parser. */
kb_code kb_render_html(const char *markdown, const char *title, kb_buf *out, kb_error *err);

/* Renders Markdown to a man page (roff) with cmark-gfm's man renderer, under
 * a .TH line naming the page (title, section, date, source), appended to
 * out; KB_ERR_NOMEM when cmark-gfm cannot make a parser. */
kb_code kb_render_man(const char *markdown, const char *title, int section, const char *date,
                      const char *source, kb_buf *out, kb_error *err);

#endif
