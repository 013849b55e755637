/* kb — topics: what the claims and debates are about. */
#ifndef KB_TOPICS_H
#define KB_TOPICS_H

#include "kb/db.h"
#include "kb/error.h"

/* One row per topic that a claim or a debate has: topic, claims, debates,
 * latest (the latest as-of date of its claims, or NULL), most claims first.
 * For kb_sqlout_rows (sqlout.h), or any reader of a result set. */
extern const char KB_TOPICS_SQL[];

/* The topic that asked names, in *topic (the caller frees it): a topic a
 * claim or debate has, matched as given, else in any case, else by the slug
 * the words make ("Data Centers" → "data-centers"). A topic nothing has is
 * KB_ERR_NOTFOUND, err naming the close ones and err->value asked;
 * KB_ERR_DB when the base fails. */
kb_code kb_topic_named(kb_db *db, const char *asked, char **topic, kb_error *err);

#endif
