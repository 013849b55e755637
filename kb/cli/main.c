/* kb's entry point: global options, then one command from the table. */
#include <getopt.h>
#include <libxml/parser.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kb/brief.h"
#include "kb/buf.h"
#include "kb/suggest.h"

#ifndef KB_VERSION
#define KB_VERSION "0.1.0"
#endif
#ifndef KB_DATE
#define KB_DATE "2026-11"
#endif

const kb_command kb_commands[] = {
    {"init", cmd_init, KB_DB_CREATE, "create a base (or bring an old one up to date)",
     "kb init",
     "kb init\n"
     "kb --db ~/research/kb.db init"},
    {"load", cmd_load, KB_DB_WRITE, "load data files into the base, all or nothing",
     "kb load [--replace] [--format text|json] PATH...\n"
     "\n"
     "  PATH        a data file, or a directory searched recursively for *.xml\n"
     "  --replace   make the curated part of the base exactly what the files say:\n"
     "              remove curated things no file defines (ingested sources stay)\n"
     "  --format    text (default) or json for the summary",
     "kb load data/\n"
     "kb load data/claims/meta.xml\n"
     "kb load --replace data/"},
    {"ingest", cmd_ingest, KB_DB_WRITE, "store articles, feeds and notes as sources",
     "kb ingest [options] PATH... | -\n"
     "\n"
     "  PATH            an HTML page, an RSS/Atom feed, a Markdown or text note, or a\n"
     "                  directory of them (searched recursively); - reads standard input\n"
     "  --url URL       the document's URL (for a feed: the base of its relative links)\n"
     "  --publisher P   the publisher, whatever the document says\n"
     "  --published D   the date, whatever the document says\n"
     "  --slug SLUG     the slug of the one source this stores\n"
     "  --update        replace a source whose URL or text is already there\n"
     "  --batch N       documents per transaction (default 500)\n"
     "  -v, --verbose   one line per document\n"
     "  --format json   the summary as JSON\n"
     "Exit status 1 when any file was refused (the others are stored).",
     "kb ingest ~/Downloads/meta-cloud.html --publisher MarketWatch\n"
     "kb ingest feeds/ notes/\n"
     "curl -s https://example.com/feed.xml | kb ingest --url https://example.com/feed.xml -"},
    {"extract", cmd_extract, KB_DB_NONE, "show what kb would store of an HTML page",
     "kb extract [--format text|json] [--url URL] FILE",
     "kb extract page.html\n"
     "kb extract --format json page.html | jq .text"},
    {"search", cmd_search, KB_DB_READ, "find entities, claims, debates and sources",
     "kb search [options] QUERY...\n"
     "\n"
     "  QUERY           words (all must match), \"a phrase\", a OR b, -word (excluded),\n"
     "                  prefix* (any word that begins so)\n"
     "  --kind K        entity, company, model, asset, claim, debate or source (repeatable)\n"
     "  --entity SLUG   claims about it, sources that mention it, debates about it\n"
     "  --topic T, --stance S, --publisher P\n"
     "  --since DATE, --until DATE   (2024, 2024-07 or 2024-07-23; inclusive)\n"
     "  -n, --limit N (default 20), --offset N, --sort rank|date\n"
     "  --raw           the query is FTS5 syntax, passed through\n"
     "  --format text|json|csv|md",
     "kb search meta cloud\n"
     "kb search --kind claim --stance bearish \"capex\"\n"
     "kb search --entity openai --since 2025 analy*"},
    {"show", cmd_show, KB_DB_READ, "show one entity, claim, debate or source, whole",
     "kb show [--kind entity|claim|debate|source] [--format text|json] SLUG",
     "kb show meta\n"
     "kb show meta-cloud-expansion-or-retreat\n"
     "kb show --format json mw-meta-cloud-pivot"},
    {"reindex", cmd_reindex, KB_DB_WRITE, "rebuild and optimize the search indexes and mentions",
     "kb reindex",
     "kb reindex\n"
     "kb reindex && kb check"},
    {"brief", cmd_brief, KB_DB_READ, "write a Markdown or HTML brief, every claim cited",
     "kb brief [options] SLUG | --topic TOPIC | --compare A B...\n"
     "\n"
     "  SLUG              a company, a model, an asset…: its facts, models, infrastructure,\n"
     "                    claims by topic, debates, timeline and latest sources\n"
     "  --topic TOPIC     the claims on a topic across companies\n"
     "  --compare A B...  companies side by side\n"
     "  --format md|html  Markdown (default) or a standalone HTML page\n"
     "  -o, --output FILE write there instead of standard output\n"
     "  --as-of DAY       written as of that day: later things are left out, and the\n"
     "                    output is the same from run to run\n"
     "  --since DATE      only claims, sources and events since then",
     "kb brief meta > meta.md\n"
     "kb brief --format html -o meta.html meta\n"
     "kb brief --compare meta amazon microsoft\n"
     "kb brief --topic cloud --since 2026"},
    {"sql", cmd_sql, KB_DB_READ_UNLESS_WRITE, "run SQL on the base (read-only unless --write)",
     "kb sql [options] QUERY | -f FILE | -\n"
     "\n"
     "  --format text|csv|tsv|json|md   (text: an aligned table)\n"
     "  --header, --no-header           column names (default: shown)\n"
     "  --null TEXT                     how NULL prints (default: empty)\n"
     "  --param NAME=VALUE              binds :NAME (numbers bind as numbers)\n"
     "  --timeout SECONDS               interrupt a statement after this long\n"
     "                                  (default 5 read-only, none with --write)\n"
     "  --write                         allow statements that change the base\n"
     "Read-only, statements that write, ATTACH, PRAGMAs that write and\n"
     "load_extension are refused (exit 2). The views are listed by kb schema.",
     "kb sql \"SELECT developer, model FROM model_landscape WHERE openness = 'open-weights'\"\n"
     "kb sql --format csv --param s=meta \"SELECT * FROM claim_overview WHERE subject = :s\"\n"
     "kb sql --write \"UPDATE claims SET status = 'confirmed' WHERE slug = 'meta-cloud-venture-report'\""},
    {"rm", cmd_rm, KB_DB_WRITE, "remove an entity, source, claim or debate",
     "kb rm [--cascade] [--kind entity|source|claim|debate] SLUG...\n"
     "\n"
     "  --cascade   also remove what refers to it (claims about it, their arguments, ...)\n"
     "  --kind      which kind of thing SLUG names, when several share it",
     "kb rm meta-cloud-venture-report\n"
     "kb rm --cascade llama-2\n"
     "kb rm --kind source mw-meta-cloud-pivot"},
    {"export", cmd_export, KB_DB_READ, "write the whole base as data files",
     "kb export -o DIR\n"
     "\n"
     "  -o, --output DIR   the directory to write (created if missing)",
     "kb export -o /tmp/kb-export\n"
     "kb export -o backup/ && kb --db fresh.db init && kb --db fresh.db load backup/"},
    {"check", cmd_check, KB_DB_WRITE, "verify the base: references, citations, indexes",
     "kb check [--format text|json] [--quiet]\n"
     "\n"
     "  --quiet     print errors only, not warnings\n"
     "Exit status 1 when there is any error (warnings alone exit 0).",
     "kb check\n"
     "kb check --format json | jq '.errors'"},
    {"stats", cmd_stats, KB_DB_READ, "count what the base holds",
     "kb stats [--format text|json]",
     "kb stats\n"
     "kb stats --format json"},
    {"schema", cmd_schema, KB_DB_NONE, "explain the tables, views and columns",
     "kb schema [--format text|json] | --sql | --rng\n"
     "\n"
     "  (no option)  every table and view with its columns, each explained\n"
     "  --sql        the SQL migrations themselves\n"
     "  --rng        the RELAX NG grammar of the data files",
     "kb schema\n"
     "kb schema --sql | less\n"
     "kb schema --rng > kb.rng"},
    {"help", cmd_help, KB_DB_NONE, "show help for kb or one command",
     "kb help [COMMAND] | --man\n"
     "\n"
     "  --man   the manual page, kb(1), as roff (kb help --man | man -l -)",
     "kb help\n"
     "kb help load"},
    {NULL, NULL, 0, NULL, NULL, NULL},
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
    fputs("\n"
          "The base is ./kb.db unless --db PATH or $KB_DB says otherwise.\n"
          "Run 'kb help COMMAND' or 'kb COMMAND --help' for a command's options.\n",
          out);
}

