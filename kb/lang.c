/* Language tags: what pages and feeds declare, in the shape kb.rng holds, so
 * that a source kb stores is one kb export writes and kb load reads back. */
#include "kb/lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Longer tags are not real ones. */
enum { MAX_LANG = 64 };

static int ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_alnum(int c)
{
    return ascii_alpha(c) || (c >= '0' && c <= '9');
}

char *kb_lang_take(char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    /* written in place: the tag is never longer than what it is read from */
    size_t w = 0;
    for (int first = 1;; first = 0) {
        size_t n = 0;
        int ok = 1;
        while (p[n] && p[n] != '-' && p[n] != '_') {
            ok = ok && (first ? ascii_alpha((unsigned char)p[n]) : ascii_alnum((unsigned char)p[n]));
            n++;
        }
        if (!ok || n < 2 || n > (first ? 3u : 8u) || w + !first + n > MAX_LANG)
            break;
        if (!first)
            s[w++] = '-';
        for (size_t i = 0; i < n; i++)
            s[w++] = first ? (char)tolower((unsigned char)p[i]) : p[i];
        p += n;
        if (!*p)
            break;
        p++;
    }
    if (w == 0) {
        free(s);
        return NULL;
    }
    s[w] = '\0';
    return s;
}
