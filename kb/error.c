/* Errors as values: kb_error for one failure, kb_diags for a batch. */
#include "kb/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Formats into a buffer of its own first: the arguments may point into err. */
static kb_code set(kb_error *err, kb_code code, const char *file, long line, const char *value,
                   const char *fmt, va_list ap)
{
    char msg[sizeof err->message];
    int n = 0;
    if (file && line > 0)
        n = snprintf(msg, sizeof msg, "%s:%ld: ", file, line);
    else if (file)
        n = snprintf(msg, sizeof msg, "%s: ", file);
    if (n < 0 || (size_t)n >= sizeof msg)
        n = (int)sizeof msg - 1;
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    memcpy(err->message, msg, sizeof msg);
    err->code = code;
    copy(err->file, sizeof err->file, file);
    err->line = file ? line : 0;
    copy(err->value, sizeof err->value, value);
    return code;
}

kb_code kb_error_set(kb_error *err, kb_code code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set(err, code, NULL, 0, NULL, fmt, ap);
        va_end(ap);
    }
    return code;
}

kb_code kb_error_set_at(kb_error *err, kb_code code, const char *file, long line,
                        const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set(err, code, file, line, NULL, fmt, ap);
        va_end(ap);
    }
    return code;
}

kb_code kb_error_set_value(kb_error *err, kb_code code, const char *value, const char *fmt,
                           ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set(err, code, NULL, 0, value, fmt, ap);
        va_end(ap);
    }
    return code;
}

void kb_error_locate(kb_error *err, const char *file, long line)
{
    if (!err)
        return;
    char place[sizeof err->file];
    copy(place, sizeof place, file);
    copy(err->file, sizeof err->file, place);
    err->line = file ? line : 0;
}

void kb_error_clear(kb_error *err)
{
    if (err) {
        err->code = KB_OK;
        err->message[0] = '\0';
        err->file[0] = '\0';
        err->line = 0;
        err->value[0] = '\0';
    }
}

kb_diags *kb_diags_new(void)
{
    return calloc(1, sizeof(kb_diags));
}

void kb_diags_free(kb_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->len; i++) {
        free(d->items[i].file);
        free(d->items[i].subject);
        free(d->items[i].message);
    }
    free(d->items);
    free(d);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void kb_diags_add(kb_diags *d, kb_severity sev, const char *file, long line,
                  const char *subject, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->len == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        kb_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kb_diag *g = &d->items[d->len++];
    g->severity = sev;
    g->file = dup_or_null(file);
    g->line = line;
    g->subject = dup_or_null(subject);
    g->message = strdup(msg);
    if (sev == KB_SEV_ERROR)
        d->errors++;
    else
        d->warnings++;
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* qsort is not stable, so the original order is carried in a key. */
typedef struct {
    kb_diag d;
    size_t order;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = cmp_str(a->d.file, b->d.file);
    if (c)
        return c;
    if (a->d.line != b->d.line)
        return a->d.line < b->d.line ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

void kb_diags_sort(kb_diags *d)
{
    if (!d || d->len < 2)
        return;
    keyed *k = malloc(d->len * sizeof *k);
    if (!k)
        return;
    for (size_t i = 0; i < d->len; i++) {
        k[i].d = d->items[i];
        k[i].order = i;
    }
    qsort(k, d->len, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < d->len; i++)
        d->items[i] = k[i].d;
    free(k);
}
