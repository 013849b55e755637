/* kb — briefs: what kb knows about a company, a topic or a comparison, every
 * statement with its source, as GitHub-flavoured Markdown or HTML. */
#ifndef KB_BRIEF_H
#define KB_BRIEF_H

#include <stddef.h>

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"

typedef struct kb_brief_options {
    /* What the brief is about: exactly one of these. */
    const char *slug;             /* an entity: a company, a model, an asset… */
    const char *topic;            /* the claims on a topic, across companies */
    const char *const *compare;   /* companies side by side */
    size_t ncompare;

    const char *as_of; /* the date the brief is written as of: what is dated later
                          is left out, and the output depends on nothing else;
                          NULL for today */
    const char *since; /* only claims, sources and events dated since then */
    int html;          /* a standalone HTML page instead of Markdown */
} kb_brief_options;

/* Writes the brief into out. Text from the base is escaped so that it comes
 * out as text: parsed back, a claim holding *, _, |, [x](y), `, <script>,
 * &amp;, a leading # or 1., arrives whole as text, and in the HTML no element
 * or attribute comes from the base's text. Sections with nothing in them are
 * left out. An unknown slug is KB_ERR_NOTFOUND, naming close slugs. */
kb_code kb_brief(kb_db *db, const kb_brief_options *opts, kb_buf *out, kb_error *err);

#endif
