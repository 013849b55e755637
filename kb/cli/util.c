/* Small things every command shares: formats, errors, exit statuses. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/suggest.h"
#include <getopt.h>

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

/* The command line the command was given, for what went wrong in it. */
static int cur_argc;
static char **cur_argv;

void cli_set_args(int argc, char **argv)
{
    cur_argc = argc;
    cur_argv = argv;
}

/* The option closest to what was typed, among those the usage names. */
static void suggest_option(const char *cmd, const char *typed)
{
    const kb_command *c = cli_command(cmd);
    const char *best = NULL;
    size_t best_len = 0;
    int best_d = 3;
    size_t tlen = strcspn(typed, "=");
    for (const char *p = c ? c->usage : ""; (p = strstr(p, "--")); ) {
        size_t n = 2;
        while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '-')
            n++;
        if (n > 2) {
            char opt[64], want[64];
            snprintf(opt, sizeof opt, "%.*s", (int)n, p);
            snprintf(want, sizeof want, "%.*s", (int)(tlen < 63 ? tlen : 63), typed);
            int d = kb_edit_distance(want, opt, 2);
            if (strcmp(want, opt) == 0) { /* known, so a value was missing */
                fprintf(stderr, "kb: %s: %s needs a value\n", cmd, opt);
                return;
            }
            if (d < best_d) {
                best_d = d;
                best = p;
                best_len = n;
            }
        }
        p += n;
    }
    if (best)
        fprintf(stderr, "kb: %s: unknown option '%.*s'; did you mean '%.*s'?\n", cmd, (int)tlen,
                typed, (int)best_len, best);
    else
        fprintf(stderr, "kb: %s: unknown option '%s'\n", cmd, typed);
}

int cli_bad_option(const char *cmd, const char *typed)
{
    suggest_option(cmd, typed);
    fprintf(stderr, "Run 'kb help %s' for its usage.\n", cmd);
    return 2;
}

int cli_usage_error(const char *cmd)
{
    /* getopt has just stepped over the word at fault */
    if (cur_argv && optind > 0 && optind <= cur_argc) {
        const char *typed = cur_argv[optind - 1];
        if (typed && typed[0] == '-')
            suggest_option(cmd, typed);
    }
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

