/* kb rm: remove things by slug. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/remove.h"

int cmd_rm(int argc, char **argv, kb_cli *cli)
{
    static const struct option opts[] = {
        {"cascade", no_argument, NULL, 'c'},
        {"kind", required_argument, NULL, 'k'},
        {NULL, 0, NULL, 0},
    };
    static const char *const kinds[] = {"any", "entity", "source", "claim", "debate"};
    int cascade = 0, c;
    kb_rm_kind kind = KB_RM_ANY;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cascade = 1; break;
        case 'k': {
            int k = 1;
            while (k < 5 && strcmp(optarg, kinds[k]) != 0)
                k++;
            if (k == 5) {
                cli_error("rm: --kind takes entity, source, claim or debate, not '%s'", optarg);
                return 2;
            }
            kind = (kb_rm_kind)k;
            break;
        }
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
