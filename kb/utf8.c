/* UTF-8 (RFC 3629), and the one policy for what kb stores (see kb/utf8.h). */
#include "kb/utf8.h"

#include <stdint.h>
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

/* An ASCII byte that is kept as it is. */
static int plain_ascii(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n';
}

/* A well-formed sequence of n bytes at p that the policy changes: a C1
 * control or U+FFFE/U+FFFF. */
static int changed_sequence(const unsigned char *p, size_t n)
{
    return (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) ||
           (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE);
}

/* The length of the clean run at the start of p (n bytes): eight bytes at
 * a time while they are printable ASCII, as most text is. */
static size_t clean_run(const unsigned char *p, size_t n)
{
    const uint64_t high = 0x8080808080808080u, low = 0x2020202020202020u,
                   ones = 0x0101010101010101u;
    size_t i = 0;
    for (;;) {
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            /* any byte >= 0x80, < 0x20, or 0x7F (whose +1 sets the high bit) */
            if ((x & high) || ((x - low) & ~x & high) || ((x + ones) & high))
                break;
            i += 8;
        }
        if (i >= n)
            return n;
        if (plain_ascii(p[i])) {
            i++;
            continue;
        }
        if (p[i] < 0x80)
            return i;
        size_t k = sequence(p + i, n - i);
        if (!k || changed_sequence(p + i, k))
            return i;
        i += k;
    }
}

bool kb_text_is_clean(const char *s, size_t len)
{
    return !len || clean_run((const unsigned char *)s, len) == len;
}

static void emit(char *out, size_t *w, const void *src, size_t n)
{
    if (out)
        memcpy(out + *w, src, n);
    *w += n;
}

/* Writes the clean form of p[0..len) into out, or only measures it when
 * out is NULL; returns its length. One loop for both, so they agree. */
static size_t clean_into(const unsigned char *p, size_t len, char *out)
{
    size_t w = 0, i = 0;
    while (i < len) {
        size_t run = clean_run(p + i, len - i);
        emit(out, &w, p + i, run);
        i += run;
        if (i >= len)
            break;
        unsigned char c = p[i];
        size_t k = c < 0x80 ? 1 : sequence(p + i, len - i);
        if (c == '\r') {
            emit(out, &w, "\n", 1);
            k = i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
        } else if (c == 0) {
            /* dropped */
        } else if (c < 0x80 || (k == 2 && c == 0xC2)) {
            emit(out, &w, " ", 1); /* a C0 or C1 control, or DEL */
        } else {
            emit(out, &w, "\xEF\xBF\xBD", 3); /* ill-formed, or U+FFFE/U+FFFF */
            if (!k)
                k = 1;
        }
        i += k;
    }
    return w;
}

char *kb_text_clean(const char *s, size_t len, size_t *outlen)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = len ? clean_into(p, len, NULL) : 0;
    if (n == SIZE_MAX)
        return NULL;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    if (len)
        clean_into(p, len, out);
    out[n] = '\0';
    if (outlen)
        *outlen = n;
    return out;
}

char *kb_text_clean_take(char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (kb_text_is_clean(s, len))
        return s;
    char *c = kb_text_clean(s, len, NULL);
    free(s);
    return c;
}

int kb_text_escape(kb_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t run = clean_run(p + i, len - i);
        if (kb_buf_append(b, s + i, run))
            return -1;
        i += run;
        if (i >= len)
            break;
        size_t k = p[i] < 0x80 ? 1 : sequence(p + i, len - i);
        int rc;
        if (k == 1)
            rc = kb_buf_printf(b, "\\x%02x", p[i]); /* a C0 control or DEL */
        else if (k == 2)
            rc = kb_buf_printf(b, "\\x%02x", p[i + 1]); /* a C1 control, U+0080-U+009F */
        else if (k == 3)
            rc = kb_buf_append(b, s + i, 3); /* U+FFFE or U+FFFF: no control */
        else {
            rc = kb_buf_puts(b, "\xEF\xBF\xBD"); /* an ill-formed byte */
            k = 1;
        }
        if (rc)
            return -1;
        i += k;
    }
    return 0;
}

char *kb_text_escaped(const char *s)
{
    if (!s)
        return NULL;
    kb_buf b = KB_BUF_INIT;
    if (kb_text_escape(&b, s, strlen(s))) {
        kb_buf_free(&b);
        return NULL;
    }
    return kb_buf_take(&b);
}
