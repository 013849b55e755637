/* libFuzzer: Markdown and plain-text notes. */
#include <stddef.h>
#include <stdint.h>

#include "kb/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kb_note *n = NULL;
    kb_error err;
    if (kb_note_markdown((const char *)data, size, &n, &err) == KB_OK)
        kb_note_free(n);
    if (kb_note_plain((const char *)data, size, &n, &err) == KB_OK)
        kb_note_free(n);
    (void)kb_note_looks_markdown((const char *)data, size);
    return 0;
}
