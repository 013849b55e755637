/* libFuzzer: HTML article extraction. */
#include <stddef.h>
#include <stdint.h>

#include "kb/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kb_article *a = NULL;
    kb_error err;
    if (kb_extract_html((const char *)data, size, "https://example.com/a/b", &a, &err) == KB_OK)
        kb_article_free(a);
    (void)kb_extract_is_html((const char *)data, size);
    return 0;
}
