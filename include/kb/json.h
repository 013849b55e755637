/* kb — writing JSON text. */
#ifndef KB_JSON_H
#define KB_JSON_H

#include "kb/buf.h"

/* Appends s as a JSON string (quoted and escaped), or null when s is NULL. */
int kb_json_string(kb_buf *b, const char *s);

#endif
