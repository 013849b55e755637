/* kb load: data files into the base, in one transaction. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/json.h"
#include "kb/load.h"

static const char *plural(int t)
{
    static const char *const names[KB_THING_COUNT] = {"entities", "sources", "relations",
                                                      "claims", "debates", "synonyms"};
    return names[t];
}

static void print_text(const kb_load_report *r, int replace)
{
    size_t tot[4] = {0};
    for (int t = 0; t < KB_THING_COUNT; t++) {
        const kb_load_counts *c = &r->counts[t];
        tot[0] += c->added;
        tot[1] += c->updated;
        tot[2] += c->unchanged;
        tot[3] += c->removed;
    }
    for (size_t i = 0; i < r->nremoved; i++)
        printf("removed %s\n", r->removed[i]);
    printf("loaded %zu file%s: %zu added, %zu updated, %zu unchanged", r->files,
           r->files == 1 ? "" : "s", tot[0], tot[1], tot[2]);
    if (replace)
        printf(", %zu removed", tot[3]);
    printf("\n");
    printf("  %-10s %7s %7s %9s%s\n", "", "added", "updated", "unchanged", replace ? " removed" : "");
    for (int t = 0; t < KB_THING_COUNT; t++) {
        const kb_load_counts *c = &r->counts[t];
        if (!c->added && !c->updated && !c->unchanged && !c->removed)
            continue;
        printf("  %-10s %7zu %7zu %9zu", plural(t), c->added, c->updated, c->unchanged);
        if (replace)
            printf(" %7zu", c->removed);
        printf("\n");
    }
}

static void print_json(const kb_load_report *r, const kb_diags *d)
{
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 0);
    kb_json_begin_object(&w);
    kb_json_key_int(&w, "files", (long long)r->files);
    kb_json_key(&w, "ok");
    kb_json_bool(&w, d->errors == 0);
    for (int t = 0; t < KB_THING_COUNT; t++) {
        const kb_load_counts *c = &r->counts[t];
        kb_json_key(&w, plural(t));
        kb_json_begin_object(&w);
        kb_json_key_int(&w, "added", (long long)c->added);
        kb_json_key_int(&w, "updated", (long long)c->updated);
        kb_json_key_int(&w, "unchanged", (long long)c->unchanged);
        kb_json_key_int(&w, "removed", (long long)c->removed);
        kb_json_end_object(&w);
    }
    kb_json_key(&w, "removed");
    kb_json_begin_array(&w);
    for (size_t i = 0; i < r->nremoved; i++)
        kb_json_str(&w, r->removed[i]);
    kb_json_end_array(&w);
    kb_json_key(&w, "errors");
    kb_json_begin_array(&w);
    for (size_t i = 0; i < d->len; i++) {
        const kb_diag *g = &d->items[i];
        kb_json_begin_object(&w);
        kb_json_key_str(&w, "file", g->file);
        kb_json_key_int(&w, "line", g->line);
        kb_json_key_str(&w, "message", g->message);
        kb_json_end_object(&w);
    }
    kb_json_end_array(&w);
    kb_json_end_object(&w);
    cli_print_json(&b);
}

const cli_option cmd_load_options[] = {
    {'r', "replace", 0, NULL, NULL,
     "make the curated part of the base exactly what the files say:\n"
     "remove curated things no file defines (ingested sources stay)", 0},
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json for the summary", 0},
    {'F', "follow", 0, NULL, NULL,
     "follow symlinks that lead out of the directories given\n"
     "(by default they are skipped with a warning)", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_load(int argc, char **argv, kb_cli *cli)
{
    kb_load_options lo = {0};
    int format = FMT_TEXT, c;
    while ((c = cli_getopt(argc, argv, cmd_load_options)) != -1) {
        switch (c) {
        case 'r': lo.replace = 1; break;
        case 'F': lo.follow = 1; break;
        case 'f':
            if ((format = cli_format(optarg, "load")) < 0)
                return 2;
            break;
        default: return cli_usage_error("load");
        }
    }
    if (optind >= argc) {
        cli_error("load: name the data files or directories to load (e.g. kb load data/)");
        return cli_usage_error("load");
    }
    kb_diags *diags = kb_diags_new();
    kb_load_report report;
    kb_error err;
    kb_code rc = kb_load(cli->db, (const char *const *)argv + optind, (size_t)(argc - optind),
                         &lo, &report, diags, &err);
    cli_print_diags(diags, stderr, cli->color_err);
    if (format == FMT_JSON && (rc == KB_OK || rc == KB_ERR_INPUT))
        print_json(&report, diags);
    else if (rc == KB_OK)
        print_text(&report, lo.replace);
    if (rc)
        cli_error("%s", err.message);
    kb_load_report_clear(&report);
    kb_diags_free(diags);
    return cli_exit(rc);
}
