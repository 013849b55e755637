/* kb — index upkeep after bulk changes: the full-text indexes rebuilt and
 * every source's mentions recomputed. */
#ifndef KB_REINDEX_H
#define KB_REINDEX_H

#include "kb/db.h"
#include "kb/error.h"

/* Rebuilds every FTS5 index from its table, recomputes every source's
 * mentions, then optimizes the indexes; in one transaction, so that on any
 * failure (KB_ERR_DB, err says which) nothing changes. *nsources (may be
 * NULL) receives the number of sources relinked. */
kb_code kb_reindex(kb_db *db, long long *nsources, kb_error *err);

#endif
