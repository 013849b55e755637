/* kb — UTF-8: checking it, and repairing what is not. */
#ifndef KB_UTF8_H
#define KB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool kb_utf8_valid(const char *s, size_t len);

/* A copy of s[0..len) in which every ill-formed sequence is replaced by
 * U+FFFD and NUL bytes are dropped; the caller frees it. NULL when out of
 * memory. */
char *kb_utf8_repair(const char *s, size_t len);

#endif
