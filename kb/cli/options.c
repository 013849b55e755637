/* Option tables: getopt_long over them, and everything said about them
 * (usage, "did you mean", completion, man page) read from them. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kb/suggest.h"

/* getopt_long keeps pointers into its tables between calls: they are built
 * once per option table, here. */
#define MAX_OPTIONS 32
static struct option longs[MAX_OPTIONS + 1];
static char shorts[2 * MAX_OPTIONS + 3];
static const cli_option *built;
static int built_in_order;

/* What cli_usage_error reports: the last error and the word at fault. */
static int cur_argc;
static char **cur_argv;
static int last_error;
static const cli_option *last_option;

static void build(const cli_option *opts, int in_order)
{
    size_t n = 0, s = 0;
    if (in_order)
        shorts[s++] = '+';
    shorts[s++] = ':'; /* a missing value is told apart from an unknown option */
    for (const cli_option *o = opts; o->name && n < MAX_OPTIONS; o++, n++) {
        longs[n] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
                                   256 + (int)n};
        if (o->letter) {
            shorts[s++] = o->letter;
            if (o->arg)
                shorts[s++] = ':';
        }
    }
    longs[n] = (struct option){NULL, 0, NULL, 0};
    shorts[s] = '\0';
    built = opts;
    built_in_order = in_order;
}

const cli_option *cli_option_named(const cli_option *opts, const char *name)
{
    for (const cli_option *o = opts; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

const cli_option *cli_option_letter(const cli_option *opts, int c)
{
    for (const cli_option *o = opts; c && o && o->name; o++)
        if (o->letter == c)
            return o;
    return NULL;
}

static int next(int argc, char **argv, const cli_option *opts, int in_order)
{
    if (built != opts || built_in_order != in_order)
        build(opts, in_order);
    opterr = 0;
    cur_argc = argc;
    cur_argv = argv;
    last_option = NULL;
    int c = getopt_long(argc, argv, shorts, longs, NULL);
    if (c == -1)
        return -1;
    if (c == '?' || c == ':') {
        last_error = c;
        if (optopt >= 256)
            last_option = &opts[optopt - 256];
        else if (optopt)
            last_option = cli_option_letter(opts, optopt);
        return c;
    }
    last_option = c >= 256 ? &opts[c - 256] : cli_option_letter(opts, c);
    return last_option ? last_option->id : '?';
}

int cli_getopt(int argc, char **argv, const cli_option *opts)
{
    return next(argc, argv, opts, 0);
}

int cli_getopt_in_order(int argc, char **argv, const cli_option *opts)
{
    return next(argc, argv, opts, 1);
}

/* Reads a copy of a command's arguments as its own parsing will, for what the
 * dispatcher must know before the command runs: whether an option flagged
 * CLI_OPT_WRITE is given, and whether --help or -h is, as itself (not as the
 * value of another option, nor after "--"). */
static void read_ahead(int argc, char **argv, const cli_option *opts, int *write, int *help)
{
    char **copy = malloc((size_t)(argc + 1) * sizeof *copy);
    *write = *help = 0;
    if (!copy)
        return;
    memcpy(copy, argv, (size_t)argc * sizeof *copy);
    copy[argc] = NULL;
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, copy, opts)) != -1) {
        if (c != '?' && c != ':') {
            if (last_option && (last_option->flags & CLI_OPT_WRITE))
                *write = 1;
            continue;
        }
        /* getopt has stepped over a whole word only once it is done with it */
        const char *word = optind > 0 && optind <= argc ? copy[optind - 1] : "";
        if (c == '?' && (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0))
            *help = 1;
    }
    last_error = 0;
    optind = 0; /* the command reads its arguments afresh */
    free(copy);
}

int cli_asks_write(int argc, char **argv, const cli_option *opts)
{
    int write, help;
    read_ahead(argc, argv, opts, &write, &help);
    return write;
}

int cli_asks_help(int argc, char **argv, const cli_option *opts)
{
    int write, help;
    read_ahead(argc, argv, opts, &write, &help);
    return help;
}

