/* kb export: the whole base as data files. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/export.h"

const cli_option cmd_export_options[] = {
    {'o', "output", 'o', "DIR", NULL, "the directory to write: a new or empty one, or an earlier export, which it replaces whole", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_export(int argc, char **argv, kb_cli *cli)
{
    const char *dir = NULL;
    int c;
    while ((c = cli_getopt(argc, argv, cmd_export_options)) != -1) {
        if (c != 'o')
            return cli_usage_error("export");
        dir = optarg;
    }
    if (!dir || optind < argc) {
        cli_error("export: give the directory to write with -o DIR");
        return cli_usage_error("export");
    }
    size_t n = 0;
    kb_error err;
    kb_diags *diags = kb_diags_new();
    if (!diags) {
        cli_error("export: out of memory");
        return 1;
    }
    kb_code rc = kb_export(cli->db, dir, &n, diags, &err);
    cli_print_diags(diags, stderr, cli->color_err);
    kb_diags_free(diags);
    if (rc) {
        cli_error("%s", err.message);
        return cli_exit(rc);
    }
    fprintf(stderr, "kb: wrote %zu file%s to %s\n", n, n == 1 ? "" : "s", dir);
    return 0;
}
