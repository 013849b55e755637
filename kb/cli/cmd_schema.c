/* kb schema: the SQL schema or the data-file grammar, as compiled into kb. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cmd_schema(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    static const struct option opts[] = {
        {"sql", no_argument, NULL, 's'},
        {"rng", no_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int rng = 0, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': rng = 0; break;
        case 'r': rng = 1; break;
        default: return cli_usage_error("schema");
        }
    }
    if (rng) {
        fputs((const char *)kb_embedded("kb.rng")->data, stdout);
        return 0;
    }
    for (int v = 1; v <= kb_db_schema_version(); v++) {
        const kb_embedded_file *f = kb_db_migration(v);
        if (f)
            fputs((const char *)f->data, stdout);
    }
    return 0;
}
