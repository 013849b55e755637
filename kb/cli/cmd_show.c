/* kb show: one thing, whole. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/show.h"

const cli_option cmd_show_options[] = {
    {'k', "kind", 0, "K", "entity|claim|debate|source",
     "which kind of thing SLUG names, when several share it", 0},
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_show(int argc, char **argv, kb_cli *cli)
{
    int format = FMT_TEXT, c;
    kb_kind kind = KB_KIND_NONE;
    while ((c = cli_getopt(argc, argv, cmd_show_options)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_format(optarg, "show")) < 0)
                return 2;
            break;
        case 'k':
            if ((kind = cli_kind(optarg, "show")) == KB_KIND_NONE)
                return 2;
            break;
        default: return cli_usage_error("show");
        }
    }
    if (optind != argc - 1) {
        cli_error("show: name one thing by its slug (kb show meta)");
        return cli_usage_error("show");
    }
    kb_buf out = KB_BUF_INIT;
    kb_error err;
    kb_code rc = kb_show(cli->db, argv[optind], kind,
                         format == FMT_JSON ? KB_SHOW_JSON : KB_SHOW_TEXT, &out, &err);
    if (rc == KB_OK)
        fputs(out.data ? out.data : "", stdout);
    else
        cli_error("%s", err.message);
    kb_buf_free(&out);
    return cli_exit(rc);
}