int cli_option_takes(const cli_option *o, const char *value)
{
    size_t n = strlen(value);
    for (const char *p = o->values; p && *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && strncmp(p, value, n) == 0)
            return 1;
        p += len + (p[len] == '|');
    }
    return 0;
}

void cli_option_values_said(const cli_option *o, char *out, size_t size)
{
    size_t total = 0, said = 0, at = 0;
    out[0] = '\0';
    for (const char *p = o->values; p && *p; p++)
        total += *p == '|';
    total++;
    for (const char *p = o->values; p && *p && at < size;) {
        size_t len = strcspn(p, "|");
        said++;
        const char *sep = said == 1 ? "" : said == total ? " or " : ", ";
        at += (size_t)snprintf(out + at, size - at, "%s%.*s", sep, (int)len, p);
        p += len + (p[len] == '|');
    }
}

/* The table the word "cmd" reads its options from: kb's own when NULL. */
static const cli_option *table_of(const char *cmd)
{
    if (!cmd)
        return cli_global_options;
    const kb_command *c = cli_command(cmd);
    return c ? c->options : NULL;
}

/* "kb: cmd: message" on stderr, or "kb: message" for kb's own options. */
static void say(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "kb: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Says what is wrong with the option as typed: a known one lacks its value,
 * or an unknown one is close to a known one. */
static void suggest_option(const char *cmd, const char *typed)
{
    const cli_option *opts = table_of(cmd);
    size_t tlen = strcspn(typed, "=");
    if (strncmp(typed, "--", 2) == 0) {
        char want[64];
        snprintf(want, sizeof want, "%.*s", (int)(tlen - 2 < 62 ? tlen - 2 : 62), typed + 2);
        const cli_option *o = cli_option_named(opts, want);
        if (o && o->arg) {
            say(cmd, "%.*s needs a value", (int)tlen, typed);
            return;
        }
        const char *best = NULL;
        int best_d = 3;
        for (const cli_option *p = opts; p && p->name; p++) {
            int d = kb_edit_distance(want, p->name, 2);
            if (d < best_d) {
                best_d = d;
                best = p->name;
            }
        }
        if (best) {
            say(cmd, "unknown option '%.*s'; did you mean '--%s'?", (int)tlen, typed, best);
            return;
        }
    } else if (typed[0] == '-' && typed[1] && !typed[2]) {
        const cli_option *o = cli_option_letter(opts, typed[1]);
        if (o && o->arg) {
            say(cmd, "%s needs a value", typed);
            return;
        }
    }
    say(cmd, "unknown option '%s'", typed);
}

static int where_to_read(const char *cmd)
{
    if (cmd)
        fprintf(stderr, "Run 'kb help %s' for its usage.\n", cmd);
    else
        fputs("Run 'kb help' for the usage.\n", stderr);
    return 2;
}

int cli_bad_option(const char *cmd, const char *typed)
{
    suggest_option(cmd, typed);
    return where_to_read(cmd);
}

void cli_set_args(int argc, char **argv)
{
    cur_argc = argc;
    cur_argv = argv;
}

int cli_usage_error(const char *cmd)
{
    if (last_error == ':' && last_option) {
        char typed[80];
        if (cur_argv && optind > 0 && optind <= cur_argc && cur_argv[optind - 1][0] == '-' &&
            cur_argv[optind - 1][1] == '-')
            snprintf(typed, sizeof typed, "--%s", last_option->name);
        else if (last_option->letter)
            snprintf(typed, sizeof typed, "-%c", last_option->letter);
        else
            snprintf(typed, sizeof typed, "--%s", last_option->name);
        say(cmd, "%s needs a value", typed);
    } else if (last_error == '?' && cur_argv && optind > 0 && optind <= cur_argc) {
        /* getopt has just stepped over the word at fault */
        const char *typed = cur_argv[optind - 1];
        if (typed && typed[0] == '-')
            suggest_option(cmd, typed);
        else if (optopt)
            say(cmd, "unknown option '-%c'", optopt);
    }
    last_error = 0;
    return where_to_read(cmd);
}

/* "-o, --output FILE", the way the usage and the completion name it. */
static void label_of(const cli_option *o, char *out, size_t size)
{
    const char *arg = o->values && !(o->flags & CLI_OPT_OPEN) ? o->values : o->arg;
    char letter[8] = "    "; /* "    --name" aligns under "-x, --name" */
    if (o->letter)
        snprintf(letter, sizeof letter, "-%c, ", o->letter);
    snprintf(out, size, "%s--%s%s%s", letter, o->name, arg ? " " : "", arg ? arg : "");
}

static void print_help_lines(const char *help, unsigned flags, int indent, FILE *out)
{
    const char *p = help ? help : "";
    for (int first = 1; first || *p; first = 0) {
        size_t n = strcspn(p, "\n");
        if (!first)
            fprintf(out, "\n%*s", indent, "");
        fprintf(out, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
    }
    if (flags & CLI_OPT_REPEAT)
        fputs(" (repeatable)", out);
    fputc('\n', out);
}

static void print_options(const cli_option *opts, FILE *out)
{
    int width = 0;
    char label[128];
    for (const cli_option *o = opts; o && o->name; o++) {
        label_of(o, label, sizeof label);
        int n = (int)strlen(label);
        if (n > width && n <= 30)
            width = n;
    }
    for (const cli_option *o = opts; o && o->name; o++) {
        label_of(o, label, sizeof label);
        if ((int)strlen(label) > width)
            fprintf(out, "  %s\n  %*s  ", label, width, "");
        else
            fprintf(out, "  %-*s  ", width, label);
        print_help_lines(o->help, o->flags, width + 4, out);
    }
}

static void print_block(const char *text, FILE *out)
{
    if (text && *text)
        fprintf(out, "\n%s\n", text);
}

void cli_print_help(const kb_command *cmd, FILE *out)
{
    fprintf(out, "kb %s: %s\n\nusage: %s\n", cmd->name, cmd->summary, cmd->synopsis);
    print_block(cmd->operands, out);
    if (cmd->options && cmd->options->name) {
        fputs("\nOptions:\n", out);
        print_options(cmd->options, out);
    }
    print_block(cmd->notes, out);
    fputs("\nExamples:\n", out);
    const char *p = cmd->examples;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "  %.*s\n", (int)n, p);
        p += n + (nl != NULL);
    }
}