void cli_print_help(const kb_command *cmd, FILE *out)
{
    fprintf(out, "kb %s: %s\n\nusage: %s\n\nExamples:\n", cmd->name, cmd->summary, cmd->usage);
    const char *p = cmd->examples;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "  %.*s\n", (int)n, p);
        p += n + (nl != NULL);
    }
}

int cmd_help(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    if (argc == 2 && strcmp(argv[1], "--man") == 0) {
        kb_buf out = KB_BUF_INIT;
        kb_error err;
        const kb_embedded_file *md = kb_embedded("kb.1.md");
        kb_code rc = kb_render_man(md ? (const char *)md->data : "", "KB", 1, KB_DATE,
                                   "kb " KB_VERSION, &out, &err);
        if (rc == KB_OK)
            fputs(out.data, stdout);
        kb_buf_free(&out);
        return cli_exit(rc);
    }
    if (argc < 2) {
        print_overview(stdout);
        return 0;
    }
    const kb_command *c = cli_command(argv[1]);
    if (!c) {
        cli_error("no such command '%s'; run 'kb help' for the list", argv[1]);
        return 2;
    }
    cli_print_help(c, stdout);
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

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc)
            cli.db_path = argv[++i];
        else if (strncmp(a, "--db=", 5) == 0)
            cli.db_path = a + 5;
        else if (strcmp(a, "--color") == 0 && i + 1 < argc)
            color = argv[++i];
        else if (strncmp(a, "--color=", 8) == 0)
            color = a + 8;
        else if (strcmp(a, "--version") == 0) {
            printf("kb %s (SQLite %s, libxml2 %s)\n", KB_VERSION, sqlite3_libversion(),
                   xmlParserVersion);
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_overview(stdout);
            return 0;
        } else {
            cli_error("unknown option '%s'", a);
            fputs("Run 'kb help' for the usage.\n", stderr);
            return 2;
        }
    }
    if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
        cli_error("--color takes auto, always or never, not '%s'", color);
        return 2;
    }
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
    if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
        cli_error("--color takes auto, always or never, not '%s'", color);
        return 2;
    }
    for (int j = i + 1; j < argc; j++) {
        if (strcmp(argv[j], "--") == 0)
            break;
        if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) {
            cli_print_help(cmd, stdout);
            return 0;
        }
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
        if (cmd->need == KB_DB_READ_UNLESS_WRITE) {
            mode = KB_OPEN_READ;
            for (int j = i + 1; j < argc && strcmp(argv[j], "--") != 0; j++)
                if (strcmp(argv[j], "--write") == 0)
                    mode = KB_OPEN_WRITE;
        }
        kb_code rc = kb_db_open(cli.db_path, mode, &cli.db, &err);
        if (rc) {
            cli_error("%s", err.message);
            xmlCleanupParser();
            return cli_exit(rc);
        }
    }
    /* the commands' getopt stays quiet: cli_usage_error says what was meant */
    opterr = 0;
    cli_set_args(argc - i, argv + i);
    status = cmd->run(argc - i, argv + i, &cli);
    kb_db_close(cli.db);
    xmlCleanupParser();
    return status;
}
