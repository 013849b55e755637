/* kb init: create the base, or bring an older one up to date. */
#include <stdio.h>

#include "cli.h"

int cmd_init(int argc, char **argv, kb_cli *cli)
{
    (void)argv;
    if (argc > 1) {
        cli_error("init takes no arguments");
        return cli_usage_error("init");
    }
    /* The dispatcher has opened (and so created and migrated) the base. */
    fprintf(stderr, "kb: %s is ready (schema version %d)\n", cli->db_path,
            kb_db_user_version(cli->db));
    return 0;
}
