/* JSON strings: the escaping RFC 8259 asks for, nothing more. */
#include "kb/json.h"

#include <stdio.h>

int kb_json_string(kb_buf *b, const char *s)
{
    if (!s)
        return kb_buf_puts(b, "null");
    int rc = kb_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        switch (*p) {
        case '"': rc = kb_buf_puts(b, "\\\""); break;
        case '\\': rc = kb_buf_puts(b, "\\\\"); break;
        case '\n': rc = kb_buf_puts(b, "\\n"); break;
        case '\r': rc = kb_buf_puts(b, "\\r"); break;
        case '\t': rc = kb_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                rc = kb_buf_printf(b, "\\u%04x", *p);
            else
                rc = kb_buf_append(b, (const char *)p, 1);
        }
    }
    return rc ? rc : kb_buf_puts(b, "\"");
}
