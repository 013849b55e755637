/* kb schema: the tables, views and columns explained; or the SQL itself, or
 * the data-file grammar, as compiled into kb. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/schema.h"

int cmd_schema(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    static const struct option opts[] = {
        {"sql", no_argument, NULL, 's'},
        {"rng", no_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'},
        {"check", no_argument, NULL, 'c'},
        {NULL, 0, NULL, 0},
    };
    int what = 0, format = FMT_TEXT, check = 0, c;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        switch (c) {
        case 's': what = 's'; break;
        case 'r': what = 'r'; break;
        case 'c': check = 1; break;
        case 'f':
            if ((format = cli_format(optarg, FMT_TEXT | FMT_JSON, "schema")) < 0)
                return 2;
            break;
        default: return cli_usage_error("schema");
        }
    }
    if (what == 'r') {
        fputs((const char *)kb_embedded("kb.rng")->data, stdout);
        return 0;
    }
    if (what == 's') {
        for (int v = 1; v <= kb_db_schema_version(); v++) {
            const kb_embedded_file *f = kb_db_migration(v);
            if (f)
                fputs((const char *)f->data, stdout);
        }
        return 0;
    }
    kb_buf out = KB_BUF_INIT;
    kb_strlist missing = {0};
    kb_error err;
    kb_code rc = kb_schema_describe(&out, format == FMT_JSON, &missing, &err);
    if (rc) {
        cli_error("%s", err.message);
        kb_buf_free(&out);
        return cli_exit(rc);
    }
    if (!check)
        fputs(out.data ? out.data : "", stdout);
    for (size_t i = 0; check && i < missing.len; i++)
        fprintf(stderr, "kb: schema: no description for %s\n", missing.items[i]);
    int status = check && missing.len ? 1 : 0;
    kb_buf_free(&out);
    kb_strlist_free(&missing);
    return status;
}
