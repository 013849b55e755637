/* kb — what kb stores as text, and UTF-8 checking.
 *
 * What kb stores, whatever the input (an HTML page, a feed, a note, an HTML
 * fragment, a data file's value or a <text src> file, a command-line value):
 *
 *   - well-formed UTF-8: each byte of an ill-formed sequence (a stray Latin-1
 *     byte, a truncated, overlong or surrogate sequence, a code point past
 *     U+10FFFF) becomes U+FFFD;
 *   - NUL bytes are dropped;
 *   - tab (U+0009) and newline (U+000A) are kept; a carriage return, alone or
 *     before a newline, becomes one newline;
 *   - every other control character (the C0 controls U+0001-U+001F such as
 *     form feed and ESC, DEL U+007F, and the C1 controls U+0080-U+009F)
 *     becomes a space, so that a control between two words never glues them
 *     together and no escape sequence ever reaches a terminal;
 *   - the noncharacters U+FFFE and U+FFFF become U+FFFD (XML cannot hold
 *     them, and they are no text).
 *
 * Everything else passes through unchanged (white space is not collapsed
 * here: that is the business of each reader). Text that follows the policy
 * is said to be clean. */
#ifndef KB_UTF8_H
#define KB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool kb_utf8_valid(const char *s, size_t len);

/* True when s[0..len) is clean already (see above): kb_text_clean would
 * return it unchanged. */
bool kb_text_is_clean(const char *s, size_t len);

/* A clean copy of s[0..len), NUL-terminated, that the caller frees; its
 * length goes into *outlen when outlen is not NULL. s may be NULL when len
 * is 0. Returns NULL only when out of memory. */
char *kb_text_clean(const char *s, size_t len, size_t *outlen);

/* Takes s (a NUL-terminated string from malloc) and returns it clean: s
 * itself when it is clean already, else a clean copy, s being freed. NULL
 * stays NULL; NULL is also returned (s freed) when out of memory. */
char *kb_text_clean_take(char *s);

#endif
