/* libFuzzer: RSS/Atom feed parsing. */
#include <stddef.h>
#include <stdint.h>

#include "kb/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kb_feed *f = NULL;
    kb_error err;
    (void)kb_feed_sniff((const char *)data, size);
    if (kb_feed_parse((const char *)data, size, "https://example.com/feed/", &f, &err) == KB_OK)
        kb_feed_free(f);
    return 0;
}
