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

#include "kb/buf.h"

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

/* Appends s[0..len) to b as it may be shown on a terminal: every control
 * character but tab and newline -- the C0 controls (ESC, CR, backspace, NUL
 * too), DEL and the C1 controls U+0080-U+009F -- is written as \xHH, its
 * code point in two lower-case hex digits (ESC is \x1b, CSI U+009B is \x9b),
 * so that no escape sequence from the data (a clipboard write, a link, a
 * cleared screen) reaches the terminal; each byte of an ill-formed UTF-8
 * sequence is written as U+FFFD, since a lone 0x9B is CSI to an 8-bit
 * terminal. Everything else is copied unchanged (a backslash too: the form
 * is for the eye, not to be read back), so clean text comes out as it went
 * in. Every writer of text for people (kb show, kb search, kb sql's table,
 * CSV and TSV, kb brief, kb's messages) goes through here. Returns 0, or -1
 * when out of memory (b then holds part of s). */
int kb_text_escape(kb_buf *b, const char *s, size_t len);

/* The same as a string of its own, which the caller frees; NULL when s is
 * NULL or when out of memory. */
char *kb_text_escaped(const char *s);

#endif
