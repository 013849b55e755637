/* kb reindex: rebuild the search indexes and the mentions. */
#include <stdio.h>

#include "cli.h"
#include "kb/reindex.h"

int cmd_reindex(int argc, char **argv, kb_cli *cli)
{
    (void)argv;
    if (argc > 1) {
        cli_error("reindex takes no arguments");
        return cli_usage_error("reindex");
    }
    long long n = 0;
    kb_error err;
    kb_code rc = kb_reindex(cli->db, &n, &err);
    if (rc) {
        cli_error("%s", err.message);
        return cli_exit(rc);
    }
    printf("rebuilt and optimized %d indexes; relinked the mentions of %lld sources\n", 4, n);
    return 0;
}
