/* kb — helpers shared between the library's files; not part of the API. */
#ifndef KB_INTERNAL_H
#define KB_INTERNAL_H

#include <libxml/tree.h>
#include <stddef.h>

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"

/* datafile.c — reading data files safely. */

/* Parses and validates one data file (from memory when data is not NULL,
 * else from path). No network, no DTD, no entity expansion: a DOCTYPE is
 * refused outright. Problems go into diags as path:line. Returns the document
 * (free with xmlFreeDoc) or NULL when the file is not a valid data file. */
xmlDocPtr kb_datafile_read(const char *path, const char *data, size_t len, kb_diags *diags);

/* Expands paths (files, or directories searched recursively for *.xml) into
 * a sorted list the caller frees with kb_strv_free. Missing paths go into
 * diags. */
char **kb_datafile_collect(const char *const *paths, size_t npaths, size_t *count,
                           kb_diags *diags);

/* The same for any files whose names end with ext (every file when ext is
 * NULL); hidden files and directories are skipped. */
char **kb_files_collect(const char *const *paths, size_t npaths, const char *ext,
                        size_t *count, kb_diags *diags);

void kb_strv_free(char **v, size_t n);

/* The first element child of node with that name, or NULL. */
xmlNodePtr kb_xml_child(xmlNodePtr node, const char *name);

/* The next element sibling after node with that name, or NULL. */
xmlNodePtr kb_xml_next(xmlNodePtr node, const char *name);

/* The text of node (caller frees), trimmed; with collapse, each run of white
 * space inside becomes one space. NULL when node is NULL or the text empty. */
char *kb_xml_text(xmlNodePtr node, int collapse);

/* The text of the named child (see kb_xml_text), or NULL. */
char *kb_xml_child_text(xmlNodePtr node, const char *name, int collapse);

/* An attribute's value (caller frees), or NULL. */
char *kb_xml_attr(xmlNodePtr node, const char *name);

/* Makes libxml2 refuse every external entity and DTD, once per process. */
void kb_xml_harden(void);



#endif
