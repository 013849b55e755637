/* kb ingest: documents, feeds and notes become sources. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/ingest.h"
#include "kb/json.h"

typedef struct {
    kb_cli *cli;
    int verbose, json;
    size_t seen;
    struct timespec last;
    kb_buf refused; /* a JSON array of the refusals */
    kb_json refusals;
    int progress_shown;
} run;

static const char *outcome_name(kb_ingest_outcome o)
{
    static const char *const names[] = {"stored", "updated", "already", "refused"};
    return names[o];
}

static void clear_progress(run *r)
{
    if (r->progress_shown) {
        fputs("\r\033[K", stderr);
        r->progress_shown = 0;
    }
}

static void on_event(const kb_ingest_event *ev, void *ctx)
{
    run *r = ctx;
    r->seen++;
    char where[64] = "";
    if (ev->item)
        snprintf(where, sizeof where, "#%ld", ev->item);
    if (ev->outcome == KB_INGEST_REFUSED) {
        clear_progress(r);
        fprintf(stderr, "%s%s: %srefused%s: %s\n", ev->path, where,
                cli_sgr(r->cli->color_err, "\033[1;31m"), cli_sgr(r->cli->color_err, "\033[0m"),
                ev->message);
        if (r->json) {
            kb_json_begin_object(&r->refusals);
            kb_json_key_str(&r->refusals, "path", ev->path);
            kb_json_key_int(&r->refusals, "item", ev->item);
            kb_json_key_str(&r->refusals, "reason", ev->message);
            kb_json_end_object(&r->refusals);
        }
    } else if (r->verbose && !r->json) {
        clear_progress(r);
        printf("%-8s %-40s %s%s\n", outcome_name(ev->outcome), ev->slug ? ev->slug : "",
               ev->path, where);
    }
    if (r->cli->progress && !r->verbose) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double dt = (double)(now.tv_sec - r->last.tv_sec) + (now.tv_nsec - r->last.tv_nsec) / 1e9;
        if (dt > 0.2) {
            fprintf(stderr, "\r\033[K  %zu documents…", r->seen);
            r->progress_shown = 1;
            r->last = now;
        }
    }
}

const cli_option cmd_ingest_options[] = {
    {'u', "url", 0, "URL", NULL,
     "the document's URL (for a feed: the base of its relative links)", 0},
    {'p', "publisher", 0, "P", NULL, "the publisher, whatever the document says", 0},
    {'d', "published", 0, "D", NULL, "the date, whatever the document says", 0},
    {'s', "slug", 0, "SLUG", NULL, "the slug of the one source this stores", 0},
    {'U', "update", 0, NULL, NULL, "replace a source whose URL or text is already there", 0},
    {'b', "batch", 0, "N", NULL, "documents per transaction (default 500)", 0},
    {'v', "verbose", 'v', NULL, NULL, "one line per document", 0},
    {'F', "follow", 0, NULL, NULL,
     "follow symlinks that lead out of the directories given\n"
     "(by default they are skipped with a reason)", 0},
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json for the summary", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_ingest(int argc, char **argv, kb_cli *cli)
{
    kb_ingest_options o = {0};
    run r = {.cli = cli};
    int format = FMT_TEXT, c;
    while ((c = cli_getopt(argc, argv, cmd_ingest_options)) != -1) {
        switch (c) {
        case 'u': o.url = optarg; break;
        case 'p': o.publisher = optarg; break;
        case 'd': o.published = optarg; break;
        case 's': o.slug = optarg; break;
        case 'U': o.update = 1; break;
        case 'F': o.follow = 1; break;
        case 'v': r.verbose = 1; break;
        case 'b': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 100000) {
                cli_error("ingest: --batch takes a number of documents from 1 to 100000");
                return 2;
            }
            o.batch = (size_t)n;
            break;
        }
        case 'f':
            if ((format = cli_format(optarg, "ingest")) < 0)
                return 2;
            break;
        default: return cli_usage_error("ingest");
        }
    }
    if (optind >= argc) {
        cli_error("ingest: name the files or directories to ingest, or - for standard input");
        return cli_usage_error("ingest");
    }
    r.json = format == FMT_JSON;
    kb_json_init(&r.refusals, &r.refused, 0);
    kb_json_begin_array(&r.refusals);
    if (r.verbose) /* each line as soon as its document is committed */
        setvbuf(stdout, NULL, _IOLBF, 0);
    o.on_event = on_event;
    o.ctx = &r;
    kb_ingest_report rep;
    kb_error err;
    kb_code rc = kb_ingest(cli->db, (const char *const *)argv + optind, (size_t)(argc - optind),
                           &o, &rep, &err);
    clear_progress(&r);
    if (rc) {
        cli_error("ingest: %s", err.message);
        if (rc != KB_ERR_USAGE)
            fprintf(stderr, "kb: what was reported stored is stored; run the same command "
                            "again to store the rest\n");
        kb_buf_free(&r.refused);
        return cli_exit(rc);
    }
    if (r.json) {
        kb_json_end_array(&r.refusals);
        kb_buf b = KB_BUF_INIT;
        kb_json w;
        kb_json_init(&w, &b, 0);
        kb_json_begin_object(&w);
        kb_json_key_int(&w, "files", (long long)rep.files);
        kb_json_key_int(&w, "documents", (long long)rep.documents);
        kb_json_key_int(&w, "stored", (long long)rep.stored);
        kb_json_key_int(&w, "updated", (long long)rep.updated);
        kb_json_key_int(&w, "already", (long long)rep.already);
        kb_json_key_int(&w, "refused", (long long)rep.refused);
        kb_json_key(&w, "refusals");
        kb_json_raw(&w, r.refused.data);
        kb_json_end_object(&w);
        cli_print_json(&b);
    } else {
        printf("ingested %zu file%s, %zu document%s: %zu stored, %zu updated, %zu already there, "
               "%zu refused\n",
               rep.files, rep.files == 1 ? "" : "s", rep.documents,
               rep.documents == 1 ? "" : "s", rep.stored, rep.updated, rep.already, rep.refused);
    }
    kb_buf_free(&r.refused);
    return rep.refused ? 1 : 0;
}
