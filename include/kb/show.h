/* kb — one thing, whole: a source, a claim, an entity or a debate. */
#ifndef KB_SHOW_H
#define KB_SHOW_H

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"
#include "kb/kind.h"

typedef enum kb_show_format { KB_SHOW_TEXT, KB_SHOW_JSON } kb_show_format;

/* Renders the thing with that slug (an entity, claim, debate or source, in
 * that order of precedence; kind, when not KB_KIND_NONE, says which, any
 * entity kind meaning an entity) into out:
 * - a source: its metadata, its text, the claims that cite it (with quotes),
 *   the entities it mentions;
 * - a claim: subject, kind, status, stance, its citations with quotes and
 *   their sources, the entities it involves, the debates it argues;
 * - an entity: its facts, aliases and counts; its models, assets, claims,
 *   relations, debates, and the latest sources that mention it;
 * - a debate: its question and its sides, each with the claims that argue it.
 * In text, every control character from the base but tab and newline is
 * escaped (kb_text_escape: ESC as \x1b); JSON writes them as \u escapes.
 * An unknown slug is KB_ERR_NOTFOUND, with close slugs named, and err->value
 * is the slug. A base that fails while it is read (a lookup included) is
 * KB_ERR_DB with SQLite's message; out may then hold part of the page, which
 * is not to be shown. */
kb_code kb_show(kb_db *db, const char *slug, kb_kind kind, kb_show_format format, kb_buf *out,
                kb_error *err);

#endif
