/* Small things every command shares: formats, errors, exit statuses. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/buf.h"

int cli_format(const char *value, unsigned allowed, const char *cmd)
{
    static const struct {
        const char *name;
        int fmt;
    } names[] = {{"text", FMT_TEXT}, {"json", FMT_JSON}, {"csv", FMT_CSV},
                 {"md", FMT_MD},     {"tsv", FMT_TSV}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(value, names[i].name) == 0 && (allowed & (unsigned)names[i].fmt))
            return names[i].fmt;
    char list[64] = "";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (allowed & (unsigned)names[i].fmt) {
            strcat(list, list[0] ? "|" : "");
            strcat(list, names[i].name);
        }
    cli_error("%s: unknown format '%s' (use --format %s)", cmd, value, list);
    return -1;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kb: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_exit(kb_code code)
{
    switch (code) {
    case KB_OK: return 0;
    case KB_ERR_USAGE:
    case KB_ERR_INPUT: return 2;
    default: return 1;
    }
}

int cli_usage_error(const char *cmd)
{
    fprintf(stderr, "Run 'kb help %s' for its usage.\n", cmd);
    return 2;
}

const char *cli_sgr(int on, const char *code)
{
    return on ? code : "";
}

void cli_print_diags(const kb_diags *d, FILE *out, int color)
{
    for (size_t i = 0; i < d->len; i++) {
        const kb_diag *g = &d->items[i];
        int err = g->severity == KB_SEV_ERROR;
        if (g->file && g->line > 0)
            fprintf(out, "%s:%ld: ", g->file, g->line);
        else if (g->file)
            fprintf(out, "%s: ", g->file);
        fprintf(out, "%s%s%s: ", cli_sgr(color, err ? "\033[1;31m" : "\033[1;33m"),
                err ? "error" : "warning", cli_sgr(color, "\033[0m"));
        if (g->subject)
            fprintf(out, "%s: ", g->subject);
        fprintf(out, "%s\n", g->message);
    }
}

char *cli_read_file(const char *path, size_t limit, size_t *len, char **why)
{
    *why = NULL;
    int std = strcmp(path, "-") == 0;
    struct stat st;
    if (!std && (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
        *why = strdup(errno && !S_ISREG(st.st_mode) ? strerror(errno) : "not a regular file");
        return NULL;
    }
    FILE *f = std ? stdin : fopen(path, "rb");
    if (!f) {
        *why = strdup(strerror(errno));
        return NULL;
    }
    kb_buf b = KB_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > limit) {
            *why = strdup("too large");
            break;
        }
        kb_buf_append(&b, chunk, got);
    }
    if (!std)
        fclose(f);
    if (*why) {
        kb_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return kb_buf_take(&b);
}
