/* CSV as RFC 4180 has it, and TSV beside it. */
#include "kb/csv.h"

#include <string.h>

void kb_csv_field(kb_buf *b, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        kb_buf_append(b, s, n);
        return;
    }
    kb_buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        if (!q) {
            kb_buf_puts(b, p);
            break;
        }
        kb_buf_append(b, p, (size_t)(q - p));
        kb_buf_puts(b, "\"\"");
        p = q;
    }
    kb_buf_puts(b, "\"");
}

void kb_csv_row(kb_buf *b, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            kb_buf_puts(b, ",");
        kb_csv_field(b, fields[i]);
    }
    kb_buf_puts(b, "\r\n");
}

void kb_tsv_field(kb_buf *b, const char *s)
{
    for (; s && *s; s++)
        kb_buf_append(b, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
}

void kb_tsv_row(kb_buf *b, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            kb_buf_puts(b, "\t");
        kb_tsv_field(b, fields[i]);
    }
    kb_buf_puts(b, "\n");
}
