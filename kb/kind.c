/* The one table of kinds: every name a kind has, in and out. */
#include "kb/kind.h"

#include <string.h>

static const char *const names[KB_KIND_COUNT] = {
    [KB_KIND_NONE] = "",
    [KB_KIND_ENTITY] = "entity",
    [KB_KIND_COMPANY] = "company",
    [KB_KIND_MODEL] = "model",
    [KB_KIND_ASSET] = "asset",
    [KB_KIND_PRODUCT] = "product",
    [KB_KIND_PERSON] = "person",
    [KB_KIND_ORGANIZATION] = "organization",
    [KB_KIND_PROJECT] = "project",
    [KB_KIND_TOPIC] = "topic",
    [KB_KIND_CLAIM] = "claim",
    [KB_KIND_DEBATE] = "debate",
    [KB_KIND_SOURCE] = "source",
};

const char *kb_kind_name(kb_kind k)
{
    return k > KB_KIND_NONE && k < KB_KIND_COUNT ? names[k] : "";
}

kb_kind kb_kind_from_name(const char *name)
{
    for (int k = KB_KIND_NONE + 1; name && k < KB_KIND_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return (kb_kind)k;
    return KB_KIND_NONE;
}

int kb_kind_is_entity(kb_kind k)
{
    return k >= KB_KIND_ENTITY && k <= KB_KIND_TOPIC;
}

kb_kind kb_kind_table_of(kb_kind k)
{
    return kb_kind_is_entity(k) ? KB_KIND_ENTITY : k;
}

void kb_kind_list(unsigned set, const char *conj, kb_buf *out)
{
    int total = 0, said = 0;
    for (int k = KB_KIND_NONE + 1; k < KB_KIND_COUNT; k++)
        total += (set & KB_KIND_BIT(k)) != 0;
    for (int k = KB_KIND_NONE + 1; k < KB_KIND_COUNT; k++) {
        if (!(set & KB_KIND_BIT(k)))
            continue;
        said++;
        if (said > 1 && said == total)
            kb_buf_printf(out, " %s ", conj);
        else if (said > 1)
            kb_buf_puts(out, ", ");
        kb_buf_puts(out, names[k]);
    }
}
