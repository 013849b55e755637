/* kb stats: counts, for people or as one JSON object. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/json.h"
#include "kb/stats.h"

static long long field(const kb_stats *s, unsigned i)
{
    return *(const long long *)((const char *)s + kb_stats_fields[i].offset);
}

const cli_option cmd_stats_options[] = {
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_stats(int argc, char **argv, kb_cli *cli)
{
    int format = FMT_TEXT, c;
    while ((c = cli_getopt(argc, argv, cmd_stats_options)) != -1) {
        if (c != 'f')
            return cli_usage_error("stats");
        if ((format = cli_format(optarg, "stats")) < 0)
            return 2;
    }
    if (optind < argc) {
        cli_error("stats takes no arguments");
        return cli_usage_error("stats");
    }
    kb_stats s;
    kb_error err;
    if (kb_stats_get(cli->db, &s, &err)) {
        cli_error("%s", err.message);
        return cli_exit(err.code);
    }
    if (format == FMT_JSON) {
        kb_buf b = KB_BUF_INIT;
        kb_json w;
        kb_json_init(&w, &b, 0);
        kb_json_begin_object(&w);
        for (unsigned i = 0; i < kb_stats_nfields; i++)
            kb_json_key_int(&w, kb_stats_fields[i].name, field(&s, i));
        kb_json_end_object(&w);
        cli_print_json(&b);
        return 0;
    }
    printf("%s (schema version %d)\n", cli->db_path, kb_db_user_version(cli->db));
    for (unsigned i = 0; i < kb_stats_nfields; i++)
        printf("  %-22s %8lld\n", kb_stats_fields[i].label, field(&s, i));
    return 0;
}
