/* UTF-8 (RFC 3629): what kb stores is always well-formed. */
#include "kb/utf8.h"

#include <stdlib.h>
#include <string.h>

/* The length of the well-formed sequence at s, or 0 when it is ill-formed. */
static size_t sequence(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (left < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

bool kb_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = sequence(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

char *kb_utf8_repair(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    /* each bad byte becomes three: room for the worst case */
    if (len > ((size_t)-1 - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t w = 0, i = 0;
    while (i < len) {
        if (p[i] == 0) {
            i++;
            continue;
        }
        size_t n = p[i] < 0x80 ? 1 : sequence(p + i, len - i);
        if (n) {
            memcpy(out + w, p + i, n);
            w += n;
            i += n;
        } else {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        }
    }
    out[w] = '\0';
    return out;
}
