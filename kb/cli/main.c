/* kb's entry point: global options, then one command from the table. */
#include <getopt.h>
#include <libxml/parser.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kb/render.h"
#include "kb/buf.h"
#include "kb/suggest.h"

#ifndef KB_VERSION
#define KB_VERSION "0.1.0"
#endif
#ifndef KB_DATE
#define KB_DATE "2026-11"
#endif

const cli_option cli_global_options[] = {
    {'d', "db", 0, "PATH", NULL, "the base to use (default ./kb.db, or $KB_DB)", 0},
    {'c', "color", 0, "WHEN", "auto|always|never",
     "color on a terminal only (auto, the default), always, or never", 0},
    {'V', "version", 0, NULL, NULL, "print the version and exit", 0},
    {'h', "help", 'h', NULL, NULL, "print this overview and exit", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

const kb_command kb_commands[] = {
    {"init", cmd_init, KB_DB_CREATE, cmd_no_options,
     "create a base (or bring an old one up to date)", "kb init", NULL, NULL,
     "kb init\n"
     "kb --db ~/research/kb.db init"},
    {"load", cmd_load, KB_DB_WRITE, cmd_load_options,
     "load data files into the base, all or nothing", "kb load [options] PATH...",
     "  PATH        a data file, or a directory searched recursively for *.xml", NULL,
     "kb load data/\n"
     "kb load data/claims/meta.xml\n"
     "kb load --replace data/"},
    {"ingest", cmd_ingest, KB_DB_WRITE, cmd_ingest_options,
     "store articles, feeds and notes as sources", "kb ingest [options] PATH... | -",
     "  PATH            an HTML page, an RSS/Atom feed, a Markdown or text note, or a\n"
     "                  directory of them (searched recursively); - reads standard input",
     "Exit status 1 when any file was refused (the others are stored).",
     "kb ingest ~/Downloads/meta-cloud.html --publisher MarketWatch\n"
     "kb ingest feeds/ notes/\n"
     "curl -s https://example.com/feed.xml | kb ingest --url https://example.com/feed.xml -"},
    {"extract", cmd_extract, KB_DB_NONE, cmd_extract_options,
     "show what kb would store of an HTML page", "kb extract [options] FILE",
     "  FILE   an HTML page; - reads standard input", NULL,
     "kb extract page.html\n"
     "kb extract --format json page.html | jq .text"},
    {"search", cmd_search, KB_DB_READ, cmd_search_options,
     "find entities, claims, debates and sources", "kb search [options] QUERY...",
     "  QUERY   words (all must match), \"a phrase\", a OR b, -word (excluded),\n"
     "          prefix* (any word that begins so)",
     NULL,
     "kb search meta cloud\n"
     "kb search --kind claim --stance bearish \"capex\"\n"
     "kb search --entity openai --since 2025 analy*"},
    {"show", cmd_show, KB_DB_READ, cmd_show_options,
     "show one entity, claim, debate or source, whole", "kb show [options] SLUG|NAME", NULL, NULL,
     "kb show meta\n"
     "kb show Facebook\n"
     "kb show meta-cloud-expansion-or-retreat\n"
     "kb show --format json mw-meta-cloud-pivot"},
    {"reindex", cmd_reindex, KB_DB_WRITE, cmd_no_options,
     "rebuild and optimize the search indexes and mentions", "kb reindex", NULL, NULL,
     "kb reindex\n"
     "kb reindex && kb check"},
    {"brief", cmd_brief, KB_DB_READ, cmd_brief_options,
     "write a Markdown or HTML brief, every claim cited",
     "kb brief [options] ENTITY | --topic TOPIC | --compare A B...",
     "  ENTITY  a company, a model, an asset… by its slug, name or alias: its facts,\n"
     "          models, infrastructure, claims by topic, debates, timeline and sources",
     NULL,
     "kb brief meta > meta.md\n"
     "kb brief --format html -o meta.html meta\n"
     "kb brief --compare meta amazon microsoft google\n"
     "kb brief --topic cloud --since 2026"},
    {"sql", cmd_sql, KB_DB_READ_UNLESS_WRITE, cmd_sql_options,
     "run SQL on the base (read-only unless --write)", "kb sql [options] QUERY | -f FILE | -",
     "  QUERY   one or more SQL statements; - reads them from standard input",
     "Read-only, statements that write, ATTACH, PRAGMAs that write and\n"
     "load_extension are refused (exit 2). The views are listed by kb schema.",
     "kb sql \"SELECT developer, model FROM model_landscape WHERE openness = 'open-weights'\"\n"
     "kb sql --format csv --param s=meta \"SELECT * FROM claim_overview WHERE subject = :s\"\n"
     "kb sql --write \"UPDATE claims SET status = 'confirmed' WHERE slug = 'meta-cloud-venture-report'\""},
    {"rm", cmd_rm, KB_DB_WRITE, cmd_rm_options, "remove an entity, source, claim or debate",
     "kb rm [options] SLUG|NAME...", NULL, NULL,
     "kb rm meta-cloud-venture-report\n"
     "kb rm --cascade llama-2\n"
     "kb rm --kind source mw-meta-cloud-pivot"},
    {"export", cmd_export, KB_DB_READ, cmd_export_options, "write the whole base as data files",
     "kb export -o DIR", NULL, NULL,
     "kb export -o /tmp/kb-export\n"
     "kb export -o backup/ && kb --db fresh.db init && kb --db fresh.db load backup/"},
    {"check", cmd_check, KB_DB_WRITE, cmd_check_options,
     "verify the base: references, citations, indexes", "kb check [options]", NULL,
     "Exit status 1 when there is any error (warnings alone exit 0).",
     "kb check\n"
     "kb check --format json | jq '.errors'"},
    {"topics", cmd_topics, KB_DB_READ, cmd_topics_options,
     "list the topics of the claims and debates, with their counts", "kb topics [options]",
     NULL, NULL,
     "kb topics\n"
     "kb topics --format json\n"
     "kb brief --topic data-centers"},
    {"stats", cmd_stats, KB_DB_READ, cmd_stats_options, "count what the base holds",
     "kb stats [options]", NULL, NULL,
     "kb stats\n"
     "kb stats --format json"},
    {"schema", cmd_schema, KB_DB_NONE, cmd_schema_options, "explain the tables, views and columns",
     "kb schema [options]",
     "  (no option)  every table and view with its columns, each explained", NULL,
     "kb schema\n"
     "kb schema --sql | less\n"
     "kb schema --rng > kb.rng"},
    {"help", cmd_help, KB_DB_NONE, cmd_help_options, "show help for kb or one command",
     "kb help [COMMAND] | --man | --options [COMMAND]", NULL, NULL,
     "kb help\n"
     "kb help load"},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

const kb_command *cli_command(const char *name)
{
    for (const kb_command *c = kb_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void print_overview(FILE *out)
{
    fputs("usage: kb [--db PATH] [--color auto|always|never] <command> [options]\n"
          "\n"
          "kb keeps a knowledge base of the hyperscaler and AI landscape in one SQLite file.\n"
          "\n"
          "Commands:\n",
          out);
    for (const kb_command *c = kb_commands; c->name; c++)
        fprintf(out, "  %-8s %s\n", c->name, c->summary);
    fputs("\nOptions:\n", out);
    cli_print_global_options(out);
    fputs("\n"
          "The base is ./kb.db unless --db PATH or $KB_DB says otherwise.\n"
          "Run 'kb help COMMAND' or 'kb COMMAND --help' for a command's options.\n",
          out);
}

/* kb.1.md with each "<!-- options NAME -->" line replaced by the options of
 * that command (or kb's own, for "kb"), so the page lists what the tables say. */
static void man_markdown(const char *md, kb_buf *out)
{
    static const char mark[] = "<!-- options ";
    const char *p = md;
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (strncmp(p, mark, sizeof mark - 1) == 0) {
            char name[32];
            const char *q = p + sizeof mark - 1;
            size_t len = strcspn(q, " -\n");
            snprintf(name, sizeof name, "%.*s", (int)len, q);
            const kb_command *c = cli_command(name);
            cli_options_markdown(strcmp(name, "kb") == 0 ? cli_global_options
                                 : c                     ? c->options
                                                         : NULL,
                                 out);
        } else {
            kb_buf_append(out, p, n);
            kb_buf_puts(out, "\n");
        }
        p += n + (p[n] == '\n');
    }
}

const cli_option cmd_help_options[] = {
    {'m', "man", 0, NULL, NULL, "the manual page, kb(1), as roff (kb help --man | man -l -)", 0},
    {'o', "options", 0, NULL, NULL,
     "the options of COMMAND (kb's own without one), one a line with the\n"
     "values they take: what the completion reads",
     0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

const cli_option cmd_no_options[] = {
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_help(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    int man = 0, options = 0, c;
    while ((c = cli_getopt(argc, argv, cmd_help_options)) != -1) {
        switch (c) {
        case 'm': man = 1; break;
        case 'o': options = 1; break;
        default: return cli_usage_error("help");
        }
    }
    if (argc - optind > 1 || (man && (options || optind < argc))) {
        cli_error("help: name one command, or give --man or --options");
        return cli_usage_error("help");
    }
    const kb_command *cmd = optind < argc ? cli_command(argv[optind]) : NULL;
    if (optind < argc && !cmd) {
        cli_error("no such command '%s'; run 'kb help' for the list", argv[optind]);
        return 2;
    }
    if (man) {
        kb_buf md = KB_BUF_INIT, out = KB_BUF_INIT;
        kb_error err;
        const kb_embedded_file *page = kb_embedded("kb.1.md");
        man_markdown(page ? (const char *)page->data : "", &md);
        kb_code rc = kb_render_man(md.data ? md.data : "", "KB", 1, KB_DATE, "kb " KB_VERSION,
                                   &out, &err);
        if (rc == KB_OK)
            fputs(out.data, stdout);
        else
            cli_error("%s", err.message);
        kb_buf_free(&md);
        kb_buf_free(&out);
        return cli_exit(rc);
    }
    if (options)
        cli_print_option_names(cmd ? cmd->options : cli_global_options, stdout);
    else if (cmd)
        cli_print_help(cmd, stdout);
    else
        print_overview(stdout);
    return 0;
}

static int unknown_command(const char *name)
{
    const char *best = NULL;
    int best_d = 3;
    for (const kb_command *c = kb_commands; c->name; c++) {
        int d = kb_edit_distance(name, c->name, 2);
        if (d < best_d) {
            best_d = d;
            best = c->name;
        }
    }
    if (best)
        cli_error("'%s' is not a kb command; did you mean '%s'?", name, best);
    else
        cli_error("'%s' is not a kb command; run 'kb help' for the list", name);
    return 2;
}

static int color_known(const char *mode)
{
    const cli_option *o = cli_option_named(cli_global_options, "color");
    if (cli_option_takes(o, mode))
        return 1;
    char said[64];
    cli_option_values_said(o, said, sizeof said);
    cli_error("--color takes %s, not '%s'", said, mode);
    return 0;
}

static int wants_color(const char *mode, int fd)
{
    if (strcmp(mode, "always") == 0)
        return 1;
    if (strcmp(mode, "never") == 0)
        return 0;
    const char *no = getenv("NO_COLOR");
    return isatty(fd) && !(no && *no);
}

int main(int argc, char **argv)
{
    /* Each document's tree is built and freed in turn: keep the freed memory
     * for the next one instead of handing it back to the system page by page
     * (the unmapping cost more than the parsing). Memory stays bounded by the
     * largest document. */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    kb_cli cli = {0};
    const char *color = "auto";
    cli.db_path = getenv("KB_DB");
    if (!cli.db_path || !*cli.db_path)
        cli.db_path = "kb.db";

    int c;
    while ((c = cli_getopt_in_order(argc, argv, cli_global_options)) != -1) {
        switch (c) {
        case 'd': cli.db_path = optarg; break;
        case 'c': color = optarg; break;
        case 'V':
            printf("kb %s (SQLite %s, libxml2 %s)\n", KB_VERSION, sqlite3_libversion(),
                   xmlParserVersion);
            return cli_finish_output(0);
        case 'h': print_overview(stdout); return cli_finish_output(0);
        default: return cli_usage_error(NULL);
        }
    }
    int i = optind;
    if (!color_known(color))
        return 2;
    if (i == argc) {
        print_overview(stderr);
        return 2;
    }
    const kb_command *cmd = cli_command(argv[i]);
    if (!cmd)
        return unknown_command(argv[i]);
    /* --color=WHEN is understood after the command too (before any "--") */
    for (int j = i + 1; j < argc && strcmp(argv[j], "--") != 0; j++) {
        if (strncmp(argv[j], "--color=", 8) == 0) {
            color = argv[j] + 8;
            memmove(argv + j, argv + j + 1, (size_t)(argc - j) * sizeof *argv);
            argc--;
            j--;
        }
    }
    if (!color_known(color))
        return 2;
    if (cli_asks_help(argc - i, argv + i, cmd->options)) {
        cli_print_help(cmd, stdout);
        return cli_finish_output(0);
    }
    cli.color_out = wants_color(color, STDOUT_FILENO);
    cli.color_err = wants_color(color, STDERR_FILENO);
    cli.progress = isatty(STDERR_FILENO);

    int status;
    if (cmd->need != KB_DB_NONE) {
        kb_error err;
        kb_open_mode mode = cmd->need == KB_DB_READ    ? KB_OPEN_READ
                            : cmd->need == KB_DB_WRITE ? KB_OPEN_WRITE
                                                       : KB_OPEN_CREATE;
        if (cmd->need == KB_DB_READ_UNLESS_WRITE)
            mode = cli_asks_write(argc - i, argv + i, cmd->options) ? KB_OPEN_WRITE
                                                                    : KB_OPEN_READ;
        kb_code rc = kb_db_open(cli.db_path, mode, &cli.db, &err);
        if (rc) {
            cli_error("%s", err.message);
            xmlCleanupParser();
            return cli_exit_io(rc);
        }
    }
    optind = 0; /* the command reads its own arguments afresh */
    cli_set_args(argc - i, argv + i);
    status = cli_finish_output(cmd->run(argc - i, argv + i, &cli));
    kb_db_close(cli.db);
    xmlCleanupParser();
    return status;
}
