/* kb show: one thing, whole. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/show.h"

int cmd_show(int argc, char **argv, kb_cli *cli)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"kind", required_argument, NULL, 'k'},
        {NULL, 0, NULL, 0},
    };
    int format = FMT_TEXT, c;
    const char *kind = NULL;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_format(optarg, FMT_TEXT | FMT_JSON, "show")) < 0)
                return 2;
            break;
        case 'k':
            if (strcmp(optarg, "entity") && strcmp(optarg, "claim") && strcmp(optarg, "debate") &&
                strcmp(optarg, "source")) {
                cli_error("show: --kind takes entity, claim, debate or source, not '%s'", optarg);
                return 2;
            }
            kind = optarg;
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
    return rc == KB_ERR_NOTFOUND ? 2 : cli_exit(rc);
}
