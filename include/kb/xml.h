/* kb — reading XML safely (data files, feeds, OPML), and small helpers over
 * the tree libxml2 builds. */
#ifndef KB_XML_H
#define KB_XML_H

#include <libxml/tree.h>
#include <stddef.h>

#include "kb/error.h"

/* Makes libxml2 refuse every external entity and DTD, once per process.
 * Every reader of XML calls it before parsing. */
void kb_xml_harden(void);

/* The most attributes one element may have in an HTML page, a feed or a data
 * file: libxml2 2.9 takes time quadratic in one element's attributes (100k
 * took 40 s), and real pages have fewer than a hundred. */
#define KB_MAX_ATTRIBUTES 256

/* Looks, in linear time and before any parser sees the text, for an element
 * with more than KB_MAX_ATTRIBUTES attributes in markup: HTML when html is
 * set (script and style then hold text, not tags), else XML (where the value
 * of an entity declared in the DOCTYPE counts as the markup it becomes, with
 * its character references read: "&#60;x a=..."). Returns the line
 * (from 1) of the first such element and copies its name, printable and cut
 * to 63 bytes, into name; returns 0 when there is none. */
long kb_markup_crowded(const char *s, size_t len, int html, char name[64]);

/* The most <alias> elements one entity may have in a data file: libxml2's
 * RELAX NG validator takes time quadratic in them. */
#define KB_MAX_ALIASES 256

/* Parses and validates one data file (from memory when data is not NULL,
 * else from path) against kb.rng. No network, no DTD, no entity expansion:
 * a DOCTYPE is refused outright, and so is an element with more than
 * KB_MAX_ATTRIBUTES attributes or an entity with more than KB_MAX_ALIASES
 * aliases. Problems go into diags as path:line, the first 50 of them, then
 * one saying how many more there were.
 * Returns the document (free with xmlFreeDoc) or NULL when the file is not a
 * valid data file. */
xmlDocPtr kb_datafile_read(const char *path, const char *data, size_t len, kb_diags *diags);

/* The first element child of node with that name, or NULL. */
xmlNodePtr kb_xml_child(xmlNodePtr node, const char *name);

/* The next element sibling after node with that name, or NULL. */
xmlNodePtr kb_xml_next(xmlNodePtr node, const char *name);

/* The text of node (caller frees), clean (utf8.h) and trimmed; with
 * collapse, each run of white space inside becomes one space. NULL when
 * node is NULL, the text empty, or out of memory. */
char *kb_xml_text(xmlNodePtr node, int collapse);

/* The text of the named child (see kb_xml_text), or NULL. */
char *kb_xml_child_text(xmlNodePtr node, const char *name, int collapse);

/* An attribute's value (caller frees), clean, trimmed and its white space
 * collapsed; NULL when absent or empty. */
char *kb_xml_attr(xmlNodePtr node, const char *name);

#endif
