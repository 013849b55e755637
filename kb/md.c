/* Markdown writing: one set of escaping rules, so that what the base holds
 * comes out of a brief, a search or a query as text and nothing else. */
#include "kb/md.h"

#include <stdlib.h>
#include <string.h>

#include "kb/utf8.h"

/* What may open a block at the start of a line: an ATX heading, a list
 * marker, a quote, a setext underline or thematic break, an ordered list's
 * "1." or "1)". Returns the offset of the character to escape, or -1. */
static long block_marker(const char *p)
{
    /* a marker is followed by a space or the end of the line */
    size_t digits = strspn(p, "0123456789");
    if (digits > 0 && digits < 10 && (p[digits] == '.' || p[digits] == ')') &&
        (p[digits + 1] == ' ' || p[digits + 1] == '\0'))
        return (long)digits;
    if ((p[0] == '-' || p[0] == '+') && (p[1] == ' ' || p[1] == '\0' || p[1] == p[0]))
        return 0;
    if (p[0] == '=')
        return 0;
    return -1;
}

static void char_ref(kb_buf *b, unsigned char ch)
{
    kb_buf_printf(b, "&#%u;", ch);
}

/* The length of the Unicode space separator (Zs, not the ASCII space) that
 * p starts with, 0 for none; and its code point. cmark-gfm counts these as
 * white space when it decides whether ** or * can open or close emphasis. */
static size_t unicode_space(const unsigned char *p, unsigned *cp)
{
    size_t n = 0;
    if (p[0] == 0xC2 && p[1] == 0xA0) /* U+00A0 */
        n = 2;
    else if ((p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) ||                /* U+1680 */
             (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8A || p[2] == 0xAF)) || /* U+2000-200A, U+202F */
             (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) ||                /* U+205F */
             (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80))                  /* U+3000 */
        n = p[2] >= 0x80 && p[2] <= 0xBF ? 3 : 0;
    if (n == 2)
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    else if (n == 3)
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return n;
}

/* The text of s, its marks (when not 0) made into ** around bold text. */
static void text(kb_buf *b, const char *s, char open, char close)
{
    if (!s)
        return;
    size_t len = strlen(s);
    /* bytes SQL made may be no UTF-8: mended as JSON mends them, so that no
     * lone 0x9B (CSI to an 8-bit terminal) is written */
    char *repaired = NULL;
    if (!kb_utf8_valid(s, len)) {
        if (!(repaired = kb_text_clean(s, len, &len)))
            return;
        s = repaired;
    }
    long marker = block_marker(s);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        unsigned cp;
        size_t sp = ch >= 0xC2 ? unicode_space((const unsigned char *)s + i, &cp) : 0;
        /* at either end it would keep ** or * around the text from being
         * emphasis, as a space would */
        if (sp && (i == 0 || i + sp == len)) {
            kb_buf_printf(b, "&#%u;", cp);
            i += sp - 1;
        } else if (open && (s[i] == open || s[i] == close)) {
            kb_buf_puts(b, "**");
        } else if (ch < 0x20 || ch == 0x7f || (ch == ' ' && (i == 0 || i == len - 1))) {
            char_ref(b, ch);
        } else if (ch == 0xC2 && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] < 0xA0) {
            char_ref(b, (unsigned char)s[++i]); /* a C1 control: CSI is U+009B */
        } else if (strchr("\\`*_[]<>|#!~&", ch) || (long)i == marker) {
            char esc[3] = {'\\', (char)ch, 0};
            kb_buf_puts(b, esc);
        } else {
            kb_buf_append(b, s + i, 1);
        }
    }
    free(repaired);
}

void kb_md_text(kb_buf *b, const char *s)
{
    text(b, s, 0, 0);
}

void kb_md_marked(kb_buf *b, const char *s, char open, char close)
{
    text(b, s, open, close);
}

void kb_md_row(kb_buf *b, const char *const *cells, int n)
{
    kb_buf_puts(b, "|");
    for (int i = 0; i < n; i++) {
        kb_buf_puts(b, " ");
        kb_md_text(b, cells[i] ? cells[i] : "");
        kb_buf_puts(b, " |");
    }
    kb_buf_puts(b, "\n");
}

void kb_md_table_head(kb_buf *b, const char *const *names, int n)
{
    kb_md_row(b, names, n);
    kb_buf_puts(b, "|");
    for (int i = 0; i < n; i++)
        kb_buf_puts(b, "---|");
    kb_buf_puts(b, "\n");
}

void kb_md_heading(kb_buf *b, int level, const char *text)
{
    level = level < 1 ? 1 : level > 6 ? 6 : level;
    kb_buf_printf(b, "%.*s ", level, "######");
    kb_md_text(b, text);
    kb_buf_puts(b, "\n");
}

int kb_md_web_url(const char *u)
{
    return u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

/* 1 when the & at p would start a character reference (&amp; &#38; &#x26;),
 * which cmark-gfm decodes in a link's URL too. */
static int starts_char_ref(const char *p)
{
    size_t n = strspn(p + 1, "#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    return n > 0 && p[1 + n] == ';';
}

static void url_body(kb_buf *b, const char *u)
{
    for (const char *c = u; *c; c++) {
        unsigned char ch = (unsigned char)*c;
        if (ch <= ' ' || ch == '<' || ch == '>' || ch == '\\' || ch == 0x7f)
            kb_buf_printf(b, "%%%02X", ch);
        else if (ch == '&' && starts_char_ref(c))
            kb_buf_puts(b, "&amp;");
        else
            kb_buf_append(b, c, 1);
    }
}

int kb_md_autolink(kb_buf *b, const char *url)
{
    if (!kb_md_web_url(url))
        return 0;
    kb_buf_puts(b, "<");
    url_body(b, url);
    kb_buf_puts(b, ">");
    return 1;
}

void kb_md_link(kb_buf *b, const char *text, const char *url)
{
    if (!kb_md_web_url(url)) {
        kb_md_text(b, text);
        return;
    }
    kb_buf_puts(b, "[");
    kb_md_text(b, text);
    kb_buf_puts(b, "](<");
    url_body(b, url);
    kb_buf_puts(b, ">)");
}