void cli_print_global_options(FILE *out)
{
    print_options(cli_global_options, out);
}

void cli_print_option_names(const cli_option *opts, FILE *out)
{
    for (const cli_option *o = opts; o && o->name; o++) {
        const char *arg = o->values ? o->values : o->arg ? o->arg : "";
        fprintf(out, "--%s\t%s\n", o->name, arg);
        if (o->letter)
            fprintf(out, "-%c\t%s\n", o->letter, arg);
    }
}

static void md_text(kb_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n')
            kb_buf_puts(b, " ");
        else if (strchr("\\`*_[]<>|#!&", *s))
            kb_buf_printf(b, "\\%c", *s);
        else
            kb_buf_append(b, s, 1);
    }
}

void cli_options_markdown(const cli_option *opts, kb_buf *out)
{
    for (const cli_option *o = opts; o && o->name; o++) {
        kb_buf_puts(out, "- ");
        if (o->letter)
            kb_buf_printf(out, "**-%c**, ", o->letter);
        kb_buf_printf(out, "**--%s**", o->name);
        const char *arg = o->values && !(o->flags & CLI_OPT_OPEN) ? o->values : o->arg;
        if (arg) {
            kb_buf_puts(out, " *");
            md_text(out, arg);
            kb_buf_puts(out, "*");
        }
        kb_buf_puts(out, ": ");
        md_text(out, o->help);
        if (o->flags & CLI_OPT_REPEAT)
            kb_buf_puts(out, " (repeatable)");
        kb_buf_puts(out, "\n");
    }
}
