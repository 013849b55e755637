/* kb — language tags as kb stores them. */
#ifndef KB_LANG_H
#define KB_LANG_H

/* Takes s (a NUL-terminated string from malloc, or NULL) and returns the
 * language tag kb stores for it, in the shape the data files' grammar holds
 * (a primary subtag of 2 or 3 letters, in lower case, then subtags of 2 to 8
 * letters and digits, at most 64 bytes in all): "en_US" becomes "en-US",
 * "EN-us" becomes "en-us", and "en-US-x-private" is kept as "en-US", its
 * subtags from the first that does not fit left out. s itself is reused for
 * the result, or freed when nothing of it is a language tag ("English", "x",
 * ""): NULL is then returned. */
char *kb_lang_take(char *s);

#endif
