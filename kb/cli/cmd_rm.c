/* kb rm: remove things by slug. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/remove.h"

const cli_option cmd_rm_options[] = {
    {'c', "cascade", 0, NULL, NULL,
     "also remove what refers to it (claims about it, their arguments, ...)", 0},
    {'k', "kind", 0, "K", "entity|claim|debate|source",
     "which kind of thing SLUG names, when several share it", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_rm(int argc, char **argv, kb_cli *cli)
{
    int cascade = 0, c;
    kb_kind kind = KB_KIND_NONE;
    while ((c = cli_getopt(argc, argv, cmd_rm_options)) != -1) {
        switch (c) {
        case 'c': cascade = 1; break;
        case 'k':
            if ((kind = cli_kind(optarg, "rm")) == KB_KIND_NONE)
                return 2;
            break;
        default: return cli_usage_error("rm");
        }
    }
    if (optind >= argc) {
        cli_error("rm: name what to remove by its slug");
        return cli_usage_error("rm");
    }
    kb_strlist removed = {0}, refs = {0};
    kb_error err;
    kb_code rc = kb_remove(cli->db, (const char *const *)argv + optind, (size_t)(argc - optind),
                           kind, cascade, &removed, &refs, &err);
    if (rc) {
        cli_error("%s", err.message);
        for (size_t i = 0; i < refs.len; i++)
            fprintf(stderr, "  %s\n", refs.items[i]);
    } else {
        for (size_t i = 0; i < removed.len; i++)
            printf("removed %s\n", removed.items[i]);
    }
    kb_strlist_free(&removed);
    kb_strlist_free(&refs);
    return cli_exit(rc);
}
