/* kb — content hashes: SHA-256 (FIPS 180-4), as lowercase hex. */
#ifndef KB_HASH_H
#define KB_HASH_H

#include <stddef.h>

/* Writes the SHA-256 of data[0..len) as 64 hex digits and a NUL into out. */
void kb_sha256_hex(const void *data, size_t len, char out[65]);

/* The hash kb keeps for a text: SHA-256 of the text with its runs of white
 * space made one space and its ends trimmed, so a copy that differs only in
 * spacing is found as the same text. Writes "" when text is NULL or blank. */
void kb_text_hash(const char *text, char out[65]);

#endif
